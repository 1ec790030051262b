"""``regimesim sensitivity`` and ``regimesim discover``: a study file in, a folder of Parquet tables,
figures and one offline HTML report out (see :mod:`regimesim.sensitivity`,
:mod:`regimesim.discovery`); and ``regimesim check`` of a study file (:func:`check_study`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from regimesim.cli import common
from regimesim.cli.invocation import CLIError, Invocation
from regimesim.cli.output import check_out

if TYPE_CHECKING:
    from regimesim.execution import Execution


def _study(args: argparse.Namespace):
    from regimesim.study import StudyError, find_study, load_study

    try:
        study = load_study(find_study(args.study))
        return study.with_overrides(
            n=args.n,
            scale=args.scale,
            method=getattr(args, "method", None),
            discovery=args.command == "discover",
        )
    except StudyError as exc:
        raise CLIError(str(exc)) from None


def _prepare(args: argparse.Namespace, inv: Invocation, study, n_runs: int, what: str):
    """The checked output folder, execution and overrides (the flags that change the study)."""
    execution = common.execution(args)
    if args.resume:
        out = Path(args.out)
        if not any(out.glob("runs*/manifest.json")):
            raise CLIError(f"--resume: {out} holds no started study (no runs/manifest.json)")
    else:
        out = check_out(args.out, inv)
        runs, seconds = common.estimate([study.scenario], n_runs, execution.n_workers)
        common.confirm(args, runs, seconds, what)
    given = (("n", args.n), ("scale", args.scale), ("method", getattr(args, "method", None)))
    flags = " ".join(f"--{k} {v}" for k, v in given if v is not None)
    inv.note = (
        f"the runs finished so far are in {out}; continue with: regimesim {args.command} "
        f"{args.study} --out {out} {flags} --resume".replace("  ", " ")
    )
    overrides = {"study": args.study, **{k: v for k, v in given if v is not None}}
    return out, execution, overrides


def _record(out: Path, overrides: dict) -> None:
    """What the study ran with (the command's overrides), beside the study file."""
    import json

    from regimesim import _output

    _output.save(out / "overrides.json", json.dumps(overrides, indent=2))


def _run(run, study, out: Path, execution: Execution):
    """``run(study, out, execution=...)``; its mistakes as one line (those found after the runs
    say where the runs are kept)."""
    from regimesim.study import StudyError

    try:
        return run(study, out, execution=execution)
    except StudyError as exc:  # an output that is not finite, every run a hit or none: after the runs
        raise CLIError(f"{exc}; the runs are kept in {out}") from None
    except ValueError as exc:
        raise CLIError(str(exc)) from None


def cmd_sensitivity(args: argparse.Namespace, inv: Invocation) -> int:
    from regimesim.sensitivity import MAIN_INDICES, index_table, run_sensitivity

    study = _study(args)
    n_runs = study.n_points() * study.replicates * len(study.settings())
    s = study.sensitivity
    out, execution, overrides = _prepare(
        args, inv, study, n_runs, f"{study.title or args.study}: {s.method}, N = {s.n}"
    )
    result = _run(run_sensitivity, study, out, execution)
    _record(out, overrides)
    if not args.quiet:
        print(f"regimesim: {s.method} indices of {len(study.factors)} factors, {n_runs:,} runs")
        for name, under in ((n, u) for n in study.output_names for u in result.settings):
            t = index_table(result, name, under)
            col = list(t.columns).index(MAIN_INDICES[s.method][-1])
            print(
                f"  {name}{f' (under {under})' if under else ''}: "
                f"{', '.join(f'{f} {v:.2f}' for f, v in t.iloc[:4, col].items())}"
                f"{' ...' if len(t) > 4 else ''}; {result.verdict(name, under)}"
            )
        print(f"  -> {out}/report.html (tables: indices.parquet, convergence.parquet, seed_share.parquet)")
    return 0


def cmd_discover(args: argparse.Namespace, inv: Invocation) -> int:
    from regimesim.discovery import run_discovery

    study = _study(args)
    if study.discovery is None:
        raise CLIError(
            f"{args.study}: the study has no [discovery] table: name the output and a threshold, "
            'e.g. [discovery] output = "crossing", below = 2040'
        )
    n_runs = study.discovery.n * study.replicates
    if study.sensitivity.under and not args.quiet:
        print(
            f"regimesim discover: note: [sensitivity] under applies to `regimesim sensitivity`; the "
            f"discovery runs {study.scenario.label} as the study sets it (put a setting in [set] to "
            "discover under it)",
            file=sys.stderr,
        )
    out, execution, overrides = _prepare(
        args, inv, study, n_runs, f"{study.title or args.study}: PRIM, {study.discovery.n} points"
    )
    result = _run(run_discovery, study, out, execution)
    _record(out, overrides)
    if not args.quiet:
        from regimesim.study_report import format_value

        t = result.trajectory
        row = t[t["id"] == result.chosen].iloc[0]
        hits = int(result.cases["hit"].sum())
        print(
            f"regimesim: {hits:,} of {len(result.cases):,} runs hit ({study.discovery.text}); box "
            f"{result.chosen}: coverage {row['coverage']:.2f}, density {row['density']:.2f}"
        )
        for r in result.box[result.box["restricted"]].itertuples():
            print(f"  {r.factor}: {format_value(r.factor, r.low)} to {format_value(r.factor, r.high)}")
        print(f"  -> {out}/report.html (tables: trajectory.parquet, box.parquet, feature_scores.parquet)")
    return 0


def check_study(arg: str) -> bool:
    """``regimesim check`` of a study file: False if ``arg`` is not one (a scenario, say)."""
    import tomllib

    from regimesim.study import StudyError, find_study, load_study

    path = Path(arg)
    if not path.exists():
        try:
            path = find_study(arg)  # a shipped study's name
        except StudyError:
            return False  # a scenario's name, or a mistake the scenario check reports
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig")) if path.suffix == ".toml" else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # the scenario check reports it
    if "factors" not in raw or "scenarios" in raw:
        return False

    try:
        study = load_study(path)
    except StudyError as exc:
        raise CLIError(str(exc)) from None
    s = study.sensitivity
    runs = study.n_points() * study.replicates * len(study.settings())
    disc = f"; discovery: {study.discovery.n * study.replicates:,} runs" if study.discovery else ""
    size = f"{len(study.factors)} factors, {len(study.output_names)} outputs"
    print(f"ok: {arg}: study {study.title or path.stem} ({size}; {s.method} N = {s.n}: {runs:,} runs{disc})")
    return True


__all__ = ["check_study", "cmd_discover", "cmd_sensitivity"]
