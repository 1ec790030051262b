"""M3 (with M5, I2-I4) -- regime persistence, reform absorption, lock-in; what moves the layers.

Seed: the regime "reproduceert al zeker 50 jaar dezelfde effecten"; "Het regime blijkt in alle
reuring veerkrachtig. Beleidshervormingen zijn onderdeel van het regime geworden"; "met telkens
nieuwe structuren (reorganisaties, decentralisaties, wetswijzigingen) [worden] oude culturen en
werkwijzen gereproduceerd"; "Padafhankelijkheid leidt tot lock-in" ([DRIFT2025]
Een hardnekkig regime; Aanbeveling 1). "Om weg te breken uit de dominante manier van doen, denken
en organiseren is ook om- en afbouw nodig" ([DRIFT2025] Aanbeveling 2).

The three layers -- culture ``R_c``, structure ``R_s``, practice ``R_p`` -- each in [0, 1]
(digest M3):

    R_p += practice_adjust ((1 - N) - R_p) + coupling ((R_c + R_s)/2 - R_p)
           - phase_out_practice x phase_out x O x R_p
    R_s += absorption ((R_c + R_p)/2 - R_s) + protocol_structure (protocol - baseline)(1 - R_s)
           - pressure_erosion x E x R_s
           - (rebuild_structure x rebuild + phase_out_structure x phase_out) x O x R_s
    R_c += culture_adjust ((R_s + R_p)/2 - R_c) + culture_risk (rho - risk_baseline)(1 - R_c)
           - (culture_erosion x pressure_erosion x E + build_on_culture x build_on
              + culture_learning x weighed) x R_c

with the erosion ``E = logistic(erosion_slope (P - pressure_resilience))``.

- practice follows what is actually done: the share ``1 - N`` of families helped the old way
  (increasing returns: every old-route case reinforces the routine, M3b);
- each layer is pulled toward the others (coupling, M3c); a reform that hits structure alone
  is absorbed back (M3a: the 2015 shock dips and recovers);
- pressure that outruns the regime's resilience erodes its structure and culture: a regime
  "dat steeds verder onder druk komt te staan en destabiliseert" ([DRIFT2025] Een hardnekkig
  regime; digest M1, §6.1), at ``pressure_erosion`` scaled by ``E``, near 0
  while pressure stays below the level the regime absorbs (``pressure_resilience``) and near 1
  above it; the culture erodes at a share ``culture_erosion`` of that (the most persistent
  layer). A one-off shock to the structure raises pressure only for a while and is absorbed
  (fact 3); strain that persists keeps pressure above the resilience and wears the regime down;
- phase-out (afbouw) and rebuild (ombouw) act on structure and practice with a strength scaled
  by the regime's openness ``O`` (pressure's first effect, M1): dismantling works when the
  pressure is felt; build-on (voortbouw, the guiding principles) and lessons weighed by the
  ministries erode the old culture slowly;
- risk aversion hardens the culture and stacked protocols the structure (M2), with returns
  that diminish as the layer nears its maximum (``(1 - R)``): a hardened layer cannot harden
  much further, so these feedbacks hold the regime up without pinning it at 1.

The turbulence ``T`` of the breakdown -- strength lost per year, smoothed with
``turbulence_smoothing`` -- is kept for :mod:`.professionals`: the reorganisation stress of an
old order coming apart (digest §6.1). It adds nothing to pressure: the chaos phase emerges in
:mod:`.pressure`.
"""

from __future__ import annotations

from regimesim._numba import kernel
from regimesim.lever_columns import L_BUILD_ON, L_PHASE_OUT, L_REBUILD
from regimesim.rules._common import clip01, logistic
from regimesim.state import (
    A_NICHE,
    A_OPENNESS,
    A_RISK,
    A_TURBULENCE,
    CULTURE,
    F_WEIGHED,
    PRACTICE,
    PRESSURE,
    PROTOCOL,
    STRUCTURE,
)


@kernel
def lockin_step(st, p, lev) -> None:
    """Move the three regime layers (simultaneous update from last month's values)."""
    reg = st.regime
    Rc, Rs, Rp = reg[CULTURE], reg[STRUCTURE], reg[PRACTICE]
    O = st.agg[A_OPENNESS]  # noqa: E741
    phase_out = lev[L_PHASE_OUT]
    rebuild = lev[L_REBUILD]
    build_on = lev[L_BUILD_ON]
    old_share = 1.0 - st.agg[A_NICHE]

    dp = p.practice_adjust * (old_share - Rp) + p.coupling * (0.5 * (Rc + Rs) - Rp)
    dp -= p.phase_out_practice * phase_out * O * Rp
    ds = p.absorption * (0.5 * (Rc + Rp) - Rs)
    ds += p.protocol_structure * (reg[PROTOCOL] - p.protocol_baseline) * (1.0 - Rs)
    over = logistic(p.erosion_slope * (reg[PRESSURE] - p.pressure_resilience))
    ds -= p.pressure_erosion * over * Rs
    ds -= (p.rebuild_structure * rebuild + p.phase_out_structure * phase_out) * O * Rs
    dc = p.culture_adjust * (0.5 * (Rs + Rp) - Rc)
    dc += p.culture_risk * (st.agg[A_RISK] - p.risk_baseline) * (1.0 - Rc)
    dc -= p.culture_erosion * p.pressure_erosion * over * Rc
    dc -= (p.build_on_culture * build_on + p.culture_learning * st.flow[F_WEIGHED]) * Rc

    R_before = (Rc + Rs + Rp) / 3.0
    reg[PRACTICE] = clip01(Rp + dp)
    reg[STRUCTURE] = clip01(Rs + ds)
    reg[CULTURE] = clip01(Rc + dc)
    # turbulence: how fast the regime is breaking down (strength lost a year, smoothed)
    decline = 12.0 * max(0.0, R_before - (reg[CULTURE] + reg[STRUCTURE] + reg[PRACTICE]) / 3.0)
    st.agg[A_TURBULENCE] += p.turbulence_smoothing * (decline - st.agg[A_TURBULENCE])
