"""regimesim: regime destabilisation and niche uptake (the X-curve) in Dutch child protection.

One rule set (numba kernels in :mod:`regimesim.rules`), two drivers: :class:`RegimeModel`, a Mesa
model whose agents are views onto the arrays, and :func:`simulate`, which compiles whole runs.
Scenario files (:class:`Scenario`, :func:`run`) describe runs as data.
"""

from regimesim.engine import RunResult, simulate
from regimesim.levers import Event, Schedule, Segment
from regimesim.model import RegimeModel
from regimesim.parameters import PARAMETERS, Parameters, make_parameters
from regimesim.scenario import Scenario, ScenarioError, run

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
