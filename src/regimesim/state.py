"""Struct-of-arrays state of the five agent types and the regime.

Every rule kernel reads and writes these arrays; the Mesa agents of :mod:`regimesim.agents` are
views onto them (an agent holds only its row index). Integer quantities live in integer arrays.

An agent is a *place* in the system, as in the seeds' own vocabulary of posts and cases:

- a :class:`Professionals` row is a post (formatieplaats); when its holder leaves (attrition),
  the post is vacant until a new hire fills it (``active == 0`` meanwhile);
- a :class:`Families` row is a household facing unsafety; when its case is resolved the household
  leaves the system and a new household takes its row (``status == NONE``), so the population of
  households facing unsafety stays at its scaled size.

The regime vector ``regime`` holds the three regime layers of [DRIFT2025]
("Wat is een transitie?": cultuur, structuur, werkwijze) and the system-level stocks; ``agg``
holds aggregates recomputed every step by :func:`regimesim.rules.census.census`; ``flow`` holds
this month's event counts (reset at the start of each step); ``intended`` holds this month's
scheduled lever intensities and ``realised`` the intensity at
which each lever is actually carried out this month by the actors who hold it
(:mod:`regimesim.rules.governance`), the scenario's schedule being only the programme's intent.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

# --- family status and route codes ------------------------------------------------------------
NONE, WAITING, VOLUNTARY, COERCIVE = 0, 1, 2, 3
STATUS_NAMES = ("none", "waiting", "voluntary", "coercive")
OLD, NEW = 0, 1
ROUTE_NAMES = ("old", "new")

# --- regime vector ----------------------------------------------------------------------------
CULTURE, STRUCTURE, PRACTICE = 0, 1, 2
PRESSURE, SALIENCE, PROTOCOL, INSTITUTIONALISED, KNOWLEDGE_POOL = 3, 4, 5, 6, 7
BUDGET_FACTOR, OPTIMISATION = 8, 9
N_REGIME = 10

# --- aggregates (census) ------------------------------------------------------------------------
A_NICHE, A_WORKLOAD, A_WAITING_SHARE, A_COSTS, A_RISK, A_TC, A_BACKING = 0, 1, 2, 3, 4, 5, 6
A_PROS_NEW, A_WELLBEING, A_INCIDENT_RATE, A_OPENNESS, A_PARTICIPATION, A_SPACE = 7, 8, 9, 10, 11, 12
A_ENERGY, A_BARRIERS, A_DUAL, A_STRESS, A_CASELOAD, A_N_ACTIVE_PT = 13, 14, 15, 16, 17, 18
A_N_COERCIVE, A_N_VOLUNTARY, A_N_WAITING, A_N_ACTIVE, A_N_BURNT, A_TRUST = 19, 20, 21, 22, 23, 24
A_BUDGET_STRESS, A_FALLBACK_SHARE, A_TURBULENCE, A_N_UNASSIGNED = 25, 26, 27, 28
N_AGG = 29

# --- flows (this month's counts, in simulated units) ----------------------------------------------
F_INCIDENTS, F_NEWS, F_COERCIVE_IN, F_COERCIVE_OUT, F_EXITS = 0, 1, 2, 3, 4
F_INTAKES, F_WINS, F_RESOLVED, F_HIRES, F_WEIGHED, F_REPORTS, F_RESPONSES = 5, 6, 7, 8, 9, 10, 11
N_FLOW = 12


class Ministries(NamedTuple):
    """The commissioning ministries ([DRIFT2025] "opdrachtgevers"; digest §1.1)."""

    risk_aversion: np.ndarray  # float64 [0, 1]
    transformative_capacity: np.ndarray  # float64 [0, 1]
    knowledge_weighed: np.ndarray  # float64 >= 0, cumulative lessons weighed
    backing: np.ndarray  # float64 [0, 1], rugdekking for proeftuinen
    space_granted: np.ndarray  # float64 [0, 1], experimental space the ministry grants
    participation: np.ndarray  # float64 [0, 1], share of policy makers taking part in learning
    justice: np.ndarray  # float64 [0, 1], justice share of its portfolio (0 VWS ... 1 JenV), fixed
    commitment: np.ndarray  # float64 [0, 1], how much of the programme's intents it carries out


class Municipalities(NamedTuple):
    """Municipalities (342 in 2023), each in one youth-care region."""

    region: np.ndarray  # int32
    n_families: np.ndarray  # int32, households facing unsafety living here
    budget_stress: np.ndarray  # float64 >= 0, costs / budget - 1 (0 = on budget)
    team_capacity: np.ndarray  # float64 [0, 1], share of needed local-team intake it can fund
    new_route_share: np.ndarray  # float64 [0, 1], of its families in help
    fallback_use: np.ndarray  # float64 [0, 1], smoothed share of new-route intakes sent back
    budget: np.ndarray  # float64, monthly budget for families' help (model euros)
    costs: np.ndarray  # float64, this month's costs of families' help (model euros)
    new_intakes: np.ndarray  # int32, this month's intakes routed to the new way (before fallback)
    fallbacks: np.ndarray  # int32, this month's new-route intakes sent back to the old route
    in_proeftuin: np.ndarray  # int8, 1 if its region is an active proeftuin
    waiting: np.ndarray  # int32, families on the waiting list
    cases: np.ndarray  # int32, families in help (voluntary + coercive)


class Regions(NamedTuple):
    """Youth-care regions: where professionals work and capacity is pooled (not a Mesa type)."""

    pro_start: np.ndarray  # int32, first professional row of the region (rows are contiguous)
    pro_count: np.ndarray  # int32, number of professional posts in the region
    active_pros: np.ndarray  # int32
    cases: np.ndarray  # int32
    waiting: np.ndarray  # int32
    slots: np.ndarray  # float64, case slots the region's professionals can carry
    position: np.ndarray  # float64, mean practice position of active professionals
    intake_prob: np.ndarray  # float64 [0, 1], monthly chance a waiting family is taken on
    access: np.ndarray  # float64 [0, 1], room to practise the new way (space or institutions)


class Proeftuinen(NamedTuple):
    """One candidate proeftuin per youth-care region; ``active`` once it has started."""

    active: np.ndarray  # int8
    start: np.ndarray  # int32, step it started (-1: not yet)
    maturity: np.ndarray  # float64 [0, 1], practice maturity of the new way of working
    knowledge: np.ndarray  # float64 >= 0, operational lessons not yet shared
    energy: np.ndarray  # float64 [0, 1], innovator energy and courage
    exp_space: np.ndarray  # float64 [0, 1], experimental space
    small_wins: np.ndarray  # float64 >= 0, embedded small wins (decaying stock)
    barriers: np.ndarray  # float64 [0, 1], open institutional barriers
    dual_running: np.ndarray  # float64 [0, 1], effort of keeping old and new running
    approach: np.ndarray  # float64 [0, 1], its own variant of the new practice (M6 diversity)


class Professionals(NamedTuple):
    """Posts of professionals (local teams, certified institutions, Veilig Thuis, the Council)."""

    region: np.ndarray  # int32
    position: np.ndarray  # float64 [0, 1], practice: 0 old relay ... 1 new ecosystem
    caseload: np.ndarray  # int32, families in help assigned to the post
    workload: np.ndarray  # float64, caseload x protocol load / sustainable caseload (+ dual running)
    stress: np.ndarray  # float64 [0, 1]
    active: np.ndarray  # int8, 0 while the post is vacant
    vacancy: np.ndarray  # int32, months the post has been vacant
    tasted_new: np.ndarray  # int8, 1 once the holder practised the new way (position > 0.5)
    burnt_out: np.ndarray  # int8
    in_proeftuin: np.ndarray  # int8
    ties: np.ndarray  # int32 [n, k], peer posts (same region mostly)


class Families(NamedTuple):
    """Households facing unsafety (0-100: children and adults)."""

    municipality: np.ndarray  # int32
    region: np.ndarray  # int32
    unsafety: np.ndarray  # float64 [0, 1], unsafety and complexity
    status: np.ndarray  # int8: NONE, WAITING, VOLUNTARY, COERCIVE
    route: np.ndarray  # int8: OLD (relay) or NEW (ecosystem), meaningful while in help
    wellbeing: np.ndarray  # float64 [0, 1]
    trust: np.ndarray  # float64 [0, 1], trust in government
    professional: np.ndarray  # int32, post holding the case (-1: none)
    months: np.ndarray  # int32, months in the current status
    fallback: np.ndarray  # int8, 1 if sent back to the old route as fallback


class State(NamedTuple):
    """Everything that changes during a run."""

    ministries: Ministries
    municipalities: Municipalities
    regions: Regions
    proeftuinen: Proeftuinen
    professionals: Professionals
    families: Families
    regime: np.ndarray  # float64 [N_REGIME]
    agg: np.ndarray  # float64 [N_AGG]
    flow: np.ndarray  # float64 [N_FLOW]
    intended: np.ndarray  # float64 [N_LEVERS], this month's lever intensities as scheduled
    realised: np.ndarray  # float64 [N_LEVERS], this month's realised lever intensities


def copy_state(state: State) -> State:
    """Deep copy of a state (every array copied)."""
    return State(
        *(type(part)(*(a.copy() for a in part)) if isinstance(part, tuple) else part.copy() for part in state)
    )


def states_equal(a: State, b: State) -> bool:
    """True if every array of ``a`` equals the matching array of ``b`` exactly."""
    for part_a, part_b in zip(a, b, strict=True):
        if isinstance(part_a, tuple):
            if not all(np.array_equal(x, y) for x, y in zip(part_a, part_b, strict=True)):
                return False
        elif not np.array_equal(part_a, part_b):
            return False
    return True
