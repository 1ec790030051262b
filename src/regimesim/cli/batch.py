"""``regimesim batch``: run an ensemble design into a folder of Parquet tables (resumable)."""

from __future__ import annotations

import argparse
from pathlib import Path

from regimesim.cli import common
from regimesim.cli.invocation import CLIError, Invocation
from regimesim.cli.output import check_out


def cmd_batch(args: argparse.Namespace, inv: Invocation) -> int:
    from regimesim.ensemble import DesignError, load_design, run_ensemble

    try:
        design = load_design(args.design)
    except DesignError as exc:
        raise CLIError(str(exc)) from None
    execution = common.execution(args)
    out = Path(args.out)
    if not args.resume:
        out = check_out(args.out, inv)
        common.confirm(
            args,
            *common.estimate(
                list(design.scenarios), design.n_runs // len(design.scenarios), execution.n_workers
            ),
            f"{design.title or args.design}: {design.n_runs:,} runs",
        )
    inv.note = (
        f"the chunks finished so far are in {out}; continue with: regimesim batch "
        f"{args.design} --out {out} --resume"
    )
    try:
        run_ensemble(design, out, execution=execution)
    except ValueError as exc:
        raise CLIError(str(exc)) from None
    if not args.quiet:
        print(f"regimesim: {design.n_runs:,} runs of {design.title or args.design}")
        print(f"  -> {out} (read with regimesim.ensemble.read_table or pandas.read_parquet)")
    return 0
