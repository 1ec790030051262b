"""M6, M22, M8 -- the niche: proeftuinen starting, maturing within the regime's limits.

Seeds: "In 2025 zijn er 10 gesubsidieerde proeftuinen actief" and the proeftuinen make the
"emergentie" of the new practice visible ([DRIFT2025] Aanleiding); opbouw
"Transformatieve sociale innovaties versnellen" is needed but "met focus op alleen opbouw blijf
je terugschieten in dezelfde groef" ([DRIFT2025] Aanbeveling 2); new groups must go through their
own learning process, practice is "niet 'uitrollen' maar 'inrollen'"
([Potjer2022]; digest M22); periods of "stagnatie en versnelling" ([DRIFT2025]
Aanbeveling 1).

- Activation: the historical tranches start on their scheduled step; the build-up lever adds
  regions, each month a non-proeftuin region starts with probability ``build_up_spread x
  build_up`` (national scaling). A new proeftuin starts small (``maturity_initial``): rolled in,
  not rolled out. Each proeftuin develops its own variant of the new practice: its *approach*
  is drawn when it starts, uniform over ``0.5 +- proeftuin_diversity / 2`` ("Hoe langer je
  gelijktijdig verschillende paden kunt blijven bewandelen, hoe groter de kans dat [het] zich kan
  aanpassen", [DRIFT2025] Aanbeveling 1; the proeftuinen are diverse, digest §1.4). What the
  diversity does is in :mod:`.learning`.
- Maturity ``n`` grows logistically (digest M6) toward a carrying capacity capped by the regime
  and the open barriers,

      K = k_min + (1 - k_min) (1 - R) (1 - barrier_cap B)
      dn = g (1 + build_up_growth x build_up)(1 + win_attraction W) E e n (1 - n / K)

  with energy ``E``, experimental space ``e`` and embedded small wins ``W`` (attraction, M14);
  above ``K`` it erodes back (``maturity_erosion``); then, without energy, what there is decays
  (``n -= maturity_decay (1 - E) n``, applied after the growth or erosion). The cap ``K(R)`` is
  why build-up alone stalls: while the regime and its barriers stand, the new practice cannot
  outgrow its niche.
- Dual running ``d = n R_s`` (M8, ``R_s`` the structure layer) is computed in
  :func:`regimesim.rules.fallback.dual_running`.
"""

from __future__ import annotations

from regimesim._numba import kernel
from regimesim.lever_columns import L_BUILD_UP
from regimesim.rules._common import clip01, regime_strength


@kernel
def carrying_capacity(p, R: float, barriers: float) -> float:
    """Largest maturity the regime leaves room for."""
    return p.k_min + (1.0 - p.k_min) * (1.0 - R) * (1.0 - p.barrier_cap * barriers)


@kernel
def start_proeftuin(st, p, r: int, t: int, rng) -> None:
    """Region ``r`` becomes an active proeftuin at step ``t``, with its own approach."""
    pt = st.proeftuinen
    pt.active[r] = 1
    pt.approach[r] = 0.5 + p.proeftuin_diversity * (rng.random() - 0.5)
    pt.start[r] = t
    pt.maturity[r] = p.maturity_initial
    pt.energy[r] = p.energy_initial
    granted = 0.0
    n_min = st.ministries.space_granted.shape[0]
    for k in range(n_min):
        granted += st.ministries.space_granted[k] / n_min
    pt.exp_space[r] = granted
    pt.barriers[r] = 1.0
    pt.knowledge[r] = 0.0
    pt.small_wins[r] = 0.0


@kernel
def niche_step(st, p, lev, t: int, rng) -> None:
    """Start scheduled or build-up proeftuinen and grow (or erode) each one's maturity."""
    pt = st.proeftuinen
    build_up = lev[L_BUILD_UP]
    for r in range(pt.active.shape[0]):
        if pt.active[r] == 0:
            scheduled = pt.start[r] >= 0 and t >= pt.start[r]
            spread = pt.start[r] < 0 and build_up > 0.0
            if scheduled or (spread and rng.random() < p.build_up_spread * build_up):
                start_proeftuin(st, p, r, t, rng)
    R = regime_strength(st.regime)
    for r in range(pt.active.shape[0]):
        if pt.active[r] == 0:
            continue
        n = pt.maturity[r]
        K = carrying_capacity(p, R, pt.barriers[r])
        g = p.maturity_growth * (1.0 + p.build_up_growth * build_up)
        g *= (1.0 + p.win_attraction * pt.small_wins[r]) * pt.energy[r] * pt.exp_space[r]
        if n < K:
            n += g * n * (1.0 - n / K)
        else:
            n -= p.maturity_erosion * (n - K)
        n -= p.maturity_decay * (1.0 - pt.energy[r]) * n
        pt.maturity[r] = clip01(n)
