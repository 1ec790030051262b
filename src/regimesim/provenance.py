"""Provenance of a result: package and library versions, time, git revision, seed, overrides."""

from __future__ import annotations

import datetime as _dt
import functools
import platform
import subprocess
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any


@functools.cache  # importlib.metadata reads and parses a METADATA file each time: ~3 ms a
def _version(dist: str) -> str | None:  # call, 17 ms a run for six packages, once a process now
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
            cwd=here,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
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


#: The parts of a scenario's TOML table that an override can change, flattened one level.
_NESTED = ("horizon", "parameters", "levers")
_TOP = ("seed", "scale", "landscape")


def _flat(table: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: table[k] for k in _TOP if k in table}
    for key in _NESTED:
        out.update({f"{key}.{k}": v for k, v in table.get(key, {}).items()})
    return out


def overrides_record(
    given: Mapping[str, Any], before: Mapping[str, Any], after: Mapping[str, Any]
) -> dict[str, Any]:
    """Overrides of a scenario as given (the flags as typed) and as applied.

    ``before`` and ``after`` are the scenario's TOML tables (:meth:`Scenario.to_dict`) without
    and with the overrides; ``applied`` maps each value that changed (``seed``,
    ``horizon.end``, ``parameters.reflex_risk``, ``levers.phase_out``, ...) to what the scenario
    had (``null``: not set, the default) and what the run used.
    """
    b, a = _flat(before), _flat(after)
    applied = {
        k: {"scenario": b.get(k), "run": a.get(k)}
        for k in sorted(b.keys() | a.keys())
        if b.get(k) != a.get(k)
    }
    return {"given": dict(given), "applied": applied}
