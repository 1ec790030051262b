"""Scenarios: a run described as data -- horizon, scale, seed, overrides, lever schedules, events.

A scenario file is TOML (never code). It names a title and description, the seed passages it
explores, the horizon, scale and seed, parameter overrides, an intervention schedule for each
lever (segments or points, step or linear) and exogenous events; ``extends = "base.toml"`` lets
it override a base scenario; an optional ``[sweep]`` table lists the values to sweep (and is the
only place they live). The format is documented in ``docs/scenarios.md``; the library of shipped
scenarios is in ``scenarios/`` (:mod:`regimesim.library`).

Files load into frozen :class:`Scenario` objects and ``load(dump(s)) == s``. Every mistake is one
:class:`ScenarioError` naming the file, the field (with its TOML line where it can be found) and
what is allowed; loading and checking write nothing.

Example
-------
>>> from regimesim.scenario import Scenario, run
>>> s = Scenario.load("scenarios/build_up_and_phase_out.toml")          # doctest: +SKIP
>>> s = s.with_levers(phase_out=[{"from": "2030-01", "intensity": 0.8}])  # doctest: +SKIP
>>> result = run(s, seed=3)                                              # doctest: +SKIP
>>> result.indicators["niche_share"].iloc[-1]                            # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import difflib
import hashlib
import itertools
import math
import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from regimesim.levers import EXOGENOUS, LEVERS, Event, Schedule, Segment
from regimesim.parameters import BY_NAME, Parameters, make_parameters
from regimesim.timeline import MAX_YEAR, MIN_YEAR

if TYPE_CHECKING:
    from regimesim.engine import RunResult

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
#: ``historical``: the 2015 decentralisation, the benefits scandal and the labour-market squeeze,
#: placed by their structural parameters (:func:`regimesim.engine.historical_events`);
#: ``none``: a quiet landscape (only the scenario's own events).
LANDSCAPES = ("historical", "none")
SHAPES = ("step", "linear")
SEGMENT_KEYS = ("from", "to", "intensity", "shape", "from_intensity")
SCHEDULE_KEYS = ("base", "segments", "points", "shape")
EVENT_KEYS = ("kind", "at", "from", "to", "size")
SOURCE_KEYS = ("file", "section", "quote")
#: Parameters that have their own place in a scenario.
_RESERVED = {"start_year": "horizon.start", "end_year": "horizon.end", "scale": "scale"}
#: A level event without an end lasts to the end of any run.
_FOREVER = float(MAX_YEAR + 1)
#: Seeds are whole numbers 0 <= seed <= MAX_SEED: what numpy's SeedSequence takes and a TOML
#: integer (signed 64-bit) holds, so that every seed written to a file can be read back.
MAX_SEED = 2**63 - 1


class ScenarioError(ValueError):
    """A mistake in a scenario: names the file (if any), the field and what is allowed."""

    def __init__(
        self, field: str, message: str, file: str | os.PathLike | None = None, line: int | None = None
    ) -> None:
        self.field, self.message, self.line = field, message, line
        self.file = None if file is None else str(file)
        super().__init__(self._text())

    def _text(self) -> str:
        where = "" if self.file is None else f"{self.file}"
        if self.line is not None:
            where += f" (line {self.line})" if where else f"line {self.line}"
        parts = [p for p in (where, self.field) if p]
        return f"{': '.join(parts)}: {self.message}" if parts else self.message

    def at(self, file: str | os.PathLike | None, text: str | None = None) -> ScenarioError:
        """This error attributed to ``file``, with the field's line looked up in ``text``."""
        line = self.line if self.line is not None else (_line_of(text, self.field) if text else None)
        return ScenarioError(self.field, self.message, file if self.file is None else self.file, line)


def _did_you_mean(name: str, allowed: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(allowed), n=1)
    return f" Did you mean {close[0]!r}?" if close else ""


def _mask(text: str) -> str:
    """``text`` with the insides of strings and comments blanked (newlines kept), so that keys
    and brackets can be found by position without being fooled by what strings contain."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            while i < n and text[i] != "\n":
                out[i] = " "
                i += 1
            continue
        if c in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and text[j : j + len(quote)] != quote:
                if quote[0] == '"' and text[j] == "\\":
                    j += 1
                elif len(quote) == 1 and text[j] == "\n":
                    break  # an unterminated one-line string ends with its line
                j += 1
            for k in range(i + len(quote), min(j, n)):
                if out[k] != "\n":
                    out[k] = " "
            i = j + len(quote)
            continue
        i += 1
    return "".join(out)


def _value_end(m: str, start: int, stop: int) -> int:
    """End of the TOML value that starts at ``start``: balanced brackets, then a comma, a
    closing bracket or (at the top) the end of the line."""
    depth = 0
    for i in range(start, stop):
        c = m[i]
        if c in "[{":
            depth += 1
        elif c in "]}":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and c in ",\n" and i > start:
            return i
    return stop


def _element(m: str, start: int, stop: int, index: int) -> tuple[int, int] | None:
    """Span of element ``index`` of the array whose ``[`` is the first bracket after ``start``."""
    i = start
    while i < stop and m[i] in " \t\r\n":
        i += 1
    if i >= stop or m[i] != "[":
        return None
    i += 1
    for k in range(index + 1):
        while i < stop and m[i] in " \t\r\n,":
            i += 1
        if i >= stop or m[i] == "]":
            return None
        end = _value_end(m, i, stop)
        if k == index:
            return i, end
        i = end
    return None


def _line_of(text: str, fieldpath: str) -> int | None:
    """The TOML line of a field such as ``levers.build_up[0].to`` or ``events[2].at``, or None
    when it cannot be told for sure (then no line is shown rather than a wrong one)."""
    parts = [
        (name, None if idx == "" else int(idx))
        for name, idx in re.findall(r"([^.\[\]]+)(?:\[(\d+)\])?", fieldpath)
    ]
    if not parts:
        return None
    m = _mask(text)

    def line(pos: int) -> int:
        return m.count("\n", 0, pos) + 1

    headers = [
        (h.start(), h.group(1), h.group(2).replace('"', "").replace(" ", ""))
        for h in re.finditer(r"^[ \t]*(\[\[?)([^\]\n]*?)\]\]?[ \t]*$", m, re.M)
    ]
    region, rest = (0, headers[0][0] if headers else len(m)), parts
    for depth in range(len(parts), 0, -1):  # the longest leading part that is a table header
        name = ".".join(p for p, _ in parts[:depth])
        idx = parts[depth - 1][1]
        hits = [
            k for k, (_, kind, h) in enumerate(headers) if h == name and (kind == "[[") == (idx is not None)
        ]
        if not hits and depth == len(parts):  # the field itself, whatever kind of header it has
            hits = [k for k, (_, _, h) in enumerate(headers) if h == name]
        if not hits or (idx is not None and idx >= len(hits)):
            continue
        k = hits[idx or 0]
        region = (headers[k][0], headers[k + 1][0] if k + 1 < len(headers) else len(m))
        rest = parts[depth:]
        if not rest:
            return line(headers[k][0])
        break
    start, stop = region
    i = 0
    while i < len(rest):
        name, idx = rest[i]
        found = None
        longest = i
        while longest + 1 < len(rest) and rest[longest][1] is None:
            longest += 1
        for j in range(longest, i - 1, -1):  # a quoted key may hold dots: "phase_out.from"
            key = ".".join(p for p, _ in rest[i : j + 1])
            lead = r"(?:\A|(?<=[{,\n]))[ \t]*"  # a key starts a line or follows { or ,
            bare = re.compile(lead + "(" + re.escape(key) + r")[ \t]*=")
            quoted = re.compile(lead + '"(' + re.escape(key) + r')"[ \t]*=')
            hits = [
                *(bare.finditer(m, start, stop) if "." not in key else ()),
                *(
                    h
                    for h in quoted.finditer(text, start, stop)  # blanked in the mask, but a
                    if m[h.start(1) - 1] == '"'
                ),
            ]  # real key's own quotes are not
            hits = sorted((h for h in hits if _depth(m, start, h.start(1)) == 0), key=lambda h: h.start())
            if hits:
                found, idx, i_next = hits[0], rest[j][1], j + 1
                break
        if found is None:
            return None
        value = found.end()
        if idx is not None:
            span = _element(m, value, stop, idx)
            if span is None:
                return None
            if i_next == len(rest):
                return line(span[0])
            start, stop = (span[0] + 1, span[1]) if m[span[0]] == "{" else span
        else:
            if i_next == len(rest):
                return line(found.start(1))
            end = _value_end(m, value, stop)
            inner = m.find("{", value, end)
            start, stop = (inner + 1, end) if inner >= 0 else (value, end)
        i = i_next
    return None


def _depth(m: str, start: int, pos: int) -> int:
    """Bracket depth at ``pos`` relative to ``start``."""
    seg = m[start:pos]
    return seg.count("[") + seg.count("{") - seg.count("]") - seg.count("}")


# --- times: "YYYY-MM", a year, a fractional year or a TOML date, snapped to the month ------------


def month_time(year: int, month: int = 1) -> float:
    """The fractional year of the first day of ``year``-``month`` (2027-07 is 2027.5)."""
    return year + (month - 1) / 12


def snap(value: float) -> float:
    """``value`` (a fractional year) rounded to the start of the nearest month."""
    months = round(float(value) * 12)
    return month_time(months // 12, months % 12 + 1)


def format_time(value: float) -> str:
    """A month time as ``"YYYY-MM"``."""
    months = round(float(value) * 12)
    return f"{months // 12:04d}-{months % 12 + 1:02d}"


_YM = re.compile(r"^\s*([0-9]{4})(?:-([0-9]{1,2}))?\s*$")


_FIRST, _LAST_START, _LAST_END = month_time(MIN_YEAR, 1), month_time(MAX_YEAR, 12), float(MAX_YEAR + 1)


def _time_range(end: bool) -> str:
    last = f"{MAX_YEAR + 1}-01 (the end of {MAX_YEAR})" if end else f"{MAX_YEAR}-12"
    return f"between {MIN_YEAR}-01 and {last}"


def check_time(t: float, fieldpath: str, *, end: bool = False) -> float:
    """``t`` snapped to its month, or a ScenarioError if it lies outside the model's calendar."""
    if isinstance(t, bool) or not isinstance(t, int | float) or not math.isfinite(t):
        raise ScenarioError(fieldpath, f"{t!r} is not a time; use a month {_time_range(end)}")
    if not _FIRST - 1 / 24 <= t <= (_LAST_END if end else _LAST_START) + 1 / 24:
        shown = format_time(t) if abs(t) < 10_000 else f"{t:g}"
        raise ScenarioError(
            fieldpath, f"{shown} is outside the model's calendar: use a month {_time_range(end)}"
        )
    return snap(t)


def parse_time(value: Any, fieldpath: str, *, end: bool = False) -> float:
    """A scenario time: ``"2027-03"``, ``"2027"``, ``2027``, ``2027.5`` or a TOML date.

    Starts (``from``, ``at``) run to 2100-12; ends (``to``) to 2101-01, the end of 2100.
    """
    allowed = f'a month "YYYY-MM" {_time_range(end)} (or a year such as 2027)'
    if isinstance(value, _dt.datetime | _dt.date):
        t = month_time(value.year, value.month)
    elif isinstance(value, str):
        m = _YM.match(value)
        if not m:
            raise ScenarioError(fieldpath, f"{value!r} is not a time; use {allowed}")
        month = int(m.group(2) or 1)
        if not 1 <= month <= 12:
            raise ScenarioError(fieldpath, f"{value!r} has month {month}; months run 1..12")
        t = month_time(int(m.group(1)), month)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        t = float(value)
    else:
        raise ScenarioError(fieldpath, f"{value!r} is not a time; use {allowed}")
    return check_time(t, fieldpath, end=end)


def check_seed(value: Any, fieldpath: str = "seed") -> int:
    """``value`` as a seed, or a ScenarioError: a whole number from 0 to 2**63 - 1."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScenarioError(
            fieldpath, f"{value!r} is not a seed; a seed is a whole number from 0 to 2**63 - 1 ({MAX_SEED})"
        )
    if not 0 <= value <= MAX_SEED:
        raise ScenarioError(
            fieldpath,
            f"{value} is outside the seeds' range: a seed is a non-negative whole "
            f"number below 2**63 (at most {MAX_SEED}), what a TOML file and numpy's "
            "SeedSequence both hold",
        )
    return int(value)


def _number(value: Any, fieldpath: str, low: float, high: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScenarioError(fieldpath, f"{value!r} is not a number; {what} must be in [{low:g}, {high:g}]")
    if not low <= value <= high:
        raise ScenarioError(fieldpath, f"{value!r} is outside the allowed range [{low:g}, {high:g}] ({what})")
    return float(value)


def _table(value: Any, fieldpath: str, keys: Sequence[str], required: Sequence[str] = ()) -> dict:
    if not isinstance(value, Mapping):
        raise ScenarioError(fieldpath, f"expected a table with keys {', '.join(keys)}, got {value!r}")
    for k in value:
        if k not in keys:
            where = f"{fieldpath}.{k}" if fieldpath else k
            hint = _did_you_mean(k, keys)
            if fieldpath and k in TOP_KEYS:
                hint += f" ('{k}' is a top-level key: put it above the first [table] header)"
            raise ScenarioError(where, f"unknown key.{hint} Allowed: {', '.join(keys)}")
    for k in required:
        if k not in value:
            raise ScenarioError(fieldpath, f"'{k}' is missing (needed: {', '.join(required)})")
    return dict(value)


# --- the pieces ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A seed passage (or paper) a scenario explores: file, section and (optionally) a quote."""

    file: str
    section: str
    quote: str = ""


def _segment(raw: Any, fieldpath: str) -> Segment:
    d = _table(raw, fieldpath, SEGMENT_KEYS, ("from", "intensity"))
    start = parse_time(d["from"], f"{fieldpath}.from")
    end = parse_time(d["to"], f"{fieldpath}.to", end=True) if "to" in d else None
    intensity = _number(d["intensity"], f"{fieldpath}.intensity", 0, 1, "a lever's intensity")
    shape = d.get("shape", "step")
    if shape not in SHAPES:
        hint = _did_you_mean(str(shape), SHAPES)
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
        ramp_from = _number(d["from_intensity"], f"{fieldpath}.from_intensity", 0, 1, "a lever's intensity")
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
            item = _table(item, where, ("at", "intensity"), ("at", "intensity"))
            item = [item["at"], item["intensity"]]
        if not isinstance(item, list) or len(item) != 2:
            raise ScenarioError(where, f"expected a [time, intensity] pair, got {item!r}")
        t = parse_time(item[0], where)
        v = _number(item[1], where, 0, 1, "a lever's intensity")
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
            return Schedule.constant(_number(raw, fieldpath, 0, 1, "a lever's intensity"))
        if isinstance(raw, Segment):
            return Schedule(segments=(raw,))
        if isinstance(raw, list):
            return Schedule(
                segments=tuple(
                    s if isinstance(s, Segment) else _segment(s, f"{fieldpath}[{i}]")
                    for i, s in enumerate(raw)
                )
            )
        d = _table(raw, fieldpath, SCHEDULE_KEYS)
        base = _number(d.get("base", 0.0), f"{fieldpath}.base", 0, 1, "a lever's intensity")
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


def _schedule_to_toml(s: Schedule) -> Any:
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
    intensity = _number(intensity, fieldpath, 0, 1, "a lever's intensity")
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


def _checked_schedule(s: Schedule, fieldpath: str) -> Schedule:
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


def _strict(param, value: Any, fieldpath: str) -> float | int:
    """A declared parameter's value from a file: a number (not text, not true/false), in range."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        kind = "a whole number" if param.integer else "a number"
        raise ScenarioError(
            fieldpath,
            f"{value!r} is not {kind}; '{param.name}' must be {kind} in "
            f"[{param.low:g}, {param.high:g}] ({param.unit})",
        )
    try:
        return param.check(value)
    except (TypeError, ValueError) as exc:
        raise ScenarioError(fieldpath, str(exc)) from None


def event_from(raw: Any, fieldpath: str) -> Event:
    """An exogenous event from its TOML table (``at`` for a one-month pulse, ``from``/``to`` for a level)."""
    if isinstance(raw, Event):
        return raw
    d = _table(raw, fieldpath, EVENT_KEYS, ("kind",))
    kind = d["kind"]
    if kind not in EXOGENOUS:
        hint = _did_you_mean(str(kind), EXOGENOUS)
        raise ScenarioError(
            f"{fieldpath}.kind", f"unknown event kind {kind!r}.{hint} Allowed: {', '.join(EXOGENOUS)}"
        )
    size = _number(d.get("size", 1.0), f"{fieldpath}.size", 0, 1000, "an event's size")
    if "at" in d:
        if "from" in d or "to" in d:
            raise ScenarioError(fieldpath, "give 'at' (a one-month pulse) or 'from'/'to' (a level), not both")
        return Event(kind, parse_time(d["at"], f"{fieldpath}.at"), size)
    if "from" not in d:
        raise ScenarioError(fieldpath, "'at' (a one-month pulse) or 'from' (a level held to 'to') is missing")
    start = parse_time(d["from"], f"{fieldpath}.from")
    until = parse_time(d["to"], f"{fieldpath}.to", end=True) if "to" in d else _FOREVER
    if until <= start:
        raise ScenarioError(
            f"{fieldpath}.to",
            f"ends ({format_time(until)}) before or when it starts "
            f"({format_time(start)}); 'to' must be after 'from'",
        )
    return Event(kind, start, size, until)


def _event_to_toml(e: Event) -> dict[str, Any]:
    d: dict[str, Any] = {"kind": e.kind}
    if e.until is None:
        d["at"] = format_time(e.year)
    else:
        d["from"] = format_time(e.year)
        if e.until < _FOREVER:
            d["to"] = format_time(e.until)
    d["size"] = float(e.size)
    return d


def _event_key(e: Event) -> tuple:
    return (e.year, e.kind, e.size, -1.0 if e.until is None else e.until)


# --- the scenario -------------------------------------------------------------------------------


def _frozen_pairs(value: Any, fieldpath: str) -> tuple[tuple[str, Any], ...]:
    if isinstance(value, Mapping):
        return tuple(value.items())
    try:
        return tuple((str(k), v) for k, v in value)
    except (TypeError, ValueError):
        raise ScenarioError(fieldpath, f"expected a table (name = value), got {value!r}") from None


@dataclass(frozen=True)
class Scenario:
    """A validated, immutable scenario. Build one with :meth:`load`, :meth:`from_dict` or directly.

    Mappings given for ``parameters``, ``levers`` and ``sweep`` are frozen into sorted tuples
    (use :attr:`overrides`, :attr:`schedules` and :attr:`sweep_table` to read them as dicts);
    times are snapped to whole months, so that ``load(dump(s)) == s``.
    """

    title: str
    description: str = ""
    start: int = int(BY_NAME["start_year"].default)
    end: int = int(BY_NAME["end_year"].default)
    scale: float = float(BY_NAME["scale"].default)
    seed: int = 0
    landscape: str = "historical"
    parameters: tuple[tuple[str, float | int], ...] = ()
    levers: tuple[tuple[str, Schedule], ...] = ()
    events: tuple[Event, ...] = ()
    sources: tuple[Source, ...] = ()
    sweep: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    #: short name (the file's stem for a loaded scenario); not part of equality
    name: str = field(default="", compare=False)
    #: the file it was loaded from, if any; not part of equality
    path: Path | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        s = object.__setattr__
        if not isinstance(self.title, str) or not self.title.strip():
            raise ScenarioError("title", "a scenario needs a non-empty title (text)")
        if not isinstance(self.description, str):
            raise ScenarioError("description", f"expected text, got {self.description!r}")
        s(self, "title", self.title.replace("\r\n", "\n"))  # files are read with universal newlines
        s(self, "description", self.description.replace("\r\n", "\n"))
        for key, value in (("horizon.start", self.start), ("horizon.end", self.end)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ScenarioError(
                    key, f"{value!r} is not a whole year; use a year in {MIN_YEAR}..{MAX_YEAR}"
                )
            if not MIN_YEAR <= value <= MAX_YEAR:
                raise ScenarioError(key, f"{value} is outside the model's range {MIN_YEAR}..{MAX_YEAR}")
        if self.end < self.start:
            raise ScenarioError(
                "horizon.end",
                f"{self.end} is before horizon.start = {self.start}; a run "
                "ends in or after the year it starts",
            )
        s(self, "scale", float(_strict(BY_NAME["scale"], self.scale, "scale")))
        s(self, "seed", check_seed(self.seed, "seed"))
        if self.landscape not in LANDSCAPES:
            raise ScenarioError(
                "landscape",
                f"{self.landscape!r} is not a landscape."
                f"{_did_you_mean(str(self.landscape), LANDSCAPES)} Allowed: "
                f"{', '.join(LANDSCAPES)}",
            )

        params = {}
        for name, value in _frozen_pairs(self.parameters, "parameters"):
            params[name] = _check_parameter(name, value, f"parameters.{name}")
        s(self, "parameters", tuple(sorted(params.items())))

        levers = {}
        for name, value in _frozen_pairs(self.levers, "levers"):
            if name not in LEVERS:
                raise ScenarioError(
                    f"levers.{name}",
                    f"unknown lever.{_did_you_mean(name, LEVERS)} Allowed: {', '.join(LEVERS)}",
                )
            levers[name] = _checked_schedule(schedule_from(value, f"levers.{name}"), f"levers.{name}")
        s(self, "levers", tuple((k, levers[k]) for k in LEVERS if k in levers))

        events = []
        if isinstance(self.events, Mapping | str | bytes):
            raise ScenarioError("events", "expected a list of event tables")
        for i, ev in enumerate(self.events):
            ev = event_from(ev, f"events[{i}]")
            where = f"events[{i}]"
            year = check_time(ev.year, f"{where}.from" if ev.until is not None else f"{where}.at")
            until = None if ev.until is None else check_time(ev.until, f"{where}.to", end=True)
            if until is not None and until <= year:
                raise ScenarioError(
                    f"{where}.to",
                    f"ends ({format_time(until)}) before or when it starts "
                    f"({format_time(year)}); 'to' must be after 'from'",
                )
            size = _number(ev.size, f"{where}.size", 0, 1000, "an event's size")
            events.append(Event(ev.kind, year, size, until))
        s(self, "events", tuple(sorted(events, key=_event_key)))

        sources = []
        for i, src in enumerate(self.sources if isinstance(self.sources, list | tuple) else [self.sources]):
            d = dataclasses.asdict(src) if isinstance(src, Source) else src
            d = _table(d, f"sources[{i}]", SOURCE_KEYS, ("file", "section"))
            for k, v in d.items():
                if not isinstance(v, str) or (k != "quote" and not v.strip()):
                    raise ScenarioError(f"sources[{i}].{k}", f"expected non-empty text, got {v!r}")
            sources.append(Source(**{k: v.replace("\r\n", "\n") for k, v in d.items()}))
        s(self, "sources", tuple(sources))

        sweep = []
        for key, values in _frozen_pairs(self.sweep, "sweep"):
            sweep.append((key, _check_sweep(self, key, values)))
        s(self, "sweep", tuple(sweep))
        # a swept parameter's value lives in the sweep: it supersedes an inherited setting
        swept = {k for k, _ in sweep}
        s(self, "parameters", tuple((k, v) for k, v in self.parameters if k not in swept))

        try:  # cross-checks between parameters (e.g. a scale too small for the regions)
            self.params  # noqa: B018
        except (TypeError, ValueError) as exc:
            raise ScenarioError("parameters", str(exc)) from None
        if not self.name and self.path is not None:
            s(self, "name", Path(self.path).stem)

    # --- reading ---------------------------------------------------------------------------------

    @property
    def overrides(self) -> dict[str, float | int]:
        """Parameter overrides including the horizon and scale (what :func:`make_parameters` takes)."""
        return {**dict(self.parameters), "start_year": self.start, "end_year": self.end, "scale": self.scale}

    @property
    def params(self) -> Parameters:
        return make_parameters(self.overrides)

    @property
    def schedules(self) -> dict[str, Schedule]:
        return dict(self.levers)

    @property
    def sweep_table(self) -> dict[str, tuple[Any, ...]]:
        return dict(self.sweep)

    def event_list(self, params: Parameters | None = None) -> list[Event]:
        """All exogenous events of a run: the landscape's (if historical) plus the scenario's own."""
        from regimesim.engine import historical_events

        base = historical_events(params or self.params) if self.landscape == "historical" else []
        return [*base, *self.events]

    def inputs(self) -> dict[str, Any]:
        """Keyword arguments for :func:`regimesim.simulate` and :class:`regimesim.RegimeModel`."""
        if self.sweep:
            raise ScenarioError(
                "sweep",
                f"scenario {self.label!r} sweeps {len(self.variants())} variants; "
                "run each of scenario.variants()",
            )
        params = self.params
        return {"params": params, "levers": self.schedules, "events": self.event_list(params)}

    @property
    def label(self) -> str:
        return self.name or self.title

    def horizon_warnings(self) -> list[str]:
        """Lever segments and events that start or fall outside the horizon (January of
        ``start`` to December of ``end``), one message each; those of a sweep's variants too.

        Nothing here is an error -- a segment may start before the horizon on purpose (it is then
        in force from the first month) -- but a segment or event wholly outside the horizon has no
        effect, which is most often a mistake (a horizon shortened with ``--until``, a typo in a
        year). ``regimesim check``, ``run`` and ``compare`` print them as warnings.
        """
        own = self._horizon_warnings()
        out = list(own)
        for v in self.variants() if self.sweep else ():
            out += [f"{v.label}: {w}" for w in v._horizon_warnings() if w not in own]
        return out

    def _horizon_warnings(self) -> list[str]:
        first, stop = month_time(self.start), float(self.end + 1)
        span = f"the horizon {format_time(first)} to {self.end}-12"
        out = []

        def check(what: str, start: float, end: float | None, pulse: bool = False) -> None:
            end_ = start + 1 / 12 if pulse else (stop if end is None else end)
            if start >= stop or end_ <= first:
                where = "after" if start >= stop else "before"
                out.append(f"{what} lies wholly {where} {span}: it has no effect")
            elif start < first:
                out.append(f"{what} starts before {span}: it is in force from {format_time(first)}")

        for name, sched in self.levers:
            for g in sched.segments:
                until = "" if g.end is None else f" to {format_time(g.end)}"
                check(f"levers.{name}: the segment from {format_time(g.start)}{until}", g.start, g.end)
        for ev in self.events:
            if ev.until is None:
                check(f"events: {ev.kind} at {format_time(ev.year)}", ev.year, None, pulse=True)
            else:
                until = "" if ev.until >= _FOREVER else f" to {format_time(ev.until)}"
                check(f"events: {ev.kind} from {format_time(ev.year)}{until}", ev.year, ev.until)
        return out

    # --- changing (every method returns a new, validated scenario) -----------------------------

    def replace(self, **changes: Any) -> Scenario:
        """A copy with fields replaced (validated again)."""
        return dataclasses.replace(self, **changes)

    def with_levers(self, **levers: Any) -> Scenario:
        """A copy with these levers' schedules replaced.

        Each value may be a :class:`~regimesim.levers.Schedule`, a constant intensity, a
        :class:`~regimesim.levers.Segment`, or what a scenario file allows (a list of segment
        tables such as ``[{"from": "2027-01", "intensity": 0.6}]`` or ``{"points": [...]}``).
        A constant holds from the first simulated month, spin-up and history included; to change
        only a lever's intensity and keep the file's timing use :meth:`with_lever_intensities`,
        to move its start :meth:`with_lever_starts`.
        """
        return self.replace(levers={**self.schedules, **levers})

    def with_lever_intensities(self, **intensities: float) -> Scenario:
        """A copy with these levers' schedules scaled so that each peaks at the given intensity.

        Timing and shape are kept (see :func:`scaled_schedule`): ``with_lever_intensities(
        phase_out=0.8)`` on a phase-out from 2027 at 0.6 gives a phase-out from 2027 at 0.8. A
        lever without segments becomes a constant over the whole run. This is what a sweep over
        ``<lever>`` and ``--set <lever>=VALUE`` do.
        """
        scheds = self.schedules
        return self.with_levers(
            **{
                k: scaled_schedule(scheds.get(_lever_name(k), Schedule()), v, f"levers.{k}")
                for k, v in intensities.items()
            }
        )

    def with_lever_starts(self, **starts: Any) -> Scenario:
        """A copy with these levers' schedules moved to start at the given month (``"2030-01"``,
        a year or a fractional year); every segment moves with the first. This is what a sweep
        over ``<lever>.from`` and ``--set <lever>.from=YYYY-MM`` do."""
        scheds = self.schedules
        return self.with_levers(
            **{
                k: moved_schedule(
                    scheds.get(_lever_name(k), Schedule()),
                    parse_time(v, f"levers.{k}.from"),
                    f"levers.{k}.from",
                    k,
                )
                for k, v in starts.items()
            }
        )

    def with_parameters(self, **parameters: Any) -> Scenario:
        """A copy with these parameter overrides added (``scale`` and the horizon included)."""
        top = {}
        for name, key in (("scale", "scale"), ("start_year", "start"), ("end_year", "end")):
            if name in parameters:
                top[key] = _strict(BY_NAME[name], parameters.pop(name), _RESERVED[name])
        return self.replace(parameters={**dict(self.parameters), **parameters}, **top)

    def with_events(self, *events: Event | Mapping[str, Any]) -> Scenario:
        """A copy with these exogenous events added."""
        return self.replace(events=(*self.events, *events))

    def variants(self) -> list[Scenario]:
        """The scenarios of the sweep (its full factorial), or ``[self]`` without a sweep."""
        if not self.sweep:
            return [self]
        keys = [k for k, _ in self.sweep]
        out = []
        for combo in itertools.product(*(v for _, v in self.sweep)):
            tag = ", ".join(f"{k}={_show(k, v)}" for k, v in zip(keys, combo, strict=True))
            sc = dataclasses.replace(
                self, sweep=(), name=f"{self.label}[{tag}]", title=f"{self.title} ({tag})"
            )
            for k, v in zip(keys, combo, strict=True):
                sc = _apply_sweep(sc, k, v)
            out.append(sc)
        return out

    # --- files -----------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The TOML table of this scenario (complete: no ``extends``)."""
        d: dict[str, Any] = {"title": self.title}
        if self.description:
            d["description"] = self.description
        if self.sources:
            d["sources"] = [{k: v for k, v in dataclasses.asdict(s).items() if v} for s in self.sources]
        d["horizon"] = {"start": self.start, "end": self.end}
        d["scale"] = self.scale
        d["seed"] = self.seed
        d["landscape"] = self.landscape
        if self.parameters:
            d["parameters"] = dict(self.parameters)
        if self.levers:
            d["levers"] = {k: _schedule_to_toml(v) for k, v in self.levers}
        if self.events:
            d["events"] = [_event_to_toml(e) for e in self.events]
        if self.sweep:
            d["sweep"] = {k: list(v) for k, v in self.sweep}
        return d

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], *, name: str = "", path: Path | None = None) -> Scenario:
        """A scenario from a TOML table (``extends`` must already be resolved)."""
        if "extends" in raw:
            raise ScenarioError("extends", "resolve 'extends' with Scenario.load (it names a file)")
        _table(raw, "", TOP_KEYS)
        horizon = _table(raw.get("horizon", {}), "horizon", ("start", "end"))
        sources = raw.get("sources", [])
        if not isinstance(sources, list):
            raise ScenarioError("sources", "expected a list of [[sources]] tables (file, section, quote)")
        events = raw.get("events", [])
        if not isinstance(events, list):
            raise ScenarioError("events", "expected a list of [[events]] tables")
        for key in ("parameters", "levers", "sweep"):
            if key in raw and not isinstance(raw[key], Mapping):
                raise ScenarioError(key, f"expected a [{key}] table (name = value)")
        if "title" not in raw:
            raise ScenarioError("title", "is missing; every scenario needs a title")
        kwargs: dict[str, Any] = {
            "title": raw["title"],
            "description": raw.get("description", ""),
            "start": horizon.get("start", cls.start),
            "end": horizon.get("end", cls.end),
            "scale": raw.get("scale", cls.scale),
            "seed": raw.get("seed", 0),
            "landscape": raw.get("landscape", "historical"),
            "parameters": raw.get("parameters", {}),
            "levers": raw.get("levers", {}),
            "events": events,
            "sources": sources,
            "sweep": raw.get("sweep", {}),
        }
        return cls(**kwargs, name=name, path=path)

    @classmethod
    def load(cls, path: str | os.PathLike) -> Scenario:
        """Load a scenario file (resolving ``extends``); raises :class:`ScenarioError` on any mistake."""
        path = Path(path)
        raw, text, inherited = _resolved(path, ())
        try:
            return cls.from_dict(raw, name=path.stem, path=path)
        except ScenarioError as exc:
            m = re.match(r"events\[(\d+)\](.*)", exc.field)
            if m and inherited and int(m.group(1)) >= inherited:  # count this file's own events
                exc = ScenarioError(
                    f"events[{int(m.group(1)) - inherited}]{m.group(2)}", exc.message, exc.file, exc.line
                )
            raise exc.at(path, text) from None

    def dumps(self) -> str:
        """The scenario as TOML text."""
        import tomli_w

        return tomli_w.dumps(self.to_dict(), multiline_strings=True)

    def dump(self, path: str | os.PathLike) -> Path:
        """Write the scenario to ``path`` (atomically: a complete file or none; mode from the umask)."""
        from regimesim._output import save

        path = Path(path)
        text = self.dumps()
        path.parent.mkdir(parents=True, exist_ok=True)
        save(path, text)
        return path

    def digest(self) -> str:
        """SHA-256 of the scenario's canonical TOML (what provenance records)."""
        return hashlib.sha256(self.dumps().encode()).hexdigest()


def _show(key: str, v: Any) -> str:
    return format_time(v) if key.endswith(".from") else f"{v:.10g}" if isinstance(v, float) else f"{v}"


def _lever_name(name: str) -> str:
    if name not in LEVERS:
        raise ScenarioError(
            f"levers.{name}", f"unknown lever.{_did_you_mean(name, LEVERS)} Allowed: {', '.join(LEVERS)}"
        )
    return name


def _check_parameter(name: str, value: Any, fieldpath: str) -> float | int:
    if name in _RESERVED:
        raise ScenarioError(fieldpath, f"'{name}' has its own place in a scenario: set {_RESERVED[name]}")
    if name in LEVERS:
        raise ScenarioError(
            fieldpath,
            f"'{name}' is a lever: give its schedule under [levers] "
            f'(e.g. {name} = [{{ from = "2027-01", intensity = 0.6 }}])',
        )
    if name not in BY_NAME:
        close = difflib.get_close_matches(name, list(BY_NAME), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        if close and close[0] in LEVERS:
            hint += " (a lever: its schedule goes under [levers])"
        raise ScenarioError(fieldpath, f"unknown parameter.{hint} See `regimesim parameters` for the list")
    return _strict(BY_NAME[name], value, fieldpath)


def _sweep_targets() -> list[str]:
    return [n for n in BY_NAME if n not in LEVERS and n not in ("start_year", "end_year")] + [
        *LEVERS,
        *(f"{lev}.from" for lev in LEVERS),
        "seed",
    ]


def _check_sweep(sc: Scenario, key: str, values: Any) -> tuple[Any, ...]:
    where = f"sweep.{key}"
    if key not in _sweep_targets():
        hint = _did_you_mean(key, _sweep_targets())
        raise ScenarioError(
            where,
            f"cannot sweep {key!r}.{hint} A sweep varies a parameter, a lever's "
            "intensity (<lever>) or start (<lever>.from), or the seed",
        )
    if not isinstance(values, list | tuple) or not values:
        raise ScenarioError(where, "expected a non-empty list of values, e.g. [0.3, 0.6, 0.9]")
    out = []
    for i, v in enumerate(values):
        vpath = f"{where}[{i}]"
        if key == "seed":
            v = check_seed(v, vpath)
        elif key.endswith(".from"):
            lever = key.removesuffix(".from")
            sched = sc.schedules.get(lever, Schedule())
            if not sched.segments:
                moved_schedule(sched, 0.0, where, lever)  # raises: nothing to move
            v = parse_time(v, vpath)
            moved_schedule(sched, v, vpath, lever)  # every moved time must stay in the calendar
        elif key in LEVERS:
            v = _number(v, vpath, 0, 1, "a lever's intensity")
        else:
            v = _strict(BY_NAME[key], v, vpath)
        if v in out:
            raise ScenarioError(vpath, f"{_show(key, v)} is listed twice; each swept value once")
        out.append(v)
    return tuple(out)


def _apply_sweep(sc: Scenario, key: str, value: Any) -> Scenario:
    if key == "seed":
        return sc.replace(seed=value)
    if key == "scale":
        return sc.replace(scale=value)
    if key.endswith(".from"):
        return sc.with_lever_starts(**{key.removesuffix(".from"): value})
    if key in LEVERS:
        return sc.with_lever_intensities(**{key: value})
    return sc.with_parameters(**{key: value})


# --- reading files, with extends ----------------------------------------------------------------

_MAX_DEPTH = 10


def _read(path: Path) -> tuple[dict[str, Any], str]:
    if path.suffix != ".toml":
        raise ScenarioError("", f"a scenario file is TOML and ends in .toml (got {path.name!r})", path)
    try:
        if path.is_dir():
            raise ScenarioError("", "is a folder, not a scenario file", path)
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is not part of the TOML
    except FileNotFoundError:
        raise ScenarioError("", "no such file", path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError("", f"cannot be read: {exc}", path) from None
    try:
        return tomllib.loads(text), text
    except RecursionError:
        raise ScenarioError("", "is not valid TOML: arrays or tables nested too deeply", path) from None
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line = int(m.group(1)) if m else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
        col = f", column {m.group(2)}" if m else ""
        raise ScenarioError("", f"is not valid TOML: {msg}{col}", path, line) from None


def _merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """``child`` over ``base``: tables merge key by key, events add up, other values replace."""
    out = dict(base)
    for key, value in child.items():
        if key in ("parameters", "levers", "horizon", "sweep") and isinstance(value, Mapping):
            out[key] = {**base.get(key, {}), **value}
        elif key == "events" and isinstance(value, list):
            out[key] = [*base.get("events", []), *value]
        else:
            out[key] = value
    return out


def _base_path(ext: Any, here: Path) -> Path:
    """The file ``extends = ext`` names, for the scenario file ``here``: a file of that name
    beside ``here`` (a path relative to it) if there is one, else the library scenario of that
    name (``"history"`` or ``"history.toml"``)."""
    if not isinstance(ext, str) or not ext.strip():
        raise ScenarioError(
            "extends",
            f"expected a scenario file (a path relative to this file, ending "
            f"in .toml) or a library scenario's name, got {ext!r}",
        )
    names = [p.stem for p in library_files()]
    local = (here.parent / ext).resolve()
    if ext.endswith(".toml") and local.is_file() and local != here:
        return local
    stem = ext.removesuffix(".toml")
    if stem in names and "/" not in ext and os.sep not in ext:
        lib = (library_dir() / f"{stem}.toml").resolve()
        if lib != here:
            return lib
    if ext.endswith(".toml") and local.exists():  # itself, or a folder: reported as a cycle or by _read
        return local
    raise ScenarioError(
        "extends",
        f"base scenario {ext!r} not found: no file {local} (relative to this "
        f"file) and no library scenario of that name.{_did_you_mean(stem, names)} Library: "
        f"{', '.join(names)}",
    )


def _resolved(path: Path, chain: tuple[Path, ...]) -> tuple[dict[str, Any], str, int]:
    """The file's table merged over its base, its text, and how many events it inherited."""
    raw, text = _read(path)
    try:
        _table(raw, "", TOP_KEYS)
        own = raw.get("parameters", {})
        for key in raw.get("sweep", {}) if isinstance(raw.get("sweep"), Mapping) else ():
            if isinstance(own, Mapping) and key in own:
                raise ScenarioError(
                    f"sweep.{key}",
                    f"'{key}' is also set under [parameters] in this file; swept values live only in [sweep]",
                )
    except ScenarioError as exc:
        raise exc.at(path, text) from None
    if "extends" not in raw:
        return raw, text, 0
    ext = raw.pop("extends")
    here = path.resolve()
    try:
        base_path = _base_path(ext, here)
    except ScenarioError as exc:
        raise exc.at(path, text) from None
    if base_path in (*chain, here):
        names = " -> ".join(p.name for p in (*chain, here, base_path))
        raise ScenarioError("extends", f"scenarios extend each other in a cycle: {names}").at(path, text)
    if len(chain) >= _MAX_DEPTH:
        raise ScenarioError("extends", f"more than {_MAX_DEPTH} levels of extends").at(path, text)
    base_raw, base_text, _ = _resolved(base_path, (*chain, here))
    try:  # the base must be a valid scenario on its own
        base = Scenario.from_dict(base_raw, name=base_path.stem, path=base_path)
    except ScenarioError as exc:
        raise exc.at(base_path, base_text) from None
    merged = _merge(base.to_dict(), raw)
    if "sources" not in raw:
        merged["sources"] = base.to_dict().get("sources", [])
    return merged, text, len(base.events)


def load(path: str | os.PathLike) -> Scenario:
    """Load a scenario file (see :meth:`Scenario.load`)."""
    return Scenario.load(path)


def dump(scenario: Scenario, path: str | os.PathLike) -> Path:
    """Write a scenario file (see :meth:`Scenario.dump`)."""
    return scenario.dump(path)


# --- running ------------------------------------------------------------------------------------


def run(
    scenario: Scenario | str | os.PathLike,
    seed: int | None = None,
    *,
    progress: bool = False,
    regional: str | None = None,
) -> RunResult:
    """Run ``scenario`` (a :class:`Scenario` or a file) with ``seed`` (default: the scenario's seed).

    Returns the :class:`~regimesim.engine.RunResult`: ``.indicators`` (DataFrame by month),
    ``.phases``, ``.crossing_year()``, ``.provenance`` (with the scenario's digest) and
    ``.plot_xcurve()``; with ``regional="month"`` or ``"year"`` also ``.regions`` and
    ``.municipalities`` (see :func:`~regimesim.engine.simulate`).
    """
    from regimesim.engine import simulate

    if not isinstance(scenario, Scenario):
        scenario = Scenario.load(scenario)
    seed = scenario.seed if seed is None else check_seed(seed, "seed")
    result = simulate(**scenario.inputs(), seed=seed, progress=progress, regional=regional)
    result.scenario = scenario
    result.provenance.update(
        scenario=scenario.label,
        scenario_title=scenario.title,
        scenario_sha256=scenario.digest(),
        scenario_file=None if scenario.path is None else Path(scenario.path).name,
    )
    return result


# --- the library ----------------------------------------------------------------------------------

#: The scenario ``regimesim run`` uses when no file is given.
DEFAULT_SCENARIO = "history"


def library_dir() -> Path:
    """Folder of the shipped scenario library (``scenarios/`` in the source tree)."""
    from importlib.resources import files

    return Path(str(files("regimesim.library")))


def library_files() -> list[Path]:
    """The library's scenario files, by name."""
    return sorted(library_dir().glob("*.toml"))


def library() -> list[Scenario]:
    """Every scenario of the library, loaded, by name."""
    return [Scenario.load(p) for p in library_files()]


def find_scenario(name_or_path: str | os.PathLike) -> Path:
    """A scenario file: an existing path, or the name of a library scenario (``history``)."""
    path = Path(name_or_path)
    if path.exists() or (
        path.suffix == ".toml" and (os.sep in str(name_or_path) or "/" in str(name_or_path))
    ):
        return path
    stem = path.name.removesuffix(".toml")
    names = [p.stem for p in library_files()]
    if stem in names:
        return library_dir() / f"{stem}.toml"
    if path.suffix == ".toml":
        return path  # a missing file: loading it reports "no such file"
    raise ScenarioError(
        "",
        f"{str(name_or_path)!r} is neither a scenario file nor a library scenario."
        f"{_did_you_mean(stem, names)} Library: {', '.join(names)}",
    )
