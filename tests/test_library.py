"""The shipped scenario library: every file loads, round-trips, runs, cites its seed passage."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from regimesim import RegimeModel, simulate
from regimesim.parameters import BY_NAME
from regimesim.scenario import DEFAULT_SCENARIO, Scenario, find_scenario, library, library_dir, library_files

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"  # the source documents, beside the repository when available
FILES = library_files()
REQUIRED = {
    "history",
    "no_proeftuinen",
    "build_up_only",
    "phase_out_only",
    "build_up_and_phase_out",
    "full_mix",
    "learning_infrastructure",
    "risk_reflex",
    "sweep_example",
}


def _norm(text: str) -> str:
    """Whitespace collapsed and typographic quotes plain: the seeds are OCR text with hard line breaks."""
    text = text.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


def test_the_library_is_the_scenarios_folder_and_has_every_scenario_the_issue_names():
    assert library_dir().resolve() == (ROOT / "scenarios").resolve()
    assert {p.stem for p in FILES} == REQUIRED
    assert DEFAULT_SCENARIO in REQUIRED


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_scenario_loads_round_trips_and_runs_a_few_steps(tmp_path, path):
    s = Scenario.load(path)
    assert Scenario.load(s.dump(tmp_path / path.name)) == s
    for v in s.variants()[:2]:
        small = v.with_parameters(scale=0.01)
        model = RegimeModel(**small.inputs(), seed=1)
        for _ in range(3):
            model.step()
        assert model.month == 3 and len(model.indicators()) == 3


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_scenario_describes_itself_and_cites_seed_passages(path):
    raw = tomllib.loads(path.read_text())
    assert len(raw.get("description", "").split()) >= 20, "a description of at least a few sentences"
    assert raw.get("sources"), "each file cites its own sources"
    for src in raw["sources"]:
        assert re.fullmatch(r"00[0-4]_[0-9a-f]{16}\.txt", src["file"]), src["file"]
        assert src["section"].strip() and src["quote"].strip()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents (../shared/seeds) are not beside the repo")
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_quote_is_in_the_document_it_cites(path):
    for src in tomllib.loads(path.read_text())["sources"]:
        text = _norm((SEEDS / src["file"]).read_text(encoding="utf-8"))
        assert _norm(src["quote"]) in text, f"{path.name}: quote not found in {src['file']}"


@pytest.mark.compiled_only
def test_history_pins_only_the_defaults_so_it_is_the_default_run():
    s = Scenario.load(find_scenario("history"))
    for name, value in s.parameters:
        assert value == BY_NAME[name].default, name
    assert s.levers == () and s.events == () and s.landscape == "historical"
    assert (s.start, s.end) == (2010, 2026)
    a = simulate(**s.with_parameters(scale=0.01).inputs(), seed=2)
    b = simulate({"scale": 0.01, "end_year": 2026}, seed=2)  # the core's defaults
    assert a.indicators.equals(b.indicators)


def test_the_scenarios_differ_from_history_only_in_what_they_say():
    hist = Scenario.load(find_scenario("history"))
    no_pt = Scenario.load(find_scenario("no_proeftuinen"))
    assert (
        dict(no_pt.parameters)["proeftuinen_first"] == 0 and dict(no_pt.parameters)["proeftuinen_second"] == 0
    )
    only = Scenario.load(find_scenario("build_up_only"))
    assert set(only.schedules) == {"build_up"}
    both = Scenario.load(find_scenario("build_up_and_phase_out"))
    assert set(both.schedules) == {"build_up", "phase_out"}
    full = Scenario.load(find_scenario("full_mix"))
    assert set(full.schedules) == {"build_up", "phase_out", "rebuild", "build_on", "learning_infrastructure"}
    assert full.schedules["build_up"] == both.schedules["build_up"] == only.schedules["build_up"]
    reflex = Scenario.load(find_scenario("risk_reflex"))
    assert len(reflex.events) >= 4 and {k for k, _ in reflex.sweep} == {
        "space_guarantee",
        "societal_dialogue",
    }
    # everything but the counterfactual keeps history's parameters: the levers are the difference
    assert all(s.parameters == hist.parameters for s in library() if s.name != "no_proeftuinen")


def test_find_scenario_takes_library_names_and_paths(tmp_path):
    assert find_scenario("full_mix") == library_dir() / "full_mix.toml"
    assert find_scenario("full_mix.toml") == library_dir() / "full_mix.toml"
    own = tmp_path / "full_mix.toml"
    own.write_text('title = "mine"\n')
    assert find_scenario(own) == own  # an existing path wins
    with pytest.raises(ValueError, match="Did you mean 'full_mix'"):
        find_scenario("ful_mix")
