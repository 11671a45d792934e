"""Read pages: events, one event, documents, one document, actors, one actor, export. Each answers
HTML or JSON (`.json` suffix or `Accept: application/json`) from the library calls the CLI uses."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from ..decisions import STATUSES
from ..errors import NotFound
from ..model import COUNT_KEYS, Document, Event
from ..query import CODEBOOKS, EventQuery, codebook_label, event_to_dict
from ..review import CERTAINTIES, EDITABLE
from ..review import event as reviewed_event
from ..store import EventCluster, Store
from . import filters, highlight
from .render import page
from .stores import desk_request, store_of

router = APIRouter(dependencies=[Depends(desk_request)])


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
def events_page(request: Request) -> Response:
    """Canonical events (one per real event, merged from every report of it) matching the filters
    (type, since, until, place, actor, certainty, review, q, unreal, doc), by date, 100 a page, with
    their sources and their category in the chosen codebook (plover, acled, gtd, cameo)."""
    store = store_of(request)
    q = filters.event_query(request)
    book = filters.codebook(request)
    found = store.event_clusters(replace(q, limit=(q.limit or 0) + 1))
    more = q.limit is not None and len(found) > q.limit
    found = found[:q.limit]
    status = store.review_statuses([m.event_id for c in found for m in c.members])
    rows = []
    for c in found:
        row = c.to_dict()
        rows.append({**row, "category": codebook_label(row, book),
                     "review_status": _joint_status([status[m.event_id] for m in c.members])})
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


def _joint_status(statuses: list[str]) -> str:
    """A canonical event's review status: its reports' when they agree, else "mixed"."""
    return statuses[0] if len(set(statuses)) == 1 else "mixed"


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: str) -> Response:
    """One event. A canonical event (`c…`): its merged fields, its sources, the reports merged into it
    with their merge scores and reasons, and where the reports disagree. A report (`e…`): every field
    as its document tells it, its evidence in context, attribution, certainty, review status, the
    history of decisions (undone ones included), and the canonical event it is part of."""
    store = store_of(request)
    event_id = json_suffix(request, event_id)
    if event_id.startswith("c"):
        return canonical_page(request, store, event_id)
    reviewed = reviewed_event(store, event_id)
    data = reviewed.to_dict()
    e = reviewed.event
    from ..vocab import types

    try:
        cluster: EventCluster | None = store.event_cluster(e.event_id)
    except NotFound:  # every report of it rejected
        cluster = None
    others = [x for x in store.events(EventQuery(doc_id=e.doc_id, review=("all",))) if x.event_id != e.event_id]
    return page(request, "event.html", {**data, "canonical": {
        "id": cluster.cluster_id, "sources": cluster.sources, "reports": len(cluster.members)} if cluster else None},
        context={"contexts": _contexts(store, e), "editable": EDITABLE, "types": types(),
                 "certainties": CERTAINTIES, "count_keys": COUNT_KEYS,
                 "same_doc": [event_to_dict(x) for x in others], "form": _form_values(data)})


def canonical_page(request: Request, store: Store, cluster_id: str) -> Response:
    cluster = store.event_cluster(cluster_id)
    status = store.review_statuses([m.event_id for m in cluster.members])
    docs = {m.doc_id: store.document(m.doc_id) for m in cluster.members}
    data = {**cluster.to_dict(), "review_status": _joint_status([status[m.event_id] for m in cluster.members]),
            "documents": [{"doc_id": d.doc_id, "title": d.title, "url": d.url, "source": d.source,
                           "published": d.published} for d in docs.values()]}
    for m in data["members"]:
        m["review_status"] = status[m["event_id"]]
    return page(request, "canonical.html", data, context={"contexts": _contexts(store, cluster.event, docs)})


def _contexts(store: Store, e: Event, docs: dict[str, Document] | None = None) -> list[dict[str, Any]]:
    """The event's evidence quotes in their documents' text, the trigger marked."""
    from ..vocab import types

    docs = dict(docs or {})
    out = []
    for ev in e.evidence:
        if ev.doc_id not in docs:
            docs[ev.doc_id] = store.document(ev.doc_id)
        doc = docs[ev.doc_id]
        span = highlight.trigger_span(e, doc.text, types()) if ev.doc_id == e.doc_id else None
        found = [highlight.Mark(*span, "trigger", f"{e.type} trigger")] if span else []
        out.append({"evidence": ev.to_dict(), "title": doc.title, **highlight.context(doc, ev.start, ev.end, found)})
    return out


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
def documents_page(request: Request) -> Response:
    """Stored documents (100 a page); `q` searches their text (FTS5)."""
    store = store_of(request)
    number = filters.page_number(request)
    text = filters.search_text(request)
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
def document_page(request: Request, doc_id: str) -> Response:
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
def actors_page(request: Request) -> Response:
    """Actors mentioned in the store, most mentioned first (merges applied); `q` searches names."""
    store = store_of(request)
    text = request.query_params.get("q", "").strip() or None
    kind = request.query_params.get("kind", "").strip() or None
    actors = [a.to_dict() for a in store.actors(search=text, kind=kind, limit=300)]
    suggestions = [s.to_dict() for s in store.suggestions()][:50]
    return page(request, "actors.html", {"actors": actors, "q": text or "", "kind": kind or "",
                                         "suggestions": suggestions})


@router.get("/actors/{actor_id:path}")
def actor_page(request: Request, actor_id: str) -> Response:
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
def export_page(request: Request) -> Response:
    """The export formats, each a link that downloads the events matching the current filters, with
    analysts' decisions applied."""
    from .export_route import formats

    qs = filters.query_string(request, page=None, codebook=None)
    rows = [{**f, "href": f"/export/{f['name']}" + (f"?{qs}" if qs else "")} for f in formats()]
    return page(request, "export.html", {"formats": rows, "filters": filters.filters_dict(request)},
                context={"qs": qs})
