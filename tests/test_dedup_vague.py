"""Issue 15: reports of one incident that differ in date precision, in the place they name and in
how they spell an actor, and the vetoes that still keep distinct incidents apart. Hand-built events
scored pairwise (`dedup.score.compare`) and placed in a store (`cluster_members`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from warlog.dedup.features import EventFeatures, box, features
from warlog.dedup.score import compare
from warlog.query import EventQuery
from warlog.store import Store

from .dedup_reports import Ev, analysis, document, person, write

MPEKETONI = ("Mpeketoni", -2.38913, 40.69812, 1, "Lamu", "KEN")
LAMU_TOWN = ("Lamu", -2.27169, 40.90201, 1, "Lamu", "KEN")
LAMU_COUNTY = ("Lamu", -2.222585, 40.775055, 3, "Lamu", "KEN")
WITU = ("Witu", -2.38889, 40.43833, 1, "Lamu", "KEN")
SHABAAB = person("armed_group:som:al-shabaab", "al-Shabaab")
POLICE = person("state_force:ken:police", "Kenyan police", "generic")
POST = Ev("militants attacked a police post in Mpeketoni, killing four officers", date=None, place=MPEKETONI,
          actors=[SHABAAB], recipients=[POLICE], counts={"killed": 4})


def feat(ev: Ev, url: str, published: str | None = None, text: str | None = None) -> EventFeatures:
    doc = document(url, "Headline", [text or f"It was reported that {ev.quote}."], published or "")
    event = analysis(doc, [ev]).events[0]
    places = {p.location.name.lower() for p in analysis(doc, [ev]).places if p.location and p.location.name}
    return features(event, reported=published, doc_places=places)


def test_two_undated_reports_of_one_attack_merge_on_place_actor_and_toll() -> None:
    other = Ev("gunmen stormed a police station at Mpeketoni and four officers were killed", date=None,
               place=MPEKETONI, actors=[SHABAAB], recipients=[POLICE], counts={"killed": 4})
    pair = compare(feat(POST, "https://a.example/1"), feat(other, "https://b.example/2"))
    assert pair.veto is None and pair.score >= 0.5, pair.reason
    assert "dates too vague to compare (undated, undated)" in pair.reason and pair.points["date"] < 0


def test_undated_reports_of_one_place_without_a_shared_detail_stay_apart() -> None:
    bus = Ev("militants opened fire on a bus near Mpeketoni, killing two passengers", date=None, place=MPEKETONI,
             actors=[SHABAAB], counts={"killed": 2})
    pair = compare(feat(POST, "https://a.example/1"), feat(bus, "https://b.example/2"))
    assert pair.score == 0.0 and pair.veto and "neither a close place nor a shared detail" in pair.veto


def test_a_year_merges_with_a_day_in_it_and_not_with_a_day_of_another_year() -> None:
    day = replace(POST, date=("2014-06-15", "2014-06-15", "day"))
    year = replace(POST, date=("2014-01-01", "2014-12-31", "year"))
    assert compare(feat(day, "https://a.example/1", "2014-06-16"), feat(year, "https://b.example/2")).score >= 0.5
    other_year = replace(POST, date=("2013-01-01", "2013-12-31", "year"))
    pair = compare(feat(day, "https://a.example/1", "2014-06-16"), feat(other_year, "https://b.example/2"))
    assert pair.veto and "dates apart" in pair.veto


def test_an_undated_report_cannot_tell_of_an_event_after_it_was_published() -> None:
    later = replace(POST, date=("2015-03-01", "2015-03-01", "day"))
    pair = compare(feat(POST, "https://a.example/1", "2014-06-16"), feat(later, "https://b.example/2"))
    assert pair.veto and "after" in pair.veto


def test_days_of_unknown_year_must_be_the_same_day() -> None:
    june5 = replace(POST, date=("XXXX-06-05", "XXXX-06-05", "day"))
    june5 = replace(june5, date=None)
    a = feat(POST, "https://a.example/1")
    b = replace(feat(june5, "https://b.example/2"), monthday=(6, 5), date_text="XXXX-06-05")
    c = replace(feat(june5, "https://c.example/3"), monthday=(7, 1), date_text="XXXX-07-01")
    assert compare(a, b).veto is None
    pair = compare(b, c)
    assert pair.veto and "different days" in pair.veto


def test_a_town_and_its_province_are_one_place_but_count_less_than_the_town() -> None:
    day = ("2021-02-17", "2021-02-17", "day")
    town = replace(POST, date=day)
    county = replace(POST, date=day, place=LAMU_COUNTY)
    pair = compare(feat(town, "https://a.example/1"), feat(county, "https://b.example/2"))
    assert pair.veto is None and "Mpeketoni is in Lamu" in pair.reason and pair.points["place"] == 1.0
    assert pair.score >= 0.5


def test_two_places_both_reports_name_are_not_a_distance_veto() -> None:
    day = ("2021-02-17", "2021-02-17", "day")
    a = feat(replace(POST, date=day), "https://a.example/1", text="Militants attacked a police post in Mpeketoni, "
             "Lamu county, killing four officers. It was reported that " + POST.quote + ".")
    lamu = replace(POST, date=day, place=LAMU_TOWN)
    b = feat(lamu, "https://b.example/2", text="Four officers died at Mpeketoni in Lamu. It was reported that "
             + POST.quote + ".")
    a = replace(a, doc_places=a.doc_places | {"lamu"})
    b = replace(b, doc_places=b.doc_places | {"mpeketoni"})
    pair = compare(a, b)
    assert pair.veto is None and "both reports name" in pair.reason
    witu = feat(replace(POST, date=day, place=WITU), "https://c.example/3")
    assert compare(a, witu).veto  # 28 km off, and neither report names the other's place


def test_one_person_spelt_two_ways_and_a_family_are_one_target() -> None:
    day = ("2018-03-04", "2018-03-04", "day")
    post = replace(POST, actors=[])
    a = replace(post, date=day, recipients=[person("person:new:yulia-skripal", "Yulia Skripal")])
    b = replace(post, date=day, recipients=[person("other:new:skripals", "Skripals")])
    pair = compare(feat(a, "https://a.example/1"), feat(b, "https://b.example/2"))
    assert "both name Yulia Skripal / Skripals" in pair.reason and pair.points["actors"] > 0
    c = replace(post, date=day, recipients=[person("person:new:dzokhar-tsarnaev", "Dzokhar Tsarnaev")])
    d = replace(post, date=day, recipients=[person("person:new:dzhokhar-tsarnaev", "Dzhokhar Tsarnaev")])
    assert compare(feat(c, "https://a.example/1"), feat(d, "https://b.example/2")).points["actors"] > 0
    e = replace(post, date=day, recipients=[person("person:new:john-smith", "John Smith")])
    pair = compare(feat(c, "https://a.example/1"), feat(e, "https://b.example/2"))
    assert "different targets" in pair.reason


def test_an_undated_event_has_a_window_up_to_its_report_and_an_unplaced_one_none() -> None:
    window = box(feat(POST, "https://a.example/1", "2014-06-16"))
    assert window is not None and window[0] < 1000 and window[1] < 736000
    assert box(feat(replace(POST, place=None), "https://a.example/1", "2014-06-16")) is None


def test_undated_outlets_land_in_one_canonical_event_in_the_store(new_store: Callable[..., Store]) -> None:
    with new_store(dedup=True) as store:
        write(store, "https://coast.example/post", "Four officers killed in Mpeketoni",
              ["Al-Shabaab militants attacked a police post in Mpeketoni, killing four officers, police said."], "",
              [Ev("attacked a police post in Mpeketoni, killing four officers", date=None, place=MPEKETONI,
                  actors=[SHABAAB], recipients=[POLICE], counts={"killed": 4})])
        write(store, "https://monitor.example/lamu", "Kenya: police killed in Lamu",
              ["Four police officers were killed when al-Shabab gunmen stormed a police station at Mpeketoni."], "",
              [Ev("Four police officers were killed when al-Shabab gunmen stormed a police station at Mpeketoni",
                  date=None, place=MPEKETONI, actors=[SHABAAB], recipients=[POLICE], counts={"killed": 4})])
        write(store, "https://coast.example/bus", "Bus attacked near Mpeketoni",
              ["Militants opened fire on a bus near Mpeketoni, killing two passengers."], "",
              [Ev("opened fire on a bus near Mpeketoni, killing two passengers", date=None, place=MPEKETONI,
                  actors=[SHABAAB], counts={"killed": 2})])
        clusters = store.event_clusters(EventQuery(review=("all",)))
    assert sorted(len(c.members) for c in clusters) == [1, 2]
