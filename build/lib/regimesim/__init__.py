"""regimesim: regime destabilisation and niche uptake (the X-curve) in Dutch child protection.

One rule set (numba kernels in :mod:`regimesim.rules`), two drivers: :class:`RegimeModel`, a Mesa
model whose agents are views onto the arrays, and :func:`simulate`, which compiles whole runs.
Scenario files (:class:`Scenario`, :func:`run`) describe runs as data.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from regimesim.engine import RunResult, simulate
    from regimesim.levers import Event, Schedule, Segment
    from regimesim.model import RegimeModel
    from regimesim.parameters import PARAMETERS, Parameters, make_parameters
    from regimesim.scenario import Scenario, ScenarioError, run

#: where each public name lives; imported on first use (PEP 562), so that ``import regimesim``
#: (and the command line, which installs its signal handlers first) starts without loading
#: numba, Mesa and pandas
_LAZY = {
    "RunResult": "engine",
    "simulate": "engine",
    "Event": "levers",
    "Schedule": "levers",
    "Segment": "levers",
    "RegimeModel": "model",
    "PARAMETERS": "parameters",
    "Parameters": "parameters",
    "make_parameters": "parameters",
    "Scenario": "scenario",
    "ScenarioError": "scenario",
    "run": "scenario",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f"regimesim.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'regimesim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "PARAMETERS",
    "Event",
    "Parameters",
    "RegimeModel",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "Schedule",
    "Segment",
    "make_parameters",
    "run",
    "simulate",
]

try:  # the installed distribution's version
    from importlib.metadata import version as _version

    __version__ = _version("regimesim")
except Exception:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"
