"""Orchestration, in one place: read → segment → analyse → write.

    documents  `ingest(sources, store)`: read (warlog.ingest), segment (warlog.segment), analyse the
               stream with a runner, write each document in its own transaction (Store.write_document);
               `build_document` (pure: raw input → segmented Document), `prepare` (what to do with one
               input given what the store holds)
    runners    the seam where analysis runs: `in_process`, `in_workers`, `no_analysis`, `runner_for`
               (a distributed runner implements the same `Runner` call)
    analysis   the extraction stages over a stream of documents (`Resources`, `analyse`,
               `analyse_stream`): pure given its read-only resources
    workers    analysis in forked worker processes
    distributed  ingest over a Dask cluster (`ingest_distributed`; dask_plugin: what each worker loads
               once): the inputs partitioned into batches, each batch a task that runs `ingest` itself on
               a worker, writing to the store by its path or URL

A second store backend plugs in through the `Store` interface `ingest` writes to (SQLite, PostgreSQL);
analysis elsewhere through `Runner`; a cluster through `distributed`, whose workers run `ingest` each.
Nothing here is imported by the stages or the store.
"""

from __future__ import annotations

from .documents import IngestOptions, build_document, ingest, prepare
from .runners import Runner, in_process, in_workers, no_analysis, runner_for

__all__ = [
    "IngestOptions",
    "Runner",
    "build_document",
    "in_process",
    "in_workers",
    "ingest",
    "no_analysis",
    "prepare",
    "runner_for",
]
