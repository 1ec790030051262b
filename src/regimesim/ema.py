"""regimesim in the EMA Workbench: a ``Model`` whose uncertainties, levers and outcomes come from
the parameter declarations.

    from ema_workbench import perform_experiments
    from regimesim.ema import ema_model

    model = ema_model("full_mix", uncertainties=["pressure_escalation", "optimise_rate"],
                      levers=["phase_out", "rebuild"], outputs={"values": {"niche_share": 2050}},
                      fixed={"scale": 0.02, "end_year": 2060})
    experiments, outcomes = perform_experiments(model, scenarios=50, policies=4)

Each uncertainty is a ``RealParameter`` (``IntegerParameter`` for an integer parameter) over the
parameter's declared range (:mod:`regimesim.parameters`, ``regimesim parameters``) unless a range
is given; each lever is a ``RealParameter`` over [0, 1], its intensity (the schedule's timing
kept); the outcomes are the reductions of :class:`regimesim.ensemble.Outputs` (an indicator in a
year, its mean over years, the crossing year: NaN when the niche does not cross). ``seed`` is a
constant of the model (the run's seed; EMA's replications can vary it). An experiment runs
exactly what the ensemble engine runs for the same factor values and seed
(:func:`regimesim.ensemble.run_ensemble`, tested), so results move freely between the two.

Uses the EMA Workbench (``ema_workbench``, a dependency of regimesim).
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from regimesim.design import Outputs, factor_value, outputs_from
from regimesim.execution import Execution
from regimesim.fields import DesignError, did_you_mean
from regimesim.levers import LEVERS
from regimesim.parameters import BY_NAME
from regimesim.scenario import Scenario, find_scenario


def _base(scenario: Scenario | str, fixed: Mapping[str, Any]) -> Scenario:
    sc = scenario if isinstance(scenario, Scenario) else Scenario.load(find_scenario(scenario))
    return sc.with_parameters(**fixed) if fixed else sc


class RunExperiment:
    """The function EMA calls: keyword arguments are factor values (and ``seed``), the result a
    dict of outcomes. Keeps its base scenario and outputs, so that :func:`engine_evaluator` can
    hand the same runs to the ensemble engine's backends."""

    def __init__(self, scenario: Scenario, outputs: Outputs):
        self.scenario = scenario
        self.outputs = outputs

    def job(self, seed: int = 0, **factors: Any) -> tuple[Scenario, int]:
        """The run an experiment asks for: the scenario with the factors applied, and its seed."""
        sc = self.scenario.with_settings({key: factor_value(key, value) for key, value in factors.items()})
        return sc, int(seed)

    def __call__(self, seed: int = 0, **factors: Any) -> dict[str, float]:
        from regimesim.scenario import run

        sc, seed = self.job(seed, **factors)
        res = run(sc, seed)
        return self.outputs.reduce(res.indicators, res.crossing_year())


def experiment_function(scenario: Scenario, outputs: Outputs) -> RunExperiment:
    """The function an :func:`ema_model` runs (see :class:`RunExperiment`)."""
    return RunExperiment(scenario, outputs)


def ema_model(
    scenario: Scenario | str = "full_mix",
    *,
    uncertainties: Sequence[str] | Mapping[str, tuple[float, float]] = (),
    levers: Sequence[str] = (),
    outputs: Mapping[str, Any] | None = None,
    fixed: Mapping[str, Any] | None = None,
    seed: int = 0,
    name: str = "regimesim",
):
    """An ``ema_workbench.Model`` running ``scenario`` (a :class:`Scenario`, a library name or a
    file) with ``fixed`` overrides.

    ``uncertainties``: parameter names (over their declared ranges) or a mapping name -> (low,
    high); ``levers``: lever names (intensity in [0, 1]); ``outputs``: as a design's
    ``[outputs]`` table (default: the crossing year); ``seed``: the runs' seed (a constant).
    """
    try:
        from ema_workbench import Constant, IntegerParameter, Model, RealParameter, ScalarOutcome
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("regimesim.ema needs the EMA Workbench: pip install ema_workbench") from None
    given = isinstance(uncertainties, Mapping)
    ranges = dict(uncertainties) if given else dict.fromkeys(uncertainties)
    params = [n for n in BY_NAME if n not in LEVERS and n not in ("start_year", "end_year")]
    unc = []
    for key, bounds in ranges.items():
        if key not in params:
            raise DesignError(f"uncertainties.{key}", f"unknown parameter.{did_you_mean(key, params)}")
        p = BY_NAME[key]
        low, high = bounds if bounds is not None else (p.low, p.high)
        unc.append(IntegerParameter(key, int(low), int(high)) if p.integer else RealParameter(key, low, high))
    lev = []
    for key in levers:
        if key not in LEVERS:
            raise DesignError(f"levers.{key}", f"unknown lever.{did_you_mean(key, LEVERS)}")
        lev.append(RealParameter(key, 0.0, 1.0))
    out = outputs_from(outputs)
    model = Model(name, function=experiment_function(_base(scenario, fixed or {}), out))
    model.uncertainties = unc
    model.levers = lev
    model.outcomes = [ScalarOutcome(c) for c in out.columns()]
    model.constants = [Constant("seed", int(seed))]
    return model


class _StandIn:
    """A model's function in :func:`engine_evaluator`'s private copy of the model: first records
    the runs EMA asks for (returning NaNs), then hands back the engine's results in that order."""

    def __init__(self, fn: RunExperiment):
        self.fn = fn
        self.jobs: list[tuple[Scenario, int]] = []
        self.results: Iterator[dict[str, float]] | None = None

    def __call__(self, **kwargs: Any) -> dict[str, float]:
        if self.results is None:
            self.jobs.append(self.fn.job(**kwargs))
            return dict.fromkeys(self.fn.outputs.columns(), float("nan"))
        return next(self.results)


def engine_evaluator(
    models: Any,
    *,
    backend: str = "threads",
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_size: int | None = None,
):
    """An EMA Workbench evaluator that runs :func:`ema_model` experiments on the ensemble
    engine's backends (:data:`regimesim.ensemble.BACKENDS`: threads, a process pool, or Dask --
    a ``LocalCluster`` or the cluster at ``scheduler``), ``chunk_size`` experiments a task::

        with engine_evaluator(model, backend="processes", workers=4) as evaluator:
            experiments, outcomes = evaluator.perform_experiments(scenarios=200, policies=4)

    EMA's own evaluators run a model object per worker and mutate it as they go; this one keeps
    a private copy of each model in this process, in which EMA's runner works out what each
    experiment runs (its replications' factor values and seeds) and processes the outcomes,
    exactly as :class:`ema_workbench.SequentialEvaluator` does; only the simulations go to the
    workers. So the outcomes equal the sequential evaluator's (tested), whatever the backend.
    """
    try:
        from ema_workbench.em_framework.evaluators import BaseEvaluator
        from ema_workbench.em_framework.experiment_runner import ExperimentRunner
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("regimesim.ema needs the EMA Workbench: pip install ema_workbench") from None
    from regimesim import ensemble

    ex = Execution(backend=backend, workers=workers, scheduler=scheduler)  # checked once, named
    if chunk_size is not None and chunk_size < 1:
        raise ValueError(f"chunk_size: expected at least 1 experiment a task, got {chunk_size}")

    class EngineEvaluator(BaseEvaluator):
        def initialize(self) -> None:
            for model in self._msis:
                if not isinstance(getattr(model, "function", None), RunExperiment):
                    raise TypeError(
                        f"engine_evaluator: model {model.name!r} was not made by "
                        "regimesim.ema.ema_model; run it with an EMA evaluator"
                    )

        def finalize(self) -> None:
            pass

        def evaluate_experiments(self, experiments, callback, **kwargs) -> None:
            copies = {m.name: copy.deepcopy(m) for m in self._msis}
            stand_ins = {}
            for name, model in copies.items():
                stand_ins[name] = model.function = _StandIn(model.function)
            runner = ExperimentRunner(list(copies.values()))
            todo = []  # (experiment, first job, number of jobs) in the order EMA gave them
            for experiment in experiments:
                jobs = stand_ins[experiment.model_name].jobs
                first = len(jobs)
                runner.run_experiment(experiment)
                todo.append((experiment, first, len(jobs) - first))
            n_workers = ex.n_workers
            size = chunk_size or ensemble.default_chunk_size(len(todo), n_workers)
            # a chunk holds experiments of one model (one outputs spec)
            chunks = [
                list(g)
                for a in range(0, len(todo), size)
                for _, g in itertools.groupby(todo[a : a + size], key=lambda e: e[0].model_name)
            ]

            def task(k: int) -> ensemble.Task:
                model_jobs = []
                for experiment, first, n in chunks[k]:
                    stand_in = stand_ins[experiment.model_name]
                    model_jobs += [(first + i, *stand_in.jobs[first + i]) for i in range(n)]
                return model_jobs, stand_ins[chunks[k][0][0].model_name].fn.outputs

            with ensemble.executor(ex.backend, n_workers, ex.scheduler) as (pool, slots):
                if ex.backend != "threads" and chunks:
                    ensemble.warm_up(stand_ins[chunks[0][0][0].model_name].fn.scenario)
                for k, rows, _ in ensemble.drive(pool, slots, list(range(len(chunks))), task):
                    by_job = {
                        int(r["run"]): {c: r[c] for c in rows.columns if c != "run"}
                        for r in rows.to_dict("records")
                    }
                    for experiment, first, n in chunks[k]:
                        stand_in = stand_ins[experiment.model_name]
                        stand_in.results = iter([by_job[first + i] for i in range(n)])
                        outcomes = runner.run_experiment(experiment)
                        stand_in.results = None
                        callback(experiment, outcomes)
            runner.cleanup()

    return EngineEvaluator(models)


__all__ = ["RunExperiment", "ema_model", "engine_evaluator", "experiment_function"]
