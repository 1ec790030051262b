"""Every lever reaches its own column of the prepared lever array, and the kernels read it.

:func:`regimesim.engine.prepare` builds the ``(spin-up + months) x N_LEVERS`` array the kernels
index with the ``L_*`` constants. For each lever: a schedule with a value no other column has
lands in exactly that lever's column in exactly the scheduled months (and nowhere in the
spin-up), while the other levers keep the constants given as parameters; and a short compiled
run with the lever on differs from the same run (same seed) with it off.
"""

from __future__ import annotations

import numpy as np
import pytest

from regimesim.engine import prepare, simulate
from regimesim.levers import LEVERS, N_LEVERS, Schedule, Segment
from regimesim.state import states_equal

PARAMS = {
    "scale": 0.02,
    "start_year": 2021,
    "end_year": 2022,
    "spinup_years": 1,
    "proeftuinen_first_year": 2021,
    "proeftuinen_second_year": 2021,
}
#: every other lever at a constant of its own (as parameters), so that a column mix-up shows
CONSTANTS = {name: round(0.05 + 0.1 * k, 2) for k, name in enumerate(LEVERS)}
DISTINCT = 0.97  # not among CONSTANTS
FROM, UNTIL = 2021 + 5 / 12, 2022 + 2 / 12  # June 2021 to February 2022 (exclusive)


@pytest.mark.parametrize("lever", LEVERS)
def test_schedule_lands_in_its_own_column_at_the_right_months(lever):
    schedule = Schedule(base=0.0, segments=(Segment(FROM, DISTINCT, end=UNTIL),))
    prep = prepare({**PARAMS, **CONSTANTS}, levers={lever: schedule}, seed=1)
    lev = prep.levers
    assert lev.shape == (prep.spinup + prep.timeline.n_steps, N_LEVERS)
    assert np.all(lev[: prep.spinup] == 0.0), "levers must be off during the spin-up"
    months = lev[prep.spinup :]
    col = LEVERS.index(lever)
    expected = np.zeros(prep.timeline.n_steps)
    expected[5:14] = DISTINCT  # months 5..13 after January 2021
    np.testing.assert_array_equal(months[:, col], expected, err_msg=lever)
    for other, value in CONSTANTS.items():
        if other != lever:
            np.testing.assert_array_equal(months[:, LEVERS.index(other)], value, err_msg=other)


def _final_state(levers):
    return simulate(PARAMS, levers=levers, events=[], seed=4).state


@pytest.fixture(scope="module")
def off_state():
    return _final_state({})


@pytest.mark.parametrize("lever", LEVERS)
def test_kernels_read_every_lever_column(lever, off_state):
    on = _final_state({lever: 1.0})
    assert not states_equal(on, off_state), f"lever {lever!r} at 1.0 changed nothing in the run"


def test_kernel_column_constants_follow_the_lever_order():
    from regimesim import lever_columns as lc

    constants = {
        "build_up": lc.L_BUILD_UP,
        "phase_out": lc.L_PHASE_OUT,
        "rebuild": lc.L_REBUILD,
        "build_on": lc.L_BUILD_ON,
        "learning_infrastructure": lc.L_LEARNING,
        "space_guarantee": lc.L_GUARANTEE,
        "societal_dialogue": lc.L_DIALOGUE,
    }
    assert set(constants) == set(LEVERS)
    for name, col in constants.items():
        assert col == LEVERS.index(name), name


def test_column_constants_are_looked_up_in_the_declarations():
    """Every ``L_*`` / ``X_*`` is its lever's / event's position; levers re-exports the same names."""
    from regimesim import lever_columns, levers
    from regimesim.parameters import PARAMETERS

    assert tuple(p.name for p in PARAMETERS if p.kind == "lever") == lever_columns.LEVERS
    assert tuple(lever_columns.EVENT_MEANINGS) == lever_columns.EXOGENOUS
    events = {
        "X_DECENTRALISATION": "decentralisation",
        "X_FORCED_INCIDENTS": "publicised_incidents",
        "X_LANDSCAPE": "landscape_pressure",
        "X_TRUST_SHOCK": "trust_shock",
        "X_LABOUR": "labour_shortage",
        "X_SEVERE_INCIDENT": "severe_incident",
    }
    assert {a for a in vars(lever_columns) if a.startswith("X_")} == set(events)
    assert set(events.values()) == set(lever_columns.EXOGENOUS)
    for constant, name in events.items():
        assert getattr(lever_columns, constant) == lever_columns.EXOGENOUS.index(name), constant
    columns = [a for a in vars(lever_columns) if a.startswith(("L_", "X_", "N_"))]
    assert len(columns) == 7 + 6 + 2
    for name in columns:
        assert type(getattr(lever_columns, name)) is int, name
    # levers re-exports the declarations' order; the column constants live in lever_columns only
    for name in ["N_LEVERS", "N_EXO", "LEVERS", "EXOGENOUS", "EVENT_MEANINGS"]:
        assert getattr(levers, name) is getattr(lever_columns, name), name


def test_holders_and_justice_shares_come_from_the_lever_declarations():
    from regimesim.lever_columns import LEVER_DECLARATIONS, LEVERS
    from regimesim.rules.governance import JUSTICE_SHARE

    holders = {p.name: p.holder for p in LEVER_DECLARATIONS}
    assert holders == {name: "municipalities" if name == "build_up" else "ministries" for name in LEVERS}
    assert JUSTICE_SHARE.dtype == np.float64
    np.testing.assert_array_equal(JUSTICE_SHARE, [0.0, 0.7, 0.5, 0.5, 0.5, 0.5, 0.5])


def test_the_kernels_load_without_pandas():
    """``import regimesim.step`` (every rule and the record kernel) does not import pandas."""
    import subprocess
    import sys

    code = "import sys, regimesim.step; print(sorted(m for m in sys.modules if m.split('.')[0] == 'pandas'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout
