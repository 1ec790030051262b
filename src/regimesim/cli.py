"""Command line: ``regimesim run | scenarios | check | compare | parameters``.

What ``run`` and ``compare`` guarantee about their output folder (``--out``):

- **Checked first.** Every input, ``--out`` included, is checked before any simulation starts:
  ``--out`` must be a non-empty name of a missing path or an empty folder, below a folder (not a
  file), and creatable: a staging folder is actually made there (with any missing parents) and
  removed again. A mistake is one line on stderr naming the flag, the path and the reason, exit
  status 2, and nothing is created.
- **All or nothing.** Results are written into a staging folder beside ``--out`` (named
  ``.regimesim-tmp-<name>.<random>``) that is renamed to ``--out`` only when complete. Inside it,
  each file is written under a temporary name and renamed when complete, so no file ever has
  its final name while truncated. A failure removes the staging folder (a write error is one
  line, exit status 1).
- **Interruptions.** Ctrl-C (SIGINT) or SIGTERM at any moment, while simulating or writing,
  removes the staging folder and prints one line (``regimesim: interrupted; nothing written to
  results/x``), exit status 130 or 143, no traceback. (``compare`` first lets the simulations
  already running finish; the pending ones are cancelled.)
- **Leftovers of killed runs.** A run killed outright (``kill -9``, the out-of-memory killer, a crash)
  leaves its staging folder, with a marker beside it (``<folder>.writer``) that records the
  writer's host, process id and start time. The next run into the same parent folder removes
  those whose writer has ended on this host and says so in one line; it names, and leaves alone,
  those it cannot check (written from another host), and never touches an entry without a marker.
- **Permissions.** Folders and files are created with the usual modes less the umask (0755 and
  0644 under umask 022); an existing empty ``--out`` folder keeps its own mode.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import json
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from regimesim import _output


class CLIError(Exception):
    """A user mistake: printed as one line, exit status 2."""

    status = 2


class WriteError(CLIError):
    """The results could not be written (disk full, folder changed meanwhile): one line, exit 1."""

    status = 1


class Interrupted(KeyboardInterrupt):
    """SIGINT (Ctrl-C) or SIGTERM: unwinds like Ctrl-C's KeyboardInterrupt, removing temporary output."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


#: What this invocation of :func:`main` got to: the output folder named, written, the signal seen.
_STATE: dict = {}
_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _on_signal(signum: int, frame) -> None:
    """SIGINT/SIGTERM raise :class:`Interrupted` until :func:`main` has caught one; then they are
    ignored (clean-up runs). The first signal is the one reported."""
    if _STATE.get("caught"):
        return
    _STATE.setdefault("signal", signum)
    raise Interrupted(_STATE["signal"])


def _quiet_interrupted(hook):
    """``sys.unraisablehook`` that stays silent about an :class:`Interrupted` Python had to
    ignore (:func:`_check_signal` acts on it) and passes everything else to ``hook``."""

    def quiet(unraisable) -> None:
        if not isinstance(unraisable.exc_value, Interrupted):
            hook(unraisable)

    return quiet


def _check_signal() -> None:
    """Raise :class:`Interrupted` for a signal whose exception never reached :func:`main`.

    Python prints and ignores an exception raised where it cannot propagate (a weakref callback
    during an import, a ``__del__``), so a signal arriving there would otherwise be lost; this is
    checked before anything is written and again before it is published.
    """
    if _STATE.get("signal") is not None and not _STATE.get("caught"):
        raise Interrupted(_STATE["signal"])


@contextlib.contextmanager
def _deferred_signals() -> Iterator[None]:
    """Hold SIGINT/SIGTERM while the block runs (a rename and its bookkeeping, a clean-up), then act."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    saved = {s: signal.getsignal(s) for s in _SIGNALS}
    held = [s for s, h in saved.items() if callable(h)]
    for s in held:
        signal.signal(s, lambda signum, frame: pending.append(signum))
    try:
        yield
    finally:
        for s in held:
            signal.signal(s, saved[s])
        if pending:
            saved[pending[0]](pending[0], None)


#: Above this many runs, ``run`` and ``compare`` show an estimate and ask for ``--yes``.
CONFIRM_RUNS = 50
#: Seeds per scenario in ``compare`` unless --seeds says otherwise.
DEFAULT_SEEDS = 20
#: Seconds a run takes, roughly: a fixed part plus this many per simulated year at scale 1
#: (spin-up included), measured on a 2-core machine after compilation (see benchmarks/).
_RUN_FIXED_S, _RUN_YEAR_S = 0.02, 0.2
#: Seconds to write one run's folder (its X-curve as PNG and SVG dominates), and a comparison's
#: figures and report, measured the same way.
_WRITE_RUN_S, _WRITE_COMPARE_S = 1.5, 10.0
#: Flags that are not parameters, by the names a user may try to --set them with.
_NOT_PARAMETERS = {
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


def _parse_sets(items: Sequence[str]) -> dict[str, str]:
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


def _warn(args: argparse.Namespace, message: str) -> None:
    print(f"regimesim {args.command}: warning: {message}", file=sys.stderr)


def _lever_flag(sc, name: str, value: str, notes: list[str]):
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


def _scenario(arg: str | None, args: argparse.Namespace):
    """The scenario named on the command line (default: the library's history), with the flags.

    Returns the scenario and a record of the flags as given and as applied (for provenance).
    """
    from regimesim.levers import LEVERS
    from regimesim.parameters import BY_NAME
    from regimesim.provenance import overrides_record
    from regimesim.scenario import DEFAULT_SCENARIO, ScenarioError, check_seed, find_scenario, load

    command = args.command
    notes: list[str] = []  # printed once every flag is known to be good
    sets = _parse_sets(getattr(args, "set", []))
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
            if name in _NOT_PARAMETERS:
                hint = _NOT_PARAMETERS[name].get(command) or next(iter(_NOT_PARAMETERS[name].values()))
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
                    sc = _lever_flag(sc, name, value, notes)
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
        _warn(args, note)
    return sc, overrides_record(given, original.to_dict(), sc.to_dict())


def _estimate(
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
        total += (_RUN_FIXED_S + _RUN_YEAR_S * s.scale * years) * seeds
    parallel = max(1, min(workers, os.cpu_count() or 1))
    return len(scenarios) * seeds, total / parallel + written_each * len(scenarios) + written_once


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    if seconds < 5400:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def _confirm(args: argparse.Namespace, runs: int, seconds: float, what: str) -> None:
    """Above CONFIRM_RUNS runs: show the estimate and go on only with --yes (or a yes typed)."""
    if runs <= CONFIRM_RUNS or args.yes:
        return
    text = f"{what}: {runs:,} runs, roughly {_duration(seconds)} (estimated from scale and horizon)"
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


def _default_out() -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    base = Path("results") / f"run-{stamp}"
    out, i = base, 1
    while out.exists():
        out, i = base.with_name(f"{base.name}-{i}"), i + 1
    return out


def _check_out(arg: str | None, flag: str = "--out") -> Path:
    """The output folder ``flag`` names (None: a new folder in results/), checked before any run.

    It must be a missing name or an empty folder, its nearest existing ancestor a folder, and
    creatable: a staging folder is made (with missing parents) beside it and removed again.
    Staging folders left there by killed runs are removed (:func:`regimesim._output.sweep`).
    """
    if arg is None:
        out = _default_out()
    elif not arg.strip() or "\0" in arg:
        raise CLIError(f"{flag} needs a folder name, got {arg!r}")
    else:
        out = Path(arg)
    target = Path(os.path.realpath(out))
    here = Path.cwd().resolve()
    if target == here or target in here.parents:  # the finished folder replaces --out by a rename
        raise CLIError(
            f"{flag} {out} is the current folder or one above it; name a new folder (e.g. --out results/run1)"
        )
    try:
        if os.path.lexists(target) and (not target.is_dir() or any(target.iterdir())):
            raise CLIError(f"{flag} {out} already exists and is not an empty folder; choose a new one")
    except OSError as exc:
        raise CLIError(f"{flag} {out} cannot be read: {exc.strerror}") from None
    ancestor = target.parent
    while not os.path.lexists(ancestor):
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise CLIError(
            f"{flag} {out} cannot be created: {ancestor} is not a folder you can write to (it is a file)"
        )
    with _deferred_signals():
        try:
            created = _output.make_parents(target.parent)
        except OSError as exc:
            raise CLIError(
                f"{flag} {out} cannot be created: cannot create the folder {exc.filename} ({exc.strerror})"
            ) from None
        try:
            _output.Staging.create(target.parent, target.name).remove()
        except OSError as exc:
            raise CLIError(
                f"{flag} {out} cannot be created: cannot write in {target.parent} ({exc.strerror})"
            ) from None
        finally:
            _output.remove_folders(created)
        swept = _output.sweep(target.parent)
    _report_swept(swept, target.parent)
    _STATE["out"] = out
    return out


def _report_swept(swept: _output.Swept, parent: Path) -> None:
    if swept.removed:
        names = ", ".join(f"{n} (process {o.get('pid')})" for n, o in swept.removed)
        print(
            f"regimesim: removed temporary output left in {parent} by interrupted runs: {names}",
            file=sys.stderr,
        )
    if swept.unsure:
        names = ", ".join(
            f"{n} (host {o.get('host', '?')}, process {o.get('pid', '?')})" for n, o in swept.unsure
        )
        print(
            f"regimesim: note: {parent} holds temporary output of runs that may still be writing: "
            f"{names}; remove it if they are not",
            file=sys.stderr,
        )


def _publish(out: Path, write) -> None:
    """Call ``write(tmp)`` on a staging folder beside ``out`` and rename it into place when complete.

    Interrupted or failed, the staging folder (and any parent folder made for it) is removed.
    """
    target = Path(os.path.realpath(out))
    stage = None
    created: list[Path] = []
    try:
        _check_signal()
        with _deferred_signals():
            created = _output.make_parents(target.parent)
            stage = _output.Staging.create(target.parent, target.name)
        write(stage.folder)
        _check_signal()
        with _deferred_signals():
            stage.publish(target)
            _STATE["written"] = True
    except BaseException as exc:
        if not _STATE.get("written"):
            with _deferred_signals():
                if stage is not None:
                    stage.remove()
                _output.remove_folders(created)
        if isinstance(exc, OSError):
            raise WriteError(f"could not write {out}: {exc.strerror or exc}; nothing written") from exc
        raise


def cmd_run(args: argparse.Namespace) -> int:
    from regimesim.scenario import run

    sc, record = _scenario(args.scenario, args)
    variants = sc.variants()
    out = _check_out(args.out)
    _confirm(
        args, *_estimate(variants, written_each=_WRITE_RUN_S), f"{sc.label} sweeps {len(variants):,} variants"
    )

    results = []
    for i, v in enumerate(variants):
        if len(variants) > 1 and not args.quiet:
            print(f"[{i + 1}/{len(variants)}] {v.title}")
        results.append(run(v, progress=not args.quiet, regional=args.regional))
    for res in results:  # the flags as given and as applied
        res.provenance["command_line"] = record

    def write(folder: Path) -> None:
        if len(results) == 1:
            write_run(results[0], folder)
            return
        rows = []
        for i, res in enumerate(results, 1):
            sub = folder / f"variant-{i:02d}"
            sub.mkdir()
            write_run(res, sub)
            rows.append(
                {
                    "folder": sub.name,
                    "name": res.scenario.name,
                    "title": res.scenario.title,
                    "crossing_year": res.crossing_year(),
                }
            )
        _output.save(folder / "scenario.toml", sc.dumps())
        import pandas as pd

        _output.save(folder / "variants.csv", pd.DataFrame(rows).to_csv(index=False))

    _publish(out, write)
    if not args.quiet:
        for res in results:
            crossing = res.crossing_year()
            df = res.indicators
            last = df.iloc[-1]
            print(
                f"regimesim: {res.scenario.title}: {res.params.start_year}-{res.params.end_year}, "
                f"seed {res.seed}"
            )
            print(
                f"  regime strength {df['regime_strength'].iloc[0]:.2f} -> "
                f"{last['regime_strength']:.2f}; niche share {df['niche_share'].iloc[0]:.2f} -> "
                f"{last['niche_share']:.2f}; crossing: "
                f"{'none' if crossing is None else f'{crossing:.1f}'}"
            )
        print(f"  -> {out}")
    return 0


def write_run(result, folder: Path) -> None:
    """Write a run's indicator table (Parquet), scenario, parameters + provenance (JSON) and X-curve;
    with regional output also ``regions.parquet`` and ``municipalities.parquet`` (tidy tables)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    table = result.indicators.join(result.phases)
    table.index = table.index.to_timestamp()
    table.index.name = "month"
    _output.save(folder / "indicators.parquet", lambda fh: table.to_parquet(fh))
    for name in ("regions", "municipalities"):
        regional = getattr(result, name, None)
        if regional is not None:
            if "month" in regional.columns:  # as in indicators.parquet: the month's first day
                regional = regional.assign(month=regional["month"].dt.to_timestamp())
            _output.save(folder / f"{name}.parquet", lambda fh, t=regional: t.to_parquet(fh, index=False))
    from regimesim.parameters import BY_NAME
    from regimesim.scenario import _event_to_toml, _schedule_to_toml

    # levers are schedules, not constants: they are in provenance.json and scenario.toml
    values = {k: v for k, v in result.params.to_dict().items() if BY_NAME[k].kind != "lever"}
    _output.save(folder / "parameters.json", json.dumps(values, indent=2) + "\n")
    meta = dict(result.provenance)
    # parameters that differ from their defaults, whoever set them (file or flag); the flags
    # themselves, as given and as applied, are in "command_line"
    meta["non_default_parameters"] = {k: v for k, v in result.params.overrides().items() if k in values}
    meta["levers"] = {k: _schedule_to_toml(v) for k, v in result.schedules.items()}
    meta["events"] = [_event_to_toml(e) for e in result.events]
    meta["crossing_year"] = result.crossing_year()
    _output.save(folder / "provenance.json", json.dumps(meta, indent=2) + "\n")
    if result.scenario is not None:
        _output.save(folder / "scenario.toml", result.scenario.dumps())
    fig = result.plot_xcurve()
    try:
        _output.save(folder / "xcurve.png", lambda fh: fig.savefig(fh, format="png", dpi=150))
        _output.save(folder / "xcurve.svg", lambda fh: fig.savefig(fh, format="svg"))
    finally:
        plt.close(fig)


def cmd_scenarios(args: argparse.Namespace) -> int:
    from regimesim.scenario import DEFAULT_SCENARIO, library

    scenarios = library()
    width = max(len(s.name) for s in scenarios)
    for s in scenarios:
        extra = f", {len(s.variants())} variants" if s.sweep else ""
        default = " (default)" if s.name == DEFAULT_SCENARIO else ""
        print(f"{s.name:<{width}}  {s.start}-{s.end}{extra}  {s.title}{default}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from regimesim.scenario import Scenario, ScenarioError, find_scenario

    for arg in args.files:
        from regimesim._cli_study import check_study

        if check_study(arg):  # a study file (factors and outputs, one base scenario)
            continue
        try:
            s = Scenario.load(find_scenario(arg))
        except ScenarioError as exc:
            raise CLIError(str(exc)) from None
        n_var = len(s.variants())
        warnings = s.horizon_warnings()
        for w in warnings:  # not errors: the file is valid, but this is most often a mistake
            _warn(args, f"{arg}: {w}")
        print(
            f"ok: {arg}: {s.title} ({s.start}-{s.end}, scale {s.scale:g}, {len(s.levers)} levers, "
            f"{len(s.events)} events{f', {n_var} variants' if s.sweep else ''}"
            f"{f', {len(warnings)} warning' + 's' * (len(warnings) > 1) if warnings else ''})"
        )
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from regimesim.compare import compare, write_comparison

    if len(args.scenarios) < 1:
        raise CLIError("name at least one scenario to compare")
    seeds_given = args.seeds
    if args.seeds is None:
        args.seeds = DEFAULT_SEEDS
    scenarios, applied = [], {}
    for arg in args.scenarios:
        sc, record = _scenario(arg, args)
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
    if args.workers is not None and args.workers < 1:
        raise CLIError(f"--workers must be at least 1, got {args.workers}")
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
    out = _check_out(args.out)
    _confirm(
        args,
        *_estimate(scenarios, args.seeds, args.workers or os.cpu_count() or 1, written_once=_WRITE_COMPARE_S),
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
    _publish(out, lambda folder: write_comparison(comparison, folder))
    if not args.quiet:
        print(comparison.summary_text())
        print(f"  -> {out / 'report.html'}")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    from regimesim.ensemble import DesignError, load_design, run_ensemble

    try:
        design = load_design(args.design)
    except DesignError as exc:
        raise CLIError(str(exc)) from None
    if args.workers is not None and args.workers < 1:
        raise CLIError(f"--workers must be at least 1, got {args.workers}")
    if args.scheduler and args.backend not in (None, "dask"):
        raise CLIError(f"--scheduler runs on Dask; it does not go with --backend {args.backend}")
    out = Path(args.out)
    if not args.resume:
        out = _check_out(args.out)
        _confirm(
            args,
            *_estimate(
                list(design.scenarios),
                design.n_runs // len(design.scenarios),
                args.workers or os.cpu_count() or 1,
            ),
            f"{design.title or args.design}: {design.n_runs:,} runs",
        )
    _STATE["note"] = (
        f"the chunks finished so far are in {out}; continue with: regimesim batch "
        f"{args.design} --out {out} --resume"
    )
    try:
        backend = args.backend or ("dask" if args.scheduler else "threads")
        run_ensemble(
            design,
            out,
            backend=backend,
            workers=args.workers,
            scheduler=args.scheduler,
            resume=args.resume,
            progress=not args.quiet,
        )
    except ValueError as exc:
        raise CLIError(str(exc)) from None
    if not args.quiet:
        print(f"regimesim: {design.n_runs:,} runs of {design.title or args.design}")
        print(f"  -> {out} (read with regimesim.ensemble.read_table or pandas.read_parquet)")
    return 0


def cmd_warmup(args: argparse.Namespace) -> int:
    """Compile the model into numba's cache (or check that it is there)."""
    import time

    from regimesim import _numba
    from regimesim.ensemble import warm_up
    from regimesim.scenario import Scenario, find_scenario
    from regimesim.step import run

    cold = _numba.needs_compiling(run)
    if cold and not args.quiet:
        print(
            f"regimesim warmup: compiling the model into numba's cache (about {_numba.COMPILE_SECONDS} s)..."
        )
    _numba.ANNOUNCE = False  # said above
    t = time.perf_counter()
    warm_up(Scenario.load(find_scenario("history")))
    secs = time.perf_counter() - t
    if not args.quiet:
        where = os.environ.get("NUMBA_CACHE_DIR") or "numba's default place (__pycache__ beside the sources)"
        what = f"compiled in {secs:.0f} s" if cold else f"already compiled: loaded in {secs:.1f} s"
        print(f"regimesim warmup: {what}; cache: {where}")
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    """Serve the web app (Solara) until interrupted."""
    from regimesim.app.serve import AppError, check_options, serve

    if args.fetch_assets:
        from regimesim.app.assets import AssetsError, cache_dir, install

        try:
            done = install()
        except AssetsError as exc:
            raise CLIError(str(exc)) from None
        print(
            f"regimesim app: front-end files {'installed' if done else 'already installed'} in "
            f"{cache_dir()}; the app needs no internet"
        )
        return 0
    try:
        check_options(args.scenario, args.host, args.port, args.lang)
    except AppError as exc:
        raise CLIError(str(exc)) from None
    if args.host != "127.0.0.1":
        print(f"regimesim app: serving on {args.host}: reachable from other machines", file=sys.stderr)
    from regimesim.app.assets import missing

    if missing():
        print(
            "regimesim app: the front-end files are not installed, so the page fetches them from "
            "a CDN; with no internet, run 'regimesim app --fetch-assets' once first",
            file=sys.stderr,
        )
    print(f"regimesim app: http://{args.host}:{args.port}/ (Ctrl+C stops it)")
    return serve(args.scenario, args.host, args.port, args.lang)


def cmd_parameters(args: argparse.Namespace) -> int:
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


def _run_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a parameter, scale or start_year (see 'regimesim parameters'), or a "
        "lever: LEVER=0.8 scales its schedule to peak at 0.8 (timing kept; an unscheduled "
        "lever is held at 0.8 all run), LEVER=0.8@2030-01 replaces it by a step from that "
        "month, LEVER.from=2030-01 moves its start; may repeat",
    )
    p.add_argument("--until", type=int, metavar="YEAR", help="last simulated year (the horizon's end)")
    p.add_argument(
        "-y", "--yes", action="store_true", help=f"start more than {CONFIRM_RUNS} runs without asking"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="regimesim",
        allow_abbrev=False,  # "--seed" must not quietly mean "--seeds"
        description="Regime destabilisation and niche uptake (the X-curve) in Dutch child and "
        "family protection.",
    )
    from regimesim import __version__

    parser.add_argument("--version", action="version", version=f"regimesim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    common = {"allow_abbrev": False}
    run = sub.add_parser("run", **common, help="run a scenario (default: the library's history.toml)")
    run.add_argument(
        "scenario",
        nargs="?",
        metavar="SCENARIO",
        help="scenario file or library name (see 'regimesim scenarios'); default: history",
    )
    _run_flags(run)
    run.add_argument("--seed", type=int, help="root seed, 0 <= SEED < 2**63 (default: the scenario's)")
    run.add_argument("--out", metavar="DIR", help="output folder (default: new folder in results/)")
    run.add_argument(
        "--regional",
        nargs="?",
        const="month",
        choices=("month", "year"),
        help="also write regions.parquet and municipalities.parquet (indicators per "
        "youth-care region and per municipality), every month (default) or each "
        "December (--regional year)",
    )
    run.set_defaults(func=cmd_run)
    lib = sub.add_parser("scenarios", **common, help="list the scenario library, one line each")
    lib.set_defaults(func=cmd_scenarios)
    chk = sub.add_parser("check", **common, help="validate scenario files without running them")
    chk.add_argument("files", nargs="+", metavar="FILE")
    chk.set_defaults(func=cmd_check)
    cmp_ = sub.add_parser(
        "compare", **common, help="run scenarios over the same seeds and write a comparison report"
    )
    cmp_.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario files or library names")
    _run_flags(cmp_)
    cmp_.add_argument("--seeds", type=int, default=None, help="number of seeds, 0..N-1 (default 20)")
    cmp_.add_argument(
        "--year",
        type=int,
        default=None,
        help="year of the niche-share and coercive-measure outcomes (default 2035); must lie in a "
        "scenario's horizon",
    )
    cmp_.add_argument("--workers", type=int, help="parallel runs (default: one per CPU core)")
    cmp_.add_argument("--out", metavar="DIR", required=True, help="output folder (must be new or empty)")
    cmp_.set_defaults(func=cmd_compare)
    bat = sub.add_parser("batch", **common, help="run an ensemble design (scenarios x points x replicates)")
    bat.add_argument("design", metavar="DESIGN", help="design file (TOML; see scenarios/designs/)")
    bat.add_argument(
        "--out",
        metavar="DIR",
        required=True,
        help="output folder (new or empty; with --resume, the run's folder)",
    )
    bat.add_argument(
        "--backend",
        choices=("threads", "processes", "dask"),
        default=None,
        help="where the runs go (default: threads; dask with --scheduler); the results do not depend on it",
    )
    bat.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a running Dask scheduler (tcp://host:8786) to run on; without it --backend "
        "dask starts a local cluster of --workers processes",
    )
    bat.add_argument("--workers", type=int, help="parallel chunks of runs (default: one per CPU core)")
    bat.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted run in --out: run only the chunks it lacks",
    )
    bat.add_argument(
        "-y", "--yes", action="store_true", help=f"start more than {CONFIRM_RUNS} runs without asking"
    )
    bat.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    bat.set_defaults(func=cmd_batch)
    warm = sub.add_parser(
        "warmup",
        **common,
        help="compile the model into numba's cache once (about a minute), so that runs start at once",
    )
    warm.add_argument("-q", "--quiet", action="store_true", help="say nothing")
    warm.set_defaults(func=cmd_warmup)
    app = sub.add_parser("app", **common, help="the web app: explore intervention mixes in the browser")
    app.add_argument(
        "scenario",
        nargs="?",
        default="full_mix",
        help="library scenario or file to start from (default: full_mix)",
    )
    app.add_argument(
        "--host", default="127.0.0.1", help="address to bind to (default 127.0.0.1: this machine only)"
    )
    app.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    app.add_argument("--lang", default="nl", help="language to start in: nl or en (default nl)")
    app.add_argument(
        "--fetch-assets",
        action="store_true",
        help="install the page's front-end files from the npm registry (once), so that the "
        "app runs with no internet; then exit",
    )
    app.set_defaults(func=cmd_app)
    from regimesim._cli_study import add_parsers

    add_parsers(sub, common)
    par = sub.add_parser("parameters", **common, help="list every parameter with default, range and source")
    par.add_argument("--kind", choices=("lever", "structural", "uncertainty"))
    par.set_defaults(func=cmd_parameters)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _STATE.clear()
    installed = {}
    # first of all (before the heavy imports of numba, Mesa and pandas, which happen lazily)
    if threading.current_thread() is threading.main_thread():
        for s, usual in ((signal.SIGINT, signal.default_int_handler), (signal.SIGTERM, signal.SIG_DFL)):
            if signal.getsignal(s) is usual:  # leave ignored signals (nohup) and embedders' handlers
                installed[s] = signal.signal(s, _on_signal)
    previous_hook = sys.unraisablehook
    sys.unraisablehook = _quiet_interrupted(previous_hook)
    args = argparse.Namespace(command="")
    try:
        args = build_parser().parse_args(argv)
        if getattr(args, "quiet", False):  # not even "compiling the model" (numba is imported then)
            from regimesim import _numba

            _numba.ANNOUNCE = False
            _STATE["announce"] = _numba
        status = args.func(args)
        _check_signal()
        return status
    except CLIError as exc:
        print(f"regimesim {args.command}: error: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt as exc:
        _STATE["caught"] = True  # ignore further signals while reporting
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        out = _STATE.get("out")
        if _STATE.get("note"):
            what = _STATE["note"]
        elif out is None:
            what = "nothing written"
        elif _STATE.get("written"):
            what = f"the results in {out} are complete"
        else:
            what = f"nothing written to {out}"
        print(f"regimesim: interrupted; {what}", file=sys.stderr)
        return 128 + signum
    finally:
        if "announce" in _STATE:
            _STATE["announce"].ANNOUNCE = True
        sys.unraisablehook = previous_hook
        for s, previous in installed.items():
            signal.signal(s, previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
