"""How documents get analysed: the seam where a runner plugs in.

A runner takes the stream of items of a run (each a document to analyse or an outcome already
decided) and gives each back, in order, with the Analysis of its document (None for the others).
`in_process` parses and extracts here; `in_workers` in forked worker processes (warlog.run.workers).
`warlog.run.documents.ingest` reads, segments and writes around whichever runner it is given. (On a
Dask cluster the whole of `ingest` runs on each worker instead, writing itself: warlog.run.distributed.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from ..model import Analysis, Document
    from ..settings import Settings
    from .analysis import Resources

T = TypeVar("T")


class Runner(Protocol):
    """Items in order, each with the Analysis of its document (`document_of(item)`; None for an item
    that is no document to analyse)."""

    def __call__(self, items: Iterator[T], document_of: Callable[[T], Document | None], /
                 ) -> Iterator[tuple[T, Analysis | None]]: ...


class _InProcess:
    """Parse and extract in this process: one parse over the whole stream."""

    def __init__(self, resources: Resources | None, batch_size: int) -> None:
        self.resources, self.batch_size = resources, batch_size

    def __call__(self, items: Iterator[T], document_of: Callable[[T], Document | None], /
                 ) -> Iterator[tuple[T, Analysis | None]]:
        from .analysis import Resources, analyse_stream

        return analyse_stream(items, document_of, self.resources or Resources.default(), batch_size=self.batch_size)


class _InWorkers:
    """Parse and extract in forked workers; this process reads and writes."""

    def __init__(self, resources: Resources | None, processes: int, batch_size: int) -> None:
        self.resources, self.processes, self.batch_size = resources, processes, batch_size

    def __call__(self, items: Iterator[T], document_of: Callable[[T], Document | None], /
                 ) -> Iterator[tuple[T, Analysis | None]]:
        from .workers import analyse_in_workers

        return analyse_in_workers(items, document_of, self.resources, processes=self.processes,
                                  batch_size=self.batch_size)


class _Nothing:
    """No analysis (`--no-extract`): every item with None."""

    def __call__(self, items: Iterator[T], document_of: Callable[[T], Document | None], /
                 ) -> Iterator[tuple[T, Analysis | None]]:
        return ((item, None) for item in items)


def in_process(resources: Resources | None = None, *, batch_size: int = 64) -> Runner:
    """Analyse here, with these resources (default: loaded once per process)."""
    return _InProcess(resources, batch_size)


def in_workers(processes: int, resources: Resources | None = None, *, batch_size: int = 64) -> Runner:
    """Analyse in `processes` forked workers (sharing `resources` when the parent has them loaded)."""
    return _InWorkers(resources, processes, batch_size)


def no_analysis() -> Runner:
    """Store documents without extraction."""
    return _Nothing()


def runner_for(settings: Settings, *, extract: bool = True, resources: Resources | None = None,
               batch_size: int | None = None) -> Runner:
    """The runner the settings ask for: workers when WARLOG_PROCESSES > 1, else this process."""
    size = batch_size or settings.batch_size
    if not extract:
        return no_analysis()
    if settings.processes > 1:
        return in_workers(settings.processes, resources, batch_size=size)
    return in_process(resources, batch_size=size)
