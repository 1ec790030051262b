"""The speed suite's bookkeeping (``python -m benchmarks``): what it counts as an agent-step, how it
summarises alternated rounds, how it reads linearity, and that the floor kernel does the work it
claims. No timing is asserted here (speed is measured in benchmarks/, never in tests)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import suite
from benchmarks.floor import floor_arrays, floor_run


def test_agent_steps_count_the_households_and_posts_a_run_has_and_its_months():
    from regimesim import simulate

    res = simulate({"scale": 0.02, "start_year": 2010, "end_year": 2011}, seed=0)
    st = res.state
    assert suite.agents_at(0.02) == len(st.families.status) + len(st.professionals.active)
    assert suite.months_of(2) == 12 * (2 + res.params.spinup_years)


def test_rounds_are_summarised_by_median_and_range_per_case():
    ms = [suite.Measurement("simulate", 0.1, 5, r, secs, 10**9) for r, secs in enumerate([3.0, 1.0, 2.0])]
    ms.append(suite.Measurement("floor", 0.1, 5, 0, 0.5, 10**9))
    rows = {r["implementation"]: r for r in suite.summarise(ms)}
    assert rows["simulate"]["ns_median"] == pytest.approx(2.0)  # 2 s over 1e9 agent-steps
    assert rows["simulate"]["ns_min"] == pytest.approx(1.0)
    assert rows["simulate"]["ns_max"] == pytest.approx(3.0)
    assert rows["simulate"]["rounds"] == 3 and rows["floor"]["rounds"] == 1


def test_the_loglog_slope_reads_linear_and_quadratic_cost():
    x = np.array([1e3, 1e4, 1e5])
    assert suite.loglog_slope(x, 3e-6 * x) == pytest.approx(1.0)
    assert suite.loglog_slope(x, 1e-9 * x**2) == pytest.approx(2.0)


def test_alternation_times_every_case_once_a_round(monkeypatch):
    calls = []

    def timer(name):
        def time_it(scale, years, seed):
            calls.append((name, scale, years, seed))
            return 1.0

        return time_it

    fake = {name: (timer(name), runs) for name, (_, runs) in suite.IMPLEMENTATIONS.items()}
    monkeypatch.setattr(suite, "IMPLEMENTATIONS", fake)
    cases = [("simulate", 0.1, 5), ("floor", 0.1, 5), ("simulate_2", 0.01, 5)]
    ms = suite.alternate(cases, rounds=2)
    timed = calls[len(cases) :]  # after one untimed warm-up call each
    assert [(n, s, y) for n, s, y, _ in timed] == cases * 2  # case after case, round after round
    assert [seed for *_, seed in timed] == [0, 0, 0, 1, 1, 1]
    two = next(m for m in ms if m.implementation == "simulate_2")
    assert two.agent_steps == 2 * suite.agents_at(0.01) * suite.months_of(5)  # two runs at once


def test_a_short_run_is_repeated_until_a_second_has_passed_and_its_mean_kept(monkeypatch):
    durations = iter([0.3, 0.3, 0.5, 0.4, 2.0])
    calls = []

    def short(scale, years, seed):
        calls.append(seed)
        return next(durations)

    monkeypatch.setattr(suite, "IMPLEMENTATIONS", {"floor": (short, 1)})
    monkeypatch.setattr(suite, "agents_at", lambda scale: 10)
    ms = suite.alternate([("floor", 1.0, 1)], rounds=2, min_seconds=1.0)
    assert calls == [0, 0, 0, 0, 1]  # warm-up (its 0.3 s untimed), 3 repeats, then 1 call
    assert [m.repeats for m in ms] == [3, 1]
    assert ms[0].seconds == pytest.approx((0.3 + 0.5 + 0.4) / 3) and ms[1].seconds == 2.0


def test_the_floor_loads_and_stores_every_agent_every_month():
    fam, pro, agents = floor_arrays(0.01)
    assert agents == suite.agents_at(0.01)
    months0 = fam[6].copy()
    unsafety0 = fam[0].copy()
    floor_run(fam, pro, 7, np.random.default_rng(0))
    np.testing.assert_array_equal(fam[6], months0 + 7)  # every household, every month
    assert np.all(fam[0] != unsafety0)  # a draw reached every household's state


def _fake_result() -> dict:
    plan = suite.QUICK
    cases = {
        ("simulate", 0.1, plan.years): 2.0,
        ("floor", 0.1, plan.years): 0.5,
        ("mesa_driver", 0.1, plan.years): 3.0,
        ("simulate_2", 0.1, plan.years): 2.2,
        ("mesa_baseline", 0.01, plan.baseline_years): 9.0,
        ("simulate", 0.01, plan.baseline_years): 0.1,
    }
    ms = [suite.Measurement(n, s, y, 0, secs, 10**9) for (n, s, y), secs in cases.items()]
    from dataclasses import asdict

    return {
        "machine": {"date": "2026-11-30", "cpu": "CPU", "cores": 2},
        "plan": asdict(plan),
        "summary": suite.summarise(ms),
        "ratios": {
            "simulate_vs_floor_at_top_scale": 4.0,
            "simulate_2_speedup_at_top_scale": 1.8,
            "mesa_driver_vs_simulate_at_top_scale": 1.5,
            "mesa_baseline_vs_simulate_at_0.01": 90.0,
        },
        "scaling": {"population_slope": 0.98, "horizon_slope": 1.01},
        "compile_and_memory": {
            "cold_compile_s": 40.0,
            "cached_start_s": 1.5,
            "run_scale": 1.0,
            "peak_alloc_mib": 20.0,
        },
    }


def test_the_readme_block_is_replaced_and_nothing_else(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# title\n\nbefore\n{suite.README_START}\nold figures\n{suite.README_END}\nafter\n")
    suite.write_readme(_fake_result(), readme)
    text = readme.read_text()
    assert text.startswith("# title\n\nbefore\n") and text.endswith("\nafter\n")
    assert "old figures" not in text
    assert "**4.0x** the machine's floor" in text and "**90x** faster" in text
    assert "takes **2.0 s**" in text  # the median run at the top scale
    with pytest.raises(SystemExit, match="no speed block"):
        (tmp_path / "other.md").write_text("no block\n")
        suite.write_readme(_fake_result(), tmp_path / "other.md")
