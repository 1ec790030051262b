"""M1 -- pressure build-up, and the double effect of pressure.

Seed: "Inmiddels loopt de druk zover op dat incidenten, crises, kosten en werkdruk onvermijdelijk
toenemen totdat het regime zich fundamenteel heeft aangepast" and "Het oplopen van druk is een
onvermijdelijk gevolg van het uitblijven van verandering" ([DRIFT2025] "Er is
transitiedynamiek zichtbaar"; Aanbeveling 1); yet rising pressure "het alleen maar lastiger maakt
om af te wijken van bestaande afspraken en richtlijnen" ([DRIFT2025] Aanbeveling 4).

Pressure ``P`` is a stock (digest M1): it accumulates from what the regime fails to absorb and
is drained by what absorbs it. Each month

    P += pressure_adjust x S - pressure_absorb x (R_s + I_N) x P

with the *strain* of the month

    S = pressure_regime x R (1 - I_N) + pressure_waiting x waiting share / 0.1
        + pressure_workload x max(0, workload - 1) + pressure_incidents x incidents / 20
        + pressure_costs x national overspend + pressure_distrust x distrust
        + pressure_turbulence x T

where the national overspend is ``max(0, sum of municipal costs / sum of their budgets - 1)``
(national, so that the strain does not depend on how finely the population is simulated),
distrust is the households' lost trust in government, ``max(0, trust_initial -
mean trust)``, and ``T`` is the turbulence of the breakdown itself: regime strength lost per
year, smoothed (:mod:`.lockin`). The regime's structures absorb pressure -- new protocols,
budgets, reorganisations: "Beleidshervormingen zijn onderdeel van het regime geworden"
([DRIFT2025] Een hardnekkig regime) -- at a rate proportional to the structure layer ``R_s``;
the institutionalised new practice ``I_N`` relieves it by solving what the old one could not.
So pressure builds up where strain persists and the structures that absorbed it erode: it rises
"totdat het regime zich fundamenteel heeft aangepast" and bends down only when the new practice
is anchored (digest §5 fact 4). When the old order comes apart faster than the new one carries
the work -- reorganisations, hand-overs, unclear responsibilities -- pressure, incidents and
workload peak: the chaos phase of the X-curve ([DRIFT2025] "Destabilisatie" and the X-curve
figure; digest §6). (The reference values 0.1 and 20 a month make each term ~1 at the Dutch
level of the 2010s.)
Landscape shocks add to ``P`` directly (:mod:`.landscape`). The double effect:

- regime-level openness ``logistic(openness_slope (P - openness_threshold x R))`` rises with
  ``P`` and with a weakening regime (a strong regime absorbs more pressure before it opens, M3):
  it is how far pressure erodes the structure and culture layers, and it scales how much
  phase-out and rebuild can move the regime (:mod:`.lockin`);
- individual willingness to deviate from protocol, ``exp(-deviation_pressure x P)``, falls with
  ``P`` (:mod:`.professionals`). This is the core non-linearity the digest names.
"""

from __future__ import annotations

from regimesim._numba import kernel
from regimesim.rules._common import logistic, regime_strength
from regimesim.state import (
    A_INCIDENT_RATE,
    A_OPENNESS,
    A_TRUST,
    A_TURBULENCE,
    A_WAITING_SHARE,
    A_WORKLOAD,
    BUDGET_FACTOR,
    INSTITUTIONALISED,
    PRESSURE,
    STRUCTURE,
)


@kernel
def strain(st, p) -> float:
    """This month's strain on the regime: what adds to the pressure stock."""
    R = regime_strength(st.regime)
    mun = st.municipalities
    costs = 0.0
    budget = 0.0
    for m in range(mun.costs.shape[0]):
        costs += mun.costs[m]
        budget += mun.budget[m]
    budget *= st.regime[BUDGET_FACTOR]
    overspend = max(0.0, costs / budget - 1.0) if budget > 0.0 else 0.0
    return (
        p.pressure_regime * R * (1.0 - st.regime[INSTITUTIONALISED])
        + p.pressure_waiting * st.agg[A_WAITING_SHARE] / 0.1
        + p.pressure_workload * max(0.0, st.agg[A_WORKLOAD] - 1.0)
        + p.pressure_incidents * st.agg[A_INCIDENT_RATE] / 20.0
        + p.pressure_costs * overspend
        + p.pressure_distrust * max(0.0, p.trust_initial - st.agg[A_TRUST])
        + p.pressure_turbulence * st.agg[A_TURBULENCE]
    )


@kernel
def pressure_step(st, p) -> None:
    """Add this month's strain to the pressure stock, drain what is absorbed; update openness."""
    reg = st.regime
    absorbed = p.pressure_absorb * (reg[STRUCTURE] + reg[INSTITUTIONALISED]) * reg[PRESSURE]
    reg[PRESSURE] = max(0.0, reg[PRESSURE] + p.pressure_adjust * strain(st, p) - absorbed)
    R = regime_strength(reg)
    st.agg[A_OPENNESS] = logistic(p.openness_slope * (reg[PRESSURE] - p.openness_threshold * R))
