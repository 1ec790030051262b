"""M12, M13, M16, M11 -- the knowledge cycle, learning on three levels, transformative capacity.

Seeds: knowledge "moet ... actief verplaatst" through develop -> share -> weigh -> use, and risks
staying "'onder de radar'" with "weinig aandacht voor het actief wegen en 'codificeren'"
([Athena2024] kenniscyclus); learning "gericht op de interactie tussen
operationeel, tactisch en strategisch niveau om institutionele barrières te slechten": the
learning community, practice-policy "Coalities" and "Duidingssessies ... om het geleerde te
wegen" ([DRIFT2025] Aanbeveling 3); the programme team processed the insights
"Maar daarmee werd op die capaciteiten in de departementen geen beroep gedaan en 'landde' het
geleerde onvoldoende" -- active involvement of policy makers is where "juist de sleutel ligt"
([DRIFT2025] Aanbeveling 4); answering current affairs "gaat ten koste van ... strategische
kennisontwikkeling" ([PBLVU2026] ch. 2; digest M18); "Afstand tussen praktijk en
beleid: Hoe institutionaliseren van de nieuwe praktijken?" ([DRIFT2025]; digest M11).

Each month (digest M12, M13, M16):

- operational learning: a proeftuin develops ``learn_rate x n x E`` lessons (plus small wins);
- tactical sharing: it shares ``share_rate (1 + community_share x learning)`` of its stock into
  the national pool; the pool loses ``radar_loss`` a month (lessons under the radar);
- strategic weighing -- the bottleneck: each of the ``M`` ministries answers for ``1/M`` of the
  pool and weighs the share ``weigh_rate x TC_m x pi_m x (1 + build_on_legibility x build_on)
  x (1 - salience_crowding x min(1, salience)) x (1 - diversity_legibility x D)`` of it (so the
  pool is weighed at the ministries' mean rate, whatever their number), where participation
  ``pi_m`` rises with the learning lever (coalitions with policy makers taking part), and ``D``
  is the diversity of the active proeftuinen's approaches (below): lessons from many different
  paths are harder for policy to read and absorb (digest M6 and M11: diversity conflicts with
  legibility);
- transformative capacity ``TC += tc_learning x weighed x (1 - TC) + tc_build_on x build_on
  (1 - TC) - tc_turnover x TC`` (innovative ways of working fade with turnover, [PBLVU2026]);
  backing and granted space follow ``TC`` and risk aversion (logistic-free linear clips);
- use: weighed lessons remove barriers in every proeftuin (``use_barriers``); rebuild removes
  them directly (``rebuild_barriers x rebuild``); and partial solutions found on different paths
  combine into breakthroughs: ``coevolution x D x ne_bar`` more, with ``ne_bar`` the active
  proeftuinen' mean maturity times experimental space -- partial solutions need practice and
  room to meet ("Doorslaggevende innovatie komt vaak voort uit co-evolutie van
  deeloplossingen" through "versterkende dwarsverbanden", [DRIFT2025] Aanbeveling 1; digest M6).
  So diversity costs uptake by policy in the short run and opens barriers in the long run
  (digest §5 fact 24);
- institutionalisation: the share ``I_N`` (how far routes, funding and rules carry the new
  practice) follows the share of professionals practising it at a rate set by weighed lessons
  and rebuild:
  first ``I_N += inst_rate (inst_weighed x weighed + rebuild x openness) max(0, X_new - I_N)``,
  then stacked protocols wear the result down: ``I_N -= inst_decay x max(0, protocol -
  protocol_baseline) I_N``.

D = mean |a_r - mean a| / 0.25 over the active proeftuinen's approaches ``a_r`` is 0 when all are
alike and about 1 when they spread over the whole range (a uniform spread over [0, 1] has mean
absolute deviation 0.25); it is capped at 1.
"""

from __future__ import annotations

from regimesim._numba import kernel
from regimesim.lever_columns import L_BUILD_ON, L_LEARNING, L_REBUILD
from regimesim.rules._common import clip01
from regimesim.state import (
    A_OPENNESS,
    A_PROS_NEW,
    F_WEIGHED,
    INSTITUTIONALISED,
    KNOWLEDGE_POOL,
    PROTOCOL,
    SALIENCE,
)


@kernel
def niche_diversity(pt):
    """Diversity ``D`` of the active proeftuinen's approaches and their mean maturity x space."""
    n = 0
    mean_a = 0.0
    mean_n = 0.0
    for r in range(pt.active.shape[0]):
        if pt.active[r] == 1:
            n += 1
            mean_a += pt.approach[r]
            mean_n += pt.maturity[r] * pt.exp_space[r]
    if n == 0:
        return 0.0, 0.0
    mean_a /= n
    dev = 0.0
    for r in range(pt.active.shape[0]):
        if pt.active[r] == 1:
            dev += abs(pt.approach[r] - mean_a)
    return min(1.0, dev / n / 0.25), mean_n / n


@kernel
def weighing_rate(
    p, tc: float, participation: float, build_on: float, salience: float, diversity: float
) -> float:
    """Share of the lesson pool one ministry weighs this month."""
    crowding = 1.0 - p.salience_crowding * min(1.0, salience)
    legible = 1.0 - p.diversity_legibility * diversity
    return clip01(
        p.weigh_rate * tc * participation * (1.0 + p.build_on_legibility * build_on) * crowding * legible
    )


@kernel
def ministry_stance(p, tc: float, rho: float):
    """Backing and granted experimental space of a ministry with capacity ``tc`` and risk ``rho``."""
    backing = clip01(p.backing_base + p.backing_tc * tc - p.backing_risk * rho)
    space = clip01(p.space_base + p.space_tc * tc - p.space_risk * rho)
    return backing, space


@kernel
def learning_step(st, p, lev) -> None:
    """Develop, share, weigh and use lessons; update ministries and institutionalisation."""
    pt = st.proeftuinen
    mi = st.ministries
    reg = st.regime
    learning = lev[L_LEARNING]
    build_on = lev[L_BUILD_ON]
    rebuild = lev[L_REBUILD]
    openness = st.agg[A_OPENNESS]

    share = clip01(p.share_rate * (1.0 + p.community_share * learning))
    pool = reg[KNOWLEDGE_POOL]
    for r in range(pt.active.shape[0]):
        if pt.active[r] == 0:
            continue
        pt.knowledge[r] += p.learn_rate * pt.maturity[r] * pt.energy[r]
        moved = share * pt.knowledge[r]
        pt.knowledge[r] -= moved
        pool += moved
    pool *= 1.0 - p.radar_loss

    diversity, practised = niche_diversity(pt)
    n_min = mi.risk_aversion.shape[0]
    weighed = 0.0
    for k in range(n_min):
        part = p.participation_base
        part = clip01(part + (1.0 - part) * p.coalition_participation * learning)
        mi.participation[k] = part
        w = (
            weighing_rate(p, mi.transformative_capacity[k], part, build_on, reg[SALIENCE], diversity)
            * pool
            / n_min
        )
        weighed += w
        mi.knowledge_weighed[k] += w
        tc = mi.transformative_capacity[k]
        tc += p.tc_learning * w * (1.0 - tc) + p.tc_build_on * build_on * (1.0 - tc) - p.tc_turnover * tc
        tc = clip01(tc)
        mi.transformative_capacity[k] = tc
        mi.backing[k], mi.space_granted[k] = ministry_stance(p, tc, mi.risk_aversion[k])
    reg[KNOWLEDGE_POOL] = max(0.0, pool - weighed)
    st.flow[F_WEIGHED] = weighed

    removal = p.use_barriers * weighed + p.rebuild_barriers * rebuild + p.coevolution * diversity * practised
    for r in range(pt.active.shape[0]):
        if pt.active[r] == 1:
            pt.barriers[r] = clip01(pt.barriers[r] - removal * pt.barriers[r])

    inst = reg[INSTITUTIONALISED]
    gap = max(0.0, st.agg[A_PROS_NEW] - inst)
    inst += p.inst_rate * (p.inst_weighed * weighed + rebuild * openness) * gap
    inst -= p.inst_decay * max(0.0, reg[PROTOCOL] - p.protocol_baseline) * inst
    reg[INSTITUTIONALISED] = clip01(inst)
