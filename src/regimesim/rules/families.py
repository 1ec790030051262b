"""Families: needs, waiting lists, help on the old or new route, coercive measures, wellbeing, trust.

Seeds: the regime's effects are "veel gedwongen maatregelen ... onvrede op de werkvloer" and
"Wachtlijsten, werkdruk en kosten" ([DRIFT2025] "Een hardnekkig regime");
the relay model passes families along a chain, the ecosystem model makes one plan with the
family and takes time ([Athena2024] Figuur 3); the new practice "brengt
verlichting" for families ([DRIFT2025] "Er is transitiedynamiek zichtbaar"); parents are not taken
seriously and trust erodes ([DRIFT2025] "zie toeslagenaffaire"; [PBLVU2026] ch. 4).

Each month a household (digest §1.7, M10):

- NONE (facing unsafety, not in help): leaves unsafety on its own with ``leave_rate``; is
  signalled with probability ``signal_rate x (0.5 + u)``; untreated unsafety ``u`` drifts up.
- WAITING: is taken on with its region's intake probability times its municipality's funded
  local-team capacity; then routed (:mod:`.fallback`) and placed in voluntary help or under a
  coercive measure with ``logistic(c0 + c_u (u - .5) + c_r (rho - .5) + c_p (protocol - .5)
  + c_c (R_c - R_0) - c_new [new route])`` -- risk aversion and stacked protocols push toward
  coercion (M2, M20), the ecosystem route away from it, and so does the regime's culture layer
  ``R_c`` against its level at the start ``R_0``: the regime's "risicomijding en wantrouwen
  richting gezinnen" produce its "veel gedwongen maatregelen" ([DRIFT2025] Een hardnekkig
  regime), so as pressure erodes that culture (:mod:`.lockin`) fewer families are placed under a
  measure while the waiting lists, workload and costs go on rising -- "ook nu het aantal
  kinderbeschermingsmaatregelen daalt" (digest §5 fact 5).
- in help: the case ends with a monthly hazard ``1 / duration``, raised on the new route
  (fewer hand-overs, one plan) and slowed when the professional is overloaded (workload > 1);
  voluntary help escalates to a measure with a hazard rising with ``u`` and risk aversion;
  help lowers ``u``, except for a family in help without an assigned worker (all posts of its
  region full, :mod:`.census`), whose unsafety drifts up as if it were waiting. A resolved
  household leaves and a new one, drawn from ``Beta(unsafety_concentration x mean, ...)``, takes
  its row.

Wellbeing and trust relax towards status- and route-specific targets (first-order relaxation:
the simplest form that keeps them in [0, 1] and gives each a clear time constant), every month
except the month a household is taken on (its help starts counting the month after) and the
month a household is replaced (the newcomer starts at the no-help levels).
"""

from __future__ import annotations

from regimesim._numba import agent_kernel, kernel
from regimesim.rules._common import clip01, logistic, pick_professional
from regimesim.rules.fallback import choose_route
from regimesim.state import (
    A_RISK,
    COERCIVE,
    CULTURE,
    F_COERCIVE_IN,
    F_COERCIVE_OUT,
    F_INTAKES,
    F_RESOLVED,
    NEW,
    NONE,
    OLD,
    PROTOCOL,
    VOLUNTARY,
    WAITING,
)


@agent_kernel
def renew_family(fam, p, f: int, rng) -> None:
    """Row ``f`` of the families becomes a newly arrived household facing unsafety."""
    a = p.unsafety_concentration * p.unsafety_mean
    b = p.unsafety_concentration * (1.0 - p.unsafety_mean)
    fam.unsafety[f] = rng.beta(a, b)
    fam.status[f] = NONE
    fam.route[f] = OLD
    fam.wellbeing[f] = p.wellbeing_none
    fam.trust[f] = p.trust_initial
    fam.professional[f] = -1
    fam.months[f] = 0
    fam.fallback[f] = 0


@agent_kernel
def coercion_probability(
    p, unsafety: float, risk: float, protocol: float, culture: float, route: int
) -> float:
    """Chance that help starts as a coercive measure rather than voluntary help."""
    return logistic(
        p.coercion_base
        + p.coercion_unsafety * (unsafety - 0.5)
        + p.coercion_risk * (risk - 0.5)
        + p.coercion_protocol * (protocol - 0.5)
        + p.coercion_culture * (culture - p.initial_regime)
        - p.coercion_new_route * route
    )


@agent_kernel
def help_hazard(p, s: int, new: bool, workload: float) -> float:
    """Monthly chance that a case in help (status ``s``) ends: ``1 / duration``, raised on the new
    route (fewer hand-overs, one plan: [Athena2024] Figuur 3) and divided by the worker's
    ``workload`` when above 1 (pass 0 for a family without a worker)."""
    duration = p.coercive_duration if s == COERCIVE else p.voluntary_duration
    hazard = 1.0 / duration
    if new:
        hazard *= 1.0 + p.new_route_effect
    if workload > 1.0:
        hazard /= workload
    return hazard


@agent_kernel
def escalation_hazard(p, unsafety: float, risk: float, new: bool) -> float:
    """Monthly chance that voluntary help escalates to a measure (once it has not ended): rising
    with unsafety and risk aversion (the regime's "veel gedwongen maatregelen", [DRIFT2025] Een
    hardnekkig regime), lowered on the new route."""
    esc = p.escalation_rate * unsafety * (1.0 + risk)
    if new:
        esc *= 1.0 - p.new_route_effect / (1.0 + p.new_route_effect)
    return esc


@agent_kernel
def relaxation_targets(p, s: int, new: bool):
    """The wellbeing and trust a household with status ``s`` relaxes towards (``new``: in help on
    the new route, which "brengt verlichting", [DRIFT2025] Er is transitiedynamiek zichtbaar)."""
    if s == NONE:
        wb_target = p.wellbeing_none
        tr_target = p.trust_initial
    elif s == WAITING:
        wb_target = p.wellbeing_none - p.wellbeing_waiting_loss
        tr_target = p.trust_initial - p.trust_waiting_loss
    elif s == VOLUNTARY:
        wb_target = p.wellbeing_help
        tr_target = p.trust_initial
    else:
        wb_target = p.wellbeing_help - p.wellbeing_coercion_loss
        tr_target = p.trust_initial - p.trust_coercion_loss
    if new:
        wb_target += p.new_route_relief
        tr_target += p.new_route_relief
    return wb_target, tr_target


#: What one month in help comes to (:func:`help_outcome`).
CARRY_ON, RESOLVED, ESCALATED = 0, 1, 2


@agent_kernel
def drifted(p, u: float) -> float:
    """Unsafety ``u`` one month on with nobody working with the family: untreated unsafety drifts
    up by ``unsafety_drift`` of its distance to 1 (digest §1.7)."""
    return clip01(u + p.unsafety_drift * (1.0 - u))


@agent_kernel
def signalled(p, u: float, x: float) -> bool:
    """Whether a household facing unsafety and not in help is signalled, from the uniform draw
    ``x`` that also decides whether it leaves unsafety (``x < leave_rate``): of those that stay, a
    share ``signal_rate x (0.5 + u)`` (the same odds as two draws in turn)."""
    return x < p.leave_rate + (1.0 - p.leave_rate) * p.signal_rate * (0.5 + u)


@agent_kernel
def reset_intake_counts(mun) -> None:
    """Zero the municipalities' counts of the month's intakes on the new route and of fallbacks
    (:func:`.fallback.choose_route` counts them)."""
    for m in range(mun.region.shape[0]):
        mun.new_intakes[m] = 0
        mun.fallbacks[m] = 0


@agent_kernel
def help_outcome(p, s: int, new: bool, workload: float, u: float, risk: float, x: float) -> int:
    """What one uniform draw ``x`` makes of a month in help (status ``s``): the case ends
    (:data:`RESOLVED`, :func:`help_hazard`), voluntary help escalates to a measure
    (:data:`ESCALATED`, :func:`escalation_hazard`) or it carries on (:data:`CARRY_ON`)."""
    hazard = help_hazard(p, s, new, workload)
    if x < hazard:
        return RESOLVED
    if s == VOLUNTARY and x < hazard + (1.0 - hazard) * escalation_hazard(p, u, risk, new):
        return ESCALATED
    return CARRY_ON


@agent_kernel
def helped(p, u: float, new: bool) -> float:
    """Unsafety ``u`` after a month of help by an assigned worker, lowered by ``help_effect`` of
    itself, more on the new route (one plan with the family, [Athena2024] Figuur 3)."""
    gain = p.help_effect * (1.0 + p.new_route_effect * new)
    return clip01(u - gain * u)


@agent_kernel
def relaxed(p, s: int, route: int, wellbeing: float, trust: float):
    """A household's ``wellbeing`` and ``trust`` one month on: first-order relaxation to the
    :func:`relaxation_targets` of its status ``s`` and ``route`` (the new route counts in help)."""
    new = route == NEW and (s == VOLUNTARY or s == COERCIVE)
    wb_target, tr_target = relaxation_targets(p, s, new)
    return (
        clip01(wellbeing + p.wellbeing_rate * (wb_target - wellbeing)),
        clip01(trust + p.trust_rate * (tr_target - trust)),
    )


@kernel
def families_step(st, p, lev, rng) -> None:
    """One month for every household: signal, intake, help, escalation, resolution."""
    fam = st.families
    mun = st.municipalities
    reg = st.regions
    pro = st.professionals
    flow = st.flow
    risk = st.agg[A_RISK]
    protocol = st.regime[PROTOCOL]
    culture = st.regime[CULTURE]
    reset_intake_counts(mun)
    for f in range(fam.status.shape[0]):
        s = fam.status[f]
        fam.months[f] += 1
        u = fam.unsafety[f]
        if s == NONE:
            # one uniform draw decides leave / signal / stay (same odds as two draws in turn)
            x = rng.random()
            if x < p.leave_rate:
                renew_family(fam, p, f, rng)
                continue
            if signalled(p, u, x):
                fam.status[f] = WAITING
                fam.months[f] = 0
            fam.unsafety[f] = drifted(p, u)
        elif s == WAITING:
            if rng.random() < reg.intake_prob[fam.region[f]] * mun.team_capacity[fam.municipality[f]]:
                j = pick_professional(reg, pro, fam.region[f], rng)
                if j >= 0:
                    route = choose_route(st, p, lev, f, j, rng)
                    fam.route[f] = route
                    fam.professional[f] = j
                    pro.caseload[j] += 1  # seen by the next pick this month
                    fam.months[f] = 0
                    flow[F_INTAKES] += 1.0
                    if rng.random() < coercion_probability(p, u, risk, protocol, culture, route):
                        fam.status[f] = COERCIVE
                        flow[F_COERCIVE_IN] += 1.0
                    else:
                        fam.status[f] = VOLUNTARY
                    continue
            fam.unsafety[f] = drifted(p, u)
        else:
            new = fam.route[f] == NEW
            j = fam.professional[f]
            outcome = help_outcome(p, s, new, pro.workload[j] if j >= 0 else 0.0, u, risk, rng.random())
            if outcome == RESOLVED:
                flow[F_RESOLVED] += 1.0
                if s == COERCIVE:
                    flow[F_COERCIVE_OUT] += 1.0
                renew_family(fam, p, f, rng)
                continue
            if outcome == ESCALATED:
                fam.status[f] = COERCIVE
                flow[F_COERCIVE_IN] += 1.0
            # in help without an assigned worker (all posts full): nobody works with the family
            fam.unsafety[f] = helped(p, u, new) if j >= 0 else drifted(p, u)
        # wellbeing and trust relax to the targets of the (possibly new) status and route
        fam.wellbeing[f], fam.trust[f] = relaxed(
            p, fam.status[f], fam.route[f], fam.wellbeing[f], fam.trust[f]
        )
