"""M7 -- experimental space narrowing; the new practice judged by old criteria.

Seed: the room "werd door opdrachtgevers gaandeweg steeds nauwer gemaakt, met onveiligheid voor
professionals en gemeentes als gevolg"; "het nieuwe [wordt] direct getoetst ... aan alle
voorwaarden van het oude systeem ... omdat er nog geen waardering bestaat voor nieuwe
eigenschappen" ([DRIFT2025] Zoeken naar experimenteerruimte); experimenting
works "in de luwte" ([PBLVU2026] ch. 6).

Each month (digest M7), for an active proeftuin with maturity ``n`` (its visibility):

    e += space_relax (granted - e) - space_narrowing x n x rho x (1 - rebuild)
    e = max(e, guarantee)

``granted`` is the mean experimental space the ministries grant (:mod:`.learning`), falling with
their risk aversion; the narrowing term grows with visibility and risk aversion (the more the
new practice shows, the more it is tested on the old criteria), and rebuild (ombouw) removes it
by changing the criteria (digest I2). The space guarantee lever is a floor. Incidents cut space
further (:mod:`.risk_reflex`).
"""

from __future__ import annotations

from regimesim._numba import kernel
from regimesim.lever_columns import L_GUARANTEE, L_REBUILD
from regimesim.rules._common import clip01
from regimesim.state import A_RISK


@kernel
def space_step(st, p, lev) -> None:
    """Move each active proeftuin's experimental space."""
    pt = st.proeftuinen
    mi = st.ministries
    granted = 0.0
    for k in range(mi.space_granted.shape[0]):
        granted += mi.space_granted[k] / mi.space_granted.shape[0]
    rho = st.agg[A_RISK]
    guarantee = lev[L_GUARANTEE]
    criteria = 1.0 - lev[L_REBUILD]
    for r in range(pt.active.shape[0]):
        if pt.active[r] == 0:
            continue
        e = pt.exp_space[r]
        e += p.space_relax * (granted - e)
        e -= p.space_narrowing * pt.maturity[r] * rho * criteria
        pt.exp_space[r] = max(clip01(e), guarantee)
