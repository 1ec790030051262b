"""Throughput of the ensemble engine: runs a second per backend and worker count, and its overhead
against calling ``simulate`` in a loop, side by side in one process.

    .venv/bin/python benchmarks/bench_ensemble.py [--scale 0.1] [--runs 16] [--until 2040]
                                                  [--backends threads,processes,dask] [--repeat 1]

A design of ``--runs`` replicates of ``full_mix`` (to ``--until``) is run by
:func:`regimesim.ensemble.run_ensemble` with 1 and 2 workers on each backend, after a warm-up
that compiles or loads the kernels; the baseline is the same runs made one after the other with
:func:`regimesim.scenario.run` (what a user would write). Reports wall time, runs a second, the
speed-up from 1 to 2 workers, the engine's overhead at 1 worker against the baseline, and
whether every backend wrote identical tables. With ``--repeat N`` the baseline and every
configuration are measured N times, interleaved (so that a slow spell of the machine hits all
of them), and the fastest of each is reported. Also reports the memory of one worker
interpreter with the kernels loaded (what :data:`regimesim.ensemble.WORKER_BYTES` budgets).
Copy the table into benchmarks/README.md with the machine.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--runs", type=int, default=16)
    ap.add_argument("--until", type=int, default=2040)
    ap.add_argument("--backends", default="threads,processes,dask")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()

    import pandas as pd

    from regimesim.ensemble import design_from, read_table, run_ensemble
    from regimesim.scenario import run

    design = design_from(
        {
            "scenarios": ["full_mix"],
            "replicates": args.runs,
            "seed": 1,
            "set": {"scale": args.scale, "end_year": args.until},
            "outputs": {"values": {"niche_share": args.until}, "crossing_year": True},
        }
    )
    warm = design_from({"scenarios": ["full_mix"], "set": {"scale": 0.01, "end_year": 2011}})
    with tempfile.TemporaryDirectory() as tmp:
        run_ensemble(warm, Path(tmp) / "warm", workers=1)  # compile or load the kernels
        baseline = float("inf")
        times: dict[tuple[str, int], float] = {}
        tables = {}
        for rep in range(args.repeat):
            t = time.perf_counter()
            for k in range(design.n_runs):
                run(*design.scenario_of(k))
            baseline = min(baseline, time.perf_counter() - t)
            for backend in args.backends.split(","):
                for workers in (1, 2):
                    out = Path(tmp) / f"{backend}-{workers}-{rep}"
                    t = time.perf_counter()
                    run_ensemble(design, out, backend=backend, workers=workers)
                    times[backend, workers] = min(
                        times.get((backend, workers), float("inf")), time.perf_counter() - t
                    )
                    tables[backend, workers, rep] = read_table(out)
    rss = _worker_rss()
    first = next(iter(tables.values()))
    same = all(pd.DataFrame.equals(first, t) for t in tables.values())
    n = design.n_runs
    print(
        f"ensemble: {n} runs of full_mix at scale {args.scale:g}, 2010-{args.until}, fastest of {args.repeat}"
    )
    print(f"  simulate in a loop (baseline): {baseline:6.1f} s  {n / baseline:5.2f} runs/s")
    for (backend, workers), t in times.items():
        print(f"  {backend:9s} workers={workers}: {t:6.1f} s  {n / t:5.2f} runs/s")
    for backend in args.backends.split(","):
        print(
            f"  {backend}: speed-up 1 -> 2 workers {times[backend, 1] / times[backend, 2]:.2f}x; "
            f"overhead at 1 worker {100 * (times[backend, 1] / baseline - 1):+.1f}%"
        )
    print(f"  identical tables on every backend and worker count: {same}")
    print(f"  memory of a worker interpreter with the kernels loaded: {rss / 2**20:.0f} MiB")


def _worker_rss() -> int:
    """Resident memory of a spawned worker process after it has run a tiny scenario."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_rss_after_warm_up).result()


def _rss_after_warm_up() -> int:
    import psutil

    from regimesim.ensemble import warm_up
    from regimesim.scenario import Scenario, find_scenario

    warm_up(Scenario.load(find_scenario("full_mix")))
    return psutil.Process().memory_info().rss


if __name__ == "__main__":
    main()
