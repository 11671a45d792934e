"""The CLI as a user runs it: real files, a real database file, every listing format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from warlog.cli import cli

from .conftest import REPO

SAMPLE = str(REPO / "warlog" / "samples" / "sample_article.txt")


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WARLOG_DB", str(tmp_path / "cli.db"))
    runner = CliRunner()

    def invoke(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
        result = runner.invoke(cli, list(args), input=input, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_ingest_docs_show_round_trip(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("ingest", SAMPLE)
    assert code == 0 and "1 added" in err
    code, _, err = run("ingest", SAMPLE)
    assert code == 0 and "1 unchanged" in err and "0 added" in err
    code, out, _ = run("docs", "--format", "json")
    (doc,) = json.loads(out)
    assert set(doc) == {"doc_id", "url", "title", "published", "source"}
    code, out, _ = run("show", doc["doc_id"], "--format", "json")
    shown = json.loads(out)
    assert set(shown) == {"doc_id", "url", "title", "published", "source", "segments"}
    assert all(set(s) == {"kind", "text", "start", "end", "author"} for s in shown["segments"])
    assert shown["segments"][0]["kind"] == "headline"
    code, out, _ = run("show", doc["doc_id"][:8])
    assert code == 0 and doc["title"] in out


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_every_listing_takes_every_format(run, fmt: str) -> None:  # type: ignore[no-untyped-def]
    run("ingest", SAMPLE)
    run("ingest", "/no/such/file.txt")
    for command in (["docs"], ["search", "soldiers"], ["stats"], ["rejections"]):
        code, out, _ = run(*command, "--format", fmt)
        assert code == 0, command
        if fmt == "json":
            json.loads(out)
        elif fmt == "jsonl":
            assert all(json.loads(line) for line in out.splitlines())
        elif fmt == "csv":
            assert len(list(csv.reader(io.StringIO(out)))) >= 2
        else:
            assert out.strip()


def test_search_snippets(run) -> None:  # type: ignore[no-untyped-def]
    run("ingest", SAMPLE)
    code, out, _ = run("search", "ambush", "--kind", "body", "--format", "json")
    hits = json.loads(out)
    assert code == 0
    assert hits and all(h["kind"] == "body" and "«" in h["snippet"] for h in hits)


def test_stdin_metadata_and_db_option(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = str(tmp_path / "other.db")
    text = b"Protest in Khartoum\n\nThousands marched in Khartoum on Friday, witnesses said."
    code, _, _ = run("ingest", "-", "--db", other, "--published", "2019-06-07", "--source", "Wire",
                     "--url", "https://example.org/k", input=text)
    assert code == 0
    code, out, _ = run("docs", "--db", other, "--format", "json")
    assert json.loads(out) == [{"doc_id": json.loads(out)[0]["doc_id"], "url": "https://example.org/k",
                                "title": "Protest in Khartoum", "published": "2019-06-07", "source": "Wire"}]
    code, out, _ = run("docs", "--format", "json")  # WARLOG_DB: a different, empty database
    assert json.loads(out) == []


def test_errors_become_exit_codes(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("show", "dnothere")
    assert code == 3 and "warlog docs" in err
    code, _, err = run("ingest", SAMPLE, "--published", "last week")
    assert code == 2 and "ISO 8601" in err
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"%PDF-1.4 ...")
    code, _, err = run("ingest", str(bad))
    assert code == 1 and "binary" in err and "PDF" in err
    code, out, _ = run("rejections", "--format", "json")
    assert json.loads(out)[0]["reason"] == "binary"
    code, _, err = run("ingest", str(tmp_path), "--url", "https://example.org/x")
    assert code == 2 and "--url" in err


def test_ingest_report_as_json(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("ingest", SAMPLE, "/no/such.txt", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [r["status"] for r in rows] == ["added", "rejected"]


def test_demo_prints_segments(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("demo")
    assert code == 0 and "[headline" in out and "[comment by" in out


def test_progress_bar_appears_only_for_more_than_a_few_documents() -> None:
    from rich.console import Console

    from warlog.cli.common import PROGRESS_AFTER, Reporter
    from warlog.model import IngestOutcome, IngestStatus

    for n, expect_bar in ((PROGRESS_AFTER, False), (PROGRESS_AFTER + 3, True)):
        buf = io.StringIO()
        reporter = Reporter(Console(file=buf, force_terminal=True, width=100), verbose=True)
        for i in range(n):
            reporter(IngestOutcome(f"f{i}.txt", IngestStatus.ADDED, f"d{i}", "t"))
        assert (reporter.progress is not None) is expect_bar
        reporter.close()
        assert buf.getvalue().count("added") == min(n, PROGRESS_AFTER)


def test_decisions_from_the_command_line(run) -> None:  # type: ignore[no-untyped-def]
    run("ingest", SAMPLE)
    code, out, _ = run("actors", "--format", "json")
    names = {a["name"] for a in json.loads(out)}
    assert code == 0 and {"Iraqi police", "Iraqi military"} <= names
    code, out, _ = run("merge", "Iraqi police", "Iraqi military", "--note", "test", "--author", "analyst")
    assert code == 0 and "decision 1" in out
    code, out, _ = run("actor", "Iraqi police", "--format", "json")
    assert json.loads(out)["name"] == "Iraqi military"
    code, out, _ = run("decisions", "--format", "json")
    (d,) = json.loads(out)
    assert (d["kind"], d["author"], d["undone_at"]) == ("merge", "analyst", None)
    assert run("undo", "1")[0] == 0
    code, out, _ = run("actor", "Iraqi police", "--format", "json")
    assert json.loads(out)["name"] == "Iraqi police"
    code, _, err = run("merge", "Iraqi police", "Nobody At All")
    assert code == 3 and "warlog actors" in err
