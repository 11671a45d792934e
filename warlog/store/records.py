"""SQLite rows for what extraction finds in a document (mentions, actors, events, relations):
written inside the document's transaction, read back as the typed records of `warlog.model`."""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..dates.value import DateValue
from ..model import (
    ActorKind,
    ActorMention,
    ActorRecord,
    Analysis,
    Certainty,
    Codebooks,
    Event,
    Evidence,
    Location,
    Relation,
    Span,
)
from ..query import EventQuery
from ..vocab import type_of
from .clock import now
from .dbapi import Connection
from .reviews_sql import query_filters as review_filters

EXTRACTION_TABLES = ("place_mentions", "date_mentions", "actor_mentions", "events", "relations")


def clear_extraction(c: Connection, doc_id: str) -> None:
    for table in EXTRACTION_TABLES:
        c.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))


def write_extraction(c: Connection, doc_id: str, analysis: Analysis) -> None:
    """Every row extraction found in one document (inside the document's transaction)."""
    _write_mentions(c, doc_id, analysis)
    stamp = now()
    c.executemany(
        "INSERT OR IGNORE INTO actors (actor_id, name, kind, country, aliases, parent, wikidata, source, "
        "first_seen) VALUES (?,?,?,?,?,?,?,?,?)",
        [(r.actor_id, r.name, str(r.kind), r.country, json.dumps(list(r.aliases)), r.parent, r.wikidata,
          r.source, stamp) for r in analysis.new_actors])
    c.executemany(
        'INSERT INTO actor_mentions (doc_id, actor_id, name, kind, country, segment, sentence, start, "end", '
        "surface, how, score, written) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(doc_id, m.actor_id, m.name, str(m.kind), m.country, m.span.segment, m.span.sentence, m.span.start,
          m.span.end, m.span.text, m.how, m.score, m.written) for m in analysis.actors])
    for e in analysis.events:
        _write_event(c, e)
    for r in analysis.relations:
        c.execute(
            "INSERT OR REPLACE INTO relations (relation_id, doc_id, subject_id, subject_name, subject_kind, "
            "relation, object_id, object_name, object_kind, former, date, certainty, pattern, confidence, "
            'extractor, segment, sentence, start, "end", quote, subject_start, subject_end, subject_surface, '
            "object_start, object_end, object_surface) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (r.relation_id, doc_id, r.subject.actor_id, r.subject.name, str(r.subject.kind), r.relation,
             r.object.actor_id, r.object.name, str(r.object.kind), int(r.former), r.date, r.certainty,
             r.pattern, r.confidence, r.extractor, r.evidence.segment, r.evidence.sentence, r.evidence.start,
             r.evidence.end, r.evidence.quote, r.subject.span.start, r.subject.span.end, r.subject.span.text,
             r.object.span.start, r.object.span.end, r.object.span.text))


def _write_mentions(c: Connection, doc_id: str, analysis: Analysis) -> None:
    c.executemany(
        'INSERT INTO place_mentions (doc_id, segment, sentence, start, "end", text, label, place_id, '
        "geonames_id, name, lat, lon, admin1, country, precision, relation, reason, score) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(doc_id, m.span.segment, m.span.sentence, m.span.start, m.span.end, m.span.text, m.label,
          m.location.place_id, m.location.geonames_id, m.location.name, m.location.lat, m.location.lon,
          m.location.admin1, m.location.country, m.location.precision, m.location.relation, m.reason,
          m.score) for m in analysis.places])
    c.executemany(
        'INSERT INTO date_mentions (doc_id, segment, sentence, start, "end", text, edtf, date_start, '
        "date_end, precision, relative_to) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(doc_id, m.span.segment, m.span.sentence, m.span.start, m.span.end, m.span.text,
          m.value.edtf if m.value else None, m.value.start if m.value else None,
          m.value.end if m.value else None, m.value.precision if m.value else None,
          m.value.relative_to if m.value else None) for m in analysis.dates])


def _write_event(c: Connection, e: Event) -> None:
    loc, d = e.location, e.date
    c.execute(
        "INSERT OR REPLACE INTO events (event_id, doc_id, type, modes, context, location_name, place_id, "
        "geonames_id, lat, lon, admin1, country, precision, relation, location_raw, location_reason, date_edtf, "
        "date_start, date_end, date_precision, date_raw, date_relative, date_reason, killed, wounded, detained, "
        "abducted, fatalities, count_reports, weapon, certainty, attributed_to, historical, confidence, extractor, "
        "acled_event_type, acled_sub_event_type, gtd_attack_type, cameo_root) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (e.event_id, e.doc_id, e.type, json.dumps(list(e.modes)), json.dumps(list(e.context)),
         loc.name if loc else None, loc.place_id if loc else None, loc.geonames_id if loc else None,
         loc.lat if loc else None, loc.lon if loc else None, loc.admin1 if loc else None,
         loc.country if loc else None, loc.precision if loc else None, loc.relation if loc else None,
         loc.raw if loc else None, e.location_reason, d.edtf if d else None, d.start if d else None,
         d.end if d else None, d.precision if d else None, d.raw if d else None, d.relative_to if d else None,
         e.date_reason, e.counts.get("killed"), e.counts.get("wounded"), e.counts.get("detained"),
         e.counts.get("abducted"), e.fatalities, json.dumps({k: list(v) for k, v in e.count_reports.items()}),
         e.weapon, e.certainty, e.attributed_to, int(e.historical), e.confidence, e.extractor,
         *((cb.acled_event_type, cb.acled_sub_event_type, cb.gtd_attack_type, cb.cameo_root)
           if (cb := e.codebooks) else (None, None, None, None))))
    rows = [(e.event_id, role, i, m.actor_id, m.name, str(m.kind), m.country, m.span.segment, m.span.sentence,
             m.span.start, m.span.end, m.span.text, m.how, m.written)
            for role, people in (("actor", e.actors), ("recipient", e.recipients)) for i, m in enumerate(people)]
    c.executemany(
        "INSERT INTO event_participants (event_id, role, seq, actor_id, name, kind, country, segment, sentence, "
        'start, "end", surface, how, written) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)', rows)
    c.executemany(
        'INSERT INTO event_evidence (event_id, seq, doc_id, segment, sentence, start, "end", quote) '
        "VALUES (?,?,?,?,?,?,?,?)",
        [(e.event_id, i, v.doc_id, v.segment, v.sentence, v.start, v.end, v.quote) for i, v in enumerate(e.evidence)])


# -- reading -----------------------------------------------------------------------------------------

EVENT_COLUMNS = (
    "event_id, doc_id, type, modes, context, location_name, place_id, geonames_id, lat, lon, admin1, country, "
    "precision, relation, location_raw, location_reason, date_edtf, date_start, date_end, date_precision, "
    "date_raw, date_relative, date_reason, killed, wounded, detained, abducted, fatalities, count_reports, "
    "weapon, certainty, attributed_to, historical, confidence, extractor, acled_event_type, acled_sub_event_type, "
    "gtd_attack_type, cameo_root")


def query_events(conn: Connection, q: EventQuery) -> list[Event]:
    where, args = event_filters(conn, q)
    sql = f"SELECT {EVENT_COLUMNS} FROM events e"
    if where:
        sql += " WHERE " + " AND ".join(where)
    # `date_start <= until` leaves undated events out, so "undated last" is then constant: ordering by
    # date_start alone is the same order, and lets an index on (..., date_start) stop after LIMIT rows.
    undated_last = "" if q.until else "e.date_start IS NULL, "
    sql += f" ORDER BY {undated_last}e.date_start, e.doc_id, e.event_id LIMIT ? OFFSET ?"
    args.extend([-1 if q.limit is None else q.limit, q.offset])
    rows = conn.execute(sql, args).fetchall()
    return _events(conn, rows)


def type_span_filters(q: EventQuery, table: str) -> tuple[list[str], list[object]]:
    """The type, date-range and province filters as SQL conditions on `table` (an alias of `events` or
    of `event_clusters`, which have the same columns for them)."""
    where: list[str] = []
    args: list[object] = []
    if q.types:
        where.append(f"{table}.type IN ({','.join('?' * len(q.types))})")
        args.extend(t.upper() for t in q.types)
    if q.since:
        where.append(f"coalesce({table}.date_end, {table}.date_start) >= ?")
        args.append(q.since)
    if q.until:
        where.append(f"{table}.date_start <= ?")
        args.append(q.until)
    if q.admin1:
        where.append(f"{table}.admin1 = ?")
        args.append(q.admin1)
    return where, args


def event_filters(conn: Connection, q: EventQuery) -> tuple[list[str], list[object]]:
    """The query's filters as SQL conditions on `events e` (paging and order are the caller's)."""
    where: list[str] = []
    args: list[object] = []
    if q.cluster_id:
        where.append("e.event_id IN (SELECT event_id FROM cluster_members WHERE cluster_id = ?)")
        args.append(q.cluster_id)
    if q.doc_id:
        where.append("e.doc_id = ?")
        args.append(q.doc_id)
    type_where, type_args = type_span_filters(q, "e")
    where += type_where
    args += type_args
    if q.place:
        where.append("(e.location_name LIKE ? OR e.admin1 LIKE ? OR e.country = ? OR e.location_raw LIKE ?)")
        args.extend([f"%{q.place}%", f"%{q.place}%", q.place.upper(), f"%{q.place}%"])
    if q.actor:
        where.append("e.event_id IN (SELECT event_id FROM event_participants WHERE actor_id = ? "
                     "OR name LIKE ? OR surface LIKE ?)")
        args.extend([q.actor, f"%{q.actor}%", f"%{q.actor}%"])
    if q.actor_ids:
        where.append(f"e.event_id IN (SELECT event_id FROM event_participants WHERE actor_id IN "
                     f"({','.join('?' * len(q.actor_ids))}))")
        args.extend(q.actor_ids)
    review_where, review_args = review_filters(conn, q)  # review status, certainty, text, ids
    where += review_where
    args += review_args
    return where, args


def _events(conn: Connection, rows: list[tuple[object, ...]]) -> list[Event]:
    if not rows:
        return []
    ids = [str(r[0]) for r in rows]
    people: dict[str, dict[str, list[ActorMention]]] = {i: {"actor": [], "recipient": []} for i in ids}
    evidence: dict[str, list[Evidence]] = {i: [] for i in ids}
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(
                f"SELECT event_id, role, actor_id, name, kind, country, segment, sentence, start, \"end\", "
                f"surface, how, written FROM event_participants WHERE event_id IN ({marks}) "
                f"ORDER BY event_id, role, seq", chunk):
            people[r[0]][r[1]].append(ActorMention(Span(r[6], r[7], r[8], r[9], r[10]), r[2], r[3],
                                                   ActorKind(r[4]), r[5], r[11], written=r[12]))
        for r in conn.execute(
                f'SELECT event_id, doc_id, segment, sentence, start, "end", quote FROM event_evidence '
                f"WHERE event_id IN ({marks}) ORDER BY event_id, seq", chunk):
            evidence[r[0]].append(Evidence(*r[1:]))
    out = []
    for r in rows:
        eid = str(r[0])
        location = None if r[15] is None and r[6] is None and r[14] is None else Location(
            raw=str(r[14] or ""), name=_s(r[5]), place_id=_s(r[6]), geonames_id=_i(r[7]), lat=_f(r[8]),
            lon=_f(r[9]), admin1=_s(r[10]), country=_s(r[11]), precision=_i(r[12]), relation=_s(r[13]))
        date = None if r[16] is None else DateValue(str(r[16]), _s(r[17]), _s(r[18]), str(r[19]), str(r[20] or ""),
                                                    _s(r[21]))
        counts = {k: int(str(v)) for k, v in zip(("killed", "wounded", "detained", "abducted"), r[23:27],
                                                 strict=True) if v is not None}
        reports = {k: tuple(v) for k, v in json.loads(str(r[28])).items()}
        out.append(Event(
            event_id=eid, doc_id=str(r[1]), type=type_of(str(r[2])), modes=tuple(json.loads(str(r[3]))),
            context=tuple(json.loads(str(r[4]))), actors=tuple(people[eid]["actor"]),
            recipients=tuple(people[eid]["recipient"]), evidence=tuple(evidence[eid]), extractor=str(r[34]),
            location=location, location_reason=_s(r[15]), date=date, date_reason=_s(r[22]), counts=counts,
            count_reports=reports, fatalities=_i(r[27]), weapon=_s(r[29]), certainty=Certainty(str(r[30])),
            attributed_to=_s(r[31]), historical=bool(r[32]), confidence=float(str(r[33])),
            codebooks=Codebooks(_s(r[35]), _s(r[36]), _s(r[37]), _s(r[38]))))
    return out


def query_relations(conn: Connection, doc_id: str | None = None, actor: str | None = None,
                    limit: int | None = None, actor_ids: Iterable[str] = ()) -> list[Relation]:
    sql = ("SELECT relation_id, doc_id, subject_id, subject_name, subject_kind, relation, object_id, object_name, "
           "object_kind, former, date, certainty, pattern, confidence, extractor, segment, sentence, start, "
           '"end", quote, subject_start, subject_end, subject_surface, object_start, object_end, object_surface '
           "FROM relations")
    where: list[str] = []
    args: list[object] = []
    if doc_id:
        where.append("doc_id = ?")
        args.append(doc_id)
    if actor:
        where.append("(subject_id = ? OR object_id = ? OR subject_name LIKE ? OR object_name LIKE ?)")
        args.extend([actor, actor, f"%{actor}%", f"%{actor}%"])
    ids = list(actor_ids)
    if ids:
        marks = ",".join("?" * len(ids))
        where.append(f"(subject_id IN ({marks}) OR object_id IN ({marks}))")
        args.extend(ids + ids)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY doc_id, start, relation_id LIMIT ?"
    args.append(-1 if limit is None else limit)
    out = []
    for r in conn.execute(sql, args):
        ev = Evidence(r[1], r[15], r[16], r[17], r[18], r[19])
        subj = ActorMention(Span(r[15], r[16], r[20], r[21], r[22]), r[2], r[3], ActorKind(r[4]))
        obj = ActorMention(Span(r[15], r[16], r[23], r[24], r[25]), r[6], r[7], ActorKind(r[8]))
        out.append(Relation(r[0], r[1], subj, r[5], obj, ev, r[14], bool(r[9]), r[10], r[11], r[12], r[13]))
    return out


def stored_actors(conn: Connection, ids: Iterable[str]) -> list[ActorRecord]:
    out = []
    for chunk in _chunks(list(ids), 500):
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(f"SELECT actor_id, name, kind, country, aliases, parent, wikidata, source "
                              f"FROM actors WHERE actor_id IN ({marks})", chunk):
            out.append(ActorRecord(r[0], r[1], ActorKind(r[2]), r[3], tuple(json.loads(r[4])), r[5], r[6], r[7]))
    return out


def _chunks(items: list[str], n: int) -> Iterable[list[str]]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _s(v: object) -> str | None:
    return None if v is None else str(v)


def _i(v: object) -> int | None:
    return None if v is None else int(str(v))


def _f(v: object) -> float | None:
    return None if v is None else float(str(v))
