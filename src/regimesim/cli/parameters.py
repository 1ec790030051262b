"""``regimesim parameters``: every parameter with its default, range and source."""

from __future__ import annotations

import argparse

from regimesim.cli.invocation import Invocation


def cmd_parameters(args: argparse.Namespace, inv: Invocation) -> int:
    kinds = {args.kind} if args.kind else {"lever", "structural", "uncertainty"}
    from regimesim.parameters import PARAMETERS

    rows = [p for p in PARAMETERS if p.kind in kinds]
    width = max(len(p.name) for p in rows)
    for p in rows:
        print(
            f"{p.name:<{width}}  {p.kind:<11} {p.default!s:>8}  [{p.low:g}, {p.high:g}] "
            f"{p.unit}  - {p.meaning}  ({p.source})"
        )
    return 0
