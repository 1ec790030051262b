"""Command line: ``regimesim run | scenarios | check | compare | batch | warmup | app | sensitivity |
discover | parameters``.

One module per command (:mod:`regimesim.cli.run`, ``.scenarios``, ``.check``, ``.compare``,
``.batch``, ``.warmup``, ``.app``, ``.studies`` for ``sensitivity`` and ``discover``,
``.parameters``), imported only when its command runs (:data:`regimesim.cli.parser.COMMANDS`):
``regimesim --help`` and argument errors import nothing heavy (numba, pandas, Mesa). What they
share: :mod:`regimesim.cli.invocation` (the errors, the :class:`Invocation` with its signal
handling), :mod:`regimesim.cli.output` (``--out``), :mod:`regimesim.cli.common` (the run
estimate and confirmation, the execution options) and :mod:`regimesim.cli.scenario_flags`
(``--set``, ``--until``, ``--seed``).

What ``run`` and ``compare`` guarantee about their output folder (``--out``; ``batch``,
``sensitivity`` and ``discover`` check it the same way and write into it as they go, resumably):

- **Checked first.** Every input, ``--out`` included, is checked before any simulation starts:
  ``--out`` must be a non-empty name of a missing path or an empty folder, below a folder (not a
  file), and creatable: a staging folder is actually made there (with any missing parents) and
  removed again. A mistake is one line on stderr naming the flag, the path and the reason, exit
  status 2, and nothing is created.
- **All or nothing.** Results are written into a staging folder beside ``--out`` (named
  ``.regimesim-tmp-<name>.<random>``) that is renamed to ``--out`` only when complete. Inside it,
  each file is written under a temporary name and renamed when complete, so no file ever has
  its final name while truncated. A failure removes the staging folder (a write error is one
  line, exit status 1).
- **Interruptions.** Ctrl-C (SIGINT) or SIGTERM at any moment, while simulating or writing,
  removes the staging folder and prints one line (``regimesim: interrupted; nothing written to
  results/x``), exit status 130 or 143, no traceback. (``compare`` first lets the simulations
  already running finish; the pending ones are cancelled.)
- **Leftovers of killed runs.** A run killed outright (``kill -9``, the out-of-memory killer, a crash)
  leaves its staging folder, with a marker beside it (``<folder>.writer``) that records the
  writer's host, process id and start time. The next run into the same parent folder removes
  those whose writer has ended on this host and says so in one line; it names, and leaves alone,
  those it cannot check (written from another host), and never touches an entry without a marker.
- **Permissions.** Folders and files are created with the usual modes less the umask (0755 and
  0644 under umask 022); an existing empty ``--out`` folder keeps its own mode.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from regimesim.cli.invocation import CLIError, Interrupted, Invocation, WriteError
from regimesim.cli.parser import COMMANDS, build_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``); the exit status."""
    inv = Invocation()
    announce = None
    # first of all (before the heavy imports of numba, Mesa and pandas, which happen lazily)
    with inv.handling_signals():
        args = argparse.Namespace(command="")
        try:
            args = build_parser().parse_args(argv)
            inv.command = args.command
            if getattr(args, "quiet", False):  # not even "compiling the model" (numba is imported then)
                from regimesim import _numba

                _numba.ANNOUNCE = False
                announce = _numba
            module = importlib.import_module(f"{__name__}.{COMMANDS[args.command]}")
            status = getattr(module, f"cmd_{args.command}")(args, inv)
            inv.check_signal()
            return status
        except CLIError as exc:
            print(f"regimesim {args.command}: error: {exc}", file=sys.stderr)
            return exc.status
        except KeyboardInterrupt as exc:
            return inv.interrupted(exc)
        finally:
            if announce is not None:
                announce.ANNOUNCE = True


__all__ = ["CLIError", "Interrupted", "Invocation", "WriteError", "build_parser", "main"]
