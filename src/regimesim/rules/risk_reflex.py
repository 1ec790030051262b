"""M2 -- incidents, media and the risk-control reflex (with M18 and M20).

Seed: "Wanneer calamiteiten in het nieuws komen, schiet de sector opnieuw in een kramp van
risicobeheersing" ([DRIFT2025] Destabilisatie); "Steeds opnieuw incidenten en veroordelende
rapporten" ([DRIFT2025]); "gestapelde protocollering" ([Athena2024]); "Incidenten worden
uitvergroot" ([PBLVU2026] ch. 6); the counter-discourse after incidents ([Athena2024] Acties
governance; digest I16) and a guaranteed experimental space ([DRIFT2025] Zoeken naar
experimenteerruimte) as the levers that damp the reflex.

Incidents (serious harm to a child) arise in households: each has a monthly hazard

    h_f = min(1, incident_base x u_f^2 x (1 + incident_waiting [waiting or untreated])
                 x exp(incident_workload x (workload - 1)))

(the digest's Poisson rate rising with workload, M2; at most one incident a household a month,
a bound reached only at extreme values of the parameters' ranges -- about 0.004 at the defaults
-- where it keeps the count finite). The national count is
``Poisson(sum h_f / scale)``, so a scaled-down population has as many incidents -- and as many
news events -- as the Netherlands in expectation.

Each incident has a *severity* ``s`` (1 = an average incident) from a Pareto law with tail
``severity_tail``, scaled to mean 1: most incidents are minor, a few are grave ("Incidenten worden
uitvergroot", [PBLVU2026] ch. 6; stylised). It reaches the news with probability
``min(1, (news_base + news_salience x S) x s)``: the graver, the likelier, and more so while the
media are already watching (salience ``S``). (Drawn as thinning: the number in the news is
binomial with the mean of that chance over the severities, and each publicised incident's
severity comes from the severity law reweighted by it -- the same distribution as drawing every
incident, at the cost of the publicised ones only.) Scenario events add publicised incidents of
severity 1 (``publicised_incidents``) or one grave one (``severe_incident``, severity = size).

*Condemning reports* -- inspectorate, ombudsman and review-board reports ("Steeds opnieuw
incidenten en veroordelende rapporten", [DRIFT2025] Een hardnekkig regime) -- arrive nationally
as ``Poisson(report_base x P)`` a month: the more pressure the regime fails to absorb, the more
reports condemn it (digest M2: "the report rate rises with P"). A report is public and weighs
``report_severity``.

Each publicised incident or report is followed -- or not -- by a *regulatory response* that each
ministry ``k`` decides on, with probability

    q_k = logistic(response_logit + response_risk (rho_k - 0.5) + response_severity ln s
                   + response_salience S) x (1 - dialogue_damping D) x (1 - tc_damping TC_k)

-- a risk-averse ministry under media attention answers a grave incident with new rules to keep
the minister "uit de wind" ([PBLVU2026] ch. 6); societal dialogue (the counter-discourse,
[Athena2024] Acties governance) and transformative capacity make it pause. The month's response
``r_k`` is the summed severity of what ministry ``k`` answered. Its reflex:

- raises its risk aversion ``rho += reflex_risk r_k (1 - rho)``;
- stacks protocols ``protocol += reflex_protocol r (1 - protocol)`` with ``r`` the ministries' mean
  response (negative learning after incidents and reports, M20);
- narrows every proeftuin's experimental space by ``reflex_space r`` (less under a guarantee);

and every publicised incident or report raises media salience ``S`` in [0, 1]:
``S <- S (1 - salience_decay) + (1 - S)(1 - exp(-salience_gain x news))``; salience raises the
next incident's chance of news (a media storm), but is bounded, so the storm passes.

Between incidents risk aversion relaxes toward a baseline that rises with pressure (M1) and with
the resistance of organisations whose existence phase-out questions (M9); protocols relax far
more slowly than they stack (they are a ratchet), faster under rebuild (ombouw).
The defensive push on professionals is read by :mod:`.professionals` from this month's news.
"""

from __future__ import annotations

import math

import numpy as np

from regimesim._numba import agent_kernel, kernel
from regimesim.lever_columns import (
    L_DIALOGUE,
    L_GUARANTEE,
    L_PHASE_OUT,
    L_REBUILD,
    X_FORCED_INCIDENTS,
    X_SEVERE_INCIDENT,
)
from regimesim.rules._common import clip01, logistic
from regimesim.state import (
    A_INCIDENT_RATE,
    COERCIVE,
    F_INCIDENTS,
    F_NEWS,
    F_REPORTS,
    F_RESPONSES,
    NONE,
    PRESSURE,
    PROTOCOL,
    SALIENCE,
    STRUCTURE,
    VOLUNTARY,
    WAITING,
)


@kernel
def incident_hazard(st, p) -> float:
    """Sum over households of the monthly incident hazard (simulated units)."""
    fam = st.families
    pro = st.professionals
    # each post's workload factor, once a month rather than once a family in help
    overload = np.empty(pro.workload.shape[0])
    for j in range(pro.workload.shape[0]):
        overload[j] = math.exp(p.incident_workload * (pro.workload[j] - 1.0))
    total = 0.0
    for f in range(fam.status.shape[0]):
        u = fam.unsafety[f]
        h = p.incident_base * u * u
        s = fam.status[f]
        if s == WAITING or s == NONE:
            h *= 1.0 + p.incident_waiting
        elif s == VOLUNTARY or s == COERCIVE:
            j = fam.professional[f]
            if j >= 0:
                h *= overload[j]
        total += min(h, 1.0)
    return total


@kernel
def reflex_response(p, news: float, dialogue: float, tc: float) -> float:
    """Strength of the professionals' defensive reflex to ``news`` publicised incidents."""
    return news * (1.0 - p.dialogue_damping * dialogue) * (1.0 - p.tc_damping * tc)


@kernel
def severity(p, u: float) -> float:
    """Severity of an incident from a uniform draw ``u`` in [0, 1): Pareto, tail ``severity_tail``, mean 1."""
    a = p.severity_tail
    return (a - 1.0) / a * (1.0 - u) ** (-1.0 / a)


#: publicised incidents (and reports) a month decided on one by one; beyond it (only at extreme parameter
#: values, thousands of times the Dutch rate) the rest are answered as these were, scaled
MAX_DECIDED = 10_000


@kernel
def news_share(p, c: float) -> float:
    """Chance that an incident reaches the news, ``E[min(1, c s)]`` over the Pareto severity."""
    if c <= 0.0:
        return 0.0
    a = p.severity_tail
    xm = (a - 1.0) / a
    b = 1.0 / c  # the severity from which every incident reaches the news
    if b <= xm:
        return 1.0
    return c * a / (a - 1.0) * (xm - xm**a * b ** (1.0 - a)) + (xm / b) ** a


@kernel
def news_severity(p, c: float, u1: float, u2: float) -> float:
    """Severity of a publicised incident from two uniform draws: the Pareto law reweighted by
    the chance of news ``min(1, c s)`` -- a truncated Pareto of tail ``a - 1`` below ``1 / c``,
    the Pareto tail ``a`` above it, mixed by their weights (inverse distribution functions)."""
    a = p.severity_tail
    xm = (a - 1.0) / a
    b = 1.0 / c
    if b <= xm:
        return severity(p, u2)
    w1 = c * a / (a - 1.0) * (xm - xm**a * b ** (1.0 - a))
    w2 = (xm / b) ** a
    if u1 * (w1 + w2) < w1:
        k = 1.0 - (xm / b) ** (a - 1.0)
        return xm * (1.0 - u2 * k) ** (-1.0 / (a - 1.0))
    return b * (1.0 - u2) ** (-1.0 / a)


@kernel
def response_probability(p, rho: float, s: float, salience: float, dialogue: float, tc: float) -> float:
    """Chance that a ministry answers a publicised incident (or report) of severity ``s`` with new rules."""
    z = (
        p.response_logit
        + p.response_risk * (rho - 0.5)
        + p.response_severity * math.log(s)
        + p.response_salience * salience
    )
    return logistic(z) * (1.0 - p.dialogue_damping * dialogue) * (1.0 - p.tc_damping * tc)


@kernel
def ministries_decide(st, p, s: float, dialogue: float, resp, rng) -> float:
    """Each ministry decides whether to answer one public event of severity ``s`` with new rules.

    A ministry that answers adds ``s`` to its ``resp``; returns how many answered."""
    mi = st.ministries
    salience = st.regime[SALIENCE]
    answered = 0.0
    for k in range(resp.shape[0]):
        q = response_probability(p, mi.risk_aversion[k], s, salience, dialogue, mi.transformative_capacity[k])
        if rng.random() < q:
            resp[k] += s
            answered += 1.0
    return answered


@agent_kernel
def scale_decisions(resp, r0, answered: float, a0: float, f: float) -> float:
    """Beyond :data:`MAX_DECIDED` events (only at extreme parameter values) the rest are answered as
    the decided ones were: scale what each ministry's ``resp`` gained since ``r0``, and the count
    ``answered`` gained since ``a0``, by ``f``; returns the scaled count."""
    answered = a0 + (answered - a0) * f
    for k in range(resp.shape[0]):
        resp[k] = r0[k] + (resp[k] - r0[k]) * f
    return answered


@agent_kernel
def incidents_in_news(st, p, c: float, dialogue: float, resp, answered: float, rng):
    """This month's incidents (``Poisson(sum h_f / scale)``), those that reach the news (chance
    ``min(1, c s)``, drawn as thinning) and the ministries' answers to each, added to ``resp``
    (:func:`ministries_decide`). Returns ``(incidents, in the news, answered)``."""
    incidents = int(rng.poisson(incident_hazard(st, p) / p.scale))
    share = news_share(p, c)
    n_news = int(rng.binomial(incidents, share)) if incidents > 0 and share > 0.0 else 0
    decided = min(n_news, MAX_DECIDED)
    a0 = answered
    r0 = resp.copy()
    for _ in range(decided):
        s = news_severity(p, c, rng.random(), rng.random())
        answered += ministries_decide(st, p, s, dialogue, resp, rng)
    if n_news > decided:  # only at extreme parameter values: the rest answered alike
        answered = scale_decisions(resp, r0, answered, a0, n_news / decided)
    return incidents, n_news, answered


@agent_kernel
def forced_incidents(st, p, exo, dialogue: float, resp, news: float, answered: float, rng):
    """The scenario events' publicised incidents: ``publicised_incidents`` of severity 1 and a
    ``severe_incident`` of its size, each answered or not by the ministries. Returns ``(forced
    incidents, news, answered)`` with ``news`` and ``answered`` counting them too."""
    forced = int(round(exo[X_FORCED_INCIDENTS]))
    for _ in range(forced):
        news += 1.0
        answered += ministries_decide(st, p, 1.0, dialogue, resp, rng)
    if exo[X_SEVERE_INCIDENT] > 0.0:
        forced += 1
        news += 1.0
        answered += ministries_decide(st, p, exo[X_SEVERE_INCIDENT], dialogue, resp, rng)
    return forced, news, answered


@agent_kernel
def reports_answered(st, p, dialogue: float, resp, answered: float, rng):
    """This month's condemning reports, ``Poisson(report_base x P)`` ("Steeds opnieuw incidenten
    en veroordelende rapporten", [DRIFT2025] Een hardnekkig regime), each of ``report_severity``
    and answered or not by the ministries. Returns ``(reports, answered)``."""
    reports = int(rng.poisson(p.report_base * st.regime[PRESSURE]))
    a0 = answered
    r0 = resp.copy()
    for _ in range(min(reports, MAX_DECIDED)):
        answered += ministries_decide(st, p, p.report_severity, dialogue, resp, rng)
    if reports > MAX_DECIDED:  # as for the incidents
        answered = scale_decisions(resp, r0, answered, a0, reports / MAX_DECIDED)
    return reports, answered


@agent_kernel
def relax_risk_aversion(st, p, lev, resp) -> float:
    """Each ministry's reflex, ``rho += reflex_risk r_k (1 - rho)``, then its relaxation toward a
    baseline rising with pressure (M1) and with the resistance of the organisations phase-out
    questions (M9). Returns the ministries' mean response ``r``."""
    mi = st.ministries
    n_min = mi.risk_aversion.shape[0]
    pressure = st.regime[PRESSURE]
    resistance = p.phase_out_resistance * lev[L_PHASE_OUT] * st.regime[STRUCTURE]
    mean_response = 0.0
    for k in range(n_min):
        mean_response += resp[k] / n_min
        rho = mi.risk_aversion[k]
        rho += p.reflex_risk * resp[k] * (1.0 - rho)
        base = clip01(
            p.risk_baseline + p.justice_risk * (mi.justice[k] - 0.5) + p.risk_pressure * pressure + resistance
        )
        rho += p.risk_relax * (base - rho)
        mi.risk_aversion[k] = clip01(rho)
    return mean_response


@agent_kernel
def stack_protocols(reg, p, lev, mean_response: float) -> None:
    """Protocols stack with the mean response ``r`` ("gestapelde protocollering", [Athena2024];
    M20) and relax slowly toward their baseline, faster under rebuild (ombouw)."""
    prot = reg[PROTOCOL]
    prot += p.reflex_protocol * mean_response * (1.0 - prot)
    relax = p.protocol_relax * (1.0 + p.rebuild_protocol * lev[L_REBUILD])
    prot += relax * (p.protocol_baseline - prot)
    reg[PROTOCOL] = clip01(prot)


@agent_kernel
def update_salience(reg, p, public: float) -> None:
    """Media salience decays and rises with the month's ``public`` incidents and reports,
    bounded in [0, 1] ("Incidenten worden uitvergroot", [PBLVU2026] ch. 6)."""
    sal = reg[SALIENCE]
    reg[SALIENCE] = sal * (1.0 - p.salience_decay) + (1.0 - sal) * (1.0 - math.exp(-p.salience_gain * public))


@agent_kernel
def narrow_spaces(pt, p, guarantee: float, mean_response: float) -> None:
    """The reflex narrows every active proeftuin's experimental space by ``reflex_space r``, less
    under a guarantee, and never below the guaranteed level ([DRIFT2025] Zoeken naar
    experimenteerruimte)."""
    if mean_response > 0.0:
        cut = clip01(p.reflex_space * mean_response * (1.0 - guarantee))
        for r in range(pt.active.shape[0]):
            if pt.active[r] == 1:
                pt.exp_space[r] = max(pt.exp_space[r] * (1.0 - cut), guarantee)


@kernel
def incidents_and_reflex(st, p, lev, exo, rng) -> None:
    """Draw this month's incidents, news and reports; the ministries' responses; relaxation."""
    reg = st.regime
    dialogue = lev[L_DIALOGUE]
    resp = np.zeros(st.ministries.risk_aversion.shape[0])
    c = p.news_base + p.news_salience * reg[SALIENCE]
    incidents, n_news, answered = incidents_in_news(st, p, c, dialogue, resp, 0.0, rng)
    forced, news, answered = forced_incidents(st, p, exo, dialogue, resp, float(n_news), answered, rng)
    reports, answered = reports_answered(st, p, dialogue, resp, answered, rng)
    st.flow[F_INCIDENTS] = incidents + forced
    st.flow[F_NEWS] = news
    st.flow[F_REPORTS] = reports
    st.flow[F_RESPONSES] = answered
    st.agg[A_INCIDENT_RATE] += p.incident_smoothing * (incidents + forced - st.agg[A_INCIDENT_RATE])
    mean_response = relax_risk_aversion(st, p, lev, resp)
    stack_protocols(reg, p, lev, mean_response)
    update_salience(reg, p, news + reports)
    narrow_spaces(st.proeftuinen, p, lev[L_GUARANTEE], mean_response)
