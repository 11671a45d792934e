"""Read pages: events, one event, documents, one document, actors, one actor, export. Each answers
HTML or JSON (`.json` suffix or `Accept: application/json`) from the library calls the CLI uses."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ..model import COUNT_KEYS
from ..query import CODEBOOKS, EventQuery, codebook_label, event_to_dict
from ..review import CERTAINTIES, EDITABLE
from ..review import event as reviewed_event
from ..store import Store
from ..store.reviews_sql import STATUSES
from . import filters, highlight
from .render import page

router = APIRouter()


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def json_suffix(request: Request, value: str) -> str:
    """A path parameter without a `.json` suffix (which asks for JSON)."""
    if value.endswith(".json"):
        request.state.json = True
        return value[:-5]
    return value


@router.get("/", include_in_schema=False)
async def home() -> Response:
    return RedirectResponse("/events", status_code=303)


@router.get("/events")
@router.get("/events.json", include_in_schema=False)
async def events_page(request: Request) -> Response:
    """Events matching the filters (type, since, until, place, actor, certainty, review, q, unreal,
    doc), by date, 100 a page, with their category in the chosen codebook (plover, acled, gtd, cameo)."""
    store = store_of(request)
    q = filters.event_query(request)
    book = filters.codebook(request)
    found = store.events(replace(q, limit=(q.limit or 0) + 1))
    more = q.limit is not None and len(found) > q.limit
    found = found[:q.limit]
    status = store.review_statuses([e.event_id for e in found])
    rows = []
    for e in found:
        row = event_to_dict(e)
        rows.append({**row, "category": codebook_label(row, book), "review_status": status[e.event_id]})
    number = filters.page_number(request)
    data = {"events": rows, "filters": filters.filters_dict(request), "codebook": book, "page": number,
            "more": more}
    from ..vocab import types

    return page(request, "events.html", data, context={
        "types": types(), "certainties": CERTAINTIES, "statuses": STATUSES, "codebooks": CODEBOOKS,
        "qs": filters.query_string(request, page=None),
        "next_qs": filters.query_string(request, page=str(number + 1)),
        "prev_qs": filters.query_string(request, page=str(number - 1) if number > 2 else None),
        "codebook_qs": {c: filters.query_string(request, codebook=c, page=None) for c in CODEBOOKS},
        "export_qs": filters.query_string(request, page=None, codebook=None)})


@router.get("/events/{event_id}")
async def event_page(request: Request, event_id: str) -> Response:
    """One event: every field, its evidence quotes in their document context, attribution, certainty,
    review status and the history of decisions (undone ones included)."""
    store = store_of(request)
    event_id = json_suffix(request, event_id)
    reviewed = reviewed_event(store, event_id)
    data = reviewed.to_dict()
    e = reviewed.event
    contexts = []
    docs: dict[str, Any] = {}
    from ..vocab import types

    for ev in e.evidence:
        if ev.doc_id not in docs:
            docs[ev.doc_id] = store.document(ev.doc_id)
        doc = docs[ev.doc_id]
        span = highlight.trigger_span(e, doc.text, types()) if ev.doc_id == e.doc_id else None
        found = [highlight.Mark(*span, "trigger", f"{e.type} trigger")] if span else []
        contexts.append({"evidence": ev.to_dict(), "title": doc.title,
                         **highlight.context(doc, ev.start, ev.end, found)})
    others = [x for x in store.events(EventQuery(doc_id=e.doc_id, review=("all",))) if x.event_id != e.event_id]
    return page(request, "event.html", data, context={
        "contexts": contexts, "editable": EDITABLE, "types": types(), "certainties": CERTAINTIES,
        "count_keys": COUNT_KEYS, "same_doc": [event_to_dict(x) for x in others],
        "form": _form_values(data)})


def _form_values(d: dict[str, Any]) -> dict[str, str]:
    """The event's fields as an analyst edits them (text inputs)."""
    loc = d["location"] or {}

    def names(people: list[dict[str, Any]]) -> str:
        return "; ".join(p["name"] for p in people)

    return {
        "type": d["type"], "modes": ", ".join(d["modes"]), "context": ", ".join(d["context"]),
        "date": d["date"]["edtf"] if d["date"] else "",
        "location_name": loc.get("name") or loc.get("raw") or "", "location_admin1": loc.get("admin1") or "",
        "location_country": loc.get("country") or "",
        "location_lat": "" if loc.get("lat") is None else str(loc["lat"]),
        "location_lon": "" if loc.get("lon") is None else str(loc["lon"]),
        "location_precision": "" if loc.get("precision") is None else str(loc["precision"]),
        "actors": names(d["actors"]), "recipients": names(d["recipients"]),
        "fatalities": "" if d["fatalities"] is None else str(d["fatalities"]),
        **{k: "" if d["counts"].get(k) is None else str(d["counts"][k]) for k in COUNT_KEYS},
        "weapon": d["weapon"] or "", "certainty": d["certainty"], "attributed_to": d["attributed_to"] or "",
        "historical": "true" if d["historical"] else "false",
    }


@router.get("/documents")
@router.get("/documents.json", include_in_schema=False)
async def documents_page(request: Request) -> Response:
    """Stored documents (100 a page); `q` searches their text (FTS5)."""
    store = store_of(request)
    number = filters.page_number(request)
    text = request.query_params.get("q", "").strip()
    hits = [_hit(h) for h in store.search(text, limit=100)] if text else []
    docs = [{**d.summary(), "segments": d.segments, "ingested_at": d.ingested_at, "origin": d.origin}
            for d in store.documents(limit=filters.PAGE_SIZE + 1, offset=(number - 1) * filters.PAGE_SIZE)]
    data = {"documents": docs[:filters.PAGE_SIZE], "more": len(docs) > filters.PAGE_SIZE, "page": number,
            "q": text, "hits": hits}
    return page(request, "documents.html", data)


def _hit(h: Any) -> dict[str, Any]:
    """A search hit; `pieces` cut the snippet at the «matches» FTS5 marks (for the template)."""
    parts = [{"text": t, "kind": "match" if i % 2 else None, "title": None, "href": None}
             for i, t in enumerate(re.split(r"[«»]", h.snippet)) if t]
    return {"doc_id": h.doc_id, "title": h.title, "kind": h.kind, "seq": h.seq, "snippet": h.snippet,
            "score": h.score, "pieces": parts}


@router.get("/documents/{doc_id}")
async def document_page(request: Request, doc_id: str) -> Response:
    """One document: its segments with the actors, places, dates and event triggers extraction found
    marked; comments, biographies, tags and boilerplate shown apart, marked as never read."""
    store = store_of(request)
    doc = store.document(json_suffix(request, doc_id))
    events = store.events(EventQuery(doc_id=doc.doc_id, review=("all",)))
    from ..vocab import types

    found = highlight.marks(doc, events=events, actors=store.actor_mentions(doc.doc_id),
                            places=[m for _, m in store.place_mentions(doc.doc_id)],
                            dates=[m for _, m in store.date_mentions(doc.doc_id)], types=types())
    segments = highlight.segments(doc, found)
    status = store.review_statuses([e.event_id for e in events])
    data = {**doc.summary(), "segments": segments, "origin": doc.origin,
            "events": [{**event_to_dict(e), "review_status": status[e.event_id]} for e in events],
            "relations": [r.to_dict() for r in store.relations(doc_id=doc.doc_id)],
            "marks": [{"start": m.start, "end": m.end, "kind": m.kind, "title": m.title} for m in found]}
    return page(request, "document.html", data, context={
        "read": [s for s in segments if not s["excluded"]], "apart": [s for s in segments if s["excluded"]]})


@router.get("/actors")
@router.get("/actors.json", include_in_schema=False)
async def actors_page(request: Request) -> Response:
    """Actors mentioned in the store, most mentioned first (merges applied); `q` searches names."""
    store = store_of(request)
    text = request.query_params.get("q", "").strip() or None
    kind = request.query_params.get("kind", "").strip() or None
    actors = [a.to_dict() for a in store.actors(search=text, kind=kind, limit=300)]
    suggestions = [s.to_dict() for s in store.suggestions()][:50]
    return page(request, "actors.html", {"actors": actors, "q": text or "", "kind": kind or "",
                                         "suggestions": suggestions})


@router.get("/actors/{actor_id:path}")
async def actor_page(request: Request, actor_id: str) -> Response:
    """One actor: profile, aliases, relations with quotes, events in time order, decisions (merge,
    split, reject) and merge suggestions."""
    from ..network import actor_profile

    store = store_of(request)
    actor_id = json_suffix(request, actor_id)
    profile = actor_profile(store, actor_id)
    data = profile.to_dict()
    timeline = sorted([{**x, "role": "actor"} for x in data["events_as_actor"]]
                      + [{**x, "role": "recipient"} for x in data["events_as_recipient"]],
                      key=lambda x: ((x["date"] or {}).get("start") is None, (x["date"] or {}).get("start") or ""))
    return page(request, "actor.html", data, context={"timeline": timeline})


@router.get("/export")
@router.get("/export.json", include_in_schema=False)
async def export_page(request: Request) -> Response:
    """The export formats, each a link that downloads the events matching the current filters, with
    analysts' decisions applied."""
    from .export_route import formats

    qs = filters.query_string(request, page=None, codebook=None)
    rows = [{**f, "href": f"/export/{f['name']}" + (f"?{qs}" if qs else "")} for f in formats()]
    return page(request, "export.html", {"formats": rows, "filters": filters.filters_dict(request)},
                context={"qs": qs})
