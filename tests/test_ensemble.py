"""The ensemble engine (regimesim.ensemble, ``regimesim batch``): designs, seeds, backends,
streamed Parquet parts, resume, and bad designs refused before anything is written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from regimesim.cli import main
from regimesim.ensemble import (
    Design,
    DesignError,
    design_from,
    load_design,
    read_table,
    run_ensemble,
    run_seed,
)
from regimesim.scenario import Scenario, find_scenario, run, schedule_peak

#: A small design: history to 2012 at scale 0.01, two factors x two values, two replicates.
SMALL = {
    "title": "small",
    "scenarios": ["history"],
    "set": {"scale": 0.01, "end_year": 2012},
    "replicates": 2,
    "seed": 11,
    "factors": {"pressure_escalation": {"values": [0.05, 0.2]}, "build_up": {"values": [0.0, 0.8]}},
    "points": {"method": "factorial"},
    "outputs": {"values": {"pressure": 2012}, "means": {"costs": [2011, 2012]}, "crossing_year": True},
}
DESIGNS = Path(__file__).resolve().parent.parent / "scenarios" / "designs"


def _small(**changes) -> Design:
    return design_from({**SMALL, **changes})


# --- seeds and points ----------------------------------------------------------------------------


def test_run_seeds_depend_only_on_the_root_and_the_replicate():
    """Common random numbers: every scenario and point runs with the same replicate seeds."""
    seeds = [run_seed(5, r) for r in range(1000)]
    assert len(set(seeds)) == 1000 and all(0 <= x < 2**63 for x in seeds)
    assert run_seed(5, 2) == run_seed(5, 2) != run_seed(6, 2)
    d = design_from({**SMALL, "scenarios": ["history", "full_mix"]})
    table = d.runs()
    assert len(table) == 2 * 4 * 2
    assert list(table.seed) == [run_seed(11, r) for _ in range(2 * 4) for r in range(2)]
    assert [d.scenario_of(k)[1] for k in range(len(table))] == list(table.seed)


def test_explicit_seeds_are_the_replicates_seeds():
    raw = {k: v for k, v in SMALL.items() if k not in ("seed", "replicates")}
    d = design_from({**raw, "seeds": [4, 0, 9]})
    assert d.replicates == 3 and list(d.runs().seed[:3]) == [4, 0, 9]
    assert d.scenario_of(5)[1] == 9
    with pytest.raises(DesignError, match="each seed once"):
        design_from({**raw, "seeds": [4, 4]})


def test_factorial_points_are_every_combination_and_applied_to_the_run():
    d = _small()
    assert d.n_runs == 8
    assert sorted(map(tuple, d.points.to_numpy().tolist())) == [
        (0.05, 0.0),
        (0.05, 0.8),
        (0.2, 0.0),
        (0.2, 0.8),
    ]
    for k in range(d.n_runs):
        sc, seed = d.scenario_of(k)
        row = d.runs().iloc[k]
        assert seed == row.seed
        assert sc.params.pressure_escalation == row.pressure_escalation
        assert schedule_peak(sc.schedules["build_up"]) == pytest.approx(row.build_up)


def test_latin_hypercube_points_fill_each_stratum_once_inside_the_bounds():
    d = load_design(DESIGNS / "uncertain_parameters.toml")
    n = len(d.points)
    assert n == 64
    for key, (low, high) in {"commit_urgency": (0.1, 0.4), "pressure_escalation": (0.05, 0.2)}.items():
        u = (d.points[key].to_numpy() - low) / (high - low)
        assert ((u >= 0) & (u < 1)).all()
        assert sorted(np.floor(u * n).astype(int)) == list(range(n))  # one point in each of n strata
    starts = d.points["phase_out.from"].to_numpy()
    assert ((starts >= 2025) & (starts <= 2035)).all()
    assert np.allclose(starts * 12, np.round(starts * 12))  # whole months
    again = load_design(DESIGNS / "uncertain_parameters.toml")
    pd.testing.assert_frame_equal(d.points, again.points)  # the sample comes from the root seed


def test_a_table_of_points_is_read_from_csv(tmp_path):
    pd.DataFrame({"phase_out": [0.2, 0.7], "optimise_rate": [0.003, 0.005]}).to_csv(
        tmp_path / "p.csv", index=False
    )
    factors = {"phase_out": {"low": 0, "high": 1}, "optimise_rate": {"low": 0, "high": 0.01}}
    raw = {**SMALL, "factors": factors, "points": {"method": "table", "file": "p.csv"}}
    d = design_from(raw, folder=tmp_path)
    assert d.points.to_dict("list") == {"phase_out": [0.2, 0.7], "optimise_rate": [0.003, 0.005]}
    assert d.scenario_of(2)[0].params.optimise_rate == 0.005


def test_the_shipped_designs_load():
    sweep = load_design(DESIGNS / "lever_sweep.toml")
    assert sweep.n_runs == 9 * 20 and sweep.factors == ["phase_out", "rebuild"]
    assert load_design(DESIGNS / "uncertain_parameters.toml").n_runs == 64 * 5


# --- bad designs ---------------------------------------------------------------------------------

BAD = [
    ({"scenarios": []}, "scenarios", "expected a list"),
    ({"scenarios": ["no_such_scenario"]}, "scenarios[0]", "neither a scenario file"),
    ({"replicates": 0}, "replicates", "integer >= 1"),
    ({"seed": -1}, "seed", ""),
    ({"colour": "red"}, "colour", "unknown field"),
    ({"seeds": [1, 2]}, "seeds", "either seeds"),
    (
        {"factors": {"presure_escalation": {"values": [0.1]}}},
        "factors.presure_escalation",
        "pressure_escalation",
    ),
    ({"factors": {"pressure_escalation": {"values": [99.0]}}}, "points[0].pressure_escalation", ""),
    (
        {
            "factors": {"phase_out": {"low": 0.5, "high": 0.2}},
            "points": {"method": "latin_hypercube", "n": 4},
        },
        "factors.phase_out",
        "below high",
    ),
    ({"points": {"method": "sobol"}}, "points.method", "factorial, latin_hypercube, table"),
    ({"points": {"method": "latin_hypercube"}}, "points.n", "integer >= 1"),
    ({"points": {"method": "latin_hypercube", "n": 4}}, "factors.pressure_escalation", "low = ... and high"),
    ({"outputs": {"values": ["niche_share"]}}, "outputs.values", "table of indicators"),
    ({"outputs": {"values": {"niche": 2050}}}, "outputs.values.niche", "niche_share"),
    ({"outputs": {"means": {"costs": [2030, 2020]}}}, "outputs.means.costs", "comes after"),
    ({"outputs": {"crossing_year": False}}, "outputs", "keeps nothing"),
    ({"chunk_size": 0}, "chunk_size", "integer >= 1"),
    ({"chunk_size": -1}, "chunk_size", "integer >= 1"),
    ({"chunk_size": "a"}, "chunk_size", "integer >= 1"),
    ({"chunk_size": 2.5}, "chunk_size", "integer >= 1"),
    # the horizon of SMALL is 2010-2012: a year outside it has no value in any run
    (
        {"outputs": {"values": {"pressure": 2009}}},
        "outputs.values.pressure",
        "outside every scenario's horizon",
    ),
    ({"outputs": {"values": {"pressure": 2013}}}, "outputs.values.pressure", "2010-2012"),
    (
        {"outputs": {"means": {"costs": [2013, 2020]}}},
        "outputs.means.costs",
        "outside every scenario's horizon",
    ),
]


@pytest.mark.parametrize(("change", "field", "words"), BAD, ids=[b[1] for b in BAD])
def test_a_bad_design_field_is_named_and_nothing_is_written(tmp_path, capsys, change, field, words):
    raw = {**SMALL, **change}
    with pytest.raises(DesignError) as info:
        design_from(raw)
    assert info.value.field == field and words in info.value.message, str(info.value)
    import tomli_w

    path = tmp_path / "bad.toml"
    path.write_text(tomli_w.dumps(raw))
    out = tmp_path / "out"
    assert main(["batch", str(path), "--out", str(out), "-q"]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and field in err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]


def test_output_years_inside_some_scenarios_horizon_are_accepted():
    """The horizon check's edges: a year at either end, a span reaching into it, and a year
    inside only one scenario's horizon of two."""
    outputs = {"values": {"pressure": 2012}, "means": {"costs": [2005, 2010]}}
    assert design_from({**SMALL, "outputs": outputs}).outputs.values == (("pressure", 2012),)
    two = {**SMALL, "scenarios": ["history", "full_mix"], "set": {"scale": 0.01}}
    end = Scenario.load(find_scenario("full_mix")).end
    assert design_from({**two, "outputs": {"values": {"pressure": end}}}).outputs.values == (
        ("pressure", end),
    )


def test_a_design_is_toml_data(tmp_path):
    path = tmp_path / "d.toml"
    path.write_text('scenarios = ["history"\n')
    with pytest.raises(DesignError, match="not valid TOML"):
        load_design(path)
    with pytest.raises(DesignError, match=r"ends in \.toml"):
        load_design(tmp_path / "d.py")


# --- running -------------------------------------------------------------------------------------


def _expected(d: Design) -> pd.DataFrame:
    """The outputs computed run by run with the scenario API, independently of the engine."""
    rows = []
    for k in range(d.n_runs):
        sc, seed = d.scenario_of(k)
        res = run(sc, seed)
        df = res.indicators
        c = res.crossing_year()
        rows.append(
            {
                "pressure_2012": df.pressure[df.index.year == 2012].mean(),
                "costs_2011_2012": df.costs[(df.index.year >= 2011) & (df.index.year <= 2012)].mean(),
                "crossing_year": np.nan if c is None else c,
            }
        )
    return pd.DataFrame(rows)


@pytest.mark.compiled_only
def test_the_tables_do_not_depend_on_backend_workers_or_chunking(tmp_path):
    """Threads with 1 and 2 workers, a spawned process pool and a Dask LocalCluster (started
    here), with different chunkings: identical tables, equal to the runs made one by one."""
    d = _small()
    tables = []
    for i, (backend, workers, chunk) in enumerate(
        [("threads", 1, None), ("threads", 2, 3), ("processes", 2, 1), ("dask", 2, 2)]
    ):
        folder = run_ensemble(
            _small(chunk_size=chunk) if chunk else d, tmp_path / f"o{i}", backend=backend, workers=workers
        )
        tables.append((read_table(folder, "outputs"), read_table(folder, "runs")))
    for outputs, runs in tables[1:]:
        pd.testing.assert_frame_equal(outputs, tables[0][0])
        pd.testing.assert_frame_equal(runs, tables[0][1])
    outputs = tables[0][0]
    expected = _expected(d)
    pd.testing.assert_frame_equal(
        outputs[expected.columns].reset_index(drop=True), expected, check_dtype=False
    )
    assert list(outputs.run) == list(range(d.n_runs))
    assert len(set(outputs.pressure_2012)) > 1  # the runs differ (points and seeds)


@pytest.mark.compiled_only
def test_an_interrupted_ensemble_resumes_to_the_same_tables(tmp_path):
    d = _small(chunk_size=2)
    whole = run_ensemble(d, tmp_path / "whole", workers=1)

    def stop_after_two(done, total):
        if done >= 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_ensemble(d, tmp_path / "cut", workers=1, progress=stop_after_two)
    parts = sorted(p.name for p in (tmp_path / "cut" / "outputs").iterdir())
    assert parts == ["part-00000.parquet", "part-00001.parquet"]
    seen = []
    run_ensemble(d, tmp_path / "cut", workers=2, resume=True, progress=lambda done, total: seen.append(done))
    assert seen[0] == 6  # only the two missing chunks ran
    for table in ("runs", "outputs"):
        pd.testing.assert_frame_equal(read_table(tmp_path / "cut", table), read_table(whole, table))
    assert not [p for p in (tmp_path / "cut").rglob("*") if p.name.startswith(".")]  # no temporary files


def test_resume_refuses_another_design_and_a_fresh_start_refuses_a_used_folder(tmp_path):
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "x").write_text("")
    with pytest.raises(ValueError, match="not empty"):
        run_ensemble(_small(), tmp_path / "o")
    with pytest.raises(ValueError, match="no manifest"):
        run_ensemble(_small(), tmp_path / "o", resume=True)
    (tmp_path / "o" / "manifest.json").write_text(json.dumps({"design": "0", "chunk_size": 1}))
    with pytest.raises(ValueError, match="another design"):
        run_ensemble(_small(), tmp_path / "o", resume=True)
    with pytest.raises(ValueError, match="threads, processes"):
        run_ensemble(_small(), tmp_path / "p", backend="thread")


@pytest.mark.compiled_only
def test_series_are_kept_on_request(tmp_path):
    d = _small(replicates=1, outputs={"series": True, "crossing_year": False})
    folder = run_ensemble(d, tmp_path / "s", workers=2)
    series = read_table(folder, "series")
    assert sorted(set(series.run)) == list(range(4))
    sc, seed = d.scenario_of(3)
    mine = series[series.run == 3].drop(columns="run").set_index("month")
    theirs = run(sc, seed).indicators
    pd.testing.assert_frame_equal(mine, theirs, check_names=False, check_freq=False)


@pytest.mark.compiled_only
def test_batch_killed_with_sigkill_resumes_to_the_uninterrupted_tables(tmp_path):
    import tomli_w

    design = {**SMALL, "replicates": 6, "chunk_size": 2}
    path = tmp_path / "d.toml"
    path.write_text(tomli_w.dumps(design))
    assert main(["batch", str(path), "--out", str(tmp_path / "whole"), "-q", "--workers", "1"]) == 0
    out = tmp_path / "cut"
    command = [sys.executable, "-m", "regimesim.cli", "batch", str(path), "--out", str(out), "-q"]
    proc = subprocess.Popen([*command, "--workers", "1"], env={**os.environ})
    try:
        deadline = time.monotonic() + 300
        while not (out / "outputs" / "part-00001.parquet").exists():
            assert proc.poll() is None, "the batch ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    done = len(list((out / "outputs").glob("part-*.parquet")))
    assert 2 <= done < 12
    assert main(["batch", str(path), "--out", str(out), "-q", "--resume"]) == 0
    for table in ("runs", "outputs"):
        pd.testing.assert_frame_equal(read_table(out, table), read_table(tmp_path / "whole", table))
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]  # a part cut short is removed


def _kill_a_worker_once_a_part_is_written(client, out: Path) -> tuple[threading.Thread, list]:
    """A thread that kills (SIGKILL) one of ``client``'s worker processes as soon as the
    ensemble in ``out`` has written its first output part: mid-batch, with chunks in flight.
    Records ``(pid, time)`` of the kill."""
    killed: list = []
    pids = sorted(client.run(os.getpid).values())

    def kill() -> None:
        deadline = time.monotonic() + 120
        while not list((out / "outputs").glob("part-*.parquet")) and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(pids[-1], signal.SIGKILL)
        killed.append((pids[-1], time.monotonic()))

    thread = threading.Thread(target=kill, daemon=True)
    thread.start()
    return thread, killed


@pytest.mark.compiled_only
@pytest.mark.parametrize("fatal", [False, True], ids=["retried", "fatal-then-resumed"])
def test_a_lost_dask_worker_leaves_the_tables_of_an_uninterrupted_run(tmp_path, fatal):
    """A Dask worker process killed mid-batch: Dask reruns its chunks elsewhere and the batch
    ends with the uninterrupted tables; where the scheduler gives up on such tasks
    (``allowed-failures = 0``), the batch stops and ``resume`` on another backend completes it,
    to the same tables."""
    import dask
    from distributed import Client, LocalCluster

    from regimesim.ensemble import _PINNED

    d = _small(chunk_size=1, replicates=3, set={"scale": 0.03, "end_year": 2014})
    whole = run_ensemble(d, tmp_path / "whole", workers=2)
    out = tmp_path / "o"
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0 if fatal else 3}),
        LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, env=_PINNED
        ) as cluster,
        Client(cluster) as client,
    ):
        thread, killed = _kill_a_worker_once_a_part_is_written(client, out)
        if fatal:
            from distributed import KilledWorker

            with pytest.raises(KilledWorker):
                run_ensemble(d, out, backend="dask", scheduler=cluster.scheduler_address)
        else:
            run_ensemble(d, out, backend="dask", scheduler=cluster.scheduler_address)
        ended = time.monotonic()
        thread.join()
        assert killed and killed[0][1] < ended  # killed mid-batch
        client.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker
        assert killed[0][0] not in client.run(os.getpid).values()  # the worker did die
    if fatal:
        done = len(list((out / "outputs").glob("part-*.parquet")))
        assert 1 <= done < d.n_runs
        run_ensemble(d, out, resume=True, workers=2)
    for table in ("runs", "outputs"):
        pd.testing.assert_frame_equal(read_table(out, table), read_table(whole, table))
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]


def test_the_scenarios_of_a_design_run_as_scenarios():
    d = _small()
    base = Scenario.load(find_scenario("history")).with_parameters(scale=0.01, end_year=2012)
    assert d.scenarios[0].digest() == base.digest()


@pytest.mark.compiled_only
def test_the_summary_reduces_each_point_over_its_replicates(tmp_path):
    d = _small(replicates=3)
    folder = run_ensemble(d, tmp_path / "o", workers=2)
    table, summary = read_table(folder), pd.read_parquet(folder / "summary.parquet")
    assert len(summary) == 4 and (summary.replicates == 3).all()
    for _, row in summary.iterrows():
        mine = table[table.point == row.point]
        assert row.pressure_escalation == mine.pressure_escalation.iloc[0]
        values = np.sort(mine.pressure_2012.to_numpy())
        assert row.pressure_2012_mean == pytest.approx(values.mean())
        assert row.pressure_2012_q50 == pytest.approx(values[1])  # the middle of three
        # numpy's default (linear) quantiles of three sorted values: 5% lies a tenth of the way
        # from the first to the second, 95% nine tenths of the way from the second to the third
        assert row.pressure_2012_q05 == pytest.approx(values[0] + 0.1 * (values[1] - values[0]))
        assert row.pressure_2012_q95 == pytest.approx(values[1] + 0.9 * (values[2] - values[1]))
        assert row.crossed_share == 0.0 and np.isnan(row.crossing_year_median)  # 2012: no crossing


@pytest.mark.compiled_only
def test_phase_years_count_the_months_in_each_x_curve_phase(tmp_path):
    from regimesim.xcurve import REGIME_PHASES, label_phases

    d = design_from(
        {
            "scenarios": ["full_mix"],
            "set": {"scale": 0.01, "end_year": 2060},
            "seed": 3,
            "outputs": {"phase_years": True, "crossing_year": False},
        }
    )
    row = read_table(run_ensemble(d, tmp_path / "o", workers=1)).iloc[0]
    sc, seed = d.scenario_of(0)
    df = run(sc, seed).indicators
    codes = label_phases(
        df.regime_strength.to_numpy(),
        df.niche_share.to_numpy(),
        df.institutionalised_share.to_numpy(),
        df.pressure.to_numpy(),
    ).regime
    for k, name in enumerate(REGIME_PHASES):
        assert row[f"years_regime_{name}"] == pytest.approx(np.sum(np.asarray(codes) == k) / 12)
    total = sum(row[f"years_regime_{name}"] for name in REGIME_PHASES)
    assert 0 < total <= 2060 - 2010 + 1


def test_a_design_whose_series_would_not_fit_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**6, 10**6 - 1000, 1000))
    d = _small(outputs={"series": True})
    with pytest.raises(ValueError, match=r"outputs.series: .* GB .* free"):
        run_ensemble(d, tmp_path / "o")
    assert not (tmp_path / "o").exists()


def test_a_design_too_large_for_memory_is_refused_before_anything_is_written(tmp_path, monkeypatch, capsys):
    from collections import namedtuple

    import psutil

    mem = namedtuple("mem", "total available")
    monkeypatch.setattr(psutil, "virtual_memory", lambda: mem(2 * 10**9, 1000))
    refused = r"memory: the design needs about [\d.]+ [MG]B .* 0 MB are available"
    with pytest.raises(ValueError, match=refused):
        run_ensemble(_small(), tmp_path / "o")
    assert not (tmp_path / "o").exists()
    path = tmp_path / "d.toml"
    import tomli_w

    path.write_text(tomli_w.dumps(SMALL))
    assert main(["batch", str(path), "--out", str(tmp_path / "cli"), "-q"]) != 0
    assert "memory: the design needs about" in capsys.readouterr().err
    assert not (tmp_path / "cli").exists()
    # compare keeps every run's series in memory: it is refused as well
    from regimesim.compare import compare

    with pytest.raises(ValueError, match="memory:"):
        compare(
            [Scenario.load(find_scenario("history")).with_parameters(scale=0.01, end_year=2011)],
            seeds=2,
            year=2011,
        )


def test_the_memory_estimate_grows_with_what_the_design_holds():
    """Each item of the estimate answers to what drives it: the scale of the largest point, the
    workers of a local pool, the series kept, the number of runs; a remote cluster's workers
    are not this machine's."""
    from regimesim.ensemble import WORKER_BYTES, memory_estimate

    small = memory_estimate(_small())
    big_scale = memory_estimate(_small(factors={"scale": {"values": [0.01, 0.5]}}))
    assert big_scale["runs"] > 10 * small["runs"]
    two = memory_estimate(_small(), workers=2)
    assert two["runs"] == 2 * small["runs"]
    procs = memory_estimate(_small(), workers=2, backend="processes")
    assert procs["workers"] == 2 * WORKER_BYTES and small["workers"] == 0
    remote = memory_estimate(_small(), workers=2, backend="dask", scheduler="tcp://127.0.0.1:8786")
    assert remote["workers"] == 0
    series = _small(outputs={"series": True})
    assert memory_estimate(series, keep_series=True)["series"] > 0
    assert memory_estimate(series)["series"] == 0 and small["series"] == 0
    many = memory_estimate(_small(replicates=200))
    assert many["runs_table"] == 100 * small["runs_table"] and many["summary"] == 100 * small["summary"]
    assert small["total"] == sum(v for k, v in small.items() if k != "total")


@pytest.mark.compiled_only
def test_the_memory_estimate_bounds_a_runs_traced_allocations():
    """The per-run item is an upper bound of what one run allocates at its peak (numpy's
    allocations, traced), and not a wild one (at most 5x: it is meant to refuse designs that do
    not fit, not ones that do)."""
    import tracemalloc

    from regimesim.ensemble import memory_estimate

    d = design_from({"scenarios": ["history"], "set": {"scale": 0.2, "end_year": 2020}})
    sc, seed = d.scenario_of(0)
    run(sc, seed)  # compiled or loaded first: the compiler's memory is not the run's
    tracemalloc.start()
    run(sc, seed)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    est = memory_estimate(d)["runs"]
    assert peak <= est <= 5 * peak, (peak, est)


@pytest.mark.compiled_only
def test_ctrl_c_in_batch_prints_one_line_naming_the_resume_command(tmp_path, monkeypatch, capsys):
    import tomli_w

    import regimesim.ensemble as ensemble

    path = tmp_path / "d.toml"
    path.write_text(tomli_w.dumps({**SMALL, "chunk_size": 2}))
    real = ensemble._run_chunk
    calls = []

    def interrupted(jobs, outputs):
        calls.append(jobs)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(jobs, outputs)

    monkeypatch.setattr(ensemble, "_run_chunk", interrupted)
    out = tmp_path / "o"
    assert main(["batch", str(path), "--out", str(out), "-q", "--workers", "1"]) == 128 + signal.SIGINT
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--resume" in err[0] and str(out) in err[0], err
    monkeypatch.setattr(ensemble, "_run_chunk", real)
    assert main(["batch", str(path), "--out", str(out), "-q", "--resume"]) == 0
    assert len(read_table(out)) == 8


def test_a_scheduler_goes_with_the_dask_backend_only(tmp_path, capsys):
    with pytest.raises(ValueError, match="for the dask backend"):
        run_ensemble(_small(), tmp_path / "o", backend="threads", scheduler="tcp://127.0.0.1:1")
    path = DESIGNS / "lever_sweep.toml"
    code = main(
        [
            "batch",
            str(path),
            "--out",
            str(tmp_path / "o"),
            "--backend",
            "processes",
            "--scheduler",
            "tcp://127.0.0.1:1",
            "-y",
        ]
    )
    assert code == 2 and "--scheduler" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


@pytest.mark.compiled_only
def test_an_unreachable_scheduler_is_named(tmp_path):
    with pytest.raises(ValueError, match=r"no Dask scheduler answers at tcp://127\.0\.0\.1:9"):
        run_ensemble(_small(chunk_size=8), tmp_path / "o", backend="dask", scheduler="tcp://127.0.0.1:9")
    assert not (tmp_path / "o").exists()


@pytest.mark.compiled_only
def test_the_mesa_driver_gives_the_engines_outputs_for_the_same_design(tmp_path):
    """Each run of the design stepped month by month as a ``RegimeModel`` (the Mesa driver),
    reduced the same way: the engine's output table exactly."""
    from regimesim.model import RegimeModel
    from regimesim.xcurve import crossing_year

    d = _small()
    engine = read_table(run_ensemble(d, tmp_path / "o", workers=2))
    rows = []
    for k in range(d.n_runs):
        sc, seed = d.scenario_of(k)
        model = RegimeModel.from_scenario(sc, seed=seed)
        while model.running:
            model.step()
        df = model.indicators()
        c = crossing_year(df.regime_strength.to_numpy(), df.niche_share.to_numpy(), start_year=sc.start)
        rows.append({"run": k, **d.outputs.reduce(df, c)})
    mesa_table = pd.DataFrame(rows)
    pd.testing.assert_frame_equal(engine[mesa_table.columns], mesa_table, check_dtype=False)


@pytest.mark.compiled_only
def test_sigterm_ends_a_batch_with_one_line_and_no_temporary_files(tmp_path):
    import tomli_w

    path = tmp_path / "d.toml"
    path.write_text(tomli_w.dumps({**SMALL, "replicates": 6, "chunk_size": 2}))
    out = tmp_path / "cut"
    command = [sys.executable, "-m", "regimesim.cli", "batch", str(path), "--out", str(out), "-q"]
    proc = subprocess.Popen([*command, "--workers", "1"], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not (out / "outputs" / "part-00000.parquet").exists():
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGTERM
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "--resume" in lines[0] and "Traceback" not in err, err
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]


def test_the_documented_design_is_a_valid_design():
    text = (Path(__file__).resolve().parent.parent / "docs" / "designs.md").read_text()
    block = text.split("```toml\n", 1)[1].split("```", 1)[0]
    import tomllib

    d = design_from(tomllib.loads(block))
    assert d.n_runs == 3 * 2 * 2 * 20
    assert d.factors == ["phase_out", "phase_out.from", "pressure_escalation"]
    assert d.outputs.phase_years and not d.outputs.series


@pytest.mark.compiled_only  # as Python its 16 runs take half a minute; the next test covers the lines
def test_runs_that_differ_only_in_their_levers_share_their_history_bit_for_bit(tmp_path):
    """A chunk's runs with the same seed, parameters and events are made from one shared history
    up to the first month their lever schedules differ (`simulate_branches`): every output and
    every month of every series equals the run made alone, exactly -- also for runs whose
    parameters differ (no sharing) and for two seeds in one chunk."""
    d = design_from(
        {
            "scenarios": ["full_mix"],
            "replicates": 2,
            "seed": 4,
            "chunk_size": 12,
            "set": {"scale": 0.0056, "end_year": 2029, "spinup_years": 1},
            "factors": {
                "phase_out": {"values": [0.3, 0.9]},
                "phase_out.from": {"values": ["2027-01", "2028-06"]},
                "optimise_rate": {"values": [0.004, 0.006]},
            },
            "outputs": {"values": {"niche_share": 2029}, "means": {"pressure": [2026, 2029]}, "series": True},
        }
    )
    folder = run_ensemble(d, tmp_path / "e", workers=1)
    outputs, series = read_table(folder), read_table(folder, "series")
    for k in range(d.n_runs):
        res = run(*d.scenario_of(k))
        row = outputs[outputs["run"] == k].iloc[0]
        df = res.indicators
        assert row["niche_share_2029"] == df["niche_share"][df.index.year == 2029].mean()
        assert row["crossing_year"] == res.crossing_year() or (
            np.isnan(row["crossing_year"]) and res.crossing_year() is None
        )
        mine = series[series["run"] == k].drop(columns=["run", "month"]).reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, res.indicators.reset_index(drop=True), check_exact=True)


def test_simulate_branches_equals_separate_runs_also_for_equal_and_single_schedules():
    """Two equal schedules (one branches off at the very end), a different one, and a list of
    one: each result's indicators equal `simulate`'s for that schedule, exactly."""
    from regimesim.engine import simulate, simulate_branches
    from regimesim.levers import Schedule, Segment

    params = {"scale": 0.0056, "start_year": 2010, "end_year": 2013, "spinup_years": 1}
    a = {"phase_out": Schedule(0.0, (Segment(2012.0, 0.7),))}
    b = {"phase_out": Schedule(0.0, (Segment(2011.5, 0.3),))}
    for levers in ([a, a, b], [b]):
        branched = simulate_branches(params, levers, seed=9)
        assert len(branched) == len(levers)
        for lev, res in zip(levers, branched, strict=True):
            alone = simulate(params, levers=lev, seed=9)
            pd.testing.assert_frame_equal(res.indicators, alone.indicators, check_exact=True)
