"""Provenance of a result: package and library versions, time, git revision, seed."""

from __future__ import annotations

import datetime as _dt
import functools
import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any


def _version(dist: str) -> str | None:
    try:
        return version(dist)
    except PackageNotFoundError:
        return None


@functools.cache  # one `git describe` a process, not one a run (compare runs many)
def git_revision() -> str | None:
    """The git commit of the source tree the package runs from (with ``-dirty``), if any."""
    here = Path(__file__).resolve().parent
    try:
        rev = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=12"],
            cwd=here, capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return rev or None


def provenance(*, seed: int, started: _dt.datetime | None = None) -> dict[str, Any]:
    """A JSON-ready record of where a result came from."""
    now = _dt.datetime.now(_dt.UTC)
    return {
        "regimesim_version": _version("regimesim"),
        "git_revision": git_revision(),
        "seed": int(seed),
        "started": (started or now).isoformat(timespec="seconds"),
        "finished": now.isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "libraries": {d: _version(d) for d in ("numpy", "numba", "mesa", "pandas", "pyarrow")},
    }
