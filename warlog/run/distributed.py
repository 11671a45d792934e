"""Ingest on a Dask cluster (`dask.distributed`): `ingest_distributed(sources, db, cluster="local:4")`
or `cluster="tcp://scheduler:8786"`.

The client expands the sources into units of work (`units_of`): each file of a folder, each file, URL or
feed given, standard input (read here and shipped). A JSON-lines file of more lines than a batch is cut
into parts of `Settings.batch_size` lines, a WARC file of more records into parts of as many records
(`warlog.ingest.parts`: the same origins and document ids as the whole file read by one process), so
its records spread over every worker; many small files spread over every worker. Batches are cut by
the documents they hold (a part counts its lines or records). Units go out in batches, a bounded number of
batches in flight; each batch is one task that runs the library's own `warlog.run.ingest` on a worker,
so reading, segmenting, rejections, dedup and writing are exactly a single process's: every document is
written in its own transaction, under its deterministic id, into the store named by `db`
(`warlog.store.open_store`), and only the outcomes (a few hundred bytes each) come back. The report is
in input order.

Each worker loads the spaCy pipeline, the gazetteer and the actor knowledge base once (`WarlogPlugin`,
a Dask WorkerPlugin) and keeps its store open; its tasks run one at a time, whatever its thread count.

A rerun completes what a dead worker or client left: documents already stored and unchanged are
skipped (`warlog.run.prepare`), so nothing is stored twice. When a worker dies, Dask runs its batch
again elsewhere (the documents it had written come back `unchanged`); a batch that keeps killing its
workers is split, and a unit that kills a worker on its own is stored as an `internal_error` rejection
and the run goes on. Only the store failing (StoreError) or a wrong setting (ConfigError) stops a run.
"""

from __future__ import annotations

import io
import logging
import math
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import ConfigError, WarlogError
from ..ingest import InputKind, JsonlPart, Part, ReadOptions, WarcPart
from ..ingest.parts import CUT_KINDS, file_parts
from ..model import IngestOutcome, IngestReport, IngestStatus, Rejection, RejectReason
from ..settings import Settings
from ..store import open_store
from .documents import IngestOptions, ingest
from .runners import in_process, no_analysis

#: A batch holds the units left ÷ (this × worker threads), at most `Settings.batch_size`, at least one:
#: large batches while much is left (each one `nlp.pipe`), ever smaller ones towards the end, so that
#: the workers finish together.
SHARE = 4
#: Batches in flight per worker thread: each worker always has the next one waiting, and a client
#: that dies leaves only these to Dask.
IN_FLIGHT_PER_THREAD = 3
#: WARC files are cut into parts only where a run has no more than this many: more files spread over the
#: workers by themselves, and finding a `.warc.gz` file's records costs the client about 10 s a gigabyte.
WARC_CUT_FILES = 64
#: Dask settings of the workers a `local:N` cluster starts (give a standing cluster's workers the same):
#: off, its sampling profiler (the dashboard's profile page; about a fifth of a worker's time) and the
#: glibc setting it starts workers with to give memory back sooner (MALLOC_TRIM_THRESHOLD_=65536;
#: 13-17% of a worker's speed on news reports); polled less often, the event loop's health check (every
#: 20 ms), the system monitor (every 0.5 s: the dashboard's system page) and the memory monitor (every
#: 0.1 s): each wakes the worker's event-loop thread, which then takes the GIL from the task. Together
#: they cost a worker about 4% of its speed (`local:1` against one process: 0.96 → 1.00). README
#: "Distributed ingest (Dask)".
LOCAL_WORKER_CONFIG = {"distributed.worker.profile.enabled": False,
                       "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                       "distributed.admin.tick.interval": "1s",
                       "distributed.admin.tick.cycle": "5s",
                       "distributed.admin.tick.limit": "30s",
                       "distributed.admin.system-monitor.interval": "5s",
                       "distributed.worker.memory.monitor-interval": "1s"}


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of work: a source `read_sources` reads on a worker (a file, some lines of a large
    JSON-lines file, a folder that could not be listed here, a URL or feed), or standard input, read
    here (`stdin` holds its bytes)."""

    source: str | Part
    stdin: bytes | None = None

    @property
    def weight(self) -> int:
        """About how many documents it holds, for cutting batches: a part's lines or records, else one."""
        if isinstance(self.source, JsonlPart):
            return self.source.lines
        return self.source.records if isinstance(self.source, WarcPart) else 1


@dataclass(frozen=True, slots=True)
class Plan:
    """What a run is about to do, for whoever reports it."""

    address: str
    dashboard: str | None
    workers: int
    units: int
    batches: int


@dataclass(slots=True)
class _Batch:
    key: tuple[int, ...]  # its place in input order (a split batch's parts follow it)
    units: list[Unit]
    split: bool = False  # a part of a batch whose workers died


def units_of(sources: Iterable[str], *, absolute: bool = False, stdin: BinaryIO | None = None,
             max_bytes: int = 10_000_000, part_lines: int = 0) -> list[Unit]:
    """The sources as units, in the order a single process reads them. A folder becomes its files, in
    the order `warlog.ingest.files.read_directory` reads them (sorted, hidden files and folders left
    out); a JSON-lines file of more than `part_lines` lines, or a WARC file of more records (0: never),
    becomes its parts (`warlog.ingest.parts`); WARC files only where the run has no more than
    `WARC_CUT_FILES` of them. `absolute`: local paths made absolute (for workers on other machines,
    which must see the same file system)."""
    units: list[Unit] = []
    stdin_read = False
    sources = list(sources)
    local = {s: _local(s, absolute) for s in sources if s != "-" and not s.startswith(("http://", "https://"))}
    warcs = sum(p.lower().endswith((".warc", ".warc.gz")) for paths in local.values() for p in paths)
    kinds = CUT_KINDS if warcs <= WARC_CUT_FILES else CUT_KINDS - {InputKind.WARC}
    for source in sources:
        if source == "-":  # read once, here; a second `-` finds it at its end, as in one process
            stream = stdin if stdin is not None else sys.stdin.buffer
            units.append(Unit("-", b"" if stdin_read else stream.read(max_bytes + 1)))
            stdin_read = True
        elif source.startswith(("http://", "https://")):
            units.append(Unit(source))
        else:
            for path in local[source]:
                parts = file_parts(path, part_lines, kinds) if part_lines else None
                if parts:
                    units.extend(Unit(p) for p in parts)
                else:
                    units.append(Unit(path))
    return units


def _local(source: str, absolute: bool) -> list[str]:
    """A local source's files; the source itself when it is no folder or cannot be listed (the worker
    reads it and stores why it cannot be used)."""
    try:
        root = Path(source).expanduser()
        if absolute:
            root = root.absolute()
        if not root.is_dir():
            return [str(root) if absolute else source]
        return [str(p) for p in sorted(p for p in root.rglob("*") if p.is_file() and not any(
            part.startswith(".") for part in p.relative_to(root).parts))]
    except (OSError, ValueError, RuntimeError):
        return [source]


@dataclass(frozen=True, slots=True)
class _Job:
    """What every task of a run is given: the store, the settings and options (picklable)."""

    db: str
    settings: Settings
    options: IngestOptions
    reading: ReadOptions
    extract: bool


def ingest_batch(units: list[Unit], job: _Job) -> list[IngestOutcome]:
    """A task: `warlog.run.ingest` over a batch of units on this worker, with the resources its plugin
    loaded, into its open store; the outcomes, in order."""
    from . import dask_plugin as worker

    stdin = next((u.stdin for u in units if u.stdin is not None), None)
    reading = job.reading if stdin is None else replace(job.reading, stdin=io.BytesIO(stdin))
    with worker.LOCK:
        runner = (in_process(worker.resources(), batch_size=job.settings.batch_size) if job.extract
                  else no_analysis())
        report = ingest([u.source for u in units], worker.store(job.db, job.settings.dedup), settings=job.settings,
                        options=job.options, read_options=reading, extract=job.extract, runner=runner)
    return report.outcomes


def _dask() -> Any:
    """`dask.distributed`, imported when a run needs it (its calls are untyped: they stay behind Any)."""
    try:
        import distributed
    except ImportError:
        raise ConfigError("--dask needs Dask: pip install 'warlog[scale]' (dask[distributed])") from None
    return distributed


def _dask_config() -> Any:
    import dask.config

    return dask.config


@contextmanager
def connect(cluster: str) -> Iterator[Any]:
    """A `distributed.Client` of the cluster `cluster` names: `local:N` (N worker processes started
    here, one thread each, closed at the end; `local` alone: one per core) or a scheduler's address
    (`tcp://host:8786`)."""
    dask = _dask()
    if is_local(cluster):
        count = cluster.partition(":")[2] or str(os.cpu_count() or 1)
        if not count.isdigit() or int(count) < 1:
            raise ConfigError(f"--dask {cluster}: give local:N with N a number of workers ≥ 1, or tcp://HOST:PORT")
        with _dask_config().set(LOCAL_WORKER_CONFIG), \
                dask.LocalCluster(n_workers=int(count), threads_per_worker=1, processes=True,
                                  silence_logs=logging.ERROR) as local, dask.Client(local) as client:
            yield client
    elif "://" in cluster:
        try:
            client = dask.Client(cluster, timeout="30s")
        except OSError as exc:
            raise ConfigError(f"--dask {cluster}: cannot reach the scheduler ({exc})") from None
        with client:
            yield client
    else:
        raise ConfigError(f"--dask {cluster!r}: give local:N (N worker processes here) or the scheduler's "
                          "address, tcp://HOST:PORT")


def is_local(cluster: str) -> bool:
    return cluster == "local" or cluster.startswith("local:")


@dataclass(slots=True)
class _Callbacks:
    on_outcome: Callable[[IngestOutcome], None] | None = None
    on_batch: Callable[[int], None] | None = None
    done: dict[tuple[int, ...], list[IngestOutcome]] = field(default_factory=dict)


def ingest_distributed(sources: Iterable[str], db: str, *, cluster: str, settings: Settings | None = None,
                       options: IngestOptions | None = None, read_options: ReadOptions | None = None,
                       extract: bool = True, batch_units: int | None = None,
                       on_outcome: Callable[[IngestOutcome], None] | None = None,
                       on_plan: Callable[[Plan], None] | None = None,
                       on_batch: Callable[[int], None] | None = None) -> IngestReport:
    """`warlog.run.ingest` over a Dask cluster (`connect`): the sources cut into units, batches of
    `batch_units` of them (default: shrinking towards the end of the run, see `cut`, at most
    `settings.batch_size`) ingested by the workers into the store `db`. `on_plan` is told the plan once
    the cluster is reached, `on_batch` the number of units of each batch done, `on_outcome` each outcome
    as its batch comes back (batches finish in any order); the report is in input order."""
    cfg = settings or Settings()
    reading = read_options or ReadOptions(max_bytes=cfg.max_bytes, timeout=cfg.timeout,
                                          user_agent=cfg.user_agent, allow_private=cfg.allow_private)
    if db == ":memory:":
        raise ConfigError("a Dask run writes from every worker into one store: give a database file or URL")
    if not is_local(cluster) and "://" not in db and not db.startswith("file:"):
        db = os.path.abspath(os.path.expanduser(db))  # a worker elsewhere does not start in this folder
    units = units_of(sources, absolute=not is_local(cluster), stdin=reading.stdin, max_bytes=reading.max_bytes,
                     part_lines=cfg.batch_size)
    if not units:  # an empty folder: nothing to send
        return IngestReport()
    # What travels: no secret, no forked workers inside a Dask worker, no HTTP client or stream.
    job = _Job(db, replace(cfg, db=db, secret=None, processes=1), options or IngestOptions(),
               replace(reading, http=None, stdin=None), extract)
    calls = _Callbacks(on_outcome, on_batch)
    with connect(cluster) as client:
        from .dask_plugin import PLUGIN, WarlogPlugin

        threads: dict[str, int] = client.nthreads()
        batches = [_Batch((i,), part) for i, part in enumerate(
            cut(units, batch_units or 0, cfg.batch_size, max(1, sum(threads.values()))))]
        if on_plan is not None:
            on_plan(Plan(str(client.scheduler.address), _dashboard(client), len(threads), len(units),
                         len(batches)))
        client.register_plugin(WarlogPlugin(extract), name=PLUGIN)  # loads the resources on every worker
        _run(client, batches, job, calls, window=IN_FLIGHT_PER_THREAD * max(1, sum(threads.values())))
    return IngestReport([o for key in sorted(calls.done) for o in calls.done[key]])


def cut(units: list[Unit], size: int, most: int, threads: int) -> list[list[Unit]]:
    """The units in batches, in order: of `size` units each, or (size 0) of about the documents left ÷
    (SHARE × threads), between 1 and `most` documents (a unit's `weight`; at least one unit)."""
    batches: list[list[Unit]] = []
    left = sum(u.weight for u in units)
    k = 0
    while k < len(units):
        if size:
            n = size
        else:
            target = max(1, min(most, math.ceil(left / (SHARE * threads))))
            n, weight = 0, 0
            while k + n < len(units) and (n == 0 or weight + units[k + n].weight <= target):
                weight += units[k + n].weight
                n += 1
        batches.append(units[k:k + n])
        left -= sum(u.weight for u in units[k:k + n])
        k += n
    return batches


def _dashboard(client: Any) -> str | None:
    try:
        return str(client.dashboard_link)
    except (KeyError, AttributeError):  # a scheduler without the dashboard (bokeh not installed)
        return None


def _run(client: Any, batches: list[_Batch], job: _Job, calls: _Callbacks, *, window: int) -> None:
    """Every batch through the cluster, at most `window` in flight. A batch whose task failed (its
    workers died on it: KilledWorker) is split into its units, and a unit that fails alone becomes a
    stored rejection. A task cancelled (the scheduler went away) ends the run; so does a WarlogError
    (the store failing, a wrong setting), which every batch would meet alike."""
    waiting = list(reversed(batches))  # a stack: the next batch in input order last
    running: dict[Any, _Batch] = {}
    finished = _dask().as_completed()

    def submit() -> None:
        while waiting and len(running) < window:
            batch = waiting.pop()
            future = client.submit(ingest_batch, batch.units, job, pure=False)
            running[future] = batch
            finished.add(future)

    submit()
    for future in finished:
        batch = running.pop(future)
        if future.status != "error":
            _done(batch, future.result(), calls)  # result() raises if the task was cancelled
        else:
            exc = future.exception()
            if isinstance(exc, WarlogError):
                raise exc
            if batch.split or len(batch.units) == 1:
                _done(batch, [_reject(job, batch.units[0], exc)], calls)
            else:  # its units one by one, next
                waiting.extend(reversed([_Batch((*batch.key, k), [u], split=True)
                                         for k, u in enumerate(batch.units)]))
        submit()


def _done(batch: _Batch, outcomes: list[IngestOutcome], calls: _Callbacks) -> None:
    calls.done[batch.key] = outcomes
    if calls.on_outcome is not None:
        for outcome in outcomes:
            calls.on_outcome(outcome)
    if calls.on_batch is not None:
        calls.on_batch(len(batch.units))


def _reject(job: _Job, unit: Unit, exc: BaseException) -> IngestOutcome:
    """A unit its workers could not get through (each one died on it, or its task failed outside
    ingest's own guards), stored as a rejection from here."""
    origin = "stdin" if unit.stdin is not None else str(unit.source)
    rejection = Rejection(origin, RejectReason.INTERNAL_ERROR,
                          f"{origin}: the Dask workers failed on this input ({type(exc).__name__}: {exc}); what "
                          "they stored of it is kept; please report it with the input")
    with open_store(job.db, dedup=job.settings.dedup) as store:
        store.record_rejection(rejection)
    return IngestOutcome(origin, IngestStatus.REJECTED, reason=str(rejection.reason), message=rejection.message)
