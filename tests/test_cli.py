"""The command line: ``regimesim run`` writes a complete result folder, or nothing at all."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from regimesim.cli import main
from regimesim.indicators import NAMES

FAST = ["--set", "scale=0.02", "--set", "start_year=2018", "--until", "2022", "-q"]


def test_run_writes_indicators_parameters_provenance_and_figures(tmp_path):
    out = tmp_path / "run"
    assert main(["run", *FAST, "--seed", "4", "--set", "phase_out=0.6", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "indicators.parquet", "parameters.json", "provenance.json", "xcurve.png", "xcurve.svg",
    ]  # fmt: skip
    table = pd.read_parquet(out / "indicators.parquet")
    assert len(table) == 5 * 12
    assert set(NAMES) <= set(table.columns)
    assert {"regime_phase", "niche_phase"} <= set(table.columns)
    params = json.loads((out / "parameters.json").read_text())
    assert params["phase_out"] == 0.6 and params["end_year"] == 2022 and params["scale"] == 0.02
    prov = json.loads((out / "provenance.json").read_text())
    assert prov["seed"] == 4 and prov["overrides"]["phase_out"] == 0.6
    assert prov["regimesim_version"]
    assert (out / "xcurve.svg").read_text().lstrip().startswith("<?xml")
    assert (out / "xcurve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_default_output_goes_to_a_new_folder_under_results(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["run", *FAST]) == 0
    assert main(["run", *FAST]) == 0
    runs = sorted((tmp_path / "results").iterdir())
    assert len(runs) == 2  # a second run never overwrites the first
    assert all((r / "indicators.parquet").exists() for r in runs)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--set", "phase_oot=0.5"], "Did you mean 'phase_out'"),
        (["--set", "phase_out=1.5"], "[0, 1]"),
        (["--set", "phase_out"], "name=value"),
        (["--set", "scale=tiny"], "'scale' must be a number"),
        (["--until", "2005"], "end_year"),
        (["--seed", "-3"], "--seed"),
    ],
)
def test_bad_input_is_one_clear_error_and_writes_nothing(tmp_path, monkeypatch, capsys, args,
                                                          fragment):  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert main(["run", *args, "--out", "results/x"]) == 2
    err = capsys.readouterr().err
    assert fragment in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_refuses_to_overwrite_a_non_empty_folder(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine")
    assert main(["run", *FAST, "--out", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_parameters_lists_every_lever(capsys):
    assert main(["parameters", "--kind", "lever"]) == 0
    text = capsys.readouterr().out
    for lever in ("build_up", "phase_out", "rebuild", "build_on", "societal_dialogue"):
        assert lever in text
