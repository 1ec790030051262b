"""Calendar of a run: one step is one month.

Step ``t`` (0-based) is the month ``start_year``-01 plus ``t`` months. The model's supported
range of calendar years is :data:`MIN_YEAR` to :data:`MAX_YEAR` (a transition takes 20-50 years,
[DRIFT2025], "Wat is een transitie?"; the regime is "at least 50 years" old).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_YEAR = 1990
MAX_YEAR = 2100


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
