"""What the SQL stores share: every `Store` method written once over a DB-API connection in SQLite's
dialect (`dbapi.Connection`; the PostgreSQL connection translates it, warlog/store/postgres.py). A
backend adds how it connects and migrates, its transactions, full-text search, its size and backup.

Every write is one transaction (`_tx`): a crash loses at most the document in flight, and a failed
write leaves what was stored before untouched.
"""

from __future__ import annotations

import json
import zlib
from abc import abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from ..dates.value import DateValue
from ..dedup.canonical import canonical, cluster_id
from ..errors import NotFound, SchemaVersionError, StoreError
from ..ids import canonical_url
from ..model import (
    ActorKind,
    ActorMention,
    ActorRecord,
    Analysis,
    DateMention,
    Document,
    Event,
    IngestStatus,
    Location,
    Media,
    PlaceMention,
    Rejection,
    Relation,
    Segment,
    SegmentKind,
    Span,
)
from ..query import EventQuery
from . import actors_sql, clusters_sql, reviews_sql
from .base import (
    ActorActivity,
    ActorInfo,
    Decision,
    DocumentInfo,
    DocumentLink,
    EventCluster,
    EventDecision,
    KnownInput,
    Stats,
    Store,
    StoredRejection,
    StoredVersion,
    Suggestion,
    User,
    WebSession,
)
from .clock import now
from .dbapi import Connection
from .records import (
    clear_extraction,
    event_filters,
    query_events,
    query_relations,
    stored_actors,
    write_extraction,
)
from .schema import LATEST, MIGRATIONS


class SQLStore(Store):
    """The shared SQL of every backend; subclasses connect, migrate, and provide the hooks below."""

    #: The driver's exceptions: a write that raises one becomes a StoreError.
    errors: tuple[type[Exception], ...] = ()

    def __init__(self, path: str, conn: Connection, *, dedup: bool | None = None) -> None:
        from ..settings import dedup_from_env

        self.path = path
        self.conn = conn
        self.dedup = dedup_from_env() if dedup is None else dedup  # merge reports across documents on write
        self._decisions_key: object = None  # see _event_decisions_in_force
        self._decisions: dict[str, list[EventDecision]] = {}

    # -- what a backend provides --
    @abstractmethod
    def _tx(self) -> AbstractContextManager[Connection]:
        """One write transaction (its connection), committed at the end, rolled back on an exception."""

    @abstractmethod
    def _changes_key(self) -> object:
        """A value that changes whenever the database does (a commit here or by another connection)."""

    @abstractmethod
    def _size_bytes(self) -> int:
        """The database's size on disk."""

    def _pending_migrations(self) -> list[tuple[int, str, str]]:
        """The migrations this database lacks (the table that records them created first); raises
        SchemaVersionError for a database newer than this warlog."""
        c = self.conn
        c.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                  "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        current = c.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]
        if current > LATEST:
            raise SchemaVersionError(
                f"database {self.path!r} has schema version {current}, newer than this warlog "
                f"understands ({LATEST}); upgrade warlog")
        return [m for m in MIGRATIONS if m[0] > current]

    def _after_copy(self, c: Connection) -> None:
        """After rows were copied in with their ids (transfer.copy_store): what the backend must set."""

    # -- schema --
    def schema_version(self) -> int:
        return int(self.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0])

    # -- writes --
    def stored_version(self, doc_id: str) -> StoredVersion | None:
        row = self.conn.execute("SELECT input_hash, segmenter, extractor FROM documents WHERE doc_id = ?",
                                (doc_id,)).fetchone()
        return StoredVersion(row[0], row[1], row[2]) if row else None

    def known_input(self, origin: str, content_hash: str) -> KnownInput | None:
        sql = ("SELECT doc_id, url, published, source, content_hash, input_hash, segmenter, extractor "
               "FROM documents WHERE {} = ? ORDER BY updated_at DESC, doc_id LIMIT 1")
        row = (self.conn.execute(sql.format("origin"), (origin,)).fetchone()
               or self.conn.execute(sql.format("content_hash"), (content_hash,)).fetchone())
        if row is None:
            return None
        return KnownInput(row[0], row[1], row[2], row[3], row[4], StoredVersion(row[5], row[6], row[7]))

    def write_document(self, doc: Document, raw: str | None = None,
                       analysis: Analysis | None = None) -> IngestStatus:
        stamp = now()
        extractor = analysis.extractor if analysis and not analysis.error else None  # a failed run is retried
        try:
            with self._tx() as c:
                row = c.execute("SELECT input_hash, segmenter, extractor FROM documents WHERE doc_id = ?",
                                (doc.doc_id,)).fetchone()
                if row and (row[0], row[1], row[2]) == (doc.input_hash, doc.segmenter, extractor):
                    return IngestStatus.UNCHANGED
                values = (doc.url, canonical_url(doc.url) if doc.url else None, doc.title,
                          doc.published, doc.source, doc.fetched, doc.origin, str(doc.media),
                          doc.content_hash, doc.input_hash, doc.segmenter, doc.text)
                if row:
                    c.execute("DELETE FROM segments WHERE doc_id = ?", (doc.doc_id,))
                    c.execute("UPDATE documents SET url=?, canonical_url=?, title=?, published=?, "
                              "source=?, fetched=?, origin=?, media=?, content_hash=?, input_hash=?, "
                              "segmenter=?, text=?, updated_at=? WHERE doc_id=?",
                              (*values, stamp, doc.doc_id))
                    status = IngestStatus.UPDATED
                else:
                    c.execute("INSERT INTO documents (url, canonical_url, title, published, source, "
                              "fetched, origin, media, content_hash, input_hash, segmenter, text, "
                              "ingested_at, updated_at, doc_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                              (*values, stamp, stamp, doc.doc_id))
                    status = IngestStatus.ADDED
                c.executemany(
                    'INSERT INTO segments (doc_id, seq, kind, start, "end", author, text) '
                    "VALUES (?,?,?,?,?,?,?)",
                    [(doc.doc_id, i, str(s.kind), s.start, s.end, s.author, s.text)
                     for i, s in enumerate(doc.segments)])
                c.execute("UPDATE documents SET extractor = ?, focus_country = ? WHERE doc_id = ?",
                          (extractor, analysis.focus_country if analysis else None, doc.doc_id))
                again = clusters_sql.detach_document(c, doc.doc_id) if row else []
                clear_extraction(c, doc.doc_id)
                if analysis is not None:
                    write_extraction(c, doc.doc_id, analysis)
                clusters_sql.index_document(c, doc, analysis.events if analysis else (), dedup=self.dedup,
                                            again=again)
                if raw is not None:
                    c.execute("INSERT OR REPLACE INTO raw_inputs (doc_id, media, codec, content) "
                              "VALUES (?, ?, 'zlib', ?)",
                              (doc.doc_id, str(doc.media), zlib.compress(raw.encode("utf-8"), 6)))
                return status
        except self.errors as exc:
            raise StoreError(f"could not store document {doc.doc_id} ({doc.origin}): {exc}; nothing "
                             "of it was written, documents stored before are untouched") from None

    def record_rejection(self, rejection: Rejection) -> None:
        stamp = now()
        try:
            with self._tx() as c:
                c.execute(
                    "INSERT INTO rejections (origin, reason, message, first_seen, last_seen) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (origin, reason) DO UPDATE SET "
                    "message = excluded.message, last_seen = excluded.last_seen, times = rejections.times + 1",
                    (rejection.origin, str(rejection.reason), rejection.message, stamp, stamp))
        except self.errors as exc:
            raise StoreError(f"could not record the rejection of {rejection.origin}: {exc}") from None

    # -- reads --
    def documents(self, *, limit: int | None = None, offset: int = 0,
                  source: str | None = None) -> list[DocumentInfo]:
        sql = ("SELECT doc_id, url, title, published, source, origin, media, "
               "(SELECT count(*) FROM segments s WHERE s.doc_id = d.doc_id), ingested_at "
               "FROM documents d")
        args: list[object] = []
        if source is not None:
            sql += " WHERE source = ?"
            args.append(source)
        sql += " ORDER BY rowid LIMIT ? OFFSET ?"
        args += [-1 if limit is None else limit, offset]
        return [DocumentInfo(*row) for row in self.conn.execute(sql, args)]

    def _resolve_id(self, doc_id: str) -> str:
        if self.conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone():
            return doc_id
        if len(doc_id) >= 6:
            rows = self.conn.execute("SELECT doc_id FROM documents WHERE doc_id LIKE ? || '%' LIMIT 3",
                                     (doc_id.replace("%", "").replace("_", ""),)).fetchall()
            if len(rows) == 1:
                return str(rows[0][0])
            if rows:
                raise NotFound(f"document id prefix {doc_id!r} is ambiguous "
                               f"({', '.join(r[0] for r in rows)}, ...); give more characters")
        raise NotFound(f"no document {doc_id!r} in {self.path}; `warlog docs` lists the ids")

    def document(self, doc_id: str) -> Document:
        doc_id = self._resolve_id(doc_id)
        row = self.conn.execute(
            "SELECT doc_id, text, media, origin, content_hash, input_hash, url, title, published, "
            "source, fetched, segmenter FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        segments = tuple(
            Segment(SegmentKind(kind), start, end, text, author)
            for kind, start, end, text, author in self.conn.execute(
                'SELECT kind, start, "end", text, author FROM segments WHERE doc_id = ? ORDER BY seq',
                (doc_id,)))
        return Document(doc_id=row[0], text=row[1], segments=segments, media=Media(row[2]),
                        origin=row[3], content_hash=row[4], input_hash=row[5], url=row[6], title=row[7],
                        published=row[8], source=row[9], fetched=row[10], segmenter=row[11])

    def raw_input(self, doc_id: str) -> str | None:
        row = self.conn.execute("SELECT content FROM raw_inputs WHERE doc_id = ?",
                                (self._resolve_id(doc_id),)).fetchone()
        return zlib.decompress(row[0]).decode("utf-8") if row else None

    def _mention_rows(self, select: str, doc_id: str | None, limit: int | None) -> list[Any]:
        """Rows of a mention table, one document's or all, in text order."""
        args: list[object] = []
        if doc_id is not None:
            select += " WHERE doc_id = ?"
            args.append(self._resolve_id(doc_id))
        args.append(-1 if limit is None else limit)
        return self.conn.execute(select + " ORDER BY doc_id, start LIMIT ?", args).fetchall()

    def place_mentions(self, doc_id: str | None = None, *, limit: int | None = None
                       ) -> list[tuple[str, PlaceMention]]:
        rows = self._mention_rows(
            'SELECT doc_id, segment, sentence, start, "end", text, label, place_id, geonames_id, name, '
            "lat, lon, admin1, country, precision, relation, reason, score FROM place_mentions", doc_id, limit)
        return [(r[0], PlaceMention(
                    span=Span(*r[1:6]), label=r[6], reason=r[16], score=r[17],
                    location=Location(raw=r[5], name=r[9], place_id=r[7], geonames_id=r[8], lat=r[10],
                                      lon=r[11], admin1=r[12], country=r[13], precision=r[14],
                                      relation=r[15])))
                for r in rows]

    def date_mentions(self, doc_id: str | None = None, *, limit: int | None = None
                      ) -> list[tuple[str, DateMention]]:
        rows = self._mention_rows(
            'SELECT doc_id, segment, sentence, start, "end", text, edtf, date_start, date_end, '
            "precision, relative_to FROM date_mentions", doc_id, limit)
        out = []
        for r in rows:
            value = DateValue(r[6], r[7], r[8], r[9], r[5], r[10]) if r[6] is not None else None
            out.append((r[0], DateMention(Span(*r[1:6]), value)))
        return out

    def actor_mentions(self, doc_id: str) -> list[ActorMention]:
        rows = self._mention_rows('SELECT actor_id, name, kind, country, segment, sentence, start, "end", surface, '
                                  "how, score, written FROM actor_mentions", doc_id, None)
        return [ActorMention(Span(r[4], r[5], r[6], r[7], r[8]), r[0], r[1], ActorKind(r[2]), r[3], r[9], r[10],
                             r[11]) for r in rows]

    def events(self, query: EventQuery | None = None) -> list[Event]:
        q = query or EventQuery()
        if q.doc_id:
            from dataclasses import replace

            q = replace(q, doc_id=self._resolve_id(q.doc_id))
        return reviews_sql.reviewed_events(self.conn, q, query_events, self._event_decisions_in_force())

    def _event_decisions_in_force(self) -> dict[str, list[EventDecision]]:
        """The analysts' event decisions in force, read again only when the database changed (a commit
        here or by another connection): an events query of a store nobody reviewed costs no extra read."""
        key = self._changes_key()
        if self._decisions_key != key:
            self._decisions = reviews_sql.active_by_event(self.conn) if reviews_sql.any_decisions(self.conn) else {}
            self._decisions_key = key
        return self._decisions

    def relations(self, *, doc_id: str | None = None, actor: str | None = None,
                  limit: int | None = None, actor_ids: Sequence[str] = ()) -> list[Relation]:
        return query_relations(self.conn, self._resolve_id(doc_id) if doc_id else None, actor, limit, actor_ids)

    # -- canonical events (SQL in clusters_sql, decisions in warlog.dedup) --
    def event_clusters(self, query: EventQuery | None = None) -> list[EventCluster]:
        from dataclasses import replace

        q = query or EventQuery()
        if q.doc_id:
            q = replace(q, doc_id=self._resolve_id(q.doc_id))
        members = event_filters(self.conn, clusters_sql.with_member_filters(q))
        return self._assemble(clusters_sql.cluster_ids(self.conn, q, members), q.review)

    def event_cluster(self, cluster_or_event_id: str) -> EventCluster:
        cid = clusters_sql.cluster_of(self.conn, cluster_or_event_id)
        found = self._assemble([cid], ()) if cid else []
        if not found:
            raise NotFound(f"no canonical event {cluster_or_event_id!r} (or every report of it was rejected); "
                           "`warlog events --format json` lists the ids")
        return found[0]

    def event_clusters_of(self, event_ids: Sequence[str]) -> list[EventCluster]:
        of = clusters_sql.clusters_of(self.conn, event_ids)
        found = self._assemble(sorted(set(of.values())), ())
        alone = tuple(e for e in dict.fromkeys(event_ids) if e not in of)
        if alone:
            found += [canonical(cluster_id([e.event_id]), [e], {}) for e in self.events(EventQuery(event_ids=alone))]

        def by_date(c: EventCluster) -> tuple[bool, str, str]:
            start = c.event.date.start if c.event.date else None
            return start is None, start or "", c.cluster_id
        return sorted(found, key=by_date)

    def _assemble(self, clusters: list[str], review: tuple[str, ...]) -> list[EventCluster]:
        """Canonical events of these clusters from their reports as read (analysts' decisions applied)."""
        ids = [m.event_id for ms in clusters_sql.membership(self.conn, clusters).values() for m in ms]
        events = [e for i in range(0, len(ids), 500)
                  for e in self.events(EventQuery(event_ids=tuple(ids[i:i + 500]), review=review))]
        return clusters_sql.assemble(self.conn, clusters, events)

    def recluster(self, event_ids: Sequence[str]) -> list[str]:
        with self._tx() as c:
            return clusters_sql.recluster(c, list(event_ids))

    def dedup_unchecked(self, *, batch: int = 1000) -> int:
        done = 0
        while True:
            with self._tx() as c:
                ids = clusters_sql.unchecked(c, batch)
                if ids:
                    clusters_sql.recluster(c, ids)
            if not ids:
                return done
            done += len(ids)

    def document_links(self, doc_id: str | None = None) -> list[DocumentLink]:
        return clusters_sql.document_links(self.conn, self._resolve_id(doc_id) if doc_id else None)

    def actors(self, *, kind: str | None = None, country: str | None = None, search: str | None = None,
               ids: list[str] | None = None, limit: int | None = None) -> list[ActorInfo]:
        return actors_sql.actor_infos(self.conn, kind=kind, country=country, search=search, ids=ids, limit=limit)

    def find_actor(self, name_or_id: str) -> str:
        return actors_sql.find_actor(self.conn, name_or_id)

    def actor_activity(self, actor_ids: Sequence[str], *, latest: int) -> ActorActivity:
        ids = sorted(set(actor_ids))
        marks = ",".join("?" * len(ids))
        rejected = reviews_sql.rejected_ids(self._event_decisions_in_force())
        skip = ""
        if rejected:  # few: analysts' rejections
            skip = " AND event_id NOT IN (SELECT value FROM json_each(?))"
        args: list[object] = [*ids, json.dumps(list(rejected))] if rejected else list(ids)
        by_role = dict(self.conn.execute(
            f"SELECT role, count(DISTINCT event_id) FROM event_participants WHERE actor_id IN ({marks}){skip} "
            "GROUP BY role", args).fetchall())
        events = self.conn.execute(
            f"SELECT count(DISTINCT event_id) FROM event_participants WHERE actor_id IN ({marks}){skip}",
            args).fetchone()[0]
        relations = self.conn.execute(
            f"SELECT count(*) FROM relations WHERE subject_id IN ({marks}) OR object_id IN ({marks})",
            ids + ids).fetchone()[0]
        # newest first by the ids alone (the sorter holds three columns, not whole events)
        newest = [str(r[0]) for r in self.conn.execute(
            f"SELECT e.event_id FROM events e WHERE e.event_id IN (SELECT event_id FROM event_participants "
            f"WHERE actor_id IN ({marks}){skip}) ORDER BY e.date_start IS NULL, e.date_start DESC, "
            "e.doc_id DESC, e.event_id DESC LIMIT ?", [*args, latest])]
        return ActorActivity(int(by_role.get("actor", 0)), int(by_role.get("recipient", 0)), int(events),
                             int(relations), tuple(newest))

    def actor_members(self, actor_id: str) -> set[str]:
        return actors_sql.members_of(self.conn, actor_id)

    def decide(self, kind: str, subject: str, obj: str, *, author: str, note: str | None = None) -> int:
        with self._tx() as c:
            return actors_sql.record_decision(c, kind, subject, obj, author, note)

    def undo_decision(self, decision_id: int) -> None:
        with self._tx() as c:
            actors_sql.undo_decision(c, decision_id)

    def decisions(self, actor_id: str | None = None) -> list[Decision]:
        return actors_sql.decisions(self.conn, actor_id)

    def save_suggestions(self, found: list[Suggestion]) -> int:
        with self._tx() as c:
            return actors_sql.replace_suggestions(c, found)

    def suggestions(self, actor_id: str | None = None) -> list[Suggestion]:
        return actors_sql.suggestions(self.conn, actor_id)

    def actor_records(self, ids: list[str]) -> list[ActorRecord]:
        return stored_actors(self.conn, ids)

    # -- analysts' decisions on events, users (SQL in reviews_sql) --
    def decide_event(self, kind: str, event_id: str, *, author: str, other_id: str | None = None,
                     field: str | None = None, value: object = None, note: str | None = None) -> int:
        with self._tx() as c:
            return reviews_sql.record(c, kind, event_id, author=author, other_id=other_id, field=field,
                                      value=value, note=note)

    def undo_event_decision(self, decision_id: int) -> EventDecision:
        with self._tx() as c:
            return reviews_sql.undo(c, decision_id)

    def event_decisions(self, event_id: str | None = None) -> list[EventDecision]:
        return reviews_sql.decisions(self.conn, event_id)

    def review_queue(self, *, limit: int = 50, offset: int = 0,
                     exclude_certainty: Sequence[str] = ()) -> list[Event]:
        ids = reviews_sql.queue_ids(self.conn, limit=limit, offset=offset, exclude_certainty=exclude_certainty)
        found = {e.event_id: e for e in self.events(EventQuery(event_ids=tuple(ids), review=("all",)))} if ids else {}
        return [found[i] for i in ids if i in found]

    def review_counts(self) -> dict[str, int]:
        return reviews_sql.status_counts(self.conn)

    def review_statuses(self, event_ids: Sequence[str]) -> dict[str, str]:
        return reviews_sql.statuses(self.conn, event_ids)

    def add_user(self, name: str, password_hash: str) -> User:
        with self._tx() as c:
            return reviews_sql.add_user(c, name, password_hash)

    def user(self, name: str) -> User | None:
        return reviews_sql.user(self.conn, name)

    def users(self) -> list[User]:
        return reviews_sql.users(self.conn)

    def set_user(self, name: str, *, disabled: bool | None = None, password_hash: str | None = None) -> None:
        with self._tx() as c:
            reviews_sql.set_user(c, name, disabled=disabled, password_hash=password_hash)

    def start_session(self, key: str, user: str, *, at: str, idle_before: str) -> WebSession:
        with self._tx() as c:
            return reviews_sql.start_session(c, key, user, at=at, idle_before=idle_before)

    def web_session(self, key: str) -> WebSession | None:
        return reviews_sql.web_session(self.conn, key)

    def touch_session(self, key: str, at: str) -> None:
        with self._tx() as c:
            reviews_sql.touch_session(c, key, at)

    def end_sessions(self, *, key: str | None = None, user: str | None = None) -> int:
        with self._tx() as c:
            return reviews_sql.end_sessions(c, key=key, user_name=user)

    def rejections(self, *, limit: int | None = None) -> list[StoredRejection]:
        rows = self.conn.execute("SELECT origin, reason, message, first_seen, last_seen, times "
                                 "FROM rejections ORDER BY last_seen DESC, id DESC LIMIT ?",
                                 (-1 if limit is None else limit,))
        return [StoredRejection(*r) for r in rows]

    def stats(self) -> Stats:
        c = self.conn
        docs, sources, first, last = c.execute(
            "SELECT count(*), count(DISTINCT source), min(published), max(published) FROM documents"
        ).fetchone()
        kinds = dict(c.execute("SELECT kind, count(*) FROM segments GROUP BY kind ORDER BY kind"))
        reasons = dict(c.execute("SELECT reason, count(*) FROM rejections GROUP BY reason ORDER BY reason"))
        extracted = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("events", "relations", "actor_mentions", "place_mentions", "date_mentions")}
        return Stats(documents=docs, segments_by_kind=kinds, rejections_by_reason=reasons, extracted=extracted,
                     sources=sources, first_published=first, last_published=last,
                     schema_version=self.schema_version(), path=self.path, size_bytes=self._size_bytes())
