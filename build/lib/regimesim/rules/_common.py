"""Small numeric helpers shared by the kernels."""

from __future__ import annotations

import math

from regimesim._numba import agent_kernel, kernel
from regimesim.state import CULTURE, PRACTICE, STRUCTURE


@agent_kernel
def clip01(x: float) -> float:
    """``x`` limited to [0, 1]."""
    if x < 0.0:
        return 0.0
    if x > 1.0:
        return 1.0
    return x


@agent_kernel
def logistic(x: float) -> float:
    """The logistic function 1 / (1 + e^-x), stable for large |x|."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@agent_kernel
def _random_active(active, start: int, count: int, rng) -> int:
    for _ in range(8):
        j = start + rng.integers(0, count)
        if active[j] == 1:
            return j
    for j in range(start, start + count):  # deterministic fallback scan
        if active[j] == 1:
            return j
    return -1


@agent_kernel
def pick_professional(regions, professionals, region: int, rng) -> int:
    """The less loaded of two random active posts in ``region``, or -1 if it has none.

    Cases are handed to whoever has room in the region's pool: the relay model's hand-over
    ([Athena2024] Figuur 3: "Estafette: Doorgeven ... via de keten"). Comparing
    two posts (the "power of two choices") is how a team leader spreads work without a full
    overview; a uniform random pick would let single posts pile up dozens of cases, since an
    overloaded post also closes its cases more slowly (:mod:`.families`).
    """
    start = regions.pro_start[region]
    count = regions.pro_count[region]
    if count <= 0 or regions.active_pros[region] <= 0:
        return -1
    a = _random_active(professionals.active, start, count, rng)
    b = _random_active(professionals.active, start, count, rng)
    if a < 0:
        return b
    if b >= 0 and professionals.caseload[b] < professionals.caseload[a]:
        return b
    return a


@kernel
def regime_strength(regime) -> float:
    """Regime strength R: the mean of the culture, structure and practice layers ([DRIFT2025])."""
    return (regime[CULTURE] + regime[STRUCTURE] + regime[PRACTICE]) / 3.0
