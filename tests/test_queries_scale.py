"""Queries at scale, checked for correctness on a small synthetic store built by the benchmark's own
generator (benchmarks/queries.py): the exact-province filter, the date-range ordering, actor profiles
and the single-actor path, and that their query plans go through an index. Timings are the
benchmark's business, not these tests'. With `--store-backend postgres` the same rows are copied into a
PostgreSQL store (`copy_store`) and checked there, plans read with EXPLAIN."""

from __future__ import annotations

import importlib.util
import random
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from warlog.model import Event
from warlog.network import actor_profile, network
from warlog.query import EventQuery
from warlog.store import Store, copy_store, open_store
from warlog.store.pg_dialect import translate
from warlog.store.postgres import PostgresStore
from warlog.store.schema import LATEST

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "queries.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("warlog_bench_queries", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


Q = _bench()


@pytest.fixture(scope="module")
def world() -> Any:
    return Q.make_world(300, random.Random(7), n_words=2000, n_admin1=60)


@pytest.fixture(scope="module")
def synthetic(world: Any, request: pytest.FixtureRequest) -> Iterator[Store]:
    store = open_store(":memory:")
    Q.generate(_conn(store), world, 2000, seed=7, batch_docs=30)
    if request.config.getoption("--store-backend") != "postgres":
        yield store
        store.close()
        return
    from .postgres_server import drop_schema, schema_url

    url = schema_url(request.getfixturevalue("postgres_url"))
    shared = open_store(url)
    try:
        copy_store(store, shared)
        store.close()
        getattr(shared, "raw").execute("ANALYZE")  # noqa: B009 - as autovacuum would after a load
        yield shared
    finally:
        shared.close()
        drop_schema(url)


@pytest.fixture(scope="module")
def every_event(synthetic: Store) -> list[Event]:
    return synthetic.events()


def _conn(store: Store) -> sqlite3.Connection:
    conn = getattr(store, "conn")  # noqa: B009 - the SQLite store's connection
    assert isinstance(conn, sqlite3.Connection)
    return conn


def _sql(store: Store) -> Any:
    """The store's connection, either backend's: it runs the store's SQL (SQLite's dialect)."""
    return getattr(store, "conn")  # noqa: B009


def _pg_plans(store: Store, call: Callable[[], object]) -> list[str]:
    """PostgreSQL's plan (EXPLAIN, one line per node) of every SELECT `call` runs against the store."""
    conn = _sql(store)
    seen: list[tuple[str, Any]] = []
    run = conn.execute

    def record(sql: str, parameters: Any = None, /) -> Any:
        seen.append((sql, parameters))
        return run(sql, parameters)

    conn.execute = record
    try:
        call()
    finally:
        del conn.execute
    raw = getattr(store, "raw")  # noqa: B009
    return ["\n".join(str(r[0]) for r in raw.execute("EXPLAIN " + translate(sql, params=args is not None),
                                                       None if args is None else list(args)))
            for sql, args in seen if sql.lstrip().upper().startswith("SELECT")]


def _key(e: Event) -> tuple[bool, str, str, str]:
    start = e.date.start if e.date else None
    return (start is None, start or "", e.doc_id, e.event_id)


def _reaches(e: Event, since: str | None, until: str | None) -> bool:
    """`EventQuery`'s date filter: the event's interval reaches into [since, until]."""
    start, end = (e.date.start, e.date.end) if e.date else (None, None)
    last = end if end is not None else start
    if since and (last is None or last < since):
        return False
    return not (until and (start is None or start > until))


def _plans(store: Store, call: Callable[[], object]) -> list[str]:
    """The query plan of every SELECT that `call` runs against the store."""
    conn = _conn(store)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        call()
    finally:
        conn.set_trace_callback(None)
    return [" | ".join(str(r[3]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql))
            for sql in statements if sql.lstrip().upper().startswith("SELECT")]


def test_generator_fills_every_table(synthetic: Store, every_event: list[Event]) -> None:
    stats = synthetic.stats()
    assert stats.documents == 100 and stats.schema_version == LATEST
    assert stats.extracted["events"] == len(every_event) == 2000
    assert stats.extracted["relations"] == 400
    assert all(2 <= len(e.actors) + len(e.recipients) <= 4 and e.evidence for e in every_event)
    types = [e.type for e in every_event]
    assert types.count("ASSAULT") > types.count("COERCE") > types.count("CONCEDE")
    word = synthetic.document(every_event[0].doc_id).segments[1].text.split()[0]
    assert synthetic.search(word)


def test_admin1_filter_is_exact_and_ordered(synthetic: Store, every_event: list[Event], world: Any) -> None:
    for admin1 in (world.admin1[0][0], world.admin1[7][0]):
        for since, until in (("2008-01-01", "2012-12-31"), ("2015-03-01", "2015-09-30"), (None, "2010-06-30"),
                             ("2019-01-01", None), (None, None)):
            got = synthetic.events(EventQuery(types=("ASSAULT",), since=since, until=until, admin1=admin1,
                                              limit=25))
            want = sorted((e for e in every_event if e.type == "ASSAULT" and e.location
                           and e.location.admin1 == admin1 and _reaches(e, since, until)), key=_key)[:25]
            assert [e.event_id for e in got] == [e.event_id for e in want]
            assert all(e.location and e.location.admin1 == admin1 for e in got)
    assert synthetic.events(EventQuery(admin1=world.admin1[0][0].lower())) == []  # exact, not a substring


def test_place_and_date_filters_keep_their_meaning(synthetic: Store, every_event: list[Event], world: Any) -> None:
    name = world.admin1[2][0]
    part = name.split()[0][1:5]
    got = synthetic.events(EventQuery(place=part, until="2016-12-31"))
    want = sorted((e for e in every_event if e.location and _reaches(e, None, "2016-12-31") and any(
        part.lower() in (s or "").lower() for s in (e.location.name, e.location.admin1, e.location.raw))), key=_key)
    assert got and [e.event_id for e in got] == [e.event_id for e in want]
    page = synthetic.events(EventQuery(since="2010-01-01", limit=40, offset=10))
    assert [e.event_id for e in page] == [e.event_id for e in sorted(
        (e for e in every_event if _reaches(e, "2010-01-01", None)), key=_key)][10:50]
    assert [e.event_id for e in synthetic.events(EventQuery(limit=60))] == \
        [e.event_id for e in sorted(every_event, key=_key)][:60]  # undated events last


def test_profile_holds_the_actors_events_and_mentions(synthetic: Store, every_event: list[Event],
                                                      world: Any) -> None:
    for rank in (0, 40, 250):
        actor = world.actors[rank].actor_id
        profile = actor_profile(synthetic, actor, limit=None)
        as_actor = {e.event_id for e in every_event if any(a.actor_id == actor for a in e.actors)}
        as_recipient = {e.event_id for e in every_event if any(r.actor_id == actor for r in e.recipients)}
        # the profile lists canonical events; this store has no cluster rows, so each report is its own
        canon = lambda ids: {"c" + i[1:] for i in ids}  # noqa: E731
        assert {e.event_id for e in profile.events_as_actor} == canon(as_actor)
        assert {e.event_id for e in profile.events_as_recipient} == canon(as_recipient)
        # the default profile reads only the newest events and relations, and counts them all
        involved = [e for e in every_event if e.event_id in as_actor | as_recipient]
        bounded = actor_profile(synthetic, actor, limit=25)
        shown = {e.event_id for e in bounded.events_as_actor + bounded.events_as_recipient}
        newest = sorted(involved, key=lambda e: (e.date is not None, e.date.start if e.date else "", e.doc_id,
                                                 e.event_id), reverse=True)[:25]
        assert shown == canon(e.event_id for e in newest)
        n_relations = _sql(synthetic).execute("SELECT count(*) FROM relations WHERE ? IN (subject_id, object_id)",
                                   (actor,)).fetchone()[0]
        assert bounded.totals == {"events": len(involved), "as_actor": len(as_actor),
                                  "as_recipient": len(as_recipient), "relations": n_relations}
        assert len(bounded.relations) == min(25, n_relations)
        mentions, docs = _sql(synthetic).execute("SELECT count(*), count(DISTINCT doc_id) FROM actor_mentions "
                                      "WHERE actor_id = ?", (actor,)).fetchone()
        assert (profile.info.actor_id, profile.info.mentions, profile.info.documents) == (actor, mentions, docs)
        assert all(actor in (r.subject.actor_id, r.object.actor_id) for r in profile.relations)


def test_single_actor_path_matches_the_full_listing(synthetic: Store, world: Any) -> None:
    ids = [world.actors[r].actor_id for r in (0, 3, 17, 120, 299)] + ["person:nowhere:nobody"]
    assert synthetic.actors(ids=ids) == [a for a in synthetic.actors() if a.actor_id in ids]
    a, b = world.actors[5].actor_id, world.actors[9].actor_id
    decision = synthetic.decide("merge", a, b, author="test")
    try:
        (merged,) = synthetic.actors(ids=[b])
        assert merged.merged == (a,) and merged == next(x for x in synthetic.actors() if x.actor_id == b)
        assert synthetic.actors(ids=[a]) == []  # merged away: listed under b only, as before
        assert {n for n in network(synthetic, b, depth=2).nodes} >= {b}
    finally:
        synthetic.undo_decision(decision)


def test_filtered_events_and_single_actor_go_through_indexes(synthetic: Store, world: Any) -> None:
    if isinstance(synthetic, PostgresStore):
        pytest.skip("SQLite's plans; PostgreSQL's are the next test's")
    admin1 = world.admin1[0][0]
    plans = _plans(synthetic, lambda: synthetic.events(EventQuery(
        types=("ASSAULT",), since="2010-01-01", until="2011-12-31", admin1=admin1, limit=100)))
    main = next(p for p in plans if "SEARCH e " in p or "SCAN e" in p)
    assert "USING INDEX events_admin1_type_span (admin1=? AND type=? AND date_start<?)" in main
    assert "RIGHT PART OF ORDER BY" in main  # ordered by the index: LIMIT stops the scan
    assert not any("SCAN" in p for p in plans)

    actor = world.actors[12].actor_id
    plans = _plans(synthetic, lambda: actor_profile(synthetic, actor))
    joined = " || ".join(plans)
    assert "actor_mentions USING COVERING INDEX actor_mentions_actor_forms (actor_id=?)" in joined
    assert "event_participants USING COVERING INDEX event_participants_actor_event (actor_id=?)" in joined
    assert not any(f"SCAN {t}" in joined for t in ("actor_mentions", "events", "e ", "event_participants",
                                                   "relations", "merge_suggestions"))
    plans = _plans(synthetic, lambda: synthetic.events(EventQuery(limit=50)))
    assert "SCAN e USING INDEX events_listing" in plans[0]  # the unfiltered listing is not sorted whole
    plans = _plans(synthetic, lambda: synthetic.review_queue(limit=50))
    assert "INDEX events_review_queue" in plans[0] and "TEMP B-TREE" not in plans[0]  # walks, never sorts


def test_postgres_listings_and_filters_walk_their_indexes(synthetic: Store, world: Any) -> None:
    """PostgreSQL's indexes are in the order `translate` gives ORDER BY (NULLs first), and the date-span
    filter is an index condition: listings stop at their LIMIT instead of sorting every row. Sequential
    and bitmap scans (which lose the index's order) are priced out, as a LIMIT over millions of rows
    prices them; were an index in the wrong order, the plan would sort every row above its scan."""
    if not isinstance(synthetic, PostgresStore):
        pytest.skip("PostgreSQL's plans (--store-backend postgres)")

    def listing(call: Callable[[], object]) -> list[str]:
        """The plan of the query that lists events (`… FROM events e …`), one line per node."""
        return next(p for p in _pg_plans(synthetic, call) if " on events e " in p).split("\n")

    def walks(plan: list[str], index: str) -> int:
        """The line where `plan` scans `index`, asserting that nothing above it sorts every row (an
        incremental sort orders the few rows of equal leading keys; the LIMIT stops the scan)."""
        at = next(i for i, line in enumerate(plan) if f"Scan using {index} on events e" in line)
        assert not any(re.match(r"\s*(->  )?Sort  \(", line) for line in plan[:at]), "\n".join(plan)
        return at

    synthetic.raw.execute("SET enable_seqscan = off")
    synthetic.raw.execute("SET enable_bitmapscan = off")
    try:
        walks(listing(lambda: synthetic.review_queue(limit=50)), "events_review_queue")
        walks(listing(lambda: synthetic.events(EventQuery(limit=50))), "events_listing")
        filtered = listing(lambda: synthetic.events(EventQuery(
            types=("ASSAULT",), since="2010-01-01", until="2011-12-31", admin1=world.admin1[0][0], limit=100)))
        at = walks(filtered, "events_admin1_type_span")
        assert "COALESCE(date_end, date_start) >=" in filtered[at + 1]  # both bounds inside the index
        synthetic.raw.execute("RESET enable_bitmapscan")
        synthetic.raw.execute("SET enable_indexscan = off")  # a substring (--place) is found by trigrams
        for column in ("location_name", "admin1", "location_raw"):
            plan = "".join(r[0] for r in synthetic.raw.execute(
                f"EXPLAIN SELECT event_id FROM events WHERE {column} ILIKE %s", (f"%{world.admin1[2][0][1:5]}%",)))
            assert f"Bitmap Index Scan on events_{column}_trigrams" in plan
        synthetic.raw.execute("RESET enable_indexscan")
        joined = "\n".join(_pg_plans(synthetic, lambda: actor_profile(synthetic, world.actors[12].actor_id)))
        assert "event_participants_actor_role" in joined
        assert not any(f"Seq Scan on {t} " in joined for t in ("events", "event_participants", "actor_mentions",
                                                                "relations", "merge_suggestions"))
        assert "segments_fts" in "".join(r[0] for r in synthetic.raw.execute(
            "EXPLAIN SELECT id FROM segments WHERE words @@ to_tsquery('simple', 'a')"))
    finally:
        synthetic.raw.execute("RESET enable_seqscan")
        synthetic.raw.execute("RESET enable_bitmapscan")
