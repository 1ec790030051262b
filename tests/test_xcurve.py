"""X-curve phases and crossing on synthetic curves whose right answer is known by construction.

The reference X-curve is a regime ``R = 0.95 - 0.9 s`` and a niche ``N = 0.05 + 0.9 s``, where
``s = logistic((t - T0) / WIDTH)``. ``R + N = 1``, so the curves cross exactly at ``T0``, where
both are 0.5. The slope of ``s`` is ``s (1 - s) / WIDTH``, so the month in which any slope
threshold of :class:`PhaseRules` is reached can be solved in closed form (:func:`t_at_slope`).
The expected phase boundaries below are computed from the rules' thresholds in this way; none is
taken from the code's output.

Phase labels use trailing windows (causal: only the month labelled and those before it). A
trailing window over ``w`` months is the centred window of ``(w - 1) / 2`` months earlier, so a
boundary that a centred window would put at month ``t`` comes at ``t + LAG_SLOPE`` if a slope
threshold decides it and at ``t + LAG_LEVEL`` if a level threshold does.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from regimesim import xcurve
from regimesim.xcurve import (
    NICHE_PHASES,
    REGIME_PHASES,
    PhaseRules,
    Phases,
    _merge_short,
    _one_way,
    crossing_index,
    crossing_year,
    label_phases,
)

N_STEPS = 50 * 12  # 50 years, monthly
T = np.arange(N_STEPS)
T0 = 25 * 12  # the crossing month, by construction
WIDTH = 48  # months; the regime loses 12 %-88 % of its fall within T0 -+ 2 WIDTH
AMP = 0.9  # both curves move 0.9 over the transition
INST_LAG = 60  # the institutionalised share follows the niche five years later
INST_AMP = 0.95
RULES = PhaseRules()
LAG_SLOPE = (RULES.slope_months - 1) / 2  # 30 months: centre of the trailing slope window
LAG_LEVEL = (RULES.smoothing_months - 1) / 2  # 12 months: centre of the trailing average

OPT, DESTAB, CHAOS, BREAK, PHASE_OUT = range(5)
EXP, ACC, EMERGE, INST, STAB = range(5)


def logistic(x: np.ndarray | float) -> np.ndarray | float:
    return 1.0 / (1.0 + np.exp(-x))


def x_curve(
    noise: float = 0.0,
    seed: int = 0,
    spike_at: float | None = T0,
    spike: float = 0.5,
    spike_width: float = 36.0,
):
    """The reference X-curve. Pressure is 1 with a bump ``spike * exp(-((t - spike_at) /
    spike_width) ** 2)``; ``spike_at=None`` means no bump. Noise is added to all four series."""
    s = logistic((T - T0) / WIDTH)
    regime, niche = 0.95 - AMP * s, 0.05 + AMP * s
    inst = INST_AMP * logistic((T - T0 - INST_LAG) / WIDTH)
    pressure = np.ones(N_STEPS)
    if spike_at is not None:
        pressure = pressure + spike * np.exp(-(((T - spike_at) / spike_width) ** 2))
    if noise:
        rng = np.random.default_rng(seed)
        regime, niche, inst, pressure = (
            x + rng.normal(0.0, noise, N_STEPS) for x in (regime, niche, inst, pressure)
        )
    return regime, niche, inst, pressure


def t_at_s(s: float, centre: float = T0) -> float:
    """Month at which the logistic reaches ``s``."""
    return centre + WIDTH * math.log(s / (1.0 - s))


def t_at_slope(per_year: float, amp: float = AMP, centre: float = T0, late: bool = False) -> float:
    """Month at which ``amp * s`` changes by ``per_year`` a year, on the rising (early) or the
    flattening (late) flank: solves ``amp * s (1 - s) * 12 / WIDTH = per_year``."""
    root = math.sqrt(1.0 - 4.0 * per_year * WIDTH / (12.0 * amp))
    return t_at_s((1.0 + root) / 2.0 if late else (1.0 - root) / 2.0, centre)


def order(codes: np.ndarray) -> list[int]:
    """The sequence of distinct phases, in order of appearance of their runs."""
    return [int(c) for c in codes[np.r_[0, np.flatnonzero(np.diff(codes)) + 1]]]


def run_lengths(codes: np.ndarray) -> np.ndarray:
    return np.diff(np.r_[0, np.flatnonzero(np.diff(codes)) + 1, codes.size])


def first(codes: np.ndarray, code: int) -> int:
    hits = np.flatnonzero(codes == code)
    assert hits.size, f"phase {code} never occurs"
    return int(hits[0])


# --------------------------------------------------------------------------------------------
# crossing


def test_crossing_of_a_clean_x_curve_is_where_it_was_built():
    regime, niche, *_ = x_curve()
    i = crossing_index(regime, niche)
    # R_s - N_s is the moving average of 0.9 - 1.8 s, which is odd about T0; a centred window
    # keeps it exactly 0 at T0, so the first step with N_s > R_s is T0 or T0 + 1 (rounding)
    assert i in (T0, T0 + 1)
    assert crossing_year(regime, niche, start_year=2010) == pytest.approx(2010 + i / 12)
    assert crossing_year(regime, niche, start_year=2010, start_month=7) == pytest.approx(2010.5 + i / 12)


NOISE = 0.03
# Tolerance for the crossing month under noise. Independent noise of sd NOISE on both curves
# gives the smoothed gap N_s - R_s an sd of NOISE * sqrt(2 / window). Near T0 the gap closes at
# 2 * AMP / (4 * WIDTH) a month, so the timing error has sd = gap sd / closing rate (about 0.9
# month here). We allow 4 sd, plus 1 month for the discreteness of the clean case.
_WINDOW = RULES.smoothing_months
_TIMING_SD = NOISE * math.sqrt(2 / _WINDOW) / (2 * AMP / (4 * WIDTH))
CROSSING_TOL = math.ceil(4 * _TIMING_SD) + 1


@pytest.mark.parametrize("seed", range(20))
def test_crossing_is_robust_to_noise(seed):
    regime, niche, *_ = x_curve(noise=NOISE, seed=seed)
    i = crossing_index(regime, niche)
    assert i is not None and abs(i - T0) <= CROSSING_TOL


def test_noise_does_not_bias_the_crossing():
    errors = [crossing_index(*x_curve(noise=NOISE, seed=s)[:2]) - T0 for s in range(20)]
    # the mean of 20 errors has sd _TIMING_SD / sqrt(20) (~0.2 month): 5 sd allowed
    assert abs(np.mean(errors)) <= 5 * _TIMING_SD / math.sqrt(20)


def test_no_crossing_when_the_niche_stays_below():
    regime, niche = np.full(N_STEPS, 0.9), np.full(N_STEPS, 0.05)
    assert crossing_index(regime, niche) is None
    assert crossing_year(regime, niche, start_year=2010) is None


def test_a_brief_crossing_that_falls_back_is_not_a_crossing():
    regime, niche = np.full(N_STEPS, 0.5), np.full(N_STEPS, 0.3)
    niche[200:212] = 0.8  # a year above the regime, then back below
    # the 25-month average of this block exceeds 0.5 only where the window holds > 10 of its
    # 12 months: a few months, far fewer than the 24 it must persist
    assert crossing_index(regime, niche) is None
    niche[400:] = 0.8  # above for good from month 400
    i = crossing_index(regime, niche)
    # the average of a step up crosses the midway level within half a window of the step
    assert i is not None and abs(i - 400) <= RULES.smoothing_months // 2


@pytest.mark.parametrize("persist", [12, 24, 36])
def test_the_crossing_must_persist_for_crossing_persist_months(persist):
    raw = PhaseRules(smoothing_months=1, crossing_persist_months=persist)  # exact run lengths
    regime, niche = np.full(N_STEPS, 0.5), np.full(N_STEPS, 0.3)
    niche[100 : 100 + persist - 1] = 0.8  # one month short
    assert crossing_index(regime, niche, rules=raw) is None
    niche[100 + persist - 1] = 0.8  # exactly long enough
    assert crossing_index(regime, niche, rules=raw) == 100


def test_a_crossing_in_the_last_months_is_not_counted_yet():
    # documented choice: a crossing must be seen to last crossing_persist_months, also at the end
    raw = PhaseRules(smoothing_months=1)
    regime = np.full(N_STEPS, 0.5)
    niche = np.full(N_STEPS, 0.3)
    niche[N_STEPS - 23 :] = 0.8
    assert crossing_index(regime, niche, rules=raw) is None
    niche[N_STEPS - 24 :] = 0.8
    assert crossing_index(regime, niche, rules=raw) == N_STEPS - 24


def test_a_niche_above_from_the_start_crosses_at_zero():
    assert crossing_index(np.full(60, 0.2), np.full(60, 0.7)) == 0


def test_a_niche_level_with_the_regime_has_not_overtaken_it():
    _, niche, *_ = x_curve()
    assert crossing_index(niche, niche) is None  # "above" is strict


def test_quarterly_series_convert_months_to_steps():
    regime, niche, inst, pressure = (x[::3] for x in x_curve())
    i = crossing_index(regime, niche, steps_per_year=4)
    # T0 is a multiple of 3, so the quarterly crossing is at T0 / 3 (to within one quarter)
    assert i is not None and abs(i - T0 // 3) <= 1
    year = crossing_year(regime, niche, start_year=2010, steps_per_year=4)
    assert year == pytest.approx(2010 + T0 / 12, abs=0.25)
    ph = label_phases(regime, niche, inst, pressure, steps_per_year=4)
    assert order(ph.regime) == [OPT, DESTAB, CHAOS, BREAK, PHASE_OUT]
    # slopes are per year whatever the step: the regime starts falling faster than fall_slope
    # where the monthly analysis says, to within a quarter plus rounding; the trailing window of
    # round(61 / 3) = 20 quarters lags by 9.5 quarters
    lag = (round(RULES.slope_months / 3) - 1) / 2 * 3
    assert abs(3 * first(ph.regime, DESTAB) - (t_at_slope(RULES.fall_slope) + lag)) <= 6
    assert order(ph.niche) == [EXP, ACC, EMERGE, INST, STAB]
    # the 12-month minimum is 4 quarters
    assert run_lengths(ph.regime).min() >= 4 and run_lengths(ph.niche).min() >= 4


# --------------------------------------------------------------------------------------------
# phases


@pytest.mark.parametrize(("noise", "seed"), [(0.0, 0), (0.02, 1), (0.02, 2), (0.02, 3)])
def test_a_flat_regime_with_a_flat_niche_is_optimising_and_experimenting(noise, seed):
    rng = np.random.default_rng(seed)
    regime, niche, inst, pressure = (
        level + rng.normal(0.0, noise, N_STEPS) for level in (0.9, 0.02, 0.0, 1.0)
    )
    ph = label_phases(regime, niche, inst, pressure)
    assert set(ph.regime) == {OPT}
    assert set(ph.niche) == {EXP}
    assert crossing_index(regime, niche) is None


def test_clean_x_curve_phase_boundaries_match_the_rules():
    """Every boundary is solved from the thresholds, then moved later by the lag of the trailing
    window that decides it (LAG_SLOPE or LAG_LEVEL; the curve is nearly linear within a window).
    Allowed error: 3 months (curvature bias of the windows, integer months). With centred
    windows every boundary would come 12-30 months earlier and this test would fail."""
    r = RULES
    ph = label_phases(*x_curve())
    assert order(ph.regime) == [OPT, DESTAB, CHAOS, BREAK, PHASE_OUT]
    assert order(ph.niche) == [EXP, ACC, EMERGE, INST, STAB]
    # phasing out needs both: below phase_out_level (a level) and slower than phase_out_slope
    below = t_at_s((0.95 - r.phase_out_level) / AMP) + LAG_LEVEL
    flattened = t_at_slope(r.phase_out_slope, late=True) + LAG_SLOPE
    inst_flat = t_at_slope(r.rise_slope, amp=INST_AMP, centre=T0 + INST_LAG, late=True)
    # regime: falls faster than fall_slope from here on
    expect = {
        ("regime", DESTAB): t_at_slope(r.fall_slope) + LAG_SLOPE,
        # chaos: |R - N| = |0.9 - 1.8 s| <= chaos_gap, with pressure well above its baseline
        # (the regime is falling and the niche rising long before)
        ("regime", CHAOS): t_at_s((AMP - r.chaos_gap) / (2 * AMP)) + LAG_LEVEL,
        ("regime", BREAK): t_at_s((AMP + r.chaos_gap) / (2 * AMP)) + LAG_LEVEL,
        ("regime", PHASE_OUT): max(below, flattened),
        ("niche", ACC): t_at_slope(r.rise_slope) + LAG_SLOPE,
        ("niche", EMERGE): t_at_s((r.emerge_level - 0.05) / AMP) + LAG_LEVEL,
        ("niche", INST): t_at_s((r.institution_level - 0.05) / AMP) + LAG_LEVEL,
        # stabilising once the institutionalised share, the later of the two, flattens
        ("niche", STAB): inst_flat + LAG_SLOPE,
    }
    # the chosen thresholds must make these boundaries meaningful for the construction: the
    # niche is still below emerge_level when it starts to accelerate, and the institutionalised
    # share flattens after the niche does
    assert expect["niche", ACC] < expect["niche", EMERGE]
    assert t_at_slope(r.rise_slope, late=True) < inst_flat
    for (curve, code), t in expect.items():
        codes = ph.regime if curve == "regime" else ph.niche
        assert abs(first(codes, code) - t) <= 3, (curve, code, first(codes, code), t)


@pytest.mark.parametrize("seed", range(10))
def test_noisy_x_curve_phases_come_in_the_order_of_the_figure(seed):
    # iid noise of sd 0.015 a month on every series: about five times the month-to-month
    # Monte-Carlo noise of regime strength and niche share in model output at scale 0.05
    ph = label_phases(*x_curve(noise=0.015, seed=seed))
    assert order(ph.regime) == [OPT, DESTAB, CHAOS, BREAK, PHASE_OUT]
    assert order(ph.niche) == [EXP, ACC, EMERGE, INST, STAB]
    chaos = np.flatnonzero(ph.regime == CHAOS)
    assert chaos.min() <= T0 <= chaos.max()  # chaos brackets the crossing


def test_chaos_needs_a_pressure_spike():
    ph = label_phases(*x_curve(spike_at=None))
    assert CHAOS not in set(ph.regime)
    # without chaos the regime goes straight from destabilising to breaking down at the crossing
    # of the trailing averages, half a smoothing window after the crossing itself
    assert order(ph.regime) == [OPT, DESTAB, BREAK, PHASE_OUT]
    assert abs(first(ph.regime, BREAK) - (T0 + LAG_LEVEL)) <= 1
    # a spike below chaos_rise (10 %) is not chaos either
    ph = label_phases(*x_curve(spike=0.5 * RULES.chaos_rise))
    assert CHAOS not in set(ph.regime)


def test_chaos_sits_around_the_crossing_not_at_an_early_spike():
    # a pressure spike 8 years before the crossing, while the regime is still far above the
    # niche (|R - N| > chaos_gap), is not chaos: chaos is the zone around the crossing
    early = T0 - 96
    regime, niche, *_ = x_curve()
    assert abs(regime[early] - niche[early]) > RULES.chaos_gap
    ph = label_phases(*x_curve(spike_at=early))
    assert CHAOS not in set(ph.regime)
    # with the gap condition switched off the same spike is labelled chaos, near the spike
    ph = label_phases(*x_curve(spike_at=early), rules=PhaseRules(chaos_gap=1.0))
    chaos = np.flatnonzero(ph.regime == CHAOS)
    assert chaos.size and chaos.min() <= early <= chaos.max()


def test_chaos_after_a_spell_of_breaking_down_keeps_the_figure_order(monkeypatch):
    # a sharp pressure spike two years after the crossing: smoothed pressure passes chaos_rise
    # only after the regime has dropped below the niche (breaking down, from T0 + LAG_LEVEL in
    # the trailing averages), and chaos ends where |R - N| of the trailing averages exceeds
    # chaos_gap
    data = x_curve(spike_at=T0 + 24, spike_width=8.0)
    rules = PhaseRules(min_months=6)
    ph = label_phases(*data, rules=rules)
    assert order(ph.regime) == [OPT, DESTAB, CHAOS, BREAK, PHASE_OUT]
    chaos = np.flatnonzero(ph.regime == CHAOS)
    gap_end = t_at_s((AMP + rules.chaos_gap) / (2 * AMP)) + LAG_LEVEL
    assert T0 + LAG_LEVEL < chaos.min() < T0 + 24 < chaos.max() <= gap_end
    # premise: without the one-way rule the labels step back from breaking down to chaos; the
    # rule relabels the shorter stretch (the breaking-down spell), not the chaos
    monkeypatch.setattr(xcurve, "_one_way", lambda codes: codes)
    raw = label_phases(*data, rules=rules)
    assert order(raw.regime) == [OPT, DESTAB, BREAK, CHAOS, BREAK, PHASE_OUT]
    spell = np.flatnonzero(raw.regime[: chaos.min()] == BREAK)
    assert spell.size < chaos.size
    assert (ph.regime[spell] == DESTAB).all()


def test_a_regime_that_recovers_goes_back_to_optimising():
    # a 2015-like shock: the regime dips by 0.1 over two years and comes back
    regime = np.full(N_STEPS, 0.95)
    dip = (T >= 60) & (T < 84)
    regime[dip] -= 0.1 * np.sin(np.pi * (T[dip] - 60) / 24)
    flat = np.full(N_STEPS, 0.01), np.zeros(N_STEPS), np.ones(N_STEPS)
    ph = label_phases(regime, *flat)
    assert DESTAB in set(ph.regime[36:84])
    assert order(ph.regime) == [OPT, DESTAB, OPT]


def test_a_pause_in_the_decline_keeps_its_phase():
    # the regime is flat for 5 years, falls from 0.95 to 0.6, pauses for 5 years (below
    # optimising_level), then falls on to a remnant
    t_fall, t_pause, pause = 60, 200, 60
    regime = np.clip(0.95 - 0.35 * (T - t_fall) / (t_pause - t_fall), 0.6, 0.95)
    later = t_pause + pause <= T
    regime[later] = np.maximum(0.6 - 0.05 * (T[later] - t_pause - pause) / 12, 0.05)
    assert RULES.phase_out_level < 0.6 < RULES.optimising_level
    ph = label_phases(regime, np.full(N_STEPS, 0.02), np.zeros(N_STEPS), np.ones(N_STEPS))
    # no return to optimising during the pause, and never a step back
    assert order(ph.regime) == [OPT, DESTAB, BREAK, PHASE_OUT]
    assert ph.regime[t_pause + pause // 2] == DESTAB
    # a pause above optimising_level, by contrast, is optimising again
    high = np.where(T < 100, 0.95 - 0.2 * T / 100, 0.75)
    ph = label_phases(high, np.full(N_STEPS, 0.02), np.zeros(N_STEPS), np.ones(N_STEPS))
    assert ph.regime[-1] == OPT and DESTAB in set(ph.regime)


def test_a_niche_that_stalls_goes_back_to_experimenting():
    # the niche grows at 2 % a year for 4 years (still below emerge_level) and then stalls
    niche = np.clip(0.02 + 0.02 * (T - 120) / 12, 0.02, 0.10)
    ph = label_phases(np.full(N_STEPS, 0.95), niche, np.zeros(N_STEPS), np.ones(N_STEPS))
    assert order(ph.niche) == [EXP, ACC, EXP]
    assert niche.max() < RULES.emerge_level


@pytest.mark.parametrize("min_months", [6, 12, 24])
def test_short_runs_are_merged_so_labels_do_not_flicker(min_months):
    rules = PhaseRules(min_months=min_months)
    for seed in range(4):
        data = x_curve(noise=0.08, seed=seed)
        ph = label_phases(*data, rules=rules)
        for codes in (ph.regime, ph.niche):
            assert run_lengths(codes).min() >= min_months
        # the merging is what does it: without it this noise makes short runs
        if min_months == 12:
            bare = label_phases(*data, rules=PhaseRules(min_months=1))
            assert min(run_lengths(bare.regime).min(), run_lengths(bare.niche).min()) < 12


def test_merge_gives_a_short_run_to_the_phase_before_it():
    # causal: the phase before the short run is kept, so the next phase does not start earlier
    codes = np.array([0] * 20 + [1] * 4 + [2] * 20, dtype=np.int8)
    out = _merge_short(codes, 12)
    assert out.tolist() == [0] * 24 + [2] * 20
    # a short first run has no run before it and joins the one after; a short last run the one
    # before
    edge = np.array([3] * 5 + [1] * 30 + [4] * 7, dtype=np.int8)
    assert _merge_short(edge, 12).tolist() == [1] * 42
    # shortest first: the 3-run joins the 5-run before it, which is then long enough to stay
    chain = np.array([0] * 20 + [1] * 5 + [2] * 3 + [4] * 20 + [3] * 8 + [4] * 12, dtype=np.int8)
    assert _merge_short(chain, 8).tolist() == [0] * 20 + [1] * 8 + [4] * 20 + [3] * 8 + [4] * 12


def test_one_way_relabels_the_fewest_steps_and_allows_recovery():
    codes = np.array(
        [0] * 20 + [1] * 30 + [3] * 15 + [2] * 40 + [4] * 30 + [0] * 20 + [2] * 20 + [1] * 25, dtype=np.int8
    )
    out = _one_way(codes)
    # first episode: the 15 steps of breaking down before chaos are the fewest to change; the
    # tie between relabelling them destabilising or chaos goes to the earlier phase
    expected = [0] * 20 + [1] * 45 + [2] * 40 + [4] * 30 + [0] * 20
    # second episode (after recovery): chaos 20, destabilising 25 -> keep the longer run
    expected += [1] * 45
    assert out.tolist() == expected


# --------------------------------------------------------------------------------------------
# output types


def test_to_frame_gives_ordered_categoricals():
    ph = label_phases(*x_curve())
    idx = pd.period_range("2010-01", periods=N_STEPS, freq="M")
    df = ph.to_frame(index=idx)
    assert list(df.columns) == ["regime_phase", "niche_phase"]
    assert df.index.equals(idx)
    for col, names, codes in (
        ("regime_phase", REGIME_PHASES, ph.regime),
        ("niche_phase", NICHE_PHASES, ph.niche),
    ):
        assert isinstance(df[col].dtype, pd.CategoricalDtype)
        assert df[col].cat.ordered
        assert list(df[col].cat.categories) == list(names)
        assert np.array_equal(df[col].cat.codes.to_numpy(), codes)
    assert df["regime_phase"].iloc[0] == "optimising"
    assert df["niche_phase"].iloc[-1] == "stabilising"
    # ordered: every chaos month comes before every phasing-out month, and compares below it
    assert (df["regime_phase"][df["regime_phase"] == "chaos"] < "phasing_out").all()
    assert isinstance(ph.to_frame().index, pd.RangeIndex)


def test_spans_tile_the_run():
    ph = label_phases(*x_curve())
    for which, names in (("regime", REGIME_PHASES), ("niche", NICHE_PHASES)):
        spans = ph.spans(which)
        assert [s[0] for s in spans] == list(names)  # the clean curve passes every phase once
        assert spans[0][1] == 0 and spans[-1][2] == N_STEPS
        assert all(a[2] == b[1] for a, b in zip(spans, spans[1:], strict=False))
    with pytest.raises(ValueError, match="which"):
        ph.spans("both")  # type: ignore[arg-type]


def test_phases_dtype_and_validation():
    ph = label_phases(*x_curve())
    assert ph.regime.dtype == np.int8 and ph.niche.dtype == np.int8 and len(ph) == N_STEPS
    assert ph == Phases(ph.regime.astype(int), ph.niche.astype(int))
    with pytest.raises(ValueError, match="regime"):
        Phases(np.array([0, 5]), np.array([0, 0]))
    with pytest.raises(ValueError, match="steps"):
        Phases(np.array([0, 1]), np.array([0]))


# --------------------------------------------------------------------------------------------
# bad input


@pytest.mark.parametrize(
    ("call", "fragments"),
    [
        (lambda: crossing_index(np.ones(10), np.ones(9)), ["niche", "9", "regime", "10"]),
        (lambda: crossing_index([1.0, np.nan], [1.0, 1.0]), ["regime", "NaN"]),
        (lambda: crossing_index([1.0, 1.0], [1.0, np.inf]), ["niche", "infinite"]),
        (lambda: crossing_index(np.ones((2, 2)), np.ones((2, 2))), ["regime", "1-D"]),
        (lambda: crossing_index([], []), ["regime", "non-empty"]),
        (lambda: crossing_index(["a"], ["b"]), ["regime", "numeric"]),
        (lambda: crossing_index(np.ones(5), np.ones(5), steps_per_year=0), ["steps_per_year"]),
        (lambda: crossing_year(np.ones(5), np.ones(5), 2010, start_month=13), ["start_month"]),
        (lambda: label_phases(np.ones(5), np.ones(5), np.ones(4), np.ones(5)), ["institutionalised", "4"]),
        (
            lambda: label_phases(np.ones(3), np.ones(3), [0, np.nan, 0], np.ones(3)),
            ["institutionalised", "NaN"],
        ),
        (lambda: label_phases(np.ones(3), np.ones(3), np.ones(3), [1.0, -0.5, 1.0]), ["pressure", ">= 0"]),
    ],
)
def test_bad_series_are_named(call, fragments):
    with pytest.raises(ValueError) as info:
        call()
    for fragment in fragments:
        assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("overrides", "field_name", "allowed"),
    [
        ({"smoothing_months": 0}, "smoothing_months", "[1, 240]"),
        ({"slope_months": 2}, "slope_months", "[3, 480]"),
        ({"min_months": 2.5}, "min_months", "whole number"),
        ({"crossing_persist_months": True}, "crossing_persist_months", "[1, 600]"),
        ({"fall_slope": -0.1}, "fall_slope", "[0.0, 1.0]"),
        ({"rise_slope": float("nan")}, "rise_slope", "[0.0, 1.0]"),
        ({"chaos_gap": 0.0}, "chaos_gap", "(0.0, 1.0]"),
        ({"breakdown_level": 1.0}, "breakdown_level", "(0.0, 1.0)"),
        ({"baseline_quantile": 1.5}, "baseline_quantile", "[0.0, 1.0]"),
        ({"chaos_rise": "0.1"}, "chaos_rise", "[0.0, 10.0]"),
        ({"phase_out_level": 0.6}, "phase_out_level", "breakdown_level"),
        ({"emerge_level": 0.6}, "emerge_level", "institution_level"),
    ],
)
def test_bad_rules_name_the_field_and_its_range(overrides, field_name, allowed):
    with pytest.raises(ValueError) as info:
        PhaseRules(**overrides)
    assert f"PhaseRules.{field_name}" in str(info.value)
    assert allowed in str(info.value)


def test_rules_are_frozen():
    with pytest.raises(AttributeError):
        RULES.min_months = 3  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# causality: no phase before the event that drives it


def step_or_kink(t0: int, kind: str, noise: float, seed: int):
    """Flat curves until month ``t0``, then a change that drives the X-curve phases.

    ``step``: the regime drops by 0.3 at ``t0`` and the niche jumps to 0.3 (a reform or a
    shock). ``kink``: from ``t0`` the regime falls by 0.08 a year (eight times ``fall_slope``)
    and the niche grows by 0.05 a year. Pressure steps up by a fifth at ``t0``. Before ``t0``
    the curves are flat: a high regime and a small niche, i.e. optimising and experimenting.
    """
    after = np.maximum(T - t0, 0)
    if kind == "step":
        regime = np.where(t0 > T, 0.9, 0.6)
        niche = np.where(t0 > T, 0.03, 0.3)
    else:
        regime = np.maximum(0.9 - 0.08 * after / 12, 0.05)
        niche = np.minimum(0.03 + 0.05 * after / 12, 0.95)
    inst = np.zeros(N_STEPS)
    pressure = np.where(t0 > T, 1.0, 1.2)
    rng = np.random.default_rng(seed)
    regime, niche, inst, pressure = (
        x + rng.normal(0.0, noise, N_STEPS) for x in (regime, niche, inst, pressure)
    )
    return regime, niche, inst, np.maximum(pressure, 0.0)


@pytest.mark.parametrize("kind", ["step", "kink"])
@pytest.mark.parametrize("t0", [18, 40, 120, 300, 480])
def test_no_phase_starts_before_the_change_that_drives_it(kind, t0):
    # noise of sd 0.015 a month, five times the Monte-Carlo noise of model output at scale 0.05
    for seed in range(5):
        ph = label_phases(*step_or_kink(t0, kind, noise=0.015, seed=seed))
        assert (ph.regime[:t0] == OPT).all(), (seed, np.flatnonzero(ph.regime[:t0] != OPT)[:1])
        assert (ph.niche[:t0] == EXP).all(), (seed, np.flatnonzero(ph.niche[:t0] != EXP)[:1])
        # not vacuous: the change is labelled, and within the documented lag (a step or a
        # steep decline: well within half a slope window; a level read from a trailing
        # average of a step: within half a smoothing window plus min_months of merging)
        assert (ph.regime[t0:] != OPT).any() and (ph.niche[t0:] != EXP).any()
        assert first(ph.regime[t0:] != OPT, True) <= LAG_SLOPE
        assert first(ph.niche[t0:] != EXP, True) <= LAG_SLOPE


def test_leading_hold_steps_do_not_borrow_a_later_phase():
    # a regime flat at a middling level (a hold: no phase to keep) that starts to fall at month
    # 200: the months before are labelled by level (optimising above breakdown_level), not with
    # the destabilising that comes later
    level = (RULES.breakdown_level + RULES.optimising_level) / 2
    regime = np.where(T < 200, level, level - 0.05 * (T - 200) / 12)
    ph = label_phases(regime, np.full(N_STEPS, 0.02), np.zeros(N_STEPS), np.ones(N_STEPS))
    assert (ph.regime[:200] == OPT).all()
    assert order(ph.regime)[:2] == [OPT, DESTAB]


@pytest.mark.parametrize(("rate_factor", "within"), [(2.0, True), (1.2, False)])
def test_a_decline_of_twice_fall_slope_is_labelled_within_half_a_slope_window(rate_factor, within):
    # the documented lag: after a kink into a decline at rate a, the trailing slope reads
    # (3 f^2 - 2 f^3) a once a fraction f of the window has passed, half of a at f = 1/2
    t0 = 200
    rate = rate_factor * RULES.fall_slope
    regime = np.where(t0 > T, 0.95, 0.95 - rate * (T - t0) / 12)
    ph = label_phases(regime, np.full(N_STEPS, 0.02), np.zeros(N_STEPS), np.ones(N_STEPS))
    lag = first(ph.regime, DESTAB) - t0
    assert lag > 0
    assert (lag <= LAG_SLOPE + 1) == within


def test_lag_note_is_derived_from_the_rules():
    assert xcurve.label_lag_months() == {"slope": LAG_SLOPE, "level": LAG_LEVEL}
    rules = PhaseRules(slope_months=41, smoothing_months=13, fall_slope=0.02)
    assert xcurve.label_lag_months(rules) == {"slope": 20.0, "level": 6.0}
    # quarterly steps: 41 months are 14 quarters (lag 6.5 quarters), 13 months 4 (1.5 quarters)
    assert xcurve.label_lag_months(rules, steps_per_year=4) == {"slope": 19.5, "level": 4.5}
    note = xcurve.lag_note(PhaseRules(slope_months=41, smoothing_months=13, fall_slope=0.02, min_months=7))
    for fragment in (
        "41-month",
        "13-month",
        "0.04/yr",
        "about 20 months",
        "about 6 months",
        "lasts 7 months",
        "confirmed 7 months later",
    ):
        assert fragment in note, fragment
    default = xcurve.lag_note()
    for fragment in ("61-month", "25-month", "0.02/yr", "about 30 months", "about 12 months"):
        assert fragment in default, fragment


# --------------------------------------------------------------------------------------------
# curves that level off between adjacent thresholds (a rule read against the wrong one fails)

# Regime thresholds in order: 0 < phase_out_level < breakdown_level < optimising_level < 1;
# niche thresholds: 0 < emerge_level < institution_level < 1.
_R_EDGES = (0.0, RULES.phase_out_level, RULES.breakdown_level, RULES.optimising_level, 0.95)
_N_EDGES = (0.0, RULES.emerge_level, RULES.institution_level, 1.0)


def level_off(start: float, level: float, rate: float = 0.05) -> np.ndarray:
    """Flat at ``start`` for five years, then linear at ``rate`` a year to ``level``, then flat."""
    path = start + np.sign(level - start) * rate * np.maximum(T - 60, 0) / 12
    return np.minimum(path, level) if level > start else np.maximum(path, level)


@pytest.mark.parametrize(
    ("band", "expected"),
    [
        # below phase_out_level and flat: the remnant is phasing out
        pytest.param(0, PHASE_OUT, id="below-phase_out_level"),
        # between phase_out_level and breakdown_level: a pause while breaking down
        pytest.param(1, BREAK, id="phase_out-breakdown"),
        # between breakdown_level and optimising_level: a pause while destabilising
        pytest.param(2, DESTAB, id="breakdown-optimising"),
        # above optimising_level and flat: optimising again
        pytest.param(3, OPT, id="above-optimising_level"),
    ],
)
def test_a_regime_that_levels_off_between_two_thresholds(band, expected):
    level = (_R_EDGES[band] + _R_EDGES[band + 1]) / 2
    regime = level_off(0.95, level)
    ph = label_phases(regime, np.full(N_STEPS, 0.02), np.zeros(N_STEPS), np.ones(N_STEPS))
    # the last ten years are flat at the level: the phase there depends only on which two
    # thresholds the level lies between
    assert regime[-120] == level
    assert set(ph.regime[-60:]) == {expected}


@pytest.mark.parametrize(
    ("band", "expected"),
    [pytest.param(1, PHASE_OUT, id="phase_out-breakdown"), pytest.param(2, OPT, id="breakdown-optimising")],
)
def test_a_regime_flat_between_two_thresholds_from_the_start(band, expected):
    # nothing decided (flat between phase_out_level and optimising_level throughout): steps at
    # or above breakdown_level are optimising, the others phasing out
    level = (_R_EDGES[band] + _R_EDGES[band + 1]) / 2
    ph = label_phases(np.full(N_STEPS, level), np.full(N_STEPS, 0.02), np.zeros(N_STEPS), np.ones(N_STEPS))
    assert set(ph.regime) == {expected}


@pytest.mark.parametrize(
    ("band", "expected"),
    [
        pytest.param(0, EXP, id="below-emerge_level"),
        pytest.param(1, EMERGE, id="emerge-institution"),
        pytest.param(2, STAB, id="above-institution_level"),
    ],
)
def test_a_niche_that_levels_off_between_two_thresholds(band, expected):
    level = (_N_EDGES[band] + _N_EDGES[band + 1]) / 2
    niche = level_off(0.02, level)
    ph = label_phases(np.full(N_STEPS, 0.95), niche, np.zeros(N_STEPS), np.ones(N_STEPS))
    assert niche[-120] == level
    assert set(ph.niche[-60:]) == {expected}


# --------------------------------------------------------------------------------------------
# the default thresholds, pinned with their reasons


def test_default_rules_are_pinned():
    """A silent change of a default fails here. Each value with its reason (the seed figure gives
    no numbers: module docstring, Source):"""
    pinned = {
        # two years (odd: the centred crossing window stays symmetric): averages monthly
        # Monte-Carlo noise down five-fold, yet is short next to a 20-50 year transition (§6)
        "smoothing_months": 25,
        # five years (odd): wider than the smoothing so noise does not flip falling/rising; its
        # half, 30 months, is the labelling lag of a decline twice fall_slope (Causality)
        "slope_months": 61,
        # 1 point a year separates a steady regime (slope noise ~0.002/yr at model noise) from
        # the decline of a 20-50 year transition (0.9 over 20-50 years: 0.02-0.045/yr)
        "fall_slope": 0.01,
        # the remnant phases out once its decline has slowed below 2.5 points a year, under half
        # the peak rate of a 0.9 fall over 30 years (~0.06/yr for a logistic): the tail of the
        # figure's breakdown curve flattens
        "phase_out_slope": 0.025,
        # as fall_slope, for the niche and its institutionalised share
        "rise_slope": 0.01,
        # a flat regime this strong is still the dominant, optimising regime (the figure's top
        # left); it separates a regime that absorbs a reform (2015: back to optimising) from a
        # pause in a decline at a middling level
        "optimising_level": 0.7,
        # the middle of the 0-1 scale: a regime below it has lost its majority, where the
        # figure's curves cross (R + N = 1 at the crossing)
        "breakdown_level": 0.5,
        # the low remnant of the figure's bottom right: half-way from breakdown_level to 0
        "phase_out_level": 0.25,
        # 10 % above the baseline is over five times the year-to-year noise of mean pressure,
        # and the figure's chaos is a marked rise ("incidenten, crises ... toenemen", §6.1)
        "chaos_rise": 0.1,
        # chaos sits around the crossing: the middle of the curves' approach, |R - N| within a
        # third of their 0.9 swing
        "chaos_gap": 0.3,
        # the first decade (2010s in the history runs), before any lever acts
        "baseline_years": 10.0,
        # the median, so a spike in the baseline years does not raise the baseline
        "baseline_quantile": 0.5,
        # a niche past 15 % of families is no longer a fringe of proeftuinen: emergence
        "emerge_level": 0.15,
        # from half of families the new practice is the majority: institutionalising
        "institution_level": 0.5,
        # a year: shorter runs are noise (or a season) next to phases of several years
        "min_months": 12,
        # two years above the regime, so a short excursion is not taken for the crossing
        "crossing_persist_months": 24,
    }
    defaults = {f.name: getattr(RULES, f.name) for f in dataclasses.fields(PhaseRules)}
    assert defaults == pinned
    # integers stay integers (durations are whole months)
    assert all(type(defaults[k]) is int for k in pinned if k.endswith("_months"))


# --------------------------------------------------------------------------------------------
# the real model: the 2015 decentralisation is not labelled before it happens


@pytest.mark.compiled_only
def test_history_shows_no_phase_before_the_decentralisation():
    from regimesim import scenario as scn

    # scale 0.1: at 0.02 municipalities of a few households have noisy costs that raise the
    # pressure (docs/model.md, limitations), and 1-3 of 20 seeds read destabilising before 2015
    history = scn.Scenario.load(scn.find_scenario("history")).with_parameters(scale=0.1)
    (event,) = [e for e in history.event_list() if e.kind == "decentralisation"]
    for seed in range(3):
        result = scn.run(history, seed=seed)
        before = result.timeline.year_of(np.arange(len(result.indicators))) < event.year
        assert before.any() and not before.all()  # the event falls inside the run
        phases = result.phases["regime_phase"]
        assert set(phases[before]) == {"optimising"}, (
            seed,
            phases[before & (phases != "optimising")].index[:1],
        )
        # not vacuous: the regime does destabilise after the event (it loses about 0.1 within
        # two years, a steep decline), within the documented lag of half a slope window
        after = np.flatnonzero(~before & (phases != "optimising").to_numpy())
        assert after.size and after[0] - np.flatnonzero(~before)[0] <= LAG_SLOPE


# --------------------------------------------------------------------------------------------
# figure captions state the lag of the rules in use


def test_the_xcurve_figures_state_the_lag_of_the_rules_in_use():
    import matplotlib.pyplot as plt

    from regimesim.compare import compare
    from regimesim.plotting import plot_xcurve
    from regimesim.scenario import Scenario, run

    def texts(fig):
        return " ".join(" ".join(t.get_text().split()) for t in fig.findobj(plt.Text))

    sc = Scenario(title="Short", start=2026, end=2030, scale=0.01, name="short")
    result = run(sc, seed=1)
    rules = PhaseRules(slope_months=41, smoothing_months=13)
    for fig, note in (
        (plot_xcurve(result), xcurve.lag_note()),
        (plot_xcurve(result, rules=rules), xcurve.lag_note(rules)),
    ):
        assert note in texts(fig)
        plt.close(fig)
    assert "about 20 months" in xcurve.lag_note(rules)  # the two notes differ
    fig = compare([sc, sc.replace(name="again", title="Again")], seeds=1, year=2029, workers=1).plot_xcurves()
    assert xcurve.lag_note() in texts(fig)
    plt.close(fig)


def test_the_pressure_baseline_reads_no_later_month():
    # pressure high for the first four years, then back to normal: over all ten baseline years
    # the median is near the normal level, which would make the early months look like chaos.
    # A baseline of the months seen so far has no rise to see there.
    regime = 0.52 - 0.02 * T / 12  # falling and close to the niche from the start
    niche = 0.40 + 0.02 * T / 12
    pressure = np.where(T < 48, 1.3, 1.0)
    ph = label_phases(regime, niche, np.zeros(N_STEPS), pressure)
    assert CHAOS not in set(ph.regime[:120])
    # premise: the same curves are chaos when the high pressure follows a year of normal
    # pressure, a rise the baseline of the months seen so far does show
    pressure[:12] = 1.0
    assert CHAOS in set(label_phases(regime, niche, np.zeros(N_STEPS), pressure).regime[30:60])


# --------------------------------------------------------------------------------------------
# conditions that only non-default rules or particular curves can tell apart


@pytest.mark.parametrize(("spike", "chaos"), [(0.3, False), (0.8, True)])
def test_chaos_rise_is_the_threshold_of_the_pressure_spike(spike, chaos):
    # with chaos_rise = 0.4 a spike of 0.3 above the baseline (1.0) is not chaos, one of 0.8 is;
    # a rule that read a lower threshold (e.g. half of chaos_rise) would call both chaos
    rules = PhaseRules(chaos_rise=0.4)
    ph = label_phases(*x_curve(spike=spike), rules=rules)
    assert (CHAOS in set(ph.regime)) == chaos


@pytest.mark.parametrize(("niche_level", "expected"), [(0.9, BREAK), (0.05, DESTAB)])
def test_a_falling_regime_below_the_niche_is_breaking_down_even_above_breakdown_level(niche_level, expected):
    # the regime falls 0.02 a year from year 5 and stays above breakdown_level (0.5) until year
    # 27; no pressure spike, so no chaos. Only whether the niche is above it decides between
    # destabilising (R >= N) and breaking down (R < N)
    regime = 0.95 - 0.02 * np.maximum(T - 60, 0) / 12
    niche = np.where(T < 120, 0.05, niche_level)
    ph = label_phases(regime, niche, np.zeros(N_STEPS), np.ones(N_STEPS))
    window = slice(15 * 12, 25 * 12)  # R from 0.75 to 0.55: falling, above breakdown_level
    assert (regime[window] > RULES.breakdown_level).all()
    assert set(ph.regime[window]) == {expected}


@pytest.mark.parametrize(
    ("fall_slope", "rise_slope", "inst_rising"), [(0.01, 0.05, False), (0.05, 0.01, True)]
)
def test_the_institutionalised_share_rises_against_rise_slope_not_fall_slope(
    fall_slope, rise_slope, inst_rising
):
    # a niche flat above institution_level, its institutionalised share rising 0.03 a year:
    # institutionalising if that beats rise_slope, else stabilising (fall_slope plays no part)
    rules = PhaseRules(fall_slope=fall_slope, rise_slope=rise_slope)
    inst = 0.2 + 0.03 * T / 12
    ph = label_phases(np.full(N_STEPS, 0.2), np.full(N_STEPS, 0.8), inst, np.ones(N_STEPS), rules=rules)
    assert set(ph.niche[120:]) == {INST if inst_rising else STAB}


@pytest.mark.parametrize(
    ("fall_slope", "rise_slope", "accelerating"), [(0.01, 0.05, False), (0.05, 0.01, True)]
)
def test_the_niche_rises_against_rise_slope_not_fall_slope(fall_slope, rise_slope, accelerating):
    # a niche below emerge_level rising 0.02 a year (from 0 to 90 % of emerge_level, reached in
    # month 81): accelerating if that beats rise_slope, else experimenting
    rules = PhaseRules(fall_slope=fall_slope, rise_slope=rise_slope)
    niche = np.minimum(0.02 * T / 12, 0.9 * RULES.emerge_level)
    months = slice(45, 75)  # slopes need half a window (31 months) of data; still rising
    ph = label_phases(np.full(N_STEPS, 0.95), niche, np.zeros(N_STEPS), np.ones(N_STEPS), rules=rules)
    assert set(ph.niche[months]) == {ACC if accelerating else EXP}
