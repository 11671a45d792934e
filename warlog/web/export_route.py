"""Exports from the web interface: `/export/{format}` with the events page's filters, analysts'
decisions applied (the same `warlog.export.write_export` that `warlog export` calls).

An export of a large store takes seconds, so it never runs on the event loop: like every page, it
runs in a worker thread with a store of its own from the desk's pool (`stores.store_of`: its own
connection, which blocks no writer), writes the export to a spooled temporary file (in memory up to
16 MB, on disk beyond), and the response streams that file back, so other pages keep answering
meanwhile. An in-memory store (tests) has only the one connection, which the worker reads through.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO, cast

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response, StreamingResponse

from ..export import FORMATS, write_export
from ..query import EventQuery
from ..store import Store
from . import filters
from .stores import desk_request, store_of

router = APIRouter(dependencies=[Depends(desk_request)])

SPOOL_BYTES = 16 * 1024 * 1024
CHUNK_BYTES = 256 * 1024


def formats() -> list[dict[str, str]]:
    """[{name, description, media_type, extension}] of the formats `warlog.export` writes."""
    return [{"name": f.name, "description": f.description, "media_type": f.media_type, "extension": f.extension}
            for f in FORMATS.values()]


@router.get("/export/{fmt}")
def export_download(request: Request, fmt: str) -> Response:
    """The events matching the filters (type, since, until, place, actor, certainty, review, q, unreal,
    doc) in one export format."""
    spec = FORMATS.get(fmt)
    if spec is None:
        raise HTTPException(404, f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    query = replace(filters.event_query(request, paged=False), limit=None, offset=0)
    out = write_spooled(store_of(request), fmt, query)  # in a worker thread, with the request's own store
    size = out.seek(0, 2)
    out.seek(0)
    name = f"warlog-events.{spec.extension}"
    return StreamingResponse(_chunks(out), media_type=spec.media_type,
                             headers={"Content-Disposition": f'attachment; filename="{name}"',
                                      "Content-Length": str(size)})


def write_spooled(store: Store, fmt: str, query: EventQuery) -> BinaryIO:
    """The export written to a spooled temporary file. The query already holds the certainty filter
    (hypothetical and negated events only with `unreal`)."""
    out = cast(BinaryIO, tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES))  # noqa: SIM115 - closed by _chunks
    try:
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
