"""Numba settings in one place (the stumpy pattern).

Every kernel in :mod:`regimesim.rules` is decorated with :data:`kernel`. ``cache=True`` keeps
compiled code on disk (set ``NUMBA_CACHE_DIR`` to choose where); kernels take plain arrays and
NamedTuples of arrays so that the cache hits (jitclass arguments defeat numba's cache). Set
``NUMBA_DISABLE_JIT=1`` to run every kernel as plain Python, for debugging and for line coverage.

Caveat for developers: numba's cache checks only the source file of the function it compiled, not
the files of the kernels it calls. After editing a rule module, clear the cache (delete the
``*.nbi``/``*.nbc`` files under ``src/regimesim`` or your ``NUMBA_CACHE_DIR``) or the old rule
may keep running inside :func:`regimesim.step.run`.
"""

from __future__ import annotations

from numba import njit

#: Decorator for every model kernel: nopython, cached, no fastmath (bit-reproducible floats).
kernel = njit(cache=True, nogil=True)
