"""M8 -- dual running and the old system as fallback for complex families.

Seed: [DRIFT2025] "Spagaat tussen oud en nieuw": "het oude stelsel wordt soms
als 'terugvaloptie' gebruikt voor complexe gezinnen" (the old system is sometimes a fallback for
complex families), and it takes "steeds meer moeite om het oude en het nieuwe systeem naast
elkaar draaiende te houden" (ever more effort to keep old and new running side by side).

Route choice at intake (digest M8, M10): a family is helped the new way with probability
``position_j x access_r`` -- the professional's practice times the room the region has for it
(experimental space in a proeftuin, else the institutionalised share). A new-route family is then
sent back to the old route with the fallback probability

    phi = logistic(a (u - u0) - b n_r - c b_r - d phase_out)

rising with its unsafety ``u`` and falling with the proeftuin's maturity ``n_r``, the ministries'
backing ``b_r`` and the phase-out lever (afbouw removes the fallback option, digest I3). The
logistic form keeps phi in (0, 1) and makes each influence an odds ratio.

Dual running (``d_r = n_r x R_s``) grows with the new practice while the old system's structures
``R_s`` (the relay chain's organisations, contracts and rules) still stand beside it; phase-out
(afbouw) is what lets it fall: its effort is added to professionals' workload (census) and drains
innovator energy
(:mod:`regimesim.rules.burnout`).
"""

from __future__ import annotations

from regimesim._numba import agent_kernel, kernel
from regimesim.lever_columns import L_PHASE_OUT
from regimesim.rules._common import logistic
from regimesim.state import NEW, OLD, STRUCTURE


@agent_kernel
def fallback_probability(p, unsafety: float, maturity: float, backing: float, phase_out: float):
    """Chance that a family routed to the new practice is sent back to the old one."""
    return logistic(
        p.fallback_unsafety * (unsafety - p.fallback_threshold)
        - p.fallback_maturity * maturity
        - p.fallback_backing * backing
        - p.fallback_phase_out * phase_out
    )


@agent_kernel
def choose_route(st, p, lev, f: int, j: int, rng) -> int:
    """Route of family ``f`` taken on by post ``j``; counts fallbacks in its municipality."""
    fam = st.families
    r = fam.region[f]
    if rng.random() >= st.professionals.position[j] * st.regions.access[r]:
        return OLD
    m = fam.municipality[f]
    st.municipalities.new_intakes[m] += 1
    pt = st.proeftuinen
    maturity = pt.maturity[r] if pt.active[r] == 1 else 0.0
    backing = 0.0
    n_min = st.ministries.backing.shape[0]
    for k in range(n_min):
        backing += st.ministries.backing[k] / n_min
    phi = fallback_probability(p, fam.unsafety[f], maturity, backing, lev[L_PHASE_OUT])
    if rng.random() < phi:
        fam.fallback[f] = 1
        st.municipalities.fallbacks[m] += 1
        return OLD
    return NEW


@kernel
def dual_running(st) -> None:
    """Dual-running effort of each active proeftuin: maturity x the old structure layer."""
    R = st.regime[STRUCTURE]
    pt = st.proeftuinen
    for r in range(pt.active.shape[0]):
        pt.dual_running[r] = pt.maturity[r] * R if pt.active[r] == 1 else 0.0
