"""M14 -- small wins and their spreading mechanisms.

Seed: "kleine betekenisvolle veranderingen" that move people "sneller ... van praten naar
handelen", with six "Aanjaagmechanismen": energising ("commitment, optimisme en vertrouwen"),
experimenting, attraction ("Winst trekt aan ... mensen en middelen"), oil-spot imitation,
connection and robustness (small wins "blijven vaak lange tijd onopgemerkt" and are by then "al
zo ver ingebed") ([Movisie2023] Small wins, after [Termeer2019]).

Wins arrive in an active proeftuin as ``Poisson(win_rate x n x E x e)`` a month (digest M14).
Each win raises energy by ``win_energy (1 - E)`` (energising) and adds ``win_knowledge`` lessons
(experimenting, connection); the stock of embedded wins ``W`` decays slowly (``win_decay``) and
speeds up maturity growth (attraction, :mod:`.niche`). Oil-spot imitation is the peer pull in
:mod:`.professionals`; robustness is the slow decay of ``W``.
"""

from __future__ import annotations

from regimesim._numba import kernel
from regimesim.state import F_WINS


@kernel
def small_wins_step(st, p, rng) -> None:
    """Draw each active proeftuin's small wins and apply their energising effect."""
    pt = st.proeftuinen
    for r in range(pt.active.shape[0]):
        if pt.active[r] == 0:
            continue
        rate = p.win_rate * pt.maturity[r] * pt.energy[r] * pt.exp_space[r]
        wins = float(rng.poisson(rate)) if rate > 0.0 else 0.0
        st.flow[F_WINS] += wins
        pt.small_wins[r] = (pt.small_wins[r] + wins) * (1.0 - p.win_decay)
        # each win in turn raises energy by win_energy (1 - E): compounded over the month's wins
        pt.energy[r] = 1.0 - (1.0 - pt.energy[r]) * (1.0 - p.win_energy) ** wins
        pt.knowledge[r] += p.win_knowledge * wins
