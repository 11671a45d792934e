"""Canonical events in the store: merging on write, reposts, re-extraction, analysts' merges and
splits (and their survival of re-ingestion), dedup off, the candidate index, the migration. Hand-built
reports written through `Store.write_document` (no spaCy)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from warlog.errors import NotFound
from warlog.query import EventQuery
from warlog.settings import Settings, dedup_from_env
from warlog.store import Store, open_store
from warlog.store.clusters_sql import CANDIDATES_SQL
from warlog.store.dbapi import Connection
from warlog.store.postgres import PostgresStore
from warlog.store.schema import MIGRATIONS

from .dedup_reports import (
    BAQUBAH,
    KIRKUK,
    WIRE,
    Ev,
    analysis,
    bombing_reports,
    document,
    person,
    raid_reports,
    wire_event,
    write,
)


def conn(store: Store) -> Connection:
    """The store's connection (SQLite's dialect on either backend)."""
    c: Connection = getattr(store, "conn")  # noqa: B009
    return c


def cluster_of(store: Store, event_id: str) -> str:
    return store.event_cluster(event_id).cluster_id


def assert_consistent(store: Store) -> None:
    """Every event is in exactly one cluster, and every cluster has its row."""
    c = conn(store)
    assert c.execute("SELECT count(*) FROM events").fetchone() == c.execute(
        "SELECT count(*) FROM cluster_members").fetchone()
    assert not c.execute("SELECT event_id FROM events EXCEPT SELECT event_id FROM cluster_members").fetchall()
    assert set(c.execute("SELECT DISTINCT cluster_id FROM cluster_members")) == set(
        c.execute("SELECT cluster_id FROM event_clusters"))


def test_three_reports_of_a_raid_become_one_event_with_three_sources_and_a_range(store: Store) -> None:
    (a,), (b,), (c,) = raid_reports(store)
    (raid,) = store.event_clusters()
    assert raid.sources == 3 and raid.independent_sources == 3 and len(raid.members) == 3
    killed = raid.ranges["killed"]
    assert (killed.low, killed.best, killed.high) == (3, 3, 5)
    assert raid.event.fatalities == 3 and sorted(raid.event.count_reports["killed"]) == [3, 4, 5]
    assert raid.event.date and raid.event.date.edtf == "2008-06-05"  # "Thursday"/"June 5", not "last week"
    assert (raid.first_reported, raid.last_reported) == ("2008-06-06", "2008-06-12")
    assert {m.event_id for m in raid.members} == {a, b, c}
    assert [m.how for m in raid.members] == ["seed", "auto", "auto"]
    assert all(m.score >= 0.5 and "same type ASSAULT" in m.reason for m in raid.members[1:])
    assert raid.disagreements["date"]  # "last week" kept beside the day
    assert len(store.events()) == 3  # the per-document reports are all still there
    out = raid.to_dict()
    assert out["sources"] == 3 and out["ranges"]["killed"] == {
        "low": 3, "best": 3, "high": 5, "reports": out["ranges"]["killed"]["reports"]}
    assert {m["event_id"] for m in out["members"]} == {a, b, c}
    assert_consistent(store)


def test_two_bombings_in_one_city_on_one_day_stay_apart(store: Store) -> None:
    ids = bombing_reports(store)
    market, checkpoint = ids["both"]
    assert cluster_of(store, market) != cluster_of(store, checkpoint)
    assert cluster_of(store, ids["market"][0]) == cluster_of(store, ids["toll"][0]) == cluster_of(store, market)
    assert cluster_of(store, ids["checkpoint"][0]) == cluster_of(store, checkpoint)
    found = {c.cluster_id: c for c in store.event_clusters()}
    assert len(found) == 2
    bombing = found[cluster_of(store, market)]
    assert bombing.sources == 3 and bombing.ranges["killed"].label() == "12–14"
    assert_consistent(store)


def test_a_repost_adds_a_source_not_an_event(store: Store) -> None:
    _, (original,) = write(store, "https://wire.example/idlib", "Airstrike hits market town in Idlib", WIRE,
                           "2019-07-16", [wire_event()])
    page = ["Home | World | Sport", *WIRE, "Share this article"]
    _, (copy,) = write(store, "https://syndicate.example/idlib", "Airstrike hits market town in Idlib", page,
                       "2019-07-16", [replace(wire_event(), date=("2019-07-17", "2019-07-17", "day"))])
    (event,) = store.event_clusters()
    assert event.sources == 2 and event.independent_sources == 1
    member = next(m for m in event.members if m.event_id == copy)
    assert member.how == "repost" and "nearly duplicates" in member.reason
    (link,) = store.document_links()
    assert link.jaccard > 0.8 and {link.doc_id, link.original_id} == {
        e.doc_id for e in store.events()}
    assert cluster_of(store, original) == cluster_of(store, copy)


def test_capture_and_release_of_one_man_are_two_events(store: Store) -> None:
    man = person("", "Turkish engineer")
    _, (capture,) = write(store, "https://n.example/kidnap", "Engineer kidnapped in Kirkuk",
                          ["Gunmen kidnapped a Turkish engineer in Kirkuk on Saturday, police said."], "2009-05-03",
                          [Ev("kidnapped a Turkish engineer", type="ASSAULT", modes=("abduct",), place=KIRKUK,
                              date=("2009-05-02", "2009-05-02", "day"), recipients=[man], counts={"abducted": 1})])
    _, (release, background) = write(
        store, "https://n.example/freed", "Kidnapped engineer freed",
        ["Kidnappers released a Turkish engineer in Kirkuk on Wednesday, police said.",
         "The engineer was kidnapped in Kirkuk earlier this month."], "2009-05-21",
        [Ev("released a Turkish engineer", type="RETREAT", place=KIRKUK, date=("2009-05-20", "2009-05-20", "day"),
            recipients=[man]),
         Ev("kidnapped in Kirkuk earlier this month", type="ASSAULT", modes=("abduct",), place=KIRKUK,
            date=("2009-05-01", "2009-05-31", "month"), recipients=[man], counts={"abducted": 1})])
    assert cluster_of(store, release) != cluster_of(store, capture)
    assert cluster_of(store, background) == cluster_of(store, capture)  # told again when he is freed


def test_reingesting_changes_nothing_and_reextraction_reclusters(store: Store) -> None:
    ids = raid_reports(store)
    before = sorted((c.cluster_id, tuple(m.event_id for m in c.members)) for c in store.event_clusters())
    doc = document("https://diyala.example/farmhouse", "Five killed as troops storm farmhouse in Diyala",
                   ["American and Iraqi soldiers stormed a farmhouse outside Baqubah on June 5, killing five gunmen "
                    "believed to belong to al-Qaeda in Iraq, local police said."], "2008-06-07")
    again = analysis(doc, [Ev("stormed a farmhouse outside Baqubah on June 5, killing five gunmen",
                              recipients=[person("armed_group:irq:al-qaeda-in-iraq", "al-Qaeda in Iraq")],
                              counts={"killed": 5})], extractor="test-2")
    store.write_document(doc, None, again)  # a new extractor: the same event id, written again
    after = sorted((c.cluster_id, tuple(m.event_id for m in c.members)) for c in store.event_clusters())
    assert [sorted(m) for _, m in after] == [sorted(m) for _, m in before] and [c for c, _ in after] == [
        c for c, _ in before]
    # the report now finds no event in that document: the other two stay together without it
    store.write_document(doc, None, analysis(doc, [], extractor="test-3"))
    (raid,) = store.event_clusters()
    assert {m.event_id for m in raid.members} == {ids[0][0], ids[2][0]} and raid.sources == 2
    assert_consistent(store)


def test_an_analysts_split_and_merge_hold_and_survive_reingestion(store: Store) -> None:
    (a,), (b,), (c,) = raid_reports(store)
    store.decide_event("split", c, other_id=a, author="ana")
    store.decide_event("split", c, other_id=b, author="ana")
    store.recluster([c, a, b])  # what warlog.review calls after recording a decision
    assert cluster_of(store, a) == cluster_of(store, b) != cluster_of(store, c)
    # a report far away that nothing would merge, merged by hand with the "last week" report
    _, (far,) = write(store, "https://far.example/x", "Raid in Kirkuk", ["Troops raided a house in Kirkuk."],
                      "2008-06-09", [Ev("Troops raided a house in Kirkuk", place=KIRKUK)])
    assert cluster_of(store, far) != cluster_of(store, c)
    merge = store.decide_event("merge", far, other_id=c, author="ana")
    assert store.recluster([far, c]) == [cluster_of(store, c)]
    assert cluster_of(store, far) == cluster_of(store, c)
    member = next(m for m in store.event_cluster(far).members if m.event_id in (far, c) and m.how == "analyst")
    assert "an analyst merged it" in member.reason
    # every report written again (a new extractor): the decisions still hold
    for url, headline, text, published in [
            ("https://tigris.example/raid", "US troops kill three militants near Baqubah",
             "US and Iraqi troops killed three suspected al-Qaeda in Iraq fighters on Thursday in a raid on a "
             "farmhouse near Baqubah, the US military said.", "2008-06-06"),
            ("https://monitor.example/roundup", "Diyala operations continue",
             "Last week US and Iraqi forces killed four al-Qaeda in Iraq militants during a raid on a farmhouse "
             "near Baqubah, according to officials in Diyala province.", "2008-06-12")]:
        doc = document(url, headline, [text], published)
        old = store.events(EventQuery(doc_id=doc.doc_id))
        store.write_document(doc, None, replace(analysis(doc, []), extractor="test-2", events=tuple(old)))
    assert cluster_of(store, a) == cluster_of(store, b) != cluster_of(store, c)
    assert cluster_of(store, far) == cluster_of(store, c)
    # undoing the merge and clustering again: the far report is alone again
    store.undo_event_decision(merge)
    store.recluster([far, c])
    assert cluster_of(store, far) != cluster_of(store, c)
    assert_consistent(store)


def test_with_dedup_off_every_report_stands_alone_until_dedup_runs(new_store: Callable[..., Store]) -> None:
    with new_store(dedup=False) as store:
        raid_reports(store)
        clusters = store.event_clusters()
        assert len(clusters) == 3 and all(c.members[0].how == "unchecked" for c in clusters)
        assert not conn(store).execute("SELECT count(*) FROM document_fingerprints").fetchone()[0]
        assert store.dedup_unchecked() == 3
        (raid,) = store.event_clusters()
        assert raid.sources == 3 and store.dedup_unchecked() == 0
        assert_consistent(store)


def test_the_setting(monkeypatch: pytest.MonkeyPatch, new_store: Callable[..., Store]) -> None:
    assert Settings.from_env({}).dedup is True
    assert Settings.from_env({"WARLOG_DEDUP": "0"}).dedup is False
    assert dedup_from_env({"WARLOG_DEDUP": "off"}) is False and dedup_from_env({}) is True
    monkeypatch.setenv("WARLOG_DEDUP", "no")
    with new_store() as store:
        assert getattr(store, "dedup") is False  # noqa: B009


def test_candidate_lookup_goes_through_the_index(store: Store) -> None:
    raid_reports(store)
    if isinstance(store, PostgresStore):  # the GiST index over the windows (forced: the table is tiny)
        conn(store).execute("SET enable_seqscan = off")
        plan = " ".join(str(r[0]) for r in conn(store).execute("EXPLAIN " + CANDIDATES_SQL, (0,) * 11))
        assert "event_boxes_window" in plan and "events" not in plan.replace("event_boxes", "")
    else:
        plan = " ".join(str(r[3]) for r in conn(store).execute("EXPLAIN QUERY PLAN " + CANDIDATES_SQL, (0,) * 11))
        assert "VIRTUAL TABLE INDEX" in plan and "SCAN m" not in plan and "events" not in plan
    # events far away in time, place or type are never read back: a thousand other reports change nothing
    c = conn(store)
    before = c.execute("SELECT count(*) FROM event_boxes").fetchone()[0]
    docs = []
    for i in range(40):
        docs.append(write(store, f"https://other.example/{i}", f"Clash {i}", [f"Fighting number {i} was reported."],
                          f"2009-0{1 + i % 9}-1{i % 10}", [Ev(f"Fighting number {i}", date=(
                              f"2009-0{1 + i % 9}-1{i % 10}", f"2009-0{1 + i % 9}-1{i % 10}", "day"))]))
    assert c.execute("SELECT count(*) FROM event_boxes").fetchone()[0] == before + 40
    day = date(2008, 6, 5).toordinal()
    window = (day - 0.5, day + 0.5, 16, 16, 0, 20000, 33, 34, 44, 45, 500)  # an assault near Baqubah that day
    near = c.execute(CANDIDATES_SQL, window).fetchall()
    assert len(near) == 3


def test_canonical_listing_filters_and_pages(store: Store) -> None:
    raid_reports(store)
    bombing_reports(store)
    everything = store.event_clusters()
    assert len(everything) == 3 and [c.event.date.start for c in everything if c.event.date] == sorted(
        c.event.date.start for c in everything if c.event.date)
    assert len(store.event_clusters(EventQuery(since="2008-06-01"))) == 1
    assert len(store.event_clusters(EventQuery(admin1="Baghdad"))) == 2
    one_doc = store.events()[0].doc_id
    (mine,) = store.event_clusters(EventQuery(doc_id=one_doc))
    assert one_doc in {m.doc_id for m in mine.members} and mine.sources > 1  # the whole event, all its sources
    assert [c.cluster_id for c in store.event_clusters(EventQuery(limit=1, offset=1))] == [everything[1].cluster_id]
    assert len(store.events(EventQuery(cluster_id=mine.cluster_id))) == mine.sources
    with pytest.raises(NotFound):
        store.event_cluster("c0000000000000000")


def test_a_rejected_report_leaves_its_canonical_event(store: Store) -> None:
    (a,), (b,), (c,) = raid_reports(store)
    store.decide_event("reject", c, author="ana")
    (raid,) = store.event_clusters()
    assert raid.sources == 2 and {m.event_id for m in raid.members} == {a, b}


def test_migration_gives_events_stored_before_dedup_a_cluster_each(tmp_path: Path) -> None:
    from warlog.store.schema import statements as _statements

    path = tmp_path / "old.db"
    c = sqlite3.connect(path, isolation_level=None)
    c.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
              "applied_at TEXT NOT NULL)")
    for version, name, sql in MIGRATIONS:
        if version <= 6:
            for statement in _statements(sql):
                c.execute(statement)
            c.execute("INSERT INTO schema_migrations VALUES (?, ?, 'then')", (version, name))
    c.execute("INSERT INTO documents (doc_id, origin, media, content_hash, input_hash, segmenter, text, ingested_at, "
              "updated_at, published) VALUES ('d1', 'x', 'text', 'h', 'h', 's', 't', 'now', 'now', '2008-06-06')")
    for eid, day in (("e1", "2008-06-05"), ("e2", None)):
        c.execute("INSERT INTO events (event_id, doc_id, type, date_start, date_end, certainty, confidence, "
                  "extractor, admin1) VALUES (?, 'd1', 'ASSAULT', ?, ?, 'asserted', 0.5, 'x', 'Diyala')",
                  (eid, day, day))
    c.close()
    with open_store(str(path)) as store:
        clusters = store.event_clusters()
        assert [cl.cluster_id for cl in clusters] == ["c1", "c2"]
        assert all(cl.members[0].how == "unchecked" for cl in clusters)
        assert store.event_clusters(EventQuery(admin1="Diyala", until="2008-12-31"))[0].cluster_id == "c1"


def test_unreal_and_vague_events_are_never_merged(store: Store) -> None:
    raid_reports(store)
    _, (maybe,) = write(store, "https://threat.example/x", "Militants threaten raid",
                        ["Militants said troops might raid a farmhouse near Baqubah."], "2008-06-06",
                        [Ev("troops might raid a farmhouse near Baqubah", certainty="hypothetical",
                            place=BAQUBAH)])
    _, (vague,) = write(store, "https://year.example/x", "A year of raids",
                        ["In 2008 troops raided a farmhouse near Baqubah."], "2009-01-06",
                        [Ev("troops raided a farmhouse near Baqubah", date=("2008-01-01", "2008-12-31", "year"))])
    for eid in (maybe, vague):
        (member,) = store.event_cluster(eid).members
        assert member.how == "seed" and ("might happen" in member.reason or "too vague" in member.reason)
