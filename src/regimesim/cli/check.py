"""``regimesim check``: validate scenario and study files without running them."""

from __future__ import annotations

import argparse

from regimesim.cli.common import warn
from regimesim.cli.invocation import CLIError, Invocation
from regimesim.cli.studies import check_study


def cmd_check(args: argparse.Namespace, inv: Invocation) -> int:
    from regimesim.scenario import Scenario, ScenarioError, find_scenario

    for arg in args.files:
        if check_study(arg):  # a study file (factors and outputs, one base scenario)
            continue
        try:
            s = Scenario.load(find_scenario(arg))
        except ScenarioError as exc:
            raise CLIError(str(exc)) from None
        n_var = len(s.variants())
        warnings = s.horizon_warnings()
        for w in warnings:  # not errors: the file is valid, but this is most often a mistake
            warn(args, f"{arg}: {w}")
        print(
            f"ok: {arg}: {s.title} ({s.start}-{s.end}, scale {s.scale:g}, {len(s.levers)} levers, "
            f"{len(s.events)} events{f', {n_var} variants' if s.sweep else ''}"
            f"{f', {len(warnings)} warning' + 's' * (len(warnings) > 1) if warnings else ''})"
        )
    return 0
