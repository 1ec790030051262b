"""M5 -- the optimisation reflex: the regime answers pressure by optimising itself, at rising cost.

Seeds: where the transition gets stuck, "Optimalisatie: Weinig besef bij het Rijk dat de
transitie ook dáár plaats moet vinden" ([DRIFT2025] Waar het vastloopt); under a mandate of
stability "de neiging [is] om met beleid bestaande systemen te optimaliseren", and incremental
steps lead to system change "Alleen als deze stappen voldoende kunnen afwijken van bestaande
uitgangspunten"; optimising without system choices "leidt ... tot grotere maatschappelijke kosten
en ingrijpender maatregelen" ([PBLVU2026] ch. 1); delay leaves "alleen nog oplossingen ... met
hoge kosten en veel verliezers", and doing nothing "óók kosten kent" ([PBLVU2026] ch. 2); the
regime's effects include "groeiende kosten" and "Wachtlijsten, werkdruk en kosten blijven
oplopen ook nu het aantal kinderbeschermingsmaatregelen daalt" ([DRIFT2025] Een hardnekkig
regime).

The optimisation stock ``Z`` (``regime[OPTIMISATION]``, >= 0) is what the regime has added to
itself to cope without changing: extra assessments and second opinions, specialised and intensive
provision bought case by case, temporary staff, reorganisations within the old logic. It is the
cost of a case relative to before the reflex, ``1 + Z`` (:mod:`.census`). Each month

    Z += optimise_rate x P x (1 - choice) x (1 - I_N) - optimise_unwind x (choice + I_N) x Z

with ``P`` the pressure (:mod:`.pressure`), ``I_N`` the institutionalised share and ``choice`` the
system choices realised this month, ``min(1, rebuild + phase-out)`` (the levers that deviate from
the regime's principles, :mod:`.governance`): pressure met without a system choice is optimised
away at a cost that accumulates -- it has no resting level, because each round of optimisation
adds to the last (the digest's cost of delay, M5) -- and only system choices or an anchored new
practice unwind it. The optimising also eats professional time (extra assessments and second
opinions: ``optimise_time x Z`` more time a case, :mod:`.census`), and the escalating bill is a
strain of its own (:mod:`.pressure`), so pressure, workload and waiting keep rising as long as
nothing changes fundamentally (digest §5 fact 4). The rising cost of a case overruns the
municipalities' budgets, which ration intake (:mod:`.municipal`): waiting lists and costs rise
while the number of new cases, and of measures, falls -- the decoupling of stylised fact 5,
emerging rather than scheduled.
"""

from __future__ import annotations

from regimesim._numba import kernel
from regimesim.lever_columns import L_PHASE_OUT, L_REBUILD
from regimesim.state import INSTITUTIONALISED, OPTIMISATION, PRESSURE


@kernel
def optimisation_step(st, p, lev) -> None:
    """Accumulate this month's optimisation, unwind what system choices and the new practice undo."""
    reg = st.regime
    choice = min(1.0, lev[L_REBUILD] + lev[L_PHASE_OUT])
    inst = reg[INSTITUTIONALISED]
    z = reg[OPTIMISATION]
    grow = p.optimise_rate * reg[PRESSURE] * (1.0 - choice) * (1.0 - inst)
    reg[OPTIMISATION] = max(0.0, z + grow - p.optimise_unwind * (choice + inst) * z)
