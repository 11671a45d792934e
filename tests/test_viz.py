"""The map, timeline and network pages (warlog.web.viz) and the library calls behind them
(warlog.timeline, warlog.network.expand / relations_between), over an in-memory store filled with
hand-built events and relations (no spaCy)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from warlog.dates.value import DateValue
from warlog.errors import NotFound
from warlog.model import (
    ActorKind,
    ActorMention,
    Analysis,
    Document,
    Event,
    Evidence,
    Location,
    Media,
    Relation,
    Segment,
    SegmentKind,
    Span,
)
from warlog.network import expand, network, relations_between
from warlog.store import Store, open_store
from warlog.timeline import event_week, timeline, week_of, weekly_counts
from warlog.web import create_app, viz
from warlog.web.viz import country_outlines

STATIC = Path(__file__).resolve().parents[1] / "warlog" / "web" / "static"
TEMPLATES = Path(__file__).resolve().parents[1] / "warlog" / "web" / "templates" / "viz"

HEAD = "Fighting in Baghdad"
BODY = ("Mahdi Army fighters attacked Iraqi police in Baghdad, killing five. Qais Qazali, the leader of "
        "Asa'ib Ahl al-Haq, was blamed. Asa'ib Ahl al-Haq <script>alert(1)</script> broke away from the "
        "Mahdi Army. His brother Laith al-Khazali was detained. Asa'ib Ahl al-Haq is backed by the Quds Force.")
TEXT = f"{HEAD}\n\n{BODY}"
B0 = len(HEAD) + 2
DOC = "d00000000000000a1"
SCRIPT_QUOTE = "Asa'ib Ahl al-Haq <script>alert(1)</script> broke away from the Mahdi Army."

MAHDI = "armed_group:irq:mahdi-army"
AAH = "armed_group:irq:asaib-ahl-al-haq"
QAZALI = "person:irq:qais-al-khazali"
LAITH = "person:irq:laith-al-khazali"
POLICE = "state_force:irq:police"
KINDS = {MAHDI: ActorKind.ARMED_GROUP, AAH: ActorKind.ARMED_GROUP, QAZALI: ActorKind.PERSON,
         LAITH: ActorKind.PERSON, POLICE: ActorKind.STATE_FORCE}
NAMES = {MAHDI: "Mahdi Army", AAH: "Asa'ib Ahl al-Haq", QAZALI: "Qais al-Khazali", LAITH: "Laith al-Khazali",
         POLICE: "Iraqi police"}


def mention(actor_id: str | None, name: str, kind: ActorKind = ActorKind.OTHER) -> ActorMention:
    start = TEXT.find(name.split()[0])
    start = max(start, B0)
    return ActorMention(Span(1, 0, start, start + len(name), TEXT[start:start + len(name)]), actor_id, name,
                        KINDS.get(actor_id or "", kind), "IRQ")


def actor(actor_id: str) -> ActorMention:
    return mention(actor_id, NAMES[actor_id])


def day(iso: str, precision: str = "day") -> DateValue:
    return DateValue(iso, iso, iso, precision, iso)


def event(n: int, type_: str, date: DateValue | None, *, lat: float | None = 33.34, lon: float | None = 44.40,
          precision: int = 1, killed: int | None = None, certainty: str = "asserted") -> Event:
    quote = BODY.split(". ")[0] + "."
    location = None if lat is None else Location("Baghdad", "Baghdad", f"g{n}", 98182, lat, lon, "Baghdad", "IRQ",
                                                 precision)
    return Event(event_id=f"e{n:03d}", doc_id=DOC, type=type_, modes=(), actors=(actor(MAHDI),),
                 recipients=(actor(POLICE),), evidence=(Evidence(DOC, 1, 0, B0, B0 + len(quote), quote),),
                 extractor="test", location=location, date=date, fatalities=killed,
                 counts={"killed": killed} if killed is not None else {}, certainty=certainty)


def relation(n: int, subj: ActorMention, rel: str, obj: ActorMention, quote: str, former: bool = False) -> Relation:
    start = TEXT.find(quote)
    assert start >= 0, quote
    return Relation(f"r{n}", DOC, subj, rel, obj, Evidence(DOC, 1, n, start, start + len(quote), quote), "test",
                    former=former)


QUDS = mention(None, "Quds Force")  # a name no record holds: the graph's node `name:Quds Force`

EVENTS = (
    event(1, "ASSAULT", day("2008-06-05"), killed=5),                           # Thursday: week of 06-02
    event(2, "ASSAULT", day("2008-06-07"), killed=2, precision=3, lat=33.0, lon=44.0),  # Saturday, same week
    event(3, "PROTEST", day("2008-06-10"), lat=None),                          # week of 06-09, no coordinates
    event(4, "ASSAULT", DateValue("2008-06", "2008-06-01", "2008-06-30", "month", "June"), killed=7),
    event(5, "COERCE", day("2008-06-12", "reported")),                         # dated by the report only
    event(6, "ASSAULT", None, killed=1),                                       # undated
    event(7, "ASSAULT", day("2008-06-05"), killed=50, certainty="hypothetical"),  # hidden by default
    event(8, "ASSAULT", DateValue("2008-06-03/2008-06-04", "2008-06-03", "2008-06-04", "range", "x"), killed=1),
    event(9, "ASSAULT", DateValue("2008-06-06/2008-06-10", "2008-06-06", "2008-06-10", "range", "y")),  # two weeks
    event(10, "PROTEST", DateValue("XXXX-06-05", None, None, "day", "June 5"), lat=None),  # no year
)

RELATIONS = (
    relation(1, actor(QAZALI), "leader_of", actor(AAH), "Qais Qazali, the leader of Asa'ib Ahl al-Haq, was blamed."),
    relation(2, actor(AAH), "splinter_of", actor(MAHDI), SCRIPT_QUOTE),
    relation(3, actor(LAITH), "kin_of", actor(QAZALI), "His brother Laith al-Khazali was detained."),
    relation(4, actor(AAH), "backed_by", QUDS, "Asa'ib Ahl al-Haq is backed by the Quds Force."),
)


def fill(store: Store) -> None:
    segments = (Segment(SegmentKind.HEADLINE, 0, len(HEAD), HEAD), Segment(SegmentKind.BODY, B0, len(TEXT), BODY))
    doc = Document(doc_id=DOC, text=TEXT, segments=segments, media=Media.TEXT, origin="test", content_hash="c" * 64,
                   input_hash="i" * 64, title=HEAD, segmenter="test/1")
    mentions = (*(actor(a) for a in NAMES), QUDS)
    store.write_document(doc, analysis=Analysis(extractor="test", events=EVENTS, relations=RELATIONS,
                                                actors=mentions))


@pytest.fixture
def filled() -> Iterator[Store]:
    store = open_store(":memory:")
    fill(store)
    yield store
    store.close()


@pytest.fixture
def client(filled: Store) -> Iterator[TestClient]:
    with TestClient(create_app(filled)) as c:
        yield c


# -- library: timeline ----------------------------------------------------------------------------


def test_week_of_is_the_iso_monday() -> None:
    assert week_of("2008-06-05") == "2008-06-02"
    assert week_of("2008-06-02") == "2008-06-02"
    assert week_of("2008-06-08") == "2008-06-02"  # Sunday closes the ISO week
    assert week_of("2009-01-01") == "2008-12-29"  # a week across the new year
    assert event_week(EVENTS[8]) is None  # a range over two weeks belongs to neither


def test_weekly_counts_for_a_known_set() -> None:
    real = [e for e in EVENTS if e.certainty != "hypothetical"]
    got = {(w.week, w.type): (w.count, w.fatalities, w.reported) for w in weekly_counts(real)}
    assert got == {("2008-06-02", "ASSAULT"): (3, 8, 0),  # e1, e2 and the range inside the week (e8)
                   ("2008-06-09", "PROTEST"): (1, 0, 0),
                   ("2008-06-09", "COERCE"): (1, 0, 1)}
    tl = timeline(real)
    loose = {(i.type, i.precision): (i.count, i.fatalities, i.start, i.end) for i in tl.imprecise}
    assert loose == {("ASSAULT", "month"): (1, 7, "2008-06-01", "2008-06-30"),
                     ("ASSAULT", "range"): (1, 0, "2008-06-06", "2008-06-10"),
                     ("ASSAULT", "undated"): (1, 1, None, None),
                     ("PROTEST", "day, year unknown"): (1, 0, None, None)}
    assert sum(w.count for w in tl.weeks) + sum(i.count for i in tl.imprecise) == len(real)
    assert tl.week_range() == ["2008-06-02", "2008-06-09"]
    assert tl.types[0] == "ASSAULT"


def test_week_range_fills_empty_weeks() -> None:
    far = [event(1, "ASSAULT", day("2008-06-05")), event(2, "ASSAULT", day("2008-06-26"))]
    assert timeline(far).week_range() == ["2008-06-02", "2008-06-09", "2008-06-16", "2008-06-23"]
    assert timeline([]).week_range() == []


# -- library: network -----------------------------------------------------------------------------


def test_expand_returns_the_neighbours(filled: Store) -> None:
    graph = expand(filled, AAH)
    assert set(graph.nodes) == {AAH, QAZALI, MAHDI, "name:Quds Force"}
    assert {(e["source"], e["relation"], e["target"]) for e in graph.edges} == {
        (QAZALI, "leader_of", AAH), (AAH, "splinter_of", MAHDI), (AAH, "backed_by", "name:Quds Force")}
    assert graph.nodes[QAZALI]["name"] == "Qais al-Khazali"
    named = expand(filled, "name:Quds Force")  # a node no record holds can be expanded too
    assert set(named.nodes) == {AAH, "name:Quds Force"}
    with pytest.raises(NotFound):
        expand(filled, "name:Nobody")


def test_network_edge_cap_says_it_cut(filled: Store) -> None:
    full = network(filled, QAZALI, 2)
    assert len(full.edges) == 4 and not full.truncated and "truncated" not in full.to_dict()
    cut = network(filled, QAZALI, 2, max_edges=2)
    assert len(cut.edges) == 2 and cut.truncated and cut.to_dict()["truncated"] is True
    assert {n for e in cut.edges for n in (e["source"], e["target"])} <= set(cut.nodes)


def test_relations_between_either_way_and_through_merges(filled: Store) -> None:
    assert [r.relation_id for r in relations_between(filled, MAHDI, AAH)] == ["r2"]
    assert [r.relation_id for r in relations_between(filled, AAH, MAHDI)] == ["r2"]
    assert [r.relation_id for r in relations_between(filled, "name:Quds Force", AAH)] == ["r4"]
    assert relations_between(filled, MAHDI, QAZALI) == []
    filled.decide("merge", LAITH, QAZALI, author="analyst")  # Laith's kin_of relation now loops on Qazali
    assert [r.relation_id for r in relations_between(filled, QAZALI, QAZALI)] == ["r3"]
    assert [r.relation_id for r in relations_between(filled, QAZALI, AAH)] == ["r1"]


# -- pages: map -----------------------------------------------------------------------------------


def test_map_json_is_geojson_lon_lat(client: TestClient) -> None:
    r = client.get("/map.json")
    assert r.status_code == 200
    body = r.json()
    assert body["type"] == "FeatureCollection"
    features = {f["id"]: f for f in body["features"]}
    # canonical ids (each report its own event here); no c003 (no place), no c007
    assert set(features) == {"c001", "c002", "c004", "c005", "c006", "c008", "c009"}
    assert features["c001"]["geometry"] == {"type": "Point", "coordinates": [44.40, 33.34]}  # lon, lat
    props = features["c001"]["properties"]
    assert props["type"] == "ASSAULT" and props["fatalities"] == 5 and props["geo_precision"] == 1
    assert features["c002"]["properties"]["geo_precision"] == 3
    assert body["warlog"]["events"] == 9 and body["warlog"]["located"] == 7 and body["warlog"]["unlocated"] == 2
    same = client.get("/map", headers={"Accept": "application/json"}).json()
    assert same["features"] == body["features"]


def test_map_takes_the_events_filters(client: TestClient) -> None:
    ids = {f["id"] for f in client.get("/map.json?type=ASSAULT&since=2008-06-04&until=2008-06-08").json()["features"]}
    assert ids == {"c001", "c002", "c004", "c008", "c009"}  # the month and the ranges reach into the window
    with_unreal = {f["id"] for f in client.get("/map.json?unreal=1&type=ASSAULT").json()["features"]}
    assert "c007" in with_unreal
    assert client.get("/map.json?place=Mosul").json()["features"] == []
    assert client.get("/map.json?since=June").status_code == 400


def test_map_page_html(client: TestClient) -> None:
    r = client.get("/map?type=ASSAULT")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert 'id="event-map"' in html and 'data-src="/map.json?type=ASSAULT"' in html
    assert "/static/vendor/leaflet/leaflet.js" in html and "/static/map.js" in html
    assert 'data-basemap="/basemap/countries.geojson"' in html
    assert "ASSAULT" in html and "somewhere in the country" in html  # legend: types and precision
    assert re.search(r"6 of 6 events located\.", html)  # ASSAULT: the hypothetical one left out
    assert re.search(r"7 of 9 events located\s+\(2 without coordinates", client.get("/map").text)
    assert not re.search(r"""(src|href)=["']https?://""", html)  # nothing loaded from elsewhere
    palette = re.search(r"data-palette='([^']*)'", html)
    assert palette and json.loads(palette.group(1))["ASSAULT"].startswith("#")


def test_map_says_when_the_cap_cut_it(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(viz, "MAP_LIMIT", 3)
    meta = client.get("/map.json").json()["warlog"]
    assert meta["events"] == 3 and meta["truncated"] is True
    assert "Only the first 3 matching events are read" in client.get("/map").text
    monkeypatch.setattr(viz, "TIMELINE_LIMIT", 2)
    assert client.get("/timeline.json").json()["truncated"] is True


def test_basemap_is_country_outlines_from_countryinfo(client: TestClient) -> None:
    r = client.get("/basemap/countries.geojson")
    assert r.status_code == 200
    body = r.json()
    iraq = next(f for f in body["features"] if f["id"] == "IRQ")
    assert iraq["geometry"]["type"] in ("Polygon", "MultiPolygon")
    ring = iraq["geometry"]["coordinates"][0] if iraq["geometry"]["type"] == "Polygon" \
        else iraq["geometry"]["coordinates"][0][0]
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    assert 38 < min(lons) < max(lons) < 49 and 29 < min(lats) < max(lats) < 38.5  # lon, lat order
    assert len(body["features"]) > 150 and country_outlines() is country_outlines()  # built once


# -- pages: timeline ------------------------------------------------------------------------------


def test_timeline_json_counts(client: TestClient) -> None:
    body = client.get("/timeline.json").json()
    got = {(w["week"], w["type"]): w["count"] for w in body["weeks"]}
    assert got == {("2008-06-02", "ASSAULT"): 3, ("2008-06-09", "PROTEST"): 1, ("2008-06-09", "COERCE"): 1}
    assert body["counted"] == 5 and body["not_in_weeks"] == 4 and body["events"] == 9
    assert {(i["type"], i["precision"]) for i in body["imprecise"]} == {
        ("ASSAULT", "month"), ("ASSAULT", "range"), ("ASSAULT", "undated"), ("PROTEST", "day, year unknown")}
    only = client.get("/timeline.json?type=PROTEST").json()
    assert [(w["week"], w["type"]) for w in only["weeks"]] == [("2008-06-09", "PROTEST")]


def test_timeline_page_is_server_side_svg(client: TestClient) -> None:
    html = client.get("/timeline").text
    bars = re.findall(r'<rect [^>]*data-week="([^"]+)" data-type="([^"]+)" data-count="(\d+)"', html)
    assert sorted(bars) == [("2008-06-02", "ASSAULT", "3"), ("2008-06-09", "COERCE", "1"),
                            ("2008-06-09", "PROTEST", "1")]
    assert "/events?type=ASSAULT&amp;since=2008-06-02&amp;until=2008-06-08" in html  # a bar opens its events
    assert "Not dated to a week" in html and "undated" in html and "day, year unknown" in html
    assert re.search(r'<text x="[\d.]+" y="[\d.]+">Jun 2008</text>', html)  # the first bar is labelled
    assert "<script" not in html.split("</header>")[1]  # no JavaScript needed


def test_timeline_bars_stack_to_the_week_total(client: TestClient) -> None:
    html = client.get("/timeline").text
    rects = re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"[^>]*data-week="([^"]+)"',
                       html)
    by_week: dict[str, list[tuple[float, float]]] = {}
    for _x, y, h, week in rects:
        by_week.setdefault(week, []).append((float(y), float(h)))
    tall = sum(h for _, h in by_week["2008-06-02"])
    short = sum(h for _, h in by_week["2008-06-09"])
    assert tall == pytest.approx(1.5 * short, rel=0.02)  # 3 events against 2
    segments = sorted(by_week["2008-06-09"])
    assert segments[0][0] + segments[0][1] == pytest.approx(segments[1][0], abs=0.02)  # stacked, not overlapping


# -- pages: network -------------------------------------------------------------------------------


def test_network_json_and_depth(client: TestClient) -> None:
    one = client.get(f"/network.json?actor={QAZALI}&depth=1").json()
    assert one["centre"] == QAZALI and one["depth"] == 1
    assert {n["id"] for n in one["nodes"]} == {QAZALI, AAH, LAITH}
    two = client.get("/network.json", params={"actor": "Qais al-Khazali", "depth": 2}).json()
    assert {n["id"] for n in two["nodes"]} == {QAZALI, AAH, LAITH, MAHDI, "name:Quds Force"}
    assert client.get(f"/network.json?actor={QAZALI}&depth=9").status_code == 422
    assert client.get("/network.json?actor=Nobody%20at%20all").status_code == 404


def test_network_page_html(client: TestClient) -> None:
    html = client.get("/network", params={"actor": AAH}).text
    assert 'id="network-graph"' in html and "/static/vendor/cytoscape/cytoscape.min.js" in html
    assert f'data-src="/network.json?actor={AAH.replace(":", "%3A")}&amp;depth=1"' in html
    assert "splinter_of" in html and "Qais al-Khazali" in html
    start = client.get("/network").text  # no actor: where to start
    assert "Start from an actor" in start and f"/network?actor={AAH.replace(':', '%3A')}" in start
    assert client.get("/network.json").json()["centre"] is None


def test_expand_route_returns_neighbours(client: TestClient) -> None:
    body = client.get(f"/network/expand/{MAHDI}.json").json()
    assert {n["id"] for n in body["nodes"]} == {MAHDI, AAH}
    assert [e["relation"] for e in body["edges"]] == ["splinter_of"]
    quds = client.get("/network/expand/name%3AQuds%20Force.json").json()
    assert {n["id"] for n in quds["nodes"]} == {AAH, "name:Quds Force"}
    assert client.get("/network/expand/name%3ANobody.json").status_code == 404


def test_edge_evidence(client: TestClient) -> None:
    body = client.get("/network/edge.json", params={"a": MAHDI, "b": AAH}).json()
    assert [r["relation"] for r in body["relations"]] == ["splinter_of"]
    assert body["relations"][0]["evidence"][0]["quote"] == SCRIPT_QUOTE  # JSON carries the text as it is
    assert body["relations"][0]["evidence"][0]["doc_id"] == DOC
    assert client.get("/network/edge.json", params={"a": MAHDI, "b": QAZALI}).json()["relations"] == []


def test_quotes_with_markup_come_back_escaped_in_html(client: TestClient) -> None:
    for url in (f"/network/edge?a={MAHDI}&b={AAH}", f"/network?actor={AAH}"):
        html = client.get(url).text
        assert "<script>alert(1)</script>" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url


# -- offline and untrusted text in the static files -----------------------------------------------


def test_pages_and_scripts_load_nothing_from_elsewhere() -> None:
    for path in [*TEMPLATES.glob("*.html"), STATIC / "map.js", STATIC / "network.js", STATIC / "viz.css"]:
        text = path.read_text()
        assert not re.search(r"""(src|href)=["']https?://""", text), path
        assert "cdn" not in text.lower(), path
    for path in (STATIC / "map.js", STATIC / "network.js"):
        assert "innerHTML" not in path.read_text(), path  # data goes in through textContent
    for lib in ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/LICENSE.txt", "cytoscape/cytoscape.min.js",
                "cytoscape/LICENSE.txt"):
        assert (STATIC / "vendor" / lib).is_file(), lib


def test_vendored_files_are_served(client: TestClient) -> None:
    for path in ("/static/vendor/leaflet/leaflet.js", "/static/vendor/cytoscape/cytoscape.min.js", "/static/map.js",
                 "/static/network.js", "/static/viz.css"):
        assert client.get(path).status_code == 200, path
