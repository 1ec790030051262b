"""Speed of the compiled driver and of the Mesa driver, side by side.

    .venv/bin/python benchmarks/bench_simulate.py [--scale 1.0] [--repeat 3]

Reports: the compile (or cache-load) time of the first call in a fresh process, the time of a
full run 2010-2045 after compilation (best of ``--repeat``), and, as a baseline for the ratio,
the Mesa driver stepping the same run month by month (at a smaller scale unless ``--mesa-scale``).
Numbers go to stdout as a small table; copy them into benchmarks/README.md with the machine.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time

FIRST_CALL = """
import time
t = time.perf_counter()
from regimesim import simulate
simulate({"scale": 0.01, "start_year": 2010, "end_year": 2011}, seed=0)
print(time.perf_counter() - t)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--mesa-scale", type=float, default=0.1)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    first = float(
        subprocess.run([sys.executable, "-c", FIRST_CALL], capture_output=True, text=True, check=True).stdout
    )
    from regimesim import RegimeModel, simulate

    simulate({"scale": 0.01, "end_year": 2011}, seed=0)  # compiled or loaded from cache
    best = float("inf")
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MB on Linux
    for seed in range(args.repeat):
        t = time.perf_counter()
        result = simulate({"scale": args.scale}, seed=seed)
        best = min(best, time.perf_counter() - t)
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    state_mb = (
        sum(a.nbytes for table in result.state for a in (table if isinstance(table, tuple) else (table,)))
        / 2**20
    )

    t = time.perf_counter()
    simulate({"scale": args.mesa_scale}, seed=0)
    compiled_small = time.perf_counter() - t
    t = time.perf_counter()
    model = RegimeModel({"scale": args.mesa_scale}, seed=0)
    while model.running:
        model.step()
    mesa_small = time.perf_counter() - t

    print(f"first call in a fresh process (compile or cache load): {first:.2f} s")
    print(f"simulate, scale {args.scale:g}, 2010-2045 (best of {args.repeat}): {best:.2f} s")
    print(
        f"memory: state arrays {state_mb:.1f} MB; peak RSS grew {rss1 - rss0:.0f} MB "
        f"to {rss1:.0f} MB (Python, numba, libraries included)"
    )
    print(
        f"scale {args.mesa_scale:g}: simulate {compiled_small:.2f} s, RegimeModel.step loop "
        f"{mesa_small:.2f} s, ratio {mesa_small / compiled_small:.1f}x"
    )


if __name__ == "__main__":
    main()
