"""The machine's floor for regimesim's work: per agent and month, one random draw and the loads and
stores of that agent's state, as a compiled loop -- the least a month of an agent-based model
with this state can cost. regimesim's cost per agent-step is reported as a multiple of it.

The floor uses the same state layout as the model (:func:`regimesim.initial.build_state`: the
families' and the posts' arrays at the given scale) and the same generator type
(``numpy.random.Generator`` on PCG64, passed into the kernel as the model's is). Each agent-month
loads every field of its row, draws one uniform number, and stores every field back (changed by
an amount depending on the draw, so that nothing can be optimised away).
"""

from __future__ import annotations

import time

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _families_month(unsafety, status, route, wellbeing, trust, professional, months, fallback, rng) -> None:
    for f in range(unsafety.shape[0]):
        x = rng.random()
        u = unsafety[f]
        s = status[f]
        unsafety[f] = u + 1e-9 * (x - 0.5)
        status[f] = s ^ (x < 1e-12)
        route[f] = route[f] | (x < 1e-12)
        wellbeing[f] = wellbeing[f] + 1e-9 * x
        trust[f] = trust[f] - 1e-9 * x
        professional[f] = professional[f] + (x < 1e-12)
        months[f] = months[f] + 1
        fallback[f] = fallback[f] | (x < 1e-12)


@njit(cache=True, nogil=True)
def _posts_month(position, caseload, workload, stress, active, vacancy, tasted, burnt, rng) -> None:
    for j in range(position.shape[0]):
        x = rng.random()
        position[j] = position[j] + 1e-9 * (x - 0.5)
        caseload[j] = caseload[j] + (x < 1e-12)
        workload[j] = workload[j] + 1e-9 * x
        stress[j] = stress[j] - 1e-9 * x
        active[j] = active[j] | (x < 1e-12)
        vacancy[j] = vacancy[j] + (x < 1e-12)
        tasted[j] = tasted[j] | (x < 1e-12)
        burnt[j] = burnt[j] | (x < 1e-12)


@njit(cache=True, nogil=True)
def floor_run(fam, pro, months: int, rng) -> None:
    """``months`` months of the floor over the families' and posts' arrays."""
    for _ in range(months):
        _families_month(fam[0], fam[1], fam[2], fam[3], fam[4], fam[5], fam[6], fam[7], rng)
        _posts_month(pro[0], pro[1], pro[2], pro[3], pro[4], pro[5], pro[6], pro[7], rng)


def floor_arrays(scale: float) -> tuple[tuple, tuple, int]:
    """The families' and posts' arrays of a state at ``scale`` (as the model builds them), and the
    number of agents."""
    from regimesim.initial import build_state
    from regimesim.parameters import make_parameters

    st = build_state(make_parameters(scale=scale), {"first": 0, "second": 0}, np.random.default_rng(0))
    f, p = st.families, st.professionals
    fam = (f.unsafety, f.status, f.route, f.wellbeing, f.trust, f.professional, f.months, f.fallback)
    pro = (p.position, p.caseload, p.workload, p.stress, p.active, p.vacancy, p.tasted_new, p.burnt_out)
    return fam, pro, len(f.unsafety) + len(p.position)


def floor_seconds(scale: float, months: int, seed: int = 0) -> tuple[float, int]:
    """Wall time of ``months`` floor months at ``scale`` (compiled beforehand), and the agents."""
    fam, pro, agents = floor_arrays(scale)
    floor_run(fam, pro, 1, np.random.default_rng(seed))  # compile or load
    t = time.perf_counter()
    floor_run(fam, pro, months, np.random.default_rng(seed))
    return time.perf_counter() - t, agents


if __name__ == "__main__":
    secs, n = floor_seconds(1.0, 492)
    print(f"floor: {n:,} agents x 492 months in {secs:.2f} s = {secs / n / 492 * 1e9:.1f} ns per agent-step")
