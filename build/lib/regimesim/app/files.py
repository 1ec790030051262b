"""What the app lets a user download and upload.

Downloads: the current mix as a scenario TOML that ``regimesim run`` accepts (the same run for the
same seed), the run's indicators as CSV or Parquet, the X-curve as PNG or SVG. Upload: a scenario
TOML, read as data only (never executed), at most :data:`MAX_UPLOAD_BYTES`, validated by the very
code ``regimesim check`` uses so that the app shows the command line's messages. An uploaded file
may extend a library scenario but no other file: the server's files are not the uploader's to read.
"""

from __future__ import annotations

import io
import re
import tempfile
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

from regimesim.scenario import Scenario, ScenarioError

if TYPE_CHECKING:
    from regimesim.app.controls import Mix
    from regimesim.model import RegimeModel

#: the largest scenario file the app accepts (the library's largest is under 10 KB)
MAX_UPLOAD_BYTES = 256 * 1024


class UploadError(ValueError):
    """An uploaded file that is not a valid scenario; the message says why, as the CLI would."""


def export_toml(mix: Mix) -> str:
    """The mix as scenario TOML (fully resolved, its seed included)."""
    return mix.scenario().dumps()


def export_table(model: RegimeModel, fmt: str) -> bytes:
    """The indicators simulated so far as ``"csv"`` or ``"parquet"``."""
    df = model.indicators()
    if fmt == "csv":
        return df.to_csv().encode()
    if fmt == "parquet":
        buf = io.BytesIO()
        out = df.copy()
        out.index = out.index.to_timestamp()
        out.to_parquet(buf)
        return buf.getvalue()
    raise ValueError(f"table format must be csv or parquet; got {fmt!r}")


def export_figure(fig, fmt: str) -> bytes:
    """A matplotlib figure as ``"png"`` or ``"svg"``."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"figure format must be png or svg; got {fmt!r}")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=150)
    return buf.getvalue()


def _safe_stem(name: str) -> str:
    stem = Path(name or "upload.toml").name.removesuffix(".toml")
    return re.sub(r"[^A-Za-z0-9_.-]", "_", stem)[:60] or "upload"


def read_upload(name: str, data: bytes) -> Scenario:
    """The scenario in an uploaded file, or :class:`UploadError` with the reason."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(
            f"{name}: {len(data) / 1024:.0f} KB is too large for a scenario file "
            f"(at most {MAX_UPLOAD_BYTES // 1024} KB)"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UploadError(f"{name}: not a text file (a scenario is TOML text in UTF-8)") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UploadError(f"{name}: not valid TOML: {exc}") from None
    ext = raw.get("extends")
    if ext is not None:
        from regimesim.scenario import library_files

        names = [p.stem for p in library_files()]
        if not isinstance(ext, str) or ext.removesuffix(".toml") not in names:
            raise UploadError(
                f"{name}: extends: an uploaded scenario may extend a library scenario "
                f"({', '.join(names)}), not another file; got {ext!r}"
            )
    stem = _safe_stem(name)
    with tempfile.TemporaryDirectory(prefix="regimesim-upload-") as tmp:
        path = Path(tmp) / f"{stem}.toml"
        path.write_text(text, encoding="utf-8")
        try:
            sc = Scenario.load(path)
        except ScenarioError as exc:
            where = f"{stem}.toml" + (f" (line {exc.line})" if exc.line is not None else "")
            raise UploadError(f"{where}: {exc.field + ': ' if exc.field else ''}{exc.message}") from None
    if sc.sweep:
        raise UploadError(
            f"{stem}.toml: sweep: the app runs one scenario; this one sweeps "
            f"{len(sc.variants())} variants (run it with regimesim run or batch)"
        )
    return sc.replace(path=None)
