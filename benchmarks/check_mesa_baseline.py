"""Agreement study: the Mesa baseline's indicator distributions against regimesim's (issue 11).

    python -m benchmarks.check_mesa_baseline [--seeds 50] [--scale 0.02] [--end 2050]
                                             [--years 2015 2026 2030 2040 2050] [--out DIR]

Runs the library scenario ``full_mix`` (history since 2010; from 2027 build-up, phase-out, rebuild,
build-on and learning) with regimesim (seeds ``0 .. n-1``) and with the Mesa baseline of
:mod:`benchmarks.mesa_baseline` (seeds ``10_000 .. 10_000 + n-1``: other initial populations and
draws, so the two samples are independent). For every indicator except the scheduled lever
intents (identical inputs) and every year in ``--years`` it takes each run's yearly mean and
compares the two samples of ``n`` values with the two-sample Kolmogorov-Smirnov test (exact
p-values). One process, no parallelism.

Power. The KS test's power is computed, not guessed: for ``n`` values a sample, the smallest shift
of a normal distribution, in standard deviations, that the test detects with 80% probability, at
the per-test level ``alpha`` and at the Bonferroni level ``alpha / K`` (``K`` tests), by Monte
Carlo (the exact critical value of the statistic from scipy, 20,000 replicates a shift, seeded).

Reading the result: with ``K`` tests at level ``alpha`` about ``alpha K`` reject by chance if the
two models are the same (fewer, as the tests are positively correlated and the KS test is
conservative on ties); Holm's step-down procedure holds the family-wise error at ``alpha``, so an
indicator-year that Holm rejects is a discrepancy to explain.

Writes ``mesa_baseline_check.json`` (every test, the power, the timing) and
``mesa_baseline_check.md`` (the table) into ``--out`` (default ``results/``, not versioned), and
prints the table.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

ALPHA = 0.05
POWER = 0.8
#: the indicators the rules feed back on and the issue's list, shown first in the table
KEY = (
    "pressure",
    "regime_strength",
    "niche_share",
    "institutionalised_share",
    "costs",
    "workload",
    "waiting_list",
    "coercive_stock",
    "wellbeing",
    "trust",
    "professionals_new_share",
    "risk_aversion",
)


def ks_critical(n: int, alpha: float) -> float:
    """Smallest KS statistic ``k / n`` with an exact two-sided p-value (``n`` values each) <= ``alpha``."""
    x = np.arange(n, dtype=float)
    for k in range(1, n + 1):
        if stats.ks_2samp(x, x + k - 0.5, method="exact").pvalue <= alpha:  # statistic exactly k / n
            return k / n
    return np.inf


def ks_power(n: int, shift: float, crit: float, reps: int, rng: np.random.Generator) -> float:
    """Monte Carlo power of the two-sample KS test (``n`` each) against a normal shift (in SDs)."""
    x = rng.standard_normal((reps, n))
    y = rng.standard_normal((reps, n)) + shift
    both = np.concatenate([x, y], axis=1)
    order = np.argsort(both, axis=1)
    from_x = (order < n).astype(float)
    d = np.abs(np.cumsum(from_x, axis=1) / n - np.cumsum(1.0 - from_x, axis=1) / n).max(axis=1)
    return float((d >= crit - 1e-12).mean())


def detectable_shift(n: int, alpha: float, reps: int = 20_000, seed: int = 20261130) -> float:
    """Smallest normal shift (SDs, to 0.01) detected with probability ``POWER`` at level ``alpha``."""
    crit = ks_critical(n, alpha)
    lo, hi = 0.0, 4.0
    while hi - lo > 0.01:  # power rises with the shift; the same seed at every shift keeps it monotone
        mid = (lo + hi) / 2
        if ks_power(n, mid, crit, reps, np.random.default_rng(seed)) >= POWER:
            hi = mid
        else:
            lo = mid
    return round(hi, 2)


def yearly(df: pd.DataFrame, years: list[int], names: list[str]) -> dict[tuple[str, int], float]:
    means = df[names].groupby(df.index.year).mean()
    return {(name, y): float(means.loc[y, name]) for name in names for y in years}


def holm(pvalues: np.ndarray, alpha: float) -> np.ndarray:
    """Holm's step-down rejections at family-wise level ``alpha``."""
    order = np.argsort(pvalues)
    reject = np.zeros(pvalues.shape[0], dtype=bool)
    k = pvalues.shape[0]
    for rank, i in enumerate(order):
        if pvalues[i] > alpha / (k - rank):
            break
        reject[i] = True
    return reject


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--seeds", type=int, default=50)
    ap.add_argument("--scale", type=float, default=0.02)
    ap.add_argument("--end", type=int, default=2050)
    ap.add_argument("--years", type=int, nargs="+", default=[2015, 2026, 2030, 2040, 2050])
    ap.add_argument("--scenario", default="full_mix")
    ap.add_argument("--out", type=Path, default=Path("results"))
    args = ap.parse_args()

    from benchmarks.mesa_baseline import BaselineModel
    from regimesim.indicators import NAMES
    from regimesim.scenario import Scenario, find_scenario, run

    scenario = Scenario.load(find_scenario(args.scenario)).replace(end=args.end, scale=args.scale)
    names = [n for n in NAMES if not n.startswith("intended_")]
    run(scenario.replace(end=scenario.start), 0)  # compile or load the kernels before timing

    ref, base = [], []
    t_ref = t_base = 0.0
    agent_steps = 0
    for i in range(args.seeds):
        t = time.perf_counter()
        ref.append(yearly(run(scenario, i).indicators, args.years, names))
        t_ref += time.perf_counter() - t
        t = time.perf_counter()
        inputs = scenario.inputs()
        model = BaselineModel(
            inputs["params"], levers=inputs["levers"], events=inputs["events"], seed=10_000 + i
        )
        for _ in range(model.timeline.n_steps):
            model.step()
        base.append(yearly(model.indicators(), args.years, names))
        t_base += time.perf_counter() - t
        agent_steps += len(model.agents) * (model.spinup + model.timeline.n_steps)
        print(f"seed {i + 1}/{args.seeds}: regimesim {t_ref:7.1f} s, baseline {t_base:7.1f} s", flush=True)

    keys = list(ref[0])
    rows = []
    for key in keys:
        r = np.array([d[key] for d in ref])
        b = np.array([d[key] for d in base])
        sd = float(np.sqrt((r.var(ddof=1) + b.var(ddof=1)) / 2))
        constant = bool(np.ptp(r) == 0.0 and np.ptp(b) == 0.0)
        if constant:  # the same value in every run of both (e.g. a lever before it starts): no test
            if r[0] != b[0]:
                raise SystemExit(f"{key}: constant {r[0]} in regimesim but {b[0]} in the baseline")
            d, p = 0.0, np.nan
        else:
            res = stats.ks_2samp(b, r, method="exact")
            d, p = float(res.statistic), float(res.pvalue)
        rows.append(
            {
                "indicator": key[0],
                "year": key[1],
                "regimesim_mean": float(r.mean()),
                "baseline_mean": float(b.mean()),
                "pooled_sd": sd,
                "shift_sd": float((b.mean() - r.mean()) / sd) if sd > 0 else 0.0,
                "ks_d": d,
                "p": p,
            }
        )
    table = pd.DataFrame(rows)
    table = table[table["p"].notna()].reset_index(drop=True)  # constant and equal: nothing to test
    n_constant = len(rows) - len(table)
    table["reject"] = table["p"] < ALPHA
    table["holm_reject"] = holm(table["p"].to_numpy(), ALPHA)
    n_tests = len(table)
    power = {
        "n_per_sample": args.seeds,
        "alpha": ALPHA,
        "detectable_shift_sd_at_alpha": detectable_shift(args.seeds, ALPHA),
        "bonferroni_alpha": ALPHA / n_tests,
        "detectable_shift_sd_at_bonferroni": detectable_shift(args.seeds, ALPHA / n_tests),
        "power": POWER,
    }
    months = (scenario.end - scenario.start + 1 + scenario.params.spinup_years) * 12
    timing = {
        "regimesim_s": t_ref,
        "baseline_s": t_base,
        "runs": args.seeds,
        "months_per_run": months,
        "baseline_agents": agent_steps // (args.seeds * months),
        "baseline_us_per_agent_step": 1e6 * t_base / agent_steps,
        "regimesim_us_per_agent_step": 1e6 * t_ref / agent_steps,
        "machine": platform.platform(),
        "python": platform.python_version(),
    }
    summary = {
        "scenario": args.scenario,
        "scale": args.scale,
        "start": scenario.start,
        "end": scenario.end,
        "years": args.years,
        "seeds_regimesim": [0, args.seeds - 1],
        "seeds_baseline": [10_000, 10_000 + args.seeds - 1],
        "tests": n_tests,
        "constant_and_equal": n_constant,
        "rejected_at_alpha": int(table["reject"].sum()),
        "expected_by_chance": ALPHA * n_tests,
        "rejected_holm": int(table["holm_reject"].sum()),
    }

    order = {n: i for i, n in enumerate([*KEY, *[n for n in names if n not in KEY]])}
    table = table.sort_values(
        ["indicator", "year"], key=lambda s: s.map(order) if s.name == "indicator" else s
    )
    md = [
        f"# Mesa baseline vs regimesim: `{args.scenario}`, scale {args.scale:g}, "
        f"{scenario.start}-{scenario.end}, {args.seeds} seeds each",
        "",
        f"Two-sample KS test (exact) per indicator and year on the yearly means; {n_tests} tests "
        f"({n_constant} indicator-years, constant and equal in every run of both, are not tested). "
        f"Rejected at {ALPHA}: {summary['rejected_at_alpha']} (about {ALPHA * n_tests:.0f} expected by "
        f"chance if the models agree); rejected by Holm at family-wise {ALPHA}: {summary['rejected_holm']}.",
        "",
        f"Power (computed, Monte Carlo): with {args.seeds} runs a sample the KS test detects a normal "
        f"shift of {power['detectable_shift_sd_at_alpha']} SD with {POWER:.0%} probability at level {ALPHA}, "
        f"and {power['detectable_shift_sd_at_bonferroni']} SD at the Bonferroni level "
        f"{ALPHA / n_tests:.1e}.",
        "",
        f"Run time (one process): regimesim {t_ref:.0f} s, Mesa baseline {t_base:.0f} s for "
        f"{args.seeds} runs of {months} months (spin-up included), about {timing['baseline_agents']} "
        f"agents: baseline {timing['baseline_us_per_agent_step']:.1f} us per agent-step, regimesim "
        f"{timing['regimesim_us_per_agent_step']:.2f} us (at this small scale; not the scale-0.1 benchmark).",
        "",
        "| indicator | year | regimesim mean | baseline mean | shift (SD) | KS D | p | reject 0.05 | Holm |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in table.itertuples():
        md.append(
            f"| {row.indicator} | {row.year} | {row.regimesim_mean:.4g} | {row.baseline_mean:.4g} | "
            f"{row.shift_sd:+.2f} | {row.ks_d:.2f} | {row.p:.3f} | {'yes' if row.reject else ''} | "
            f"{'**yes**' if row.holm_reject else ''} |"
        )
    text = "\n".join(md) + "\n"
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "mesa_baseline_check.md").write_text(text)
    payload = {"summary": summary, "power": power, "timing": timing, "tests": table.to_dict(orient="records")}
    (args.out / "mesa_baseline_check.json").write_text(json.dumps(payload, indent=1, default=float))
    print(f"wrote {args.out / 'mesa_baseline_check.md'} and .json")


if __name__ == "__main__":
    main()
