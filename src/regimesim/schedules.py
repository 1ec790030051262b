"""The lever and event grammar of scenario files: schedules (segments or points, step or linear),
exogenous events, and the setting of one lever (an intensity, or an intensity from a month).

What ``[levers]`` and ``[[events]]`` of a scenario file may hold (docs/scenarios.md) is read here
into :class:`~regimesim.levers.Schedule` and :class:`~regimesim.levers.Event` objects -- every
mistake a :class:`~regimesim.fields.ScenarioError` naming its field -- and written back to TOML;
a schedule can be scaled to peak at an intensity (:func:`scaled_schedule`, what a sweep over a
lever does) or moved in time (:func:`moved_schedule`, a sweep over ``<lever>.from``).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from typing import Any

from regimesim.fields import ScenarioError, check_number, check_table, did_you_mean
from regimesim.levers import EXOGENOUS, Event, Schedule, Segment
from regimesim.timeline import MAX_YEAR, check_time, format_time, parse_time

#: The keys a scenario file may have at its top level.
TOP_KEYS = (
    "title",
    "description",
    "extends",
    "sources",
    "horizon",
    "scale",
    "seed",
    "landscape",
    "parameters",
    "levers",
    "events",
    "sweep",
)
SHAPES = ("step", "linear")
SEGMENT_KEYS = ("from", "to", "intensity", "shape", "from_intensity")
SCHEDULE_KEYS = ("base", "segments", "points", "shape")
EVENT_KEYS = ("kind", "at", "from", "to", "size")
#: A level event without an end lasts to the end of any run.
FOREVER = float(MAX_YEAR + 1)


def scenario_table(value: Any, fieldpath: str, keys: tuple[str, ...], required: tuple[str, ...] = ()) -> dict:
    """A table of a scenario file: a top-level key met inside it is told to move up
    (see :func:`regimesim.fields.check_table`)."""
    return check_table(value, fieldpath, keys, required, top_keys=TOP_KEYS)


# --- lever schedules ----------------------------------------------------------------------------


def _segment(raw: Any, fieldpath: str) -> Segment:
    d = scenario_table(raw, fieldpath, SEGMENT_KEYS, ("from", "intensity"))
    start = parse_time(d["from"], f"{fieldpath}.from")
    end = parse_time(d["to"], f"{fieldpath}.to", end=True) if "to" in d else None
    intensity = check_number(d["intensity"], f"{fieldpath}.intensity", 0, 1, "a lever's intensity")
    shape = d.get("shape", "step")
    if shape not in SHAPES:
        hint = did_you_mean(str(shape), SHAPES)
        raise ScenarioError(
            f"{fieldpath}.shape", f"{shape!r} is not a shape.{hint} Allowed: {', '.join(SHAPES)}"
        )
    if end is not None and end <= start:
        raise ScenarioError(
            f"{fieldpath}.to",
            f"ends ({format_time(end)}) before or when it starts "
            f"({format_time(start)}); 'to' must be after 'from'",
        )
    if shape == "linear" and end is None:
        raise ScenarioError(fieldpath, "a linear segment needs 'to', the month its ramp reaches 'intensity'")
    ramp_from = None
    if "from_intensity" in d:
        if shape != "linear":
            raise ScenarioError(
                f"{fieldpath}.from_intensity", "only a linear segment has a starting intensity"
            )
        ramp_from = check_number(
            d["from_intensity"], f"{fieldpath}.from_intensity", 0, 1, "a lever's intensity"
        )
    return Segment(start, intensity, end, shape == "linear", ramp_from)


def _points(raw: Any, shape: str, fieldpath: str) -> tuple[Segment, ...]:
    if not isinstance(raw, list) or not raw:
        raise ScenarioError(
            fieldpath, 'expected a list of [time, intensity] pairs, e.g. [["2025-01", 0.2], ["2030-01", 0.8]]'
        )
    pts = []
    for i, item in enumerate(raw):
        where = f"{fieldpath}[{i}]"
        if isinstance(item, Mapping):
            item = scenario_table(item, where, ("at", "intensity"), ("at", "intensity"))
            item = [item["at"], item["intensity"]]
        if not isinstance(item, list) or len(item) != 2:
            raise ScenarioError(where, f"expected a [time, intensity] pair, got {item!r}")
        t = parse_time(item[0], where)
        v = check_number(item[1], where, 0, 1, "a lever's intensity")
        if pts and t <= pts[-1][0]:
            raise ScenarioError(
                where,
                f"{format_time(t)} is not after the previous point "
                f"({format_time(pts[-1][0])}); points must be in time order",
            )
        pts.append((t, v))
    if shape == "step":
        ends = [t for t, _ in pts[1:]] + [None]
        return tuple(Segment(t, v, e) for (t, v), e in zip(pts, ends, strict=True))
    if len(pts) < 2:
        raise ScenarioError(fieldpath, "a linear schedule needs at least two points")
    return tuple(Segment(t0, v1, t1, True, v0) for (t0, v0), (t1, v1) in itertools.pairwise(pts))


def schedule_from(raw: Any, fieldpath: str) -> Schedule:
    """A lever schedule from its TOML value: a number, a list of segments or a table."""
    try:
        if isinstance(raw, Schedule):
            return raw
        if isinstance(raw, bool):
            raise ScenarioError(
                fieldpath,
                f"{raw!r} is not an intensity; use a number in [0, 1], "
                "a list of segments or a table with 'points'",
            )
        if isinstance(raw, int | float):
            return Schedule.constant(check_number(raw, fieldpath, 0, 1, "a lever's intensity"))
        if isinstance(raw, Segment):
            return Schedule(segments=(raw,))
        if isinstance(raw, list):
            return Schedule(
                segments=tuple(
                    s if isinstance(s, Segment) else _segment(s, f"{fieldpath}[{i}]")
                    for i, s in enumerate(raw)
                )
            )
        d = scenario_table(raw, fieldpath, SCHEDULE_KEYS)
        base = check_number(d.get("base", 0.0), f"{fieldpath}.base", 0, 1, "a lever's intensity")
        if "segments" in d and "points" in d:
            raise ScenarioError(fieldpath, "give either 'segments' or 'points', not both")
        shape = d.get("shape", "step")
        if shape not in SHAPES:
            raise ScenarioError(
                f"{fieldpath}.shape", f"{shape!r} is not a shape. Allowed: {', '.join(SHAPES)}"
            )
        if "points" in d:
            return Schedule(base, _points(d["points"], shape, f"{fieldpath}.points"))
        if "shape" in d:
            raise ScenarioError(
                f"{fieldpath}.shape", "'shape' applies to 'points'; give each segment its own shape"
            )
        segs = d.get("segments", [])
        if not isinstance(segs, list):
            raise ScenarioError(f"{fieldpath}.segments", "expected a list of segment tables")
        return Schedule(base, tuple(_segment(s, f"{fieldpath}.segments[{i}]") for i, s in enumerate(segs)))
    except ScenarioError:
        raise
    except ValueError as exc:  # overlapping segments and the like, from Schedule itself
        raise ScenarioError(fieldpath, str(exc)) from None


def schedule_to_toml(s: Schedule) -> Any:
    segs = []
    for seg in s.segments:
        d: dict[str, Any] = {"from": format_time(seg.start)}
        if seg.end is not None:
            d["to"] = format_time(seg.end)
        d["intensity"] = float(seg.intensity)
        if seg.ramp:
            d["shape"] = "linear"
            if seg.ramp_from is not None:
                d["from_intensity"] = float(seg.ramp_from)
        segs.append(d)
    if not segs:
        return float(s.base)
    if s.base == 0:
        return segs
    return {"base": float(s.base), "segments": segs}


def schedule_peak(s: Schedule) -> float:
    """The highest intensity a schedule reaches (its base, a segment's or a ramp's start)."""
    ramps = (g.ramp_from for g in s.segments if g.ramp_from is not None)
    return max((float(s.base), *(float(g.intensity) for g in s.segments), *ramps))


def scaled_schedule(s: Schedule, intensity: float, fieldpath: str = "intensity") -> Schedule:
    """``s`` with its peak intensity set to ``intensity``, its timing and shape kept.

    Every intensity of the schedule (its base, each segment's, each ramp's start) is multiplied
    by ``intensity / peak``, so a single step from 2027 at 0.6 becomes a step from 2027 at
    ``intensity`` and a staircase 0.3, 0.6, 0.9 scaled to 0.6 becomes 0.2, 0.4, 0.6. A schedule
    without segments (a constant, or a lever the scenario does not schedule) becomes the
    constant ``intensity`` over the whole run; a schedule whose segments are all 0 gets
    ``intensity`` in each of its segments.
    """
    intensity = check_number(intensity, fieldpath, 0, 1, "a lever's intensity")
    if not s.segments:
        return Schedule.constant(intensity)
    peak = schedule_peak(s)
    if peak == 0:
        return Schedule(s.base, tuple(dataclasses.replace(g, intensity=intensity) for g in s.segments))

    def scaled(v: float) -> float:
        return intensity if v == peak else min(1.0, v * intensity / peak)

    return Schedule(
        scaled(s.base),
        tuple(
            dataclasses.replace(
                g,
                intensity=scaled(g.intensity),
                ramp_from=None if g.ramp_from is None else scaled(g.ramp_from),
            )
            for g in s.segments
        ),
    )


def moved_schedule(s: Schedule, start: float, fieldpath: str, lever: str = "") -> Schedule:
    """``s`` moved in time so that its first segment starts at ``start`` (every segment, ends
    included, moves with it); a ScenarioError if ``s`` has no segment or a moved time leaves the
    model's calendar."""
    if not s.segments:
        raise ScenarioError(fieldpath, f"lever {lever!r} has no segments to move; give it one under [levers]")
    shift = start - s.segments[0].start
    segs = tuple(
        dataclasses.replace(
            g,
            start=check_time(g.start + shift, fieldpath),
            end=None if g.end is None else check_time(g.end + shift, fieldpath, end=True),
        )
        for g in s.segments
    )
    return Schedule(s.base, segs)


def checked_schedule(s: Schedule, fieldpath: str) -> Schedule:
    """``s`` with its times snapped to months and checked against the model's calendar."""
    segs = []
    for i, g in enumerate(s.segments):
        start = check_time(g.start, f"{fieldpath}[{i}].from")
        end = None if g.end is None else check_time(g.end, f"{fieldpath}[{i}].to", end=True)
        if end is not None and end <= start:
            raise ScenarioError(
                f"{fieldpath}[{i}].to",
                f"ends ({format_time(end)}) before or when it "
                f"starts ({format_time(start)}); 'to' must be after 'from'",
            )
        segs.append(dataclasses.replace(g, start=start, end=end))
    try:
        return Schedule(s.base, tuple(segs))
    except ValueError as exc:
        raise ScenarioError(fieldpath, str(exc)) from None


# --- exogenous events ---------------------------------------------------------------------------


def event_from(raw: Any, fieldpath: str) -> Event:
    """An exogenous event from its TOML table (``at`` for a one-month pulse, ``from``/``to`` for a level)."""
    if isinstance(raw, Event):
        return raw
    d = scenario_table(raw, fieldpath, EVENT_KEYS, ("kind",))
    kind = d["kind"]
    if kind not in EXOGENOUS:
        hint = did_you_mean(str(kind), EXOGENOUS)
        raise ScenarioError(
            f"{fieldpath}.kind", f"unknown event kind {kind!r}.{hint} Allowed: {', '.join(EXOGENOUS)}"
        )
    size = check_number(d.get("size", 1.0), f"{fieldpath}.size", 0, 1000, "an event's size")
    if "at" in d:
        if "from" in d or "to" in d:
            raise ScenarioError(fieldpath, "give 'at' (a one-month pulse) or 'from'/'to' (a level), not both")
        return Event(kind, parse_time(d["at"], f"{fieldpath}.at"), size)
    if "from" not in d:
        raise ScenarioError(fieldpath, "'at' (a one-month pulse) or 'from' (a level held to 'to') is missing")
    start = parse_time(d["from"], f"{fieldpath}.from")
    until = parse_time(d["to"], f"{fieldpath}.to", end=True) if "to" in d else FOREVER
    if until <= start:
        raise ScenarioError(
            f"{fieldpath}.to",
            f"ends ({format_time(until)}) before or when it starts "
            f"({format_time(start)}); 'to' must be after 'from'",
        )
    return Event(kind, start, size, until)


def event_to_toml(e: Event) -> dict[str, Any]:
    d: dict[str, Any] = {"kind": e.kind}
    if e.until is None:
        d["at"] = format_time(e.year)
    else:
        d["from"] = format_time(e.year)
        if e.until < FOREVER:
            d["to"] = format_time(e.until)
    d["size"] = float(e.size)
    return d


def event_key(e: Event) -> tuple:
    return (e.year, e.kind, e.size, -1.0 if e.until is None else e.until)


# --- one lever's setting: "0.8" or "0.8@2030-01" -------------------------------------------------


def parse_lever_value(value: Any, fieldpath: str, *, usage: str | None = None) -> tuple[float, float | None]:
    """A lever's setting: an intensity in [0, 1] (a number or text such as ``"0.8"``) and, after
    ``@``, the month a step at that intensity starts (``"0.8@2030-01"``), else None.

    A ScenarioError names ``fieldpath``; ``usage`` replaces the message for a value that is not
    a number (the command line explains its own ``--set`` syntax).
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ScenarioError(fieldpath, usage or _LEVER_USAGE)
    if not isinstance(value, str):
        return check_number(value, fieldpath, 0, 1, "a lever's intensity"), None
    number, at, when = value.partition("@")
    try:
        intensity = float(number)
    except ValueError:
        raise ScenarioError(fieldpath, usage or _LEVER_USAGE) from None
    if not 0 <= intensity <= 1:
        raise ScenarioError(fieldpath, f"{number} is outside the allowed range [0, 1] (a lever's intensity)")
    return intensity, (parse_time(when, fieldpath) if at else None)


_LEVER_USAGE = (
    "a lever takes an intensity in [0, 1] (0.8: its schedule scaled to peak at 0.8, timing kept) "
    'or an intensity and a start month ("0.8@2030-01": a step from then on)'
)


def step_schedule(intensity: float, start: float) -> Schedule:
    """A lever held at ``intensity`` from ``start`` (a month time) on, zero before."""
    return Schedule(segments=(Segment(start, intensity),))
