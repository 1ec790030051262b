"""``python -m benchmarks [--quick]``: the speed suite of :mod:`benchmarks.suite`."""

import sys

from benchmarks.suite import main

sys.exit(main())
