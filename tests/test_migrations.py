"""Migrations from every earlier schema version, with data in it (issue 16), and backup and restore.

For each version k before the latest, a database is built at version k (its migrations only) and filled
with what the current warlog stored for real reports, reviews and a user — every table and column that
existed at k — as if an older warlog had written it; opening it with this warlog migrates it, keeps its
documents and events, and it takes a new report. Then `warlog backup` and `warlog restore`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from warlog.cli import cli
from warlog.errors import ConfigError
from warlog.eval.digest import store_digest
from warlog.run import ingest
from warlog.store import open_store, restore_store
from warlog.store.schema import LATEST, MIGRATIONS
from warlog.store.schema import statements as _statements
from warlog.users import add_user

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store at the latest version with documents, extraction, canonical events, reviews, a user."""
    path = tmp_path_factory.mktemp("latest") / "latest.db"
    with open_store(str(path)) as store:
        ingest([str(FIXTURES / "wire_story.txt"), str(FIXTURES / "repost_blog.txt"),
                *map(str, sorted((FIXTURES / "audit").glob("0[1-3]_*.txt")))], store)
        first = store.events()[0].event_id
        store.decide_event("confirm", first, author="ana", note="checked")
        add_user(store, "ana", "a long enough password")
    return path


def at_version(version: int, path: Path, source: Path) -> dict[str, int]:
    """A database at `version` holding `source`'s rows in the tables and columns it had; rows per table."""
    c = sqlite3.connect(path)
    c.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
              "applied_at TEXT NOT NULL)")
    for v, name, sql in MIGRATIONS:
        if v <= version:
            for statement in _statements(sql):
                c.execute(statement)
            c.execute("INSERT INTO schema_migrations VALUES (?, ?, '2026-01-01T00:00:00Z')", (v, name))
    c.execute("PRAGMA foreign_keys = OFF")
    c.execute("ATTACH DATABASE ? AS src", (str(source),))
    counts = {}
    virtual = [r[0] for r in c.execute("SELECT name FROM main.sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%'")]
    tables = [r[0] for r in c.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                      "'%fts%' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations'")
              if not any(r[0].startswith(f"{v}_") for v in virtual)]  # a virtual table's own storage
    for table in tables:
        mine = [r[1] for r in c.execute(f"PRAGMA main.table_info({table})")]
        theirs = {r[1] for r in c.execute(f"PRAGMA src.table_info({table})")}
        cols = ", ".join(f'"{x}"' for x in mine if x in theirs)
        c.execute(f"INSERT INTO main.{table} ({cols}) SELECT {cols} FROM src.{table}")
        counts[table] = c.execute(f"SELECT count(*) FROM main.{table}").fetchone()[0]
    c.commit()
    c.execute("DETACH DATABASE src")
    c.close()
    return counts


@pytest.mark.parametrize("version", range(1, LATEST))
def test_a_store_of_every_earlier_version_migrates_with_its_data(filled: Path, tmp_path: Path, version: int) -> None:
    path = tmp_path / f"v{version}.db"
    counts = at_version(version, path, filled)
    assert counts["documents"] >= 5 and (version < 3 or counts["events"] > 0)
    with open_store(str(path)) as store:
        assert len(store.documents()) == counts["documents"]
        if version >= 3:
            assert len(store.events()) == counts["events"]
        report = ingest([str(FIXTURES / "audit" / "04_somalia_lido.txt")], store)
        assert report.outcomes[0].status == "added"
        assert store.search("Lido")
    c = sqlite3.connect(path)
    assert c.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == LATEST
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    c.close()


def test_backup_and_restore(filled: Path, tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    restore_store(str(filled), str(live))  # a copy to work on
    copy = tmp_path / "copy.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["backup", "--db", str(live), str(copy)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(cli, ["backup", "--db", str(live), str(copy)])
    assert again.exit_code != 0 and "exists" in again.output  # never overwrites
    with open_store(str(live)) as store:
        before = store_digest(store)
        ingest([str(FIXTURES / "audit" / "04_somalia_lido.txt")], store)  # changed after the backup
        assert store_digest(store) != before
    result = runner.invoke(cli, ["restore", "--yes", "--db", str(live), str(copy)])
    assert result.exit_code == 0, result.output
    with open_store(str(live)) as store:
        assert store_digest(store) == before


def test_restore_refuses_what_is_no_warlog_database(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    with open_store(str(live)) as store:
        ingest([str(FIXTURES / "wire_story.txt")], store)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(ConfigError, match="not a warlog database"):
        restore_store(str(other), str(live))
    with open_store(str(live)) as store:
        assert len(store.documents()) == 1  # left as it was
