"""The web app's page (Solara, on Mesa's visualisation conventions).

Started by ``regimesim app`` (:mod:`regimesim.app.serve`), which runs ``solara run`` on this module.
The model is a :class:`~regimesim.RegimeModel` driven by Mesa's own ``ModelController``
(Play/Step/Reset, play and render intervals): Reset re-creates the model from the current mix the
way Mesa does, through ``RegimeModel(scenario=mesa Scenario(rng=seed), ...)``. The charts draw the
aggregate indicator series, never the individual agents, so a step plus a redraw stays cheap at
full scale.

The starting scenario and language come from the environment variables ``REGIMESIM_APP_SCENARIO``
and ``REGIMESIM_APP_LANG`` (set by ``regimesim app``) or default to ``full_mix`` and Dutch.
"""

from __future__ import annotations

import os
import time

import matplotlib

matplotlib.use("Agg")  # the server draws off-screen

import numpy as np
import pandas as pd
import solara
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from mesa.visualization.solara_viz import ModelController
from mesa.visualization.utils import update_counter

from regimesim.app.controls import (
    DEFAULT_SCENARIO,
    Mix,
    lever_controls,
    library_names,
    load_base,
    uncertain_controls,  # fmt: skip
)
from regimesim.app.files import UploadError, export_figure, export_table, export_toml, read_upload
from regimesim.app.text import (
    LANGUAGES,
    REGION_TEXT,
    cell_text,
    indicator_label,
    lever_help,
    lever_label,
    outcome_label,
    phase_explanation,
    phase_name,
    phase_source,
    region_label,
    t,
)
from regimesim.model import RegimeModel
from regimesim.plotting import NICHE_COLOURS, REGIME_COLOURS, phase_bands
from regimesim.xcurve import label_phases

#: months of results the phase labelling needs before it names a phase (two years: its smoothing
#: windows are a year long)
MIN_MONTHS_FOR_PHASE = 24

#: Dutch colours of the two curves (the report's)
REGIME_COLOUR, NICHE_COLOUR = "#b2182b", "#2166ac"


def make_model(mix: Mix) -> RegimeModel:
    """The model of ``mix``, created as Mesa's Reset creates it."""
    from mesa.experimental.scenarios import Scenario as MesaScenario

    kwargs = mix.model_parameters()
    seed = kwargs.pop("rng")
    return RegimeModel(**kwargs, scenario=MesaScenario(rng=seed))


def phases_of(model: RegimeModel) -> pd.DataFrame | None:
    """The X-curve phases of the months simulated so far, or None before two years."""
    df = model.indicators()
    if len(df) < MIN_MONTHS_FOR_PHASE:
        return None
    ph = label_phases(df["regime_strength"].to_numpy(), df["niche_share"].to_numpy(),
                      df["institutionalised_share"].to_numpy(), df["pressure"].to_numpy())  # fmt: skip
    return ph.to_frame(index=df.index)


def current_phases(model: RegimeModel) -> tuple[str, str] | None:
    """(regime phase, niche phase) of the last simulated month, or None before two years."""
    frame = phases_of(model)
    if frame is None:
        return None
    return str(frame["regime_phase"].iloc[-1]), str(frame["niche_phase"].iloc[-1])


def xcurve_figure(model: RegimeModel, lang: str) -> Figure:
    """Both curves of the X so far, over the whole horizon."""
    df = model.indicators()
    years = model.timeline.year_of(np.arange(len(df)))
    fig = Figure(figsize=(7, 3.6))  # fixed margins: a layout engine would double the drawing time
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.09, top=0.91)
    ax = fig.subplots()
    frame = phases_of(model)
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


@solara.component
def XCurveView(model: RegimeModel, lang: str):
    """The X-curve live, with the current phases named and explained."""
    update_counter.get()  # redraw when Mesa's controller steps the model
    with solara.Card(t("xcurve", lang)):
        solara.FigureMatplotlib(xcurve_figure(model, lang), format="svg")
        if model.month == 0:
            solara.Info(t("not_started", lang))
            return
        phases = current_phases(model)
        if phases is None:
            solara.Text(f"{t('phase_now', lang)}: {t('too_short', lang)}")
            return
        for side, phase in zip(("regime_side", "niche_side"), phases, strict=True):
            head = f"**{t(side, lang)} -- {t('phase_now', lang).lower()}: {phase_name(phase, lang)}**"
            solara.Markdown(f"{head}  \n{phase_explanation(phase, lang)}  \n"
                            f"*{t('source', lang)}: {phase_source(phase)}*")  # fmt: skip


def number(x: float) -> str:
    """A value for people: whole numbers with thousands separators from 100 on, else 3 digits."""
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


@solara.component
def DashboardView(model: RegimeModel, lang: str):
    """The outcomes of the last simulated month."""
    update_counter.get()
    with solara.Card(t("dashboard", lang)):
        if model.month == 0:
            solara.Info(t("not_started", lang))
            return
        row = model.indicators().iloc[-1]
        lines = [f"| {t('indicator', lang)} | {t('value', lang)} |", "| --- | --- |"]
        lines += [f"| {indicator_label(k, lang)} | {number(row[k])} |" for k in DASHBOARD]
        solara.Markdown(f"{row.name}\n\n" + "\n".join(lines))


@solara.component
def LeverControls(mix: solara.Reactive[Mix], lang: str):
    """One group per declared lever: intensity and start year (generated, never hand-written)."""
    base = solara.use_memo(lambda: load_base(mix.value.base), [mix.value.base])
    for c in lever_controls(base):
        intensity, start = mix.value.levers.get(c.name, (c.intensity, c.start))

        def set_lever(value, which, name=c.name, current=(intensity, start)):
            new = (value, current[1]) if which == 0 else (current[0], value)
            mix.value = mix.value.changed(levers={name: new})

        with solara.Column(gap="0px"):
            solara.Text(lever_label(c.name, lang), style={"font-weight": "bold"})
            solara.Text(lever_help(c.name, lang), style={"font-size": "0.8em"})
            solara.SliderFloat(t("intensity", lang), value=intensity, min=c.low, max=c.high, step=0.05,
                               on_value=lambda v, f=set_lever: f(v, 0))  # fmt: skip
            solara.SliderInt(t("from_year", lang), value=start, min=c.first_year, max=c.last_year,
                             on_value=lambda v, f=set_lever: f(v, 1))  # fmt: skip


@solara.component
def UncertainControls(mix: solara.Reactive[Mix], lang: str):
    """The uncertain parameters, folded away; rendered only when asked for."""
    show = solara.use_reactive(False)
    solara.Checkbox(label=t("show_uncertain", lang), value=show)
    if not show.value:
        return
    for p in uncertain_controls():
        value = mix.value.parameters.get(p.name, p.default)

        def set_param(v, name=p.name):
            mix.value = mix.value.changed(parameters={name: v})

        solara.SliderFloat(p.name, value=value, min=p.low, max=p.high, step=(p.high - p.low) / 100,
                           on_value=set_param)  # fmt: skip


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
        ax.add_patch(Rectangle((x + 0.05, y + 0.05), 0.9, 0.9, facecolor=cmap(norm(val)), edgecolor=edge,
                               linewidth=width))  # fmt: skip
        ax.text(x + 0.5, y + 0.5, str(int(regions["region"].iloc[k]) + 1), ha="center", va="center",
                fontsize=7, color="white" if norm(val) < 0.6 else "black")  # fmt: skip
    ax.set_xlim(0, GRID_COLUMNS)
    ax.set_ylim(0, rows)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.colorbar(matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.8,
                 label=region_label(indicator, lang))  # fmt: skip
    return fig


@solara.component
def LayersView(model: RegimeModel, lang: str):
    """The regime's culture, structure and practice over time."""
    update_counter.get()
    with solara.Card(t("layers", lang)):
        solara.FigureMatplotlib(series_figure(model, LAYERS, lang, t("layers", lang)), format="svg")


@solara.component
def ProeftuinenView(model: RegimeModel, lang: str):
    """The proeftuinen: innovators' energy and experimental space, how many, small wins."""
    update_counter.get()
    with solara.Card(t("proeftuinen", lang)):
        solara.FigureMatplotlib(series_figure(model, PROEFTUIN_SERIES, lang, t("proeftuinen", lang)),
                                format="svg")  # fmt: skip
        if model.month:
            row = model.indicators().iloc[-1]
            solara.Text(t("proeftuinen_now", lang).format(n=int(row["active_proeftuinen"]),
                                                         wins=row["small_wins"]))  # fmt: skip


@solara.component
def RegionsView(model: RegimeModel, lang: str):
    """A grid of the youth-care regions coloured by a chosen indicator (the model's regional
    outputs of the month just simulated)."""
    update_counter.get()
    indicator = solara.use_reactive(next(iter(REGION_TEXT)))
    with solara.Card(t("regions", lang)):
        solara.Select(t("region_indicator", lang), values=list(REGION_TEXT), value=indicator)
        if model.month == 0:
            solara.Info(t("not_started", lang))
            return
        solara.FigureMatplotlib(regions_figure(model.regions(), indicator.value, lang), format="svg")
        solara.Text(t("region_note", lang), style={"font-size": "0.8em"})


#: the Explore tab's views beyond the X-curve and the outcomes, shown on request (key: their label)
EXTRA_VIEWS = {"layers": LayersView, "proeftuinen": ProeftuinenView, "regions": RegionsView}

#: lines of the event log shown (newest first)
LOG_LINES = 40


@solara.component
def TeachView(model: solara.Reactive[RegimeModel], lang: str):
    """A slower mode for teaching: one month at a time or slow play that can pause on an event,
    the event log in plain language and the X-curve with its phases explained."""
    from mesa.visualization.utils import force_update

    from regimesim.app.teach import event_log, national_posts, teach_step

    update_counter.get()
    playing = solara.use_reactive(False)
    pause = solara.use_reactive(True)
    speed = solara.use_reactive(700)

    def loop() -> None:
        while playing.value and model.value.running:
            time.sleep(speed.value / 1000)
            if not playing.value:
                break
            if teach_step(model.value, pause.value):
                playing.value = False
            force_update()

    solara.lab.use_task(loop, dependencies=[playing.value], prefer_threaded=True)

    def one_month() -> None:
        if model.value.running:
            model.value.step()
            force_update()

    with solara.Card(t("teach", lang)):
        with solara.Row():
            label = t("teach_pause", lang) if playing.value else t("teach_play", lang)
            solara.Button(label, color="primary", on_click=lambda: playing.set(not playing.value),
                          disabled=not model.value.running)  # fmt: skip
            solara.Button(t("teach_step", lang), on_click=one_month, disabled=playing.value)
        solara.Checkbox(label=t("pause_on_event", lang), value=pause)
        solara.SliderInt(t("teach_speed", lang), value=speed, min=100, max=3000, step=100)
    XCurveView(model.value, lang)
    with solara.Card(t("event_log", lang)):
        m = model.value
        log = event_log(m.indicators(), national_posts(m)) if m.month else []
        if not log:
            solara.Text(t("no_events", lang))
        else:
            solara.Markdown("\n".join(f"- {e.text(lang)}" for e in reversed(log[-LOG_LINES:])))


#: letters of the mixes in a comparison
MIX_LETTERS = "ABC"
#: fewest seeds a comparison runs (the issue's uncertainty bands need at least ten)
MIN_SEEDS = 10


def accept_upload(mix: solara.Reactive[Mix], info, lang: str) -> tuple[str | None, str | None]:
    """Read an uploaded file (Solara's ``FileInfo``: name and file object); if it is a valid
    scenario, it becomes the mix's starting point. (error, message) to show."""
    from regimesim.app.files import MAX_UPLOAD_BYTES

    data = info["file_obj"].read(MAX_UPLOAD_BYTES + 1)  # never more than the limit into memory
    try:
        sc = read_upload(info["name"], data)
    except UploadError as exc:
        return str(exc), None
    mix.value = Mix(base=sc)
    return None, t("uploaded", lang).format(title=sc.title)


@solara.component
def FilesView(mix: solara.Reactive[Mix], model: RegimeModel, lang: str):
    """Downloads of the mix, the run and the chart; upload of a scenario file."""
    message = solara.use_reactive(None)
    error = solara.use_reactive(None)
    solara.FileDownload(lambda: export_toml(mix.value), filename="mix.toml", label=t("download_toml", lang),
                        mime_type="application/toml")  # fmt: skip
    solara.FileDownload(lambda: export_table(model, "csv"), filename="run.csv", label=t("download_csv", lang),
                        mime_type="text/csv")  # fmt: skip
    solara.FileDownload(lambda: export_table(model, "parquet"), filename="run.parquet",
                        label=t("download_parquet", lang))  # fmt: skip
    for fmt in ("png", "svg"):
        solara.FileDownload(lambda fmt=fmt: export_figure(xcurve_figure(model, lang), fmt),
                            filename=f"xcurve.{fmt}", label=t(f"download_{fmt}", lang))  # fmt: skip

    def on_file(info) -> None:
        error.value, message.value = accept_upload(mix, info, lang)

    solara.FileDrop(label=t("upload", lang), on_file=on_file, lazy=True)
    if error.value:
        solara.Error(error.value)
    if message.value:
        solara.Success(message.value)


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
        for column, colour, key in (("regime_strength", REGIME_COLOUR, "regime_curve"),
                                    ("niche_share", NICHE_COLOUR, "niche_curve")):  # fmt: skip
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


def comparison_label(k: int, mix: Mix, lang: str) -> str:
    base = mix.base if isinstance(mix.base, str) else mix.base.label
    return t("mix_label", lang).format(letter=MIX_LETTERS[k], base=base)


def run_comparison(mixes: list[Mix], seeds: int, lang: str, progress=None):
    """Every mix over seeds ``0 .. seeds-1`` on the ensemble engine (:func:`regimesim.compare.compare`)."""
    from regimesim.compare import compare

    if not 1 <= len(mixes) <= len(MIX_LETTERS):
        raise ValueError(f"compare takes 1 to {len(MIX_LETTERS)} mixes; got {len(mixes)}")
    scenarios = []
    for k, m in enumerate(mixes):
        sc, label = m.scenario(), comparison_label(k, m, lang)
        scenarios.append(sc.replace(name=label, title=f"{label}: {sc.title}"))
    year = min(max(2035, max(s.start for s in scenarios)), min(s.end for s in scenarios))
    return compare(scenarios, seeds, year=year, progress=progress or False)


@solara.component
def CompareView(mix: solara.Reactive[Mix], lang: str):
    """Two or three mixes over the same seeds: X-curves with bands and the outcome table."""
    mixes = solara.use_reactive([])
    seeds = solara.use_reactive(MIN_SEEDS)
    done = solara.use_reactive((0, 0))

    def work():
        return run_comparison(mixes.value, max(MIN_SEEDS, seeds.value), lang,
                              progress=lambda d, n: done.set((d, n)))  # fmt: skip

    task = solara.lab.use_task(work, dependencies=None)

    def add() -> None:
        if len(mixes.value) < len(MIX_LETTERS):
            mixes.value = [*mixes.value, mix.value]

    with solara.Card(t("compare", lang)):
        solara.Text(t("compare_hint", lang))
        with solara.Column(gap="0px"):
            for k, m in enumerate(mixes.value):
                solara.Text(comparison_label(k, m, lang))
        with solara.Row():
            solara.Button(t("add_mix", lang), on_click=add, disabled=len(mixes.value) >= len(MIX_LETTERS))
            solara.Button(t("clear_mixes", lang), on_click=lambda: mixes.set([]))
            solara.Button(t("run_compare", lang), color="primary", on_click=task,
                          disabled=not mixes.value or task.pending)  # fmt: skip
        solara.InputInt(t("seeds", lang), value=seeds)
        if task.pending:
            d, n = done.value
            solara.ProgressLinear(value=100 * d / n if n else True)
            solara.Text(t("comparing", lang).format(done=d, total=n or "..."))
        elif task.error:
            solara.Error(str(task.exception))
        elif task.finished and task.value is not None:
            c = task.value
            solara.FigureMatplotlib(comparison_figure(c, lang), format="svg")
            solara.Markdown(markdown_table(comparison_table(c, lang)))


@solara.component
def App(base: str = DEFAULT_SCENARIO, lang: str = "nl", scale: float | None = None,
        render_interval: int = 3, model: solara.Reactive[RegimeModel | None] | None = None,
        mix: solara.Reactive[Mix | None] | None = None, extra_views: tuple[str, ...] = ()):  # fmt: skip
    """The whole page: controls in the sidebar; the X-curve and the outcomes, the comparison.

    ``model`` and ``mix``: reactives to hold the model and the mix in (new ones if None), for
    embedding the app or driving it from outside (the tests do); Mesa's Reset replaces the model.
    ``extra_views``: the views of :data:`EXTRA_VIEWS` shown from the start (the user can switch
    each on and off; off, a view costs nothing a frame).
    """
    language = solara.use_reactive(lang)
    own_mix = solara.use_reactive(Mix(base=base, scale=scale))
    if mix is None:
        mix = own_mix
    elif mix.value is None:
        mix.value = Mix(base=base, scale=scale)
    own = solara.use_reactive(None)
    model = own if model is None else model
    if model.value is None:
        model.value = make_model(mix.value)
    model_parameters = solara.use_reactive(mix.value.model_parameters())
    play_interval = solara.use_reactive(50)
    render_interval = solara.use_reactive(render_interval)
    use_threads = solara.use_reactive(False)
    extra = solara.use_reactive(frozenset(extra_views))

    def on_mix(new: Mix) -> None:
        model_parameters.value = new.model_parameters()  # applied by Mesa's Reset

    solara.use_effect(lambda: on_mix(mix.value), [mix.value])
    lg = language.value
    names = library_names()
    base_now = mix.value.base
    if not isinstance(base_now, str):  # an uploaded scenario joins the choices
        uploaded = t("uploaded_base", lg).format(title=base_now.label)
        names, base_now = [uploaded, *names], uploaded

    def choose(name: str) -> None:
        if name in library_names():
            mix.set(Mix(base=name, scale=mix.value.scale))

    with solara.AppBar():
        solara.AppBarTitle(t("title", lg))
    with solara.Sidebar(), solara.Column():
        solara.ToggleButtonsSingle(value=language, values=list(LANGUAGES))
        with solara.Card(t("controls", lg)):
            ModelController(model, model_parameters=model_parameters, play_interval=play_interval,
                            render_interval=render_interval, use_threads=use_threads)  # fmt: skip
            solara.SliderInt(t("render_interval", lg), value=render_interval, min=1, max=24)
            solara.Text(t("apply_hint", lg), style={"font-size": "0.8em"})
        with solara.Card(t("scenario", lg)):
            solara.Select(t("scenario", lg), values=names, value=base_now, on_value=choose)
            solara.InputInt(t("seed", lg), value=mix.value.scenario().seed,
                            on_value=lambda v: mix.set(mix.value.changed(seed=v)))  # fmt: skip
        with solara.Card(t("levers", lg)):
            LeverControls(mix, lg)
        with solara.Card(t("uncertain", lg)):
            UncertainControls(mix, lg)
        with solara.Card(t("files", lg)):
            FilesView(mix, model.value, lg)
    with solara.lab.Tabs():
        with solara.lab.Tab(t("explore", lg)):
            with solara.Row():  # more views on request: each chart adds about 35-75 ms a frame
                for key in EXTRA_VIEWS:
                    solara.Checkbox(label=t(key, lg), value=key in extra.value,
                                    on_value=lambda on, key=key: extra.set(extra.value ^ {key}))  # fmt: skip
            XCurveView(model.value, lg)
            DashboardView(model.value, lg)
            for key, view in EXTRA_VIEWS.items():
                if key in extra.value:
                    view(model.value, lg)
        with solara.lab.Tab(t("teach", lg)):
            TeachView(model, lg)
        with solara.lab.Tab(t("compare", lg)):
            CompareView(mix, lg)


@solara.component
def Page():
    """The page ``solara run`` serves (scenario and language from ``regimesim app``)."""
    App(base=os.environ.get("REGIMESIM_APP_SCENARIO", DEFAULT_SCENARIO),
        lang=os.environ.get("REGIMESIM_APP_LANG", "nl"))  # fmt: skip
