"""Every rule kernel against a slow, obviously-correct twin written here.

The twins are plain Python (loops over rows, ``math``, a little NumPy), written from the formulas
in the rule modules' docstrings and ``docs/model.md``, never from kernel output: no expected value
below was copied from a run.

- Scalar kernels are compared over seeded grids of inputs (0/1 edges and random interior
  points) and over parameter sets drawn within their declared ranges, with ``rtol=1e-12``: twin
  and kernel evaluate the same float formula, so only rounding (the order of operations) may
  differ. The logistic twin is evaluated in 40-digit decimal arithmetic.
- State kernels run on one copy of a realistic, randomly perturbed state and their twin on
  another; then *every* array of the state is compared (integers exactly, floats to rounding),
  so a kernel that writes where it should not is caught too.
- Stochastic kernels have twins that draw from a deep copy of the same ``numpy`` Generator, in
  the kernel's order (numba's Generator draws exactly like NumPy's); the generators must end in
  the same state, so the kernel drew neither more nor less than the twin.
- Where kernel and documentation disagreed, one of them was corrected; no twin follows a
  reading that neither the code nor the docs state.
"""

from __future__ import annotations

import copy
import functools
import math
from decimal import Decimal, localcontext

import numpy as np
import pytest

from regimesim.engine import prepare
from regimesim.indicators import N_INDICATORS
from regimesim.levers import (
    L_BUILD_ON,
    L_BUILD_UP,
    L_DIALOGUE,
    L_GUARANTEE,
    L_LEARNING,
    L_PHASE_OUT,
    L_REBUILD,
    LEVERS,
    N_EXO,
    N_LEVERS,
    X_DECENTRALISATION,
    X_FORCED_INCIDENTS,
    X_LABOUR,
    X_LANDSCAPE,
    X_SEVERE_INCIDENT,
    X_TRUST_SHOCK,
)
from regimesim.parameters import BY_NAME
from regimesim.rules._common import clip01, logistic, regime_strength
from regimesim.rules.burnout import energy_step
from regimesim.rules.census import census, protocol_load
from regimesim.rules.experimental_space import space_step
from regimesim.rules.fallback import dual_running, fallback_probability
from regimesim.rules.families import coercion_probability, families_step
from regimesim.rules.governance import realise_levers
from regimesim.rules.landscape import landscape_step
from regimesim.rules.learning import learning_step, ministry_stance, niche_diversity, weighing_rate
from regimesim.rules.lockin import lockin_step
from regimesim.rules.municipal import municipal_step
from regimesim.rules.niche import carrying_capacity, niche_step
from regimesim.rules.optimisation import optimisation_step
from regimesim.rules.pressure import pressure_step, strain
from regimesim.rules.professionals import professionals_step, threshold_response
from regimesim.rules.risk_reflex import (
    incident_hazard,
    incidents_and_reflex,
    news_severity,
    news_share,
    reflex_response,
    response_probability,
    severity,
)
from regimesim.rules.small_wins import small_wins_step
from regimesim.state import (
    A_BACKING,
    A_BARRIERS,
    A_BUDGET_STRESS,
    A_CASELOAD,
    A_COSTS,
    A_DUAL,
    A_ENERGY,
    A_FALLBACK_SHARE,
    A_INCIDENT_RATE,
    A_N_ACTIVE,
    A_N_ACTIVE_PT,
    A_N_BURNT,
    A_N_COERCIVE,
    A_N_UNASSIGNED,
    A_N_VOLUNTARY,
    A_N_WAITING,
    A_NICHE,
    A_OPENNESS,
    A_PARTICIPATION,
    A_PROS_NEW,
    A_RISK,
    A_SPACE,
    A_STRESS,
    A_TC,
    A_TRUST,
    A_TURBULENCE,
    A_WAITING_SHARE,
    A_WELLBEING,
    A_WORKLOAD,
    BUDGET_FACTOR,
    COERCIVE,
    CULTURE,
    F_COERCIVE_IN,
    F_COERCIVE_OUT,
    F_EXITS,
    F_HIRES,
    F_INCIDENTS,
    F_INTAKES,
    F_NEWS,
    F_REPORTS,
    F_RESOLVED,
    F_RESPONSES,
    F_WEIGHED,
    F_WINS,
    INSTITUTIONALISED,
    KNOWLEDGE_POOL,
    NEW,
    NONE,
    OLD,
    OPTIMISATION,
    PRACTICE,
    PRESSURE,
    PROTOCOL,
    SALIENCE,
    STRUCTURE,
    VOLUNTARY,
    WAITING,
    State,
    copy_state,
)
from regimesim.step import run, step

RTOL = 1e-12  # same formula, so only rounding may differ
ATOL = 1e-13  # for values that cancel to ~0 (a relative tolerance is meaningless there)


# ---------------------------------------------------------------------------------------------
# small obviously-correct helpers
# ---------------------------------------------------------------------------------------------


def clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def sig(x: float) -> float:
    """1 / (1 + e^-x) in 40-digit decimal arithmetic, rounded once to a float."""
    with localcontext() as ctx:
        ctx.prec = 40
        return float(1 / (1 + (-Decimal(float(x))).exp()))


def mean3(regime) -> float:
    return (regime[CULTURE] + regime[STRUCTURE] + regime[PRACTICE]) / 3.0


def with_params(p, rng, names, how="random"):
    """``p`` with ``names`` drawn within their declared ranges (or all at their low/high bound)."""
    values = {}
    for name in names:
        lo, hi = BY_NAME[name].low, BY_NAME[name].high
        values[name] = float({"low": lo, "high": hi}.get(how, rng.uniform(lo, hi)))
    return p._replace(**values)


def param_sets(p, names, seed=0, n_random=3):
    """The defaults, every name at its low bound, at its high bound, and random draws."""
    rng = np.random.default_rng(seed)
    sets = [p, with_params(p, rng, names, "low"), with_params(p, rng, names, "high")]
    return sets + [with_params(p, rng, names) for _ in range(n_random)]


def grid(n_args, seed, n_random=300):
    """Rows of ``n_args`` inputs: every combination of {0, 1, three interior points}, plus
    ``n_random`` uniform rows."""
    rng = np.random.default_rng(seed)
    axis = np.r_[0.0, 1.0, rng.random(3)]
    mesh = np.stack(np.meshgrid(*[axis] * n_args, indexing="ij"), -1).reshape(-1, n_args)
    return np.vstack([mesh, rng.random((n_random, n_args))])


def assert_same_state(got: State, want: State) -> None:
    """Every array equal: integers exactly, floats to rounding; dtypes unchanged."""
    for part_name, g_part, w_part in zip(State._fields, got, want, strict=True):
        if isinstance(g_part, tuple):
            items = list(zip(g_part._fields, g_part, w_part, strict=True))
        else:
            items = [(None, g_part, w_part)]
        for name, g, w in items:
            label = part_name if name is None else f"{part_name}.{name}"
            assert g.dtype == w.dtype, label
            if np.issubdtype(g.dtype, np.integer):
                np.testing.assert_array_equal(g, w, err_msg=label)
            else:
                np.testing.assert_allclose(g, w, rtol=RTOL, atol=ATOL, err_msg=label)


def same_generator_state(a: np.random.Generator, b: np.random.Generator) -> bool:
    return a.bit_generator.state == b.bit_generator.state


# ---------------------------------------------------------------------------------------------
# realistic states
# ---------------------------------------------------------------------------------------------


@functools.cache
def prepared(seed: int):
    """A state in 2023, both proeftuin tranches (2021, 2022) active, at scale 0.01."""
    prep = prepare({"scale": 0.01, "start_year": 2021, "end_year": 2024}, seed=seed)
    out = np.zeros((prep.timeline.n_steps, N_INDICATORS))
    t0 = prep.spinup
    run(prep.state, prep.kernel_params, prep.levers, prep.exo, t0, t0 + 24, t0, prep.rng, out)
    assert prep.state.proeftuinen.active.sum() == 10  # the two tranches started
    return prep


def levers(mode, seed=0):
    if mode == "random":
        return np.random.default_rng(seed).random(N_LEVERS)
    return np.full(N_LEVERS, float(mode))


def perturbed(seed: int, proeftuinen="random", vacant_region=False, statuses="kept") -> State:
    """A copy of a prepared state with most fields redrawn at random (dtypes kept).

    ``proeftuinen``: "random" (about 60 % active), "none" or "all"; ``vacant_region``: every post
    of the region with the most families is vacant (its cases orphaned); ``statuses``: "kept"
    (as the simulation left them) or "mixed" (a quarter each, half of those in help on the new
    route, each with a post of its region).
    """
    st = copy_state(prepared(1 + seed % 2).state)
    rng = np.random.default_rng(1000 + seed)
    u = rng.random
    pt, mi, mun, pro, reg, fam = (
        st.proeftuinen,
        st.ministries,
        st.municipalities,
        st.professionals,
        st.regions,
        st.families,
    )
    n_reg, n_mun, n_pro, n_fam = pt.active.size, mun.region.size, pro.active.size, fam.status.size
    for name in ("maturity", "energy", "exp_space", "barriers", "dual_running"):
        getattr(pt, name)[:] = u(n_reg)
    pt.small_wins[:] = 3 * u(n_reg)
    pt.knowledge[:] = 2 * u(n_reg)
    pt.approach[:] = u(n_reg)
    pt.active[:] = {"random": u(n_reg) < 0.6, "none": 0, "all": 1}[proeftuinen]
    pt.start[:] = np.where(pt.active == 1, rng.integers(0, 100, n_reg), pt.start)
    for name in ("risk_aversion", "transformative_capacity", "backing", "space_granted", "participation"):
        getattr(mi, name)[:] = u(mi.backing.size)
    mi.knowledge_weighed[:] = 5 * u(mi.backing.size)
    mi.commitment[:] = u(mi.backing.size)
    st.regime[[CULTURE, STRUCTURE, PRACTICE]] = 0.2 + 0.8 * u(3)
    st.regime[PRESSURE], st.regime[SALIENCE], st.regime[PROTOCOL] = 3 * u(), u(), u()
    st.regime[INSTITUTIONALISED], st.regime[KNOWLEDGE_POOL] = 0.5 * u(), 5 * u()
    st.regime[BUDGET_FACTOR], st.regime[OPTIMISATION] = 0.8 + 0.2 * u(), 2 * u()
    for k in (A_RISK, A_BACKING, A_OPENNESS, A_NICHE, A_PROS_NEW, A_TC):
        st.agg[k] = u()
    st.agg[A_WAITING_SHARE], st.agg[A_WORKLOAD] = 0.3 * u(), 0.5 + u()
    st.agg[A_INCIDENT_RATE], st.agg[A_TURBULENCE] = 40 * u(), 0.2 * u()
    st.agg[A_TRUST] = u()
    st.flow[:] = 3 * u(st.flow.size)
    mun.budget_stress[:] = 0.5 * u(n_mun)
    mun.team_capacity[:] = 0.3 + 0.7 * u(n_mun)
    mun.fallback_use[:] = u(n_mun)
    mun.costs[:] = mun.budget * (0.5 + u(n_mun))
    mun.new_intakes[:] = rng.integers(0, 5, n_mun)
    mun.fallbacks[:] = np.minimum(mun.new_intakes, rng.integers(0, 5, n_mun))
    pro.position[:], pro.stress[:], pro.workload[:] = u(n_pro), u(n_pro), 2 * u(n_pro)
    pro.active[:] = u(n_pro) < 0.9
    pro.tasted_new[:] = u(n_pro) < 0.3
    pro.burnt_out[:] = pro.stress > 0.6
    pro.vacancy[:] = np.where(pro.active == 1, 0, rng.integers(0, 6, n_pro))
    reg.access[:], reg.intake_prob[:] = u(n_reg), u(n_reg)
    fam.unsafety[:], fam.wellbeing[:], fam.trust[:] = u(n_fam), u(n_fam), u(n_fam)
    fam.route[:] = np.where(fam.status >= VOLUNTARY, u(n_fam) < 0.4, OLD)
    if vacant_region:
        r = int(np.bincount(fam.region).argmax())
        pro.active[reg.pro_start[r] : reg.pro_start[r] + reg.pro_count[r]] = 0
    reg.active_pros[:] = np.bincount(pro.region[pro.active == 1], minlength=n_reg)
    if statuses == "mixed":
        fam.status[:] = rng.integers(0, 4, n_fam)
        helped = fam.status >= VOLUNTARY
        fam.route[:] = helped & (u(n_fam) < 0.5)
        post = reg.pro_start[fam.region] + (u(n_fam) * reg.pro_count[fam.region]).astype(int)
        fam.professional[:] = np.where(helped, post, -1)
    return st


def vacant_region_of(st) -> int:
    return int(np.bincount(st.families.region).argmax())


# ---------------------------------------------------------------------------------------------
# twins: deterministic kernels
# ---------------------------------------------------------------------------------------------


def twin_protocol_load(p, protocol, optimisation):
    return 1.0 + p.protocol_burden * protocol + p.optimise_time * optimisation


def twin_space(st, p, lev):
    """M7: e += space_relax (granted - e) - space_narrowing n rho (1 - rebuild); e >= guarantee."""
    pt = st.proeftuinen
    granted = sum(st.ministries.space_granted) / len(st.ministries.space_granted)
    rho = st.agg[A_RISK]
    for r in range(len(pt.active)):
        if pt.active[r] == 1:
            e = pt.exp_space[r]
            e = e + p.space_relax * (granted - e)
            e = e - p.space_narrowing * pt.maturity[r] * rho * (1.0 - lev[L_REBUILD])
            pt.exp_space[r] = max(clip(e), lev[L_GUARANTEE])


def twin_energy(st, p):
    """M9: E += energy_backing b - energy_barrier B - energy_dual d - energy_insecurity (1 - e)."""
    pt = st.proeftuinen
    for r in range(len(pt.active)):
        if pt.active[r] == 1:
            e = (
                pt.energy[r]
                + p.energy_backing * st.agg[A_BACKING]
                - p.energy_barrier * pt.barriers[r]
                - p.energy_dual * pt.dual_running[r]
                - p.energy_insecurity * (1.0 - pt.exp_space[r])
            )
            pt.energy[r] = clip(e)


def twin_dual_running(st):
    """M8: d = n x R_s in an active proeftuin, 0 elsewhere."""
    pt = st.proeftuinen
    for r in range(len(pt.active)):
        pt.dual_running[r] = pt.maturity[r] * st.regime[STRUCTURE] if pt.active[r] == 1 else 0.0


def twin_lockin(st, p, lev):
    """M3: the three layer equations, all from last month's layers; then the turbulence."""
    reg, agg = st.regime, st.agg
    Rc, Rs, Rp = reg[CULTURE], reg[STRUCTURE], reg[PRACTICE]
    O, N, rho = agg[A_OPENNESS], agg[A_NICHE], agg[A_RISK]  # noqa: E741
    po, rb, bo = lev[L_PHASE_OUT], lev[L_REBUILD], lev[L_BUILD_ON]
    # pressure above the regime's resilience erodes structure and culture
    over = sig(p.erosion_slope * (reg[PRESSURE] - p.pressure_resilience))
    new_p = (
        Rp
        + p.practice_adjust * ((1 - N) - Rp)
        + p.coupling * ((Rc + Rs) / 2 - Rp)
        - p.phase_out_practice * po * O * Rp
    )
    new_s = (
        Rs
        + p.absorption * ((Rc + Rp) / 2 - Rs)
        + p.protocol_structure * (reg[PROTOCOL] - p.protocol_baseline) * (1 - Rs)
        - p.pressure_erosion * over * Rs
        - (p.rebuild_structure * rb + p.phase_out_structure * po) * O * Rs
    )
    new_c = (
        Rc
        + p.culture_adjust * ((Rs + Rp) / 2 - Rc)
        + p.culture_risk * (rho - p.risk_baseline) * (1 - Rc)
        - (
            p.culture_erosion * p.pressure_erosion * over
            + p.build_on_culture * bo
            + p.culture_learning * st.flow[F_WEIGHED]
        )
        * Rc
    )
    before = (Rc + Rs + Rp) / 3
    reg[CULTURE], reg[STRUCTURE], reg[PRACTICE] = clip(new_c), clip(new_s), clip(new_p)
    decline = 12 * max(0.0, before - mean3(reg))  # strength lost a year
    agg[A_TURBULENCE] = agg[A_TURBULENCE] + p.turbulence_smoothing * (decline - agg[A_TURBULENCE])


def twin_strain(st, p):
    """M1: the month's strain (reference values 0.1 waiting share, 20 incidents; trust lost)."""
    agg, reg = st.agg, st.regime
    mun = st.municipalities
    budget = mun.budget.sum() * reg[BUDGET_FACTOR]
    overspend = max(0.0, mun.costs.sum() / budget - 1) if budget > 0 else 0.0
    return (
        p.pressure_regime * mean3(reg) * (1 - reg[INSTITUTIONALISED])
        + p.pressure_unanchored * max(0.0, agg[A_NICHE] - reg[INSTITUTIONALISED])
        + p.pressure_waiting * agg[A_WAITING_SHARE] / 0.1
        + p.pressure_workload * max(0.0, agg[A_WORKLOAD] - 1)
        + p.pressure_incidents * agg[A_INCIDENT_RATE] / 20
        + p.pressure_costs * overspend
        + p.pressure_escalation * st.regime[OPTIMISATION]
        + p.pressure_distrust * max(0.0, p.trust_initial - agg[A_TRUST])
    )


def twin_optimisation(st, p, lev):
    """M5: Z grows with pressure met without a system choice; choices and I_N unwind it."""
    reg = st.regime
    choice = min(1.0, lev[L_REBUILD] + lev[L_PHASE_OUT])
    inst, z = reg[INSTITUTIONALISED], reg[OPTIMISATION]
    grow = p.optimise_rate * reg[PRESSURE] * (1 - choice) * (1 - inst)
    reg[OPTIMISATION] = max(0.0, z + grow - p.optimise_unwind * (choice + inst) * z)


def twin_pressure(st, p):
    """M1: a stock: P += adjust x strain - absorb (R_s + I_N) P (never below 0); openness as before."""
    reg = st.regime
    inflow = p.pressure_adjust * twin_strain(st, p)
    outflow = p.pressure_absorb * (reg[STRUCTURE] + reg[INSTITUTIONALISED]) * reg[PRESSURE]
    reg[PRESSURE] = max(0.0, reg[PRESSURE] + inflow - outflow)
    st.agg[A_OPENNESS] = sig(p.openness_slope * (reg[PRESSURE] - p.openness_threshold * mean3(reg)))


def twin_weighing_rate(p, tc, participation, build_on, salience, diversity):
    rate = p.weigh_rate * tc * participation * (1 + p.build_on_legibility * build_on)
    return clip(
        rate * (1 - p.salience_crowding * min(1.0, salience)) * (1 - p.diversity_legibility * diversity)
    )


def twin_diversity(pt):
    """Mean absolute deviation of the active approaches over 0.25 (capped at 1); mean maturity x space."""
    on = pt.active == 1
    if not on.any():
        return 0.0, 0.0
    a = pt.approach[on]
    return (
        min(1.0, float(np.mean(np.abs(a - a.mean()))) / 0.25),
        float(np.mean(pt.maturity[on] * pt.exp_space[on])),
    )


def twin_stance(p, tc, rho):
    return (
        clip(p.backing_base + p.backing_tc * tc - p.backing_risk * rho),
        clip(p.space_base + p.space_tc * tc - p.space_risk * rho),
    )


def twin_learning(st, p, lev):
    """M12/M13/M16/M11: develop -> share -> weigh -> use, as the docstring tells it.

    Each ministry weighs its rate of its ``1/M`` share of the pool; the I_N decay acts on I_N
    after this month's growth.
    """
    pt, mi, reg = st.proeftuinen, st.ministries, st.regime
    learning, build_on, rebuild = lev[L_LEARNING], lev[L_BUILD_ON], lev[L_REBUILD]
    share = clip(p.share_rate * (1 + p.community_share * learning))
    pool = reg[KNOWLEDGE_POOL]
    for r in range(len(pt.active)):
        if pt.active[r] == 1:  # develop, then share part of the stock
            pt.knowledge[r] += p.learn_rate * pt.maturity[r] * pt.energy[r]
            moved = share * pt.knowledge[r]
            pt.knowledge[r] -= moved
            pool += moved
    pool *= 1 - p.radar_loss  # lessons lost under the radar
    n_min = len(mi.backing)
    part = clip(p.participation_base + (1 - p.participation_base) * p.coalition_participation * learning)
    weighed = 0.0
    diversity, practised = twin_diversity(pt)  # before this month's barriers move
    for k in range(n_min):
        mi.participation[k] = part
        rate = twin_weighing_rate(p, mi.transformative_capacity[k], part, build_on, reg[SALIENCE], diversity)
        w = rate * pool / n_min
        weighed += w
        mi.knowledge_weighed[k] += w
        tc = mi.transformative_capacity[k]
        tc = clip(
            tc + p.tc_learning * w * (1 - tc) + p.tc_build_on * build_on * (1 - tc) - p.tc_turnover * tc
        )
        mi.transformative_capacity[k] = tc
        mi.backing[k], mi.space_granted[k] = twin_stance(p, tc, mi.risk_aversion[k])
    reg[KNOWLEDGE_POOL] = max(0.0, pool - weighed)
    st.flow[F_WEIGHED] = weighed
    removal = (
        p.use_barriers * weighed + p.rebuild_barriers * rebuild + p.coevolution * diversity * practised
    )  # co-evolving partial solutions
    for r in range(len(pt.active)):
        if pt.active[r] == 1:
            pt.barriers[r] = clip(pt.barriers[r] - removal * pt.barriers[r])
    inst = reg[INSTITUTIONALISED]
    growth = (
        p.inst_rate
        * (p.inst_weighed * weighed + rebuild * st.agg[A_OPENNESS])
        * max(0.0, st.agg[A_PROS_NEW] - inst)
    )
    decay_base = inst + growth
    decay = p.inst_decay * max(0.0, reg[PROTOCOL] - p.protocol_baseline) * decay_base
    reg[INSTITUTIONALISED] = clip(inst + growth - decay)


def twin_municipal(st, p):
    """Budget stress, rationed team capacity, smoothed fallback use, proeftuin membership."""
    mun = st.municipalities
    for m in range(len(mun.region)):
        budget = mun.budget[m] * st.regime[BUDGET_FACTOR]
        mun.budget_stress[m] = max(0.0, mun.costs[m] / budget - 1) if budget > 0 else 0.0
        mun.team_capacity[m] = 1 / (1 + p.rationing * mun.budget_stress[m])
        mun.in_proeftuin[m] = st.proeftuinen.active[mun.region[m]]
        if mun.new_intakes[m] > 0:
            share = mun.fallbacks[m] / mun.new_intakes[m]
            mun.fallback_use[m] += p.fallback_smoothing * (share - mun.fallback_use[m])


def twin_landscape(st, p, exo):
    """M4: decentralisation hits structure and budgets; pressure pulses; trust shock."""
    reg = st.regime
    if exo[X_DECENTRALISATION] > 0:
        reg[STRUCTURE] = clip(reg[STRUCTURE] - p.decentralisation_shock * exo[X_DECENTRALISATION])
        reg[BUDGET_FACTOR] *= 1 - p.decentralisation_budget_cut * min(exo[X_DECENTRALISATION], 1)
    base = st.municipalities.budget.sum()  # top-ups toward a share of the escalated costs
    target = max(1.0, p.budget_cover * st.municipalities.costs.sum() / base) if base > 0 else 1.0
    reg[BUDGET_FACTOR] += p.budget_recovery * (target - reg[BUDGET_FACTOR])
    reg[PRESSURE] += exo[X_LANDSCAPE]
    if exo[X_TRUST_SHOCK] > 0:
        for f in range(len(st.families.trust)):
            st.families.trust[f] = clip(st.families.trust[f] * (1 - exo[X_TRUST_SHOCK]))


def twin_incident_hazard(st, p):
    """M2: sum of min(1, u^2 incident_base (1 + incident_waiting [untreated]) exp(iw (workload - 1)))."""
    fam, pro = st.families, st.professionals
    total = 0.0
    for f in range(len(fam.status)):
        h = p.incident_base * fam.unsafety[f] ** 2
        if fam.status[f] in (NONE, WAITING):
            h *= 1 + p.incident_waiting
        elif fam.professional[f] >= 0:  # in help with a post: that post's workload
            h *= math.exp(p.incident_workload * (pro.workload[fam.professional[f]] - 1))
        total += min(h, 1.0)
    return total


def twin_reflex_response(p, news, dialogue, tc):
    return news * (1 - p.dialogue_damping * dialogue) * (1 - p.tc_damping * tc)


# ---------------------------------------------------------------------------------------------
# twins: kernels that draw (from a deep copy of the generator, in the kernel's order)
# ---------------------------------------------------------------------------------------------


def twin_pick(st, r, gen):
    """The less loaded of two random active posts of region ``r`` (each: up to 8 random tries,
    then the first active post of the region), or -1 if the region has none."""
    start, count = st.regions.pro_start[r], st.regions.pro_count[r]
    active, caseload = st.professionals.active, st.professionals.caseload
    if count <= 0 or st.regions.active_pros[r] <= 0:
        return -1

    def one():
        for _ in range(8):
            j = start + gen.integers(0, count)
            if active[j] == 1:
                return int(j)
        hits = [j for j in range(start, start + count) if active[j] == 1]
        return hits[0] if hits else -1

    a, b = one(), one()
    if a < 0:
        return b
    return b if b >= 0 and caseload[b] < caseload[a] else a


def twin_census(st, p, lev, gen):
    """Caseloads (orphaned cases handed over in the region), counts, costs, workload, capacity,
    intake probability, access and the aggregates, recomputed from the rows."""
    fam, pro, reg, mun, pt, mi = (
        st.families,
        st.professionals,
        st.regions,
        st.municipalities,
        st.proeftuinen,
        st.ministries,
    )
    agg = st.agg
    n_reg, n_mun, n_fam = len(reg.pro_start), len(mun.region), len(fam.status)
    load = twin_protocol_load(p, st.regime[PROTOCOL], st.regime[OPTIMISATION])
    active = pro.active == 1
    helped = (fam.status == VOLUNTARY) | (fam.status == COERCIVE)
    reg.active_pros[:] = np.bincount(pro.region[active], minlength=n_reg)
    kept = helped & (fam.professional >= 0) & active[np.maximum(fam.professional, 0)]
    pro.caseload[:] = np.bincount(fam.professional[kept], minlength=len(pro.caseload))
    cap = (1 + p.caseload_stretch) * p.sustainable_caseload / load
    for f in np.flatnonzero(helped & ~kept):  # hand-overs along the chain, in row order
        if fam.professional[f] >= 0:  # its worker left: information lost
            fam.unsafety[f] = clip(fam.unsafety[f] + p.handover_harm)
        j = twin_pick(st, fam.region[f], gen)
        if j >= 0 and pro.caseload[j] >= cap:  # both posts looked at are full
            j = -1
        fam.professional[f] = j
        if j >= 0:
            pro.caseload[j] += 1
    agg[A_N_UNASSIGNED] = (helped & (fam.professional < 0)).sum()
    waiting = fam.status == WAITING
    new = helped & (fam.route == NEW)
    escalation = 1 + st.regime[OPTIMISATION]  # M5: the optimisation stock's cost of a case
    cost = escalation * np.where(fam.status == COERCIVE, p.cost_coercive, p.cost_voluntary)
    cost = np.where(new, cost * p.cost_new_route, cost)
    cost = np.where(waiting, p.cost_waiting, np.where(helped, cost, 0.0))
    mun.waiting[:] = np.bincount(fam.municipality[waiting], minlength=n_mun)
    mun.cases[:] = np.bincount(fam.municipality[helped], minlength=n_mun)
    mun.costs[:] = np.bincount(fam.municipality, weights=cost, minlength=n_mun)
    n_new_m = np.bincount(fam.municipality[new], minlength=n_mun)
    mun.new_route_share[:] = np.where(mun.cases > 0, n_new_m / np.maximum(mun.cases, 1), 0.0)
    reg.waiting[:] = np.bincount(fam.region[waiting], minlength=n_reg)
    reg.cases[:] = np.bincount(fam.region[helped], minlength=n_reg)
    # posts: workload = caseload x protocol load / sustainable caseload (+ dual running effort)
    dual = np.where(pt.active == 1, pt.dual_running, 0.0)[pro.region]
    workload = pro.caseload * load / p.sustainable_caseload + p.dual_workload * dual
    pro.workload[:] = np.where(active, workload, 0.0)
    capacity = p.sustainable_caseload / load * np.where(pro.burnt_out == 1, 1 - p.burnout_capacity_loss, 1.0)
    reg.slots[:] = np.bincount(pro.region[active], weights=capacity[active], minlength=n_reg)
    pos_sum = np.bincount(pro.region[active], weights=pro.position[active], minlength=n_reg)
    reg.position[:] = pos_sum / np.maximum(reg.active_pros, 1)
    for r in range(n_reg):
        w, slots = reg.waiting[r], reg.slots[r]
        urgency = w / (w + slots) if slots > 0 else 0.0
        free = slots * (1 + p.caseload_stretch * urgency) - reg.cases[r]
        ok = reg.waiting[r] > 0 and free > 0
        reg.intake_prob[r] = min(1.0, p.intake_rate * free / reg.waiting[r]) if ok else 0.0
        room = max(pt.exp_space[r], lev[L_GUARANTEE]) if pt.active[r] == 1 else p.space_outside
        vacated = min(1.0, p.phase_out_room * lev[L_PHASE_OUT] * (1 - st.regime[STRUCTURE]))
        reg.access[r] = 1 - (1 - room) * (1 - st.regime[INSTITUTIONALISED]) * (1 - vacated)

    def mean(x):
        return float(np.mean(x)) if len(x) else 0.0

    n_help = helped.sum()
    apt = pt.active == 1
    agg[A_NICHE] = new.sum() / n_help if n_help else 0.0
    agg[A_WAITING_SHARE] = waiting.sum() / n_fam
    agg[A_WELLBEING], agg[A_TRUST] = mean(fam.wellbeing), mean(fam.trust)
    agg[A_WORKLOAD], agg[A_STRESS] = mean(pro.workload[active]), mean(pro.stress[active])
    agg[A_CASELOAD] = mean(pro.caseload[active])
    agg[A_PROS_NEW] = mean(pro.position[active] > 0.5)
    agg[A_COSTS] = mun.costs.sum()
    agg[A_BUDGET_STRESS] = mean(mun.budget_stress)
    intakes = mun.new_intakes.sum()
    agg[A_FALLBACK_SHARE] = mun.fallbacks.sum() / intakes if intakes else 0.0
    agg[A_N_COERCIVE] = (fam.status == COERCIVE).sum()
    agg[A_N_VOLUNTARY] = (fam.status == VOLUNTARY).sum()
    agg[A_N_WAITING], agg[A_N_ACTIVE] = waiting.sum(), active.sum()
    agg[A_N_BURNT] = (active & (pro.burnt_out == 1)).sum()
    agg[A_RISK], agg[A_TC] = mean(mi.risk_aversion), mean(mi.transformative_capacity)
    agg[A_BACKING], agg[A_PARTICIPATION] = mean(mi.backing), mean(mi.participation)
    agg[A_N_ACTIVE_PT] = apt.sum()
    agg[A_SPACE], agg[A_ENERGY] = mean(pt.exp_space[apt]), mean(pt.energy[apt])
    agg[A_BARRIERS], agg[A_DUAL] = mean(pt.barriers[apt]), mean(pt.dual_running[apt])


def twin_fallback_probability(p, u, maturity, backing, phase_out):
    return sig(
        p.fallback_unsafety * (u - p.fallback_threshold)
        - p.fallback_maturity * maturity
        - p.fallback_backing * backing
        - p.fallback_phase_out * phase_out
    )


def twin_coercion_probability(p, u, risk, protocol, culture, route):
    return sig(
        p.coercion_base
        + p.coercion_unsafety * (u - 0.5)
        + p.coercion_risk * (risk - 0.5)
        + p.coercion_protocol * (protocol - 0.5)
        + p.coercion_culture * (culture - p.initial_regime)
        - p.coercion_new_route * route
    )


def twin_route(st, p, lev, f, j, gen):
    """M8: the new way with probability position_j x access_r, then back to the old route with
    the fallback probability (maturity of an active proeftuin, mean ministry backing)."""
    fam, mun, pt = st.families, st.municipalities, st.proeftuinen
    r, m = fam.region[f], fam.municipality[f]
    if not gen.random() < st.professionals.position[j] * st.regions.access[r]:
        return OLD
    mun.new_intakes[m] += 1
    maturity = pt.maturity[r] if pt.active[r] == 1 else 0.0
    backing = float(np.mean(st.ministries.backing))
    if gen.random() < twin_fallback_probability(p, fam.unsafety[f], maturity, backing, lev[L_PHASE_OUT]):
        fam.fallback[f] = 1
        mun.fallbacks[m] += 1
        return OLD
    return NEW


def twin_renew(st, p, f, gen):
    fam = st.families
    a = p.unsafety_concentration * p.unsafety_mean
    fam.unsafety[f] = gen.beta(a, p.unsafety_concentration * (1 - p.unsafety_mean))
    fam.status[f], fam.route[f], fam.professional[f], fam.months[f] = NONE, OLD, -1, 0
    fam.wellbeing[f], fam.trust[f], fam.fallback[f] = p.wellbeing_none, p.trust_initial, 0


def twin_families(st, p, lev, gen):
    """M10/M8: each household in row order (module docstring of ``rules.families``); wellbeing
    and trust relax every month except the intake month and the month of replacement."""
    fam, mun, reg, pro, flow = (st.families, st.municipalities, st.regions, st.professionals, st.flow)
    risk, protocol = st.agg[A_RISK], st.regime[PROTOCOL]
    effect = p.new_route_effect
    mun.new_intakes[:] = 0
    mun.fallbacks[:] = 0
    for f in range(len(fam.status)):
        s, u = fam.status[f], fam.unsafety[f]
        fam.months[f] += 1
        drifted = clip(u + p.unsafety_drift * (1 - u))  # untreated unsafety drifts up
        if s == NONE:
            x = gen.random()  # one draw: leave, else be signalled with signal_rate (0.5 + u)
            if x < p.leave_rate:
                twin_renew(st, p, f, gen)
                continue
            if x < p.leave_rate + (1 - p.leave_rate) * p.signal_rate * (0.5 + u):
                fam.status[f], fam.months[f] = WAITING, 0
            fam.unsafety[f] = drifted
        elif s == WAITING:
            r, m = fam.region[f], fam.municipality[f]
            j = -1
            if gen.random() < reg.intake_prob[r] * mun.team_capacity[m]:
                j = twin_pick(st, r, gen)
            if j >= 0:
                route = twin_route(st, p, lev, f, j, gen)
                fam.route[f], fam.professional[f], fam.months[f] = route, j, 0
                pro.caseload[j] += 1
                flow[F_INTAKES] += 1
                if gen.random() < twin_coercion_probability(p, u, risk, protocol, st.regime[CULTURE], route):
                    fam.status[f] = COERCIVE
                    flow[F_COERCIVE_IN] += 1
                else:
                    fam.status[f] = VOLUNTARY
                continue  # help counts from next month
            else:
                fam.unsafety[f] = drifted
        else:
            new = fam.route[f] == NEW
            hazard = 1 / (p.coercive_duration if s == COERCIVE else p.voluntary_duration)
            if new:
                hazard *= 1 + effect  # fewer hand-overs, one plan
            j = fam.professional[f]
            if j >= 0 and pro.workload[j] > 1:
                hazard /= pro.workload[j]  # an overloaded post closes cases more slowly
            x = gen.random()  # one draw: resolved, escalated or carrying on
            if x < hazard:
                flow[F_RESOLVED] += 1
                flow[F_COERCIVE_OUT] += s == COERCIVE
                twin_renew(st, p, f, gen)
                continue
            if s == VOLUNTARY:
                esc = p.escalation_rate * u * (1 + risk) / ((1 + effect) if new else 1.0)
                if x < hazard + (1 - hazard) * esc:
                    fam.status[f] = COERCIVE
                    flow[F_COERCIVE_IN] += 1
            if j >= 0:
                fam.unsafety[f] = clip(u - p.help_effect * (1 + effect * new) * u)
            else:  # in help without a worker
                fam.unsafety[f] = drifted
        s = fam.status[f]
        wb, tr = {
            NONE: (p.wellbeing_none, p.trust_initial),
            WAITING: (p.wellbeing_none - p.wellbeing_waiting_loss, p.trust_initial - p.trust_waiting_loss),
            VOLUNTARY: (p.wellbeing_help, p.trust_initial),
            COERCIVE: (p.wellbeing_help - p.wellbeing_coercion_loss, p.trust_initial - p.trust_coercion_loss),
        }[s]
        if s >= VOLUNTARY and fam.route[f] == NEW:
            wb, tr = wb + p.new_route_relief, tr + p.new_route_relief
        fam.wellbeing[f] = clip(fam.wellbeing[f] + p.wellbeing_rate * (wb - fam.wellbeing[f]))
        fam.trust[f] = clip(fam.trust[f] + p.trust_rate * (tr - fam.trust[f]))


def twin_severity(p, u):
    """Pareto severity with tail a, scaled to mean 1: (a - 1)/a x (1 - u)^(-1/a)."""
    a = p.severity_tail
    return (a - 1) / a * (1 - u) ** (-1 / a)


def twin_news_share(p, c):
    """E[min(1, c s)] for s Pareto(x_m, a): c a/(a - 1) (x_m - x_m^a b^(1-a)) + (x_m/b)^a, b = 1/c."""
    if c <= 0:
        return 0.0
    a = p.severity_tail
    xm, b = (a - 1) / a, 1 / c
    if b <= xm:
        return 1.0
    return c * a / (a - 1) * (xm - xm**a * b ** (1 - a)) + (xm / b) ** a


def twin_news_severity(p, c, u1, u2):
    a = p.severity_tail
    xm, b = (a - 1) / a, 1 / c
    if b <= xm:
        return twin_severity(p, u2)
    w1 = c * a / (a - 1) * (xm - xm**a * b ** (1 - a))
    w2 = (xm / b) ** a
    if u1 * (w1 + w2) < w1:  # below 1/c: truncated Pareto of tail a - 1
        return xm * (1 - u2 * (1 - (xm / b) ** (a - 1))) ** (-1 / (a - 1))
    return b * (1 - u2) ** (-1 / a)  # above: the Pareto tail


def twin_response_probability(p, rho, s, salience, dialogue, tc):
    z = (
        p.response_logit
        + p.response_risk * (rho - 0.5)
        + p.response_severity * math.log(s)
        + p.response_salience * salience
    )
    return 1 / (1 + math.exp(-z)) * (1 - p.dialogue_damping * dialogue) * (1 - p.tc_damping * tc)


def twin_incidents(st, p, lev, exo, gen):
    """M2/M18/M20: incidents with severities, news, reports, the ministries' decisions, the reflex."""
    reg, mi, pt, agg, flow = st.regime, st.ministries, st.proeftuinen, st.agg, st.flow
    n_min = len(mi.risk_aversion)
    resp = [0.0] * n_min
    answered = 0

    def decide(s):  # each ministry in turn: answer this public event with new rules or not
        nonlocal answered
        for k in range(n_min):
            q = twin_response_probability(
                p, mi.risk_aversion[k], s, reg[SALIENCE], lev[L_DIALOGUE], mi.transformative_capacity[k]
            )
            if gen.random() < q:
                resp[k] += s
                answered += 1

    incidents = int(gen.poisson(twin_incident_hazard(st, p) / p.scale))
    c = p.news_base + p.news_salience * reg[SALIENCE]
    share = twin_news_share(p, c)
    news = int(gen.binomial(incidents, share)) if incidents > 0 and share > 0 else 0
    before, answered_before = list(resp), answered
    for _ in range(min(news, 10_000)):
        decide(twin_news_severity(p, c, gen.random(), gen.random()))
    if news > 10_000:  # the rest answered as the first 10,000, scaled
        f = news / 10_000
        answered = answered_before + (answered - answered_before) * f
        resp[:] = [b + (r - b) * f for b, r in zip(before, resp, strict=True)]
    forced = round(exo[X_FORCED_INCIDENTS])  # forced incidents make the news, severity 1
    for _ in range(forced):
        news += 1
        decide(1.0)
    if exo[X_SEVERE_INCIDENT] > 0:  # one grave incident of the given severity
        forced += 1
        news += 1
        decide(exo[X_SEVERE_INCIDENT])
    reports = int(gen.poisson(p.report_base * reg[PRESSURE]))
    before, answered_before = list(resp), answered
    for _ in range(min(reports, 10_000)):
        decide(p.report_severity)
    if reports > 10_000:
        f = reports / 10_000
        answered = answered_before + (answered - answered_before) * f
        resp[:] = [b + (r - b) * f for b, r in zip(before, resp, strict=True)]
    flow[F_INCIDENTS], flow[F_NEWS] = incidents + forced, news
    flow[F_REPORTS], flow[F_RESPONSES] = reports, answered
    agg[A_INCIDENT_RATE] += p.incident_smoothing * (incidents + forced - agg[A_INCIDENT_RATE])
    resistance = p.phase_out_resistance * lev[L_PHASE_OUT] * reg[STRUCTURE]
    for k in range(n_min):
        # the justice side rests justice_risk higher than the youth side (rules.governance)
        base = clip(
            p.risk_baseline
            + p.justice_risk * (mi.justice[k] - 0.5)
            + p.risk_pressure * reg[PRESSURE]
            + resistance
        )
        rho = mi.risk_aversion[k]
        rho += p.reflex_risk * resp[k] * (1 - rho)
        mi.risk_aversion[k] = clip(rho + p.risk_relax * (base - rho))
    response = sum(resp) / n_min
    prot = reg[PROTOCOL] + p.reflex_protocol * response * (1 - reg[PROTOCOL])
    relax = p.protocol_relax * (1 + p.rebuild_protocol * lev[L_REBUILD])
    reg[PROTOCOL] = clip(prot + relax * (p.protocol_baseline - prot))
    S = reg[SALIENCE]
    public = news + reports
    reg[SALIENCE] = S * (1 - p.salience_decay) + (1 - S) * (1 - math.exp(-p.salience_gain * public))
    if response > 0:
        cut = clip(p.reflex_space * response * (1 - lev[L_GUARANTEE]))
        for r in range(len(pt.active)):
            if pt.active[r] == 1:
                pt.exp_space[r] = max(pt.exp_space[r] * (1 - cut), lev[L_GUARANTEE])


def twin_threshold_response(share, theta, slope):
    """sigma(slope (share - theta)) rescaled so that share 0 gives 0 and share 1 gives 1; the
    share itself at slope 0."""
    if slope == 0:
        return share
    lo, hi = sig(-slope * theta), sig(slope * (1 - theta))
    return clip((sig(slope * (share - theta)) - lo) / (hi - lo))


def twin_professionals(st, p, lev, exo, gen):
    """M9/M15: stress, attrition or hiring, and synchronous adoption: positions and peers'
    occupancy as they were at the start of the month (docs/model.md), so row order is moot."""
    q, pt, reg, agg = st.professionals, st.proeftuinen, st.regime, st.agg
    labour = exo[X_LABOUR]
    old = q.position.copy()
    active_then = q.active.copy()
    peers_active = active_then
    willing = math.exp(-p.deviation_pressure * reg[PRESSURE])
    defensive = p.reflex_defensive * twin_reflex_response(p, st.flow[F_NEWS], lev[L_DIALOGUE], agg[A_TC])
    for j in range(len(q.active)):
        r = q.region[j]
        if q.active[j] == 0:
            q.vacancy[j] += 1
            if gen.random() < p.hire_rate * (1 - labour):
                q.active[j], q.vacancy[j], q.burnt_out[j] = 1, 0, 0
                x = max(p.newhire_position * gen.random(), reg[INSTITUTIONALISED])
                q.position[j] = x
                q.stress[j], q.tasted_new[j] = p.newhire_stress, int(x > 0.5)
                st.flow[F_HIRES] += 1
            continue
        in_pt = pt.active[r] == 1
        energy = pt.energy[r] if in_pt else 1.0
        access = st.regions.access[r]
        s = q.stress[j]
        s = (
            s
            + p.stress_gain * max(0.0, q.workload[j] - 1)
            - p.stress_recovery * s
            + p.transition_pain * q.tasted_new[j] * (1 - access)
            + p.reorganisation_stress * agg[A_TURBULENCE]
            # the pain of phase-out for those still in the old practice (bestaansrecht)
            + p.phase_out_pain * lev[L_PHASE_OUT] * (1 - old[j]) * reg[STRUCTURE]
            + (p.innovator_leak * old[j] * (1 - energy) if in_pt else 0.0)
        )
        s = clip(s)
        q.stress[j], q.burnt_out[j] = s, int(s > p.burnout_threshold)
        hazard = p.attrition_base * (1 + p.labour_pull * labour) + p.attrition_stress * s**2
        if gen.random() < hazard:
            q.active[j], q.vacancy[j] = 0, 0
            st.flow[F_EXITS] += 1
            continue
        peers = [k for k in q.ties[j] if k >= 0 and peers_active[k] == 1]
        mean_peer = sum(old[k] for k in peers) / len(peers) if peers else old[j]
        # complex contagion: the share of adopting peers through a threshold (0 to 1 rescaled
        # logistic) that taking part in a proeftuin's action research lowers
        share = sum(old[k] > 0.5 for k in peers) / len(peers) if peers else float(old[j] > 0.5)
        theta = p.adopt_threshold * (1 - p.participation_threshold * in_pt)
        reinforced = twin_threshold_response(share, theta, p.adopt_slope)
        c = p.adopt_reinforcement
        peer = (1 - c) * mean_peer + c * reinforced
        pull = p.adopt_peer * peer + (p.adopt_proeftuin * pt.maturity[r] * energy if in_pt else 0)
        pull *= access * willing
        # the ratchet: who tasted the new way hardly reverts, to the regime or to the reflex
        push = (p.regime_pull * reg[PRACTICE] + defensive) * (1 - p.ratchet * q.tasted_new[j])
        x = clip(old[j] + pull * (1 - old[j]) - clip(push) * old[j])
        q.position[j] = x
        if x > 0.5:
            q.tasted_new[j] = 1
    q.in_proeftuin[:] = pt.active[q.region]


def twin_niche(st, p, lev, t, gen):
    """M6/M22: tranches start when due, build-up spreads the niche; logistic growth toward K,
    erosion above it, then the energy decay of what there is."""
    q = st.proeftuinen
    build_up = lev[L_BUILD_UP]
    granted = sum(st.ministries.space_granted) / len(st.ministries.space_granted)
    for r in range(len(q.active)):
        if q.active[r] == 0:
            due = q.start[r] >= 0 and t >= q.start[r]
            spreads = q.start[r] < 0 and build_up > 0
            if due or (spreads and gen.random() < p.build_up_spread * build_up):
                q.active[r], q.start[r] = 1, t  # rolled in small, with its own approach
                q.approach[r] = 0.5 + p.proeftuin_diversity * (gen.random() - 0.5)
                q.maturity[r], q.energy[r], q.exp_space[r] = (p.maturity_initial, p.energy_initial, granted)
                q.barriers[r], q.knowledge[r], q.small_wins[r] = 1.0, 0.0, 0.0
    R = mean3(st.regime)
    for r in range(len(q.active)):
        if q.active[r] == 1:
            n = q.maturity[r]
            K = p.k_min + (1 - p.k_min) * (1 - R) * (1 - p.barrier_cap * q.barriers[r])
            g = (
                p.maturity_growth
                * (1 + p.build_up_growth * build_up)
                * (1 + p.win_attraction * q.small_wins[r])
                * q.energy[r]
                * q.exp_space[r]
            )
            grown = n + g * n * (1 - n / K) if n < K else n - p.maturity_erosion * (n - K)
            q.maturity[r] = clip(grown - p.maturity_decay * (1 - q.energy[r]) * grown)


def twin_small_wins(st, p, gen):
    """M14: Poisson(win_rate n E e) wins; energising, lessons, a slowly decaying stock."""
    q = st.proeftuinen
    for r in range(len(q.active)):
        if q.active[r] == 1:
            rate = p.win_rate * q.maturity[r] * q.energy[r] * q.exp_space[r]
            wins = float(gen.poisson(rate)) if rate > 0 else 0.0
            st.flow[F_WINS] += wins
            q.small_wins[r] = (q.small_wins[r] + wins) * (1 - p.win_decay)
            for _ in range(int(wins)):  # each win raises energy by win_energy (1 - E)
                q.energy[r] += p.win_energy * (1 - q.energy[r])
            q.knowledge[r] += p.win_knowledge * wins


def twin_governance(st, p, lev):
    """M16: commitment follows its target (urgency: the optimisation stock Z); national levers x
    portfolio-weighted commitment; build-up x the family-weighted mean municipal team capacity."""
    mi, mun = st.ministries, st.municipalities
    for k in range(len(mi.commitment)):
        target = clip(
            p.commit_base
            + p.commit_tc * mi.transformative_capacity[k]
            + p.commit_participation * mi.participation[k]
            - p.commit_risk * mi.risk_aversion[k]
            + p.commit_urgency * st.regime[OPTIMISATION]
        )
        mi.commitment[k] = clip(mi.commitment[k] + p.commit_adjust * (target - mi.commitment[k]))
    # VWS (justice 0) and JenV (justice 1) hold each national lever in these shares (JenV's)
    jenv_share = dict(zip(LEVERS, (None, 0.7, 0.5, 0.5, 0.5, 0.5, 0.5), strict=True))
    for i, name in enumerate(LEVERS):
        st.intended[i] = lev[i]
        if name == "build_up":
            fam = mun.n_families.astype(float)
            st.realised[i] = lev[i] * float((fam * mun.team_capacity).sum() / fam.sum())
            continue
        w = [jenv_share[name] * j + (1 - jenv_share[name]) * (1 - j) for j in mi.justice]
        st.realised[i] = lev[i] * sum(wk * c for wk, c in zip(w, mi.commitment, strict=True)) / sum(w)


def twin_step(st, p, lev, exo, t, gen):
    """docs/model.md, process overview: the month's submodels in order; after the landscape,
    every rule reads the realised levers."""
    st.flow[:] = 0.0
    twin_landscape(st, p, exo)
    twin_governance(st, p, lev)
    lev = st.realised
    twin_families(st, p, lev, gen)
    twin_incidents(st, p, lev, exo, gen)
    twin_professionals(st, p, lev, exo, gen)
    twin_niche(st, p, lev, t, gen)
    twin_dual_running(st)
    twin_space(st, p, lev)
    twin_small_wins(st, p, gen)
    twin_energy(st, p)
    twin_learning(st, p, lev)
    twin_municipal(st, p)
    twin_census(st, p, lev, gen)
    twin_pressure(st, p)
    twin_optimisation(st, p, lev)
    twin_lockin(st, p, lev)


# ---------------------------------------------------------------------------------------------
# scalar kernels
# ---------------------------------------------------------------------------------------------


def test_clip01_over_edges_and_random_points():
    rng = np.random.default_rng(11)
    xs = np.r_[
        -np.inf,
        -1e300,
        -1.0,
        -5e-324,
        -0.0,
        0.0,
        5e-324,
        0.5,
        1 - 2**-53,
        1.0,
        1 + 2**-52,
        2.0,
        1e300,
        np.inf,
        rng.normal(0.5, 1.0, 2000),
    ]
    got = np.array([clip01(x) for x in xs])
    np.testing.assert_array_equal(got, [clip(x) for x in xs])  # exact: no arithmetic at all
    inside = (xs >= 0) & (xs <= 1)
    np.testing.assert_array_equal(got[inside], xs[inside])  # identity on [0, 1]


def test_logistic_matches_high_precision_value():
    rng = np.random.default_rng(12)
    xs = np.r_[
        0.0,
        -0.0,
        1.0,
        -1.0,
        36.0,
        -36.0,
        700.0,
        -700.0,
        5e-324,
        -5e-324,
        rng.normal(0, 3, 1000),
        rng.uniform(-700, 700, 500),
    ]
    got = np.array([logistic(x) for x in xs])
    np.testing.assert_allclose(got, [sig(x) for x in xs], rtol=RTOL, atol=0)
    # far tails: no overflow, the exact limits
    for x in (750.0, 1e3, 1e308, np.inf):
        assert logistic(x) == 1.0
        assert logistic(-x) == 0.0
    assert logistic(0.0) == 0.5
    np.testing.assert_allclose(got + np.array([logistic(-x) for x in xs]), 1.0, rtol=1e-15)


def test_regime_strength_is_the_mean_of_the_three_layers():
    rng = np.random.default_rng(13)
    vectors = [np.zeros(9), np.ones(9)] + [rng.random(9) for _ in range(300)]
    for v in vectors:
        np.testing.assert_allclose(regime_strength(v), mean3(v), rtol=RTOL)
        other = v.copy()
        other[3:] = rng.random(6) * 10  # pressure, salience, ... do not enter
        assert regime_strength(other) == regime_strength(v)


def _check_scalar(kernel, twin, param_names, n_args, seed, scale=None, extra=None, atol=0.0):
    """kernel(p, *row) == twin(p, *row) over the grid, for every parameter set (``atol`` only
    where the formula subtracts, so a result may cancel to ~0)."""
    rows = grid(n_args, seed)
    if scale is not None:
        rows = rows * scale
    p0 = prepared(1).kernel_params
    for p in param_sets(p0, param_names, seed=seed):
        for row in rows:
            args = tuple(float(a) for a in row) + tuple(extra or ())
            np.testing.assert_allclose(
                kernel(p, *args), twin(p, *args), rtol=RTOL, atol=atol, err_msg=f"{kernel.__name__}{args}"
            )


def test_fallback_probability():
    names = [
        "fallback_unsafety",
        "fallback_threshold",
        "fallback_maturity",
        "fallback_backing",
        "fallback_phase_out",
    ]
    _check_scalar(fallback_probability, twin_fallback_probability, names, 4, seed=21)
    p = prepared(1).kernel_params  # the documented directions
    assert fallback_probability(p, 0.9, 0, 0, 0) > fallback_probability(p, 0.1, 0, 0, 0)
    assert fallback_probability(p, 0.9, 1, 1, 1) < fallback_probability(p, 0.9, 0, 0, 0)


@pytest.mark.parametrize("route", [OLD, NEW])
def test_coercion_probability(route):
    names = [
        "coercion_base",
        "coercion_unsafety",
        "coercion_risk",
        "coercion_protocol",
        "coercion_culture",
        "coercion_new_route",
    ]
    _check_scalar(coercion_probability, twin_coercion_probability, names, 4, seed=22 + route, extra=(route,))


def test_carrying_capacity():
    def twin(p, R, B):
        return p.k_min + (1 - p.k_min) * (1 - R) * (1 - p.barrier_cap * B)

    _check_scalar(carrying_capacity, twin, ["k_min", "barrier_cap"], 2, seed=24)
    p = prepared(1).kernel_params
    assert carrying_capacity(p, 1.0, 0.0) == pytest.approx(p.k_min, rel=RTOL)  # full regime
    assert carrying_capacity(p, 0.0, 0.0) == 1.0  # no regime, no barriers: room for all


def test_threshold_response():
    """The peer threshold of complex contagion against its twin over shares, thresholds and
    slopes in range; it runs from 0 (no adopting peer) to 1 (all adopt), rises with the share,
    and is the share itself at slope 0."""
    rows = grid(2, seed=27)
    for slope in (0.0, 0.5, 15.0, 100.0, *np.random.default_rng(27).uniform(0, 100, 3)):
        for share, theta in rows:
            np.testing.assert_allclose(
                threshold_response(share, theta, slope),
                twin_threshold_response(share, theta, slope),
                rtol=RTOL,
                atol=ATOL,
            )
        for theta in (0.0, 0.3, 1.0):
            assert threshold_response(0.0, theta, slope) == pytest.approx(0.0, abs=ATOL)
            assert threshold_response(1.0, theta, slope) == pytest.approx(1.0, rel=RTOL)
            ys = [threshold_response(a, theta, slope) for a in np.linspace(0, 1, 13)]
            assert all(b >= a for a, b in zip(ys, ys[1:], strict=False))
    assert threshold_response(0.4, 0.5, 0.0) == 0.4
    # steep: one adopting peer in six barely pulls, five in six nearly fully
    assert threshold_response(1 / 6, 0.5, 15.0) < 0.01 < 0.99 < threshold_response(5 / 6, 0.5, 15.0)


def test_weighing_rate():
    names = ["weigh_rate", "build_on_legibility", "salience_crowding", "diversity_legibility"]
    # salience up to 2: the crowding saturates at salience 1
    _check_scalar(weighing_rate, twin_weighing_rate, names, 5, seed=25, scale=[1, 1, 1, 2, 1])


def test_niche_diversity():
    """D is 0 for identical approaches, 1 for an even split at 0 and 1 (capped), and only the
    active proeftuinen count."""
    for seed in range(3):
        st = perturbed(seed)
        assert niche_diversity(st.proeftuinen) == pytest.approx(twin_diversity(st.proeftuinen), rel=RTOL)
    pt = perturbed(0, proeftuinen="all").proeftuinen
    pt.approach[:] = 0.3
    assert niche_diversity(pt)[0] == pytest.approx(0.0, abs=1e-12)
    pt.approach[:] = np.arange(pt.approach.size) % 2  # half at 0, half at 1: deviation 0.5 -> 2, capped
    assert niche_diversity(pt)[0] == 1.0
    pt.active[:] = 0
    assert niche_diversity(pt) == (0.0, 0.0)


def test_ministry_stance():
    names = ["backing_base", "backing_tc", "backing_risk", "space_base", "space_tc", "space_risk"]
    _check_scalar(ministry_stance, twin_stance, names, 2, seed=26, atol=ATOL)


def test_reflex_response():
    names = ["dialogue_damping", "tc_damping"]
    for news in (0.0, 1.0, 2.0, 7.0):
        _check_scalar(
            lambda p, d, tc, n=news: reflex_response(p, n, d, tc),
            lambda p, d, tc, n=news: twin_reflex_response(p, n, d, tc),
            names,
            2,
            seed=27,
        )
    p = prepared(1).kernel_params
    assert reflex_response(p, 0.0, 0.0, 0.0) == 0.0  # no news, no reflex


def test_protocol_load():
    _check_scalar(
        protocol_load,
        twin_protocol_load,
        ["protocol_burden", "optimise_time"],
        2,
        seed=28,
        scale=np.array([1.0, 5.0]),
    )
    p = prepared(1).kernel_params
    assert protocol_load(p, 0.0, 0.0) == 1.0  # no protocols, no optimisation: no extra time
    assert protocol_load(p, 0.0, 2.0) > protocol_load(p, 0.0, 1.0)  # optimising eats time


def test_strain():
    for seed in range(4):
        st = perturbed(seed)
        p = prepared(1).kernel_params
        for q in param_sets(
            p,
            [
                "pressure_regime",
                "pressure_waiting",
                "pressure_workload",
                "pressure_incidents",
                "pressure_costs",
                "pressure_escalation",
                "pressure_distrust",
                "pressure_unanchored",
            ],
            seed=seed,
            n_random=1,
        ):
            np.testing.assert_allclose(strain(st, q), twin_strain(st, q), rtol=RTOL)


@pytest.mark.parametrize("vacant", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_incident_hazard(seed, vacant):
    st = perturbed(seed, vacant_region=vacant)
    if vacant:  # a case without a post (not yet handed over) has no workload term
        r = vacant_region_of(st)
        helped = (st.families.region == r) & (st.families.status >= VOLUNTARY)
        st.families.professional[helped] = -1
    for p in param_sets(
        prepared(1).kernel_params, ["incident_base", "incident_waiting", "incident_workload"], seed=seed
    ):
        np.testing.assert_allclose(incident_hazard(st, p), twin_incident_hazard(st, p), rtol=RTOL)


def test_incident_hazard_is_at_most_one_incident_a_household_a_month():
    """Overloaded posts at the top of the ranges: the hazard saturates at one a household (so the
    Poisson count stays finite) instead of growing as exp(incident_workload x (workload - 1))."""
    st = perturbed(0)
    st.professionals.workload[:] = 50.0
    p = prepared(1).kernel_params._replace(incident_base=0.01, incident_workload=10.0)
    n = len(st.families.status)
    total = incident_hazard(st, p)
    assert np.isfinite(total) and 0.1 * n < total <= n
    # below the bound nothing changes: at the defaults the cap is never reached
    st.professionals.workload[:] = 1.0
    q = prepared(1).kernel_params
    u2 = st.families.unsafety.astype(float) ** 2
    untreated = np.isin(st.families.status, (NONE, WAITING))
    np.testing.assert_allclose(
        incident_hazard(st, q),
        (q.incident_base * u2 * np.where(untreated, 1 + q.incident_waiting, 1)).sum(),
        rtol=RTOL,
    )


# ---------------------------------------------------------------------------------------------
# deterministic state kernels: kernel on one copy, twin on another, every array compared
# ---------------------------------------------------------------------------------------------


DETERMINISTIC = {
    "space_step": (lambda st, p, lev, exo: space_step(st, p, lev), twin_space),
    "energy_step": (lambda st, p, lev, exo: energy_step(st, p), lambda st, p, lev: twin_energy(st, p)),
    "dual_running": (lambda st, p, lev, exo: dual_running(st), lambda st, p, lev: twin_dual_running(st)),
    "lockin_step": (lambda st, p, lev, exo: lockin_step(st, p, lev), twin_lockin),
    "pressure_step": (lambda st, p, lev, exo: pressure_step(st, p), lambda st, p, lev: twin_pressure(st, p)),
    "learning_step": (lambda st, p, lev, exo: learning_step(st, p, lev), twin_learning),
    "municipal_step": (
        lambda st, p, lev, exo: municipal_step(st, p),
        lambda st, p, lev: twin_municipal(st, p),
    ),
    "realise_levers": (lambda st, p, lev, exo: realise_levers(st, p, lev), twin_governance),
    "optimisation_step": (lambda st, p, lev, exo: optimisation_step(st, p, lev), twin_optimisation),
}


@pytest.mark.parametrize("name", list(DETERMINISTIC))
@pytest.mark.parametrize("proeftuinen", ["random", "none", "all"])
@pytest.mark.parametrize("lever", [0.0, 1.0, "random"])
@pytest.mark.parametrize("seed", range(2))
def test_deterministic_kernel(name, proeftuinen, lever, seed):
    kernel, twin = DETERMINISTIC[name]
    st = perturbed(seed, proeftuinen=proeftuinen)
    want = copy_state(st)
    p = prepared(1).kernel_params
    lev = levers(lever, seed)
    kernel(st, p, lev, None)
    twin(want, p, lev)
    assert_same_state(st, want)


UNCERTAINTIES = [name for name, par in BY_NAME.items() if par.kind == "uncertainty"]


@pytest.mark.parametrize("how", ["low", "high", "random"])
@pytest.mark.parametrize("name", list(DETERMINISTIC))
def test_deterministic_kernel_across_parameter_ranges(name, how):
    """Every uncertain parameter at its low bound, its high bound, or drawn in its range."""
    kernel, twin = DETERMINISTIC[name]
    rng = np.random.default_rng(31)
    for seed in range(2):
        p = with_params(prepared(1).kernel_params, rng, UNCERTAINTIES, how)
        st = perturbed(seed)
        want = copy_state(st)
        lev = levers("random", seed)
        kernel(st, p, lev, None)
        twin(want, p, lev)
        assert_same_state(st, want)


def test_space_guarantee_is_a_floor_and_inactive_proeftuinen_are_untouched():
    st = perturbed(0)
    before = copy_state(st)
    p = prepared(1).kernel_params
    space_step(st, p, levers(1.0))  # full guarantee: every active proeftuin has all the room
    pt = st.proeftuinen
    assert np.all(pt.exp_space[pt.active == 1] == 1.0)
    inactive = pt.active == 0
    np.testing.assert_array_equal(pt.exp_space[inactive], before.proeftuinen.exp_space[inactive])


@pytest.mark.parametrize("exo_mode", ["quiet", "events", "random"])
def test_landscape_step(exo_mode):
    rng = np.random.default_rng(41)
    st = perturbed(3)
    want = copy_state(st)
    exo = np.zeros(N_EXO)
    if exo_mode == "events":
        exo[[X_DECENTRALISATION, X_LANDSCAPE, X_TRUST_SHOCK]] = 1.0, 0.4, 0.25
    elif exo_mode == "random":
        exo[:] = rng.random(N_EXO) * 2
    p = prepared(1).kernel_params
    landscape_step(st, p, exo)
    twin_landscape(want, p, exo)
    assert_same_state(st, want)


# ---------------------------------------------------------------------------------------------
# census: exact twin, including the hand-overs drawn from the generator
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("vacant", [False, True])
@pytest.mark.parametrize("proeftuinen", ["random", "none"])
@pytest.mark.parametrize("seed", range(3))
def test_census(seed, proeftuinen, vacant):
    st = perturbed(seed, proeftuinen=proeftuinen, vacant_region=vacant)
    want = copy_state(st)
    p = prepared(1).kernel_params
    lev = levers("random", seed)
    gen = np.random.default_rng(seed)
    twin_gen = copy.deepcopy(gen)
    census(st, p, lev, gen)
    twin_census(want, p, lev, twin_gen)
    assert_same_state(st, want)
    assert same_generator_state(gen, twin_gen)
    # and the census's own invariants, independently of the twin
    fam, pro = st.families, st.professionals
    helped = fam.status >= VOLUNTARY
    assigned = helped & (fam.professional >= 0)
    assert np.all(pro.active[fam.professional[assigned]] == 1)
    counted = np.bincount(fam.professional[assigned], minlength=pro.active.size)
    np.testing.assert_array_equal(pro.caseload, counted)
    np.testing.assert_array_equal(pro.region[fam.professional[assigned]], fam.region[assigned])
    if vacant:  # nobody to hand the region's cases to: unassigned, and no intake there
        r = vacant_region_of(st)
        assert np.all(fam.professional[helped & (fam.region == r)] == -1)
        assert st.regions.slots[r] == 0 and st.regions.intake_prob[r] == 0
        assert st.regions.active_pros[r] == 0 and st.regions.position[r] == 0
    if proeftuinen == "none":
        assert st.agg[A_N_ACTIVE_PT] == 0 and st.agg[A_SPACE] == 0 and st.agg[A_DUAL] == 0
        vacated = min(1.0, p.phase_out_room * lev[L_PHASE_OUT] * (1 - st.regime[STRUCTURE]))
        closed = (1 - p.space_outside) * (1 - st.regime[INSTITUTIONALISED]) * (1 - vacated)
        np.testing.assert_allclose(st.regions.access, 1 - closed, rtol=RTOL)


# ---------------------------------------------------------------------------------------------
# stochastic kernels: twins drawing from a copy of the same generator
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("vacant", [False, True])
@pytest.mark.parametrize("lever", [0.0, 1.0, "random"])
@pytest.mark.parametrize("seed", range(3))
def test_families_step(seed, lever, vacant):
    st = perturbed(seed, vacant_region=vacant)
    p = prepared(1).kernel_params
    census(st, p, levers(lever, seed), np.random.default_rng(seed))  # consistent caseloads
    st.flow[:] = 0.0
    if vacant:  # every waiting household of the all-vacant region passes the intake draw
        r = vacant_region_of(st)
        st.regions.intake_prob[r] = 1.0
    want = copy_state(st)
    lev = levers(lever, seed)
    gen = np.random.default_rng(100 + seed)
    twin_gen = copy.deepcopy(gen)
    families_step(st, p, lev, gen)
    twin_families(want, p, lev, twin_gen)
    assert_same_state(st, want)
    assert same_generator_state(gen, twin_gen)
    fam = st.families  # and a few properties, independently of the twin
    assert st.flow[F_INTAKES] > 0 and st.flow[F_RESOLVED] > 0
    assert np.all(np.isin(fam.status, [NONE, WAITING, VOLUNTARY, COERCIVE]))
    assert np.all(fam.status[fam.route == NEW] >= VOLUNTARY)
    mun = st.municipalities
    assert np.all(mun.fallbacks <= mun.new_intakes)
    if vacant:  # nobody in the region can take a waiting household on
        r = vacant_region_of(st)
        in_r = st.families.region == r
        assert not np.any(in_r & (fam.status >= VOLUNTARY) & (fam.months == 0))


@pytest.mark.parametrize("seed", range(4))
def test_families_step_flows_account_for_the_stocks(seed):
    """Independent of any twin: statuses change only through counted flows."""
    st = perturbed(seed)
    p = prepared(1).kernel_params
    census(st, p, levers(0.5), np.random.default_rng(seed))
    st.flow[:] = 0.0
    fam = st.families
    n = fam.status.size
    n_help, n_coer = (fam.status >= VOLUNTARY).sum(), (fam.status == COERCIVE).sum()
    was_waiting = fam.status == WAITING
    families_step(st, p, levers("random", seed), np.random.default_rng(seed))
    assert fam.status.size == n
    assert (fam.status >= VOLUNTARY).sum() == n_help - st.flow[F_RESOLVED] + st.flow[F_INTAKES]
    net_coercive = st.flow[F_COERCIVE_IN] - st.flow[F_COERCIVE_OUT]
    assert (fam.status == COERCIVE).sum() == n_coer + net_coercive
    taken_on = was_waiting & (fam.status >= VOLUNTARY)
    assert taken_on.sum() == st.flow[F_INTAKES]
    assert np.all(st.professionals.region[fam.professional[taken_on]] == fam.region[taken_on])
    mun = st.municipalities
    assert (taken_on & (fam.route == NEW)).sum() == mun.new_intakes.sum() - mun.fallbacks.sum()


@pytest.mark.parametrize("severe", [0.0, 6.0])
@pytest.mark.parametrize("forced", [0.0, 3.0])
@pytest.mark.parametrize("lever", [0.0, 1.0, "random"])
@pytest.mark.parametrize("seed", range(3))
def test_incidents_and_reflex(seed, lever, forced, severe):
    st = perturbed(seed)
    p = prepared(1).kernel_params
    p = p._replace(news_base=0.3, report_base=1.0)  # enough news and reports to see the reflex work
    exo = np.zeros(N_EXO)
    exo[X_FORCED_INCIDENTS] = forced
    exo[X_SEVERE_INCIDENT] = severe
    lev = levers(lever, seed)
    want = copy_state(st)
    gen = np.random.default_rng(200 + seed)
    twin_gen = copy.deepcopy(gen)
    incidents_and_reflex(st, p, lev, exo, gen)
    twin_incidents(want, p, lev, exo, twin_gen)
    assert_same_state(st, want)
    assert same_generator_state(gen, twin_gen)
    assert st.flow[F_NEWS] > 0
    assert st.flow[F_NEWS] <= st.flow[F_INCIDENTS]
    assert st.flow[F_RESPONSES] <= 2 * (st.flow[F_NEWS] + st.flow[F_REPORTS])  # two ministries


def test_severity_is_pareto_with_mean_one():
    """The severity law: mean 1, tail ``severity_tail`` (P(s > x) = (x_min / x)^a)."""
    p = prepared(1).kernel_params
    u = np.random.default_rng(5).random(200_000)
    s = np.array([severity(p, x) for x in u])
    a = p.severity_tail
    x_min = (a - 1) / a
    assert s.min() >= x_min
    assert abs(s.mean() - 1) < 0.03  # the sample mean of a tail-2.5 Pareto: sd/sqrt(n) ~ 0.005+
    for x in (1.0, 2.0, 4.0):
        assert (s > x).mean() == pytest.approx((x_min / x) ** a, rel=0.1)


@pytest.mark.parametrize("c", [0.01, 0.05, 0.5, 3.0])
def test_publicised_severities_are_the_thinned_severity_law(c):
    """Thinning: drawing every incident and keeping it with chance min(1, c s) gives the same
    share and severities as news_share and news_severity (Monte Carlo against the kernels)."""
    p = prepared(1).kernel_params
    rng = np.random.default_rng(11)
    s = np.array([severity(p, u) for u in rng.random(400_000)])
    kept = s[rng.random(s.size) < np.minimum(1.0, c * s)]
    assert news_share(p, c) == pytest.approx(kept.size / s.size, rel=0.05)
    assert news_share(p, c) == pytest.approx(twin_news_share(p, c), rel=RTOL)
    drawn = np.array([news_severity(p, c, u1, u2) for u1, u2 in rng.random((20_000, 2))])
    for q in (0.25, 0.5, 0.9):  # quantiles within Monte Carlo error
        assert np.quantile(drawn, q) == pytest.approx(np.quantile(kept, q), rel=0.05)
    u = rng.random((50, 2))
    np.testing.assert_allclose(
        [news_severity(p, c, *x) for x in u], [twin_news_severity(p, c, *x) for x in u], rtol=RTOL
    )


def test_response_probability_follows_the_ministries_state():
    """A risk-averse ministry, a graver incident and media attention make a response likelier;
    dialogue and transformative capacity make the ministry pause (docstring of rules.risk_reflex)."""
    p = prepared(1).kernel_params
    names = [
        "response_logit",
        "response_risk",
        "response_severity",
        "response_salience",
        "dialogue_damping",
        "tc_damping",
    ]
    _check_scalar(
        lambda p, rho, x, sal, d, tc: response_probability(p, rho, 0.6 + 4 * x, sal, d, tc),
        lambda p, rho, x, sal, d, tc: twin_response_probability(p, rho, 0.6 + 4 * x, sal, d, tc),
        names,
        5,
        seed=31,
    )

    def q(rho=0.5, s=1.0, sal=0.2, d=0.0, tc=0.2):
        return response_probability(p, rho, s, sal, d, tc)

    assert q(rho=0.9) > q() > q(rho=0.1)
    assert q(s=5.0) > q() > q(s=0.7)
    assert q(sal=1.0) > q(sal=0.0)
    assert q(d=1.0) < q() and q(tc=1.0) < q()


@pytest.mark.parametrize("labour", [0.0, 0.5, 1.0])
@pytest.mark.parametrize("seed", range(3))
def test_professionals_step(seed, labour):
    st = perturbed(seed, vacant_region=seed == 0)
    p = prepared(1).kernel_params
    st.flow[:] = 0.0
    st.flow[F_NEWS] = float(seed)
    exo = np.zeros(N_EXO)
    exo[X_LABOUR] = labour
    lev = levers("random", seed)
    want, before = copy_state(st), copy_state(st)
    gen = np.random.default_rng(300 + seed)
    twin_gen = copy.deepcopy(gen)
    professionals_step(st, p, lev, exo, gen)
    twin_professionals(want, p, lev, exo, twin_gen)
    assert_same_state(st, want)
    assert same_generator_state(gen, twin_gen)
    hires = st.flow[F_HIRES]
    assert hires == ((before.professionals.active == 0) & (st.professionals.active == 1)).sum()
    if labour == 1.0:  # a fully squeezed labour market fills no post
        assert hires == 0


def test_professionals_peer_adoption_is_synchronous():
    """Every vacant post is refilled this month: the new hires must not count as peers yet."""
    st = perturbed(1)
    p = prepared(1).kernel_params._replace(hire_rate=1.0, adopt_peer=1.0)  # every post refilled
    st.professionals.active[::3] = 0
    lev, exo = levers(0.0), np.zeros(N_EXO)
    want = copy_state(st)
    gen = np.random.default_rng(9)
    twin_gen = copy.deepcopy(gen)
    professionals_step(st, p, lev, exo, gen)
    twin_professionals(want, p, lev, exo, twin_gen)
    assert_same_state(st, want)


@pytest.mark.parametrize("build_up", [0.0, 0.6, 1.0])
@pytest.mark.parametrize("proeftuinen", ["random", "none"])
@pytest.mark.parametrize("seed", range(3))
def test_niche_step(seed, proeftuinen, build_up):
    st = perturbed(seed, proeftuinen=proeftuinen)
    rng = np.random.default_rng(seed)
    pt = st.proeftuinen
    # some regions scheduled (due or not yet), the others free for build-up
    pt.start[:] = np.where(rng.random(pt.start.size) < 0.3, rng.integers(0, 400, pt.start.size), -1)
    p = prepared(1).kernel_params
    lev = np.zeros(N_LEVERS)
    lev[L_BUILD_UP] = build_up
    want = copy_state(st)
    was_active = pt.active.copy()
    gen = np.random.default_rng(400 + seed)
    twin_gen = copy.deepcopy(gen)
    niche_step(st, p, lev, 300, gen)
    twin_niche(want, p, lev, 300, twin_gen)
    assert_same_state(st, want)
    assert same_generator_state(gen, twin_gen)
    if build_up == 0.0:  # no spreading: one draw per started proeftuin (its approach), no more
        started = int(((pt.active == 1) & (was_active == 0)).sum())
        expected = np.random.default_rng(400 + seed)
        expected.random(started)
        assert same_generator_state(gen, expected)


@pytest.mark.parametrize("proeftuinen", ["random", "all", "none"])
@pytest.mark.parametrize("seed", range(3))
def test_small_wins_step(seed, proeftuinen):
    st = perturbed(seed, proeftuinen=proeftuinen)
    st.flow[:] = 0.0
    p = prepared(1).kernel_params
    want = copy_state(st)
    gen = np.random.default_rng(500 + seed)
    twin_gen = copy.deepcopy(gen)
    small_wins_step(st, p, gen)
    twin_small_wins(want, p, twin_gen)
    assert_same_state(st, want)
    assert same_generator_state(gen, twin_gen)
    if proeftuinen == "none":  # no proeftuin, no draw, no win
        assert st.flow[F_WINS] == 0
        assert same_generator_state(gen, np.random.default_rng(500 + seed))


def test_small_wins_keep_energy_within_bounds():
    """Many wins at full win_energy (allowed ranges) must not push energy above 1."""
    st = perturbed(0, proeftuinen="all")
    pt = st.proeftuinen
    pt.maturity[:], pt.energy[:], pt.exp_space[:] = 1.0, 0.5, 1.0
    p = prepared(1).kernel_params._replace(win_energy=1.0, win_rate=20.0)
    small_wins_step(st, p, np.random.default_rng(0))
    assert np.all(st.proeftuinen.energy <= 1.0)


STOCHASTIC = {  # (kernel, twin), both called as f(st, p, lev, exo, generator)
    "census": (
        lambda st, p, lev, exo, g: census(st, p, lev, g),
        lambda st, p, lev, exo, g: twin_census(st, p, lev, g),
    ),
    "families_step": (
        lambda st, p, lev, exo, g: families_step(st, p, lev, g),
        lambda st, p, lev, exo, g: twin_families(st, p, lev, g),
    ),
    "incidents_and_reflex": (incidents_and_reflex, twin_incidents),
    "professionals_step": (professionals_step, twin_professionals),
    "niche_step": (
        lambda st, p, lev, exo, g: niche_step(st, p, lev, 300, g),
        lambda st, p, lev, exo, g: twin_niche(st, p, lev, 300, g),
    ),
    "small_wins_step": (
        lambda st, p, lev, exo, g: small_wins_step(st, p, g),
        lambda st, p, lev, exo, g: twin_small_wins(st, p, g),
    ),
}


@pytest.mark.parametrize("how", ["low", "high", "random"])
@pytest.mark.parametrize("name", list(STOCHASTIC))
def test_stochastic_kernel_across_parameter_ranges(name, how):
    """Every uncertain parameter at its low bound, its high bound, or drawn in its range (the
    high bounds make rare branches common: escalation on the new route, many wins, ...)."""
    kernel, twin = STOCHASTIC[name]
    rng = np.random.default_rng(32)
    for seed in range(2):
        p = with_params(prepared(1).kernel_params, rng, UNCERTAINTIES, how)
        st = perturbed(seed, vacant_region=seed == 1, statuses="mixed")
        st.proeftuinen.start[:] = np.where(st.proeftuinen.active == 1, st.proeftuinen.start, -1)
        st.flow[:] = 0.0
        st.flow[F_NEWS] = 2.0
        want = copy_state(st)
        lev = levers("random", seed)
        exo = np.random.default_rng(seed).random(N_EXO)
        gen = np.random.default_rng(600 + seed)
        twin_gen = copy.deepcopy(gen)
        kernel(st, p, lev, exo, gen)
        twin(want, p, lev, exo, twin_gen)
        assert_same_state(st, want)
        assert same_generator_state(gen, twin_gen)


# ---------------------------------------------------------------------------------------------
# the month: step is the twins in the documented order
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lever", "params"),
    [(0.0, "default"), (1.0, "default"), ("random", "default"), ("random", "high"), ("random", "random")],
)
def test_step_is_the_twins_in_schedule_order(lever, params):
    prep = prepared(2)
    st = copy_state(prep.state)
    want = copy_state(st)
    p = prep.kernel_params
    if params != "default":  # "high": fast relaxations, many wins and incidents
        p = with_params(p, np.random.default_rng(78), UNCERTAINTIES, params)
    gen = np.random.default_rng(77)
    twin_gen = copy.deepcopy(gen)
    t0 = prep.spinup + 24
    exo = prep.exo[t0].copy()
    exo[X_FORCED_INCIDENTS] = 1.0  # a publicised incident in the first month
    for k in range(3):
        lev = levers(lever, k)
        step(st, p, lev, exo, t0 + k, gen)
        twin_step(want, p, lev, exo, t0 + k, twin_gen)
        assert_same_state(st, want)
        assert same_generator_state(gen, twin_gen)
        exo = prep.exo[t0 + k + 1]
