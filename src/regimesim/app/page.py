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

import solara
from mesa.visualization.solara_viz import ModelController
from mesa.visualization.utils import update_counter

from regimesim.app.charts import (
    DASHBOARD,
    LAYERS,
    PROEFTUIN_SERIES,
    comparison_figure,
    comparison_table,
    current_phases,
    markdown_table,
    number,
    phases_of,
    regions_figure,
    series_figure,
    xcurve_figure,
)
from regimesim.app.controls import (
    DEFAULT_SCENARIO,
    Mix,
    lever_controls,
    library_names,
    load_base,
    uncertain_controls,
)
from regimesim.app.files import UploadError, export_figure, export_table, export_toml, read_upload
from regimesim.app.text import (
    LANGUAGES,
    REGION_TEXT,
    indicator_label,
    lever_help,
    lever_label,
    parameter_meaning,
    phase_explanation,
    phase_name,
    phase_source,
    t,
)
from regimesim.model import RegimeModel


def make_model(mix: Mix) -> RegimeModel:
    """The model of ``mix``, created as Mesa's Reset creates it."""
    from mesa.experimental.scenarios import Scenario as MesaScenario

    kwargs = mix.model_parameters()
    seed = kwargs.pop("rng")
    return RegimeModel(**kwargs, scenario=MesaScenario(rng=seed))


@solara.component
def XCurveView(model: RegimeModel, lang: str):
    """The X-curve live, with the current phases named and explained."""
    update_counter.get()  # redraw when Mesa's controller steps the model
    frame = phases_of(model)  # labelled once a frame, for the bands and the phase named
    with solara.Card(t("xcurve", lang)):
        solara.FigureMatplotlib(xcurve_figure(model, lang, frame), format="svg")
        if model.month == 0:
            solara.Info(t("not_started", lang))
            return
        phases = current_phases(model, frame)
        if phases is None:
            solara.Text(f"{t('phase_now', lang)}: {t('too_short', lang)}")
            return
        for side, phase in zip(("regime_side", "niche_side"), phases, strict=True):
            head = f"**{t(side, lang)} -- {t('phase_now', lang).lower()}: {phase_name(phase, lang)}**"
            solara.Markdown(
                f"{head}  \n{phase_explanation(phase, lang)}  \n*{t('source', lang)}: {phase_source(phase)}*"
            )


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
            solara.SliderFloat(
                t("intensity", lang),
                value=intensity,
                min=c.low,
                max=c.high,
                step=0.05,
                on_value=lambda v, f=set_lever: f(v, 0),
            )
            solara.SliderInt(
                t("from_year", lang),
                value=start,
                min=c.first_year,
                max=c.last_year,
                on_value=lambda v, f=set_lever: f(v, 1),
            )


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

        solara.Text(parameter_meaning(p, lang), style={"font-size": "0.8em"})
        solara.SliderFloat(
            p.name, value=value, min=p.low, max=p.high, step=(p.high - p.low) / 100, on_value=set_param
        )


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
        solara.FigureMatplotlib(
            series_figure(model, PROEFTUIN_SERIES, lang, t("proeftuinen", lang)), format="svg"
        )
        if model.month:
            row = model.indicators().iloc[-1]
            solara.Text(
                t("proeftuinen_now", lang).format(n=int(row["active_proeftuinen"]), wins=row["small_wins"])
            )


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
            solara.Button(
                label,
                color="primary",
                on_click=lambda: playing.set(not playing.value),
                disabled=not model.value.running,
            )
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
    solara.FileDownload(
        lambda: export_toml(mix.value),
        filename="mix.toml",
        label=t("download_toml", lang),
        mime_type="application/toml",
    )
    solara.FileDownload(
        lambda: export_table(model, "csv"),
        filename="run.csv",
        label=t("download_csv", lang),
        mime_type="text/csv",
    )
    solara.FileDownload(
        lambda: export_table(model, "parquet"), filename="run.parquet", label=t("download_parquet", lang)
    )
    for fmt in ("png", "svg"):
        solara.FileDownload(
            lambda fmt=fmt: export_figure(xcurve_figure(model, lang), fmt),
            filename=f"xcurve.{fmt}",
            label=t(f"download_{fmt}", lang),
        )

    def on_file(info) -> None:
        error.value, message.value = accept_upload(mix, info, lang)

    solara.FileDrop(label=t("upload", lang), on_file=on_file, lazy=True)
    if error.value:
        solara.Error(error.value)
    if message.value:
        solara.Success(message.value)


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
        return run_comparison(
            mixes.value, max(MIN_SEEDS, seeds.value), lang, progress=lambda d, n: done.set((d, n))
        )

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
            solara.Button(
                t("run_compare", lang),
                color="primary",
                on_click=task,
                disabled=not mixes.value or task.pending,
            )
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
def App(
    base: str = DEFAULT_SCENARIO,
    lang: str = "nl",
    scale: float | None = None,
    render_interval: int = 3,
    model: solara.Reactive[RegimeModel | None] | None = None,
    mix: solara.Reactive[Mix | None] | None = None,
    extra_views: tuple[str, ...] = (),
):
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
            ModelController(
                model,
                model_parameters=model_parameters,
                play_interval=play_interval,
                render_interval=render_interval,
                use_threads=use_threads,
            )
            solara.SliderInt(t("render_interval", lg), value=render_interval, min=1, max=24)
            solara.Text(t("apply_hint", lg), style={"font-size": "0.8em"})
        with solara.Card(t("scenario", lg)):
            solara.Select(t("scenario", lg), values=names, value=base_now, on_value=choose)
            solara.InputInt(
                t("seed", lg),
                value=mix.value.scenario().seed,
                on_value=lambda v: mix.set(mix.value.changed(seed=v)),
            )
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
                    solara.Checkbox(
                        label=t(key, lg),
                        value=key in extra.value,
                        on_value=lambda on, key=key: extra.set(extra.value ^ {key}),
                    )
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
    App(
        base=os.environ.get("REGIMESIM_APP_SCENARIO", DEFAULT_SCENARIO),
        lang=os.environ.get("REGIMESIM_APP_LANG", "nl"),
    )
