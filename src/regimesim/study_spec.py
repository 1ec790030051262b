"""A study as data: its factors, outputs, sensitivity and discovery settings, and what it samples
and runs (:class:`Study`); the checks a study's settings need, shared by the file reader
(:mod:`regimesim.study_file`) and :meth:`Study.with_overrides`. The format and its use are in
:mod:`regimesim.study` (which exports all of this) and docs/studies.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from regimesim.design import Design, Outputs
from regimesim.fields import StudyError, did_you_mean
from regimesim.parameters import BY_NAME
from regimesim.scenario import Scenario
from regimesim.timeline import snap

#: The sensitivity methods (SALib).
METHODS = ("sobol", "morris", "pawn")
#: SALib's distributions of a factor (``unif``: low, high; ``triang``: low, high and the mode;
#: ``truncnorm``: low, high, mean, sd) -- the bounded ones: every parameter has a declared range.
DISTS = ("unif", "triang", "truncnorm")


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
            out.append((label, replace(self, scenario=self.scenario.with_settings(dict(setting)))))
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
            check_method_name(method, "--method")
            study = replace(study, sensitivity=replace(study.sensitivity, method=method, convergence=()))
        if n is not None and discovery:
            if study.discovery is not None:
                study = replace(study, discovery=replace(study.discovery, n=check_int(n, "--n", 10)))
        elif n is not None:
            study = replace(
                study,
                sensitivity=replace(
                    study.sensitivity, convergence=(), n=check_n(study.sensitivity.method, n, "--n")
                ),
            )
        if method is not None or n is not None:
            if not discovery:
                check_n(
                    study.sensitivity.method, study.sensitivity.n, "--n" if n is not None else "sensitivity.n"
                )
            check_method(study.sensitivity, study.factors, "--method")
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


# --- checks of a study's settings ----------------------------------------------------------------


def check_method_name(value: Any, where: str) -> str:
    """``value`` if it names a sensitivity method (:data:`METHODS`), else a StudyError."""
    if value not in METHODS:
        hint = did_you_mean(str(value), METHODS)
        raise StudyError(where, f"unknown method {value!r}.{hint} Allowed: {', '.join(METHODS)}")
    return str(value)


def check_int(value: Any, where: str, low: int = 1) -> int:
    """``value`` if it is an integer of at least ``low``, else a StudyError."""
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise StudyError(where, f"expected an integer >= {low}, got {value!r}")
    return value


def check_float(value: Any, where: str) -> float:
    """``value`` as a float if it is a finite number, else a StudyError."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise StudyError(where, f"expected a number, got {value!r}")
    return float(value)


def check_n(method: str, n: Any, where: str) -> int:
    """A sample size ``n`` for ``method`` (Sobol': a power of 2), else a StudyError."""
    n = check_int(n, where, 2)
    if method == "sobol" and n & (n - 1):
        low = 1 << (n.bit_length() - 1)
        raise StudyError(
            where,
            f"Sobol' sampling needs a power of 2 (its convergence holds only then), "
            f"got {n}; use {low} or {2 * low}",
        )
    return n


def check_method(s: Sensitivity, factors: tuple[Factor, ...], where: str) -> None:
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


__all__ = [
    "DISTS",
    "METHODS",
    "Discovery",
    "Factor",
    "Sensitivity",
    "Study",
    "TestFunction",
    "check_float",
    "check_int",
    "check_method",
    "check_method_name",
    "check_n",
]
