"""Query latency at scale: a synthetic store generated directly (SQL bulk inserts through the real
schema, no extraction), then p50/p95/max of what analysts run against it.

    .venv/bin/python benchmarks/queries.py --events 1000000 --actors 100000 [--db PATH] [--keep] [--json]
    .venv/bin/python benchmarks/queries.py --db 'postgresql://…/db?options=-csearch_path%3Dbench' [--drop]

`--db` a SQLite path: rows go in with `executemany`. `--db` a postgresql:// URL: the store's migrations
make the schema (`open_store`), then the same rows (same seed, same rows) go in with COPY on its psycopg
connection (benchmarks/queries_pg.py: indexes built after the load, then ANALYZE). A store that already
holds the events is reused (a PostgreSQL schema stays unless `--drop`).

The store: one document per 20 events, each with a headline and three body segments of generated
words (full-text indexed); 16 PLOVER types, skewed (ASSAULT and COERCE most common); dates over 20
years (mostly day precision, some month or year, 5% undated); ~3,700 provinces (admin1) drawn Zipf;
2-4 participants per event drawn Zipf from the actors, each with its actor mention; 1-2 evidence
quotes per event; 4 relations per document between Zipf-drawn actors. Timed (each over random draws):
events by type + date range + province (the substring `place` filter and the exact `admin1` one),
actor profiles (light, middle and heavy actors), the review queue, full-text search, the network of an actor to depth
2, and an export of 100,000 events with `event_to_dict`. `--profile` prints cProfile's top functions
for one call of each.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import itertools
import json
import math
import os
import platform
import pstats
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from warlog.network import actor_profile, network
from warlog.query import EventQuery, event_to_dict
from warlog.store import Store, open_store
from warlog.store.postgres import is_postgres_url, schema_of

#: PLOVER types and their relative frequency in conflict news.
TYPE_WEIGHTS: dict[str, int] = {
    "ASSAULT": 30, "COERCE": 20, "ACCUSE": 8, "THREATEN": 6, "PROTEST": 6, "MOBILIZE": 5, "CONSULT": 5,
    "SUPPORT": 3, "REQUEST": 3, "REJECT": 3, "AGREE": 2, "SANCTION": 2, "AID": 2, "COOPERATE": 2,
    "RETREAT": 2, "CONCEDE": 1}
MODES: dict[str, tuple[str, ...]] = {
    "ASSAULT": ("firearms", "explosives", "aerial", "heavy-weapons", "abduct", "targeted", ""),
    "COERCE": ("arrest", "destroy", "curfew", "deport", ""), "PROTEST": ("demonstrate", "")}
CODEBOOK: dict[str, tuple[str | None, str | None, str | None, str | None]] = {
    "ASSAULT": ("Violence against civilians", "Attack", "Armed Assault", "18"),
    "COERCE": ("Strategic developments", "Arrests", None, "17"),
    "PROTEST": ("Protests", "Peaceful protest", None, "14"),
    "THREATEN": (None, None, None, "13"), "ACCUSE": (None, None, None, "11")}
KINDS = ("person", "armed_group", "state_force", "government", "civilians", "political_party", "state",
         "international_force", "other")
KIND_WEIGHTS = (40, 20, 15, 8, 6, 4, 3, 2, 2)
RELATIONS = ("member_of", "leader_of", "allied_with", "part_of", "fights", "spokesperson_of")
FIRST_DAY = date(2005, 1, 1).toordinal()
DAYS = date(2024, 12, 31).toordinal() - FIRST_DAY + 1
EVENTS_PER_DOC = 20
ADMIN1 = 3700
STAMP = "2025-01-01T00:00:00+00:00"


def zipf_cum(n: int, s: float = 1.0) -> list[float]:
    """Cumulative Zipf weights over ranks 0..n-1, for `random.choices(cum_weights=...)`."""
    return list(itertools.accumulate(1.0 / (r + 1) ** s for r in range(n)))


def _hex(prefix: str, n: int, width: int = 16) -> str:
    return prefix + hashlib.blake2b(f"{prefix}{n}".encode(), digest_size=width // 2).hexdigest()


@dataclass(frozen=True, slots=True)
class Actor:
    actor_id: str
    name: str
    kind: str
    country: str


@dataclass(slots=True)
class World:
    """The fixed populations rows are drawn from; index order is Zipf rank (0 = most frequent)."""

    words: list[str]
    word_cum: list[float]
    actors: list[Actor]
    actor_cum: list[float]
    admin1: list[tuple[str, str]]  # (name, country)
    admin1_cum: list[float]
    types: list[str]
    type_cum: list[float]
    towns: list[str] = field(default_factory=list)


def make_world(n_actors: int, rng: random.Random, *, n_words: int = 20000, n_admin1: int = ADMIN1) -> World:
    syllables = [c + v for c in "bdfghklmnprstvz" for v in "aeiou"]
    words: set[str] = set()
    while len(words) < n_words:
        words.add("".join(rng.choice(syllables) for _ in range(rng.choice((2, 2, 3, 3, 4)))))
    vocab = sorted(words)
    rng.shuffle(vocab)
    countries = sorted({"".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(3)) for _ in range(400)})
    countries = countries[:190]
    admin1 = [(f"{vocab[i].title()} {('Province', 'Governorate', 'Region', 'State')[i % 4]}",
               countries[i % len(countries)]) for i in range(n_admin1)]
    actors = []
    for i in range(n_actors):
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        name = f"{vocab[i % n_words].title()} {vocab[(i // n_words * 7919 + i * 13 + 5) % n_words].title()}"
        country = countries[rng.randrange(len(countries))]
        actors.append(Actor(f"{kind}:{country.lower()}:{name.lower().replace(' ', '-')}-{i}", name, kind, country))
    types = list(TYPE_WEIGHTS)
    return World(vocab, zipf_cum(n_words, 1.1), actors, zipf_cum(n_actors), admin1, zipf_cum(n_admin1),
                 types, list(itertools.accumulate(TYPE_WEIGHTS.values())),
                 towns=[vocab[-1 - i].title() for i in range(min(5000, n_words // 2))])


@dataclass(slots=True)
class Generated:
    documents: int = 0
    segments: int = 0
    events: int = 0
    participants: int = 0
    evidence: int = 0
    actor_mentions: int = 0
    relations: int = 0
    seconds: float = 0.0


def _text(world: World, rng: random.Random, n: int) -> str:
    return " ".join(rng.choices(world.words, cum_weights=world.word_cum, k=n))


def _date(rng: random.Random, published: int) -> tuple[str | None, ...]:
    """(edtf, start, end, precision, raw) of an event reported on day `published`."""
    u = rng.random()
    if u < 0.05:
        return (None, None, None, None, None)
    day = date.fromordinal(max(FIRST_DAY, published - int(rng.expovariate(0.25))))
    if u < 0.83:
        iso = day.isoformat()
        return (iso, iso, iso, "day", "on " + day.strftime("%A"))
    if u < 0.97:
        nxt = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        last = date.fromordinal(nxt.toordinal() - 1)
        return (day.isoformat()[:7], day.isoformat()[:8] + "01", last.isoformat(), "month", "in " + day.strftime("%B"))
    return (str(day.year), f"{day.year}-01-01", f"{day.year}-12-31", "year", f"in {day.year}")


#: The columns each generated table is written with, in the order rows are built (ids left to the store).
COLUMNS: dict[str, tuple[str, ...]] = {
    "actors": ("actor_id", "name", "kind", "country", "aliases", "parent", "wikidata", "source", "first_seen"),
    "documents": ("doc_id", "url", "canonical_url", "title", "published", "source", "fetched", "origin", "media",
                  "content_hash", "input_hash", "segmenter", "text", "ingested_at", "updated_at", "extractor",
                  "focus_country"),
    "segments": ("doc_id", "seq", "kind", "start", "end", "author", "text"),
    "events": ("event_id", "doc_id", "type", "modes", "context", "location_name", "place_id", "geonames_id", "lat",
               "lon", "admin1", "country", "precision", "relation", "location_raw", "location_reason", "date_edtf",
               "date_start", "date_end", "date_precision", "date_raw", "date_relative", "date_reason", "killed",
               "wounded", "detained", "abducted", "fatalities", "count_reports", "weapon", "certainty",
               "attributed_to", "historical", "confidence", "extractor", "acled_event_type",
               "acled_sub_event_type", "gtd_attack_type", "cameo_root"),
    "event_participants": ("event_id", "role", "seq", "actor_id", "name", "kind", "country", "segment", "sentence",
                           "start", "end", "surface", "how", "written"),
    "event_evidence": ("event_id", "seq", "doc_id", "segment", "sentence", "start", "end", "quote"),
    "actor_mentions": ("doc_id", "actor_id", "name", "kind", "country", "segment", "sentence", "start", "end",
                       "surface", "how", "score", "written"),
    "relations": ("relation_id", "doc_id", "subject_id", "subject_name", "subject_kind", "relation", "object_id",
                  "object_name", "object_kind", "former", "date", "certainty", "pattern", "confidence", "extractor",
                  "segment", "sentence", "start", "end", "quote", "subject_start", "subject_end",
                  "subject_surface", "object_start", "object_end", "object_surface"),
}
Rows = dict[str, list[tuple[object, ...]]]


class RowWriter(Protocol):
    """Where generated rows go: one transaction per batch, the tables in `COLUMNS` order."""

    def start(self) -> None: ...
    def write(self, batch: Rows) -> None: ...
    def finish(self, log: Callable[[str], None]) -> None: ...


class SqliteWriter:
    """Rows into a SQLite store: `executemany` of INSERTs (the FTS5 index by the schema's trigger)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def start(self) -> None:
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("PRAGMA cache_size = -1000000")

    def write(self, batch: Rows) -> None:
        self.conn.execute("BEGIN")
        for table, rows in batch.items():
            cols = COLUMNS[table]
            names = ", ".join(f'"{c}"' for c in cols)
            self.conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({','.join('?' * len(cols))})", rows)
        self.conn.execute("COMMIT")

    def finish(self, log: Callable[[str], None]) -> None:
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _batch_rows(world: World, rng: random.Random, first_doc: int, n_docs: int, events_left: int) -> tuple[Rows, int]:
    """The rows of documents first_doc.. (at most `events_left` events), per table, and the events made."""
    docs: list[tuple[object, ...]] = []
    segs: list[tuple[object, ...]] = []
    events: list[tuple[object, ...]] = []
    parts: list[tuple[object, ...]] = []
    evid: list[tuple[object, ...]] = []
    ments: list[tuple[object, ...]] = []
    rels: list[tuple[object, ...]] = []
    made = 0
    for d in range(first_doc, first_doc + n_docs):
        doc_id = hashlib.sha256(f"doc{d}".encode()).hexdigest()
        published = FIRST_DAY + rng.randrange(DAYS)
        focus = rng.choices(range(len(world.admin1)), cum_weights=world.admin1_cum)[0]
        texts = [f"{_text(world, rng, 6).capitalize()} in {world.admin1[focus][0]}"]
        texts += [_text(world, rng, rng.randint(40, 70)) for _ in range(3)]
        body = "\n\n".join(texts)
        pos = 0
        for seq, t in enumerate(texts):
            segs.append((doc_id, seq, "headline" if seq == 0 else "body", pos, pos + len(t), None, t))
            pos += len(t) + 2
        day = date.fromordinal(published).isoformat()
        docs.append((doc_id, f"https://news.example/{d}", f"https://news.example/{d}", texts[0], day,
                     f"source{d % 40}", day, f"synthetic/{d}.txt", "text", doc_id, doc_id, "synthetic-1", body,
                     STAMP, STAMP, "synthetic-1", world.admin1[focus][1]))
        n_events = min(EVENTS_PER_DOC, events_left - made)
        for k in range(n_events):
            eid = _hex("e", d * EVENTS_PER_DOC + k)
            etype = rng.choices(world.types, cum_weights=world.type_cum)[0]
            mode = rng.choice(MODES.get(etype, ("",)))
            place = focus if rng.random() < 0.7 else rng.choices(range(len(world.admin1)),
                                                                 cum_weights=world.admin1_cum)[0]
            admin1, country = world.admin1[place]
            town = world.towns[(place * 31 + rng.randrange(8)) % len(world.towns)]
            edtf, start, end, precision, raw = _date(rng, published)
            killed = rng.choice((None, 0, 1, 2, 3, 5, 12)) if etype == "ASSAULT" else None
            seg = rng.randrange(1, 4)
            quote = _text(world, rng, rng.randint(12, 25))
            cb = CODEBOOK.get(etype, (None, None, None, None))
            events.append((
                eid, doc_id, etype, json.dumps([mode] if mode else []), "[]", town, f"gn:{place * 100 + 7}",
                place * 100 + 7, rng.uniform(-40, 60), rng.uniform(-20, 120), admin1, country, 3, "in", town,
                "nearest place", edtf, start, end, precision, raw, None if start is None else "publication", "dateline",
                killed, None, None, None, killed, json.dumps({"killed": [killed]} if killed else {}),
                "rifle" if mode == "firearms" else None, "asserted", None, 0, round(rng.uniform(0.4, 0.95), 2),
                "synthetic-1", *cb))
            size = rng.randint(2, 4)
            who = list(dict.fromkeys(rng.choices(range(len(world.actors)), cum_weights=world.actor_cum, k=size)))
            while len(who) < size:
                extra = rng.choices(range(len(world.actors)), cum_weights=world.actor_cum)[0]
                if extra not in who:
                    who.append(extra)
            n_actor = 1 if size < 4 else 2
            for i, a in enumerate(who):
                actor = world.actors[a]
                role, seq = ("actor", i) if i < n_actor else ("recipient", i - n_actor)
                at = 10 * i
                parts.append((eid, role, seq, actor.actor_id, actor.name, actor.kind, actor.country, seg, k, at,
                              at + len(actor.name), actor.name, "kb", None))
                ments.append((doc_id, actor.actor_id, actor.name, actor.kind, actor.country, seg, k, at,
                              at + len(actor.name), actor.name, "kb", 0.9, None))
            evid.append((eid, 0, doc_id, seg, k, 0, len(quote), quote))
            if rng.random() < 0.4:
                evid.append((eid, 1, doc_id, seg, k + 1, 0, 40, quote[:40]))
        made += n_events
        for k in range(4):
            s, o = (world.actors[i] for i in rng.choices(range(len(world.actors)), cum_weights=world.actor_cum, k=2))
            quote = f"{s.name} {_text(world, rng, 3)} {o.name}"
            for m, at in ((s, 0), (o, len(quote) - len(o.name))):
                ments.append((doc_id, m.actor_id, m.name, m.kind, m.country, 1, 20 + k, at, at + len(m.name), m.name,
                              "kb", 0.9, None))
            rels.append((_hex("r", d * 4 + k), doc_id, s.actor_id, s.name, s.kind, rng.choice(RELATIONS),
                         o.actor_id, o.name, o.kind, 0, None, "asserted", "synthetic", 0.8, "synthetic-1",
                         1, 20 + k, 0, len(quote), quote, 0, len(s.name), s.name, len(quote) - len(o.name),
                         len(quote), o.name))
    return {"documents": docs, "segments": segs, "events": events, "event_participants": parts,
            "event_evidence": evid, "actor_mentions": ments, "relations": rels}, made


def _insert_batch(writer: RowWriter, world: World, rng: random.Random, first_doc: int, n_docs: int,
                  events_left: int, out: Generated) -> int:
    batch, made = _batch_rows(world, rng, first_doc, n_docs, events_left)
    writer.write(batch)
    out.documents += len(batch["documents"])
    out.segments += len(batch["segments"])
    out.events += len(batch["events"])
    out.participants += len(batch["event_participants"])
    out.evidence += len(batch["event_evidence"])
    out.actor_mentions += len(batch["actor_mentions"])
    out.relations += len(batch["relations"])
    return made


def _pg() -> ModuleType:
    """benchmarks/queries_pg.py (the PostgreSQL side), loaded beside this file."""
    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)
    import queries_pg

    return queries_pg


def generate(conn: sqlite3.Connection | Any, world: World, n_events: int, *, seed: int = 7, batch_docs: int = 1000,
             log: Callable[[str], None] = lambda _: None) -> Generated:
    """Fill a freshly migrated store with `n_events` events: `conn` is a SQLite store's connection
    (`open_store(path)`, then its `conn`: INSERTs) or a PostgreSQL store's psycopg connection
    (`open_store(url).raw`: COPY). The same seed gives the same rows on both."""
    t0 = time.perf_counter()
    rng = random.Random(seed)
    writer: RowWriter = SqliteWriter(conn) if isinstance(conn, sqlite3.Connection) else _pg().CopyWriter(
        conn, COLUMNS)
    writer.start()
    writer.write({"actors": [(a.actor_id, a.name, a.kind, a.country, "[]", None, None, "synthetic", STAMP)
                             for a in world.actors]})
    out = Generated()
    n_docs = -(-n_events // EVENTS_PER_DOC)
    for first in range(0, n_docs, batch_docs):
        _insert_batch(writer, world, rng, first, min(batch_docs, n_docs - first), n_events - out.events, out)
        if (first // batch_docs) % 10 == 9:
            log(f"  {out.events:,} events, {time.perf_counter() - t0:.0f} s")
    writer.finish(log)
    out.seconds = time.perf_counter() - t0
    return out


# -- timing ------------------------------------------------------------------------------------------


def summary(times_ms: Sequence[float], **extra: object) -> dict[str, object]:
    ordered = sorted(times_ms)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank
    return {"n": len(ordered), "p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2),
            "max_ms": round(ordered[-1], 2), **extra}


def timed(calls: Sequence[Callable[[], object]]) -> tuple[list[float], list[object]]:
    times, results = [], []
    for call in calls:
        t = time.perf_counter()
        results.append(call())
        times.append((time.perf_counter() - t) * 1000)
    return times, results


def window(rng: random.Random) -> tuple[str, str]:
    start = FIRST_DAY + rng.randrange(DAYS - 30)
    end = min(FIRST_DAY + DAYS - 1, start + rng.randint(30, 730))
    return date.fromordinal(start).isoformat(), date.fromordinal(end).isoformat()


def run_benchmarks(store: Store, world: World, *, draws: int, seed: int = 11, only: Sequence[str] = (),
                   log: Callable[[str], None] = lambda _: None) -> dict[str, dict[str, object]]:
    """Each query timed over its draws; `only`: just those whose names contain one of these (the same
    draws either way)."""
    rng = random.Random(seed)
    out: dict[str, dict[str, object]] = {}
    n_actors = len(world.actors)

    def admin1() -> str:
        return world.admin1[rng.choices(range(len(world.admin1)), cum_weights=world.admin1_cum)[0]][0]

    def event_calls(exact: bool) -> list[Callable[[], object]]:
        calls: list[Callable[[], object]] = []
        for _ in range(draws):
            since, until = window(rng)
            q = (EventQuery(types=("ASSAULT",), since=since, until=until, admin1=admin1(), limit=100) if exact
                 else EventQuery(types=("ASSAULT",), since=since, until=until, place=admin1(), limit=100))
            calls.append(partial(store.events, q))
        return calls

    def run(name: str, calls: Sequence[Callable[[], object]], size: Callable[[object], int] | None = None) -> None:
        if only and not any(o in name for o in only):
            return
        if calls:
            calls[0]()  # warm-up, not counted
        times, results = timed(calls)
        extra: dict[str, object] = {}
        if size is not None:
            sizes = [size(r) for r in results]
            extra = {"rows_median": statistics.median(sizes), "rows_max": max(sizes)}
        out[name] = summary(times, **extra)
        log(f"  {name:<34} {out[name]}")

    def count(r: object) -> int:
        return len(r) if isinstance(r, list) else 0

    run("events type+dates+admin1 (admin1=)", event_calls(True), count)
    run("events type+dates+place (place LIKE)", event_calls(False), count)
    top = world.admin1[0][0]
    run("events ASSAULT, top admin1, 20 years", [lambda: store.events(EventQuery(
        types=("ASSAULT",), since="2005-01-01", until="2024-12-31", admin1=top, limit=100))] * max(5, draws // 5),
        count)

    def profile_size(r: object) -> int:
        return len(getattr(r, "events_as_actor", [])) + len(getattr(r, "events_as_recipient", []))

    mentioned = {str(r[0]) for r in store.conn.execute("SELECT DISTINCT actor_id FROM actor_mentions")}  # type: ignore[attr-defined]
    ranked = [a for a in world.actors if a.actor_id in mentioned]  # an actor no draw picked has no profile

    def actors_by_rank(lo: int, hi: int, n: int) -> list[str]:
        return [ranked[rng.randrange(lo, min(hi, len(ranked)))].actor_id for _ in range(n)]

    light = actors_by_rank(0, n_actors, draws)
    middle = actors_by_rank(100, 1000, draws)
    heavy = actors_by_rank(0, 10, max(3, draws // 10))
    run("actor profile, random actor", [partial(actor_profile, store, a) for a in light], profile_size)
    run("actor profile, rank 100-1000", [partial(actor_profile, store, a) for a in middle], profile_size)
    run("actor profile, rank 1-10", [partial(actor_profile, store, a) for a in heavy], profile_size)
    run("review queue, 50 lowest confidence", [lambda: store.review_queue(limit=50)] * max(5, draws // 5), count)

    n_words = len(world.words)
    for label, lo, hi in (("rare", n_words // 2, n_words), ("mid", 200, 2000), ("common", 0, 20)):
        words = [world.words[rng.randrange(lo, hi)] for _ in range(draws)]
        run(f"search, {label} word", [partial(store.search, w) for w in words], count)

    def nodes(r: object) -> int:
        return len(getattr(r, "nodes", {}))

    run("network depth 2, random actor", [partial(network, store, a, 2) for a in light], nodes)
    run("network depth 2, rank 100-1000", [partial(network, store, a, 2)
                                          for a in middle[:max(3, draws // 5)]], nodes)

    def export() -> int:
        return len([event_to_dict(e) for e in store.events(EventQuery(limit=100000))])

    if only and not any(o in "export" for o in only):
        return out
    times, results = timed([export] * 3)
    rows = int(str(results[0]))
    seconds = statistics.median(times) / 1000
    out["export 100k events + event_to_dict"] = {
        "n": 3, "median_s": round(seconds, 2), "max_s": round(max(times) / 1000, 2), "rows": rows,
        "rows_per_s": round(rows / seconds)}
    log(f"  {'export 100k events':<34} {out['export 100k events + event_to_dict']}")
    return out


def profile_calls(store: Store, world: World) -> None:
    """cProfile one call of each query; the top functions by cumulative time go to stderr."""
    actor = world.actors[500].actor_id
    since, until = "2012-01-01", "2013-06-30"
    for name, call in (
            ("events admin1", lambda: store.events(EventQuery(types=("ASSAULT",), since=since, until=until,
                                                              admin1=world.admin1[3][0], limit=100))),
            ("events place", lambda: store.events(EventQuery(types=("ASSAULT",), since=since, until=until,
                                                             place=world.admin1[3][0], limit=100))),
            ("profile", lambda: actor_profile(store, actor)),
            ("network", lambda: network(store, actor, depth=2)),
            ("export", lambda: [event_to_dict(e) for e in store.events(EventQuery(limit=100000))])):
        prof = cProfile.Profile()
        prof.runcall(call)
        print(f"\n== {name}", file=sys.stderr)
        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(12)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--actors", type=int, default=100_000)
    ap.add_argument("--db", help="store to build (or reuse, when it already holds the events) and time: a SQLite "
                    "path or a postgresql:// URL (its own schema: ?options=-csearch_path%%3Dname)")
    ap.add_argument("--keep", action="store_true", help="keep the generated store (default: a temporary file)")
    ap.add_argument("--draws", type=int, default=50, help="random parameter draws per query")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--profile", action="store_true", help="cProfile one call of each query (to stderr)")
    ap.add_argument("--generate-only", action="store_true", help="build the store (use with --db), time nothing")
    ap.add_argument("--drop", action="store_true", help="drop the --db postgresql://… URL's schema at the end")
    ap.add_argument("--only", action="append", default=[], metavar="TEXT",
                    help="time only the queries whose names contain TEXT (repeatable; e.g. 'events', 'profile')")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    def log(msg: str) -> None:
        print(msg, file=sys.stderr if args.json else sys.stdout, flush=True)

    world = make_world(args.actors, random.Random(args.seed))
    result: dict[str, object] = {"events": args.events, "actors": args.actors, "draws": args.draws,
                                 "machine": machine()}
    if args.db and is_postgres_url(args.db):
        store = _pg().prepare(args.db, world, args, result, log, generate)
        tmp = path = None
    else:
        tmp = None
        if args.db:
            path = Path(args.db)
        else:
            tmp = tempfile.mkdtemp(prefix="warlog-bench-")
            path = Path(tmp) / "store.sqlite"
        store = _prepare_sqlite(path, world, args, result, log)
    try:
        if args.generate_only:
            log(f"{args.db or path}: {result['db_mb']} MB")
            return
        if args.profile:
            profile_calls(store, world)
        log(f"timing ({args.draws} draws each; {result['machine']})")
        result["queries"] = run_benchmarks(store, world, draws=args.draws, only=args.only, log=log)
    finally:
        store.close()
        if tmp and not args.keep and path:
            for p in Path(tmp).iterdir():
                p.unlink()
            os.rmdir(tmp)
        elif tmp:
            log(f"kept {path}")
        if args.drop and args.db and is_postgres_url(args.db):
            schema = schema_of(args.db)
            if schema:
                _pg().drop_schema(args.db, schema)
                log(f"dropped schema {schema}")
    if args.json:
        print(json.dumps(result, indent=2))


def _prepare_sqlite(path: Path, world: World, args: argparse.Namespace, result: dict[str, object],
                    log: Callable[[str], None]) -> Store:
    """The SQLite store at `path`, generated unless it already holds the events; reopened afresh."""
    reuse = path.exists()
    store = open_store(str(path))
    conn: sqlite3.Connection = getattr(store, "conn")  # noqa: B009 - the SQLite store's connection
    try:
        if reuse and conn.execute("SELECT count(*) FROM events").fetchone()[0] == args.events:
            log(f"reusing {path}")
        else:
            if reuse and conn.execute("SELECT count(*) FROM documents").fetchone()[0]:
                raise SystemExit(f"{path} holds another store; give a new --db path")
            log(f"generating {args.events:,} events, {args.actors:,} actors into {path}")
            gen = generate(conn, world, args.events, seed=args.seed, log=log)
            result["generated"] = asdict(gen)
            log(f"generated in {gen.seconds:.0f} s: {result['generated']}")
    finally:
        store.close()
    result["db_mb"] = round(sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6)
    return open_store(str(path))  # fresh connection, default settings: what a user gets


if __name__ == "__main__":
    main()
