"""Levers are schedules; events are exogenous inputs; both validated."""

from __future__ import annotations

import numpy as np
import pytest

from regimesim.levers import (
    EXOGENOUS,
    LEVERS,
    Event,
    Schedule,
    Segment,
    exo_matrix,
    lever_index,
    lever_matrix,
)
from regimesim.timeline import Timeline

TL = Timeline(2020, 2029)  # 120 months


def test_constant_and_step_schedules():
    assert np.all(Schedule.constant(0.4).values(TL) == 0.4)
    v = Schedule.from_year(2027, 0.6).values(TL)
    start = (2027 - 2020) * 12
    assert np.all(v[:start] == 0.0) and np.all(v[start:] == 0.6)
    w = Schedule.from_year(2022.5, 1.0, until=2024).values(TL)
    assert w[29] == 0.0 and w[30] == 1.0 and w[47] == 1.0 and w[48] == 0.0


def test_ramp_rises_linearly_and_then_holds():
    s = Schedule(base=0.2, segments=(Segment(2022, 0.8, end=2024, ramp=True),))
    v = s.values(TL)
    ramp = v[24:48]
    assert v[23] == pytest.approx(0.2)
    assert np.all(np.diff(ramp) > 0)
    assert ramp[-1] == pytest.approx(0.8)
    assert np.all(v[48:] == pytest.approx(0.8))
    # equal monthly increments: linear
    assert np.allclose(np.diff(ramp), (0.8 - 0.2) / 24)


def test_segments_outside_the_run_are_clipped():
    v = Schedule.from_year(2015, 0.5, until=2021).values(TL)
    assert np.all(v[:12] == 0.5) and np.all(v[12:] == 0.0)
    assert np.all(Schedule.from_year(2040, 1.0).values(TL) == 0.0)


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda: Segment(2025, 1.2), "[0, 1]"),
        (lambda: Segment(2025, 0.5, end=2024), "not after its start"),
        (lambda: Segment(2025, 0.5, ramp=True), "needs an end year"),
        (lambda: Schedule(base=-0.1), "[0, 1]"),
        (lambda: Schedule(segments=(Segment(2025, 0.5, 2030), Segment(2028, 0.2))), "overlap"),
        (lambda: Event("publicised_incident", 2025), "Did you mean 'publicised_incidents'"),
        (lambda: Event("trust_shock", 2025, size=-1), ">= 0"),
        (lambda: Event("labour_shortage", 2025, 0.3, until=2020), "before it starts"),
        (lambda: lever_index("phaseout"), "Did you mean 'phase_out'"),
    ],
)
def test_bad_schedules_and_events_are_named(make, fragment):
    with pytest.raises(ValueError, match=None) as info:
        make()
    assert fragment in str(info.value)


def test_matrices_put_each_lever_and_event_in_its_column():
    m = lever_matrix({"phase_out": Schedule.constant(0.6)}, TL)
    assert m.shape == (TL.n_steps, len(LEVERS))
    assert np.all(m[:, LEVERS.index("phase_out")] == 0.6)
    assert np.count_nonzero(np.delete(m, LEVERS.index("phase_out"), axis=1)) == 0
    x = exo_matrix(
        [Event("publicised_incidents", 2023 + 2 / 12, 2.0), Event("labour_shortage", 2021, 0.3, until=2022)],
        TL,
    )
    col = EXOGENOUS.index("publicised_incidents")
    assert x[38, col] == 2.0 and x[:, col].sum() == 2.0
    lab = x[:, EXOGENOUS.index("labour_shortage")]
    assert np.all(lab[12:24] == 0.3) and lab.sum() == pytest.approx(0.3 * 12)


def test_a_ramp_may_start_from_its_own_intensity():
    s = Schedule(base=0.2, segments=(Segment(2022, 0.8, end=2024, ramp=True, ramp_from=0.5),))
    v = s.values(TL)
    assert v[TL.step_of(2021, 12)] == 0.2  # the base until the ramp
    ramp = v[TL.step_of(2022) : TL.step_of(2024)]
    assert np.allclose(np.diff(ramp), (0.8 - 0.5) / 24) and ramp[-1] == pytest.approx(0.8)
    with pytest.raises(ValueError, match="only meaningful for a ramp"):
        Segment(2022, 0.8, end=2024, ramp_from=0.5)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        Segment(2022, 0.8, end=2024, ramp=True, ramp_from=1.5)


# --- a schedule's value in a month does not depend on when the run starts ------------------------


@pytest.mark.parametrize(
    "schedule",
    [
        # a ramp that began before the run, from a stated value
        Schedule(base=0.1, segments=(Segment(2008.0, 0.9, 2012.0, True, 0.3),)),
        # a ramp that began before the run, from the value in force (the base)
        Schedule(base=0.2, segments=(Segment(2008.5, 1.0, 2013.0, True),)),
        # a step before the run, then a ramp inside it from the value in force (the step's)
        Schedule(segments=(Segment(2009.0, 0.5, 2011.0), Segment(2011.0, 0.8, 2014.0, True))),
        # a ramp that began before the run, from the value in force (an earlier step's)
        Schedule(segments=(Segment(2005.0, 0.5, 2008.0), Segment(2008.0, 0.9, 2012.0, True))),
        # a ramp that ends before the run: its end value holds
        Schedule(segments=(Segment(2005.0, 0.7, 2008.0, True, 0.0),)),
    ],
)
def test_a_schedule_gives_each_month_the_same_value_whenever_the_run_starts(schedule):
    """A schedule is a function of calendar time: a run from 2010 sees in each month what a run
    from 2004 sees in that month (a ramp that began before the run continues where it is, rather
    than starting over at the run's first month)."""
    late, early = Timeline(2010, 2016), Timeline(2004, 2016)
    np.testing.assert_array_equal(schedule.values(late), schedule.values(early)[-late.n_steps :])


def test_a_ramp_that_began_before_the_run_is_part_way_up_in_its_first_month():
    # from 0.3 in 2008-01 to 0.9 over 48 months, full in its 48th month (2011-12): in 2010-01,
    # its 25th month, 0.3 + 0.6 x 25/48
    ramp = Schedule(segments=(Segment(2008.0, 0.9, 2012.0, True, 0.3),))
    values = ramp.values(Timeline(2010, 2013))
    assert values[0] == pytest.approx(0.3 + 0.6 * 25 / 48, abs=1e-12)
    assert values[23] == pytest.approx(0.9, abs=1e-12) and (values[24:] == 0.9).all()
