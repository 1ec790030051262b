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


#: What ``--set LEVER=...`` takes, for a value that is not a number.
LEVER_USAGE = (
    "a lever takes an intensity in [0, 1] (--set {lever}=0.8: its schedule scaled to peak at 0.8, "
    "timing kept) or an intensity and a start month (--set {lever}=0.8@2030-01: a step from then on)"
)


def check_flag(sc, name: str, value: str, sets: dict[str, str], command: str, notes: list[str]) -> None:
    """What only the command line checks of ``--set name=value`` before the scenario applies it
    (:meth:`~regimesim.scenario.Scenario.with_settings`, the one settings grammar): names that are
    flags, not parameters; clashes with the file's sweep and between flags; a lever's value read
    with the flag's own usage text; the note that an unscheduled lever is held all run."""
    from regimesim.fields import ScenarioError
    from regimesim.levers import LEVERS, Schedule
    from regimesim.parameters import BY_NAME, unknown_parameter
    from regimesim.schedules import parse_lever_value

    lever = name.removesuffix(".from")
    flag = f"--set {name}"
    if name in NOT_PARAMETERS:
        hint = NOT_PARAMETERS[name].get(command) or next(iter(NOT_PARAMETERS[name].values()))
        raise CLIError(f"--set {name}: '{name}' is not a parameter; {hint}")
    swept = sc.sweep_table
    if name in swept or (lever in LEVERS and f"{lever}.from" in swept and "@" in value):
        key = name if name in swept else f"{lever}.from"
        raise CLIError(
            f"{flag} conflicts with the sweep over {key} in {sc.label}: the sweep gives its values; drop one"
        )
    if lever not in LEVERS or name not in (lever, f"{lever}.from"):
        if name not in BY_NAME:
            raise CLIError(f"--set {name}: {unknown_parameter(name)}")
        return
    schedule = sc.schedules.get(lever, Schedule())
    if name.endswith(".from"):
        if "@" in sets.get(lever, ""):
            raise CLIError(
                f"--set {lever}={sets[lever]} replaces the schedule that --set {name} moves; give one"
            )
        if not schedule.segments:
            raise CLIError(
                f"--set {name}={value}: {sc.label} does not schedule {lever}, so it has no start to move; "
                f"give it a step instead: --set {lever}=INTENSITY@{value}"
            )
        return
    try:
        _, start = parse_lever_value(value, name, usage=LEVER_USAGE.format(lever=lever))
    except ScenarioError as exc:
        raise CLIError(f"--set {name}={value}: {exc.message}") from None
    if start is None and not schedule.segments and schedule.base == 0:
        number = value.partition("@")[0]
        notes.append(
            f"{sc.label} does not schedule {lever}: --set {lever}={number} holds it at {number} "
            f"over the whole run ({sc.start}-{sc.end}); to start it later give a month, e.g. "
            f"--set {lever}={number}@2027-01"
        )


def flag_error(exc, sets: dict[str, str], until: int | None) -> CLIError:
    """The scenario's error ``exc`` for the settings ``sets``, naming the flag that gave the value."""
    from regimesim.levers import LEVERS

    def flag(key: str) -> str:
        return "--until" if key == "end_year" and until is not None else f"--set {key}"

    if exc.field.startswith("horizon.") and ({"start_year", "end_year"} & set(sets)):
        flags = ", ".join(flag(k) for k in ("start_year", "end_year") if k in sets)
        return CLIError(f"{flags}: {exc.message}")
    if exc.field in sets:
        key = exc.field
        if key.removesuffix(".from") in LEVERS:
            return CLIError(f"--set {key}={sets[key]}: {exc.message}")
        return CLIError(f"{flag(key)}: {exc.message}")
    return CLIError(str(exc))


def scenario(arg: str | None, args: argparse.Namespace):
    """The scenario named on the command line (default: the library's history), with the flags:
    ``--set`` and ``--until`` applied by :meth:`~regimesim.scenario.Scenario.with_settings` (the
    grammar of sweeps, designs and studies too) after the checks only the command line makes
    (:func:`check_flag`).

    Returns the scenario and a record of the flags as given and as applied (for provenance).
    """
    from regimesim.fields import ScenarioError, check_seed
    from regimesim.provenance import overrides_record
    from regimesim.scenario import DEFAULT_SCENARIO, find_scenario, load

    notes: list[str] = []  # printed once every flag is known to be good
    sets = parse_sets(getattr(args, "set", []))
    given: dict = {}
    if sets:
        given["--set"] = [f"{k}={v}" for k, v in sets.items()]
    try:
        original = sc = load(find_scenario(arg or DEFAULT_SCENARIO))
        until = getattr(args, "until", None)
        if until is not None:
            given["--until"] = until
            if "end_year" in sets:
                raise CLIError(
                    f"--until {until} and --set end_year={sets['end_year']} both set the last year; give one"
                )
            sets = {**sets, "end_year": str(until)}
        for name, value in sets.items():
            if not (name == "end_year" and until is not None):
                check_flag(sc, name, value, sets, args.command, notes)
        try:
            sc = sc.with_settings(sets)
        except ScenarioError as exc:
            raise flag_error(exc, sets, until) from None
        seed = getattr(args, "seed", None)
        if seed is not None:
            given["--seed"] = seed
            if "seed" in sc.sweep_table:
                raise CLIError(f"--seed {seed} conflicts with the sweep over seed in {sc.label}")
            sc = sc.replace(seed=check_seed(seed, "--seed"))
    except ScenarioError as exc:
        raise CLIError(str(exc)) from None
    except (ValueError, TypeError) as exc:
        raise CLIError(str(exc)) from None
    for note in [*notes, *(f"{sc.label}: {w}" for w in sc.horizon_warnings())]:
        warn(args, note)
    return sc, overrides_record(given, original.to_dict(), sc.to_dict())


__all__ = ["LEVER_USAGE", "NOT_PARAMETERS", "check_flag", "flag_error", "parse_sets", "scenario"]
