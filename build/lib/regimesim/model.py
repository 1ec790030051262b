"""The Mesa driver: :class:`RegimeModel`, a ``mesa.Model`` stepping the compiled rule set.

``model.step()`` advances one month by calling the very kernel :func:`regimesim.step.run` that
:func:`regimesim.simulate` runs end to end, on the same prepared state and generator, so the same
seed gives the identical trajectory (tested). Agents are views onto the arrays
(:mod:`regimesim.agents`) whose writes are validated, so nothing written through an agent can
crash or silently corrupt the kernels; they have no ``step`` and cannot be ``remove()``-d (both
raise, saying what to do instead). The ``DataCollector`` reports the indicators of
:mod:`regimesim.indicators`, read from the row the kernel records each step; its model-vars
table is indexed by month like ``model.indicators()`` (a ``PeriodIndex`` named ``month``).

Works with ``mesa.batch_run``: parameters and lever intensities are keyword arguments, and
``rng`` is the run's seed (an integer, or a numpy ``Generator``/``SeedSequence`` that is turned
into one, kept in ``model.seed``)::

    mesa.batch_run(RegimeModel, {"scale": 0.02, "phase_out": [0.0, 0.6]}, rng=[1, 2],
                   max_steps=120, data_collection_period=12)

and with Mesa's ``scenario=`` (a ``mesa.experimental.scenarios.Scenario``, whose fields are
parameter and lever values by name and whose ``rng`` is the seed), which is how Mesa's
``SolaraViz`` and ``ModelController`` re-create a model on Reset::

    RegimeModel(scenario=Scenario(rng=7, scale=0.02, phase_out=0.6))
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import mesa
import numpy as np
import pandas as pd
from mesa.experimental.scenarios import Scenario as MesaScenario

from regimesim.agents import Family, Ministry, Municipality, Proeftuin, Professional
from regimesim.engine import indicator_frame, prepare
from regimesim.indicators import N_INDICATORS, NAMES
from regimesim.levers import Event, Schedule
from regimesim.parameters import Parameters
from regimesim.regional import allocate, frames, record_regional
from regimesim.step import run

_SEED_BOUND = 2**63


def _seed_from(rng: Any, seed: Any) -> int:
    """The run's integer seed from Mesa's ``rng`` (or ``seed``); see :class:`RegimeModel`."""
    if seed is not None and rng is not None:
        raise ValueError("give either seed or rng, not both")
    value = seed if seed is not None else rng
    if value is None:  # fresh entropy, recorded so the run can be repeated
        return int(np.random.SeedSequence().entropy % _SEED_BOUND)
    if isinstance(value, np.random.Generator | np.random.BitGenerator | np.random.SeedSequence):
        # one draw: the same generator state (or the same SeedSequence) gives the same seed
        return int(np.random.default_rng(value).integers(0, _SEED_BOUND))
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(
            "seed/rng must be a non-negative whole number, a numpy.random.Generator, "
            f"BitGenerator or SeedSequence, or None; got {value!r}"
        )
    if not 0 <= value < _SEED_BOUND:
        raise ValueError(f"seed/rng must be a whole number from 0 to 2**63 - 1, got {value!r}")
    return int(value)


def _from_mesa_scenario(scenario: Any) -> tuple[dict[str, Any], Any]:
    """(parameter and lever values, rng) of Mesa's ``scenario``; a clear error for anything else."""
    if not isinstance(scenario, MesaScenario):
        raise TypeError(
            "scenario must be a mesa.experimental.scenarios.Scenario (its fields: parameter and "
            "lever values by name, and rng); for a regimesim scenario (a TOML file or a library name) "
            f"use RegimeModel.from_scenario; got {type(scenario).__name__}"
        )
    # unknown names are refused by make_parameters, naming the closest declared ones
    return {k: v for k, v in scenario.__dict__.items() if k != "rng"}, scenario.__dict__.get("rng")


class MonthlyDataCollector(mesa.DataCollector):
    """A ``mesa.DataCollector`` whose model-vars table is indexed by month.

    ``get_model_vars_dataframe()`` has the index of ``model.indicators()`` (a monthly
    ``PeriodIndex`` named ``month``): the row collected after a step is labelled with the month
    that step simulated (a row collected before the first step, with the month before the
    start). Everything else is Mesa's DataCollector unchanged (``batch_run`` reads its lists).
    Each collection also records the run's seed in ``model_vars["seed"]``, which ``batch_run``
    reports in every row (the seed drawn for ``rng=None`` too, so any row can be rerun), and
    which the indicator table leaves out.
    """

    def __init__(self, first_month: pd.Period, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._first_month = first_month
        #: months simulated when each model-vars row was collected (0: before the first)
        self.collected_months: list[int] = []

    def collect(self, model: RegimeModel) -> None:
        """Mesa's collect, remembering the month."""
        super().collect(model)
        if self.model_reporters:
            self.collected_months.append(model.month)
            self.model_vars.setdefault("seed", []).append(model.seed)

    def get_model_vars_dataframe(self) -> pd.DataFrame:
        """The model variables, one row per collection, indexed by month."""
        frame = super().get_model_vars_dataframe().drop(columns="seed", errors="ignore")
        frame.index = pd.PeriodIndex(
            [self._first_month + (m - 1) for m in self.collected_months], freq="M", name="month"
        )
        return frame


class RegimeModel(mesa.Model):
    """Regime destabilisation and niche uptake, one month a step.

    Parameters
    ----------
    params
        :class:`~regimesim.parameters.Parameters` or a mapping of overrides.
    levers
        Lever schedules (or constant intensities) by name.
    events
        Exogenous events; ``None``: the historical landscape.
    seed, rng
        The run's seed (``rng`` is Mesa's name for it, used by ``batch_run``; give one or the
        other, or neither and the ``rng`` of ``scenario``). Accepted as Mesa accepts ``rng``: a
        non-negative integer is the seed itself; a
        ``numpy.random.Generator`` (or ``BitGenerator``) gives one draw from it, and a
        ``numpy.random.SeedSequence`` one draw from a generator it seeds, so the same generator
        state gives the same run (the generator passed in advances by that draw); ``None`` draws
        fresh entropy. The integer used is kept in ``model.seed``: ``RegimeModel(...,
        seed=model.seed)`` repeats the run.
    scenario
        Mesa's ``Scenario`` (``mesa.experimental.scenarios``): its fields are parameter and lever
        values by name (as ``overrides``), its ``rng`` the seed. ``model.scenario`` is always a
        Mesa ``Scenario`` holding the seed used and these values, so that Mesa's ``ModelController``
        can re-create the model on Reset. A name may be given only once, here or in ``params`` or
        ``overrides``.
    **overrides
        Further parameter overrides (how ``batch_run`` passes its parameters).
    """

    def __init__(
        self,
        params: Parameters | Mapping[str, Any] | None = None,
        *,
        levers: Mapping[str, Schedule | float] | None = None,
        events: list[Event] | None = None,
        seed: Any = None,
        rng: Any = None,
        scenario: Any = None,
        **overrides: Any,
    ) -> None:
        fields: dict[str, Any] = {}
        if scenario is not None:
            fields, scenario_rng = _from_mesa_scenario(scenario)
            if seed is None and rng is None:
                rng = scenario_rng
            elif scenario_rng is not None and scenario_rng != (rng if seed is None else seed):
                raise ValueError(
                    f"the scenario's rng ({scenario_rng!r}) and seed/rng ({seed if rng is None else rng!r}) "
                    "differ: give the seed once"
                )
        seed = _seed_from(rng, seed)
        if overrides or fields:
            base = params.overrides() if isinstance(params, Parameters) else dict(params or {})
            twice = sorted((set(base) | set(overrides)) & set(fields))
            if twice:
                raise ValueError(
                    f"{', '.join(map(repr, twice))} given both in the scenario and as a parameter: "
                    "give each once"
                )
            params = {**base, **overrides, **fields}
        prep = prepare(params, levers=levers, events=events, seed=seed)
        super().__init__(scenario=MesaScenario(rng=seed, **fields))
        self.seed = seed
        self.prepared = prep
        self.params = prep.params
        self.timeline = prep.timeline
        self.state = prep.state
        self.out = np.zeros((prep.timeline.n_steps, N_INDICATORS))
        self._t = prep.spinup  # absolute step of the next month
        self._proeftuin_agents: dict[int, Proeftuin] = {}

        for k in range(len(self.state.ministries.risk_aversion)):
            Ministry(self, k)
        for m in range(len(self.state.municipalities.region)):
            Municipality(self, m)
        for j in range(len(self.state.professionals.region)):
            Professional(self, j)
        for f in range(len(self.state.families.status)):
            Family(self, f)
        self._sync_proeftuinen()

        self.datacollector = MonthlyDataCollector(
            self.timeline.index()[0],
            model_reporters={name: self._reporter(i) for i, name in enumerate(NAMES)},
        )

    @classmethod
    def from_scenario(cls, scenario: Any, seed: int | None = None) -> RegimeModel:
        """The model of a :class:`~regimesim.scenario.Scenario` (or a scenario file, or a library
        name), with ``seed`` or the scenario's own; kept in ``model.regime_scenario``."""
        from regimesim.scenario import Scenario, find_scenario

        if not isinstance(scenario, Scenario):
            scenario = Scenario.load(find_scenario(scenario))
        model = cls(**scenario.inputs(), seed=scenario.seed if seed is None else seed)
        model.regime_scenario = scenario
        return model

    # --- Mesa ---------------------------------------------------------------------------------
    def step(self) -> None:
        """Advance one month with the compiled kernels, then collect the indicators."""
        if self.month >= self.timeline.n_steps:
            self.running = False
            return
        p = self.prepared
        run(self.state, p.kernel_params, p.levers, p.exo, self._t, self._t + 1, p.spinup, p.rng, self.out)
        self._t += 1
        self._sync_proeftuinen()
        self.datacollector.collect(self)
        if self.month >= self.timeline.n_steps:
            self.running = False

    def _reporter(self, i: int):
        def report(model: RegimeModel) -> float:
            return float(model.out[model.month - 1, i]) if model.month > 0 else float("nan")

        report.__name__ = NAMES[i]
        return report

    def _sync_proeftuinen(self) -> None:
        active = np.flatnonzero(self.state.proeftuinen.active)
        for r in active:
            if int(r) not in self._proeftuin_agents:
                self._proeftuin_agents[int(r)] = Proeftuin(self, int(r))

    # --- convenience ---------------------------------------------------------------------------
    @property
    def month(self) -> int:
        """Months simulated since the start year (0 before the first step)."""
        return self._t - self.prepared.spinup

    @property
    def year(self) -> float:
        """Fractional calendar year of the next month to simulate."""
        return float(self.timeline.year_of(self.month))

    def indicators(self) -> pd.DataFrame:
        """The indicators of the months simulated so far (same table as ``simulate``)."""
        return indicator_frame(self.out, self.timeline).iloc[: self.month]

    def regions(self) -> pd.DataFrame:
        """Per-region indicators of the month just simulated (:mod:`regimesim.regional`).

        One row a youth-care region: ``month``, ``region``, then the indicators of
        :data:`~regimesim.regional.REGION_INDICATORS` -- the rows ``simulate(...,
        regional="month").regions`` holds for this month (the same kernel).
        """
        return self._regional()[0]

    def municipalities(self) -> pd.DataFrame:
        """Per-municipality indicators of the month just simulated (:mod:`regimesim.regional`).

        One row a municipality: ``month``, ``municipality``, ``region``, then the indicators of
        :data:`~regimesim.regional.MUNICIPALITY_INDICATORS`, as in ``simulate(...,
        regional="month").municipalities``.
        """
        return self._regional()[1]

    def _regional(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        if self.month == 0:
            raise RuntimeError("the regional tables are available after the first step (model.step())")
        reg_out, mun_out = allocate(self.state, 1)
        record_regional(self.state, self.prepared.kernel_params, reg_out[0], mun_out[0])
        labels = self.timeline.index()[self.month - 1 : self.month]
        return frames(reg_out, mun_out, labels, self.state.municipalities.region)

    def __getattr__(self, name: str) -> Any:
        # latest value of any indicator as an attribute, e.g. ``model.regime_strength``
        if name in NAMES and "out" in self.__dict__:
            if self.month == 0:
                raise AttributeError(f"{name!r} is available after the first step")
            return float(self.out[self.month - 1, NAMES.index(name)])
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
