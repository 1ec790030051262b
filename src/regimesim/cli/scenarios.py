"""``regimesim scenarios``: the scenario library, one line each."""

from __future__ import annotations

import argparse

from regimesim.cli.invocation import Invocation


def cmd_scenarios(args: argparse.Namespace, inv: Invocation) -> int:
    from regimesim.scenario import DEFAULT_SCENARIO, library

    scenarios = library()
    width = max(len(s.name) for s in scenarios)
    for s in scenarios:
        extra = f", {len(s.variants())} variants" if s.sweep else ""
        default = " (default)" if s.name == DEFAULT_SCENARIO else ""
        print(f"{s.name:<{width}}  {s.start}-{s.end}{extra}  {s.title}{default}")
    return 0
