"""The indicators recorded every step: one row of the trajectory table.

Counts are reported at the Dutch scale (simulated count / ``scale``) so that runs at any scale
compare with each other and with the CBS figures in ``data/``. The list is the issue's
(regime and its layers, niche and institutionalised share, pressure, incidents, coercive
measures, waiting list, caseload, workload, attrition, costs, wellbeing, trust, experimental
space, innovator energy) plus the state of the mechanisms behind them.

The indicators are declared once, in :data:`INDICATORS`; the kernel :func:`record` writes each
into its column by a named constant (``I_`` and the name in capitals, looked up by
:func:`column`), so declaring an indicator anywhere in the list renumbers nothing by hand.
"""

from __future__ import annotations

from typing import NamedTuple

from regimesim._numba import kernel
from regimesim.lever_columns import LEVERS, N_LEVERS
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


def column(name: str, declared: tuple[Indicator, ...] = INDICATORS) -> int:
    """Position of the indicator ``name`` in ``declared`` (its column in the table)."""
    for k, indicator in enumerate(declared):
        if indicator.name == name:
            return k
    raise KeyError(f"no indicator {name!r} is declared")


# Columns of the national table, by name (``I_`` + the indicator's name in capitals): the kernel
# writes each by its name, so declaring an indicator anywhere in INDICATORS renumbers nothing.
I_REGIME_STRENGTH = column("regime_strength")
I_CULTURE = column("culture")
I_STRUCTURE = column("structure")
I_PRACTICE = column("practice")
I_NICHE_SHARE = column("niche_share")
I_INSTITUTIONALISED_SHARE = column("institutionalised_share")
I_PRESSURE = column("pressure")
I_INCIDENTS = column("incidents")
I_PUBLICISED_INCIDENTS = column("publicised_incidents")
I_CONDEMNING_REPORTS = column("condemning_reports")
I_REGULATORY_RESPONSES = column("regulatory_responses")
I_COERCIVE_STOCK = column("coercive_stock")
I_COERCIVE_INFLOW = column("coercive_inflow")
I_COERCIVE_OUTFLOW = column("coercive_outflow")
I_WAITING_LIST = column("waiting_list")
I_VOLUNTARY_STOCK = column("voluntary_stock")
I_CASELOAD = column("caseload")
I_WORKLOAD = column("workload")
I_ATTRITION = column("attrition")
I_VACANCY_RATE = column("vacancy_rate")
I_BURNOUT_SHARE = column("burnout_share")
I_COSTS = column("costs")
I_WELLBEING = column("wellbeing")
I_TRUST = column("trust")
I_EXPERIMENTAL_SPACE = column("experimental_space")
I_INNOVATOR_ENERGY = column("innovator_energy")
I_RISK_AVERSION = column("risk_aversion")
I_TRANSFORMATIVE_CAPACITY = column("transformative_capacity")
I_PROTOCOL_STRICTNESS = column("protocol_strictness")
I_MEDIA_SALIENCE = column("media_salience")
I_ACTIVE_PROEFTUINEN = column("active_proeftuinen")
I_PROFESSIONALS_NEW_SHARE = column("professionals_new_share")
I_FALLBACK_SHARE = column("fallback_share")
I_DUAL_RUNNING = column("dual_running")
I_OPEN_BARRIERS = column("open_barriers")
I_LESSONS_WEIGHED = column("lessons_weighed")
I_SMALL_WINS = column("small_wins")
I_BUDGET_STRESS = column("budget_stress")
I_COMMITMENT = column("commitment")
I_UNASSIGNED = column("unassigned")
I_OPTIMISATION = column("optimisation")
#: First of the N_LEVERS columns ``intended_<lever>`` (in LEVERS order), and of ``realised_<lever>``.
I_INTENDED = column(f"intended_{LEVERS[0]}")
I_REALISED = column(f"realised_{LEVERS[0]}")


@kernel
def record(st, p, row) -> None:
    """Write this step's indicators into ``row`` (length :data:`N_INDICATORS`), each in its column."""
    reg, agg, flow = st.regime, st.agg, st.flow
    s = p.scale
    n_active = agg[A_N_ACTIVE]
    n_posts = st.professionals.active.shape[0]
    row[I_REGIME_STRENGTH] = regime_strength(reg)
    row[I_CULTURE] = reg[CULTURE]
    row[I_STRUCTURE] = reg[STRUCTURE]
    row[I_PRACTICE] = reg[PRACTICE]
    row[I_NICHE_SHARE] = agg[A_NICHE]
    row[I_INSTITUTIONALISED_SHARE] = reg[INSTITUTIONALISED]
    row[I_PRESSURE] = reg[PRESSURE]
    row[I_INCIDENTS] = flow[F_INCIDENTS]
    row[I_PUBLICISED_INCIDENTS] = flow[F_NEWS]
    row[I_CONDEMNING_REPORTS] = flow[F_REPORTS]
    row[I_REGULATORY_RESPONSES] = flow[F_RESPONSES]
    row[I_COERCIVE_STOCK] = agg[A_N_COERCIVE] / s
    row[I_COERCIVE_INFLOW] = flow[F_COERCIVE_IN] / s
    row[I_COERCIVE_OUTFLOW] = flow[F_COERCIVE_OUT] / s
    row[I_WAITING_LIST] = agg[A_N_WAITING] / s
    row[I_VOLUNTARY_STOCK] = agg[A_N_VOLUNTARY] / s
    row[I_CASELOAD] = agg[A_CASELOAD]
    row[I_WORKLOAD] = agg[A_WORKLOAD]
    row[I_ATTRITION] = 12.0 * flow[F_EXITS] / n_active if n_active > 0 else 0.0
    row[I_VACANCY_RATE] = 1.0 - n_active / n_posts if n_posts > 0 else 0.0
    row[I_BURNOUT_SHARE] = agg[A_N_BURNT] / n_active if n_active > 0 else 0.0
    row[I_COSTS] = agg[A_COSTS] * 12.0 / s / 1e9
    row[I_WELLBEING] = agg[A_WELLBEING]
    row[I_TRUST] = agg[A_TRUST]
    row[I_EXPERIMENTAL_SPACE] = agg[A_SPACE]
    row[I_INNOVATOR_ENERGY] = agg[A_ENERGY]
    row[I_RISK_AVERSION] = agg[A_RISK]
    row[I_TRANSFORMATIVE_CAPACITY] = agg[A_TC]
    row[I_PROTOCOL_STRICTNESS] = reg[PROTOCOL]
    row[I_MEDIA_SALIENCE] = reg[SALIENCE]
    row[I_ACTIVE_PROEFTUINEN] = agg[A_N_ACTIVE_PT]
    row[I_PROFESSIONALS_NEW_SHARE] = agg[A_PROS_NEW]
    row[I_FALLBACK_SHARE] = agg[A_FALLBACK_SHARE]
    row[I_DUAL_RUNNING] = agg[A_DUAL]
    row[I_OPEN_BARRIERS] = agg[A_BARRIERS]
    row[I_LESSONS_WEIGHED] = flow[F_WEIGHED]
    row[I_SMALL_WINS] = flow[F_WINS]
    row[I_BUDGET_STRESS] = agg[A_BUDGET_STRESS]
    n_min = st.ministries.commitment.shape[0]
    row[I_COMMITMENT] = st.ministries.commitment.sum() / n_min if n_min > 0 else 0.0
    row[I_UNASSIGNED] = agg[A_N_UNASSIGNED] / s
    row[I_OPTIMISATION] = reg[OPTIMISATION]
    for k in range(N_LEVERS):
        row[I_INTENDED + k] = st.intended[k]
        row[I_REALISED + k] = st.realised[k]
