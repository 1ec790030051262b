"""Mutation testing of one module against its fast tests, with mutmut (issue 34).

    .venv/bin/python -m benchmarks.mutation --module regimesim.design
    .venv/bin/python -m benchmarks.mutation --module regimesim.ensemble --workers 2 --show-survivors

mutmut (3.x) rewrites every function of the module into small variants ("mutants": ``<`` for
``<=``, ``+ 1``, a dropped argument, ``None`` for a value ...) and runs, for each, the tests that
call that function; a mutant that no test notices *survives*. The kill rate is what share of the
mutants the tests catch, and the survivors are the bugs the suite would let through.

The run happens in ``build/mutation/<module>/``: a copy of the tracked files of the project with a
``[tool.mutmut]`` section naming the module and its tests (the project's own ``pyproject.toml`` is
left alone), and the numba cache of the working copy copied beside the sources so the kernels load
instead of compiling (the module under test is not a kernel module; if it were, the cache would be
stale and the kernels compiled once). Running again resumes: mutmut remembers its verdicts and
re-tests only functions that changed; ``--retest-survivors`` tests the survivors again after
tests were added, and ``--fresh`` starts over.

The kill rate counts ``killed`` and ``timeout`` as caught; ``survived`` and ``no tests`` (a mutant
in a function no fast test calls) as missed; the mutants named in :data:`EQUIVALENT` (mutants that
cannot change behaviour, each with its reason) are left out. mutmut mutates the code inside
functions only, not module-level constants. Not run in CI: see ``docs/developing.md`` for when to
run it, and ``benchmarks/README.md`` for the figures per module.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The fast tests of each module (``-m "not slow"`` is added): the test files written for it and
#: those of the modules that call it. mutmut runs, for each mutant, only those of them that call
#: the mutated function; a survivor runs them all, so the list is kept to the tests that should
#: catch a bug in that module.
_STUDY = ("tests/test_study.py", "tests/test_study_guards.py")
_ENSEMBLE = ("tests/test_ensemble.py", "tests/test_summaries.py", "tests/test_statistics.py")
TESTS = {
    "regimesim.levers": (
        "tests/test_levers.py",
        "tests/test_lever_columns.py",
        "tests/test_scenario.py",
        "tests/test_settings.py",
    ),
    "regimesim.design": ("tests/test_design_guards.py", *_ENSEMBLE, "tests/test_settings.py"),
    "regimesim.ensemble": (
        *_ENSEMBLE,
        "tests/test_ensemble_guards.py",
        "tests/test_interrupted_writes.py",
        "tests/test_execution.py",
        "tests/test_compare.py",  # compare runs on run_design
    ),
    "regimesim._output": ("tests/test_interrupted_writes.py", "tests/test_ensemble.py"),
    "regimesim.sensitivity": _STUDY,
    "regimesim.study_file": _STUDY,
    "regimesim.discovery": _STUDY,
    "regimesim.ema": ("tests/test_ema.py",),
    "regimesim.regional": ("tests/test_regional.py",),
    "regimesim.app": ("tests/test_app.py",),
}
#: Any other module: the tests of the ensemble, study and app layers together.
LAYER_TESTS = tuple(dict.fromkeys(t for tests in TESTS.values() for t in tests))

#: Added to every pytest call. The tests that start a Dask LocalCluster are left out: mutmut
#: forks each mutant's worker from the process that ran the tests, and a cluster started there
#: hangs on the threads it inherits (they run in CI; the threads and processes backends stay).
#: So is the one that waits 10 s for a Dask scheduler that is not there.
PYTEST_ARGS = [
    "-m",
    "not slow",
    "-k",
    "not dask and not on_every_backend and not backend_workers_or_chunking and not unreachable_scheduler",
    "-p",
    "no:cacheprovider",
    "-q",
]

#: Mutants that cannot change behaviour, by mutmut's name, with the reason. Kept to the ones a
#: reader can check by looking at the diff (``mutmut show <name>`` in the module's work folder).
EQUIVALENT: dict[str, str] = {
    # regimesim.levers
    "regimesim.levers.x__unknown__mutmut_7": "n=3 (the default): close[0], the best match, is the same",
    "regimesim.levers.x__unknown__mutmut_8": "n=2: close[0], the best match, is the same",
    "regimesim.levers.x_exo_matrix__mutmut_20": "e >= max(s, 0): at equality the slice out[e:e] is empty",
    "regimesim.levers.xǁScheduleǁ__post_init____mutmut_16": "zip(strict=None) is falsy like strict=False",
    "regimesim.levers.xǁScheduleǁ__post_init____mutmut_19": "zip's default is strict=False",
    "regimesim.levers.xǁScheduleǁ__post_init____mutmut_27": 'float("INF") == float("inf")',
    "regimesim.levers.xǁScheduleǁvalues__mutmut_72": "e <= n_steps: at equality out[n_steps:] is empty",
    "regimesim.levers.xǁScheduleǁvalues__mutmut_47": "out[first - 1] also at first == 0: out[-1] still holds "
    "the base there (no earlier segment can reach the last month without overlapping this one)",
    # regimesim.design
    "regimesim.design.x_run_seed__mutmut_10": "generate_state(2)[0] == generate_state(1)[0]: SeedSequence's "
    "words do not depend on how many are asked for",
    "regimesim.design.xǁOutputsǁreduce__mutmut_7": "`sel.any() or True`: the mean of an empty float Series "
    "is NaN, as in the else branch",
    "regimesim.design.xǁOutputsǁreduce__mutmut_16": "as reduce__mutmut_7",
    "regimesim.design.xǁOutputsǁreduce__mutmut_9": "astype(None) is astype(float64) in pandas",
    "regimesim.design.xǁOutputsǁreduce__mutmut_18": "as reduce__mutmut_9",
    "regimesim.design.xǁOutputsǁreduce__mutmut_51": "zip(strict=None): bincount(minlength=len(names)) of "
    "phase codes below len(names) has exactly len(names) counts",
    "regimesim.design.xǁOutputsǁreduce__mutmut_54": "zip without strict: as reduce__mutmut_51",
    "regimesim.design.xǁOutputsǁreduce__mutmut_55": "zip(strict=False): as reduce__mutmut_51",
    "regimesim.design.xǁOutputsǁreduce__mutmut_59": "phases '' instead of None: only phase_years "
    "statistics read it, and they compute it first",
    "regimesim.design.xǁDesignǁdigest__mutmut_4": "to_csv(index=None): pandas tests only its truthiness",
    "regimesim.design.xǁDesignǁruns__mutmut_36": "np.arange's default dtype is int64 on the 64-bit "
    "platforms numba supports",
    "regimesim.design.xǁDesignǁruns__mutmut_38": "as runs__mutmut_36",
    "regimesim.design.x_load_design__mutmut_21": "no FieldError out of design_from carries a line, so "
    "exc.line is always None",
    "regimesim.design.x_load_design__mutmut_25": "DesignError's line defaults to None: as "
    "load_design__mutmut_21",
    "regimesim.design.x__check_points__mutmut_8": "check_sweep formats a numeric lever start to its month "
    "itself: the same acceptance and message as format_time first",
    "regimesim.design.x__check_points__mutmut_13": "as _check_points__mutmut_8",
    "regimesim.design.x__check_points__mutmut_14": "as _check_points__mutmut_8",
    "regimesim.design.x__design_from__mutmut_3": "where=None is falsy like '': the same field names",
    "regimesim.design.x__design_from__mutmut_82": "check_seed's field name defaults to 'seed'",
    "regimesim.design.x_design_from__mutmut_12": "no ScenarioError reaching design_from's handler carries a "
    "file or line (those of Scenario.load and with_parameters are wrapped where they arise)",
    "regimesim.design.x_design_from__mutmut_13": "as design_from__mutmut_12",
    "regimesim.design.x_design_from__mutmut_16": "as design_from__mutmut_12",
    "regimesim.design.x_design_from__mutmut_17": "as design_from__mutmut_12",
    # regimesim.ensemble
    "regimesim.ensemble.x_warm_up__mutmut_12": "the warm-up run's result is thrown away; its seed does not change which kernels compile",
    "regimesim.ensemble.x_warm_up__mutmut_14": "as warm_up__mutmut_12 (seed left out: run()'s default)",
    "regimesim.ensemble.x_warm_up__mutmut_15": "as warm_up__mutmut_12 (seed 1)",
    "regimesim.ensemble.x_run_ensemble__mutmut_42": "unlink(missing_ok=None) on a file glob has just listed",
    "regimesim.ensemble.x_run_ensemble__mutmut_43": "unlink(missing_ok=False) on a file glob has just listed",
    "regimesim.ensemble.x_run_ensemble__mutmut_188": "report(1, close=True): a closing report ignores n",
    "regimesim.ensemble.x_run_design__mutmut_64": "report(1, close=True): a closing report ignores n",
    "regimesim.ensemble.x__start_folder__mutmut_26": "runs only on a fresh start: the table folders never exist yet",
    "regimesim.ensemble.x__start_folder__mutmut_28": "as _start_folder__mutmut_26",
    "regimesim.ensemble.x__start_folder__mutmut_45": "json default=str is consulted only for non-JSON values; the manifest has none",
    "regimesim.ensemble.x__start_folder__mutmut_48": "as _start_folder__mutmut_45",
    "regimesim.ensemble.x_summarise__mutmut_17": "keys[:2] is never read; only keys[2:] (the factors) is used",
    "regimesim.ensemble.x_summarise__mutmut_18": "as summarise__mutmut_17",
    "regimesim.ensemble.x_summarise__mutmut_19": "as summarise__mutmut_17",
    "regimesim.ensemble.x_summarise__mutmut_20": "as summarise__mutmut_17",
    "regimesim.ensemble.x_summarise__mutmut_35": "runs are numbered scenario-major, then point, and read_table sorts by run: groups come sorted",
    "regimesim.ensemble.x_summarise__mutmut_37": "sort left out is groupby's default sort=True",
    "regimesim.ensemble.x_summarise__mutmut_42": "as summarise__mutmut_35",
    "regimesim.ensemble.x_summarise__mutmut_45": "without factors, groups[[]].first() adds no column to the concat",
    "regimesim.ensemble.x__run_chunk__mutmut_22": "simulate_branches equals run() bit for bit for a single job (test_ensemble.py)",
    "regimesim.ensemble.x__run_chunk__mutmut_24": "as _run_chunk__mutmut_22",
    "regimesim.ensemble.x__run_chunk__mutmut_50": "the run ids in a chunk are distinct: any sort kind gives the same order",
    "regimesim.ensemble.x__run_chunk__mutmut_52": "as _run_chunk__mutmut_50",
    "regimesim.ensemble.x__run_chunk__mutmut_56": "as _run_chunk__mutmut_50",
    "regimesim.ensemble.x__run_chunk__mutmut_74": "the series' index is never written (index=False)",
    "regimesim.ensemble.x__run_chunk__mutmut_76": "as _run_chunk__mutmut_74",
    "regimesim.ensemble.x__run_chunk__mutmut_77": "as _run_chunk__mutmut_74",
    "regimesim.ensemble.x__branched__mutmut_33": "simulate_branches returns one result per schedule: a strict zip never fires",
    "regimesim.ensemble.x__branched__mutmut_36": "as _branched__mutmut_33",
    "regimesim.ensemble.x__branched__mutmut_37": "as _branched__mutmut_33",
    "regimesim.ensemble.x_read_table__mutmut_37": "runs and outputs share only the column 'run': merging on it is merging on the common columns",
    "regimesim.ensemble.x_read_table__mutmut_41": "as read_table__mutmut_37",
    "regimesim.ensemble.x_memory_estimate__mutmut_2": "the backend is only compared with 'processes' and 'dask': another default string acts as 'threads'",
    "regimesim.ensemble.x_memory_estimate__mutmut_3": "as memory_estimate__mutmut_2",
    "regimesim.ensemble.x__progress__mutmut_20": "the no-progress reporter's return value is never used",
    "regimesim.ensemble.x__progress__mutmut_21": "the no-progress reporter ignores close",
}

#: mutmut's exit codes (``mutmut.stats.status_by_exit_code``) grouped as the kill rate counts them.
CAUGHT = {"killed", "timeout", "segfault", "caught by type check"}
MISSED = {"survived", "no tests"}


def _tests_for(module: str) -> tuple[str, ...]:
    for prefix, tests in TESTS.items():
        if module == prefix or module.startswith(prefix + "."):
            return tests
    return LAYER_TESTS


def _source_of(module: str) -> Path:
    """``regimesim.design`` -> ``src/regimesim/design.py`` (a package -> its ``*.py`` files)."""
    parts = module.split(".")
    if parts[0] != "regimesim":
        raise SystemExit(f"--module: {module!r} is not a module of regimesim (e.g. regimesim.design)")
    base = Path("src", *parts)
    if (ROOT / base).is_dir():
        return base
    path = base.with_suffix(".py")
    if not (ROOT / path).is_file():
        raise SystemExit(f"--module: no file {path} for {module!r}")
    return path


def _mutmut_section(source: Path, tests: tuple[str, ...]) -> str:
    only = f"{source.as_posix()}/*.py" if source.suffix != ".py" else source.as_posix()
    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["src/"]\n'
        f"only_mutate = [{json.dumps(only)}]\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(list(tests))}\n"
        f"pytest_add_cli_args = {json.dumps(PYTEST_ARGS)}\n"
        f"also_copy = {json.dumps(_top_level_entries())}\n"
        # numba compiles in the first test that reaches a kernel: allow for it
        "timeout_constant = 60.0\n"
    )


def _tracked_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return [f for f in out.split("\0") if f]


def _top_level_entries() -> list[str]:
    """What the tests may read beside ``src/`` and ``tests/`` (scenarios, docs, benchmarks ...)."""
    return sorted({f.split("/")[0] for f in _tracked_files()} - {"src", "tests", "pyproject.toml"})


def prepare(module: str, workdir: Path, *, fresh: bool) -> None:
    """A copy of the tracked files in ``workdir`` with the ``[tool.mutmut]`` section for ``module``."""
    source = _source_of(module)
    if fresh and workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    for name in _tracked_files():
        target = workdir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != (ROOT / name).read_bytes():
            shutil.copy2(ROOT / name, target)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (workdir / "pyproject.toml").write_text(
        pyproject + _mutmut_section(source, _tests_for(module)), encoding="utf-8"
    )
    # the compiled kernels of the working copy, where the mutants' copy of the sources looks for them
    for cache in (ROOT / "src").rglob("__pycache__"):
        files = [p for p in cache.iterdir() if p.suffix in (".nbi", ".nbc")]
        if files:
            target = workdir / "mutants" / cache.relative_to(ROOT)
            target.mkdir(parents=True, exist_ok=True)
            for p in files:
                shutil.copy2(p, target / p.name)


def run_mutmut(workdir: Path, workers: int, names: list[str] | None = None) -> int:
    """mutmut run in ``workdir``: every mutant not yet judged (and those of changed functions), or
    only ``names``."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(workers), *(names or [])]
    return subprocess.run(command, cwd=workdir, env=env, check=False).returncode


def verdicts(workdir: Path) -> dict[str, str]:
    """mutant name -> mutmut's status, from the ``.meta`` files mutmut writes."""
    from mutmut.stats import status_by_exit_code

    found: dict[str, str] = {}
    for meta in (workdir / "mutants").rglob("*.py.meta"):
        data = json.loads(meta.read_text(encoding="utf-8"))
        for name, code in data.get("exit_code_by_key", {}).items():
            found[name] = status_by_exit_code[code]
    return found


def kill_rate(found: dict[str, str], equivalent: dict[str, str]) -> dict[str, object]:
    """The counts and the kill rate, leaving out the equivalent mutants."""
    counted = {name: status for name, status in found.items() if name not in equivalent}
    counts = Counter(counted.values())
    caught = sum(n for status, n in counts.items() if status in CAUGHT)
    missed = sum(n for status, n in counts.items() if status in MISSED)
    return {
        "mutants": len(found),
        "equivalent": len(found) - len(counted),
        "caught": caught,
        "missed": missed,
        "other": len(counted) - caught - missed,
        "kill_rate": caught / (caught + missed) if caught + missed else float("nan"),
        "by_status": dict(sorted(counts.items())),
        "survivors": sorted(n for n, s in counted.items() if s in MISSED),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.mutation", description=__doc__.split("\n")[0])
    parser.add_argument("--module", required=True, help="e.g. regimesim.design (a package: all its modules)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="mutants tested at once")
    parser.add_argument("--fresh", action="store_true", help="forget earlier verdicts for this module")
    parser.add_argument("--show-survivors", action="store_true", help="print the diff of each survivor")
    parser.add_argument("--report-only", action="store_true", help="report the last run, run nothing")
    parser.add_argument(
        "--retest-survivors",
        action="store_true",
        help="test the last run's survivors again (mutmut keeps a verdict until its function "
        "changes: after adding tests, this is how they count)",
    )
    args = parser.parse_args(argv)
    try:
        import mutmut  # noqa: F401
    except ImportError:
        print('mutmut is not installed: .venv/bin/pip install -e ".[dev,mutation]"', file=sys.stderr)
        return 2
    if args.workers < 1:
        parser.error(f"--workers must be at least 1, not {args.workers}")
    workdir = ROOT / "build" / "mutation" / args.module
    if not args.report_only:
        prepare(args.module, workdir, fresh=args.fresh)
        names = None
        if args.retest_survivors:
            names = [n for n, status in verdicts(workdir).items() if status in MISSED]
            if not names:
                print("no survivors to test again", file=sys.stderr)
                return 0
        code = run_mutmut(workdir, args.workers, names)
        if code != 0:
            print(f"mutmut ended with exit code {code}", file=sys.stderr)
    found = verdicts(workdir)
    if not found:
        print(f"no verdicts in {workdir.relative_to(ROOT)}/mutants", file=sys.stderr)
        return 1
    report = kill_rate(found, EQUIVALENT)
    print(
        f"{args.module}: {report['mutants']} mutants, {report['equivalent']} equivalent left out, "
        f"{report['caught']} caught, {report['missed']} missed, {report['other']} other "
        f"-> kill rate {report['kill_rate']:.1%}  {report['by_status']}"
    )
    for name in report["survivors"]:
        print(f"  {found[name]}: {name}")
        if args.show_survivors:
            subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=workdir, check=False)
    (workdir / "kill_rate.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
