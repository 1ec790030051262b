"""The X-curve: phases of the regime (breakdown) curve and the niche (build-up) curve, and the
crossing year.

Source: the figure "X-curve van transitiedynamiek: Loorbach et al. (2017), Hebinck et al. (2022)"
in ``000_b25d9b2d34752588.txt`` (DRIFT 2025; labels Optimaliseren, Destabiliseren, Chaos,
Afbreken, Uitfaseren; Experimenteren, [Versnellen], Emergentie, Institutionaliseren,
Stabiliseren), digest §6. The figure gives no numbers; the rules below turn its qualitative
reading into thresholds, which are documented and adjustable in :class:`PhaseRules`.

Rules (all on centred moving averages over ``smoothing_months``; slopes per year, taken across
the same window so that month-to-month noise cannot flip them):

Regime curve, strength ``R`` (falling means slope < ``-fall_slope``):

1. ``phasing_out``: ``R < phase_out_level`` (the old regime is a remnant);
2. ``optimising``: ``R`` not falling (steady or recovering: a regime that absorbs a shock goes
   back to optimising, as the 2015 decentralisation shows);
3. ``chaos``: falling while pressure is ``chaos_rise`` above its baseline (the median of the
   first ``baseline_years``) -- the seeds' "incidenten, crises, kosten en werkdruk" near the
   crossing (digest §6.1);
4. ``destabilising``: falling with ``R >= breakdown_level``;
5. ``breaking_down``: falling below ``breakdown_level``.

Niche curve, share ``N`` of families helped the new way, institutionalised share ``I``:

1. below ``emerge_level``: ``accelerating`` if rising faster than ``rise_slope``, else
   ``experimenting``;
2. between ``emerge_level`` and ``institution_level``: ``emerging``;
3. above ``institution_level``: ``institutionalising`` while ``N`` or ``I`` still rises, else
   ``stabilising``.

Noise: after labelling, runs shorter than ``min_months`` are merged into the preceding run (the
first run into the following one), repeatedly, so Monte-Carlo noise cannot make labels flicker.

Crossing: the first month from which the smoothed niche share exceeds the smoothed regime
strength for at least ``crossing_persist_months`` in a row ("for good"); a crossing in the last
``crossing_persist_months`` of a run is not counted (it has not been shown to last).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

REGIME_PHASES = ("optimising", "destabilising", "chaos", "breaking_down", "phasing_out")
NICHE_PHASES = ("experimenting", "accelerating", "emerging", "institutionalising", "stabilising")

_RANGES = {
    "smoothing_months": (1, 240),
    "fall_slope": (0.0, 1.0),
    "rise_slope": (0.0, 1.0),
    "phase_out_level": (0.0, 1.0),
    "breakdown_level": (0.0, 1.0),
    "chaos_rise": (0.0, 10.0),
    "baseline_years": (1, 100),
    "emerge_level": (0.0, 1.0),
    "institution_level": (0.0, 1.0),
    "min_months": (1, 240),
    "crossing_persist_months": (1, 600),
}


@dataclass(frozen=True)
class PhaseRules:
    """Thresholds of the phase rules (see the module docstring)."""

    smoothing_months: int = 25  #: centred moving-average window (odd keeps it symmetric)
    fall_slope: float = 0.01  #: regime strength falling faster than this a year is "falling"
    rise_slope: float = 0.01  #: niche share rising faster than this a year is "rising"
    phase_out_level: float = 0.2  #: below: the regime is phasing out
    breakdown_level: float = 0.5  #: below (while falling): breaking down
    chaos_rise: float = 0.1  #: pressure this fraction above its baseline marks chaos
    baseline_years: int = 10  #: pressure baseline: median over the first years
    emerge_level: float = 0.15  #: niche share above which the new practice is emerging
    institution_level: float = 0.5  #: niche share above which it institutionalises
    min_months: int = 12  #: shortest phase kept
    crossing_persist_months: int = 24  #: how long the niche must stay above the regime

    def __post_init__(self) -> None:
        for f in fields(self):
            lo, hi = _RANGES[f.name]
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"PhaseRules.{f.name} must be a number in [{lo}, {hi}]")
            if f.type == "int" and not float(value).is_integer():
                raise ValueError(f"PhaseRules.{f.name} must be a whole number in [{lo}, {hi}]")
            if not (lo <= value <= hi) or not np.isfinite(value):
                raise ValueError(f"PhaseRules.{f.name} = {value!r} is outside [{lo}, {hi}]")
        if self.phase_out_level >= self.breakdown_level:
            raise ValueError("PhaseRules.phase_out_level must be below breakdown_level")
        if self.emerge_level >= self.institution_level:
            raise ValueError("PhaseRules.emerge_level must be below institution_level")


@dataclass(frozen=True)
class Phases:
    """Phase codes of every step: ``regime`` indexes :data:`REGIME_PHASES`, ``niche``
    :data:`NICHE_PHASES` (int8 arrays)."""

    regime: np.ndarray
    niche: np.ndarray

    def to_frame(self, index: pd.Index | None = None) -> pd.DataFrame:
        """Columns ``regime_phase`` and ``niche_phase`` as ordered categoricals."""
        return pd.DataFrame(
            {
                "regime_phase": pd.Categorical.from_codes(
                    self.regime, categories=list(REGIME_PHASES), ordered=True),
                "niche_phase": pd.Categorical.from_codes(
                    self.niche, categories=list(NICHE_PHASES), ordered=True),
            },
            index=index,
        )  # fmt: skip

    def spans(self, which: str = "regime") -> list[tuple[str, int, int]]:
        """Runs of equal phase as ``(name, first_step, last_step_exclusive)``."""
        codes, names = (self.regime, REGIME_PHASES) if which == "regime" else (
            self.niche, NICHE_PHASES)  # fmt: skip
        return [(names[c], s, e) for c, s, e in _runs(codes)]


def _check(**series: np.ndarray) -> list[np.ndarray]:
    out = []
    n = None
    for name, x in series.items():
        a = np.asarray(x, dtype=float)
        if a.ndim != 1 or a.size == 0:
            raise ValueError(f"{name} must be a non-empty 1-D series, got shape {a.shape}")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{name} contains NaN or infinite values")
        if n is not None and a.size != n:
            raise ValueError(f"{name} has {a.size} steps, the other series have {n}")
        n = a.size
        out.append(a)
    return out


def smooth(x: np.ndarray, months: int) -> np.ndarray:
    """Centred moving average (shorter windows at the edges)."""
    return pd.Series(x).rolling(int(months), center=True, min_periods=1).mean().to_numpy()


def slope(x: np.ndarray, months: int, steps_per_year: float) -> np.ndarray:
    """Change a year, from the difference across +-``months // 2`` steps (one-sided at edges)."""
    n = x.size
    if n < 2:
        return np.zeros(n)
    h = max(1, int(months) // 2)
    idx = np.arange(n)
    hi = np.minimum(idx + h, n - 1)
    lo = np.maximum(idx - h, 0)
    return (x[hi] - x[lo]) / (hi - lo) * steps_per_year


def _runs(codes: np.ndarray) -> list[tuple[int, int, int]]:
    edges = np.flatnonzero(np.diff(codes)) + 1
    starts = np.r_[0, edges]
    ends = np.r_[edges, len(codes)]
    return [(int(codes[s]), int(s), int(e)) for s, e in zip(starts, ends, strict=True)]


def _merge_short(codes: np.ndarray, min_len: int) -> np.ndarray:
    codes = codes.copy()
    while True:
        runs = _runs(codes)
        if len(runs) <= 1:
            return codes
        short = [i for i, (_, s, e) in enumerate(runs) if e - s < min_len]
        if not short:
            return codes
        # merge the shortest run first into its preceding run (the first into its successor)
        i = min(short, key=lambda k: runs[k][2] - runs[k][1])
        _, s, e = runs[i]
        codes[s:e] = runs[i - 1][0] if i > 0 else runs[i + 1][0]


def label_phases(
    regime: np.ndarray,
    niche: np.ndarray,
    institutionalised: np.ndarray,
    pressure: np.ndarray,
    steps_per_year: int = 12,
    rules: PhaseRules | None = None,
) -> Phases:
    """Label every step with its regime-curve and niche-curve phase (rules: module docstring)."""
    rules = rules or PhaseRules()
    R, N, inst, P = _check(regime=regime, niche=niche, institutionalised=institutionalised,
                           pressure=pressure)  # fmt: skip
    w = rules.smoothing_months
    R, N, inst, P = (smooth(x, w) for x in (R, N, inst, P))
    per_year = float(steps_per_year)
    dR, dN, dI = (slope(x, w, per_year) for x in (R, N, inst))
    baseline = float(np.median(P[: max(1, int(rules.baseline_years * steps_per_year))]))

    falling = dR < -rules.fall_slope
    chaos = falling & (baseline * (1.0 + rules.chaos_rise) < P)
    reg = np.select(
        [rules.phase_out_level > R, ~falling, chaos, rules.breakdown_level <= R],
        [4, 0, 2, 1],
        default=3,
    ).astype(np.int8)

    rising = dN > rules.rise_slope
    still = rising | (dI > rules.rise_slope)
    nic = np.select(
        [rules.emerge_level > N, rules.institution_level > N, still],
        [np.where(rising, 1, 0), 2, 3],
        default=4,
    ).astype(np.int8)
    m = rules.min_months
    return Phases(_merge_short(reg, m), _merge_short(nic, m))


def crossing_index(
    regime: np.ndarray,
    niche: np.ndarray,
    steps_per_year: int = 12,
    rules: PhaseRules | None = None,
) -> int | None:
    """First step from which the niche stays above the regime (smoothed), or None."""
    rules = rules or PhaseRules()
    R, N = _check(regime=regime, niche=niche)
    above = smooth(N, rules.smoothing_months) > smooth(R, rules.smoothing_months)
    need = rules.crossing_persist_months
    for code, s, e in _runs(above.astype(np.int8)):
        if code == 1 and e - s >= need:
            return s
    return None


def crossing_year(
    regime: np.ndarray,
    niche: np.ndarray,
    start_year: int,
    start_month: int = 1,
    steps_per_year: int = 12,
    rules: PhaseRules | None = None,
) -> float | None:
    """Fractional calendar year of :func:`crossing_index` (``None`` when there is none)."""
    i = crossing_index(regime, niche, steps_per_year, rules)
    if i is None:
        return None
    return start_year + (start_month - 1) / 12 + i / steps_per_year
