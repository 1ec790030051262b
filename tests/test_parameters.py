"""Parameters are declared once; bad values raise errors that name the parameter and range."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from regimesim.levers import LEVERS
from regimesim.parameters import BY_NAME, KERNEL_FIELDS, PARAMETERS, make_parameters, table

RULES = Path(__file__).resolve().parents[1] / "src" / "regimesim"


def test_every_declaration_is_complete_and_consistent():
    names = [p.name for p in PARAMETERS]
    assert len(names) == len(set(names)), "a parameter is declared twice"
    for p in PARAMETERS:
        assert p.low <= p.default <= p.high, p.name
        assert p.kind in ("lever", "uncertainty", "structural"), p.name
        assert p.unit and p.meaning and p.source, f"{p.name} lacks unit, meaning or source"
        if p.integer:
            assert float(p.default).is_integer(), p.name
    assert {p.name for p in PARAMETERS if p.kind == "lever"} == set(LEVERS)


def test_kernels_read_only_declared_parameters_and_every_parameter_is_read():
    """Each ``p.<name>`` in the rule code is declared, and each declared parameter is read."""
    kernels = [*(RULES / "rules").glob("*.py"), RULES / "indicators.py", RULES / "step.py"]
    used = set(re.findall(r"\bp\.([a-z_][a-z0-9_]*)", "\n".join(f.read_text() for f in kernels)))
    assert used - set(KERNEL_FIELDS) == set(), "undeclared parameters read by kernels"
    everywhere = "\n".join(f.read_text() for f in RULES.rglob("*.py") if f.name != "parameters.py")
    attributes = set(re.findall(r"\.([a-z_][a-z0-9_]*)", everywhere))
    unread = [p.name for p in PARAMETERS if p.kind != "lever" and p.name not in attributes]
    assert unread == [], "declared but never read"


def test_defaults_and_overrides():
    params = make_parameters()
    assert params.to_dict() == {p.name: p.default for p in PARAMETERS}
    assert params.overrides() == {}
    changed = make_parameters({"phase_out": 0.6}, scale=0.1)
    assert changed.phase_out == 0.6 and changed.scale == 0.1
    assert changed.overrides() == {"phase_out": 0.6, "scale": 0.1}
    assert changed.replace(scale=0.2).scale == 0.2
    kp = changed.kernel()
    assert kp.scale == 0.1 and not hasattr(kp, "phase_out")  # levers reach kernels as schedules
    assert isinstance(make_parameters(end_year="2050").end_year, int)  # strings from the CLI


@pytest.mark.parametrize(
    ("overrides", "exc", "fragments"),
    [
        ({"phase_oot": 0.5}, ValueError, ["phase_oot", "Did you mean 'phase_out'"]),
        ({"phase_out": 1.5}, ValueError, ["phase_out", "[0, 1]"]),
        ({"scale": -1}, ValueError, ["scale", "[0.0056, 1]"]),
        ({"scale": "big"}, TypeError, ["scale", "a number"]),
        ({"n_regions": 4.5}, TypeError, ["n_regions", "whole number"]),
        ({"peer_ties": True}, TypeError, ["peer_ties"]),
        ({"end_year": 2009}, ValueError, ["end_year", "start_year"]),
        ({"proeftuinen_first": 40}, ValueError, ["proeftuinen_first", "n_regions"]),
        ({"scale": 0.01, "n_regions": 100}, ValueError, ["scale", "2 a region", "0.0133"]),
        ({"coercion_unsafety": float("nan")}, ValueError, ["coercion_unsafety"]),
    ],
)
def test_bad_values_name_the_parameter_and_allowed_range(overrides, exc, fragments):
    with pytest.raises(exc) as info:
        make_parameters(overrides)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_table_lists_every_parameter():
    rows = table()
    assert [r["name"] for r in rows] == [p.name for p in PARAMETERS]
    assert rows[0].keys() >= {"name", "kind", "default", "low", "high", "unit", "meaning", "source"}
    assert BY_NAME["scale"].kind == "structural"
