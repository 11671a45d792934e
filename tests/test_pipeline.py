"""Ingest end to end into a real store: ids, idempotence, rejections, one transaction per document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from warlog.errors import ConfigError, StoreError
from warlog.model import IngestOutcome, IngestStatus, Media, RawDocument, RejectReason, SegmentKind
from warlog.run import IngestOptions, ingest, prepare
from warlog.store import Store, open_store

from .conftest import REPO, shared_path

SAMPLE = REPO / "warlog" / "samples" / "sample_article.txt"


def test_sample_is_stored_once(store: Store) -> None:
    first = ingest([str(SAMPLE)], store)
    assert [o.status for o in first.outcomes] == [IngestStatus.ADDED]
    again = ingest([str(SAMPLE)], store)
    assert [o.status for o in again.outcomes] == [IngestStatus.UNCHANGED]
    assert again.outcomes[0].doc_id == first.outcomes[0].doc_id
    assert store.stats().documents == 1
    doc = store.document(first.outcomes[0].doc_id or "")
    assert doc.text and all(doc.text[s.start:s.end] == s.text for s in doc.segments)
    kinds = {s.kind for s in doc.segments}
    assert {SegmentKind.HEADLINE, SegmentKind.BODY, SegmentKind.COMMENT} <= kinds
    assert doc.title == next(s.text for s in doc.segments if s.kind is SegmentKind.HEADLINE)


def test_new_metadata_updates_and_url_gives_identity(store: Store, tmp_path: Path) -> None:
    (a,) = ingest([str(SAMPLE)], store).outcomes
    (b,) = ingest([str(SAMPLE)], store, options=IngestOptions(published="2019-06-12")).outcomes
    assert (b.status, b.doc_id) == (IngestStatus.UPDATED, a.doc_id)
    assert store.document(a.doc_id or "").published == "2019-06-12"
    # the same URL with edited text is the same document, updated
    page = tmp_path / "page.txt"
    page.write_text("Rebels seized a town\n\nRebels seized the town of Bunia on Monday.")
    opts = IngestOptions(url="https://www.example.org/story?utm_source=x", source="Example")
    (c,) = ingest([str(page)], store, options=opts).outcomes
    page.write_text("Rebels seized a town\n\nRebels seized the town of Bunia on Monday, officials said.")
    (d,) = ingest([str(page)], store, options=IngestOptions(url="https://example.org/story",
                                                                  source="Example")).outcomes
    assert (c.status, d.status, c.doc_id) == (IngestStatus.ADDED, IngestStatus.UPDATED, d.doc_id)
    assert store.document(d.doc_id or "").url == "https://example.org/story"


def test_a_corrupt_file_among_good_ones_is_reported_and_skipped(store: Store, tmp_path: Path) -> None:
    for i, place in enumerate(["Goma", "Bunia", "Beni"]):
        (tmp_path / f"{i}.txt").write_text(f"Clashes near {place}\n\nFighting was reported near {place}.")
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02garbage" * 100)
    (tmp_path / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    seen: list[IngestOutcome] = []
    report = ingest([str(tmp_path)], store, on_outcome=seen.append)
    assert report.outcomes == seen
    assert report.totals() == {"added": 3, "unchanged": 0, "updated": 0, "rejected": 2}
    assert {(Path(r.origin).name, r.reason) for r in store.rejections()} == {
        ("broken.txt", "binary"), ("menu.html", "no_text")}
    assert store.stats().documents == 3


def test_url_option_with_several_documents_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "two.jsonl"
    path.write_text('{"text": "Shelling in Kharkiv."}\n{"text": "Shelling in Sumy."}\n')
    with pytest.raises(ConfigError, match="--url"):
        ingest([str(path)], store, options=IngestOptions(url="https://example.org/x"))


def test_a_store_failure_loses_only_the_document_in_flight(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"Attack number {i}\n\nAn attack, number {i}, was reported.")
    store = open_store(str(db))

    def pull_the_plug(outcome: IngestOutcome) -> None:
        store.conn.close()  # type: ignore[attr-defined]

    with pytest.raises(StoreError):
        ingest([str(tmp_path)], store, on_outcome=pull_the_plug)
    with open_store(str(db)) as reopened:
        assert [d.title for d in reopened.documents()] == ["Attack number 0"]


def test_seed_page_ingests(store: Store) -> None:
    seed = shared_path("seed", "000_1883449a268877a5.txt")
    (o,) = ingest([str(seed)], store).outcomes
    assert o.status is IngestStatus.ADDED
    doc = store.document(o.doc_id or "")
    assert len([s for s in doc.segments if s.kind is SegmentKind.COMMENT]) == 7
    assert ingest([str(seed)], store).outcomes[0].status is IngestStatus.UNCHANGED


def test_html_and_plain_text_pages_give_the_same_segment_kinds(store: Store) -> None:
    html = REPO / "tests" / "fixtures" / "article_with_comments.html"
    report = ingest([str(SAMPLE), str(html)], store)
    kinds = [{s.kind for s in store.document(o.doc_id or "").segments} for o in report.outcomes]
    assert kinds[0] == kinds[1] == set(SegmentKind)


@pytest.mark.integration
def test_worker_processes_give_the_same_result_in_input_order(tmp_path: Path, new_store: Callable[..., Store]) -> None:
    """Two worker processes (each parsing and extracting whole documents, warlog.run.workers) store what
    one process stores, and report the inputs in their order, rejections among them."""
    from warlog.query import event_to_dict
    from warlog.run.workers import CHUNK
    from warlog.settings import Settings

    places = ["Goma", "Bunia", "Beni", "Mosul", "Kidal", "Gao", "Kandahar", "Idlib", "Juba", "Marawi"]
    n = 2 * CHUNK + 3  # several chunks, the last one short
    for i in range(n):
        place = places[i % len(places)]
        (tmp_path / f"{i:02d}.txt").write_text(
            f"Attack near {place}\n\nGunmen killed {i + 2} soldiers near {place} on Monday, officials said. "
            f"Police arrested {i + 1} suspects in {place} the next day.")
        if i % 7 == 3:
            (tmp_path / f"{i:02d}b.txt").write_bytes(b"\x00\x01" * 50)  # rejected, between documents
    results = []
    for processes in (1, 2):
        with new_store() as s:
            report = ingest([str(tmp_path)], s, settings=Settings(processes=processes, batch_size=4))
            events = sorted((event_to_dict(e) for e in s.events()), key=lambda d: d["id"])
            results.append(([(o.origin, o.status) for o in report.outcomes], events))
    assert results[0] == results[1]
    outcomes, events = results[0]
    assert [Path(o).name for o, _ in outcomes] == sorted(p.name for p in tmp_path.iterdir())
    killed = sorted(k for e in events if (k := e["counts"].get("killed")) is not None)
    assert killed == list(range(2, n + 2))


class _Exploding(str):
    """Text whose `replace` fails where warlog normalises it: a bug inside a stage, simulated by the input
    itself, not by replacing any of warlog's code."""

    def replace(self, *args: object, **kwargs: object) -> str:  # type: ignore[override]
        raise RuntimeError("a bug inside a stage")


def test_a_crash_inside_a_stage_is_an_internal_error_not_a_content_reason(store: Store) -> None:
    raw = RawDocument("stdin", _Exploding("Gunmen attack Kabul checkpoint\n\nGunmen killed six police."), Media.TEXT)
    outcome = prepare(raw, store, IngestOptions())
    assert isinstance(outcome, IngestOutcome) and outcome.status == IngestStatus.REJECTED
    assert outcome.reason == RejectReason.INTERNAL_ERROR
    assert outcome.message is not None and "RuntimeError: a bug inside a stage" in outcome.message
    assert [r.reason for r in store.rejections()] == [RejectReason.INTERNAL_ERROR]


def test_a_crash_inside_extraction_stores_the_document_and_records_an_internal_error(
        store: Store, tmp_path: Path) -> None:
    from warlog.geo.gazetteer import Gazetteer
    from warlog.run.analysis import Resources

    shared = Resources.default()
    broken = Gazetteer.open(shared.gazetteer.path)
    broken.close()  # a place look-up now fails inside extraction: a bug in a stage, as far as the run can tell
    source = tmp_path / "report.txt"
    source.write_text("Gunmen attack Kabul checkpoint\n\nGunmen killed six police officers in Kabul on Monday.\n")
    report = ingest([str(source)], store, resources=Resources(shared.nlp, broken, shared.resolver))
    (outcome,) = report.outcomes
    assert outcome.status == IngestStatus.ADDED and outcome.doc_id is not None  # the input is kept
    assert store.raw_input(outcome.doc_id) is not None
    (rejection,) = store.rejections()
    assert rejection.reason == RejectReason.INTERNAL_ERROR and rejection.origin == str(source)
    assert "extraction failed" in rejection.message and "please report it with the input" in rejection.message
