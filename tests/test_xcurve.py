"""X-curve phases and crossing on synthetic curves whose right answer is known by construction."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from regimesim.xcurve import (
    NICHE_PHASES,
    REGIME_PHASES,
    PhaseRules,
    crossing_index,
    crossing_year,
    label_phases,
)

T = np.arange(50 * 12)  # 50 years, monthly
T0 = 25 * 12  # the crossing month by construction
WIDTH = 4 * 12


def logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


def x_curve(noise: float = 0.0, seed: int = 0):
    """Regime 1 - s, niche s with s logistic around T0: they cross exactly at T0 (both 0.5).
    Pressure is flat except a bump centred on the crossing (the chaos)."""
    s = logistic((T - T0) / WIDTH)
    regime, niche = 0.95 - 0.9 * s, 0.05 + 0.9 * s
    inst = 0.95 * logistic((T - T0 - 5 * 12) / WIDTH)
    pressure = 1.0 + 0.6 * np.exp(-(((T - T0 + 24) / 48.0) ** 2))
    rng = np.random.default_rng(seed)
    if noise:
        regime = regime + rng.normal(0, noise, T.size)
        niche = niche + rng.normal(0, noise, T.size)
        pressure = pressure + rng.normal(0, noise, T.size)
    return regime, niche, inst, pressure


def test_crossing_of_a_clean_x_curve_is_found_where_it_is():
    regime, niche, *_ = x_curve()
    i = crossing_index(regime, niche)
    # a centred moving average of a symmetric pair of curves keeps the crossing in place
    # to within one month
    assert i is not None and abs(i - T0) <= 1
    assert crossing_year(regime, niche, start_year=2010) == pytest.approx(2010 + i / 12)
    assert crossing_year(regime, niche, start_year=2010, start_month=7) == pytest.approx(
        2010.5 + i / 12)  # fmt: skip


@pytest.mark.parametrize("seed", range(20))
def test_crossing_is_robust_to_noise(seed):
    regime, niche, *_ = x_curve(noise=0.03, seed=seed)
    i = crossing_index(regime, niche)
    # noise sd 0.03 a month, averaged over a 25-month window: sd of the smoothed gap ~0.012; the
    # curves separate at ~0.9/(4*48) = 0.0047 a month each, so the gap closes ~0.0094 a month:
    # the smoothed crossing lies within a few months of T0 (6 = ~5 sd of the timing error)
    assert i is not None and abs(i - T0) <= 6


def test_no_crossing_when_niche_stays_below_or_crosses_only_briefly():
    flat = np.full(T.size, 0.9), np.full(T.size, 0.05)
    assert crossing_index(*flat) is None
    assert crossing_year(*flat, start_year=2010) is None
    regime = np.full(T.size, 0.5)
    niche = np.full(T.size, 0.3)
    niche[200:212] = 0.8  # above for a year: shorter than the 24 months it must persist
    assert crossing_index(regime, niche) is None
    niche[300:] = 0.8  # above for good from month 300 on
    i = crossing_index(regime, niche)
    assert i is not None and abs(i - 300) <= PhaseRules().smoothing_months // 2


def test_a_stable_regime_with_a_small_niche_is_optimising_and_experimenting():
    n = T.size
    ph = label_phases(np.full(n, 0.9), np.full(n, 0.02), np.zeros(n), np.ones(n))
    assert set(ph.regime) == {REGIME_PHASES.index("optimising")}
    assert set(ph.niche) == {NICHE_PHASES.index("experimenting")}


def _order(codes):
    seen = [int(codes[0])]
    for c in codes[1:]:
        if c != seen[-1]:
            seen.append(int(c))
    return seen


@pytest.mark.parametrize("noise", [0.0, 0.02])
def test_phases_of_an_x_curve_come_in_the_order_of_the_figure(noise):
    regime, niche, inst, pressure = x_curve(noise=noise, seed=3)
    ph = label_phases(regime, niche, inst, pressure)
    reg = _order(ph.regime)
    nic = _order(ph.niche)
    # regime: optimising -> destabilising -> chaos -> breaking down -> phasing out, each once
    assert reg == sorted(reg) and reg[0] == 0 and reg[-1] == 4
    assert {0, 1, 2, 3, 4} <= set(reg)
    # niche: experimenting -> accelerating -> emerging -> institutionalising -> stabilising
    assert nic == sorted(nic) and nic[0] == 0 and nic[-1] == 4
    assert {0, 2, 3, 4} <= set(nic)
    # chaos brackets the pressure bump and lies around the crossing (within 3 years)
    chaos = np.flatnonzero(ph.regime == REGIME_PHASES.index("chaos"))
    assert chaos.size and chaos.min() <= T0 + 36 and chaos.max() >= T0 - 36


def test_short_runs_are_merged_so_labels_do_not_flicker():
    rules = PhaseRules()
    for seed in range(5):
        ph = label_phases(*x_curve(noise=0.05, seed=seed), rules=rules)
        for codes in (ph.regime, ph.niche):
            runs = np.diff(np.flatnonzero(np.diff(np.r_[-1, codes, -1])))
            assert runs.min() >= rules.min_months


def test_a_regime_that_recovers_goes_back_to_optimising():
    regime = np.full(T.size, 0.95)
    dip = (T >= 60) & (T < 84)
    regime[dip] = 0.95 - 0.1 * np.sin(np.pi * (T[dip] - 60) / 24)  # the 2015-like dip
    ph = label_phases(regime, np.full(T.size, 0.01), np.zeros(T.size), np.ones(T.size))
    assert REGIME_PHASES.index("destabilising") in set(ph.regime[40:100])
    assert ph.regime[-1] == REGIME_PHASES.index("optimising")


def test_to_frame_gives_ordered_categoricals():
    ph = label_phases(*x_curve())
    idx = pd.period_range("2010-01", periods=T.size, freq="M")
    df = ph.to_frame(index=idx)
    assert list(df.columns) == ["regime_phase", "niche_phase"]
    assert list(df["regime_phase"].cat.categories) == list(REGIME_PHASES)
    assert df["niche_phase"].cat.ordered
    assert df["regime_phase"].iloc[0] == "optimising"
    assert df["niche_phase"].iloc[-1] == "stabilising"
    spans = ph.spans("regime")
    assert spans[0][0] == "optimising" and spans[-1][2] == T.size


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: crossing_index(np.ones(10), np.ones(9)), "steps"),
        (lambda: crossing_index(np.array([1.0, np.nan]), np.ones(2)), "NaN"),
        (lambda: crossing_index(np.ones((2, 2)), np.ones((2, 2))), "1-D"),
        (lambda: crossing_index(np.array([]), np.array([])), "non-empty"),
        (lambda: PhaseRules(smoothing_months=0), "smoothing_months"),
        (lambda: PhaseRules(fall_slope=-1), "fall_slope"),
        (lambda: PhaseRules(min_months=2.5), "min_months"),
        (lambda: PhaseRules(phase_out_level=0.6), "phase_out_level"),
    ],
)
def test_bad_input_is_named(call, fragment):
    with pytest.raises(ValueError, match=None) as info:
        call()
    assert fragment in str(info.value)
