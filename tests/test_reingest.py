"""Issue 15, item 3: ingesting the same files again without the options given the first time
(`--url`, `--published`, `--source`) neither duplicates documents nor erases what they stored; a
changed file is a new version of the same document. Real pipeline, real store."""

from __future__ import annotations

from pathlib import Path

from warlog.model import IngestStatus
from warlog.query import EventQuery
from warlog.run import IngestOptions, ingest
from warlog.store import Store

REPORTS = {
    "goma.txt": "Rebels shell Goma\n\nM23 rebels shelled the outskirts of Goma on Tuesday, killing four civilians, "
                "local officials said.",
    "bunia.txt": "Militia attack near Bunia\n\nCODECO militiamen attacked a displacement camp near Bunia on Monday, "
                 "killing 12 people, the army said.",
}


def _state(store: Store) -> tuple[object, ...]:
    docs = sorted((d.doc_id, d.url, d.published, d.source) for d in store.documents())
    events = sorted(e.event_id for e in store.events(EventQuery(review=("all",))))
    clusters = sorted(c.cluster_id for c in store.event_clusters(EventQuery(review=("all",))))
    return docs, events, clusters


def test_a_folder_ingested_again_without_its_flags_changes_nothing(store: Store, tmp_path: Path) -> None:
    for name, text in REPORTS.items():
        (tmp_path / name).write_text(text)
    first = ingest([str(tmp_path)], store, options=IngestOptions(published="2021-02-17", source="Field notes"))
    assert first.totals()["added"] == 2
    before = _state(store)
    assert all(d[2:] == ("2021-02-17", "Field notes") for d in before[0])  # type: ignore[index]
    again = ingest([str(tmp_path)], store)
    assert again.totals() == {"added": 0, "unchanged": 2, "updated": 0, "rejected": 0}
    assert _state(store) == before
    # from another working directory: the same content finds the same documents
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "goma.txt").write_text(REPORTS["goma.txt"])
    assert ingest([str(copy / "goma.txt")], store).totals()["unchanged"] == 1
    assert _state(store) == before


def test_a_url_given_once_stays_and_a_changed_file_is_a_new_version(store: Store, tmp_path: Path) -> None:
    page = tmp_path / "goma.txt"
    page.write_text(REPORTS["goma.txt"])
    (a,) = ingest([str(page)], store, options=IngestOptions(url="https://example.org/goma",
                                                            published="2021-02-17")).outcomes
    (b,) = ingest([str(page)], store).outcomes
    assert (b.status, b.doc_id) == (IngestStatus.UNCHANGED, a.doc_id)
    page.write_text(REPORTS["goma.txt"].replace("four civilians", "five civilians"))
    (c,) = ingest([str(page)], store).outcomes
    assert (c.status, c.doc_id) == (IngestStatus.UPDATED, a.doc_id)
    (doc,) = store.documents()
    assert (doc.url, doc.published) == ("https://example.org/goma", "2021-02-17")
    assert "five civilians" in store.document(doc.doc_id).text
    # a file first stored without a URL keeps its id through an edit, too
    other = tmp_path / "bunia.txt"
    other.write_text(REPORTS["bunia.txt"])
    (d,) = ingest([str(other)], store, options=IngestOptions(source="Field notes")).outcomes
    other.write_text(REPORTS["bunia.txt"].replace("12 people", "13 people"))
    (e,) = ingest([str(other)], store).outcomes
    assert (e.status, e.doc_id) == (IngestStatus.UPDATED, d.doc_id)
    assert store.stats().documents == 2
    assert next(x for x in store.documents() if x.doc_id == d.doc_id).source == "Field notes"
