"""What a study leaves: the results of :func:`regimesim.sensitivity.run_sensitivity` and
:func:`regimesim.discovery.run_discovery`, their output folder and the views of them that the
command line and the report (:mod:`regimesim.study_report`) share.

Imports go one way: :mod:`regimesim.sensitivity` and :mod:`regimesim.discovery` use this module
and :mod:`regimesim.study_report`; the report uses this module only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from regimesim import _output
from regimesim.study import Study

#: The index a method's bars show, with its confidence column (for the report and the verdict).
MAIN_INDICES = {"sobol": ("S1", "ST"), "morris": ("mu_star",), "pawn": ("median",)}


@dataclass
class SensitivityResult:
    """What :func:`regimesim.sensitivity.run_sensitivity` leaves: the tables it wrote into ``folder``."""

    study: Study
    folder: Path
    sample: pd.DataFrame  # one row a point, the factor values
    means: pd.DataFrame  # one row a point, each output's mean over the replicates
    seeds: pd.DataFrame  # per output: the seeds' share of the runs' variance
    indices: pd.DataFrame  # output, factor, index, value, conf
    convergence: pd.DataFrame  # output, n, factor, index, value, conf
    verdicts: dict[str, str]  # by output (``"<output> | under <setting>"`` with settings)

    @property
    def settings(self) -> list[str]:
        """The labels of the ``under`` settings (``[""]`` without)."""
        return [label for label, _ in self.study.settings()]

    def verdict(self, output: str, under: str = "") -> str:
        return self.verdicts[verdict_key(output, under)]


@dataclass
class DiscoveryResult:
    """What :func:`regimesim.discovery.run_discovery` leaves: the tables it wrote into ``folder``."""

    study: Study
    folder: Path
    cases: pd.DataFrame  # one row a run: the factor values, the output and the hit
    trajectory: pd.DataFrame  # the peeling trajectory: id, coverage, density, mass, res_dim, ...
    box: pd.DataFrame  # the chosen box: factor, low, high, declared low and high, qp values
    chosen: int  # the chosen box's id on the trajectory
    scores: pd.DataFrame  # factor, score


def verdict_key(output: str, under: str = "") -> str:
    """The key of an output's verdict (under a setting)."""
    return f"{output} | under {under}" if under else output


def screened(indices: pd.DataFrame, output: str, share: float = 0.1) -> list[str]:
    """The factors a Morris screening keeps for Sobol': ``mu_star`` at least ``share`` of the
    largest, or its confidence interval reaching that far."""
    df = indices[(indices["output"] == output) & (indices["index"] == "mu_star")]
    top = float(df["value"].max())
    keep = df[(df["value"] + df["conf"].fillna(0)) >= share * top]
    return keep.sort_values("value", ascending=False)["factor"].tolist()


def index_table(result: SensitivityResult, output: str, under: str = "") -> pd.DataFrame:
    """One output's main indices (under a setting) as a wide table, a row per factor, sorted by
    importance."""
    ind = result.indices
    keys = MAIN_INDICES[result.study.sensitivity.method]
    sel = (ind["output"] == output) & ind["index"].isin(keys)
    if under:
        sel &= ind["under"] == under
    wide = ind[sel].pivot(index="factor", columns="index", values=["value", "conf"])
    wide.columns = [f"{i}" if v == "value" else f"{i}_conf" for v, i in wide.columns]
    return wide.sort_values(keys[-1], ascending=False)


def start_folder(study: Study, out: str | os.PathLike, resume: bool) -> Path:
    """The study's output folder, new or empty (or, with ``resume``, as an earlier start left
    it), with the study file in it."""
    folder = Path(out)
    if not resume and folder.exists() and any(folder.iterdir()):
        raise ValueError(f"--out: {folder} exists and is not empty (use --resume to continue a study there)")
    _output.make_parents(folder)
    if study.text and not (folder / "study.toml").exists():
        _output.save(folder / "study.toml", study.text)
    return folder


__all__ = [
    "MAIN_INDICES",
    "DiscoveryResult",
    "SensitivityResult",
    "index_table",
    "screened",
    "start_folder",
    "verdict_key",
]
