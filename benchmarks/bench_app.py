"""The web app's speed: a month's step plus the redraw of the Explore tab, and the page's load.

    .venv/bin/python -m benchmarks.bench_app [--scales 0.1 1.0] [--months 24] [--loads 5]

- step + redraw: month by month in turn, the model's step alone (the baseline), the step plus the
  X-curve chart, and the step plus every chart the Explore tab draws (the X-curve, the layers,
  the proeftuinen and the regions' grid), each rendered to SVG as Solara's ``FigureMatplotlib``
  does; medians and min-max.
- page load: ``regimesim app`` started once, then the page loaded in a fresh headless Chromium
  context ``--loads`` times, from the request to the Step button shown.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request


def _render(fig) -> None:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg")


def redraw_xcurve(model, lang: str = "en") -> None:
    """The X-curve chart alone (what the Teach tab draws after a step)."""
    from regimesim.app.charts import xcurve_figure

    _render(xcurve_figure(model, lang))


def redraw(model, lang: str = "en") -> None:
    """What the Explore tab draws after a step."""
    from regimesim.app.charts import LAYERS, PROEFTUIN_SERIES, regions_figure, series_figure

    redraw_xcurve(model, lang)
    _render(series_figure(model, LAYERS, lang, "layers"))
    _render(series_figure(model, PROEFTUIN_SERIES, lang, "proeftuinen"))
    _render(regions_figure(model.regions(), "niche_share", lang))


def step_and_redraw(scale: float, months: int) -> dict:
    """Milliseconds of a step alone and of a step plus the redraw, alternated month by month."""
    from regimesim.app.controls import Mix
    from regimesim.app.page import make_model

    t = time.perf_counter()
    model = make_model(Mix(base="full_mix", scale=scale))
    create = time.perf_counter() - t
    times: dict[str, list[float]] = {"step": [], "xcurve": [], "tab": []}
    draw = {"step": lambda m: None, "xcurve": redraw_xcurve, "tab": redraw}
    for k in range(months):
        kind = ("step", "xcurve", "tab")[k % 3]
        t = time.perf_counter()
        model.step()
        draw[kind](model)
        times[kind].append(time.perf_counter() - t)
    ms = lambda xs: (1000 * statistics.median(xs), 1000 * min(xs), 1000 * max(xs))  # noqa: E731
    return {"scale": scale, "create_s": create, **{k: ms(v) for k, v in times.items()}}


def page_loads(loads: int) -> list[float]:
    """Seconds from the request to the Step button shown, each in a fresh browser context."""
    from playwright.sync_api import sync_playwright

    from regimesim.app.serve import HEADLESS_CHROMIUM_ARGS

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("page load needs Chromium (apt-get install chromium)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = os.path.join(os.path.dirname(sys.executable), "regimesim")
    proc = subprocess.Popen(
        [exe, "app", "full_mix", "--port", str(port), "--lang", "en"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(180):
            try:
                urllib.request.urlopen(url, timeout=5).close()
                break
            except OSError:
                time.sleep(0.5)
        out = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=list(HEADLESS_CHROMIUM_ARGS))
            for _ in range(loads):
                context = browser.new_context()
                page = context.new_page()
                t = time.perf_counter()
                page.goto(url)
                page.get_by_role("button", name="Step").wait_for(timeout=120_000)
                out.append(time.perf_counter() - t)
                context.close()
            browser.close()
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", type=float, nargs="+", default=[0.1, 1.0])
    ap.add_argument("--months", type=int, default=36)
    ap.add_argument("--loads", type=int, default=5)
    args = ap.parse_args(argv)
    print(
        "| scale | model created (s) | step (ms; median, min-max) | step + X-curve (ms) | "
        "step + Explore tab, 4 charts (ms) |"
    )
    print("| --- | --- | --- | --- | --- |")
    for scale in args.scales:
        r = step_and_redraw(scale, args.months)
        cell = lambda v: f"{v[0]:.1f} ({v[1]:.1f}-{v[2]:.1f})"  # noqa: E731
        cells = " | ".join(cell(r[k]) for k in ("step", "xcurve", "tab"))
        print(f"| {scale:g} | {r['create_s']:.1f} | {cells} |")
    if args.loads:
        loads = page_loads(args.loads)
        print(
            f"\npage load (request to Step button shown), {len(loads)} fresh contexts: median "
            f"{statistics.median(loads):.2f} s (min {min(loads):.2f}, max {max(loads):.2f})"
        )


if __name__ == "__main__":
    main()
