"""Design behaviour found unguarded by mutation testing
(issue 34; python -m benchmarks.mutation --module regimesim.design)"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from regimesim.design import (
    Design,
    DesignError,
    Outputs,
    Statistic,
    check_indicator,
    check_keys,
    check_year,
    design_from,
    load_design,
    outputs_from,
    run_seed,
)
from regimesim.scenario import Scenario, find_scenario
from regimesim.xcurve import NICHE_PHASES, REGIME_PHASES, label_phases

#: As tests/test_ensemble.py's SMALL: history to 2012 at scale 0.01 (loading it runs nothing).
BASE = {
    "scenarios": ["history"],
    "set": {"scale": 0.01, "end_year": 2012},
    "replicates": 2,
    "seed": 11,
    "factors": {"pressure_escalation": {"values": [0.05, 0.2]}},
    "outputs": {"values": {"pressure": 2012}},
}


def _design(**changes) -> Design:
    """BASE with ``changes`` (None: the key left out)."""
    return design_from({k: v for k, v in {**BASE, **changes}.items() if v is not None})


def _error(raw, **kwargs) -> DesignError:
    with pytest.raises(DesignError) as info:
        design_from(raw, **kwargs)
    return info.value


# --- run numbering -------------------------------------------------------------------------------


def _expected_run(k: int, n_points: int, n_reps: int) -> tuple[int, int, int]:
    """(scenario, point, replicate) of run ``k``, numbered as documented: scenario by scenario,
    point by point, replicate by replicate."""
    return k // (n_points * n_reps), (k // n_reps) % n_points, k % n_reps


@pytest.mark.parametrize("values", [[0.05, 0.1, 0.2], [0.1]], ids=["three points", "one point"])
def test_each_run_number_maps_to_its_scenario_point_and_replicate(values):
    """runs(), scenario_of and point_of (what a worker thread runs) agree with the documented
    numbering, for several points and for a single point."""
    d = _design(
        scenarios=["history", "full_mix"], replicates=3, factors={"pressure_escalation": {"values": values}}
    )
    n = 2 * len(values) * 3
    assert d.n_runs == n
    table = d.runs()
    assert list(table.run) == list(range(n))
    labels = [sc.label for sc in d.scenarios]
    for k in range(n):
        s, p, r = _expected_run(k, len(values), 3)
        seed = run_seed(11, r)
        row = table.iloc[k]
        assert (row.scenario, row.point, row.replicate, row.seed) == (labels[s], p, r, seed)
        assert row.pressure_escalation == values[p]
        sc, sc_seed = d.scenario_of(k)
        assert sc.label == labels[s] and sc.params.pressure_escalation == values[p] and sc_seed == seed
        assert d.point_of(k) == ({"pressure_escalation": values[p]}, seed)


def test_a_design_without_factors_has_one_run_per_scenario_and_replicate():
    """No factors: one (empty) point, so the runs are scenarios x replicates, and a run's seed is
    its replicate's."""
    d = _design(scenarios=["history", "full_mix"], factors=None, seeds=[7, 3], seed=None, replicates=None)
    assert d.n_runs == 4 and d.factors == []
    table = d.runs()
    assert list(table.columns) == ["run", "scenario", "point", "replicate", "seed"]
    assert list(table.scenario) == ["history", "history", "full_mix", "full_mix"]
    assert list(table.point) == [0, 0, 0, 0] and list(table.replicate) == [0, 1, 0, 1]
    assert list(table.seed) == [7, 3, 7, 3]
    assert [(d.scenario_of(k)[0].label, d.scenario_of(k)[1]) for k in range(4)] == list(
        zip(table.scenario, [7, 3, 7, 3], strict=True)
    )
    assert [d.point_of(k) for k in range(4)] == [({}, 7), ({}, 3), ({}, 7), ({}, 3)]


def test_integer_parameters_reach_the_run_as_integers(tmp_path):
    """A factor on an integer parameter (peer_ties) given as 4.0 in a table is run as the
    integer 4, by the scenario and by a plugged-in model's point alike."""
    (tmp_path / "p.csv").write_text("peer_ties\n4.0\n9.0\n")
    raw = {
        **BASE,
        "factors": {"peer_ties": {"low": 0, "high": 50}},
        "points": {"method": "table", "file": "p.csv"},
    }
    d = design_from(raw, folder=tmp_path)
    for k, expected in [(0, 4), (2, 9)]:
        point, _ = d.point_of(k)
        assert point == {"peer_ties": expected} and type(point["peer_ties"]) is int
        sc, _ = d.scenario_of(k)
        assert sc.params.peer_ties == expected and type(sc.params.peer_ties) is int


def test_a_fractional_value_of_an_integer_parameter_is_refused_as_a_sweep_refuses_it(tmp_path):
    """A table value 4.5 for peer_ties (a whole number) is refused at the point, as in a sweep,
    not cut down to 4 when the run starts."""
    (tmp_path / "p.csv").write_text("peer_ties\n4.0\n4.5\n")
    raw = {
        **BASE,
        "factors": {"peer_ties": {"low": 0, "high": 50}},
        "points": {"method": "table", "file": "p.csv"},
    }
    error = _error(raw, folder=tmp_path)
    assert error.field == "points[1].peer_ties"
    assert error.message == "parameter 'peer_ties' must be a whole number in [0, 50] (ties), got 4.5"


# --- what is kept of a run -----------------------------------------------------------------------


def _run_table() -> pd.DataFrame:
    """Ten years of monthly indicators 2030-2039 made by hand: the regime weakens, the niche
    grows and institutionalises under rising pressure; ``costs`` is the year's number x 10 plus
    the month's number (so a year's mean is known: 2031 -> 20316.5)."""
    index = pd.date_range("2030-01-01", "2039-12-01", freq="MS")
    t = np.arange(len(index)) / (len(index) - 1)
    niche = 1.0 / (1.0 + np.exp(-10.0 * (t - 0.5)))
    return pd.DataFrame(
        {
            "regime_strength": 1.0 - 0.9 * t,
            "niche_share": niche,
            "institutionalised_share": 0.9 * niche * t,
            "pressure": t,
            "costs": index.year * 10.0 + index.month,
        },
        index=index,
    )


def test_values_and_means_are_the_means_over_the_named_years():
    """values: the mean over one year; means: over first to last year; a year outside the run:
    NaN; the columns in the documented order."""
    df = _run_table()
    out = Outputs(
        values=(("costs", 2031), ("pressure", 2039), ("costs", 2045)),
        means=(("costs", 2032, 2033), ("costs", 2038, 2041), ("costs", 2050, 2051)),
        crossing_year=True,
    )
    row = out.reduce(df, 2036.25)
    pressure_2039 = df.pressure[df.index.year == 2039].to_numpy().mean()
    expected = {
        "costs_2031": 20310 + 6.5,  # months 1..12: mean 6.5
        "pressure_2039": pressure_2039,
        "costs_2045": np.nan,
        "costs_2032_2033": (20320 + 20330) / 2 + 6.5,
        "costs_2038_2041": (20380 + 20390) / 2 + 6.5,  # only 2038 and 2039 are in the run
        "costs_2050_2051": np.nan,
        "crossing_year": 2036.25,
    }
    assert list(row) == list(expected) == out.columns()
    for key, value in expected.items():
        assert row[key] == pytest.approx(value, nan_ok=True), key
    assert np.isnan(out.reduce(df, None)["crossing_year"])  # no crossing: NaN


def _phase_years(df: pd.DataFrame) -> dict[str, float]:
    """Years in each phase of each curve, counted here from the phase labels."""
    ph = label_phases(
        df.regime_strength.to_numpy(),
        df.niche_share.to_numpy(),
        df.institutionalised_share.to_numpy(),
        df.pressure.to_numpy(),
    )
    years = {}
    for curve, names, codes in (("regime", REGIME_PHASES, ph.regime), ("niche", NICHE_PHASES, ph.niche)):
        codes = np.asarray(codes)
        assert len(set(codes[codes >= 0].tolist())) >= 2  # the table passes through several phases
        for k, name in enumerate(names):
            years[f"years_{curve}_{name}"] = np.sum(codes == k) / 12.0
    return years


def test_phase_years_are_the_months_in_each_phase_of_each_curve():
    """phase_years = true keeps, per curve, the years spent in each phase, named by the curve."""
    df = _run_table()
    out = Outputs(crossing_year=False, phase_years=True)
    row = out.reduce(df, None)
    expected = _phase_years(df)
    assert list(row) == list(expected) == out.columns()
    for key, value in expected.items():
        assert row[key] == pytest.approx(value, abs=1e-12), key
    everything = Outputs(values=(("costs", 2031),), means=(("costs", 2031, 2032),), phase_years=True)
    assert (
        everything.columns()
        == list(everything.reduce(df, None))
        == ["costs_2031", "costs_2031_2032", "crossing_year", *expected]
    )


def test_named_statistics_of_a_study_are_kept_under_their_names():
    """A study's statistics (phase years alone, or mixed with a mean and a crossing) are each
    the statistic of the run's own table and crossing."""
    df = _run_table()
    only_phases = Outputs(
        crossing_year=False,
        stats=(
            Statistic("chaos", "phase_years", curve="regime", phase="chaos"),
            Statistic("inst", "phase_years", curve="niche", phase="institutionalising"),
        ),
    )
    years = _phase_years(df)
    assert only_phases.reduce(df, None) == pytest.approx(
        {"chaos": years["years_regime_chaos"], "inst": years["years_niche_institutionalising"]}, abs=1e-12
    )
    mixed = Outputs(
        crossing_year=False,
        stats=(
            Statistic("c", "crossing_year"),
            Statistic("m", "mean", indicator="costs", first=2031, last=2031),
            Statistic("optimising", "phase_years", curve="regime", phase="optimising"),
        ),
    )
    assert mixed.columns() == ["c", "m", "optimising"]
    row = mixed.reduce(df, 2033.5)
    assert row == pytest.approx({"c": 2033.5, "m": 20316.5, "optimising": years["years_regime_optimising"]})
    assert mixed.reduce(df, None)["c"] == 2040.0  # no crossing: censored at the end of the horizon


def test_the_outputs_kept_by_default_and_on_request():
    """[outputs] left out keeps the crossing year only; a table keeps the crossing year unless
    told not to; series or phase_years alone are enough to keep."""
    assert outputs_from(None) == Outputs((), (), True, False, False)
    assert outputs_from({"values": {"pressure": 2012}}) == Outputs(
        (("pressure", 2012),), (), True, False, False
    )
    assert outputs_from({"series": True, "crossing_year": False}) == Outputs((), (), False, True, False)
    assert outputs_from({"phase_years": True, "crossing_year": False}) == Outputs((), (), False, False, True)
    assert outputs_from({"means": {"costs": [2011, 2011]}}).means == (("costs", 2011, 2011),)


def test_what_a_design_leaves_out_takes_its_documented_default():
    """No seed: root seed 0; no replicates: one (or one per listed seed); no title: none; no
    chunk_size: the engine's choice; chunk_size 1 and replicates 1 are allowed."""
    raw = {k: v for k, v in BASE.items() if k not in ("seed", "replicates")}
    d = design_from(raw)
    assert (d.seed, d.replicates, d.seeds, d.title, d.chunk_size, d.text) == (0, 1, (), "", None, "")
    assert list(d.runs().seed) == [run_seed(0, 0)] * 2
    d = design_from({**raw, "replicates": 1, "chunk_size": 1, "title": "one"})
    assert (d.replicates, d.chunk_size, d.title) == (1, 1, "one")


def test_a_latin_hypercube_is_drawn_from_the_root_seed():
    """The same root seed gives the same points; another root seed other points."""
    raw = {
        **BASE,
        "factors": {_PE: {"low": 0.05, "high": 0.2}},
        "points": {"method": "latin_hypercube", "n": 4},
    }
    first = design_from(raw).points
    pd.testing.assert_frame_equal(first, design_from(raw).points)
    assert not np.allclose(first[_PE], design_from({**raw, "seed": 12}).points[_PE])


# --- exact errors --------------------------------------------------------------------------------

_OUTPUT_KEYS = "Allowed: values, means, crossing_year, series, phase_years"
_YEAR = "expected a year (an integer between 1900 and 2300), got"
_SPEC = "expected values = [...] or low = ..., high = ..."
_TOP = (
    "Allowed: title, description, scenarios, set, factors, points, replicates, seed, seeds, outputs, "
    "chunk_size"
)
_CANNOT_VARY = (
    "A factor is a parameter, a lever's intensity (<lever>) or start (<lever>.from); replicates vary the seed"
)
_NO_BASE_SEED = {k: v for k, v in BASE.items() if k not in ("seed", "replicates")}
_LHS = {"method": "latin_hypercube", "n": 3}
_PE = "pressure_escalation"

#: (design, field, the exact message)
EXACT = [
    # the top level
    ({**BASE, "titel": "x"}, "titel", f"unknown field. Did you mean 'title'? {_TOP}"),
    ({**BASE, "scenarios": "nope"}, "scenarios[0]", None),
    (
        {**BASE, "scenarios": [3]},
        "scenarios",
        'expected a list of library names or scenario files, e.g. ["full_mix"]',
    ),
    (
        {**BASE, "scenarios": ["history", "history"]},
        "scenarios",
        "each scenario once, got ['history', 'history']",
    ),
    ({**BASE, "set": ["scale"]}, "set", "expected a table of parameter values, e.g. [set] scale = 0.05"),
    ({**BASE, "title": 3}, "title", "expected text"),
    (
        {**BASE, "replicates": True},
        "replicates",
        "expected the number of runs per point (an integer >= 1), got True",
    ),
    (
        {**BASE, "chunk_size": True},
        "chunk_size",
        "expected the number of runs per chunk (an integer >= 1), got True",
    ),
    (
        {**BASE, "chunk_size": 0},
        "chunk_size",
        "expected the number of runs per chunk (an integer >= 1), got 0",
    ),
    (
        {**_NO_BASE_SEED, "seed": 1, "seeds": [1]},
        "seeds",
        "give either seeds = [...] or seed: the seeds list makes one replicate per seed",
    ),
    (
        {**_NO_BASE_SEED, "replicates": 1, "seeds": [1]},
        "seeds",
        "give either seeds = [...] or replicates: the seeds list makes one replicate per seed",
    ),
    ({**_NO_BASE_SEED, "seeds": []}, "seeds", "expected a non-empty list of seeds, e.g. [0, 1, 2]"),
    ({**_NO_BASE_SEED, "seeds": 3}, "seeds", "expected a non-empty list of seeds, e.g. [0, 1, 2]"),
    ({**_NO_BASE_SEED, "seeds": [1, 2, 1]}, "seeds", "each seed once"),
    ({**_NO_BASE_SEED, "seeds": [1, "2"]}, "seeds[1]", None),
    ({**BASE, "seed": -1}, "seed", None),
    (
        {**BASE, "factors": {"phase_out.from": {"low": "2030-13", "high": "2031-01"}}, "points": _LHS},
        "factors.phase_out.from.low",
        None,
    ),
    (
        {**BASE, "factors": {"phase_out.from": {"low": "2030-01", "high": "2030-14"}}, "points": _LHS},
        "factors.phase_out.from.high",
        None,
    ),
    # factors
    (
        {**BASE, "factors": [_PE]},
        "factors",
        "expected a table of factors, e.g. [factors.phase_out] values = [0.3, 0.6]",
    ),
    (
        {**BASE, "factors": {"presure_escalation": {"values": [0.1]}}},
        "factors.presure_escalation",
        f"cannot vary 'presure_escalation'. Did you mean 'pressure_escalation'? {_CANNOT_VARY}",
    ),
    ({**BASE, "factors": {"seed": {"values": [1]}}}, "factors.seed", f"cannot vary 'seed'. {_CANNOT_VARY}"),
    ({**BASE, "factors": {_PE: [0.1]}}, f"factors.{_PE}", _SPEC),
    ({**BASE, "factors": {_PE: {}}}, f"factors.{_PE}", _SPEC),
    (
        {**BASE, "factors": {_PE: {"value": [0.1]}}},
        f"factors.{_PE}.value",
        "unknown field. Did you mean 'values'? Allowed: values, low, high",
    ),
    (
        {**BASE, "factors": {_PE: {"values": []}}},
        f"factors.{_PE}.values",
        "expected a non-empty list of values",
    ),
    (
        {**BASE, "factors": {_PE: {"values": 0.1}}},
        f"factors.{_PE}.values",
        "expected a non-empty list of values",
    ),
    ({**BASE, "factors": {_PE: {"low": 0.1}}}, f"factors.{_PE}", "give both low and high"),
    ({**BASE, "factors": {_PE: {"high": 0.1}}}, f"factors.{_PE}", "give both low and high"),
    (
        {**BASE, "factors": {_PE: {"low": "a", "high": 0.2}}},
        f"factors.{_PE}.low",
        "expected a number, got 'a'",
    ),
    (
        {**BASE, "factors": {_PE: {"low": 0.1, "high": True}}},
        f"factors.{_PE}.high",
        "expected a number, got True",
    ),
    (
        {**BASE, "factors": {_PE: {"low": 0.2, "high": 0.2}}},
        f"factors.{_PE}",
        "low (0.2) must be below high (0.2)",
    ),
    (
        {**BASE, "factors": {"phase_out.from": {"low": "2030-06", "high": "2030-01"}}, "points": _LHS},
        "factors.phase_out.from",
        "low (2030-06) must be below high (2030-01)",
    ),
    # points
    (
        {**BASE, "factors": None, "points": {"method": "factorial"}},
        "points",
        "there are no [factors] to make points of",
    ),
    (
        {**BASE, "points": {"method": "latin_hypercub"}},
        "points.method",
        "unknown method 'latin_hypercub'. Did you mean 'latin_hypercube'? "
        "Allowed: factorial, latin_hypercube, table",
    ),
    ({**BASE, "points": {"n": 4}}, "points.n", "unknown field. Allowed: method"),
    (
        {**BASE, "factors": {_PE: {"low": 0.1, "high": 0.2}}, "points": {"method": "factorial"}},
        f"factors.{_PE}",
        "a factorial design needs values = [...] for every factor",
    ),
    ({**BASE, "points": {**_LHS, "file": "p.csv"}}, "points.file", "unknown field. Allowed: method, n"),
    (
        {
            **BASE,
            "factors": {_PE: {"low": 0.1, "high": 0.2}},
            "points": {"method": "latin_hypercube", "n": True},
        },
        "points.n",
        "expected the number of points (an integer >= 1), got True",
    ),
    (
        {
            **BASE,
            "factors": {_PE: {"low": 0.1, "high": 0.2}},
            "points": {"method": "latin_hypercube", "n": 0},
        },
        "points.n",
        "expected the number of points (an integer >= 1), got 0",
    ),
    (
        {**BASE, "points": _LHS},
        f"factors.{_PE}",
        "a latin_hypercube needs low = ... and high = ... for each factor",
    ),
    ({**BASE, "points": {"method": "table", "n": 2}}, "points.n", "unknown field. Allowed: method, file"),
    (
        {**BASE, "points": {"method": "table"}},
        "points.file",
        'a table design names its file: file = "points.csv"',
    ),
    ({**BASE, "factors": {_PE: {"values": [0.1, 99.0]}}}, f"points[1].{_PE}", None),
    # outputs
    (
        {**BASE, "outputs": ["pressure"]},
        "outputs",
        "expected a table, e.g. [outputs] values = {niche_share = 2050}",
    ),
    (
        {**BASE, "outputs": {"value": {}}},
        "outputs.value",
        f"unknown field. Did you mean 'values'? {_OUTPUT_KEYS}",
    ),
    (
        {**BASE, "outputs": {"means": ["costs"]}},
        "outputs.means",
        "expected a table of indicators, e.g. {niche_share = 2050}",
    ),
    (
        {**BASE, "outputs": {"values": {"niche": 2012}}},
        "outputs.values.niche",
        "unknown indicator 'niche'. Did you mean 'niche_share'? See `regimesim indicators` for the list",
    ),
    ({**BASE, "outputs": {"values": {"pressure": 2012.0}}}, "outputs.values.pressure", f"{_YEAR} 2012.0"),
    (
        {**BASE, "outputs": {"means": {"cost": [2011, 2012]}}},
        "outputs.means.cost",
        "unknown indicator 'cost'. Did you mean 'costs'? See `regimesim indicators` for the list",
    ),
    (
        {**BASE, "outputs": {"means": {"costs": [2011]}}},
        "outputs.means.costs",
        "expected [first year, last year], got [2011]",
    ),
    (
        {**BASE, "outputs": {"means": {"costs": "2011"}}},
        "outputs.means.costs",
        "expected [first year, last year], got '2011'",
    ),
    ({**BASE, "outputs": {"means": {"costs": [2011, "2012"]}}}, "outputs.means.costs", f"{_YEAR} '2012'"),
    ({**BASE, "outputs": {"means": {"costs": [1899, 2012]}}}, "outputs.means.costs", f"{_YEAR} 1899"),
    (
        {**BASE, "outputs": {"means": {"costs": [2012, 2011]}}},
        "outputs.means.costs",
        "the first year 2012 comes after the last 2011",
    ),
    ({**BASE, "outputs": {"series": 1}}, "outputs.series", "expected true or false, got 1"),
    (
        {**BASE, "outputs": {"crossing_year": "yes"}},
        "outputs.crossing_year",
        "expected true or false, got 'yes'",
    ),
    ({**BASE, "outputs": {"phase_years": 0}}, "outputs.phase_years", "expected true or false, got 0"),
    (
        {**BASE, "outputs": {"crossing_year": False, "series": False}},
        "outputs",
        "keeps nothing: name values or means, or set crossing_year, phase_years or series = true",
    ),
    (
        {**BASE, "outputs": {"values": {"pressure": 2013}}},
        "outputs.values.pressure",
        "2013 lies outside every scenario's horizon (2010-2012): the output would be missing in every run",
    ),
    (
        {**BASE, "outputs": {"means": {"costs": [2001, 2009]}}},
        "outputs.means.costs",
        "2001-2009 lies outside every scenario's horizon (2010-2012): "
        "the output would be missing in every run",
    ),
]


@pytest.mark.parametrize(("raw", "field", "message"), EXACT, ids=[f"{e[1]}-{i}" for i, e in enumerate(EXACT)])
def test_a_bad_design_names_the_field_and_what_is_allowed_in_full(raw, field, message):
    """The field path and the whole message (allowed values, the closest name, the value given)
    are what a user reads; None: a message made elsewhere (a scenario's or seed's)."""
    error = _error(raw)
    assert error.field == field, str(error)
    if message is not None:
        assert error.message == message
    else:
        assert error.message


def test_a_bad_set_value_is_named_as_the_set_table():
    """A [set] override the scenario refuses is reported at ``set`` (not at the scenario, whose
    file is fine), with the scenario's reason."""
    error = _error({**BASE, "set": {"scale": -1.0}})
    assert error.field == "set" and "'scale' = -1.0 is outside its allowed range" in error.message
    error = _error({**BASE, "set": {"scal": 0.01}})
    assert error.field == "set" and "Did you mean 'scale'?" in error.message


def test_a_scenario_with_a_sweep_is_refused_and_named(tmp_path):
    (tmp_path / "swept.toml").write_text('extends = "history"\n[sweep]\nbuild_up = [0.0, 0.5]\n')
    error = _error({**BASE, "scenarios": ["history", "swept.toml"]}, folder=tmp_path)
    assert (error.field, error.message) == (
        "scenarios[1]",
        "swept.toml has a [sweep]; a design's factors take its place",
    )


def test_the_checkers_name_the_field_and_the_allowed_values():
    """check_keys / check_indicator / check_year, shared with studies: the path, the allowed
    values, the closest name and the year range's inclusive edges."""
    with pytest.raises(DesignError) as info:
        check_keys({"valus": 1}, ("values", "means"), "outputs")
    assert (info.value.field, info.value.message) == (
        "outputs.valus",
        "unknown field. Did you mean 'values'? Allowed: values, means",
    )
    with pytest.raises(DesignError) as info:
        check_keys({"zzz": 1}, ("values", "means"), "")
    assert (info.value.field, info.value.message) == ("zzz", "unknown field. Allowed: values, means")
    check_keys({"means": 1}, ("values", "means"), "outputs")  # allowed: no error
    assert check_indicator("costs", "x") == "costs"
    assert check_year(1900, "y") == 1900 and check_year(2300, "y") == 2300
    for bad in (1899, 2301, True, 2030.0, "2030"):
        with pytest.raises(DesignError) as info:
            check_year(bad, "outputs.values.x")
        assert (info.value.field, info.value.message) == ("outputs.values.x", f"{_YEAR} {bad!r}")


# --- points --------------------------------------------------------------------------------------


def test_points_are_every_combination_by_default_and_lhs_points_lie_in_their_bounds():
    """No [points]: factorial. A latin hypercube of n points puts one point in each of the n
    strata of every factor; integer parameters are whole numbers and lever starts whole
    months."""
    d = _design(factors={_PE: {"values": [0.05, 0.2]}, "build_up": {"values": [0.0, 0.5, 0.8]}})
    assert d.points.to_dict("list") == {_PE: [0.05] * 3 + [0.2] * 3, "build_up": [0.0, 0.5, 0.8] * 2}
    factors = {
        _PE: {"low": 0.05, "high": 0.2},
        "peer_ties": {"low": 2, "high": 12},
        "phase_out.from": {"low": "2025-01", "high": "2030-01"},
    }
    lhs = {"scenarios": ["full_mix"], "set": {"scale": 0.01}, "factors": factors}  # full_mix has levers
    d = _design(**lhs, points={"method": "latin_hypercube", "n": 5})
    assert d.factors == list(factors) and len(d.points) == 5
    u = (d.points[_PE].to_numpy() - 0.05) / 0.15
    assert sorted(np.floor(u * 5).astype(int)) == [0, 1, 2, 3, 4]
    ties = d.points["peer_ties"].to_numpy()
    assert ((ties >= 2) & (ties <= 12)).all() and (ties == np.round(ties)).all()
    assert d.points["peer_ties"].dtype.kind == "i" and d.runs()["peer_ties"].dtype.kind == "i"  # integers
    starts = d.points["phase_out.from"].to_numpy()
    assert ((starts >= 2025) & (starts <= 2030)).all() and np.allclose(starts * 12, np.round(starts * 12))
    assert len(_design(**lhs, points={"method": "latin_hypercube", "n": 1}).points) == 1


def test_a_table_of_points_is_checked_against_the_factors(tmp_path):
    """The table's file (CSV or Parquet, next to the design) must exist, be readable, have
    exactly the factors as columns and at least one row; its rows are the points, in order."""
    factors = {_PE: {"low": 0.0, "high": 0.5}, "build_up": {"low": 0.0, "high": 1.0}}

    def table(file):
        return {**BASE, "factors": factors, "points": {"method": "table", "file": file}}

    pd.DataFrame({"build_up": [0.1, 0.9], _PE: [0.3, 0.05]}).to_parquet(tmp_path / "p.parquet")
    d = design_from(table("p.parquet"), folder=tmp_path)
    assert d.points.to_dict("list") == {_PE: [0.3, 0.05], "build_up": [0.1, 0.9]}  # factor order
    missing = tmp_path / "none.csv"
    error = _error(table("none.csv"), folder=tmp_path)
    assert (error.field, error.message) == ("points.file", f"no such file: {missing}")
    (tmp_path / "bad.parquet").write_text("not parquet")
    error = _error(table("bad.parquet"), folder=tmp_path)
    assert error.field == "points.file" and error.message.startswith(
        f"cannot read {tmp_path / 'bad.parquet'}: "
    )
    (tmp_path / "cols.csv").write_text("pressure_escalation,rebuild\n0.1,0.2\n")
    error = _error(table("cols.csv"), folder=tmp_path)
    assert (error.field, error.message) == (
        "points.file",
        "the table's columns must be the factors ['pressure_escalation', 'build_up']; "
        "missing ['build_up'], not factors ['rebuild']",
    )
    (tmp_path / "fewer.csv").write_text("pressure_escalation\n0.1\n")
    error = _error(table("fewer.csv"), folder=tmp_path)
    assert error.message.endswith("missing ['build_up'], not factors []")
    (tmp_path / "more.csv").write_text("pressure_escalation,build_up,rebuild\n0.1,0.2,0.3\n")
    error = _error(table("more.csv"), folder=tmp_path)
    assert error.message.endswith("missing [], not factors ['rebuild']")
    (tmp_path / "empty.csv").write_text("pressure_escalation,build_up\n")
    error = _error(table("empty.csv"), folder=tmp_path)
    assert (error.field, error.message) == ("points.file", "the table has no rows")


# --- reading a design file -----------------------------------------------------------------------


def test_a_design_file_is_read_with_its_folder_and_text(tmp_path, monkeypatch):
    """load_design reads files the design names next to the design (not the working folder),
    keeps the file's text, and names the file, field and message of a mistake."""
    folder = tmp_path / "study"
    folder.mkdir()
    (folder / "p.csv").write_text("pressure_escalation\n0.1\n0.3\n")
    text = (
        'title = "t"\nscenarios = ["history"]\nreplicates = 1\n'
        "[set]\nscale = 0.01\nend_year = 2012\n"
        "[factors.pressure_escalation]\nlow = 0.0\nhigh = 0.5\n"
        '[points]\nmethod = "table"\nfile = "p.csv"\n'
    )
    (folder / "d.toml").write_text(text)
    monkeypatch.chdir(tmp_path)
    d = load_design(folder / "d.toml")
    assert d.text == text and d.title == "t" and d.points[_PE].tolist() == [0.1, 0.3]
    (folder / "bad.toml").write_text(text.replace("replicates = 1", "replicates = 0"))
    with pytest.raises(DesignError) as info:
        load_design(folder / "bad.toml")
    message = "expected the number of runs per point (an integer >= 1), got 0"
    assert (info.value.field, info.value.message, info.value.file) == (
        "replicates",
        message,
        str(folder / "bad.toml"),
    )
    assert str(info.value) == f"{folder / 'bad.toml'}: replicates: {message}"
    with pytest.raises(DesignError) as info:
        load_design(folder / "d.py")
    assert info.value.message == "a design file is TOML and ends in .toml (got 'd.py')"


def test_a_design_built_in_code_finds_relative_files_in_the_working_folder(tmp_path, monkeypatch):
    """design_from without ``folder`` reads a relative scenario file (and points table) from the
    working folder, as the docstring says (the default ``folder="."``)."""
    (tmp_path / "mine.toml").write_text((find_scenario("history")).read_text())
    (tmp_path / "p.csv").write_text("pressure_escalation\n0.1\n0.3\n")
    monkeypatch.chdir(tmp_path)
    raw = {
        **BASE,
        "scenarios": ["mine.toml"],
        "factors": {_PE: {"low": 0.0, "high": 0.5}},
        "points": {"method": "table", "file": "p.csv"},
    }
    d = design_from(raw)
    assert (
        d.scenarios[0].digest()
        == Scenario.load(tmp_path / "mine.toml").with_parameters(**BASE["set"]).digest()
    )
    assert d.points[_PE].tolist() == [0.1, 0.3]
