"""Canonical events in SQLite (issue 8): which stored event belongs to which cluster, the clusters'
rows for listing, the candidate index, and near-duplicate documents. Everything here runs inside the
caller's transaction; the decisions are `warlog.dedup`'s.

Tables (migration 7): `cluster_members` (every event, its cluster, how and why it is there),
`event_clusters` (one row per canonical event: its date, place and sources, for listing),
`event_boxes` (R-tree over day, type, country, latitude and longitude: the candidate look-up, never a
scan), `document_fingerprints` and `fingerprint_bands` (MinHash and its LSH band keys),
`document_links` (near-duplicate documents).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..dedup.canonical import ClusterMember, EventCluster, MemberRow, canonical, cluster_id, summarise
from ..dedup.clustering import Candidate, Links, Placement, links, place
from ..dedup.features import EventFeatures, box, features
from ..model import UNREAL, Document, Event
from ..query import EventQuery
from .actors_sql import canonical_ids
from .clock import now
from .dbapi import Connection
from .records import type_span_filters

MAX_CANDIDATES = 500  # events read back for one look-up (an unlocated event sees its whole country)
MAX_LINKS = 5  # near-duplicate documents linked to one document

#: (event id, cluster id) of the events whose window overlaps a box (`dedup.features.box`, then a limit).
CANDIDATES_SQL = (
    "SELECT m.event_id, m.cluster_id FROM event_boxes b JOIN cluster_members m ON m.id = b.id "
    "WHERE b.day1 >= ? AND b.day0 <= ? AND b.family1 >= ? AND b.family0 <= ? AND b.country1 >= ? "
    "AND b.country0 <= ? AND b.lat1 >= ? AND b.lat0 <= ? AND b.lon1 >= ? AND b.lon0 <= ? LIMIT ?")


@dataclass(frozen=True, slots=True)
class DocumentLink:
    """`doc_id` nearly duplicates `original_id` (published or stored earlier): a repost, wire copy
    or quotation. `jaccard`: shared word 5-shingles; `containment`: of the smaller text in the larger."""

    doc_id: str
    original_id: str
    jaccard: float
    containment: float

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "original_id": self.original_id, "jaccard": self.jaccard,
                "containment": self.containment}


# -- writing: a document's turn ------------------------------------------------------------------------

def detach_document(c: Connection, doc_id: str) -> list[str]:
    """Before a document's extraction is rewritten: drop its fingerprint, links and the rows of the
    clusters its events are in; returns the other members of those clusters, to be placed again."""
    clusters = [r[0] for r in c.execute("SELECT DISTINCT cluster_id FROM cluster_members WHERE doc_id = ?",
                                        (doc_id,))]
    others = _members(c, clusters, exclude_doc=doc_id)
    _forget_clusters(c, clusters)
    c.execute("DELETE FROM cluster_members WHERE doc_id = ?", (doc_id,))
    c.execute("DELETE FROM document_fingerprints WHERE doc_id = ?", (doc_id,))
    c.execute("DELETE FROM fingerprint_bands WHERE doc_id = ?", (doc_id,))
    c.execute("DELETE FROM document_links WHERE doc_id = ? OR original_id = ?", (doc_id, doc_id))
    return others


def index_document(c: Connection, doc: Document, events: Sequence[Event], *, dedup: bool,
                   again: Sequence[str] = ()) -> None:
    """After a document's extraction is written: fingerprint it and link its near-duplicates (dedup
    on), then place its events, and `again` (members of clusters it was in before), in clusters."""
    if dedup:
        _fingerprint(c, doc)
    Placer(c, dedup=dedup).run([*events, *_load(c, again)])


def recluster(c: Connection, event_ids: Sequence[str]) -> list[str]:
    """Place these events, and every member of the clusters they are in, again (dedup on, analysts'
    decisions in force); returns the ids of the clusters that now hold them."""
    clusters = [r[0] for r in _in_chunks(c, "SELECT DISTINCT cluster_id FROM cluster_members WHERE event_id IN ({})",
                                         list(event_ids))]
    again = sorted(set(_members(c, clusters)) | set(event_ids))
    _forget_clusters(c, clusters)
    Placer(c, dedup=True).run(_load(c, again))
    return sorted({r[0] for r in _in_chunks(c, "SELECT cluster_id FROM cluster_members WHERE event_id IN ({})",
                                            list(event_ids))})


def unchecked(c: Connection, limit: int) -> list[str]:
    """Events stored with dedup off (or before it existed), oldest reports first."""
    return [r[0] for r in c.execute("SELECT event_id FROM cluster_members WHERE how = 'unchecked' "
                                    "ORDER BY reported, doc_id, event_id LIMIT ?", (limit,))]


class Placer:
    """Places events one by one (report time, document, id), each against what is placed so far;
    feature vectors of the events it reads are kept for the run."""

    def __init__(self, c: Connection, *, dedup: bool) -> None:
        self.c = c
        self.dedup = dedup
        self.canon = canonical_ids(c) if dedup else {}
        self.links = _decision_links(c) if dedup else Links()
        self.docs: dict[str, tuple[str | None, str | None, frozenset[str]]] = {}
        self.seen: dict[str, EventFeatures] = {}
        self.pending: set[str] = set()
        self.touched: set[str] = set()
        self.copies: dict[str, dict[str, float]] = {}

    def run(self, events: Sequence[Event]) -> None:
        if not events:
            return
        self._docs({e.doc_id for e in events})
        todo = {e.event_id: self._features(e) for e in events}
        self.pending = set(todo)
        for f in sorted(todo.values(), key=lambda f: (f.reported or "9999", f.doc_id, f.event_id)):
            self._place(f)  # while pending, its own stale row counts for no cluster
            self.pending.discard(f.event_id)
        self._finish()

    def _place(self, x: EventFeatures) -> None:
        together = self.links.together.get(x.event_id, frozenset()) - {x.event_id}
        if not self.dedup:
            placed = Placement(None, "unchecked", 0.0, "stored with dedup off")
        elif x.mergeable or together or self._reposts(x.doc_id):
            found = self._candidates(x, together)
            clusters = _members_by_cluster(self.c, {cid for _, cid in found}, self.pending)
            cands = [Candidate(self.seen[eid], cid) for eid, cid in found if eid in self.seen]
            placed = place(x, cands, clusters={k: set(v) for k, v in clusters.items()},
                           cluster_docs={k: set(v.values()) for k, v in clusters.items()}, links=self.links,
                           reposts=self._reposts(x.doc_id))
            if not (x.mergeable or together) and placed.how != "repost":
                # a repost's event joins the original's whatever its date; otherwise an undated or unreal
                # event is compared with nothing
                placed = Placement(None, "seed", 0.0, _unmergeable(x))
        else:
            placed = Placement(None, "seed", 0.0, _unmergeable(x))
        cid = placed.cluster or cluster_id([x.event_id])
        for other in placed.absorbs:
            self.c.execute("UPDATE cluster_members SET cluster_id = ? WHERE cluster_id = ?", (cid, other))
            _forget_clusters(self.c, [other])
            self.touched.discard(other)
        rid = self.c.execute(
            "INSERT INTO cluster_members (event_id, cluster_id, doc_id, how, score, reason, matched, reported) "
            "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (event_id) DO UPDATE SET cluster_id = excluded.cluster_id, "
            "how = excluded.how, score = excluded.score, reason = excluded.reason, matched = excluded.matched, "
            "reported = excluded.reported RETURNING id",
            (x.event_id, cid, x.doc_id, placed.how, placed.score, placed.reason, placed.matched,
             x.reported)).fetchone()[0]
        window = box(x) if self.dedup else None
        if window is not None:
            self.c.execute("INSERT OR REPLACE INTO event_boxes VALUES (?,?,?,?,?,?,?,?,?,?,?)", (rid, *window))
        self.touched.add(cid)

    def _candidates(self, x: EventFeatures, together: frozenset[str]) -> list[tuple[str, str]]:
        """(event id, cluster id) of the events whose window overlaps x's, of the events an analyst
        merged with it and of the events of documents its document nearly duplicates."""
        found: dict[str, str] = {}
        window = box(x)
        if window is not None:
            found.update(self.c.execute(CANDIDATES_SQL, (*window, MAX_CANDIDATES)))
        reposts = self._reposts(x.doc_id)
        extra = [*together, *(r[0] for r in _in_chunks(
            self.c, "SELECT event_id FROM cluster_members WHERE doc_id IN ({})", sorted(reposts)))]
        for eid, cid in _in_chunks(self.c, "SELECT event_id, cluster_id FROM cluster_members WHERE event_id IN ({})",
                                   sorted(set(extra) - set(found))):
            found[eid] = cid
        for e in (e for e in list(found) if e in self.pending or e == x.event_id):
            del found[e]
        self._ensure(list(found))
        return sorted(found.items())

    def _reposts(self, doc_id: str) -> dict[str, float]:
        """The documents this one nearly duplicates (either way), with their similarity."""
        if not self.dedup:
            return {}
        if doc_id not in self.copies:
            self.copies[doc_id] = {str(other): float(j) for other, j in self.c.execute(
                "SELECT original_id, max(jaccard, containment) FROM document_links WHERE doc_id = ? UNION ALL "
                "SELECT doc_id, max(jaccard, containment) FROM document_links WHERE original_id = ?",
                (doc_id, doc_id))}
        return self.copies[doc_id]

    def _ensure(self, event_ids: list[str]) -> None:
        """Features of these stored events (read once per run)."""
        missing = [e for e in event_ids if e not in self.seen]
        if missing:
            events = _load(self.c, missing)
            self._docs({e.doc_id for e in events})
            for e in events:
                self._features(e)

    def _features(self, e: Event) -> EventFeatures:
        reported, focus, places = self.docs.get(e.doc_id, (None, None, frozenset()))
        f = features(e, reported=reported, canon=self.canon, doc_places=places, focus_country=focus)
        self.seen[e.event_id] = f
        return f

    def _docs(self, doc_ids: set[str]) -> None:
        """Report time, country and named places of these documents (read once per run). The country
        (for events without a place) is the one most of the document's places are in, else its focus."""
        missing = sorted(doc_ids - set(self.docs))
        if not missing:
            return
        places: dict[str, set[str]] = defaultdict(set)
        countries: dict[str, Counter[str]] = defaultdict(Counter)
        for doc, pid, name, text, country in _in_chunks(
                self.c, "SELECT doc_id, place_id, name, text, country FROM place_mentions WHERE doc_id IN ({})",
                missing):
            places[doc] |= {x for x in (pid, (name or "").lower(), (text or "").lower()) if x}
            if country:
                countries[doc][country] += 1
        for doc, reported, focus in _in_chunks(
                self.c, "SELECT doc_id, coalesce(published, ingested_at), focus_country FROM documents "
                "WHERE doc_id IN ({})", missing):
            top = countries[doc].most_common(1)
            self.docs[doc] = (reported, top[0][0] if top else focus, frozenset(places.get(doc, ())))

    def _finish(self) -> None:
        """Give each touched cluster its id (from its members) and its row."""
        members = _member_rows(self.c, sorted(self.touched))
        docs = {r.doc_id for rows in members.values() for r in rows}
        pairs = list(_in_chunks(self.c, "SELECT doc_id, original_id FROM document_links WHERE doc_id IN ({})",
                                sorted(docs)))
        _forget_clusters(self.c, sorted(self.touched))
        renamed = {old: cluster_id(r.event_id for r in rows) for old, rows in members.items()}
        renamed = {old: new for old, new in renamed.items() if new != old}
        for old in sorted(renamed):  # in two steps, so that no new id meets an old one
            self.c.execute("UPDATE cluster_members SET cluster_id = ? WHERE cluster_id = ?", ("~" + old, old))
        for old, new in sorted(renamed.items()):
            self.c.execute("UPDATE cluster_members SET cluster_id = ? WHERE cluster_id = ?", (new, "~" + old))
        for old, rows in sorted(members.items()):
            row = summarise(renamed.get(old, old), rows, pairs)
            self.c.execute(
                "INSERT OR REPLACE INTO event_clusters (cluster_id, type, date_start, date_end, location_name, "
                "admin1, country, lat, lon, reports, sources, independent_sources, first_reported, last_reported) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (row.cluster_id, row.type, row.date_start, row.date_end, row.place, row.admin1, row.country,
                 row.lat, row.lon, row.reports, row.sources, row.independent_sources, row.first_reported,
                 row.last_reported))
        self.touched.clear()


def _unmergeable(x: EventFeatures) -> str:
    if x.certainty in UNREAL:
        return "the text says it did not or might happen"
    return "its date is too vague to compare, and its place too"


def _fingerprint(c: Connection, doc: Document) -> None:
    """Store the document's MinHash and band keys, and link the documents it nearly duplicates."""
    from ..dedup.fingerprint import Fingerprint, fingerprint, similarity

    fp = fingerprint("\n".join(s.text for s in doc.extractable()))
    if fp is None:
        return
    bands = fp.bands()
    others = sorted({r[0] for r in _in_chunks(
        c, "SELECT doc_id FROM fingerprint_bands WHERE band IN ({})", bands)} - {doc.doc_id})
    c.execute("INSERT OR REPLACE INTO document_fingerprints (doc_id, signature, shingles) VALUES (?,?,?)",
              (doc.doc_id, fp.to_bytes(), fp.size))
    c.executemany("INSERT OR IGNORE INTO fingerprint_bands (band, doc_id) VALUES (?,?)",
                  [(b, doc.doc_id) for b in bands])
    found = []
    for other, sig, size, reported in _in_chunks(
            c, "SELECT f.doc_id, f.signature, f.shingles, coalesce(d.published, d.ingested_at) "
            "FROM document_fingerprints f JOIN documents d ON d.doc_id = f.doc_id WHERE f.doc_id IN ({})", others):
        sim = similarity(fp, Fingerprint.from_bytes(sig, size))
        if sim.near_duplicate:
            found.append((max(sim.jaccard, sim.containment), other, sim, reported))
    mine = c.execute("SELECT coalesce(published, ingested_at) FROM documents WHERE doc_id = ?",
                     (doc.doc_id,)).fetchone()[0]
    stamp = now()
    for _, other, sim, reported in sorted(found, reverse=True)[:MAX_LINKS]:
        copy, original = (doc.doc_id, other) if (mine, doc.doc_id) >= (reported, other) else (other, doc.doc_id)
        c.execute("INSERT OR REPLACE INTO document_links (doc_id, original_id, jaccard, containment, created_at) "
                  "VALUES (?,?,?,?,?)", (copy, original, sim.jaccard, sim.containment, stamp))


# -- reading -------------------------------------------------------------------------------------------

def cluster_ids(conn: Connection, q: EventQuery,
                member_filters: tuple[list[str], list[object]]) -> list[str]:
    """Canonical events matching the query, by date (undated last): type, dates and province are
    the canonical event's; every other filter holds when one of its reports matches it
    (`member_filters`: conditions on `events e`)."""
    where, args = type_span_filters(q, "c")
    conditions, values = member_filters
    if conditions:
        where.append("EXISTS (SELECT 1 FROM cluster_members m JOIN events e ON e.event_id = m.event_id "
                     f"WHERE m.cluster_id = c.cluster_id AND {' AND '.join(conditions)})")
        args.extend(values)
    sql = "SELECT c.cluster_id FROM event_clusters c" + (" WHERE " + " AND ".join(where) if where else "")
    undated_last = "" if q.until else "c.date_start IS NULL, "
    sql += f" ORDER BY {undated_last}c.date_start, c.cluster_id LIMIT ? OFFSET ?"
    args.extend([-1 if q.limit is None else q.limit, q.offset])
    return [str(r[0]) for r in conn.execute(sql, args)]


def membership(conn: Connection, clusters: Sequence[str]) -> dict[str, list[ClusterMember]]:
    out: dict[str, list[ClusterMember]] = defaultdict(list)
    for r in _in_chunks(conn, "SELECT cluster_id, event_id, doc_id, how, score, reason, matched, reported "
                        "FROM cluster_members WHERE cluster_id IN ({}) ORDER BY id", list(clusters)):
        out[r[0]].append(ClusterMember(*r[1:]))
    return out


def clusters_of(conn: Connection, event_ids: Sequence[str]) -> dict[str, str]:
    """Report id → its cluster id, for the reports that have a cluster row."""
    sql = "SELECT event_id, cluster_id FROM cluster_members WHERE event_id IN ({})"
    return {str(e): str(c) for e, c in _in_chunks(conn, sql, list(dict.fromkeys(event_ids)))}


def cluster_of(conn: Connection, cluster_or_event: str) -> str | None:
    """The cluster of a report, or the cluster itself; a canonical id no cluster has any more (merged
    into another) leads to the cluster of the report it was named after (`c` + the report's digits)."""
    row = conn.execute("SELECT cluster_id FROM cluster_members WHERE cluster_id = ? OR event_id = ? LIMIT 1",
                       (cluster_or_event, cluster_or_event)).fetchone()
    if row is None and cluster_or_event.startswith("c"):
        row = conn.execute("SELECT cluster_id FROM cluster_members WHERE event_id = ?",
                           ("e" + cluster_or_event[1:],)).fetchone()
    return str(row[0]) if row else None


def assemble(conn: Connection, clusters: Sequence[str], events: Iterable[Event]) -> list[EventCluster]:
    """Canonical events of these clusters (in this order) from their members' events as read; a
    cluster none of whose events is given (all rejected by analysts) is left out."""
    members = membership(conn, clusters)
    by_id = {e.event_id: e for e in events}
    docs = sorted({m.doc_id for ms in members.values() for m in ms})
    pairs = list(_in_chunks(conn, "SELECT doc_id, original_id FROM document_links WHERE doc_id IN ({})", docs))
    out = []
    for cid in clusters:
        found = [by_id[m.event_id] for m in members.get(cid, ()) if m.event_id in by_id]
        if found:
            info = {m.event_id: m for m in members[cid]}
            out.append(canonical(cid, found, info, pairs))
    return out


def document_links(conn: Connection, doc_id: str | None = None) -> list[DocumentLink]:
    sql = "SELECT doc_id, original_id, jaccard, containment FROM document_links"
    args: tuple[str, ...] = ()
    if doc_id:
        sql += " WHERE doc_id = ? OR original_id = ?"
        args = (doc_id, doc_id)
    return [DocumentLink(*r) for r in conn.execute(sql + " ORDER BY original_id, doc_id", args)]


# -- helpers -------------------------------------------------------------------------------------------

def _load(c: Connection, event_ids: Sequence[str]) -> list[Event]:
    """Stored events as extracted (no analysts' edits: clustering compares what the reports say)."""
    if not event_ids:
        return []
    from .records import query_events

    out: list[Event] = []
    ids = list(dict.fromkeys(event_ids))
    for i in range(0, len(ids), 500):
        out += query_events(c, EventQuery(event_ids=tuple(ids[i:i + 500]), review=("all",)))
    return out


def _decision_links(c: Connection) -> Links:
    return links((int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in c.execute(
        "SELECT id, kind, event_id, other_id FROM event_decisions WHERE kind IN ('merge', 'split') "
        "AND undone_at IS NULL"))


def _members(c: Connection, clusters: Sequence[str], exclude_doc: str | None = None) -> list[str]:
    rows = _in_chunks(c, "SELECT event_id, doc_id FROM cluster_members WHERE cluster_id IN ({})", list(clusters))
    return [str(e) for e, d in rows if d != exclude_doc]


def _members_by_cluster(c: Connection, clusters: set[str], pending: set[str]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for cid, eid, doc in _in_chunks(c, "SELECT cluster_id, event_id, doc_id FROM cluster_members "
                                    "WHERE cluster_id IN ({})", sorted(clusters)):
        if eid not in pending:
            out[cid][eid] = doc
    return out


def _member_rows(c: Connection, clusters: Sequence[str]) -> dict[str, list[MemberRow]]:
    out: dict[str, list[MemberRow]] = defaultdict(list)
    for r in _in_chunks(
            c, "SELECT m.cluster_id, e.event_id, e.doc_id, e.type, e.date_start, e.date_end, e.date_precision, "
            "e.location_name, e.place_id, e.admin1, e.country, e.lat, e.lon, e.precision, m.reported "
            "FROM cluster_members m JOIN events e ON e.event_id = m.event_id WHERE m.cluster_id IN ({})",
            list(clusters)):
        out[r[0]].append(MemberRow(*r[1:]))
    return out


def _forget_clusters(c: Connection, clusters: Sequence[str]) -> None:
    for i in range(0, len(clusters), 500):
        chunk = clusters[i:i + 500]
        c.execute(f"DELETE FROM event_clusters WHERE cluster_id IN ({','.join('?' * len(chunk))})", chunk)


def _in_chunks(c: Connection, sql: str, values: Sequence[Any], size: int = 500) -> list[Any]:
    """Rows of `sql` with its `IN ({})` filled by `values`, 500 at a time."""
    out: list[Any] = []
    for i in range(0, len(values), size):
        chunk = list(values[i:i + size])
        out += c.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
    return out


def with_member_filters(q: EventQuery) -> EventQuery:
    """The query whose filters are checked on a canonical event's reports (the rest are the
    canonical event's own: type, dates, province; paging is the canonical events')."""
    return replace(q, types=(), since=None, until=None, admin1=None, limit=None, offset=0)

