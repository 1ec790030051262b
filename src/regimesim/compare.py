"""Compare scenarios over the same seeds: X-curves with uncertainty, an outcome table, a report.

:func:`compare` runs every scenario with seeds ``0 .. n-1`` (the same seeds for each, so the
scenarios share their history up to the first lever and differences are the levers' doing) and
collects the indicator trajectories and, per run, the outcomes a strategist asks about:

- ``crossing_year``: when the niche overtakes the regime for good (:mod:`regimesim.xcurve`);
  NaN (missing) when it does not happen within the horizon -- the one encoding of "no crossing"
  in the outcomes, the summary (median, low, high) and the written tables;
- ``niche_share_<year>`` and ``coercive_measures_<year>``: the new practice's share of families in
  help and the families under a coercive measure (national), averaged over ``year`` (2035);
- ``incidents_cumulative``, ``costs_cumulative_bn`` (bn EUR) and ``workload_peak`` (the highest
  monthly mean workload, 1 = sustainable) over the window all scenarios share.

:func:`write_comparison` writes them as Parquet, the figures as PNG and SVG and one
self-contained HTML report (figures embedded, no scripts, no links out) that opens offline.
Runs go through the ensemble engine (:func:`regimesim.ensemble.run_design`) in parallel threads
(the kernels release the GIL); each run draws only from its own seed, and results are put in
place by (scenario, seed), so the output does not depend on the number of workers.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import html
import io
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from regimesim import _output
from regimesim.parameters import BY_NAME
from regimesim.scenario import Scenario, format_time
from regimesim.schedules import FOREVER

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Lower and upper quantile of the uncertainty bands and intervals (a 90% band across seeds).
BAND = (0.05, 0.95)
_NEVER = 1e9
PALETTE = ("#1f4e99", "#2e8b2e", "#b03a2e", "#7b3f99", "#c77c02", "#2b8a8a", "#555555", "#a33b6b")


@dataclass
class Comparison:
    """The runs of several scenarios over the same seeds, and their outcomes."""

    scenarios: list[Scenario]
    seeds: list[int]
    year: int
    window: tuple[int, int]  # first and last year all scenarios share
    trajectories: pd.DataFrame  # long: scenario, seed, month, every indicator
    outcomes: pd.DataFrame  # one row per (scenario, seed)
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def labels(self) -> list[str]:
        return [s.label for s in self.scenarios]

    @property
    def outcome_names(self) -> list[str]:
        return [c for c in self.outcomes.columns if c not in ("scenario", "seed")]

    def summary(self) -> pd.DataFrame:
        """Per scenario and outcome: median and the 90% interval across seeds (and how many crossed).

        A run without a crossing counts as crossing after the horizon (censored), so the median
        crossing year is only a year when at least half the seeds cross. "No crossing within the
        horizon" is NaN (missing) here as in :attr:`outcomes` and every written table: a
        ``crossing_year`` median, low or high that is NaN means "after the horizon" (``n`` says
        how many seeds crossed). Other outcomes are NaN when their year lies outside the horizon.
        """
        rows = []
        for label in self.labels:
            sub = self.outcomes[self.outcomes["scenario"] == label]
            for name in self.outcome_names:
                x = sub[name].to_numpy(dtype=float)
                if name == "crossing_year":  # no crossing: after the horizon (a large sentinel)
                    n_valid = int((~np.isnan(x)).sum())
                    x = np.where(np.isnan(x), _NEVER, x)
                else:
                    n_valid = int((~np.isnan(x)).sum())
                if n_valid == 0 and name != "crossing_year":
                    med = lo = hi = np.nan
                else:
                    lo, med, hi = np.quantile(x[~np.isnan(x)], [BAND[0], 0.5, BAND[1]], method="linear")
                    if name == "crossing_year":  # between a crossing and a censored run: after the
                        last = x[x < _NEVER].max() if (x < _NEVER).any() else -np.inf  # horizon, NaN
                        lo, med, hi = (np.nan if v > last else v for v in (lo, med, hi))
                rows.append(
                    {
                        "scenario": label,
                        "outcome": name,
                        "median": med,
                        "low": lo,
                        "high": hi,
                        "n": n_valid,
                        "seeds": len(sub),
                    }
                )
        return pd.DataFrame(rows)

    def table(self) -> pd.DataFrame:
        """The summary as text, scenarios as rows: "median [low, high]" for each outcome."""
        summ = self.summary()
        ends = {s.label: s.end for s in self.scenarios}  # a crossing is looked for over each horizon
        out = pd.DataFrame(index=pd.Index(self.labels, name="scenario"))
        for name in self.outcome_names:
            col = []
            for label in self.labels:
                r = summ[(summ["scenario"] == label) & (summ["outcome"] == name)].iloc[0]
                col.append(_cell(name, r, ends[label]))
            out[_header(name, self.year)] = col
        return out

    def summary_text(self) -> str:
        return self.table().to_string()

    # --- figures ---------------------------------------------------------------------------------

    def band(self, label: str, column: str) -> pd.DataFrame:
        """Median and 90% band across seeds of one indicator, by month."""
        sub = self.trajectories[self.trajectories["scenario"] == label]
        wide = sub.pivot(index="month", columns="seed", values=column)
        q = wide.quantile([BAND[0], 0.5, BAND[1]], axis=1).T
        q.columns = ["low", "median", "high"]
        return q

    def plot_xcurves(self) -> Figure:
        """X-curves side by side: median regime strength and niche share, 90% bands, phase bands."""
        import matplotlib.pyplot as plt
        from matplotlib.patches import Patch

        from regimesim.plotting import NICHE_COLOURS, REGIME_COLOURS, phase_bands
        from regimesim.xcurve import PhaseRules, label_phases, lag_note

        rules = PhaseRules()
        summ = self.summary()
        n = len(self.scenarios)
        ncol = min(n, 3)
        nrow = -(-n // ncol)
        fig, axes = plt.subplots(
            nrow,
            ncol,
            figsize=(4.6 * ncol + 1.8, 3.4 * nrow),
            sharey=True,
            squeeze=False,
            layout="constrained",
        )
        for k, sc in enumerate(self.scenarios):
            ax = axes[k // ncol][k % ncol]
            label = sc.label
            R, N = self.band(label, "regime_strength"), self.band(label, "niche_share")
            inst = self.band(label, "institutionalised_share")["median"]
            P = self.band(label, "pressure")["median"]
            years = R.index.year + (R.index.month - 1) / 12
            ph = label_phases(
                R["median"].to_numpy(), N["median"].to_numpy(), inst.to_numpy(), P.to_numpy(), rules=rules
            )
            frame = ph.to_frame()
            phase_bands(ax, np.asarray(years), frame["regime_phase"], REGIME_COLOURS, 0.5, 1.0)
            phase_bands(ax, np.asarray(years), frame["niche_phase"], NICHE_COLOURS, 0.0, 0.5)
            ax.fill_between(years, R["low"], R["high"], color="#1f4e99", alpha=0.25, lw=0)
            ax.fill_between(years, N["low"], N["high"], color="#2e8b2e", alpha=0.25, lw=0)
            ax.plot(years, R["median"], color="#1f4e99", lw=2, label="regime strength (median)")
            ax.plot(years, N["median"], color="#2e8b2e", lw=2, label="niche share (median)")
            med = summ[(summ["scenario"] == label) & (summ["outcome"] == "crossing_year")]["median"].iloc[0]
            if np.isfinite(med):
                ax.axvline(med, color="black", lw=0.8, ls=":")
            ax.set_xlim(years[0], years[-1] + 1 / 12)
            ax.set_ylim(0, 1.02)
            ax.set_title(_wrap(sc.title, 48), fontsize=9)
            ax.set_xlabel("year", fontsize=8)
            ax.tick_params(labelsize=8)
            if k % ncol == 0:
                ax.set_ylabel("strength / share")
        for k in range(n, nrow * ncol):
            axes[k // ncol][k % ncol].set_visible(False)
        handles = [
            Patch(color="#1f4e99", alpha=0.6, label="regime strength: median, 90% band"),
            Patch(color="#2e8b2e", alpha=0.6, label="niche share: median, 90% band"),
        ]
        handles += [Patch(color=c, label=f"regime: {p.replace('_', ' ')}") for p, c in REGIME_COLOURS.items()]
        handles += [Patch(color=c, label=f"niche: {p}") for p, c in NICHE_COLOURS.items()]
        fig.legend(handles=handles, loc="outside right center", fontsize=7, frameon=False)
        fig.suptitle(f"X-curves over {len(self.seeds)} seeds (dotted: median crossing year)", fontsize=10)
        fig.supxlabel(_wrap(f"Phase bands of the median curves. {lag_note(rules)}", 150), fontsize=7)
        return fig

    def plot_outcomes(self) -> Figure:
        """One panel per outcome: every seed's value per scenario, with median and 90% interval."""
        import matplotlib.pyplot as plt

        names = self.outcome_names
        ncol = 3
        nrow = -(-len(names) // ncol)
        fig, axes = plt.subplots(
            nrow,
            ncol,
            figsize=(13, 0.8 + nrow * (0.9 + 0.45 * len(self.labels))),
            squeeze=False,
            layout="constrained",
        )
        summ = self.summary()
        ypos = np.arange(len(self.labels))[::-1]
        for k, name in enumerate(names):
            ax = axes[k // ncol][k % ncol]
            for i, label in enumerate(self.labels):
                vals = self.outcomes.loc[self.outcomes["scenario"] == label, name].to_numpy(dtype=float)
                vals = vals[~np.isnan(vals)]
                if not len(vals):
                    end = self.scenarios[i].end
                    what = f"no crossing by {end}" if name == "crossing_year" else "n/a"
                    ax.text(
                        0.02,
                        ypos[i],
                        what,
                        transform=ax.get_yaxis_transform(),
                        fontsize=7,
                        va="center",
                        color=PALETTE[i % len(PALETTE)],
                    )
                    continue
                jitter = (np.arange(len(vals)) % 7 - 3) * 0.04
                colour = PALETTE[i % len(PALETTE)]
                ax.scatter(vals, ypos[i] + jitter, s=8, color=colour, alpha=0.6, lw=0)
                r = summ[(summ["scenario"] == label) & (summ["outcome"] == name)].iloc[0]
                if np.isfinite(r["median"]):
                    lo, hi = r["low"], r["high"]
                    if np.isfinite(lo) and np.isfinite(hi):
                        ax.plot([lo, hi], [ypos[i] + 0.3] * 2, color=colour, lw=2)
                    ax.plot([r["median"]], [ypos[i] + 0.3], "o", color=colour, ms=4)
            ax.set_yticks(
                ypos, [_wrap(lb, 28) for lb in self.labels] if k % ncol == 0 else [""] * len(ypos), fontsize=7
            )
            ax.set_title(_header(name, self.year), fontsize=8)
            ax.tick_params(axis="x", labelsize=7)
            ax.set_ylim(-0.6, len(self.labels) - 0.2)
        for k in range(len(names), nrow * ncol):
            axes[k // ncol][k % ncol].set_visible(False)
        fig.suptitle(
            f"Outcomes over {len(self.seeds)} seeds (dots: seeds; line: median and 90% interval)", fontsize=10
        )
        return fig


_HEADERS = {
    "crossing_year": "crossing year",
    "niche_share_{year}": "niche share {year}",
    "coercive_measures_{year}": "coercive measures {year}",
    "incidents_cumulative": "incidents (cumulative)",
    "costs_cumulative_bn": "costs (cumulative, bn EUR)",
    "workload_peak": "peak workload",
}


def _header(name: str, year: int) -> str:
    return _HEADERS.get(name.replace(str(year), "{year}"), name).format(year=year)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def _fmt(name: str, v: float) -> str:
    if name == "crossing_year":
        return f"{v:.1f}"
    if name.startswith("coercive") or name.startswith("incidents"):
        return f"{v:,.0f}"
    if name.startswith("niche"):
        return f"{v:.2f}"
    return f"{v:.2f}" if abs(v) < 100 else f"{v:,.0f}"


def _cell(name: str, r: pd.Series, end: int) -> str:
    if name == "crossing_year":
        med, lo, hi = r["median"], r["low"], r["high"]
        crossed = f"{int(r['n'])}/{int(r['seeds'])} cross"
        if not np.isfinite(med):
            return f"none by {end} ({crossed})"
        hi_s = f"after {end}" if not np.isfinite(hi) else _fmt(name, hi)
        return f"{_fmt(name, med)} [{_fmt(name, lo)}, {hi_s}] ({crossed})"
    if not np.isfinite(r["median"]):
        return "n/a (outside horizon)"
    return f"{_fmt(name, r['median'])} [{_fmt(name, r['low'])}, {_fmt(name, r['high'])}]"


def _outcomes(df: pd.DataFrame, crossing: float | None, year: int, window: tuple[int, int]) -> dict:
    years = df.index.year
    in_year = years == year
    in_win = (years >= window[0]) & (years <= window[1])
    nan = float("nan")
    return {
        "crossing_year": nan if crossing is None else float(crossing),
        f"niche_share_{year}": float(df.loc[in_year, "niche_share"].mean()) if in_year.any() else nan,
        f"coercive_measures_{year}": (
            float(df.loc[in_year, "coercive_stock"].mean()) if in_year.any() else nan
        ),
        "incidents_cumulative": float(df.loc[in_win, "incidents"].sum()),
        "costs_cumulative_bn": float(df.loc[in_win, "costs"].sum() / 12.0),
        "workload_peak": float(df.loc[in_win, "workload"].max()),
    }


def compare(
    scenarios: Sequence[Scenario],
    seeds: int | Sequence[int] = 20,
    *,
    year: int = 2035,
    workers: int | None = None,
    progress: bool | Callable[[int, int], None] = False,
) -> Comparison:
    """Run every scenario with every seed and collect trajectories and outcomes.

    Parameters
    ----------
    scenarios
        Scenarios without a sweep (expand one with :meth:`Scenario.variants`); labels must differ.
    seeds
        A number ``n`` (seeds ``0 .. n-1``) or the seeds themselves.
    year
        Year of the niche-share and coercive-measure outcomes.
    workers
        Parallel runs (threads); default one per CPU core. Results do not depend on it.
    progress
        Show a progress bar over the runs; or a function called as ``progress(done, total)`` after
        each run (the app's progress bar).
    """

    scenarios = list(scenarios)
    if not scenarios:
        raise ValueError("compare needs at least one scenario")
    seed_list = list(range(seeds)) if isinstance(seeds, int) else [int(s) for s in seeds]
    if not seed_list:
        raise ValueError("compare needs at least one seed")
    labels = [s.label for s in scenarios]
    if len(set(labels)) != len(labels):
        raise ValueError(f"scenario labels must differ, got {labels}")
    for s in scenarios:
        if s.sweep:
            raise ValueError(f"scenario {s.label!r} has a sweep; pass its variants() instead")
    if not any(s.start <= year <= s.end for s in scenarios):
        spans = ", ".join(sorted({f"{s.start}-{s.end}" for s in scenarios}))
        raise ValueError(f"year {year} of the outcomes lies outside every scenario's horizon ({spans})")
    window = (max(s.start for s in scenarios), min(s.end for s in scenarios))
    if window[0] > window[1]:
        raise ValueError("the scenarios' horizons do not overlap; nothing to compare")
    if workers is None:
        workers = os.cpu_count() or 1
    # on the ensemble engine: one replicate per seed, the same seeds for every scenario
    from regimesim.ensemble import Design, Outputs, run_design

    design = Design(
        tuple(scenarios),
        pd.DataFrame(),
        replicates=len(seed_list),
        seeds=tuple(seed_list),
        outputs=Outputs(crossing_year=True, series=True),
    )
    started = _dt.datetime.now(_dt.UTC)
    results: list[Any] = [None] * design.n_runs
    for k, outputs, series in run_design(
        design, workers=max(1, int(workers)), progress=progress, desc="comparing"
    ):
        df = series.drop(columns="run").set_index("month")
        crossing = outputs["crossing_year"].iloc[0]
        results[k] = (df, None if np.isnan(crossing) else float(crossing))

    frames, rows = [], []
    for k, (df, crossing) in enumerate(results):
        label, seed = scenarios[k // len(seed_list)].label, seed_list[k % len(seed_list)]
        t = df.copy()
        t.index = t.index.to_timestamp()
        t = t.reset_index()
        t.insert(0, "seed", seed)
        t.insert(0, "scenario", label)
        frames.append(t)
        rows.append({"scenario": label, "seed": seed, **_outcomes(df, crossing, year, window)})
    trajectories = pd.concat(frames, ignore_index=True)
    trajectories["scenario"] = pd.Categorical(trajectories["scenario"], categories=labels)
    outcomes = pd.DataFrame(rows)
    from regimesim.provenance import provenance

    prov = provenance(seed=seed_list[0], started=started)
    prov.pop("seed", None)
    prov.update(
        seeds=seed_list,
        year=year,
        window=list(window),
        scenarios=[{"name": s.label, "title": s.title, "sha256": s.digest()} for s in scenarios],
    )
    return Comparison(scenarios, seed_list, year, window, trajectories, outcomes, prov)


# --- writing ----------------------------------------------------------------------------------------


def _safe_names(labels: Sequence[str]) -> list[str]:
    """File names for labels: safe characters, at most 80 long, and all different."""
    out: list[str] = []
    for label in labels:
        name = re.sub(r"[^\w.=-]+", "_", label).strip("_.") or "scenario"
        if len(name) > 80:  # keep it short; a digest of the label keeps it unique
            name = f"{name[:63]}-{hashlib.sha256(label.encode()).hexdigest()[:16]}"
        base, k = name, 2
        while name.lower() in {n.lower() for n in out}:
            name, k = f"{base}-{k}", k + 1
        out.append(name)
    return out


def png_data_uri(fig) -> str:
    """A figure as an inline PNG (``data:`` URI), for the one-file reports."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def write_comparison(c: Comparison, folder: str | os.PathLike) -> list[Path]:
    """Write the comparison into ``folder`` (which must exist): tables, figures and report.html."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    folder = Path(folder)
    written = []

    def save(name: str | Path, content) -> None:  # each file complete under its name, or absent
        written.append(_output.save(folder / name, content))

    save("outcomes.parquet", lambda fh: c.outcomes.to_parquet(fh, index=False))
    save("summary.parquet", lambda fh: c.summary().to_parquet(fh, index=False))
    save("summary.csv", c.table().to_csv())
    save("trajectories.parquet", lambda fh: c.trajectories.to_parquet(fh, index=False))
    sc_dir = folder / "scenarios"
    sc_dir.mkdir()
    for s, name in zip(c.scenarios, _safe_names(c.labels), strict=True):
        save(Path("scenarios") / f"{name}.toml", s.dumps())
    save("provenance.json", json.dumps(c.provenance, indent=2, default=str) + "\n")
    images = {}
    for name, make in (("xcurves", c.plot_xcurves), ("outcomes", c.plot_outcomes)):
        fig = make()
        try:
            save(f"{name}.png", lambda fh, fig=fig: fig.savefig(fh, format="png", dpi=150))
            save(f"{name}.svg", lambda fh, fig=fig: fig.savefig(fh, format="svg"))
            images[name] = png_data_uri(fig)
        finally:
            plt.close(fig)
    save("report.html", report_html(c, images))
    return written


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2em auto;
       max-width: 70em; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.25em; margin-top: 1.6em;
     border-bottom: 1px solid #ddd; } h3 { font-size: 1.05em; margin-bottom: 0.3em; }
.meta { color: #666; font-size: 0.9em; }
table { border-collapse: collapse; font-size: 0.88em; margin: 0.6em 0; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.55em; text-align: left; vertical-align: top; }
th { background: #f2f4f7; } td.num { text-align: right; white-space: nowrap; }
img { max-width: 100%; height: auto; border: 1px solid #eee; }
blockquote { margin: 0.3em 0 0.3em 1em; padding-left: 0.8em; border-left: 3px solid #ccd;
             color: #444; font-style: italic; }
.note { font-size: 0.88em; color: #555; }
code { background: #f4f4f4; padding: 0 0.2em; }
"""


def schedule_text(sched) -> str:
    parts = []
    if sched.base:
        parts.append(f"{sched.base:g} throughout")
    for seg in sched.segments:
        until = f" to {format_time(seg.end)}" if seg.end is not None else ""
        if seg.ramp:
            start = "" if seg.ramp_from is None else f"{seg.ramp_from:g} "
            parts.append(f"from {format_time(seg.start)}: linear {start}→ {seg.intensity:g}{until}")
        else:
            parts.append(f"from {format_time(seg.start)}: {seg.intensity:g}{until}")
    return "; ".join(parts) or "0"


def event_text(ev) -> str:
    if ev.until is None:
        return f"{ev.kind.replace('_', ' ')} in {format_time(ev.year)} (size {ev.size:g})"
    end = "" if ev.until >= FOREVER else f" to {format_time(ev.until)}"
    return f"{ev.kind.replace('_', ' ')} from {format_time(ev.year)}{end} (level {ev.size:g})"


def report_html(c: Comparison, images: dict[str, str]) -> str:
    """The self-contained HTML report (figures as data URIs; no scripts, no external links)."""
    e = html.escape
    prov = c.provenance
    table = c.table()
    head = "".join(f"<th>{e(str(col))}</th>" for col in table.columns)
    body = "".join(
        f"<tr><th>{e(str(idx))}</th>" + "".join(f"<td class='num'>{e(str(v))}</td>" for v in row) + "</tr>"
        for idx, row in zip(table.index, table.to_numpy(), strict=True)
    )
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>regimesim comparison: {e(', '.join(c.labels))}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Scenario comparison</h1>",
        f"<p class='meta'>regimesim {e(str(prov.get('regimesim_version', '')))} · "
        f"{len(c.scenarios)} scenarios × {len(c.seeds)} seeds ({c.seeds[0]}–{c.seeds[-1]}) · "
        f"generated {e(str(prov.get('finished', prov.get('started', ''))))}</p>",
        "<h2>Outcomes</h2>",
        f"<p class='note'>Median across seeds and, in brackets, the {round(100 * (BAND[1] - BAND[0]))}% "
        f"interval (the {BAND[0]:.0%} and {BAND[1]:.0%} quantiles). Every scenario ran with the same "
        f"seeds. Niche share and coercive measures are averaged over {c.year}; cumulative incidents "
        f"and costs and the peak workload are over {c.window[0]}–{c.window[1]}, the years all "
        "scenarios share. A run that does not cross counts as crossing after the horizon.</p>",
        f"<table><thead><tr><th>scenario</th>{head}</tr></thead><tbody>{body}</tbody></table>",
        "<h2>X-curves</h2>",
        "<p class='note'>Median regime strength and niche share across seeds with their 90% bands; the "
        "background shows the X-curve phases of the median curves (upper half: regime, lower half: "
        "niche).</p>",
        f"<img alt='X-curves of the scenarios side by side' src='{images['xcurves']}'>",
        "<h2>Outcome distributions</h2>",
        f"<img alt='Outcomes per seed and scenario' src='{images['outcomes']}'>",
        "<h2>Scenarios</h2>",
    ]
    for s in c.scenarios:
        out.append(f"<h3>{e(s.label)}: {e(s.title)}</h3>")
        if s.description:
            out.append(f"<p>{e(' '.join(s.description.split()))}</p>")
        for src in s.sources:
            out.append(f"<p class='note'>Source: <code>{e(src.file)}</code>, {e(src.section)}</p>")
            if src.quote:
                out.append(f"<blockquote>{e(src.quote)}</blockquote>")
        rows = [("horizon", f"{s.start}–{s.end}"), ("scale", f"{s.scale:g}"), ("landscape", s.landscape)]
        rows += [(f"lever {k}", schedule_text(v)) for k, v in s.levers]
        rows += [("event", event_text(ev)) for ev in s.events]
        rows += [(f"parameter {k}", f"{v:g}") for k, v in s.parameters if v != BY_NAME[k].default]
        out.append(
            "<table>" + "".join(f"<tr><th>{e(a)}</th><td>{e(b)}</td></tr>" for a, b in rows) + "</table>"
        )
    out += [
        "<h2>Files</h2>",
        "<p class='note'>Next to this report: <code>outcomes.parquet</code> (one row per scenario and "
        "seed), <code>summary.parquet</code> and <code>summary.csv</code>, <code>trajectories.parquet</code> "
        "(every indicator, month by month), the figures as PNG and SVG, the scenarios as run in "
        "<code>scenarios/</code> and <code>provenance.json</code>.</p>",
        "</body></html>",
    ]
    return "\n".join(out) + "\n"
