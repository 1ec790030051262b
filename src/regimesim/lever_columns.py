"""Columns of the lever and exogenous-event matrices the kernels read, and who holds each lever.

The kernels index the ``levers`` matrix (``n_steps x N_LEVERS``) with the ``L_*`` constants and
the ``exo`` matrix (``n_steps x N_EXO``) with the ``X_*`` constants. Numba compiles these
module-level ints as compile-time constants; each is looked up by name in its declaration, so
declaring a lever or an event renumbers nothing by hand:

- the levers are declared once, with the parameters: the ``_lever`` rows of
  :data:`regimesim.parameters.PARAMETERS` (meaning, source, holder and justice share; see
  :data:`regimesim.rules.governance.JUSTICE_SHARE`); :data:`LEVERS` is their order;
- the exogenous events are declared here, in :data:`EVENT_MEANINGS`.

This module imports only :mod:`regimesim.parameters` (no pandas, numpy or numba), so the kernels
load without pandas; the schedules, events and the matrices' arithmetic are in
:mod:`regimesim.levers`, which re-exports these names.
"""

from __future__ import annotations

from regimesim.parameters import PARAMETERS, Parameter

#: The levers' declarations (with their holders), in the order of the lever matrix's columns.
LEVER_DECLARATIONS: tuple[Parameter, ...] = tuple(p for p in PARAMETERS if p.kind == "lever")
#: The levers' names, in the order of the lever matrix's columns (their declaration order).
LEVERS: tuple[str, ...] = tuple(p.name for p in LEVER_DECLARATIONS)
N_LEVERS = len(LEVERS)


def lever_column(name: str) -> int:
    """Column of the declared lever ``name`` in the lever matrix."""
    if name not in LEVERS:
        raise KeyError(f"no lever {name!r} is declared in regimesim.parameters.PARAMETERS")
    return LEVERS.index(name)


L_BUILD_UP = lever_column("build_up")
L_PHASE_OUT = lever_column("phase_out")
L_REBUILD = lever_column("rebuild")
L_BUILD_ON = lever_column("build_on")
L_LEARNING = lever_column("learning_infrastructure")
L_GUARANTEE = lever_column("space_guarantee")
L_DIALOGUE = lever_column("societal_dialogue")

#: What each exogenous event does (for scenario files and their docs), in the order of the
#: exogenous matrix's columns.
EVENT_MEANINGS = {
    "decentralisation": "youth care moves to the municipalities: a forced destabilisation of the "
    "structure layer and a municipal budget cut ([DRIFT2025] Destabilisatie)",
    "publicised_incidents": "this many incidents of average severity that reach the news in that "
    "month, on top of the model's own ([DRIFT2025] Destabilisatie: calamities in the news)",
    "landscape_pressure": "pressure added by a landscape shock such as the benefits scandal or the "
    "housing crisis ([DRIFT2025] Destabilisatie)",
    "trust_shock": "the fraction of families' trust in government lost at once "
    "([DRIFT2025] toeslagenaffaire; [PBLVU2026] ch. 4)",
    "labour_shortage": "a labour-market squeeze held from 'from' to 'to': fewer hires, more leavers "
    "([Athena2024] the tight labour market as 'roze olifant')",
    "severe_incident": "one grave incident that reaches the news, of severity 'size' (1 = an average "
    "incident; severities in one month add up) ([DRIFT2025] Destabilisatie: calamities in the news)",
}
#: The exogenous events, in the order of the exogenous matrix's columns.
EXOGENOUS: tuple[str, ...] = tuple(EVENT_MEANINGS)
N_EXO = len(EXOGENOUS)


def event_column(name: str) -> int:
    """Column of the declared exogenous event ``name`` in the exogenous matrix."""
    if name not in EXOGENOUS:
        raise KeyError(f"no exogenous event {name!r} is declared in EVENT_MEANINGS")
    return EXOGENOUS.index(name)


X_DECENTRALISATION = event_column("decentralisation")
X_FORCED_INCIDENTS = event_column("publicised_incidents")
X_LANDSCAPE = event_column("landscape_pressure")
X_TRUST_SHOCK = event_column("trust_shock")
X_LABOUR = event_column("labour_shortage")
X_SEVERE_INCIDENT = event_column("severe_incident")
