"""The indicators recorded every step: one row of the trajectory table.

Counts are reported at the Dutch scale (simulated count / ``scale``) so that runs at any scale
compare with each other and with the CBS figures in ``data/``. The list is the issue's
(regime and its layers, niche and institutionalised share, pressure, incidents, coercive
measures, waiting list, caseload, workload, attrition, costs, wellbeing, trust, experimental
space, innovator energy) plus the state of the mechanisms behind them.
"""

from __future__ import annotations

from typing import NamedTuple

from regimesim._numba import kernel
from regimesim.levers import LEVERS, N_LEVERS
from regimesim.rules._common import regime_strength
from regimesim.state import (
    A_BARRIERS,
    A_BUDGET_STRESS,
    A_CASELOAD,
    A_COSTS,
    A_DUAL,
    A_ENERGY,
    A_FALLBACK_SHARE,
    A_N_ACTIVE,
    A_N_ACTIVE_PT,
    A_N_BURNT,
    A_N_COERCIVE,
    A_N_UNASSIGNED,
    A_N_VOLUNTARY,
    A_N_WAITING,
    A_NICHE,
    A_PROS_NEW,
    A_RISK,
    A_SPACE,
    A_TC,
    A_TRUST,
    A_WELLBEING,
    A_WORKLOAD,
    CULTURE,
    F_COERCIVE_IN,
    F_COERCIVE_OUT,
    F_EXITS,
    F_INCIDENTS,
    F_NEWS,
    F_REPORTS,
    F_RESPONSES,
    F_WEIGHED,
    F_WINS,
    INSTITUTIONALISED,
    OPTIMISATION,
    PRACTICE,
    PRESSURE,
    PROTOCOL,
    SALIENCE,
    STRUCTURE,
)


class Indicator(NamedTuple):
    name: str
    unit: str
    meaning: str


INDICATORS: tuple[Indicator, ...] = (
    Indicator("regime_strength", "0-1", "mean of the culture, structure and practice layers"),
    Indicator("culture", "0-1", "regime culture layer (beliefs, values, paradigm)"),
    Indicator("structure", "0-1", "regime structure layer (organisations, laws, financing)"),
    Indicator("practice", "0-1", "regime practice layer (routines, protocols, behaviour)"),
    Indicator("niche_share", "0-1", "share of families in help helped the new way"),
    Indicator("institutionalised_share", "0-1", "share of the new practice anchored in rules"),
    Indicator("pressure", "index", "pressure on the regime (about 1 in the 2010s)"),
    Indicator("incidents", "per month", "serious incidents, national"),
    Indicator("publicised_incidents", "per month", "incidents that reached the news"),
    Indicator(
        "condemning_reports", "per month", "inspectorate, ombudsman and review reports condemning the system"
    ),
    Indicator(
        "regulatory_responses",
        "per month",
        "ministries' regulatory responses to publicised incidents and reports",
    ),
    Indicator("coercive_stock", "families", "families under a coercive measure, national"),
    Indicator("coercive_inflow", "per month", "new coercive measures, national"),
    Indicator("coercive_outflow", "per month", "ended coercive measures, national"),
    Indicator("waiting_list", "families", "families waiting for help, national"),
    Indicator("voluntary_stock", "families", "families in voluntary help, national"),
    Indicator("caseload", "cases/post", "mean cases per occupied post"),
    Indicator("workload", "ratio", "mean workload of occupied posts (1 = sustainable)"),
    Indicator("attrition", "per year", "annualised share of professionals leaving"),
    Indicator("vacancy_rate", "0-1", "share of posts vacant"),
    Indicator("burnout_share", "0-1", "share of occupied posts whose holder is burnt out"),
    Indicator("costs", "bn EUR/year", "annualised cost of families' help, national"),
    Indicator("wellbeing", "0-1", "mean wellbeing of households facing unsafety"),
    Indicator("trust", "0-1", "mean trust in government of those households"),
    Indicator("experimental_space", "0-1", "mean experimental space of active proeftuinen"),
    Indicator("innovator_energy", "0-1", "mean innovator energy of active proeftuinen"),
    Indicator("risk_aversion", "0-1", "mean risk aversion of the ministries"),
    Indicator("transformative_capacity", "0-1", "mean transformative capacity of the ministries"),
    Indicator("protocol_strictness", "0-1", "strictness of protocols (stacked after incidents)"),
    Indicator("media_salience", "index", "media attention to child protection"),
    Indicator("active_proeftuinen", "count", "active proeftuinen"),
    Indicator("professionals_new_share", "0-1", "share of occupied posts practising the new way"),
    Indicator("fallback_share", "0-1", "share of new-route intakes sent back to the old route"),
    Indicator("dual_running", "0-1", "mean dual-running effort of active proeftuinen"),
    Indicator("open_barriers", "0-1", "mean open institutional barriers of active proeftuinen"),
    Indicator("lessons_weighed", "lessons/month", "lessons weighed by the ministries"),
    Indicator("small_wins", "per month", "small wins in the proeftuinen"),
    Indicator("budget_stress", "ratio", "mean municipal overspend (0 = on budget)"),
    Indicator("commitment", "0-1", "mean share of the programme's intents the ministries carry out"),
    Indicator("unassigned", "households", "families in help without an assigned worker, national"),
    Indicator(
        "optimisation",
        "ratio",
        "optimisation stock: a case's cost relative to before the optimisation reflex, minus 1",
    ),
    *(
        Indicator(f"intended_{name}", "0-1", f"{name} lever: intensity as scheduled (the intent)")
        for name in LEVERS
    ),
    *(
        Indicator(
            f"realised_{name}",
            "0-1",
            f"{name} lever: intensity carried out by its holders (ministries or municipalities)",
        )
        for name in LEVERS
    ),
)
NAMES: tuple[str, ...] = tuple(i.name for i in INDICATORS)
N_INDICATORS = len(INDICATORS)


@kernel
def record(st, p, row) -> None:
    """Write this step's indicators into ``row`` (length :data:`N_INDICATORS`), in order."""
    reg, agg, flow = st.regime, st.agg, st.flow
    s = p.scale
    n_active = agg[A_N_ACTIVE]
    n_posts = st.professionals.active.shape[0]
    row[0] = regime_strength(reg)
    row[1] = reg[CULTURE]
    row[2] = reg[STRUCTURE]
    row[3] = reg[PRACTICE]
    row[4] = agg[A_NICHE]
    row[5] = reg[INSTITUTIONALISED]
    row[6] = reg[PRESSURE]
    row[7] = flow[F_INCIDENTS]
    row[8] = flow[F_NEWS]
    row[9] = flow[F_REPORTS]
    row[10] = flow[F_RESPONSES]
    row[11] = agg[A_N_COERCIVE] / s
    row[12] = flow[F_COERCIVE_IN] / s
    row[13] = flow[F_COERCIVE_OUT] / s
    row[14] = agg[A_N_WAITING] / s
    row[15] = agg[A_N_VOLUNTARY] / s
    row[16] = agg[A_CASELOAD]
    row[17] = agg[A_WORKLOAD]
    row[18] = 12.0 * flow[F_EXITS] / n_active if n_active > 0 else 0.0
    row[19] = 1.0 - n_active / n_posts if n_posts > 0 else 0.0
    row[20] = agg[A_N_BURNT] / n_active if n_active > 0 else 0.0
    row[21] = agg[A_COSTS] * 12.0 / s / 1e9
    row[22] = agg[A_WELLBEING]
    row[23] = agg[A_TRUST]
    row[24] = agg[A_SPACE]
    row[25] = agg[A_ENERGY]
    row[26] = agg[A_RISK]
    row[27] = agg[A_TC]
    row[28] = reg[PROTOCOL]
    row[29] = reg[SALIENCE]
    row[30] = agg[A_N_ACTIVE_PT]
    row[31] = agg[A_PROS_NEW]
    row[32] = agg[A_FALLBACK_SHARE]
    row[33] = agg[A_DUAL]
    row[34] = agg[A_BARRIERS]
    row[35] = flow[F_WEIGHED]
    row[36] = flow[F_WINS]
    row[37] = agg[A_BUDGET_STRESS]
    n_min = st.ministries.commitment.shape[0]
    row[38] = st.ministries.commitment.sum() / n_min if n_min > 0 else 0.0
    row[39] = agg[A_N_UNASSIGNED] / s
    row[40] = reg[OPTIMISATION]
    for k in range(N_LEVERS):
        row[41 + k] = st.intended[k]
        row[41 + N_LEVERS + k] = st.realised[k]
