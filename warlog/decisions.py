"""Analysts' decisions as data, and the pure rules that apply them: an event's review status, its
effective values (the edits in force applied), whether it passes a query's filters, the order of a
listing. Below the store, which applies them when it reads (`warlog.store.reviews_sql`), and below
`warlog.review`, which makes decisions through the store; this module reads and writes nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .dates.edtf import Point
from .dates.value import DateValue
from .model import COUNT_KEYS, ActorKind, ActorMention, Event, Location, Span
from .query import EventQuery, codebooks_for
from .vocab import type_of

KINDS = ("confirm", "edit", "reject", "merge", "split")
#: review status of an event by the kind of its latest decision in force (none: "unreviewed")
STATUS_OF_KIND = {"confirm": "confirmed", "edit": "edited", "reject": "rejected"}
STATUSES = ("unreviewed", "confirmed", "edited", "rejected")


@dataclass(frozen=True, slots=True)
class EventDecision:
    """One analyst's decision on an event: confirm, edit (`field` set to `value`, decoded JSON), reject,
    merge or split (with `other_id`, the other event). `undone_at` is set when it was undone."""

    id: int
    kind: str
    event_id: str
    other_id: str | None
    field: str | None
    value: Any
    note: str | None
    author: str
    created_at: str
    undone_at: str | None

    @property
    def active(self) -> bool:
        return self.undone_at is None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "event_id": self.event_id, "other_id": self.other_id,
                "field": self.field, "value": self.value, "note": self.note, "author": self.author,
                "created_at": self.created_at, "undone_at": self.undone_at}


def status(decisions: Iterable[EventDecision], event_id: str | None = None) -> str:
    """unreviewed, confirmed, edited or rejected: the latest confirm/edit/reject in force."""
    out = "unreviewed"
    for d in sorted(decisions, key=lambda d: d.id):
        if d.active and d.kind in STATUS_OF_KIND and (event_id is None or d.event_id == event_id):
            out = STATUS_OF_KIND[d.kind]
    return out


def effective(event: Event, decisions: Iterable[EventDecision]) -> Event:
    """The event with the edits in force applied (the latest edit of a field wins); the raw event is
    left as it is. Codebook categories are derived again when the type, modes, context or participants
    changed."""
    values: dict[str, Any] = {}
    for d in sorted(decisions, key=lambda d: d.id):
        if d.active and d.kind == "edit" and d.field and d.event_id == event.event_id:
            values[d.field] = d.value
    if not values:
        return event
    changes: dict[str, Any] = {}
    counts = dict(event.counts)
    for name, value in values.items():
        if name == "type":
            changes["type"] = type_of(str(value))
        elif name in ("modes", "context"):
            changes[name] = tuple(str(v) for v in value or ())
        elif name == "date":
            changes["date"] = None if value is None else edtf_value(str(value))
            changes["date_reason"] = "edited by an analyst"
        elif name == "location":
            changes["location"] = None if value is None else _location(value)
            changes["location_reason"] = "edited by an analyst"
        elif name in ("actors", "recipients"):
            changes[name] = tuple(_mention(v) for v in value or ())
        elif name in COUNT_KEYS:
            if value is None:
                counts.pop(name, None)
            else:
                counts[name] = int(value)
        elif name == "fatalities":
            changes["fatalities"] = None if value is None else int(value)
        elif name == "historical":
            changes["historical"] = bool(value)
        elif name in ("weapon", "certainty", "attributed_to"):
            changes[name] = None if value is None and name != "certainty" else str(value)
    if counts != event.counts:
        changes["counts"] = counts
    out = replace(event, **changes)
    if {"type", "modes", "context", "actors", "recipients"} & values.keys():
        out = replace(out, codebooks=codebooks_for(out))
    return out


def sort_key(e: Event) -> tuple[bool, str, str, str]:
    """The order `store.events` lists events in: by date start, undated last, then document and id."""
    start = e.date.start if e.date else None
    return (start is None, start or "", e.doc_id, e.event_id)


def matches(e: Event, q: EventQuery, actor_members: Mapping[str, set[str]] | None = None) -> bool:
    """Whether an (edited) event passes the query's filters, as `store.events` applies them in SQL."""
    if q.doc_id and e.doc_id != q.doc_id:
        return False
    if q.types and e.type not in {t.upper() for t in q.types}:
        return False
    start, end = (e.date.start, e.date.end) if e.date else (None, None)
    if q.since and ((end or start) is None or str(end or start) < q.since):
        return False
    if q.until and (start is None or start > q.until):
        return False
    loc = e.location
    if q.place:
        p = q.place.lower()
        if loc is None or not (any(p in (x or "").lower() for x in (loc.name, loc.admin1, loc.raw))
                               or (loc.country or "") == q.place.upper()):
            return False
    if q.admin1 and (loc is None or loc.admin1 != q.admin1):
        return False
    people = (*e.actors, *e.recipients)
    if q.actor:
        a = q.actor.lower()
        ids = (actor_members or {}).get(q.actor, set()) | {q.actor}
        if not any(m.actor_id in ids or a in m.name.lower() or a in m.span.text.lower() for m in people):
            return False
    if q.actor_ids and not any(m.actor_id in q.actor_ids for m in people):
        return False
    if q.certainty and e.certainty not in q.certainty:
        return False
    if q.text:
        t = q.text.lower()
        hay = [v.quote for v in e.evidence] + [m.name for m in people] + [m.span.text for m in people]
        hay += [loc.name or "" if loc else "", e.type, e.weapon or ""]
        if e.event_id != q.text and not any(t in h.lower() for h in hay):
            return False
    return True


def edtf_value(s: str) -> DateValue:
    """A DateValue for an EDTF string an analyst entered: a day, month or year (`XXXX` for an unknown
    year), or an interval of them with open ends (`..`). Other EDTF forms keep no interval."""
    def point(p: str) -> Point | None:
        parts = p.split("-")
        if not 1 <= len(parts) <= 3 or not all(x.isdigit() or set(x) == {"X"} for x in parts):
            return None
        nums = [None if "X" in x else int(x) for x in parts]
        if len(nums) > 1 and (nums[1] is None or not 1 <= nums[1] <= 12):
            return None  # an unknown month, or a season/quarter code (21-41): no interval kept
        return Point(nums[0], nums[1] if len(nums) > 1 else None, nums[2] if len(nums) > 2 else None)

    if "/" in s:
        left, _, right = s.partition("/")
        lo = None if left in ("", "..") else point(left)
        hi = None if right in ("", "..") else point(right)
        if (lo is None and left not in ("", "..")) or (hi is None and right not in ("", "..")):
            return DateValue(s, None, None, "unknown", s)
        first, last = (lo.first() if lo else None), (hi.last() if hi else None)
        return DateValue(s, first.isoformat() if first else None, last.isoformat() if last else None,
                         "open" if lo is None or hi is None else "range", s)
    p = point(s)
    if p is None:
        return DateValue(s, None, None, "unknown", s)
    first, last = p.first(), p.last()
    return DateValue(s, first.isoformat() if first else None, last.isoformat() if last else None, p.granularity, s)



def _location(v: Mapping[str, Any]) -> Location:
    return Location(raw=str(v.get("raw") or v.get("name") or ""), name=v.get("name"), place_id=v.get("place_id"),
                    geonames_id=v.get("geonames_id"), lat=v.get("lat"), lon=v.get("lon"), admin1=v.get("admin1"),
                    country=v.get("country"), precision=v.get("precision"), relation=v.get("relation"))


def _mention(v: Mapping[str, Any]) -> ActorMention:
    name = str(v.get("name") or "")
    kind = str(v.get("kind") or "other")
    return ActorMention(Span(-1, -1, -1, -1, name), v.get("actor_id"), name,
                        ActorKind(kind) if kind in ActorKind.__members__.values() else ActorKind.OTHER,
                        v.get("country"), how="analyst")
