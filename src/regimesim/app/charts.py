"""The app's charts and tables: pure functions of a model or a comparison, drawn with matplotlib.

Every chart draws aggregate series (never the agents), so its cost does not grow with the
population; each figure has fixed margins (matplotlib's layout engines doubled the drawing time).
:mod:`regimesim.app.page` shows them; ``benchmarks/bench_app.py`` times them.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # the server draws off-screen

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from regimesim.app.text import cell_text, indicator_label, outcome_label, region_label, t
from regimesim.model import RegimeModel
from regimesim.plotting import NICHE_COLOURS, REGIME_COLOURS, phase_bands
from regimesim.xcurve import label_phases

#: months of results the phase labelling needs before it names a phase (two years: its smoothing
#: windows are a year long)
MIN_MONTHS_FOR_PHASE = 24

#: colours of the two curves (red the regime, blue the new practice)
REGIME_COLOUR, NICHE_COLOUR = "#b2182b", "#2166ac"


def phase_frame(df: pd.DataFrame) -> pd.DataFrame | None:
    """The X-curve phases of the indicator table ``df`` (:func:`regimesim.xcurve.label_phases`),
    or None if it is shorter than :data:`MIN_MONTHS_FOR_PHASE`."""
    if len(df) < MIN_MONTHS_FOR_PHASE:
        return None
    ph = label_phases(
        df["regime_strength"].to_numpy(),
        df["niche_share"].to_numpy(),
        df["institutionalised_share"].to_numpy(),
        df["pressure"].to_numpy(),
    )
    return ph.to_frame(index=df.index)


def phases_of(model: RegimeModel) -> pd.DataFrame | None:
    """The X-curve phases of the months simulated so far, or None before two years."""
    return phase_frame(model.indicators())


def current_phases(model: RegimeModel, phases: pd.DataFrame | None = None) -> tuple[str, str] | None:
    """(regime phase, niche phase) of the last simulated month, or None before two years."""
    frame = phases_of(model) if phases is None else phases
    if frame is None:
        return None
    return str(frame["regime_phase"].iloc[-1]), str(frame["niche_phase"].iloc[-1])


def xcurve_figure(model: RegimeModel, lang: str, phases: pd.DataFrame | None = None) -> Figure:
    """Both curves of the X so far, over the whole horizon, with the phase bands (``phases``: the
    model's :func:`phases_of`, if the caller has them already)."""
    df = model.indicators()
    years = model.timeline.year_of(np.arange(len(df)))
    fig = Figure(figsize=(7, 3.6))  # fixed margins: a layout engine would double the drawing time
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.09, top=0.91)
    ax = fig.subplots()
    frame = phases_of(model) if phases is None else phases
    if frame is not None:  # the phase bands: the regime's in the upper half, the niche's in the lower
        phase_bands(ax, years, frame["regime_phase"], REGIME_COLOURS, 0.5, 1.0)
        phase_bands(ax, years, frame["niche_phase"], NICHE_COLOURS, 0.0, 0.5)
    ax.plot(years, df["regime_strength"].to_numpy(), color=REGIME_COLOUR, label=t("regime_curve", lang))
    ax.plot(years, df["niche_share"].to_numpy(), color=NICHE_COLOUR, label=t("niche_curve", lang))
    tl = model.timeline
    ax.set_xlim(tl.year_of(0), tl.year_of(tl.n_steps - 1) + 1 / 12)
    ax.set_ylim(0, 1)
    ax.set_title(t("xcurve", lang))
    ax.legend(loc="center left", fontsize="small")
    return fig


def number(x: float) -> str:
    """A value for people: whole numbers with thousands separators from 100 on, else 3 digits."""
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


#: the dashboard's outcome indicators (the issue's: measures, waiting list, workload and attrition,
#: incidents, trust, costs)
DASHBOARD = ("coercive_stock", "waiting_list", "workload", "attrition", "incidents", "trust", "costs")
#: the regime's three layers ([DRIFT2025] "Wat is een transitie?": cultuur, structuur, werkwijze)
LAYERS = ("culture", "structure", "practice")
#: the proeftuinen's state on a 0-1 scale
PROEFTUIN_SERIES = ("innovator_energy", "experimental_space")
#: columns of the regions' grid
GRID_COLUMNS = 7


def series_figure(model: RegimeModel, names, lang: str, title: str) -> Figure:
    """Indicators on a 0-1 scale over the horizon, so far."""
    df = model.indicators()
    years = model.timeline.year_of(np.arange(len(df)))
    fig = Figure(figsize=(7, 2.6))
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.12, top=0.88)
    ax = fig.subplots()
    for name in names:
        ax.plot(years, df[name].to_numpy(), label=indicator_label(name, lang))
    tl = model.timeline
    ax.set_xlim(tl.year_of(0), tl.year_of(tl.n_steps - 1) + 1 / 12)
    ax.set_ylim(0, 1)
    ax.set_title(title)
    ax.legend(loc="upper right", fontsize="small")
    return fig


def regions_figure(regions, indicator: str, lang: str) -> Figure:
    """The youth-care regions as a grid of squares coloured by ``indicator`` (a region's row of
    :meth:`RegimeModel.regions`), the active proeftuinen outlined."""
    from matplotlib.patches import Rectangle

    values = regions[indicator].to_numpy(dtype=float)
    n = len(values)
    rows = -(-n // GRID_COLUMNS)
    fig = Figure(figsize=(7, 0.9 * rows + 0.4))  # fixed margins: a layout engine doubles the time
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.98)
    ax = fig.subplots()
    finite = values[np.isfinite(values)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    norm = matplotlib.colors.Normalize(lo, hi if hi > lo else lo + 1e-9)
    cmap = matplotlib.colormaps["viridis"]
    for k, (val, active) in enumerate(zip(values, regions["proeftuin_active"].to_numpy(), strict=True)):
        x, y = k % GRID_COLUMNS, rows - 1 - k // GRID_COLUMNS
        edge, width = ("black", 2.5) if active else ("white", 0.5)
        ax.add_patch(
            Rectangle(
                (x + 0.05, y + 0.05), 0.9, 0.9, facecolor=cmap(norm(val)), edgecolor=edge, linewidth=width
            )
        )
        ax.text(
            x + 0.5,
            y + 0.5,
            str(int(regions["region"].iloc[k]) + 1),
            ha="center",
            va="center",
            fontsize=7,
            color="white" if norm(val) < 0.6 else "black",
        )
    ax.set_xlim(0, GRID_COLUMNS)
    ax.set_ylim(0, rows)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.colorbar(
        matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap),
        ax=ax,
        shrink=0.8,
        label=region_label(indicator, lang),
    )
    return fig


def markdown_table(df) -> str:
    """A small DataFrame (index and columns) as a Markdown table."""
    head = [str(df.index.name or ""), *map(str, df.columns)]
    rows = [[str(i), *(str(v) for v in r)] for i, r in zip(df.index, df.itertuples(index=False), strict=True)]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def comparison_figure(c, lang: str) -> Figure:
    """The mixes side by side: median regime strength and niche share over the seeds, with their
    90% bands (:meth:`regimesim.compare.Comparison.band`), labelled in ``lang``."""
    n = len(c.labels)
    fig = Figure(figsize=(4 * n + 1, 3.4))
    fig.subplots_adjust(left=0.06, right=0.99, bottom=0.1, top=0.82, wspace=0.08)
    axes = fig.subplots(1, n, sharey=True, squeeze=False)[0]
    for ax, label in zip(axes, c.labels, strict=True):
        for column, colour, key in (
            ("regime_strength", REGIME_COLOUR, "regime_curve"),
            ("niche_share", NICHE_COLOUR, "niche_curve"),
        ):
            band = c.band(label, column)
            years = band.index.year + (band.index.month - 1) / 12
            ax.fill_between(years, band["low"], band["high"], color=colour, alpha=0.2, lw=0)
            ax.plot(years, band["median"], color=colour, label=t(key, lang))
        ax.set_title(label, fontsize="medium")
        ax.set_ylim(0, 1)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    axes[0].legend(loc="lower left", fontsize="small")
    fig.suptitle(t("compare_title", lang).format(seeds=len(c.seeds)))
    return fig


def comparison_table(c, lang: str):
    """The comparison's outcome table with its headers and cells in ``lang``."""
    table = c.table()
    table.columns = [outcome_label(name, c.year, lang) for name in c.outcome_names]
    table.index.name = t("mixes", lang)
    return table.map(lambda v: cell_text(str(v), lang))


def make_indicator_component(measures, lang: str = "en"):
    """A component for Mesa's ``SolaraViz(model, components=[...])`` plotting indicators by month.

    Use it instead of Mesa's ``make_plot_component``, which expects the DataCollector's table to
    be indexed by collection number: :class:`~regimesim.RegimeModel`'s collector is indexed by
    month (like ``model.indicators()``), which Mesa's plot components cannot draw. ``measures``:
    indicator names (:data:`regimesim.indicators.NAMES`); the legend uses their labels in ``lang``
    where the app has one.
    """
    import solara
    from mesa.visualization.utils import update_counter

    from regimesim.app.text import INDICATOR_TEXT
    from regimesim.indicators import NAMES

    measures = [measures] if isinstance(measures, str) else list(measures)
    unknown = [m for m in measures if m not in NAMES]
    if unknown:
        raise ValueError(f"unknown indicator(s) {unknown}; allowed: {', '.join(NAMES)}")

    @solara.component
    def IndicatorPlot(model):
        update_counter.get()
        df = model.indicators()
        fig = Figure(figsize=(6, 3))
        fig.subplots_adjust(left=0.1, right=0.98, bottom=0.12, top=0.95)
        ax = fig.subplots()
        years = model.timeline.year_of(np.arange(len(df)))
        for m in measures:
            ax.plot(years, df[m].to_numpy(), label=indicator_label(m, lang) if m in INDICATOR_TEXT else m)
        ax.legend(loc="best", fontsize="small")
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        solara.FigureMatplotlib(fig, format="svg")

    return IndicatorPlot
