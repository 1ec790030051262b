"""The bookkeeping of ``python -m benchmarks.mutation`` (issue 34): what the kill rate counts,
which module and tests it hands mutmut. mutmut itself is not run here (too slow for CI)."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import mutation  # noqa: E402


def test_the_kill_rate_counts_timeouts_as_caught_and_untested_mutants_as_missed():
    found = {
        "a__mutmut_1": "killed",
        "a__mutmut_2": "timeout",
        "a__mutmut_3": "survived",
        "a__mutmut_4": "no tests",
        "a__mutmut_5": "survived",
        "a__mutmut_6": "not checked",
    }
    report = mutation.kill_rate(found, {"a__mutmut_5": "a no-op on a copy"})
    assert (report["mutants"], report["equivalent"]) == (6, 1)
    assert (report["caught"], report["missed"], report["other"]) == (2, 2, 1)
    assert report["kill_rate"] == pytest.approx(2 / 4)
    assert report["survivors"] == ["a__mutmut_3", "a__mutmut_4"]


def test_a_module_outside_the_package_or_missing_is_refused():
    with pytest.raises(SystemExit, match="not a module of regimesim"):
        mutation._source_of("numpy.linalg")
    with pytest.raises(SystemExit, match=r"no file src/regimesim/nowhere\.py"):
        mutation._source_of("regimesim.nowhere")
    assert mutation._source_of("regimesim.design") == Path("src/regimesim/design.py")
    assert mutation._source_of("regimesim.app") == Path("src/regimesim/app")


@pytest.mark.parametrize("module", ["regimesim.design", "regimesim.app", "regimesim.timeline"])
def test_the_mutmut_section_names_the_module_and_its_tests(module):
    source = mutation._source_of(module)
    section = tomllib.loads(mutation._mutmut_section(source, mutation._tests_for(module)))["tool"]["mutmut"]
    assert section["only_mutate"] == [
        "src/regimesim/app/*.py" if module == "regimesim.app" else f"src/regimesim/{source.name}"
    ]
    tests = section["pytest_add_cli_args_test_selection"]
    assert tests and all((ROOT / t).is_file() for t in tests)
    if module == "regimesim.timeline":  # no list of its own: the layers' tests together
        assert set(tests) >= {"tests/test_ensemble.py", "tests/test_study.py", "tests/test_app.py"}
    assert "not slow" in section["pytest_add_cli_args"]


def test_every_listed_test_file_exists_and_every_module_of_the_layers_has_a_list():
    for module, tests in mutation.TESTS.items():
        assert (ROOT / mutation._source_of(module)).exists()
        assert all((ROOT / t).is_file() for t in tests), module
    for name in ("design", "ensemble", "sensitivity", "study_file", "discovery", "levers"):
        assert f"regimesim.{name}" in mutation.TESTS


def test_each_equivalent_mutant_names_a_module_with_tests_and_gives_a_reason():
    for name, reason in mutation.EQUIVALENT.items():
        module, _, function = name.rpartition(".")
        assert module in mutation.TESTS and function.startswith("x") and "__mutmut_" in function, name
        assert len(reason) > 10, name
