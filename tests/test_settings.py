"""One settings grammar: ``Scenario.with_settings`` gives the scenario every older route gives --
sweeps, design factors, ``with_lever_intensities``, ``with_lever_starts``, ``with_levers``,
``with_parameters`` and ``replace(seed=...)`` -- for each kind of key, typed or as text, and
names the key in its errors."""

from __future__ import annotations

import itertools

import pytest

from regimesim.app.controls import Mix
from regimesim.design import design_from
from regimesim.fields import DesignError, FieldError, ScenarioError, StudyError
from regimesim.levers import Schedule
from regimesim.scenario import Scenario, find_scenario, load
from regimesim.schedules import parse_lever_value


@pytest.fixture(scope="module")
def base() -> Scenario:
    return load(find_scenario("build_up_and_phase_out"))


def _old_sweep_step(sc: Scenario, key: str, value):
    """How a sweep's value was applied before the settings grammar (scenario._apply_sweep)."""
    if key == "seed":
        return sc.replace(seed=value)
    if key == "scale":
        return sc.replace(scale=value)
    if key.endswith(".from"):
        return sc.with_lever_starts(**{key.removesuffix(".from"): value})
    if key in ("phase_out", "build_up", "rebuild", "space_guarantee", "societal_dialogue"):
        return sc.with_lever_intensities(**{key: value})
    return sc.with_parameters(**{key: value})


@pytest.mark.parametrize(
    ("settings", "old"),
    [
        ({"seed": 7}, lambda s: s.replace(seed=7)),
        ({"seed": "7"}, lambda s: s.replace(seed=7)),
        ({"scale": 0.05}, lambda s: s.with_parameters(scale=0.05)),
        ({"scale": "0.05"}, lambda s: s.with_parameters(scale=0.05)),
        ({"end_year": 2040}, lambda s: s.with_parameters(end_year=2040)),
        ({"commit_urgency": 0.2}, lambda s: s.with_parameters(commit_urgency=0.2)),
        ({"commit_urgency": "0.2"}, lambda s: s.with_parameters(commit_urgency=0.2)),
        ({"n_regions": "30"}, lambda s: s.with_parameters(n_regions=30)),
        ({"phase_out": 0.8}, lambda s: s.with_lever_intensities(phase_out=0.8)),
        ({"phase_out": "0.8"}, lambda s: s.with_lever_intensities(phase_out=0.8)),
        ({"rebuild": 0.3}, lambda s: s.with_lever_intensities(rebuild=0.3)),  # unscheduled: held
        (
            {"phase_out": "0.8@2030-01"},
            lambda s: s.with_levers(phase_out=[{"from": "2030-01", "intensity": 0.8}]),
        ),
        ({"phase_out.from": "2031-06"}, lambda s: s.with_lever_starts(phase_out="2031-06")),
        ({"phase_out.from": 2031}, lambda s: s.with_lever_starts(phase_out=2031)),
        (
            {"phase_out": 0.5, "phase_out.from": "2029-01", "seed": 2, "scale": 0.04},
            lambda s: (
                s.with_lever_intensities(phase_out=0.5)
                .with_lever_starts(phase_out="2029-01")
                .replace(seed=2)
                .with_parameters(scale=0.04)
            ),
        ),
    ],
    ids=lambda x: repr(x) if isinstance(x, dict) else "",
)
def test_each_kind_of_key_gives_what_the_old_route_gives(base, settings, old):
    new = base.with_settings(settings)
    assert new == old(base)
    assert new.dumps() == old(base).dumps()


def test_a_rebuilt_unscheduled_lever_is_held_over_the_whole_run(base):
    assert base.with_settings({"rebuild": 0.3}).schedules["rebuild"] == Schedule.constant(0.3)


def test_no_settings_is_the_scenario_itself(base):
    assert base.with_settings({}) is base


@pytest.mark.parametrize("name", ["sweep_example", "risk_reflex"])
def test_sweep_variants_are_the_old_routes(name):
    sc = load(find_scenario(name))
    keys = [k for k, _ in sc.sweep]
    combos = list(itertools.product(*(v for _, v in sc.sweep)))
    variants = sc.variants()
    assert len(variants) == len(combos)
    for variant, combo in zip(variants, combos, strict=True):
        old = Scenario(**{**_fields(sc), "sweep": (), "title": variant.title})
        for k, v in zip(keys, combo, strict=True):
            old = _old_sweep_step(old, k, v)
        assert variant == old
        assert variant.dumps() == old.dumps()


def _fields(sc: Scenario) -> dict:
    return {
        f: getattr(sc, f) for f in ("title", "description", "start", "end", "scale", "seed", "landscape")
    } | {
        "parameters": sc.parameters,
        "levers": sc.levers,
        "events": sc.events,
        "sources": sc.sources,
    }


def test_design_factors_are_the_old_routes():
    d = design_from(
        {
            "scenarios": ["build_up_and_phase_out"],
            "factors": {
                "phase_out": {"values": [0.3, 0.9]},
                "phase_out.from": {"values": ["2026-01", "2030-07"]},
                "commit_urgency": {"values": [0.1]},
                "n_regions": {"values": [30]},
            },
        }
    )
    table = d.runs()
    for k in range(len(table)):
        sc, _ = d.scenario_of(k)
        old = d.scenarios[0]
        for key in d.factors:
            value = table.loc[k, key]
            old = _old_sweep_step(old, key, int(value) if key == "n_regions" else value)
        assert sc == old


def test_the_apps_mix_is_the_old_route(base):
    mix = Mix(
        base=base,
        levers={"phase_out": (0.7, 2029), "rebuild": (0.4, 2028), "build_up": (0.0, 2030)},
        parameters={"commit_urgency": 0.25},
        seed=5,
        scale=0.03,
    )
    old = base.with_lever_intensities(phase_out=0.7).with_lever_starts(phase_out=2029)
    old = old.with_levers(
        phase_out=old.schedules["phase_out"],
        rebuild=Schedule.from_year(2028, 0.4),
        build_up=Schedule(),
    )
    old = old.with_parameters(commit_urgency=0.25, scale=0.03).replace(seed=5)
    assert mix.scenario() == old


@pytest.mark.parametrize(
    ("settings", "key", "words"),
    [
        ({"phase_outt": 0.5}, "phase_outt", "Did you mean 'phase_out'"),
        ({"phase_out": 1.5}, "phase_out", "outside the allowed range [0, 1]"),
        ({"phase_out": "1.5"}, "phase_out", "outside the allowed range [0, 1]"),
        ({"phase_out": "lots"}, "phase_out", "a lever takes an intensity"),
        ({"phase_out": True}, "phase_out", "a lever takes an intensity"),
        ({"phase_out": "0.5@2030-13"}, "phase_out", "months run 1..12"),
        ({"phase_out.from": "2200-01"}, "phase_out.from", "outside the model's calendar"),
        ({"rebuild.from": "2030-01"}, "rebuild.from", "no segments to move"),
        ({"seed": -1}, "seed", "2**63"),
        ({"seed": "x"}, "seed", "is not a seed"),
        ({"scale": 5.0}, "scale", "outside its allowed range"),
        ({"commit_urgency": "abc"}, "commit_urgency", "must be a number"),
        ({"commit_urgency": 7}, "commit_urgency", "outside its allowed range"),
        ({"end_year": 2300}, "end_year", "outside its allowed range"),
    ],
)
def test_errors_name_the_key(base, settings, key, words):
    with pytest.raises(ScenarioError) as info:
        base.with_settings(settings)
    assert info.value.field == key, str(info.value)
    assert words in info.value.message


def test_the_command_lines_pieces_are_public():
    assert parse_lever_value("0.8", "x") == (0.8, None)
    assert parse_lever_value("0.8@2030-07", "x") == (0.8, 2030.5)
    assert parse_lever_value(0.25, "x") == (0.25, None)
    with pytest.raises(ScenarioError, match="--set phase_out: use it so") as info:
        parse_lever_value("x", "--set phase_out", usage="use it so")
    assert str(info.value) == "--set phase_out: use it so"


def test_the_three_formats_errors_are_siblings_under_field_error():
    for error in (ScenarioError, DesignError, StudyError):
        assert issubclass(error, FieldError)
    for a, b in itertools.permutations((ScenarioError, DesignError, StudyError), 2):
        assert not issubclass(a, b)
    e = StudyError("factors.x", "bad", "s.toml", 3).at("t.toml")
    assert type(e) is StudyError and str(e) == "s.toml (line 3): factors.x: bad"
