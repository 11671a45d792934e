"""`warlog migrate-store` (issue 18): a SQLite store copied into PostgreSQL and back holds the same
documents, events, canonical events, actors, analysts' decisions and their history, checked by rows
and a checksum of ids; a store that is not empty is refused. Needs a PostgreSQL server (skips without)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from warlog import review
from warlog.cli import cli
from warlog.errors import ConfigError
from warlog.query import event_to_dict
from warlog.run import ingest
from warlog.store import Store, copy_store, open_store

from .conftest import FIXTURES
from .postgres_server import drop_schema, schema_url

pytestmark = pytest.mark.integration


def contents(store: Store) -> dict[str, object]:
    """What an analyst sees of a store, in the order it lists it."""
    return {
        "documents": [d.summary() for d in store.documents()],
        "events": [event_to_dict(e) for e in store.events()],
        "clusters": [c.to_dict() for c in store.event_clusters()],
        "actors": [(a.actor_id, a.name, a.mentions, a.merged) for a in store.actors()],
        "decisions": [(d.kind, d.event_id, d.other_id, d.field, d.value, d.author, d.undone_at is not None)
                      for d in store.event_decisions()],
        "actor_decisions": [(d.kind, d.subject, d.object, d.author) for d in store.decisions()],
        "search": sorted((h.doc_id, h.kind, h.seq) for h in store.search("killed")),  # ranks differ by backend
        "rejections": [(r.origin, r.reason, r.times) for r in store.rejections()],
    }


def test_sqlite_to_postgres_and_back(tmp_path: Path, postgres_url: str) -> None:
    first = str(tmp_path / "first.db")
    with open_store(first) as store:
        ingest([str(FIXTURES / "dedup" / f) for f in ("raid.jsonl", "bombings.jsonl")], store)
        a, b, *_ = [e.event_id for e in store.events()]
        review.confirm(store, a, author="ana")
        review.edit(store, b, "fatalities", "7", author="ben", note="the lead says seven")
        undone = review.reject(store, a, author="ana")
        review.undo(store, undone)
        x, y = [i.actor_id for i in store.actors()[:2]]
        store.decide("merge", x, y, author="ana")
        (tmp_path / "empty.txt").write_text("")
        ingest([str(tmp_path / "empty.txt")], store)  # a rejection, copied too
        before = contents(store)
    url = schema_url(postgres_url)
    back = str(tmp_path / "back.db")
    try:
        result = CliRunner().invoke(cli, ["migrate-store", first, url])
        assert result.exit_code == 0, result.output
        assert "ids checksum" in result.output
        with open_store(url) as shared:
            assert contents(shared) == before
            review.confirm(shared, b, author="cy")  # the copy goes on: ids continue after the copied ones
            assert len(shared.event_decisions()) == len(before["decisions"]) + 1  # type: ignore[arg-type]
            with open_store(back) as returned:
                done = copy_store(shared, returned)
                assert done.rows["event_decisions"] == len(before["decisions"]) + 1  # type: ignore[arg-type]
                assert contents(returned)["events"] == contents(shared)["events"]
    finally:
        drop_schema(url)


def test_a_store_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "a.db")) as a, open_store(str(tmp_path / "b.db")) as b:
        ingest([str(FIXTURES / "dedup" / "raid.jsonl")], a)
        copy_store(a, b)
        with pytest.raises(ConfigError, match="not empty"):
            copy_store(a, b)
