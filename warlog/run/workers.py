"""Analysis in worker processes: each worker parses *and* extracts whole documents and sends back
their `Analysis` (a few kB), so the parent only reads, segments and writes.

spaCy's own `nlp.pipe(n_process=P)` parses in workers but ships every parsed `Doc` back to the parent
(serialised and rebuilt), and the parent then extracts alone: on two cores that costs more than the
second core gives. Here the documents go out (text and segments) and only the results come back.

Workers are forked. When the parent has loaded `Resources` already (a benchmark, a long-running
service), the workers share its pages; otherwise each worker loads them itself and the parent stays
small. Documents go out in chunks, a bounded number at a time, and results come back in input order.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing as mp
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from ..model import Analysis, Document
    from .analysis import Resources

T = TypeVar("T")

#: Documents per task sent to a worker: small enough to keep both cores busy to the end of a run,
#: large enough for spaCy's batching.
CHUNK = 8

_worker: dict[str, Any] = {}
#: prctl option: the signal a process gets when its parent dies (Linux).
PR_SET_PDEATHSIG = 1


def analyse_in_workers(items: Iterator[T], document_of: Callable[[T], Document | None],
                       resources: Resources | None, *, processes: int, batch_size: int
                       ) -> Iterator[tuple[T, Analysis | None]]:
    """Items in order, each with the Analysis of its document (None for items that are none),
    analysed by `processes` forked workers."""
    ctx = mp.get_context("fork")
    in_flight: deque[tuple[list[T], Any]] = deque()
    limit = 2 * processes + 1
    with ctx.Pool(processes, initializer=_init, initargs=(resources, batch_size)) as pool:
        def send(chunk: list[T]) -> None:
            docs = [d for d in map(document_of, chunk) if d is not None]
            in_flight.append((chunk, pool.apply_async(_analyse_chunk, (docs,)) if docs else None))

        def receive() -> Iterator[tuple[T, Analysis | None]]:
            chunk, pending = in_flight.popleft()
            results = iter(pending.get() if pending is not None else ())
            for item in chunk:
                yield item, (next(results) if document_of(item) is not None else None)

        chunk: list[T] = []
        documents = 0
        for item in items:
            chunk.append(item)
            documents += document_of(item) is not None
            if documents >= CHUNK:
                send(chunk)
                chunk, documents = [], 0
                while len(in_flight) >= limit:
                    yield from receive()
        if chunk:
            send(chunk)
        while in_flight:
            yield from receive()


def _init(resources: Resources | None, batch_size: int) -> None:
    """In a new worker: the parent's resources (shared pages; the gazetteer's SQLite connection must
    not cross a fork, so it is opened again) or freshly loaded ones."""
    from ..geo.gazetteer import Gazetteer
    from .analysis import Resources

    _die_with_parent()
    _worker["batch_size"] = batch_size
    try:
        if resources is None:
            Resources.default.cache_clear()  # never reuse a connection opened before the fork
            resources = Resources.default()
        else:
            resources = Resources(resources.nlp, Gazetteer.open(resources.gazetteer.path), resources.resolver)
        _worker["resources"] = resources
    except Exception as exc:  # raised from each task instead: a failing initializer makes Pool respawn forever
        _worker["error"] = exc


def _analyse_chunk(docs: list[Document]) -> list[Analysis]:
    from .analysis import analyse

    if "error" in _worker:
        raise _worker["error"]
    return list(analyse(docs, _worker["resources"], batch_size=_worker["batch_size"], n_process=1))


def _die_with_parent() -> None:
    """A worker ends when the process that started it does, even one killed with SIGKILL (which runs no
    clean-up): on Linux the kernel sends it SIGTERM (prctl PR_SET_PDEATHSIG); elsewhere a thread
    watches for the parent to change and exits."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before the call: nothing would signal us
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="warlog-parent-watch", daemon=True).start()
