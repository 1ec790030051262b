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

    S = pressure_regime x R (1 - I_N) + pressure_unanchored x max(0, N - I_N)
        + pressure_waiting x waiting share / 0.1
        + pressure_workload x max(0, workload - 1) + pressure_incidents x incidents / 20
        + pressure_costs x national overspend + pressure_escalation x Z
        + pressure_distrust x distrust

where the first term is the strain of the problems the old regime ``R`` reproduces for as long
as the new practice is not anchored ("Het oplopen van druk is een onvermijdelijk gevolg van het
uitblijven van verandering", [DRIFT2025] Aanbeveling 1); the second is the strain of a new
practice that runs ahead of its anchoring, the niche share ``N`` above the institutionalised
share ``I_N``: families helped in a way that routes, funding and rules do not yet carry --
hand-overs between the relay and the ecosystem, unclear responsibilities, the "Spagaat tussen
oud en nieuw" and the "Afstand tussen praktijk en beleid" ([DRIFT2025]); the national overspend
is ``max(0, sum of municipal costs / sum of their budgets - 1)`` (national, so that the strain
does not depend on how finely the population is simulated); ``Z`` is the optimisation stock of
:mod:`.optimisation`, the escalation of what a case costs: the national government tops the
budgets up after the fact, so the overspend stays bounded, but the growing bill itself is a
strain -- "groeiende kosten" ([DRIFT2025] Een hardnekkig regime), pressure that rises "totdat
het regime zich fundamenteel heeft aangepast" because each round of optimising adds to the last
(stylised weight; digest §5 fact 4); and distrust is the households'
lost trust in government, ``max(0, trust_initial - mean trust)``. The regime's structures absorb
pressure -- new protocols, budgets, reorganisations: "Beleidshervormingen zijn onderdeel van het
regime geworden" ([DRIFT2025] Een hardnekkig regime) -- at a rate proportional to the structure
layer ``R_s``; the institutionalised new practice ``I_N`` relieves it by solving what the old one
could not. So pressure builds up where strain persists and the structures that absorbed it
erode: it rises "totdat het regime zich fundamenteel heeft aangepast" and bends down only when
the new practice is anchored (digest §5 fact 4).

No term makes the chaos phase. It emerges where the new practice grows faster than it is
anchored while the old structures are dismantled (phase-out, erosion: ``R_s`` falls, so less
pressure is absorbed): between the two, the strain is carried by neither and pressure peaks
around the crossing -- the X-curve's chaos, "Destabilisatie" ([DRIFT2025] the X-curve figure;
digest §6) -- and bends down as ``I_N`` rises. (The reference values 0.1 and 20 a month make
each term ~1 at the Dutch level of the 2010s.)
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
from regimesim.rules.municipal import national_costs
from regimesim.state import (
    A_INCIDENT_RATE,
    A_NICHE,
    A_OPENNESS,
    A_TRUST,
    A_WAITING_SHARE,
    A_WORKLOAD,
    BUDGET_FACTOR,
    INSTITUTIONALISED,
    OPTIMISATION,
    PRESSURE,
    STRUCTURE,
)


@kernel
def strain(st, p) -> float:
    """This month's strain on the regime: what adds to the pressure stock."""
    R = regime_strength(st.regime)
    costs, budget = national_costs(st)
    budget *= st.regime[BUDGET_FACTOR]
    overspend = max(0.0, costs / budget - 1.0) if budget > 0.0 else 0.0
    return (
        p.pressure_regime * R * (1.0 - st.regime[INSTITUTIONALISED])
        + p.pressure_unanchored * max(0.0, st.agg[A_NICHE] - st.regime[INSTITUTIONALISED])
        + p.pressure_waiting * st.agg[A_WAITING_SHARE] / 0.1
        + p.pressure_workload * max(0.0, st.agg[A_WORKLOAD] - 1.0)
        + p.pressure_incidents * st.agg[A_INCIDENT_RATE] / 20.0
        + p.pressure_costs * overspend
        + p.pressure_escalation * st.regime[OPTIMISATION]
        + p.pressure_distrust * max(0.0, p.trust_initial - st.agg[A_TRUST])
    )


@kernel
def pressure_step(st, p) -> None:
    """Add this month's strain to the pressure stock, drain what is absorbed; update openness."""
    reg = st.regime
    absorbed = p.pressure_absorb * (reg[STRUCTURE] + reg[INSTITUTIONALISED]) * reg[PRESSURE]
    reg[PRESSURE] = max(0.0, reg[PRESSURE] + p.pressure_adjust * strain(st, p) - absorbed)
    R = regime_strength(reg)
    st.agg[A_OPENNESS] = logistic(p.openness_slope * (reg[PRESSURE] - p.openness_threshold * R))
