"""A study's named statistics (``regimesim.design.Statistic``) on runs built by hand (issue 34).

Each expected value is worked out from the statistic's definition on a table or phase labelling
made here, so a statistic that reads the wrong curve, year or unit fails.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from regimesim.design import Statistic
from regimesim.xcurve import NICHE_PHASES, REGIME_PHASES, Phases


def _phases(regime: dict[str, int], niche: dict[str, int]) -> Phases:
    """Codes with ``regime[name]`` months in each regime phase, likewise for the niche (the
    months in the order given; both curves equally long)."""
    r = np.concatenate([np.full(n, REGIME_PHASES.index(k), dtype=np.int8) for k, n in regime.items()])
    m = np.concatenate([np.full(n, NICHE_PHASES.index(k), dtype=np.int8) for k, n in niche.items()])
    assert r.size == m.size
    return Phases(r, m)


def test_phase_years_count_the_months_of_the_named_curve_in_the_named_phase():
    # the same numeric code (2) means chaos on the regime curve and emerging on the niche curve:
    # 30 months of chaos and 6 of emerging, so reading the other curve gives another number
    assert REGIME_PHASES.index("chaos") == NICHE_PHASES.index("emerging")
    ph = _phases(
        {"optimising": 60, "chaos": 30, "breaking_down": 30},
        {"experimenting": 96, "emerging": 6, "institutionalising": 18},
    )
    chaos = Statistic("chaos_years", "phase_years", curve="regime", phase="chaos")
    emerging = Statistic("emerging_years", "phase_years", curve="niche", phase="emerging")
    inst = Statistic("inst_years", "phase_years", curve="niche", phase="institutionalising")
    assert chaos.of(pd.DataFrame(), None, ph) == 2.5
    assert emerging.of(pd.DataFrame(), None, ph) == 0.5
    assert inst.of(pd.DataFrame(), None, ph) == 1.5


def _table(**columns: float) -> pd.DataFrame:
    """Constant monthly indicators 2030-2034, with ``costs`` rising by 1 a year from 10."""
    index = pd.date_range("2030-01-01", "2034-12-01", freq="MS")
    df = pd.DataFrame({k: np.full(len(index), v) for k, v in columns.items()}, index=index)
    df["costs"] = 10.0 + (index.year - 2030)
    return df


@pytest.mark.parametrize(
    "statistic, indicator, first, last, expected",
    [
        ("value", "costs", 2032, 2032, 12.0),  # the mean over 2032
        ("mean", "costs", 2031, 2033, 12.0),  # (11 + 12 + 13) / 3
        ("min", "costs", 2031, 2033, 11.0),
        ("max", "costs", 2031, 2034, 14.0),
        # costs are bn EUR a year, recorded monthly: a total over 2031-2032 is (11 + 12) bn
        ("total", "costs", 2031, 2032, 23.0),
        # incidents are per month: a total sums the months (3 a month over 2 years)
        ("total", "incidents", 2030, 2031, 72.0),
        # years outside the table: no value
        ("mean", "costs", 2040, 2041, np.nan),
    ],
)
def test_statistics_reduce_the_named_indicator_over_the_named_years(
    statistic, indicator, first, last, expected
):
    got = Statistic("s", statistic, indicator=indicator, first=first, last=last).of(
        _table(incidents=3.0), None
    )
    if np.isnan(expected):
        assert np.isnan(got)
    else:
        assert got == pytest.approx(expected, abs=1e-9)


def test_a_run_that_does_not_cross_is_censored_at_its_horizon_or_gets_the_stated_year():
    df = _table(incidents=1.0)
    assert Statistic("c", "crossing_year").of(df, 2031.25) == 2031.25
    assert Statistic("c", "crossing_year").of(df, None) == 2035.0  # the end of the horizon
    assert Statistic("c", "crossing_year", no_crossing=2100.0).of(df, None) == 2100.0
