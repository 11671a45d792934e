"""warlog.dedup's pure parts: pair scores and vetoes, fingerprints, analysts' links, placement, the
canonical event. Hand-built events; no store, no spaCy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from warlog.dedup.canonical import ClusterMember, canonical, cluster_id
from warlog.dedup.clustering import Candidate, links, place
from warlog.dedup.features import EventFeatures, box, day_interval, features
from warlog.dedup.fingerprint import fingerprint, similarity
from warlog.dedup.score import compare
from warlog.geo.gazetteer import distance_km
from warlog.model import Event

from .dedup_reports import BAGHDAD, BAQUBAH, MOSUL, US, WIRE, Ev, analysis, document


def one(ev: Ev, url: str = "https://a.example/1", published: str = "2008-06-07", text: str | None = None) -> Event:
    doc = document(url, "Headline", [text or f"It was reported that {ev.quote}."], published)
    return analysis(doc, [ev]).events[0]


def feat(ev: Ev, url: str = "https://a.example/1", published: str = "2008-06-07", **kw: object) -> EventFeatures:
    return features(one(ev, url, published), reported=published, **kw)  # type: ignore[arg-type]


RAID = Ev("troops raided a farmhouse near Baqubah, killing three gunmen", actors=[US], counts={"killed": 3})


def test_two_wordings_of_one_raid_score_high_with_their_reasons() -> None:
    other = Ev("soldiers stormed a farmhouse outside Baqubah and killed five militants", actors=[US],
               counts={"killed": 5})
    pair = compare(feat(RAID), feat(other, "https://b.example/2"))
    assert pair.veto is None and pair.score >= 0.8
    assert "same day 2008-06-05" in pair.reason and "same place Baqubah" in pair.reason
    assert "3 and 5 killed" in pair.reason and "both at a house" in pair.reason
    assert pair.points["date"] == 2.0 and pair.points["place"] == 2.0


@pytest.mark.parametrize(("change", "veto"), [
    ({"type": "COERCE"}, "different types"),
    ({"date": ("2008-06-09", "2008-06-09", "day")}, "dates apart"),
    ({"place": MOSUL}, "km apart"),
    ({"certainty": "negated"}, "did not or might happen"),
    ({"date": ("2007-01-01", "2007-12-31", "year")}, "dates apart"),
])
def test_vetoes(change: dict[str, object], veto: str) -> None:
    pair = compare(feat(RAID), feat(replace(RAID, **change), "https://b.example/2"))  # type: ignore[arg-type]
    assert pair.score == 0.0 and pair.veto and veto in pair.veto


def test_same_city_same_day_different_sites_and_tolls_score_low() -> None:
    market = Ev("a car bomb exploded in a crowded market", place=BAGHDAD, counts={"killed": 12},
                date=("2008-03-10", "2008-03-10", "day"))
    checkpoint = Ev("a suicide bomber blew himself up at a police checkpoint", place=BAGHDAD, counts={"killed": 3},
                    date=("2008-03-10", "2008-03-10", "day"))
    pair = compare(feat(market), feat(checkpoint, "https://b.example/2"))
    assert pair.veto is None and pair.score < 0.2
    assert "different sites (market; checkpoint)" in pair.reason and "3 against 12 killed" in pair.reason
    # the same two places and days without the sites and tolls would merge: those features decide
    bare = compare(feat(replace(market, quote="an attack happened", counts={})),
                   feat(replace(checkpoint, quote="an attack happened", counts={}), "https://b.example/2"))
    assert bare.score >= 0.5


def test_next_day_and_a_misread_weekday_cost_less_than_a_veto() -> None:
    a = feat(RAID)
    b = feat(replace(RAID, date=("2008-06-06", "2008-06-06", "day")), "https://b.example/2")
    pair = compare(a, b)
    assert pair.veto is None and pair.points["date"] == -0.5 and "a day apart" in pair.reason
    assert compare(a, b).score < compare(a, feat(RAID, "https://b.example/2")).score


def test_a_report_dated_only_by_its_publication_fits_the_week_before() -> None:
    reported = replace(RAID, date=("2008-06-10", "2008-06-10", "reported"))
    assert day_interval("2008-06-10", "2008-06-10", "reported") is not None
    pair = compare(feat(RAID), feat(reported, "https://b.example/2"))
    assert pair.veto is None and pair.points["date"] == 0.5
    late = replace(RAID, date=("2008-06-20", "2008-06-20", "reported"))
    assert compare(feat(RAID), feat(late, "https://b.example/2")).veto


def test_an_unlocated_report_whose_document_names_the_place_gets_credit() -> None:
    vague = feat(replace(RAID, place=None), "https://b.example/2", doc_places=frozenset({"baqubah"}),
                 focus_country="IRQ")
    pair = compare(feat(RAID), vague)
    assert pair.points["place"] == 1.0 and "Baqubah is named in the other report" in pair.reason
    elsewhere = feat(replace(RAID, place=None), "https://b.example/2", focus_country="SYR")
    assert "different countries" in (compare(feat(RAID), elsewhere).veto or "")


def test_named_actors_in_the_same_role_that_differ_count_against() -> None:
    isis = ("armed_group:irq:islamic-state", "Islamic State", "exact")
    aqi = ("armed_group:irq:al-qaeda-in-iraq", "al-Qaeda in Iraq", "exact")
    a, b = feat(replace(RAID, actors=[isis])), feat(replace(RAID, actors=[aqi]), "https://b.example/2")
    pair = compare(a, b)
    assert pair.points["actors"] == -1.5 and "different actors" in pair.reason
    same = compare(a, feat(replace(RAID, actors=[isis]), "https://b.example/2"))
    assert same.points["actors"] == 2.0 and "both name Islamic State" in same.reason


def test_scores_are_symmetric() -> None:
    a = feat(RAID)
    b = feat(replace(RAID, date=("2008-06-02", "2008-06-08", "range"), counts={"killed": 4}), "https://b.example/2")
    assert compare(a, b).score == compare(b, a).score


def test_candidate_windows_overlap_exactly_when_the_vetoes_could_pass() -> None:
    def overlaps(x: EventFeatures, y: EventFeatures) -> bool:
        bx, by = box(x), box(y)
        assert bx is not None and by is not None
        return all(bx[i] <= by[i + 1] and by[i] <= bx[i + 1] for i in range(0, 10, 2))

    a = feat(RAID)
    for other, expect in [(RAID, True), (replace(RAID, place=MOSUL), False),
                          (replace(RAID, date=("2008-06-06", "2008-06-06", "day")), True),
                          (replace(RAID, date=("2008-06-07", "2008-06-07", "day")), False),
                          (replace(RAID, type="COERCE"), False), (replace(RAID, place=None), True)]:
        b = feat(other, "https://b.example/2", focus_country="IRQ")
        assert overlaps(a, b) is expect, other
        if not expect:  # outside the window, the scorer vetoes the pair: the index loses nothing
            assert compare(a, b).veto, other
    assert box(feat(replace(RAID, certainty="hypothetical"))) is None
    assert distance_km(*BAQUBAH[1:3], *MOSUL[1:3]) > 300


def test_fingerprints_link_copies_and_quotations_not_other_reports() -> None:
    wire = "\n".join(WIRE)
    repost = "Home | World\n" + wire.replace("Warplanes", "War planes") + "\nShare this article"
    blog = ("I have followed this war for years. Here is how one wire service reported it:\n" + WIRE[0] + " "
            + WIRE[1] + "\nHow many more markets must burn before anyone pays attention?")
    other = ("Rescue workers said on Wednesday that ten civilians died when jets bombed a market in Maarat al-Numan "
             "in Idlib province on Tuesday. Local doctors said hospitals in the area were overwhelmed.")
    fw, fr, fb, fo = (fingerprint(t) for t in (wire, repost, blog, other))
    assert fw and fr and fb and fo
    assert similarity(fw, fr).jaccard > 0.7 and similarity(fw, fr).near_duplicate
    assert similarity(fw, fb).near_duplicate and similarity(fw, fb).containment > 0.5
    assert not similarity(fw, fo).near_duplicate and similarity(fw, fo).jaccard < 0.1
    assert set(fw.bands()) & set(fr.bands()) and not set(fw.bands()) & set(fo.bands())
    assert fingerprint(wire) == fw and fingerprint("Too short to tell.") is None


def test_decision_links_latest_wins_and_a_merge_never_joins_a_split_pair() -> None:
    found = links([(1, "merge", "a", "b"), (2, "merge", "b", "c"), (3, "split", "a", "d"), (4, "merge", "c", "d"),
                   (5, "split", "x", "y"), (6, "merge", "x", "y")])
    assert found.together["a"] == {"a", "b", "c"}  # c–d set aside: it would put a and d together
    assert "d" not in found.together and found.together["x"] == {"x", "y"}
    assert "y" not in found.apart.get("x", frozenset())
    assert {"a", "b", "c"} <= found.apart["d"]


def _cands(pairs: Sequence[tuple[EventFeatures, str]]) -> list[Candidate]:
    return [Candidate(f, c) for f, c in pairs]


def test_placement_rules() -> None:
    x = feat(RAID, "https://x.example/1")
    same = feat(replace(RAID, quote="troops raided a farmhouse near Baqubah, killing three gunmen"), "https://y.example/1")
    clusters = {"c1": {same.event_id}}
    docs = {"c1": {same.doc_id}}
    got = place(x, _cands([(same, "c1")]), clusters=clusters, cluster_docs=docs, links=links([]))
    assert (got.cluster, got.how, got.matched) == ("c1", "auto", same.event_id) and got.score >= 0.5
    # never with a report of its own document
    got = place(x, _cands([(same, "c1")]), clusters=clusters, cluster_docs={"c1": {x.doc_id}}, links=links([]))
    assert got.cluster is None and "same document" in got.reason
    # an analyst's split keeps it apart; a merge puts it with a report it would not match
    split = links([(1, "split", x.event_id, same.event_id)])
    assert place(x, _cands([(same, "c1")]), clusters=clusters, cluster_docs=docs, links=split).cluster is None
    far = feat(replace(RAID, place=MOSUL), "https://z.example/1")
    merged = links([(1, "merge", x.event_id, far.event_id)])
    got = place(x, [], clusters={"c9": {far.event_id}}, cluster_docs={"c9": {far.doc_id}}, links=merged)
    assert (got.cluster, got.how) == ("c9", "analyst")


def test_a_report_matching_two_clusters_bridges_them_or_stays_ambiguous() -> None:
    x = feat(RAID, "https://x.example/1")
    a = feat(RAID, "https://a.example/1")
    b = feat(RAID, "https://b.example/1")
    clusters, docs = {"ca": {a.event_id}, "cb": {b.event_id}}, {"ca": {a.doc_id}, "cb": {b.doc_id}}
    got = place(x, _cands([(a, "ca"), (b, "cb")]), clusters=clusters, cluster_docs=docs, links=links([]))
    assert got.cluster == "ca" and got.absorbs == ("cb",) and "same event" in got.reason
    # the two clusters hold reports of one document: two events, so the new report is ambiguous
    docs_shared = {"ca": {a.doc_id}, "cb": {b.doc_id, a.doc_id}}
    got = place(x, _cands([(a, "ca"), (b, "cb")]), clusters=clusters, cluster_docs=docs_shared, links=links([]))
    assert got.cluster is None and got.reason.startswith("ambiguous")


def test_canonical_event_keeps_every_figure_and_takes_the_lowest() -> None:
    reports = [one(RAID, "https://a.example/1"),
               one(replace(RAID, counts={"killed": 5}, date=("2008-06-02", "2008-06-08", "range")), "https://b.example/1"),
               one(replace(RAID, counts={"killed": 4}), "https://c.example/1")]
    info = {e.event_id: ClusterMember(e.event_id, e.doc_id, "auto", 0.9, "why", None, f"2008-06-0{6 + i}")
            for i, e in enumerate(reports)}
    cid = cluster_id(e.event_id for e in reports)
    got = canonical(cid, reports, info, links=[(reports[2].doc_id, reports[0].doc_id)])
    assert got.cluster_id == cid == "c" + min(e.event_id for e in reports)[1:]
    assert (got.sources, got.independent_sources) == (3, 2)
    killed = got.ranges["killed"]
    assert (killed.low, killed.best, killed.high, killed.label()) == (3, 3, 5, "3–5")
    assert got.event.fatalities == 3 and got.event.count_reports["killed"] == (3, 5, 4)
    assert got.event.date and got.event.date.precision == "day"  # the most precise date reported
    assert (got.first_reported, got.last_reported) == ("2008-06-06", "2008-06-08")
    assert len(got.event.evidence) == 3 and got.event.event_id == cid
    assert [d for _, d in got.disagreements["date"]] == [(reports[0].doc_id, reports[2].doc_id), (reports[1].doc_id,)]
    out = got.to_dict()
    assert out["id"] == cid and out["ranges"]["killed"]["high"] == 5 and len(out["members"]) == 3
    assert out["members"][0]["reason"] == "why" and out["sources"] == 3
