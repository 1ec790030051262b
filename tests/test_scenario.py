"""Scenario files: the format, round trips, extends, sweeps, the Python API and every kind of mistake."""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap

import numpy as np
import pytest

from regimesim import simulate
from regimesim.cli import main
from regimesim.fields import line_of
from regimesim.levers import LEVERS, Event, Schedule, Segment, lever_matrix
from regimesim.parameters import BY_NAME
from regimesim.scenario import (
    Scenario,
    ScenarioError,
    format_time,
    month_time,
    parse_time,
    run,
)
from regimesim.timeline import Timeline

FULL = """\
title = "Everything"
description = "A scenario that uses every part of the format."
seed = 7
scale = 0.02
landscape = "none"

[[sources]]
file = "000_b25d9b2d34752588.txt"
section = "Aanbeveling 2"
quote = "ook om- en afbouw nodig"

[horizon]
start = 2015
end = 2040

[parameters]
reflex_risk = 0.08
peer_ties = 4

[levers]
build_up = [{ from = "2024-01", intensity = 0.8 }]
phase_out = [{ from = "2027-01", to = "2035-01", intensity = 0.6 }]
rebuild = [{ from = "2027-01", to = "2030-01", intensity = 0.6, shape = "linear", from_intensity = 0.1 }]
build_on = 0.3
learning_infrastructure = { points = [["2027-01", 0.3], ["2031-01", 0.9]], shape = "linear" }
space_guarantee = { base = 0.1, segments = [{ from = 2030, intensity = 0.5 }] }
societal_dialogue = { points = [["2026-04", 0.2], ["2029-07", 0.7]] }

[[events]]
kind = "publicised_incidents"
at = "2028-03"
size = 2

[[events]]
kind = "labour_shortage"
from = "2030-01"
to = "2034-01"
size = 0.2

[[events]]
kind = "trust_shock"
at = 2026.5
size = 0.1
"""


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


# --- times --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2027-03", month_time(2027, 3)),
        ("2027", 2027.0),
        (2027, 2027.0),
        (2027.5, month_time(2027, 7)),
        (2027.49, month_time(2027, 7)),  # rounded to the nearest month
        (dt.date(2027, 3, 15), month_time(2027, 3)),
        ("2027-12", month_time(2027, 12)),
    ],
)
def test_times_are_months(value, expected):
    assert parse_time(value, "x") == expected
    assert parse_time(format_time(expected), "x") == expected


def test_every_month_round_trips_through_its_text():
    for months in range(1990 * 12, 2101 * 12):
        t = month_time(months // 12, months % 12 + 1)
        assert parse_time(format_time(t), "x") == t


# --- round trips --------------------------------------------------------------------------------


def test_full_format_loads_into_the_expected_objects(tmp_path):
    s = Scenario.load(write(tmp_path, "full.toml", FULL))
    assert (s.title, s.start, s.end, s.scale, s.seed, s.landscape) == (
        "Everything",
        2015,
        2040,
        0.02,
        7,
        "none",
    )
    assert s.name == "full"
    assert dict(s.parameters) == {"reflex_risk": 0.08, "peer_ties": 4}
    sched = s.schedules
    assert [k for k, _ in s.levers] == list(LEVERS)  # canonical order
    assert sched["build_up"] == Schedule(segments=(Segment(2024.0, 0.8),))
    assert sched["phase_out"] == Schedule(segments=(Segment(2027.0, 0.6, 2035.0),))
    assert sched["rebuild"] == Schedule(segments=(Segment(2027.0, 0.6, 2030.0, True, 0.1),))
    assert sched["build_on"] == Schedule.constant(0.3)
    assert sched["learning_infrastructure"] == Schedule(segments=(Segment(2027.0, 0.9, 2031.0, True, 0.3),))
    assert sched["space_guarantee"] == Schedule(0.1, (Segment(2030.0, 0.5),))
    july = month_time(2029, 7)
    assert sched["societal_dialogue"] == Schedule(
        segments=(Segment(month_time(2026, 4), 0.2, july), Segment(july, 0.7))
    )
    assert s.events == (
        Event("trust_shock", month_time(2026, 7), 0.1),
        Event("publicised_incidents", month_time(2028, 3), 2.0),
        Event("labour_shortage", 2030.0, 0.2, 2034.0),
    )  # sorted by time
    assert s.sources[0].quote == "ook om- en afbouw nodig"


def test_load_dump_load_is_the_identity(tmp_path):
    s = Scenario.load(write(tmp_path, "full.toml", FULL))
    again = Scenario.load(s.dump(tmp_path / "copy.toml"))
    assert again == s and hash(again) == hash(s)
    assert again.dumps() == s.dumps()  # dumping is canonical


def _random_scenario(rng: np.random.Generator) -> Scenario:
    start = int(rng.integers(1995, 2030))
    end = int(rng.integers(start, 2100))
    levers = {}
    for name in rng.choice(LEVERS, size=int(rng.integers(0, len(LEVERS) + 1)), replace=False):
        t, segs = start + rng.integers(-5, 10) + rng.integers(0, 12) / 12, []
        for _ in range(int(rng.integers(0, 4))):
            length = int(rng.integers(1, 60)) / 12
            ramp = bool(rng.random() < 0.4)
            segs.append(
                Segment(
                    float(t),
                    float(rng.random()),
                    float(t + length),
                    ramp,
                    float(rng.random()) if ramp and rng.random() < 0.5 else None,
                )
            )
            t += length + int(rng.integers(0, 24)) / 12
        if segs and rng.random() < 0.3:
            segs[-1] = dataclasses.replace(segs[-1], end=None, ramp=False, ramp_from=None)
        levers[str(name)] = Schedule(float(rng.random()) * (rng.random() < 0.3), tuple(segs))
    events = []
    for _ in range(int(rng.integers(0, 4))):
        kind = (
            "decentralisation",
            "publicised_incidents",
            "landscape_pressure",
            "trust_shock",
            "labour_shortage",
        )[int(rng.integers(0, 5))]
        year = float(start + rng.integers(0, 30) + rng.integers(0, 12) / 12)
        until = None if rng.random() < 0.5 else year + int(rng.integers(1, 48)) / 12
        events.append(Event(kind, year, float(np.round(rng.random() * 3, 3)), until))
    params = {}
    for p in rng.choice([p for p in BY_NAME.values() if p.kind == "uncertainty"], size=3, replace=False):
        params[p.name] = p.low + (p.high - p.low) * float(rng.random())
    return Scenario(
        title=f"random {rng.integers(1000)}",
        description="x" * int(rng.integers(0, 3)),
        start=start,
        end=end,
        scale=float(rng.choice([0.01, 0.1, 1.0])),
        seed=int(rng.integers(0, 2**31)),
        landscape=str(rng.choice(["historical", "none"])),
        parameters=params,
        levers=levers,
        events=events,
    )


def test_random_scenarios_round_trip(tmp_path):
    rng = np.random.default_rng(2026)
    for i in range(60):
        s = _random_scenario(rng)
        assert Scenario.load(s.dump(tmp_path / f"r{i}.toml")) == s


def test_times_given_in_python_are_snapped_to_months_so_the_round_trip_holds(tmp_path):
    s = Scenario(
        title="t", levers={"build_up": [Segment(2027.2, 0.5)]}, events=[Event("trust_shock", 2030.04)]
    )
    assert s.schedules["build_up"].segments[0].start == month_time(2027, 3)
    assert s.events[0].year == 2030.0
    assert Scenario.load(s.dump(tmp_path / "s.toml")) == s


# --- what a scenario runs ---------------------------------------------------------------------


def test_points_and_segments_give_the_intended_monthly_intensities(tmp_path):
    s = Scenario.load(write(tmp_path, "full.toml", FULL))
    tl = Timeline(s.start, s.end)
    m = lever_matrix(s.schedules, tl)

    def at(lever, year, month):
        return m[tl.step_of(year, month), LEVERS.index(lever)]

    assert (
        at("build_up", 2023, 12) == 0 and at("build_up", 2024, 1) == 0.8 and at("build_up", 2040, 12) == 0.8
    )
    assert at("phase_out", 2034, 12) == 0.6 and at("phase_out", 2035, 1) == 0
    # linear points: from 0.3 in 2027-01 rising to 0.9 by 2031-01, then held
    li = [at("learning_infrastructure", y, 1) for y in (2027, 2029, 2031, 2035)]
    assert li[0] == pytest.approx(0.3 + 0.6 / 48)
    assert li[1] == pytest.approx(0.3 + 0.6 * 25 / 48) and li[2] == li[3] == pytest.approx(0.9)
    # step points hold each value to the next point
    assert at("societal_dialogue", 2026, 3) == 0 and at("societal_dialogue", 2026, 4) == 0.2
    assert at("societal_dialogue", 2029, 6) == 0.2 and at("societal_dialogue", 2029, 7) == 0.7
    # a base outside the segments
    assert at("space_guarantee", 2020, 1) == 0.1 and at("space_guarantee", 2030, 1) == 0.5
    assert at("build_on", 2015, 1) == 0.3


def test_landscape_historical_adds_the_declared_events_and_none_only_its_own():
    hist = Scenario(title="h", events=[Event("publicised_incidents", 2028)])
    kinds = [e.kind for e in hist.event_list()]
    assert (
        kinds.count("decentralisation") == 1
        and "labour_shortage" in kinds
        and "publicised_incidents" in kinds
    )
    dec = next(e for e in hist.event_list() if e.kind == "decentralisation")
    assert dec.year == BY_NAME["decentralisation_year"].default
    quiet = hist.replace(landscape="none")
    assert quiet.event_list() == [Event("publicised_incidents", 2028.0)]


@pytest.mark.compiled_only
def test_run_is_simulate_with_the_scenario_inputs_and_records_the_scenario(tmp_path):
    s = Scenario.load(write(tmp_path, "full.toml", FULL)).replace(end=2020)
    res = run(s)  # the scenario's own seed
    assert res.seed == 7
    direct = simulate(**s.inputs(), seed=7)
    assert res.indicators.equals(direct.indicators)
    assert res.scenario == s
    assert res.provenance["scenario_sha256"] == s.digest() and res.provenance["scenario_file"] == "full.toml"
    other = run(str(tmp_path / "full.toml"), seed=8)  # a path works too; a different seed differs
    assert not other.indicators.equals(
        simulate(**Scenario.load(tmp_path / "full.toml").inputs(), seed=7).indicators
    )
    fig = res.plot_xcurve()
    assert "Everything" in fig.axes[0].get_title()
    assert {"regime_phase", "niche_phase"} <= set(res.phases.columns)


@pytest.mark.compiled_only
def test_the_mesa_driver_takes_the_same_inputs(tmp_path):
    from regimesim import RegimeModel

    s = Scenario.load(write(tmp_path, "full.toml", FULL)).replace(end=2016)
    model = RegimeModel(**s.inputs(), seed=3)
    for _ in range(24):
        model.step()
    compiled = simulate(**s.inputs(), seed=3).indicators
    got = model.indicators()
    np.testing.assert_array_equal(got.to_numpy(), compiled.to_numpy()[: len(got)])
    again = RegimeModel.from_scenario(s)  # the scenario's own seed (7)
    again.step()
    assert again.regime_scenario == s and again.seed == 7
    np.testing.assert_array_equal(again.indicators().to_numpy(), run(s).indicators.to_numpy()[:1])
    lib = RegimeModel.from_scenario("history", seed=2)  # a library name works too
    assert lib.timeline.end_year == 2026


# --- the Python API -----------------------------------------------------------------------------


def test_scenarios_are_frozen_and_changes_make_validated_copies():
    s = Scenario(title="base", end=2050)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.title = "x"  # type: ignore[misc]
    t = s.with_levers(
        phase_out=[{"from": "2027-01", "intensity": 0.6}], rebuild=0.4, build_up=Segment(2025, 0.8)
    )
    assert s.levers == () and t.schedules["rebuild"] == Schedule.constant(0.4)
    assert t.schedules["phase_out"] == Schedule(segments=(Segment(2027.0, 0.6),))
    assert t.schedules["build_up"] == Schedule(segments=(Segment(2025.0, 0.8),))
    u = t.with_parameters(reflex_risk=0.1, scale=0.05, end_year=2055)
    for bad in ({"scale": "0.05"}, {"reflex_risk": True}, {"peer_ties": "4"}):  # numbers, not text/booleans
        with pytest.raises(ScenarioError, match="is not a"):
            t.with_parameters(**bad)
    assert (u.scale, u.end, dict(u.parameters)) == (0.05, 2055, {"reflex_risk": 0.1})
    assert u.with_events({"kind": "trust_shock", "at": "2030-02"}).events == (
        Event("trust_shock", month_time(2030, 2), 1.0),
    )
    with pytest.raises(ScenarioError, match=r"levers.phase_out.*outside the allowed range \[0, 1\]"):
        s.with_levers(phase_out=1.5)
    with pytest.raises(ScenarioError, match="Did you mean 'reflex_risk'"):
        s.with_parameters(reflex_rsk=0.1)


def test_a_sweep_expands_into_its_full_factorial(tmp_path):
    base = write(tmp_path, "base.toml", FULL)
    path = write(
        tmp_path,
        "sweep.toml",
        """\
        extends = "base.toml"
        title = "Sweep"
        [levers]
        phase_out = [{ from = "2027-01", to = "2030-01", intensity = 0.6 },
                     { from = "2032-01", intensity = 0.2 }]
        [sweep]
        phase_out = [0.3, 0.9]
        "phase_out.from" = ["2025-01", "2030-06"]
        incident_base = [0.0001, 0.001, 0.002]
        """,
    )
    s = Scenario.load(path)
    assert base.exists() and len(s.sweep) == 3
    variants = s.variants()
    assert len(variants) == 2 * 2 * 3
    assert len({v.name for v in variants}) == 12 and all(not v.sweep for v in variants)
    seen = set()
    for v in variants:
        po = v.schedules["phase_out"].segments
        # the schedule is scaled to peak at the swept intensity: 0.6 and 0.2 keep their ratio
        assert len(po) == 2 and po[0].intensity in (0.3, 0.9)
        assert po[1].intensity == pytest.approx(po[0].intensity / 3)
        shift = po[0].start - 2027.0  # ... and every segment, end included, moves with the first
        assert shift in (2025.0 - 2027.0, month_time(2030, 6) - 2027.0)
        assert po[0].end == pytest.approx(2030.0 + shift) and po[1].start == pytest.approx(2032.0 + shift)
        assert v.schedules["build_up"] == Scenario.load(base).schedules["build_up"]  # untouched
        seen.add((po[0].intensity, po[0].start, dict(v.parameters)["incident_base"]))
    assert len(seen) == 12
    with pytest.raises(ScenarioError, match="variants"):
        run(s)


def test_extends_merges_tables_adds_events_and_resolves_relative_paths(tmp_path):
    write(tmp_path, "base.toml", FULL)
    (tmp_path / "sub").mkdir()
    mid = write(
        tmp_path / "sub",
        "mid.toml",
        """\
        extends = "../base.toml"
        title = "Mid"
        [horizon]
        end = 2045
        [parameters]
        reflex_risk = 0.2
        [levers]
        phase_out = [{ from = "2030-01", intensity = 0.9 }]
        [[events]]
        kind = "publicised_incidents"
        at = "2031-01"
        """,
    )
    child = write(tmp_path / "sub", "child.toml", 'extends = "mid.toml"\ntitle = "Child"\nseed = 1\n')
    base, m, c = Scenario.load(tmp_path / "base.toml"), Scenario.load(mid), Scenario.load(child)
    assert (m.start, m.end, m.scale) == (2015, 2045, 0.02)  # horizon merged key by key
    assert dict(m.parameters) == {"reflex_risk": 0.2, "peer_ties": 4}
    assert m.schedules["phase_out"] == Schedule(segments=(Segment(2030.0, 0.9),))
    assert m.schedules["build_up"] == base.schedules["build_up"]
    assert len(m.events) == len(base.events) + 1
    assert m.sources == base.sources  # inherited when not given
    assert c == m.replace(title="Child", seed=1) and c.name == "child"


# --- mistakes -----------------------------------------------------------------------------------

MINIMAL = 'title = "t"\n[horizon]\nstart = 2010\nend = 2040\n'

#: (what is wrong, file text, fragments the message must contain)
BAD = [
    (
        "malformed TOML",
        'title = "t"\n[levers]\nbuild_up = [{ from = "2024-01" intensity = 0.8 }]\n',
        ["line 3", "not valid TOML"],
    ),
    (
        "unknown top-level key",
        'titel = "x"\n' + MINIMAL,
        ["titel", "unknown key", "Did you mean 'title'", "line 1"],
    ),
    (
        "unknown lever",
        MINIMAL + "[levers]\nphase_ot = 0.5\n",
        ["levers.phase_ot", "Did you mean 'phase_out'"],
    ),
    (
        "unknown parameter",
        MINIMAL + "[parameters]\nreflex_rsk = 0.1\n",
        ["parameters.reflex_rsk", "Did you mean 'reflex_risk'"],
    ),
    (
        "parameter out of range",
        MINIMAL + "[parameters]\nreflex_risk = 3\n",
        ["parameters.reflex_risk", "[0, 1]"],
    ),
    (
        "parameter of the wrong type",
        MINIMAL + '[parameters]\npeer_ties = "many"\n',
        ["parameters.peer_ties", "whole number"],
    ),
    (
        "lever intensity out of range",
        MINIMAL + "[levers]\nbuild_up = [{ from = 2024, intensity = 1.4 }]\n",
        ["levers.build_up[0].intensity", "[0, 1]"],
    ),
    (
        "overlapping segments",
        MINIMAL + "[levers]\nphase_out = [{ from = 2027, to = 2032, intensity = 0.6 }, "
        "{ from = 2030, intensity = 0.8 }]\n",
        ["levers.phase_out", "overlap"],
    ),
    (
        "segment ends before it starts",
        MINIMAL + '[levers]\nrebuild = [{ from = "2030-01", to = "2028-01", intensity = 0.5 }]\n',
        ["levers.rebuild[0].to", "'to' must be after 'from'"],
    ),
    (
        "horizon outside the model's range",
        'title = "t"\n[horizon]\nstart = 2010\nend = 2150\n',
        ["horizon.end", "1990..2100"],
    ),
    (
        "horizon ends before it starts",
        'title = "t"\n[horizon]\nstart = 2030\nend = 2020\n',
        ["horizon.end", "before horizon.start"],
    ),
    (
        "not a month",
        MINIMAL + '[levers]\nbuild_up = [{ from = "2027-13", intensity = 0.8 }]\n',
        ["levers.build_up[0].from", "months run 1..12"],
    ),
    (
        "unknown event kind",
        MINIMAL + '[[events]]\nkind = "incident"\nat = "2027-01"\n',
        ["events[0].kind", "Allowed: decentralisation"],
    ),
    ("missing title", "[horizon]\nstart = 2010\n", ["title", "missing"]),
    (
        "a lever among the parameters",
        MINIMAL + "[parameters]\nphase_out = 0.6\n",
        ["parameters.phase_out", "is a lever", "[levers]"],
    ),
    (
        "the horizon among the parameters",
        MINIMAL + "[parameters]\nend_year = 2050\n",
        ["parameters.end_year", "horizon.end"],
    ),
    (
        "unknown key in a segment",
        MINIMAL + "[levers]\nbuild_up = [{ from = 2024, intensty = 0.8 }]\n",
        ["levers.build_up[0].intensty", "Did you mean 'intensity'"],
    ),
    (
        "linear segment without an end",
        MINIMAL + '[levers]\nrebuild = [{ from = 2027, intensity = 0.6, shape = "linear" }]\n',
        ["levers.rebuild[0]", "needs 'to'"],
    ),
    (
        "points out of order",
        MINIMAL + '[levers]\nbuild_on = { points = [["2030-01", 0.2], ["2028-01", 0.5]] }\n',
        ["levers.build_on.points[1]", "time order"],
    ),
    ("negative seed", "seed = -1\n" + MINIMAL, ["seed", "non-negative"]),
    ("unknown landscape", 'landscape = "historic"\n' + MINIMAL, ["landscape", "Did you mean 'historical'"]),
    ("a top-level key below a table", MINIMAL + "seed = 3\n", ["horizon.seed", "above the first [table]"]),
    (
        "a sweep of something unknown",
        MINIMAL + "[sweep]\nphase_ot = [0.1, 0.2]\n",
        ["sweep.phase_ot", "Did you mean 'phase_out'"],
    ),
    (
        "a swept parameter also set",
        MINIMAL + "[parameters]\nreflex_risk = 0.1\n[sweep]\nreflex_risk = [0.1, 0.2]\n",
        ["sweep.reflex_risk", "live only in [sweep]"],
    ),
    ("a scale too small for the regions", "scale = 0.001\n" + MINIMAL, ["scale", "0.005"]),
    (
        "extends a missing file",
        'extends = "nowhere.toml"\n' + MINIMAL,
        ["extends", "nowhere.toml", "not found"],
    ),
    ("a boolean for a number", "scale = true\n" + MINIMAL, ["scale", "True is not a number"]),
    (
        "text for a number",
        MINIMAL + '[parameters]\nreflex_risk = "0.1"\n',
        ["parameters.reflex_risk", "is not a number"],
    ),
    (
        "a time beyond the calendar",
        MINIMAL + "[levers]\nbuild_up = [{ from = 1e308, intensity = 0.5 }]\n",
        ["levers.build_up[0].from", "outside the model's calendar", "2100-12"],
    ),
    (
        "a swept value twice once converted",
        MINIMAL + "[sweep]\nreflex_risk = [1, 1.0]\n",
        ["sweep.reflex_risk[1]", "listed twice"],
    ),
    (
        "a swept start moving a segment past 2100",
        MINIMAL + "[levers]\nbuild_up = [{ from = 2020, to = 2025, "
        'intensity = 0.5 }]\n[sweep]\n"build_up.from" = ["2100-01"]\n',
        ["sweep.build_up.from[0]", "2105-01", "outside the model's calendar"],
    ),
]


@pytest.mark.parametrize(("what", "text", "fragments"), BAD, ids=[b[0] for b in BAD])
def test_each_mistake_is_one_clear_message_naming_file_and_field(tmp_path, what, text, fragments):
    path = write(tmp_path, "bad.toml", text)
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(ScenarioError) as info:
        Scenario.load(path)
    msg = str(info.value)
    assert msg.startswith(str(path)), msg  # the file first
    for fragment in fragments:
        assert fragment in msg, msg
    assert "\n" not in msg
    assert sorted(tmp_path.rglob("*")) == before  # loading wrote nothing
    out = tmp_path / "out"
    assert main(["run", str(path), "-q", "--out", str(out)]) == 2  # nor does running it
    assert not out.exists() and sorted(tmp_path.rglob("*")) == before


def test_a_cycle_of_extends_is_named(tmp_path):
    write(tmp_path, "a.toml", 'extends = "b.toml"\ntitle = "a"\n')
    write(tmp_path, "b.toml", 'extends = "a.toml"\ntitle = "b"\n')
    with pytest.raises(ScenarioError, match=r"cycle: a.toml -> b.toml -> a.toml"):
        Scenario.load(tmp_path / "a.toml")


def test_a_mistake_in_the_base_is_reported_in_the_base(tmp_path):
    write(tmp_path, "base.toml", MINIMAL + "[parameters]\nreflex_risk = 3\n")
    child = write(tmp_path, "child.toml", 'extends = "base.toml"\ntitle = "c"\n')
    with pytest.raises(ScenarioError) as info:
        Scenario.load(child)
    assert str(info.value).startswith(str(tmp_path / "base.toml")) and "(line 6)" in str(info.value)


def test_errors_point_at_the_line_of_the_field():
    text = FULL
    lines = text.splitlines()
    for field, needle in [
        ("levers.rebuild", "rebuild = "),
        ("parameters.peer_ties", "peer_ties = 4"),
        ("events[1].to", 'to = "2034-01"'),
        ("events[2]", "[[events]]"),
        ("horizon.end", "end = 2040"),
        ("seed", "seed = 7"),
    ]:
        line = line_of(text, field)
        assert line is not None and needle in lines[line - 1], (field, line)
    assert line_of(text, "events[2]") == [i for i, ln in enumerate(lines, 1) if ln == "[[events]]"][2]


#: (file text, the line the first mistake is on): keys repeated across tables, arrays of tables,
#: inline and multi-line arrays, quoted dotted keys, a key's text inside a string
LINES = [
    (
        'title = "t"\n[levers]\nphase_out = [{ from = 2027, intensity = 0.6 }]\n'
        "build_up = [{ from = 2024, intensity = 1.4 }]\n",
        4,
    ),
    (
        'title = "t"\n[[levers.build_up]]\nfrom = "2020-01"\nintensity = 0.5\n'
        '[[levers.build_up]]\nfrom = "2021-01"\nintensity = 2\n',
        7,
    ),
    (
        'title = "t"\nevents = [\n  { kind = "trust_shock", at = 2020, size = 0.5 },\n'
        '  { kind = "trust_shock", at = 2021, size = -3 },\n]\n',
        4,
    ),
    (
        'title = "t"\n[levers]\nrebuild = [\n  { from = 2027, to = 2030, intensity = 0.5 },\n'
        "  { from = 2031, to = 2035, intensity = 0.5 },\n"
        "  { from = 2036, to = 2035, intensity = 0.5 },\n]\n",
        6,
    ),
    (
        'title = "t"\n[levers]\nphase_out = [{ from = 2027, intensity = 0.6 }]\n[sweep]\n'
        'phase_out = [0.3, 0.6]\n"phase_out.from" = ["2025-13"]\n',
        6,
    ),
    ('title = "t"\ndescription = """\nWe run with\nseed = 3 in mind.\n"""\nseed = -1\n', 6),
    ('title = "t"\n[[events]]\nkind = "trust_shock"\nat = 2020\n[[events]]\nkind = "trust_shok"\n', 6),
    ('title = "t"\n[levers]\nbuild_up = [{ from = "2101-06", intensity = 0.5 }]\n', 3),
]


@pytest.mark.parametrize(("text", "line"), LINES)
def test_errors_name_the_line_the_mistake_is_on(tmp_path, text, line):
    with pytest.raises(ScenarioError) as info:
        Scenario.load(write(tmp_path, "bad.toml", text))
    assert info.value.line == line, str(info.value)


def test_the_events_of_a_base_do_not_shift_the_index_in_errors(tmp_path):
    write(tmp_path, "base.toml", FULL)  # three events
    text = 'extends = "base.toml"\ntitle = "c"\n[[events]]\nkind = "trust_shok"\nat = 2030\n'
    child = write(tmp_path, "child.toml", text)
    with pytest.raises(ScenarioError, match=r"child.toml \(line 4\): events\[0\].kind"):
        Scenario.load(child)


def test_what_python_builds_must_also_load(tmp_path):
    for bad in (
        dict(events=[Event("trust_shock", 2150.0)]),
        dict(events=[Event("trust_shock", 2030, 5000)]),
        dict(levers={"build_up": [Segment(1900.0, 0.5)]}),
        dict(levers={"build_up": [Segment(2050, 0.5, 2200.0)]}),
        dict(sources=[{"file": "f", "section": "  "}]),
    ):
        with pytest.raises(ScenarioError):
            Scenario(title="t", **bad)
    level = Event("labour_shortage", 2030, 0.2, 2101.0)
    s = Scenario(title="one\r\ntwo", description="a\r\nb", events=[level])
    assert s.title == "one\ntwo"
    assert Scenario.load(s.dump(tmp_path / "s.toml")) == s
    assert "to =" not in s.dumps()  # a level to the end of any run is written without an end


def test_a_sweep_supersedes_inherited_values_but_not_the_files_own(tmp_path):
    write(tmp_path, "base.toml", FULL)  # sets reflex_risk and peer_ties
    text = 'extends = "base.toml"\ntitle = "c"\n[sweep]\nreflex_risk = [0.01, 0.3]\n'
    child = write(tmp_path, "child.toml", text)
    s = Scenario.load(child)
    assert "reflex_risk" not in dict(s.parameters) and dict(s.parameters)["peer_ties"] == 4
    assert [dict(v.parameters)["reflex_risk"] for v in s.variants()] == [0.01, 0.3]
    assert Scenario.load(s.dump(tmp_path / "again.toml")) == s


def test_files_that_are_not_scenarios(tmp_path):
    with pytest.raises(ScenarioError, match="no such file"):
        Scenario.load(tmp_path / "missing.toml")
    (tmp_path / "x.py").write_text("print('code is not a scenario')\n")
    with pytest.raises(ScenarioError, match=r"ends in \.toml"):
        Scenario.load(tmp_path / "x.py")
