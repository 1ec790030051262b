"""The Mesa agent views: validated writes, refused Mesa operations, rng= and the DataCollector."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap

import mesa
import numpy as np
import pandas as pd
import pytest

from regimesim import RegimeModel
from regimesim.agents import (
    AGENT_TYPES,
    Family,
    Ministry,
    Municipality,
    Proeftuin,
    Professional,
    ReadOnlyFieldError,
)
from regimesim.state import COERCIVE, NONE, VOLUNTARY, WAITING, copy_state, states_equal

#: small and short; 2023 so that proeftuinen are active from the start
TINY = {"scale": 0.01, "start_year": 2023, "end_year": 2023}


def tiny(seed: int = 1, **kw) -> RegimeModel:
    return RegimeModel(TINY, seed=seed, **kw)


@pytest.fixture(scope="module")
def model() -> RegimeModel:
    """One model for the refused writes (each test checks it left the state unchanged)."""
    return tiny()


def pick(model: RegimeModel, kind: str):
    """The agent a table row writes to."""
    st = model.state
    fam = st.families
    if kind == "family":
        return model.agents_by_type[Family][0]
    if kind == "family_in_help":
        f = int(np.flatnonzero((fam.status == VOLUNTARY) | (fam.status == COERCIVE))[0])
        return next(a for a in model.agents_by_type[Family] if a.index == f)
    if kind == "family_not_in_help":
        f = int(np.flatnonzero((fam.status == NONE) | (fam.status == WAITING))[0])
        return next(a for a in model.agents_by_type[Family] if a.index == f)
    if kind == "professional":
        return model.agents_by_type[Professional][0]
    if kind == "municipality":
        return model.agents_by_type[Municipality][0]
    if kind == "ministry":
        return model.agents_by_type[Ministry][0]
    if kind == "proeftuin":
        return model.agents_by_type[Proeftuin][0]
    raise AssertionError(kind)


def sizes(model: RegimeModel, agent) -> dict[str, object]:
    st = model.state
    out = {
        "last_mun": len(st.municipalities.region) - 1,
        "last_pro": len(st.professionals.region) - 1,
        "k": st.professionals.ties.shape[1],
    }
    if isinstance(agent, Family):
        r = agent.region
        lo = int(st.regions.pro_start[r])
        out.update(region=r, lo=lo, hi=lo + int(st.regions.pro_count[r]) - 1)
        other = (r + 1) % len(st.regions.pro_start)
        out["other_post"] = int(st.regions.pro_start[other])
    if isinstance(agent, Professional):
        out["self"] = agent.index
    return out


STATUS = "one of 0 none, 1 waiting, 2 voluntary, 3 coercive"
UNIT = "a number in [0, 1]"
MUN = "a municipality index 0..{last_mun}"
POST = "-1 (none) or a post index 0..{last_pro}"

# (agent, field, value, error, fragments of the message besides "Type.field" and the value)
BAD_WRITES = [
    # out-of-bounds indices (the segfault of the issue), type, code
    ("family", "municipality", 10**6, ValueError, [MUN]),
    ("family", "municipality", -1, ValueError, [MUN]),
    ("family", "municipality", 3.5, TypeError, [MUN, "whole number"]),
    ("family", "municipality", "3", TypeError, [MUN]),
    ("family", "municipality", None, TypeError, [MUN]),
    ("family_in_help", "professional", 10**6, ValueError, [POST]),
    ("family_in_help", "professional", -2, ValueError, [POST]),
    (
        "family_in_help",
        "professional",
        "{other_post}",
        ValueError,
        ["a post of the family's region {region} (posts {lo}..{hi})"],
    ),
    (
        "family_not_in_help",
        "professional",
        "{lo}",
        ValueError,
        ["only while the family is in help", "set Family.status first"],
    ),
    ("family", "status", 7, ValueError, [STATUS]),
    ("family", "status", -1, ValueError, [STATUS]),
    ("family", "status", 2.5, TypeError, [STATUS, "whole number"]),
    ("family", "status", True, TypeError, ["whole number"]),
    ("family", "status", math.nan, ValueError, [STATUS]),
    ("family", "route", 2, ValueError, ["one of 0 old, 1 new"]),
    ("family", "route", np.float64(0.5), TypeError, ["one of 0 old, 1 new"]),
    # real fields: nan, inf, range, type
    ("family", "unsafety", math.nan, ValueError, [UNIT]),
    ("family", "unsafety", math.inf, ValueError, [UNIT]),
    ("family", "unsafety", 1.5, ValueError, [UNIT]),
    ("family", "unsafety", "0.5", TypeError, [UNIT]),
    ("family", "unsafety", True, TypeError, [UNIT]),
    ("family", "wellbeing", -0.01, ValueError, [UNIT]),
    ("family", "trust", -math.inf, ValueError, [UNIT]),
    ("professional", "position", 2.5, ValueError, [UNIT, "practice position"]),
    ("professional", "position", math.nan, ValueError, [UNIT]),
    ("professional", "stress", math.nan, ValueError, [UNIT]),
    ("professional", "stress", -0.1, ValueError, [UNIT]),
    ("professional", "active", 2, ValueError, ["0 or 1"]),
    ("professional", "active", 0.5, TypeError, ["0 or 1", "whole number"]),
    ("professional", "tasted_new", -1, ValueError, ["0 or 1"]),
    ("municipality", "fallback_use", 1.5, ValueError, [UNIT]),
    ("ministry", "risk_aversion", 1.2, ValueError, [UNIT]),
    ("ministry", "transformative_capacity", math.nan, ValueError, [UNIT]),
    ("proeftuin", "maturity", 1.5, ValueError, [UNIT]),
    ("proeftuin", "knowledge", -1.0, ValueError, ["a finite number >= 0"]),
    ("proeftuin", "small_wins", math.inf, ValueError, ["a finite number >= 0"]),
    # read-only: derived each month or bookkeeping; the message says what to set instead
    ("family", "region", 0, ReadOnlyFieldError, ["read-only", "set Family.municipality"]),
    ("professional", "region", 0, ReadOnlyFieldError, ["read-only"]),
    ("professional", "caseload", 3, ReadOnlyFieldError, ["read-only", "Family.professional"]),
    ("professional", "workload", 0.5, ReadOnlyFieldError, ["read-only", "Family.professional"]),
    ("professional", "burnt_out", 1, ReadOnlyFieldError, ["read-only", "Professional.stress"]),
    ("professional", "in_proeftuin", 1, ReadOnlyFieldError, ["read-only"]),
    ("municipality", "region", 1, ReadOnlyFieldError, ["read-only", "Family.municipality"]),
    ("municipality", "n_families", 5, ReadOnlyFieldError, ["read-only", "Family.municipality"]),
    ("municipality", "waiting", 5, ReadOnlyFieldError, ["read-only", "Family.status"]),
    ("municipality", "cases", 5, ReadOnlyFieldError, ["read-only", "Family.status"]),
    ("municipality", "budget_stress", 0.2, ReadOnlyFieldError, ["read-only"]),
    ("municipality", "team_capacity", 0.2, ReadOnlyFieldError, ["read-only", "rationing"]),
    ("ministry", "backing", 0.2, ReadOnlyFieldError, ["read-only", "transformative_capacity"]),
    ("ministry", "participation", 0.2, ReadOnlyFieldError, ["read-only", "participation_base"]),
    ("ministry", "knowledge_weighed", 0.0, ReadOnlyFieldError, ["read-only"]),
    ("proeftuin", "start", 0, ReadOnlyFieldError, ["read-only"]),
    ("proeftuin", "dual_running", 0.0, ReadOnlyFieldError, ["read-only", "Proeftuin.maturity"]),
    ("family", "index", 10**6, ReadOnlyFieldError, ["read-only"]),
    # peers: rewiring is validated
    ("professional", "peers", [10**6], ValueError, ["post indices 0..{last_pro}"]),
    ("professional", "peers", ["{self}"], ValueError, ["not the post itself ({self})"]),
    ("professional", "peers", list(range(1, 100)), ValueError, ["at most {k} post indices"]),
    ("professional", "peers", [1.5], TypeError, ["at most {k} post indices"]),
    ("professional", "peers", "12", TypeError, ["at most {k} post indices"]),
]


def _fill(value, s):
    if isinstance(value, str) and value.startswith("{"):
        return int(value.format(**s))
    if isinstance(value, list):
        return [_fill(v, s) for v in value]
    return value


@pytest.mark.parametrize(
    ("who", "field", "value", "error", "fragments"),
    BAD_WRITES,
    ids=[f"{w}.{f}={v!r}"[:60] for w, f, v, _, _ in BAD_WRITES],
)
def test_a_bad_write_is_refused_by_name_and_leaves_the_state_unchanged(
    model, who, field, value, error, fragments
):
    agent = pick(model, who)
    s = sizes(model, agent)
    value = _fill(value, s)
    before = copy_state(model.state)
    with pytest.raises(error) as info:
        setattr(agent, field, value)
    message = str(info.value)
    assert f"{type(agent).__name__}.{field}" in message
    for fragment in fragments:
        assert fragment.format(**s) in message, message
    assert repr(value) in message, message
    assert states_equal(before, model.state), "a refused write changed the state"


def test_peers_are_read_only_and_rewiring_reaches_the_ties():
    model = tiny()
    pro = model.agents_by_type[Professional][3]
    ties = model.state.professionals.ties
    before = ties.copy()
    with pytest.raises(ValueError, match="read-only"):
        pro.peers[0] = 10**6
    np.testing.assert_array_equal(ties, before)
    k = ties.shape[1]
    pro.peers = [0, np.int64(1), 2.0]
    assert list(ties[3]) == [0, 1, 2] + [-1] * (k - 3)
    assert list(pro.peers) == [0, 1, 2]
    np.testing.assert_array_equal(np.delete(ties, 3, axis=0), np.delete(before, 3, axis=0))
    model.step()  # the kernels run on the rewired network


def test_valid_writes_reach_the_state_and_keep_dependent_fields_consistent():
    model = tiny()
    st = model.state
    fam = st.families
    mun = st.municipalities
    # moving a family in help to a municipality of another region: region follows, the
    # municipalities' counts move, and the case is released for a post of the new region
    f_agent = pick(model, "family_in_help")
    f = f_agent.index
    old_m = f_agent.municipality
    new_m = int(np.flatnonzero(mun.region != fam.region[f])[0])
    counts = mun.n_families.copy()
    f_agent.municipality = new_m
    assert fam.municipality[f] == new_m
    assert fam.region[f] == mun.region[new_m]
    assert mun.n_families[old_m] == counts[old_m] - 1
    assert mun.n_families[new_m] == counts[new_m] + 1
    assert fam.professional[f] == -1
    # whole numbers written as floats or numpy integers are stored as the integer
    f_agent.status = 3.0
    assert fam.status[f] == COERCIVE
    # a post of the family's own region is accepted
    r = int(fam.region[f])
    f_agent.professional = np.int32(st.regions.pro_start[r])
    assert fam.professional[f] == st.regions.pro_start[r]
    # leaving help releases the post and restarts the months in the status
    fam.months[f] = 7
    f_agent.status = 0
    assert (fam.status[f], fam.professional[f], fam.months[f]) == (NONE, -1, 0)
    # vacating a post restarts its vacancy count; flags take True/False
    pro = next(a for a in model.agents_by_type[Professional] if a.active)
    st.professionals.vacancy[pro.index] = 5
    pro.active = False
    assert (st.professionals.active[pro.index], st.professionals.vacancy[pro.index]) == (0, 0)
    # a family put into help gets a post of its region from the census within the month
    g_agent = pick(model, "family_not_in_help")
    g = g_agent.index
    g_agent.status = VOLUNTARY
    model.step()
    if fam.status[g] in (VOLUNTARY, COERCIVE):  # not resolved within the month
        j = fam.professional[g]
        assert j >= 0 and st.professionals.region[j] == fam.region[g]


def test_a_bad_index_write_cannot_crash_the_process():
    """The issue's segfault: writes of an out-of-range municipality, then steps. In a
    subprocess, so that a crash fails this test instead of killing pytest."""
    script = textwrap.dedent(
        """
        import numpy as np
        from regimesim import RegimeModel
        from regimesim.agents import Family
        model = RegimeModel({"scale": 0.01, "start_year": 2019, "end_year": 2019}, seed=1)
        refused, message = 0, "(no write refused)"
        for family in model.agents_by_type[Family]:
            if family.status != 0:  # waiting or in help: the kernels index by municipality
                try:
                    family.municipality = 10**6
                except ValueError as e:
                    refused += 1
                    message = str(e)
        print(refused, message)
        for _ in range(3):
            model.step()
        print("stepped", model.month)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    first, second = done.stdout.splitlines()[-2:]
    assert int(first.split()[0]) > 0
    assert "Family.municipality must be a municipality index 0.." in first
    assert second == "stepped 3"


@pytest.mark.parametrize(
    ("agent_type", "instead"),
    [
        (Family, "status = 0"),
        (Professional, "active = 0"),
        (Municipality, "Family.municipality"),
        (Ministry, "change its fields"),
        (Proeftuin, "lower its energy or maturity"),
    ],
)
def test_remove_is_refused_and_says_what_to_do(model, agent_type, instead):
    agents = model.agents_by_type[agent_type]
    n = len(agents)
    with pytest.raises(TypeError, match="remove") as info:
        agents[0].remove()
    assert f"{agent_type.__name__}.remove() is not supported" in str(info.value)
    assert instead in str(info.value)
    assert len(model.agents_by_type[agent_type]) == n


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.agents.shuffle_do("step"),
        lambda m: m.agents.do("step"),
        lambda m: m.agents_by_type[Professional].shuffle_do("step"),
        lambda m: m.agents_by_type[Family].do("advance"),
        lambda m: m.agents_by_type[Ministry][0].step(),
    ],
    ids=["shuffle_do", "do", "type-shuffle_do", "advance", "agent.step"],
)
def test_agent_step_is_refused_pointing_to_model_step(call):
    model = tiny()
    before = copy_state(model.state)
    with pytest.raises(TypeError, match=r"step\(\) is not supported.*call model\.step\(\) instead"):
        call(model)
    assert states_equal(before, model.state)
    assert model.month == 0


def test_every_field_is_declared_with_a_meaning():
    for agent_type in AGENT_TYPES:
        for name, spec in agent_type.fields.items():
            assert spec.meaning, f"{agent_type.__name__}.{name}"
            assert spec.kind in {"number", "flag", "code", "index", "derived"}
            assert (spec.kind == "derived") == bool(spec.read_only)


# --- rng= as Mesa accepts it ------------------------------------------------------------------
def _run(rng, steps: int = 4) -> tuple[int, np.ndarray]:
    model = RegimeModel(TINY, rng=rng)
    for _ in range(steps):
        model.step()
    return model.seed, model.indicators().to_numpy()


@pytest.mark.compiled_only
@pytest.mark.parametrize(
    "make",
    [
        lambda s: np.random.default_rng(s),
        lambda s: np.random.SeedSequence(s),
        lambda s: np.random.PCG64(s),
    ],
    ids=["Generator", "SeedSequence", "BitGenerator"],
)
def test_rng_generator_or_seedsequence_gives_a_reproducible_run(make):
    seed_a, a = _run(make(5))
    seed_b, b = _run(make(5))
    seed_c, c = _run(make(6))
    assert seed_a == seed_b and isinstance(seed_a, int)
    np.testing.assert_array_equal(a, b)
    assert seed_c != seed_a
    assert not np.array_equal(a, c)
    # the recorded integer seed repeats the run
    np.testing.assert_array_equal(_run(seed_a)[1], a)


def test_rng_generator_state_decides_the_run():
    gen = np.random.default_rng(9)
    first, a = _run(gen)
    second, b = _run(gen)  # the generator advanced: another run
    assert first != second
    assert not np.array_equal(a, b)


def test_rng_none_records_its_seed_and_int_is_the_seed():
    model = RegimeModel(TINY, rng=None)
    assert isinstance(model.seed, int) and model.seed >= 0
    assert RegimeModel(TINY, rng=np.int64(12)).seed == 12
    assert RegimeModel(TINY, seed=12).seed == 12


@pytest.mark.parametrize(
    ("rng", "error"), [("abc", TypeError), (1.5, TypeError), (True, TypeError), (-3, ValueError)]
)
def test_bad_rng_is_named(rng, error):
    with pytest.raises(error, match="seed/rng"):
        RegimeModel(TINY, rng=rng)


# --- DataCollector --------------------------------------------------------------------------------
def test_datacollector_is_indexed_by_month_like_indicators():
    model = tiny()
    for _ in range(3):
        model.step()
    collected = model.datacollector.get_model_vars_dataframe()
    expected = pd.period_range("2023-01", periods=3, freq="M", name="month")
    pd.testing.assert_index_equal(collected.index, expected)
    pd.testing.assert_frame_equal(collected, model.indicators())


def test_batch_run_reads_the_collector_by_month():
    rows = mesa.batch_run(
        RegimeModel,
        {**TINY, "phase_out": [0.0]},
        rng=[2],
        max_steps=5,
        number_processes=1,
        data_collection_period=1,
        display_progress=False,
    )
    model = RegimeModel(TINY, rng=2)
    for _ in range(5):
        model.step()
    ref = model.indicators()["regime_strength"].to_numpy()
    got = [r["regime_strength"] for r in rows if r["Step"] >= 1]
    np.testing.assert_array_equal(got, ref)


def test_a_row_collected_before_the_first_step_is_the_month_before_the_start():
    model = tiny()
    model.datacollector.collect(model)
    model.step()
    collected = model.datacollector.get_model_vars_dataframe()
    assert [str(p) for p in collected.index] == ["2022-12", "2023-01"]
    assert collected["regime_strength"].isna().tolist() == [True, False]


@pytest.mark.parametrize(
    ("who", "name", "fragments"),
    [
        ("family", "statuss", ["no field 'statuss'", "did you mean 'status'"]),
        ("professional", "stres", ["did you mean 'stress'"]),
        ("municipality", "colour", ["no field 'colour'", "Its fields: region"]),
        ("professional", "_index", ["_index", "read-only"]),
    ],
)
def test_an_unknown_or_misspelt_attribute_is_refused(model, who, name, fragments):
    agent = pick(model, who)
    before = copy_state(model.state)
    with pytest.raises(AttributeError) as info:
        setattr(agent, name, 1)
    assert all(f in str(info.value) for f in fragments), str(info.value)
    assert not hasattr(agent, name) or name == "_index"
    assert agent.index == agent._index and states_equal(before, model.state)


def test_mesa_may_still_place_an_agent():
    agent = tiny().agents_by_type[Family][0]
    agent.pos = (1, 2)  # what Mesa's spaces set
    agent.cell = None
    assert agent.pos == (1, 2)
