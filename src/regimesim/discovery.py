"""Scenario discovery: which boxes of lever (and uncertainty) space lead to a hit -- a crossing by a
given year, say -- found by PRIM (Friedman & Fisher 1999) as the EMA Workbench implements it
(:class:`ema_workbench.analysis.prim.Prim`; Kwakkel 2017), on a Latin hypercube of the study's
factors run on the ensemble engine.

Every run is a case (its replicates too: PRIM sees the seeds' scatter as it is), the hit a run's
output on the right side of the study's threshold (``[discovery] output``, ``below``/``above``).
:func:`run_discovery` writes the peeling trajectory (coverage, density, mass and restricted
dimensions of each box along the way), the chosen box's limits in the factors' own units
(intensity 0-1, start years, parameter units) with their quasi-p-values, and feature scores
(extra trees, from the EMA Workbench) of how much each factor tells hits from misses.
"""

from __future__ import annotations

import json
import os
import warnings
from typing import Any

import numpy as np
import pandas as pd

from regimesim import _output
from regimesim.ensemble import read_table, run_ensemble
from regimesim.execution import Execution, resolve
from regimesim.study import Study, StudyError
from regimesim.study_report import write_discovery_report
from regimesim.study_results import DiscoveryResult, start_folder


def prim_boxes(study: Study, cases: pd.DataFrame):
    """PRIM (EMA Workbench) on ``cases`` (the factors' columns and ``hit``): the peeling
    trajectory, the chosen box's limits and its id. The chosen box is the one with the highest
    coverage whose density reaches the study's ``min_density`` (else the densest)."""
    with warnings.catch_warnings():  # "ipyparallel not installed": an evaluator this does not use
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim

    d = study.discovery
    names = [f.name for f in study.factors if f.kind != "dummy"]
    x = cases[names].astype(float).reset_index(drop=True)
    y = cases["hit"].to_numpy(dtype=bool)
    if y.all() or not y.any():
        share = "every" if y.all() else "no"
        raise StudyError(
            "discovery",
            f"{share} run is a hit ({d.text}): PRIM has nothing to tell apart; "
            "move the threshold or widen the factors' bounds",
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        alg = prim.Prim(x, y, peel_alpha=d.peel_alpha, paste_alpha=d.paste_alpha, mass_min=d.mass_min)
        box = alg.find_box()
    traj = box.peeling_trajectory.reset_index(drop=True).copy()
    ok = traj[traj["density"] >= d.min_density]
    chosen = int(
        ok.sort_values(["coverage", "density"], ascending=False)["id"].iloc[0]
        if len(ok)
        else traj.sort_values(["density", "coverage"], ascending=False)["id"].iloc[0]
    )
    lims = box.box_lims[chosen]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        qp = _qp_values(box, chosen)
    rows = []
    for f in study.factors:
        if f.kind == "dummy":
            continue
        lo, hi = float(lims[f.name].iloc[0]), float(lims[f.name].iloc[1])
        restricted = lo > f.low + 1e-12 * max(1.0, abs(f.low)) or hi < f.high - 1e-12 * max(1.0, abs(f.high))
        restricted = restricted and (lo > x[f.name].min() or hi < x[f.name].max())
        rows.append(
            {
                "factor": f.name,
                "kind": f.kind,
                "low": lo,
                "high": hi,
                "range_low": f.low,
                "range_high": f.high,
                "restricted": bool(restricted),
                "qp_low": qp.get(f.name, (np.nan, np.nan))[0],
                "qp_high": qp.get(f.name, (np.nan, np.nan))[1],
            }
        )
    return traj, pd.DataFrame(rows), chosen


def _qp_values(box, i: int) -> dict[str, tuple[float, float]]:
    """The quasi-p-values of box ``i``'s restrictions (EMA Workbench's ``inspect``)."""
    try:
        stats = box.inspect(i, style="data")[0][1]
    except Exception:  # pragma: no cover - EMA's inspect changes shape between versions
        return {}
    out = {}
    for name in stats.index:
        row = stats.loc[name]
        vals = [float(v) for v in row.iloc[2:4]] if len(row) >= 4 else [np.nan, np.nan]
        out[str(name)] = (vals[0], vals[1])
    return out


def feature_scores(study: Study, cases: pd.DataFrame) -> pd.DataFrame:
    """Extra-trees feature scores (EMA Workbench) of each factor for telling hits from misses."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import feature_scoring

    names = [f.name for f in study.factors if f.kind != "dummy"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scores, *_ = feature_scoring.get_ex_feature_scores(
            cases[names].astype(float),
            cases["hit"].astype(int),
            mode=feature_scoring.RuleInductionType.CLASSIFICATION,
            random_state=study.seed,
        )
    scores = scores.iloc[:, 0] if isinstance(scores, pd.DataFrame) else scores
    return (
        pd.DataFrame({"factor": scores.index.astype(str), "score": scores.to_numpy(dtype=float)})
        .sort_values("score", ascending=False)
        .reset_index(drop=True)
    )


def run_discovery(
    study: Study,
    out: str | os.PathLike,
    *,
    execution: Execution | None = None,
    report: bool = True,
    **options: Any,
) -> DiscoveryResult:
    """Run the study's Latin hypercube on the ensemble engine into ``out/runs`` (``resume``:
    continue there), run PRIM and write into ``out``: ``cases.parquet``, ``trajectory.parquet``,
    ``box.parquet``, ``feature_scores.parquet``, ``discovery.json``, the figures and
    ``report.html`` (offline).

    ``execution`` (:class:`regimesim.execution.Execution`, or its fields as keywords: ``backend``,
    ``workers``, ``scheduler``, ``resume``, ``progress``) says where the runs go (see
    :func:`regimesim.ensemble.run_ensemble`)."""
    ex = resolve(execution, options, "run_discovery")
    if study.discovery is None:
        raise StudyError(
            "discovery",
            "the study has no [discovery] table: name the output and a threshold, "
            'e.g. [discovery] output = "crossing", below = 2040',
        )
    d = study.discovery
    folder = start_folder(study, out, ex.resume)
    sample = study.discovery_sample()
    design = study.design(sample)
    run_ensemble(
        design,
        folder / "runs",
        execution=ex.replace(resume=ex.resume and (folder / "runs" / "manifest.json").exists()),
    )
    table = read_table(folder / "runs")
    cases = table[["run", "point", "replicate", *design.factors, d.output]].copy()
    y = cases[d.output].to_numpy(dtype=float)
    if not np.isfinite(y).all():
        bad = ~np.isfinite(y)
        raise StudyError(
            f"outputs.{d.output}",
            f"not a finite number in {int(bad.sum())} of {len(y)} runs (the "
            f"first: run {int(cases['run'][bad].iloc[0])}): a run ran away or the statistic has no "
            "value there; narrow the factors' bounds",
        )
    cases["hit"] = d.hit(y)
    traj, box, chosen = prim_boxes(study, cases)
    scores = feature_scores(study, cases)
    summary = {
        "hit": d.text,
        "runs": len(cases),
        "hits": int(cases["hit"].sum()),
        "chosen_box": chosen,
        **{
            k: float(traj.loc[traj["id"] == chosen, k].iloc[0])
            for k in ("coverage", "density", "mass", "res_dim")
        },
    }
    for name, df in (("cases", cases), ("trajectory", traj), ("box", box), ("feature_scores", scores)):
        _output.save(folder / f"{name}.parquet", (lambda t: lambda fh: t.to_parquet(fh, index=False))(df))
    _output.save(folder / "discovery.json", json.dumps(summary, indent=2))
    result = DiscoveryResult(study, folder, cases, traj, box, chosen, scores)
    if report:
        write_discovery_report(result)
    return result


__all__ = ["DiscoveryResult", "feature_scores", "prim_boxes", "run_discovery"]
