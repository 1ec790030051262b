"""The model's schedule: one month, and a compiled loop over many months.

Both drivers call these kernels: :class:`regimesim.model.RegimeModel` calls :func:`step` once per
``model.step()``; :func:`regimesim.engine.simulate` calls :func:`run`, which loops inside numba.
The order below is the process overview of ``docs/model.md``.
"""

from __future__ import annotations

from regimesim._numba import kernel
from regimesim.indicators import record
from regimesim.rules.burnout import energy_step
from regimesim.rules.census import census
from regimesim.rules.experimental_space import space_step
from regimesim.rules.fallback import dual_running
from regimesim.rules.families import families_step
from regimesim.rules.governance import realise_levers
from regimesim.rules.landscape import landscape_step
from regimesim.rules.learning import learning_step
from regimesim.rules.lockin import lockin_step
from regimesim.rules.municipal import municipal_step
from regimesim.rules.niche import niche_step
from regimesim.rules.optimisation import optimisation_step
from regimesim.rules.pressure import pressure_step
from regimesim.rules.professionals import professionals_step
from regimesim.rules.risk_reflex import incidents_and_reflex
from regimesim.rules.small_wins import small_wins_step


@kernel
def step(st, p, lev, exo, t, rng) -> None:
    """Advance the state by one month (``t``: absolute step, spin-up included)."""
    st.flow[:] = 0.0
    landscape_step(st, p, exo)  # M4: exogenous events
    realise_levers(st, p, lev)  # M16, M2, M11: what the lever holders carry out this month
    real = st.realised  # the rules below read the realised levers, never the intents
    families_step(st, p, real, rng)  # M10, M8: needs, intake, route, help, measures
    incidents_and_reflex(st, p, real, exo, rng)  # M2, M18, M20
    professionals_step(st, p, real, exo, rng)  # M9, M15: stress, attrition, adoption
    niche_step(st, p, real, t, rng)  # M6, M22: proeftuinen start and mature
    dual_running(st)  # M8
    space_step(st, p, real)  # M7
    small_wins_step(st, p, rng)  # M14
    energy_step(st, p)  # M9
    learning_step(st, p, real)  # M12, M13, M16, M11
    municipal_step(st, p)  # budgets, rationing, fallback use
    census(st, p, real, rng)  # caseloads, capacity, aggregates
    pressure_step(st, p)  # M1
    optimisation_step(st, p, real)  # M5: optimising instead of choosing
    lockin_step(st, p, real)  # M3


@kernel
def run(st, p, levers, exo, t0, t1, first_recorded, rng, out) -> None:
    """Steps ``t0 .. t1-1``; step ``t >= first_recorded`` is recorded in ``out[t - first_recorded]``."""
    for t in range(t0, t1):
        step(st, p, levers[t], exo[t], t, rng)
        if t >= first_recorded:
            record(st, p, out[t - first_recorded])
