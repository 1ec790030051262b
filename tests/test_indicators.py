"""Every recorded indicator is the quantity its name says, recomputed from the state it summarises.

A small run with every lever on and proeftuinen from the first month (so that niche, new-route,
proeftuin and learning quantities are not trivially zero) is stepped month by month through the
Mesa driver; after each month the indicator row the kernel recorded is compared with the same
quantities computed here in numpy from the state's arrays (agents' rows, regime vector, this
month's flows), written from the definitions in :data:`regimesim.indicators.INDICATORS`. A second
test asserts that no two indicators are the same series in this run, so that swapping two
columns of the record cannot hide behind equal values.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from regimesim.indicators import NAMES
from regimesim.levers import LEVERS
from regimesim.model import RegimeModel
from regimesim.state import (
    COERCIVE,
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
    NEW,
    OPTIMISATION,
    PRACTICE,
    PRESSURE,
    PROTOCOL,
    SALIENCE,
    STRUCTURE,
    VOLUNTARY,
    WAITING,
    State,
)

PARAMS = {
    "scale": 0.02,
    "start_year": 2021,
    "end_year": 2023,
    "spinup_years": 1,
    "proeftuinen_first_year": 2021,
    "proeftuinen_second_year": 2022,
}
#: every lever on, each at its own intensity
LEVER_VALUES = {name: 0.3 + 0.08 * k for k, name in enumerate(LEVERS)}
MONTHS = 30


def _mean(x: np.ndarray) -> float:
    return float(np.mean(x)) if x.size else 0.0


def _share(num: float, den: float) -> float:
    return num / den if den > 0 else 0.0


def expected_row(st: State, scale: float) -> dict[str, float]:
    """The indicators of ``st`` computed in numpy from the definitions (not from ``agg``)."""
    reg, flow = st.regime, st.flow
    fam, pro, pt, mun, mi = (
        st.families,
        st.professionals,
        st.proeftuinen,
        st.municipalities,
        st.ministries,
    )
    in_help = (fam.status == VOLUNTARY) | (fam.status == COERCIVE)
    active = pro.active == 1
    n_active = int(active.sum())
    pt_on = pt.active == 1
    return {
        "regime_strength": (reg[CULTURE] + reg[STRUCTURE] + reg[PRACTICE]) / 3.0,
        "culture": reg[CULTURE],
        "structure": reg[STRUCTURE],
        "practice": reg[PRACTICE],
        "niche_share": _share(np.sum(in_help & (fam.route == NEW)), np.sum(in_help)),
        "institutionalised_share": reg[INSTITUTIONALISED],
        "pressure": reg[PRESSURE],
        "incidents": flow[F_INCIDENTS],
        "publicised_incidents": flow[F_NEWS],
        "condemning_reports": flow[F_REPORTS],
        "regulatory_responses": flow[F_RESPONSES],
        "coercive_stock": np.sum(fam.status == COERCIVE) / scale,
        "coercive_inflow": flow[F_COERCIVE_IN] / scale,
        "coercive_outflow": flow[F_COERCIVE_OUT] / scale,
        "waiting_list": np.sum(fam.status == WAITING) / scale,
        "voluntary_stock": np.sum(fam.status == VOLUNTARY) / scale,
        "caseload": _mean(pro.caseload[active].astype(float)),
        "workload": _mean(pro.workload[active]),
        "attrition": _share(12.0 * flow[F_EXITS], n_active),
        "vacancy_rate": 1.0 - n_active / pro.active.size,
        "burnout_share": _share(np.sum(pro.burnt_out[active] == 1), n_active),
        "costs": mun.costs.sum() * 12.0 / scale / 1e9,
        "wellbeing": _mean(fam.wellbeing),
        "trust": _mean(fam.trust),
        "experimental_space": _mean(pt.exp_space[pt_on]),
        "innovator_energy": _mean(pt.energy[pt_on]),
        "risk_aversion": _mean(mi.risk_aversion),
        "transformative_capacity": _mean(mi.transformative_capacity),
        "protocol_strictness": reg[PROTOCOL],
        "media_salience": reg[SALIENCE],
        "active_proeftuinen": float(pt_on.sum()),
        "professionals_new_share": _share(np.sum(pro.position[active] > 0.5), n_active),
        "fallback_share": _share(mun.fallbacks.sum(), mun.new_intakes.sum()),
        "dual_running": _mean(pt.dual_running[pt_on]),
        "open_barriers": _mean(pt.barriers[pt_on]),
        "lessons_weighed": flow[F_WEIGHED],
        "small_wins": flow[F_WINS],
        "budget_stress": _mean(mun.budget_stress),
        "commitment": _mean(mi.commitment),
        "unassigned": np.sum(in_help & (fam.professional < 0)) / scale,
        "optimisation": reg[OPTIMISATION],
        # the month's lever intents (as scheduled) and what their holders carried out
        **{f"intended_{name}": st.intended[k] for k, name in enumerate(LEVERS)},
        **{f"realised_{name}": st.realised[k] for k, name in enumerate(LEVERS)},
    }


@pytest.fixture(scope="module")
def stepped():
    """(recorded rows, expected rows) of a short run, month by month."""
    model = RegimeModel(PARAMS, levers=LEVER_VALUES, seed=3)
    scale = model.params.scale
    recorded, expected = [], []
    for _ in range(MONTHS):
        model.step()
        recorded.append(model.out[model.month - 1].copy())
        exp = expected_row(model.state, scale)
        expected.append([exp[name] for name in NAMES])
    return np.array(recorded), np.array(expected, dtype=float)


def test_every_indicator_has_an_independent_definition_here():
    st = RegimeModel(PARAMS, seed=0).state
    assert set(expected_row(st, 1.0)) == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_indicator_is_the_quantity_it_names(stepped, name):
    recorded, expected = stepped
    i = NAMES.index(name)
    np.testing.assert_allclose(recorded[:, i], expected[:, i], rtol=1e-12, atol=1e-12, err_msg=name)


def test_no_two_indicators_are_the_same_series(stepped):
    recorded, _ = stepped
    same = [
        (NAMES[i], NAMES[j])
        for i, j in itertools.combinations(range(len(NAMES)), 2)
        if np.allclose(recorded[:, i], recorded[:, j], rtol=1e-9, atol=1e-12)
    ]
    assert not same, f"indicator series equal in the test run, a swap would go unseen: {same}"


def test_the_run_exercises_the_new_route(stepped):
    """Guard for the two tests above: the quantities that are zero without levers are not."""
    recorded, _ = stepped
    for name in (
        "niche_share",
        "active_proeftuinen",
        "lessons_weighed",
        "small_wins",
        "fallback_share",
        "dual_running",
        "publicised_incidents",
    ):
        assert np.any(recorded[:, NAMES.index(name)] > 0), name


def test_named_columns_are_the_positions_of_their_declarations():
    """``I_<NAME>`` is the column of the indicator ``name``; the lever blocks start at theirs."""
    from regimesim import indicators

    levers = {f"{kind}_{name}" for kind in ("intended", "realised") for name in LEVERS}
    named = {n: getattr(indicators, f"I_{n.upper()}") for n in NAMES if n not in levers}
    assert named == {n: NAMES.index(n) for n in named}
    for k, name in enumerate(LEVERS):
        assert indicators.I_INTENDED + k == NAMES.index(f"intended_{name}")
        assert indicators.I_REALISED + k == NAMES.index(f"realised_{name}")
    constants = {a for a in vars(indicators) if a.startswith("I_")}
    assert constants == {f"I_{n.upper()}" for n in named} | {"I_INTENDED", "I_REALISED"}
    assert all(type(getattr(indicators, a)) is int for a in constants)  # compile-time constants


def test_record_writes_every_named_column_with_its_quantity():
    """The kernel, called directly, writes each column (by its constant) with the quantity it names."""
    from regimesim import indicators

    model = RegimeModel(PARAMS, levers=LEVER_VALUES, seed=3)
    for _ in range(14):
        model.step()
    row = np.full(indicators.N_INDICATORS, np.nan)
    indicators.record(model.state, model.prepared.kernel_params, row)
    assert not np.isnan(row).any(), [NAMES[i] for i in np.flatnonzero(np.isnan(row))]
    exp = expected_row(model.state, model.params.scale)
    for name in NAMES:
        if name.startswith(("intended_", "realised_")):
            kind, lever = name.split("_", 1)
            col = getattr(indicators, f"I_{kind.upper()}") + LEVERS.index(lever)
        else:
            col = getattr(indicators, f"I_{name.upper()}")
        np.testing.assert_allclose(row[col], exp[name], rtol=1e-12, atol=1e-12, err_msg=name)
