"""Professionals: workload, stress and burnout, attrition and hiring, peer adoption, transition pain.

Seeds: too much "(tijds)druk" and "te veel individuele aansprakelijkheid"; the tight labour market
as "'roze olifant'" ([Athena2024]); innovators "kunnen bij uitblijvende
fundamentele verandering opbranden" and professionals in the proeftuinen "niet meer terug te
willen (en kunnen)" to the old way ([DRIFT2025] Transitiepijn); when calamities
hit the news professionals revert to defensive practice ([DRIFT2025] Destabilisatie); people follow
others, the oil-spot mechanism of small wins ([Movisie2023] Small wins:
"Olievlek"); uncertainty makes people avoid change, expected benefits and participation raise
adoption ([Movisie2023] Actieonderzoek; digest M15).

Each month, for an occupied post ``j`` in region ``r`` (digest M9, M15):

- stress: ``s += stress_gain max(0, WL - 1) - stress_recovery s + pain + leak + afbouw`` where the
  reorganisation stress ``reorganisation_stress x T`` (``T``: turbulence of the regime's breakdown,
  :mod:`.pressure`) hits everyone while the old order comes apart; the
  transition pain ``pain = transition_pain x tasted x (1 - access_r)`` hits those who practised
  the new way when the room for it closes, and ``leak = innovator_leak x x_j (1 - E_r)`` is the
  energy leaking from innovators in a proeftuin without breakthroughs, and the pain of phase-out
  ``afbouw = phase_out_pain x phase_out x (1 - x_j) R_s`` hits those still working the old way in
  structures that are being dismantled: "Transitiepijn komt ook op in het ter discussie stellen
  van het bestaansrecht en de rol van bepaalde partijen" ([DRIFT2025] Transitiepijn), fading as
  the old structures are gone; burnt out when ``s > burnout_threshold``;
- attrition with hazard ``attrition_base (1 + labour_pull L) + attrition_stress s^2``
  (``L`` the labour-market squeeze); the post is then vacant and refilled each month with
  probability ``hire_rate (1 - L)``; a new hire starts near the old practice, or at the
  institutionalised share if that is higher (schools teach what the system has anchored);
- practice position ``x`` (0 old relay, 1 new ecosystem):

      x += pull (1 - x) - push x
      pull = (adopt_peer x peer + adopt_proeftuin x n_r E_r [in a proeftuin])
             x access_r x exp(-deviation_pressure P)
      peer = (1 - c) x mean peer position + c x f(a_j; theta_j)
      push = (regime_pull x R_practice + reflex_defensive x news response) x (1 - ratchet [tasted])

  so adoption needs room (experimental space or institutions), is contagious among peers and
  is damped by pressure (M1's double effect); the practice layer of the regime and the reflex
  to incidents pull back (lock-in, M3; defensive practice, M2).

Social reinforcement (complex contagion, digest M14's "adoption spreads on the network by a
threshold rule"; stylised fact 25). Letting go of known methods "gaat gepaard met veel
onzekerheid. Veranderingen worden daarom in de praktijk nog vaak vermeden" ([Movisie2023]
Actieonderzoek): one colleague working the new way does not move a professional, several do.
The peer term reads ``a_j``, the share of ``j``'s peer posts (occupied at the start of the
month) whose position is above 0.5, through a smooth threshold: ``f(a) = (sigma(k (a - theta))
- sigma(-k theta)) / (sigma(k (1 - theta)) - sigma(-k theta))`` with ``k = adopt_slope`` (the
logistic rescaled to run from 0 at no adopting peer to 1 when all adopt; ``k = 0`` gives ``a``
itself). ``c = adopt_reinforcement`` weighs it against the linear pull by the peers' mean
position (``c = 0`` is the linear oil spot). A minority below the threshold cannot hold the
newcomers, above it the practice spreads: periods of "stagnatie en versnelling" ([DRIFT2025]
Aanbeveling 1: "Transities verlopen niet lineair"). The threshold is lowered by participation,
``theta_j = adopt_threshold (1 - participation_threshold [in a proeftuin])``: "Doordat
professionals en andere betrokkenen deel uitmaken van het onderzoek ... zijn zij eerder geneigd
een innovatie over te nemen" and "Teams waar de onderzoeksvraag echt vanuit het hele team kwam,
waren gelijk enthousiast" ([Movisie2023] Actieonderzoek; digest M15, fact 20). Of the
participation-like quantities of the model this is proeftuin membership: the proeftuinen are
where professionals' teams take part in the programme's action research ("In de proeftuin:
Opdrachten op basis van strategische leeragenda", [DRIFT2025] Aanbeveling 3), whereas the
ministries' participation (``A_PARTICIPATION``, :mod:`.learning`) is that of policy makers
("actieonderzoek ... wordt hier beperkt aan deelgenomen door de departementen zelf",
[DRIFT2025] Aanbeveling 4) and the learning-infrastructure lever acts through them.

Exit rather than revert (stylised fact 27). Professionals in the proeftuinen "geven aan niet meer
terug te willen (en kunnen) naar de eerdere manier van werken" ([DRIFT2025] Transitiepijn): the
ratchet shields those who tasted the new way from both the regime's pull and the reflex, so they
hardly drift back; when the room for the new practice closes they build stress (the transition
pain) and leave through the attrition hazard instead. Their posts are refilled with new hires near
the old practice, who meet too few adopting peers to cross the threshold: a minority that cannot
hold its ground falls back by exit and replacement, not by reverting.
"""

from __future__ import annotations

import math

from regimesim._numba import agent_kernel, kernel
from regimesim.lever_columns import L_DIALOGUE, L_PHASE_OUT, X_LABOUR
from regimesim.rules._common import clip01, logistic
from regimesim.rules.risk_reflex import reflex_response
from regimesim.state import (
    A_TC,
    A_TURBULENCE,
    F_EXITS,
    F_HIRES,
    F_NEWS,
    INSTITUTIONALISED,
    PRACTICE,
    PRESSURE,
    STRUCTURE,
)


@agent_kernel
def peers(pro, j: int, occupied):
    """(mean practice position, share with position above 0.5) of post ``j``'s peer posts (of
    the professionals ``pro``) that were ``occupied`` at the start of the month; its own position
    (and 0 or 1) if none were."""
    total = 0.0
    adopting = 0
    n = 0
    for k in range(pro.ties.shape[1]):
        q = pro.ties[j, k]
        if q >= 0 and occupied[q] == 1:
            total += pro.position[q]
            n += 1
            if pro.position[q] > 0.5:
                adopting += 1
    if n == 0:
        x = pro.position[j]
        return x, 1.0 if x > 0.5 else 0.0
    return total / n, adopting / n


@agent_kernel
def threshold_bounds(threshold: float, slope: float) -> tuple[float, float]:
    """The logistic's values at share 0 and share 1, which :func:`threshold_response` rescales by
    (computed once a month for each threshold rather than once a post)."""
    return logistic(-slope * threshold), logistic(slope * (1.0 - threshold))


@agent_kernel
def threshold_response_within(share: float, threshold: float, slope: float, lo: float, hi: float) -> float:
    """:func:`threshold_response` with its :func:`threshold_bounds` ``lo`` and ``hi`` given."""
    if slope <= 0.0:
        return share
    return clip01((logistic(slope * (share - threshold)) - lo) / (hi - lo))


@kernel
def threshold_response(share: float, threshold: float, slope: float) -> float:
    """Smooth threshold of the adopting ``share``: the logistic ``sigma(slope (share -
    threshold))`` rescaled to run from 0 at share 0 to 1 at share 1 (the share itself if
    ``slope`` is 0, the limit of the rescaled logistic)."""
    lo, hi = threshold_bounds(threshold, slope)
    return threshold_response_within(share, threshold, slope, lo, hi)


@agent_kernel
def adoption_thresholds(p):
    """The adoption threshold outside a proeftuin and inside one (lowered by participation in its
    action research, [Movisie2023] Actieonderzoek), each with its :func:`threshold_bounds`:
    ``((threshold, lo, hi) outside, (threshold, lo, hi) inside)``, once a month."""
    threshold_out = p.adopt_threshold
    threshold_in = p.adopt_threshold * (1.0 - p.participation_threshold * 1.0)
    lo_out, hi_out = threshold_bounds(threshold_out, p.adopt_slope)
    lo_in, hi_in = threshold_bounds(threshold_in, p.adopt_slope)
    return (threshold_out, lo_out, hi_out), (threshold_in, lo_in, hi_in)


@agent_kernel
def defensive_push(st, p, lev) -> float:
    """This month's push back to defensive practice: ``reflex_defensive`` times the reflex to the
    month's news (when calamities hit the news, [DRIFT2025] Destabilisatie), damped by societal
    dialogue."""
    defensive = p.reflex_defensive * reflex_response(p, st.flow[F_NEWS], 0.0, st.agg[A_TC])
    defensive *= 1.0 - p.dialogue_damping * lev[L_DIALOGUE]
    return defensive


@agent_kernel
def hire(pro, p, j: int, x0: float, new_pos) -> None:
    """Vacant post ``j`` of the professionals ``pro`` is filled by a new hire at practice position
    ``x0`` (its entry in ``new_pos``, the month's synchronous update), with the new-hire stress."""
    pro.active[j] = 1
    pro.vacancy[j] = 0
    new_pos[j] = x0
    pro.stress[j] = p.newhire_stress
    pro.tasted_new[j] = 1 if new_pos[j] > 0.5 else 0
    pro.burnt_out[j] = 0


@agent_kernel
def stress_after(
    p,
    s: float,
    workload: float,
    tasted: int,
    access: float,
    x: float,
    in_pt: bool,
    energy: float,
    month: tuple[float, float, float],
) -> float:
    """A post's stress ``s`` one month on (the module docstring gives the terms): overload and
    recovery, the transition pain of those who ``tasted`` the new way as the room for it closes
    ([DRIFT2025] Transitiepijn), reorganisation, the pain of phase-out for those still working the
    old way, and the energy leaking from innovators in a proeftuin; kept in [0, 1]. ``month``: the
    month's (turbulence, phase-out intensity, structure layer of the regime)."""
    turbulence, phase_out, structure = month
    s += p.stress_gain * max(0.0, workload - 1.0) - p.stress_recovery * s
    s += p.transition_pain * tasted * (1.0 - access)
    s += p.reorganisation_stress * turbulence
    s += p.phase_out_pain * phase_out * (1.0 - x) * structure
    if in_pt:
        s += p.innovator_leak * x * (1.0 - energy)
    return clip01(s)


@agent_kernel
def position_after(
    p,
    x: float,
    mean_position: float,
    reinforced: float,
    in_pt: bool,
    maturity: float,
    energy: float,
    room: float,
    push: float,
    tasted: int,
) -> float:
    """A post's practice position ``x`` one month on: the pull of its peers (the linear oil spot
    by their ``mean_position`` and the ``reinforced`` threshold response, [Movisie2023] Small wins:
    "Olievlek"; Actieonderzoek) and of a proeftuin, times the ``room`` (access times willingness),
    against the ``push`` of the regime and the reflex, which the ratchet shields those who
    ``tasted`` the new way from ([DRIFT2025] Transitiepijn)."""
    peer = (1.0 - p.adopt_reinforcement) * mean_position
    pull = p.adopt_peer * (peer + p.adopt_reinforcement * reinforced)
    if in_pt:
        pull += p.adopt_proeftuin * maturity * energy
    pull *= room
    push *= 1.0 - p.ratchet * tasted
    return clip01(x + pull * (1.0 - x) - clip01(push) * x)


@kernel
def professionals_step(st, p, lev, exo, rng) -> None:
    """One month for every post: stress, attrition or hiring, and practice position."""
    pro = st.professionals
    pt = st.proeftuinen
    reg = st.regime
    labour = exo[X_LABOUR]
    inst = reg[INSTITUTIONALISED]
    willingness = math.exp(-p.deviation_pressure * reg[PRESSURE])
    push = p.regime_pull * reg[PRACTICE] + defensive_push(st, p, lev)
    month = (st.agg[A_TURBULENCE], lev[L_PHASE_OUT], reg[STRUCTURE])  # turbulence, phase-out, structure
    outside, inside = adoption_thresholds(p)
    # positions are updated from last month's positions (synchronous update: row order is moot)
    new_pos = pro.position.copy()
    occupied = pro.active.copy()  # peers as they were at the start of the month
    for j in range(pro.active.shape[0]):
        r = pro.region[j]
        if pro.active[j] == 0:
            pro.vacancy[j] += 1
            if rng.random() < p.hire_rate * (1.0 - labour):
                hire(pro, p, j, max(p.newhire_position * rng.random(), inst), new_pos)
                st.flow[F_HIRES] += 1.0
            continue
        in_pt = pt.active[r] == 1
        access = st.regions.access[r]
        energy = pt.energy[r] if in_pt else 1.0
        x = pro.position[j]
        s = stress_after(
            p, pro.stress[j], pro.workload[j], pro.tasted_new[j], access, x, in_pt, energy, month
        )
        pro.stress[j] = s
        pro.burnt_out[j] = 1 if s > p.burnout_threshold else 0
        if rng.random() < p.attrition_base * (1.0 + p.labour_pull * labour) + p.attrition_stress * s * s:
            pro.active[j] = 0
            pro.vacancy[j] = 0
            st.flow[F_EXITS] += 1.0
            continue
        # complex contagion: the share of adopting peers against a threshold that taking part
        # in the proeftuin's action research lowers
        mean_position, share = peers(pro, j, occupied)
        threshold, lo, hi = inside if in_pt else outside
        reinforced = threshold_response_within(share, threshold, p.adopt_slope, lo, hi)
        room = access * willingness
        x = position_after(
            p, x, mean_position, reinforced, in_pt, pt.maturity[r], energy, room, push, pro.tasted_new[j]
        )
        new_pos[j] = x
        if x > 0.5:
            pro.tasted_new[j] = 1
    for j in range(pro.active.shape[0]):
        pro.position[j] = new_pos[j]
        pro.in_proeftuin[j] = pt.active[pro.region[j]]
