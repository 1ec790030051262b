"""Census: caseloads, workload, capacity, access and the system aggregates.

Mostly not a mechanism but the bookkeeping every mechanism reads: it recomputes, from the
agents' rows, the quantities the seeds name as regime effects -- waiting lists, workload,
caseload, costs ([DRIFT2025] "Wachtlijsten, werkdruk en kosten blijven oplopen") -- and the
niche share. The cost of a case in help is its route's cost times ``1 + Z``, the optimisation
stock of :mod:`.optimisation` (M5).

**The relay hand-over of orphaned cases** (:func:`relay_handover`) is a mechanism of its own
that census runs for every family in help, in row order: in the relay model a family is passed
on along the chain to whoever is free ("Estafette: Doorgeven (van verantwoordelijkheid) via de
keten", [Athena2024] Figuur 3; digest M10, "Conflicting logics; relay versus ecosystem"), and each
hand-over adds a little unsafety, ``handover_harm`` (information lost along the chain). A case
whose professional has left is handed over; it goes only to a post whose caseload is below the
stretched norm ``(1 + caseload_stretch) x sustainable caseload / protocol load`` (the less
loaded of two posts of the region, :func:`.pick_professional`); when the two posts a team
leader looks at are both full, the family stays in help *without an assigned worker* (counted
as ``unassigned``) and is tried again next month -- the overloaded teams and "(tijds)druk" of
[Athena2024], and the children under a measure without a guardian that the sector reports.

Workload of a post is ``caseload x load / sustainable caseload`` plus the effort of dual running
in a proeftuin (M8), with the time a case costs ``load = 1 + protocol_burden x protocol +
optimise_time x Z``: stacked protocols and the optimisation stock's extra assessments, second
opinions and hand-overs eat professional time, so the regime's optimising raises the workload
as well as the costs ("Wachtlijsten, werkdruk en kosten blijven oplopen", [DRIFT2025] Een
hardnekkig regime); a region's case slots are its active posts' sustainable
caseload divided by that load, reduced for burnt-out holders. A waiting family is taken
on with probability ``intake_rate x free slots / waiting`` (capped at 1), so no family is
favoured by its row order; the free slots are ``slots (1 + caseload_stretch x urgency) - cases``
with ``urgency = waiting / (waiting + slots)``: as the waiting list grows against the slots,
teams take families on beyond the norm ("werkdruk", [DRIFT2025] Een hardnekkig regime), so
caseloads can exceed it.

A region's access to the new practice (what :mod:`.fallback` and :mod:`.professionals` read)
has three independent openings: the room to experiment (a proeftuin's experimental space or the
guaranteed floor, else ``space_outside``), the institutionalised share ``I_N`` and the room left
where the old relay chain has been dismantled -- ``vacated = phase_out_room x phase_out x (1 -
R_s)``, since afbouw closes or merges the old organisations ("samenvoegen of opheffen",
[Athena2024]) and families can no longer be passed along a chain that is gone ([DRIFT2025]
Aanbeveling 2: "Om weg te breken uit de dominante manier van doen, denken en organiseren is ook
om- en afbouw nodig"; digest I3):

    access_r = 1 - (1 - room_r) (1 - I_N) (1 - vacated)
"""

from __future__ import annotations

from regimesim._numba import agent_kernel, kernel
from regimesim.lever_columns import L_GUARANTEE, L_PHASE_OUT
from regimesim.rules._common import clip01, pick_professional
from regimesim.state import (
    A_BACKING,
    A_BARRIERS,
    A_BUDGET_STRESS,
    A_CASELOAD,
    A_COSTS,
    A_DUAL,
    A_ENERGY,
    A_FALLBACK_SHARE,
    A_N_ACTIVE,
    A_N_ACTIVE_PT,
    A_N_BURNT,
    A_N_COERCIVE,
    A_N_UNASSIGNED,
    A_N_VOLUNTARY,
    A_N_WAITING,
    A_NICHE,
    A_PARTICIPATION,
    A_PROS_NEW,
    A_RISK,
    A_SPACE,
    A_STRESS,
    A_TC,
    A_TRUST,
    A_WAITING_SHARE,
    A_WELLBEING,
    A_WORKLOAD,
    COERCIVE,
    INSTITUTIONALISED,
    NEW,
    OPTIMISATION,
    PROTOCOL,
    STRUCTURE,
    VOLUNTARY,
    WAITING,
)


@kernel
def protocol_load(p, protocol: float, optimisation: float) -> float:
    """Time a case costs relative to a plain case: stacked protocols ([Athena2024]) and the
    optimisation stock's extra assessments and second opinions (:mod:`.optimisation`) eat time."""
    return 1.0 + p.protocol_burden * protocol + p.optimise_time * optimisation


@agent_kernel
def relay_handover(reg, pro, fam, p, f: int, cap: float, rng) -> int:
    """The relay hand-over of family ``f``'s case if it has no worker; the post it ends with or -1.

    The old practice's relay model: responsibility is passed on along the chain ("Estafette:
    Doorgeven (van verantwoordelijkheid) via de keten", [Athena2024] Figuur 3; digest M10,
    "relay case handling: handovers, each adding ... an information-loss risk"). A case whose
    professional has left (the post is vacant) is orphaned: the hand-over adds ``handover_harm``
    to the family's unsafety (what the leaver knew is lost along the chain). An orphaned case,
    and one still waiting for a worker, goes to the less loaded of two posts of its region
    (:func:`.pick_professional`) if that post's caseload is below ``cap``, the stretched norm;
    otherwise the family stays in help without a worker (returns -1) and is tried again next
    month. The post taken gets the case on its caseload.
    Called for each family in help whose case has no active worker, in row order (so the draws
    are in row order); for any other case it changes nothing and returns the case's post.
    """
    j = fam.professional[f]
    if j >= 0 and pro.active[j] == 0:  # the worker left: a hand-over along the chain
        fam.unsafety[f] = clip01(fam.unsafety[f] + p.handover_harm)
        j = -1
    if j < 0:
        # to a post with room under the stretched caseload; with none, the family stays
        # in help without a worker until one has room
        j = pick_professional(reg, pro, fam.region[f], rng)
        if j >= 0 and pro.caseload[j] >= cap:
            j = -1
        fam.professional[f] = j
        if j >= 0:
            pro.caseload[j] += 1
    return j


@agent_kernel
def reset_posts(reg, pro, fam) -> None:
    """Census step 1: zero the regions' counts; count active posts per region and the caseloads of
    cases whose post is still filled (before re-assigning cases, so that orphaned cases go to
    posts with room)."""
    for r in range(reg.pro_start.shape[0]):
        reg.active_pros[r] = 0
        reg.cases[r] = 0
        reg.waiting[r] = 0
        reg.slots[r] = 0.0
        reg.position[r] = 0.0
    for j in range(pro.active.shape[0]):
        pro.caseload[j] = 0
        if pro.active[j] == 1:
            reg.active_pros[pro.region[j]] += 1
    for f in range(fam.status.shape[0]):
        s = fam.status[f]
        j = fam.professional[f]
        if (s == VOLUNTARY or s == COERCIVE) and j >= 0 and pro.active[j] == 1:
            pro.caseload[j] += 1


@agent_kernel
def count_families(st, p, load: float, rng):
    """Census step 2: the families' counts, costs and sums, with the :func:`relay_handover` of every
    case in help. Returns ``(n_help, n_unassigned, n_new, n_wait, n_coercive, wb_sum,
    trust_sum)``."""
    fam, pro, reg, mun = st.families, st.professionals, st.regions, st.municipalities
    for m in range(mun.region.shape[0]):
        mun.waiting[m] = 0
        mun.cases[m] = 0
        mun.costs[m] = 0.0
        mun.new_route_share[m] = 0.0
    n_help = 0
    n_unassigned = 0
    n_new = 0
    escalation = 1.0 + st.regime[OPTIMISATION]
    cap = (1.0 + p.caseload_stretch) * p.sustainable_caseload / load
    n_wait = 0
    n_coercive = 0
    wb_sum = 0.0
    trust_sum = 0.0
    for f in range(fam.status.shape[0]):
        s = fam.status[f]
        m = fam.municipality[f]
        wb_sum += fam.wellbeing[f]
        trust_sum += fam.trust[f]
        if s == WAITING:
            n_wait += 1
            mun.waiting[m] += 1
            reg.waiting[fam.region[f]] += 1
            mun.costs[m] += p.cost_waiting
        elif s == VOLUNTARY or s == COERCIVE:
            j = fam.professional[f]
            if j < 0 or pro.active[j] == 0:  # orphaned or still without a worker: a hand-over
                # (only then: an inlined call with the agents' tables costs reference counting)
                j = relay_handover(reg, pro, fam, p, f, cap, rng)
            if j < 0:
                n_unassigned += 1
            n_help += 1
            mun.cases[m] += 1
            reg.cases[fam.region[f]] += 1
            if s == COERCIVE:
                n_coercive += 1
            c = (p.cost_coercive if s == COERCIVE else p.cost_voluntary) * escalation
            if fam.route[f] == NEW:
                n_new += 1
                mun.new_route_share[m] += 1.0
                c *= p.cost_new_route
            mun.costs[m] += c
    return n_help, n_unassigned, n_new, n_wait, n_coercive, wb_sum, trust_sum


@agent_kernel
def count_posts(st, p, load: float):
    """Census step 3: the posts' workloads, the regions' case slots and summed positions, and the
    posts' counts and sums. Returns ``(n_active, n_burnt, wl_sum, stress_sum, case_sum,
    n_pos_new)``."""
    pro, reg, pt = st.professionals, st.regions, st.proeftuinen
    n_active = 0
    n_burnt = 0
    wl_sum = 0.0
    stress_sum = 0.0
    case_sum = 0.0
    n_pos_new = 0
    for j in range(pro.active.shape[0]):
        if pro.active[j] == 0:
            pro.workload[j] = 0.0
            continue
        r = pro.region[j]
        dual = pt.dual_running[r] if pt.active[r] == 1 else 0.0
        pro.workload[j] = pro.caseload[j] * load / p.sustainable_caseload + p.dual_workload * dual
        capacity = p.sustainable_caseload / load
        if pro.burnt_out[j] == 1:
            n_burnt += 1
            capacity *= 1.0 - p.burnout_capacity_loss
        reg.slots[r] += capacity
        reg.position[r] += pro.position[j]
        n_active += 1
        wl_sum += pro.workload[j]
        stress_sum += pro.stress[j]
        case_sum += pro.caseload[j]
        if pro.position[j] > 0.5:
            n_pos_new += 1
    return n_active, n_burnt, wl_sum, stress_sum, case_sum, n_pos_new


@agent_kernel
def intake_and_access(st, p, lev) -> None:
    """Census step 4: each region's mean position, intake probability and access to the new
    practice (the module docstring gives the formulas)."""
    reg, pt = st.regions, st.proeftuinen
    inst = st.regime[INSTITUTIONALISED]
    guarantee = lev[L_GUARANTEE]
    vacated = clip01(p.phase_out_room * lev[L_PHASE_OUT] * (1.0 - st.regime[STRUCTURE]))
    for r in range(reg.pro_start.shape[0]):
        if reg.active_pros[r] > 0:
            reg.position[r] /= reg.active_pros[r]
        # teams take families on beyond the norm as the waiting list grows against their slots
        urgency = reg.waiting[r] / (reg.waiting[r] + reg.slots[r]) if reg.slots[r] > 0.0 else 0.0
        free = reg.slots[r] * (1.0 + p.caseload_stretch * urgency) - reg.cases[r]
        if reg.waiting[r] > 0 and free > 0.0:
            reg.intake_prob[r] = min(1.0, p.intake_rate * free / reg.waiting[r])
        else:
            reg.intake_prob[r] = 0.0
        room = p.space_outside
        if pt.active[r] == 1:
            room = max(pt.exp_space[r], guarantee)
        reg.access[r] = 1.0 - (1.0 - room) * (1.0 - inst) * (1.0 - vacated)


@agent_kernel
def family_and_post_aggregates(st, families, posts) -> None:
    """Census step 5: the aggregates of the families' and posts' counts and sums (the tuples
    :func:`count_families` and :func:`count_posts` return)."""
    agg = st.agg
    n_help, n_unassigned, n_new, n_wait, n_coercive, wb_sum, trust_sum = families
    n_active, n_burnt, wl_sum, stress_sum, case_sum, n_pos_new = posts
    n_fam = st.families.status.shape[0]
    agg[A_NICHE] = n_new / n_help if n_help > 0 else 0.0
    agg[A_WAITING_SHARE] = n_wait / n_fam if n_fam > 0 else 0.0
    agg[A_WELLBEING] = wb_sum / n_fam if n_fam > 0 else 0.0
    agg[A_WORKLOAD] = wl_sum / n_active if n_active > 0 else 0.0
    agg[A_STRESS] = stress_sum / n_active if n_active > 0 else 0.0
    agg[A_CASELOAD] = case_sum / n_active if n_active > 0 else 0.0
    agg[A_PROS_NEW] = n_pos_new / n_active if n_active > 0 else 0.0
    agg[A_N_COERCIVE] = n_coercive
    agg[A_N_VOLUNTARY] = n_help - n_coercive
    agg[A_N_WAITING] = n_wait
    agg[A_N_UNASSIGNED] = n_unassigned
    agg[A_N_ACTIVE] = n_active
    agg[A_N_BURNT] = n_burnt
    agg[A_TRUST] = trust_sum / n_fam if n_fam > 0 else 0.0


@agent_kernel
def municipal_aggregates(st) -> None:
    """Census step 6: total costs, mean budget stress and the fallback share; each municipality's
    new-route share becomes a share of its cases."""
    mun, agg = st.municipalities, st.agg
    total_cost = 0.0
    stress_total = 0.0
    new_intakes = 0
    fallbacks = 0
    for m in range(mun.region.shape[0]):
        total_cost += mun.costs[m]
        stress_total += mun.budget_stress[m]
        new_intakes += mun.new_intakes[m]
        fallbacks += mun.fallbacks[m]
        if mun.cases[m] > 0:
            mun.new_route_share[m] /= mun.cases[m]
    agg[A_COSTS] = total_cost
    agg[A_BUDGET_STRESS] = stress_total / max(mun.region.shape[0], 1)
    agg[A_FALLBACK_SHARE] = fallbacks / new_intakes if new_intakes > 0 else 0.0


@agent_kernel
def governance_aggregates(st) -> None:
    """Census step 7: the means over active proeftuinen and over ministries."""
    pt, mi, agg = st.proeftuinen, st.ministries, st.agg
    n_pt = 0
    space = 0.0
    energy = 0.0
    barriers = 0.0
    dual_sum = 0.0
    for r in range(pt.active.shape[0]):
        if pt.active[r] == 1:
            n_pt += 1
            space += pt.exp_space[r]
            energy += pt.energy[r]
            barriers += pt.barriers[r]
            dual_sum += pt.dual_running[r]
    n_min = mi.risk_aversion.shape[0]
    risk = 0.0
    tc = 0.0
    back = 0.0
    part = 0.0
    for k in range(n_min):
        risk += mi.risk_aversion[k]
        tc += mi.transformative_capacity[k]
        back += mi.backing[k]
        part += mi.participation[k]
    agg[A_RISK] = risk / n_min
    agg[A_TC] = tc / n_min
    agg[A_BACKING] = back / n_min
    agg[A_PARTICIPATION] = part / n_min
    agg[A_N_ACTIVE_PT] = n_pt
    agg[A_SPACE] = space / n_pt if n_pt > 0 else 0.0
    agg[A_ENERGY] = energy / n_pt if n_pt > 0 else 0.0
    agg[A_BARRIERS] = barriers / n_pt if n_pt > 0 else 0.0
    agg[A_DUAL] = dual_sum / n_pt if n_pt > 0 else 0.0


@kernel
def census(st, p, lev, rng) -> None:
    """Recompute caseloads, workloads, region capacity and access, and the aggregates, in the
    steps below (each inlined; the draws are those of :func:`relay_handover`, in row order)."""
    load = protocol_load(p, st.regime[PROTOCOL], st.regime[OPTIMISATION])
    reset_posts(st.regions, st.professionals, st.families)
    families = count_families(st, p, load, rng)
    posts = count_posts(st, p, load)
    intake_and_access(st, p, lev)
    governance_aggregates(st)
    family_and_post_aggregates(st, families, posts)
    municipal_aggregates(st)


@kernel
def initial_census(st, p, lev, rng) -> None:
    """:func:`census` for a state just built (:func:`regimesim.initial.build_state`), called from
    Python: a kernel of its own so that census's body is compiled once, inside ``step``, and this
    entry adds only numba's wrapper for Python calls."""
    census(st, p, lev, rng)
