"""How runs are executed: the options that :func:`regimesim.ensemble.run_ensemble`,
:func:`regimesim.sensitivity.run_sensitivity` and :func:`regimesim.discovery.run_discovery`
share -- backend, workers, scheduler, resume, progress -- declared and checked once.

An :class:`Execution` is checked when it is made (a mistake is a :class:`ExecutionError`, a
``ValueError`` naming the field and the allowed values); the entry points take one as
``execution=`` or, as before, the options as keywords (:func:`resolve`). None of the options
changes a result: the tables do not depend on the backend, the workers or the chunking.

This module imports only the standard library: the command line builds an :class:`Execution`
before the heavy imports (numba, pandas, Mesa).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from regimesim.fields import did_you_mean

#: Where the runs go: a thread pool (the kernels release the GIL), a process pool, or Dask.
BACKENDS = ("threads", "processes", "dask")


class ExecutionError(ValueError):
    """An execution option out of its allowed values: ``"<field>: <reason>"``.

    ``flag_message`` says the same for the command line, naming the flag (``--workers``)."""

    def __init__(self, field: str, reason: str, flag_message: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.flag_message = flag_message


@dataclass(frozen=True)
class Execution:
    """Where and how a design's runs are executed.

    ``backend`` is ``"threads"``, ``"processes"`` or ``"dask"``; ``workers`` the parallel chunks
    (``None``: one per CPU core); ``scheduler`` the address of a running Dask scheduler (dask
    only; without it a local cluster of ``workers`` processes is started); ``resume`` continues
    an interrupted start in the output folder; ``progress`` shows a bar (or is called with the
    runs done and the total).
    """

    backend: str = "threads"
    workers: int | None = None
    scheduler: str | None = None
    resume: bool = False
    progress: bool | Callable[[int, int], None] = False

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ExecutionError(
                "backend",
                f"unknown backend {self.backend!r}.{did_you_mean(str(self.backend), BACKENDS)} "
                f"Allowed: {', '.join(BACKENDS)}",
                f"--backend {self.backend}: choose from {', '.join(BACKENDS)}",
            )
        if self.workers is not None and self.workers < 1:
            raise ExecutionError(
                "workers",
                f"expected at least 1, got {self.workers}",
                f"--workers must be at least 1, got {self.workers}",
            )
        if self.scheduler is not None and self.backend != "dask":
            raise ExecutionError(
                "scheduler",
                f"a scheduler address is for the dask backend, not {self.backend!r}",
                f"--scheduler runs on Dask; it does not go with --backend {self.backend}",
            )

    @property
    def n_workers(self) -> int:
        """The parallel chunks: ``workers``, or one per CPU core."""
        return self.workers or os.cpu_count() or 1

    def replace(self, **changes: Any) -> Execution:
        """A copy with ``changes`` (checked again)."""
        return dataclasses.replace(self, **changes)


FIELDS = tuple(f.name for f in dataclasses.fields(Execution))


def resolve(execution: Execution | None, options: Mapping[str, Any], caller: str) -> Execution:
    """The :class:`Execution` an entry point ``caller`` was given: ``execution``, or one made of
    the keywords ``options`` (the entry points' older signature); both at once is a TypeError."""
    unknown = [k for k in options if k not in FIELDS]
    if unknown:
        raise TypeError(f"{caller}() got an unexpected keyword argument {unknown[0]!r}")
    if execution is None:
        return Execution(**options)
    if options:
        raise TypeError(
            f"{caller}(): give the execution options either as execution= or as keywords, "
            f"not both ({', '.join(options)})"
        )
    return execution


__all__ = ["BACKENDS", "FIELDS", "Execution", "ExecutionError", "resolve"]
