"""Sensitivity studies and scenario discovery (issue 13): study files, the SALib pipeline on the
ensemble engine, the convergence check, PRIM, the commands and their reports."""

from __future__ import annotations

import json
import math
import shutil
import tomllib
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from regimesim.cli import main
from regimesim.design import Outputs, Statistic
from regimesim.discovery import feature_scores, run_discovery
from regimesim.ensemble import read_table, run_ensemble
from regimesim.sensitivity import analyse, convergence, point_means, run_sensitivity, screened, verdict
from regimesim.study import StudyError, TestFunction, find_study, load_study, study_from

ISHIGAMI = {
    "title": "Ishigami",
    "seed": 11,
    "factors": {"x1": {}, "x2": {}, "x3": {}},
    "outputs": {"y": {}},
    "sensitivity": {"method": "sobol", "n": 1024, "second_order": False, "resamples": 500},
}


def _write(path: Path, raw: dict) -> Path:
    """A study file (TOML) of ``raw`` (tables of inline tables only, as the tests use)."""

    def value(v):
        if isinstance(v, dict):
            return "{" + ", ".join(f'"{k}" = {value(x)}' for k, x in v.items()) + "}"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return json.dumps(v)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return repr(v)

    lines = [f"{k} = {value(v)}" for k, v in raw.items() if not isinstance(v, dict)]
    for k, v in raw.items():
        if isinstance(v, dict):
            lines += [f"[{k}]", *(f'"{kk}" = {value(vv)}' for kk, vv in v.items())]
    path.write_text("\n".join(lines) + "\n")
    assert tomllib.loads(path.read_text()) == raw
    return path


def _y(study, sample: pd.DataFrame) -> pd.DataFrame:
    """The Ishigami function at each point of ``sample`` (the model's runs, without the engine)."""
    f = TestFunction()
    return pd.DataFrame({"y": [f(dict(zip(study.names, r, strict=True)), 0)["y"] for r in sample.to_numpy()]})


# --- the pipeline with an analytic model --------------------------------------------------------


def test_the_pipeline_recovers_the_ishigami_indices_within_their_bootstrap_intervals(tmp_path):
    """Study file -> SALib's sampler -> the ensemble engine -> SALib's analysis -> report, with
    SALib's Ishigami function plugged in as the model: at N = 1024 every first-order and total
    index lies within its 95% bootstrap interval of the analytic value (Ishigami & Homma 1990).
    A misplaced row or column anywhere in our plumbing (the sample's order, the runs' order, the
    point means) breaks this: the indices then belong to other factors or to no function."""
    study = load_study(_write(tmp_path / "ishigami.toml", ISHIGAMI), model=TestFunction("ishigami"))
    res = run_sensitivity(study, tmp_path / "out")
    truth = TestFunction.ishigami_indices()
    for idx in ("S1", "ST"):
        got = res.indices[res.indices["index"] == idx].set_index("factor")
        for j, f in enumerate(("x1", "x2", "x3")):
            assert abs(got.loc[f, "value"] - truth[idx][j]) <= got.loc[f, "conf"], (
                idx,
                f,
                got.loc[f].to_dict(),
            )
            assert got.loc[f, "conf"] < 0.1  # an interval wide enough to hold anything would test nothing
    assert (tmp_path / "out" / "report.html").exists()
    assert len(read_table(tmp_path / "out" / "runs")) == 1024 * 5


def test_the_ishigami_intervals_cover_the_truth_at_their_level_over_seeds(tmp_path):
    """Over 8 study seeds x 6 indices (N = 1024), the 95% intervals hold the analytic value about
    95% of the time: at least 40 of 48 (a binomial(48, 0.95) falls below 41 with probability < 1%;
    intervals that were too narrow -- a mean taken over the wrong rows, say -- would miss often)."""
    truth = TestFunction.ishigami_indices()
    hits = 0
    for seed in range(8):
        study = study_from({**ISHIGAMI, "seed": seed}, model=TestFunction())
        sample = study.sample()
        y = _y(study, sample)
        ind = analyse(study, sample, y)
        for idx in ("S1", "ST"):
            got = ind[ind["index"] == idx].set_index("factor")
            hits += sum(
                abs(got.loc[f, "value"] - truth[idx][j]) <= got.loc[f, "conf"]
                for j, f in enumerate(("x1", "x2", "x3"))
            )
    assert hits >= 40, hits


def test_the_convergence_check_reanalyses_nested_samples(tmp_path):
    """The convergence check's indices at N = 256 equal a fresh study's at N = 256 (Sobol'
    samples are nested: the first 256 base samples of a 1024 sample are the 256 sample), and the
    verdict names a size from which the indices stay within the tolerance."""
    model = TestFunction()
    big = study_from(ISHIGAMI, model=model)
    small = study_from({**ISHIGAMI, "sensitivity": {**ISHIGAMI["sensitivity"], "n": 256}}, model=model)
    sample = big.sample()
    y = _y(big, sample)
    conv = convergence(big, sample, y)
    assert sorted(conv["n"].unique()) == [128, 256, 512, 1024]
    fresh = analyse(small, small.sample(), y.iloc[: 256 * 5])
    at256 = conv[conv["n"] == 256].set_index(["factor", "index"])["value"]
    pd.testing.assert_series_equal(
        at256, fresh.set_index(["factor", "index"])["value"].loc[at256.index], check_names=False
    )
    # the verdict, worked out by hand from the table: the largest change from the final index at each N
    final = conv[conv["n"] == 1024].set_index(["factor", "index"])["value"]
    worst = {
        m: max(abs(r.value - final[(r.factor, r.index)]) for r in conv[conv["n"] == m].itertuples())
        for m in (128, 256, 512)
    }
    stable = [m for m in (128, 256, 512) if all(worst[k] <= 0.05 for k in (128, 256, 512) if k >= m)]
    text = verdict(big, conv, "y")
    if stable:
        assert text.startswith(f"stable within ±0.05 from N = {stable[0]};"), (text, worst)
    else:
        assert text.startswith("not shown stable"), (text, worst)
    # a hand-made table of two factors and two indices, rows in no particular order: stable from 256
    rows = []
    for n, shift in ((64, 0.2), (128, 0.1), (256, 0.04), (512, 0.02), (1024, 0.0)):
        for f, base in (("a", 0.4), ("b", 0.1)):
            rows += [("y", n, f, "ST", base + shift, 0.01), ("y", n, f, "S1", base / 2 - shift / 2, 0.01)]
    table = pd.DataFrame(rows[::-1], columns=["output", "n", "factor", "index", "value", "conf"])
    table = table.sample(frac=1.0, random_state=1).reset_index(drop=True)
    ladder = {**ISHIGAMI["sensitivity"], "convergence": [64, 128, 256, 512]}
    tiny = study_from({**ISHIGAMI, "sensitivity": ladder}, model=model)
    assert verdict(tiny, table, "y").startswith("stable within ±0.05 from N = 256;")
    table.loc[(table["n"] == 512) & (table["factor"] == "b") & (table["index"] == "S1"), "value"] = 0.3
    assert verdict(tiny, table, "y").startswith("not shown stable within ±0.05 by N = 1024: from N = 512")


@pytest.mark.compiled_only
def test_same_study_same_seed_gives_identical_indices_on_every_backend(tmp_path):
    """Threads (1 and 2 workers), a spawned process pool and a Dask LocalCluster: the same
    indices, bit for bit -- for the plugged-in function and for the model itself."""
    ishigami = study_from(
        {**ISHIGAMI, "sensitivity": {"method": "sobol", "n": 64, "second_order": True, "resamples": 100}},
        model=TestFunction(),
    )
    model = study_from(_MODEL_STUDY)
    for k, study in enumerate((ishigami, model)):
        # another chunking too: the design's own (whole Sobol' blocks) against chunks of 7 runs
        sample = study.sample()
        odd = run_ensemble(replace(study.design(sample, study.block()), chunk_size=7), tmp_path / f"odd-{k}")
        means, _ = point_means(study, read_table(odd))
        results = [analyse(study, sample, means)] + [
            run_sensitivity(study, tmp_path / f"{k}-{b}-{w}", backend=b, workers=w, report=False).indices
            for b, w in (("threads", 1), ("threads", 2), ("processes", 2), ("dask", 2))
        ]
        for other in results[1:]:
            pd.testing.assert_frame_equal(other, results[0])
        assert results[0]["value"].abs().sum() > 0


# --- on the model ------------------------------------------------------------------------------

#: Two levers of the full mix and a factor no rule reads, at the smallest scale to 2035.
_MODEL_STUDY = {
    "scenario": "full_mix",
    "seed": 3,
    "set": {"scale": 0.0056, "end_year": 2035},
    "factors": {"build_up": {}, "phase_out": {}, "noise_floor": {"dummy": True}},
    "outputs": {
        "niche_2035": {"indicator": "niche_share", "statistic": "value", "year": 2035},
        "coercive_2035": {"indicator": "coercive_stock", "statistic": "value", "year": 2035},
    },
    "sensitivity": {"method": "sobol", "n": 32, "second_order": False, "resamples": 200},
}


@pytest.mark.compiled_only
def test_a_factor_no_rule_reads_gets_a_total_index_of_zero_within_its_interval(tmp_path):
    """`dialogue_damping` damps the risk reflex by the societal dialogue's intensity
    (rules/risk_reflex.py: ``1 - dialogue_damping x D``), and the full mix holds no societal
    dialogue (D = 0): under it the rules never use the parameter, though it travels the whole way
    (sample -> scenario -> parameters -> kernels), unlike the dummy, which is dropped before the
    runs. Its total index is 0 within its interval; build-up, which the rules do read (it scales
    the proeftuinen), has a total index on the niche share clearly above its interval -- so a
    mix-up of the factors' columns anywhere on the way would show."""
    raw = {
        **_MODEL_STUDY,
        "factors": {"build_up": {}, "dialogue_damping": {}, "phase_out": {}, "noise_floor": {"dummy": True}},
    }
    res = run_sensitivity(study_from(raw), tmp_path / "out", report=False)
    ind = res.indices[res.indices["output"] == "niche_2035"]
    st = ind[ind["index"] == "ST"].set_index("factor")
    for unread in ("dialogue_damping", "noise_floor"):
        assert abs(st.loc[unread, "value"]) <= st.loc[unread, "conf"] + 1e-12, st
    assert st.loc["build_up", "value"] - st.loc["build_up", "conf"] > 0.05
    runs = read_table(tmp_path / "out" / "runs")
    assert runs["dialogue_damping"].nunique() > 10  # it was run, with many values
    assert "noise_floor" not in runs.columns and res.sample["noise_floor"].nunique() > 10


def test_point_means_and_the_seeds_share_of_variance():
    """Two points of three replicates: the means per point and the within-point share of the
    variance, computed by hand."""
    study = study_from({**_MODEL_STUDY, "replicates": 3})
    table = pd.DataFrame(
        {
            "point": [0, 0, 0, 1, 1, 1],
            "niche_2035": [1.0, 2.0, 3.0, 5.0, 6.0, 7.0],
            "coercive_2035": [1.0] * 6,
        }
    )
    means, seeds = point_means(study, table)
    assert means["niche_2035"].tolist() == [2.0, 6.0]
    total = np.var([1, 2, 3, 5, 6, 7], ddof=1)
    share = seeds.set_index("output").loc["niche_2035", "seed_share"]
    assert share == pytest.approx(1.0 / total)  # within-point variance 1 in both points
    # a point's mean of 3 replicates carries a third of the within-point variance
    assert seeds.set_index("output").loc["niche_2035", "seed_share_of_means"] == pytest.approx(
        1.0 / total / 3
    )
    assert seeds.set_index("output").loc["coercive_2035", "seed_share"] == 0.0
    assert (seeds.replicates == 3).all()


# --- statistics ---------------------------------------------------------------------------------


def _frame() -> pd.DataFrame:
    idx = pd.date_range("2030-01-01", periods=36, freq="MS")
    return pd.DataFrame(
        {"incidents": np.arange(36.0), "costs": np.full(36, 2.4), "niche_share": np.linspace(0, 0.35, 36)},
        index=idx,
    )


def test_statistics_reduce_a_run_as_documented():
    df = _frame()
    stats = {
        "v": Statistic("v", "value", "incidents", 2031, 2031),
        "m": Statistic("m", "mean", "incidents", 2030, 2031),
        "mx": Statistic("mx", "max", "niche_share", 2030, 2032),
        "ti": Statistic("ti", "total", "incidents", 2031, 2032),
        "tc": Statistic("tc", "total", "costs", 2030, 2032),
        "c1": Statistic("c1", "crossing_year"),
        "c2": Statistic("c2", "crossing_year", no_crossing=2040.0),
    }
    row = Outputs(crossing_year=False, stats=tuple(stats.values())).reduce(df, None)
    assert row["v"] == np.mean(np.arange(12, 24))
    assert row["m"] == np.mean(np.arange(24))
    assert row["mx"] == pytest.approx(0.35)
    assert row["ti"] == sum(range(12, 36))  # incidents are per month: summed
    assert row["tc"] == pytest.approx(2.4 * 3)  # costs are per year: 36 months of 2.4/12
    assert row["c1"] == 2033.0 and row["c2"] == 2040.0  # no crossing: the horizon's end, or the given year
    assert Outputs(crossing_year=False, stats=(stats["c2"],)).reduce(df, 2031.5)["c2"] == 2031.5


# --- study files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"factors": {"build_upp": {}, "phase_out": {}}}, "factors.build_upp", "build_up"),
        ({"factors": {"build_up": {"low": -0.5}, "phase_out": {}}}, "factors.build_up", "declared range"),
        ({"factors": {"build_up.from": {}, "phase_out": {}}}, "factors.build_up.from", "low and high"),
        ({"factors": {"build_up": {"dist": "gauss"}, "phase_out": {}}}, "factors.build_up.dist", "unif"),
        (
            {"factors": {"build_up": {"dummy": True}, "phase_out": {}}},
            "factors.build_up",
            "read by the model",
        ),
        ({"factors": {"build_up": {}}}, "factors", "two factors"),
        ({"sensitivity": {"method": "sobol", "n": 100}}, "sensitivity.n", "power of 2"),
        ({"sensitivity": {"method": "fast"}}, "sensitivity.method", "sobol, morris, pawn"),
        (
            {"outputs": {"a": {"indicator": "niche_share", "statistic": "median", "years": [2030, 2035]}}},
            "outputs.a.statistic",
            "value, mean",
        ),
        (
            {"outputs": {"a": {"indicator": "niche_share", "statistic": "total"}}},
            "outputs.a.indicator",
            "not one",
        ),
        (
            {"outputs": {"a": {"indicator": "niche_share", "statistic": "value", "year": 2050}}},
            "outputs.a",
            "horizon",
        ),
        (
            {"outputs": {"a": {"statistic": "crossing_year", "no_crossing": 2030}}},
            "outputs.a.no_crossing",
            "2036 or later",
        ),
        (
            {"outputs": {"a": {"statistic": "phase_years", "curve": "regime", "phase": "caos"}}},
            "outputs.a.phase",
            "chaos",
        ),
        ({"discovery": {"output": "crossing", "below": 2030}}, "discovery.output", "niche_2035"),
        ({"discovery": {"output": "niche_2035", "below": 0.2, "above": 0.1}}, "discovery", "either"),
        ({"replicates": 0}, "replicates", ">= 1"),
        ({"scenario": "nope"}, "scenario", "neither a scenario file nor a library scenario"),
        ({"set": {"scale": 7}}, "set", "scale"),
        ({"outputs": {"run": {"statistic": "crossing_year"}}}, "outputs.run", "another name"),
        ({"outputs": {"build_up": {"statistic": "crossing_year"}}}, "outputs.build_up", "another name"),
        ({"factors": {"d1": {"dummy": True}, "d2": {"dummy": True}}}, "factors", "read by the model"),
        (
            {"factors": {"build_up": {"dist": "triang", "mode": 1.0}, "phase_out": {}}},
            "factors.build_up.mode",
            "peaks below",
        ),
        (
            {
                "factors": {
                    "coercion_base": {"low": -3.0, "high": -1.0, "dist": "triang", "mode": -2.0},
                    "phase_out": {},
                }
            },
            "factors.coercion_base.dist",
            "upper end of 0",
        ),
        (
            {"factors": {"build_up": {"dist": "norm", "mean": 0.5, "sd": 0.1}, "phase_out": {}}},
            "factors.build_up.dist",
            "truncnorm",
        ),
        (
            {"factors": {"build_up": {"dist": "truncnorm", "mean": 1.5, "sd": 0.1}, "phase_out": {}}},
            "factors.build_up.mean",
            "outside",
        ),
        ({"factors": {"build_up": {}, "phase_out": {}, "d": {"dummy": "no"}}}, "factors.d.dummy", "true"),
        (
            {"factors": {"build_up": {"group": "g"}, "phase_out": {"group": "g"}}},
            "sensitivity.groups",
            "one group",
        ),
        (
            {"factors": {"build_up": {"group": "phase_out"}, "phase_out": {}}},
            "factors.build_up.group",
            "another factor",
        ),
        ({"sensitivity": {"tolerance": 0}}, "sensitivity.tolerance", "positive"),
        (
            {"outputs": {"a": {"statistic": "crossing_year", "no_crossing": 2035.5}}},
            "outputs.a.no_crossing",
            "2036 or later",
        ),
        (
            {
                "factors": {"build_up.from": {"low": "2027-01", "high": "2027-03"}, "phase_out": {}},
                "sensitivity": {"method": "morris", "n": 4},
            },
            "factors.build_up.from",
            "a month",
        ),
    ],
)
def test_a_bad_study_names_the_field_and_what_is_allowed(change, field, words):
    with pytest.raises(StudyError) as exc:
        study_from({**_MODEL_STUDY, **change})
    assert exc.value.field == field, str(exc.value)
    assert words in str(exc.value)


def test_factor_bounds_default_to_the_declared_range_and_kinds_are_told_apart():
    from regimesim.parameters import BY_NAME

    study = study_from(
        {
            **_MODEL_STUDY,
            "factors": {
                "build_up": {},
                "optimise_rate": {},
                "phase_out.from": {"low": 2025, "high": "2030-06"},
                "noise": {"dummy": True},
            },
        }
    )
    f = {x.name: x for x in study.factors}
    p = BY_NAME["optimise_rate"]
    assert (f["optimise_rate"].low, f["optimise_rate"].high) == (p.low, p.high)
    assert (f["build_up"].low, f["build_up"].high) == (0.0, 1.0)
    assert f["phase_out.from"].high == pytest.approx(2030 + 5 / 12)
    assert [x.kind for x in study.factors] == ["lever", "uncertainty", "lever", "dummy"]
    sample = study.sample(16)
    starts = sample["phase_out.from"] * 12
    assert np.allclose(starts, np.round(starts))  # a start is a month
    assert sample["optimise_rate"].between(p.low, p.high).all()


def test_groups_by_kind_give_one_index_per_kind():
    study = study_from(
        {**ISHIGAMI, "factors": {"x1": {"group": "a"}, "x2": {"group": "a"}, "x3": {}}}, model=TestFunction()
    )
    sample = study.sample(64)
    assert len(sample) == 64 * (2 + 2)  # two groups: x1 and x2 move together
    y = _y(study, sample)
    ind = analyse(study, sample, y)
    assert sorted(ind["factor"].unique()) == ["a", "x3"]


def test_the_shipped_studies_ask_what_the_issue_asks():
    levers = load_study(find_study("full_mix_levers"))
    names = set(levers.names)
    sched = levers.scenario.schedules
    for lever in sched:
        if sched[lever].segments:
            assert {lever, f"{lever}.from"} <= names
    assert levers.discovery is not None and levers.discovery.output == "crossing"
    unc = load_study(find_study("uncertain_parameters"))
    assert {f.kind for f in unc.factors} == {"uncertainty"}
    for f in unc.factors:  # the stated plausible joint space: inside the declared ranges, around the default
        if f.kind == "uncertainty":
            from regimesim.parameters import BY_NAME

            assert f.low < BY_NAME[f.name].default < f.high
    with pytest.raises(StudyError, match="Shipped: full_mix_levers, uncertain_parameters"):
        find_study("full_mix_lever")


# --- discovery ----------------------------------------------------------------------------------


class _BoxModel:
    """Hits inside a known box: x1 > 0.6 and x2 < 0.4 (x3 irrelevant)."""

    def __init__(self):
        self.factors = {"x1": (0.0, 1.0), "x2": (0.0, 1.0), "x3": (0.0, 1.0)}

    def __call__(self, point, seed):
        return {"y": float(point["x1"] > 0.6 and point["x2"] < 0.4)}


def _coverage_density(res) -> tuple[float, float]:
    """The chosen box's coverage (hits inside / hits) and density (hits inside / runs inside),
    counted from the cases and the box's limits (inclusive, as PRIM's boxes are)."""
    lims = res.box.set_index("factor")
    inside = np.ones(len(res.cases), dtype=bool)
    for f in lims.index:
        x = res.cases[f].to_numpy()
        inside &= (x >= lims.loc[f, "low"]) & (x <= lims.loc[f, "high"])
    hit = res.cases["hit"].to_numpy(dtype=bool)
    return (hit & inside).sum() / hit.sum(), (hit & inside).sum() / inside.sum()


class _StrayModel(_BoxModel):
    """Hits inside the box x1 > 0.6, x2 < 0.4 and, anywhere, where x3 > 0.9: peeling loses hits."""

    def __call__(self, point, seed):
        return {"y": float((point["x1"] > 0.6 and point["x2"] < 0.4) or point["x3"] > 0.9)}


def test_prim_chooses_the_box_of_highest_coverage_at_the_minimum_density(tmp_path):
    """With hits outside the box, coverage falls along the peeling trajectory: of the boxes whose
    density reaches min_density, the chosen one has the highest coverage (worked out here from
    the cases: the chosen box's coverage and density, counted by hand, against every qualifying
    box's coverage on EMA's trajectory)."""
    raw = {
        "seed": 5,
        "factors": {"x1": {}, "x2": {}, "x3": {}},
        "outputs": {"y": {}},
        "discovery": {"output": "y", "above": 0.5, "n": 800, "min_density": 0.8},
    }
    res = run_discovery(study_from(raw, model=_StrayModel()), tmp_path / "d", report=False)
    coverage, density = _coverage_density(res)
    traj = res.trajectory
    qualifying = traj[traj["density"] >= 0.8]
    assert qualifying["coverage"].nunique() > 1  # the rule has a choice to make
    assert density >= 0.8 and coverage == pytest.approx(qualifying["coverage"].max(), abs=1e-12)
    assert coverage > qualifying["coverage"].min() + 0.01


def test_feature_scores_are_seeded_by_the_study():
    """Same study, same seed: identical feature scores, twice, equal to EMA's extra-trees scores
    computed here with the study's seed as the estimator's random_state; another seed, other
    scores (extra trees draw their splits at random)."""
    with warnings.catch_warnings():  # "ipyparallel not installed": an evaluator this does not use
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import feature_scoring

    rng = np.random.default_rng(2)
    cases = pd.DataFrame(rng.random((300, 3)), columns=["x1", "x2", "x3"])
    cases["hit"] = (cases["x1"] > 0.6) & (cases["x2"] < 0.4)
    raw = {"seed": 5, "factors": {"x1": {}, "x2": {}, "x3": {}}, "outputs": {"y": {}}}
    study = study_from(raw, model=_BoxModel())
    first, second = feature_scores(study, cases), feature_scores(study, cases)
    pd.testing.assert_frame_equal(first, second)
    direct, *_ = feature_scoring.get_ex_feature_scores(
        cases[["x1", "x2", "x3"]],
        cases["hit"].astype(int),
        mode=feature_scoring.RuleInductionType.CLASSIFICATION,
        random_state=5,
    )
    direct = direct.iloc[:, 0]
    assert dict(zip(first["factor"], first["score"], strict=True)) == direct.to_dict()
    other = feature_scores(study_from({**raw, "seed": 6}, model=_BoxModel()), cases)
    assert not np.array_equal(first.set_index("factor")["score"], other.set_index("factor")["score"])


def test_prim_finds_the_box_that_leads_to_a_hit(tmp_path):
    """PRIM (EMA Workbench) on the engine's cases recovers a known box within the peeling step,
    leaves the irrelevant factor unrestricted, and ranks it last in the feature scores."""
    raw = {
        "seed": 5,
        "factors": {"x1": {}, "x2": {}, "x3": {}},
        "outputs": {"y": {}},
        "discovery": {"output": "y", "above": 0.5, "n": 800, "min_density": 0.9},
    }
    res = run_discovery(study_from(raw, model=_BoxModel()), tmp_path / "d")
    box = res.box.set_index("factor")
    assert box.loc["x1", "low"] == pytest.approx(0.6, abs=0.05) and box.loc["x1", "restricted"]
    assert box.loc["x2", "high"] == pytest.approx(0.4, abs=0.05) and box.loc["x2", "restricted"]
    assert not box.loc["x3", "restricted"]
    # noise-free, the trajectory ends in a box holding every hit and nothing else: worked out by hand
    # from the cases, the chosen box has coverage 1 and density 1 (every box on the way has coverage
    # 1, so the rule's tie-break, the densest, picks it; a lower-coverage-first rule would not)
    assert _coverage_density(res) == (1.0, 1.0)
    chosen = res.trajectory.set_index("id").loc[res.chosen]
    assert (chosen["coverage"], chosen["density"]) == (1.0, 1.0)
    assert res.scores["factor"].iloc[-1] == "x3"
    html = (tmp_path / "d" / "report.html").read_text()
    assert "src='data:image/png;base64," in html and "src='http" not in html


# --- the commands --------------------------------------------------------------------------------


#: The model study made tiny (three years, no spin-up): fast enough to run as plain Python too.
_TINY = {
    **_MODEL_STUDY,
    "set": {"scale": 0.0056, "end_year": 2012, "spinup_years": 0},
    "factors": {
        "incident_base": {},
        "coercion_base": {"low": 0.0, "high": 1.0},
        "noise_floor": {"dummy": True},
    },
    "outputs": {
        "coercive_2012": {"indicator": "coercive_stock", "statistic": "value", "year": 2012},
        "incidents": {"indicator": "incidents", "statistic": "total", "years": [2010, 2012]},
    },
}


def test_the_sensitivity_command_writes_tables_and_an_offline_report_and_resumes(tmp_path, capsys):
    """`regimesim sensitivity` on a study file with --n and --scale: Parquet tables and one HTML
    report with every image inlined (no link to load); a study cut short and resumed ends with
    the indices of an uninterrupted one."""
    path = _write(tmp_path / "s.toml", {**_TINY, "sensitivity": {"method": "morris", "n": 8}})
    out = tmp_path / "out"
    assert main(["sensitivity", str(path), "--out", str(out), "--n", "4", "--scale", "0.0056", "-y"]) == 0
    said = capsys.readouterr().out
    assert "morris indices of 3 factors" in said and "report.html" in said
    for name in ("indices", "convergence", "seed_share", "point_means", "sample"):
        assert not pd.read_parquet(out / f"{name}.parquet").empty
    html = (out / "report.html").read_text()
    assert html.count("src='data:image/png;base64,") >= 2
    assert "src='http" not in html and "href=" not in html
    # cut short: remove the last chunk's output part, as a kill before it was written would
    parts = sorted((out / "runs" / "outputs").glob("part-*.parquet"))
    before = pd.read_parquet(out / "indices.parquet")
    parts[-1].unlink()
    for name in ("indices.parquet", "report.html"):
        (out / name).unlink()
    assert (
        main(["sensitivity", str(path), "--out", str(out), "--n", "4", "--scale", "0.0056", "--resume", "-q"])
        == 0
    )
    pd.testing.assert_frame_equal(pd.read_parquet(out / "indices.parquet"), before)


def test_the_commands_report_a_bad_study_in_one_line(tmp_path, capsys):
    path = _write(tmp_path / "bad.toml", {**_MODEL_STUDY, "sensitivity": {"method": "sobol", "n": 48}})
    assert main(["sensitivity", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "sensitivity.n" in err and "use 32 or 64" in err
    assert not (tmp_path / "o").exists()
    assert main(["discover", str(path.with_name("missing.toml")), "--out", str(tmp_path / "o")]) == 2
    assert main(["discover", "full_mix_levers", "--out", str(tmp_path / "o"), "--n", "0"]) == 2
    path = _write(tmp_path / "nodisc.toml", _MODEL_STUDY)
    assert main(["discover", str(path), "--out", str(tmp_path / "o")]) == 2
    assert "no [discovery] table" in capsys.readouterr().err


@pytest.mark.compiled_only
def test_the_discover_command_on_the_model(tmp_path, capsys):
    """`regimesim discover` on the model: PRIM's boxes over two lever intensities for a niche
    share of at least a threshold in 2035 -- build-up scales the proeftuinen, so the box
    restricts it from below."""
    raw = {**_MODEL_STUDY, "replicates": 2, "discovery": {"output": "niche_2035", "above": 0.0, "n": 40}}
    study = study_from(raw)
    # the threshold: the median niche share over a few points, so that about half hit
    res = run_ensemble(study.design(study.discovery_sample(12)), tmp_path / "probe")
    median = float(read_table(res)["niche_2035"].median())
    raw["discovery"]["above"] = median
    path = _write(tmp_path / "d.toml", raw)
    assert main(["discover", str(path), "--out", str(tmp_path / "out"), "-y"]) == 0
    box = pd.read_parquet(tmp_path / "out" / "box.parquet").set_index("factor")
    assert box.loc["build_up", "restricted"] and box.loc["build_up", "low"] > 0.1
    assert "coverage" in capsys.readouterr().out
    assert math.isfinite(json.loads((tmp_path / "out" / "discovery.json").read_text())["density"])


def test_morris_screening_keeps_the_factors_that_matter():
    ind = pd.DataFrame(
        {
            "output": "y",
            "factor": ["a", "b", "c"],
            "index": "mu_star",
            "value": [1.0, 0.2, 0.05],
            "conf": [0.1, 0.05, 0.02],
        }
    )
    assert screened(ind, "y") == ["a", "b"]


def test_an_output_constant_over_the_sample_gets_no_indices_and_says_so():
    """A crossing that no run reaches gets the stated value everywhere: no variance to apportion.
    The indices are NaN and the verdict says why, rather than SALib's division by zero."""
    study = study_from(
        {**ISHIGAMI, "sensitivity": {"method": "sobol", "n": 64, "second_order": False}}, model=TestFunction()
    )
    sample = study.sample()
    y = pd.DataFrame({"y": np.full(len(sample), 2061.0)})
    ind = analyse(study, sample, y)
    assert ind["value"].isna().all() and set(ind["index"]) == {"S1", "ST"}
    assert verdict(study, convergence(study, sample, y), "y").startswith("constant over the sample")


@pytest.mark.compiled_only
def test_under_settings_give_each_settings_indices_as_a_study_fixed_there_would(tmp_path):
    """`under = [{...}, {...}]` runs the same sample under each parameter setting (which lever
    matters under which uncertainty): each setting's indices, point means and verdicts equal
    those of the study with the setting in its [set], exactly, and differ between settings."""
    settings = [{"commit_urgency": 0.1}, {"commit_urgency": 0.4}]
    raw = {**_MODEL_STUDY, "sensitivity": {**_MODEL_STUDY["sensitivity"], "under": settings}}
    both = run_sensitivity(study_from(raw), tmp_path / "both", report=True)
    assert both.settings == ["commit_urgency = 0.1", "commit_urgency = 0.4"]
    for label, setting in zip(both.settings, settings, strict=True):
        alone = run_sensitivity(
            study_from({**_MODEL_STUDY, "set": {**_MODEL_STUDY["set"], **setting}}),
            tmp_path / label.replace(" ", ""),
            report=False,
        )
        mine = both.indices[both.indices["under"] == label].drop(columns="under").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, alone.indices)
        assert both.verdict("niche_2035", label) == alone.verdict("niche_2035")
    a, b = (both.means[both.means["under"] == label]["niche_2035"].to_numpy() for label in both.settings)
    assert not np.array_equal(a, b)
    assert (tmp_path / "both" / "runs-2" / "manifest.json").exists()
    assert "under commit_urgency = 0.4" in (tmp_path / "both" / "report.html").read_text()


@pytest.mark.parametrize(
    ("under", "field", "words"),
    [
        ([{"build_up": 0.5}], "sensitivity.under[0].build_up", "a factor of the study"),
        ([{"commit_urgencyy": 0.5}], "sensitivity.under[0].commit_urgencyy", "commit_urgency"),
        (
            [{"commit_urgency": 5.0}],
            "sensitivity.under[0].commit_urgency",
            "outside its allowed range [0, 1]",
        ),
        ([{"commit_urgency": 0.2}, {"commit_urgency": 0.2}], "sensitivity.under", "each setting once"),
        ([], "sensitivity.under", "a list of parameter settings"),
    ],
)
def test_bad_under_settings_are_named(under, field, words):
    with pytest.raises(StudyError) as exc:
        study_from({**_MODEL_STUDY, "sensitivity": {**_MODEL_STUDY["sensitivity"], "under": under}})
    assert exc.value.field == field, str(exc.value)
    assert words in str(exc.value)


def test_groups_recover_the_ishigami_group_indices():
    """Sobol' over groups {x1, x3} and {x2} (N = 1024): x3 acts only with x1, so the first-order
    index of {x1, x3} is (V1 + V13) / V and its total 1 - V2 / V; {x2}'s both V2 / V (analytic,
    from the Ishigami variances), each within its bootstrap interval."""
    model = TestFunction()
    raw = {**ISHIGAMI, "factors": {"x1": {"group": "a"}, "x2": {}, "x3": {"group": "a"}}}
    study = study_from(raw, model=model)
    sample = study.sample()
    y = _y(study, sample)
    ind = analyse(study, sample, y).set_index(["factor", "index"])
    s1, st = TestFunction.ishigami_indices()["S1"], TestFunction.ishigami_indices()["ST"]
    truth = {("a", "S1"): st[0], ("a", "ST"): 1 - s1[1], ("x2", "S1"): s1[1], ("x2", "ST"): s1[1]}
    for key, value in truth.items():
        assert abs(ind.loc[key, "value"] - value) <= ind.loc[key, "conf"], (key, ind.loc[key].to_dict())


def test_overrides_are_checked_as_the_file_is():
    model = TestFunction()
    morris = study_from({**ISHIGAMI, "sensitivity": {"method": "morris", "n": 20}}, model=model)
    with pytest.raises(StudyError, match="power of 2"):
        morris.with_overrides(method="sobol")
    assert morris.with_overrides(method="sobol", n=16).sensitivity.n == 16
    grouped = study_from({**ISHIGAMI, "factors": {"x1": {"group": "a"}, "x2": {}, "x3": {}}}, model=model)
    with pytest.raises(StudyError, match="PAWN has no group"):
        grouped.with_overrides(method="pawn")
    disc = study_from({**ISHIGAMI, "discovery": {"output": "y", "above": 1.0}}, model=model)
    assert disc.with_overrides(n=100, discovery=True).discovery.n == 100  # a Latin hypercube: any n
    assert disc.with_overrides(n=100, discovery=True).sensitivity.n == 1024
    with pytest.raises(StudyError, match="--scale"):
        disc.with_overrides(scale=2.0)


def test_a_run_without_a_number_is_named_not_averaged_away():
    study = study_from({**_MODEL_STUDY, "replicates": 2})
    table = pd.DataFrame(
        {
            "run": range(4),
            "point": [0, 0, 1, 1],
            "niche_2035": [0.1, np.nan, 0.2, 0.3],
            "coercive_2035": [1.0, 2.0, 3.0, 4.0],
        }
    )
    with pytest.raises(StudyError, match=r"outputs.niche_2035.*1 of 4 runs \(the first: run 1, point 0\)"):
        point_means(study, table)


def test_the_command_line_methods_are_the_studys():
    from regimesim import study
    from regimesim.cli import parser

    assert parser.METHODS == study.METHODS


def test_a_study_under_settings_resumes_from_the_command_line(tmp_path, capsys):
    settings = [{"coercion_risk": 1.0}, {"coercion_risk": 3.0}]
    raw = {**_TINY, "sensitivity": {"method": "morris", "n": 4, "under": settings}}
    path = _write(tmp_path / "u.toml", raw)
    out = tmp_path / "out"
    assert main(["sensitivity", str(path), "--out", str(out), "-q"]) == 0
    before = pd.read_parquet(out / "indices.parquet")
    assert set(before["under"]) == {"coercion_risk = 1", "coercion_risk = 3"}
    assert json.loads((out / "overrides.json").read_text()) == {"study": str(path)}
    for part in (out / "runs-2" / "outputs").glob("part-*.parquet"):
        part.unlink()
    (out / "indices.parquet").unlink()
    assert main(["sensitivity", str(path), "--out", str(out), "--resume", "-q"]) == 0
    pd.testing.assert_frame_equal(pd.read_parquet(out / "indices.parquet"), before)


def test_a_study_under_settings_resumes_a_setting_that_never_started(tmp_path, capsys):
    """Stopped before its second setting began (no runs-2 folder, no tables): --resume runs that
    setting from scratch and ends with the tables of an uninterrupted start."""
    settings = [{"coercion_risk": 1.0}, {"coercion_risk": 3.0}]
    path = _write(
        tmp_path / "u.toml", {**_TINY, "sensitivity": {"method": "morris", "n": 4, "under": settings}}
    )
    out = tmp_path / "out"
    assert main(["sensitivity", str(path), "--out", str(out), "-q"]) == 0
    before = {name: pd.read_parquet(out / f"{name}.parquet") for name in ("indices", "point_means")}
    shutil.rmtree(out / "runs-2")
    for name in ("indices", "point_means", "seed_share", "convergence"):
        (out / f"{name}.parquet").unlink()
    assert main(["sensitivity", str(path), "--out", str(out), "--resume", "-q"]) == 0
    assert (out / "runs-2" / "manifest.json").exists()
    for name, df in before.items():
        pd.testing.assert_frame_equal(pd.read_parquet(out / f"{name}.parquet"), df)


def test_check_validates_a_study_file_like_a_scenario(tmp_path, capsys):
    path = _write(tmp_path / "s.toml", _MODEL_STUDY)
    assert main(["check", str(path)]) == 0
    # Sobol' without second order: N (k + 2) runs = 32 x (3 + 2)
    assert "(3 factors, 2 outputs; sobol N = 32: 160 runs)" in capsys.readouterr().out
    bad = _write(tmp_path / "bad.toml", {**_MODEL_STUDY, "replicates": 0})
    assert main(["check", str(bad)]) == 2
    assert "replicates" in capsys.readouterr().err


class _Constant:
    """A model whose output never moves (a crossing no run reaches, say)."""

    def __init__(self):
        self.factors = {"x1": (0.0, 1.0), "x2": (0.0, 1.0)}

    def __call__(self, point, seed):
        return {"y": 2061.0}


def test_a_constant_output_still_gets_its_report(tmp_path):
    raw = {"factors": {"x1": {}, "x2": {}}, "outputs": {"y": {}}, "sensitivity": {"method": "sobol", "n": 32}}
    res = run_sensitivity(study_from(raw, model=_Constant()), tmp_path / "c")
    assert res.indices["value"].isna().all()
    assert "constant over the sample" in (tmp_path / "c" / "report.html").read_text()


def test_a_study_seed_of_zero_still_fixes_the_bootstrap():
    """SALib takes a seed of 0 for "no seed"; the intervals of a study with seed 0 (the default)
    are the same on every analysis all the same."""
    sens = {"method": "sobol", "n": 64, "resamples": 50}  # few: PAWN's bootstrap re-runs its estimator
    study = study_from({**ISHIGAMI, "seed": 0, "sensitivity": sens}, model=TestFunction())
    sample = study.sample()
    y = _y(study, sample)
    pd.testing.assert_frame_equal(analyse(study, sample, y), analyse(study, sample, y))
    pawn = study.with_overrides(method="pawn")
    pd.testing.assert_frame_equal(
        analyse(pawn, pawn.sample(), _y(pawn, pawn.sample())),
        analyse(pawn, pawn.sample(), _y(pawn, pawn.sample())),
    )


def test_groups_by_kind_put_levers_and_uncertainties_apart():
    raw = {
        **_MODEL_STUDY,
        "factors": {"build_up": {}, "phase_out.from": {"low": 2025, "high": 2030}, "optimise_rate": {}},
        "sensitivity": {"method": "sobol", "n": 8, "groups": "kind"},
    }
    study = study_from(raw)
    assert study.group_labels() == ["lever", "lever", "uncertainty"]
    assert len(study.sample()) == study.n_points() == 8 * (2 * 2 + 2)


def test_a_tiny_n_is_analysed_without_a_ladder():
    study = study_from({**ISHIGAMI, "sensitivity": {"method": "morris", "n": 2}}, model=TestFunction())
    assert study.sensitivity.ladder() == (2,)
    sample = study.sample()
    conv = convergence(study, sample, _y(study, sample))
    assert verdict(study, conv, "y").startswith("no convergence check")


def test_the_report_names_the_versions(tmp_path):
    from importlib.metadata import version

    run_sensitivity(
        study_from({**ISHIGAMI, "sensitivity": {"method": "sobol", "n": 16}}, model=TestFunction()),
        tmp_path / "r",
    )
    html = (tmp_path / "r" / "report.html").read_text()
    assert f"regimesim {version('regimesim')}" in html and f"SALib {version('SALib')}" in html


def test_check_takes_a_shipped_study_by_name_and_reports_unreadable_files(tmp_path, capsys):
    assert main(["check", "full_mix_levers"]) == 0
    assert "study The levers of the full mix" in capsys.readouterr().out
    latin = tmp_path / "latin.toml"
    latin.write_bytes('title = "caf\xe9"\n[factors]\n'.encode("latin-1"))
    assert main(["check", str(latin)]) == 2
    assert main(["sensitivity", str(latin), "--out", str(tmp_path / "o")]) == 2
    assert "UTF-8" in capsys.readouterr().err


# --- the distributions of factors ---------------------------------------------------------------


@pytest.mark.parametrize("method", ["sobol", "pawn"])
def test_truncnorm_and_triangular_factors_are_sampled_from_the_distributions_they_name(method):
    """A factor's ``dist`` reaches SALib with its parameters in SALib's order: the sample's mean
    and standard deviation are those of the distribution the study file names (scipy's analytic
    moments). At n = 1024 the Sobol' sample has 6,144 points (PAWN 1,024); an iid sample's
    standard error of the mean would be sd / 32 < 0.007 here, and the quasi-random one is smaller,
    so 0.02 is a wide margin -- while the mistakes it is there for move a mean further: mean and
    sd swapped (by 0.26), the mode given as a value rather than as SALib's fraction of the range
    (by 0.067)."""
    from scipy import stats

    raw = {
        "scenario": "full_mix",
        "factors": {
            "build_up": {"low": 0.0, "high": 1.0, "dist": "truncnorm", "mean": 0.7, "sd": 0.2},
            "phase_out": {"low": 0.5, "high": 1.0, "dist": "triang", "mode": 0.6},
        },
        "outputs": {"niche_2035": {"indicator": "niche_share", "statistic": "value", "year": 2035}},
        "sensitivity": {"method": method, "n": 1024},
    }
    sample = study_from(raw).sample()
    truncnorm = stats.truncnorm((0.0 - 0.7) / 0.2, (1.0 - 0.7) / 0.2, loc=0.7, scale=0.2)
    triang = stats.triang((0.6 - 0.5) / 0.5, loc=0.5, scale=0.5)
    for name, dist in (("build_up", truncnorm), ("phase_out", triang)):
        x = sample[name].to_numpy()
        assert x.min() >= dist.support()[0] and x.max() <= dist.support()[1], name
        assert x.mean() == pytest.approx(dist.mean(), abs=0.02), name
        assert x.std() == pytest.approx(dist.std(), abs=0.02), name
