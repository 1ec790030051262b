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
        "indicators.parquet",
        "parameters.json",
        "provenance.json",
        "scenario.toml",
        "xcurve.png",
        "xcurve.svg",
    ]
    table = pd.read_parquet(out / "indicators.parquet")
    assert len(table) == 5 * 12
    assert set(NAMES) <= set(table.columns)
    assert {"regime_phase", "niche_phase"} <= set(table.columns)
    params = json.loads((out / "parameters.json").read_text())
    assert params["end_year"] == 2022 and params["scale"] == 0.02 and params["start_year"] == 2018
    assert "phase_out" not in params  # levers are schedules, recorded with the scenario
    prov = json.loads((out / "provenance.json").read_text())
    assert prov["seed"] == 4 and prov["levers"]["phase_out"] == 0.6 and prov["levers"]["rebuild"] == 0.0
    assert prov["non_default_parameters"]["scale"] == 0.02 and prov["events"][0]["kind"] == "decentralisation"
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
        (["--until", "2005"], "--until: 2005 is before horizon.start"),
        (["--seed", "-3"], "--seed"),
    ],
)
def test_bad_input_is_one_clear_error_and_writes_nothing(tmp_path, monkeypatch, capsys, args, fragment):
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


# --- scenarios on the command line -----------------------------------------------------------------

SCEN = """\
title = "CLI test"
scale = 0.02
seed = 5
[horizon]
start = 2018
end = 2022
[levers]
phase_out = [{ from = "2020-01", intensity = 0.5 }]
"""


@pytest.mark.compiled_only
def test_run_a_scenario_file_and_flags_override_it(tmp_path):
    from regimesim.scenario import Scenario

    f = tmp_path / "s.toml"
    f.write_text(SCEN)
    out = tmp_path / "a"
    assert main(["run", str(f), "-q", "--out", str(out)]) == 0
    ran = Scenario.load(out / "scenario.toml")
    assert ran == Scenario.load(f)
    assert json.loads((out / "provenance.json").read_text())["seed"] == 5
    out2 = tmp_path / "b"
    assert (
        main(
            [
                "run",
                str(f),
                "-q",
                "--seed",
                "6",
                "--until",
                "2021",
                "--set",
                "phase_out=0.8",
                "--set",
                "reflex_risk=0.1",
                "--out",
                str(out2),
            ]
        )
        == 0
    )
    ran2 = Scenario.load(out2 / "scenario.toml")
    assert (ran2.seed, ran2.end, dict(ran2.parameters)["reflex_risk"]) == (6, 2021, 0.1)
    (seg,) = ran2.schedules["phase_out"].segments  # the file's step from 2020, now at 0.8
    assert (seg.start, seg.intensity, ran2.schedules["phase_out"].base) == (2020.0, 0.8, 0.0)
    assert len(pd.read_parquet(out2 / "indicators.parquet")) == 4 * 12


@pytest.mark.compiled_only
def test_run_defaults_to_the_history_scenario(tmp_path):
    out = tmp_path / "h"
    assert main(["run", "--set", "scale=0.01", "-q", "--out", str(out)]) == 0
    prov = json.loads((out / "provenance.json").read_text())
    assert prov["scenario"] == "history" and prov["scenario_file"] == "history.toml"
    assert len(pd.read_parquet(out / "indicators.parquet")) == (2026 - 2010 + 1) * 12


@pytest.mark.compiled_only
def test_run_a_sweep_writes_one_folder_a_variant(tmp_path):
    f = tmp_path / "sw.toml"
    f.write_text(SCEN + "[sweep]\nphase_out = [0.2, 0.9]\nseed = [1, 2]\n")
    out = tmp_path / "sw"
    assert main(["run", str(f), "-q", "--out", str(out)]) == 0
    index = pd.read_csv(out / "variants.csv")
    assert len(index) == 4 and sorted(index["folder"]) == [f"variant-0{i}" for i in range(1, 5)]
    firsts = {
        float(pd.read_parquet(out / d / "indicators.parquet")["niche_share"].sum()) for d in index["folder"]
    }
    assert len(firsts) == 4  # four different runs


def test_scenarios_lists_the_library_one_line_each(capsys):
    from regimesim.scenario import library_files

    assert main(["scenarios"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(library_files())
    assert any(line.startswith("history ") and "(default)" in line for line in lines)
    assert any(line.startswith("sweep_example ") and "9 variants" in line for line in lines)


def test_check_validates_without_running_or_writing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.toml").write_text(SCEN)
    (tmp_path / "bad.toml").write_text(SCEN.replace("phase_out", "phase_ot"))
    assert main(["check", "ok.toml", "full_mix"]) == 0
    out = capsys.readouterr().out
    assert "ok: ok.toml: CLI test (2018-2022" in out and "ok: full_mix" in out
    assert main(["check", "bad.toml"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.toml (line 8): levers.phase_ot" in err and "'phase_out'" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml", "ok.toml"]


@pytest.mark.parametrize("command", ["run", "compare"])
def test_a_bad_scenario_writes_nothing(tmp_path, capsys, command):
    bad = tmp_path / "bad.toml"
    bad.write_text(SCEN.replace("intensity = 0.5", "intensity = 5"))
    out = tmp_path / "out"
    args = [command, str(bad), "-q", "--out", str(out)] + (["--seeds", "2"] if command == "compare" else [])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "levers.phase_out[0].intensity" in err and "[0, 1]" in err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]


def test_a_seed_sweep_and_seed_flags_do_not_mix(tmp_path, capsys):
    f = tmp_path / "s.toml"
    f.write_text(SCEN + "[sweep]\nseed = [1, 2]\n")
    assert main(["run", str(f), "-q", "--seed", "3", "--out", str(tmp_path / "a")]) == 2
    assert "conflicts with the sweep over seed" in capsys.readouterr().err
    assert main(["compare", str(f), "-q", "--seeds", "2", "--out", str(tmp_path / "b")]) == 2
    assert "sweeps the seed" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.toml"]


def test_an_out_folder_under_a_file_is_refused_before_running(tmp_path, capsys):
    (tmp_path / "afile").write_text("x")
    assert main(["run", "--set", "scale=0.01", "-q", "--out", str(tmp_path / "afile" / "x")]) == 2
    assert "is not a folder you can write to" in capsys.readouterr().err
