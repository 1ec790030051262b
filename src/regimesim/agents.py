"""Mesa agents that are *views* onto the model's arrays.

Each agent holds only its row index; every attribute reads and writes the struct-of-arrays state
(:mod:`regimesim.state`) in place, so ``professional.stress = 0.2`` changes exactly what the numba
kernels see on the next step, and the kernels' changes show at once in the agents. There are no
copies to keep in sync, and AgentSet operations (``select``, ``agg``, ``groupby``) work as usual.

The agents do not have a ``step`` of their own: the whole month is run by the compiled kernels
(:func:`regimesim.step.step`), in the order documented in ``docs/model.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import mesa
import numpy as np

if TYPE_CHECKING:
    from regimesim.model import RegimeModel


def _field(name: str, doc: str) -> property:
    def get(self: StateView) -> Any:
        value = getattr(getattr(self.model.state, self._table), name)[self.index]
        return value.item() if isinstance(value, np.generic) else value

    def set_(self: StateView, value: Any) -> None:
        getattr(getattr(self.model.state, self._table), name)[self.index] = value

    return property(get, set_, doc=doc)


class StateView(mesa.Agent):
    """An agent whose attributes are the fields of one row of a state table."""

    _table: ClassVar[str] = ""
    #: fields exposed as attributes (name -> meaning)
    fields: ClassVar[dict[str, str]] = {}
    model: RegimeModel

    def __init__(self, model: RegimeModel, index: int) -> None:
        super().__init__(model)
        self.index = int(index)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, doc in cls.fields.items():
            setattr(cls, name, _field(name, doc))

    def as_dict(self) -> dict[str, Any]:
        """The agent's current state as a plain dictionary."""
        return {name: getattr(self, name) for name in self.fields}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(index={self.index})"


class Ministry(StateView):
    """A commissioning ministry (VWS or JenV): risk aversion, capacity, backing, granted space."""

    _table = "ministries"
    fields: ClassVar[dict[str, str]] = {
        "risk_aversion": "risk aversion [0, 1] (M2)",
        "transformative_capacity": "transformative capacity [0, 1] (M11, M16)",
        "knowledge_weighed": "lessons weighed so far (M13)",
        "backing": "backing (rugdekking) for the proeftuinen [0, 1]",
        "space_granted": "experimental space granted [0, 1] (M7)",
        "participation": "share of policy makers taking part in the learning [0, 1]",
    }


class Municipality(StateView):
    """A municipality (gemeente) in a youth-care region."""

    _table = "municipalities"
    fields: ClassVar[dict[str, str]] = {
        "region": "youth-care region index",
        "n_families": "households facing unsafety living here (simulated)",
        "budget_stress": "costs / budget - 1 (0 = on budget)",
        "team_capacity": "share of needed local-team intake it can fund [0, 1]",
        "new_route_share": "share of its families in help on the new route",
        "fallback_use": "smoothed share of new-route intakes sent back to the old system",
        "in_proeftuin": "1 if its region is an active proeftuin",
        "waiting": "families on the waiting list",
        "cases": "families in help",
    }


class Proeftuin(StateView):
    """A proeftuin (pilot region); the agent is created when the region starts as one."""

    _table = "proeftuinen"
    fields: ClassVar[dict[str, str]] = {
        "start": "absolute step it started (spin-up included)",
        "maturity": "practice maturity of the new way of working [0, 1] (M6)",
        "knowledge": "operational lessons not yet shared (M12)",
        "energy": "innovator energy [0, 1] (M9)",
        "exp_space": "experimental space [0, 1] (M7)",
        "small_wins": "stock of embedded small wins (M14)",
        "barriers": "open institutional barriers [0, 1] (M22)",
        "dual_running": "effort of keeping old and new running side by side (M8)",
    }

    @property
    def region(self) -> int:
        """The youth-care region this proeftuin is (one candidate per region)."""
        return self.index


class Professional(StateView):
    """A professional's post (vacant while ``active`` is 0)."""

    _table = "professionals"
    fields: ClassVar[dict[str, str]] = {
        "region": "youth-care region index",
        "position": "practice position: 0 old relay ... 1 new ecosystem",
        "caseload": "families in help assigned to the post",
        "workload": "caseload x protocol load / sustainable caseload (+ dual running)",
        "stress": "stress [0, 1]",
        "active": "1 while the post is filled",
        "burnt_out": "1 while burnt out",
        "tasted_new": "1 once the holder practised the new way",
        "in_proeftuin": "1 if the region is an active proeftuin",
    }

    @property
    def peers(self) -> np.ndarray:
        """Indices of the peer posts (a view: writing it rewires the network)."""
        return self.model.state.professionals.ties[self.index]


class Family(StateView):
    """A household facing unsafety (a slot: a resolved family is replaced by a new one)."""

    _table = "families"
    fields: ClassVar[dict[str, str]] = {
        "municipality": "municipality index",
        "region": "youth-care region index",
        "unsafety": "unsafety and complexity [0, 1]",
        "status": "0 no help, 1 waiting, 2 voluntary help, 3 coercive measure",
        "route": "0 old relay chain, 1 new ecosystem (while in help)",
        "wellbeing": "wellbeing [0, 1]",
        "trust": "trust in government [0, 1]",
        "professional": "post holding the case (-1: none)",
    }


AGENT_TYPES: tuple[type[StateView], ...] = (Ministry, Municipality, Proeftuin, Professional, Family)
