"""Command-line flags, provenance and scenario checks (issue 8, "Hardening"), table-driven.

Every case runs the command line in-process at the smallest scale and a short horizon.
"""

from __future__ import annotations

import json
import re
import shutil

import numpy as np
import pandas as pd
import pytest

from regimesim import cli
from regimesim.cli import common, main
from regimesim.parameters import BY_NAME, make_parameters
from regimesim.scenario import MAX_SEED, Scenario, ScenarioError, library_dir, run

LOW = BY_NAME["scale"].low
SCEN = f"""\
title = "Flags test"
scale = {LOW}
seed = 5
[horizon]
start = 2018
end = 2022
[levers]
phase_out = [{{ from = "2020-01", intensity = 0.5 }}]
learning_infrastructure = {{ points = [["2019-01", 0.3], ["2020-01", 0.6]] }}
"""


@pytest.fixture
def scen(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text(SCEN)
    return f


def _rounded(x):
    """``x`` with every float rounded to 12 digits (0.3 / 0.6 * 0.3 is not exactly 0.15)."""
    if isinstance(x, float):
        return round(x, 12)
    if isinstance(x, list):
        return [_rounded(v) for v in x]
    if isinstance(x, dict):
        return {k: _rounded(v) for k, v in x.items()}
    return x


def _cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# --- lever flags: intensity keeps the file's timing; explicit ways to replace or move -------------

STEP = [{"from": "2020-01", "intensity": 0.5}]


@pytest.mark.parametrize(
    ("flags", "lever", "expected", "warning"),
    [
        # the README's example: scale the schedule to peak at 0.8, the start (2020) kept
        (["--set", "phase_out=0.8"], "phase_out", [{"from": "2020-01", "intensity": 0.8}], None),
        # a staircase keeps its shape: 0.3, 0.6 scaled to peak at 0.3 is 0.15, 0.3
        (
            ["--set", "learning_infrastructure=0.3"],
            "learning_infrastructure",
            [{"from": "2019-01", "to": "2020-01", "intensity": 0.15}, {"from": "2020-01", "intensity": 0.3}],
            None,
        ),
        # replacing the schedule is explicit: a step from the month given
        (["--set", "phase_out=0.8@2021-07"], "phase_out", [{"from": "2021-07", "intensity": 0.8}], None),
        # moving it is the sweep key's twin
        (["--set", "phase_out.from=2021"], "phase_out", [{"from": "2021-01", "intensity": 0.5}], None),
        (
            ["--set", "phase_out=0.8", "--set", "phase_out.from=2021-07"],
            "phase_out",
            [{"from": "2021-07", "intensity": 0.8}],
            None,
        ),
        # a lever the file does not schedule: held all run, and the user is told how to start later
        (["--set", "build_up=0.4"], "build_up", 0.4, "does not schedule build_up"),
        # untouched levers stay as the file has them
        (["--set", "reflex_risk=0.1"], "phase_out", STEP, None),
    ],
)
def test_lever_flags_keep_or_replace_the_schedule_as_documented(
    tmp_path, scen, capsys, flags, lever, expected, warning
):
    out = tmp_path / "out"
    code, _, err = _cli(capsys, "run", scen, "-q", *flags, "--out", out)
    assert code == 0, err
    ran = Scenario.load(out / "scenario.toml").to_dict()["levers"]
    assert _rounded(ran[lever]) == _rounded(expected)
    if warning:
        assert warning in err and f"--set {lever}=0.4@" in err
    else:
        assert "warning" not in err


@pytest.mark.compiled_only
def test_the_readme_example_keeps_history(tmp_path, capsys):
    """``run full_mix --set phase_out=0.8``: the same months as the file before 2027."""
    base = ["run", "full_mix", "-q", "--set", f"scale={LOW}", "--set", "start_year=2024", "--until", "2028"]
    assert _cli(capsys, *base, "--out", tmp_path / "a")[0] == 0
    assert _cli(capsys, *base, "--set", "phase_out=0.8", "--out", tmp_path / "b")[0] == 0
    a, b = (pd.read_parquet(tmp_path / d / "indicators.parquet") for d in "ab")
    before = a.index < "2027-01-01"
    pd.testing.assert_frame_equal(a[before], b[before])  # history unchanged
    assert not a[~before].equals(b[~before])  # the stronger phase-out acts from 2027
    assert Scenario.load(tmp_path / "b" / "scenario.toml").schedules["phase_out"].segments[0].start == 2027


# --- provenance records every override as given and as applied ----------------------------------


@pytest.mark.parametrize(
    ("flags", "given", "applied"),
    [
        (["--seed", "3"], {"--seed": 3}, {"seed": {"scenario": 5, "run": 3}}),
        (["--until", "2021"], {"--until": 2021}, {"horizon.end": {"scenario": 2022, "run": 2021}}),
        (
            ["--set", "reflex_risk=0.1"],
            {"--set": ["reflex_risk=0.1"]},
            {"parameters.reflex_risk": {"scenario": None, "run": 0.1}},
        ),
        (
            ["--set", "phase_out=0.8"],
            {"--set": ["phase_out=0.8"]},
            {"levers.phase_out": {"scenario": STEP, "run": [{"from": "2020-01", "intensity": 0.8}]}},
        ),
        (
            ["--seed", "3", "--set", f"scale={2 * LOW}", "--until", "2021"],
            {"--seed": 3, "--set": [f"scale={2 * LOW}"], "--until": 2021},
            {
                "seed": {"scenario": 5, "run": 3},
                "scale": {"scenario": LOW, "run": 2 * LOW},
                "horizon.end": {"scenario": 2022, "run": 2021},
            },
        ),
        ([], {}, {}),
    ],
)
def test_provenance_records_the_flags_as_given_and_as_applied(tmp_path, scen, capsys, flags, given, applied):
    out = tmp_path / "out"
    assert _cli(capsys, "run", scen, "-q", *flags, "--out", out)[0] == 0
    record = json.loads((out / "provenance.json").read_text())["command_line"]
    assert record == {"given": given, "applied": applied}


def test_compare_provenance_records_the_flags(tmp_path, scen, capsys):
    out = tmp_path / "cmp"
    code, _, err = _cli(
        capsys,
        "compare",
        scen,
        "--seeds",
        "1",
        "--year",
        "2020",
        "--workers",
        "1",
        "--set",
        "phase_out=0.8",
        "-q",
        "--out",
        out,
    )
    assert code == 0, err
    record = json.loads((out / "provenance.json").read_text())["command_line"]
    assert record["given"] == {"--set": ["phase_out=0.8"], "--seeds": 1, "--year": 2020, "--workers": 1}
    assert record["applied"]["s"]["levers.phase_out"]["run"] == [{"from": "2020-01", "intensity": 0.8}]


# --- mistakes: one clear line naming the flag and what to do, nothing written ---------------------


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["run", "--set", "seed=3"], ["'seed' is not a parameter", "--seed N"]),
        (["run", "--set", "until=2030"], ["'until' is not a parameter", "--until YEAR"]),
        (["compare", "--set", "seed=3", "--seeds", "1"], ["'seed' is not a parameter", "--seeds N"]),
        (["run", "--seed", str(10**30)], ["--seed", "2**63"]),
        (["run", "--seed", str(2**63)], ["--seed", "2**63"]),
        (["run", "--set", "phase_out=0.8@2030-13"], ["--set phase_out=0.8@2030-13", "months run 1..12"]),
        (["run", "--set", "phase_out=1.2@2030"], ["--set phase_out=1.2@2030", "[0, 1]"]),
        (["run", "--set", "phase_out=high"], ["--set phase_out=high", "@2030-01"]),
        (
            ["run", "--set", "build_up.from=2021"],
            ["--set build_up.from=2021", "has no start to move", "@2021"],
        ),
        (["run", "--set", "phase_out=0.8@2021", "--set", "phase_out.from=2019"], ["give one"]),
        (["run", "--until", "2021", "--set", "end_year=2022"], ["--until 2021", "give one"]),
        (["run", "--set", "reflex_risk=9"], ["--set reflex_risk", "reflex_risk", "allowed range"]),
        (["run", "--until", "2005"], ["--until: 2005 is before", "2018"]),
        (["run", "--set", "end_year=2005"], ["--set end_year: 2005 is before"]),
    ],
)
def test_bad_flags_are_one_clear_error_and_write_nothing(
    tmp_path, scen, capsys, monkeypatch, args, fragments
):
    monkeypatch.chdir(tmp_path)
    code, _, err = _cli(capsys, args[0], scen, *args[1:], "-q", "--out", "results/x")
    assert code == 2
    assert err.count("\n") == 1 and all(f in err for f in fragments), err
    assert not (tmp_path / "results").exists()


@pytest.mark.parametrize(
    "flags",
    [
        ["--set", "phase_out=0.3"],
        ["--set", "phase_out.from=2021"],
        ["--set", "phase_out=0.3@2021"],
        ["--set", "reflex_risk=0.1"],
    ],
)
def test_a_flag_that_a_sweep_also_sets_is_refused(tmp_path, capsys, flags):
    f = tmp_path / "sw.toml"
    f.write_text(
        SCEN + '[sweep]\nphase_out = [0.2, 0.9]\n"phase_out.from" = [2019, 2020]\n'
        "reflex_risk = [0.01, 0.02]\n"
    )
    code, _, err = _cli(capsys, "run", f, "-q", *flags, "--out", tmp_path / "x")
    assert code == 2 and "conflicts with the sweep" in err and not (tmp_path / "x").exists()


# --- seeds: 0 <= seed < 2**63 everywhere ------------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "ok"), [(0, True), (MAX_SEED, True), (2**63, False), (10**30, False), (-1, False)]
)
def test_seeds_are_limited_to_what_toml_and_numpy_hold(tmp_path, capsys, seed, ok):
    f = tmp_path / "s.toml"
    f.write_text(SCEN.replace("seed = 5", f"seed = {seed}"))
    sweep = tmp_path / "sw.toml"
    sweep.write_text(SCEN + f"[sweep]\nseed = [1, {seed}]\n")
    code, _, err = _cli(capsys, "check", f, sweep)
    assert (code == 0) == ok, err
    if ok:
        s = Scenario.load(f)
        assert Scenario.load(s.dump(tmp_path / "again.toml")).seed == seed  # written and read back
        assert run(s.with_parameters(end_year=2018), seed=seed).seed == seed
    else:
        assert "2**63" in err or "non-negative" in err
        with pytest.raises(ScenarioError, match=r"2\*\*63"):
            Scenario(title="t", seed=seed)
        with pytest.raises(ScenarioError, match=r"2\*\*63"):
            run(Scenario(title="t", scale=LOW, end=2010), seed=seed)


# --- the declared scale range is what is accepted --------------------------------------------------


@pytest.mark.parametrize(("scale", "ok"), [(LOW, True), (LOW * 0.99, False), (0.005, False)])
def test_the_declared_scale_range_is_what_is_accepted(tmp_path, capsys, scale, ok):
    if ok:
        assert make_parameters(scale=scale).scale == scale
        assert Scenario(title="t", scale=scale).scale == scale
    else:
        with pytest.raises(ValueError, match=rf"outside its allowed range \[{LOW:g}, 1\]"):
            make_parameters(scale=scale)
    code, _, err = _cli(
        capsys,
        "run",
        "-q",
        "--set",
        f"scale={scale}",
        "--set",
        "start_year=2018",
        "--until",
        "2018",
        "--out",
        tmp_path / "x",
    )
    assert (code == 0) == ok, err
    assert _cli(capsys, "parameters", "--kind", "structural")[1].count(f"[{LOW:g}, 1]") == 1


# --- levers and events outside the horizon: a warning, not an error --------------------------------

HEAD = f'title = "t"\nscale = {LOW}\n[horizon]\nstart = 2018\nend = 2022\n'


@pytest.mark.parametrize(
    ("body", "fragments"),
    [
        ("", []),
        ('[levers]\nbuild_up = [{ from = "2020-01", intensity = 0.5 }]\n', []),
        (
            '[levers]\nbuild_up = [{ from = "2030-01", intensity = 0.5 }]\n',
            ["levers.build_up", "2030-01", "wholly after", "no effect"],
        ),
        (
            '[levers]\nbuild_up = [{ from = "2015-01", to = "2017-01", intensity = 0.5 }]\n',
            ["levers.build_up", "wholly before", "no effect"],
        ),
        (
            '[levers]\nbuild_up = [{ from = "2015-01", intensity = 0.5 }]\n',
            ["levers.build_up", "starts before", "in force from 2018-01"],
        ),
        (
            '[[events]]\nkind = "trust_shock"\nat = "2030-03"\nsize = 0.1\n',
            ["trust_shock at 2030-03", "wholly after"],
        ),
        (
            '[[events]]\nkind = "trust_shock"\nat = "2017-12"\nsize = 0.1\n',
            ["trust_shock at 2017-12", "before"],
        ),
        (
            '[[events]]\nkind = "labour_shortage"\nfrom = "2023-01"\nsize = 0.1\n',
            ["labour_shortage", "after"],
        ),
        ('[[events]]\nkind = "publicised_incidents"\nat = "2022-12"\n', []),
        (
            '[levers]\nbuild_up = [{ from = "2020-01", intensity = 0.5 }]\n[sweep]\n'
            '"build_up.from" = ["2019-01", "2024-01"]\n',
            ["build_up.from=2024-01", "wholly after"],
        ),
    ],
)
def test_check_warns_about_levers_and_events_outside_the_horizon(tmp_path, capsys, body, fragments):
    f = tmp_path / "h.toml"
    f.write_text(HEAD + body)
    code, out, err = _cli(capsys, "check", f)
    assert code == 0 and out.startswith("ok:")
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert len(warnings) == (1 if fragments else 0), err
    assert all(fr in err for fr in fragments), err


def test_run_warns_when_until_cuts_off_the_levers(tmp_path, capsys):
    code, _, err = _cli(
        capsys,
        "run",
        "build_up_only",
        "-q",
        "--set",
        f"scale={LOW}",
        "--set",
        "start_year=2018",
        "--until",
        "2019",
        "--out",
        tmp_path / "x",
    )
    assert code == 0 and "warning: build_up_only: levers.build_up" in err and "no effect" in err


# --- extends names a file beside the scenario, else a library scenario -----------------------------


@pytest.mark.parametrize(
    ("extends", "beside", "name", "expected_title"),
    [
        ("history", None, "mine.toml", "History: 2010 to today"),
        ("history.toml", None, "mine.toml", "History: 2010 to today"),
        ("history.toml", "Local history", "mine.toml", "Local history"),  # a file beside it wins
        ("history", None, "history.toml", "History: 2010 to today"),  # a copy named like its base
    ],
)
def test_extends_resolves_a_library_name(tmp_path, extends, beside, name, expected_title):
    if beside:
        (tmp_path / "history.toml").write_text(f'title = "{beside}"\n')
    f = tmp_path / name
    f.write_text(f'extends = "{extends}"\n[parameters]\nreflex_risk = 0.1\n')
    s = Scenario.load(f)
    assert dict(s.parameters)["reflex_risk"] == 0.1
    base = Scenario.load(tmp_path / "history.toml" if beside else library_dir() / "history.toml")
    assert base.title == expected_title and (s.start, s.end) == (base.start, base.end)


@pytest.mark.parametrize("name", ["full_mix", "sweep_example", "risk_reflex", "learning_infrastructure"])
def test_a_copied_library_scenario_checks(tmp_path, capsys, name):
    shutil.copy(library_dir() / f"{name}.toml", tmp_path / f"my_{name}.toml")
    code, _, err = _cli(capsys, "check", tmp_path / f"my_{name}.toml")
    assert code == 0, err
    assert Scenario.load(tmp_path / f"my_{name}.toml") == Scenario.load(library_dir() / f"{name}.toml")


def test_extends_of_an_unknown_name_suggests_the_library(tmp_path, capsys):
    f = tmp_path / "bad.toml"
    f.write_text('extends = "histroy"\ntitle = "t"\n')
    code, _, err = _cli(capsys, "check", f)
    assert code == 2 and "Did you mean 'history'" in err and "(line 1)" in err


# --- compare: an outcome year outside the horizons suggests --year -------------------------------


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["history", "no_proeftuinen"], ["2035 (the default)", "--year YYYY", "from 2010 to 2026"]),
        (["history", "--year", "2009"], ["2009 lies outside", "--year YYYY", "from 2010 to 2026"]),
    ],
)
def test_compare_suggests_year_when_the_outcome_year_is_outside(tmp_path, capsys, args, fragments):
    code, _, err = _cli(capsys, "compare", *args, "--seeds", "1", "-q", "--out", tmp_path / "x")
    assert code == 2 and err.count("\n") == 1 and all(f in err for f in fragments), err


# --- many runs: an estimate, and --yes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "extra", "threshold", "yes", "runs", "code"),
    [
        ("run", "[sweep]\nseed = [{}]\n".format(", ".join(map(str, range(51)))), None, False, 51, 2),
        ("compare", "", None, False, 51, 2),
        ("run", "[sweep]\nseed = [1, 2, 3]\n", 2, False, 3, 2),
        # the cases that run (the refusals above run nothing and stay in the pure-Python pass)
        pytest.param("run", "[sweep]\nseed = [1, 2, 3]\n", 2, True, 3, 0, marks=pytest.mark.compiled_only),
        pytest.param("run", "[sweep]\nseed = [1, 2, 3]\n", 3, False, 3, 0, marks=pytest.mark.compiled_only),
        pytest.param("compare", "", 2, True, 3, 0, marks=pytest.mark.compiled_only),
    ],
)
def test_many_runs_show_an_estimate_and_need_yes(
    tmp_path, capsys, monkeypatch, command, extra, threshold, yes, runs, code
):
    if threshold is not None:
        monkeypatch.setattr(common, "CONFIRM_RUNS", threshold)
    f = tmp_path / "s.toml"
    f.write_text(SCEN + extra)
    out = tmp_path / "out"
    args = ["--seeds", str(runs), "--year", "2020", "--workers", "1"] if command == "compare" else []
    got, _, err = _cli(capsys, command, f, "-q", *args, *(["--yes"] if yes else []), "--out", out)
    assert got == code, err
    if code == 2:
        assert f"{runs:,} runs" in err and "--yes" in err and "roughly" in err
        assert not out.exists()
    else:
        assert out.is_dir()


# --- "no crossing" is NaN in every output ------------------------------------------------------------


@pytest.fixture(scope="module")
def no_crossing(tmp_path_factory):
    out = tmp_path_factory.mktemp("cmp") / "out"
    assert (
        main(
            [
                "compare",
                "history",
                "--seeds",
                "2",
                "--year",
                "2019",
                "--set",
                f"scale={LOW}",
                "--set",
                "start_year=2018",
                "--until",
                "2020",
                "--workers",
                "1",
                "-q",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    return out


def _outcomes(out):
    return pd.read_parquet(out / "outcomes.parquet")["crossing_year"].to_numpy()


def _summary(out):
    df = pd.read_parquet(out / "summary.parquet")
    return df.loc[df["outcome"] == "crossing_year", ["median", "low", "high"]].to_numpy().ravel()


def _text(name):
    return lambda out: (out / name).read_text()


def _no_inf_word(text):
    return re.search(r"\binf", text, re.I) is None


@pytest.mark.parametrize(
    ("reader", "check"),
    [
        (_outcomes, lambda v: np.isnan(v).all()),
        (_summary, lambda v: np.isnan(v).all()),  # median, low and high: after the horizon
        (_text("summary.csv"), lambda t: "none by 2020 (0/2 cross)" in t and _no_inf_word(t)),
        (_text("report.html"), lambda t: "none by 2020 (0/2 cross)" in t and _no_inf_word(t)),
    ],
)
def test_no_crossing_is_nan_in_every_output(no_crossing, reader, check):
    assert check(reader(no_crossing))


@pytest.mark.parametrize(
    ("years", "nan"),  # which of median, low, high are "after the horizon"
    [
        ([2040.0, np.nan, np.nan, np.nan], (True, True, True)),
        ([2040.0 + 0.1 * k for k in range(19)] + [np.nan], (False, False, True)),
        ([np.nan] * 4, (True, True, True)),
        ([2040.0, 2041.0, 2042.0, 2043.0], (False, False, False)),
    ],
)
def test_the_summary_encodes_a_censored_crossing_as_nan(years, nan):
    from regimesim.compare import Comparison

    outcomes = pd.DataFrame({"scenario": "a", "seed": range(len(years)), "crossing_year": years})
    sc = Scenario(title="a", name="a", start=2026, end=2060)
    r = Comparison([sc], list(range(len(years))), 2035, (2026, 2060), pd.DataFrame(), outcomes).summary()
    got = r.loc[0, ["median", "low", "high"]].to_numpy(dtype=float)
    assert tuple(np.isnan(got)) == nan and not np.isinf(got).any()


# --- after review: abbreviations, hints per command, the prompt, estimates, defaults as given ------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["compare", "--seed", "3"], "--seed"),  # must not quietly mean --seeds
        (["run", "--unt", "2020"], "--unt"),  # must not quietly mean --until
    ],
)
def test_flags_are_not_abbreviated(tmp_path, scen, capsys, monkeypatch, args, fragment):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main([args[0], str(scen), *args[1:], "-q", "--out", "results/x"])
    assert exc.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err
    assert not (tmp_path / "results").exists()


@pytest.mark.parametrize(
    ("command", "name", "hint"),
    [
        ("run", "year", "regimesim compare --year"),
        ("compare", "until", "--until YEAR"),
        ("run", "until", "--until YEAR"),
    ],
)
def test_a_flag_hint_names_a_flag_the_command_has(tmp_path, scen, capsys, command, name, hint):
    code, _, err = _cli(capsys, command, scen, "--set", f"{name}=2030", "-q", "--out", tmp_path / "x")
    assert code == 2 and hint in err, err


@pytest.mark.parametrize(("typed", "code"), [(EOFError, 2), ("n", 2), ("", 2), ("y", 0)])
def test_the_prompt_takes_ctrl_d_as_no(tmp_path, capsys, monkeypatch, typed, code):
    f = tmp_path / "s.toml"
    f.write_text(SCEN + "[sweep]\nseed = [1, 2, 3]\n")
    monkeypatch.setattr(common, "CONFIRM_RUNS", 2)
    monkeypatch.setattr(cli.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(cli.sys.stdout, "isatty", lambda: True, raising=False)

    def answer(prompt):
        if typed is EOFError:
            raise EOFError
        return typed

    monkeypatch.setattr("builtins.input", answer)
    got, _, err = _cli(capsys, "run", f, "-q", "--out", tmp_path / "out")
    assert got == code, err
    assert "Traceback" not in err
    assert (tmp_path / "out").is_dir() == (code == 0)


def test_the_estimate_counts_what_each_run_writes():
    sc = Scenario.load(library_dir() / "history.toml")
    runs, bare = common.estimate([sc] * 60)
    _, written = common.estimate([sc] * 60, written_each=common.WRITE_RUN_S)
    assert runs == 60 and written == pytest.approx(bare + 60 * common.WRITE_RUN_S)
    _, compared = common.estimate([sc] * 3, 20, 2, written_once=common.WRITE_COMPARE_S)
    assert compared == pytest.approx(common.estimate([sc] * 3, 20, 2)[1] + common.WRITE_COMPARE_S)


def test_compare_records_seeds_only_when_given(tmp_path, scen, capsys, monkeypatch):
    monkeypatch.setattr(common, "DEFAULT_SEEDS", 1)  # keep the default run short
    out = tmp_path / "cmp"
    code, _, err = _cli(capsys, "compare", scen, "--year", "2020", "--workers", "1", "-q", "--out", out)
    assert code == 0, err
    prov = json.loads((out / "provenance.json").read_text())
    assert "--seeds" not in prov["command_line"]["given"]
    assert prov["command_line"]["given"] == {"--year": 2020, "--workers": 1}


@pytest.mark.parametrize("where", [".", "..", ""])
def test_out_may_not_be_the_current_folder_or_above(tmp_path, scen, capsys, monkeypatch, where):
    here = tmp_path / "empty"
    here.mkdir()
    monkeypatch.chdir(here)
    target = where or str(here)
    code, _, err = _cli(capsys, "run", scen, "-q", "--out", target)
    assert code == 2 and "current folder" in err, err
    assert here.is_dir() and not any(here.iterdir())
