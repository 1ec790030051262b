"""Ensembles: designs of many runs, run in chunks, streamed to Parquet, resumable.

A *design* (a TOML file, data only; :func:`load_design`) names

- the base scenarios (``scenarios = ["full_mix", "my.toml"]``: library names or files next to
  the design), with fixed overrides for all of them (``[set]``, e.g. ``scale = 0.05``);
- the *factors* (``[factors.<key>]``): what a point varies -- a declared parameter
  (``pressure_escalation``), a lever's intensity (``phase_out``) or a lever's start
  (``phase_out.from``), the keys of a scenario's ``[sweep]``;
- the *points* (``[points]``): ``method = "factorial"`` (every combination of the factors'
  ``values``), ``"latin_hypercube"`` (``n`` points between each factor's ``low`` and ``high``,
  from :class:`scipy.stats.qmc.LatinHypercube`) or ``"table"`` (a CSV or Parquet ``file`` with
  one column per factor -- a sample made by SALib or the EMA Workbench, for instance);
- ``replicates`` per point and one root ``seed`` (or the replicates' ``seeds`` themselves, e.g.
  ``seeds = [0, 1, 2]`` to rerun what ``compare --seeds 3`` ran);
- the outputs (``[outputs]``): reductions per run -- ``values`` (an indicator's mean over one
  year), ``means`` (over a span of years), ``crossing_year`` -- and, with ``series = true``, the
  full monthly indicator series.

Every run is (scenario, point, replicate). Its seed comes from the root seed through
:class:`numpy.random.SeedSequence` with the spawn key ``(replicate,)`` (:func:`run_seed`): every
scenario and every point runs with the same replicate seeds -- common random numbers, so that
the differences between points and between scenarios are the factors' and the levers' doing,
not the draws' (as :func:`regimesim.compare.compare` runs every scenario with the same seeds).
A run's result depends only on the design and on which run it is -- never on the backend, the
number of workers, the chunking or the order in which runs finish.

:func:`run_ensemble` runs the design in chunks of runs on threads (the default: the kernels
release the GIL) or processes and writes, into its output folder,

- ``design.toml`` (the design as given) and ``manifest.json`` (the chunking, the design's hash,
  provenance);
- ``runs/part-NNNNN.parquet``: run id, scenario, point, replicate, seed and the factor values;
- ``outputs/part-NNNNN.parquet``: one row of reductions per run;
- ``series/part-NNNNN.parquet`` (with ``series = true``): run id, month, every indicator.

Each part is written under a temporary name and renamed into place (:func:`regimesim._output.save`),
so a part with its final name is complete; each folder reads as one dataset with
``pd.read_parquet(folder)``, pyarrow or DuckDB (:func:`read_table`). A run that is interrupted
(Ctrl-C, ``kill -9``) is continued with ``resume=True``: only the chunks without their output part
are run, and the tables end exactly as an uninterrupted run leaves them.
"""

from __future__ import annotations

import contextlib
import functools
import json
import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, ProcessPoolExecutor, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from regimesim import _output
from regimesim.design import (
    INDICATOR_NAMES,
    POINT_METHODS,
    Design,
    DesignError,
    Outputs,
    design_from,
    load_design,
    run_seed,
)
from regimesim.execution import BACKENDS, Execution, resolve
from regimesim.scenario import Scenario

# --- running -------------------------------------------------------------------------------------


def _jobs(design: Design, runs: list[int]) -> list[tuple[int, Any, int]]:
    """``(run, scenario with the point applied, seed)`` of ``runs``: what a task carries (not the
    whole design, whose points table can be large); with a design's ``model``, ``(run, factor
    values, seed)``."""
    if design.model is not None:
        return [(r, *design.point_of(r)) for r in runs]
    return [(r, *design.scenario_of(r)) for r in runs]


#: A chunk's work: ``(run, scenario, seed)`` jobs and the outputs to keep.
Task = tuple[list[tuple[int, Scenario, int]], Outputs]


def _design_task(design: Design, chunks: list[list[int]], k: int) -> Task:
    """Chunk ``k`` of ``design``: its jobs, the outputs to keep (and the design's model, if any)."""
    if design.model is not None:
        return _jobs(design, chunks[k]), design.outputs, design.model  # type: ignore[return-value]
    return _jobs(design, chunks[k]), design.outputs


def _run_chunk(
    jobs: list[tuple[int, Any, int]],
    outputs: Outputs,
    model: Callable[..., Any] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Run the jobs one after the other: their output rows and (with ``outputs.series``) series.
    With a ``model``, each job's factor values and seed go to it instead of the simulation."""
    from regimesim.scenario import run as run_scenario

    rows, series = [], []
    if model is not None:
        for r, point, seed in jobs:
            rows.append({"run": r, **{k: float(v) for k, v in model(point, seed).items()}})
        out = pd.DataFrame(rows)
        out["run"] = out["run"].astype("int64")
        return out, None
    for r, res in _branched(jobs) if len(jobs) > 1 else [(jobs[0][0], run_scenario(*jobs[0][1:]))]:
        rows.append({"run": r, **outputs.reduce(res.indicators, res.crossing_year())})
        if outputs.series:
            df = res.indicators.reset_index()
            df.insert(0, "run", r)
            series.append(df)
    order = np.argsort([row["run"] for row in rows], kind="stable")
    rows = [rows[i] for i in order]
    series = [series[i] for i in order] if series else series
    out = pd.DataFrame(rows)
    out["run"] = out["run"].astype("int64")
    return out, (pd.concat(series, ignore_index=True) if series else None)


def _branched(jobs: list[tuple[int, Scenario, int]]) -> Iterator[tuple[int, Any]]:
    """The jobs' results, runs that differ only in their levers made from one shared history
    (:func:`regimesim.engine.simulate_branches`: identical results, the common months run once)."""
    from regimesim.engine import simulate_branches

    groups: dict[tuple[int, str, str], list[tuple[int, Scenario]]] = {}
    for r, sc, seed in jobs:
        inputs = sc.inputs()
        groups.setdefault((int(seed), repr(inputs["params"]), repr(inputs["events"])), []).append((r, sc))
    for (seed, _, _), members in groups.items():
        inputs = members[0][1].inputs()
        results = simulate_branches(
            inputs["params"], [sc.schedules for _, sc in members], events=inputs["events"], seed=seed
        )
        for (r, _), res in zip(members, results, strict=True):
            yield r, res


def _chunks(n_runs: int, size: int) -> list[list[int]]:
    return [list(range(a, min(a + size, n_runs))) for a in range(0, n_runs, size)]


def _part(folder: Path, table: str, k: int) -> Path:
    return folder / table / f"part-{k:05d}.parquet"


def default_chunk_size(n_runs: int, workers: int) -> int:
    """About eight chunks per worker, at most 50 runs a chunk (task overhead vs. lost work on a kill)."""
    return max(1, min(50, -(-n_runs // (8 * max(1, workers)))))


@contextlib.contextmanager
def executor(backend: str, workers: int, scheduler: str | None) -> Iterator[tuple[Executor, int]]:
    """The backend's executor and how many chunks it runs at once; shut down on leaving (pending
    chunks cancelled if leaving by an exception)."""
    cluster = client = None
    if backend == "threads":
        pool: Executor = ThreadPoolExecutor(max_workers=workers)
        slots = workers
    elif backend == "processes":  # fresh interpreters: a forked copy of a threaded process can deadlock
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
        slots = workers
    else:
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - a dependency of the package
            raise ValueError("backend: the dask backend needs the package 'distributed'") from None
        if scheduler is None:
            # one thread a worker: the kernels are single-threaded; pinned so that numba and BLAS
            # do not oversubscribe the cores
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                env=_PINNED,
            )
            client = Client(cluster)
        else:
            try:
                client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError) as exc:
                raise ValueError(f"scheduler: no Dask scheduler answers at {scheduler}: {exc}") from None
        pool = client.get_executor(pure=False)
        slots = max(1, sum(client.nthreads().values()))
    try:
        yield pool, slots
    except BaseException:
        if backend == "dask":
            pool.shutdown(wait=False)
        else:
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    else:
        pool.shutdown()
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()


#: Environment of Dask's local worker processes: one numba and one BLAS thread each.
_PINNED = {
    name: "1" for name in ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
}


def _check_space(design: Design, folder: Path) -> None:
    """Refuse up front a design whose series would not fit on the disk (uncompressed bound)."""
    if not design.outputs.series:
        return
    months = sum(12 * (sc.end - sc.start + 1) for sc in design.scenarios) * max(1, len(design.points))
    need = months * design.replicates * (len(INDICATOR_NAMES) + 2) * 8
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    free = shutil.disk_usage(existing).free
    if need > free:
        raise ValueError(
            f"outputs.series: the design's series need up to {need / 1e9:.1f} GB "
            f"({design.n_runs:,} runs, {len(INDICATOR_NAMES)} indicators a month) and "
            f"{free / 1e9:.1f} GB are free under {existing}; keep reductions only "
            "(series = false) or free some space"
        )


#: Memory of one worker interpreter (a spawned process or a local Dask worker) with numpy,
#: pandas, numba and the compiled kernels loaded, before it runs anything (measured: see
#: benchmarks/README.md, "Memory").
WORKER_BYTES = 300 * 2**20


@functools.cache
def _bytes_per_agent() -> tuple[float, float]:
    """Bytes of state per household and per professional post (from a state built at the
    smallest scale)."""
    from regimesim.initial import build_state
    from regimesim.parameters import BY_NAME, make_parameters

    params = make_parameters(scale=BY_NAME["scale"].low)
    state = build_state(params, {"first": 0, "second": 0}, np.random.default_rng(0))
    fam, pro = state.families, state.professionals
    return (sum(a.nbytes for a in fam) / len(fam.unsafety), sum(a.nbytes for a in pro) / len(pro.region))


def memory_estimate(
    design: Design,
    *,
    workers: int = 1,
    backend: str = "threads",
    scheduler: str | None = None,
    chunk_size: int | None = None,
    keep_series: bool = False,
) -> dict[str, int]:
    """What a design needs in memory on this machine, in bytes, by item (and ``"total"``): each
    running run's state (twice: the temporaries of building it) and indicator table (four
    copies: the kernel's array, the frame, the reductions' copies), the finished chunks
    waiting to be written (at most twice the workers), the runs table, the summary (every
    output row at once), the worker
    interpreters of the processes backend and of a local Dask cluster (:data:`WORKER_BYTES`
    each; a remote cluster's memory is its own) and, with ``keep_series``, every run's series
    (:func:`run_design` hands them all to its caller)."""
    from regimesim.parameters import BY_NAME

    n_ind = len(INDICATOR_NAMES)
    scales = [sc.scale for sc in design.scenarios]
    if "scale" in design.points.columns:
        scales.append(float(design.points["scale"].max()))
    scale = max(scales)
    spinup = int(BY_NAME["spinup_years"].default)
    months = max(
        12 * (sc.end - sc.start + 1 + int(dict(sc.parameters).get("spinup_years", spinup)))
        for sc in design.scenarios
    )
    per_fam, per_pro = _bytes_per_agent()
    state = scale * (
        BY_NAME["n_families_full"].default * per_fam + BY_NAME["n_professionals_full"].default * per_pro
    )
    table = months * (n_ind + 2) * 8
    n_out = len(design.outputs.columns()) + 1
    size = chunk_size or design.chunk_size or default_chunk_size(design.n_runs, workers)
    waiting = 2 * workers * size * (table if design.outputs.series else n_out * 8)
    need = {
        "runs": workers * int(2 * state + 4 * table),
        "chunks": int(waiting),
        "runs_table": design.n_runs * (5 + len(design.factors)) * 8 * 2,
        "summary": design.n_runs * n_out * 8 * 3,
        "workers": WORKER_BYTES * workers if backend in ("processes", "dask") and scheduler is None else 0,
        "series": design.n_runs * table if keep_series and design.outputs.series else 0,
    }
    need["total"] = sum(need.values())
    return need


def _size(n: float) -> str:
    """Bytes for a message: ``"12 MB"`` or ``"3.4 GB"``."""
    return f"{n / 1e6:.0f} MB" if n < 1e9 else f"{n / 1e9:.1f} GB"


def _check_memory(design: Design, **kw: Any) -> None:
    """Refuse up front a design that would not fit in the memory available now."""
    import psutil

    need = memory_estimate(design, **kw)
    free = psutil.virtual_memory().available
    if need["total"] > free:
        big = max((k for k in need if k != "total"), key=need.get)
        raise ValueError(
            f"memory: the design needs about {_size(need['total'])} of memory ({design.n_runs:,} "
            f"runs; most for {big.replace('_', ' ')}: {_size(need[big])}) and "
            f"{_size(free)} are available; use fewer workers, a smaller chunk_size, keep "
            "reductions only (series = false) or split the design"
        )


def run_ensemble(
    design: Design,
    out: str | os.PathLike,
    *,
    execution: Execution | None = None,
    **options: Any,
) -> Path:
    """Run every run of ``design`` and stream the tables into the folder ``out`` (see the module).

    ``execution`` (:class:`regimesim.execution.Execution`, or its fields as keywords: ``backend``,
    ``workers``, ``scheduler``, ``resume``, ``progress``) says where the runs go: ``backend`` is
    ``"threads"``, ``"processes"`` or ``"dask"``; ``workers`` the parallel chunks (default: one
    per CPU core). With ``"dask"``, ``scheduler`` is the address of a running Dask scheduler (a
    cluster started with dask-jobqueue on SLURM or PBS, Kubernetes, ...); without it a
    ``LocalCluster`` of ``workers`` single-threaded processes is started on 127.0.0.1 and closed
    at the end. With ``resume``, ``out`` must hold an earlier start of the same design: the
    chunks whose output part is missing are run. The tables do not depend on the backend, the
    workers or the chunking. Returns ``out``.
    """
    ex = resolve(execution, options, "run_ensemble")
    backend, workers, scheduler, resume = ex.backend, ex.n_workers, ex.scheduler, ex.resume
    folder = Path(out)
    manifest_path = folder / "manifest.json"
    if resume:
        try:
            manifest = json.loads(manifest_path.read_text())
        except FileNotFoundError:
            raise ValueError(f"--resume: {folder} holds no ensemble (no manifest.json)") from None
        if manifest.get("design") != design.digest():
            raise ValueError(
                f"--resume: {folder} holds another design (hash {manifest.get('design')}, "
                f"this one {design.digest()})"
            )
        size = int(manifest["chunk_size"])
        for table in ("runs", "outputs", "series"):  # parts a kill cut short, under temporary names
            for stale in (folder / table).glob(".part-*.parquet.part-*"):
                stale.unlink(missing_ok=True)
    else:
        if folder.exists() and any(folder.iterdir()):
            raise ValueError(
                f"--out: {folder} exists and is not empty (use --resume to continue a run there)"
            )
        _check_space(design, folder)
        size = design.chunk_size or default_chunk_size(design.n_runs, workers)
    _check_memory(design, workers=workers, backend=backend, scheduler=scheduler, chunk_size=size)
    chunks = _chunks(design.n_runs, size)
    runs_table = design.runs()
    # the backend first: a scheduler that does not answer is reported before anything is written
    with executor(backend, workers, scheduler) as (pool, slots):
        if not resume:
            _start_folder(folder, design, size, backend)
        todo = [k for k in range(len(chunks)) if not _part(folder, "outputs", k).exists()]
        report = _progress(ex.progress, design.n_runs, design.n_runs - sum(len(chunks[k]) for k in todo))

        def publish(k: int, outputs: pd.DataFrame, series: pd.DataFrame | None) -> None:
            """Write chunk ``k``'s parts, the output part last: it marks the chunk done."""
            part = runs_table.iloc[chunks[k][0] : chunks[k][-1] + 1]
            _output.save(_part(folder, "runs", k), _parquet(part))
            if series is not None:
                _output.save(_part(folder, "series", k), _parquet(series))
            _output.save(_part(folder, "outputs", k), _parquet(outputs))
            report(len(chunks[k]))

        try:
            if backend != "threads" and todo and design.model is None:
                warm_up(design.scenarios[0])  # before any worker process needs the kernels
            task = functools.partial(_design_task, design, chunks)
            for k, outputs, series in drive(pool, slots, todo, task):
                publish(k, outputs, series)
        finally:
            report(0, close=True)
    _output.save(folder / "summary.parquet", _parquet(summarise(folder)))
    return folder


def warm_up(scenario: Scenario) -> None:
    """Compile (or load) the kernels in this process with one tiny run of ``scenario`` (the
    smallest scale, one year, no spin-up): numba's cache then holds them, and worker processes
    load them from it instead of each compiling its own."""
    from regimesim.parameters import BY_NAME
    from regimesim.scenario import run as run_scenario

    tiny = scenario.with_parameters(scale=BY_NAME["scale"].low, end_year=scenario.start, spinup_years=0)
    run_scenario(tiny, 0)


def drive(
    pool: Executor,
    slots: int,
    todo: list[int],
    task: Callable[[int], Task],
) -> Iterator[tuple[int, pd.DataFrame, pd.DataFrame | None]]:
    """Run the chunks ``todo`` on ``pool`` (at most ``2 x slots`` submitted at once) and yield
    ``(chunk, outputs, series)`` as each finishes; ``task(k)`` gives chunk ``k``'s jobs and
    outputs."""
    queue = list(todo)
    pending = {}
    while queue or pending:
        while queue and len(pending) < 2 * slots:
            k = queue.pop(0)
            pending[pool.submit(_run_chunk, *task(k))] = k
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for fut in done:
            yield (pending.pop(fut), *fut.result())


def run_design(
    design: Design,
    *,
    workers: int | None = None,
    progress: bool | Callable[[int, int], None] = False,
    desc: str = "ensemble",
) -> Iterator[tuple[int, pd.DataFrame, pd.DataFrame | None]]:
    """Run ``design`` in memory on threads, one run a chunk: yield ``(run, outputs, series)`` as
    each run finishes (``outputs`` one row; ``series`` its indicators with the design's
    ``series = true``). :func:`regimesim.compare.compare` runs on this."""
    workers = workers or os.cpu_count() or 1
    _check_memory(design, workers=workers, chunk_size=1, keep_series=True)
    chunks = _chunks(design.n_runs, 1)
    report = _progress(progress, design.n_runs, 0, desc=desc)
    try:
        with executor("threads", workers, None) as (pool, slots):
            task = functools.partial(_design_task, design, chunks)
            for k, outputs, series in drive(pool, slots, list(range(len(chunks))), task):
                report(1)
                yield k, outputs, series
    finally:
        report(0, close=True)


def _start_folder(folder: Path, design: Design, size: int, backend: str) -> None:
    """Create the ensemble's folder with its design, manifest and table folders."""
    from regimesim.provenance import provenance

    manifest = {
        "design": design.digest(),
        "title": design.title,
        "n_runs": design.n_runs,
        "chunk_size": size,
        "factors": design.factors,
        "backend": backend,
        "provenance": provenance(seed=design.seed),
    }
    _output.make_parents(folder)
    for table in ("runs", "outputs", *(["series"] if design.outputs.series else [])):
        (folder / table).mkdir(exist_ok=True)
    if design.text:
        _output.save(folder / "design.toml", design.text)
    _output.save(folder / "manifest.json", json.dumps(manifest, indent=2, default=str))


def _parquet(df: pd.DataFrame) -> Callable[[Any], object]:
    """A writer of ``df`` as Parquet, for :func:`regimesim._output.save`."""
    return lambda fh: df.to_parquet(fh, index=False)


def _progress(progress: bool | Callable[[int, int], None], total: int, done: int, desc: str = "ensemble"):
    """A callable ``report(n, close=False)`` that advances the progress by ``n`` runs."""
    if callable(progress):
        state = {"done": done}

        def report(n: int, close: bool = False) -> None:
            state["done"] += n
            if not close:
                progress(state["done"], total)

        return report
    if not progress:
        return lambda n, close=False: None
    from tqdm import tqdm

    bar = tqdm(total=total, initial=done, unit="run", desc=desc, dynamic_ncols=True, leave=desc == "ensemble")

    def report(n: int, close: bool = False) -> None:
        if close:
            bar.close()
        else:
            bar.update(n)

    return report


def summarise(out: str | os.PathLike) -> pd.DataFrame:
    """Per scenario and point of the ensemble in ``out``: each output's mean and 5%, 50% and 95%
    quantiles over the replicates (columns ``<output>_mean``, ``_q05``, ``_q50``, ``_q95``), and
    for the crossing year the share of replicates that cross by the horizon (``crossed_share``)
    and the median with a run that does not cross counted as crossing after the horizon
    (``crossing_year_median``: NaN, "after the horizon", unless more than half cross; with exactly
    half the median falls between the last crossing and a censored run, as in
    :meth:`regimesim.compare.Comparison.summary`). The factor values come along."""
    table = read_table(out)
    folder = Path(out)
    factors = json.loads((folder / "manifest.json").read_text()).get("factors", [])
    keys = ["scenario", "point", *factors]
    outputs = [c for c in pd.read_parquet(folder / "outputs").columns if c != "run"]
    values = [c for c in outputs if c != "crossing_year"]
    groups = table.groupby(["scenario", "point"], sort=True)
    parts = [groups[keys[2:]].first() if factors else None, groups.size().rename("replicates")]
    if values:
        stats = groups[values].agg(["mean", lambda x: x.quantile(0.05), "median", lambda x: x.quantile(0.95)])
        stats.columns = [f"{c}_{s}" for c in values for s in ("mean", "q05", "q50", "q95")]
        parts.append(stats)
    if "crossing_year" in outputs:
        crossed = groups["crossing_year"].agg(lambda x: float(x.notna().mean())).rename("crossed_share")
        median = (
            groups["crossing_year"]
            .agg(lambda x: float(np.median(x.fillna(np.inf))) if x.notna().mean() > 0.5 else np.nan)
            .rename("crossing_year_median")
        )
        parts += [crossed, median]
    return pd.concat([p for p in parts if p is not None], axis=1).reset_index()


def read_table(out: str | os.PathLike, table: str = "outputs") -> pd.DataFrame:
    """One table of an ensemble folder (``runs``, ``outputs`` or ``series``) as a DataFrame,
    sorted by run; the outputs joined to the runs table when ``table == "outputs"``."""
    folder = Path(out)
    df = pd.read_parquet(folder / table).sort_values(["run"] + (["month"] if table == "series" else []))
    df = df.reset_index(drop=True)
    if table == "outputs":
        runs = pd.read_parquet(folder / "runs").sort_values("run").reset_index(drop=True)
        df = runs.merge(df, on="run", how="left", validate="one_to_one")
    return df


__all__ = [
    "BACKENDS",
    "POINT_METHODS",
    "Design",
    "DesignError",
    "Outputs",
    "default_chunk_size",
    "design_from",
    "load_design",
    "read_table",
    "run_design",
    "run_ensemble",
    "run_seed",
    "summarise",
]
