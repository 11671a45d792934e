"""Analysts' decisions on events (`event_decisions`, migration 6), the web interface's users and their
login sessions (`web_sessions`, migration 10).

A decision is a row of its own, keyed by the event's deterministic id with no foreign key: re-extracting
a document rewrites its events, never a decision, and every read applies the decisions in force
(`warlog.review.effective`). An event's review status is the kind of its latest decision in force among
confirm, edit and reject (none: unreviewed).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..decisions import KINDS, STATUS_OF_KIND, STATUSES, EventDecision, effective, matches, sort_key, status
from ..errors import ConfigError, NotFound
from ..model import Event
from ..query import EventQuery
from .clock import now
from .dbapi import Connection

_STATUS_SQL = (
    "coalesce((SELECT CASE d.kind WHEN 'confirm' THEN 'confirmed' WHEN 'edit' THEN 'edited' ELSE 'rejected' END "
    "FROM event_decisions d WHERE d.event_id = e.event_id AND d.undone_at IS NULL "
    "AND d.kind IN ('confirm', 'edit', 'reject') ORDER BY d.id DESC LIMIT 1), 'unreviewed')")


@dataclass(frozen=True, slots=True)
class User:
    """A user of the web interface; `password_hash` is an argon2 hash (see `warlog.users`)."""

    name: str
    password_hash: str
    created_at: str
    disabled_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "created_at": self.created_at, "disabled_at": self.disabled_at}


@dataclass(frozen=True, slots=True)
class WebSession:
    """A login to the web desk, kept on the server so that logging out (or going idle) ends it whatever
    the browser still holds. `key` is the SHA-256 of the session id the cookie carries, never the id
    itself; `seen_at` is when it was last used (UTC, ISO 8601)."""

    key: str
    user: str
    created_at: str
    seen_at: str


# -- decisions ------------------------------------------------------------------------------------------

_COLUMNS = "id, kind, event_id, other_id, field, value, note, author, created_at, undone_at"


def _decision(r: Sequence[Any]) -> EventDecision:
    return EventDecision(r[0], r[1], r[2], r[3], r[4], None if r[5] is None else json.loads(r[5]), *r[6:])


def record(c: Connection, kind: str, event_id: str, *, author: str, other_id: str | None = None,
           field: str | None = None, value: Any = None, note: str | None = None) -> int:
    if kind not in KINDS:
        raise ConfigError(f"unknown decision {kind!r}; one of {', '.join(KINDS)}")
    if (kind in ("merge", "split")) != (other_id is not None):
        raise ConfigError(f"a {kind} decision {'needs' if kind in ('merge', 'split') else 'takes no'} other event")
    if other_id == event_id:
        raise ConfigError(f"cannot {kind} event {event_id} with itself")
    if (kind == "edit") != (field is not None):
        raise ConfigError("an edit names the field it changes; other decisions name none")
    for eid in (event_id, other_id):
        if eid is not None and not c.execute("SELECT 1 FROM events WHERE event_id = ?", (eid,)).fetchone():
            raise NotFound(f"no event {eid!r} in the store; `warlog events --format json` lists the ids")
    row = c.execute(
        "INSERT INTO event_decisions (kind, event_id, other_id, field, value, note, author, created_at) "
        "VALUES (?,?,?,?,?,?,?,?) RETURNING id",
        (kind, event_id, other_id, field, None if kind != "edit" else json.dumps(value, ensure_ascii=False),
         note, author, now())).fetchone()
    return int(row[0])


def undo(c: Connection, decision_id: int) -> EventDecision:
    row = c.execute(f"SELECT {_COLUMNS} FROM event_decisions WHERE id = ?", (decision_id,)).fetchone()
    if row is None:
        raise NotFound(f"no event decision {decision_id}; the event page lists its decisions")
    if row[9] is not None:
        raise ConfigError(f"event decision {decision_id} was already undone at {row[9]}")
    c.execute("UPDATE event_decisions SET undone_at = ? WHERE id = ?", (now(), decision_id))
    return _decision(row)


def decisions(conn: Connection, event_id: str | None = None, *, active_only: bool = False,
              event_ids: Sequence[str] | None = None) -> list[EventDecision]:
    """Decisions in the order they were made; on one event (also as the `other_id` of a merge or
    split), on a set of events, or all."""
    where: list[str] = []
    args: list[object] = []
    if event_id is not None:
        where.append("(event_id = ? OR other_id = ?)")
        args += [event_id, event_id]
    if event_ids is not None:
        if not event_ids:
            return []
        where.append("event_id IN (SELECT value FROM json_each(?))")  # any number of ids, one parameter
        args.append(json.dumps(list(event_ids)))
    if active_only:
        where.append("undone_at IS NULL")
    sql = f"SELECT {_COLUMNS} FROM event_decisions" + (" WHERE " + " AND ".join(where) if where else "")
    return [_decision(r) for r in conn.execute(sql + " ORDER BY id", args)]


def any_decisions(conn: Connection) -> bool:
    """Whether any event decision was ever recorded (a look-up of the largest id, no scan): reads of a
    store nobody reviewed skip the review layer."""
    return conn.execute("SELECT max(id) FROM event_decisions").fetchone()[0] is not None


def active_by_event(conn: Connection) -> dict[str, list[EventDecision]]:
    """Every decision in force, by the event it is about (analysts' decisions are few: read whole)."""
    out: dict[str, list[EventDecision]] = defaultdict(list)
    for d in decisions(conn, active_only=True):
        out[d.event_id].append(d)
    return dict(out)


def query_filters(conn: Connection, q: EventQuery) -> tuple[list[str], list[object]]:
    """SQL conditions (on `events e`) for the review-related filters of an EventQuery: review statuses
    asked for, certainty, free text, a set of event ids, ids to leave out. (The default, all but
    rejected events, is applied by `reviewed_events` as ids to leave out.)"""
    where: list[str] = []
    args: list[object] = []
    review = tuple(q.review)
    if review and "all" not in review:
        bad = set(review) - set(STATUSES)
        if bad:
            raise ConfigError(f"unknown review status {', '.join(sorted(bad))}; one of {', '.join(STATUSES)}, all")
        where.append(f"{_STATUS_SQL} IN ({','.join('?' * len(review))})")
        args += list(review)
    if q.certainty:
        where.append(f"e.certainty IN ({','.join('?' * len(q.certainty))})")
        args += list(q.certainty)
    if q.text:
        like = f"%{q.text}%"
        where.append("(e.event_id IN (SELECT event_id FROM event_evidence WHERE quote LIKE ?) "
                     "OR e.event_id IN (SELECT event_id FROM event_participants WHERE name LIKE ? OR surface LIKE ?) "
                     "OR e.location_name LIKE ? OR e.type LIKE ? OR e.weapon LIKE ? OR e.event_id = ?)")
        args += [like, like, like, like, like, like, q.text]
    if q.event_ids:  # as one JSON parameter: tens of thousands of ids (rejected events) stay one parameter
        where.append("e.event_id IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(list(q.event_ids)))
    if q.exclude_ids:
        where.append("e.event_id NOT IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(list(q.exclude_ids)))
    return where, args


#: the EventQuery fields that filter on what an edit can change
_EDITABLE_FILTERS = ("types", "since", "until", "place", "admin1", "actor", "actor_ids", "certainty", "text")


def rejected_ids(active: Mapping[str, Sequence[EventDecision]]) -> tuple[str, ...]:
    """Of the decisions in force by event (`active_by_event`), the events whose status is rejected."""
    return tuple(sorted(eid for eid, ds in active.items() if status(ds, eid) == "rejected"))


def reviewed_events(conn: Connection, q: EventQuery,
                    raw: Callable[[Connection, EventQuery], list[Event]],
                    active: Mapping[str, Sequence[EventDecision]]) -> list[Event]:
    """`raw(conn, q)` (the stored extraction) with `active`, the decisions in force by event
    (`active_by_event`), applied (`review.effective`); rejected events are left out unless `q.review`
    asks for them. An edited event is filtered by its edited values: when the query filters on something
    an edit can change, edited events are read apart, filtered after the edit, and merged in date order."""
    if not active:
        return raw(conn, q)
    if not q.review:
        rejected = rejected_ids(active)
        q = replace(q, exclude_ids=(*q.exclude_ids, *rejected)) if rejected else q
    edited = tuple(sorted(eid for eid, ds in active.items() if any(d.kind == "edit" for d in ds)))
    if not edited or not any(getattr(q, f) for f in _EDITABLE_FILTERS):
        return [effective(e, active.get(e.event_id, ())) for e in raw(conn, q)]
    window = None if q.limit is None else q.offset + q.limit
    base = raw(conn, replace(q, exclude_ids=(*q.exclude_ids, *edited), limit=window, offset=0))
    keep = tuple(e for e in edited if e not in q.exclude_ids and (not q.event_ids or e in q.event_ids))
    candidates = raw(conn, EventQuery(event_ids=keep, review=q.review or ("all",), doc_id=q.doc_id,
                                      exclude_ids=q.exclude_ids)) if keep else []
    members: dict[str, set[str]] = {}
    if q.actor:
        from .actors_sql import find_actor, members_of

        try:
            members[q.actor] = members_of(conn, find_actor(conn, q.actor))
        except NotFound:
            members[q.actor] = set()
    changed = [x for x in (effective(e, active[e.event_id]) for e in candidates) if matches(x, q, members)]
    merged = sorted([*base, *changed], key=sort_key)
    end = None if q.limit is None else q.offset + q.limit
    return merged[q.offset:end]


def queue_ids(conn: Connection, *, limit: int = 50, offset: int = 0,
              exclude_certainty: Sequence[str] = ()) -> list[str]:
    """Unreviewed events, lowest extraction confidence first."""
    where = [f"{_STATUS_SQL} = 'unreviewed'"]
    args: list[object] = []
    if exclude_certainty:
        where.append(f"e.certainty NOT IN ({','.join('?' * len(exclude_certainty))})")
        args += list(exclude_certainty)
    sql = (f"SELECT e.event_id FROM events e WHERE {' AND '.join(where)} "
           "ORDER BY e.confidence, e.date_start IS NULL, e.date_start, e.event_id LIMIT ? OFFSET ?")
    return [str(r[0]) for r in conn.execute(sql, [*args, limit, offset])]


def status_counts(conn: Connection) -> dict[str, int]:
    """Events by review status: the decided ones from the (few) decisions, the rest unreviewed."""
    counts = dict.fromkeys(STATUSES, 0)
    decided = [eid for eid, ds in active_by_event(conn).items() if any(d.kind in STATUS_OF_KIND for d in ds)]
    existing: list[str] = []
    for i in range(0, len(decided), 500):
        chunk = decided[i:i + 500]
        existing += [str(r[0]) for r in conn.execute(
            f"SELECT event_id FROM events WHERE event_id IN ({','.join('?' * len(chunk))})", chunk)]
    for found in statuses(conn, existing).values():
        counts[found] += 1
    counts["unreviewed"] = int(conn.execute("SELECT count(*) FROM events").fetchone()[0]) - len(existing)
    return counts


def statuses(conn: Connection, event_ids: Sequence[str]) -> dict[str, str]:
    """Review status of each of these events."""
    out = dict.fromkeys(event_ids, "unreviewed")
    for d in decisions(conn, event_ids=list(event_ids), active_only=True):
        if d.kind in STATUS_OF_KIND:
            out[d.event_id] = STATUS_OF_KIND[d.kind]  # in id order: the latest wins
    return out


# -- users ----------------------------------------------------------------------------------------------

def add_user(c: Connection, name: str, password_hash: str) -> User:
    if c.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
        raise ConfigError(f"user {name!r} exists already; pick another name")
    stamp = now()
    c.execute("INSERT INTO users (name, password_hash, created_at) VALUES (?,?,?)", (name, password_hash, stamp))
    return User(name, password_hash, stamp)


def user(conn: Connection, name: str) -> User | None:
    row = conn.execute("SELECT name, password_hash, created_at, disabled_at FROM users WHERE name = ?",
                       (name,)).fetchone()
    return User(*row) if row else None


def users(conn: Connection) -> list[User]:
    return [User(*r) for r in conn.execute(
        "SELECT name, password_hash, created_at, disabled_at FROM users ORDER BY name")]


def set_user(c: Connection, name: str, *, disabled: bool | None = None,
             password_hash: str | None = None) -> None:
    if user(c, name) is None:
        raise NotFound(f"no user {name!r}; `warlog user list` shows the users")
    if disabled is not None:
        c.execute("UPDATE users SET disabled_at = ? WHERE name = ?", (now() if disabled else None, name))
    if password_hash is not None:
        c.execute("UPDATE users SET password_hash = ? WHERE name = ?", (password_hash, name))


# -- web sessions ---------------------------------------------------------------------------------------

def start_session(c: Connection, key: str, user_name: str, *, at: str, idle_before: str) -> WebSession:
    """Record a new login (and forget sessions idle since before `idle_before`: they can never be used)."""
    if user(c, user_name) is None:
        raise NotFound(f"no user {user_name!r}; `warlog user list` shows the users")
    c.execute("DELETE FROM web_sessions WHERE seen_at < ?", (idle_before,))
    c.execute("INSERT INTO web_sessions (key, user_name, created_at, seen_at) VALUES (?,?,?,?)",
              (key, user_name, at, at))
    return WebSession(key, user_name, at, at)


def web_session(conn: Connection, key: str) -> WebSession | None:
    row = conn.execute("SELECT key, user_name, created_at, seen_at FROM web_sessions WHERE key = ?",
                       (key,)).fetchone()
    return WebSession(*row) if row else None


def touch_session(c: Connection, key: str, at: str) -> None:
    c.execute("UPDATE web_sessions SET seen_at = ? WHERE key = ? AND seen_at < ?", (at, key, at))


def end_sessions(c: Connection, *, key: str | None = None, user_name: str | None = None) -> int:
    """Delete one session (`key`) or every session of a user; how many were deleted."""
    if key is None and user_name is None:
        raise ConfigError("say which sessions to end: a session key or a user name")
    if key is not None:
        return c.execute("DELETE FROM web_sessions WHERE key = ?", (key,)).rowcount
    return c.execute("DELETE FROM web_sessions WHERE user_name = ?", (user_name,)).rowcount
