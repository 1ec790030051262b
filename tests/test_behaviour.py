"""Behaviour at the default parameters, averaged over 20 seeds (the issue's stylised facts).

Each scenario runs 20 seeds at scale 0.05 (5,000 families, 750 posts: big enough that the
regional dynamics are not dominated by a handful of agents). Conclusions are drawn from the mean
trajectory over seeds or from the distribution over seeds, never from one run. Thresholds are
set from the pattern the seeds describe (digest §5 and §6), with margins stated at each assert.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

from regimesim import Schedule, simulate
from regimesim.xcurve import crossing_year, label_phases

SEEDS = range(20)
BASE = {"scale": 0.05, "end_year": 2075}
LEVERS_FROM = 2027  # a policy decision in the near future; build-up starts a few years earlier

pytestmark = pytest.mark.slow


def _runs(overrides: dict, levers: dict) -> list[pd.DataFrame]:
    with ThreadPoolExecutor(max_workers=2) as pool:  # kernels release the GIL
        return list(
            pool.map(lambda s: simulate({**BASE, **overrides}, levers=levers, seed=s).indicators, SEEDS)
        )


def _mean(runs: list[pd.DataFrame], col: str) -> pd.Series:
    return sum(r[col] for r in runs) / len(runs)


def _year(series: pd.Series, first: int, last: int) -> float:
    years = series.index.year
    return float(series[(years >= first) & (years <= last)].mean())


NO_PROGRAMME = {"proeftuinen_first": 0, "proeftuinen_second": 0}


@pytest.fixture(scope="module")
def no_programme():
    return _runs(NO_PROGRAMME, {})


def _shock_gaps(overrides: dict) -> dict[str, pd.Series]:
    """Yearly mean layers without the 2015 structure shock minus with it (20 seeds each).

    Both arms keep municipal budgets whole (``decentralisation_budget_cut = 0``), so the gap is
    the structural shock itself; the arm without it moves the decentralisation past the horizon.
    """
    same = {**NO_PROGRAMME, "decentralisation_budget_cut": 0.0, **overrides}
    shocked, calm = _runs(same, {}), _runs({**same, "decentralisation_year": 2100}, {})
    return {
        layer: (_mean(calm, layer) - _mean(shocked, layer)).groupby(lambda p: p.year).mean()
        for layer in ("structure", "culture", "practice")
    }


@pytest.fixture(scope="module")
def no_levers():
    return _runs({}, {})


@pytest.fixture(scope="module")
def build_up_only():
    return _runs({}, {"build_up": Schedule.from_year(2024, 0.8)})


@pytest.fixture(scope="module")
def full_transition():
    return _runs(
        {},
        {
            "build_up": Schedule.from_year(2024, 0.8),
            "phase_out": Schedule.from_year(LEVERS_FROM, 0.6),
            "rebuild": Schedule.from_year(LEVERS_FROM, 0.6),
            # the ministries learn to carry the levers out only with the learning infrastructure
            "build_on": Schedule.from_year(LEVERS_FROM, 0.6),
            "learning_infrastructure": Schedule.from_year(LEVERS_FROM, 0.6),
        },
    )


def test_without_proeftuinen_the_regime_persists(no_programme):
    """[DRIFT2025] Een hardnekkig regime: it "reproduceert al zeker 50 jaar dezelfde effecten".
    Under pressure the regime weakens but without a new practice it is never overtaken: in every
    seed it stays at least 0.3 above the niche over 2025-2060, and the niche stays below 5%."""
    for r in no_programme:
        late = r[r.index.year >= 2025]
        assert (late.regime_strength - late.niche_share).min() > 0.3
    assert _mean(no_programme, "niche_share").max() < 0.05
    assert all(
        crossing_year(r["regime_strength"].to_numpy(), r["niche_share"].to_numpy(), start_year=2010) is None
        for r in no_programme
    )


@pytest.mark.fact(3)
def test_the_2015_structure_shock_is_absorbed():
    """[DRIFT2025] Een hardnekkig regime: "Beleidshervormingen zijn onderdeel van het regime
    geworden"; digest §5 fact 3 (forced destabilisation is not regime change). Against the same
    runs without the shock, the structure layer dips (by more than 0.15, the shock is 0.3) and by
    2018 less than 55% of the dip is left, while culture and practice move less than half of
    the structure's dip. Null variant: without absorption (``absorption = 0``) more than 55% of
    the dip is still there in 2018. (Means over 20 seeds; the seed-to-seed noise of a yearly mean
    gap is < 0.01.)"""
    gaps = _shock_gaps({})
    dip = float(gaps["structure"].loc[2015])
    assert dip > 0.15
    assert float(gaps["structure"].loc[2018]) < 0.55 * dip
    for layer in ("culture", "practice"):
        assert float(gaps[layer].loc[2015:2060].abs().max()) < dip / 2, layer
    null = _shock_gaps({"absorption": 0.0})
    assert float(null["structure"].loc[2018]) > 0.55 * float(null["structure"].loc[2015])


@pytest.mark.fact(1)
def test_build_up_alone_rises_then_stalls_or_falls_back(build_up_only):
    """[DRIFT2025] Aanbeveling 2: "met focus op alleen opbouw blijf je terugschieten in dezelfde
    groef". Build-up from 2024 raises the niche for about ten years, then it stalls for decades
    far below the regime: over 2035-2055 it gains less than a third of what it gained over
    2024-2035, it never reaches 0.3, and the regime is not overtaken (mean over 20 seeds; a
    yearly mean moves < 0.01 from seed noise)."""
    N = _mean(build_up_only, "niche_share").groupby(lambda p: p.year).mean()
    early_gain = float(N.loc[2035] - N.loc[2023])
    # it rises: several times the pre-build-up level within ten years
    assert float(N.loc[2035]) > 3 * float(N.loc[2023]) and early_gain > 0.05
    # and then stalls: two decades that add less than a third of the first decade's gain
    assert float(N.loc[2055] - N.loc[2035]) < early_gain / 3
    assert float(N.max()) < 0.3
    # the regime is never overtaken in most runs (DRIFT: snapping back into the same groove)
    crossings = [
        crossing_year(r["regime_strength"].to_numpy(), r["niche_share"].to_numpy(), start_year=2010)
        for r in build_up_only
    ]
    assert sum(c is not None for c in crossings) <= 2


def test_build_up_phase_out_rebuild_cross_within_20_to_50_years_with_chaos(full_transition):
    crossings = [
        crossing_year(r["regime_strength"].to_numpy(), r["niche_share"].to_numpy(), start_year=2010)
        for r in full_transition
    ]
    found = [c for c in crossings if c is not None]
    # a good part of the runs cross by 2075, not all: the ministries carry the levers out late
    # and learn slowly (issue 9 item 5; 16 and 17 of 20 cross over seeds 0-19 and 20-39)
    assert len(found) >= 6
    # within 20-65 years of 2010, decades after the levers start
    assert 2035 <= float(np.median(found)) <= 2075
    assert min(found) >= 2030  # not within the first years of the levers
    # (that pressure and workload spike *because of* the levers before the crossing is the next
    # test's claim: a spike above the 2020s level alone is there without any lever too)
    # the X-curve labels show a chaos phase after the levers start in at least half the runs that
    # cross, and around the crossing itself (within 3 years of it) in at least two of them
    near = after = 0
    for r, c in zip(full_transition, crossings, strict=True):
        if c is None:
            continue
        ph = label_phases(
            r["regime_strength"].to_numpy(),
            r["niche_share"].to_numpy(),
            r["institutionalised_share"].to_numpy(),
            r["pressure"].to_numpy(),
        )
        chaos_years = 2010 + np.flatnonzero(ph.regime == 2) / 12  # REGIME_PHASES[2] == "chaos"
        after += bool((chaos_years >= LEVERS_FROM).any())
        near += bool(chaos_years.size and np.min(np.abs(chaos_years - c)) <= 3)
    # (measured over seeds 0-19 and 20-39: chaos after the levers in 11 of 16 and 10 of 17 crossing
    # runs, within 3 years of the crossing in 5 and 3: at the crossing the regime is mostly read as
    # breaking down; the pressure spike above, and the dedicated test in test_patterns.py, are the
    # robust signs)
    assert after >= len(found) / 2 and near >= 2, (after, near, len(found))


@pytest.mark.xfail(
    strict=True,
    reason="not reproduced at the hand-set defaults (the calibration issue): over seeds 0-19 the "
    "yearly mean peak from 2027 to 2 years after the median crossing (2049) is 2.62 for pressure "
    "and 0.917 for workload with the full mix, 2.65 and 0.933 with no lever at all; the spike "
    "above the 2020s level comes from the world, not from the levers",
)
def test_the_full_mix_raises_pressure_and_workload_before_the_crossing(full_transition, no_levers):
    """Digest §6 (X-curve): around the tipping point the old regime's breakdown and the new
    practice's build-up together bring chaos -- pressure and workload above what the same years
    bring without the levers. Criterion: the full mix's peak of the yearly mean (20 seeds) from
    the levers' start to 2 years after the median crossing exceeds the no-lever peak in the same
    years by more than 3 standard errors of the difference of the two means (the seed-to-seed sd
    of a run's peak, measured at 0.024 and 0.010, over sqrt(20)). Null variant: the no-lever runs
    themselves (the old assert, peak above the 2020s level, passed on them too)."""
    crossings = [
        crossing_year(r["regime_strength"].to_numpy(), r["niche_share"].to_numpy(), start_year=2010)
        for r in full_transition
    ]
    cross = int(np.median([c for c in crossings if c is not None]))
    for col in ("pressure", "workload"):
        peaks = {}
        for name, runs in (("full", full_transition), ("none", no_levers)):
            per_seed = [
                r[col].groupby(lambda p: p.year).mean().loc[LEVERS_FROM : cross + 2].max() for r in runs
            ]
            peaks[name] = (float(np.mean(per_seed)), float(np.var(per_seed, ddof=1)) / len(per_seed))
        gap = peaks["full"][0] - peaks["none"][0]
        assert gap > 3 * np.sqrt(peaks["full"][1] + peaks["none"][1]), (col, peaks)
