"""Do the declared ranges of the uncertain parameters make a sane joint space?

    .venv/bin/python -m benchmarks.joint_space [--n 300] [--scale 0.02] [--out DIR]

A sensitivity study (issue 13) samples every uncertain parameter over its declared range at once.
This runs such a sample -- a Latin hypercube of ``--n`` points over all of them, full_mix to 2050,
one seed a point, on the ensemble engine -- next to the defaults over ten seeds, and reports how
often the joint sample leaves the world the defaults describe (pressure or workload running away,
no new practice at all) and which parameters drive that (Spearman's rank correlation).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

OUTPUTS = {
    "niche_share": 2050,
    "regime_strength": 2050,
    "coercive_stock": 2035,
    "waiting_list": 2035,
    "workload": 2035,
    "pressure": 2035,
}


def design_text(n: int, scale: float, seed: int, *, defaults_only: bool = False) -> str:
    """The design: full_mix to 2050 at ``scale``; every uncertainty over its declared range (or,
    with ``defaults_only``, the defaults over ``n`` seeds)."""
    from regimesim.parameters import PARAMETERS

    lines = [
        'title = "Joint space of the declared uncertainty ranges"',
        'scenarios = ["full_mix"]',
        f"seed = {seed}",
        f"replicates = {n if defaults_only else 1}",
        "",
        "[set]",
        f"scale = {scale}",
        "end_year = 2050",
        "",
    ]
    if not defaults_only:
        for p in PARAMETERS:
            if p.kind == "uncertainty":
                lines += [f"[factors.{p.name}]", f"low = {p.low!r}", f"high = {p.high!r}", ""]
        lines += ["[points]", 'method = "latin_hypercube"', f"n = {n}", ""]
    values = ", ".join(f"{k} = {v}" for k, v in OUTPUTS.items())
    lines += ["[outputs]", f"values = {{ {values} }}", "crossing_year = true"]
    return "\n".join(lines) + "\n"


def run(text: str, out: Path) -> pd.DataFrame:
    from regimesim.design import load_design
    from regimesim.ensemble import read_table, run_ensemble

    out.mkdir(parents=True, exist_ok=True)
    path = out / "design.in.toml"
    path.write_text(text)
    run_ensemble(load_design(path), out / "runs", progress=True)
    return read_table(out / "runs")


def main(argv: list[str] | None = None) -> None:
    from scipy.stats import spearmanr

    from regimesim.parameters import PARAMETERS

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--scale", type=float, default=0.02)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        joint = run(design_text(args.n, args.scale, args.seed), out / "joint")
        ref = run(design_text(10, args.scale, args.seed, defaults_only=True), out / "defaults")
    cols = [f"{k}_{v}" for k, v in OUTPUTS.items()]
    table = pd.DataFrame(
        {
            "defaults, 10 seeds: median": ref[cols].median(),
            "joint sample: 5%": joint[cols].quantile(0.05),
            "median": joint[cols].median(),
            "95%": joint[cols].quantile(0.95),
        }
    )
    print(table.to_string(float_format=lambda v: f"{v:.3g}"))
    ref_med = ref[cols].median()
    print(
        f"\nshare of the joint sample that crosses by 2050: {joint['crossing_year'].notna().mean():.2f} "
        f"(defaults: {ref['crossing_year'].notna().mean():.2f})"
    )
    runaway = joint["pressure_2035"] > 10 * ref_med["pressure_2035"]
    for name, mask in (
        ("pressure_2035 over 10x the defaults' median", runaway),
        ("workload_2035 over 3 (three times sustainable)", joint["workload_2035"] > 3),
        ("niche_share_2050 under 0.02 (no new practice)", joint["niche_share_2050"] < 0.02),
    ):
        print(f"{name}: {mask.mean():.2f}")
    factors = [p.name for p in PARAMETERS if p.kind == "uncertainty"]
    for target in ("pressure_2035", "workload_2035", "niche_share_2050"):
        y = joint[target].to_numpy(dtype=float)
        rho = {f: spearmanr(joint[f], y).statistic for f in factors}
        top = sorted(rho.items(), key=lambda kv: -abs(np.nan_to_num(kv[1])))[:6]
        print(f"{target}, strongest rank correlations: " + ", ".join(f"{k} {v:+.2f}" for k, v in top))


if __name__ == "__main__":
    main()
