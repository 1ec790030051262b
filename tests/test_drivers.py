"""The two drivers: compiled ``simulate`` and the Mesa ``RegimeModel`` run the same kernels."""

from __future__ import annotations

import numpy as np
import pytest

import regimesim
from regimesim import RegimeModel, Schedule, simulate
from regimesim.agents import Family, Ministry, Municipality, Proeftuin, Professional
from regimesim.indicators import NAMES
from regimesim.state import states_equal

SHORT = {"scale": 0.02, "start_year": 2019, "end_year": 2024}  # spans the 2021/2022 tranches


@pytest.mark.compiled_only
def test_same_seed_same_trajectory_from_both_drivers():
    levers = {"build_up": Schedule.from_year(2022, 0.8), "phase_out": Schedule.from_year(2023, 0.5)}
    result = simulate(SHORT, levers=levers, seed=7)
    model = RegimeModel(SHORT, levers=levers, seed=7)
    while model.running:
        model.step()
    assert model.month == len(result.indicators)
    # identical, not merely close: the same kernels draw from the same generator in order
    np.testing.assert_array_equal(model.indicators().to_numpy(), result.indicators.to_numpy())
    assert states_equal(model.state, result.state)
    collected = model.datacollector.get_model_vars_dataframe()
    assert list(collected.columns) == list(NAMES)
    np.testing.assert_array_equal(collected.to_numpy(), result.indicators.to_numpy())


@pytest.mark.compiled_only
def test_seed_reproducibility_and_sensitivity():
    a = simulate(SHORT, seed=1).indicators
    b = simulate(SHORT, seed=1).indicators
    c = simulate(SHORT, seed=2).indicators
    assert a.equals(b)
    assert not a.equals(c)


@pytest.mark.compiled_only
def test_identical_results_in_threads():
    """Runs in parallel threads (the kernels release the GIL) match serial runs bit for bit."""
    from concurrent.futures import ThreadPoolExecutor

    serial = [simulate(SHORT, seed=s).indicators.to_numpy() for s in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda s: simulate(SHORT, seed=s).indicators.to_numpy(), range(4)))
    for x, y in zip(serial, threaded, strict=True):
        np.testing.assert_array_equal(x, y)


def test_agents_are_views_that_write_through():
    model = RegimeModel(SHORT, seed=3)
    st = model.state
    pro = model.agents_by_type[Professional].to_list()[5]
    pro.stress = 0.77
    assert st.professionals.stress[pro.index] == 0.77
    st.professionals.position[pro.index] = 0.33
    assert pro.position == 0.33
    fam = model.agents_by_type[Family].to_list()[0]
    fam.unsafety = 0.99
    assert st.families.unsafety[0] == 0.99
    # a kernel sees what an agent wrote: vacate every post of one region through the views;
    # after one month each of them was either counted vacant by the kernel or hired anew
    region = pro.region
    posts = model.agents_by_type[Professional].select(lambda a: a.region == region and a.active == 1)
    posts.set("active", 0)
    posts.set("stress", 0.99)
    model.step()
    p = model.params
    for post in posts:
        j = post.index
        if st.professionals.active[j] == 0:
            assert st.professionals.vacancy[j] == 1
        else:  # a new hire starts with the new-hire stress, not the 0.99 written above
            assert st.professionals.vacancy[j] == 0
            assert st.professionals.stress[j] == pytest.approx(p.newhire_stress)
    assert any(st.professionals.active[a.index] == 0 for a in posts)
    assert model.agents_by_type[Professional].to_list()[5].stress == st.professionals.stress[5]


def test_mesa_api_agents_by_type_select_agg():
    p = regimesim.make_parameters(SHORT)
    model = RegimeModel(p, seed=4)
    n_pros = round(p.scale * p.n_professionals_full)
    assert len(model.agents_by_type[Professional]) == n_pros
    assert len(model.agents_by_type[Family]) == round(p.scale * p.n_families_full)
    assert len(model.agents_by_type[Municipality]) == p.n_municipalities
    assert len(model.agents_by_type[Ministry]) == p.n_ministries
    assert Proeftuin not in model.agents_by_type  # none before 2021
    active = model.agents_by_type[Professional].select(lambda a: a.active == 1)
    mean_stress = active.agg("stress", np.mean)
    st = model.state.professionals
    assert mean_stress == pytest.approx(st.stress[st.active == 1].mean())
    for _ in range(12 * 4):  # to 2023: both tranches have started
        model.step()
    tuinen = model.agents_by_type[Proeftuin]
    assert len(tuinen) == p.proeftuinen_first + p.proeftuinen_second
    assert all(model.state.proeftuinen.active[t.region] == 1 for t in tuinen)
    assert model.regime_strength == model.indicators()["regime_strength"].iloc[-1]


def test_model_stops_at_the_end_year():
    model = RegimeModel({"scale": 0.02, "start_year": 2020, "end_year": 2020}, seed=0)
    for _ in range(15):
        model.step()
    assert not model.running
    assert model.month == 12
    assert len(model.datacollector.get_model_vars_dataframe()) == 12


@pytest.mark.compiled_only
def test_batch_run_works_as_a_mesa_user_expects():
    import mesa

    rows = mesa.batch_run(
        RegimeModel,
        {"scale": 0.02, "start_year": 2020, "end_year": 2021, "phase_out": [0.0, 0.8]},
        rng=[11, 12],
        max_steps=30,
        number_processes=1,
        data_collection_period=-1,
        display_progress=False,
    )
    assert len(rows) == 4
    assert {r["phase_out"] for r in rows} == {0.0, 0.8}
    # the batch run with rng=11 is the simulate run with seed 11
    ref = simulate({"scale": 0.02, "start_year": 2020, "end_year": 2021, "phase_out": 0.8}, seed=11)
    row = next(r for r in rows if r["phase_out"] == 0.8 and r["seed"] == 11)
    assert row["regime_strength"] == ref.indicators["regime_strength"].iloc[-1]


@pytest.mark.compiled_only
def test_batch_run_reports_the_seed_it_drew_so_that_a_row_can_be_rerun():
    import mesa

    rows = mesa.batch_run(
        RegimeModel,
        {"scale": 0.02, "start_year": 2020, "end_year": 2021},
        rng=[None, None],  # what the deprecated iterations=2 means
        max_steps=6,
        number_processes=1,
        data_collection_period=-1,
        display_progress=False,
    )
    seeds = [r["seed"] for r in rows]
    assert all(isinstance(s, int) for s in seeds) and seeds[0] != seeds[1]
    for row in rows:
        ref = simulate({"scale": 0.02, "start_year": 2020, "end_year": 2021}, seed=row["seed"])
        assert row["regime_strength"] == ref.indicators["regime_strength"].iloc[5]


def test_bad_inputs_are_named():
    with pytest.raises(ValueError, match="phase_out"):
        RegimeModel(phase_out=2.0)
    with pytest.raises(ValueError, match="Did you mean 'build_up'"):
        simulate(SHORT, levers={"buildup": 0.5})
    for bad in (-1, 2**63, 10**30):  # seeds are what a TOML integer and SeedSequence both hold
        with pytest.raises(ValueError, match=r"seed.*2\*\*63 - 1"):
            simulate(SHORT, seed=bad)
        with pytest.raises(ValueError, match=r"seed/rng.*2\*\*63 - 1"):
            RegimeModel(SHORT, rng=bad)
    with pytest.raises(ValueError, match="seed or rng"):
        RegimeModel(SHORT, seed=1, rng=2)


def test_mesa_scenario_carries_parameters_and_seed():
    """Mesa 3.5's ``Model(scenario=...)``: the scenario's fields are parameters and levers, its
    rng the seed; ``model.scenario`` holds what was used, so that Mesa can re-create the model."""
    from mesa.experimental.scenarios import Scenario

    short = {**SHORT, "end_year": 2020}
    model = RegimeModel(scenario=Scenario(rng=7, **short, phase_out=0.6))
    assert model.seed == 7 and model.params.phase_out == 0.6 and model.params.scale == SHORT["scale"]
    assert model.scenario.rng == 7 and model.scenario.phase_out == 0.6
    for _ in range(3):
        model.step()
    ref = simulate(short, levers={"phase_out": 0.6}, seed=7).indicators.to_numpy()[:3]
    np.testing.assert_array_equal(model.indicators().to_numpy(), ref)
    # fields and keyword parameters combine; a scenario without rng takes the seed given
    model = RegimeModel(short, seed=3, scenario=Scenario(phase_out=0.2))
    assert (model.seed, model.params.phase_out, model.scenario.rng) == (3, 0.2, 3)


def test_mesa_scenario_errors_name_the_problem():
    from mesa.experimental.scenarios import Scenario

    with pytest.raises(ValueError, match=r"unknown parameter 'phaseout'.*Did you mean 'phase_out'"):
        RegimeModel(SHORT, scenario=Scenario(rng=1, phaseout=0.6))
    with pytest.raises(ValueError, match="'scale' given both in the scenario and as a parameter"):
        RegimeModel(SHORT, scenario=Scenario(rng=1, scale=0.05))
    with pytest.raises(ValueError, match=r"scenario's rng \(1\) and seed/rng \(2\) differ"):
        RegimeModel(SHORT, seed=2, scenario=Scenario(rng=1))
    with pytest.raises(TypeError, match=r"RegimeModel\.from_scenario"):
        RegimeModel(SHORT, scenario="full_mix")
    with pytest.raises(ValueError, match="phase_out"):
        RegimeModel(SHORT, scenario=Scenario(rng=1, phase_out=2.0))


def _run_seed(seed: int) -> np.ndarray:
    return simulate(SHORT, seed=seed).indicators.to_numpy()


@pytest.mark.compiled_only
def test_identical_results_in_worker_processes():
    """A seed gives the same run in a fresh worker process (spawned, as Dask or Mesa would)."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=2, mp_context=mp.get_context("spawn")) as pool:
        remote = list(pool.map(_run_seed, [3, 4]))
    for seed, arr in zip([3, 4], remote, strict=True):
        np.testing.assert_array_equal(arr, _run_seed(seed))
