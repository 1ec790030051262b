"""M16, M2, M11 (with 001's governance levels) -- who carries out the levers: intent vs realisation.

Seeds: where the transition gets stuck, "Optimalisatie: Weinig besef bij het Rijk dat de
transitie ook daar plaats moet vinden" ([DRIFT2025] Waar het vastloopt); the commissioning
ministries "zijn ... onvoldoende deelgenoot geworden van de opgave" and the effective next step
is "het effectiever deelgenoot maken van met name de strategische lagen van de ministeries"
([DRIFT2025] Aanbeveling 4); "Proeftuinen missen rugdekking van het Rijk" ([DRIFT2025] Waar het
vastloopt); the transition asks for change on the operational, tactical and strategic levels of
national government, municipalities and regions at once ([Athena2024] acties governance); and
civil servants' capacity to work on transformation depends on mandate and on individuals
([PBLVU2026] ch. 4).

A scenario's lever schedule is the programme's *intent*. What is carried out each month is
decided by the actors who hold the lever (digest M16, M2, M11):

- each ministry ``k`` has a *commitment* ``c_k`` in [0, 1], the share of the programme's intents
  it turns into decisions. It moves slowly (``commit_adjust``: decisions come late, or not at
  all) toward ``clip01(commit_base + commit_tc TC_k + commit_participation pi_k - commit_risk
  rho_k + commit_urgency Z)``: transformative capacity and policy makers' participation in the
  learning raise it, risk aversion lowers it, and so does urgency: the escalated bill of the
  optimisation, the stock ``Z`` of :mod:`.optimisation`. Choices are put off "tot ze zo urgent
  zijn dat niemand er meer omheen kan" and then only "oplossingen ... met hoge kosten en veel
  verliezers" are left ([PBLVU2026] ch. 1-2): a programme started late, after years of
  optimising, is carried out more drastically ("ingrijpender maatregelen", [PBLVU2026] ch. 1) --
  the later start's more abrupt change of digest §5 fact 26 -- and the urgency fades as the
  system choices and the anchored new practice unwind ``Z``;
- the national levers -- phase-out, rebuild, build-on, learning infrastructure, the space
  guarantee and the societal dialogue -- are realised at ``intent x sum_k w_k c_k``, where the
  weights ``w_k`` share each lever between the ministries by their portfolios (see
  :data:`JUSTICE_SHARE`);
- build-up (funding and scaling the proeftuinen, rolling the practice in locally) is held by the
  municipalities and their regions: realised at ``intent x`` the family-weighted mean of the
  municipalities' ``team_capacity`` (their room within budget, :mod:`.municipal`), so a budget
  squeeze slows it.

The ministries differ by portfolio: ``justice`` is 0 for the first (VWS: system responsibility
for youth care under the Jeugdwet, funding of the programme) and 1 for the last (JenV:
child-protection measures, the Council for Child Protection, legal protection), evenly spread in
between if there are more. JenV's resting risk aversion is ``justice_risk`` higher (accountable
for the safety of children under a measure; [DRIFT2025] Een hardnekkig regime: risicomijding);
see :mod:`.risk_reflex`.
"""

from __future__ import annotations

import numpy as np

from regimesim._numba import kernel
from regimesim.lever_columns import L_BUILD_UP, LEVER_DECLARATIONS, N_LEVERS
from regimesim.rules._common import clip01
from regimesim.state import OPTIMISATION

#: Share of each lever held by the justice side (JenV) of the ministries, in the order of
#: :data:`regimesim.lever_columns.LEVERS`; the rest is held by the health and youth side (VWS).
#: Declared with each lever (``justice_share`` of its ``_lever`` row in
#: :mod:`regimesim.parameters`), stylised after the public division of roles: the old structures
#: that phase-out dismantles (the Council for Child Protection, the certified institutions'
#: measures) sit mostly with JenV; rules, financing, the guiding principles, learning, the space
#: guarantee and the dialogue are shared ([DRIFT2025] "de betrokken ministeries",
#: "opdrachtgevers"). Build-up is municipal (its share, 0, is not read).
JUSTICE_SHARE = np.array([lever.justice_share for lever in LEVER_DECLARATIONS], dtype=np.float64)
# realise_levers carries out build-up through the municipalities and every other lever through
# the ministries: the declarations must say the same
if tuple(lever.holder == "municipalities" for lever in LEVER_DECLARATIONS) != tuple(
    k == L_BUILD_UP for k in range(N_LEVERS)
):  # pragma: no cover - a declaration error
    raise RuntimeError("realise_levers knows build-up as the only municipal lever; see its declaration")


@kernel
def ministry_justice(k: int, n: int) -> float:
    """Justice share of ministry ``k`` of ``n`` (0 VWS ... 1 JenV; 0.5 when there is one)."""
    return k / (n - 1.0) if n > 1 else 0.5


@kernel
def commitment_target(p, tc: float, participation: float, rho: float, z: float) -> float:
    """The commitment a ministry moves toward (``z``: the optimisation stock, the escalated bill)."""
    return clip01(
        p.commit_base
        + p.commit_tc * tc
        + p.commit_participation * participation
        - p.commit_risk * rho
        + p.commit_urgency * z
    )


@kernel
def realise_levers(st, p, lev) -> None:
    """Update the ministries' commitment and write this month's realised levers to ``st.realised``."""
    mi = st.ministries
    n_min = mi.commitment.shape[0]
    for k in range(n_min):
        target = commitment_target(
            p,
            mi.transformative_capacity[k],
            mi.participation[k],
            mi.risk_aversion[k],
            st.regime[OPTIMISATION],
        )
        mi.commitment[k] = clip01(mi.commitment[k] + p.commit_adjust * (target - mi.commitment[k]))
    for lever in range(N_LEVERS):
        st.intended[lever] = lev[lever]
        if lever == L_BUILD_UP:
            continue
        js = JUSTICE_SHARE[lever]
        num = 0.0
        den = 0.0
        for k in range(n_min):
            w = js * mi.justice[k] + (1.0 - js) * (1.0 - mi.justice[k])
            num += w * mi.commitment[k]
            den += w
        st.realised[lever] = lev[lever] * (num / den if den > 0.0 else 0.0)
    mun = st.municipalities
    room = 0.0
    total = 0.0
    for m in range(mun.n_families.shape[0]):
        room += mun.n_families[m] * mun.team_capacity[m]
        total += mun.n_families[m]
    st.realised[L_BUILD_UP] = lev[L_BUILD_UP] * (room / total if total > 0.0 else 1.0)
