"""The scenario flags of ``run`` and ``compare``: ``--set NAME=VALUE`` (a parameter, or a lever's
intensity or start), ``--until YEAR`` and ``--seed N`` applied to a scenario (:func:`scenario`)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from regimesim.cli.common import warn
from regimesim.cli.invocation import CLIError

#: Flags that are not parameters, by the names a user may try to --set them with.
NOT_PARAMETERS = {
    "seed": {
        "run": "give the root seed with --seed N",
        "compare": "compare runs seeds 0..N-1 for every scenario: choose N with --seeds N",
    },
    "seeds": {
        "run": "give the root seed with --seed N",
        "compare": "choose the number of seeds with --seeds N",
    },
    "until": {
        "run": "give the last year with --until YEAR (or --set end_year=YEAR)",
        "compare": "give the last year with --until YEAR (or --set end_year=YEAR)",
    },
    "year": {
        "compare": "choose the outcome year with --year YEAR",
        "run": "the outcome year is chosen in 'regimesim compare --year YEAR'; 'run' writes "
        "every month (give the last year with --until YEAR)",
    },
}


def parse_sets(items: Sequence[str]) -> dict[str, str]:
    """``--set`` items as name -> value text, in the order given."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise CLIError(
                f"--set expects name=value (e.g. --set reflex_risk=0.1 or --set phase_out=0.8), got {item!r}"
            )
        if name in out:
            raise CLIError(f"--set {name} given twice")
        out[name] = value
    return out


def lever_flag(sc, name: str, value: str, notes: list[str]):
    """``--set LEVER=VALUE`` (scale the schedule to peak at VALUE, timing kept),
    ``--set LEVER=VALUE@YYYY-MM`` (replace it by a step from that month) or
    ``--set LEVER.from=YYYY-MM`` (move it to start then)."""
    from regimesim.levers import Schedule, Segment
    from regimesim.scenario import parse_time

    flag = f"--set {name}={value}"
    lever, _, part = name.partition(".")
    if part == "from":
        if not sc.schedules.get(lever, Schedule()).segments:
            raise CLIError(
                f"{flag}: {sc.label} does not schedule {lever}, so it has no start to move; "
                f"give it a step instead: --set {lever}=INTENSITY@{value}"
            )
        return sc.with_lever_starts(**{lever: parse_time(value, flag)})
    number, at, when = value.partition("@")
    try:
        intensity = float(number)
    except ValueError:
        raise CLIError(
            f"{flag}: a lever takes an intensity in [0, 1] (--set {lever}=0.8: its schedule "
            f"scaled to peak at 0.8, timing kept) or an intensity and a start month "
            f"(--set {lever}=0.8@2030-01: a step from then on)"
        ) from None
    if not 0 <= intensity <= 1:
        raise CLIError(f"{flag}: {number} is outside the allowed range [0, 1] (a lever's intensity)")
    if at:
        start = parse_time(when, flag)
        return sc.with_levers(**{lever: Schedule(segments=(Segment(start, intensity),))})
    if not sc.schedules.get(lever, Schedule()).segments and sc.schedules.get(lever, Schedule()).base == 0:
        notes.append(
            f"{sc.label} does not schedule {lever}: --set {lever}={number} holds it at {number} "
            f"over the whole run ({sc.start}-{sc.end}); to start it later give a month, e.g. "
            f"--set {lever}={number}@2027-01"
        )
    return sc.with_lever_intensities(**{lever: intensity})


def scenario(arg: str | None, args: argparse.Namespace):
    """The scenario named on the command line (default: the library's history), with the flags.

    Returns the scenario and a record of the flags as given and as applied (for provenance).
    """
    from regimesim.levers import LEVERS
    from regimesim.parameters import BY_NAME
    from regimesim.provenance import overrides_record
    from regimesim.scenario import DEFAULT_SCENARIO, ScenarioError, check_seed, find_scenario, load

    command = args.command
    notes: list[str] = []  # printed once every flag is known to be good
    sets = parse_sets(getattr(args, "set", []))
    given: dict = {}
    if sets:
        given["--set"] = [f"{k}={v}" for k, v in sets.items()]
    try:
        original = sc = load(find_scenario(arg or DEFAULT_SCENARIO))
        swept = sc.sweep_table
        until = getattr(args, "until", None)
        if until is not None:
            given["--until"] = until
            if "end_year" in sets:
                raise CLIError(
                    f"--until {until} and --set end_year={sets['end_year']} both set the last year; give one"
                )
            sets = {**sets, "end_year": str(until)}
        params: dict = {}
        for name, value in sets.items():
            lever = name.removesuffix(".from")
            flag = "--until" if name == "end_year" and until is not None else f"--set {name}"
            if name in NOT_PARAMETERS:
                hint = NOT_PARAMETERS[name].get(command) or next(iter(NOT_PARAMETERS[name].values()))
                raise CLIError(f"--set {name}: '{name}' is not a parameter; {hint}")
            if name in swept or (lever in LEVERS and f"{lever}.from" in swept and "@" in value):
                key = name if name in swept else f"{lever}.from"
                raise CLIError(
                    f"{flag} conflicts with the sweep over {key} in {sc.label}: the sweep "
                    "gives its values; drop one"
                )
            if lever in LEVERS and (name == lever or name == f"{lever}.from"):
                if name.endswith(".from") and "@" in sets.get(lever, ""):
                    raise CLIError(
                        f"--set {lever}={sets[lever]} replaces the schedule that --set {name} moves; give one"
                    )
                try:
                    sc = lever_flag(sc, name, value, notes)
                except ScenarioError as exc:
                    raise CLIError(f"--set {name}={value}: {exc.message}") from None
                continue
            if name not in BY_NAME:
                from regimesim.parameters import _unknown

                raise CLIError(f"--set {name}: {_unknown(name)}")
            try:  # text from the command line becomes the declared type
                params[name] = BY_NAME[name].check(value)
            except (TypeError, ValueError) as exc:
                raise CLIError(f"{flag}: {exc}") from None
        if params:
            try:
                sc = sc.with_parameters(**params)
            except ScenarioError as exc:  # name the flag that set the horizon, not the file's field
                if exc.field.startswith("horizon.") and ({"start_year", "end_year"} & set(params)):
                    flags = ", ".join(
                        "--until" if k == "end_year" and until is not None else f"--set {k}"
                        for k in ("start_year", "end_year")
                        if k in params
                    )
                    raise CLIError(f"{flags}: {exc.message}") from None
                raise
        seed = getattr(args, "seed", None)
        if seed is not None:
            given["--seed"] = seed
            if "seed" in swept:
                raise CLIError(f"--seed {seed} conflicts with the sweep over seed in {sc.label}")
            try:
                sc = sc.replace(seed=check_seed(seed, "--seed"))
            except ScenarioError as exc:
                raise CLIError(str(exc)) from None
    except ScenarioError as exc:
        raise CLIError(str(exc)) from None
    except (ValueError, TypeError) as exc:
        raise CLIError(str(exc)) from None
    for note in [*notes, *(f"{sc.label}: {w}" for w in sc.horizon_warnings())]:
        warn(args, note)
    return sc, overrides_record(given, original.to_dict(), sc.to_dict())


__all__ = ["NOT_PARAMETERS", "lever_flag", "parse_sets", "scenario"]
