"""``python -m regimesim.cli``: the command line."""

import sys

from regimesim.cli import main

if __name__ == "__main__":
    sys.exit(main())
