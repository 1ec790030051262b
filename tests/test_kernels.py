"""Each kernel against a slow, obviously-correct twin written here from the documented formula.

Twins are plain Python/NumPy, written from the module docstrings (not from the kernel code), and
are run on seeded random inputs and edge cases. Scalar formulas are compared to rounding
(rtol 1e-12: the same arithmetic, only operation order may differ); state kernels on copies of a
realistic state with perturbed fields, integers exactly.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from regimesim.engine import prepare
from regimesim.indicators import N_INDICATORS
from regimesim.levers import (
    L_BUILD_ON,
    L_GUARANTEE,
    L_PHASE_OUT,
    L_REBUILD,
    N_LEVERS,
)
from regimesim.rules._common import clip01, logistic, regime_strength
from regimesim.rules.burnout import energy_step
from regimesim.rules.census import census
from regimesim.rules.experimental_space import space_step
from regimesim.rules.fallback import dual_running, fallback_probability
from regimesim.rules.families import coercion_probability
from regimesim.rules.learning import ministry_stance, weighing_rate
from regimesim.rules.lockin import lockin_step
from regimesim.rules.niche import carrying_capacity
from regimesim.rules.risk_reflex import incident_hazard, reflex_response
from regimesim.state import (
    A_BACKING,
    A_CASELOAD,
    A_N_ACTIVE,
    A_N_COERCIVE,
    A_N_VOLUNTARY,
    A_N_WAITING,
    A_NICHE,
    A_OPENNESS,
    A_RISK,
    A_TURBULENCE,
    A_WORKLOAD,
    COERCIVE,
    CULTURE,
    NEW,
    PRACTICE,
    STRUCTURE,
    VOLUNTARY,
    WAITING,
    copy_state,
)
from regimesim.step import run

RNG = np.random.default_rng(20261124)
U = np.r_[0.0, 1.0, RNG.random(200)]  # edges and random points in [0, 1]


def sig(x):
    return 1.0 / (1.0 + math.exp(-x))


@pytest.fixture(scope="module")
def prepared():
    """A state in 2023 with both proeftuin tranches active (scale 0.01)."""
    prep = prepare({"scale": 0.01, "start_year": 2021, "end_year": 2024}, seed=3)
    out = np.zeros((prep.timeline.n_steps, N_INDICATORS))
    run(prep.state, prep.kernel_params, prep.levers, prep.exo, prep.spinup, prep.spinup + 24,
        prep.spinup, prep.rng, out)  # fmt: skip
    return prep


def test_helpers():
    for x in np.r_[-1e3, -50.0, -1.0, 0.0, 0.3, 2.0, 50.0, 1e3]:
        assert logistic(x) == pytest.approx(sig(x) if abs(x) < 700 else float(x > 0), rel=1e-12)
        assert clip01(x) == min(1.0, max(0.0, x))
    reg = RNG.random(9)
    assert regime_strength(reg) == pytest.approx((reg[CULTURE] + reg[STRUCTURE] + reg[PRACTICE]) / 3)


def test_scalar_formulas(prepared):
    p = prepared.kernel_params
    for u, n, b, po in RNG.random((200, 4)):
        assert fallback_probability(p, u, n, b, po) == pytest.approx(sig(
            p.fallback_unsafety * (u - p.fallback_threshold) - p.fallback_maturity * n
            - p.fallback_backing * b - p.fallback_phase_out * po), rel=1e-12)  # fmt: skip
    for u, rho, prot in RNG.random((200, 3)):
        for route in (0, 1):
            assert coercion_probability(p, u, rho, prot, route) == pytest.approx(sig(
                p.coercion_base + p.coercion_unsafety * (u - .5) + p.coercion_risk * (rho - .5)
                + p.coercion_protocol * (prot - .5) - p.coercion_new_route * route), rel=1e-12)  # fmt: skip
    for R, B in RNG.random((200, 2)):
        K = carrying_capacity(p, R, B)
        assert pytest.approx(p.k_min + (1 - p.k_min) * (1 - R) * (1 - p.barrier_cap * B)) == K
    assert carrying_capacity(p, 1.0, 0.0) == pytest.approx(p.k_min)  # a full regime leaves k_min
    for tc, part, bo, sal in RNG.random((200, 4)) * [1, 1, 1, 2]:
        w = p.weigh_rate * tc * part * (1 + p.build_on_legibility * bo)
        w *= 1 - p.salience_crowding * min(1.0, sal)
        assert weighing_rate(p, tc, part, bo, sal) == pytest.approx(min(1.0, max(0.0, w)))
    for tc, rho in RNG.random((200, 2)):
        backing, space = ministry_stance(p, tc, rho)
        assert backing == pytest.approx(clip01(p.backing_base + p.backing_tc * tc - p.backing_risk * rho))
        assert space == pytest.approx(clip01(p.space_base + p.space_tc * tc - p.space_risk * rho))
    for news in (0.0, 1.0, 3.0):
        for d, tc in RNG.random((20, 2)):
            assert reflex_response(p, news, d, tc) == pytest.approx(
                news * (1 - p.dialogue_damping * d) * (1 - p.tc_damping * tc))
    assert reflex_response(p, 0.0, 0.0, 0.0) == 0.0


def _perturbed(prepared, seed):
    st = copy_state(prepared.state)
    rng = np.random.default_rng(seed)
    pt = st.proeftuinen
    for name in ("maturity", "energy", "exp_space", "barriers", "small_wins"):
        getattr(pt, name)[:] = rng.random(pt.active.size)
    pt.active[:] = rng.random(pt.active.size) < 0.6
    st.regime[:3] = rng.random(3)
    st.agg[A_RISK], st.agg[A_BACKING], st.agg[A_OPENNESS], st.agg[A_NICHE] = rng.random(4)
    return st


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("lever", [0.0, 0.5, 1.0])
def test_space_energy_dual_running(prepared, seed, lever):
    p = prepared.kernel_params
    lev = np.full(N_LEVERS, lever)
    st = _perturbed(prepared, seed)
    twin = copy_state(st)

    space_step(st, p, lev)
    mi = twin.ministries
    granted = mi.space_granted.mean()
    pt = twin.proeftuinen
    for r in np.flatnonzero(pt.active):  # docstring: relax to granted, narrowed by old criteria
        e = pt.exp_space[r] + p.space_relax * (granted - pt.exp_space[r])
        e -= p.space_narrowing * pt.maturity[r] * twin.agg[A_RISK] * (1 - lev[L_REBUILD])
        pt.exp_space[r] = max(min(1.0, max(0.0, e)), lev[L_GUARANTEE])
    np.testing.assert_allclose(st.proeftuinen.exp_space, pt.exp_space, rtol=1e-12)

    energy_step(st, p)
    for r in np.flatnonzero(pt.active):
        e = pt.energy[r] + p.energy_backing * twin.agg[A_BACKING] - p.energy_barrier * pt.barriers[r]
        e -= p.energy_dual * pt.dual_running[r] + p.energy_insecurity * (1 - pt.exp_space[r])
        pt.energy[r] = min(1.0, max(0.0, e))
    np.testing.assert_allclose(st.proeftuinen.energy, pt.energy, rtol=1e-12)

    dual_running(st)
    expected = np.where(pt.active == 1, pt.maturity * twin.regime[STRUCTURE], 0.0)
    np.testing.assert_allclose(st.proeftuinen.dual_running, expected, rtol=1e-12)
    inactive = pt.active == 0  # inactive proeftuinen are untouched
    np.testing.assert_array_equal(st.proeftuinen.energy[inactive], pt.energy[inactive])


@pytest.mark.parametrize("seed", range(5))
def test_lockin_layers_and_turbulence(prepared, seed):
    p = prepared.kernel_params
    st = _perturbed(prepared, seed)
    lev = np.random.default_rng(seed).random(N_LEVERS)
    Rc, Rs, Rp = st.regime[CULTURE], st.regime[STRUCTURE], st.regime[PRACTICE]
    O, N, rho = st.agg[A_OPENNESS], st.agg[A_NICHE], st.agg[A_RISK]  # noqa: E741
    from regimesim.state import F_WEIGHED, PROTOCOL

    weighed, prot = st.flow[F_WEIGHED], st.regime[PROTOCOL]
    turb0 = st.agg[A_TURBULENCE]
    lockin_step(st, p, lev)
    po, rb, bo = lev[L_PHASE_OUT], lev[L_REBUILD], lev[L_BUILD_ON]
    # the docstring's equations, updated simultaneously from last month's layers
    new_p = Rp + p.practice_adjust * ((1 - N) - Rp) + p.coupling * ((Rc + Rs) / 2 - Rp) \
        - p.phase_out_practice * po * O * Rp
    new_s = Rs + p.absorption * ((Rc + Rp) / 2 - Rs) + p.protocol_structure * (prot - p.protocol_baseline) \
        - (p.rebuild_structure * rb + p.phase_out_structure * po) * O * Rs
    new_c = Rc + p.culture_adjust * ((Rs + Rp) / 2 - Rc) + p.culture_risk * (rho - p.risk_baseline) \
        - (p.build_on_culture * bo + p.culture_learning * weighed) * Rc
    expected = [min(1.0, max(0.0, x)) for x in (new_c, new_s, new_p)]
    got = [st.regime[CULTURE], st.regime[STRUCTURE], st.regime[PRACTICE]]
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    decline = 12 * max(0.0, (Rc + Rs + Rp) / 3 - sum(expected) / 3)
    assert st.agg[A_TURBULENCE] == pytest.approx(turb0 + p.turbulence_smoothing * (decline - turb0))


def test_incident_hazard_sums_the_household_hazards(prepared):
    p = prepared.kernel_params
    st = prepared.state
    fam, pro = st.families, st.professionals
    total = 0.0
    for f in range(fam.status.size):
        h = p.incident_base * fam.unsafety[f] ** 2
        if fam.status[f] in (0, WAITING):
            h *= 1 + p.incident_waiting
        elif fam.professional[f] >= 0:
            h *= math.exp(p.incident_workload * (pro.workload[fam.professional[f]] - 1))
        total += h
    assert incident_hazard(st, p) == pytest.approx(total, rel=1e-10)


def test_census_recomputes_counts_and_caseloads(prepared):
    p = prepared.kernel_params
    st = copy_state(prepared.state)
    census(st, p, np.zeros(N_LEVERS), np.random.default_rng(0))
    fam, pro = st.families, st.professionals
    helped = (fam.status == VOLUNTARY) | (fam.status == COERCIVE)
    assert st.agg[A_N_COERCIVE] == np.sum(fam.status == COERCIVE)
    assert st.agg[A_N_VOLUNTARY] == np.sum(fam.status == VOLUNTARY)
    assert st.agg[A_N_WAITING] == np.sum(fam.status == WAITING)
    assert st.agg[A_NICHE] == pytest.approx(np.sum(helped & (fam.route == NEW)) / helped.sum())
    # every family in help is on an active post's caseload, and caseloads count exactly them
    assert np.all(pro.active[fam.professional[helped]] == 1)
    np.testing.assert_array_equal(pro.caseload, np.bincount(fam.professional[helped],
                                                            minlength=pro.caseload.size))  # fmt: skip
    active = pro.active == 1
    assert st.agg[A_N_ACTIVE] == active.sum()
    assert st.agg[A_CASELOAD] == pytest.approx(pro.caseload[active].mean())
    assert st.agg[A_WORKLOAD] == pytest.approx(pro.workload[active].mean())
    assert np.all(pro.workload[~active] == 0.0)


def test_census_reassigns_cases_of_vacated_posts(prepared):
    p = prepared.kernel_params
    st = copy_state(prepared.state)
    fam, pro = st.families, st.professionals
    helped = (fam.status == VOLUNTARY) | (fam.status == COERCIVE)
    j = int(np.bincount(fam.professional[helped]).argmax())  # the busiest post
    orphans = np.flatnonzero(helped & (fam.professional == j))
    before = fam.unsafety[orphans].copy()
    pro.active[j] = 0
    census(st, p, np.zeros(N_LEVERS), np.random.default_rng(1))
    assert pro.caseload[j] == 0
    moved = fam.professional[orphans]
    assert np.all(moved != j)
    assert np.all(pro.region[moved[moved >= 0]] == pro.region[j])  # handed over in the region
    # a hand-over harms: unsafety rises by handover_harm (clipped at 1)
    np.testing.assert_allclose(fam.unsafety[orphans], np.minimum(1.0, before + p.handover_harm))


@pytest.mark.parametrize("seed", range(4))
def test_municipal_step(prepared, seed):
    from regimesim.rules.municipal import municipal_step
    from regimesim.state import BUDGET_FACTOR

    p = prepared.kernel_params
    st = copy_state(prepared.state)
    rng = np.random.default_rng(seed)
    mun = st.municipalities
    mun.costs[:] = mun.budget * rng.uniform(0.5, 1.5, mun.costs.size)
    mun.new_intakes[:] = rng.integers(0, 5, mun.costs.size)
    mun.fallbacks[:] = np.minimum(mun.new_intakes, rng.integers(0, 5, mun.costs.size))
    st.regime[BUDGET_FACTOR] = rng.uniform(0.8, 1.0)
    old_use = mun.fallback_use.copy()
    municipal_step(st, p)
    budget = mun.budget * st.regime[BUDGET_FACTOR]
    # docstring: costs over budget (a municipality without budget has no stress)
    ratio = np.divide(mun.costs, budget, out=np.ones_like(budget), where=budget > 0)
    stress = np.maximum(0.0, ratio - 1.0)
    np.testing.assert_allclose(mun.budget_stress, stress, rtol=1e-12)
    np.testing.assert_allclose(mun.team_capacity, 1 / (1 + p.rationing * stress), rtol=1e-12)
    share = np.divide(mun.fallbacks, mun.new_intakes, out=np.zeros(mun.costs.size),
                      where=mun.new_intakes > 0)  # fmt: skip
    expected = np.where(mun.new_intakes > 0, old_use + p.fallback_smoothing * (share - old_use),
                        old_use)  # fmt: skip
    np.testing.assert_allclose(mun.fallback_use, expected, rtol=1e-12)
    np.testing.assert_array_equal(mun.in_proeftuin, st.proeftuinen.active[mun.region])


def test_landscape_events(prepared):
    from regimesim.levers import N_EXO, X_DECENTRALISATION, X_LANDSCAPE, X_TRUST_SHOCK
    from regimesim.rules.landscape import landscape_step
    from regimesim.state import BUDGET_FACTOR, PRESSURE

    p = prepared.kernel_params
    st = copy_state(prepared.state)
    before = copy_state(st)
    exo = np.zeros(N_EXO)
    exo[X_DECENTRALISATION], exo[X_LANDSCAPE], exo[X_TRUST_SHOCK] = 1.0, 0.4, 0.25
    landscape_step(st, p, exo)
    b = before.regime
    assert st.regime[STRUCTURE] == pytest.approx(max(0.0, b[STRUCTURE] - p.decentralisation_shock))
    assert st.regime[CULTURE] == b[CULTURE] and st.regime[PRACTICE] == b[PRACTICE]  # structure only
    factor = b[BUDGET_FACTOR] * (1 - p.decentralisation_budget_cut)
    assert st.regime[BUDGET_FACTOR] == pytest.approx(factor + p.budget_recovery * (1 - factor))
    assert st.regime[PRESSURE] == pytest.approx(b[PRESSURE] + 0.4)
    np.testing.assert_allclose(st.families.trust, before.families.trust * 0.75, rtol=1e-12)
    # a quiet month changes only the slow budget recovery
    quiet = copy_state(before)
    landscape_step(quiet, p, np.zeros(N_EXO))
    np.testing.assert_array_equal(np.delete(quiet.regime, BUDGET_FACTOR),
                                  np.delete(before.regime, BUDGET_FACTOR))  # fmt: skip


@pytest.mark.parametrize("seed", range(4))
def test_pressure_step(prepared, seed):
    from regimesim.rules.pressure import pressure_step
    from regimesim.state import (
        A_INCIDENT_RATE,
        A_WAITING_SHARE,
        INSTITUTIONALISED,
        PRESSURE,
    )

    p = prepared.kernel_params
    st = _perturbed(prepared, seed)
    rng = np.random.default_rng(seed)
    st.agg[A_WAITING_SHARE], st.agg[A_WORKLOAD] = rng.uniform(0, 0.3), rng.uniform(0.5, 1.5)
    st.agg[A_INCIDENT_RATE], st.agg[A_TURBULENCE] = rng.uniform(0, 40), rng.uniform(0, 0.2)
    st.municipalities.budget_stress[:] = rng.uniform(0, 0.5, st.municipalities.budget_stress.size)
    reg = st.regime
    R = (reg[CULTURE] + reg[STRUCTURE] + reg[PRACTICE]) / 3
    target = (p.pressure_regime * R * (1 - reg[INSTITUTIONALISED])
              + p.pressure_waiting * st.agg[A_WAITING_SHARE] / 0.1
              + p.pressure_workload * max(0.0, st.agg[A_WORKLOAD] - 1)
              + p.pressure_incidents * st.agg[A_INCIDENT_RATE] / 20
              + p.pressure_costs * st.municipalities.budget_stress.mean()
              + p.pressure_turbulence * st.agg[A_TURBULENCE])  # fmt: skip
    P0 = reg[PRESSURE]
    pressure_step(st, p)
    P = max(0.0, P0 + p.pressure_adjust * (target - P0))
    assert reg[PRESSURE] == pytest.approx(P, rel=1e-12)
    assert st.agg[A_OPENNESS] == pytest.approx(sig(p.openness_slope * (P - p.openness_threshold * R)))


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("levers", [0.0, 1.0, "random"])
def test_learning_step(prepared, seed, levers):
    from regimesim.levers import L_LEARNING
    from regimesim.rules.learning import learning_step
    from regimesim.state import (
        A_PROS_NEW,
        F_WEIGHED,
        INSTITUTIONALISED,
        KNOWLEDGE_POOL,
        PROTOCOL,
        SALIENCE,
    )

    p = prepared.kernel_params
    st = _perturbed(prepared, seed)
    rng = np.random.default_rng(100 + seed)
    lev = rng.random(N_LEVERS) if levers == "random" else np.full(N_LEVERS, levers)
    st.proeftuinen.knowledge[:] = rng.random(st.proeftuinen.knowledge.size) * 3
    st.regime[KNOWLEDGE_POOL], st.regime[SALIENCE] = rng.random() * 5, rng.random()
    st.regime[INSTITUTIONALISED], st.regime[PROTOCOL] = rng.random() * 0.5, rng.random()
    st.agg[A_PROS_NEW] = rng.random()
    st.ministries.transformative_capacity[:] = rng.random(st.ministries.backing.size)
    st.ministries.risk_aversion[:] = rng.random(st.ministries.backing.size)
    tw = copy_state(st)
    learning_step(st, p, lev)

    # the knowledge cycle as the docstring tells it: develop, share, weigh, use
    pt, mi, reg = tw.proeftuinen, tw.ministries, tw.regime
    learning, build_on, rebuild = lev[L_LEARNING], lev[L_BUILD_ON], lev[L_REBUILD]
    share = min(1.0, p.share_rate * (1 + p.community_share * learning))
    pool = reg[KNOWLEDGE_POOL]
    act = pt.active == 1
    pt.knowledge[act] += p.learn_rate * pt.maturity[act] * pt.energy[act]
    moved = share * pt.knowledge[act]
    pt.knowledge[act] -= moved
    pool = (pool + moved.sum()) * (1 - p.radar_loss)
    n_min = mi.backing.size
    weighed = 0.0
    part = min(1.0, p.participation_base + (1 - p.participation_base) * p.coalition_participation
               * learning)  # fmt: skip
    for k in range(n_min):
        rate = p.weigh_rate * mi.transformative_capacity[k] * part * (
            1 + p.build_on_legibility * build_on) * (1 - p.salience_crowding * min(1, reg[SALIENCE]))
        w = min(1.0, max(0.0, rate)) * pool / n_min
        weighed += w
        mi.knowledge_weighed[k] += w
        tc = mi.transformative_capacity[k]
        tc = tc + p.tc_learning * w * (1 - tc) + p.tc_build_on * build_on * (1 - tc) - p.tc_turnover * tc
        mi.transformative_capacity[k] = min(1.0, max(0.0, tc))
        mi.backing[k] = clip01(p.backing_base + p.backing_tc * mi.transformative_capacity[k]
                               - p.backing_risk * mi.risk_aversion[k])  # fmt: skip
        mi.space_granted[k] = clip01(p.space_base + p.space_tc * mi.transformative_capacity[k]
                                     - p.space_risk * mi.risk_aversion[k])  # fmt: skip
    removal = p.use_barriers * weighed + p.rebuild_barriers * rebuild
    pt.barriers[act] = np.clip(pt.barriers[act] * (1 - removal), 0, 1)
    inst = reg[INSTITUTIONALISED]
    gap = max(0.0, tw.agg[A_PROS_NEW] - inst)
    grown = inst + p.inst_rate * (p.inst_weighed * weighed + rebuild * tw.agg[A_OPENNESS]) * gap
    inst_new = grown - p.inst_decay * max(0.0, reg[PROTOCOL] - p.protocol_baseline) * grown

    np.testing.assert_allclose(st.proeftuinen.knowledge, pt.knowledge, rtol=1e-12)
    assert st.regime[KNOWLEDGE_POOL] == pytest.approx(max(0.0, pool - weighed), rel=1e-12)
    assert st.flow[F_WEIGHED] == pytest.approx(weighed, rel=1e-12)
    for name in ("knowledge_weighed", "transformative_capacity", "backing", "space_granted"):
        np.testing.assert_allclose(getattr(st.ministries, name), getattr(mi, name), rtol=1e-12)
    np.testing.assert_allclose(st.ministries.participation, part, rtol=1e-12)
    np.testing.assert_allclose(st.proeftuinen.barriers, pt.barriers, rtol=1e-12)
    assert st.regime[INSTITUTIONALISED] == pytest.approx(min(1.0, max(0.0, inst_new)), rel=1e-12)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("build_up", [0.0, 0.6])
def test_niche_step_with_the_same_draws(prepared, seed, build_up):
    import copy

    from regimesim.levers import L_BUILD_UP
    from regimesim.rules.niche import niche_step

    p = prepared.kernel_params
    st = _perturbed(prepared, seed)
    pt = st.proeftuinen
    rng = np.random.default_rng(seed)
    pt.start[:] = np.where(rng.random(pt.start.size) < 0.3, rng.integers(0, 400, pt.start.size), -1)
    lev = np.zeros(N_LEVERS)
    lev[L_BUILD_UP] = build_up
    t = 300
    gen = np.random.default_rng(7 + seed)
    twin_gen = copy.deepcopy(gen)
    tw = copy_state(st)
    niche_step(st, p, lev, t, gen)

    q = tw.proeftuinen
    granted = tw.ministries.space_granted.mean()
    for r in range(q.active.size):  # start: scheduled tranche, or build-up spreading by chance
        if q.active[r] == 0:
            due = q.start[r] >= 0 and t >= q.start[r]
            if due or (q.start[r] < 0 and build_up > 0
                       and twin_gen.random() < p.build_up_spread * build_up):  # fmt: skip
                q.active[r], q.start[r] = 1, t
                q.maturity[r], q.energy[r], q.exp_space[r] = (p.maturity_initial,
                                                              p.energy_initial, granted)  # fmt: skip
                q.barriers[r], q.knowledge[r], q.small_wins[r] = 1.0, 0.0, 0.0
    R = (tw.regime[CULTURE] + tw.regime[STRUCTURE] + tw.regime[PRACTICE]) / 3
    for r in np.flatnonzero(q.active):  # logistic growth toward K, erosion above it, decay
        n, K = q.maturity[r], p.k_min + (1 - p.k_min) * (1 - R) * (1 - p.barrier_cap * q.barriers[r])
        g = p.maturity_growth * (1 + p.build_up_growth * build_up) * (
            1 + p.win_attraction * q.small_wins[r]) * q.energy[r] * q.exp_space[r]
        n = n + g * n * (1 - n / K) if n < K else n - p.maturity_erosion * (n - K)
        n -= p.maturity_decay * (1 - q.energy[r]) * n
        q.maturity[r] = min(1.0, max(0.0, n))
    for name in ("active", "start", "maturity", "energy", "exp_space", "barriers", "knowledge"):
        np.testing.assert_allclose(getattr(pt, name), getattr(q, name), rtol=1e-12, err_msg=name)
    assert gen.random() == twin_gen.random()  # the kernel drew exactly as often as the twin


@pytest.mark.parametrize("seed", range(4))
def test_small_wins_with_the_same_draws(prepared, seed):
    import copy

    from regimesim.rules.small_wins import small_wins_step
    from regimesim.state import F_WINS

    p = prepared.kernel_params
    st = _perturbed(prepared, seed)
    st.flow[:] = 0.0
    gen = np.random.default_rng(seed)
    twin_gen = copy.deepcopy(gen)
    tw = copy_state(st)
    small_wins_step(st, p, gen)
    q = tw.proeftuinen
    total = 0.0
    for r in np.flatnonzero(q.active):  # docstring: Poisson(win_rate n E e) wins a month
        rate = p.win_rate * q.maturity[r] * q.energy[r] * q.exp_space[r]
        wins = float(twin_gen.poisson(rate)) if rate > 0 else 0.0
        total += wins
        q.small_wins[r] = (q.small_wins[r] + wins) * (1 - p.win_decay)
        q.energy[r] += p.win_energy * wins * (1 - q.energy[r])
        q.knowledge[r] += p.win_knowledge * wins
    assert st.flow[F_WINS] == total
    for name in ("small_wins", "energy", "knowledge"):
        np.testing.assert_allclose(getattr(st.proeftuinen, name), getattr(q, name), rtol=1e-12)
    assert gen.random() == twin_gen.random()


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("labour", [0.0, 0.5])
def test_professionals_step_with_the_same_draws(prepared, seed, labour):
    import copy

    from regimesim.levers import L_DIALOGUE, N_EXO, X_LABOUR
    from regimesim.rules.professionals import professionals_step
    from regimesim.state import A_TC, F_EXITS, F_HIRES, F_NEWS, INSTITUTIONALISED, PRESSURE

    p = prepared.kernel_params
    st = _perturbed(prepared, seed)
    rng = np.random.default_rng(seed)
    pro = st.professionals
    n = pro.active.size
    pro.position[:] = rng.random(n)
    pro.stress[:] = rng.random(n)
    pro.workload[:] = rng.uniform(0, 2, n)
    pro.active[:] = rng.random(n) < 0.9
    pro.tasted_new[:] = rng.random(n) < 0.3
    st.regions.access[:] = rng.random(st.regions.access.size)
    st.flow[:] = 0.0
    st.flow[F_NEWS] = float(seed % 2)
    st.regime[PRESSURE], st.regime[INSTITUTIONALISED] = rng.uniform(0.5, 2), rng.random() * 0.3
    lev = rng.random(N_LEVERS)
    exo = np.zeros(N_EXO)
    exo[X_LABOUR] = labour
    gen = np.random.default_rng(50 + seed)
    twin_gen = copy.deepcopy(gen)
    tw = copy_state(st)
    professionals_step(st, p, lev, exo, gen)

    q, pt, reg = tw.professionals, tw.proeftuinen, tw.regime
    old = q.position.copy()  # synchronous: everyone reads last month's positions
    willing = math.exp(-p.deviation_pressure * reg[PRESSURE])
    response = reflex_response(p, tw.flow[F_NEWS], 0.0, tw.agg[A_TC])
    defensive = p.reflex_defensive * response * (1 - p.dialogue_damping * lev[L_DIALOGUE])
    exits = hires = 0
    for j in range(n):
        r = q.region[j]
        if q.active[j] == 0:
            q.vacancy[j] += 1
            if twin_gen.random() < p.hire_rate * (1 - labour):
                q.active[j], q.vacancy[j] = 1, 0
                q.position[j] = max(p.newhire_position * twin_gen.random(), reg[INSTITUTIONALISED])
                q.stress[j], q.burnt_out[j] = p.newhire_stress, 0
                q.tasted_new[j] = int(q.position[j] > 0.5)
                hires += 1
            continue
        in_pt = pt.active[r] == 1
        energy = pt.energy[r] if in_pt else 1.0
        access = tw.regions.access[r]
        s = q.stress[j] + p.stress_gain * max(0, q.workload[j] - 1) - p.stress_recovery * q.stress[j]
        s += p.transition_pain * q.tasted_new[j] * (1 - access)
        s += p.reorganisation_stress * tw.agg[A_TURBULENCE]
        s += p.innovator_leak * old[j] * (1 - energy) if in_pt else 0.0
        s = min(1.0, max(0.0, s))
        q.stress[j], q.burnt_out[j] = s, int(s > p.burnout_threshold)
        hazard = p.attrition_base * (1 + p.labour_pull * labour) + p.attrition_stress * s * s
        if twin_gen.random() < hazard:
            q.active[j], q.vacancy[j] = 0, 0
            exits += 1
            continue
        peers = [k for k in q.ties[j] if k >= 0 and tw.professionals.active[k] == 1]
        peer = np.mean(old[peers]) if peers else old[j]
        pull = p.adopt_peer * peer + (p.adopt_proeftuin * pt.maturity[r] * energy if in_pt else 0)
        pull *= access * willing
        push = p.regime_pull * reg[PRACTICE] * (1 - p.ratchet * q.tasted_new[j]) + defensive
        x = min(1.0, max(0.0, old[j] + pull * (1 - old[j]) - min(1.0, max(0.0, push)) * old[j]))
        q.position[j] = x
        if x > 0.5:
            q.tasted_new[j] = 1
    q.in_proeftuin[:] = pt.active[q.region]
    for name in ("position", "stress", "active", "vacancy", "tasted_new", "burnt_out",
                 "in_proeftuin"):  # fmt: skip
        np.testing.assert_allclose(getattr(pro, name), getattr(q, name), rtol=1e-12, err_msg=name)
    assert st.flow[F_EXITS] == exits and st.flow[F_HIRES] == hires
    assert gen.random() == twin_gen.random()


@pytest.mark.parametrize("seed", range(6))
def test_families_step_keeps_its_books(prepared, seed):
    """families_step draws too many interlocking decisions for a line-by-line twin; instead its
    flows must account exactly for the change of every stock, and every case must sit with a
    post of the family's own region."""
    from regimesim.rules.families import families_step
    from regimesim.state import F_COERCIVE_IN, F_COERCIVE_OUT, F_INTAKES, F_RESOLVED

    p = prepared.kernel_params
    st = copy_state(prepared.state)
    st.flow[:] = 0.0
    fam, pro = st.families, st.professionals
    helped = lambda: (fam.status == VOLUNTARY) | (fam.status == COERCIVE)  # noqa: E731
    n_help, n_coer = helped().sum(), (fam.status == COERCIVE).sum()
    was_waiting = fam.status == WAITING
    lev = np.random.default_rng(seed).random(N_LEVERS)
    families_step(st, p, lev, np.random.default_rng(seed))
    assert set(np.unique(fam.status)) <= {0, 1, 2, 3}
    assert helped().sum() == n_help - st.flow[F_RESOLVED] + st.flow[F_INTAKES]
    assert (fam.status == COERCIVE).sum() == n_coer - st.flow[F_COERCIVE_OUT] + st.flow[F_COERCIVE_IN]
    taken_on = was_waiting & helped()
    assert taken_on.sum() == st.flow[F_INTAKES]
    assert np.all(fam.months[taken_on] == 0)
    assert np.all(pro.region[fam.professional[taken_on]] == fam.region[taken_on])
    assert np.all(fam.status[fam.route == NEW] >= VOLUNTARY)  # the new route is a way of helping
    for name in ("unsafety", "wellbeing", "trust"):
        x = getattr(fam, name)
        assert np.all((x >= 0) & (x <= 1)), name
    # municipalities count the new-route intakes and their fallbacks
    mun = st.municipalities
    assert np.all(mun.fallbacks <= mun.new_intakes)
    assert (taken_on & (fam.route == NEW)).sum() == mun.new_intakes.sum() - mun.fallbacks.sum()
