"""Global sensitivity analysis of a study (:mod:`regimesim.study`) with SALib: Sobol' indices
(first, total and second order; Saltelli's scheme on a Sobol' sequence), Morris' elementary
effects for screening, and PAWN -- each with bootstrap confidence intervals -- and a convergence
check on nested samples.

:func:`run_sensitivity` samples the study, runs the sample on the ensemble engine (resumable,
any backend: the indices do not depend on it), takes the mean of each point's replicates and
analyses it. The pieces are public for use in a notebook: :func:`point_means`, :func:`analyse`,
:func:`convergence`, :func:`verdict`.

Seed noise: with ``replicates`` > 1 each point's output is the mean of its replicates (their seeds
are the same at every point), and :func:`point_means` reports the share of the runs' variance that
lies within points -- the seeds' share. Its part in the indices' variance is that share divided by
the replicates. A dummy factor (``dummy = true``) is read by nothing: with common seeds its
Sobol' and Morris indices are exactly 0; its PAWN index is PAWN's threshold of importance (what
the estimator gives a factor that does not matter; Pianosi & Wagener 2018).

The Morris-then-Sobol workflow (ten Broeke, van Voorn & Ligtenberg 2016, JASSS 19(1) 5): screen
many factors with Morris (``--method morris``: cheap, ``n (k + 1)`` runs), keep those whose
``mu_star`` is not small against the largest (the report lists them), and quantify those with
Sobol' (``n (2k + 2)`` runs). See docs/studies.md.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from regimesim import _output
from regimesim.ensemble import read_table, run_ensemble
from regimesim.execution import Execution, resolve
from regimesim.study import Study, StudyError
from regimesim.study_report import write_sensitivity_report
from regimesim.study_results import (
    MAIN_INDICES,
    SensitivityResult,
    index_table,
    screened,
    start_folder,
    verdict_key,
)


def point_means(study: Study, table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each point's mean of each output over its replicates, and per output the seeds' share of
    the variance of the runs (mean within-point variance over the total variance; NaN with one
    replicate). ``table``: the ensemble's outputs joined to its runs
    (:func:`~regimesim.ensemble.read_table`)."""
    names = study.output_names
    for name in names:
        bad = ~np.isfinite(table[name].to_numpy(dtype=float))
        if bad.any():
            first = table.loc[bad].iloc[0]
            raise StudyError(
                f"outputs.{name}",
                f"not a finite number in {int(bad.sum())} of {len(table)} "
                f"runs (the first: run {int(first['run'])}, point {int(first['point'])}): a run "
                "ran away or the statistic has no value there; narrow the factors' bounds (see "
                "benchmarks/README.md, 'Joint space of the declared ranges')",
            )
    g = table.groupby("point", sort=True)[names]
    means = g.mean()
    rows = []
    for name in names:
        total = float(table[name].var(ddof=1)) if len(table) > 1 else np.nan
        within = float(g.var(ddof=1)[name].mean()) if study.replicates > 1 else np.nan
        share = (
            within / total
            if study.replicates > 1 and total > 0
            else (0.0 if study.replicates > 1 else np.nan)
        )
        rows.append(
            {
                "output": name,
                "replicates": study.replicates,
                "seed_share": share,
                "seed_share_of_means": share / study.replicates if np.isfinite(share) else np.nan,
            }
        )
    return means.reset_index(drop=True), pd.DataFrame(rows)


def _check_finite(name: str, y: np.ndarray) -> None:
    bad = ~np.isfinite(y)
    if bad.any():
        raise StudyError(
            f"outputs.{name}",
            f"not a finite number at {int(bad.sum())} of {len(y)} points (the "
            f"first: point {int(np.flatnonzero(bad)[0])}): a run of the sample ran away or the "
            "statistic has no value there; narrow the factors' bounds (see "
            "benchmarks/README.md, 'Joint space of the declared ranges')",
        )


def analyse(study: Study, sample: pd.DataFrame, means: pd.DataFrame, *, n: int | None = None) -> pd.DataFrame:
    """The indices of every output, with their bootstrap confidence half-widths: a long table
    (output, factor, index, value, conf). ``n``: analyse only the first ``n`` of the sample
    (its base samples, trajectories or points), the convergence check's nested samples."""
    s = study.sensitivity
    prob = study.problem()
    rows = len(sample) if n is None else _rows(study, n)
    x = sample.to_numpy(dtype=float)[:rows]
    out = []
    for k, name in enumerate(study.output_names):
        y = means[name].to_numpy(dtype=float)[:rows]
        _check_finite(name, y)
        seed = _analysis_seed(study.seed, k)
        if np.ptp(y) == 0:  # no variance to apportion (no run crosses by the horizon, say)
            out += [(name, f, idx, np.nan, np.nan) for idx in MAIN_INDICES[s.method] for f in _labels(study)]
        elif s.method == "sobol":
            from SALib.analyze import sobol

            res = sobol.analyze(
                prob,
                y,
                calc_second_order=s.second_order,
                num_resamples=s.resamples,
                conf_level=s.conf_level,
                seed=seed,
            )
            labels = _labels(study)
            for idx in ("S1", "ST"):
                for j, f in enumerate(labels):
                    out.append((name, f, idx, res[idx][j], res[f"{idx}_conf"][j]))
            if s.second_order:
                for i in range(len(labels)):
                    for j in range(i + 1, len(labels)):
                        out.append(
                            (name, f"{labels[i]} x {labels[j]}", "S2", res["S2"][i, j], res["S2_conf"][i, j])
                        )
        elif s.method == "morris":
            from SALib.analyze import morris

            res = morris.analyze(
                prob, x, y, num_resamples=s.resamples, conf_level=s.conf_level, num_levels=s.levels, seed=seed
            )
            for j, f in enumerate(res["names"]):
                out.append((name, f, "mu_star", res["mu_star"][j], res["mu_star_conf"][j]))
                out.append((name, f, "mu", res["mu"][j], np.nan))
                out.append((name, f, "sigma", res["sigma"][j], np.nan))
        else:
            out += _pawn(study, name, x, y, seed)
    df = pd.DataFrame(out, columns=["output", "factor", "index", "value", "conf"])
    df["value"] = df["value"].astype(float)
    df["conf"] = df["conf"].astype(float)
    return df


def _analysis_seed(root: int, k: int) -> int:
    """The bootstrap's seed of output ``k``: drawn from the study's seed, in [1, 2**32) (SALib
    treats 0 as no seed and PAWN's seed goes to ``np.random.seed``, which takes 32 bits)."""
    return int(np.random.SeedSequence([root, k]).generate_state(1, np.uint32)[0]) or 1


def _labels(study: Study) -> list[str]:
    """The names SALib's indices come in: the groups (first appearance) or the factors."""
    groups = study.group_labels()
    return list(dict.fromkeys(groups)) if groups else study.names


def _rows(study: Study, n: int) -> int:
    """Rows of the first ``n`` base samples / trajectories / points of the study's sample."""
    s = study.sensitivity
    k = len(_labels(study))
    if s.method == "sobol":
        return n * (2 * k + 2 if s.second_order else k + 2)
    if s.method == "morris":
        return n * (k + 1)
    return n


def _pawn(study: Study, name: str, x: np.ndarray, y: np.ndarray, seed: int) -> list[tuple]:
    """SALib's PAWN indices and their bootstrap: SALib's estimator re-run on resampled points, the
    percentile interval's half-width at the study's level."""
    from SALib.analyze import pawn

    s = study.sensitivity
    prob = study.problem(groups=False)
    res = pawn.analyze(prob, x, y, S=s.slices, seed=seed)
    rng = np.random.default_rng(seed)
    boots = []
    for _ in range(s.resamples):
        i = rng.integers(0, len(y), len(y))
        boots.append(pawn.analyze(prob, x[i], y[i], S=s.slices, seed=seed)["median"])
    lo, hi = np.percentile(np.array(boots), [50 * (1 - s.conf_level), 50 * (1 + s.conf_level)], axis=0)
    out = []
    for j, f in enumerate(study.names):
        out.append((name, f, "median", res["median"][j], (hi[j] - lo[j]) / 2))
        for idx in ("minimum", "mean", "maximum", "CV"):
            out.append((name, f, idx, res[idx][j], np.nan))
    return out


def convergence(study: Study, sample: pd.DataFrame, means: pd.DataFrame) -> pd.DataFrame:
    """The main indices and their confidence half-widths at each sample size of the study's ladder
    (nested: the first ``m`` base samples, trajectories or points of the sample): output, n,
    factor, index, value, conf."""
    parts = []
    for m in study.sensitivity.ladder():
        df = analyse(study, sample, means, n=m)
        df = df[df["index"].isin(MAIN_INDICES[study.sensitivity.method])]
        parts.append(df.assign(n=m))
    return pd.concat(parts, ignore_index=True)[["output", "n", "factor", "index", "value", "conf"]]


def verdict(study: Study, conv: pd.DataFrame, output: str) -> str:
    """Whether ``output``'s main indices have settled: "stable within +-x from N = m" when every
    index at every size from ``m`` on lies within ``x`` (the study's tolerance; Morris' mu_star as
    a share of the largest) of its value at the full ``n``."""
    s = study.sensitivity
    df = conv[conv["output"] == output].copy()
    level = f"{round(100 * s.conf_level)}%"
    if df[df["n"] == s.n]["value"].isna().all():
        return "constant over the sample: every run gives the same value (no indices); see its statistic"
    if df["n"].nunique() < 2:
        widest = float(df["conf"].max())
        why = (
            "the study's convergence sizes hold only n"
            if s.convergence
            else f"N = {s.n} is too small to re-analyse at smaller sizes (at least 8 halves to 4)"
        )
        return f"no convergence check: {why}; widest {level} CI half-width: {widest:.3g}"
    if s.method == "morris":  # mu_star has the output's unit: compare shares of the largest
        top = df.groupby("n")["value"].transform("max").replace(0, np.nan)
        df["conf"] = df["conf"] / top
        df["value"] = df["value"] / top
    final = df[df["n"] == s.n][["factor", "index", "value"]].rename(columns={"value": "final"})
    df = df.merge(final, on=["factor", "index"], how="left", validate="many_to_one")
    df["dev"] = (df["value"] - df["final"]).abs()
    worst = df.groupby("n")["dev"].max().sort_index()
    ok = worst <= s.tolerance
    stable_from = None
    for m in reversed(worst.index):
        if not ok[m]:
            break
        stable_from = m
    widest = float(df[df["n"] == s.n]["conf"].max())
    unit = " (mu_star as a share of the largest)" if s.method == "morris" else ""
    if stable_from is not None and stable_from < s.n:
        return (
            f"stable within ±{s.tolerance:g} from N = {stable_from}{unit}; widest {level} CI "
            f"half-width at N = {s.n}: {widest:.3f}"
        )
    return (
        f"not shown stable within ±{s.tolerance:g} by N = {s.n}{unit}: from N = {worst.index[-2]} an "
        f"index still moved by {worst.iloc[-2]:.3f}; widest {level} CI half-width: {widest:.3f}; "
        "raise n"
    )


def run_sensitivity(
    study: Study,
    out: str | os.PathLike,
    *,
    execution: Execution | None = None,
    report: bool = True,
    **options: Any,
) -> SensitivityResult:
    """Sample ``study``, run it on the ensemble engine into ``out/runs`` (``resume``: continue an
    interrupted start in ``out``), analyse it and write into ``out``: ``sample.parquet``,
    ``point_means.parquet``, ``seed_share.parquet``, ``indices.parquet``,
    ``convergence.parquet``, ``verdicts.json``, the figures and ``report.html`` (offline).

    With ``[sensitivity] under`` settings the same sample runs once under each setting (into
    ``out/runs-1``, ``out/runs-2``, ...) and every table has a column ``under`` naming it: which
    factor matters under which uncertainty.

    ``execution`` (:class:`regimesim.execution.Execution`, or its fields as keywords: ``backend``,
    ``workers``, ``scheduler``, ``resume``, ``progress``) says where the runs go (see
    :func:`regimesim.ensemble.run_ensemble`)."""
    ex = resolve(execution, options, "run_sensitivity")
    folder = start_folder(study, out, ex.resume)
    sample = study.sample()
    _output.save(folder / "sample.parquet", lambda fh: sample.to_parquet(fh, index=False))
    tables: dict[str, list[pd.DataFrame]] = {
        k: [] for k in ("point_means", "seed_share", "indices", "convergence")
    }
    verdicts = {}
    settings = study.settings()
    for k, (label, st) in enumerate(settings):
        runs = folder / ("runs" if len(settings) == 1 and not label else f"runs-{k + 1}")
        run_ensemble(
            st.design(sample, st.block()),
            runs,
            execution=ex.replace(resume=ex.resume and (runs / "manifest.json").exists()),
        )
        means, seeds = point_means(st, read_table(runs))
        indices = analyse(st, sample, means)
        conv = convergence(st, sample, means)
        for name in st.output_names:
            verdicts[verdict_key(name, label)] = verdict(st, conv, name)
        for name, df in (
            ("point_means", means),
            ("seed_share", seeds),
            ("indices", indices),
            ("convergence", conv),
        ):
            tables[name].append(df.assign(under=label) if label else df)
    joined = {name: pd.concat(parts, ignore_index=True) for name, parts in tables.items()}
    for name, df in joined.items():
        _output.save(folder / f"{name}.parquet", (lambda d: lambda fh: d.to_parquet(fh, index=False))(df))
    _output.save(folder / "verdicts.json", json.dumps(verdicts, indent=2, ensure_ascii=False))
    result = SensitivityResult(
        study,
        folder,
        sample,
        joined["point_means"],
        joined["seed_share"],
        joined["indices"],
        joined["convergence"],
        verdicts,
    )
    if report:
        write_sensitivity_report(result)
    return result


def load_result(study: Study, folder: str | os.PathLike) -> dict[str, Any]:
    """The tables a finished study left in ``folder``."""
    folder = Path(folder)
    return {
        name: pd.read_parquet(folder / f"{name}.parquet")
        for name in ("sample", "point_means", "seed_share", "indices", "convergence")
    }


__all__ = [
    "MAIN_INDICES",
    "SensitivityResult",
    "analyse",
    "convergence",
    "index_table",
    "load_result",
    "point_means",
    "run_sensitivity",
    "screened",
    "start_folder",
    "verdict",
]
