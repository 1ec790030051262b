"""numba's on-disk cache never runs an edited rule as its old compiled self.

Numba alone stamps a cached function with its own source file only, so a cached
:func:`regimesim.step.run` would keep the old code of a rule module edited since (see
:mod:`regimesim._numba`). Here a copy of the package runs a tiny simulation in fresh processes
sharing one ``NUMBA_CACHE_DIR``: after a rule called only from ``step.run`` changes, the result
must change; run again unchanged, the cache is reused (same result, index files not rewritten).
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import regimesim
from regimesim import _numba
from regimesim.indicators import NAMES

SCRIPT = """
import json, sys
import regimesim
from regimesim import _numba, simulate
res = simulate({"scale": 0.02, "start_year": 2020, "end_year": 2020, "spinup_years": 0}, seed=7)
json.dump({"file": regimesim.__file__, "stamped": _numba.PACKAGE_STAMPED_CACHE,
           "indicators": res.indicators.to_numpy().tolist()}, sys.stdout)
"""
#: an arithmetic factor of a rule called only from ``step.step`` (practice moves three times as fast)
RULE, OLD, NEW = "rules/lockin.py", "reg[PRACTICE] = clip01(Rp + dp)", "reg[PRACTICE] = clip01(Rp + 3.0 * dp)"


def _copy_package(dest: Path) -> Path:
    pkg = dest / "regimesim"
    shutil.copytree(
        Path(regimesim.__file__).parent,
        pkg,
        ignore=shutil.ignore_patterns("__pycache__", "*.nbi", "*.nbc"),
    )
    return pkg


def numba_locator_classes():
    from numba.core import caching

    return caching.CacheImpl._locator_classes


def _run(src: Path, cache: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src), "NUMBA_CACHE_DIR": str(cache)}
    env.pop("NUMBA_DISABLE_JIT", None)
    env.pop("NUMBA_CACHE_LOCATOR_CLASSES", None)
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    out["stderr"] = proc.stderr
    assert Path(out["file"]).resolve().is_relative_to(src.resolve()), "the copy was not imported"
    return out


def _index_files(cache: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in cache.rglob("*.nbi")}


@pytest.mark.slow  # two cold compiles of the whole rule set: over a minute
@pytest.mark.skipif(os.environ.get("NUMBA_DISABLE_JIT") == "1", reason="no compiled code to cache")
def test_an_edited_rule_is_recompiled_and_an_unchanged_one_is_not(tmp_path):
    src = tmp_path / "src"
    _copy_package(src)
    cache = tmp_path / "numba-cache"

    first = _run(src, cache)
    assert first["stamped"]
    assert _index_files(cache), "nothing was cached"
    assert "compiling the model (once" in first["stderr"]  # a cold start is not silent

    rule = src / "regimesim" / RULE
    text = rule.read_text()
    assert text.count(OLD) == 1, f"{RULE} no longer has the line this test edits: {OLD!r}"
    rule.write_text(text.replace(OLD, NEW))

    edited = _run(src, cache)
    practice = NAMES.index("practice")
    old_rule_ran = np.array_equal(
        np.array(edited["indicators"])[:, practice], np.array(first["indicators"])[:, practice]
    )
    assert not old_rule_ran, f"after editing {RULE}, step.run still ran the old rule from the cache"

    written = _index_files(cache)
    again = _run(src, cache)
    assert again["indicators"] == edited["indicators"]
    assert _index_files(cache) == written, "an unchanged package was compiled again"
    assert "compiling" in edited["stderr"] and "compiling" not in again["stderr"]


@pytest.mark.skipif(os.environ.get("NUMBA_DISABLE_JIT") == "1", reason="kernels are plain functions")
def test_the_stamp_covers_every_module_with_kernels_and_what_they_import():
    from numba.core.registry import CPUDispatcher

    files = set(_numba.kernel_sources())
    pkg = Path(regimesim.__file__).parent.resolve()
    with_kernels = set()
    for info in pkgutil.walk_packages([str(pkg)], prefix="regimesim."):
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if isinstance(obj, CPUDispatcher) and obj.py_func.__module__ == info.name:
                with_kernels.add(Path(module.__file__).resolve())
    assert with_kernels, "no kernels found"
    assert with_kernels <= files, sorted(str(f.relative_to(pkg)) for f in with_kernels - files)
    for name in (
        "step.py",
        "indicators.py",
        "state.py",
        "lever_columns.py",
        "parameters.py",
        "_numba.py",
        "rules/_common.py",
        "rules/lockin.py",
    ):
        assert pkg / name in files, name
    assert pkg / "cli" / "__init__.py" not in files  # the driver code does not invalidate the kernels


def test_the_stamp_changes_with_any_kernel_source_and_only_with_those(tmp_path, monkeypatch):
    pkg = _copy_package(tmp_path)
    monkeypatch.setattr(_numba, "PACKAGE_DIR", pkg)
    stamps = [_numba.kernel_source_stamp()]
    for name in ("rules/_common.py", "rules/lockin.py", "state.py", "parameters.py"):
        with (pkg / name).open("a") as f:
            f.write("\n# edited\n")
        stamps.append(_numba.kernel_source_stamp())
    assert len(set(stamps)) == len(stamps), "an edit to a kernel source left the stamp unchanged"
    with (pkg / "cli" / "__init__.py").open("a") as f:
        f.write("\n# edited\n")
    assert _numba.kernel_source_stamp() == stamps[-1]


@pytest.mark.skipif(os.environ.get("NUMBA_DISABLE_JIT") == "1", reason="no compiled code to cache")
def test_package_kernels_use_the_package_stamp_and_other_code_does_not(tmp_path):
    from regimesim.step import run

    locator = run._cache._impl.locator
    assert getattr(type(locator), "_regimesim", False)
    assert locator.get_source_stamp()[1] == _numba.kernel_source_stamp()
    if os.environ.get("NUMBA_CACHE_DIR"):  # honoured: the cache lives under it
        cache_dir = Path(os.environ["NUMBA_CACHE_DIR"]).resolve()
        assert Path(run._cache.cache_path).resolve().is_relative_to(cache_dir)
    outside = tmp_path / "user_module.py"
    outside.write_text("def f():\n    return 1\n")
    for cls in numba_locator_classes():
        if getattr(cls, "_regimesim", False):
            assert cls.from_function(run.py_func, str(outside)) is None


def test_installing_twice_adds_nothing_and_a_missing_api_falls_back_with_a_warning(monkeypatch):
    from numba.core import caching

    before = list(numba_locator_classes())
    assert _numba._install_locators() is True
    assert numba_locator_classes() == before
    monkeypatch.delattr(caching, "CacheImpl")
    with pytest.warns(RuntimeWarning, match="clear the cache"):
        assert _numba._install_locators() is False


def test_compiling_is_announced_only_when_it_is_about_to_happen(monkeypatch, capsys):
    from regimesim.step import run

    monkeypatch.setattr(_numba, "needs_compiling", lambda dispatcher: True)
    monkeypatch.setattr(_numba, "_ANNOUNCED", set())
    monkeypatch.setattr(_numba, "ANNOUNCE", False)  # the command line's --quiet
    assert not _numba.announce_compile(run)
    monkeypatch.setattr(_numba, "ANNOUNCE", True)
    assert _numba.announce_compile(run)
    assert f"compiling the model (once, about {_numba.COMPILE_SECONDS} s" in capsys.readouterr().err
    # threads starting runs together: one note, not one per thread
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setattr(_numba, "_ANNOUNCED", set())
    with ThreadPoolExecutor(4) as pool:
        printed = list(pool.map(lambda _: _numba.announce_compile(run), range(8)))
    assert printed.count(True) == 1
    assert capsys.readouterr().err.count("compiling the model") == 1
    monkeypatch.setattr(_numba, "_ANNOUNCED", set())
    monkeypatch.setattr(_numba, "needs_compiling", lambda dispatcher: False)
    assert not _numba.announce_compile(run)
    assert capsys.readouterr().err == ""


@pytest.mark.skipif(os.environ.get("NUMBA_DISABLE_JIT") == "1", reason="kernels are plain functions")
def test_a_kernel_compiled_in_this_process_needs_no_compiling():
    from numba import njit

    from regimesim.step import run

    regimesim.simulate({"scale": 0.01, "start_year": 2020, "end_year": 2020, "spinup_years": 0})
    assert not _numba.needs_compiling(run)

    @njit(cache=False)
    def fresh(x):  # no cache at all: numba's private API is not what needs_compiling expects
        return x + 1

    assert not _numba.needs_compiling(fresh)  # best effort: silent rather than failing


def test_nothing_needs_compiling_when_the_kernels_run_as_python(monkeypatch):
    from numba.core import config

    from regimesim.step import run

    monkeypatch.setattr(config, "DISABLE_JIT", True)
    assert not _numba.needs_compiling(run)


@pytest.mark.compiled_only
@pytest.mark.parametrize("cold", [True, False])
def test_warmup_fills_the_cache_and_says_what_it_did(monkeypatch, capsys, cold):
    from regimesim.cli import main

    monkeypatch.setattr(_numba, "needs_compiling", lambda dispatcher: cold)
    assert main(["warmup"]) == 0
    out = capsys.readouterr().out
    if cold:
        assert "compiling the model into numba's cache" in out and "compiled in" in out
    else:
        assert "already compiled: loaded in" in out and "compiling" not in out
    assert main(["warmup", "-q"]) == 0
    assert capsys.readouterr().out == ""


def _package_kernels() -> list:
    kernels = []
    pkg = Path(regimesim.__file__).parent
    for info in pkgutil.walk_packages([str(pkg)], prefix="regimesim."):
        module = importlib.import_module(info.name)
        kernels += [
            obj
            for obj in vars(module).values()
            if isinstance(obj, _numba.Kernel) and obj.py_func.__module__ == info.name
        ]
    return kernels


@pytest.mark.skipif(os.environ.get("NUMBA_DISABLE_JIT") == "1", reason="kernels are plain functions")
def test_kernels_compile_without_python_wrappers_and_python_calls_go_to_a_twin_cached_apart():
    from numba.core.registry import CPUDispatcher

    from regimesim.parameters import make_parameters
    from regimesim.rules.census import protocol_load
    from regimesim.step import run, step

    kernels = _package_kernels()
    assert run in kernels and step in kernels and len(kernels) >= 30
    for k in kernels:  # the wrappers are what made a cold compile take twice as long
        assert k.targetoptions.get("no_cpython_wrapper") and k.targetoptions.get("no_cfunc_wrapper"), k
    twin = protocol_load.python_entry
    assert isinstance(twin, CPUDispatcher) and not isinstance(twin, _numba.Kernel)
    assert not twin.targetoptions.get("no_cpython_wrapper")
    assert twin is protocol_load.python_entry  # built once
    assert twin.py_func.__code__ is protocol_load.py_func.__code__  # the same rule
    # cached under a name of its own: a wrapper-less entry loaded for a Python call would crash
    assert twin._cache._cache_file._index_name != protocol_load._cache._cache_file._index_name
    p = make_parameters({}).kernel()
    assert protocol_load(p, 0.3, 0.2) == protocol_load.py_func(p, 0.3, 0.2)


def test_kernel_decorator_leaves_plain_functions_alone_without_jit(monkeypatch):
    from numba.core import config

    def f(x):
        return x + 1

    monkeypatch.setattr(config, "DISABLE_JIT", True)
    assert _numba.kernel(f) is f
