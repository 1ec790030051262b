"""Throughput of ``compare``: runs a second with 1 worker vs N workers, side by side.

    .venv/bin/python benchmarks/bench_compare.py [--scale 0.1] [--seeds 8] [--workers 2]

Runs ``build_up_only`` and ``full_mix`` from the library over ``--seeds`` seeds with one worker
(the baseline) and with ``--workers`` threads, after a warm-up that compiles or loads the kernels,
and checks that both give identical outcomes. Reports wall time, runs a second and the speed-up
ratio; copy the table into benchmarks/README.md with the machine.
"""

from __future__ import annotations

import argparse
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--seeds", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    from regimesim.compare import compare
    from regimesim.scenario import Scenario, find_scenario

    scenarios = [
        Scenario.load(find_scenario(n)).with_parameters(scale=args.scale)
        for n in ("build_up_only", "full_mix")
    ]
    compare([scenarios[0].replace(end=2011, levers={})], seeds=1)  # compile or load the kernels
    times, results = {}, {}
    for workers in (1, args.workers):
        t = time.perf_counter()
        results[workers] = compare(scenarios, seeds=args.seeds, workers=workers)
        times[workers] = time.perf_counter() - t
    same = results[1].outcomes.equals(results[args.workers].outcomes)
    n = len(scenarios) * args.seeds
    print(f"compare: 2 scenarios x {args.seeds} seeds, scale {args.scale:g}, 2010-2060 ({n} runs)")
    for workers, t in times.items():
        print(f"  workers={workers}: {t:6.1f} s  {n / t:5.2f} runs/s")
    print(
        f"  speed-up {times[1] / times[args.workers]:.2f}x with {args.workers} workers; "
        f"identical outcomes: {same}"
    )


if __name__ == "__main__":
    main()
