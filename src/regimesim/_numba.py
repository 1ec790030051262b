"""Numba settings in one place (the stumpy pattern).

Every kernel in :mod:`regimesim.rules` is decorated with :data:`kernel`. ``cache=True`` keeps
compiled code on disk (set ``NUMBA_CACHE_DIR`` to choose where); kernels take plain arrays and
NamedTuples of arrays so that the cache hits (see ``shared/environment.md``: jitclass arguments
defeat it). Set ``NUMBA_DISABLE_JIT=1`` to run every kernel as plain Python, for debugging and
for line coverage.
"""

from __future__ import annotations

from numba import njit

#: Decorator for every model kernel: nopython, cached, no fastmath (bit-reproducible floats).
kernel = njit(cache=True, nogil=True)
