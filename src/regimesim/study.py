"""Sensitivity studies and scenario discovery: which levers and uncertain parameters drive the
transition (SALib's Sobol, Morris and PAWN), and which lever mixes reliably lead to a crossing
(PRIM, from the EMA Workbench) -- sampled by SALib, run on the ensemble engine
(:mod:`regimesim.ensemble`), analysed by the libraries' own estimators.

A *study* is a TOML file (data only; :func:`load_study`, docs/studies.md)::

    title = "The levers of the full mix"
    scenario = "full_mix"            # the base scenario (library name or file)
    seed = 0                         # sampling, bootstrap and the runs' seeds
    replicates = 2                   # runs per point (seeds common to every point)
    [set]                            # fixed overrides of the base scenario
    scale = 0.1
    end_year = 2045
    [factors]
    build_up = {}                    # the declared range ([0, 1] for a lever's intensity)
    "build_up.from" = {low = 2025, high = 2035}
    pressure_escalation = {low = 0.5, high = 2.0, group = "pressure"}
    noise_floor = {dummy = true}     # read by nothing (PAWN's threshold of importance)
    [outputs]
    crossing = {statistic = "crossing_year", no_crossing = 2046}
    niche_2035 = {indicator = "niche_share", statistic = "value", year = 2035}
    incidents = {indicator = "incidents", statistic = "total", years = [2027, 2045]}
    [sensitivity]
    method = "sobol"                 # sobol | morris | pawn
    n = 1024
    [discovery]
    output = "crossing"
    below = 2040                     # a run is a hit when crossing <= 2040
    n = 512

Each point runs ``replicates`` times with the same seeds as every other point (common random
numbers); the analysis takes the mean per point, and reports next to the indices the share of
the outputs' variance that is the seeds' (the mean within-point variance over the total).
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from regimesim.design import (
    RATE_INDICATORS,
    STATISTICS,
    Design,
    DesignError,
    Outputs,
    Statistic,
    _check_key,
    _indicator,
    _year,
)
from regimesim.levers import LEVERS
from regimesim.parameters import BY_NAME
from regimesim.scenario import (
    Scenario,
    ScenarioError,
    _check_sweep,
    _did_you_mean,
    _sweep_targets,
    check_seed,
    find_scenario,
    format_time,
    parse_time,
)
from regimesim.xcurve import NICHE_PHASES, REGIME_PHASES

#: The sensitivity methods (SALib).
METHODS = ("sobol", "morris", "pawn")
#: SALib's distributions of a factor (``unif``: low, high; ``triang``: low, high and the mode;
#: ``truncnorm``: low, high, mean, sd) -- the bounded ones: every parameter has a declared range.
DISTS = ("unif", "triang", "truncnorm")
_TOP_KEYS = (
    "title",
    "description",
    "scenario",
    "set",
    "seed",
    "replicates",
    "factors",
    "outputs",
    "sensitivity",
    "discovery",
)
_FACTOR_KEYS = ("low", "high", "dist", "mode", "mean", "sd", "group", "dummy")
#: Columns of a study's tables, which an output may not be named.
_RESERVED = (
    "run",
    "point",
    "replicate",
    "seed",
    "scenario",
    "hit",
    "under",
    "n",
    "factor",
    "index",
    "value",
    "conf",
    "output",
)
_OUTPUT_KEYS = ("indicator", "statistic", "year", "years", "curve", "phase", "no_crossing")
_SENS_KEYS = (
    "method",
    "n",
    "second_order",
    "resamples",
    "conf_level",
    "levels",
    "slices",
    "groups",
    "convergence",
    "tolerance",
    "under",
)
_DISC_KEYS = ("output", "below", "above", "n", "peel_alpha", "paste_alpha", "mass_min", "min_density")


class StudyError(DesignError):
    """A mistake in a study: names the file, the field and what is allowed."""


@dataclass(frozen=True)
class Factor:
    """One factor of a study: what it varies, over which bounds, by which distribution.

    ``kind``: ``"lever"`` (a lever's intensity or start), ``"uncertainty"`` (a declared
    parameter), ``"dummy"`` (read by nothing: PAWN's threshold of importance) or
    ``"model"`` (a factor of a plugged-in test function)."""

    name: str
    low: float
    high: float
    kind: str = "uncertainty"
    dist: str = "unif"
    bounds: tuple[float, ...] = ()  # SALib's bounds for ``dist`` (default: (low, high))
    group: str = ""

    @property
    def salib_bounds(self) -> list[float]:
        return list(self.bounds or (self.low, self.high))


@dataclass(frozen=True)
class Sensitivity:
    """A study's ``[sensitivity]`` settings."""

    method: str = "sobol"
    n: int = 256  # Sobol: base samples (a power of 2); Morris: trajectories; PAWN: points
    second_order: bool = True  # Sobol: second-order indices (and the sample for them)
    resamples: int = 1000  # bootstrap resamples of the confidence intervals
    conf_level: float = 0.95
    levels: int = 4  # Morris: grid levels
    slices: int = 10  # PAWN: conditioning slices
    groups: str = ""  # "kind": analyse the levers and the uncertainties as two groups
    convergence: tuple[int, ...] = ()  # sample sizes re-analysed (default: halvings of n down to n/8)
    tolerance: float = 0.05  # the convergence verdict's band (an index's absolute change)
    #: settings of parameters the same sample runs under, one analysis each (EMA's policies x
    #: scenarios, turned round: which factor matters under which uncertainty)
    under: tuple[tuple[tuple[str, Any], ...], ...] = ()

    def ladder(self) -> tuple[int, ...]:
        """The sample sizes of the convergence check, ascending, ending with ``n``."""
        if self.convergence:
            return tuple(sorted({*self.convergence, self.n}))
        return (*(m for m in (self.n // 8, self.n // 4, self.n // 2) if m >= 4), self.n)


@dataclass(frozen=True)
class Discovery:
    """A study's ``[discovery]`` settings: a run is a *hit* when ``output`` is at most ``below``
    (or at least ``above``); PRIM looks for boxes of factor space dense in hits."""

    output: str
    threshold: float
    direction: str = "below"
    n: int = 512  # Latin-hypercube points
    peel_alpha: float = 0.05
    paste_alpha: float = 0.05
    mass_min: float = 0.05
    min_density: float = 0.8  # the box reported: the highest coverage with at least this density

    def hit(self, y: np.ndarray) -> np.ndarray:
        y = np.asarray(y, dtype=float)
        with np.errstate(invalid="ignore"):
            return (y <= self.threshold) if self.direction == "below" else (y >= self.threshold)

    @property
    def text(self) -> str:
        return f"{self.output} {'<=' if self.direction == 'below' else '>='} {self.threshold:g}"


@dataclass(frozen=True, eq=False)
class Study:
    """A study (see the module): a base scenario, factors, outputs, replicates and the settings of
    a sensitivity analysis and of a scenario discovery."""

    scenario: Scenario
    factors: tuple[Factor, ...]
    outputs: Outputs
    replicates: int = 1
    seed: int = 0
    sensitivity: Sensitivity = field(default_factory=Sensitivity)
    discovery: Discovery | None = None
    title: str = ""
    description: str = ""
    text: str = ""
    #: a plugged-in model instead of the scenario (see :class:`TestFunction`)
    model: Callable[[dict[str, float], int], dict[str, float]] | None = None

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.factors]

    @property
    def output_names(self) -> list[str]:
        return [st.name for st in self.outputs.stats]

    def problem(self, groups: bool = True) -> dict[str, Any]:
        """The SALib problem: names, bounds, distributions and (with groups) groups."""
        prob: dict[str, Any] = {
            "num_vars": len(self.factors),
            "names": self.names,
            "bounds": [f.salib_bounds for f in self.factors],
            "dists": [f.dist for f in self.factors],
        }
        if groups:
            labels = self.group_labels()
            if labels is not None:
                prob["groups"] = labels
        return prob

    def group_labels(self) -> list[str] | None:
        """Each factor's group (``groups = "kind"``: lever, uncertainty, dummy), or None."""
        if self.sensitivity.groups == "kind":
            return [f.group or f.kind for f in self.factors]
        if any(f.group for f in self.factors):
            return [f.group or f.name for f in self.factors]
        return None

    def settings(self) -> list[tuple[str, Study]]:
        """``(label, study)`` for each ``under`` setting, the study's scenario with the setting's
        parameters; ``[("", self)]`` without settings."""
        if not self.sensitivity.under:
            return [("", self)]
        out = []
        for setting in self.sensitivity.under:
            label = ", ".join(f"{k} = {v:g}" for k, v in setting)
            out.append((label, replace(self, scenario=self.scenario.with_parameters(**dict(setting)))))
        return out

    def with_overrides(
        self,
        *,
        n: int | None = None,
        scale: float | None = None,
        method: str | None = None,
        discovery: bool = False,
    ) -> Study:
        """A copy with another sample size (of the sensitivity analysis or, with ``discovery``, of
        the discovery), scale or method: a quick look at a study. Checked as the file is."""
        study = self
        if method is not None:
            _method(method, "--method")
            study = replace(study, sensitivity=replace(study.sensitivity, method=method, convergence=()))
        if n is not None and discovery:
            if study.discovery is not None:
                study = replace(study, discovery=replace(study.discovery, n=_int(n, "--n", 10)))
        elif n is not None:
            study = replace(
                study,
                sensitivity=replace(
                    study.sensitivity, convergence=(), n=_check_n(study.sensitivity.method, n, "--n")
                ),
            )
        if method is not None or n is not None:
            if not discovery:
                _check_n(
                    study.sensitivity.method, study.sensitivity.n, "--n" if n is not None else "sensitivity.n"
                )
            _check_method(study.sensitivity, study.factors, "--method")
        if scale is not None:
            p = BY_NAME["scale"]
            if not p.low <= scale <= p.high:
                raise StudyError(
                    "--scale", f"expected a share of the Netherlands in [{p.low}, {p.high}], got {scale}"
                )
            study = replace(study, scenario=study.scenario.with_parameters(scale=scale))
        return study

    # --- samples and designs ---------------------------------------------------------------------

    def n_points(self) -> int:
        """The points of the sensitivity sample (without making it): Sobol' ``n (2k + 2)`` or
        ``n (k + 2)``, Morris ``n (k + 1)``, PAWN ``n``; k the factors or groups."""
        s = self.sensitivity
        return s.n * (self.block() if s.method != "pawn" else 1)

    def sample(self, n: int | None = None) -> pd.DataFrame:
        """The sensitivity analysis' sample (SALib's sampler of the method), one row a point."""
        s = self.sensitivity
        n = n or s.n
        prob = self.problem()
        if s.method == "sobol":
            from SALib.sample import sobol

            x = sobol.sample(prob, n, calc_second_order=s.second_order, seed=self.seed)
        elif s.method == "morris":
            from SALib.sample import morris

            x = morris.sample(prob, n, num_levels=s.levels, seed=self.seed)
        else:  # pawn: a scrambled Sobol' sequence (its prefixes are samples too: the convergence check)
            from SALib.util import scale_samples
            from scipy.stats import qmc

            unit = qmc.Sobol(d=len(self.factors), scramble=True, rng=np.random.default_rng(self.seed))
            x = scale_samples(unit.random(n), self.problem(groups=False))
        return self._snap(pd.DataFrame(x, columns=self.names))

    def discovery_sample(self, n: int | None = None) -> pd.DataFrame:
        """The scenario discovery's Latin hypercube (SALib), one row a point."""
        from SALib.sample import latin

        if self.discovery is None:
            raise StudyError("discovery", "the study has no [discovery] table (output and below or above)")
        x = latin.sample(self.problem(groups=False), n or self.discovery.n, seed=self.seed)
        return self._snap(pd.DataFrame(x, columns=self.names))

    def _snap(self, x: pd.DataFrame) -> pd.DataFrame:
        """Values as the model takes them: a lever's start to its month, integers rounded."""
        from regimesim.scenario import snap

        for f in self.factors:
            if f.name.endswith(".from"):
                x[f.name] = [snap(v) for v in x[f.name]]
            elif f.name in BY_NAME and BY_NAME[f.name].integer:
                x[f.name] = np.rint(x[f.name]).astype(int)
        return x

    def design(self, sample: pd.DataFrame, block: int = 1) -> Design:
        """The ensemble design that runs ``sample`` (its dummy factors dropped: nothing reads
        them), in chunks of whole blocks of ``block`` consecutive points: a Sobol' base sample's
        A, AB and B rows or a Morris trajectory, whose points with the same parameters differ only
        in their levers and share their history (:func:`regimesim.engine.simulate_branches`)."""
        keep = [f.name for f in self.factors if f.kind != "dummy"]
        runs = block * self.replicates
        chunk = runs * max(1, round(50 / runs))
        return Design(
            (self.scenario,),
            sample[keep].reset_index(drop=True),
            self.replicates,
            self.seed,
            self.outputs,
            self.title,
            chunk,
            self.text,
            (),
            self.model,
        )

    def block(self) -> int:
        """Points of the sensitivity sample that belong together (see :meth:`design`)."""
        k = len(set(self.group_labels() or self.names))
        s = self.sensitivity
        if s.method == "sobol":
            return 2 * k + 2 if s.second_order else k + 2
        return k + 1 if s.method == "morris" else 1


# --- test functions ------------------------------------------------------------------------------


class TestFunction:
    """A SALib test function as a study's model (``Study.model``): the pipeline's plumbing checked
    against analytic indices. ``TestFunction("ishigami")``: output ``y`` of factors ``x1..x3``
    on [-pi, pi] (first-order indices 0.314, 0.442, 0; total 0.558, 0.442, 0.244)."""

    __test__ = False  # not a pytest class

    FUNCTIONS: ClassVar[dict[str, tuple[str, int, tuple[float, float]]]] = {
        "ishigami": ("SALib.test_functions.Ishigami", 3, (-math.pi, math.pi))
    }

    def __init__(self, name: str = "ishigami"):
        if name not in self.FUNCTIONS:
            raise ValueError(f"unknown test function {name!r}; allowed: {', '.join(self.FUNCTIONS)}")
        self.name = name
        _, d, bounds = self.FUNCTIONS[name]
        self.factors = {f"x{i + 1}": bounds for i in range(d)}

    def __call__(self, point: Mapping[str, float], seed: int) -> dict[str, float]:
        import importlib

        module = importlib.import_module(self.FUNCTIONS[self.name][0])
        x = np.array([[point[k] for k in self.factors]], dtype=float)
        return {"y": float(module.evaluate(x)[0])}

    @staticmethod
    def ishigami_indices(a: float = 7.0, b: float = 0.1) -> dict[str, tuple[float, float, float]]:
        """The Ishigami function's analytic first-order and total indices (Ishigami & Homma 1990)."""
        v1 = 0.5 * (1 + b * math.pi**4 / 5) ** 2
        v2 = a**2 / 8
        v13 = b**2 * math.pi**8 * (1 / 18 - 1 / 50)
        v = v1 + v2 + v13
        return {"S1": (v1 / v, v2 / v, 0.0), "ST": ((v1 + v13) / v, v2 / v, v13 / v)}


# --- reading a study -----------------------------------------------------------------------------


def _method(value: Any, where: str) -> str:
    if value not in METHODS:
        hint = _did_you_mean(str(value), METHODS)
        raise StudyError(where, f"unknown method {value!r}.{hint} Allowed: {', '.join(METHODS)}")
    return str(value)


def _int(value: Any, where: str, low: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise StudyError(where, f"expected an integer >= {low}, got {value!r}")
    return value


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise StudyError(where, f"expected a number, got {value!r}")
    return float(value)


def _check_n(method: str, n: Any, where: str) -> int:
    n = _int(n, where, 2)
    if method == "sobol" and n & (n - 1):
        low = 1 << (n.bit_length() - 1)
        raise StudyError(
            where,
            f"Sobol' sampling needs a power of 2 (its convergence holds only then), "
            f"got {n}; use {low} or {2 * low}",
        )
    return n


def _factor(key: str, spec: Any, base: Scenario, model: Any) -> Factor:
    where = f"factors.{key}"
    if not isinstance(spec, Mapping):
        raise StudyError(where, "expected a table, e.g. {} (the declared range) or {low = 0.2, high = 0.8}")
    _check_key(spec, _FACTOR_KEYS, where)
    if "dummy" in spec and spec["dummy"] is not True:
        raise StudyError(f"{where}.dummy", f"expected true (or leave it out), got {spec['dummy']!r}")
    if spec.get("dummy", False):
        if set(spec) - {"dummy", "group"}:
            raise StudyError(where, "a dummy factor takes no bounds: nothing reads it")
        if (model is not None and key in model.factors) or (model is None and key in _sweep_targets()):
            raise StudyError(where, f"{key!r} is read by the model; a dummy needs a name nothing reads")
        return Factor(key, 0.0, 1.0, "dummy", group=str(spec.get("group", "")))
    if model is not None:
        if key not in model.factors:
            raise StudyError(
                where,
                f"not a factor of the model.{_did_you_mean(key, list(model.factors))} "
                f"Allowed: {', '.join(model.factors)}",
            )
        low, high, kind, declared = *model.factors[key], "model", model.factors[key]
    else:
        targets = [t for t in _sweep_targets() if t != "seed" and t not in ("scale", "spinup_years")]
        if key not in targets:
            hint = _did_you_mean(key, targets)
            raise StudyError(
                where,
                f"cannot vary {key!r}.{hint} A factor is a declared parameter, a lever's "
                "intensity (<lever>) or start (<lever>.from), or a dummy (dummy = true); "
                "replicates vary the seed",
            )
        if key.endswith(".from"):
            kind = "lever"
            if "low" not in spec or "high" not in spec:
                raise StudyError(
                    where,
                    "a lever's start has no declared range: give low and high "
                    '(years, or months such as "2027-06")',
                )
            low, high = (parse_time(spec[b], f"{where}.{b}") for b in ("low", "high"))
            declared = (low, high)
        else:
            p = BY_NAME[key]
            kind = "lever" if key in LEVERS else "uncertainty"
            declared = (float(p.low), float(p.high))
            low, high = declared
    if not key.endswith(".from"):
        low = _number(spec.get("low", low), f"{where}.low")
        high = _number(spec.get("high", high), f"{where}.high")
    if low >= high:
        raise StudyError(where, f"low ({low:g}) must be below high ({high:g})")
    if model is None and not key.endswith(".from") and (low < declared[0] or high > declared[1]):
        raise StudyError(
            where,
            f"[{low:g}, {high:g}] leaves the declared range [{declared[0]:g}, "
            f"{declared[1]:g}] (see `regimesim parameters`)",
        )
    if model is None:  # both ends are values the scenario takes
        for end, v in (("low", low), ("high", high)):
            try:
                _check_sweep(
                    base,
                    key,
                    [
                        format_time(v)
                        if key.endswith(".from")
                        else (int(round(v)) if BY_NAME[key].integer else v)
                    ],
                )
            except ScenarioError as exc:
                raise StudyError(f"{where}.{end}", exc.message) from None
    dist = spec.get("dist", "unif")
    if dist in ("norm", "lognorm"):
        raise StudyError(
            f"{where}.dist",
            f"{dist!r} is unbounded and every parameter has a declared range: use "
            "truncnorm (mean and sd, cut at low and high)",
        )
    if dist not in DISTS:
        raise StudyError(
            f"{where}.dist",
            f"unknown distribution {dist!r}.{_did_you_mean(str(dist), DISTS)} Allowed: {', '.join(DISTS)}",
        )
    needs = {"unif": (), "triang": ("mode",), "truncnorm": ("mean", "sd")}[dist]
    for k in ("mode", "mean", "sd"):
        if k in spec and k not in needs:
            raise StudyError(
                f"{where}.{k}",
                f"not a setting of dist = {dist!r} (it takes {', '.join(needs) or 'low and high'})",
            )
        if k in needs and k not in spec:
            raise StudyError(where, f"dist = {dist!r} needs {k} = ...")
    bounds: tuple[float, ...] = ()
    if dist == "triang":
        mode = _number(spec["mode"], f"{where}.mode")
        if not low <= mode < high:
            raise StudyError(
                f"{where}.mode",
                f"the mode {mode:g} lies outside [{low:g}, {high:g}) (SALib's "
                "triangle peaks below its upper end)",
            )
        if high < 0:
            raise StudyError(
                f"{where}.dist",
                f"SALib's triangular distribution needs an upper end of 0 or more; "
                f"got [{low:g}, {high:g}]: use unif or truncnorm",
            )
        bounds = (low, high, (mode - low) / (high - low))
    elif dist == "truncnorm":
        mean, sd = _number(spec["mean"], f"{where}.mean"), _number(spec["sd"], f"{where}.sd")
        if sd <= 0:
            raise StudyError(f"{where}.sd", f"expected a positive standard deviation, got {sd:g}")
        if not low <= mean <= high:
            raise StudyError(f"{where}.mean", f"the mean {mean:g} lies outside [{low:g}, {high:g}]")
        bounds = (low, high, mean, sd)
    group = spec.get("group", "")
    if not isinstance(group, str):
        raise StudyError(f"{where}.group", f"expected a group name (text), got {group!r}")
    return Factor(key, float(low), float(high), kind, dist, bounds, group)


def _statistic(name: str, spec: Any, base: Scenario, model: Any) -> Statistic:
    where = f"outputs.{name}"
    if not isinstance(spec, Mapping):
        raise StudyError(
            where, 'expected a table, e.g. {indicator = "niche_share", statistic = "value", year = 2035}'
        )
    _check_key(spec, _OUTPUT_KEYS, where)
    if model is not None:
        return Statistic(name, "model")
    stat = spec.get("statistic")
    if stat not in STATISTICS:
        raise StudyError(
            f"{where}.statistic",
            f"unknown statistic {stat!r}.{_did_you_mean(str(stat), STATISTICS)} "
            f"Allowed: {', '.join(STATISTICS)}",
        )
    needs = {
        "value": ("indicator", "year"),
        "crossing_year": ("no_crossing",),
        "phase_years": ("curve", "phase"),
    }
    allowed = {"indicator", "statistic", *needs.get(stat, ("indicator", "years"))}
    for key in spec:
        if key not in allowed:
            raise StudyError(
                f"{where}.{key}",
                f"not a setting of statistic = {stat!r} (it takes "
                f"{', '.join(sorted(allowed - {'statistic'}))})",
            )
    first, last = base.start, base.end
    if stat == "crossing_year":
        nc = spec.get("no_crossing", "horizon")
        if nc == "horizon":
            return Statistic(name, stat)
        year = _number(nc, f"{where}.no_crossing")
        if year < base.end + 1:
            raise StudyError(
                f"{where}.no_crossing",
                f"a run that does not cross by the horizon (the end of {base.end}) "
                f'counts as crossing after it: give {base.end + 1} or later, or "horizon" '
                f"(= {base.end + 1})",
            )
        return Statistic(name, stat, no_crossing=year)
    if stat == "phase_years":
        curve, phase = spec.get("curve"), spec.get("phase")
        if curve not in ("regime", "niche"):
            raise StudyError(f"{where}.curve", f'expected "regime" or "niche", got {curve!r}')
        phases = REGIME_PHASES if curve == "regime" else NICHE_PHASES
        if phase not in phases:
            raise StudyError(
                f"{where}.phase",
                f"unknown {curve} phase {phase!r}.{_did_you_mean(str(phase), phases)} "
                f"Allowed: {', '.join(phases)}",
            )
        return Statistic(name, stat, curve=curve, phase=phase)
    indicator = _indicator(spec.get("indicator"), f"{where}.indicator")
    if stat == "value":
        first = last = _year(spec.get("year"), f"{where}.year")
    elif "years" in spec:
        span = spec["years"]
        if not isinstance(span, list) or len(span) != 2:
            raise StudyError(f"{where}.years", f"expected [first year, last year], got {span!r}")
        first, last = (_year(v, f"{where}.years") for v in span)
        if first > last:
            raise StudyError(f"{where}.years", f"the first year {first} comes after the last {last}")
    if first < base.start or last > base.end:
        raise StudyError(
            where, f"the years {first}-{last} leave the scenario's horizon {base.start}-{base.end}"
        )
    if stat == "total" and indicator not in RATE_INDICATORS:
        raise StudyError(
            f"{where}.indicator",
            f"a total adds up a rate; {indicator!r} is not one. Rates: {', '.join(RATE_INDICATORS)}",
        )
    return Statistic(name, stat, indicator, first, last)


def study_from(
    raw: Mapping[str, Any], *, folder: str | os.PathLike = ".", text: str = "", model: Any = None
) -> Study:
    """A study from its TOML table (``folder``: where a relative scenario file is; ``model``: a
    plugged-in model such as :class:`TestFunction`, whose ``factors`` the study's factors name).
    Raises :class:`StudyError` naming the field."""
    folder = Path(folder)
    _check_key(raw, _TOP_KEYS, "")
    name = raw.get("scenario", "full_mix")
    if not isinstance(name, str):
        raise StudyError("scenario", 'expected a library name or scenario file, e.g. "full_mix"')
    fixed = raw.get("set", {})
    if not isinstance(fixed, Mapping):
        raise StudyError("set", "expected a table of parameter values, e.g. [set] scale = 0.1")
    try:
        sc = Scenario.load(folder / name if (folder / name).exists() else find_scenario(name))
    except ScenarioError as exc:
        raise StudyError("scenario", str(exc)) from None
    try:
        if fixed:
            sc = sc.with_parameters(**fixed)
    except ScenarioError as exc:
        raise StudyError("set", str(exc)) from None
    if sc.sweep:
        raise StudyError("scenario", f"{name} has a [sweep]; a study's factors take its place")
    seed = check_seed(raw.get("seed", 0), "seed")
    replicates = _int(raw.get("replicates", 1), "replicates")
    factors_raw = raw.get("factors")
    if not isinstance(factors_raw, Mapping) or not factors_raw:
        raise StudyError("factors", "expected a table of at least two factors, e.g. [factors] build_up = {}")
    factors = tuple(_factor(k, v, sc, model) for k, v in factors_raw.items())
    if len(factors) < 2 or all(f.kind == "dummy" for f in factors):
        raise StudyError(
            "factors", "a sensitivity study needs at least two factors, one of them read by the model"
        )
    outputs_raw = raw.get("outputs")
    if not isinstance(outputs_raw, Mapping) or not outputs_raw:
        raise StudyError(
            "outputs", 'expected a table of outputs, e.g. [outputs] crossing = {statistic = "crossing_year"}'
        )
    taken = {*_RESERVED, *(f.name for f in factors)}
    for k in outputs_raw:
        if k in taken or not str(k).strip():
            raise StudyError(
                f"outputs.{k}",
                f"{k!r} names a factor or a column of the tables ({', '.join(_RESERVED)}); "
                "give the output another name",
            )
    stats = tuple(_statistic(k, v, sc, model) for k, v in outputs_raw.items())
    if model is not None and {s.name for s in stats} - set(model(dict.fromkeys(model.factors, 0.0), 0)):
        raise StudyError(
            "outputs", f"the model's outputs are {sorted(model(dict.fromkeys(model.factors, 0.0), 0))}"
        )
    outputs = Outputs(crossing_year=False, stats=stats)
    sens = _sensitivity(raw.get("sensitivity", {}), factors, sc, model)
    disc = _discovery(raw.get("discovery"), [s.name for s in stats])
    title, description = raw.get("title", ""), raw.get("description", "")
    for key, v in (("title", title), ("description", description)):
        if not isinstance(v, str):
            raise StudyError(key, "expected text")
    return Study(sc, factors, outputs, replicates, seed, sens, disc, title, description, text, model)


def _under(raw: Any, factors: tuple[Factor, ...], base: Scenario, model: Any) -> tuple:
    """The ``under`` settings: parameters (not factors of the study) and their values."""
    where = "sensitivity.under"
    if model is not None:
        raise StudyError(where, "settings apply to the model's parameters; a plugged-in model has none")
    if not isinstance(raw, list) or not raw or not all(isinstance(s, Mapping) and s for s in raw):
        raise StudyError(
            where,
            "expected a list of parameter settings, e.g. [{pressure_escalation = 0.05}, "
            "{pressure_escalation = 0.15}]",
        )
    names = {f.name for f in factors}
    params = [t for t in _sweep_targets() if t in BY_NAME and t not in LEVERS and t != "seed"]
    out = []
    for i, setting in enumerate(raw):
        for key, value in setting.items():
            at = f"{where}[{i}].{key}"
            if key in names:
                raise StudyError(at, f"{key!r} is a factor of the study; a setting holds other parameters")
            if key not in params:
                raise StudyError(
                    at,
                    f"not a parameter.{_did_you_mean(key, params)} A setting gives declared "
                    "parameters values (`regimesim parameters`)",
                )
            try:
                _check_sweep(base, key, [value])
            except ScenarioError as exc:
                raise StudyError(at, exc.message) from None
        out.append(tuple(setting.items()))
    if len(set(out)) != len(out):
        raise StudyError(where, "each setting once")
    return tuple(out)


def _sensitivity(raw: Any, factors: tuple[Factor, ...], base: Scenario, model: Any = None) -> Sensitivity:
    if not isinstance(raw, Mapping):
        raise StudyError("sensitivity", 'expected a table, e.g. [sensitivity] method = "sobol"')
    _check_key(raw, _SENS_KEYS, "sensitivity")
    method = _method(raw.get("method", "sobol"), "sensitivity.method")
    n = _check_n(method, raw.get("n", 256), "sensitivity.n")
    kw: dict[str, Any] = {"method": method, "n": n}
    if "second_order" in raw:
        if not isinstance(raw["second_order"], bool):
            raise StudyError(
                "sensitivity.second_order", f"expected true or false, got {raw['second_order']!r}"
            )
        kw["second_order"] = raw["second_order"]
    if "resamples" in raw:
        kw["resamples"] = _int(raw["resamples"], "sensitivity.resamples", 10)
    if "conf_level" in raw:
        kw["conf_level"] = _number(raw["conf_level"], "sensitivity.conf_level")
        if not 0.5 <= kw["conf_level"] < 1:
            raise StudyError(
                "sensitivity.conf_level", f"expected a level in [0.5, 1), got {kw['conf_level']}"
            )
    if "levels" in raw:
        kw["levels"] = _int(raw["levels"], "sensitivity.levels", 2)
        if kw["levels"] % 2:
            raise StudyError(
                "sensitivity.levels", f"Morris' grid needs an even number of levels, got {kw['levels']}"
            )
    if "slices" in raw:
        kw["slices"] = _int(raw["slices"], "sensitivity.slices", 2)
    if "groups" in raw:
        if raw["groups"] not in ("kind", ""):
            raise StudyError(
                "sensitivity.groups",
                f'expected "kind" (levers vs uncertainties), got {raw["groups"]!r}; '
                "or give factors a group = ...",
            )
        kw["groups"] = raw["groups"]
    if "convergence" in raw:
        c = raw["convergence"]
        if not isinstance(c, list) or not c:
            raise StudyError(
                "sensitivity.convergence", "expected a list of sample sizes below n, e.g. [128, 256, 512]"
            )
        for i, m in enumerate(c):
            _check_n(method, m, f"sensitivity.convergence[{i}]")
            if m > n:
                raise StudyError(
                    f"sensitivity.convergence[{i}]",
                    f"{m} exceeds n = {n}: the check re-analyses the first points of the sample",
                )
        kw["convergence"] = tuple(c)
    if "tolerance" in raw:
        kw["tolerance"] = _number(raw["tolerance"], "sensitivity.tolerance")
        if kw["tolerance"] <= 0:
            raise StudyError("sensitivity.tolerance", f"expected a positive band, got {kw['tolerance']:g}")
    if "under" in raw:
        kw["under"] = _under(raw["under"], factors, base, model)
    sens = Sensitivity(**kw)
    _check_method(sens, factors, "sensitivity")
    return sens


def _check_method(s: Sensitivity, factors: tuple[Factor, ...], where: str) -> None:
    """What a method needs of the factors: groups (two at least, not PAWN), Morris' grid steps of
    at least a month (a lever's start) or one (an integer parameter)."""
    names = {f.name for f in factors}
    for f in factors:
        if f.group and f.group in names and f.group != f.name:
            raise StudyError(
                f"factors.{f.name}.group",
                f"the group {f.group!r} is the name of another factor; name groups apart from factors",
            )
    grouped = s.groups == "kind" or any(f.group for f in factors)
    if grouped:
        if s.method == "pawn":
            raise StudyError(
                f"{where}.method" if where != "sensitivity" else "sensitivity.groups",
                "PAWN has no group indices in SALib; use sobol or morris",
            )
        labels = {f.group or (f.kind if s.groups == "kind" else f.name) for f in factors}
        if len(labels) < 2:
            raise StudyError(
                "sensitivity.groups",
                f"all factors fall in one group ({labels.pop()!r}): groups need two at least",
            )
    if s.method == "morris":
        for f in factors:
            unit = (
                1 / 12
                if f.name.endswith(".from")
                else 1.0
                if (f.name in BY_NAME and BY_NAME[f.name].integer)
                else 0
            )
            if unit and (f.high - f.low) / (s.levels - 1) < unit - 1e-9:
                raise StudyError(
                    f"factors.{f.name}",
                    f"Morris' grid of {s.levels} levels steps by less than "
                    f"{'a month' if unit < 1 else 'one'} over [{f.low:g}, {f.high:g}]: steps would "
                    "round to nothing; widen the bounds or use fewer levels",
                )


def _discovery(raw: Any, outputs: list[str]) -> Discovery | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise StudyError("discovery", 'expected a table, e.g. [discovery] output = "crossing", below = 2040')
    _check_key(raw, _DISC_KEYS, "discovery")
    out = raw.get("output")
    if out not in outputs:
        raise StudyError(
            "discovery.output",
            f"expected one of the study's outputs ({', '.join(outputs)}), "
            f"got {out!r}.{_did_you_mean(str(out), outputs)}",
        )
    if ("below" in raw) == ("above" in raw):
        raise StudyError(
            "discovery", "give either below = ... (a hit is at most it) or above = ... (at least it)"
        )
    direction = "below" if "below" in raw else "above"
    kw: dict[str, Any] = {"n": _int(raw.get("n", 512), "discovery.n", 10)}
    for key in ("peel_alpha", "paste_alpha", "mass_min", "min_density"):
        if key in raw:
            kw[key] = _number(raw[key], f"discovery.{key}")
            if not 0 < kw[key] < 1:
                raise StudyError(f"discovery.{key}", f"expected a share in (0, 1), got {kw[key]}")
    return Discovery(out, _number(raw[direction], f"discovery.{direction}"), direction, **kw)


def load_study(path: str | os.PathLike, *, model: Any = None) -> Study:
    """Read and check a study file (TOML). Raises :class:`StudyError` naming the field."""
    path = Path(path)
    if path.suffix != ".toml":
        raise StudyError("", f"a study file is TOML and ends in .toml (got {path.name!r})", path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise StudyError("", "no such file", path) from None
    except UnicodeDecodeError as exc:
        raise StudyError(
            "", f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the file as UTF-8", path
        ) from None
    except OSError as exc:
        raise StudyError("", f"cannot be read: {exc.strerror or exc}", path) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise StudyError("", f"not valid TOML: {exc}", path) from None
    try:
        return study_from(raw, folder=path.parent, text=text, model=model)
    except ScenarioError as exc:
        raise StudyError(exc.field, exc.message, path, exc.line) from None


def find_study(name: str) -> Path:
    """A study file: a path, or the name of a shipped study in ``scenarios/studies/``."""
    p = Path(name)
    if p.exists() or (p.suffix == ".toml" and p.parent != Path(".")):
        return p
    from regimesim.scenario import library_dir

    shipped = library_dir() / "studies" / (name if name.endswith(".toml") else f"{name}.toml")
    if shipped.exists():
        return shipped
    names = sorted(q.stem for q in (library_dir() / "studies").glob("*.toml"))
    raise StudyError(
        "",
        f"no study file {name!r} and no shipped study of that name.{_did_you_mean(name, names)} "
        f"Shipped: {', '.join(names)}",
    )


__all__ = [
    "DISTS",
    "METHODS",
    "Discovery",
    "Factor",
    "Sensitivity",
    "Study",
    "StudyError",
    "TestFunction",
    "find_study",
    "load_study",
    "study_from",
]
