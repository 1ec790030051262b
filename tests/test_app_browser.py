"""The web app end to end, in a real headless Chromium (Debian's ``chromium`` driven by Playwright;
never a browser download), on a server this module starts fresh.

Each test loads the page in a new browser context (a new session: its own model), records every
request the page makes and asserts they all go to 127.0.0.1, and keeps a screenshot in
``test-artifacts/browser/``. Without Chromium the tests are skipped, saying how to install it,
unless ``REGIMESIM_REQUIRE_BROWSER=1`` (as CI sets it) makes that a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from regimesim.app.serve import HEADLESS_CHROMIUM_ARGS

pytestmark = pytest.mark.compiled_only

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "browser"
#: the page needs a few seconds to connect and render; a model run at scale 0.01 is fast
TIMEOUT_MS = 60_000

if CHROMIUM is None:
    why = (
        "Chromium is not installed (Debian/Ubuntu: apt-get install chromium; bash scripts/setup.sh "
        "installs it when run as root)"
    )
    if os.environ.get("REGIMESIM_REQUIRE_BROWSER") == "1":
        raise RuntimeError(why)
    pytest.skip(why, allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``regimesim app history --lang en`` on a free port, started fresh for this module."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    exe = os.path.join(os.path.dirname(sys.executable), "regimesim")
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [exe, "app", "history", "--lang", "en", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT
        )
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).close()
                break
            except OSError:
                assert proc.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "the app did not start within 90 s"
                time.sleep(0.5)
        yield url
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=list(HEADLESS_CHROMIUM_ARGS))
        yield b
        b.close()


@pytest.fixture
def page(browser, server, request):
    """A fresh page on the app; after the test: a screenshot, and every request checked."""
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto(server)
    pg.get_by_role("button", name="Step").wait_for()
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    hosts = {re.match(r"\w+://([^/]+)", u).group(1) for u in requests if re.match(r"\w+://", u)}
    assert requests and hosts == {server.split("/")[2]}, f"requests left 127.0.0.1: {sorted(hosts)}"


def slider(page, label: str, k: int = 0):
    return page.get_by_role("slider", name=label).nth(k)


def set_slider_to_max(page, label: str, k: int = 0) -> None:
    s = slider(page, label, k)
    s.focus()
    s.press("End")


def step(page, times: int = 1) -> None:
    for _ in range(times):
        page.get_by_role("button", name="Step").click()
        page.wait_for_timeout(150)


def months_shown(page) -> str:
    """The month of the outcome table (the last simulated month)."""
    return page.locator("text=/^\\d{4}-\\d{2}$/").first.inner_text()


# --- the tests ---------------------------------------------------------------------------------------


def test_page_plays_and_names_the_phase(page):
    """Load, step, see the X-curve's phase appear; Play runs on; nothing leaves 127.0.0.1."""
    expect_text(page, "Press Step or ▶ to start.")
    step(page, 1)
    expect_text(page, "Phase now: too early to name a phase")
    step(page, 8)  # three months a click: 27 months
    page.get_by_text(re.compile(r"Regime \S+ phase now: \w")).first.wait_for()
    before = months_shown(page)
    page.get_by_role("button", name="▶").click()
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="❚❚").click()
    assert months_shown(page) > before


def test_lever_change_reset_and_export_rerun_with_the_command_line(page, tmp_path):
    """Change a lever, Reset (Mesa's path), step, download the mix and the run; the command line
    runs the downloaded TOML to the same indicators."""
    set_slider_to_max(page, "intensity", 1)  # phase-out at 1.0
    page.get_by_role("button", name="Reset").click()
    page.wait_for_timeout(500)
    step(page, 2)
    expect_text(page, "2010-06")
    with page.expect_download() as dl:
        page.get_by_role("button", name="Mix as a scenario (TOML)").click()
    toml_path = tmp_path / "mix.toml"
    dl.value.save_as(toml_path)
    assert re.search(r"phase_out = \[[^\]]*intensity = 1\.0", toml_path.read_text().replace("\n", " "))
    with page.expect_download() as dl:
        page.get_by_role("button", name="Run as CSV").click()
    csv_path = tmp_path / "run.csv"
    dl.value.save_as(csv_path)
    shown = pd.read_csv(csv_path, index_col=0)
    assert len(shown) == 6
    exe = os.path.join(os.path.dirname(sys.executable), "regimesim")
    subprocess.run([exe, "run", str(toml_path), "--out", str(tmp_path / "out"), "--quiet"], check=True)
    ran = pd.read_parquet(tmp_path / "out" / "indicators.parquet")
    np.testing.assert_allclose(ran[list(shown.columns)].to_numpy()[:6], shown.to_numpy(), rtol=1e-12)


def test_pick_a_scenario_sets_the_levers(page):
    page.get_by_role("button", name=re.compile("history")).first.click()
    page.get_by_role("option", name="full_mix").click()
    # full_mix: build-up at 0.8 (scenarios/build_up_and_phase_out.toml)
    page.wait_for_function("() => document.querySelectorAll('[role=slider][aria-valuenow=\"0.8\"]').length")
    assert slider(page, "intensity", 0).get_attribute("aria-valuenow") == "0.8"


def test_language_switch_while_running(page):
    step(page, 1)
    page.get_by_role("button", name="nl", exact=True).click()
    expect_text(page, "Verkennen")
    expect_text(page, "Interventiemix")
    assert slider(page, "intensiteit").count() == 1
    page.get_by_role("button", name="en", exact=True).click()
    expect_text(page, "Intervention mix")


def test_compare_two_mixes(page):
    page.get_by_role("tab", name="Compare").click()
    page.get_by_role("button", name="Add the current mix").click()
    page.get_by_role("button", name="Add the current mix").click()
    page.get_by_role("button", name="Compare", exact=True).click()
    page.get_by_text("mix B: history").last.wait_for()
    page.locator("table", has_text="mix B: history").wait_for(timeout=180_000)


def test_upload_a_bad_file_shows_the_error(page):
    """The browser's drag gesture cannot be scripted (Chrome gives a scripted DataTransfer no file
    entries), so the file is handed to the drop zone's component as its drop handler does; the
    upload to the server, its reading and the error shown are the real path."""
    drop(page, "bad.toml", "title = [")
    expect_text(page, "bad.toml: not valid TOML")
    drop(page, "ok.toml", 'title = "Mine"\nextends = "full_mix"\n')
    expect_text(page, "Loaded: Mine")


def test_teach_mode_logs_events(page):
    page.get_by_role("tab", name="Teach").click()
    expect_text(page, "Nothing has happened yet.")
    for _ in range(6):
        page.get_by_role("button", name="1 month").click()
        page.wait_for_timeout(150)
    page.locator("li", has_text=re.compile(r"^2010-0\d: ")).first.wait_for()


def expect_text(page, text: str) -> None:
    page.get_by_text(text).first.wait_for()


def drop(page, name: str, content: str) -> None:
    page.eval_on_selector(
        ".solara-file-drop",
        """(el, [name, content]) => {
        const find = (v) => {
            if (!v) return null;
            if (v.$refs && v.$refs.dropzone === el) return v;
            for (const c of v.$children) { const r = find(c); if (r) return r; }
            return null;
        };
        let e = el;
        while (e && !e.__vue__) e = e.parentElement;
        let root = e.__vue__;
        while (root.$parent) root = root.$parent;
        const zone = find(root);
        const f = new File([content], name, {type: 'application/toml'});
        zone.native_file_info = [f];
        zone.file_info = [{name: f.name, isFile: true, size: f.size}];
    }""",
        [name, content],
    )
