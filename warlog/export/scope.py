"""What one export holds, read once through the store API: the events a query selects as `warlog
events` lists them (canonical events, or each document's reports with `mentions`; hypothetical and
negated events left out unless asked for), their actors under the ids and names the analysts' merges
give them, the documents they were read in, and the relations between actors in the same scope. Every
format module writes from this."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import cached_property
from io import TextIOWrapper
from typing import BinaryIO

from ..dates.value import DateValue
from ..errors import NotFound
from ..model import UNREAL, ActorMention, Codebooks, Event, Relation
from ..query import EventQuery, codebooks_for
from ..store import ActorInfo, DocumentInfo, Store


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as exports name it: `key` is the canonical actor id (the id a merge puts it under), or
    `name:<name>` for a mention no record was linked to; `merged` the ids merged into it."""

    key: str
    name: str
    kind: str
    country: str | None
    actor_id: str | None
    merged: tuple[str, ...] = ()


class ActorIndex:
    """actor id → its canonical actor, with the analysts' merge decisions in force applied."""

    def __init__(self, canonical: dict[str, str], roots: dict[str, ActorInfo]) -> None:
        self.canonical = canonical  # only ids that are merged into another
        self.roots = roots  # canonical actors that have ids merged into them
        self._seen: dict[tuple[str | None, str, str, str | None], ActorRef] = {}

    @classmethod
    def from_store(cls, store: Store) -> ActorIndex:
        """Only actors named in a merge decision can be anything but their own canonical actor, so only
        those are looked up (`store.find_actor` applies merges, splits and undos)."""
        named = sorted({x for d in store.decisions() if d.kind == "merge" and not d.undone_at
                        for x in (d.subject, d.object)})
        canonical: dict[str, str] = {}
        for actor_id in named:
            try:
                root = store.find_actor(actor_id)
            except NotFound:  # no longer mentioned anywhere
                continue
            if root != actor_id:
                canonical[actor_id] = root
        roots = sorted(set(canonical.values()))
        return cls(canonical, {i.actor_id: i for i in store.actors(ids=roots)} if roots else {})

    def canonical_id(self, actor_id: str) -> str:
        return self.canonical.get(actor_id, actor_id)

    def members(self, actor_id: str) -> set[str]:
        root = self.canonical_id(actor_id)
        return {root} | {a for a, r in self.canonical.items() if r == root}

    def ref(self, m: ActorMention) -> ActorRef:
        key = (m.actor_id, m.name, m.kind, m.country)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = self._ref(m)
        return found

    def _ref(self, m: ActorMention) -> ActorRef:
        if not m.actor_id:
            return ActorRef("name:" + m.name, m.name, str(m.kind), m.country, None)
        root = self.canonical_id(m.actor_id)
        info = self.roots.get(root)
        if info is None:
            return ActorRef(root, m.name, str(m.kind), m.country, root)
        return ActorRef(root, info.name, info.kind, info.country, root, info.merged)

    def refs(self, mentions: Iterable[ActorMention]) -> list[ActorRef]:
        """One ref per canonical actor, in the order of the mentions (two mentions merged into one
        actor are one actor)."""
        out: dict[str, ActorRef] = {}
        for m in mentions:
            r = self.ref(m)
            out.setdefault(r.key, r)
        return list(out.values())


class Scope:
    """The events of one export and what the formats need to know about them."""

    def __init__(self, store: Store, query: EventQuery | None = None, *, include_unreal: bool = False,
                 mentions: bool = False) -> None:
        """As `warlog events`: one canonical event per real event, merged from every document that reports
        it (`store.event_clusters`), or with `mentions` (implied by `query.cluster_id`) each document's
        report on its own (`store.events`). Events the text presents as hypothetical or negated are left
        out unless `include_unreal` or the query names the certainties it wants (`EventQuery.certainty`)."""
        from ..review import CERTAINTIES

        q = query or EventQuery()
        hide = not include_unreal and not q.certainty
        self.mentions = mentions or bool(q.cluster_id)
        if self.mentions:
            if hide:
                q = replace(q, certainty=tuple(c for c in CERTAINTIES if c not in UNREAL))
            self.events = store.events(q)
        else:
            self.events = [c.event for c in store.event_clusters(q) if not hide or c.event.certainty not in UNREAL]
        self.store = store
        self.query = q
        self.include_unreal = include_unreal
        self.actors = ActorIndex.from_store(store)

    @cached_property
    def docs(self) -> dict[str, DocumentInfo]:
        return {d.doc_id: d for d in self.store.documents()}

    def sources(self, event: Event) -> list[DocumentInfo]:
        """The documents that report the event, in evidence order."""
        return [d for i in doc_ids(event) if (d := self.docs.get(i)) is not None]

    def relations(self) -> list[Relation]:
        """Relations in the export's scope: those stated in its document (`--doc`), every stored one
        when nothing is filtered, else those that touch an actor of the selected events (or an id
        merged with one)."""
        q = self.query
        if q.doc_id:
            return self.store.relations(doc_id=q.doc_id)
        if unfiltered(q):
            return self.store.relations()
        ids = sorted({a for e in self.events for m in (*e.actors, *e.recipients) if m.actor_id
                      for a in self.actors.members(m.actor_id)})
        found: dict[str, Relation] = {}
        for i in range(0, len(ids), 400):
            for r in self.store.relations(actor_ids=ids[i:i + 400]):
                found[r.relation_id] = r
        return sorted(found.values(), key=lambda r: (r.doc_id, r.evidence.start, r.relation_id))


def unfiltered(q: EventQuery) -> bool:
    """True when the query selects every event (hiding events by certainty or review status aside)."""
    default = EventQuery()
    return all(getattr(q, f.name) == getattr(default, f.name) for f in fields(EventQuery)
               if f.name not in ("certainty", "review"))


# -- per-event helpers shared by the formats ----------------------------------------------------------

def doc_ids(event: Event) -> list[str]:
    return list(dict.fromkeys(v.doc_id for v in event.evidence)) or [event.doc_id]


def quotes(event: Event) -> list[str]:
    return list(dict.fromkeys(v.quote for v in event.evidence if v.quote))


def codebooks(event: Event) -> Codebooks:
    return event.codebooks or codebooks_for(event)


_POINT = re.compile(r"(\d{4}|X{4})(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?")


def _point(text: str) -> tuple[int | None, int | None, int | None]:
    m = _POINT.fullmatch(text.rstrip("?~%"))
    if not m:
        return None, None, None
    year = int(m[1]) if m[1].isdigit() else None
    month = int(m[2]) if m[2] and m[2].isdigit() and 1 <= int(m[2]) <= 12 else None  # 21-24: seasons
    day = int(m[3]) if month and m[3] and m[3].isdigit() else None
    return year, month, day


def date_parts(value: DateValue | None) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of the date as far as it is known; None for an unknown part. An interval keeps
    the parts its two ends share ("2007-01/2007-04" → 2007, None, None); an interval open at the end
    gives its start ("since 3 June")."""
    if value is None or value.precision == "unknown":
        return None, None, None
    first, _, last = value.edtf.partition("/")
    start = _point(first) if first and first != ".." else (None, None, None)
    if not last or last == "..":
        return start
    end = _point(last)
    year = start[0] if start[0] == end[0] else None
    month = start[1] if year is not None and start[1] == end[1] else None
    day = start[2] if month is not None and start[2] == end[2] else None
    return year, month, day


def span_days(value: DateValue | None) -> int | None:
    """Days between the first and the last day the date allows; None when either end is open."""
    if value is None or not value.start or not value.end:
        return None
    return (date.fromisoformat(value.end) - date.fromisoformat(value.start)).days


def epoch(iso: str | None) -> int | None:
    """Unix time of an ISO date-time (UTC assumed when it carries no offset)."""
    if not iso:
        return None
    from datetime import UTC, datetime

    try:
        t = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    return int((t if t.tzinfo else t.replace(tzinfo=UTC)).timestamp())


@contextmanager
def text_stream(out: BinaryIO) -> Iterator[TextIOWrapper]:
    """`out` as UTF-8 text (no newline translation, for csv), left open for the caller."""
    text = TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
    try:
        yield text
    finally:
        text.flush()
        text.detach()
