"""Exports from the web interface: `/export/{format}` with the events page's filters, analysts'
decisions applied (the same `warlog.export.write_export` that `warlog export` calls)."""

from __future__ import annotations

import io
from dataclasses import replace

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from ..export import FORMATS, write_export
from . import filters

router = APIRouter()


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
    out = io.BytesIO()
    # the query already holds the certainty filter (hypothetical and negated only with `unreal`)
    write_export(request.app.state.store, fmt, out, query, include_unreal=True)
    name = f"warlog-events.{spec.extension}"
    return Response(out.getvalue(), media_type=spec.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
