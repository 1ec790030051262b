"""Levers as time-varying intensities, and exogenous events.

A lever is a steering intensity in [0, 1] that can change month by month (a *schedule*). The
seven levers are those of [DRIFT2025] (Aanbeveling 2: opbouw, ombouw, afbouw,
voortbouw; Aanbeveling 3 and 4: learning infrastructure with practice-policy coalitions) and of
[Athena2024] (experimental space, counter-discourse after incidents). Their
declarations (meaning, source, holder) live with the parameters in :mod:`regimesim.parameters`;
the column order the kernels use (``LEVERS``, ``EXOGENOUS``, re-exported here, and the column
constants ``L_*`` and ``X_*``, which live there only) is in the pandas-free
:mod:`regimesim.lever_columns`; here is the schedule arithmetic.

The rules read levers only through the ``levers`` matrix (``n_steps x N_LEVERS``) built here: a
:class:`Schedule` per lever, made of :class:`Segment` pieces (step or linear ramp).

Exogenous events (``exo`` matrix, ``n_steps x N_EXO``) are what nobody in the model steers: the
2015 decentralisation ([DRIFT2025] "Met de decentralisatie in 2015 is destabilisatie ... geforceerd"),
publicised incidents forced at given months, landscape pressure pulses (benefits scandal, housing
crisis: [DRIFT2025] Destabilisatie), a trust shock and the labour-market squeeze ([Athena2024] the tight
labour market as "roze olifant").
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import numpy as np

from regimesim.lever_columns import (  # re-exported: the declarations' order, from the pandas-free module
    EVENT_MEANINGS,
    EXOGENOUS,
    LEVERS,
    N_EXO,
    N_LEVERS,
)
from regimesim.timeline import Timeline, format_time

__all__ = [
    "EVENT_MEANINGS",
    "EXOGENOUS",
    "LEVERS",
    "N_EXO",
    "N_LEVERS",
    "Event",
    "Schedule",
    "Segment",
    "exo_matrix",
    "lever_index",
    "lever_matrix",
]


def _unknown(kind: str, name: str, allowed: tuple[str, ...]) -> ValueError:
    close = difflib.get_close_matches(name, allowed, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return ValueError(f"unknown {kind} {name!r}.{hint} Allowed: {', '.join(allowed)}")


def lever_index(name: str) -> int:
    """Column of ``name`` in the lever matrix; a clear error for an unknown lever."""
    if name not in LEVERS:
        raise _unknown("lever", name, LEVERS)
    return LEVERS.index(name)


@dataclass(frozen=True)
class Segment:
    """Intensity of a lever from ``start`` (a fractional year, inclusive) to ``end`` (exclusive).

    ``end=None`` means to the end of the run. With ``ramp=True`` the intensity rises (or falls)
    linearly from ``ramp_from`` (default: the value in force just before ``start``) to
    ``intensity`` at ``end``, and holds that value until the next segment.
    """

    start: float
    intensity: float
    end: float | None = None
    ramp: bool = False
    ramp_from: float | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= float(self.intensity) <= 1.0:
            raise ValueError(f"lever intensity {self.intensity} is outside the allowed range [0, 1]")
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"segment end {self.end} is not after its start {self.start}")
        if self.ramp and self.end is None:
            raise ValueError("a ramp segment needs an end year (the year the ramp reaches its value)")
        if self.ramp_from is not None:
            if not self.ramp:
                raise ValueError("ramp_from is only meaningful for a ramp segment (ramp=True)")
            if not 0.0 <= float(self.ramp_from) <= 1.0:
                raise ValueError(f"lever intensity {self.ramp_from} is outside the allowed range [0, 1]")


@dataclass(frozen=True)
class Schedule:
    """A lever's intensity over time: a constant ``base`` overridden by ordered segments."""

    base: float = 0.0
    segments: tuple[Segment, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not 0.0 <= float(self.base) <= 1.0:
            raise ValueError(f"lever base intensity {self.base} is outside the allowed range [0, 1]")
        ordered = sorted(self.segments, key=lambda s: s.start)
        for a, b in zip(ordered, ordered[1:], strict=False):
            a_end = float("inf") if a.end is None else a.end
            if b.start < a_end:
                until = "has no end" if a.end is None else f"ends ({format_time(a.end)})"
                raise ValueError(
                    f"lever segments overlap: one starts {format_time(b.start)}, before the one from "
                    f"{format_time(a.start)} {until}; segments of one lever must not overlap"
                )
        object.__setattr__(self, "segments", tuple(ordered))

    @classmethod
    def constant(cls, intensity: float) -> Schedule:
        return cls(base=float(intensity))

    @classmethod
    def from_year(cls, year: float, intensity: float, until: float | None = None) -> Schedule:
        """``intensity`` from ``year`` (to ``until``), zero elsewhere: "phase-out from 2027 at 0.6"."""
        return cls(segments=(Segment(start=float(year), intensity=float(intensity), end=until),))

    def values(self, timeline: Timeline) -> np.ndarray:
        """Monthly intensities over ``timeline`` (float64, length ``timeline.n_steps``).

        A schedule is a function of calendar time: a segment that began before the run stands in
        the run's first month where it stands then (a ramp part way up, or ended and holding its
        end value), whenever the run starts."""
        first = min((int(np.floor(seg.start)) for seg in self.segments), default=timeline.start_year)
        if first < timeline.start_year:  # computed from the first segment's year on, then cut
            return self.values(Timeline(first, timeline.end_year))[-timeline.n_steps :]
        out = np.full(timeline.n_steps, float(self.base))
        for seg in self.segments:
            s = max(timeline.step_of_fraction(seg.start), 0)
            e = timeline.n_steps if seg.end is None else timeline.step_of_fraction(seg.end)
            e_clip = min(e, timeline.n_steps)
            if s >= e_clip:
                continue
            if seg.ramp:
                first = timeline.step_of_fraction(seg.start)
                if seg.ramp_from is not None:
                    before = float(seg.ramp_from)
                else:
                    before = out[first - 1] if first >= 1 else self.base
                span = max(e - first, 1)
                k = np.arange(s, e_clip) - first + 1
                out[s:e_clip] = before + (seg.intensity - before) * k / span
                if e < timeline.n_steps:  # a ramp holds its end value until the next segment
                    out[e:] = seg.intensity
            else:
                out[s:e_clip] = seg.intensity
        return out


def lever_matrix(schedules: dict[str, Schedule], timeline: Timeline) -> np.ndarray:
    """The ``n_steps x N_LEVERS`` matrix the kernels read; levers not named stay at zero."""
    out = np.zeros((timeline.n_steps, N_LEVERS))
    for name, schedule in schedules.items():
        out[:, lever_index(name)] = schedule.values(timeline)
    return out


@dataclass(frozen=True)
class Event:
    """An exogenous event: ``kind`` (one of :data:`EXOGENOUS`) of ``size`` at ``year`` (fractional).

    With ``until`` the event is a level held from ``year`` to ``until`` (e.g. the labour-market
    squeeze); without it, a one-month pulse.
    """

    kind: str
    year: float
    size: float = 1.0
    until: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in EXOGENOUS:
            raise _unknown("event", self.kind, EXOGENOUS)
        if self.size < 0:
            raise ValueError(f"event {self.kind!r} size {self.size} must be >= 0")
        if self.until is not None and self.until <= self.year:
            raise ValueError(f"event {self.kind!r} ends ({self.until}) before it starts ({self.year})")


def exo_matrix(events: tuple[Event, ...] | list[Event], timeline: Timeline) -> np.ndarray:
    """The ``n_steps x N_EXO`` matrix of exogenous inputs; events outside the run are ignored."""
    out = np.zeros((timeline.n_steps, N_EXO))
    for ev in events:
        col = EXOGENOUS.index(ev.kind)
        s = timeline.step_of_fraction(ev.year)
        if ev.until is None:
            if 0 <= s < timeline.n_steps:
                out[s, col] += ev.size
        else:
            e = min(timeline.step_of_fraction(ev.until), timeline.n_steps)
            if e > max(s, 0):
                out[max(s, 0) : e, col] += ev.size
    return out
