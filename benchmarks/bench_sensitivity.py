"""Wall time of a Sobol' study (issue 13): 12 factors -- the full mix's five lever intensities and
start years and two uncertain parameters -- with second-order indices, N base samples (N = 1024:
26,624 runs), full_mix at scale 0.1 to 2045, one replicate a point, on the threads backend with 2
workers and on a 2-worker Dask LocalCluster, side by side; the analysis (SALib, 1000 bootstrap
resamples) timed apart.

    .venv/bin/python -m benchmarks.bench_sensitivity [--n 1024] [--backends threads,dask] [--scale 0.1]

With ``--n`` below 1024 the study runs that many base samples and the time of the whole
N = 1024 study is projected from the runs a second (the runs are independent: the time is the
runs' sum over the workers; checked by measuring two sizes, ``--check-linear``). Prints a
Markdown table to copy into benchmarks/README.md with the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

STUDY = {
    "title": "bench: 12 factors of the full mix",
    "scenario": "full_mix",
    "seed": 1,
    "set": {"scale": 0.1, "end_year": 2045},
    "factors": {
        **{
            lever: {} for lever in ("build_up", "phase_out", "rebuild", "build_on", "learning_infrastructure")
        },
        **{
            f"{lever}.from": {"low": 2025, "high": 2035}
            for lever in ("build_up", "phase_out", "rebuild", "build_on", "learning_infrastructure")
        },
        "pressure_escalation": {"low": 0.05, "high": 0.15},
        "commit_urgency": {"low": 0.125, "high": 0.375},
    },
    "outputs": {
        "crossing": {"statistic": "crossing_year"},
        "niche_2035": {"indicator": "niche_share", "statistic": "value", "year": 2035},
        "incidents": {"indicator": "incidents", "statistic": "total", "years": [2027, 2045]},
    },
    "sensitivity": {"method": "sobol", "n": 1024, "second_order": True, "resamples": 1000},
}


def measure(n: int, backend: str, scale: float, tmp: Path) -> dict:
    from regimesim.ensemble import read_table, run_ensemble
    from regimesim.sensitivity import analyse, convergence, point_means
    from regimesim.study import study_from

    raw = {**STUDY, "set": {**STUDY["set"], "scale": scale}, "sensitivity": {**STUDY["sensitivity"], "n": n}}
    study = study_from(raw)
    sample = study.sample()
    out = tmp / f"{backend}-{n}"
    t = time.perf_counter()
    run_ensemble(study.design(sample, study.block()), out, backend=backend, workers=2)
    runs_s = time.perf_counter() - t
    t = time.perf_counter()
    means, _ = point_means(study, read_table(out))
    analyse(study, sample, means)
    convergence(study, sample, means)
    analysis_s = time.perf_counter() - t
    return {"backend": backend, "n": n, "runs": len(sample), "run_s": runs_s, "analysis_s": analysis_s}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=1024)
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--backends", default="threads,dask")
    ap.add_argument("--check-linear", action="store_true", help="also measure at n/2 (time linear in runs?)")
    args = ap.parse_args()

    from regimesim.ensemble import design_from, run_ensemble

    full_runs = 1024 * (2 * 12 + 2)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        warm = design_from({"scenarios": ["full_mix"], "set": {"scale": 0.01, "end_year": 2011}})
        run_ensemble(warm, Path(tmp) / "warm", workers=1)  # compile or load the kernels
        sizes = [args.n // 2, args.n] if args.check_linear else [args.n]
        for n in sizes:
            for backend in args.backends.split(","):
                r = measure(n, backend, args.scale, Path(tmp))
                r["projected_s"] = r["run_s"] / r["runs"] * full_runs + r["analysis_s"]
                rows.append(r)
                print(r, flush=True)
    print(
        f"\nMachine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.platform()}; Python {platform.python_version()}.\n"
    )
    print(
        "| backend (2 workers) | N | runs | wall time of the runs | runs/s | analysis | N = 1024 "
        "(26,624 runs), projected |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['backend']} | {r['n']} | {r['runs']:,} | {r['run_s']:.0f} s | "
            f"{r['runs'] / r['run_s']:.1f} | {r['analysis_s']:.1f} s | {r['projected_s'] / 60:.0f} min |"
        )


if __name__ == "__main__":
    main()
