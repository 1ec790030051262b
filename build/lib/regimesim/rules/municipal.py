"""Municipalities: budget stress, rationed local-team capacity, fallback use.

Seed: since 2015 municipalities carry "maatwerk" ([DRIFT2025]); decentralised
youth care brought "lange wachtlijsten, grote geldtekorten" ([Potjer2022]);
frameworks pile up on "één lokale overheid" ([PBLVU2026] ch. 4); the old system
is used as "terugvaloptie" ([DRIFT2025] Spagaat).

Each month: budget stress is ``max(0, costs / (budget x budget factor) - 1)``; a municipality
over budget rations intake into help, ``team_capacity = 1 / (1 + rationing x stress)`` (a
hyperbolic form: full capacity on budget, halved at stress ``1 / rationing``); its fallback use
is the exponentially smoothed share of new-route intakes sent back to the old route.
"""

from __future__ import annotations

from regimesim._numba import kernel
from regimesim.state import BUDGET_FACTOR


@kernel
def municipal_step(st, p) -> None:
    """Budget stress, local-team capacity and fallback use of every municipality."""
    mun = st.municipalities
    factor = st.regime[BUDGET_FACTOR]
    for m in range(mun.region.shape[0]):
        budget = mun.budget[m] * factor
        stress = mun.costs[m] / budget - 1.0 if budget > 0.0 else 0.0
        mun.budget_stress[m] = max(0.0, stress)
        mun.team_capacity[m] = 1.0 / (1.0 + p.rationing * mun.budget_stress[m])
        mun.in_proeftuin[m] = st.proeftuinen.active[mun.region[m]]
        if mun.new_intakes[m] > 0:
            share = mun.fallbacks[m] / mun.new_intakes[m]
            mun.fallback_use[m] += p.fallback_smoothing * (share - mun.fallback_use[m])


@kernel
def national_costs(st):
    """(sum of the municipalities' monthly costs, sum of their base budgets before the budget
    factor): the national figures that budget top-ups and the strain of overspending read."""
    mun = st.municipalities
    costs = 0.0
    base = 0.0
    for m in range(mun.costs.shape[0]):
        costs += mun.costs[m]
        base += mun.budget[m]
    return costs, base
