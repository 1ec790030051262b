"""Reading and checking study files (TOML, data only): every field checked, a mistake named with
its field, the allowed values and, for a misspelt name, the closest one. The format is in the
docstring of :mod:`regimesim.study` and in docs/studies.md."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from regimesim.design import (
    RATE_INDICATORS,
    STATISTICS,
    Outputs,
    Statistic,
    check_indicator,
    check_keys,
    check_year,
)
from regimesim.fields import FieldError, ScenarioError, StudyError, check_seed, did_you_mean, read_toml
from regimesim.levers import LEVERS
from regimesim.parameters import BY_NAME
from regimesim.scenario import Scenario, find_scenario, library_dir
from regimesim.settings import check_sweep, sweep_targets
from regimesim.study_spec import (
    DISTS,
    Discovery,
    Factor,
    Sensitivity,
    Study,
    check_float,
    check_int,
    check_method,
    check_method_name,
    check_n,
)
from regimesim.timeline import format_time, parse_time
from regimesim.xcurve import NICHE_PHASES, REGIME_PHASES

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


def _factor(key: str, spec: Any, base: Scenario, model: Any) -> Factor:
    where = f"factors.{key}"
    if not isinstance(spec, Mapping):
        raise StudyError(where, "expected a table, e.g. {} (the declared range) or {low = 0.2, high = 0.8}")
    check_keys(spec, _FACTOR_KEYS, where, StudyError)
    if "dummy" in spec and spec["dummy"] is not True:
        raise StudyError(f"{where}.dummy", f"expected true (or leave it out), got {spec['dummy']!r}")
    if spec.get("dummy", False):
        if set(spec) - {"dummy", "group"}:
            raise StudyError(where, "a dummy factor takes no bounds: nothing reads it")
        if (model is not None and key in model.factors) or (model is None and key in sweep_targets()):
            raise StudyError(where, f"{key!r} is read by the model; a dummy needs a name nothing reads")
        return Factor(key, 0.0, 1.0, "dummy", group=str(spec.get("group", "")))
    if model is not None:
        if key not in model.factors:
            raise StudyError(
                where,
                f"not a factor of the model.{did_you_mean(key, list(model.factors))} "
                f"Allowed: {', '.join(model.factors)}",
            )
        low, high, kind, declared = *model.factors[key], "model", model.factors[key]
    else:
        targets = [t for t in sweep_targets() if t != "seed" and t not in ("scale", "spinup_years")]
        if key not in targets:
            hint = did_you_mean(key, targets)
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
        low = check_float(spec.get("low", low), f"{where}.low")
        high = check_float(spec.get("high", high), f"{where}.high")
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
                check_sweep(
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
    dist, bounds = _distribution(spec, where, low, high)
    group = spec.get("group", "")
    if not isinstance(group, str):
        raise StudyError(f"{where}.group", f"expected a group name (text), got {group!r}")
    return Factor(key, float(low), float(high), kind, dist, bounds, group)


def _distribution(spec: Mapping[str, Any], where: str, low: float, high: float) -> tuple[str, tuple]:
    """A factor's SALib distribution over [low, high] and its bounds (empty: (low, high))."""
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
            f"unknown distribution {dist!r}.{did_you_mean(str(dist), DISTS)} Allowed: {', '.join(DISTS)}",
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
        mode = check_float(spec["mode"], f"{where}.mode")
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
        mean, sd = check_float(spec["mean"], f"{where}.mean"), check_float(spec["sd"], f"{where}.sd")
        if sd <= 0:
            raise StudyError(f"{where}.sd", f"expected a positive standard deviation, got {sd:g}")
        if not low <= mean <= high:
            raise StudyError(f"{where}.mean", f"the mean {mean:g} lies outside [{low:g}, {high:g}]")
        bounds = (low, high, mean, sd)
    return dist, bounds


def _statistic(name: str, spec: Any, base: Scenario, model: Any) -> Statistic:
    where = f"outputs.{name}"
    if not isinstance(spec, Mapping):
        raise StudyError(
            where, 'expected a table, e.g. {indicator = "niche_share", statistic = "value", year = 2035}'
        )
    check_keys(spec, _OUTPUT_KEYS, where, StudyError)
    if model is not None:
        return Statistic(name, "model")
    stat = spec.get("statistic")
    if stat not in STATISTICS:
        raise StudyError(
            f"{where}.statistic",
            f"unknown statistic {stat!r}.{did_you_mean(str(stat), STATISTICS)} "
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
        year = check_float(nc, f"{where}.no_crossing")
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
                f"unknown {curve} phase {phase!r}.{did_you_mean(str(phase), phases)} "
                f"Allowed: {', '.join(phases)}",
            )
        return Statistic(name, stat, curve=curve, phase=phase)
    indicator = check_indicator(spec.get("indicator"), f"{where}.indicator", StudyError)
    if stat == "value":
        first = last = check_year(spec.get("year"), f"{where}.year", StudyError)
    elif "years" in spec:
        span = spec["years"]
        if not isinstance(span, list) or len(span) != 2:
            raise StudyError(f"{where}.years", f"expected [first year, last year], got {span!r}")
        first, last = (check_year(v, f"{where}.years", StudyError) for v in span)
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
    check_keys(raw, _TOP_KEYS, "", StudyError)
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
    replicates = check_int(raw.get("replicates", 1), "replicates")
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
    params = [t for t in sweep_targets() if t in BY_NAME and t not in LEVERS and t != "seed"]
    out = []
    for i, setting in enumerate(raw):
        for key, value in setting.items():
            at = f"{where}[{i}].{key}"
            if key in names:
                raise StudyError(at, f"{key!r} is a factor of the study; a setting holds other parameters")
            if key not in params:
                raise StudyError(
                    at,
                    f"not a parameter.{did_you_mean(key, params)} A setting gives declared "
                    "parameters values (`regimesim parameters`)",
                )
            try:
                check_sweep(base, key, [value])
            except ScenarioError as exc:
                raise StudyError(at, exc.message) from None
        out.append(tuple(setting.items()))
    if len(set(out)) != len(out):
        raise StudyError(where, "each setting once")
    return tuple(out)


def _sensitivity(raw: Any, factors: tuple[Factor, ...], base: Scenario, model: Any = None) -> Sensitivity:
    if not isinstance(raw, Mapping):
        raise StudyError("sensitivity", 'expected a table, e.g. [sensitivity] method = "sobol"')
    check_keys(raw, _SENS_KEYS, "sensitivity", StudyError)
    method = check_method_name(raw.get("method", "sobol"), "sensitivity.method")
    n = check_n(method, raw.get("n", 256), "sensitivity.n")
    kw: dict[str, Any] = {"method": method, "n": n}
    if "second_order" in raw:
        if not isinstance(raw["second_order"], bool):
            raise StudyError(
                "sensitivity.second_order", f"expected true or false, got {raw['second_order']!r}"
            )
        kw["second_order"] = raw["second_order"]
    if "resamples" in raw:
        kw["resamples"] = check_int(raw["resamples"], "sensitivity.resamples", 10)
    if "conf_level" in raw:
        kw["conf_level"] = check_float(raw["conf_level"], "sensitivity.conf_level")
        if not 0.5 <= kw["conf_level"] < 1:
            raise StudyError(
                "sensitivity.conf_level", f"expected a level in [0.5, 1), got {kw['conf_level']}"
            )
    if "levels" in raw:
        kw["levels"] = check_int(raw["levels"], "sensitivity.levels", 2)
        if kw["levels"] % 2:
            raise StudyError(
                "sensitivity.levels", f"Morris' grid needs an even number of levels, got {kw['levels']}"
            )
    if "slices" in raw:
        kw["slices"] = check_int(raw["slices"], "sensitivity.slices", 2)
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
            check_n(method, m, f"sensitivity.convergence[{i}]")
            if m > n:
                raise StudyError(
                    f"sensitivity.convergence[{i}]",
                    f"{m} exceeds n = {n}: the check re-analyses the first points of the sample",
                )
        kw["convergence"] = tuple(c)
    if "tolerance" in raw:
        kw["tolerance"] = check_float(raw["tolerance"], "sensitivity.tolerance")
        if kw["tolerance"] <= 0:
            raise StudyError("sensitivity.tolerance", f"expected a positive band, got {kw['tolerance']:g}")
    if "under" in raw:
        kw["under"] = _under(raw["under"], factors, base, model)
    sens = Sensitivity(**kw)
    check_method(sens, factors, "sensitivity")
    return sens


def _discovery(raw: Any, outputs: list[str]) -> Discovery | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise StudyError("discovery", 'expected a table, e.g. [discovery] output = "crossing", below = 2040')
    check_keys(raw, _DISC_KEYS, "discovery", StudyError)
    out = raw.get("output")
    if out not in outputs:
        raise StudyError(
            "discovery.output",
            f"expected one of the study's outputs ({', '.join(outputs)}), "
            f"got {out!r}.{did_you_mean(str(out), outputs)}",
        )
    if ("below" in raw) == ("above" in raw):
        raise StudyError(
            "discovery", "give either below = ... (a hit is at most it) or above = ... (at least it)"
        )
    direction = "below" if "below" in raw else "above"
    kw: dict[str, Any] = {"n": check_int(raw.get("n", 512), "discovery.n", 10)}
    for key in ("peel_alpha", "paste_alpha", "mass_min", "min_density"):
        if key in raw:
            kw[key] = check_float(raw[key], f"discovery.{key}")
            if not 0 < kw[key] < 1:
                raise StudyError(f"discovery.{key}", f"expected a share in (0, 1), got {kw[key]}")
    return Discovery(out, check_float(raw[direction], f"discovery.{direction}"), direction, **kw)


def load_study(path: str | os.PathLike, *, model: Any = None) -> Study:
    """Read and check a study file (TOML). Raises :class:`StudyError` naming the field."""
    path = Path(path)
    text, raw = read_toml(path, StudyError, "study")
    try:
        return study_from(raw, folder=path.parent, text=text, model=model)
    except FieldError as exc:
        raise StudyError(exc.field, exc.message, path, exc.line) from None


def find_study(name: str) -> Path:
    """A study file: a path, or the name of a shipped study in ``scenarios/studies/``."""
    p = Path(name)
    if p.exists() or (p.suffix == ".toml" and p.parent != Path(".")):
        return p
    shipped = library_dir() / "studies" / (name if name.endswith(".toml") else f"{name}.toml")
    if shipped.exists():
        return shipped
    names = sorted(q.stem for q in (library_dir() / "studies").glob("*.toml"))
    raise StudyError(
        "",
        f"no study file {name!r} and no shipped study of that name.{did_you_mean(name, names)} "
        f"Shipped: {', '.join(names)}",
    )


__all__ = ["find_study", "load_study", "study_from"]
