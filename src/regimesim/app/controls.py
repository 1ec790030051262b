"""The app's controls and the intervention mix they set, generated from the declarations.

Every lever of :data:`regimesim.parameters.PARAMETERS` gets a control (intensity and start year),
every uncertainty a folded-away slider, each with its declared range: a lever declared tomorrow
appears in the app by itself (tested). A :class:`Mix` is what the controls hold -- a library
scenario to start from, the levers and parameters changed, the seed and the scale -- and turns
into the :class:`~regimesim.scenario.Scenario` it means (so ``regimesim run`` of its TOML gives
the same run for the same seed) and into the keyword arguments of Mesa's ``ModelController``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from regimesim.levers import Schedule
from regimesim.parameters import BY_NAME, PARAMETERS, Parameter
from regimesim.scenario import Scenario, find_scenario, library_files

#: the scenario the app starts from when none is named
DEFAULT_SCENARIO = "full_mix"


@dataclass(frozen=True)
class LeverControl:
    """A lever's control: its intensity (declared range) and the year it starts."""

    name: str
    low: float
    high: float
    intensity: float  # the starting scenario's peak intensity
    start: int  # the year its schedule starts in the starting scenario (or the default start)
    first_year: int
    last_year: int


def library_names() -> list[str]:
    """The library scenarios the app offers as a starting point."""
    return [p.stem for p in library_files()]


def load_base(base: str | Scenario) -> Scenario:
    """A library scenario by name (or a scenario file's path), with a clear error for others; a
    :class:`~regimesim.scenario.Scenario` (an uploaded one) as it is."""
    return base if isinstance(base, Scenario) else Scenario.load(find_scenario(base))


def _first_start(s: Schedule) -> float | None:
    return min((g.start for g in s.segments), default=None)


def default_start(base: Scenario) -> int:
    """The start year of a lever the base scenario leaves off: the year its other levers start,
    or its second year when it sets none."""
    starts = [st for _, s in base.levers if (st := _first_start(s)) is not None]
    return int(math.floor(min(starts))) if starts else min(base.start + 1, base.end)


def lever_controls(base: Scenario) -> list[LeverControl]:
    """One control for every declared lever, starting from ``base``'s schedules."""
    scheds = base.schedules
    fallback = default_start(base)
    out = []
    for p in PARAMETERS:
        if p.kind != "lever":
            continue
        s = scheds.get(p.name, Schedule())
        first = _first_start(s)
        peak = max((float(s.base), *(float(g.intensity) for g in s.segments)))
        start = int(math.floor(first)) if first is not None else fallback
        out.append(
            LeverControl(
                p.name, p.low, p.high, peak, min(max(start, base.start), base.end), base.start, base.end
            )
        )
    return out


def uncertain_controls() -> list[Parameter]:
    """The uncertain parameters (folded away in the app), as declared."""
    return [p for p in PARAMETERS if p.kind == "uncertainty"]


@dataclass(frozen=True)
class Mix:
    """What the app's controls hold; :meth:`scenario` is the scenario it means."""

    #: a library scenario's name, or a scenario (uploaded)
    base: str | Scenario = DEFAULT_SCENARIO
    #: lever -> (intensity, start year), for the levers the user changed
    levers: Mapping[str, tuple[float, int]] = field(default_factory=dict)
    #: uncertain parameters the user changed
    parameters: Mapping[str, float] = field(default_factory=dict)
    seed: int | None = None  # None: the base scenario's seed
    scale: float | None = None  # None: the base scenario's scale

    def scenario(self) -> Scenario:
        """The base scenario with the changed levers, parameters, seed and scale."""
        sc = load_base(self.base)
        scheds = sc.schedules
        settings: dict[str, Any] = {}
        off = {}
        for name, (intensity, start) in self.levers.items():
            BY_NAME[name].check(intensity)
            if BY_NAME[name].kind != "lever":
                raise ValueError(f"{name!r} is not a lever")
            if intensity == 0:
                off[name] = Schedule()
            elif scheds.get(name, Schedule()).segments:  # its schedule scaled, then moved
                settings.update({name: intensity, f"{name}.from": int(start)})
            else:  # a step from the start year on
                settings[name] = f"{float(intensity)!r}@{int(start)}"
        if off:
            sc = sc.with_levers(**off)
        settings.update(self.parameters)
        if self.scale is not None:
            settings["scale"] = self.scale
        if self.seed is not None:
            settings["seed"] = int(self.seed)
        sc = sc.with_settings(settings)
        return sc

    def changed(self, **changes: Any) -> Mix:
        """A copy with these fields replaced (``levers`` and ``parameters`` merged)."""
        levers = {**self.levers, **changes.pop("levers", {})}
        parameters = {**self.parameters, **changes.pop("parameters", {})}
        fields = {"base": self.base, "seed": self.seed, "scale": self.scale, **changes}
        return Mix(levers=levers, parameters=parameters, **fields)

    def model_parameters(self) -> dict[str, Any]:
        """Keyword arguments that make the :class:`~regimesim.RegimeModel` of this mix, as Mesa's
        ``ModelController`` passes them on Reset (``rng`` becomes Mesa's ``Scenario(rng=...)``)."""
        sc = self.scenario()
        return {**sc.inputs(), "rng": sc.seed}
