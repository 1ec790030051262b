"""Figures: the X-curve with its phase bands."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from regimesim.engine import RunResult
    from regimesim.xcurve import PhaseRules

#: Colours of the regime-curve phase bands (light, so the curves stay readable).
REGIME_COLOURS = {
    "optimising": "#e8eef7",
    "destabilising": "#fdf1d8",
    "chaos": "#f9d5d3",
    "breaking_down": "#f3e0f0",
    "phasing_out": "#e6e6e6",
}
NICHE_COLOURS = {
    "experimenting": "#eaf5e4",
    "accelerating": "#d5eec8",
    "emerging": "#bfe3ad",
    "institutionalising": "#a6d690",
    "stabilising": "#8cc973",
}


def phase_bands(ax, years: np.ndarray, labels, colours: dict[str, str], y0: float, y1: float) -> None:
    """Shade each run of one phase in ``labels`` (a categorical series, one label a month at
    ``years``) between the axes fractions ``y0`` and ``y1``."""
    codes = np.asarray(labels.cat.codes)
    cats = list(labels.cat.categories)
    start = 0
    step = years[1] - years[0] if len(years) > 1 else 1 / 12
    for i in range(1, len(codes) + 1):
        if i == len(codes) or codes[i] != codes[start]:
            name = cats[codes[start]]
            ax.axvspan(
                years[start], years[i - 1] + step, ymin=y0, ymax=y1, color=colours.get(name, "#eeeeee"), lw=0
            )
            start = i


def plot_xcurve(result: RunResult, *, title: str | None = None, rules: PhaseRules | None = None) -> Figure:
    """The X-curve of one run: regime strength and niche share with the phase bands.

    The upper band strip shows the regime-curve phases, the lower one the niche-curve phases
    (:mod:`regimesim.xcurve`, with ``rules``, default :class:`~regimesim.xcurve.PhaseRules`);
    pressure is drawn dashed against the right-hand axis. The caption states how late the
    phases are labelled (:func:`regimesim.xcurve.lag_note`): they use past months only.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from regimesim.xcurve import PhaseRules, label_phases, lag_note

    rules = PhaseRules() if rules is None else rules
    df = result.indicators
    years = result.timeline.year_of(np.arange(len(df)))
    phases = label_phases(
        df["regime_strength"].to_numpy(),
        df["niche_share"].to_numpy(),
        df["institutionalised_share"].to_numpy(),
        df["pressure"].to_numpy(),
        rules=rules,
    ).to_frame(index=df.index)
    fig, ax = plt.subplots(figsize=(9, 5), layout="constrained")
    phase_bands(ax, years, phases["regime_phase"], REGIME_COLOURS, 0.5, 1.0)
    phase_bands(ax, years, phases["niche_phase"], NICHE_COLOURS, 0.0, 0.5)
    ax.plot(years, df["regime_strength"], color="#1f4e99", lw=2.2, label="regime strength")
    ax.plot(years, df["niche_share"], color="#2e8b2e", lw=2.2, label="niche share (new practice)")
    ax2 = ax.twinx()  # pressure has its own scale (it is not a share)
    ax2.plot(years, df["pressure"], color="#b03a2e", lw=1, ls="--")
    ax2.set_ylim(0, max(1.0, 1.05 * float(df["pressure"].max())))
    ax2.set_ylabel("pressure", color="#b03a2e")
    ax2.tick_params(axis="y", colors="#b03a2e")
    ax.plot([], [], color="#b03a2e", lw=1, ls="--", label="pressure (right axis)")
    crossing = result.crossing_year()
    if crossing is not None:
        ax.axvline(crossing, color="black", lw=0.8, ls=":")
        ax.annotate(
            f"crossing {crossing:.1f}",
            (crossing, 0.52),
            xytext=(4, 0),
            textcoords="offset points",
            fontsize=8,
        )
    ax.set_xlim(years[0], years[-1] + 1 / 12)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("year")
    ax.set_ylabel("strength / share")
    ax.set_title(title or f"X-curve (seed {result.seed})")
    handles, _ = ax.get_legend_handles_labels()
    handles += [Patch(color=c, label=f"regime: {n.replace('_', ' ')}") for n, c in REGIME_COLOURS.items()]
    handles += [Patch(color=c, label=f"niche: {n}") for n, c in NICHE_COLOURS.items()]
    ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.08, 0.5), fontsize=7, frameon=False)
    ax.text(0.005, 0.99, "regime phases", transform=ax.transAxes, fontsize=7, va="top")
    ax.text(0.005, 0.49, "niche phases", transform=ax.transAxes, fontsize=7, va="top")
    fig.supxlabel(textwrap.fill(lag_note(rules), 140), fontsize=7, x=0.01, ha="left")
    return fig
