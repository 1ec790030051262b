"""The command line's parser: built from the standard library alone, so that ``regimesim --help``
and argument errors import nothing heavy. Each command runs from its own module, imported by
:func:`regimesim.cli.main` only when the command is given (:data:`COMMANDS`)."""

from __future__ import annotations

import argparse

from regimesim.cli.common import CONFIRM_RUNS
from regimesim.execution import BACKENDS

#: The module (in :mod:`regimesim.cli`) whose ``cmd_<command>`` runs each command, in help order.
COMMANDS = {
    "run": "run",
    "scenarios": "scenarios",
    "check": "check",
    "compare": "compare",
    "batch": "batch",
    "warmup": "warmup",
    "app": "app",
    "sensitivity": "studies",
    "discover": "studies",
    "parameters": "parameters",
}
#: regimesim.study.METHODS, spelt out: the parser is built before the heavy imports (tested equal)
METHODS = ("sobol", "morris", "pawn")


def add_run_flags(p: argparse.ArgumentParser) -> None:
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


def _add_run(sub, common: dict) -> None:
    run = sub.add_parser("run", **common, help="run a scenario (default: the library's history.toml)")
    run.add_argument(
        "scenario",
        nargs="?",
        metavar="SCENARIO",
        help="scenario file or library name (see 'regimesim scenarios'); default: history",
    )
    add_run_flags(run)
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


def _add_scenarios(sub, common: dict) -> None:
    sub.add_parser("scenarios", **common, help="list the scenario library, one line each")


def _add_check(sub, common: dict) -> None:
    chk = sub.add_parser("check", **common, help="validate scenario files without running them")
    chk.add_argument("files", nargs="+", metavar="FILE")


def _add_compare(sub, common: dict) -> None:
    cmp_ = sub.add_parser(
        "compare", **common, help="run scenarios over the same seeds and write a comparison report"
    )
    cmp_.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario files or library names")
    add_run_flags(cmp_)
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


def _add_batch(sub, common: dict) -> None:
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
        choices=BACKENDS,
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


def _add_warmup(sub, common: dict) -> None:
    warm = sub.add_parser(
        "warmup",
        **common,
        help="compile the model into numba's cache once (about a minute), so that runs start at once",
    )
    warm.add_argument("-q", "--quiet", action="store_true", help="say nothing")


def _add_app(sub, common: dict) -> None:
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


def _add_parameters(sub, common: dict) -> None:
    par = sub.add_parser("parameters", **common, help="list every parameter with default, range and source")
    par.add_argument("--kind", choices=("lever", "structural", "uncertainty"))


def _add_studies(sub, common: dict) -> None:
    for name, helptext in (
        ("sensitivity", "global sensitivity analysis of a study (SALib: Sobol', Morris, PAWN)"),
        ("discover", "scenario discovery of a study: which lever boxes lead to a hit (PRIM)"),
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
            choices=BACKENDS,
            default=None,
            help="where the runs go (default: threads); the results do not depend on it",
        )
        p.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler to run on")
        p.add_argument("--workers", type=int, help="parallel chunks of runs (default: one per CPU core)")
        p.add_argument("--resume", action="store_true", help="continue an interrupted study in --out")
        p.add_argument("-y", "--yes", action="store_true", help="start a large study without asking")
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
    for add in (
        _add_run,
        _add_scenarios,
        _add_check,
        _add_compare,
        _add_batch,
        _add_warmup,
        _add_app,
        _add_studies,
        _add_parameters,
    ):
        add(sub, common)
    return parser


__all__ = ["COMMANDS", "METHODS", "add_run_flags", "build_parser"]
