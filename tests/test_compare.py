"""Comparing scenarios: outcomes match the runs, results do not depend on workers, the report is offline."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from regimesim.cli import main
from regimesim.compare import compare, write_comparison
from regimesim.levers import Event, Segment
from regimesim.scenario import Scenario, run

BASE = Scenario(title="Base", start=2026, end=2036, scale=0.01, name="base")
MIX = BASE.with_levers(
    build_up=Segment(2027, 0.8), phase_out=Segment(2027, 0.6), rebuild=Segment(2027, 0.6)
).replace(title="Mix", name="mix", events=[Event("publicised_incidents", 2030.0, 2.0)])


@pytest.fixture(scope="module")
def comparison():
    return compare([BASE, MIX], seeds=3, year=2035, workers=2)


def test_outcomes_are_those_of_the_individual_runs(comparison):
    c = comparison
    assert len(c.outcomes) == 6 and list(c.outcomes["scenario"]) == ["base"] * 3 + ["mix"] * 3
    assert len(c.trajectories) == 6 * 11 * 12
    row = c.outcomes[(c.outcomes["scenario"] == "mix") & (c.outcomes["seed"] == 2)].iloc[0]
    res = run(MIX, seed=2)
    df = res.indicators
    in_2035 = df.index.year == 2035
    assert row["niche_share_2035"] == pytest.approx(df.loc[in_2035, "niche_share"].mean())
    assert row["coercive_measures_2035"] == pytest.approx(df.loc[in_2035, "coercive_stock"].mean())
    assert row["incidents_cumulative"] == pytest.approx(df["incidents"].sum())
    assert row["costs_cumulative_bn"] == pytest.approx(df["costs"].sum() / 12)
    assert row["workload_peak"] == pytest.approx(df["workload"].max())
    crossing = res.crossing_year()
    assert (np.isnan(row["crossing_year"]) and crossing is None) or row["crossing_year"] == crossing
    traj = c.trajectories[(c.trajectories["scenario"] == "mix") & (c.trajectories["seed"] == 2)]
    np.testing.assert_array_equal(traj["niche_share"].to_numpy(), df["niche_share"].to_numpy())


def test_the_summary_is_median_and_90_percent_interval_across_seeds(comparison):
    summ = comparison.summary()
    checked = 0
    for (label, name), grp in summ.groupby(["scenario", "outcome"]):
        r = grp.iloc[0]
        vals = comparison.outcomes.loc[comparison.outcomes["scenario"] == label, name].dropna().to_numpy()
        if name == "crossing_year" or not len(vals):
            continue
        lo, med, hi = np.quantile(vals, [0.05, 0.5, 0.95])  # the documented 90% band
        assert (r["low"], r["median"], r["high"]) == pytest.approx((lo, med, hi))
        checked += 1
    assert checked >= 10
    table = comparison.table()
    assert list(table.index) == ["base", "mix"] and "niche share 2035" in table.columns
    assert re.fullmatch(r"\d\.\d\d \[\d\.\d\d, \d\.\d\d\]", table.loc["mix", "niche share 2035"])


def test_a_crossing_that_most_seeds_miss_has_no_median_year():
    outcomes = pd.DataFrame(
        {"scenario": ["a"] * 4, "seed": range(4), "crossing_year": [2040.0, np.nan, np.nan, np.nan]}
    )
    from regimesim.compare import Comparison

    c = Comparison([BASE.replace(name="a")], [0, 1, 2, 3], 2035, (2026, 2036), pd.DataFrame(), outcomes)
    r = c.summary().iloc[0]
    assert r["n"] == 1 and np.isnan(r["median"]) and np.isnan(r["high"])  # NaN: after the horizon
    assert c.table().iloc[0, 0] == "none by 2036 (1/4 cross)"


def test_an_interval_reaching_a_censored_run_ends_after_the_horizon():
    from regimesim.compare import Comparison

    years = [2040.0 + 0.1 * k for k in range(19)] + [np.nan]  # 19 of 20 seeds cross
    outcomes = pd.DataFrame({"scenario": ["a"] * 20, "seed": range(20), "crossing_year": years})
    c = Comparison(
        [BASE.replace(name="a", end=2060)], list(range(20)), 2035, (2026, 2060), pd.DataFrame(), outcomes
    )
    r = c.summary().iloc[0]
    assert r["n"] == 19 and r["median"] == pytest.approx(np.median([*years[:19], np.inf]))
    assert 2040 <= r["low"] < 2041 and np.isnan(r["high"])
    assert c.table().iloc[0, 0].endswith(", after 2060] (19/20 cross)")


@pytest.mark.compiled_only
def test_cumulative_outcomes_use_the_years_all_scenarios_share():
    short = BASE.replace(name="short", end=2031)
    c = compare([short, BASE], seeds=1, year=2030, workers=1)
    assert c.window == (2026, 2031)
    df = run(BASE, seed=0).indicators
    row = c.outcomes[c.outcomes["scenario"] == "base"].iloc[0]
    assert row["incidents_cumulative"] == pytest.approx(df.loc[df.index.year <= 2031, "incidents"].sum())
    assert row["incidents_cumulative"] < df["incidents"].sum()


def test_file_names_of_scenarios_are_safe_short_and_distinct():
    from regimesim.compare import _safe_names

    names = _safe_names(["my mix", "my_mix", "My_Mix", "x" * 300 + "[a=1]", "x" * 300 + "[a=2]", "../etc"])
    assert len({n.lower() for n in names}) == 6
    assert all(len(n) <= 80 and re.fullmatch(r"[\w.=-]+", n) and not n.startswith(".") for n in names)


@pytest.mark.compiled_only
def test_results_do_not_depend_on_the_number_of_workers(comparison):
    one = compare([BASE, MIX], seeds=3, year=2035, workers=1)
    pd.testing.assert_frame_equal(one.outcomes, comparison.outcomes)
    pd.testing.assert_frame_equal(one.trajectories, comparison.trajectories)


class _Links(HTMLParser):
    """Every URL-bearing attribute and every tag of the page."""

    def __init__(self):
        super().__init__()
        self.urls, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "srcset", "action", "data", "poster", "xlink:href") and value:
                self.urls.append(value)


def test_the_report_is_self_contained_and_opens_offline(comparison, tmp_path):
    written = write_comparison(comparison, tmp_path)
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert {
        "report.html",
        "outcomes.parquet",
        "summary.parquet",
        "summary.csv",
        "trajectories.parquet",
        "xcurves.png",
        "xcurves.svg",
        "outcomes.png",
        "outcomes.svg",
        "provenance.json",
        "scenarios/base.toml",
        "scenarios/mix.toml",
    } == names
    assert Scenario.load(tmp_path / "scenarios" / "mix.toml") == MIX
    html = (tmp_path / "report.html").read_text()
    parser = _Links()
    parser.feed(html)
    # no page resource and no link leaves the file: images are data URIs, nothing else is referenced
    assert parser.urls and all(u.startswith("data:image/png;base64,") for u in parser.urls)
    assert not {"script", "link", "iframe", "object", "embed"} & set(parser.tags)
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", html)  # base64 holds slashes
    assert not re.search(r"url\(|@import|https?:|ftp:|//[a-z]", text, re.I)
    for label in ("base", "mix"):
        assert label in html
    assert "niche share 2035" in html and "3 seeds" in html


def test_compare_on_the_command_line(tmp_path, capsys):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    BASE.dump(a)
    MIX.dump(b)
    out = tmp_path / "cmp"
    assert main(["compare", str(a), str(b), "--seeds", "2", "--workers", "1", "--out", str(out), "-q"]) == 0
    outcomes = pd.read_parquet(out / "outcomes.parquet")
    assert list(outcomes["scenario"]) == ["a", "a", "b", "b"]  # labels are the file names
    assert (out / "report.html").stat().st_size > 10_000
    assert main(["compare", str(a), str(a), "--seeds", "2", "--out", str(tmp_path / "x"), "-q"]) == 2
    assert "named twice" in capsys.readouterr().err
    assert main(["compare", str(a), "--seeds", "0", "--out", str(tmp_path / "x"), "-q"]) == 2
    assert "--seeds must be at least 1" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
    x = str(tmp_path / "x")
    assert main(["compare", str(a), "--seeds", "2", "--year", "2050", "--out", x, "-q"]) == 2
    err = capsys.readouterr().err
    assert "year 2050 lies outside every scenario's horizon (2026-2036)" in err and "--year YYYY" in err
    assert main(["compare", str(a), "--seeds", "1", "--out", str(out), "-q"]) == 2  # out is not empty
    assert "already exists" in capsys.readouterr().err
