"""regimesim's speed, side by side: the idiomatic Mesa baseline, the Mesa driver, ``simulate`` on 1
and 2 threads, and the machine's floor -- per agent-step, at several scales; cost against
population and horizon; cold and cached compile; peak memory of a run.

    .venv/bin/python -m benchmarks [--quick] [--out benchmarks/results]

Every measurement is one run of a scenario (``history`` extended to the horizon, the model's
spin-up included) timed as a whole, and is expressed per *agent-step*: the run's wall time over
(households + posts) x simulated months. The implementations are measured in alternation --
round after round, each round timing every implementation once in turn -- so that a slow spell
of the machine hits them all; the figures are the median and the min-max over the rounds.

- ``mesa_baseline``: :mod:`benchmarks.mesa_baseline`, the same rules as plain Mesa agents (no
  numba); slow, so run at small scales and short horizons (cost per agent-step is what compares);
- ``mesa_driver``: :class:`regimesim.RegimeModel` stepped month by month (the compiled month,
  Mesa's agents and DataCollector around it);
- ``simulate``: :func:`regimesim.simulate`; ``simulate_2`` two runs at once on two threads
  (the kernels release the GIL): its cost per agent-step is the wall time over both runs' steps;
- ``floor``: :mod:`benchmarks.floor`, one random draw and the loads and stores of each agent's
  state per month -- the least such a month can cost on this machine.

Results go to ``OUT/results.json`` (every measurement and the machine), ``OUT/results.md`` (the
tables) and ``OUT/scaling.png`` (log-log time against population per implementation).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

START = 2010


def agents_at(scale: float) -> int:
    """Households plus professional posts of a run at ``scale``."""
    from regimesim.parameters import make_parameters

    p = make_parameters(scale=scale)
    return max(1, round(scale * p.n_families_full)) + round(scale * p.n_professionals_full)


def months_of(years: int) -> int:
    """Simulated months of a run of ``years`` years, the spin-up included."""
    from regimesim.parameters import BY_NAME

    return 12 * (years + int(BY_NAME["spinup_years"].default))


def _scenario(scale: float, years: int):
    """The scenario every implementation runs: the library's ``history`` at ``scale``, from 2010
    for ``years`` years (its levers and events extended to that horizon)."""
    from regimesim.scenario import Scenario, find_scenario

    return Scenario.load(find_scenario("history")).with_parameters(
        scale=scale, start_year=START, end_year=START + years - 1
    )


# --- the implementations: each runs once and returns its wall time ------------------------------


def time_simulate(scale: float, years: int, seed: int) -> float:
    from regimesim import simulate

    inputs = _scenario(scale, years).inputs()
    t = time.perf_counter()
    simulate(**inputs, seed=seed)
    return time.perf_counter() - t


def time_simulate_2(scale: float, years: int, seed: int) -> float:
    """Two runs on two threads; the time per run-pair (divide by 2 runs' agent-steps)."""
    from regimesim import simulate

    inputs = _scenario(scale, years).inputs()
    with ThreadPoolExecutor(2) as pool:
        t = time.perf_counter()
        list(pool.map(lambda s: simulate(**inputs, seed=s), (seed, seed + 1)))
        return time.perf_counter() - t


def time_mesa_driver(scale: float, years: int, seed: int) -> float:
    from regimesim import RegimeModel

    inputs = _scenario(scale, years).inputs()
    t = time.perf_counter()
    model = RegimeModel(**inputs, seed=seed)
    while model.running:
        model.step()
    return time.perf_counter() - t


def time_mesa_baseline(scale: float, years: int, seed: int) -> float:
    from benchmarks.mesa_baseline import run_baseline

    sc = _scenario(scale, years)
    t = time.perf_counter()
    run_baseline(sc, seed)
    return time.perf_counter() - t


def time_floor(scale: float, years: int, seed: int) -> float:
    from benchmarks.floor import floor_seconds

    return floor_seconds(scale, months_of(years), seed)[0]


IMPLEMENTATIONS: dict[str, tuple[Callable[[float, int, int], float], int]] = {
    # name: (timer, runs it makes)
    "mesa_baseline": (time_mesa_baseline, 1),
    "mesa_driver": (time_mesa_driver, 1),
    "simulate": (time_simulate, 1),
    "simulate_2": (time_simulate_2, 2),
    "floor": (time_floor, 1),
}


@dataclass
class Measurement:
    implementation: str
    scale: float
    years: int
    round: int
    seconds: float  # per timed call (the mean over its repeats)
    agent_steps: int
    repeats: int = 1

    @property
    def ns_per_agent_step(self) -> float:
        return 1e9 * self.seconds / self.agent_steps


#: A measurement repeats a run that takes less than this (same seed, mean over the repeats), so
#: that short runs -- the floor, small scales -- are not at the mercy of one slow spell.
MIN_SECONDS = 1.0


def alternate(
    cases: Sequence[tuple[str, float, int]],
    rounds: int,
    report: Callable[[str], None] = lambda s: None,
    min_seconds: float = MIN_SECONDS,
) -> list[Measurement]:
    """Time every case ``(implementation, scale, years)`` once a round, ``rounds`` rounds, in
    alternation; a case's timing repeats its run until ``min_seconds`` have passed and keeps
    the mean. Each case first runs once untimed (compiling or loading the kernels)."""
    for name, _, _ in cases:
        IMPLEMENTATIONS[name][0](0.01, 1, 0)
    out = []
    for r in range(rounds):
        for name, scale, years in cases:
            timer, runs = IMPLEMENTATIONS[name]
            total, repeats = 0.0, 0
            while repeats == 0 or total < min_seconds:
                total += timer(scale, years, r)
                repeats += 1
            secs = total / repeats
            out.append(
                Measurement(name, scale, years, r, secs, runs * agents_at(scale) * months_of(years), repeats)
            )
            report(
                f"round {r + 1}/{rounds}: {name} scale {scale:g}, {years} y: {secs:.3f} s"
                + (f" (mean of {repeats})" if repeats > 1 else "")
            )
    return out


def summarise(ms: Sequence[Measurement]) -> list[dict]:
    """Median and min-max of ns per agent-step (and seconds) per (implementation, scale, years)."""
    groups: dict[tuple, list[Measurement]] = {}
    for m in ms:
        groups.setdefault((m.implementation, m.scale, m.years), []).append(m)
    rows = []
    for (name, scale, years), g in groups.items():
        ns = [m.ns_per_agent_step for m in g]
        rows.append(
            {
                "implementation": name,
                "scale": scale,
                "years": years,
                "rounds": len(g),
                "ns_median": statistics.median(ns),
                "ns_min": min(ns),
                "ns_max": max(ns),
                "seconds_median": statistics.median(m.seconds for m in g),
            }
        )
    return rows


def loglog_slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Slope of log(y) against log(x): 1 is linear cost."""
    return float(np.polyfit(np.log(xs), np.log(ys), 1)[0])


_COMPILE = """
import json, resource, sys, time, tracemalloc
t = time.perf_counter()
from regimesim.ensemble import warm_up
from regimesim.scenario import Scenario, find_scenario
warm_up(Scenario.load(find_scenario("history")))
first = time.perf_counter() - t
scale = float(sys.argv[1])
peak = 0
if scale > 0:
    from regimesim import simulate
    tracemalloc.start()
    simulate({"scale": scale, "start_year": 2010, "end_year": 2045}, seed=0)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
json.dump({"first_run": first, "peak_alloc": peak, "peak_rss_kib": rss}, sys.stdout)
"""


def compile_and_memory(scale: float) -> dict:
    """In fresh processes: the first run with an empty numba cache (cold compile), then with
    the cache filled (cached start, import included), and the peak of what a run 2010-2045 at
    ``scale`` allocates (numpy's allocations, traced) and the process's peak RSS."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        env.pop("NUMBA_DISABLE_JIT", None)

        def child(s: float) -> dict:
            proc = subprocess.run(
                [sys.executable, "-c", _COMPILE, str(s)], env=env, capture_output=True, text=True, check=True
            )
            return json.loads(proc.stdout)

        cold = child(0.0)
        cached = child(scale)
    return {
        "cold_compile_s": cold["first_run"],
        "cached_start_s": cached["first_run"],
        "run_scale": scale,
        "peak_alloc_mib": cached["peak_alloc"] / 2**20,
        "peak_rss_mib": cached["peak_rss_kib"] / 1024,
    }


def machine() -> dict:
    import numba

    import regimesim

    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "system": platform.platform(),
        "python": platform.python_version(),
        "numba": numba.__version__,
        "numpy": np.__version__,
        "regimesim": regimesim.__version__,
        "date": time.strftime("%Y-%m-%d"),
    }


@dataclass
class Plan:
    rounds: int
    scales: tuple[float, ...]  # the main comparison
    years: int
    baseline_scales: tuple[float, ...]  # the Mesa baseline (slow)
    baseline_years: int
    population: tuple[float, ...]  # simulate's cost against population
    horizons: tuple[int, ...]  # simulate's cost against horizon (at scale horizon_scale)
    horizon_scale: float
    memory_scale: float


FULL = Plan(
    rounds=5,
    scales=(0.01, 0.1, 1.0),
    years=36,
    baseline_scales=(0.01, 0.1),
    baseline_years=1,
    population=(0.01, 0.03, 0.1, 0.3, 1.0),
    horizons=(5, 10, 20, 36),
    horizon_scale=0.1,
    memory_scale=1.0,
)
QUICK = Plan(
    rounds=3,
    scales=(0.01, 0.1),
    years=5,
    baseline_scales=(0.01,),
    baseline_years=1,
    population=(0.01, 0.03, 0.1),
    horizons=(2, 5, 10),
    horizon_scale=0.03,
    memory_scale=0.1,
)


def run_suite(plan: Plan = FULL, report: Callable[[str], None] = print) -> dict:
    """Every measurement of ``plan``; the dict written to results.json."""
    cases = [
        (name, s, plan.years)
        for s in plan.scales
        for name in ("mesa_driver", "simulate", "simulate_2", "floor")
    ]
    cases += [("mesa_baseline", s, plan.baseline_years) for s in plan.baseline_scales]
    cases += [("simulate", s, plan.baseline_years) for s in plan.baseline_scales]  # same runs as it
    cases += [("simulate", s, plan.years) for s in plan.population if s not in plan.scales]
    cases += [
        ("simulate", plan.horizon_scale, y)
        for y in plan.horizons
        if (plan.horizon_scale, y) not in {(s, plan.years) for s in plan.scales}
    ]
    measurements = alternate(list(dict.fromkeys(cases)), plan.rounds, report)
    rows = summarise(measurements)
    med = {(r["implementation"], r["scale"], r["years"]): r for r in rows}
    pop = [med["simulate", s, plan.years]["seconds_median"] for s in plan.population]
    hor = [med["simulate", plan.horizon_scale, y]["seconds_median"] for y in plan.horizons]
    top = max(plan.scales)
    ratios = {
        "simulate_vs_floor_at_top_scale": med["simulate", top, plan.years]["ns_median"]
        / med["floor", top, plan.years]["ns_median"],
        "simulate_2_speedup_at_top_scale": 2
        * med["simulate", top, plan.years]["seconds_median"]
        / med["simulate_2", top, plan.years]["seconds_median"],
        "mesa_driver_vs_simulate_at_top_scale": med["mesa_driver", top, plan.years]["ns_median"]
        / med["simulate", top, plan.years]["ns_median"],
    }
    for s in plan.baseline_scales:
        by = plan.baseline_years
        ratios[f"mesa_baseline_vs_simulate_at_{s:g}"] = (
            med["mesa_baseline", s, by]["ns_median"] / med["simulate", s, by]["ns_median"]
        )
    report("compile and memory (fresh processes)...")
    return {
        "machine": machine(),
        "plan": asdict(plan),
        "measurements": [{**asdict(m), "ns_per_agent_step": m.ns_per_agent_step} for m in measurements],
        "summary": rows,
        "ratios": ratios,
        "scaling": {
            "population": list(plan.population),
            "population_seconds": pop,
            "population_slope": loglog_slope([agents_at(s) for s in plan.population], pop),
            "horizons": list(plan.horizons),
            "horizon_seconds": hor,
            "horizon_slope": loglog_slope([months_of(y) for y in plan.horizons], hor),
        },
        "compile_and_memory": compile_and_memory(plan.memory_scale),
    }


def markdown(res: dict) -> str:
    m = res["machine"]
    lines = [
        f"# regimesim speed ({m['date']})",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['system']}; Python {m['python']}, "
        f"numba {m['numba']}, numpy {m['numpy']}; regimesim {m['regimesim']}.",
        "",
        f"Per agent-step: wall time / ((households + posts) x months, spin-up included); "
        f"median and min-max over {res['plan']['rounds']} alternated rounds.",
        "",
        "| implementation | scale | years | ns per agent-step (median, min-max) | s per run (median) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in sorted(res["summary"], key=lambda r: (r["scale"], r["years"], r["implementation"])):
        lines.append(
            f"| {r['implementation']} | {r['scale']:g} | {r['years']} | {r['ns_median']:.1f} "
            f"({r['ns_min']:.1f}-{r['ns_max']:.1f}) | {r['seconds_median']:.3f} |"
        )
    lines += ["", "| ratio | value |", "| --- | --- |"]
    lines += [f"| {k} | {v:.2f} |" for k, v in res["ratios"].items()]
    sc = res["scaling"]
    cm = res["compile_and_memory"]
    lines += [
        "",
        f"Cost against population: log-log slope {sc['population_slope']:.2f}; against horizon: "
        f"{sc['horizon_slope']:.2f} (1 = linear).",
        "",
        f"Cold compile {cm['cold_compile_s']:.1f} s; cached start {cm['cached_start_s']:.2f} s "
        f"(import included); a run 2010-2045 at scale {cm['run_scale']:g} allocates at most "
        f"{cm['peak_alloc_mib']:.0f} MiB (the process peaks at {cm['peak_rss_mib']:.0f} MiB RSS, "
        "Python and libraries included).",
    ]
    return "\n".join(lines) + "\n"


def plot(res: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for name in IMPLEMENTATIONS:
        rows = sorted((r for r in res["summary"] if r["implementation"] == name), key=lambda r: r["scale"])
        years = {r["years"] for r in rows}
        for y in sorted(years):
            pts = [
                (agents_at(r["scale"]), r["seconds_median"] / months_of(y) / IMPLEMENTATIONS[name][1])
                for r in rows
                if r["years"] == y
            ]
            if len(pts) > 1 or name == "mesa_baseline":
                ax.loglog(*zip(*pts, strict=True), marker="o", label=f"{name} ({y} y)")
    ax.set_xlabel("agents (households + posts)")
    ax.set_ylabel("seconds per simulated month")
    ax.legend(fontsize=7)
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


README_START = "<!-- speed: written by python -m benchmarks --readme -->"
README_END = "<!-- speed: end -->"


def headline(res: dict) -> str:
    """The README's speed paragraph: the headline figures of a full suite run."""
    med = {(r["implementation"], r["scale"], r["years"]): r for r in res["summary"]}
    plan, m, cm, sc = res["plan"], res["machine"], res["compile_and_memory"], res["scaling"]
    ratios = res["ratios"]
    top, years = max(plan["scales"]), plan["years"]
    full = med["simulate", top, years]
    lines = [
        README_START,
        f"Measured by `python -m benchmarks` ({m['date']}; {m['cpu']}, {m['cores']} cores; median of "
        f"{plan['rounds']} alternated rounds; details in [benchmarks/README.md](benchmarks/README.md)):",
        "",
        f"- a run at scale {top:g} ({agents_at(top):,} households and posts), "
        f"{START}-{START + years - 1} with the spin-up, takes **{full['seconds_median']:.1f} s**, "
        f"{full['ns_median']:.0f} ns per agent-step: **{ratios['simulate_vs_floor_at_top_scale']:.1f}x** "
        "the machine's floor (one random draw and the loads and stores of each agent's state);",
    ]
    for key, value in ratios.items():
        if key.startswith("mesa_baseline_vs_simulate_at_"):
            lines.append(
                f"- **{value:.0f}x** faster per agent-step than the same rules written as an "
                f"idiomatic Mesa model (`benchmarks/mesa_baseline.py`) at scale "
                f"{key.rsplit('_', 1)[1]};"
            )
    lines += [
        f"- the Mesa driver `RegimeModel` costs {ratios['mesa_driver_vs_simulate_at_top_scale']:.2f}x "
        f"`simulate`; two runs on two threads go {ratios['simulate_2_speedup_at_top_scale']:.2f}x as fast "
        "as one after the other;",
        f"- cost against the population: log-log slope {sc['population_slope']:.2f}; against the "
        f"horizon: {sc['horizon_slope']:.2f} (1 is linear);",
        f"- compiling the model the first time takes {cm['cold_compile_s']:.0f} s (`regimesim warmup`); "
        f"later a fresh process starts in {cm['cached_start_s']:.1f} s (import included); a run at "
        f"scale {cm['run_scale']:g} allocates at most {cm['peak_alloc_mib']:.0f} MiB.",
        README_END,
    ]
    return "\n".join(lines)


def write_readme(res: dict, path: Path) -> None:
    """Replace the speed block of the README at ``path`` with :func:`headline`."""
    text = path.read_text()
    if README_START not in text or README_END not in text:
        raise SystemExit(f"--readme: {path} has no speed block ({README_START} ... {README_END})")
    head, rest = text.split(README_START, 1)
    tail = rest.split(README_END, 1)[1]
    path.write_text(head + headline(res) + tail)


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="small scales, short horizons, 3 rounds (minutes)")
    ap.add_argument("--out", default="benchmarks/results", help="output folder (default: benchmarks/results)")
    ap.add_argument("--readme", action="store_true", help="also rewrite the speed block of README.md")
    args = ap.parse_args(argv)
    res = run_suite(QUICK if args.quick else FULL, report=lambda s: print(s, file=sys.stderr, flush=True))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(res, indent=1))
    (out / "results.md").write_text(markdown(res))
    plot(res, out / "scaling.png")
    if args.readme:
        write_readme(res, Path("README.md"))
    print(markdown(res))
    return 0
