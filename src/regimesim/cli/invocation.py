"""One invocation of the command line: its errors, its signal handling and what it got to.

An :class:`Invocation` records what a command got to -- the output folder named, whether it was
written, the first signal seen, a note for an interruption -- and its signal handler closes
over it (:meth:`Invocation.handling_signals`): SIGINT (Ctrl-C) and SIGTERM raise
:class:`Interrupted` until the invocation has caught one, then they are ignored (clean-up runs).
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from regimesim._output import SIGNALS, held_signals


class CLIError(Exception):
    """A user mistake: printed as one line, exit status 2."""

    status = 2


class WriteError(CLIError):
    """The results could not be written (disk full, folder changed meanwhile): one line, exit 1."""

    status = 1


class Interrupted(KeyboardInterrupt):
    """SIGINT (Ctrl-C) or SIGTERM: unwinds like Ctrl-C's KeyboardInterrupt, removing temporary output."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def quiet_interrupted(hook):
    """``sys.unraisablehook`` that stays silent about an :class:`Interrupted` Python had to
    ignore (:meth:`Invocation.check_signal` acts on it) and passes everything else to ``hook``."""

    def quiet(unraisable) -> None:
        if not isinstance(unraisable.exc_value, Interrupted):
            hook(unraisable)

    return quiet


#: Hold SIGINT/SIGTERM while the block runs (a rename and its bookkeeping, a clean-up), then act.
deferred_signals = held_signals


class Invocation:
    """What one invocation of :func:`regimesim.cli.main` got to.

    ``out`` is the output folder once checked, ``written`` whether it was published, ``signal``
    the first signal seen, ``caught`` whether :func:`~regimesim.cli.main` caught the
    interruption, ``note`` what to say instead on an interruption (where a resumable run's
    chunks are)."""

    def __init__(self, command: str = "") -> None:
        self.command = command
        self.out: Path | None = None
        self.written = False
        self.signal: int | None = None
        self.caught = False
        self.note: str | None = None

    def on_signal(self, signum: int, frame) -> None:
        """SIGINT/SIGTERM raise :class:`Interrupted` until the interruption has been caught; then
        they are ignored (clean-up runs). The first signal is the one reported."""
        if self.caught:
            return
        if self.signal is None:
            self.signal = signum
        raise Interrupted(self.signal)

    def check_signal(self) -> None:
        """Raise :class:`Interrupted` for a signal whose exception never reached ``main``.

        Python prints and ignores an exception raised where it cannot propagate (a weakref callback
        during an import, a ``__del__``), so a signal arriving there would otherwise be lost; this is
        checked before anything is written and again before it is published.
        """
        if self.signal is not None and not self.caught:
            raise Interrupted(self.signal)

    def interrupted(self, exc: KeyboardInterrupt) -> int:
        """Report an interruption in one line; the exit status (128 + the signal)."""
        self.caught = True  # ignore further signals while reporting
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        if self.note:
            what = self.note
        elif self.out is None:
            what = "nothing written"
        elif self.written:
            what = f"the results in {self.out} are complete"
        else:
            what = f"nothing written to {self.out}"
        print(f"regimesim: interrupted; {what}", file=sys.stderr)
        return 128 + signum

    @contextlib.contextmanager
    def handling_signals(self) -> Iterator[None]:
        """Install :meth:`on_signal` for SIGINT and SIGTERM where they have their usual handlers
        (ignored signals -- nohup -- and embedders' handlers are left alone), and silence the
        :class:`Interrupted` Python has to ignore; restore both on leaving."""
        installed = {}
        if threading.current_thread() is threading.main_thread():
            for s, usual in ((signal.SIGINT, signal.default_int_handler), (signal.SIGTERM, signal.SIG_DFL)):
                if signal.getsignal(s) is usual:
                    installed[s] = signal.signal(s, self.on_signal)
        previous_hook = sys.unraisablehook
        sys.unraisablehook = quiet_interrupted(previous_hook)
        try:
            yield
        finally:
            sys.unraisablehook = previous_hook
            for s, previous in installed.items():
                signal.signal(s, previous)


__all__ = [
    "SIGNALS",
    "CLIError",
    "Interrupted",
    "Invocation",
    "WriteError",
    "deferred_signals",
    "quiet_interrupted",
]
