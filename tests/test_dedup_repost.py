"""A repost of a real multi-event report (our own audit text) adds sources, never events: each event
of the copy joins the original's whatever its date precision (undated and month-dated events too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from warlog.run import IngestOptions, ingest
from warlog.store import Store

pytestmark = pytest.mark.integration

REPORT = Path(__file__).parent / "fixtures" / "audit" / "12_kenya_protest.txt"


def test_a_repost_with_a_phrase_changed_adds_sources_not_events(store: Store, tmp_path: Path) -> None:
    text = REPORT.read_text("utf-8")
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(text, "utf-8")
    changed = text.replace("Thousands of mostly young demonstrators", "Thousands of young demonstrators", 1)
    assert changed != text
    second.write_text(changed, "utf-8")
    ingest([str(first)], store, options=IngestOptions(url="https://one.example/kenya"))
    before = store.event_clusters()
    ingest([str(second)], store, options=IngestOptions(url="https://two.example/kenya-protests"))
    after = store.event_clusters()
    assert len(before) >= 5 and len(after) == len(before)
    assert all(c.sources == 2 for c in after), [(c.cluster_id, c.sources) for c in after]


def test_the_seed_page_reposted_keeps_its_events_each_with_two_sources(store: Store, tmp_path: Path) -> None:
    from .conftest import shared_path

    text = shared_path("seed", "000_1883449a268877a5.txt").read_text("utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(text.replace("Meanwhile, US troops captured", "Meanwhile, American troops captured", 1), "utf-8")
    original = tmp_path / "original.txt"
    original.write_text(text, "utf-8")
    ingest([str(original)], store, options=IngestOptions(url="https://seed.example/one"))
    before = len(store.event_clusters())
    ingest([str(copy)], store, options=IngestOptions(url="https://mirror.example/two"))
    after = store.event_clusters()
    assert len(after) == before and all(c.sources == 2 for c in after)
