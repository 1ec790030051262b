"""Ensemble behaviour found unguarded by mutation testing (issue 34; python -m benchmarks.mutation
--module regimesim.ensemble)."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
from collections import namedtuple

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from regimesim import ensemble
from regimesim.design import INDICATOR_NAMES, design_from, load_design
from regimesim.ensemble import (
    default_chunk_size,
    read_table,
    run_design,
    run_ensemble,
    summarise,
    warm_up,
)

#: A small design (as in test_ensemble.py): history to 2012 at scale 0.01, 2 x 2 points, 2 replicates.
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


def _small(**changes):
    raw = {**SMALL, **changes}
    return design_from({k: v for k, v in raw.items() if v is not None})


# --- chunking ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n_runs", "workers", "size"),
    [
        (0, 4, 1),  # at least one run a chunk
        (1, 1, 1),
        (16, 1, 2),  # exactly eight chunks for one worker
        (17, 1, 3),  # ceil(17 / 8): eight chunks or fewer, never more than eight a worker
        (17, 0, 3),  # no workers counts as one
        (64, 2, 4),  # 64 / (8 * 2)
        (65, 2, 5),
        (400, 1, 50),  # 400 / 8 = 50: the cap exactly
        (1000, 1, 50),  # 125 would be more than 50 runs a chunk
        (1000, 3, 42),  # ceil(1000 / 24)
    ],
)
def test_the_default_chunk_size_gives_about_eight_chunks_a_worker(n_runs, workers, size):
    """About eight chunks per worker (rounded up), at most 50 runs a chunk and at least one."""
    assert default_chunk_size(n_runs, workers) == size


# --- refusals: the sizes they name ---------------------------------------------------------------

_Mem = namedtuple("_Mem", "total available")
_Usage = namedtuple("_Usage", "total used free")


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (12_000_000, "12 MB"),
        (2_500_001, "3 MB"),  # rounded to the nearest MB
        (999_000_000, "999 MB"),
        (1_000_000_000, "1.0 GB"),  # from 1 GB on, in GB with one decimal
        (3_400_000_000, "3.4 GB"),
        (2_550_000_001, "2.6 GB"),
    ],
)
def test_the_memory_refusal_names_sizes_in_mb_and_gb(tmp_path, monkeypatch, n, text):
    """The memory refusal names the total, the largest item and the free memory as ``"12 MB"``
    (below a GB, whole MB) or ``"3.4 GB"``."""
    import psutil

    need = {"runs": 0, "chunks": 0, "runs_table": n, "summary": 0, "workers": 0, "series": 0, "total": n}
    monkeypatch.setattr(ensemble, "memory_estimate", lambda design, **kw: dict(need))
    monkeypatch.setattr(psutil, "virtual_memory", lambda: _Mem(10**12, 1000))
    with pytest.raises(ValueError) as refused:
        run_ensemble(_small(), tmp_path / "o")
    message = str(refused.value)
    assert (
        f"needs about {text} of memory (8 runs; most for runs table: {text}) and 0 MB are available"
        in message
    )
    assert message.endswith(
        "use fewer workers, a smaller chunk_size, keep reductions only (series = false) or split the design"
    )
    assert not (tmp_path / "o").exists()


def test_a_design_that_fits_the_free_memory_exactly_runs(tmp_path, monkeypatch):
    """The memory check refuses only a design that needs more than is available."""
    import psutil

    need = {
        "runs": 600,
        "chunks": 400,
        "runs_table": 0,
        "summary": 0,
        "workers": 0,
        "series": 0,
        "total": 1000,
    }
    monkeypatch.setattr(ensemble, "memory_estimate", lambda design, **kw: dict(need))
    monkeypatch.setattr(psutil, "virtual_memory", lambda: _Mem(10**12, 1000))
    d = dataclasses.replace(_small(), model=_model)
    assert len(read_table(run_ensemble(d, tmp_path / "o", workers=1))) == 8


def _series_bytes(design) -> int:
    """The series' uncompressed bound worked out by hand: per run, a row a month of its
    scenario's years, with run, month and every indicator as 8-byte values."""
    per_scenario = design.n_runs // len(design.scenarios)
    return sum(
        per_scenario * 12 * (sc.end - sc.start + 1) * (len(INDICATOR_NAMES) + 2) * 8
        for sc in design.scenarios
    )


@pytest.mark.parametrize(
    "raw",
    [
        {"outputs": {"series": True}},  # 4 points x 2 replicates, 2010-2012
        {"factors": None, "points": None, "replicates": 3, "outputs": {"series": True}},  # no factors
        {"set": {"scale": 0.01, "end_year": 2020}, "outputs": {"series": True}},
    ],
)
def test_the_disk_space_check_refuses_exactly_the_series_that_do_not_fit(tmp_path, monkeypatch, raw):
    """Series that fit the free space exactly are accepted (the memory check comes next: refused
    here on purpose, so nothing runs); one byte less free space and they are refused."""
    import psutil

    d = _small(**raw)
    need = _series_bytes(d)
    monkeypatch.setattr(psutil, "virtual_memory", lambda: _Mem(10**12, 1000))
    monkeypatch.setattr(shutil, "disk_usage", lambda path: _Usage(10**12, 0, need))
    with pytest.raises(ValueError, match=r"^memory:"):
        run_ensemble(d, tmp_path / "fits")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: _Usage(10**12, 0, need - 1))
    with pytest.raises(ValueError, match=r"^outputs\.series:"):
        run_ensemble(d, tmp_path / "short")


@pytest.mark.parametrize(
    ("replicates", "end_year", "runs", "gb"),
    [
        (20_000, 2012, "80,000", "1.3"),  # 80,000 runs x 36 months x 57 columns x 8 bytes = 1.31 GB
        (15_625, 2034, "62,500", "8.6"),  # 62,500 runs x 300 months x 57 x 8 = 8.55 GB: half rounds up
    ],
)
def test_the_disk_space_refusal_names_the_sizes_in_gb(tmp_path, monkeypatch, replicates, end_year, runs, gb):
    """The refusal names the series' bound and the free space in GB, one decimal, and the remedy."""
    d = _small(replicates=replicates, set={"scale": 0.01, "end_year": end_year}, outputs={"series": True})
    monkeypatch.setattr(shutil, "disk_usage", lambda path: _Usage(10**12, 0, 1_050_000_001))
    with pytest.raises(ValueError) as refused:
        run_ensemble(d, tmp_path / "o")
    message = str(refused.value)
    assert (
        f"need up to {gb} GB ({runs} runs, {len(INDICATOR_NAMES)} indicators a month) "
        "and 1.1 GB are free under" in message
    )
    assert message.endswith("keep reductions only (series = false) or free some space")


# --- warm-up -------------------------------------------------------------------------------------


def test_warm_up_runs_the_scenario_once_tiny(monkeypatch):
    """The warm-up (kernels compiled or loaded before worker processes need them) is one run of
    the scenario at the smallest scale, its first year only, without spin-up."""
    import regimesim.scenario
    from regimesim.parameters import BY_NAME

    calls = []
    monkeypatch.setattr(regimesim.scenario, "run", lambda sc, *args, **kw: calls.append(sc))
    base = _small().scenarios[0]
    warm_up(base)
    assert len(calls) == 1
    (tiny,) = calls
    assert tiny.scale == BY_NAME["scale"].low
    assert tiny.start == base.start and tiny.end == base.start
    assert tiny.params.spinup_years == 0
    assert tiny.schedules.keys() == base.schedules.keys()


# --- a design with a model -----------------------------------------------------------------------


def test_a_designs_model_gets_each_runs_factor_values_and_seed(tmp_path):
    """With a ``model``, each run's output row is what the model returns (as floats) for that
    run's factor values and replicate seed."""

    def model(point, seed):
        return {"y": point["pressure_escalation"] * 10 + point["build_up"], "s": seed % 1000}

    d = dataclasses.replace(_small(chunk_size=3), model=model)
    folder = run_ensemble(d, tmp_path / "o", workers=2)
    assert str(pd.read_parquet(folder / "outputs").run.dtype) == "int64"  # the run ids as written
    table = read_table(folder)
    assert list(table.run) == list(range(d.n_runs)) and str(table.run.dtype) == "int64"
    expected_y = table.pressure_escalation * 10 + table.build_up
    assert table.y.tolist() == pytest.approx(expected_y.tolist())
    assert table.s.tolist() == [float(s % 1000) for s in table.seed]
    assert table.y.dtype == float and table.s.dtype == float


# --- resume --------------------------------------------------------------------------------------


def test_resuming_another_design_names_both_hashes(tmp_path):
    """The refusal to resume another design's folder names the folder's hash and this one's."""
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "manifest.json").write_text(json.dumps({"design": "abc123", "chunk_size": 1}))
    d = _small()
    with pytest.raises(ValueError, match=f"hash abc123, this one {d.digest()}"):
        run_ensemble(d, tmp_path / "o", resume=True)


# --- the folder of a design with a model (no simulation: fast) ---------------------------------


def _model(point, seed):
    """A stand-in model: an output from the factors and a crossing year that only the
    high-escalation points reach."""
    high = point["pressure_escalation"] > 0.1
    return {
        "y": point["pressure_escalation"] * 10 + point["build_up"],
        "crossing_year": 2030.0 if high else np.nan,
    }


def _model_folder(tmp_path, **changes):
    path = tmp_path / "small.toml"
    import tomli_w

    path.write_text(tomli_w.dumps({**SMALL, **changes}))
    d = dataclasses.replace(load_design(path), model=_model)
    return d, path, run_ensemble(d, tmp_path / "o", workers=2)


def test_the_folder_holds_the_design_text_and_a_readable_manifest(tmp_path):
    """``design.toml`` is the design as given; ``manifest.json`` (indented JSON) names the
    design's hash, title, runs, chunking, factors, backend and provenance; no ``series`` folder
    without series; the parts hold the tables' columns only."""
    d, path, folder = _model_folder(tmp_path, chunk_size=3)
    assert (folder / "design.toml").read_text() == path.read_text()
    text = (folder / "manifest.json").read_text()
    manifest = json.loads(text)
    assert text == json.dumps(manifest, indent=2)
    assert {k: manifest[k] for k in ("design", "title", "n_runs", "chunk_size", "factors", "backend")} == {
        "design": d.digest(),
        "title": "small",
        "n_runs": 8,
        "chunk_size": 3,
        "factors": ["pressure_escalation", "build_up"],
        "backend": "threads",
    }
    assert manifest["provenance"]["seed"] == 11
    assert sorted(p.name for p in folder.iterdir()) == [
        "design.toml",
        "manifest.json",
        "outputs",
        "runs",
        "summary.parquet",
    ]
    for part in (folder / "outputs").iterdir():  # the parts hold the table's columns only
        assert pq.read_schema(part).names == ["run", "y", "crossing_year"]
    for table in ("runs", "outputs"):  # each folder reads as one table, indexed 0 .. n - 1
        pd.testing.assert_index_equal(pd.read_parquet(folder / table).index, pd.RangeIndex(8))


def test_read_table_joins_each_run_to_its_outputs_keeping_runs_without_outputs(tmp_path):
    """``read_table`` gives the runs table's columns then the outputs, one row per run, sorted by
    run; a run whose output part is missing (a run cut short) is kept, with NaN outputs."""
    _, _, folder = _model_folder(tmp_path, chunk_size=3)
    table = read_table(folder)
    runs = pd.read_parquet(folder / "runs")
    assert list(table.columns) == [*runs.columns, "y", "crossing_year"]
    assert list(table.run) == list(range(8))
    (folder / "outputs" / "part-00001.parquet").unlink()
    cut = read_table(folder)
    assert list(cut.run) == list(range(8))
    assert cut.y.isna().tolist() == [False] * 3 + [True] * 3 + [False] * 2


def test_the_summary_has_one_row_per_point_with_its_statistics(tmp_path):
    """The summary: scenario, point, the factor values, replicates, each value output's mean and
    quantiles, the crossing share and censored median -- and nothing else."""
    _, _, folder = _model_folder(tmp_path, replicates=3)
    summary = summarise(folder)
    assert list(summary.columns) == [
        "scenario",
        "point",
        "pressure_escalation",
        "build_up",
        "replicates",
        "y_mean",
        "y_q05",
        "y_q50",
        "y_q95",
        "crossed_share",
        "crossing_year_median",
    ]
    assert summary.point.tolist() == [0, 1, 2, 3] and (summary.replicates == 3).all()
    high = summary.pressure_escalation > 0.1
    assert summary.crossed_share.tolist() == [1.0 if h else 0.0 for h in high]
    assert summary.y_mean.tolist() == pytest.approx(
        (summary.pressure_escalation * 10 + summary.build_up).tolist()
    )


def test_the_summary_of_a_design_without_factors(tmp_path):
    """Without factors the summary has no factor columns: one row per scenario."""
    _, _, folder = _model_folder_without_factors(tmp_path)
    assert list(summarise(folder).columns) == [
        "scenario",
        "point",
        "replicates",
        "z_mean",
        "z_q05",
        "z_q50",
        "z_q95",
    ]


def _model_folder_without_factors(tmp_path):
    raw = {k: v for k, v in SMALL.items() if k not in ("factors", "points")}
    d = dataclasses.replace(design_from(raw), model=lambda point, seed: {"z": float(seed % 7)})
    return d, None, run_ensemble(d, tmp_path / "o", workers=1)


# --- run_design: compare's engine --------------------------------------------------------------


def test_run_design_yields_every_run_once_and_reports_progress_run_by_run(tmp_path):
    """run_design yields each run once, with the row the model gives, and reports progress
    after each run (``done, total``)."""
    d = dataclasses.replace(_small(), model=_model)
    seen, got = [], {}
    for k, outputs, series in run_design(
        d, workers=2, progress=lambda done, total: seen.append((done, total))
    ):
        assert k not in got and series is None
        got[k] = outputs
    assert sorted(got) == list(range(8))
    assert seen == [(n, 8) for n in range(1, 9)]
    for k, outputs in got.items():
        point, _ = d.point_of(k)
        assert outputs.run.tolist() == [k]
        assert outputs.y.iloc[0] == pytest.approx(point["pressure_escalation"] * 10 + point["build_up"])


def test_run_design_is_quiet_by_default_and_shows_a_bar_on_request(capsys):
    """No progress output unless asked; ``progress=True`` shows a bar labelled ``ensemble``."""
    d = dataclasses.replace(_small(), model=_model)
    assert len(list(run_design(d, workers=1))) == 8
    assert capsys.readouterr().err == ""
    assert len(list(run_design(d, workers=1, progress=True))) == 8
    err = capsys.readouterr().err
    assert re.search(r"(?<![A-Za-z])ensemble: +100%.* 8/8 \[[^\]]*[\d.](run/s|s/run)\]", err)
    assert err.endswith("\n")  # the ensemble bar stays on screen


def test_a_progress_bar_of_another_name_is_cleared_at_the_end(capsys):
    """A bar with its own label (compare's) is labelled so and removed when done."""
    d = dataclasses.replace(_small(), model=_model)
    assert len(list(run_design(d, workers=1, progress=True, desc="compare"))) == 8
    err = capsys.readouterr().err
    assert "compare: " in err and "ensemble" not in err
    assert not err.endswith("\n")


def test_a_resumed_ensembles_bar_starts_at_the_runs_already_done(tmp_path, capsys):
    """``run_ensemble(progress=True)`` shows a bar labelled ``ensemble``; resumed, it starts at
    the runs already written and ends at all of them."""
    d, _, folder = _model_folder(tmp_path, chunk_size=3)
    (folder / "outputs" / "part-00001.parquet").unlink()
    capsys.readouterr()
    run_ensemble(d, folder, resume=True, progress=True, workers=1)
    err = capsys.readouterr().err
    assert re.search(r"(?<![A-Za-z])ensemble: +62%.* 5/8 \[", err)
    assert re.search(r"(?<![A-Za-z])ensemble: +100%.* 8/8 \[[^\]]*[\d.](run/s|s/run)\]", err)


def test_run_design_runs_on_threads_one_run_a_chunk_with_one_worker_per_core(monkeypatch):
    """run_design runs on threads, with ``workers`` or one per CPU core (one if unknown), and its
    memory check counts one run a chunk and every run's series kept."""
    seen = {}
    real_executor = ensemble.executor

    def spy_memory(design, **kw):
        seen["memory"] = kw
        return {"total": 0}

    def spy_executor(backend, workers, scheduler):
        seen["executor"] = (backend, workers, scheduler)
        return real_executor(backend, workers, scheduler)

    monkeypatch.setattr(ensemble, "memory_estimate", spy_memory)
    monkeypatch.setattr(ensemble, "executor", spy_executor)
    d = dataclasses.replace(_small(), model=_model)
    for cores, workers, expected in [(3, None, 3), (None, None, 1), (3, 2, 2)]:
        monkeypatch.setattr(os, "cpu_count", lambda cores=cores: cores)
        list(run_design(d, workers=workers))
        assert seen["executor"] == ("threads", expected, None)
        assert seen["memory"] == {"workers": expected, "chunk_size": 1, "keep_series": True}


# --- the memory estimate, item by item -----------------------------------------------------------


@pytest.mark.parametrize(("set_", "years"), [({}, 3 + 5), ({"spinup_years": 2}, 3 + 2)])
def test_the_memory_estimate_counts_each_item_by_hand(set_, years):
    """Worked out by hand for the small design (8 runs, 2 factors, 3 output columns + run):
    an indicator table is 12 x (years + spin-up) months x (indicators + run + month) x 8 bytes;
    the finished chunks waiting are two a worker, of ``chunk_size`` runs (their tables with
    series, their output rows without); the runs table 5 + factors columns twice; the summary
    three copies of the output rows; the series every run's table."""
    from regimesim.ensemble import memory_estimate
    from regimesim.parameters import BY_NAME

    assert BY_NAME["spinup_years"].default == 5  # the default spin-up used above
    table = 12 * years * (len(INDICATOR_NAMES) + 2) * 8
    d = _small(set={"scale": 0.01, "end_year": 2012, **set_})
    est = memory_estimate(d, workers=3, chunk_size=5)
    assert est["chunks"] == 2 * 3 * 5 * 4 * 8
    assert est["runs_table"] == 8 * (5 + 2) * 8 * 2
    assert est["summary"] == 8 * 4 * 8 * 3
    assert est["workers"] == 0 and est["series"] == 0
    # a local Dask cluster's worker interpreters are this machine's memory as well
    assert memory_estimate(d, workers=2, backend="dask")["workers"] == 2 * ensemble.WORKER_BYTES
    with_series = _small(set={"scale": 0.01, "end_year": 2012, **set_}, outputs={"series": True})
    est = memory_estimate(with_series, workers=3, chunk_size=5, keep_series=True)
    assert est["chunks"] == 2 * 3 * 5 * table
    assert est["series"] == 8 * table
    longer = memory_estimate(_small(set={"scale": 0.01, "end_year": 2013, **set_}), workers=3)
    shorter = memory_estimate(d, workers=3)
    assert longer["runs"] - shorter["runs"] == pytest.approx(
        3 * 4 * 12 * (len(INDICATOR_NAMES) + 2) * 8, abs=3
    )


# --- run_ensemble's options ----------------------------------------------------------------------


def test_run_ensemble_reports_progress_once_a_chunk(tmp_path):
    """The progress callback hears ``(runs done, total)`` once per chunk written, and no more."""
    d = dataclasses.replace(_small(chunk_size=3), model=_model)
    seen = []
    run_ensemble(d, tmp_path / "o", workers=1, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(3, 8), (6, 8), (8, 8)]


def test_run_ensemble_names_itself_for_an_unknown_option(tmp_path):
    """A misspelt option is refused as Python refuses one, naming ``run_ensemble()``."""
    with pytest.raises(TypeError, match=r"^run_ensemble\(\) got an unexpected keyword argument 'bogus'"):
        run_ensemble(_small(), tmp_path / "o", bogus=1)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"workers": 2}, {"workers": 2, "backend": "threads", "scheduler": None, "chunk_size": 3}),
        (
            {"workers": 2, "backend": "dask", "scheduler": "tcp://127.0.0.1:1"},
            {"workers": 2, "backend": "dask", "scheduler": "tcp://127.0.0.1:1", "chunk_size": 3},
        ),
    ],
)
def test_run_ensembles_memory_check_sees_its_execution(tmp_path, monkeypatch, options, expected):
    """The memory check is given the workers, backend, scheduler and chunk size the runs will use
    (stopped there: nothing runs)."""
    seen = {}

    def spy(design, **kw):
        seen.update(kw)
        raise KeyboardInterrupt

    monkeypatch.setattr(ensemble, "memory_estimate", spy)
    with pytest.raises(KeyboardInterrupt):
        run_ensemble(_small(chunk_size=3), tmp_path / "o", **options)
    assert seen == expected


def test_a_chunk_of_model_jobs_gives_one_row_a_job(tmp_path):
    """A chunk run in this thread (mutmut maps only the tests' own thread to what they call):
    one row per ``(run, factor values, seed)`` job, in job order, run ids as int64, the model's
    values as floats."""
    from regimesim.ensemble import _run_chunk

    d = _small()
    jobs = [
        (5, {"pressure_escalation": 0.2, "build_up": 1}, 7),
        (6, {"pressure_escalation": 0.05, "build_up": 0}, 3),
    ]
    out, series = _run_chunk(jobs, d.outputs, lambda point, seed: {"y": point["build_up"], "s": seed})
    assert series is None
    assert out.to_dict("list") == {"run": [5, 6], "y": [1.0, 0.0], "s": [7.0, 3.0]}
    assert str(out.run.dtype) == "int64" and str(out.y.dtype) == "float64" and str(out.s.dtype) == "float64"
