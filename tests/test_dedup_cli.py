"""`warlog events` (canonical by default, --mentions, --cluster), `warlog ingest --no-dedup`,
`warlog dedup` and `warlog dedup --links`, with a real database file (hand-built events, no spaCy)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from warlog.cli import cli
from warlog.store import open_store

from .dedup_reports import WIRE, raid_reports


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.db"
    monkeypatch.setenv("WARLOG_DB", str(path))
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_events_are_canonical_by_default_and_per_document_with_mentions(db: Path) -> None:
    with open_store(str(db)) as store:
        raid_reports(store)
    code, out, _ = run("events", "--format", "json")
    (raid,) = json.loads(out)
    assert code == 0 and raid["id"].startswith("c") and raid["sources"] == 3 and len(raid["doc_ids"]) == 3
    assert raid["ranges"]["killed"]["low"] == 3 and raid["ranges"]["killed"]["high"] == 5
    assert raid["fatalities"] == 3 and len(raid["evidence"]) == 3
    assert [m["how"] for m in raid["members"]] == ["seed", "auto", "auto"]
    assert all("same type ASSAULT" in m["reason"] for m in raid["members"][1:])
    _, table, _ = run("events")
    assert "3–5" in table and "sources" in table
    _, out, _ = run("events", "--mentions", "--format", "json")
    assert len(json.loads(out)) == 3 and all(e["id"].startswith("e") for e in json.loads(out))
    _, out, _ = run("events", "--cluster", raid["id"], "--format", "jsonl")
    assert len(out.splitlines()) == 3


def test_no_dedup_then_dedup(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARLOG_DEDUP", "0")
    with open_store(str(db)) as store:
        raid_reports(store)
    monkeypatch.delenv("WARLOG_DEDUP")
    _, out, _ = run("events", "--format", "json")
    assert len(json.loads(out)) == 3
    code, _, err = run("dedup")
    assert code == 0 and "3 events placed" in err
    _, out, _ = run("events", "--format", "json")
    assert [e["sources"] for e in json.loads(out)] == [3]


def test_ingest_links_reposts_unless_told_not_to(db: Path, tmp_path: Path) -> None:
    wire = tmp_path / "wire.txt"
    wire.write_text("Airstrike hits market town in Idlib\n\n" + "\n\n".join(WIRE))
    copy = tmp_path / "copy.txt"
    copy.write_text("Airstrike hits market town in Idlib\n\n" + "\n\n".join(WIRE) + "\n\nShare this article")
    code, _, _ = run("ingest", "--no-extract", "--no-dedup", str(wire), str(copy))
    _, out, _ = run("dedup", "--links", "--format", "json")
    assert code == 0 and json.loads(out) == []
    other = tmp_path / "other.db"
    code, _, _ = run("ingest", "--no-extract", "--db", str(other), str(wire), str(copy))
    _, out, _ = run("dedup", "--links", "--db", str(other), "--format", "json")
    (link,) = json.loads(out)
    assert code == 0 and link["jaccard"] > 0.8
