"""M1 -- pressure build-up, and the double effect of pressure.

Seed: "Inmiddels loopt de druk zover op dat incidenten, crises, kosten en werkdruk onvermijdelijk
toenemen totdat het regime zich fundamenteel heeft aangepast" and "Het oplopen van druk is een
onvermijdelijk gevolg van het uitblijven van verandering" ([DRIFT2025] "Er is
transitiedynamiek zichtbaar"; Aanbeveling 1); yet rising pressure "het alleen maar lastiger maakt
om af te wijken van bestaande afspraken en richtlijnen" ([DRIFT2025] Aanbeveling 4).

Pressure ``P`` relaxes (rate ``pressure_adjust``) toward a target built from the regime's effects
(digest M1):

    P* = pressure_regime x R (1 - I_N) + pressure_waiting x waiting share / 0.1
         + pressure_workload x max(0, workload - 1) + pressure_incidents x incidents / 20
         + pressure_costs x mean budget stress + pressure_turbulence x T

where ``T`` is the turbulence of the breakdown itself: regime strength lost per year, smoothed
(:mod:`.lockin`). When the old order comes apart faster than the new one carries the work --
reorganisations, hand-overs, unclear responsibilities -- pressure, incidents and workload peak:
the chaos phase of the X-curve ([DRIFT2025] "Destabilisatie" and the X-curve figure; digest §6).
(The reference values 0.1 and 20 a month make each term ~1 at the Dutch level of the 2010s).
Landscape shocks add to ``P`` directly (:mod:`.landscape`). The double effect:

- regime-level openness ``logistic(openness_slope (P - openness_threshold x R))`` rises with
  ``P`` and with a weakening regime (a strong regime absorbs more pressure before it opens, M3):
  it scales how much phase-out and rebuild can move the regime (:mod:`.lockin`);
- individual willingness to deviate from protocol, ``exp(-deviation_pressure x P)``, falls with
  ``P`` (:mod:`.professionals`). This is the core non-linearity the digest names.
"""

from __future__ import annotations

from regimesim._numba import kernel
from regimesim.rules._common import logistic, regime_strength
from regimesim.state import (
    A_INCIDENT_RATE,
    A_OPENNESS,
    A_TURBULENCE,
    A_WAITING_SHARE,
    A_WORKLOAD,
    INSTITUTIONALISED,
    PRESSURE,
)


@kernel
def pressure_target(st, p) -> float:
    """The level pressure moves toward, from the regime's current effects."""
    R = regime_strength(st.regime)
    mun = st.municipalities
    stress = 0.0
    for m in range(mun.budget_stress.shape[0]):
        stress += mun.budget_stress[m]
    stress /= max(mun.budget_stress.shape[0], 1)
    return (
        p.pressure_regime * R * (1.0 - st.regime[INSTITUTIONALISED])
        + p.pressure_waiting * st.agg[A_WAITING_SHARE] / 0.1
        + p.pressure_workload * max(0.0, st.agg[A_WORKLOAD] - 1.0)
        + p.pressure_incidents * st.agg[A_INCIDENT_RATE] / 20.0
        + p.pressure_costs * stress
        + p.pressure_turbulence * st.agg[A_TURBULENCE]
    )


@kernel
def pressure_step(st, p) -> None:
    """Move pressure toward its target and update regime-level openness."""
    reg = st.regime
    reg[PRESSURE] = max(0.0, reg[PRESSURE] + p.pressure_adjust * (pressure_target(st, p) - reg[PRESSURE]))
    R = regime_strength(reg)
    st.agg[A_OPENNESS] = logistic(p.openness_slope * (reg[PRESSURE] - p.openness_threshold * R))
