"""Plain-Python twins of the rule kernels, and the inputs the kernel tests share.

The twins are slow, obviously-correct reference implementations: plain Python (loops over rows,
``math``, a little NumPy), written from the formulas in the rule modules' docstrings and
``docs/model.md``, never from kernel output. ``tests/test_kernels.py`` holds the comparisons
(how kernels and twins are run side by side, and what must agree); this module holds

- the small obviously-correct helpers (``clip``, a 40-digit ``sig``, ``mean3``) and the drawing
  of parameter sets and input grids;
- realistic states: :func:`prepared` (a simulated state with both proeftuin tranches active)
  and :func:`perturbed` (a copy with most fields redrawn at random);
- the twins: ``twin_<kernel>`` for each kernel, those that draw doing so from the generator they
  are given in the kernel's order, and :func:`twin_step`, the twins in the month's order.

Not a test module (pytest collects ``test_*.py`` only); the tests import it by name, as
``tests/`` is on ``sys.path`` under pytest's default (prepend) import mode.
"""

from __future__ import annotations

import functools
import math
from decimal import Decimal, localcontext

import numpy as np

from regimesim.engine import prepare
from regimesim.indicators import N_INDICATORS
from regimesim.lever_columns import (
    L_BUILD_ON,
    L_BUILD_UP,
    L_DIALOGUE,
    L_GUARANTEE,
    L_LEARNING,
    L_PHASE_OUT,
    L_REBUILD,
    LEVERS,
    N_LEVERS,
    X_DECENTRALISATION,
    X_FORCED_INCIDENTS,
    X_LABOUR,
    X_LANDSCAPE,
    X_SEVERE_INCIDENT,
    X_TRUST_SHOCK,
)
from regimesim.parameters import BY_NAME
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
from regimesim.step import run

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


def twin_relay_handover(st, p, f, cap, gen):
    """Family ``f``'s case after the relay hand-over: if its worker left, unsafety rises by
    ``handover_harm``; a case without an active worker goes to the less loaded of two posts of its
    region if that post is below ``cap`` (else it stays without one); returns the post or -1."""
    fam, pro = st.families, st.professionals
    j = fam.professional[f]
    if j >= 0 and pro.active[j] == 1:  # its worker is still there: nothing to hand over
        return j
    if j >= 0:  # its worker left: information lost along the chain
        fam.unsafety[f] = clip(fam.unsafety[f] + p.handover_harm)
    j = twin_pick(st, fam.region[f], gen)
    if j >= 0 and pro.caseload[j] >= cap:  # both posts looked at are full
        j = -1
    fam.professional[f] = j
    if j >= 0:
        pro.caseload[j] += 1
    return j


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
