"""The compiled driver: whole runs inside numba, indicators into preallocated arrays.

:func:`prepare` turns parameters, lever schedules and events into the arrays the kernels read and
builds the initial state (including the spin-up); :func:`simulate` runs it to the end and wraps
the result. :class:`regimesim.model.RegimeModel` uses the very same :func:`prepare`, so the same
seed gives the same trajectory from both drivers.

Seeding: a run's seed ``s`` makes ``numpy.random.Generator(PCG64(SeedSequence(s)))``; that one
generator draws the initial state and then every random number of the kernels, in a fixed order.
"""

from __future__ import annotations

import copy
import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from regimesim._numba import announce_compile
from regimesim.indicators import N_INDICATORS, NAMES
from regimesim.initial import build_state
from regimesim.levers import Event, Schedule, exo_matrix, lever_index, lever_matrix
from regimesim.parameters import BY_NAME, KernelParams, Parameters, make_parameters
from regimesim.regional import allocate, check_frequency, frames, record_labels, run_regional
from regimesim.state import State
from regimesim.step import run
from regimesim.timeline import Timeline


def make_rng(seed: int) -> np.random.Generator:
    """The run's generator for ``seed`` (a non-negative integer)."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or not 0 <= seed < 2**63:
        raise ValueError(
            f"seed must be a whole number from 0 to 2**63 - 1 (what a TOML file and numpy's "
            f"SeedSequence both hold), got {seed!r}"
        )
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(int(seed))))


def historical_events(params: Parameters) -> list[Event]:
    """The landscape of the default (historical) run, from the structural parameters.

    The 2015 decentralisation ([DRIFT2025] Destabilisatie), the benefits scandal as a trust and
    pressure shock ([DRIFT2025] "toeslagenaffaire"), and the labour-market squeeze ([Athena2024]).
    """
    p = params
    events = [Event("decentralisation", p.decentralisation_year, 1.0)]
    if p.benefits_scandal_trust > 0:
        events.append(Event("trust_shock", p.benefits_scandal_year, p.benefits_scandal_trust))
    if p.benefits_scandal_pressure > 0:
        events.append(Event("landscape_pressure", p.benefits_scandal_year, p.benefits_scandal_pressure))
    if p.labour_shortage > 0:
        events.append(Event("labour_shortage", p.labour_shortage_year, p.labour_shortage, until=2101))
    return events


def lever_schedules(
    params: Parameters, levers: Mapping[str, Schedule | float] | None = None
) -> dict[str, Schedule]:
    """Schedules of all levers: constants from ``params``, replaced by any in ``levers``."""
    out = {p.name: Schedule.constant(params[p.name]) for p in BY_NAME.values() if p.kind == "lever"}
    for name, value in (levers or {}).items():
        lever_index(name)  # clear error for an unknown lever
        out[name] = value if isinstance(value, Schedule) else Schedule.constant(BY_NAME[name].check(value))
    return out


@dataclass
class Prepared:
    """Everything a driver needs to step a run."""

    params: Parameters
    kernel_params: KernelParams
    timeline: Timeline
    spinup: int  # months simulated before the first recorded month
    levers: np.ndarray  # (spinup + n_steps) x N_LEVERS
    exo: np.ndarray  # (spinup + n_steps) x N_EXO
    state: State
    rng: np.random.Generator
    seed: int
    schedules: dict[str, Schedule] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)


def prepare(
    params: Parameters | Mapping[str, Any] | None = None,
    *,
    levers: Mapping[str, Schedule | float] | None = None,
    events: list[Event] | None = None,
    seed: int = 0,
) -> Prepared:
    """Validate inputs, build the input matrices and the initial state, and run the spin-up."""
    if not isinstance(params, Parameters):
        params = make_parameters(params or {})
    rng = make_rng(seed)
    timeline = Timeline(params.start_year, params.end_year)
    spinup = 12 * params.spinup_years
    schedules = lever_schedules(params, levers)
    events = historical_events(params) if events is None else list(events)
    n_total = spinup + timeline.n_steps
    lev = np.zeros((n_total, len(schedules)))
    lev[spinup:] = lever_matrix(schedules, timeline)
    exo = np.zeros((n_total, exo_matrix([], timeline).shape[1]))
    exo[spinup:] = exo_matrix(events, timeline)
    steps = {
        "first": spinup + timeline.step_of(params.proeftuinen_first_year),
        "second": spinup + timeline.step_of(params.proeftuinen_second_year),
    }
    kp = params.kernel()
    state = build_state(params, steps, rng)
    announce_compile(run)
    if spinup > 0:
        scratch = np.zeros((1, N_INDICATORS))
        run(state, kp, lev, exo, 0, spinup, n_total + 1, rng, scratch)
    return Prepared(params, kp, timeline, spinup, lev, exo, state, rng, int(seed), schedules, events)


@dataclass
class RunResult:
    """A finished run: the indicator table and where it came from."""

    indicators: pd.DataFrame
    params: Parameters
    seed: int
    schedules: dict[str, Schedule]
    events: list[Event]
    provenance: dict[str, Any]
    state: State
    #: the :class:`~regimesim.scenario.Scenario` this run came from, if any
    scenario: Any = None
    #: per-region indicator table (tidy: month or year, region, indicators), if ``regional`` was set
    regions: pd.DataFrame | None = None
    #: per-municipality indicator table (month or year, municipality, region, indicators), likewise
    municipalities: pd.DataFrame | None = None

    @property
    def timeline(self) -> Timeline:
        return Timeline(self.params.start_year, self.params.end_year)

    @property
    def phases(self) -> pd.DataFrame:
        """X-curve phases of every month (see :mod:`regimesim.xcurve`)."""
        from regimesim.xcurve import label_phases

        df = self.indicators
        ph = label_phases(
            df["regime_strength"].to_numpy(),
            df["niche_share"].to_numpy(),
            df["institutionalised_share"].to_numpy(),
            df["pressure"].to_numpy(),
        )
        return ph.to_frame(index=df.index)

    def plot_xcurve(self, *, title: str | None = None):
        """The X-curve figure of this run (:func:`regimesim.plotting.plot_xcurve`)."""
        from regimesim.plotting import plot_xcurve

        if title is None and self.scenario is not None:
            title = f"{self.scenario.title} (seed {self.seed})"
        return plot_xcurve(self, title=title)

    def crossing_year(self) -> float | None:
        """Fractional year the niche overtakes the regime for good, or None."""
        from regimesim.xcurve import crossing_year

        df = self.indicators
        return crossing_year(
            df["regime_strength"].to_numpy(),
            df["niche_share"].to_numpy(),
            start_year=self.params.start_year,
        )


def indicator_frame(out: np.ndarray, timeline: Timeline) -> pd.DataFrame:
    """The indicator array as a DataFrame indexed by month."""
    return pd.DataFrame(out, columns=list(NAMES), index=timeline.index())


def simulate_branches(
    params: Parameters | Mapping[str, Any] | None = None,
    levers: list[Mapping[str, Schedule | float] | None] | None = None,
    *,
    events: list[Event] | None = None,
    seed: int = 0,
) -> list[RunResult]:
    """Runs that differ only in their lever schedules, from one shared history: the same as
    ``[simulate(params, levers=l, events=events, seed=seed) for l in levers]``, bit for bit, in
    less time.

    Up to the first month in which its schedule differs from the first run's, a run makes the
    same steps with the same draws as the first (the same seed, parameters, events and
    intensities): the first run is made once, and each other run continues from a copy of its
    state and generator at the month it leaves the first run's path. A study of lever mixes that
    start in 2025-2035 shares at least its runs' first 20 of 41 years (spin-up included).
    """
    started = _dt.datetime.now(_dt.UTC)
    levers = list(levers or [None])
    prep = prepare(params, levers=levers[0], events=events, seed=seed)
    n = prep.timeline.n_steps
    t0, t_end = prep.spinup, prep.spinup + n
    mats, schedules = [], []
    for lev in levers:
        sched = lever_schedules(prep.params, lev)
        m = np.zeros_like(prep.levers)
        m[t0:] = lever_matrix(sched, prep.timeline)
        mats.append(m)
        schedules.append(sched)
    # each run leaves the first run's path at the first month its schedule differs from it
    leave = []
    for m in mats[1:]:
        differs = (m != mats[0]).any(axis=1)
        leave.append(int(np.argmax(differs)) if differs.any() else t_end)
    from regimesim.provenance import provenance
    from regimesim.state import copy_state

    def result(k: int, out: np.ndarray, state: State) -> RunResult:
        return RunResult(
            indicators=indicator_frame(out, prep.timeline),
            params=prep.params,
            seed=prep.seed,
            schedules=schedules[k],
            events=prep.events,
            provenance=provenance(seed=prep.seed, started=started),
            state=state,
        )

    results: list[RunResult | None] = [None] * len(mats)
    shared = np.zeros((n, N_INDICATORS))
    t = t0
    for k in sorted(range(1, len(mats)), key=lambda k: leave[k - 1]):
        b = leave[k - 1]
        run(prep.state, prep.kernel_params, mats[0], prep.exo, t, b, t0, prep.rng, shared)  # the first's path
        t = b
        state, rng, out = copy_state(prep.state), copy.deepcopy(prep.rng), shared.copy()
        run(state, prep.kernel_params, mats[k], prep.exo, b, t_end, t0, rng, out)
        results[k] = result(k, out, state)
    run(prep.state, prep.kernel_params, mats[0], prep.exo, t, t_end, t0, prep.rng, shared)
    results[0] = result(0, shared, prep.state)
    return results  # type: ignore[return-value]


def simulate(
    params: Parameters | Mapping[str, Any] | None = None,
    *,
    levers: Mapping[str, Schedule | float] | None = None,
    events: list[Event] | None = None,
    seed: int = 0,
    progress: bool = False,
    regional: str | None = None,
) -> RunResult:
    """Run the model from start to end year, all steps compiled; return the indicator table.

    Parameters
    ----------
    params
        A :class:`~regimesim.parameters.Parameters` or a mapping of overrides of the defaults.
    levers
        Lever schedules (or constant intensities) by lever name; others follow ``params``.
    events
        Exogenous events; ``None`` means the historical landscape (:func:`historical_events`).
    seed
        Root seed of the run.
    progress
        Show a progress bar (one tick a simulated year).
    regional
        Also record the per-region and per-municipality tables of :mod:`regimesim.regional`
        (``result.regions``, ``result.municipalities``): ``"month"`` every month, ``"year"`` each
        December; ``None`` (default) records none. Recording reads the state only: the national
        results are identical either way. Memory: municipalities x records x 13 indicators x 8
        bytes, e.g. 342 x 432 months x 13 x 8 B = 15 MB for 36 years monthly, 1.3 MB yearly.
    """
    started = _dt.datetime.now(_dt.UTC)
    every = None if regional is None else check_frequency(regional)
    prep = prepare(params, levers=levers, events=events, seed=seed)
    n = prep.timeline.n_steps
    out = np.zeros((n, N_INDICATORS))
    t0, t_end = prep.spinup, prep.spinup + n
    if every is not None:
        reg_out, mun_out = allocate(prep.state, n // every)

    def advance(a: int, b: int) -> None:
        args = (prep.state, prep.kernel_params, prep.levers, prep.exo, a, b, t0, prep.rng, out)
        if every is None:
            run(*args)
        else:  # the same steps, plus the regional records (which only read the state)
            run_regional(*args, every, reg_out, mun_out)

    if progress:
        from tqdm.auto import tqdm

        with tqdm(total=n // 12, unit="year", desc="simulating", leave=False) as bar:
            for t in range(t0, t_end, 12):
                advance(t, min(t + 12, t_end))
                bar.update(1)
    else:
        advance(t0, t_end)
    from regimesim.provenance import provenance

    regions = municipalities = None
    if every is not None:
        labels = record_labels(prep.timeline.index(), every)
        regions, municipalities = frames(reg_out, mun_out, labels, prep.state.municipalities.region)
    return RunResult(
        indicators=indicator_frame(out, prep.timeline),
        params=prep.params,
        seed=prep.seed,
        schedules=prep.schedules,
        events=prep.events,
        provenance=provenance(seed=prep.seed, started=started),
        state=prep.state,
        regions=regions,
        municipalities=municipalities,
    )
