"""M4 -- landscape: forced destabilisation (2015), shocks to pressure and trust, labour market.

Seed: "Met de decentralisatie in 2015 is destabilisatie van het systeem geforceerd", a switch
"van rechtsgelijkheid naar 'ieder het zijne' ofwel maatwerk", yet it "resulteert niet
automatisch [in] regimeverandering" ([DRIFT2025] Destabilisatie); decentralised
youth care brought "lange wachtlijsten, grote geldtekorten" ([Potjer2022]);
wider destabilisation by the "toeslagenaffaire, de wooncrisis ... bestaanszekerheid" ([DRIFT2025]).

The decentralisation pulse lowers the *structure* layer only (digest M4: culture, practice and
professional logics untouched) and cuts municipal budgets by ``decentralisation_budget_cut``;
the lock-in rule (:mod:`.lockin`) then pulls structure back to the other layers (reform
absorption, M3a). Budgets recover slowly (``budget_recovery`` a month: later top-ups) toward
``max(1, budget_cover x costs / base budget)``: the national government funds a share of the cost
growth after the fact, so municipalities keep a deficit while costs escalate ("grote
geldtekorten", [Potjer2022]; the cost escalation itself is :mod:`.optimisation`).
A landscape-pressure pulse adds to pressure; a trust shock lowers every household's trust by
that fraction; the labour-market squeeze is read by :mod:`.professionals`.
"""

from __future__ import annotations

from regimesim._numba import kernel
from regimesim.lever_columns import X_DECENTRALISATION, X_LANDSCAPE, X_TRUST_SHOCK
from regimesim.rules._common import clip01
from regimesim.rules.municipal import national_costs
from regimesim.state import BUDGET_FACTOR, PRESSURE, STRUCTURE


@kernel
def landscape_step(st, p, exo) -> None:
    """Apply this month's exogenous events."""
    reg = st.regime
    dec = exo[X_DECENTRALISATION]
    if dec > 0.0:
        reg[STRUCTURE] = clip01(reg[STRUCTURE] - p.decentralisation_shock * dec)
        reg[BUDGET_FACTOR] *= 1.0 - p.decentralisation_budget_cut * min(dec, 1.0)
    costs, base = national_costs(st)
    target = max(1.0, p.budget_cover * costs / base) if base > 0.0 else 1.0
    reg[BUDGET_FACTOR] += p.budget_recovery * (target - reg[BUDGET_FACTOR])
    reg[PRESSURE] += exo[X_LANDSCAPE]
    shock = exo[X_TRUST_SHOCK]
    if shock > 0.0:
        trust = st.families.trust
        for f in range(trust.shape[0]):
            trust[f] = clip01(trust[f] * (1.0 - shock))
