"""Scenarios: a run described as data -- horizon, scale, seed, overrides, lever schedules, events.

A scenario file is TOML (never code). It names a title and description, the seed passages it
explores, the horizon, scale and seed, parameter overrides, an intervention schedule for each
lever (segments or points, step or linear) and exogenous events; ``extends = "base.toml"`` lets
it override a base scenario; an optional ``[sweep]`` table lists the values to sweep (and is the
only place they live). The format is documented in ``docs/scenarios.md``; the library of shipped
scenarios is in ``scenarios/`` (:mod:`regimesim.library`).

Files load into frozen :class:`Scenario` objects and ``load(dump(s)) == s``. Every mistake is one
:class:`ScenarioError` naming the file, the field (with its TOML line where it can be found) and
what is allowed; loading and checking write nothing. :meth:`Scenario.with_settings` applies the
settings grammar of ``--set``, sweeps, design and study factors and the app (:mod:`regimesim.settings`).

The pieces live in their own modules and are re-exported here: the errors and typed readers in
:mod:`regimesim.fields`, times in :mod:`regimesim.timeline`, the lever and event grammar in
:mod:`regimesim.schedules`; here are the scenario itself, ``extends``, running and the library.

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
import difflib
import hashlib
import itertools
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from regimesim.fields import (
    MAX_SEED,
    FieldError,
    ScenarioError,
    check_number,
    check_seed,
    did_you_mean,
    parameter_value,
)
from regimesim.levers import LEVERS, Event, Schedule
from regimesim.parameters import BY_NAME, Parameters, make_parameters
from regimesim.schedules import (
    EVENT_KEYS,
    FOREVER,
    SCHEDULE_KEYS,
    SEGMENT_KEYS,
    SHAPES,
    TOP_KEYS,
    checked_schedule,
    event_from,
    event_key,
    event_to_toml,
    moved_schedule,
    parse_lever_value,
    scaled_schedule,
    scenario_table,
    schedule_from,
    schedule_peak,
    schedule_to_toml,
)
from regimesim.settings import (
    check_setting,
    check_sweep,
    lever_settings,
    setting_keys,
    show_setting,
    sweep_targets,
    typed_setting,
)
from regimesim.timeline import MAX_YEAR, MIN_YEAR, check_time, format_time, month_time, parse_time, snap

if TYPE_CHECKING:
    from regimesim.engine import RunResult

#: ``historical``: the 2015 decentralisation, the benefits scandal and the labour-market squeeze,
#: placed by their structural parameters (:func:`regimesim.engine.historical_events`);
#: ``none``: a quiet landscape (only the scenario's own events).
LANDSCAPES = ("historical", "none")
SOURCE_KEYS = ("file", "section", "quote")
#: Parameters that have their own place in a scenario.
_RESERVED = {"start_year": "horizon.start", "end_year": "horizon.end", "scale": "scale"}


# --- the pieces ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A seed passage (or paper) a scenario explores: file, section and (optionally) a quote."""

    file: str
    section: str
    quote: str = ""


# --- the scenario -------------------------------------------------------------------------------


def _frozen_pairs(value: Any, fieldpath: str) -> tuple[tuple[str, Any], ...]:
    if isinstance(value, Mapping):
        return tuple(value.items())
    try:
        return tuple((str(k), v) for k, v in value)
    except (TypeError, ValueError):
        raise ScenarioError(fieldpath, f"expected a table (name = value), got {value!r}") from None


def _checked_events(raw: Any) -> tuple[Event, ...]:
    """The scenario's own events, each checked and snapped to its months, in time order."""
    events = []
    if isinstance(raw, Mapping | str | bytes):
        raise ScenarioError("events", "expected a list of event tables")
    for i, ev in enumerate(raw):
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
        size = check_number(ev.size, f"{where}.size", 0, 1000, "an event's size")
        events.append(Event(ev.kind, year, size, until))
    return tuple(sorted(events, key=event_key))


def _checked_sources(raw: Any) -> tuple[Source, ...]:
    """The seed passages a scenario explores, each with a file and a section."""
    sources = []
    for i, src in enumerate(raw if isinstance(raw, list | tuple) else [raw]):
        d = dataclasses.asdict(src) if isinstance(src, Source) else src
        d = scenario_table(d, f"sources[{i}]", SOURCE_KEYS, ("file", "section"))
        for k, v in d.items():
            if not isinstance(v, str) or (k != "quote" and not v.strip()):
                raise ScenarioError(f"sources[{i}].{k}", f"expected non-empty text, got {v!r}")
        sources.append(Source(**{k: v.replace("\r\n", "\n") for k, v in d.items()}))
    return tuple(sources)


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
        s(self, "scale", float(parameter_value(BY_NAME["scale"], self.scale, "scale")))
        s(self, "seed", check_seed(self.seed, "seed"))
        if self.landscape not in LANDSCAPES:
            raise ScenarioError(
                "landscape",
                f"{self.landscape!r} is not a landscape."
                f"{did_you_mean(str(self.landscape), LANDSCAPES)} Allowed: "
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
                    f"unknown lever.{did_you_mean(name, LEVERS)} Allowed: {', '.join(LEVERS)}",
                )
            levers[name] = checked_schedule(schedule_from(value, f"levers.{name}"), f"levers.{name}")
        s(self, "levers", tuple((k, levers[k]) for k in LEVERS if k in levers))

        s(self, "events", _checked_events(self.events))
        s(self, "sources", _checked_sources(self.sources))

        sweep = []
        for key, values in _frozen_pairs(self.sweep, "sweep"):
            sweep.append((key, check_sweep(self, key, values)))
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
                until = "" if ev.until >= FOREVER else f" to {format_time(ev.until)}"
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
                top[key] = parameter_value(BY_NAME[name], parameters.pop(name), _RESERVED[name])
        return self.replace(parameters={**dict(self.parameters), **parameters}, **top)

    def with_events(self, *events: Event | Mapping[str, Any]) -> Scenario:
        """A copy with these exogenous events added."""
        return self.replace(events=(*self.events, *events))

    def with_settings(self, settings: Mapping[str, Any]) -> Scenario:
        """A copy with these settings: the one grammar of ``--set``, sweeps, design and study
        factors and the app's mix.

        Keys (:func:`setting_keys`): ``seed``; ``scale``, ``start_year``, ``end_year`` or any
        declared parameter; a lever's name -- its intensity: the schedule scaled to peak there,
        timing kept (:meth:`with_lever_intensities`; a lever without segments is held at that
        value over the whole run), or ``"0.8@2030-01"``: a step at 0.8 from that month replacing
        the schedule; ``<lever>.from``: the schedule moved to start that month
        (:meth:`with_lever_starts`). Values may be typed or text (``"0.3"``, as the command line
        gives them; text becomes the declared type). A value that is wrong in itself raises a
        :class:`ScenarioError` with its key as the field; the settings apply together.

        >>> s = Scenario("demo").with_settings({"phase_out": "0.6@2027-01", "seed": 3})
        >>> s.schedules["phase_out"].segments[0].start, s.seed
        (2027.0, 3)
        """
        keys = setting_keys()
        top: dict[str, Any] = {}
        params: dict[str, Any] = {}
        levers: dict[str, Any] = {}
        for key, value in settings.items():
            key = str(key)
            if key not in keys:
                raise ScenarioError(
                    key,
                    f"cannot set {key!r}.{did_you_mean(key, keys)} A setting is the seed, a parameter, "
                    "a lever's intensity (<lever>, or a step from a month: <lever> = "
                    '"0.8@2030-01") or start (<lever>.from)',
                )
            value = typed_setting(key, value)
            if key.removesuffix(".from") in LEVERS:
                levers[key] = value
            elif key == "seed":
                top["seed"] = check_seed(value, key)
            elif key in _RESERVED:
                top[_RESERVED[key].removeprefix("horizon.")] = parameter_value(BY_NAME[key], value, key)
            else:
                params[key] = check_setting(self, key, value, key)
        if levers:
            top["levers"] = {**self.schedules, **lever_settings(self, levers)}
        if params:
            top["parameters"] = {**dict(self.parameters), **params}
        return self.replace(**top) if top else self

    def variants(self) -> list[Scenario]:
        """The scenarios of the sweep (its full factorial), or ``[self]`` without a sweep."""
        if not self.sweep:
            return [self]
        keys = [k for k, _ in self.sweep]
        out = []
        for combo in itertools.product(*(v for _, v in self.sweep)):
            tag = ", ".join(f"{k}={show_setting(k, v)}" for k, v in zip(keys, combo, strict=True))
            sc = dataclasses.replace(
                self, sweep=(), name=f"{self.label}[{tag}]", title=f"{self.title} ({tag})"
            )
            out.append(sc.with_settings(dict(zip(keys, combo, strict=True))))
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
            d["levers"] = {k: schedule_to_toml(v) for k, v in self.levers}
        if self.events:
            d["events"] = [event_to_toml(e) for e in self.events]
        if self.sweep:
            d["sweep"] = {k: list(v) for k, v in self.sweep}
        return d

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], *, name: str = "", path: Path | None = None) -> Scenario:
        """A scenario from a TOML table (``extends`` must already be resolved)."""
        if "extends" in raw:
            raise ScenarioError("extends", "resolve 'extends' with Scenario.load (it names a file)")
        scenario_table(raw, "", TOP_KEYS)
        horizon = scenario_table(raw.get("horizon", {}), "horizon", ("start", "end"))
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


def _lever_name(name: str) -> str:
    if name not in LEVERS:
        raise ScenarioError(
            f"levers.{name}", f"unknown lever.{did_you_mean(name, LEVERS)} Allowed: {', '.join(LEVERS)}"
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
    return parameter_value(BY_NAME[name], value, fieldpath)


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
        f"file) and no library scenario of that name.{did_you_mean(stem, names)} Library: "
        f"{', '.join(names)}",
    )


def _resolved(path: Path, chain: tuple[Path, ...]) -> tuple[dict[str, Any], str, int]:
    """The file's table merged over its base, its text, and how many events it inherited."""
    raw, text = _read(path)
    try:
        scenario_table(raw, "", TOP_KEYS)
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
        f"{did_you_mean(stem, names)} Library: {', '.join(names)}",
    )


__all__ = [
    "DEFAULT_SCENARIO",
    "EVENT_KEYS",
    "LANDSCAPES",
    "MAX_SEED",
    "SCHEDULE_KEYS",
    "SEGMENT_KEYS",
    "SHAPES",
    "SOURCE_KEYS",
    "TOP_KEYS",
    "FieldError",
    "Scenario",
    "ScenarioError",
    "Source",
    "check_seed",
    "check_setting",
    "check_sweep",
    "check_time",
    "dump",
    "event_from",
    "find_scenario",
    "format_time",
    "library",
    "library_dir",
    "library_files",
    "load",
    "month_time",
    "moved_schedule",
    "parse_lever_value",
    "parse_time",
    "run",
    "scaled_schedule",
    "schedule_from",
    "schedule_peak",
    "setting_keys",
    "snap",
    "sweep_targets",
]
