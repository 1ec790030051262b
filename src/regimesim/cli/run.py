"""``regimesim run``: run a scenario (its sweep's variants) and write each run's folder."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from regimesim import _output
from regimesim.cli import common
from regimesim.cli.invocation import Invocation
from regimesim.cli.output import check_out, publish
from regimesim.cli.scenario_flags import scenario


def cmd_run(args: argparse.Namespace, inv: Invocation) -> int:
    from regimesim.scenario import run

    sc, record = scenario(args.scenario, args)
    variants = sc.variants()
    out = check_out(args.out, inv)
    common.confirm(
        args,
        *common.estimate(variants, written_each=common.WRITE_RUN_S),
        f"{sc.label} sweeps {len(variants):,} variants",
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

    publish(out, write, inv)
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
    from regimesim.schedules import event_to_toml, schedule_to_toml

    # levers are schedules, not constants: they are in provenance.json and scenario.toml
    values = {k: v for k, v in result.params.to_dict().items() if BY_NAME[k].kind != "lever"}
    _output.save(folder / "parameters.json", json.dumps(values, indent=2) + "\n")
    meta = dict(result.provenance)
    # parameters that differ from their defaults, whoever set them (file or flag); the flags
    # themselves, as given and as applied, are in "command_line"
    meta["non_default_parameters"] = {k: v for k, v in result.params.overrides().items() if k in values}
    meta["levers"] = {k: schedule_to_toml(v) for k, v in result.schedules.items()}
    meta["events"] = [event_to_toml(e) for e in result.events]
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


__all__ = ["cmd_run", "write_run"]
