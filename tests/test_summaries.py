"""The ensemble's summary and seeds, against values worked out independently (issue 34).

``summarise`` reads an ensemble folder; here the folder is written by hand (a runs table, an
outputs table and a manifest, in the layout ``run_ensemble`` writes), so that every expected value
comes from the definition -- a linear-interpolated quantile, a median with the runs that do not
cross counted as crossing after the horizon -- and not from the code under test.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from regimesim.design import run_seed
from regimesim.ensemble import summarise


def _folder(tmp_path, outputs: dict[str, list[float]], points: int = 1):
    """An ensemble folder of one scenario with ``points`` points, each with the replicates
    ``outputs`` gives (the same values at every point, shifted by 100 x point)."""
    n = len(next(iter(outputs.values())))
    runs, rows = [], []
    for point in range(points):
        for r in range(n):
            run = point * n + r
            runs.append({"run": run, "scenario": "s", "point": point, "replicate": r, "seed": r})
            rows.append(
                {
                    "run": run,
                    **{k: (v[r] + 100 * point if v[r] == v[r] else v[r]) for k, v in outputs.items()},
                }
            )
    folder = tmp_path / "ens"
    folder.mkdir()
    pd.DataFrame(runs).to_parquet(folder / "runs")
    pd.DataFrame(rows).to_parquet(folder / "outputs")
    (folder / "manifest.json").write_text(json.dumps({"factors": []}))
    return folder


def test_the_quantiles_are_the_linear_interpolated_5_50_and_95_percent(tmp_path):
    # 20 replicates 1..20, shuffled: the p-quantile (linear) sits at position p x 19 of the sorted
    # values, so q05 = 1 + 0.95, q50 = 1 + 9.5, q95 = 1 + 18.05
    values = [float(v) for v in np.random.default_rng(1).permutation(np.arange(1, 21))]
    summary = summarise(_folder(tmp_path, {"x": values}, points=2))
    assert list(summary.replicates) == [20, 20]
    first, second = summary.iloc[0], summary.iloc[1]
    assert first.x_q05 == pytest.approx(1.95, abs=1e-12)
    assert first.x_q50 == pytest.approx(10.5, abs=1e-12)
    assert first.x_q95 == pytest.approx(19.05, abs=1e-12)
    assert first.x_mean == pytest.approx(10.5, abs=1e-12)
    # each point over its own replicates only
    assert second.x_q05 == pytest.approx(101.95, abs=1e-12) and second.x_q95 == pytest.approx(
        119.05, abs=1e-12
    )


@pytest.mark.parametrize(
    "years, share, median",
    [
        # 3 of 4 cross: the median of (2040, 2050, 2060, after the horizon) is (2050 + 2060) / 2
        ([2060.0, float("nan"), 2040.0, 2050.0], 0.75, 2055.0),
        # 3 of 5: the middle one of (2031, 2033, 2035, after, after) is 2035
        ([2035.0, float("nan"), 2031.0, float("nan"), 2033.0], 0.6, 2035.0),
        # exactly half: the median lies between the last crossing and a censored run: after the
        # horizon, NaN (as Comparison.summary says it), never +inf
        ([2040.0, float("nan"), 2050.0, float("nan")], 0.5, None),
        # fewer than half
        ([float("nan"), float("nan"), 2050.0, float("nan")], 0.25, None),
        ([float("nan")] * 4, 0.0, None),
    ],
)
def test_the_crossing_median_counts_runs_without_a_crossing_as_after_the_horizon(
    tmp_path, years, share, median
):
    summary = summarise(_folder(tmp_path, {"crossing_year": years}))
    row = summary.iloc[0]
    assert row.crossed_share == pytest.approx(share)
    if median is None:
        assert np.isnan(row.crossing_year_median)
    else:
        assert row.crossing_year_median == median


@pytest.mark.parametrize("root, replicate", [(0, 0), (0, 1), (5, 2), (2**40 + 3, 17), (2**63 - 1, 999)])
def test_run_seeds_are_the_documented_seedsequence_draws(root, replicate):
    """Published ensembles are reproducible only while the derivation stays the documented one
    (docs/designs.md): the first 64-bit word that numpy's SeedSequence(root, spawn_key=(replicate,))
    generates, shifted right by one bit into [0, 2**63). Worked out here with numpy directly."""
    words = np.random.SeedSequence(entropy=root, spawn_key=[replicate]).generate_state(2, dtype=np.uint32)
    word = (int(words[1]) << 32) | int(words[0])  # numpy builds a 64-bit word from two 32-bit ones, low first
    assert run_seed(root, replicate) == word >> 1
