"""The figures and the one-file HTML reports of sensitivity studies and scenario discoveries
(images inlined as data URIs: the report opens offline, with nothing beside it)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from regimesim import _output
from regimesim.compare import png_data_uri
from regimesim.study_results import MAIN_INDICES, DiscoveryResult, SensitivityResult, index_table, screened

if TYPE_CHECKING:
    from matplotlib.figure import Figure


_INDEX_TEXT = {
    "S1": "first-order (main effect)",
    "ST": "total (with all interactions)",
    "mu_star": "Morris mu* (mean absolute elementary effect)",
    "median": "PAWN (median KS distance)",
}


def _figure(nrows: int, ncols: int, size: tuple[float, float]):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    return fig, axes


def indices_figure(result: SensitivityResult) -> Figure:
    """Per output, the main indices of every factor as bars with their confidence intervals."""
    st = result.study
    panels = [(out, u) for out in st.output_names for u in result.settings]
    keys = MAIN_INDICES[st.sensitivity.method]
    n_f = len(index_table(result, *panels[0]))
    fig, axes = _figure(len(panels), 1, (7.5, 0.9 + len(panels) * (0.8 + 0.32 * n_f * len(keys))))
    level = round(100 * st.sensitivity.conf_level)
    for ax, (out, under) in zip(axes[:, 0], panels, strict=True):
        t = index_table(result, out, under).iloc[::-1]
        y = np.arange(len(t))
        h = 0.8 / len(keys)
        for k, key in enumerate(keys):
            ax.barh(
                y + (k - (len(keys) - 1) / 2) * h,
                t[key],
                h,
                xerr=t[f"{key}_conf"].fillna(0),
                label=_INDEX_TEXT[key],
                capsize=2,
                color=("#4C72B0", "#DD8452")[k % 2],
            )
        ax.set_yticks(y, t.index)
        ax.axvline(0, color="0.3", lw=0.6)
        ax.set_title(
            f"{out}{f' under {under}' if under else ''}: {st.sensitivity.method} indices, "
            f"bars: {level}% bootstrap CI",
            fontsize=10 if not under else 8,
            loc="left",
        )
        ax.legend(fontsize=8, loc="lower right")
    return fig


def convergence_figure(result: SensitivityResult) -> Figure:
    """Per output, the main index of every factor at increasing sample size, with its interval."""
    st = result.study
    panels = [(out, u) for out in st.output_names for u in result.settings]
    key = MAIN_INDICES[st.sensitivity.method][-1]
    fig, axes = _figure(len(panels), 1, (7.5, 0.6 + 2.8 * len(panels)))
    conv = result.convergence
    for ax, (out, under) in zip(axes[:, 0], panels, strict=True):
        df = conv[(conv["output"] == out) & (conv["index"] == key)]
        if under:
            df = df[df["under"] == under]
        df = df[np.isfinite(df["value"])]
        ax.set_title(
            f"{out}{f' under {under}' if under else ''}:\n{result.verdict(out, under)}",
            fontsize=8,
            loc="left",
        )
        if df.empty:  # a constant output: no indices to draw
            ax.set_axis_off()
            continue
        for factor, g in df.groupby("factor", sort=False):
            g = g.sort_values("n")
            (line,) = ax.plot(g["n"], g["value"], marker="o", ms=3, label=str(factor))
            ax.fill_between(
                g["n"],
                g["value"] - g["conf"].fillna(0),
                g["value"] + g["conf"].fillna(0),
                color=line.get_color(),
                alpha=0.12,
                lw=0,
            )
        ax.set_xscale("log", base=2)
        ax.set_xlabel("N (base samples, trajectories or points)")
        ax.set_ylabel(key)
        ax.legend(fontsize=7, ncol=3, loc="upper right")
    return fig


def tradeoff_figure(result: DiscoveryResult) -> Figure:
    """PRIM's peeling trajectory: coverage against density of each box, coloured by the number of
    restricted factors; the chosen box ringed."""
    fig, axes = _figure(1, 1, (6.5, 4.5))
    ax = axes[0, 0]
    t = result.trajectory
    sc = ax.scatter(t["coverage"], t["density"], c=t["res_dim"], cmap="viridis", s=22)
    fig.colorbar(sc, ax=ax, label="restricted factors")
    row = t[t["id"] == result.chosen].iloc[0]
    ax.scatter(
        [row["coverage"]],
        [row["density"]],
        s=160,
        facecolors="none",
        edgecolors="red",
        lw=1.5,
        label=f"box {result.chosen}",
    )
    ax.axhline(result.study.discovery.min_density, color="0.5", lw=0.7, ls="--", label="minimum density")
    ax.set_xlabel("coverage (share of all hits inside the box)")
    ax.set_ylabel("density (share of the box's runs that hit)")
    ax.set_title(f"PRIM peeling trajectory: hit = {result.study.discovery.text}", fontsize=10, loc="left")
    ax.legend(fontsize=8, loc="lower left")
    return fig


def box_figure(result: DiscoveryResult) -> Figure:
    """The chosen box's limits on each factor's sampled range (grey), in the factor's units."""
    b = result.box.iloc[::-1].reset_index(drop=True)
    fig, axes = _figure(1, 1, (7.5, 0.8 + 0.38 * len(b)))
    ax = axes[0, 0]
    span = (b["range_high"] - b["range_low"]).replace(0, 1)
    lo, hi = (b["low"] - b["range_low"]) / span, (b["high"] - b["range_low"]) / span
    ax.barh(b.index, 1, left=0, color="0.88")
    ax.barh(b.index, hi - lo, left=lo, color=np.where(b["restricted"], "#C44E52", "#8C8C8C"))
    for i, r in b.iterrows():
        ax.text(
            1.02,
            i,
            f"{format_value(r['factor'], r['low'])} - {format_value(r['factor'], r['high'])}",
            va="center",
            fontsize=8,
        )
    ax.set_yticks(b.index, b["factor"])
    ax.set_xlim(0, 1.45)
    ax.set_xticks([0, 0.5, 1], ["low", "middle", "high"])
    ax.set_title(
        f"box {result.chosen}: restricted factors in red (their limits in the factors' units)",
        fontsize=10,
        loc="left",
    )
    return fig


def scores_figure(result: DiscoveryResult) -> Figure:
    s = result.scores.iloc[::-1]
    fig, axes = _figure(1, 1, (6.5, 0.8 + 0.3 * len(s)))
    ax = axes[0, 0]
    ax.barh(s["factor"], s["score"], color="#55A868")
    ax.set_xlabel("feature score (extra trees): how much the factor tells hits from misses")
    return fig


def format_value(name: str, v: float) -> str:
    """A factor's value as the report and the command line show it (a start as a month)."""
    if name.endswith(".from"):
        from regimesim.scenario import format_time

        return format_time(v)
    return f"{v:.3g}"


def _table(df: pd.DataFrame, digits: int = 3) -> str:
    return df.to_html(index=False, float_format=lambda v: f"{v:.{digits}f}", border=0, classes="t", na_rep="")


_STYLE = """<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}img{max-width:100%}
table.t{border-collapse:collapse;font-size:.85rem}
table.t td,table.t th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:right}
.note{color:#555;font-size:.9rem}
</style>"""


def _page(title: str, body: list[str]) -> str:
    e = html.escape
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>{e(title)}</title>",
            _STYLE,
            "</head><body>",
            *body,
            "</body></html>",
        ]
    )


def _versions(prov: dict) -> str:
    """regimesim's version and revision, SALib's and the EMA Workbench's, for the report."""
    from importlib.metadata import PackageNotFoundError, version

    def v(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:  # pragma: no cover - both are dependencies
            return "?"

    rev = prov.get("git_revision")
    return (
        f"regimesim {prov.get('regimesim_version')}{f' ({rev})' if rev else ''}, SALib {v('SALib')}, "
        f"EMA Workbench {v('ema_workbench')}"
    )


def _study_head(study, what: str, runs: int) -> list[str]:
    from regimesim.provenance import provenance

    e = html.escape
    prov = provenance(seed=study.seed)
    factors = pd.DataFrame(
        [
            {
                "factor": f.name,
                "kind": f.kind,
                "low": format_value(f.name, f.low),
                "high": format_value(f.name, f.high),
                "distribution": f.dist,
                "group": f.group,
            }
            for f in study.factors
        ]
    )
    base = (
        "a plugged-in test function"
        if study.model is not None
        else (
            f"scenario {e(study.scenario.label)}, scale {study.scenario.scale:g}, "
            f"{study.scenario.start}-{study.scenario.end}"
        )
    )
    return [
        f"<h1>{e(study.title or what)}</h1>",
        f"<p>{e(study.description)}</p>" if study.description else "",
        f"<p class='note'>{e(what)} of {base}; {runs:,} runs ({study.replicates} replicate(s) a point, "
        f"root seed {study.seed}); {e(_versions(prov))}.</p>",
        *(
            [f"<p>The analysis is made under each of these settings: {e('; '.join(settings))}.</p>"]
            if (settings := [label for label, _ in study.settings() if label])
            else []
        ),
        "<h2>Factors</h2>",
        _table(factors),
    ]


def sensitivity_html(result: SensitivityResult, images: dict[str, str]) -> str:
    st, s = result.study, result.study.sensitivity
    e = html.escape
    body = _study_head(st, f"Sensitivity analysis ({s.method}, N = {s.n})", len(result.means) * st.replicates)
    body += ["<h2>Indices</h2>", f"<img alt='indices with confidence intervals' src='{images['indices']}'>"]
    for out, under in ((o, u) for o in st.output_names for u in result.settings):
        t = index_table(result, out, under).reset_index()
        head = f"{out} under {under}" if under else out
        body += [f"<h3>{e(head)}</h3>", f"<p>Convergence: {e(result.verdict(out, under))}.</p>", _table(t)]
        ind = result.indices[result.indices["under"] == under] if under else result.indices
        if s.method == "sobol" and s.second_order:
            s2 = ind[(ind["output"] == out) & (ind["index"] == "S2")]
            s2 = s2.reindex(s2["value"].abs().sort_values(ascending=False).index).head(8)
            body += ["<p>Largest second-order indices (pairs):</p>", _table(s2[["factor", "value", "conf"]])]
        if s.method == "morris":
            keep = screened(ind, out)
            body += [
                f"<p>Screening (ten Broeke et al. 2016): factors with mu* at least a tenth of the "
                f"largest, to keep for a Sobol' study: {e(', '.join(keep))}.</p>"
            ]
    body += [
        "<h2>Seed noise</h2>",
        "<p class='note'>The share of the runs' variance within points (the seeds'); the indices are "
        "computed on the means of each point's replicates, in whose variance the seeds' share is divided "
        "by the replicates. With one replicate the seeds' part stays in the indices.</p>",
        _table(result.seeds),
    ]
    body += [
        "<h2>Convergence</h2>",
        f"<p class='note'>The indices re-estimated on the first N of the "
        f"sample (nested), with their {round(100 * s.conf_level)}% bootstrap intervals.</p>",
        f"<img alt='convergence' src='{images['convergence']}'>",
    ]
    main = ", ".join(_INDEX_TEXT[k] for k in MAIN_INDICES[s.method])
    body += [
        f"<p class='note'>Indices: {e(main)}; estimated by SALib ({e(s.method)}), "
        f"{s.resamples} bootstrap resamples.</p>"
    ]
    return _page(st.title or "sensitivity", body)


def discovery_html(result: DiscoveryResult, images: dict[str, str]) -> str:
    st, d = result.study, result.study.discovery
    e = html.escape
    t = result.trajectory
    row = t[t["id"] == result.chosen].iloc[0]
    body = _study_head(st, f"Scenario discovery (PRIM, {d.n} points)", len(result.cases))
    hits = int(result.cases["hit"].sum())
    body += [
        f"<p>A run is a hit when {e(d.text)}: {hits:,} of {len(result.cases):,} runs "
        f"({hits / len(result.cases):.0%}).</p>",
        f"<h2>The box</h2><p>Box {result.chosen}: coverage {row['coverage']:.2f} (the share of all hits "
        f"inside it), density {row['density']:.2f} (the share of its runs that hit), mass "
        f"{row['mass']:.2f}, {int(row['res_dim'])} restricted factor(s).</p>",
        f"<img alt='box limits' src='{images['box']}'>",
    ]
    box = result.box.copy()
    for c in ("low", "high", "range_low", "range_high"):
        box[c] = [format_value(f, v) for f, v in zip(box["factor"], box[c], strict=True)]
    body += [
        _table(box),
        "<h2>Peeling trajectory</h2>",
        "<p class='note'>Each step peels a slice off the box: "
        "density rises, coverage falls. The chosen box has the highest coverage at a density of at least "
        f"{d.min_density:g}.</p>",
        f"<img alt='trade-off' src='{images['tradeoff']}'>",
        _table(t[["id", "coverage", "density", "mass", "res_dim"]]),
        "<h2>Feature scores</h2>",
        f"<img alt='feature scores' src='{images['scores']}'>",
        _table(result.scores),
    ]
    return _page(st.title or "discovery", body)


def _write(folder: Path, figures: dict[str, Figure], page) -> None:
    images = {}
    for name, fig in figures.items():
        images[name] = png_data_uri(fig)
        for ext in ("png", "svg"):
            _output.save(
                folder / f"{name}.{ext}", (lambda f, x: lambda fh: f.savefig(fh, format=x, dpi=110))(fig, ext)
            )
    _output.save(folder / "report.html", page(images))


def write_sensitivity_report(result: SensitivityResult) -> Path:
    """Write the figures (PNG, SVG) and ``report.html`` of a sensitivity study into its folder."""
    figs = {"indices": indices_figure(result), "convergence": convergence_figure(result)}
    _write(result.folder, figs, lambda images: sensitivity_html(result, images))
    return result.folder / "report.html"


def write_discovery_report(result: DiscoveryResult) -> Path:
    """Write the figures (PNG, SVG) and ``report.html`` of a scenario discovery into its folder."""
    figs = {"tradeoff": tradeoff_figure(result), "box": box_figure(result), "scores": scores_figure(result)}
    _write(result.folder, figs, lambda images: discovery_html(result, images))
    return result.folder / "report.html"


__all__ = [
    "box_figure",
    "convergence_figure",
    "indices_figure",
    "scores_figure",
    "tradeoff_figure",
    "write_discovery_report",
    "write_sensitivity_report",
]
