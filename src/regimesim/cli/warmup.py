"""``regimesim warmup``: compile the model into numba's cache once."""

from __future__ import annotations

import argparse
import os

from regimesim.cli.invocation import Invocation


def cmd_warmup(args: argparse.Namespace, inv: Invocation) -> int:
    """Compile the model into numba's cache (or check that it is there)."""
    import time

    from regimesim import _numba
    from regimesim.ensemble import warm_up
    from regimesim.scenario import Scenario, find_scenario
    from regimesim.step import run

    cold = _numba.needs_compiling(run)
    if cold and not args.quiet:
        print(
            f"regimesim warmup: compiling the model into numba's cache (about {_numba.COMPILE_SECONDS} s)..."
        )
    _numba.ANNOUNCE = False  # said above
    t = time.perf_counter()
    warm_up(Scenario.load(find_scenario("history")))
    secs = time.perf_counter() - t
    if not args.quiet:
        where = os.environ.get("NUMBA_CACHE_DIR") or "numba's default place (__pycache__ beside the sources)"
        what = f"compiled in {secs:.0f} s" if cold else f"already compiled: loaded in {secs:.1f} s"
        print(f"regimesim warmup: {what}; cache: {where}")
    return 0
