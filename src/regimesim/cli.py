"""Command line: ``regimesim run`` and ``regimesim parameters``.

Every input is checked before anything is written; results go to a temporary folder that is
renamed into place only when complete, so a failed run leaves nothing half-written.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from regimesim.parameters import PARAMETERS, make_parameters


class CLIError(Exception):
    """A user mistake: printed as one line, exit status 2."""


def _parse_sets(items: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise CLIError(f"--set expects name=value (e.g. --set phase_out=0.6), got {item!r}")
        if name in out:
            raise CLIError(f"--set {name} given twice")
        out[name] = value
    return out


def _default_out() -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    base = Path("results") / f"run-{stamp}"
    out, i = base, 1
    while out.exists():
        out, i = base.with_name(f"{base.name}-{i}"), i + 1
    return out


def cmd_run(args: argparse.Namespace) -> int:
    from regimesim.engine import simulate

    overrides: dict[str, object] = dict(_parse_sets(args.set))
    if args.until is not None:
        overrides["end_year"] = args.until
    try:
        params = make_parameters(overrides)
    except (ValueError, TypeError) as exc:
        raise CLIError(str(exc)) from None
    if args.seed < 0:
        raise CLIError(f"--seed must be a non-negative whole number, got {args.seed}")
    out = Path(args.out) if args.out else _default_out()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise CLIError(f"--out {out} already exists and is not an empty folder; choose a new one")

    result = simulate(params, seed=args.seed, progress=not args.quiet)

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        write_run(result, tmp)
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if not args.quiet:
        crossing = result.crossing_year()
        df = result.indicators
        last = df.iloc[-1]
        print(f"regimesim: {params.start_year}-{params.end_year}, seed {args.seed} -> {out}")
        print(f"  regime strength {df['regime_strength'].iloc[0]:.2f} -> "
              f"{last['regime_strength']:.2f}; niche share {df['niche_share'].iloc[0]:.2f} -> "
              f"{last['niche_share']:.2f}; crossing: "
              f"{'none' if crossing is None else f'{crossing:.1f}'}")  # fmt: skip
    return 0


def write_run(result, folder: Path) -> None:
    """Write a run's indicator table (Parquet), parameters + provenance (JSON) and X-curve."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from regimesim.plotting import plot_xcurve

    table = result.indicators.join(result.phases)
    table.index = table.index.to_timestamp()
    table.index.name = "month"
    table.to_parquet(folder / "indicators.parquet")
    (folder / "parameters.json").write_text(json.dumps(result.params.to_dict(), indent=2) + "\n")
    meta = dict(result.provenance)
    meta["overrides"] = result.params.overrides()
    meta["levers"] = {k: repr(v) for k, v in result.schedules.items()}
    meta["events"] = [repr(e) for e in result.events]
    meta["crossing_year"] = result.crossing_year()
    (folder / "provenance.json").write_text(json.dumps(meta, indent=2) + "\n")
    fig = plot_xcurve(result)
    fig.savefig(folder / "xcurve.png", dpi=150)
    fig.savefig(folder / "xcurve.svg")
    plt.close(fig)


def cmd_parameters(args: argparse.Namespace) -> int:
    kinds = {args.kind} if args.kind else {"lever", "structural", "uncertainty"}
    rows = [p for p in PARAMETERS if p.kind in kinds]
    width = max(len(p.name) for p in rows)
    for p in rows:
        print(f"{p.name:<{width}}  {p.kind:<11} {p.default!s:>8}  [{p.low:g}, {p.high:g}] "
              f"{p.unit}  - {p.meaning}  ({p.source})")  # fmt: skip
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="regimesim",
        description="Regime destabilisation and niche uptake (the X-curve) in Dutch child and "
        "family protection.",
    )
    from regimesim import __version__

    parser.add_argument("--version", action="version", version=f"regimesim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the model (default: the historical run 2010-2045)")
    run.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                     help="override a parameter or a lever's constant intensity "
                     "(see 'regimesim parameters'); may repeat")  # fmt: skip
    run.add_argument("--seed", type=int, default=0, help="root seed (default 0)")
    run.add_argument("--until", type=int, metavar="YEAR", help="last simulated year")
    run.add_argument("--out", metavar="DIR", help="output folder (default: new folder in results/)")
    run.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    run.set_defaults(func=cmd_run)
    par = sub.add_parser("parameters", help="list every parameter with default, range and source")
    par.add_argument("--kind", choices=("lever", "structural", "uncertainty"))
    par.set_defaults(func=cmd_parameters)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CLIError as exc:
        print(f"regimesim {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
