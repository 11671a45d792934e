"""Cross-document merging through the whole pipeline (spaCy, extraction, the store) on the reports
written for it in tests/fixtures/dedup/, and the pairwise figures on its labelled set."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from warlog.eval.dedup import DEFAULT_GOLD, evaluate
from warlog.run import ingest
from warlog.store import Store, open_store

from .conftest import FIXTURES

DEDUP = FIXTURES / "dedup"
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stored() -> Iterator[Store]:
    with open_store(":memory:", dedup=True) as store:
        ingest([str(DEDUP / f) for f in ("raid.jsonl", "bombings.jsonl", "repost.jsonl")], store)
        yield store


def by_url(store: Store) -> dict[str, str]:
    return {d.url or "": d.doc_id for d in store.documents()}


def test_three_reports_of_one_raid_are_one_event_with_three_sources(stored: Store) -> None:
    docs = by_url(stored)
    raid_docs = {docs[u] for u in docs if "raid" in u or "roundup" in u}
    (raid,) = [c for c in stored.event_clusters() if c.event.type == "ASSAULT" and {m.doc_id for m in c.members}
               == raid_docs]
    assert raid.sources == 3  # "Thursday", "June 5" and "last week"
    assert (raid.ranges["killed"].low, raid.ranges["killed"].high) == (3, 5) and raid.event.fatalities == 3
    assert raid.event.date and raid.event.date.edtf == "2008-06-05"


def test_two_bombings_in_one_city_on_one_day_stay_apart(stored: Store) -> None:
    docs = by_url(stored)
    market = stored.events()
    rafidain = next(e for e in market if e.doc_id == docs["https://rafidain-post.example/market-car-bomb"])
    gulf = next(e for e in market if e.doc_id == docs["https://gulf-wire.example/iraq/checkpoint-suicide-attack"])
    courier = next(e for e in market if e.doc_id == docs["https://evening-courier.example/world/baghdad-market-toll"])
    assert stored.event_cluster(rafidain.event_id).cluster_id == stored.event_cluster(courier.event_id).cluster_id
    assert stored.event_cluster(rafidain.event_id).cluster_id != stored.event_cluster(gulf.event_id).cluster_id


def test_reposts_add_sources_not_events(stored: Store) -> None:
    docs = by_url(stored)
    wire = docs["https://frontline-wire.example/2019/07/16/idlib-market-strike"]
    copies = {docs[u] for u in ("https://daily-syndicate.example/world/idlib-market-strike",
                                "https://regional-echo.example/2019/07/17/airstrike-idlib-market",
                                "https://war-notes-blog.example/another-market")}
    linked = {link.doc_id for link in stored.document_links() if link.original_id == wire}
    assert linked == copies
    (strike,) = [c for c in stored.event_clusters() if wire in {m.doc_id for m in c.members}]
    assert strike.sources == 5 and strike.independent_sources == 2  # the wire and its copies count once
    assert {m.how for m in strike.members if m.doc_id in copies} == {"repost"}
    assert len([c for c in stored.event_clusters() if c.event.type == "ASSAULT"
                and {m.doc_id for m in c.members} & (copies | {wire})]) == 1


def test_pairwise_precision_and_recall_on_the_labelled_set() -> None:
    score = evaluate(DEFAULT_GOLD)
    figures = score.to_dict()
    assert figures["pairs"] >= 60 and figures["gold_same"] >= 40 and figures["hard_different"] >= 20
    # measured 1.000 / 0.769 (README); floors a little below, so a regression fails
    assert score.precision >= 0.95 and score.recall >= 0.70


def test_pairwise_figures_hold_on_the_held_out_set() -> None:
    score = evaluate(DEDUP / "heldout" / "gold.json")  # written after the weights were fixed
    assert score.to_dict()["gold_same"] >= 15 and score.to_dict()["hard_different"] >= 10
    # measured 1.000 / 0.611 (README)
    assert score.precision >= 0.9 and score.recall >= 0.55
