"""M2 -- incidents, media and the risk-control reflex (with M18 and M20).

Seed: "Wanneer calamiteiten in het nieuws komen, schiet de sector opnieuw in een kramp van
risicobeheersing" ([DRIFT2025] Destabilisatie); "Steeds opnieuw incidenten en veroordelende
rapporten" ([DRIFT2025]); "gestapelde protocollering" ([Athena2024]); "Incidenten worden
uitvergroot" ([PBLVU2026] ch. 6); the counter-discourse after incidents ([Athena2024] Acties
governance; digest I16) and a guaranteed experimental space ([DRIFT2025] Zoeken naar
experimenteerruimte) as the levers that damp the reflex.

Incidents (serious harm to a child) arise in households: each has a monthly hazard

    h_f = incident_base x u_f^2 x (1 + incident_waiting [waiting or untreated])
          x exp(incident_workload x (workload - 1))

(the digest's Poisson rate rising with workload, M2). The national count is
``Poisson(sum h_f / scale)``, so a scaled-down population has as many incidents -- and as many
news events -- as the Netherlands in expectation. Each incident reaches the news with
``news_base + news_salience x salience``; forced incidents (scenario events) always do.

A publicised incident, damped by societal dialogue (``1 - dialogue_damping x dialogue``) and by
the ministries' transformative capacity:

- raises each ministry's risk aversion ``rho += reflex_risk (1 - rho)``;
- stacks protocols ``protocol += reflex_protocol (1 - protocol)`` (negative learning, M20);
- narrows every proeftuin's experimental space by ``reflex_space`` (less under a guarantee);
- raises media salience ``S`` in [0, 1]: ``S <- S (1 - salience_decay) + (1 - S)(1 - exp(-salience_gain
  x news))``; salience raises the next incident's chance of news (a media storm), but is bounded,
  so the storm passes.

Between incidents risk aversion relaxes toward a baseline that rises with pressure (M1) and with
the resistance of organisations whose existence phase-out questions (M9); protocols relax far
more slowly than they stack (they are a ratchet), faster under rebuild (ombouw).
The defensive push on professionals is read by :mod:`.professionals` from this month's news.
"""

from __future__ import annotations

import math

from regimesim._numba import kernel
from regimesim.levers import L_DIALOGUE, L_GUARANTEE, L_PHASE_OUT, L_REBUILD, X_FORCED_INCIDENTS
from regimesim.rules._common import clip01
from regimesim.state import (
    A_INCIDENT_RATE,
    COERCIVE,
    F_INCIDENTS,
    F_NEWS,
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
                h *= math.exp(p.incident_workload * (pro.workload[j] - 1.0))
        total += h
    return total


@kernel
def reflex_response(p, news: float, dialogue: float, tc: float) -> float:
    """Strength of the reflex to ``news`` publicised incidents (0 when there are none)."""
    return news * (1.0 - p.dialogue_damping * dialogue) * (1.0 - p.tc_damping * tc)


@kernel
def incidents_and_reflex(st, p, lev, exo, rng) -> None:
    """Draw this month's incidents and news; apply the risk-control reflex and its relaxation."""
    reg = st.regime
    mi = st.ministries
    hazard = incident_hazard(st, p) / p.scale
    incidents = float(rng.poisson(hazard))
    p_news = clip01(p.news_base + p.news_salience * reg[SALIENCE])
    news = float(rng.binomial(int(incidents), p_news)) if incidents > 0 else 0.0
    forced = exo[X_FORCED_INCIDENTS]
    incidents += forced
    news += forced
    st.flow[F_INCIDENTS] = incidents
    st.flow[F_NEWS] = news
    st.agg[A_INCIDENT_RATE] += p.incident_smoothing * (incidents - st.agg[A_INCIDENT_RATE])

    dialogue = lev[L_DIALOGUE]
    pressure = reg[PRESSURE]
    resistance = p.phase_out_resistance * lev[L_PHASE_OUT] * reg[STRUCTURE]
    mean_response = 0.0
    for k in range(mi.risk_aversion.shape[0]):
        resp = reflex_response(p, news, dialogue, mi.transformative_capacity[k])
        mean_response += resp / mi.risk_aversion.shape[0]
        rho = mi.risk_aversion[k]
        rho += p.reflex_risk * resp * (1.0 - rho)
        base = clip01(p.risk_baseline + p.justice_risk * (mi.justice[k] - 0.5)
                      + p.risk_pressure * pressure + resistance)
        rho += p.risk_relax * (base - rho)
        mi.risk_aversion[k] = clip01(rho)

    prot = reg[PROTOCOL]
    prot += p.reflex_protocol * mean_response * (1.0 - prot)
    relax = p.protocol_relax * (1.0 + p.rebuild_protocol * lev[L_REBUILD])
    prot += relax * (p.protocol_baseline - prot)
    reg[PROTOCOL] = clip01(prot)

    sal = reg[SALIENCE]
    reg[SALIENCE] = sal * (1.0 - p.salience_decay) + (1.0 - sal) * (1.0 - math.exp(-p.salience_gain * news))

    pt = st.proeftuinen
    guarantee = lev[L_GUARANTEE]
    if mean_response > 0.0:
        cut = clip01(p.reflex_space * mean_response * (1.0 - guarantee))
        for r in range(pt.active.shape[0]):
            if pt.active[r] == 1:
                pt.exp_space[r] = max(pt.exp_space[r] * (1.0 - cut), guarantee)
