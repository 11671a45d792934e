from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from warlog.errors import NotFound, SchemaVersionError, StoreError
from warlog.model import Document, IngestStatus, Media, Rejection, RejectReason, Segment, SegmentKind
from warlog.store import Store, open_store
from warlog.store.schema import LATEST


def make_doc(doc_id: str = "d0000000000000001", body: str = "Gunmen attacked a checkpoint in Kirkuk.",
             comment: str = "Terrible news from al-Hawija.") -> Document:
    head = "Checkpoint attacked"
    text = f"{head}\n\n{body}\n\n{comment}"
    b0 = len(head) + 2
    c0 = b0 + len(body) + 2
    segments = (Segment(SegmentKind.HEADLINE, 0, len(head), head),
                Segment(SegmentKind.BODY, b0, b0 + len(body), body),
                Segment(SegmentKind.COMMENT, c0, c0 + len(comment), comment, author="reader1"))
    return Document(doc_id=doc_id, text=text, segments=segments, media=Media.TEXT, origin="test",
                    content_hash="c" * 64, input_hash="i" * 64, title=head, segmenter="test/1")


def test_migrations_are_recorded(store: Store) -> None:
    assert store.stats().schema_version == LATEST


def test_file_database_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "w.db"
    with open_store(str(path)) as s:
        conn = s.conn  # type: ignore[attr-defined]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with open_store(str(path)) as s:  # reopening does not migrate again
        assert s.conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == LATEST  # type: ignore[attr-defined]


def test_write_is_idempotent_and_detects_changes(store: Store) -> None:
    doc = make_doc()
    assert store.write_document(doc, raw="raw input") is IngestStatus.ADDED
    assert store.write_document(doc) is IngestStatus.UNCHANGED
    changed = replace(make_doc(body="Gunmen attacked a checkpoint in Tikrit."), input_hash="j" * 64)
    assert store.write_document(changed) is IngestStatus.UPDATED
    got = store.document(doc.doc_id)
    assert "Tikrit" in got.text and len(got.segments) == 3
    assert all(got.text[s.start:s.end] == s.text for s in got.segments)
    assert store.raw_input(doc.doc_id) == "raw input"
    assert store.stats().documents == 1


def test_failed_write_leaves_earlier_data_untouched(store: Store) -> None:
    good = make_doc()
    store.write_document(good)
    bad_segment = Segment(SegmentKind.BODY, 5, 2, "x")  # end before start violates a CHECK
    bad = replace(make_doc("d0000000000000002"), segments=(bad_segment,))
    with pytest.raises(StoreError, match="nothing of it was written"):
        store.write_document(bad)
    assert [d.doc_id for d in store.documents()] == [good.doc_id]
    with pytest.raises(NotFound):
        store.document("d0000000000000002")


def test_document_by_prefix_and_not_found(store: Store) -> None:
    store.write_document(make_doc("dabcdef0000000001"))
    store.write_document(replace(make_doc("dabcdef0000000002"), input_hash="x"))
    assert store.document("dabcdef0000000001").doc_id == "dabcdef0000000001"
    with pytest.raises(NotFound, match="ambiguous"):
        store.document("dabcdef")
    with pytest.raises(NotFound, match="warlog docs"):
        store.document("dnothere")


def test_search_finds_words_phrases_and_odd_queries(store: Store) -> None:
    store.write_document(make_doc())
    hits = store.search("checkpoint")
    assert {h.kind for h in hits} == {"headline", "body"}
    assert any("«checkpoint»" in h.snippet.lower() for h in hits)
    assert [h.kind for h in store.search("al-Hawija")] == ["comment"]  # not FTS syntax: taken literally
    assert store.search("checkpoint", kinds=["body"])[0].kind == "body"
    assert store.search('"attacked a checkpoint"')[0].kind == "body"
    assert store.search("   ") == []
    assert store.search("Mosul") == []


def test_deleting_a_document_cleans_the_index(store: Store) -> None:
    store.write_document(make_doc())
    store.conn.execute("DELETE FROM documents")  # type: ignore[attr-defined]
    assert store.search("checkpoint") == []


def test_rejections_are_counted_not_duplicated(store: Store) -> None:
    r = Rejection("bad.pdf", RejectReason.BINARY, "bad.pdf: this is a PDF")
    store.record_rejection(r)
    store.record_rejection(r)
    (row,) = store.rejections()
    assert (row.origin, row.reason, row.times) == ("bad.pdf", "binary", 2)
    assert store.stats().rejections_by_reason == {"binary": 1}


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_store(str(path)).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (?, 'future', 'now')", (LATEST + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(SchemaVersionError, match="upgrade warlog"):
        open_store(str(path))


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError, match="WARLOG_DB"):
        open_store(str(path))


def test_postgres_store_of_schema_10_is_upgraded(postgres_url: str) -> None:
    """A PostgreSQL store made before migration 11 (indexes in PostgreSQL's order of NULLs, the full-text
    index over an expression) is brought up to date when opened: its btree indexes are made again with
    NULLS FIRST, the span and trigram indexes and the stored words added; search works on it."""
    import psycopg

    from warlog.store.pg_dialect import ddl
    from warlog.store.postgres import schema_of
    from warlog.store.schema import MIGRATIONS, statements

    from .postgres_server import drop_schema, schema_url

    url = schema_url(postgres_url)
    try:
        with psycopg.connect(url.split("?")[0], autocommit=True) as raw:  # what the earlier warlog made
            raw.execute(f'CREATE SCHEMA "{schema_of(url)}"')
            raw.execute(f'SET search_path = "{schema_of(url)}"')
            raw.execute("CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
                        "applied_at TEXT NOT NULL)")
            for version, name, sql in MIGRATIONS[:10]:
                for statement in statements(sql):
                    for pg in ddl(statement):
                        if not pg.startswith("CREATE EXTENSION") or not raw.execute(
                                "SELECT 1 FROM pg_extension WHERE extname = 'btree_gist'").fetchone():
                            old = pg.replace(" NULLS FIRST", "")  # extensions in public: see _extension
                            raw.execute(old.replace("btree_gist", "btree_gist SCHEMA public"))
                raw.execute("INSERT INTO schema_migrations VALUES (%s, %s, 'then')", (version, name))
        with open_store(url) as store:
            assert store.stats().schema_version == LATEST == 11
            raw = getattr(store, "raw")  # noqa: B009
            defs = dict(raw.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                                    "current_schema()").fetchall())
            assert "NULLS FIRST" in defs["events_review_queue"] and "NULLS FIRST" in defs["actors_name"]
            assert "COALESCE(date_end, date_start)" in defs["events_admin1_type_span"]
            assert "gin_trgm_ops" in defs["events_location_name_trigrams"] and "(words)" in defs["segments_fts"]
            store.write_document(make_doc(body="Gunmen killed four villagers near the market."))
            assert [h.kind for h in store.search("villagers")] == ["body"]
    finally:
        drop_schema(url)


def test_a_missing_postgres_extension_says_what_to_install(postgres_url: str) -> None:
    from warlog.store.postgres import schema_of

    from .postgres_server import drop_schema, schema_url

    url = schema_url(postgres_url)
    try:
        with open_store(url) as store:
            made_in = getattr(store, "_extension")("pg_trgm")  # noqa: B009 - public, where this user may
            assert made_in in ("public", schema_of(url))
            with pytest.raises(StoreError, match="contrib extensions"):
                getattr(store, "_extension")("warlog_no_such_extension")  # noqa: B009
            assert store.stats().documents == 0  # the connection is still usable
    finally:
        drop_schema(url)


def test_processes_opening_a_new_postgres_store_at_once_all_open_it(postgres_url: str) -> None:
    """Workers that start together open a store whose schema does not exist yet: one makes the schema and
    its tables, the others wait for it and open the same store (not a duplicate-key error)."""
    from concurrent.futures import ThreadPoolExecutor

    from .postgres_server import drop_schema, schema_url

    url = schema_url(postgres_url)
    try:
        with ThreadPoolExecutor(4) as pool:
            stores = list(pool.map(lambda _: open_store(url), range(4)))
        for opened in stores:
            assert opened.stats().schema_version == LATEST
            opened.close()
    finally:
        drop_schema(url)
