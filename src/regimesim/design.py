"""Ensemble designs: what :mod:`regimesim.ensemble` runs -- base scenarios x points x replicates,
one root seed, the outputs to keep -- read from TOML (data only) and checked field by field.

See :mod:`regimesim.ensemble` for the format and docs/designs.md for every field. A design is
validated like a scenario: a bad field raises :class:`DesignError` naming it, the allowed values
and, for a misspelt name, the closest one.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from regimesim.fields import DesignError, FieldError, ScenarioError, check_seed, did_you_mean, read_toml
from regimesim.indicators import INDICATORS
from regimesim.parameters import BY_NAME
from regimesim.scenario import Scenario, find_scenario
from regimesim.settings import check_sweep, sweep_targets
from regimesim.timeline import format_time, parse_time, snap
from regimesim.xcurve import NICHE_PHASES, REGIME_PHASES, label_phases

#: How a design's points are made.
POINT_METHODS = ("factorial", "latin_hypercube", "table")
_TOP_KEYS = (
    "title",
    "description",
    "scenarios",
    "set",
    "factors",
    "points",
    "replicates",
    "seed",
    "seeds",
    "outputs",
    "chunk_size",
)
_OUTPUT_KEYS = ("values", "means", "crossing_year", "series", "phase_years")
#: The indicators an output may name.
INDICATOR_NAMES = tuple(i.name for i in INDICATORS)


# --- seeds ---------------------------------------------------------------------------------------


def run_seed(root: int, replicate: int) -> int:
    """The seed of replicate ``replicate`` (of every scenario and point) of a design with root
    seed ``root``: drawn by :class:`numpy.random.SeedSequence` from the root and the spawn key
    ``(replicate,)``, in ``[0, 2**63)``."""
    state = np.random.SeedSequence(root, spawn_key=(replicate,)).generate_state(1, np.uint64)
    return int(state[0] >> np.uint64(1))


# --- the design ----------------------------------------------------------------------------------


#: The statistics a :class:`Statistic` reduces a run to.
STATISTICS = ("value", "mean", "min", "max", "total", "crossing_year", "phase_years")


@dataclass(frozen=True)
class Statistic:
    """One named number of a run: an indicator reduced by a statistic.

    - ``value``: the indicator's mean over ``first`` (= ``last``, one year);
    - ``mean``, ``min``, ``max``: over the months of the years ``first`` to ``last``;
    - ``total``: the cumulative amount over those years of a rate (an indicator per month is
      summed over the months, one per year -- costs -- over the months and divided by 12);
    - ``crossing_year``: the fractional year the niche overtakes the regime; a run that does not
      cross by its horizon gets ``no_crossing`` (a year) or, when that is NaN, the end of the
      horizon (``end_year + 1``: censored there);
    - ``phase_years``: the years the ``curve`` (regime or niche) spends in ``phase``.
    """

    name: str
    statistic: str
    indicator: str = ""
    first: int = 0
    last: int = 0
    curve: str = ""
    phase: str = ""
    no_crossing: float = float("nan")

    def of(self, df: pd.DataFrame, crossing: float | None, phases: Any = None) -> float:
        """This statistic of one run's indicator table ``df`` (``phases``: its phase labels)."""
        if self.statistic == "crossing_year":
            if crossing is not None:
                return float(crossing)
            return float(df.index.year.max() + 1) if np.isnan(self.no_crossing) else self.no_crossing
        if self.statistic == "phase_years":
            codes = np.asarray(phases.regime if self.curve == "regime" else phases.niche)
            names = REGIME_PHASES if self.curve == "regime" else NICHE_PHASES
            return float(np.count_nonzero(codes == names.index(self.phase)) / 12.0)
        years = df.index.year
        sel = (years >= self.first) & (years <= self.last)
        if not sel.any():
            return np.nan
        x = df.loc[sel, self.indicator].to_numpy(dtype=float)
        if self.statistic == "total":
            return float(x.sum() / (12.0 if _per_year(self.indicator) else 1.0))
        return float({"value": np.mean, "mean": np.mean, "min": np.min, "max": np.max}[self.statistic](x))


def _per_year(indicator: str) -> bool:
    return "year" in _UNITS[indicator]


#: Indicators that are rates (a ``total`` sums them): their units.
_UNITS = {i.name: i.unit for i in INDICATORS}
RATE_INDICATORS = tuple(
    n for n, u in _UNITS.items() if u.startswith("per ") or u.endswith(("/year", "/month"))
)


@dataclass(frozen=True)
class Outputs:
    """What is kept of each run."""

    values: tuple[tuple[str, int], ...] = ()  # (indicator, year): the mean over that year
    means: tuple[tuple[str, int, int], ...] = ()  # (indicator, first, last year): the mean over them
    crossing_year: bool = True  # the fractional year the niche overtakes the regime (NaN: never)
    series: bool = False  # the full monthly indicator series
    phase_years: bool = False  # years in each X-curve phase of the regime and of the niche
    stats: tuple[Statistic, ...] = ()  # named statistics (a sensitivity study's outputs)

    def columns(self) -> list[str]:
        """The columns of the output table after ``run``."""
        cols = [f"{name}_{year}" for name, year in self.values]
        cols += [f"{name}_{first}_{last}" for name, first, last in self.means]
        cols += ["crossing_year"] if self.crossing_year else []
        if self.phase_years:
            cols += [f"years_regime_{ph}" for ph in REGIME_PHASES]
            cols += [f"years_niche_{ph}" for ph in NICHE_PHASES]
        cols += [st.name for st in self.stats]
        return cols

    def reduce(self, df: pd.DataFrame, crossing: float | None) -> dict[str, float]:
        """The reductions of one run's indicator table ``df`` (indexed by month)."""
        years = df.index.year
        row: dict[str, float] = {}
        for name, year in self.values:
            sel = years == year
            row[f"{name}_{year}"] = float(df.loc[sel, name].astype(float).mean()) if sel.any() else np.nan
        for name, first, last in self.means:
            sel = (years >= first) & (years <= last)
            row[f"{name}_{first}_{last}"] = (
                float(df.loc[sel, name].astype(float).mean()) if sel.any() else np.nan
            )
        if self.crossing_year:
            row["crossing_year"] = np.nan if crossing is None else float(crossing)
        if self.phase_years:
            cols = ("regime_strength", "niche_share", "institutionalised_share", "pressure")
            ph = label_phases(*(df[c].to_numpy() for c in cols))
            for curve, names, codes in (
                ("regime", REGIME_PHASES, ph.regime),
                ("niche", NICHE_PHASES, ph.niche),
            ):
                codes = np.asarray(codes)
                counts = np.bincount(codes[codes >= 0], minlength=len(names))
                for name, n in zip(names, counts, strict=True):
                    row[f"years_{curve}_{name}"] = n / 12.0
        if self.stats:
            phases = None
            if any(st.statistic == "phase_years" for st in self.stats):
                cols = ("regime_strength", "niche_share", "institutionalised_share", "pressure")
                phases = label_phases(*(df[c].to_numpy() for c in cols))
            for st in self.stats:
                row[st.name] = st.of(df, crossing, phases)
        return row


@dataclass(frozen=True, eq=False)
class Design:
    """A design: scenarios x points x replicates, one root seed, the outputs to keep."""

    scenarios: tuple[Scenario, ...]
    points: pd.DataFrame  # one row per point, one column per factor
    replicates: int = 1
    seed: int = 0
    outputs: Outputs = field(default_factory=Outputs)
    title: str = ""
    chunk_size: int | None = None
    text: str = ""  # the TOML the design was read from (for its hash), if any
    seeds: tuple[int, ...] = ()  # explicit replicate seeds (instead of drawing them from ``seed``)
    #: What runs a point instead of the model: ``model(factors, seed) -> {output: value}`` (a
    #: picklable callable, e.g. :class:`regimesim.study.TestFunction`); None: the scenarios.
    model: Any = None

    def replicate_seed(self, replicate: int) -> int:
        """The seed of ``replicate``: the design's explicit ``seeds`` or :func:`run_seed`."""
        return self.seeds[replicate] if self.seeds else run_seed(self.seed, replicate)

    @property
    def factors(self) -> list[str]:
        return list(self.points.columns)

    @property
    def n_runs(self) -> int:
        return len(self.scenarios) * max(1, len(self.points)) * self.replicates

    def digest(self) -> str:
        """A hash of what the design runs (scenarios, points, replicates, seed, outputs)."""
        h = hashlib.sha256()
        for sc in self.scenarios:
            h.update(sc.digest().encode())
        h.update(self.points.to_csv(index=False).encode())
        h.update(repr((self.replicates, self.seed, self.seeds, self.outputs)).encode())
        return h.hexdigest()[:16]

    def runs(self) -> pd.DataFrame:
        """The runs table: run id, scenario, point, replicate, seed and the factor values. Runs
        are numbered scenario by scenario, point by point, replicate by replicate."""
        n_s, n_p, n_r = len(self.scenarios), max(1, len(self.points)), self.replicates
        s = np.repeat(np.arange(n_s), n_p * n_r)
        p = np.tile(np.repeat(np.arange(n_p), n_r), n_s)
        r = np.tile(np.arange(n_r), n_s * n_p)
        df = pd.DataFrame(
            {
                "run": np.arange(len(s), dtype=np.int64),
                "scenario": [self.scenarios[i].label for i in s],
                "point": p.astype(np.int64),
                "replicate": r.astype(np.int64),
                "seed": np.array([self.replicate_seed(int(k)) for k in r], dtype=np.uint64),
            }
        )
        if len(self.points):
            df = pd.concat([df, self.points.iloc[p].reset_index(drop=True)], axis=1)
        return df

    def point_of(self, run: int) -> tuple[dict[str, Any], int]:
        """The factor values and seed of run ``run`` (for a design with a ``model``)."""
        n_points = max(1, len(self.points))
        p, r = divmod(run % (n_points * self.replicates), self.replicates)
        row = self.points.iloc[p].items() if len(self.points) else ()
        point = {str(k): factor_value(str(k), v) for k, v in row}
        return point, self.replicate_seed(r)

    def scenario_of(self, run: int) -> tuple[Scenario, int]:
        """The scenario (with the point's factor values applied) and seed of run ``run``."""
        n_points = max(1, len(self.points))
        s, rest = divmod(run, n_points * self.replicates)
        p, r = divmod(rest, self.replicates)
        sc = self.scenarios[s]
        if len(self.points):
            sc = sc.with_settings({str(k): factor_value(str(k), v) for k, v in self.points.iloc[p].items()})
        return sc, self.replicate_seed(r)


def factor_value(key: str, value: Any) -> Any:
    """A factor value as the scenario takes it (integers for integer parameters)."""
    if key in BY_NAME and BY_NAME[key].integer:
        return int(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def check_keys(
    raw: Mapping[str, Any], allowed: tuple[str, ...], where: str, error: type[FieldError] = DesignError
) -> None:
    """Every key of the table ``raw`` (at ``where``) is one of ``allowed``, or an ``error``."""
    for key in raw:
        if key not in allowed:
            hint = did_you_mean(key, allowed)
            path = f"{where}.{key}" if where else key
            raise error(path, f"unknown field.{hint} Allowed: {', '.join(allowed)}")


def check_indicator(name: Any, where: str, error: type[FieldError] = DesignError) -> str:
    """``name`` if it names an indicator, else an ``error`` at ``where``."""
    if name not in INDICATOR_NAMES:
        hint = did_you_mean(str(name), INDICATOR_NAMES)
        raise error(where, f"unknown indicator {name!r}.{hint} See `regimesim indicators` for the list")
    return str(name)


def check_year(value: Any, where: str, error: type[FieldError] = DesignError) -> int:
    """``value`` if it is a year (an integer between 1900 and 2300), else an ``error``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2300:
        raise error(where, f"expected a year (an integer between 1900 and 2300), got {value!r}")
    return value


def outputs_from(raw: Any) -> Outputs:
    """The ``[outputs]`` table of a design (values, means, crossing_year, series, phase_years)."""
    if raw is None:
        return Outputs()
    if not isinstance(raw, Mapping):
        raise DesignError("outputs", "expected a table, e.g. [outputs] values = {niche_share = 2050}")
    check_keys(raw, _OUTPUT_KEYS, "outputs")
    for key in ("values", "means"):
        if not isinstance(raw.get(key, {}), Mapping):
            raise DesignError(f"outputs.{key}", "expected a table of indicators, e.g. {niche_share = 2050}")
    values = []
    for name, year in dict(raw.get("values", {})).items():
        values.append(
            (check_indicator(name, f"outputs.values.{name}"), check_year(year, f"outputs.values.{name}"))
        )
    means = []
    for name, span in dict(raw.get("means", {})).items():
        where = f"outputs.means.{name}"
        check_indicator(name, where)
        if not isinstance(span, list) or len(span) != 2:
            raise DesignError(where, f"expected [first year, last year], got {span!r}")
        first, last = check_year(span[0], where), check_year(span[1], where)
        if first > last:
            raise DesignError(where, f"the first year {first} comes after the last {last}")
        means.append((name, first, last))
    flags = {}
    for key in ("crossing_year", "series", "phase_years"):
        if key in raw and not isinstance(raw[key], bool):
            raise DesignError(f"outputs.{key}", f"expected true or false, got {raw[key]!r}")
        flags[key] = raw.get(key, key == "crossing_year")
    out = Outputs(tuple(values), tuple(means), flags["crossing_year"], flags["series"], flags["phase_years"])
    if not out.columns() and not out.series:
        raise DesignError(
            "outputs",
            "keeps nothing: name values or means, or set crossing_year, phase_years or series = true",
        )
    return out


def _points(raw: Any, factors: Mapping[str, Any], base: Scenario, folder: Path, seed: int) -> pd.DataFrame:
    if not factors:
        if raw is not None:
            raise DesignError("points", "there are no [factors] to make points of")
        return pd.DataFrame()
    raw = dict(raw or {"method": "factorial"})
    method = raw.get("method", "factorial")
    if method not in POINT_METHODS:
        hint = did_you_mean(str(method), POINT_METHODS)
        raise DesignError(
            "points.method", f"unknown method {method!r}.{hint} Allowed: {', '.join(POINT_METHODS)}"
        )
    keys = list(factors)
    if method == "factorial":
        check_keys(raw, ("method",), "points")
        values = []
        for key in keys:
            spec = factors[key]
            if "values" not in spec:
                raise DesignError(
                    f"factors.{key}", "a factorial design needs values = [...] for every factor"
                )
            values.append(spec["values"])
        table = pd.DataFrame(list(itertools.product(*values)), columns=keys)
    elif method == "latin_hypercube":
        check_keys(raw, ("method", "n"), "points")
        n = raw.get("n")
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise DesignError("points.n", f"expected the number of points (an integer >= 1), got {n!r}")
        from scipy.stats import qmc

        for key in keys:
            if "low" not in factors[key]:
                raise DesignError(
                    f"factors.{key}", "a latin_hypercube needs low = ... and high = ... for each factor"
                )
        unit = qmc.LatinHypercube(d=len(keys), rng=np.random.default_rng(seed)).random(n)
        cols = {}
        for j, key in enumerate(keys):
            low, high = factors[key]["low"], factors[key]["high"]
            col = low + unit[:, j] * (high - low)
            if key.endswith(".from"):
                col = np.array([snap(float(t)) for t in col])
            elif key in BY_NAME and BY_NAME[key].integer:
                col = np.rint(col).astype(int)
            cols[key] = col
        table = pd.DataFrame(cols)
    else:  # table
        check_keys(raw, ("method", "file"), "points")
        if "file" not in raw:
            raise DesignError("points.file", 'a table design names its file: file = "points.csv"')
        path = folder / str(raw["file"])
        try:
            table = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
        except FileNotFoundError:
            raise DesignError("points.file", f"no such file: {path}") from None
        except Exception as exc:
            raise DesignError("points.file", f"cannot read {path}: {exc}") from None
        missing = [k for k in keys if k not in table.columns]
        extra = [c for c in table.columns if c not in keys]
        if missing or extra:
            raise DesignError(
                "points.file",
                f"the table's columns must be the factors {keys}; missing {missing}, not factors {extra}",
            )
        table = table[keys]
        if table.empty:
            raise DesignError("points.file", "the table has no rows")
    _check_points(table, keys, base)
    return table.reset_index(drop=True)


def _check_points(table: pd.DataFrame, keys: list[str], base: Scenario) -> None:
    """Every value of the points is checked as a sweep value is."""
    for key in keys:
        for i, v in enumerate(table[key].tolist()):
            try:
                check_sweep(
                    base,
                    key,
                    [format_time(v) if key.endswith(".from") and not isinstance(v, str) else v],
                )
            except ScenarioError as exc:
                raise DesignError(f"points[{i}].{key}", exc.message) from None


def _factors(raw: Any) -> dict[str, dict[str, Any]]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise DesignError(
            "factors", "expected a table of factors, e.g. [factors.phase_out] values = [0.3, 0.6]"
        )
    targets = [t for t in sweep_targets() if t != "seed"]
    out = {}
    for key, spec in raw.items():
        where = f"factors.{key}"
        if key not in targets:
            hint = did_you_mean(key, targets)
            raise DesignError(
                where,
                f"cannot vary {key!r}.{hint} A factor is a parameter, a lever's "
                "intensity (<lever>) or start (<lever>.from); replicates vary the seed",
            )
        if not isinstance(spec, Mapping):
            raise DesignError(where, "expected values = [...] or low = ..., high = ...")
        check_keys(spec, ("values", "low", "high"), where)
        if "values" in spec and (not isinstance(spec["values"], list) or not spec["values"]):
            raise DesignError(f"{where}.values", "expected a non-empty list of values")
        if ("low" in spec) != ("high" in spec):
            raise DesignError(where, "give both low and high")
        if "low" in spec:
            low, high = spec["low"], spec["high"]
            if key.endswith(".from"):
                low, high = parse_time(low, f"{where}.low"), parse_time(high, f"{where}.high")
            for name, v in (("low", low), ("high", high)):
                if isinstance(v, bool) or not isinstance(v, int | float):
                    raise DesignError(f"{where}.{name}", f"expected a number, got {v!r}")
            if low >= high:
                raise DesignError(where, f"low ({spec['low']}) must be below high ({spec['high']})")
            spec = {**spec, "low": float(low), "high": float(high)}
        if "values" not in spec and "low" not in spec:
            raise DesignError(where, "expected values = [...] or low = ..., high = ...")
        out[key] = dict(spec)
    return out


def design_from(raw: Mapping[str, Any], *, folder: str | os.PathLike = ".", text: str = "") -> Design:
    """A design from its TOML table (``folder``: where relative scenario and table files are).
    Raises :class:`DesignError` naming the field."""
    try:
        return _design_from(raw, Path(folder), text)
    except DesignError:
        raise
    except ScenarioError as exc:
        raise DesignError(exc.field, exc.message, exc.file, exc.line) from None


def _design_from(raw: Mapping[str, Any], folder: Path, text: str) -> Design:
    check_keys(raw, _TOP_KEYS, "")
    names = raw.get("scenarios")
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise DesignError(
            "scenarios", 'expected a list of library names or scenario files, e.g. ["full_mix"]'
        )
    fixed = raw.get("set", {})
    if not isinstance(fixed, Mapping):
        raise DesignError("set", "expected a table of parameter values, e.g. [set] scale = 0.05")
    scenarios = []
    for i, name in enumerate(names):
        try:
            sc = Scenario.load(folder / name if (folder / name).exists() else find_scenario(name))
        except ScenarioError as exc:
            raise DesignError(f"scenarios[{i}]", str(exc)) from None
        try:
            if fixed:
                sc = sc.with_parameters(**fixed)
        except ScenarioError as exc:
            raise DesignError("set", str(exc)) from None
        if sc.sweep:
            raise DesignError(f"scenarios[{i}]", f"{name} has a [sweep]; a design's factors take its place")
        scenarios.append(sc)
    labels = [s.label for s in scenarios]
    if len(set(labels)) != len(labels):
        raise DesignError("scenarios", f"each scenario once, got {labels}")
    seed = check_seed(raw.get("seed", 0), "seed")
    seeds: tuple[int, ...] = ()
    if "seeds" in raw:
        for key in ("seed", "replicates"):
            if key in raw:
                raise DesignError(
                    "seeds",
                    f"give either seeds = [...] or {key}: the seeds list makes one replicate per seed",
                )
        if not isinstance(raw["seeds"], list) or not raw["seeds"]:
            raise DesignError("seeds", "expected a non-empty list of seeds, e.g. [0, 1, 2]")
        seeds = tuple(check_seed(v, f"seeds[{i}]") for i, v in enumerate(raw["seeds"]))
        if len(set(seeds)) != len(seeds):
            raise DesignError("seeds", "each seed once")
    replicates = raw.get("replicates", len(seeds) or 1)
    if isinstance(replicates, bool) or not isinstance(replicates, int) or replicates < 1:
        raise DesignError(
            "replicates", f"expected the number of runs per point (an integer >= 1), got {replicates!r}"
        )
    chunk = raw.get("chunk_size")
    if chunk is not None and (isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1):
        raise DesignError(
            "chunk_size", f"expected the number of runs per chunk (an integer >= 1), got {chunk!r}"
        )
    factors = _factors(raw.get("factors"))
    points = _points(raw.get("points"), factors, scenarios[0], folder, seed)
    title = raw.get("title", "")
    if not isinstance(title, str):
        raise DesignError("title", "expected text")
    outputs = outputs_from(raw.get("outputs"))
    check_output_years(outputs, scenarios)
    return Design(tuple(scenarios), points, replicates, seed, outputs, title, chunk, text, seeds)


def check_output_years(outputs: Outputs, scenarios: list[Scenario]) -> None:
    """A DesignError for an output whose year (or every year of whose span) lies outside every
    scenario's horizon: its value would be missing in every run."""
    lo, hi = min(s.start for s in scenarios), max(s.end for s in scenarios)
    spans = [(f"outputs.values.{n}", y, y) for n, y in outputs.values]
    spans += [(f"outputs.means.{n}", a, b) for n, a, b in outputs.means]
    for where, first, last in spans:
        if not any(first <= s.end and last >= s.start for s in scenarios):
            years = f"{first}" if first == last else f"{first}-{last}"
            raise DesignError(
                where,
                f"{years} lies outside every scenario's horizon ({lo}-{hi}): "
                "the output would be missing in every run",
            )


def load_design(path: str | os.PathLike) -> Design:
    """Read and check a design file (TOML). Raises :class:`DesignError` naming the field."""
    path = Path(path)
    text, raw = read_toml(path, DesignError, "design")
    try:
        return design_from(raw, folder=path.parent, text=text)
    except FieldError as exc:
        raise DesignError(exc.field, exc.message, path, exc.line) from None


__all__ = [
    "INDICATOR_NAMES",
    "POINT_METHODS",
    "STATISTICS",
    "Design",
    "DesignError",
    "Outputs",
    "Statistic",
    "check_indicator",
    "check_keys",
    "check_year",
    "design_from",
    "factor_value",
    "load_design",
    "outputs_from",
    "read_toml",
    "run_seed",
]
