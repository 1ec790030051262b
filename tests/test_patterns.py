"""Patterns of "The X-curve from the mechanisms" (issue 9), each over 20 seeds with a null variant.

Every test names its seed passage, states its criterion over the seeds, and runs the same check on
a *null variant* -- the mechanism switched off by its parameters -- where the pattern must be
absent, so that an assert which would also pass without the mechanism cannot hide here.
Runs use the shipped library files at a small scale (stated per test) with everything else at
the defaults.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest
from scipy.stats import wilcoxon

from regimesim import RegimeModel, simulate
from regimesim.agents import Ministry
from regimesim.levers import Event
from regimesim.scenario import Scenario, find_scenario
from regimesim.xcurve import REGIME_PHASES, crossing_year, label_phases

SEEDS = range(20)


def _runs(name: str, seeds=SEEDS, **parameters) -> list[pd.DataFrame]:
    """Indicator tables of the library scenario ``name`` over ``seeds``, parameters overridden."""
    inputs = Scenario.load(find_scenario(name)).with_parameters(**parameters).inputs()
    with ThreadPoolExecutor(max_workers=2) as pool:  # the kernels release the GIL
        return list(pool.map(lambda s: simulate(**inputs, seed=s).indicators, seeds))


def _regime_phase(df: pd.DataFrame, when: str) -> str:
    ph = label_phases(
        df.regime_strength.to_numpy(),
        df.niche_share.to_numpy(),
        df.institutionalised_share.to_numpy(),
        df.pressure.to_numpy(),
    )
    return REGIME_PHASES[ph.regime[df.index.get_loc(pd.Timestamp(when))]]


def _window(df: pd.DataFrame, col: str, first: int, last: int) -> float:
    years = df.index.year
    return float(df[col][(years >= first) & (years <= last)].mean())


# --- item 2: the present read as destabilising ---------------------------------------------------


@pytest.mark.slow
def test_history_reads_destabilising_by_2025():
    """[DRIFT2025] Een hardnekkig regime: a regime "dat steeds verder onder druk komt te staan en
    destabiliseert"; digest §6.1. The causal X-curve labels of ``history`` in mid-2025 say
    *destabilising* in most seeds (a majority, >= 11 of 20), and the 2015 shock alone does not
    do it: with pressure eroding nothing (``pressure_erosion = 0``, the null variant) at most 2 of
    20 seeds read destabilising (the regime recovers from 2015 and reads optimising)."""
    labels = [_regime_phase(df, "2025-06-01") for df in _runs("history", scale=0.05)]
    null = [_regime_phase(df, "2025-06-01") for df in _runs("history", scale=0.05, pressure_erosion=0.0)]
    assert labels.count("destabilising") >= 11, labels
    assert null.count("destabilising") <= 2, null


# --- item 4: chaos emerges --------------------------------------------------------------------


def _pressure_peak_near_crossing(df: pd.DataFrame) -> float | None:
    """Highest yearly pressure within 3 years of the crossing, over its 2020-2026 mean."""
    c = crossing_year(df.regime_strength.to_numpy(), df.niche_share.to_numpy(), start_year=2010)
    if c is None:
        return None
    yearly = df.pressure.groupby(df.index.year).mean()
    near = yearly.loc[int(c) - 3 : int(c) + 3]
    return float(near.max() / yearly.loc[2020:2026].mean())


@pytest.mark.slow
def test_chaos_emerges_around_the_crossing_from_the_unanchored_new_practice():
    """[DRIFT2025] the X-curve figure (chaos between breakdown and build-up), "Spagaat tussen oud
    en nieuw" and "Afstand tussen praktijk en beleid"; digest §6. No rule adds pressure for the
    speed of the breakdown (the old ``pressure_turbulence`` term is gone): in ``full_mix`` (20
    seeds) most runs cross by 2075 and in at least 60% of those that do, the yearly pressure
    within 3 years of the crossing peaks at least 20% above its 2020-2026 level, because the new
    practice grows ahead of its anchoring while the structures that absorbed pressure are
    dismantled. Null variant: with no strain from the unanchored practice
    (``pressure_unanchored = 0``) most runs still cross, and the peak reaches 20% in at most 25%
    of them."""
    peaks = [x for df in _runs("full_mix", scale=0.05) if (x := _pressure_peak_near_crossing(df)) is not None]
    null = [
        x
        for df in _runs("full_mix", scale=0.05, pressure_unanchored=0.0)
        if (x := _pressure_peak_near_crossing(df)) is not None
    ]
    assert len(peaks) >= 12 and np.mean(np.array(peaks) > 1.2) >= 0.6, peaks
    assert len(null) >= 12  # the null still crosses: not a vacuous test
    assert np.mean(np.array(null) > 1.2) <= 0.25, null


@pytest.mark.slow
def test_phase_out_raises_short_term_pain_before_it_relieves():
    """[DRIFT2025] Transitiepijn: "Transitiepijn komt ook op in het ter discussie stellen van het
    bestaansrecht en de rol van bepaalde partijen". ``build_up_and_phase_out`` with its phase-out
    carried out as intended (``NO_ACTORS``: the pain of a phase-out that happens, not of one the
    ministries hold back) against the same scenario without its phase-out, same seeds: in the
    first five years of phase-out (2027-2031) the share of burnt-out professionals is higher
    with it (paired one-sided Wilcoxon signed-rank test over 20 seeds, p < 0.01: a few
    burnt-out posts at scale 0.05 make single seeds noisy), and later (2045-2055), once the old
    structures are largely gone, it is lower on average (the relief). Null variant: without the
    stress of phase-out on those still in the old practice (``phase_out_pain = 0``), phase-out
    opens room and lowers stress at once, and the early burnout is higher in at most 10 of 20
    seeds."""

    def differences(**parameters):
        sc = Scenario.load(find_scenario("build_up_and_phase_out")).with_parameters(
            scale=0.05, **NO_ACTORS, **parameters
        )
        out = []
        for inputs in (sc.inputs(), sc.with_lever_intensities(phase_out=0.0).inputs()):
            with ThreadPoolExecutor(max_workers=2) as pool:
                out.append(list(pool.map(lambda s, i=inputs: simulate(**i, seed=s).indicators, SEEDS)))
        early = np.array(
            [
                _window(a, "burnout_share", 2027, 2031) - _window(b, "burnout_share", 2027, 2031)
                for a, b in zip(*out, strict=True)
            ]
        )
        late = np.array(
            [
                _window(a, "burnout_share", 2045, 2055) - _window(b, "burnout_share", 2045, 2055)
                for a, b in zip(*out, strict=True)
            ]
        )
        return early, late

    early, late = differences()
    assert wilcoxon(early, alternative="greater").pvalue < 0.01, early
    assert late.mean() < 0, late
    null_early, _ = differences(phase_out_pain=0.0)
    assert (null_early > 0).sum() <= 10, null_early


# --- item 1: actors in the loop ------------------------------------------------------------------

#: both ministries carry out every intent in full: the actors switched off
NO_ACTORS = {"commit_base": 1.0, "commit_risk": 0.0}


@pytest.mark.compiled_only  # 23 runs; the governance kernel's lines are covered by test_kernels
def test_levers_are_realised_below_their_intent_while_ministries_lack_capacity():
    """[DRIFT2025] Waar het vastloopt: "Weinig besef bij het Rijk dat de transitie ook daar plaats
    moet vinden"; Aanbeveling 4 (opdrachtgevers "onvoldoende deelgenoot"). In ``full_mix`` the
    ministries' transformative capacity is low when the levers start in 2027 (it faded during the
    2010s), so in 2027-2029 they carry out less than 60% of the phase-out and rebuild intents, in
    every one of 20 seeds. Null variant: with the actors switched off (full commitment whatever
    their state) the realised intensity equals the intent exactly."""
    runs = _runs("full_mix", scale=0.02, end_year=2029)
    for df in runs:
        for lever in ("phase_out", "rebuild"):
            y = df.index.year >= 2027
            intended, realised = df[f"intended_{lever}"][y], df[f"realised_{lever}"][y]
            assert (intended > 0).any()
            assert realised.sum() < 0.6 * intended.sum(), lever
            assert (realised <= intended + 1e-12).all()
    for df in _runs("full_mix", seeds=range(3), scale=0.02, end_year=2029, **NO_ACTORS):
        for lever in ("phase_out", "rebuild", "build_on", "learning_infrastructure"):
            np.testing.assert_array_equal(df[f"realised_{lever}"], df[f"intended_{lever}"])


@pytest.mark.slow
def test_learning_with_the_ministries_raises_what_they_carry_out():
    """[DRIFT2025] Aanbeveling 4: making the ministries' strategic layers "deelgenoot" is the key
    next step, and the lessons land slowly (digest fact 12). ``full_mix`` with and without its
    learning infrastructure, same seeds: the share of the phase-out intent carried out rises from
    2027-2029 to 2050-2054 by more with the learning infrastructure than without it in at least
    18 of 20 seeds, by more than 0.01 in the median. Null variant: commitment blind to capacity
    and participation (``commit_tc = commit_participation = 0``), where the learning changes the
    rise only through other paths: by less than 0.01 in the median, higher in at most 15 of 20
    seeds. The gain is small because of a balancing loop: the learning speeds the transition,
    which unwinds the optimisation sooner, and the ministries' urgency fades with the bill
    (``commit_urgency``, :mod:`regimesim.rules.governance`); in the null that loop alone acts and
    the learning lowers the rise. Measured over seeds 0-19 and 20-39: higher in 19 and 19, by
    0.017 and 0.015 in the median; the null -0.002 (9 higher) and -0.015 (3 higher)."""

    def gain(**parameters):
        sc = Scenario.load(find_scenario("full_mix")).with_parameters(scale=0.05, end_year=2054, **parameters)
        out = []
        for inputs in (sc.inputs(), sc.with_lever_intensities(learning_infrastructure=0.0).inputs()):
            with ThreadPoolExecutor(max_workers=2) as pool:
                runs = list(pool.map(lambda s, i=inputs: simulate(**i, seed=s).indicators, SEEDS))
            rise = []
            for df in runs:
                share = (
                    df.realised_phase_out / df.intended_phase_out.where(df.intended_phase_out > 0)
                ).to_frame("share")
                rise.append(_window(share, "share", 2050, 2054) - _window(share, "share", 2027, 2029))
            out.append(np.array(rise))
        return out[0] - out[1]

    real = gain()
    assert (real > 0).sum() >= 18 and np.median(real) > 0.01, real
    null = gain(commit_tc=0.0, commit_participation=0.0)
    assert np.median(null) < 0.01 and (null > 0).sum() <= 15, null


@pytest.mark.compiled_only  # 23 runs; the governance kernel's lines are covered by test_kernels
def test_the_two_ministries_differ_and_share_the_levers_by_portfolio():
    """The ministries are VWS (youth care) and JenV (child protection measures, the Council):
    JenV rests ``justice_risk`` more risk-averse and holds most of phase-out (the structures it
    dismantles are mostly JenV's), rebuild is shared evenly (rules.governance). So with equal
    intents, phase-out is carried out less than rebuild, in every one of 20 seeds; null variant:
    with ``justice_risk = 0`` and no regulatory responses (``response_logit = -10``: each
    ministry decides on its own whether to answer an incident, so two alike ministries part after
    their first different decision) the ministries are alike and both are carried out equally."""
    model = RegimeModel({"scale": 0.02}, seed=1)
    vws, jenv = sorted(model.agents_by_type[Ministry], key=lambda m: m.justice)
    assert (vws.justice, jenv.justice) == (0.0, 1.0)
    assert jenv.risk_aversion > vws.risk_aversion

    levers = {"phase_out": 0.5, "rebuild": 0.5}
    base = {"scale": 0.02, "start_year": 2024, "end_year": 2026}
    for s in SEEDS:
        df = simulate(base, levers=levers, seed=s).indicators
        assert df.realised_phase_out.sum() < df.realised_rebuild.sum()
    for s in range(3):
        alike = {**base, "justice_risk": 0.0, "response_logit": -10.0}
        df = simulate(alike, levers=levers, seed=s).indicators
        np.testing.assert_allclose(df.realised_phase_out, df.realised_rebuild, rtol=1e-12)


# --- item 3: decoupling -------------------------------------------------------------------------


def _ratios(runs: list[pd.DataFrame], col: str, before: tuple[int, int], after: tuple[int, int]):
    return np.array([_window(df, col, *after) / _window(df, col, *before) for df in runs])


@pytest.mark.slow
@pytest.mark.fact(5)
def test_decoupling_measures_fall_while_waiting_workload_and_costs_rise():
    """Digest §5 fact 5, [DRIFT2025] Een hardnekkig regime: "Wachtlijsten, werkdruk en kosten
    blijven oplopen ook nu het aantal kinderbeschermingsmaatregelen daalt". In ``history``
    (scale 0.05), per seed, from 2015-2018 to 2023-2025: the stock of measures falls in at least
    18 of 20 seeds and by at least 5% in the median (CBS in ``data/``: 32.1k at the end of 2019,
    28.0k in mid-2023, -12%); the waiting list and the workload rise in at least 18 of 20 seeds;
    the yearly costs of 2024 are at least 1.15 times those of 2015 in at least 18 of 20 seeds
    (measured 1.18-1.39 over seeds 0-39, median about 1.27; the null stays below 1.06),
    and at most 1.7 times in the median (CBS youth-care spending went from 3.6 to 8.1 bn, x2.25 nominal: about
    x1.7 after inflation (CPI 2015-2024 about +30%), of which +25% is more youths in care (380k to
    474k), outside this model's population, leaving about x1.4 a case).
    Null variants: without the culture's hold on coercion (``coercion_culture = 0``) the measures
    fall in at most 8 of 20 seeds; without the optimisation reflex (``optimise_rate = 0``) the
    costs grow by less than 10% in at least 18 of 20 seeds."""
    runs = _runs("history", scale=0.05)
    measures = _ratios(runs, "coercive_stock", (2016, 2018), (2023, 2025))
    assert (measures < 1).sum() >= 18 and np.median(measures) <= 0.95, measures
    for col in ("waiting_list", "workload"):
        assert (_ratios(runs, col, (2015, 2016), (2024, 2025)) > 1).sum() >= 18, col
    costs = _ratios(runs, "costs", (2015, 2015), (2024, 2024))
    assert (costs >= 1.15).sum() >= 18 and np.median(costs) <= 1.7, costs

    no_culture = _runs("history", scale=0.05, coercion_culture=0.0)
    null_measures = _ratios(no_culture, "coercive_stock", (2016, 2018), (2023, 2025))
    assert (null_measures < 1).sum() <= 8, null_measures
    no_optimising = _runs("history", scale=0.05, optimise_rate=0.0)
    null_costs = _ratios(no_optimising, "costs", (2015, 2015), (2024, 2024))
    assert (null_costs < 1.1).sum() >= 18, null_costs


# --- item 6: caseloads beyond the norm, families without a worker ----------------------------------


@pytest.mark.slow
def test_overloaded_teams_leave_families_in_help_without_a_worker():
    """[Athena2024] knelpunten: too much "(tijds)druk"; [DRIFT2025] Een hardnekkig regime:
    "werkdruk"; ``data/``: 17 families per FTE in practice against a norm of 15 (2022). Under
    the labour squeeze of ``history`` (from 2022) posts fall vacant, their cases go only to posts
    below the stretched norm, and when none has room families stay in help without an assigned
    worker: in 2022-2025 there are such families in at least 18 of 20 seeds (scale 0.05). Null
    variant: with teams stretching to four times the norm (``caseload_stretch = 3``) a case
    always finds a post, and 2022-2025 has none in at least 18 of 20 seeds."""
    runs = _runs("history", scale=0.05)
    late = np.array([_window(df, "unassigned", 2022, 2025) for df in runs])
    assert (late > 0).sum() >= 18, late
    null = np.array(
        [_window(df, "unassigned", 2022, 2025) for df in _runs("history", scale=0.05, caseload_stretch=3.0)]
    )
    assert (null == 0).sum() >= 18, null


# --- item 6: incidents with a severity, answered (or not) by the ministries -----------------------


@pytest.mark.slow
@pytest.mark.fact(6)
def test_a_grave_publicised_incident_cramps_the_sector_and_slows_the_niche():
    """[DRIFT2025] Destabilisatie: "Wanneer calamiteiten in het nieuws komen, schiet de sector
    opnieuw in een kramp van risicobeheersing"; digest §5 fact 6 (after a news-making incident
    risk aversion rises and experimental space narrows within a few months, and the niche grows
    more slowly). Event study: ``full_mix`` with and without one grave publicised incident
    (``severe_incident`` of severity 10) in January 2035, same seeds (20). Within three months
    the ministries' risk aversion is higher and the proeftuinen's experimental space lower with
    the incident -- risk aversion by at least 0.01 (an answered incident of severity 10 raises it
    by ``reflex_risk x 10 x (1 - rho)``, about 0.07) -- each in >= 16 of 20 seeds (one-sided
    sign test p < 0.01), and the niche share grows less over the next two years in >= 15 of 20
    (p < 0.025; the niche's own noise over two years is of the size of the effect). Null variant:
    the ministries never answer with new rules (``response_logit = -10``): the news alone does not
    cramp -- risk aversion is 0.01 higher in at most 2 of 20 seeds (what remains is the
    incident's small push to pressure and so to the resting risk aversion) and the niche slows in
    at most 14 (a coin's range at 20 seeds)."""

    def pairs(**parameters):
        sc = Scenario.load(find_scenario("full_mix")).with_parameters(scale=0.05, end_year=2038, **parameters)
        hit = sc.with_events(Event("severe_incident", 2035.0, 10.0))
        with ThreadPoolExecutor(max_workers=2) as pool:
            return list(
                pool.map(
                    lambda s: (
                        simulate(**sc.inputs(), seed=s).indicators,
                        simulate(**hit.inputs(), seed=s).indicators,
                    ),
                    SEEDS,
                )
            )

    def effects(runs):
        def after(df, col):
            return float(df[col].loc["2035-01":"2035-03"].mean())

        def growth(df):
            later = df.niche_share.loc["2036-07":"2037-06"].mean()
            return float(later - df.niche_share.loc["2035-01"].mean())

        rho = np.array([after(b, "risk_aversion") - after(a, "risk_aversion") for a, b in runs])
        space = np.array([after(b, "experimental_space") - after(a, "experimental_space") for a, b in runs])
        slower = np.array([growth(b) - growth(a) for a, b in runs])
        return (rho >= 0.01).sum(), (space < 0).sum(), (slower < 0).sum()

    rho_up, space_down, niche_slower = effects(pairs())
    assert rho_up >= 16 and space_down >= 16, (rho_up, space_down)
    assert niche_slower >= 15, niche_slower
    null_rho_up, _, null_slower = effects(pairs(response_logit=-10.0))
    assert null_rho_up <= 2 and null_slower <= 14, (null_rho_up, null_slower)


# --- item 5 (in part): the cost of delay -------------------------------------------------------


@pytest.mark.slow
@pytest.mark.fact(26)
def test_a_later_start_costs_more():
    """[PBLVU2026] ch. 1-2: optimising without system choices "leidt ... tot grotere
    maatschappelijke kosten", and delay leaves "alleen nog oplossingen ... met hoge kosten"
    (digest §5 fact 26). ``full_mix`` as shipped against the same mix with every lever moved to
    2037, same 20 seeds (scale 0.05): the mean yearly costs of 2027-2075 are higher for the later
    start in at least 18 of 20 seeds (a run of the early start that does not cross can cost more),
    by more than 20% in the median. Null variant: without the optimisation reflex
    (``optimise_rate = 0``) waiting builds no bill -- and no urgency to carry the programme out
    (:mod:`regimesim.rules.governance`), so neither start gets far -- and the criterion fails:
    less than 20% more in the median. Measured over seeds 0-19 and 20-39: higher in 19 and 19
    seeds, by about 32% and 35% in the median; the null 1%. (The urgency the bill lends the
    later programme makes it catch up: with the same commitment at the early start but no
    urgency, the later start costs about 80-90% more.)"""

    def ratios(**parameters):
        base = Scenario.load(find_scenario("full_mix")).with_parameters(
            scale=0.05, end_year=2075, **parameters
        )
        late = base.with_lever_starts(**{name: "2037-01" for name in base.schedules})
        costs = []
        for sc in (base, late):
            inputs = sc.inputs()
            with ThreadPoolExecutor(max_workers=2) as pool:
                runs = list(pool.map(lambda s, i=inputs: simulate(**i, seed=s).indicators, SEEDS))
            costs.append(np.array([_window(df, "costs", 2027, 2075) for df in runs]))
        return costs[1] / costs[0]

    ratio = ratios()
    assert (ratio > 1).sum() >= 18 and np.median(ratio) > 1.20, ratio
    null = ratios(optimise_rate=0.0)
    assert np.median(null) < 1.20, null


def _crossing(df: pd.DataFrame) -> float:
    c = crossing_year(df.regime_strength.to_numpy(), df.niche_share.to_numpy(), start_year=2010)
    return np.inf if c is None else float(c)


@pytest.mark.slow
def test_the_full_mix_takes_decades_and_not_every_run_crosses():
    """[DRIFT2025] Wat is een transitie: a change "op lange termijn (zeker 20-50 jaar)"; Waar het
    vastloopt: the ministries see "slechts in beperkte mate de veranderingen die ook bij hen nodig
    zijn" and decide "te laat of niet" (digest §5 fact 12: lessons do not land). The library's
    ``full_mix`` (levers from 2027, horizon 2075, scale 0.05, 20 seeds): the median crossing year
    (a run that does not cross counts as after 2075) lies in 2040-2070, decades after the levers
    start, and at least one run does not cross by 2075 -- the path is not plannable. Null
    variant: ministries that carry out the whole intent (``NO_ACTORS``: full commitment) cross
    before 2042 in the median, and every run crosses."""
    years = np.array([_crossing(df) for df in _runs("full_mix", scale=0.05)])
    assert 2040 <= np.median(years) <= 2070, years
    assert np.isinf(years).sum() >= 1, years
    null = np.array([_crossing(df) for df in _runs("full_mix", scale=0.05, **NO_ACTORS)])
    assert np.median(null) < 2042 and np.isfinite(null).all(), null
