"""The output folder of ``run``, ``compare``, ``batch``, ``sensitivity`` and ``discover``: checked
before any simulation starts (:func:`check_out`), written all or nothing (:func:`publish`).

See :mod:`regimesim.cli` for what the commands guarantee about ``--out``.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from pathlib import Path

from regimesim import _output
from regimesim.cli.invocation import CLIError, Invocation, WriteError, deferred_signals


def default_out() -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    base = Path("results") / f"run-{stamp}"
    out, i = base, 1
    while out.exists():
        out, i = base.with_name(f"{base.name}-{i}"), i + 1
    return out


def check_out(arg: str | None, inv: Invocation, flag: str = "--out") -> Path:
    """The output folder ``flag`` names (None: a new folder in results/), checked before any run
    and recorded in ``inv``.

    It must be a missing name or an empty folder, its nearest existing ancestor a folder, and
    creatable: a staging folder is made (with missing parents) beside it and removed again.
    Staging folders left there by killed runs are removed (:func:`regimesim._output.sweep`).
    """
    if arg is None:
        out = default_out()
    elif not arg.strip() or "\0" in arg:
        raise CLIError(f"{flag} needs a folder name, got {arg!r}")
    else:
        out = Path(arg)
    target = Path(os.path.realpath(out))
    here = Path.cwd().resolve()
    if target == here or target in here.parents:  # the finished folder replaces --out by a rename
        raise CLIError(
            f"{flag} {out} is the current folder or one above it; name a new folder (e.g. --out results/run1)"
        )
    try:
        if os.path.lexists(target) and (not target.is_dir() or any(target.iterdir())):
            raise CLIError(f"{flag} {out} already exists and is not an empty folder; choose a new one")
    except OSError as exc:
        raise CLIError(f"{flag} {out} cannot be read: {exc.strerror}") from None
    ancestor = target.parent
    while not os.path.lexists(ancestor):
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise CLIError(
            f"{flag} {out} cannot be created: {ancestor} is not a folder you can write to (it is a file)"
        )
    with deferred_signals():
        try:
            created = _output.make_parents(target.parent)
        except OSError as exc:
            raise CLIError(
                f"{flag} {out} cannot be created: cannot create the folder {exc.filename} ({exc.strerror})"
            ) from None
        try:
            _output.Staging.create(target.parent, target.name).remove()
        except OSError as exc:
            raise CLIError(
                f"{flag} {out} cannot be created: cannot write in {target.parent} ({exc.strerror})"
            ) from None
        finally:
            _output.remove_folders(created)
        swept = _output.sweep(target.parent)
    report_swept(swept, target.parent)
    inv.out = out
    return out


def report_swept(swept: _output.Swept, parent: Path) -> None:
    if swept.removed:
        names = ", ".join(f"{n} (process {o.get('pid')})" for n, o in swept.removed)
        print(
            f"regimesim: removed temporary output left in {parent} by interrupted runs: {names}",
            file=sys.stderr,
        )
    if swept.unsure:
        names = ", ".join(
            f"{n} (host {o.get('host', '?')}, process {o.get('pid', '?')})" for n, o in swept.unsure
        )
        print(
            f"regimesim: note: {parent} holds temporary output of runs that may still be writing: "
            f"{names}; remove it if they are not",
            file=sys.stderr,
        )


def publish(out: Path, write, inv: Invocation) -> None:
    """Call ``write(tmp)`` on a staging folder beside ``out`` and rename it into place when complete.

    Interrupted or failed, the staging folder (and any parent folder made for it) is removed.
    """
    target = Path(os.path.realpath(out))
    stage = None
    created: list[Path] = []
    try:
        inv.check_signal()
        with deferred_signals():
            created = _output.make_parents(target.parent)
            stage = _output.Staging.create(target.parent, target.name)
        write(stage.folder)
        inv.check_signal()
        with deferred_signals():
            stage.publish(target)
            inv.written = True
    except BaseException as exc:
        if not inv.written:
            with deferred_signals():
                if stage is not None:
                    stage.remove()
                _output.remove_folders(created)
        if isinstance(exc, OSError):
            raise WriteError(f"could not write {out}: {exc.strerror or exc}; nothing written") from exc
        raise


__all__ = ["check_out", "default_out", "publish", "report_swept"]
