"""The app's front-end files, installed once so that it runs with no internet.

Solara's page loads its JavaScript and CSS through the server's ``/_solara/cdn/`` proxy, which
fetches each file from a public CDN on first use and keeps it in its cache folder
(``solara.server.settings.assets.proxy_cache_dir``). Networks of ministries and municipalities are
often closed, so :func:`install` fills that folder beforehand from the npm registry (``npm pack``
of the same packages, one folder per ``name@version`` as the proxy stores them) and the server
never needs to reach the CDN. ``bash scripts/setup.sh`` runs it (``regimesim app --fetch-assets``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

#: npm packages the page requests, as the paths of its requests name them (for solara 1.64 with
#: the Vue 2 widgets; vega for altair charts, which Mesa's plot components draw); each appears in
#: solara's own sources (tested, so that an upgrade of solara that moves a version fails loudly)
PACKAGES: tuple[str, ...] = (
    "@widgetti/solara-vuetify-app@10.1.1",
    "font-awesome@4.5.0",
    "requirejs@2.3.6",
    "@widgetti/vue-grid-layout@2.3.13-alpha.2",
    "vega@5",
    "vega-lite@5",
    "vega-embed@6",
)


class AssetsError(RuntimeError):
    """The files could not be fetched (no npm, no registry): says what to do instead."""


def cache_dir() -> Path:
    """Solara's proxy cache folder (inside the virtual environment)."""
    import solara.server.settings as settings

    return Path(settings.assets.proxy_cache_dir)


def missing(packages: Sequence[str] = PACKAGES, where: Path | None = None) -> list[str]:
    """The packages not yet in the cache."""
    where = cache_dir() if where is None else where
    return [p for p in packages if not (where / p).is_dir()]


def _extract(tgz: Path, dest: Path) -> None:
    """Unpack an npm tarball's ``package/`` folder into ``dest`` (no path may leave it)."""
    with tarfile.open(tgz) as tar:
        tar.extractall(dest, filter="data")
    inner = dest / "package"
    if not inner.is_dir():  # pragma: no cover - every npm tarball has it
        raise AssetsError(f"{tgz.name} has no package/ folder")


def install(
    packages: Sequence[str] | None = None,
    *,
    where: Path | None = None,
    npm: str = "npm",
    report: Callable[[str], None] = print,
) -> list[str]:
    """Fetch the missing ``packages`` with ``npm pack`` into the cache; the ones installed.

    Each package is unpacked in a temporary folder and renamed into place whole, so that an
    interrupted install leaves no half-written package behind (the proxy would serve it).
    """
    where = cache_dir() if where is None else where
    todo = missing(PACKAGES if packages is None else packages, where)
    if not todo:
        return []
    exe = shutil.which(npm)
    if exe is None:
        raise AssetsError(
            "npm is not installed: install Node.js (which brings npm), or run the app once on a "
            f"machine with internet access, whose server keeps the files in {where}"
        )
    where.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=where, prefix=".fetch-") as tmp:
        report(f"fetching {len(todo)} front-end packages from the npm registry: {', '.join(todo)}")
        proc = subprocess.run(
            [exe, "pack", "--json", "--pack-destination", tmp, *todo], capture_output=True, text=True, cwd=tmp
        )
        if proc.returncode != 0:
            raise AssetsError(f"npm pack failed: {proc.stderr.strip()[-500:]}")
        packed = json.loads(proc.stdout)
        for spec, info in zip(todo, packed, strict=True):
            dest = Path(tmp) / f"unpacked-{len(os.listdir(tmp))}"
            _extract(Path(tmp) / info["filename"], dest)
            target = where / spec
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(dest / "package", target)
    return todo
