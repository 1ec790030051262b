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

Needs the optional dependency ``ema_workbench`` (``pip install regimesim[ema]``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from regimesim.design import DesignError, Outputs, _apply_sweep, _did_you_mean, _outputs, _value
from regimesim.levers import LEVERS
from regimesim.parameters import BY_NAME
from regimesim.scenario import Scenario, find_scenario


def _base(scenario: Scenario | str, fixed: Mapping[str, Any]) -> Scenario:
    sc = scenario if isinstance(scenario, Scenario) else Scenario.load(find_scenario(scenario))
    return sc.with_parameters(**fixed) if fixed else sc


def experiment_function(scenario: Scenario, outputs: Outputs):
    """The function EMA calls: keyword arguments are factor values (and ``seed``), the result a
    dict of outcomes."""

    def run_experiment(seed: int = 0, **factors: Any) -> dict[str, float]:
        from regimesim.scenario import run

        sc = scenario
        for key, value in factors.items():
            sc = _apply_sweep(sc, key, _value(key, value))
        res = run(sc, int(seed))
        return outputs.reduce(res.indicators, res.crossing_year())

    return run_experiment


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
        raise ImportError("regimesim.ema needs the EMA Workbench: pip install 'regimesim[ema]'") from None
    given = isinstance(uncertainties, Mapping)
    ranges = dict(uncertainties) if given else dict.fromkeys(uncertainties)
    params = [n for n in BY_NAME if n not in LEVERS and n not in ("start_year", "end_year")]
    unc = []
    for key, bounds in ranges.items():
        if key not in params:
            raise DesignError(f"uncertainties.{key}", f"unknown parameter.{_did_you_mean(key, params)}")
        p = BY_NAME[key]
        low, high = bounds if bounds is not None else (p.low, p.high)
        unc.append(IntegerParameter(key, int(low), int(high)) if p.integer else RealParameter(key, low, high))
    lev = []
    for key in levers:
        if key not in LEVERS:
            raise DesignError(f"levers.{key}", f"unknown lever.{_did_you_mean(key, LEVERS)}")
        lev.append(RealParameter(key, 0.0, 1.0))
    out = _outputs(outputs)
    model = Model(name, function=experiment_function(_base(scenario, fixed or {}), out))
    model.uncertainties = unc
    model.levers = lev
    model.outcomes = [ScalarOutcome(c) for c in out.columns()]
    model.constants = [Constant("seed", int(seed))]
    return model


__all__ = ["ema_model", "experiment_function"]
