"""X-curve phases of a transition and the moment the niche overtakes the regime.

Source
------
The X-curve of transition dynamics ([Loorbach2017]; [Hebinck2022]) as DRIFT draws it in
[DRIFT2025], slide "Een hardnekkig regime in kind- en gezinsbescherming" (figure caption
"X-curve van transitiedynamiek: Loorbach et al. (2017), Hebinck et al. (2022)"); reading of the
figure and the phase labels in the project's digest of the sources, §6 (keys: docs/sources.md).
The breakdown (regime)
curve runs Optimaliseren, Destabiliseren, Chaos, Afbreken, Uitfaseren; the build-up (niche)
curve Experimenteren, [Versnellen], Emergentie, Institutionaliseren, Stabiliseren. "Versnellen"
is not in the OCR of the seed figure: the digest takes it from external DRIFT material (§6).
The figure gives no numbers. The thresholds below are this module's reading of it, not the
seed's, and all of them can be changed through :class:`PhaseRules`.

Signals
-------
All inputs are monthly (or ``steps_per_year``) series of equal length: regime strength ``R`` and
niche share ``N`` on a 0-1 scale, the institutionalised share ``I`` of the new practice, and
pressure ``P >= 0``. Before any rule is applied:

* levels are **trailing** moving averages over the last ``smoothing_months`` up to and including
  the month labelled. Near the start the window holds the months that exist, so the first
  months are averaged over fewer months;
* slopes (change per year) are least-squares slopes of the raw series over the **trailing**
  window of the last ``slope_months`` up to and including the month labelled. A least-squares
  slope has no bias on a linear trend and averages month-to-month noise away. Near the start
  the window holds the months that exist, but a slope needs at least half a window of months
  (its noise error goes with the number of months to the power -1.5: at half a window it is
  already 2.8 times that of a full window); before that the slope is 0, so the first
  half-window is labelled from the levels alone, as a flat regime and a flat niche;
* the pressure baseline is the ``baseline_quantile`` quantile of smoothed pressure over the
  first ``baseline_years`` (the whole series if it is shorter). Within those years it is the
  quantile over the months seen so far, so it too reads no later month. The series should
  therefore start before the regime destabilises, as simulation output does.

Causality
---------
The rules read only the month labelled and the months before it (trailing windows and a
baseline of the pressure seen so far), so no phase can start before the event that drives it
(a reform, a shock, a lever). The two clean-up steps below look at whole runs, but neither
moves a change away from optimising, or a change of the niche's phase, earlier than the rules
saw it: the minimum duration gives a short run to the phase before it, and the one-way rule
relabels runs within a decline only, never to or from optimising. The centred windows of
earlier versions used up to half a window of *later* months and so showed, for example, the
2015 decentralisation as destabilising from 2013 on. The price is a lag, which follows from the
windows (:func:`label_lag_months`, stated in the figure captions by :func:`lag_note`):

* a trailing least-squares slope is the centred slope of half a window, ``(slope_months - 1) /
  2`` months (30 by default), earlier. For a decline that starts at a kink, the trailing slope
  reaches ``3 f**2 - 2 f**3`` of the true rate once a fraction ``f`` of the window has passed:
  half of it at half a window. So a decline of at least twice ``fall_slope`` is labelled within
  about half a slope window of its start, and a steeper one or a sudden drop sooner (a drop of
  0.1 in regime strength within about six months by default);
* a trailing average lags a steadily moving curve by ``(smoothing_months - 1) / 2`` months (12
  by default), so level thresholds (``breakdown_level``, ``R < N``, ``chaos_gap``, ...) are read
  that much late;
* the minimum duration can only delay a phase change (by the flicker it removes).

Regime rules (breakdown curve)
------------------------------
``R`` is falling when ``dR < -fall_slope``, rising when ``dR > fall_slope`` and flat otherwise.
``N`` (or ``I``) is rising when ``dN > rise_slope`` (``dI > rise_slope``). The first rule that
applies wins:

1. ``phasing_out``: ``R < phase_out_level`` and the decline has flattened,
   ``dR >= -phase_out_slope``. This is the low remnant of the old regime.
2. ``optimising``: ``R`` is rising, or ``R`` is flat with ``R >= optimising_level``. The regime
   is high and steady or it is recovering. **A regime that recovers goes back to optimising**: a
   reform or shock that the regime absorbs, such as the 2015 decentralisation (digest M4), shows
   as destabilising followed by optimising again.
3. *hold*: ``R`` is flat between ``phase_out_level`` and ``optimising_level``. This is a pause
   in the middle of the decline, and the step keeps the phase of the step before it. Hold steps
   before the first decided step have no phase to keep (and must not borrow a later one, see
   Causality): those with ``R >= breakdown_level`` are ``optimising`` and the others
   ``phasing_out``. The same holds if no step of the series is decided (a flat regime at a
   middling level throughout).
4. ``chaos``: ``R`` is falling, ``N`` is rising, smoothed pressure is more
   than ``chaos_rise`` (a fraction) above its baseline, and the curves are close,
   ``|R - N| <= chaos_gap``. This is the zone around the crossing where, in the seed's words,
   "incidenten, crises, kosten en werkdruk onvermijdelijk toenemen" (digest M1, §6.1).
5. ``destabilising``: ``R`` is falling with ``R >= breakdown_level`` and ``R >= N``.
6. ``breaking_down``: ``R`` is falling and is past the crossing (``R < N``) or below
   ``breakdown_level``.

Niche rules (build-up curve)
----------------------------
1. ``N < emerge_level``: ``accelerating`` if ``N`` is rising, else ``experimenting``. A niche
   that stalls or falls back goes back to experimenting. This is the seed's "perioden van
   stagnatie en versnelling" ([DRIFT2025] Aanbeveling 1; digest M6).
2. ``emerge_level <= N < institution_level``: ``emerging``.
3. ``N >= institution_level``: ``institutionalising`` while ``N`` or ``I`` is rising, else
   ``stabilising``.

Noise and order
---------------
Smoothing alone does not stop Monte-Carlo noise from making labels flicker near a threshold, so
two more steps follow the rules:

* **minimum duration.** Runs (maximal stretches of one label) shorter than ``min_months`` are
  removed, shortest first, until none is left. A short run joins the run before it: the phase
  before it is kept, so a phase change is never moved earlier than the rules first saw it
  (Causality). A short first run, which has no run before it, joins the run after it.
  Afterwards every run is at least ``min_months`` long, unless the whole series is shorter than
  that.
* **one-way regime passage** (regime curve only). Within a decline episode, that is a stretch
  between two optimising runs, the regime phases only move forward:
  destabilising -> chaos -> breaking_down -> phasing_out, and phases may be skipped. Where the
  runs step back (say chaos returns after a spell of breaking_down), whole runs are relabelled
  into the forward-only sequence that changes the fewest steps. On a tie the phase earlier in
  the figure wins. Because whole runs are relabelled, the minimum duration still holds. Recovery
  to optimising always stays possible and ends the episode. The niche curve has no such rule: a
  stalling niche really does go back from accelerating to experimenting.

Noise that makes slope errors approach ``fall_slope`` or ``rise_slope`` over long stretches can
still give extra runs longer than ``min_months``. For such series raise ``slope_months`` (the
slope error falls with the window to the power 1.5) or ``min_months``.

Crossing
--------
The crossing is an outcome measured after the fact, not a label, so it uses **centred** moving
averages over ``smoothing_months`` (rounded to an odd number of steps), which put it where the
curves cross without a lag. It is the first step from which the smoothed niche share is
strictly above the smoothed regime strength for at least ``crossing_persist_months`` in a row. A crossing that
starts within the last ``crossing_persist_months`` of the series does not count, even if it
lasts until the end. It has not been shown to last, and a short excursion at the end of a run
would otherwise be taken for a transition.

All durations in :class:`PhaseRules` are in months. They are converted to steps with
``steps_per_year`` (rounded to whole steps). Because the crossing is taken from centred
averages and the phases from trailing ones, the phase labels that compare the two curves
(``R < N`` in breaking down) come about half a smoothing window after the crossing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "NICHE_PHASES",
    "REGIME_PHASES",
    "PhaseRules",
    "Phases",
    "crossing_index",
    "crossing_year",
    "label_lag_months",
    "label_phases",
    "lag_note",
]

#: Phases of the breakdown (regime) curve, in X-curve order; codes index this tuple.
REGIME_PHASES: tuple[str, ...] = (
    "optimising",
    "destabilising",
    "chaos",
    "breaking_down",
    "phasing_out",
)
#: Phases of the build-up (niche) curve, in X-curve order; codes index this tuple.
NICHE_PHASES: tuple[str, ...] = (
    "experimenting",
    "accelerating",
    "emerging",
    "institutionalising",
    "stabilising",
)

_OPTIMISING, _DESTABILISING, _CHAOS, _BREAKING_DOWN, _PHASING_OUT = range(5)
_EXPERIMENTING, _ACCELERATING, _EMERGING, _INSTITUTIONALISING, _STABILISING = range(5)
_HOLD = -1


def _bounds(
    lo: float, hi: float, *, integer: bool = False, open_lo: bool = False, open_hi: bool = False
) -> dict[str, Any]:
    """Field metadata: the allowed range of a :class:`PhaseRules` field."""
    return {"lo": lo, "hi": hi, "integer": integer, "open_lo": open_lo, "open_hi": open_hi}


def _range_text(meta: dict[str, Any]) -> str:
    left = "(" if meta["open_lo"] else "["
    right = ")" if meta["open_hi"] else "]"
    kind = "a whole number" if meta["integer"] else "a number"
    return f"{kind} in {left}{meta['lo']}, {meta['hi']}{right}"


@dataclass(frozen=True)
class PhaseRules:
    """Thresholds of the X-curve phase rules (the rules are given in the module docstring).

    Levels are on the 0-1 scale of regime strength and niche share. Slopes are changes per
    year. Durations are in months and are converted to steps with ``steps_per_year``.

    Attributes
    ----------
    smoothing_months
        Window of the trailing moving average of every level (the last ``smoothing_months`` up
        to and including the month labelled), in ``[1, 240]``. The crossing uses a centred
        window of this length instead, rounded up to an odd number of steps. *Changed meaning:*
        the phase labels used a centred window before; levels are now read about half this
        window late (module docstring, Causality).
    slope_months
        Window of the trailing least-squares slopes (the last ``slope_months`` up to and
        including the month labelled), in ``[3, 480]``. The default is five years. It is wider
        than the smoothing window so that monthly noise does not flip the falling/rising tests,
        and still short next to a transition of 20-50 years (digest §6). *Changed meaning:* the
        window was centred before; a change of trend is now labelled up to about half this
        window after it begins.
    fall_slope
        The regime is falling when its slope is below ``-fall_slope`` and rising when it is
        above ``+fall_slope`` (per year), in ``[0, 1]``.
    phase_out_slope
        Below ``phase_out_level`` the regime is phasing out once it declines more slowly than
        this (per year), in ``[0, 1]``.
    rise_slope
        The niche share, or its institutionalised share, is rising when its slope is above this
        (per year), in ``[0, 1]``.
    optimising_level
        A flat regime at or above this is optimising, in ``(phase_out_level, 1)``. Between
        ``phase_out_level`` and this level a flat regime keeps its phase: a pause in the decline.
    breakdown_level
        A falling regime below this (or below the niche) is breaking down, in
        ``(phase_out_level, 1)``.
    phase_out_level
        Below this the regime is a remnant that is phasing out, in
        ``(0, min(breakdown_level, optimising_level))``.
    chaos_rise
        Chaos needs smoothed pressure more than this fraction above its baseline, in
        ``[0, 10]``.
    chaos_gap
        Chaos needs regime and niche at most this far apart, ``|R - N| <= chaos_gap``, in
        ``(0, 1]``. This places chaos around the crossing; 1 switches the condition off.
    baseline_years
        Years at the start of the series whose pressure forms the baseline, in ``(0, 100]``.
        Within these years the baseline is taken over the months seen so far. *Changed
        meaning:* the whole period was used for every month before.
    baseline_quantile
        Quantile of smoothed pressure over those years taken as the baseline, in ``[0, 1]``.
        The default 0.5 is the median.
    emerge_level
        The niche is emerging from this share on, in ``(0, institution_level)``.
    institution_level
        The niche is institutionalising or stabilising from this share on, in
        ``(emerge_level, 1)``.
    min_months
        Shortest phase kept, in ``[1, 240]``; a shorter run is absorbed by the run before it (the
        first run by the run after it). *Changed meaning:* a short inner run used to be split
        between its two neighbours.
    crossing_persist_months
        How long the niche must stay above the regime for the crossing to count, in
        ``[1, 600]``.
    """

    smoothing_months: int = field(default=25, metadata=_bounds(1, 240, integer=True))
    slope_months: int = field(default=61, metadata=_bounds(3, 480, integer=True))
    fall_slope: float = field(default=0.01, metadata=_bounds(0.0, 1.0))
    phase_out_slope: float = field(default=0.025, metadata=_bounds(0.0, 1.0))
    rise_slope: float = field(default=0.01, metadata=_bounds(0.0, 1.0))
    optimising_level: float = field(default=0.7, metadata=_bounds(0.0, 1.0, open_lo=True, open_hi=True))
    breakdown_level: float = field(default=0.5, metadata=_bounds(0.0, 1.0, open_lo=True, open_hi=True))
    phase_out_level: float = field(default=0.25, metadata=_bounds(0.0, 1.0, open_lo=True, open_hi=True))
    chaos_rise: float = field(default=0.1, metadata=_bounds(0.0, 10.0))
    chaos_gap: float = field(default=0.3, metadata=_bounds(0.0, 1.0, open_lo=True))
    baseline_years: float = field(default=10.0, metadata=_bounds(0.0, 100.0, open_lo=True))
    baseline_quantile: float = field(default=0.5, metadata=_bounds(0.0, 1.0))
    emerge_level: float = field(default=0.15, metadata=_bounds(0.0, 1.0, open_lo=True, open_hi=True))
    institution_level: float = field(default=0.5, metadata=_bounds(0.0, 1.0, open_lo=True, open_hi=True))
    min_months: int = field(default=12, metadata=_bounds(1, 240, integer=True))
    crossing_persist_months: int = field(default=24, metadata=_bounds(1, 600, integer=True))

    def __post_init__(self) -> None:
        for f in fields(self):
            meta = f.metadata
            value = getattr(self, f.name)
            allowed = _range_text(meta)
            if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
                raise ValueError(f"PhaseRules.{f.name} = {value!r}: must be {allowed}")
            if meta["integer"] and not isinstance(value, int | np.integer):
                raise ValueError(f"PhaseRules.{f.name} = {value!r}: must be {allowed}")
            v = float(value)
            too_low = v <= meta["lo"] if meta["open_lo"] else v < meta["lo"]
            too_high = v >= meta["hi"] if meta["open_hi"] else v > meta["hi"]
            if not np.isfinite(v) or too_low or too_high:
                raise ValueError(
                    f"PhaseRules.{f.name} = {value!r} is outside the allowed range: must be {allowed}"
                )
        ceiling = min(self.breakdown_level, self.optimising_level)
        if self.phase_out_level >= ceiling:
            raise ValueError(
                f"PhaseRules.phase_out_level = {self.phase_out_level!r} must be in "
                f"(0, min(breakdown_level, optimising_level) = {ceiling!r})"
            )
        if self.emerge_level >= self.institution_level:
            raise ValueError(
                f"PhaseRules.emerge_level = {self.emerge_level!r} must be in "
                f"(0, institution_level = {self.institution_level!r})"
            )


@dataclass(frozen=True)
class Phases:
    """X-curve phase of every step of a run.

    Attributes
    ----------
    regime
        ``int8`` codes into :data:`REGIME_PHASES`, one per step.
    niche
        ``int8`` codes into :data:`NICHE_PHASES`, one per step.
    """

    regime: np.ndarray
    niche: np.ndarray

    def __post_init__(self) -> None:
        for name, codes, names in (
            ("regime", self.regime, REGIME_PHASES),
            ("niche", self.niche, NICHE_PHASES),
        ):
            a = np.asarray(codes)
            if a.ndim != 1 or (a.size and (a.min() < 0 or a.max() >= len(names))):
                raise ValueError(f"Phases.{name} must be 1-D codes in [0, {len(names) - 1}]")
            object.__setattr__(self, name, a.astype(np.int8))
        if self.regime.size != self.niche.size:
            raise ValueError(f"Phases.regime has {self.regime.size} steps, Phases.niche {self.niche.size}")

    def __len__(self) -> int:
        return int(self.regime.size)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Phases):
            return NotImplemented
        return bool(np.array_equal(self.regime, other.regime) and np.array_equal(self.niche, other.niche))

    __hash__ = None  # type: ignore[assignment]  # mutable arrays inside

    def to_frame(self, index: pd.Index | None = None) -> pd.DataFrame:
        """The phases as a table.

        Parameters
        ----------
        index
            Index of the table, e.g. the monthly ``PeriodIndex`` of the run. It must have one
            entry per step. ``None`` gives a ``RangeIndex``.

        Returns
        -------
        pandas.DataFrame
            Columns ``regime_phase`` and ``niche_phase``, ordered categoricals whose categories
            are :data:`REGIME_PHASES` and :data:`NICHE_PHASES`, so they can be compared by
            X-curve order.
        """
        return pd.DataFrame(
            {
                "regime_phase": pd.Categorical.from_codes(
                    self.regime, categories=list(REGIME_PHASES), ordered=True
                ),
                "niche_phase": pd.Categorical.from_codes(
                    self.niche, categories=list(NICHE_PHASES), ordered=True
                ),
            },
            index=index,
        )

    def spans(self, which: Literal["regime", "niche"] = "regime") -> list[tuple[str, int, int]]:
        """Runs of equal phase, for drawing bands.

        Parameters
        ----------
        which
            ``"regime"`` or ``"niche"``.

        Returns
        -------
        list of (str, int, int)
            ``(phase, start, end)`` per run in order, where ``end`` is exclusive. The runs tile
            ``range(len(self))``.
        """
        if which == "regime":
            codes, names = self.regime, REGIME_PHASES
        elif which == "niche":
            codes, names = self.niche, NICHE_PHASES
        else:
            raise ValueError(f"which must be 'regime' or 'niche', got {which!r}")
        return [(names[c], s, e) for c, s, e in _runs(codes)]


# --------------------------------------------------------------------------------------------
# input checks and signal processing


def _check_series(**series: npt.ArrayLike) -> list[np.ndarray]:
    """Series as float arrays; ValueError naming the series unless all are 1-D, finite, non-empty
    and of one length."""
    out: list[np.ndarray] = []
    first: str | None = None
    for name, x in series.items():
        try:
            a = np.asarray(x, dtype=float)
        except (TypeError, ValueError) as err:
            raise ValueError(f"{name} must be a 1-D numeric series: {err}") from None
        if a.ndim != 1:
            raise ValueError(f"{name} must be a 1-D series, got shape {a.shape}")
        if a.size == 0:
            raise ValueError(f"{name} must be non-empty")
        if not np.all(np.isfinite(a)):
            bad = int(np.flatnonzero(~np.isfinite(a))[0])
            raise ValueError(f"{name} contains NaN or infinite values (first at step {bad})")
        if first is not None and a.size != out[0].size:
            raise ValueError(
                f"{name} has {a.size} steps but {first} has {out[0].size}: the series must have equal lengths"
            )
        first = first or name
        out.append(a)
    return out


def _check_steps_per_year(steps_per_year: int) -> int:
    if (
        isinstance(steps_per_year, bool)
        or not isinstance(steps_per_year, int | np.integer)
        or (steps_per_year < 1)
    ):
        raise ValueError(f"steps_per_year must be a positive whole number, got {steps_per_year!r}")
    return int(steps_per_year)


def _steps(months: float, steps_per_year: int) -> int:
    """A duration in months as a whole number of steps (at least one)."""
    return max(1, round(months * steps_per_year / 12))


def _odd(n: int) -> int:
    return n if n % 2 else n + 1


def _smooth(x: np.ndarray, window: int) -> np.ndarray:
    """Trailing moving average over the last ``window`` steps up to and including each step;
    near the start over the steps that exist."""
    return pd.Series(x).rolling(window, min_periods=1).mean().to_numpy()


def _centred_smooth(x: np.ndarray, window: int) -> np.ndarray:
    """Centred moving average over ``window`` steps (odd), cut to the data at the ends. Used for
    the crossing only, which is measured after the fact (module docstring)."""
    return pd.Series(x).rolling(window, center=True, min_periods=1).mean().to_numpy()


def _slope(x: np.ndarray, window: int) -> np.ndarray:
    """Least-squares slope per step over the trailing ``window`` steps up to and including each
    step.

    Near the start the window holds the steps that exist; a slope needs at least half a window,
    ``(window + 1) // 2`` steps (at least 2), and is 0 (flat) before that. A least-squares slope
    over ``k`` steps has a noise error proportional to ``k ** -1.5``: at half a window already
    2.8 times that of a full one.
    """
    n = x.size
    need = max(2, (window + 1) // 2)
    if n < need:
        return np.zeros(n)
    t = pd.Series(np.arange(n, dtype=float))
    xs = pd.Series(x)
    cov = xs.rolling(window, min_periods=need).cov(t)
    var = t.rolling(window, min_periods=need).var()
    return (cov / var).fillna(0.0).to_numpy()


def _runs(codes: np.ndarray) -> list[tuple[int, int, int]]:
    """Maximal runs of equal codes as ``(code, start, end_exclusive)``."""
    if codes.size == 0:
        return []
    edges = np.flatnonzero(np.diff(codes)) + 1
    starts = np.r_[0, edges]
    ends = np.r_[edges, codes.size]
    return [(int(codes[s]), int(s), int(e)) for s, e in zip(starts, ends, strict=True)]


def _fill_hold(codes: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Hold steps take the phase of the last decided step before them; steps before the first
    decided step (there is none to keep) take ``fallback``."""
    decided = codes != _HOLD
    idx = np.where(decided, np.arange(codes.size), -1)
    np.maximum.accumulate(idx, out=idx)
    return np.where(idx < 0, fallback, codes[np.maximum(idx, 0)]).astype(codes.dtype)


def _merge_short(codes: np.ndarray, min_len: int) -> np.ndarray:
    """Remove runs shorter than ``min_len``, shortest first: a run joins the run before it (the
    phase before it is kept), and a short first run joins the run after it."""
    codes = codes.copy()
    while True:
        runs = _runs(codes)
        if len(runs) <= 1:
            return codes
        i = min(range(len(runs)), key=lambda k: runs[k][2] - runs[k][1])
        _, s, e = runs[i]
        if e - s >= min_len:
            return codes
        codes[s:e] = runs[i + 1][0] if i == 0 else runs[i - 1][0]


def _one_way(codes: np.ndarray) -> np.ndarray:
    """Within each decline episode (the stretch between optimising runs) relabel whole runs so the
    phases never step back, changing as few steps as possible (ties: the earlier phase)."""
    codes = codes.copy()
    runs = _runs(codes)
    i = 0
    while i < len(runs):
        if runs[i][0] == _OPTIMISING:
            i += 1
            continue
        j = i
        while j < len(runs) and runs[j][0] != _OPTIMISING:
            j += 1
        episode = runs[i:j]
        states = np.arange(_DESTABILISING, _PHASING_OUT + 1)
        # cost[k, v]: fewest changed steps up to run k when run k gets phase states[v]
        cost = np.zeros((len(episode), states.size))
        for k, (code, s, e) in enumerate(episode):
            here = np.where(states == code, 0, e - s)
            cost[k] = here + (np.minimum.accumulate(cost[k - 1]) if k else 0)
        v = int(np.argmin(cost[-1]))
        for k in range(len(episode) - 1, -1, -1):
            _, s, e = episode[k]
            codes[s:e] = states[v]
            if k:
                v = int(np.argmin(cost[k - 1][: v + 1]))
        i = j
    return codes


# --------------------------------------------------------------------------------------------
# public API


def label_phases(
    regime: npt.ArrayLike,
    niche: npt.ArrayLike,
    institutionalised: npt.ArrayLike,
    pressure: npt.ArrayLike,
    steps_per_year: int = 12,
    rules: PhaseRules | None = None,
) -> Phases:
    """Label every step with its regime-curve and niche-curve phase.

    The rules, the smoothing and the noise handling are described in the module docstring.

    Parameters
    ----------
    regime
        Regime strength per step, on a 0-1 scale.
    niche
        Share of the new practice (the niche) per step, on a 0-1 scale.
    institutionalised
        Institutionalised share of the new practice per step, on a 0-1 scale.
    pressure
        Pressure on the regime per step, ``>= 0``.
    steps_per_year
        Steps per year of the series (12 for monthly output).
    rules
        Thresholds; ``None`` uses the defaults of :class:`PhaseRules`.

    Returns
    -------
    Phases
        The phase codes of both curves.

    Raises
    ------
    ValueError
        If the series are not 1-D, non-empty, finite and of equal length, if pressure is
        negative, or if ``steps_per_year`` is not a positive whole number.

    Notes
    -----
    Shares slightly outside 0-1, such as noisy synthetic data, are accepted. The levels of the
    rules are read on the 0-1 scale.
    """
    rules = PhaseRules() if rules is None else rules
    spy = _check_steps_per_year(steps_per_year)
    R, N, inst, P = _check_series(
        regime=regime, niche=niche, institutionalised=institutionalised, pressure=pressure
    )
    if (P < 0).any():
        bad = int(np.flatnonzero(P < 0)[0])
        raise ValueError(f"pressure must be >= 0, got {P[bad]!r} at step {bad}")

    w = _steps(rules.smoothing_months, spy)
    ws = max(2, _steps(rules.slope_months, spy))
    Rs, Ns, Ps = (_smooth(x, w) for x in (R, N, P))
    dR, dN, dI = (_slope(x, ws) * spy for x in (R, N, inst))
    n_base = min(_steps(rules.baseline_years * 12, spy), Ps.size)
    seen = pd.Series(Ps[:n_base]).expanding().quantile(rules.baseline_quantile).to_numpy()
    baseline = np.r_[seen, np.full(Ps.size - n_base, seen[-1])]

    falling = dR < -rules.fall_slope
    rising = dR > rules.fall_slope
    niche_rising = dN > rules.rise_slope
    inst_rising = dI > rules.rise_slope
    chaos = (
        falling
        & niche_rising
        & (Ps > baseline * (1.0 + rules.chaos_rise))
        & (np.abs(Rs - Ns) <= rules.chaos_gap)
    )
    regime_codes = np.select(
        [
            (rules.phase_out_level > Rs) & (dR >= -rules.phase_out_slope),
            rising | (~falling & (Rs >= rules.optimising_level)),
            ~falling,
            chaos,
            (Rs >= rules.breakdown_level) & (Rs >= Ns),
        ],
        [_PHASING_OUT, _OPTIMISING, _HOLD, _CHAOS, _DESTABILISING],
        default=_BREAKING_DOWN,
    ).astype(np.int8)

    niche_codes = np.select(
        [
            rules.emerge_level > Ns,
            rules.institution_level > Ns,
            niche_rising | inst_rising,
        ],
        [np.where(niche_rising, _ACCELERATING, _EXPERIMENTING), _EMERGING, _INSTITUTIONALISING],
        default=_STABILISING,
    ).astype(np.int8)

    m = _steps(rules.min_months, spy)
    regime_codes = _fill_hold(regime_codes, np.where(Rs >= rules.breakdown_level, _OPTIMISING, _PHASING_OUT))
    regime_codes = _one_way(_merge_short(regime_codes, m))
    niche_codes = _merge_short(niche_codes, m)
    return Phases(regime_codes, niche_codes)


def crossing_index(
    regime: npt.ArrayLike,
    niche: npt.ArrayLike,
    steps_per_year: int = 12,
    rules: PhaseRules | None = None,
) -> int | None:
    """First step from which the niche stays above the regime.

    Both series are smoothed with a centred moving average over ``rules.smoothing_months``.
    The crossing is the first step from which the smoothed niche is strictly above the smoothed
    regime for at least ``rules.crossing_persist_months`` in a row. A crossing that starts
    within the last ``crossing_persist_months`` of the series does not count, even if the niche
    stays above until the end (module docstring). A niche that is above from the first step on
    gives 0.

    Parameters
    ----------
    regime
        Regime strength per step, on a 0-1 scale.
    niche
        Niche share per step, on a 0-1 scale.
    steps_per_year
        Steps per year of the series.
    rules
        Thresholds; ``None`` uses the defaults of :class:`PhaseRules`.

    Returns
    -------
    int or None
        The step index of the crossing, or ``None`` if the niche never overtakes the regime
        for long enough.

    Raises
    ------
    ValueError
        If the series are not 1-D, non-empty, finite and of equal length, or if
        ``steps_per_year`` is not a positive whole number.
    """
    rules = PhaseRules() if rules is None else rules
    spy = _check_steps_per_year(steps_per_year)
    R, N = _check_series(regime=regime, niche=niche)
    w = _odd(_steps(rules.smoothing_months, spy))
    above = (_centred_smooth(N, w) > _centred_smooth(R, w)).astype(np.int8)
    need = _steps(rules.crossing_persist_months, spy)
    for code, s, e in _runs(above):
        if code == 1 and e - s >= need:
            return s
    return None


def crossing_year(
    regime: npt.ArrayLike,
    niche: npt.ArrayLike,
    start_year: int,
    start_month: int = 1,
    steps_per_year: int = 12,
    rules: PhaseRules | None = None,
) -> float | None:
    """Fractional calendar year of :func:`crossing_index`.

    Parameters
    ----------
    regime, niche
        As for :func:`crossing_index`.
    start_year
        Calendar year of the first step.
    start_month
        Month (1-12) of the first step. The first step falls at
        ``start_year + (start_month - 1) / 12``.
    steps_per_year
        Steps per year of the series.
    rules
        Thresholds; ``None`` uses the defaults of :class:`PhaseRules`.

    Returns
    -------
    float or None
        ``start_year + (start_month - 1) / 12 + index / steps_per_year``, or ``None`` if there
        is no crossing.

    Raises
    ------
    ValueError
        As :func:`crossing_index`, and if ``start_month`` is not in 1-12.
    """
    if (
        isinstance(start_month, bool)
        or not isinstance(start_month, int | np.integer)
        or not (1 <= start_month <= 12)
    ):
        raise ValueError(f"start_month must be a whole number in [1, 12], got {start_month!r}")
    i = crossing_index(regime, niche, steps_per_year, rules)
    if i is None:
        return None
    return float(start_year) + (int(start_month) - 1) / 12 + i / steps_per_year


def label_lag_months(rules: PhaseRules | None = None, steps_per_year: int = 12) -> dict[str, float]:
    """How late the phase labels come, in months, for ``rules`` (module docstring, "Causality").

    Parameters
    ----------
    rules
        Thresholds; ``None`` uses the defaults of :class:`PhaseRules`.
    steps_per_year
        Steps per year of the series the labels are for.

    Returns
    -------
    dict
        ``"slope"``: half the trailing slope window, ``(window - 1) / 2`` steps in months. A
        trailing least-squares slope is the centred slope of this many months earlier, and a
        decline of at least twice ``fall_slope`` is labelled within about this long after it
        begins (a steeper one sooner). ``"level"``: half the trailing smoothing window, the lag
        of the smoothed level behind a steadily moving curve.
    """
    rules = PhaseRules() if rules is None else rules
    spy = _check_steps_per_year(steps_per_year)
    ws = max(2, _steps(rules.slope_months, spy))
    w = _steps(rules.smoothing_months, spy)
    return {"slope": (ws - 1) / 2 * 12 / spy, "level": (w - 1) / 2 * 12 / spy}


def lag_note(rules: PhaseRules | None = None, steps_per_year: int = 12) -> str:
    """One sentence for a figure caption: the phases use past months only, and how late they come.

    Derived from ``rules`` (default :class:`PhaseRules`) by :func:`label_lag_months`.
    """
    rules = PhaseRules() if rules is None else rules
    lag = label_lag_months(rules, steps_per_year)
    return (
        f"Phases use past months only (trailing {rules.slope_months}-month slopes, "
        f"{rules.smoothing_months}-month averages): a decline of {2 * rules.fall_slope:g}/yr or "
        f"more is labelled within about {lag['slope']:.0f} months of its start, a steeper one "
        f"sooner; levels are read about {lag['level']:.0f} months late. A phase is drawn from the "
        f"month it is detected if it then lasts {rules.min_months} months, so watched live it is "
        f"confirmed {rules.min_months} months later."
    )
