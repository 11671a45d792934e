"""What each Dask worker of a distributed ingest holds (`warlog.run.distributed`): the analysis resources,
loaded once per worker process by a WorkerPlugin when the worker starts or the plugin is registered,
the stores its tasks write to, kept open, and the lock that lets its tasks run one at a time (the
resources' actor resolver and a store's connection serve one task at a time; analysis holds the GIL
anyway, so a second thread would gain nothing). They belong to the process, not to a plugin object,
so a run that registers the plugin again, while an earlier run's task is still running, changes
nothing under that task. Imports Dask: only a `--dask` run (and its workers) import this module."""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING

from distributed.diagnostics.plugin import WorkerPlugin

from ..store import Store, open_store

if TYPE_CHECKING:
    from distributed import Worker

    from .analysis import Resources

#: The name the plugin is registered under.
PLUGIN = "warlog"
#: Held by each task of this worker process while it reads, analyses and writes.
LOCK = threading.Lock()
_stores: dict[tuple[str, bool], Store] = {}


class WarlogPlugin(WorkerPlugin):
    """Loads the spaCy pipeline, gazetteer and actor knowledge base (`Resources.default()`, once per
    process) when attached to a worker, unless the run stores without extraction; closes the worker's
    stores when detached (the next task opens them again)."""

    name = PLUGIN

    def __init__(self, extract: bool) -> None:
        self.extract = extract

    async def setup(self, worker: Worker) -> None:
        """In a thread (loading takes seconds): the worker keeps answering the scheduler meanwhile."""
        if self.extract:
            await asyncio.to_thread(resources)

    async def teardown(self, worker: Worker) -> None:
        await asyncio.to_thread(_close_stores)  # after the task in flight, if any


def resources() -> Resources:
    from ..settings import tune_gc
    from .analysis import Resources

    tune_gc()
    return Resources.default()  # cached per process


def store(db: str, dedup: bool) -> Store:
    """The store at `db`, opened on first use (call with LOCK held)."""
    if (db, dedup) not in _stores:
        _stores[db, dedup] = open_store(db, dedup=dedup)
    return _stores[db, dedup]


def _close_stores() -> None:
    with LOCK:
        for opened in _stores.values():
            opened.close()
        _stores.clear()
