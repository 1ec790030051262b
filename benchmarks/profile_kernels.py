"""Where a month's time goes: each kernel of :func:`regimesim.step.step`, timed on its own.

    .venv/bin/python -m benchmarks.profile_kernels [--scale 1.0] [--months 120]

Prepares a run (spin-up included), then steps ``--months`` months calling the kernels of
``step`` one by one from Python in the model's order (the same calls ``step`` makes, so the
state evolves exactly as in a run) and reports each kernel's time per month and per household.
The calls from Python add about a microsecond each, negligible against the families' loops.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from regimesim.engine import prepare
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
from regimesim.scenario import Scenario, find_scenario


def profile(
    scale: float = 1.0, months: int = 120, scenario: str = "full_mix", seed: int = 0
) -> dict[str, float]:
    """Seconds per month spent in each kernel, over ``months`` months from the start year."""
    sc = Scenario.load(find_scenario(scenario)).with_parameters(scale=scale)
    prep = prepare(**sc.inputs(), seed=seed)
    st, p, rng = prep.state, prep.kernel_params, prep.rng
    spent: dict[str, float] = defaultdict(float)

    def timed(name, fn, *args):
        t = time.perf_counter()
        fn(*args)
        spent[name] += time.perf_counter() - t

    for t in range(prep.spinup, prep.spinup + months):
        lev, exo = prep.levers[t], prep.exo[t]
        st.flow[:] = 0.0
        timed("landscape", landscape_step, st, p, exo)
        timed("realise_levers", realise_levers, st, p, lev)
        real = st.realised
        timed("families", families_step, st, p, real, rng)
        timed("incidents", incidents_and_reflex, st, p, real, exo, rng)
        timed("professionals", professionals_step, st, p, real, exo, rng)
        timed("niche", niche_step, st, p, real, t, rng)
        timed("dual_running", dual_running, st)
        timed("space", space_step, st, p, real)
        timed("small_wins", small_wins_step, st, p, rng)
        timed("energy", energy_step, st, p)
        timed("learning", learning_step, st, p, real)
        timed("municipal", municipal_step, st, p)
        timed("census", census, st, p, real, rng)
        timed("pressure", pressure_step, st, p)
        timed("optimisation", optimisation_step, st, p, real)
        timed("lockin", lockin_step, st, p, real)
    return {k: v / months for k, v in spent.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--months", type=int, default=120)
    args = ap.parse_args()
    profile(0.01, 2)  # compile or load
    per_month = profile(args.scale, args.months)
    n_fam = round(args.scale * 100_000)
    total = sum(per_month.values())
    print(f"scale {args.scale:g}, {args.months} months from the start year: {total * 1e3:.2f} ms a month")
    for name, secs in sorted(per_month.items(), key=lambda kv: -kv[1]):
        print(
            f"  {name:15s} {secs * 1e3:7.3f} ms  {secs / n_fam * 1e9:6.1f} ns/household  "
            f"{100 * secs / total:5.1f}%"
        )


if __name__ == "__main__":
    main()
