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


# --- found unguarded by mutation testing (issue 34; python -m benchmarks.mutation) -------------
# Expected values worked out by hand on a two-year run: step k is the month 2020 + k/12.
TWO = Timeline(2020, 2021)  # 24 months


def test_an_unknown_lever_or_event_is_named_with_the_closest_name_and_every_allowed_one():
    levers, events = ", ".join(LEVERS), ", ".join(EXOGENOUS)
    with pytest.raises(ValueError) as err:
        lever_index("buildup")
    assert str(err.value) == f"unknown lever 'buildup'. Did you mean 'build_up'? Allowed: {levers}"
    with pytest.raises(ValueError) as err:
        lever_index("zzz")
    assert str(err.value) == f"unknown lever 'zzz'. Allowed: {levers}"
    with pytest.raises(ValueError) as err:
        Event("zzz", 2020)
    assert str(err.value) == f"unknown event 'zzz'. Allowed: {events}"


def test_pulses_count_in_the_first_and_last_month_add_up_and_outside_the_run_are_ignored():
    kind = EXOGENOUS[0]
    pulses = [
        Event(kind, 2020.0, 0.5),
        Event(kind, 2020.0, 0.25),  # the same month: the sizes add up
        Event(kind, 2020 + 23 / 12, 2.0),  # the last month
        Event(kind, 2022.0, 9.0),  # the month after the run
        Event(kind, 2019 + 11 / 12, 9.0),  # the month before it
        Event(kind, 2021.0, 0.0),  # a pulse of size 0 is allowed, and adds nothing
    ]
    out = exo_matrix(pulses, TWO)
    expected = np.zeros((24, len(EXOGENOUS)))
    expected[0, 0], expected[23, 0] = 0.75, 2.0
    np.testing.assert_array_equal(out, expected)


def test_levels_begun_before_the_run_hold_from_its_first_month_and_overlapping_levels_add_up():
    a, b = EXOGENOUS[0], EXOGENOUS[1]
    levels = [
        Event(a, 2019.5, 0.5, until=2020.5),  # from before the run to month 6
        Event(a, 2020 + 3 / 12, 0.25, until=2020 + 9 / 12),  # months 3-8, overlapping
        Event(b, 2019.5, 1.0, until=2020 + 1 / 12),  # ends after the run's first month
        Event(b, 2019.0, 7.0, until=2020.0),  # ends as the run starts: nothing
    ]
    expected = np.zeros((24, len(EXOGENOUS)))
    expected[0:6, 0] += 0.5
    expected[3:9, 0] += 0.25
    expected[0, 1] = 1.0
    np.testing.assert_array_equal(exo_matrix(levels, TWO), expected)
    with pytest.raises(ValueError, match=rf"event '{a}' ends \(2020\) before it starts \(2020\)"):
        Event(a, 2020, until=2020)


def test_bounds_of_base_and_segments_and_the_messages_that_name_them():
    assert Schedule(base=1.0).values(TWO)[0] == 1.0  # the bounds are allowed
    assert Schedule.from_year(2020, 0.0).values(TWO)[0] == 0.0
    for ramp_from in (0.0, 1.0):
        ramp = Segment(2020.0, 0.5, end=2020.5, ramp=True, ramp_from=ramp_from)
        assert Schedule(segments=(ramp,)).values(TWO)[0] == pytest.approx(ramp_from + (0.5 - ramp_from) / 6)
    with pytest.raises(ValueError, match=r"lever base intensity 1\.5 is outside the allowed range \[0, 1\]"):
        Schedule(base=1.5)
    with pytest.raises(ValueError, match=r"segment end 2020 is not after its start 2020"):
        Segment(2020, 0.5, end=2020)
    with pytest.raises(ValueError) as err:
        Segment(2020, 0.5, ramp=True)
    assert str(err.value) == "a ramp segment needs an end year (the year the ramp reaches its value)"
    with pytest.raises(ValueError) as err:
        Segment(2020, 0.5, end=2021, ramp_from=0.1)
    assert str(err.value) == "ramp_from is only meaningful for a ramp segment (ramp=True)"


@pytest.mark.parametrize(
    ("first_end", "until"),
    [(None, "has no end"), (2031.0, "ends (2031-01)")],
)
def test_overlapping_segments_are_refused_whether_the_first_ends_or_not(first_end, until):
    segments = (Segment(2030.0, 0.2), Segment(2025.5, 0.5, end=first_end))
    with pytest.raises(ValueError) as err:
        Schedule(segments=segments)
    assert str(err.value) == (
        f"lever segments overlap: one starts 2030-01, before the one from 2025-07 {until}; "
        "segments of one lever must not overlap"
    )


def test_segments_given_out_of_order_are_kept_in_order_of_their_start():
    late, early = Segment(2021.0, 0.2), Segment(2020.5, 0.5, end=2021.0)
    schedule = Schedule(segments=(late, early))
    assert schedule.segments == (early, late)
    expected = np.r_[np.zeros(6), np.full(6, 0.5), np.full(12, 0.2)]
    np.testing.assert_array_equal(schedule.values(TWO), expected)


def test_a_segment_from_the_runs_first_month_applies_in_it():
    assert Schedule.from_year(2020, 0.5).values(TWO)[0] == 0.5


@pytest.mark.parametrize("ramp_start_month", [1, 6])
def test_a_ramp_rises_from_the_value_in_force_the_month_before_it(ramp_start_month):
    start = 2020 + ramp_start_month / 12
    schedule = Schedule(
        segments=(
            Segment(2020.0, 0.2, end=start),
            Segment(start, 0.8, end=start + 0.5, ramp=True),  # six months up to 0.8
        )
    )
    v = schedule.values(TWO)
    m = ramp_start_month
    np.testing.assert_allclose(v[:m], 0.2)
    np.testing.assert_allclose(v[m : m + 6], 0.2 + 0.6 * np.arange(1, 7) / 6)
    np.testing.assert_allclose(v[m + 6 :], 0.8)  # then holds its end value


def test_a_one_month_ramp_reaches_its_value_in_that_month():
    v = Schedule(segments=(Segment(2020.5, 1.0, end=2020.5 + 1 / 12, ramp=True),)).values(TWO)
    np.testing.assert_array_equal(v, np.r_[np.zeros(6), np.ones(18)])


def test_a_segment_shorter_than_half_a_month_rounds_to_none_and_the_next_still_applies():
    v = Schedule(segments=(Segment(2020.0, 0.3, end=2020.01), Segment(2020.5, 0.7))).values(TWO)
    np.testing.assert_array_equal(v, np.r_[np.zeros(6), np.full(18, 0.7)])
