"""``regimesim sensitivity`` and ``regimesim discover``: a study file in, a folder of Parquet tables,
figures and one offline HTML report out (see :mod:`regimesim.sensitivity`, :mod:`regimesim.discovery`)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from regimesim.cli import _STATE, CLIError, _check_out, _confirm, _estimate

#: regimesim.study.METHODS, spelt out: the parser is built before the heavy imports (tested equal)
METHODS = ("sobol", "morris", "pawn")


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


def _prepare(args: argparse.Namespace, study, n_runs: int, what: str) -> Path:
    if args.workers is not None and args.workers < 1:
        raise CLIError(f"--workers must be at least 1, got {args.workers}")
    if args.scheduler and args.backend not in (None, "dask"):
        raise CLIError(f"--scheduler runs on Dask; it does not go with --backend {args.backend}")
    if args.resume:
        out = Path(args.out)
        if not any(out.glob("runs*/manifest.json")):
            raise CLIError(f"--resume: {out} holds no started study (no runs/manifest.json)")
    else:
        out = _check_out(args.out)
        workers = args.workers or os.cpu_count() or 1
        runs, seconds = _estimate([study.scenario], n_runs, workers)
        _confirm(args, runs, seconds, what)
    given = (("n", args.n), ("scale", args.scale), ("method", getattr(args, "method", None)))
    flags = " ".join(f"--{k} {v}" for k, v in given if v is not None)
    _STATE["note"] = (
        f"the runs finished so far are in {out}; continue with: regimesim {args.command} "
        f"{args.study} --out {out} {flags} --resume".replace("  ", " ")
    )
    _STATE["overrides"] = {"study": args.study, **{k: v for k, v in given if v is not None}}
    return out


def _record(out: Path) -> None:
    """What the study ran with (the command's overrides), beside the study file."""
    import json

    from regimesim import _output

    _output.save(out / "overrides.json", json.dumps(_STATE.get("overrides", {}), indent=2))


def _run(run, args: argparse.Namespace, study, out: Path):
    """``run(study, out, ...)`` with the command's backend, workers, resume and progress; its
    mistakes as one line (those found after the runs say where the runs are kept)."""
    from regimesim.study import StudyError

    backend = args.backend or ("dask" if args.scheduler else "threads")
    try:
        return run(
            study,
            out,
            backend=backend,
            workers=args.workers,
            scheduler=args.scheduler,
            resume=args.resume,
            progress=not args.quiet,
        )
    except StudyError as exc:  # an output that is not finite, every run a hit or none: after the runs
        raise CLIError(f"{exc}; the runs are kept in {out}") from None
    except ValueError as exc:
        raise CLIError(str(exc)) from None


def sensitivity(args: argparse.Namespace) -> int:
    from regimesim.sensitivity import MAIN_INDICES, index_table, run_sensitivity

    study = _study(args)
    n_runs = study.n_points() * study.replicates * len(study.settings())
    s = study.sensitivity
    out = _prepare(args, study, n_runs, f"{study.title or args.study}: {s.method}, N = {s.n}")
    result = _run(run_sensitivity, args, study, out)
    _record(out)
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


def discover(args: argparse.Namespace) -> int:
    from regimesim.discovery import run_discovery

    study = _study(args)
    if study.discovery is None:
        raise CLIError(
            f"{args.study}: the study has no [discovery] table: name the output and a threshold, "
            'e.g. [discovery] output = "crossing", below = 2040'
        )
    n_runs = study.discovery.n * study.replicates
    if study.sensitivity.under and not args.quiet:
        import sys

        print(
            f"regimesim discover: note: [sensitivity] under applies to `regimesim sensitivity`; the "
            f"discovery runs {study.scenario.label} as the study sets it (put a setting in [set] to "
            "discover under it)",
            file=sys.stderr,
        )
    out = _prepare(args, study, n_runs, f"{study.title or args.study}: PRIM, {study.discovery.n} points")
    result = _run(run_discovery, args, study, out)
    _record(out)
    if not args.quiet:
        t = result.trajectory
        row = t[t["id"] == result.chosen].iloc[0]
        hits = int(result.cases["hit"].sum())
        print(
            f"regimesim: {hits:,} of {len(result.cases):,} runs hit ({study.discovery.text}); box "
            f"{result.chosen}: coverage {row['coverage']:.2f}, density {row['density']:.2f}"
        )
        for r in result.box[result.box["restricted"]].itertuples():
            from regimesim.study_report import _fmt

            print(f"  {r.factor}: {_fmt(r.factor, r.low)} to {_fmt(r.factor, r.high)}")
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


def add_parsers(sub, common: dict) -> None:
    for name, helptext, func in (
        (
            "sensitivity",
            "global sensitivity analysis of a study (SALib: Sobol', Morris, PAWN)",
            cmd_sensitivity,
        ),
        ("discover", "scenario discovery of a study: which lever boxes lead to a hit (PRIM)", cmd_discover),
    ):
        p = sub.add_parser(name, **common, help=helptext)
        p.add_argument(
            "study", metavar="STUDY", help="study file (TOML), or a shipped study's name (scenarios/studies/)"
        )
        p.add_argument(
            "--out",
            metavar="DIR",
            required=True,
            help="output folder (new or empty; with --resume, the study's folder)",
        )
        p.add_argument("--n", type=int, help="sample size instead of the study's (a quick look)")
        p.add_argument("--scale", type=float, help="scale instead of the study's (a quick look)")
        if name == "sensitivity":
            p.add_argument(
                "--method", choices=METHODS, help="method instead of the study's (morris: screening)"
            )
        p.add_argument(
            "--backend",
            choices=("threads", "processes", "dask"),
            default=None,
            help="where the runs go (default: threads); the results do not depend on it",
        )
        p.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler to run on")
        p.add_argument("--workers", type=int, help="parallel chunks of runs (default: one per CPU core)")
        p.add_argument("--resume", action="store_true", help="continue an interrupted study in --out")
        p.add_argument("-y", "--yes", action="store_true", help="start a large study without asking")
        p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
        p.set_defaults(func=func)


def cmd_sensitivity(args: argparse.Namespace) -> int:
    return sensitivity(args)


def cmd_discover(args: argparse.Namespace) -> int:
    return discover(args)
