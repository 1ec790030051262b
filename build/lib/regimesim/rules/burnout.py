"""M9 -- innovator energy, burnout and transition pain (proeftuin level).

Seed: innovators "kunnen bij uitblijvende fundamentele verandering opbranden"; "weglekkende
energie en moed bij vernieuwers"; proeftuinen "missen rugdekking van het Rijk"
([DRIFT2025] Transitiepijn; Afstand tussen praktijk en beleid); the narrowing
of experimental space brings "onveiligheid voor professionals" ([DRIFT2025] Zoeken naar
experimenteerruimte); innovation depends on "individuele inzet" ([PBLVU2026]).

The energy ``E`` of the people carrying a proeftuin (digest M9):

    E += energy_backing x b - energy_barrier x B - energy_dual x d - energy_insecurity (1 - e)

backing ``b`` from the ministries feeds it; persisting barriers ``B``, dual running ``d`` and
insecurity (little experimental space ``e``) drain it; small wins refill it
(:mod:`.small_wins`). Low energy erodes maturity (:mod:`.niche`) and makes innovating
professionals leave (:mod:`.professionals`). With rebuild removing barriers the drain stops:
stylised fact 8 (burnout without breakthroughs, not with ombouw).
"""

from __future__ import annotations

from regimesim._numba import kernel
from regimesim.rules._common import clip01
from regimesim.state import A_BACKING


@kernel
def energy_step(st, p) -> None:
    """Move each active proeftuin's innovator energy."""
    pt = st.proeftuinen
    backing = st.agg[A_BACKING]
    for r in range(pt.active.shape[0]):
        if pt.active[r] == 0:
            continue
        e = pt.energy[r]
        e += p.energy_backing * backing
        e -= p.energy_barrier * pt.barriers[r]
        e -= p.energy_dual * pt.dual_running[r]
        e -= p.energy_insecurity * (1.0 - pt.exp_space[r])
        pt.energy[r] = clip01(e)
