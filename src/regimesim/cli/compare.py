"""``regimesim compare``: scenarios over the same seeds, one comparison report."""

from __future__ import annotations

import argparse
import os

from regimesim.cli import common
from regimesim.cli.invocation import CLIError, Invocation
from regimesim.cli.output import check_out, publish
from regimesim.cli.scenario_flags import scenario


def cmd_compare(args: argparse.Namespace, inv: Invocation) -> int:
    from regimesim.compare import compare, write_comparison

    if len(args.scenarios) < 1:
        raise CLIError("name at least one scenario to compare")
    seeds_given = args.seeds
    if args.seeds is None:
        args.seeds = common.DEFAULT_SEEDS
    scenarios, applied = [], {}
    for arg in args.scenarios:
        sc, record = scenario(arg, args)
        if "seed" in sc.sweep_table:
            raise CLIError(
                f"{sc.label} sweeps the seed; compare runs every scenario with the same seeds "
                "(--seeds), so drop seed from its [sweep]"
            )
        scenarios.extend(sc.variants())
        applied[sc.label] = record["applied"]
    labels = [s.label for s in scenarios]
    if len(set(labels)) != len(labels):
        raise CLIError(f"a scenario is named twice: {', '.join(labels)}")
    if args.seeds < 1:
        raise CLIError(f"--seeds must be at least 1, got {args.seeds}")
    common.execution(args)  # --workers
    year = 2035 if args.year is None else args.year
    first, last = min(s.start for s in scenarios), max(s.end for s in scenarios)
    if not any(s.start <= year <= s.end for s in scenarios):
        shared = (max(s.start for s in scenarios), min(s.end for s in scenarios))
        both = f"; {shared[0]}-{shared[1]} in every scenario" if shared != (first, last) else ""
        default = " (the default)" if args.year is None else ""
        raise CLIError(
            f"the outcome year {year}{default} lies outside every scenario's horizon "
            f"({first}-{last}): choose one with --year YYYY, YYYY from {first} to {last}{both} "
            f"(e.g. --year {shared[1] if shared[0] <= shared[1] else last})"
        )
    out = check_out(args.out, inv)
    common.confirm(
        args,
        *common.estimate(
            scenarios, args.seeds, args.workers or os.cpu_count() or 1, written_once=common.WRITE_COMPARE_S
        ),
        f"{len(scenarios)} scenarios x {args.seeds} seeds",
    )
    try:
        comparison = compare(
            scenarios, seeds=args.seeds, year=year, workers=args.workers, progress=not args.quiet
        )
    except ValueError as exc:
        raise CLIError(str(exc)) from None
    given = {"--set": list(args.set)} if args.set else {}
    given.update(
        {
            f: v
            for f, v in (
                ("--until", args.until),
                ("--seeds", seeds_given),
                ("--year", args.year),
                ("--workers", args.workers),
            )
            if v is not None
        }
    )
    comparison.provenance["command_line"] = {"given": given, "applied": applied}
    publish(out, lambda folder: write_comparison(comparison, folder), inv)
    if not args.quiet:
        print(comparison.summary_text())
        print(f"  -> {out / 'report.html'}")
    return 0
