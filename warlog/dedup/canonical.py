"""One canonical event from the reports merged into it: all their evidence, the number of sources,
when it was first and last reported, and every disagreement kept.

Counts follow UCDP's low/best/high with ACLED's conservative rule for the best estimate (the lowest
figure any report gives); the date is the most precise one reported (a day before a week before the
report's own date), the place likewise (a town before a province); where reports differ on the date,
place, certainty or source of a claim, each value is listed with the documents that give it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..model import COUNT_KEYS, ActorMention, Certainty, Event, EventType

T = TypeVar("T")

#: Rank of a date precision: lower is more telling.
DATE_RANK = {"day": 0, "range": 1, "season": 2, "month": 2, "reported": 3}
VIOLENT = frozenset({EventType.ASSAULT})


@dataclass(frozen=True, slots=True)
class MemberRow:
    """What a cluster's stored row is computed from: one member's date, place and report time."""

    event_id: str
    doc_id: str
    type: str
    date_start: str | None
    date_end: str | None
    date_precision: str | None
    place: str | None
    place_id: str | None
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    place_precision: int | None
    reported: str | None


@dataclass(frozen=True, slots=True)
class ClusterRow:
    """A cluster as stored for listing and filtering (`event_clusters`)."""

    cluster_id: str
    type: str
    date_start: str | None
    date_end: str | None
    place: str | None
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    reports: int
    sources: int
    independent_sources: int
    first_reported: str | None
    last_reported: str | None


def cluster_id(event_ids: Iterable[str]) -> str:
    """A cluster's id follows from its members: "c" and the smallest member id's hex digits."""
    first = min(event_ids)
    return "c" + (first[1:] if first.startswith("e") else first)


def _order(reported: str | None, doc_id: str, event_id: str) -> tuple[str, str, str]:
    return (reported or "9999", doc_id, event_id)


def _pick(items: Sequence[T], rank: Callable[[T], int], value: Callable[[T], object],
          order: Callable[[T], tuple[str, str, str]]) -> T:
    """The best-ranked item; among equals the most common value, then the earliest reported."""
    top = min(rank(i) for i in items)
    tied = [i for i in items if rank(i) == top]
    common = Counter(value(i) for i in tied)
    return min(tied, key=lambda i: (-common[value(i)], order(i)))


def _date_rank(precision: str | None) -> int:
    return DATE_RANK.get(precision or "", 9)


def _place_rank(precision: int | None, located: bool) -> int:
    return (precision or 5) if located else 9


def independent(doc_ids: Iterable[str], links: Iterable[tuple[str, str]]) -> int:
    """Documents left when near-duplicates (reposts, wire copy, quotations) count as one."""
    docs = set(doc_ids)
    parent = {d: d for d in docs}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in links:
        if a in docs and b in docs:
            parent[find(a)] = find(b)
    return len({find(d) for d in docs})


def summarise(cid: str, rows: Sequence[MemberRow], links: Iterable[tuple[str, str]] = ()) -> ClusterRow:
    """The stored row of a cluster from its members."""
    def order(r: MemberRow) -> tuple[str, str, str]:
        return _order(r.reported, r.doc_id, r.event_id)

    when = _pick(rows, lambda r: _date_rank(r.date_precision), lambda r: (r.date_start, r.date_end), order)
    where = _pick(rows, lambda r: _place_rank(r.place_precision, r.lat is not None or r.admin1 is not None),
                  lambda r: r.place_id or r.place, order)
    reported = sorted(r.reported for r in rows if r.reported)
    docs = {r.doc_id for r in rows}
    kind = Counter(r.type for r in rows).most_common(1)[0][0]
    return ClusterRow(cid, kind, when.date_start, when.date_end, where.place, where.admin1, where.country,
                      where.lat, where.lon, len(rows), len(docs), independent(docs, links),
                      reported[0] if reported else None, reported[-1] if reported else None)


@dataclass(frozen=True, slots=True)
class ClusterMember:
    """A report in a cluster: how it got there (seed, auto, repost, analyst, unchecked), its score
    and reason, the member it matched, and when its document was published (or stored)."""

    event_id: str
    doc_id: str
    how: str
    score: float
    reason: str
    matched: str | None
    reported: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "doc_id": self.doc_id, "how": self.how, "score": self.score,
                "reason": self.reason, "matched": self.matched, "reported": self.reported}


@dataclass(frozen=True, slots=True)
class CountRange:
    """UCDP-style low/best/high of one count; best by ACLED's rule (the lowest of the reports' own best
    figures: a report's sub-count, "two of the 12 dead", is in `low`, not the best); `reports` holds
    every figure with the document that gives it."""

    low: int
    best: int
    high: int
    reports: tuple[tuple[int, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "best": self.best, "high": self.high,
                "reports": [{"value": v, "doc_id": d} for v, d in self.reports]}

    def label(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


@dataclass(frozen=True, slots=True)
class EventCluster:
    """A canonical event: `event` merges every member (its id is the cluster id), `members` are the
    per-document reports, `sources` the documents, `independent_sources` those left once reposts and
    wire copies count once, `ranges` the count ranges, `disagreements` the fields the reports differ
    on (value → documents)."""

    cluster_id: str
    event: Event
    members: tuple[ClusterMember, ...]
    sources: int
    independent_sources: int
    first_reported: str | None
    last_reported: str | None
    ranges: Mapping[str, CountRange] = field(default_factory=dict)
    disagreements: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..query import event_to_dict

        return {**event_to_dict(self.event), "id": self.cluster_id, "sources": self.sources,
                "independent_sources": self.independent_sources, "first_reported": self.first_reported,
                "last_reported": self.last_reported, "ranges": {k: r.to_dict() for k, r in self.ranges.items()},
                "disagreements": {f: [{"value": v, "doc_ids": list(d)} for v, d in vals]
                                  for f, vals in self.disagreements.items()},
                "members": [m.to_dict() for m in self.members]}


def canonical(cid: str, events: Sequence[Event], info: Mapping[str, ClusterMember],
              links: Iterable[tuple[str, str]] = ()) -> EventCluster:
    """The canonical event of a cluster from its member events (as read, analysts' edits applied)
    and their membership rows."""
    def order(e: Event) -> tuple[str, str, str]:
        m = info.get(e.event_id)
        return _order(m.reported if m else None, e.doc_id, e.event_id)

    ordered = sorted(events, key=order)
    when = _pick(ordered, lambda e: _date_rank(e.date.precision if e.date else None),
                 lambda e: e.date.edtf if e.date else None, order)
    where = _pick(ordered, lambda e: _place_rank(e.location.precision if e.location else None,
                                                 e.location is not None and e.location.place_id is not None),
                  lambda e: (e.location.place_id or e.location.name) if e.location else None, order)
    ranges = _ranges(ordered)
    counts = {k: r.best for k, r in ranges.items()}
    kind = Counter(e.type for e in ordered).most_common(1)[0][0]
    fatal = [e.fatalities for e in ordered if e.fatalities is not None]
    certainty = Certainty.ASSERTED if any(e.certainty == Certainty.ASSERTED for e in ordered) else \
        Counter(e.certainty for e in ordered).most_common(1)[0][0]
    weapons = Counter(e.weapon for e in ordered if e.weapon)
    event = Event(
        event_id=cid, doc_id=ordered[0].doc_id, type=kind, modes=_union(e.modes for e in ordered),
        actors=_people(e.actors for e in ordered), recipients=_people(e.recipients for e in ordered),
        evidence=tuple(v for e in ordered for v in e.evidence), extractor=ordered[0].extractor,
        context=_union(e.context for e in ordered), location=where.location, location_reason=where.location_reason,
        date=when.date, date_reason=when.date_reason, counts=counts,
        count_reports={k: tuple(v for v, _ in r.reports) for k, r in ranges.items()},
        fatalities=counts.get("killed", min(fatal)) if fatal and kind in VIOLENT else None,
        weapon=weapons.most_common(1)[0][0] if weapons else None, certainty=certainty,
        attributed_to=next((e.attributed_to for e in ordered if e.attributed_to), None),
        historical=all(e.historical for e in ordered), confidence=max(e.confidence for e in ordered),
        codebooks=when.codebooks)
    members = tuple(info.get(e.event_id) or ClusterMember(e.event_id, e.doc_id, "seed", 1.0, "", None, None)
                    for e in ordered)
    reported = sorted(m.reported for m in members if m.reported)
    docs = list(dict.fromkeys(e.doc_id for e in ordered))
    return EventCluster(cid, event, members, len(docs), independent(docs, links),
                        reported[0] if reported else None, reported[-1] if reported else None,
                        ranges, _disagreements(ordered))


def _ranges(events: Sequence[Event]) -> dict[str, CountRange]:
    out: dict[str, CountRange] = {}
    for kind in COUNT_KEYS:
        found: list[tuple[int, str]] = []
        for e in events:
            values = e.count_reports.get(kind) or ((e.counts[kind],) if kind in e.counts else ())
            found += [(v, e.doc_id) for v in dict.fromkeys(values)]
        if found:
            low, high = min(v for v, _ in found), max(v for v, _ in found)
            # each report's own best figure (its lead's toll, not a part of it), the lowest of those
            bests = [e.counts[kind] for e in events if kind in e.counts]
            out[kind] = CountRange(low, min(bests) if bests else low, high, tuple(found))
    return out


def _union(groups: Iterable[Iterable[str]]) -> tuple[str, ...]:
    seen = Counter(x for g in groups for x in dict.fromkeys(g))
    return tuple(x for x, _ in seen.most_common())


def _people(groups: Iterable[Sequence[ActorMention]]) -> tuple[ActorMention, ...]:
    out: dict[str, ActorMention] = {}
    for group in groups:
        for m in group:
            out.setdefault(m.actor_id or m.name.lower(), m)
    return tuple(out.values())


def _disagreements(events: Sequence[Event]) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    fields: dict[str, Callable[[Event], str | None]] = {
        "date": lambda e: e.date.edtf if e.date else None,
        "place": lambda e: (e.location.name or e.location.raw) if e.location else None,
        "certainty": lambda e: e.certainty,
        "attributed_to": lambda e: e.attributed_to,
    }
    out: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
    for name, get in fields.items():
        values: dict[str, list[str]] = {}
        for e in events:
            v = get(e)
            if v is not None:
                values.setdefault(v, [])
                if e.doc_id not in values[v]:
                    values[v].append(e.doc_id)
        if len(values) > 1:
            out[name] = tuple((v, tuple(d)) for v, d in values.items())
    return out
