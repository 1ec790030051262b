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
    from regimesim import levers

    constants = {
        "build_up": levers.L_BUILD_UP,
        "phase_out": levers.L_PHASE_OUT,
        "rebuild": levers.L_REBUILD,
        "build_on": levers.L_BUILD_ON,
        "learning_infrastructure": levers.L_LEARNING,
        "space_guarantee": levers.L_GUARANTEE,
        "societal_dialogue": levers.L_DIALOGUE,
    }
    assert set(constants) == set(LEVERS)
    for name, col in constants.items():
        assert col == LEVERS.index(name), name
