"""The model documentation is complete and generated blocks are up to date with the code."""

from __future__ import annotations

import pkgutil
import re
from pathlib import Path

import pytest

import regimesim.rules
from regimesim._docs import FILES, ORDER, render

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "model.md"


@pytest.mark.parametrize("rel", sorted(FILES))
def test_generated_blocks_are_current(rel):
    text = (ROOT / rel).read_text()
    assert render(text, FILES[rel]) == text, f"{rel} is stale: run `python -m regimesim._docs`"


def test_the_scenario_docs_name_every_library_scenario():
    from regimesim.scenario import library_files

    text = (ROOT / "docs" / "scenarios.md").read_text() + (ROOT / "scenarios" / "README.md").read_text()
    for path in library_files():
        assert f"`{path.name}`" in text


def test_every_rule_module_is_documented_and_cites_a_seed():
    modules = {m.name for m in pkgutil.iter_modules(regimesim.rules.__path__)} - {"_common"}
    assert set(ORDER) == modules
    for name in modules:
        doc = __import__(f"regimesim.rules.{name}", fromlist=["x"]).__doc__ or ""
        # a source key such as [DRIFT2025], defined in docs/sources.md (tests/test_sources.py)
        assert re.search(r"\[[A-Z][A-Za-z]*(19|20)\d\d\]", doc), f"{name} cites no source by key"


def test_odd_sections_are_present():
    text = DOC.read_text()
    for heading in (
        "## 1. Purpose",
        "## 2. Entities",
        "## 3. Process overview",
        "## 4. Design concepts",
        "## 5. Initialisation",
        "## 6. Input",
        "## 7. Submodels",
    ):
        assert heading in text


def test_the_documented_order_is_the_order_the_step_runs():
    step = (ROOT / "src" / "regimesim" / "step.py").read_text()
    body = step[step.index("def step(") : step.index("def run(")]
    called = re.findall(r"^\s+(\w+)\(st", body, re.M)
    module_of = {
        "landscape_step": "landscape",
        "realise_levers": "governance",
        "families_step": "families",
        "dual_running": "fallback",
        "incidents_and_reflex": "risk_reflex",
        "professionals_step": "professionals",
        "niche_step": "niche",
        "space_step": "experimental_space",
        "small_wins_step": "small_wins",
        "energy_step": "burnout",
        "learning_step": "learning",
        "municipal_step": "municipal",
        "census": "census",
        "pressure_step": "pressure",
        "optimisation_step": "optimisation",
        "lockin_step": "lockin",
    }
    order = [module_of[c] for c in called]
    # fallback's route choice runs inside families; its dual-running part after the niche
    assert [m for m in order if m != "fallback"] == [m for m in ORDER if m != "fallback"]
