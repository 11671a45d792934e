"""Marked-up document text: the pieces of each segment with what extraction found in them (actors,
places, dates, event triggers, evidence sentences). Pieces stay plain text; templates escape them."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import ActorMention, DateMention, Document, Event, PlaceMention

_WORD = re.compile(r"\w[\w'’-]*")
#: when marks overlap, the earlier kind in this order wins
PRIORITY = ("trigger", "actor", "place", "date")


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    kind: str  # trigger, actor, place, date, quote
    title: str
    href: str | None = None


def trigger_span(event: Event, text: str, types: Sequence[str] = ()) -> tuple[int, int] | None:
    """Where the event's trigger word is. Not stored, but recoverable: the event id is the hash of
    `doc_id:trigger_start:type` (warlog.extract.coref), so the word in an evidence sentence whose
    offset gives the id is the trigger. `types` are other types to try (the event's type may be edited)."""
    for ev in event.evidence:
        if ev.doc_id != event.doc_id:
            continue
        for m in _WORD.finditer(text, ev.start, ev.end):
            for t in (event.type, *types):
                key = f"{event.doc_id}:{m.start()}:{t}"
                if "e" + hashlib.sha256(key.encode()).hexdigest()[:16] == event.event_id:
                    return m.start(), m.end()
    return None


def marks(doc: Document, *, events: Iterable[Event] = (), actors: Iterable[ActorMention] = (),
          places: Iterable[PlaceMention] = (), dates: Iterable[DateMention] = (),
          types: Sequence[str] = ()) -> list[Mark]:
    found: list[Mark] = []
    for e in events:
        span = trigger_span(e, doc.text, types)
        if span:
            found.append(Mark(*span, "trigger", f"{e.type} event", f"/events/{e.event_id}"))
    for a in actors:
        if a.span.start >= 0:
            found.append(Mark(a.span.start, a.span.end, "actor", f"{a.name} ({a.kind})",
                              f"/actors/{a.actor_id}" if a.actor_id else None))
    for p in places:
        loc = p.location
        where = ", ".join(x for x in (loc.name, loc.admin1, loc.country) if x) or "unresolved"
        found.append(Mark(p.span.start, p.span.end, "place", f"place: {where}"))
    for d in dates:
        found.append(Mark(d.span.start, d.span.end, "date", f"date: {d.value.edtf if d.value else 'no date'}"))
    kept: list[Mark] = []
    for m in sorted(found, key=lambda m: (PRIORITY.index(m.kind), m.start)):
        if m.end > m.start and all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def pieces(text: str, start: int, end: int, found: Sequence[Mark]) -> list[dict[str, str | None]]:
    """The text from `start` to `end` cut at the marks inside it: [{text, kind, title, href}]."""
    out: list[dict[str, str | None]] = []
    at = start
    for m in found:
        if m.start < start or m.end > end or m.start < at:
            continue
        if m.start > at:
            out.append({"text": text[at:m.start], "kind": None, "title": None, "href": None})
        out.append({"text": text[m.start:m.end], "kind": m.kind, "title": m.title, "href": m.href})
        at = m.end
    if at < end:
        out.append({"text": text[at:end], "kind": None, "title": None, "href": None})
    return out


def segments(doc: Document, found: Sequence[Mark]) -> list[dict[str, object]]:
    """Each segment with its pieces; `excluded` for the kinds extraction never reads."""
    from ..model import EXTRACTABLE_KINDS

    return [{"index": i, "kind": str(s.kind), "author": s.author, "excluded": s.kind not in EXTRACTABLE_KINDS,
             "pieces": pieces(doc.text, s.start, s.end, found), "start": s.start, "end": s.end}
            for i, s in enumerate(doc.segments)]


def context(doc: Document, start: int, end: int, found: Sequence[Mark] = ()) -> dict[str, object]:
    """An evidence quote in its segment: the segment's pieces with the quote marked."""
    seg = next((s for s in doc.segments if s.start <= start and end <= s.end), None)
    lo, hi = (seg.start, seg.end) if seg else (max(0, start - 200), min(len(doc.text), end + 200))
    inner = [m for m in found if start <= m.start and m.end <= end]
    return {"kind": str(seg.kind) if seg else None,
            "before": doc.text[lo:start], "quote": pieces(doc.text, start, end, inner), "after": doc.text[end:hi]}
