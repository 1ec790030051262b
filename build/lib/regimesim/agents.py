"""Mesa agents that are *views* onto the model's arrays, with every write validated.

Each agent holds only its row index; every attribute reads and writes the struct-of-arrays state
(:mod:`regimesim.state`) in place, so ``professional.stress = 0.2`` changes exactly what the numba
kernels see on the next step, and the kernels' changes show at once in the agents. There are no
copies to keep in sync, and AgentSet operations (``select``, ``agg``, ``groupby``, ``set``) work
as usual.

**Writes are checked.** The kernels trust their arrays (no bounds checks in compiled code), so a
bad value written from Python could crash the process or silently corrupt the run. Every field
is declared once below (:class:`Field`: meaning, kind and allowed values), and a write is refused
unless it is

- of the right type: numbers for real fields; whole numbers for counts, codes and indices
  (``2`` or ``2.0``, not ``2.5``); ``0``/``1`` (or ``False``/``True``) for flags -> else
  :class:`TypeError`;
- finite and in range: ``[0, 1]`` for shares and levels, ``>= 0`` for stocks, one of the codes
  for ``Family.status`` and ``Family.route``, a row of this model for indices
  (``Family.municipality``; ``Family.professional`` a post of the family's region, and only
  while the family is in help, or ``-1``) -> else :class:`ValueError`.

Fields the kernels recompute every month from other fields, or keep as bookkeeping (counts,
indices fixed at initialisation, start steps), are read-only: writing one raises
:class:`ReadOnlyFieldError` (an ``AttributeError`` and a ``TypeError``) saying what to set
instead. Writes that imply others keep the rows consistent the way the kernels do:

- ``Family.municipality``: the family's ``region`` follows, the municipalities' ``n_families``
  are moved, and a case held by a post of another region is released (``professional = -1``;
  the census hands it to a post of the new region with room at the end of the month);
- ``Family.status``: the months in the status restart at 0; leaving help (status 0 or 1)
  releases the post (``professional = -1``). A family put into help without a post is given one
  by the census at the end of the month if a post of its region has room (else it stays in help
  without a worker, as a case whose post fell vacant does);
- ``Professional.active``: the months the post has been vacant restart at 0.

Every message names the agent type, the field, what is allowed and the value given, e.g.
``Family.status must be one of 0 none, 1 waiting, 2 voluntary, 3 coercive; got 7``. The row
index of an agent (``agent.index``) is read-only as well. ``Professional.peers`` is a read-only
array of the peer posts; assigning a list of post indices rewires them (validated). The checks
guard the agents; code that writes ``model.state``'s arrays directly bypasses them.

The agents are rows of the state, not objects that come and go: they have no ``step`` (the whole
month is run by the compiled kernels through ``model.step()``, in the order documented in
``docs/model.md``), and ``remove()`` is refused -- a professional's row is a post and a family's
row a household slot that the kernels keep (set ``active = 0`` to vacate a post; a family leaves
help with ``status = 0``). Both raise a :class:`TypeError` that says so, also when called through
``model.agents.do("step")`` or ``shuffle_do("step")``.
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import mesa
import numpy as np

from regimesim.state import COERCIVE, ROUTE_NAMES, STATUS_NAMES, VOLUNTARY

if TYPE_CHECKING:
    from regimesim.model import RegimeModel


class ReadOnlyFieldError(AttributeError, TypeError):
    """A write to a field that the kernels derive or keep as bookkeeping."""


@dataclass(frozen=True)
class Field:
    """One field of an agent view: its meaning and what may be written to it.

    ``kind`` is ``"number"`` (a finite real in ``[low, high]``), ``"flag"`` (0 or 1), ``"code"``
    (a whole number ``0 .. len(codes) - 1``, named by ``codes``) or ``"index"`` (a row of the
    state table ``rows`` of this model; ``-1`` too if ``none``). A non-empty ``read_only`` makes
    the field read-only and says why, and what to set instead.
    """

    meaning: str
    kind: str = "number"
    low: float = 0.0
    high: float = 1.0
    codes: tuple[str, ...] = ()
    rows: str = ""
    none: bool = False
    read_only: str = ""

    def __str__(self) -> str:
        return self.meaning


def share(meaning: str) -> Field:
    """A real field in [0, 1]."""
    return Field(meaning)


def stock(meaning: str) -> Field:
    """A real field >= 0 (no upper bound)."""
    return Field(meaning, high=math.inf)


def flag(meaning: str) -> Field:
    """A 0/1 field."""
    return Field(meaning, kind="flag")


def code(meaning: str, names: tuple[str, ...]) -> Field:
    """A field holding one of the codes ``0 .. len(names) - 1``."""
    return Field(meaning, kind="code", codes=names)


def index(meaning: str, rows: str, *, none: bool = False) -> Field:
    """A field holding a row of the state table ``rows`` (``-1`` too if ``none``)."""
    return Field(meaning, kind="index", rows=rows, none=none)


def derived(meaning: str, instead: str) -> Field:
    """A read-only field: ``instead`` says why and what to set instead."""
    return Field(meaning, kind="derived", read_only=instead)


_ROW_NOUN = {"municipalities": ("municipality", "municipalities"), "professionals": ("post", "posts")}


def _whole(value: Any, where: str, allowed: str) -> int:
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        x = float(value)
        if not math.isfinite(x):
            raise ValueError(f"{where} must be {allowed}; got {value!r}")
        if x.is_integer():
            return int(x)
    raise TypeError(f"{where} must be {allowed} (a whole number); got {value!r}")


def _rows_of(view: StateView, rows: str) -> int:
    return int(getattr(view.model.state, rows)[0].shape[0])


def _checked(view: StateView, name: str, spec: Field, value: Any) -> int | float:
    """``value`` as the field stores it, or a TypeError/ValueError naming field and range."""
    where = f"{type(view).__name__}.{name}"
    if spec.kind == "number":
        if spec.high == math.inf:
            allowed = f"a finite number >= {spec.low:g} ({spec.meaning})"
        else:
            allowed = f"a number in [{spec.low:g}, {spec.high:g}] ({spec.meaning})"
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{where} must be {allowed}; got {value!r} ({type(value).__name__})")
        x = float(value)
        if not (math.isfinite(x) and spec.low <= x <= spec.high):
            raise ValueError(f"{where} must be {allowed}; got {value!r}")
        return x
    if spec.kind == "flag":
        allowed = f"0 or 1 ({spec.meaning})"
        v = _whole(value, where, allowed)
        if v not in (0, 1):
            raise ValueError(f"{where} must be {allowed}; got {value!r}")
        return v
    if isinstance(value, bool):
        raise TypeError(f"{where} must be a whole number, not a bool; got {value!r}")
    if spec.kind == "code":
        names = ", ".join(f"{i} {n}" for i, n in enumerate(spec.codes))
        allowed = f"one of {names}"
        v = _whole(value, where, allowed)
        if not 0 <= v < len(spec.codes):
            raise ValueError(f"{where} must be {allowed}; got {value!r}")
        return v
    # index
    n = _rows_of(view, spec.rows)
    noun, nouns = _ROW_NOUN[spec.rows]
    allowed = f"a {noun} index 0..{n - 1} (this model has {n} {nouns})"
    if spec.none:
        allowed = f"-1 (none) or {allowed}"
    v = _whole(value, where, allowed)
    if not (0 <= v < n or (spec.none and v == -1)):
        raise ValueError(f"{where} must be {allowed}; got {value!r}")
    return v


def _field(name: str, spec: Field) -> property:
    def get(self: StateView) -> Any:
        value = getattr(getattr(self.model.state, self._table), name)[self._index]
        return value.item() if isinstance(value, np.generic) else value

    if spec.read_only:

        def set_(self: StateView, value: Any) -> None:
            raise ReadOnlyFieldError(
                f"{type(self).__name__}.{name} is read-only: {spec.read_only} (got {value!r})"
            )

    else:

        def set_(self: StateView, value: Any) -> None:
            self._write(name, _checked(self, name, spec, value))

    return property(get, set_, doc=spec.meaning)


_NOT_AN_OBJECT = (
    "agents of a RegimeModel are views onto rows of the state arrays, which the compiled kernels keep"
)


class StateView(mesa.Agent):
    """An agent whose attributes are the fields of one row of a state table."""

    _table: ClassVar[str] = ""
    #: fields exposed as attributes (name -> declaration; ``str()`` of one is its meaning)
    fields: ClassVar[dict[str, Field]] = {}
    model: RegimeModel

    def __init__(self, model: RegimeModel, index: int) -> None:
        super().__init__(model)
        self._index = int(index)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, spec in cls.fields.items():
            setattr(cls, name, _field(name, spec))

    @property
    def index(self) -> int:
        """The agent's row in its state table (read-only)."""
        return self._index

    @index.setter
    def index(self, value: Any) -> None:
        raise ReadOnlyFieldError(
            f"{type(self).__name__}.index is read-only: an agent is the view of one row "
            f"(got {value!r}); pick another agent instead, e.g. from model.agents_by_type"
        )

    #: instance attributes Mesa itself sets on an agent (Agent.__init__, spaces, cell spaces)
    _MESA_ATTRIBUTES: ClassVar[frozenset[str]] = frozenset({"model", "unique_id", "pos", "cell"})

    def __setattr__(self, name: str, value: Any) -> None:
        # a misspelt field would otherwise become a new attribute that nothing reads
        # (``family.statuss = 1``), and the row index must not move under the view
        if name == "_index" and "_index" in self.__dict__:
            raise ReadOnlyFieldError(f"{type(self).__name__}._index is the agent's row and read-only")
        known = (
            name.startswith("_")
            or name in self._MESA_ATTRIBUTES
            or name in self.__dict__
            or hasattr(type(self), name)
        )
        if not known:
            close = difflib.get_close_matches(name, list(self.fields), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise AttributeError(
                f"{type(self).__name__} has no field {name!r}{hint} Its fields: {', '.join(self.fields)}"
            )
        super().__setattr__(name, value)

    def _array(self, name: str) -> np.ndarray:
        return getattr(getattr(self.model.state, self._table), name)

    def _write(self, name: str, value: int | float) -> None:
        """Store a checked value (subclasses keep dependent fields consistent)."""
        self._array(name)[self._index] = value

    def as_dict(self) -> dict[str, Any]:
        """The agent's current state as a plain dictionary."""
        return {name: getattr(self, name) for name in self.fields}

    # --- Mesa operations that do not apply to a row of the state ----------------------------
    def remove(self) -> None:
        """Refused: a row is a place the kernels keep (see the subclass for what to do)."""
        raise TypeError(
            f"{type(self).__name__}.remove() is not supported: {_NOT_AN_OBJECT}. {self._instead_of_remove}"
        )

    _instead_of_remove: ClassVar[str] = "Change its fields instead."

    def step(self) -> None:
        """Refused: the month is run for all agents at once by the compiled kernels."""
        raise TypeError(
            f"{type(self).__name__}.step() is not supported: {_NOT_AN_OBJECT}, and the whole "
            "month is run by them through model.step() (so model.agents.do('step') or "
            "shuffle_do('step') cannot work); call model.step() instead"
        )

    def advance(self) -> None:
        """Refused, as :meth:`step`."""
        self.step()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(index={self._index})"


class Ministry(StateView):
    """A commissioning ministry (VWS or JenV): risk aversion, capacity, backing, granted space,
    and its commitment to carry out the programme's levers (:mod:`regimesim.rules.governance`)."""

    _table = "ministries"
    _instead_of_remove = "A ministry is part of every run; change its fields instead."
    fields: ClassVar[dict[str, Field]] = {
        "risk_aversion": share("risk aversion (M2)"),
        "transformative_capacity": share("transformative capacity (M11, M16)"),
        "knowledge_weighed": derived(
            "lessons weighed so far (M13)",
            "a running total kept by the learning kernel; change transformative_capacity or "
            "the learning levers instead",
        ),
        "backing": derived(
            "backing (rugdekking) for the proeftuinen",
            "recomputed each month from transformative_capacity and risk_aversion; set those, "
            "or the parameter backing_base, instead",
        ),
        "space_granted": derived(
            "experimental space granted (M7)",
            "recomputed each month from transformative_capacity and risk_aversion; set those, "
            "or the parameter space_base, instead",
        ),
        "participation": derived(
            "share of policy makers taking part in the learning",
            "set each month from the parameter participation_base and the learning lever; "
            "change those instead",
        ),
        "justice": derived(
            "justice share of its portfolio (0 VWS, youth care ... 1 JenV, child protection)",
            "fixed by the ministry's place in the model (the first is VWS, the last JenV); "
            "change the parameter justice_risk to change how they differ",
        ),
        "commitment": share("share of the programme's lever intents it carries out (M16)"),
    }


class Municipality(StateView):
    """A municipality (gemeente) in a youth-care region."""

    _table = "municipalities"
    _instead_of_remove = "A municipality is part of every run; move families with Family.municipality."
    fields: ClassVar[dict[str, Field]] = {
        "region": derived(
            "youth-care region index",
            "a municipality's region is fixed (families' regions follow from it); move a family "
            "with Family.municipality instead",
        ),
        "n_families": derived(
            "households facing unsafety living here (simulated)",
            "it counts the family rows of the municipality; move a family with Family.municipality instead",
        ),
        "budget_stress": derived(
            "costs / budget - 1 (0 = on budget)",
            "recomputed each month from the municipality's costs and budget; change the "
            "parameters budget_margin or cost_* instead",
        ),
        "team_capacity": derived(
            "share of needed local-team intake it can fund",
            "recomputed each month from budget_stress and the parameter rationing; change "
            "that parameter instead",
        ),
        "new_route_share": derived(
            "share of its families in help on the new route",
            "counted by the census each month; change Family.route instead",
        ),
        "fallback_use": share("smoothed share of new-route intakes sent back to the old system"),
        "in_proeftuin": derived(
            "1 if its region is an active proeftuin",
            "it follows whether the region is an active proeftuin (proeftuinen start with the "
            "tranches and the build_up lever)",
        ),
        "waiting": derived(
            "families on the waiting list",
            "counted by the census each month; change Family.status instead",
        ),
        "cases": derived(
            "families in help",
            "counted by the census each month; change Family.status instead",
        ),
    }


class Proeftuin(StateView):
    """A proeftuin (pilot region); the agent is created when the region starts as one."""

    _table = "proeftuinen"
    _instead_of_remove = "A started proeftuin stays a row of the run; lower its energy or maturity instead."
    fields: ClassVar[dict[str, Field]] = {
        "start": derived(
            "absolute step it started (spin-up included)",
            "bookkeeping of the niche kernel; proeftuinen start with the tranches and the build_up lever",
        ),
        "maturity": share("practice maturity of the new way of working (M6)"),
        "knowledge": stock("operational lessons not yet shared (M12)"),
        "energy": share("innovator energy (M9)"),
        "exp_space": share("experimental space (M7)"),
        "small_wins": stock("stock of embedded small wins (M14)"),
        "barriers": share("open institutional barriers (M22)"),
        "approach": share("its own variant of the new practice, drawn when it starts (M6 diversity)"),
        "dual_running": derived(
            "effort of keeping old and new running side by side (M8)",
            "recomputed each month as maturity x the regime's structure layer; set "
            "Proeftuin.maturity instead",
        ),
    }

    @property
    def region(self) -> int:
        """The youth-care region this proeftuin is (one candidate per region)."""
        return self._index


class Professional(StateView):
    """A professional's post (vacant while ``active`` is 0)."""

    _table = "professionals"
    _instead_of_remove = "To vacate the post set active = 0 (the kernels may fill it again by hiring)."
    fields: ClassVar[dict[str, Field]] = {
        "region": derived(
            "youth-care region index",
            "a post belongs to its region's block of rows; use a post of the other region instead",
        ),
        "position": share("practice position: 0 old relay ... 1 new ecosystem"),
        "caseload": derived(
            "families in help assigned to the post",
            "counted by the census from the families; set Family.professional instead",
        ),
        "workload": derived(
            "caseload x protocol load / sustainable caseload (+ dual running)",
            "recomputed by the census from the caseload; set Family.professional instead",
        ),
        "stress": share("stress"),
        "active": flag("1 while the post is filled"),
        "burnt_out": derived(
            "1 while burnt out",
            "it follows stress each month (burnt out above the parameter burnout_threshold); "
            "set Professional.stress instead",
        ),
        "tasted_new": flag("1 once the holder practised the new way"),
        "in_proeftuin": derived(
            "1 if the region is an active proeftuin",
            "it follows whether the region is an active proeftuin",
        ),
    }

    def _write(self, name: str, value: int | float) -> None:
        if name == "active" and value != self._array("active")[self._index]:
            self._array("vacancy")[self._index] = 0  # as the kernels do on exit and on hiring
        super()._write(name, value)

    @property
    def peers(self) -> np.ndarray:
        """Indices of the peer posts (a read-only copy; the kernels never change the ties).

        Assign a list of post indices to rewire: ``pro.peers = [3, 8]`` (at most ``peer_ties``
        posts of this model, not the post itself; the rest of the ties are left empty; a post
        listed twice counts twice in the peer mean, as in the initial network).
        """
        row = self.model.state.professionals.ties[self._index]
        out = row[row >= 0]
        out.flags.writeable = False
        return out

    @peers.setter
    def peers(self, posts: Iterable[Any]) -> None:
        ties = self.model.state.professionals.ties
        n, k = ties.shape
        allowed = f"at most {k} post indices 0..{n - 1}, not the post itself ({self._index})"
        where = "Professional.peers"
        if isinstance(posts, str | bytes) or not isinstance(posts, Iterable):
            raise TypeError(f"{where} must be {allowed}; got {posts!r}")
        posts = list(posts)
        try:
            if any(isinstance(q, bool) for q in posts):
                raise TypeError
            new = [_whole(q, where, allowed) for q in posts]
        except TypeError:
            raise TypeError(f"{where} must be {allowed} (whole numbers); got {posts!r}") from None
        except ValueError:
            raise ValueError(f"{where} must be {allowed}; got {posts!r}") from None
        if len(new) > k or any(not 0 <= q < n or q == self._index for q in new):
            raise ValueError(f"{where} must be {allowed}; got {posts!r}")
        ties[self._index] = -1
        ties[self._index, : len(new)] = new


class Family(StateView):
    """A household facing unsafety (a slot: a resolved family is replaced by a new one)."""

    _table = "families"
    _instead_of_remove = (
        "A family's row is a household slot (a resolved family is replaced by a new one); to end "
        "its help set status = 0 (none)."
    )
    fields: ClassVar[dict[str, Field]] = {
        "municipality": index("municipality index", "municipalities"),
        "region": derived(
            "youth-care region index",
            "it follows from the family's municipality; set Family.municipality instead",
        ),
        "unsafety": share("unsafety and complexity"),
        "status": code("help status", STATUS_NAMES),
        "route": code("route of help (meaningful while in help)", ROUTE_NAMES),
        "wellbeing": share("wellbeing"),
        "trust": share("trust in government"),
        "professional": index("post holding the case", "professionals", none=True),
    }

    def _write(self, name: str, value: int | float) -> None:
        st = self.model.state
        fam, f = st.families, self._index
        if name == "municipality":
            old = int(fam.municipality[f])
            region = int(st.municipalities.region[value])
            st.municipalities.n_families[old] -= 1
            st.municipalities.n_families[value] += 1
            fam.region[f] = region
            j = int(fam.professional[f])
            if j >= 0 and st.professionals.region[j] != region:
                fam.professional[f] = -1  # the census hands the case over in the new region
        elif name == "status":
            if value != fam.status[f]:
                fam.months[f] = 0
            if value not in (VOLUNTARY, COERCIVE):
                fam.professional[f] = -1
        elif name == "professional" and value >= 0:
            status = int(fam.status[f])
            if status not in (VOLUNTARY, COERCIVE):
                raise ValueError(
                    f"Family.professional can be a post only while the family is in help "
                    f"(status {VOLUNTARY} {STATUS_NAMES[VOLUNTARY]} or {COERCIVE} "
                    f"{STATUS_NAMES[COERCIVE]}); this family's status is {status} "
                    f"{STATUS_NAMES[status]}: set Family.status first (got {value!r})"
                )
            r = int(fam.region[f])
            lo = int(st.regions.pro_start[r])
            hi = lo + int(st.regions.pro_count[r]) - 1
            if not lo <= value <= hi:
                raise ValueError(
                    f"Family.professional must be -1 (none) or a post of the family's region "
                    f"{r} (posts {lo}..{hi}); got {value!r}"
                )
        super()._write(name, value)


AGENT_TYPES: tuple[type[StateView], ...] = (Ministry, Municipality, Proeftuin, Professional, Family)
