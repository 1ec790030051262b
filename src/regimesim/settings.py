"""The settings grammar: what ``--set``, a ``[sweep]``, a design's or a study's factors and the
app's mix may change in a scenario, and how each value is read.

A setting is a key and a value (:func:`setting_keys`): ``seed``; ``scale``, ``start_year``,
``end_year`` or any declared parameter; a lever's name (its intensity, or ``"0.8@2030-01"``: a
step from that month); ``<lever>.from`` (its start). :meth:`regimesim.scenario.Scenario.with_settings`
applies a dict of them; the checks here are shared with sweeps (:func:`check_sweep`), designs and
studies, so that every route names a bad value in the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from regimesim.fields import ScenarioError, check_number, check_seed, did_you_mean, parameter_value
from regimesim.levers import LEVERS, Schedule
from regimesim.parameters import BY_NAME
from regimesim.schedules import moved_schedule, parse_lever_value, scaled_schedule, step_schedule
from regimesim.timeline import format_time, parse_time

if TYPE_CHECKING:
    from regimesim.scenario import Scenario


def show_setting(key: str, v: Any) -> str:
    """A setting's value as a sweep's variants are named: a month, 10 digits or as it is."""
    return format_time(v) if key.endswith(".from") else f"{v:.10g}" if isinstance(v, float) else f"{v}"


def sweep_targets() -> list[str]:
    """What a sweep (and a design's or a study's factor) may vary: a parameter, a lever's
    intensity (``<lever>``) or start (``<lever>.from``), or the seed."""
    return [n for n in BY_NAME if n not in LEVERS and n not in ("start_year", "end_year")] + [
        *LEVERS,
        *(f"{lev}.from" for lev in LEVERS),
        "seed",
    ]


def setting_keys() -> list[str]:
    """The keys of :meth:`Scenario.with_settings`: what a sweep varies, and the horizon."""
    return [*sweep_targets(), "start_year", "end_year"]


def check_setting(sc: Scenario, key: str, value: Any, fieldpath: str) -> Any:
    """The typed value ``value`` of the sweep target ``key`` as ``sc`` takes it (a ScenarioError
    naming ``fieldpath`` otherwise); a lever's start is checked by moving its schedule."""
    if key == "seed":
        return check_seed(value, fieldpath)
    if key.endswith(".from"):
        lever = key.removesuffix(".from")
        t = parse_time(value, fieldpath)
        moved_schedule(sc.schedules.get(lever, Schedule()), t, fieldpath, lever)  # stays in the calendar
        return t
    if key in LEVERS:
        return check_number(value, fieldpath, 0, 1, "a lever's intensity")
    return parameter_value(BY_NAME[key], value, fieldpath)


def check_sweep(sc: Scenario, key: str, values: Any) -> tuple[Any, ...]:
    """The values of ``[sweep] key = [...]`` as ``sc`` takes them, each once; a ScenarioError
    naming ``sweep.<key>`` or ``sweep.<key>[i]`` otherwise."""
    where = f"sweep.{key}"
    if key not in sweep_targets():
        hint = did_you_mean(key, sweep_targets())
        raise ScenarioError(
            where,
            f"cannot sweep {key!r}.{hint} A sweep varies a parameter, a lever's "
            "intensity (<lever>) or start (<lever>.from), or the seed",
        )
    if not isinstance(values, list | tuple) or not values:
        raise ScenarioError(where, "expected a non-empty list of values, e.g. [0.3, 0.6, 0.9]")
    if key.endswith(".from"):
        lever = key.removesuffix(".from")
        sched = sc.schedules.get(lever, Schedule())
        if not sched.segments:
            moved_schedule(sched, 0.0, where, lever)  # raises: nothing to move
    out = []
    for i, v in enumerate(values):
        vpath = f"{where}[{i}]"
        v = check_setting(sc, key, v, vpath)
        if v in out:
            raise ScenarioError(vpath, f"{show_setting(key, v)} is listed twice; each swept value once")
        out.append(v)
    return tuple(out)


def typed_setting(key: str, value: Any) -> Any:
    """A setting given as text (the command line's) as the declared type of ``key``; typed values,
    times and levers' settings (which read text themselves) as given."""
    if not isinstance(value, str):
        return value
    if key == "seed":
        try:
            return int(value)
        except ValueError:
            return value  # check_seed names it
    if key in BY_NAME and key not in LEVERS:
        try:
            return BY_NAME[key].check(value)
        except (TypeError, ValueError) as exc:
            raise ScenarioError(key, str(exc)) from None
    return value  # times and levers read text themselves


def lever_settings(sc: Scenario, settings: Mapping[str, Any]) -> dict[str, Schedule]:
    """The schedules that the lever keys of ``settings`` (``<lever>`` and ``<lever>.from``) make of
    ``sc``'s, applied in their order; a ScenarioError names the key."""
    current, changed = sc.schedules, {}
    for key, value in settings.items():
        lever = key.removesuffix(".from")
        sched = current.get(lever, Schedule())
        if key.endswith(".from"):
            sched = moved_schedule(sched, parse_time(value, key), key, lever)
        else:
            intensity, start = parse_lever_value(value, key)
            sched = (
                scaled_schedule(sched, intensity, key) if start is None else step_schedule(intensity, start)
            )
        current[lever] = changed[lever] = sched
    return changed
