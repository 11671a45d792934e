"""Exports from the web interface: `/export/{format}` with the events page's filters, analysts'
decisions applied (the same `warlog.export.write_export` that `warlog export` calls).

An export of a large store takes seconds, so it never runs on the event loop: a worker thread writes
it to a spooled temporary file (in memory up to 16 MB, on disk beyond), and the response streams that
file back, so other pages keep answering meanwhile. With a store in a file, the worker opens its own
read connection (SQLite WAL: a consistent snapshot that blocks no writer); an in-memory store (tests)
has only the one connection, which the worker then reads through.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO, cast

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from ..export import FORMATS, write_export
from ..query import EventQuery
from ..store import Store, open_store
from . import filters

router = APIRouter()

SPOOL_BYTES = 16 * 1024 * 1024
CHUNK_BYTES = 256 * 1024


def formats() -> list[dict[str, str]]:
    """[{name, description, media_type, extension}] of the formats `warlog.export` writes."""
    return [{"name": f.name, "description": f.description, "media_type": f.media_type, "extension": f.extension}
            for f in FORMATS.values()]


@router.get("/export/{fmt}")
async def export_download(request: Request, fmt: str) -> Response:
    """The events matching the filters (type, since, until, place, actor, certainty, review, q, unreal,
    doc) in one export format."""
    spec = FORMATS.get(fmt)
    if spec is None:
        raise HTTPException(404, f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    query = replace(filters.event_query(request, paged=False), limit=None, offset=0)
    out = await run_in_threadpool(write_spooled, request.app.state.store, fmt, query)
    size = out.seek(0, 2)
    out.seek(0)
    name = f"warlog-events.{spec.extension}"
    return StreamingResponse(_chunks(out), media_type=spec.media_type,
                             headers={"Content-Disposition": f'attachment; filename="{name}"',
                                      "Content-Length": str(size)})


def write_spooled(store: Store, fmt: str, query: EventQuery) -> BinaryIO:
    """The export written to a spooled temporary file (run in a worker thread). The query already
    holds the certainty filter (hypothetical and negated events only with `unreal`)."""
    out = cast(BinaryIO, tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES))  # noqa: SIM115 - closed by _chunks
    try:
        path = str(getattr(store, "path", "") or "")
        if path and path != ":memory:" and not path.startswith("file:"):
            with open_store(path, dedup=False) as own:  # this thread's own connection
                write_export(own, fmt, out, query, include_unreal=True)
        else:
            write_export(store, fmt, out, query, include_unreal=True)
    except BaseException:
        out.close()
        raise
    return out


def _chunks(out: BinaryIO) -> Iterator[bytes]:
    """The file's bytes in chunks, then the file closed (Starlette iterates this in a worker thread)."""
    try:
        while chunk := out.read(CHUNK_BYTES):
            yield chunk
    finally:
        out.close()
