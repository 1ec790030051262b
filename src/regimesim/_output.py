"""Writing result folders so that an interruption never leaves a half-written result.

- :func:`save` writes one file under a temporary name in its folder and renames it into place,
  so a file with its final name is always complete.
- :class:`Staging` is the temporary folder a result is written into before it is renamed into
  place as a whole. It lives beside the target under the fixed prefix :data:`PREFIX` and is
  announced by a *marker*, a file beside it (``<folder>.writer``) created before the folder and
  removed after it, that records the writer's host, process id and process start time.
- :func:`sweep` finds staging folders whose writer is gone (killed with ``kill -9``, a power cut
  of the process, ...) and removes them; it never touches an entry without a marker, and it
  leaves alone those whose writer may still be running or runs on another host.

Files and folders are created with mode 0666/0777 so that the umask decides their permissions,
as for any file a program writes (``tempfile.mkstemp``/``mkdtemp`` would make them 0600/0700).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

#: Name prefix of staging folders and their markers.
PREFIX = ".regimesim-tmp-"
MARKER = ".writer"
_NAME_KEEP = 80  # characters of the target's name kept in a staging folder's name
SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """Hold SIGINT/SIGTERM while the block runs, then act on the first one that came.

    Only where they have Python handlers, and only in the main thread (the only one Python runs
    signal handlers in); elsewhere the block simply runs.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    saved = {s: signal.getsignal(s) for s in SIGNALS}
    held = [s for s, h in saved.items() if callable(h)]
    for s in held:
        signal.signal(s, lambda signum, frame: pending.append(signum))
    try:
        yield
    finally:
        for s in held:
            signal.signal(s, saved[s])
        if pending:
            saved[pending[0]](pending[0], None)


def _open_new(folder: Path, stem: str, suffix: str = "") -> tuple[int, Path]:
    """Create a new file ``folder/<stem><random><suffix>`` (mode 0666 & ~umask), open for writing."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        path = folder / f"{stem}{secrets.token_hex(4)}{suffix}"
        try:
            return os.open(path, flags, 0o666), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")  # pragma: no cover


def save(path: str | os.PathLike, content: bytes | str | Callable[[BinaryIO], object]) -> Path:
    """Write ``content`` to ``path`` atomically: under a temporary name, then renamed into place.

    ``content`` is bytes, text (written as UTF-8) or a function that writes to a binary file
    (``lambda fh: df.to_parquet(fh)``). If anything fails, the temporary file is removed and
    ``path`` is untouched. SIGINT and SIGTERM are held while such a function writes and acted on
    when it returns: a signal's exception raised inside a writer (pyarrow's Parquet writer) would
    leave it half-closed, and its ``__del__`` would later print a traceback writing to the closed
    file.
    """
    path = Path(path)
    fd, tmp = _open_new(path.parent, f".{path.name[:_NAME_KEEP]}.part-")
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(content, str):
                fh.write(content.encode("utf-8"))
            elif isinstance(content, bytes | bytearray | memoryview):
                fh.write(content)
            else:
                with held_signals():
                    content(fh)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents (mode 0777 & ~umask); return those created."""
    missing = []
    for p in (folder, *folder.parents):
        if os.path.lexists(p):
            break
        missing.append(p)
    created = []
    try:
        for p in reversed(missing):
            os.mkdir(p)
            created.append(p)
    except BaseException:
        remove_folders(created)
        raise
    return created


def remove_folders(created: list[Path]) -> None:
    """Remove folders :func:`make_parents` created, deepest first, as far as they are empty."""
    for p in reversed(created):
        try:
            os.rmdir(p)
        except OSError:
            break


def _start_time(pid: int) -> str | None:
    """The process's start time (clock ticks since boot, from /proc), or None where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rpartition(")")[2].split()[19]  # field 22; the command name may contain spaces


def _me() -> dict:
    pid = os.getpid()
    return {"host": socket.gethostname(), "pid": pid, "started": _start_time(pid)}


@dataclass
class Staging:
    """A staging folder beside a target and its marker; :meth:`create` makes both."""

    folder: Path
    marker: Path

    @classmethod
    def create(cls, parent: Path, name: str) -> Staging:
        """Create the marker, then the folder (mode 0777 & ~umask) in ``parent``, for target ``name``."""
        text = json.dumps({**_me(), "target": name}).encode()
        fd, marker = _open_new(parent, f"{PREFIX}{name[:_NAME_KEEP]}.", MARKER)
        folder = marker.with_name(marker.name[: -len(MARKER)])
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(text)
            os.mkdir(folder)
        except BaseException:
            marker.unlink(missing_ok=True)
            raise
        return cls(folder, marker)

    def publish(self, target: Path) -> None:
        """Rename the folder to ``target`` (a missing name or an empty folder, whose mode it keeps)."""
        try:
            mode = os.stat(target, follow_symlinks=False).st_mode
        except FileNotFoundError:
            pass
        else:
            os.chmod(self.folder, mode & 0o7777)
            if os.name != "posix":  # POSIX renames onto an empty folder atomically; Windows cannot
                os.rmdir(target)
        os.replace(self.folder, target)
        self.marker.unlink(missing_ok=True)

    def remove(self) -> None:
        """Remove the folder, then the marker (so an interrupted removal is finished later)."""
        shutil.rmtree(self.folder, ignore_errors=True)
        if not os.path.lexists(self.folder):
            self.marker.unlink(missing_ok=True)


def _gone(owner: dict) -> bool | None:
    """Whether the writer a marker names has ended: True, False (alive), or None (cannot tell)."""
    try:
        host, pid, started = owner["host"], int(owner["pid"]), owner.get("started")
    except (KeyError, TypeError, ValueError):
        return None
    if host != socket.gethostname() or pid <= 0 or os.name != "posix":
        return None  # (on Windows, os.kill(pid, 0) would end the process)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # alive, another user's
    except OSError:  # pragma: no cover
        return None
    # a different start time: the process id was reused by a newer process
    return started is not None and _start_time(pid) not in (None, started)


@dataclass
class Swept:
    removed: list[tuple[str, dict]]  # staging folders removed (name, owner)
    unsure: list[tuple[str, dict]]  # staging folders left alone: their writer cannot be checked


def sweep(parent: Path) -> Swept:
    """Remove the staging folders in ``parent`` whose writer has ended (see the module's notes)."""
    result = Swept([], [])
    try:
        names = os.listdir(parent)
    except OSError:
        return result
    for name in sorted(names):
        if not (name.startswith(PREFIX) and name.endswith(MARKER)):
            continue
        marker = parent / name
        folder = parent / name[: -len(MARKER)]
        try:
            if not marker.is_file() or marker.is_symlink():
                continue
            owner = json.loads(marker.read_bytes() or b"{}")
        except (OSError, ValueError):
            owner = {}
        if not isinstance(owner, dict):
            owner = {}
        state = _gone(owner)
        if state is False:
            continue
        has_folder = os.path.lexists(folder)
        if state is None:
            if has_folder:
                result.unsure.append((folder.name, owner))
            continue
        if has_folder:
            if folder.is_symlink() or not folder.is_dir():
                result.unsure.append((folder.name, owner))
                continue
            shutil.rmtree(folder, ignore_errors=True)
            if os.path.lexists(folder):
                result.unsure.append((folder.name, owner))
                continue
            result.removed.append((folder.name, owner))
        marker.unlink(missing_ok=True)
    return result
