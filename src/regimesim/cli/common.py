"""What the commands share: the run estimate and the confirmation above :data:`CONFIRM_RUNS` runs,
warnings, and the execution options (``--backend``, ``--workers``, ``--scheduler``, ``--resume``)
as one :class:`regimesim.execution.Execution`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from regimesim.cli.invocation import CLIError
from regimesim.execution import Execution, ExecutionError

#: Above this many runs, ``run`` and ``compare`` show an estimate and ask for ``--yes``.
CONFIRM_RUNS = 50
#: Seeds per scenario in ``compare`` unless --seeds says otherwise.
DEFAULT_SEEDS = 20
#: Seconds a run takes, roughly: a fixed part plus this many per simulated year at scale 1
#: (spin-up included), measured on a 2-core machine after compilation (see benchmarks/).
RUN_FIXED_S, RUN_YEAR_S = 0.02, 0.2
#: Seconds to write one run's folder (its X-curve as PNG and SVG dominates), and a comparison's
#: figures and report, measured the same way.
WRITE_RUN_S, WRITE_COMPARE_S = 1.5, 10.0


def warn(args: argparse.Namespace, message: str) -> None:
    print(f"regimesim {args.command}: warning: {message}", file=sys.stderr)


def estimate(
    scenarios: Sequence,
    seeds: int = 1,
    workers: int = 1,
    *,
    written_each: float = 0.0,
    written_once: float = 0.0,
) -> tuple[int, float]:
    """Number of runs and a rough estimate of their wall time in seconds.

    ``written_each`` is the time to write each run's own output (``run`` writes a folder with two
    figures for every variant), ``written_once`` that of the output written once at the end.
    """
    total = 0.0
    for s in scenarios:
        years = s.end - s.start + 1 + s.params.spinup_years
        total += (RUN_FIXED_S + RUN_YEAR_S * s.scale * years) * seeds
    parallel = max(1, min(workers, os.cpu_count() or 1))
    return len(scenarios) * seeds, total / parallel + written_each * len(scenarios) + written_once


def duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    if seconds < 5400:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def confirm(args: argparse.Namespace, runs: int, seconds: float, what: str) -> None:
    """Above CONFIRM_RUNS runs: show the estimate and go on only with --yes (or a yes typed)."""
    if runs <= CONFIRM_RUNS or args.yes:
        return
    text = f"{what}: {runs:,} runs, roughly {duration(seconds)} (estimated from scale and horizon)"
    try:
        interactive = sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, OSError, ValueError):
        interactive = False
    if interactive:
        try:
            answer = input(f"regimesim {args.command}: {text}. Start? [y/N] ").strip().lower()
        except EOFError:  # Ctrl-D: no
            answer = ""
        if answer in ("y", "yes"):
            return
        raise CLIError("not started (add --yes to start without asking)")
    raise CLIError(f"{text}; more than {CONFIRM_RUNS} runs start only with --yes (add --yes to start)")


def execution(args: argparse.Namespace) -> Execution:
    """The command's execution options, checked once (a mistake names the flag): ``--backend``
    (default: dask with ``--scheduler``, else threads), ``--workers``, ``--scheduler``,
    ``--resume``, and a progress bar unless ``--quiet``. A command without one of these flags
    (``compare`` has only ``--workers``) gets its default."""
    scheduler = getattr(args, "scheduler", None)
    try:
        return Execution(
            backend=getattr(args, "backend", None) or ("dask" if scheduler else "threads"),
            workers=args.workers,
            scheduler=scheduler,
            resume=bool(getattr(args, "resume", False)),
            progress=not getattr(args, "quiet", False),
        )
    except ExecutionError as exc:
        raise CLIError(exc.flag_message) from None


__all__ = [
    "CONFIRM_RUNS",
    "DEFAULT_SEEDS",
    "RUN_FIXED_S",
    "RUN_YEAR_S",
    "WRITE_COMPARE_S",
    "WRITE_RUN_S",
    "confirm",
    "duration",
    "estimate",
    "execution",
    "warn",
]
