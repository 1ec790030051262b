"""Starting the app: ``solara run`` on :mod:`regimesim.app.page`, bound to 127.0.0.1 by default.

The server is Solara's own (uvicorn); this module only checks the options, builds the command and
its environment (the starting scenario and language, Solara's telemetry off) and runs it.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Sequence

from regimesim.app.text import LANGUAGES

DEFAULT_HOST = "127.0.0.1"
#: flags for driving the app in a headless Chromium on a closed network (the browser tests and
#: benchmarks): without the background-networking ones Chromium keeps calling Google's hosts
HEADLESS_CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
DEFAULT_PORT = 8765


class AppError(ValueError):
    """A bad option of ``regimesim app``, named with its allowed values."""


def check_options(scenario: str, host: str, port: int, lang: str) -> None:
    """Raise :class:`AppError` naming the option and the allowed values."""
    from regimesim.scenario import ScenarioError, find_scenario

    if lang not in LANGUAGES:
        raise AppError(f"--lang must be one of {', '.join(LANGUAGES)}; got {lang!r}")
    if not 1 <= port <= 65535:
        raise AppError(f"--port must be a port number from 1 to 65535; got {port}")
    if not host:
        raise AppError("--host must name an address to bind to, e.g. 127.0.0.1 (the default)")
    try:
        find_scenario(scenario)
    except (ScenarioError, FileNotFoundError, ValueError) as exc:
        raise AppError(f"scenario: {exc}") from None
    missing = [m for m in ("solara", "ipyvuetify", "altair") if importlib.util.find_spec(m) is None]
    if missing:
        raise AppError(
            f"the app needs {', '.join(missing)}: install the extra 'app' "
            "(bash scripts/setup.sh installs it; or pip install 'regimesim[app]')"
        )


def command(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> list[str]:
    """The ``solara run`` command line that serves the page."""
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        "regimesim.app.page",
        "--host",
        host,
        "--port",
        str(port),
        "--no-open",
        "--production",
    ]


def environment(scenario: str, lang: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The server's environment: the page's options, Solara's telemetry off."""
    env = dict(os.environ if base is None else base)
    env.update(
        REGIMESIM_APP_SCENARIO=scenario,
        REGIMESIM_APP_LANG=lang,
        SOLARA_TELEMETRY_MIXPANEL_ENABLE="False",
        MPLBACKEND="Agg",
    )
    return env


def serve(
    scenario: str,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    lang: str = "nl",
    extra: Sequence[str] = (),
) -> int:
    """Run the server until interrupted; the exit status of ``solara run``."""
    check_options(scenario, host, port, lang)
    return subprocess.call([*command(host, port), *extra], env=environment(scenario, lang))
