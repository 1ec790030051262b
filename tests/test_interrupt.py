"""Interrupted or killed, ``regimesim run`` and ``compare`` leave no half-written result behind.

- SIGKILL at any point of the write phase leaves nothing under the ``--out`` name; a file with its
  final name is always complete; the next run into the same parent removes the leftover.
- SIGINT and SIGTERM end a run with exit status 130 and 143, one line on stderr and no debris.
- ``--out`` is checked (created and removed once) before anything runs; outputs honour the umask.

The kills happen in a subprocess: a small wrapper counts the files :func:`regimesim._output.save`
writes and kills its own process after (or while writing) the k-th, then calls ``main``.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from regimesim import _output
from regimesim.cli import main

FAST = ["--set", "scale=0.01", "--set", "start_year=2018", "--until", "2019", "-q"]
COMPARE = ["compare", "history", "--seeds", "1", "--workers", "1", "--year", "2019", *FAST]
RUN_FILES = 6  # indicators.parquet parameters.json provenance.json scenario.toml xcurve.png xcurve.svg
COMPARE_FILES = 11  # 4 tables, 1 scenario, provenance, 2 figures x (png, svg), report.html

WRAPPER = r"""
import io, json, os, signal, sys, time

cfg = json.loads(sys.argv[1])
signal.signal(signal.SIGINT, signal.default_int_handler)  # even if the test runner ignores it
if "save" in cfg:
    from regimesim import _output

    real_save, count = _output.save, [0]

    def save(path, content):
        count[0] += 1
        how, k = cfg["save"]
        if how == "kill_in" and count[0] == k:  # killed with this file half written
            buf = io.BytesIO()
            if callable(content):
                content(buf)
            else:
                buf.write(content.encode() if isinstance(content, str) else content)
            data = buf.getvalue()

            def half(fh):
                fh.write(data[: len(data) // 2])
                fh.flush()
                os.kill(os.getpid(), signal.SIGKILL)

            return real_save(path, half)
        out = real_save(path, content)
        if count[0] == k:
            if how == "kill_after":
                os.kill(os.getpid(), signal.SIGKILL)
            print("writing", flush=True)  # how == "wait_after": the test signals us now
            time.sleep(300)
        return out

    _output.save = save
if cfg.get("simulate_forever"):
    import regimesim.scenario as scenario

    real_run = scenario.run

    def run(*args, **kwargs):
        print("simulating", flush=True)
        while True:
            real_run(*args, **kwargs)

    scenario.run = run
from regimesim.cli import main

sys.exit(main(cfg["argv"]))
"""


def _start(cfg: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRAPPER, json.dumps(cfg)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _complete(path: Path) -> bool:
    """Whether a result file is whole (each format's end marker, or it parses)."""
    data = path.read_bytes()
    match path.suffix:
        case ".png":
            return data.startswith(b"\x89PNG") and data.endswith(b"IEND\xaeB`\x82")
        case ".svg":
            return data.rstrip().endswith(b"</svg>")
        case ".html":
            return data.rstrip().endswith(b"</html>")
        case ".json":
            json.loads(data)
        case ".toml":
            tomllib.loads(data.decode())
        case ".parquet":
            pd.read_parquet(path)
        case ".csv":
            return data.endswith(b"\n") and len(pd.read_csv(path)) > 0
    return True


def _staging(parent: Path) -> list[Path]:
    return sorted(p for p in parent.iterdir() if p.name.startswith(_output.PREFIX))


KILLS = [("run", "kill_after", 1), ("run", "kill_after", RUN_FILES), ("run", "kill_in", 5)]
KILLS += [("compare", "kill_in", 7)]
SLOW_KILLS = [("run", "kill_after", k) for k in (2, 3, 4, 5)] + [("run", "kill_in", k) for k in (1, 6)]
SLOW_KILLS += [("compare", how, k) for how in ("kill_after", "kill_in") for k in (1, 5, 9, COMPARE_FILES)]


@pytest.mark.compiled_only
@pytest.mark.parametrize(
    ("command", "how", "k"), KILLS + [pytest.param(*c, marks=pytest.mark.slow) for c in SLOW_KILLS]
)
def test_a_kill_while_writing_leaves_nothing_under_the_name_and_the_next_run_cleans_up(
    tmp_path, capsys, command, how, k
):
    parent = tmp_path / "results"
    out = parent / "x"
    argv = ["run", *FAST] if command == "run" else list(COMPARE)
    proc = _start({"argv": [*argv, "--out", str(out)], "save": [how, k]})
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == -signal.SIGKILL, err

    assert not os.path.lexists(out)
    folders = [p for p in _staging(parent) if p.is_dir()]
    assert len(folders) == 1 and (parent / (folders[0].name + _output.MARKER)).is_file()
    files = [p for p in folders[0].rglob("*") if p.is_file()]
    finals = [p for p in files if not p.name.startswith(".")]
    partial = [p for p in files if p.name.startswith(".")]
    # every file under its final name is whole; the one being written has a temporary name
    assert all(_complete(p) for p in finals), [p.name for p in finals]
    assert len(finals) == (k if how == "kill_after" else k - 1)
    assert len(partial) == (how == "kill_in")

    after = parent / "y"
    assert main([*argv, "--out", str(after)]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "removed temporary output" in err and folders[0].name in err
    assert sorted(p.name for p in parent.iterdir()) == ["y"]  # the leftover and its marker are gone


def _signal_once_ready(cfg: dict, ready: str, signum: int) -> tuple[int, str]:
    proc = _start(cfg)
    try:
        assert proc.stdout.readline().strip() == ready
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:  # pragma: no cover - only when the test fails
            proc.kill()
            proc.communicate()
    return proc.returncode, err


@pytest.mark.compiled_only
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("phase", ["simulating", "writing"])
def test_sigint_and_sigterm_end_cleanly_with_nothing_written(tmp_path, signum, phase):
    parent = tmp_path / "results"
    out = parent / "x"
    cfg = {"argv": ["run", *FAST, "--out", str(out)]}
    if phase == "simulating":
        cfg["simulate_forever"] = True
    else:
        cfg["save"] = ["wait_after", 2]
    code, err = _signal_once_ready(cfg, phase, signum)
    assert code == 128 + signum, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err == f"regimesim: interrupted; nothing written to {out}\n"
    assert not parent.exists() or list(parent.iterdir()) == []  # no staging folder, no marker


# --- --out checked before anything runs ------------------------------------------------------------


@pytest.fixture
def no_simulation(monkeypatch):
    """Fail the test if a simulation starts."""
    import regimesim.scenario

    def refuse(*args, **kwargs):
        raise AssertionError("a simulation started")

    monkeypatch.setattr(regimesim.scenario, "run", refuse)


def _refused(argv: list[str], capsys) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("command", ["run", "compare"])
def test_an_empty_out_is_refused(tmp_path, monkeypatch, capsys, no_simulation, command):
    monkeypatch.chdir(tmp_path)
    argv = ["run", *FAST] if command == "run" else list(COMPARE)
    err = _refused([*argv, "--out", ""], capsys)
    assert "--out needs a folder name" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc")
@pytest.mark.parametrize("command", ["run", "compare"])
def test_an_out_in_proc_is_refused_before_running(capsys, no_simulation, command):
    argv = ["run", *FAST] if command == "run" else list(COMPARE)
    err = _refused([*argv, "--out", "/proc/regimesim-x"], capsys)
    assert "--out /proc/regimesim-x cannot be created" in err and "/proc" in err
    assert not os.path.lexists("/proc/regimesim-x")


@pytest.mark.parametrize("command", ["run", "compare"])
def test_an_out_under_a_file_is_refused_before_running(tmp_path, capsys, no_simulation, command):
    (tmp_path / "afile").write_text("x")
    argv = ["run", *FAST] if command == "run" else list(COMPARE)
    err = _refused([*argv, "--out", str(tmp_path / "afile" / "sub" / "x")], capsys)
    assert f"{tmp_path / 'afile'} is not a folder" in err and "--out" in err
    assert [p.name for p in tmp_path.iterdir()] == ["afile"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_an_out_in_a_read_only_folder_is_refused_before_running(tmp_path, capsys, no_simulation):
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o555)
    try:
        err = _refused(["run", *FAST, "--out", str(ro / "a" / "x")], capsys)
        assert f"--out {ro / 'a' / 'x'} cannot be created" in err and "Permission denied" in err
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o755)


# --- permissions -------------------------------------------------------------------------------------


@pytest.fixture
def umask():
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


def _modes(folder: Path) -> tuple[set[int], set[int]]:
    entries = [folder, *folder.rglob("*")]
    return (
        {stat.S_IMODE(p.stat().st_mode) for p in entries if p.is_dir()},
        {stat.S_IMODE(p.stat().st_mode) for p in entries if p.is_file()},
    )


SWEEP = """\
title = "umask"
scale = 0.01
[horizon]
start = 2018
end = 2019
[sweep]
phase_out = [0.2, 0.9]
"""


@pytest.mark.parametrize(("mask", "dirs", "files"), [(0o022, 0o755, 0o644), (0o077, 0o700, 0o600)])
@pytest.mark.parametrize("command", ["run", "run-sweep", "compare"])
def test_outputs_honour_the_umask(tmp_path, umask, command, mask, dirs, files):
    out = tmp_path / "new" / "x"
    argv = {
        "run": ["run", *FAST],
        "compare": COMPARE,
        "run-sweep": ["run", str(tmp_path / "sweep.toml"), "-q"],
    }[command]
    (tmp_path / "sweep.toml").write_text(SWEEP)
    umask(mask)
    assert main([*argv, "--out", str(out)]) == 0
    assert _modes(out) == ({dirs}, {files})
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == dirs


def test_an_existing_empty_out_folder_keeps_its_mode(tmp_path, umask):
    out = tmp_path / "mine"
    out.mkdir()
    out.chmod(0o750)
    umask(0o022)
    assert main(["run", *FAST, "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o750
    assert (out / "indicators.parquet").exists()


# --- which leftovers are removed -------------------------------------------------------------------


def _leftover(parent: Path, owner: dict | None, name: str = "x") -> Path:
    folder = parent / f"{_output.PREFIX}{name}.0123abcd"
    folder.mkdir(parents=True)
    (folder / "indicators.parquet").write_bytes(b"PAR1")
    if owner is not None:
        Path(str(folder) + _output.MARKER).write_text(json.dumps(owner))
    return folder


def _ended_pid() -> int:
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    return int(proc.stdout)


def test_only_leftovers_whose_writer_has_ended_are_removed(tmp_path, capsys):
    host = socket.gethostname()
    gone = _leftover(tmp_path, {"host": host, "pid": _ended_pid(), "started": None}, "gone")
    me = {"host": host, "pid": os.getpid(), "started": _output._start_time(os.getpid())}
    alive = _leftover(tmp_path, me, "alive")
    elsewhere = _leftover(tmp_path, {"host": host + "-elsewhere", "pid": 1, "started": None}, "elsewhere")
    unmarked = _leftover(tmp_path, None, "unmarked")
    mine = tmp_path / ".x.0123abcd"  # the old scheme's name: not ours to judge
    mine.mkdir()
    assert main(["run", *FAST, "--out", str(tmp_path / "new")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert not gone.exists() and not Path(str(gone) + _output.MARKER).exists()
    assert alive.exists() and elsewhere.exists() and unmarked.exists() and mine.exists()
    assert len(err) == 2
    assert "removed temporary output" in err[0] and gone.name in err[0] and alive.name not in err[0]
    assert "may still be writing" in err[1] and elsewhere.name in err[1] and unmarked.name not in err[1]


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc")
def test_a_reused_process_id_does_not_keep_a_leftover(tmp_path):
    started = _output._start_time(os.getpid())
    owner = {"host": socket.gethostname(), "pid": os.getpid(), "started": str(int(started) - 1)}
    left = _leftover(tmp_path, owner)
    assert _output.sweep(tmp_path).removed == [(left.name, owner)]
    assert list(tmp_path.iterdir()) == []


# --- write errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("failure", ["disk full", "out filled meanwhile"])
def test_a_write_error_is_one_line_and_leaves_nothing(tmp_path, monkeypatch, capsys, failure):
    out = tmp_path / "x"
    real_save, calls = _output.save, []

    def save(path, content):
        calls.append(path)
        if len(calls) == 2:
            if failure == "disk full":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            out.mkdir()
            (out / "theirs.txt").write_text("arrived meanwhile")
        return real_save(path, content)

    monkeypatch.setattr(_output, "save", save)
    assert main(["run", *FAST, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    reason = os.strerror(errno.ENOSPC if failure == "disk full" else errno.ENOTEMPTY)
    assert err == f"regimesim run: error: could not write {out}: {reason}; nothing written\n"
    if failure == "disk full":
        assert list(tmp_path.iterdir()) == []
    else:
        assert sorted(p.name for p in tmp_path.iterdir()) == ["x"] and os.listdir(out) == ["theirs.txt"]


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_scenario_dump_honours_the_umask(tmp_path, umask, mask, mode):
    from regimesim.scenario import Scenario, find_scenario

    umask(mask)
    path = Scenario.load(find_scenario("history")).dump(tmp_path / "copy.toml")
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["copy.toml"]  # no temporary file left


@pytest.mark.compiled_only
def test_the_command_line_starts_without_the_heavy_imports():
    # the signal handlers are installed first thing in main(); everything heavy (numba, Mesa,
    # pandas, matplotlib) is imported after that, so a Ctrl-C during start-up is handled too
    code = (
        "import sys, regimesim, regimesim.cli; print(sorted(m for m in ('numba', 'mesa', "
        "'pandas', 'matplotlib', 'regimesim.engine') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]", proc.stdout


@pytest.mark.compiled_only
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_start_up_ends_cleanly(tmp_path, signum):
    out = tmp_path / "results" / "x"
    proc = subprocess.Popen(
        [sys.executable, "-m", "regimesim.cli", "run", *FAST, "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)  # the interpreter is up; numba, Mesa and pandas take seconds more to import
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 128 + signum, err
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert not out.exists()


@pytest.mark.parametrize("command", ["run", "compare"])
def test_a_signal_whose_exception_python_swallowed_still_interrupts(tmp_path, capsys, monkeypatch, command):
    # Python prints and ignores an exception raised in a __del__ or a weakref callback (where a
    # signal during an import lands): the interruption must still end the command, unpublished
    import regimesim.scenario

    class Swallowed:
        def __del__(self):
            signal.getsignal(signal.SIGTERM)(signal.SIGTERM, None)  # the invocation's handler

    def interrupted(real):
        def run(*args, **kwargs):
            Swallowed()  # deleted at once: the Interrupted raised in __del__ is ignored by Python
            return real(*args, **kwargs)

        return run

    monkeypatch.setattr(regimesim.scenario, "run", interrupted(regimesim.scenario.run))  # compare's too
    out = tmp_path / "results" / "x"
    argv = ["run", *FAST] if command == "run" else COMPARE
    assert main([*argv, "--out", str(out)]) == 128 + signal.SIGTERM
    err = capsys.readouterr().err
    assert err == f"regimesim: interrupted; nothing written to {out}\n", err  # no "Exception ignored"
    assert not out.parent.exists() or list(out.parent.iterdir()) == []  # nothing left behind
