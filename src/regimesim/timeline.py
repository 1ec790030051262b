"""Calendar of a run: one step is one month.

Step ``t`` (0-based) is the month ``start_year``-01 plus ``t`` months. The model's supported
range of calendar years is :data:`MIN_YEAR` to :data:`MAX_YEAR` (a transition takes 20-50 years,
[DRIFT2025], "Wat is een transitie?"; the regime is "at least 50 years" old).

Times in files and messages are months: a fractional year (2027.5 is 2027-07) read from
``"YYYY-MM"``, a year or a TOML date by :func:`parse_time`, checked against the calendar by
:func:`check_time` and written back by :func:`format_time`.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from regimesim.fields import ScenarioError

MIN_YEAR = 1990
MAX_YEAR = 2100


# --- month times: "YYYY-MM", a year, a fractional year or a TOML date, snapped to the month -----


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


@dataclass(frozen=True)
class Timeline:
    """Months from ``start_year``-01 through ``end_year``-12, inclusive."""

    start_year: int
    end_year: int

    def __post_init__(self) -> None:
        for name in ("start_year", "end_year"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | np.integer):
                raise TypeError(f"{name} must be a whole year, got {value!r}")
            if not MIN_YEAR <= value <= MAX_YEAR:
                raise ValueError(f"{name}={value} is outside the model's range {MIN_YEAR}..{MAX_YEAR}")
        if self.end_year < self.start_year:
            raise ValueError(
                f"end_year={self.end_year} is before start_year={self.start_year}; "
                "a run must end in or after the year it starts"
            )

    @property
    def n_steps(self) -> int:
        return 12 * (self.end_year - self.start_year + 1)

    def step_of(self, year: int, month: int = 1) -> int:
        """Step index of ``year``-``month`` (may lie outside the run: negative or >= n_steps)."""
        return 12 * (int(year) - self.start_year) + int(month) - 1

    def step_of_fraction(self, year: float) -> int:
        """Step index of a fractional year such as 2027.5 (rounded to the nearest month)."""
        return int(round((float(year) - self.start_year) * 12))

    def year_of(self, step: int | np.ndarray) -> float | np.ndarray:
        """Fractional calendar year of a step (2010-01 is 2010.0, 2010-07 is 2010.5)."""
        return self.start_year + np.asarray(step) / 12.0

    def index(self) -> pd.PeriodIndex:
        """Monthly :class:`pandas.PeriodIndex` of the run, named ``month``."""
        return pd.period_range(f"{self.start_year}-01", periods=self.n_steps, freq="M", name="month")
