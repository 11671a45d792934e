"""Actors in the store: who was mentioned, analysts' decisions (merge, split, reject), merge
suggestions. Decisions are rows of their own: re-extracting a document rewrites its mentions, never
a decision, and every read applies the decisions in force (`canonical_ids`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError, NotFound
from .clock import now
from .dbapi import Connection


@dataclass(frozen=True, slots=True)
class ActorInfo:
    """One actor as the store knows it: its record's name, kind and country, how often and where it
    is mentioned, and the ids merged into it."""

    actor_id: str
    name: str
    kind: str
    country: str | None
    mentions: int
    documents: int
    merged: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"actor_id": self.actor_id, "name": self.name, "kind": self.kind, "country": self.country,
                "mentions": self.mentions, "documents": self.documents, "merged": list(self.merged),
                "forms": list(self.forms)}


@dataclass(frozen=True, slots=True)
class Decision:
    id: int
    kind: str
    subject: str
    object: str
    note: str | None
    author: str
    created_at: str
    undone_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "subject": self.subject, "object": self.object,
                "note": self.note, "author": self.author, "created_at": self.created_at,
                "undone_at": self.undone_at}


@dataclass(frozen=True, slots=True)
class Suggestion:
    a: str
    b: str
    score: float
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {"a": self.a, "b": self.b, "score": self.score, "reason": self.reason}


#: Surface forms that are no names (pronouns, bare numbers read as people).
NOT_NAMES = frozenset({"they", "them", "he", "him", "she", "her", "it", "who", "one", "two", "three", "four",
                       "five", "six", "seven", "eight", "nine", "ten"})


def known_actor(conn: Connection, actor_id: str) -> bool:
    return conn.execute("SELECT 1 FROM actor_mentions WHERE actor_id = ? LIMIT 1", (actor_id,)).fetchone() is not None


def record_decision(c: Connection, kind: str, subject: str, obj: str, author: str, note: str | None) -> int:
    if subject == obj:
        raise ConfigError(f"cannot {kind} {subject} with itself")
    for actor in (subject, obj):
        if not known_actor(c, actor):
            raise NotFound(f"no actor {actor!r} is mentioned in the store; `warlog actors --search` finds ids")
    row = c.execute("INSERT INTO decisions (kind, subject, object, note, author, created_at) "
                    "VALUES (?,?,?,?,?,?) RETURNING id", (kind, subject, obj, note, author, now())).fetchone()
    decision = int(row[0])
    if kind in ("split", "reject"):
        c.execute("DELETE FROM merge_suggestions WHERE (a = ? AND b = ?) OR (a = ? AND b = ?)",
                  (subject, obj, obj, subject))
    return decision


def undo_decision(c: Connection, decision_id: int) -> None:
    cur = c.execute("UPDATE decisions SET undone_at = ? WHERE id = ? AND undone_at IS NULL", (now(), decision_id))
    if cur.rowcount == 0:
        raise NotFound(f"no decision {decision_id} in force; `warlog decisions` lists them")


def decisions(conn: Connection, actor_id: str | None = None) -> list[Decision]:
    sql = "SELECT id, kind, subject, object, note, author, created_at, undone_at FROM decisions"
    args: list[object] = []
    if actor_id:
        sql += " WHERE subject = ? OR object = ?"
        args = [actor_id, actor_id]
    return [Decision(*r) for r in conn.execute(sql + " ORDER BY id", args)]


def canonical_ids(conn: Connection) -> dict[str, str]:
    """actor id → the id it is merged into, for every merge in force. A merge is in force unless it
    was undone or a later split names the same pair; "merge A into B" makes B the canonical id."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    active: list[tuple[str, str]] = []
    for d in decisions(conn):
        if d.undone_at:
            continue
        pair = {d.subject, d.object}
        if d.kind == "merge":
            active.append((d.subject, d.object))
        elif d.kind == "split":
            active = [(a, b) for a, b in active if {a, b} != pair]
    for a, b in active:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    return {x: find(x) for x in parent}


#: Per actor id: a mention's name, kind and country, how many mentions and documents, its forms.
MENTION_GROUPS = ("SELECT actor_id, min(name), min(kind), min(country), count(*), count(DISTINCT doc_id), "
                  "group_concat(DISTINCT surface), group_concat(DISTINCT written) FROM actor_mentions ")


def actor_infos(conn: Connection, *, kind: str | None = None, country: str | None = None,
                search: str | None = None, ids: list[str] | None = None, limit: int | None = None) -> list[ActorInfo]:
    """Actors mentioned in the store, merges applied, most mentioned first. With `ids`, only the
    mentions of those actors and of the ids merged into them are read (through the actor index), so
    a profile or a graph's nodes cost what they hold, not what the store holds."""
    canon = canonical_ids(conn)
    roots = None if ids is None else set(ids)
    if roots is None:
        rows = conn.execute(MENTION_GROUPS + "WHERE actor_id IS NOT NULL GROUP BY actor_id").fetchall()
    else:
        wanted = sorted(roots | {a for a, r in canon.items() if r in roots})
        rows = []
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            rows += conn.execute(MENTION_GROUPS + f"WHERE actor_id IN ({','.join('?' * len(chunk))}) "
                                 "GROUP BY actor_id", chunk).fetchall()
    groups: dict[str, list[tuple[object, ...]]] = defaultdict(list)
    for r in rows:
        groups[canon.get(str(r[0]), str(r[0]))].append(r)
    out: list[ActorInfo] = []
    for root, members in groups.items():
        head = next((m for m in members if m[0] == root), members[0])
        forms = sorted({f for m in members for col in (m[6], m[7]) if col for f in str(col).split(",")
                        if f.lower() not in NOT_NAMES and not f.isdigit()})
        info = ActorInfo(root, str(head[1]), str(head[2]), head[3] if head[3] is None else str(head[3]),
                         sum(int(str(m[4])) for m in members), sum(int(str(m[5])) for m in members),
                         tuple(sorted(str(m[0]) for m in members if m[0] != root)), tuple(forms))
        if kind and info.kind != kind:
            continue
        if country and (info.country or "").upper() != country.upper():
            continue
        if search and not any(search.lower() in x.lower() for x in (info.name, info.actor_id, *info.forms)):
            continue
        if roots is not None and root not in roots:
            continue
        out.append(info)
    out.sort(key=lambda a: (-a.mentions, a.name))
    return out[:limit] if limit is not None else out


def find_actor(conn: Connection, name_or_id: str) -> str:
    """The canonical id of an actor given by id, name or a form the text used (case-insensitive)."""
    canon = canonical_ids(conn)
    row = conn.execute("SELECT actor_id FROM actor_mentions WHERE actor_id = ? LIMIT 1", (name_or_id,)).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT actor_id, count(*) AS n FROM actor_mentions WHERE actor_id IS NOT NULL AND "
            "(name = ? COLLATE NOCASE OR surface = ? COLLATE NOCASE OR written = ? COLLATE NOCASE) "
            "GROUP BY actor_id ORDER BY n DESC LIMIT 1",
            (name_or_id, name_or_id, name_or_id)).fetchone()
    if row is None:
        raise NotFound(f"no actor named {name_or_id!r} is mentioned in the store; `warlog actors --search` helps")
    return canon.get(str(row[0]), str(row[0]))


def members_of(conn: Connection, actor_id: str) -> set[str]:
    """The canonical id and every id merged into it."""
    canon = canonical_ids(conn)
    root = canon.get(actor_id, actor_id)
    return {root} | {a for a, r in canon.items() if r == root}


def replace_suggestions(c: Connection, suggestions: list[Suggestion]) -> int:
    decided = {frozenset((d.subject, d.object)) for d in decisions(c) if not d.undone_at}
    fresh = [s for s in suggestions if frozenset((s.a, s.b)) not in decided]
    c.execute("DELETE FROM merge_suggestions")
    c.executemany("INSERT OR REPLACE INTO merge_suggestions (a, b, score, reason, created_at) VALUES (?,?,?,?,?)",
                  [(s.a, s.b, s.score, s.reason, now()) for s in fresh])
    return len(fresh)


def suggestions(conn: Connection, actor_id: str | None = None) -> list[Suggestion]:
    sql = "SELECT a, b, score, reason FROM merge_suggestions"
    args: list[object] = []
    if actor_id:
        sql += " WHERE a = ? OR b = ?"
        args = [actor_id, actor_id]
    return [Suggestion(*r) for r in conn.execute(sql + " ORDER BY score DESC", args)]
