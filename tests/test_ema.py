"""The EMA Workbench adapter (regimesim.ema): uncertainties, levers and outcomes from the
parameter declarations; EMA's experiments give the ensemble engine's results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from ema_workbench import perform_experiments

from regimesim.ema import ema_model, engine_evaluator
from regimesim.ensemble import Design, DesignError, Outputs, read_table, run_ensemble
from regimesim.parameters import BY_NAME
from regimesim.scenario import Scenario, find_scenario

FIXED = {"scale": 0.01, "end_year": 2012}
OUTPUTS = {"values": {"pressure": 2012}, "means": {"costs": [2011, 2012]}}


def test_the_model_is_built_from_the_declarations():
    model = ema_model(
        "history", uncertainties=["pressure_escalation"], levers=["phase_out"], outputs=OUTPUTS, fixed=FIXED
    )
    u = model.uncertainties["pressure_escalation"]
    p = BY_NAME["pressure_escalation"]
    assert (u.lower_bound, u.upper_bound) == (p.low, p.high)
    lever = model.levers["phase_out"]
    assert (lever.lower_bound, lever.upper_bound) == (0.0, 1.0)
    assert sorted(o.name for o in model.outcomes) == ["costs_2011_2012", "crossing_year", "pressure_2012"]
    with pytest.raises(DesignError, match="pressure_escalation"):
        ema_model("history", uncertainties=["presure_escalation"])
    with pytest.raises(DesignError, match="phase_out"):
        ema_model("history", levers=["phaseout"])


def test_the_model_carries_the_ranges_it_is_given():
    """Uncertainties given as name -> (low, high) carry exactly those bounds (not the declared
    range); an integer parameter stays an integer one; None keeps the declared range."""
    from ema_workbench import IntegerParameter, RealParameter

    given = {"pressure_escalation": (0.125, 0.375), "peer_ties": (3, 12), "commit_urgency": None}
    model = ema_model("history", uncertainties=given, outputs=OUTPUTS, fixed=FIXED)
    assert [u.name for u in model.uncertainties] == list(given)
    pe, ties, urgency = (model.uncertainties[k] for k in given)
    assert isinstance(pe, RealParameter) and (pe.lower_bound, pe.upper_bound) == (0.125, 0.375)
    assert isinstance(ties, IntegerParameter) and (ties.lower_bound, ties.upper_bound) == (3, 12)
    declared = BY_NAME["commit_urgency"]
    assert (urgency.lower_bound, urgency.upper_bound) == (declared.low, declared.high)
    for name in ("pressure_escalation", "peer_ties"):  # the given ranges are not the declared ones
        assert given[name] != (BY_NAME[name].low, BY_NAME[name].high)


@pytest.mark.compiled_only
def test_perform_experiments_gives_the_engines_outcomes(tmp_path):
    model = ema_model(
        "history",
        uncertainties={"pressure_escalation": (0.05, 0.3)},
        levers=["build_up"],
        outputs=OUTPUTS,
        fixed=FIXED,
        seed=5,
    )
    experiments, outcomes = perform_experiments(model, scenarios=3, policies=2)
    assert len(experiments) == 6
    points = experiments[["pressure_escalation", "build_up"]].reset_index(drop=True)
    base = Scenario.load(find_scenario("history")).with_parameters(**FIXED)
    outputs = Outputs(values=(("pressure", 2012),), means=(("costs", 2011, 2012),))
    design = Design((base,), points, seeds=(5,), replicates=1, outputs=outputs)
    ours = read_table(run_ensemble(design, tmp_path / "o", workers=2))
    for name in ("pressure_2012", "costs_2011_2012"):
        np.testing.assert_array_equal(ours[name].to_numpy(), np.asarray(outcomes[name], dtype=float))
    assert len(set(ours.pressure_2012)) == 6  # six different experiments
    pd.testing.assert_frame_equal(ours[points.columns], points, check_dtype=False)


def _samples(model, evaluator=None):
    """EMA experiments of ``model`` with fixed samples (3 scenarios x 2 policies)."""
    return perform_experiments(
        model,
        scenarios=3,
        policies=2,
        evaluator=evaluator,
        uncertainty_sampling_kwargs={"rng": 7},
        lever_sampling_kwargs={"rng": 8},
    )


@pytest.mark.compiled_only
@pytest.mark.parametrize(("backend", "workers"), [("threads", 2), ("processes", 2), ("dask", 2)])
def test_the_engine_evaluator_gives_the_sequential_evaluators_outcomes(backend, workers):
    """EMA experiments run on our backends give exactly what EMA's own sequential evaluator
    gives for the same samples: the same experiments and the same outcomes."""
    model = ema_model(
        "history",
        uncertainties={"pressure_escalation": (0.05, 0.3)},
        levers=["build_up"],
        outputs=OUTPUTS,
        fixed=FIXED,
        seed=5,
    )
    experiments, outcomes = _samples(model)
    with engine_evaluator(model, backend=backend, workers=workers, chunk_size=2) as evaluator:
        ours, our_outcomes = _samples(model, evaluator)
    factors = ["pressure_escalation", "build_up", "model"]  # the samples' names are EMA's counters
    pd.testing.assert_frame_equal(ours[factors], experiments[factors])
    assert sorted(our_outcomes) == sorted(outcomes)
    for name in outcomes:
        np.testing.assert_array_equal(our_outcomes[name], outcomes[name])
    assert len(set(outcomes["pressure_2012"])) == 6  # six different experiments, not one run repeated


@pytest.mark.compiled_only
def test_the_engine_evaluator_runs_replications_with_their_seeds():
    """A ReplicatorModel's replications (here: seeds) each run, and come back per experiment in
    EMA's order, as with the sequential evaluator."""
    from ema_workbench import ArrayOutcome, RealParameter, ReplicatorModel

    from regimesim.ema import experiment_function

    base = Scenario.load(find_scenario("history")).with_parameters(**FIXED)
    outputs = Outputs(values=(("workload", 2012),), crossing_year=False)
    model = ReplicatorModel("replicated", function=experiment_function(base, outputs))
    model.uncertainties = [RealParameter("pressure_escalation", 0.05, 0.3)]
    model.outcomes = [ArrayOutcome("workload_2012")]  # one value a replication
    model.replications = [{"seed": 1}, {"seed": 2}, {"seed": 3}]
    _, outcomes = perform_experiments(model, scenarios=2, uncertainty_sampling_kwargs={"rng": 3})
    with engine_evaluator(model, workers=2, chunk_size=1) as evaluator:
        _, ours = perform_experiments(
            model, scenarios=2, evaluator=evaluator, uncertainty_sampling_kwargs={"rng": 3}
        )
    assert outcomes["workload_2012"].shape == (2, 3)  # 2 experiments x 3 replications
    np.testing.assert_array_equal(ours["workload_2012"], outcomes["workload_2012"])
    assert len(set(outcomes["workload_2012"][0])) == 3  # the seeds differ


def test_the_engine_evaluator_refuses_other_models_and_bad_options():
    from ema_workbench import Model

    def plain(x=0.0):
        return {"y": x}

    with pytest.raises(ValueError, match=r"backend: unknown backend 'thread'.*threads"):
        engine_evaluator(Model("plain", function=plain), backend="thread")
    with pytest.raises(ValueError, match="chunk_size"):
        engine_evaluator(Model("plain", function=plain), chunk_size=0)
    evaluator = engine_evaluator(Model("plain", function=plain))
    with pytest.raises(TypeError, match=r"'plain' was not made by regimesim\.ema\.ema_model"), evaluator:
        pass
