"""Exports (warlog.export, `warlog export`): every format written from a store of hand-built events and
read back with the library its users would use (pandas, pyarrow, json, networkx, followthemoney);
filters and analysts' merges change what comes out."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from followthemoney import model

from warlog.cli import cli
from warlog.dates.value import DateValue
from warlog.errors import ConfigError
from warlog.export import FORMATS, ExportFormat, export, write_export
from warlog.export.geojson import event_features
from warlog.export.scope import ActorIndex
from warlog.export.tables import ACLED_COLUMNS, GTD_COLUMNS
from warlog.model import (
    ActorKind,
    ActorMention,
    Analysis,
    Codebooks,
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
from warlog.query import EventQuery
from warlog.store import Store, open_store

from .conftest import shared_path

ANSAR = ("armed_group:irq:ansar-al-islam", "Ansar al-Islam", ActorKind.ARMED_GROUP, "IRQ")
ARMY = ("state_force:irq:military", "Iraqi Army", ActorKind.STATE_FORCE, "IRQ")
POLICE = ("state_force:irq:police", "Iraqi Police", ActorKind.STATE_FORCE, "IRQ")
HAMZA = ("person:new:abu-hamza", "Abu Hamza", ActorKind.PERSON, "IRQ")
DULAIMI = ("person:irq:azhar-al-dulaimi", "Azhar al Dulaimi", ActorKind.PERSON, "IRQ")
LAITH = ("person:irq:laith-al-dulaimi", "Laith al Dulaimi", ActorKind.PERSON, "IRQ")
CIVILIANS = ("civilians:irq", "civilians", ActorKind.CIVILIANS, "IRQ")
PROTESTERS = ("civilians:irq:protesters", "protesters", ActorKind.CIVILIANS, "IRQ")

KIRKUK = Location("Kirkuk", "Kirkuk", "gn:94787", 94787, 35.4681, 44.3922, "Kirkuk", "IRQ", 1)
BAGHDAD = Location("Baghdad", "Baghdad", "gn:98182", 98182, 33.3406, 44.4009, "Baghdad", "IRQ", 1)
MOSUL = Location("Mosul", "Mosul", "gn:99072", 99072, 36.335, 43.1189, "Nineveh", "IRQ", 2, relation="near")
BASRA = Location("Basra")  # named, not resolved: no coordinates

DOC1 = ("Militants attack checkpoint in Kirkuk",
        ["Militants of Ansar al-Islam killed three Iraqi soldiers at a checkpoint in Kirkuk on 5 June 2008, "
         "police said.",
         "Abu Hamza, the leader of Ansar al-Islam, was arrested by Iraqi police in Baghdad in June.",
         "A bomb may explode in Mosul, officials warned.",
         "Protesters marched in Basra."])
DOC2 = ("Civilians killed near Mosul",
        ["Gunmen led by Azhar al Dulaimi killed five civilians near Mosul in May 2008.",
         "Dulaimi is a member of Ansar al-Islam, and his brother Laith al Dulaimi fought beside him.",
         "Ansar al-Islam fighters killed three Iraqi soldiers in Kirkuk on 5 June, officials said."])


def _document(doc_id: str, head: str, paras: list[str], **meta: str) -> Document:
    text, segments = head, [Segment(SegmentKind.HEADLINE, 0, len(head), head)]
    for p in paras:
        start = len(text) + 2
        text += "\n\n" + p
        segments.append(Segment(SegmentKind.BODY, start, start + len(p), p))
    return Document(doc_id=doc_id, text=text, segments=tuple(segments), media=Media.TEXT, origin="test",
                    content_hash=doc_id * 4, input_hash=doc_id * 4, title=head, segmenter="test/1", **meta)


class Writer:
    """Hand-built extraction rows for one document, with offsets into its text."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.events: list[Event] = []
        self.relations: list[Relation] = []
        self.mentions: list[ActorMention] = []

    def _span(self, phrase: str) -> Span:
        start = self.doc.text.index(phrase)
        seg = next(i for i, s in enumerate(self.doc.segments) if s.start <= start < s.end)
        return Span(seg, seg, start, start + len(phrase), phrase)

    def actor(self, who: tuple[str, str, ActorKind, str], phrase: str) -> ActorMention:
        m = ActorMention(self._span(phrase), who[0], who[1], who[2], who[3])
        self.mentions.append(m)
        return m

    def evidence(self, sentence: str) -> Evidence:
        s = self._span(sentence)
        return Evidence(self.doc.doc_id, s.segment, s.sentence, s.start, s.end, sentence)

    def event(self, n: int, type_: str, sentence: str, actors: list[ActorMention], recipients: list[ActorMention],
              **fields: Any) -> None:
        self.events.append(Event(event_id=f"{self.doc.doc_id}e{n}", doc_id=self.doc.doc_id, type=type_,
                                 modes=fields.pop("modes", ()), actors=tuple(actors), recipients=tuple(recipients),
                                 evidence=(self.evidence(sentence),), extractor="test/1", **fields))

    def relation(self, n: int, subject: ActorMention, relation: str, obj: ActorMention, sentence: str) -> None:
        self.relations.append(Relation(f"{self.doc.doc_id}r{n}", self.doc.doc_id, subject, relation, obj,
                                       self.evidence(sentence), "test/1"))

    def store(self, store: Store) -> None:
        store.write_document(self.doc, analysis=Analysis(
            "test/1", events=tuple(self.events), relations=tuple(self.relations), actors=tuple(self.mentions)))


def build(store: Store) -> Store:
    doc = _document("d1d1d1d1d1d1d1d1", DOC1[0], DOC1[1], url="https://news.example/kirkuk", source="Example News",
                    published="2008-06-07")
    w = Writer(doc)
    s1, s2, s3, s4 = DOC1[1]
    w.event(1, "ASSAULT", s1, [w.actor(ANSAR, "Ansar al-Islam")], [w.actor(ARMY, "Iraqi soldiers")],
            modes=("firearms",), location=KIRKUK, date=DateValue("2008-06-05", "2008-06-05", "2008-06-05", "day",
                                                                 "5 June 2008"),
            counts={"killed": 3}, count_reports={"killed": (3,)}, fatalities=3, attributed_to="police",
            codebooks=Codebooks("Battles", "Armed clash", "Armed Assault", "19"))
    hamza = w.actor(HAMZA, "Abu Hamza")
    w.event(2, "COERCE", s2, [w.actor(POLICE, "Iraqi police")], [hamza], modes=("arrest",), location=BAGHDAD,
            date=DateValue("2008-06", "2008-06-01", "2008-06-30", "month", "in June"),
            counts={"detained": 1}, codebooks=Codebooks("Strategic developments", "Arrests", None, "17"))
    w.event(3, "ASSAULT", s3, [], [], modes=("explosives",), location=MOSUL, certainty="hypothetical",
            codebooks=Codebooks("Explosions/Remote violence", "Remote explosive/landmine/IED", "Bombing/Explosion",
                                "18"))
    w.event(4, "PROTEST", s4, [w.actor(PROTESTERS, "Protesters")], [], modes=("demo",), location=BASRA,
            date=DateValue("2008-06-07", "2008-06-07", "2008-06-07", "reported", ""),
            codebooks=Codebooks("Protests", "Peaceful protest", None, "14"))
    w.relation(1, hamza, "leader_of", w.mentions[0], "Abu Hamza, the leader of Ansar al-Islam, was arrested by "
                                                      "Iraqi police in Baghdad in June.")
    w.store(store)

    doc2 = _document("d2d2d2d2d2d2d2d2", DOC2[0], DOC2[1], url="https://wire.example/mosul", source="Wire",
                     published="2008-05-20")
    w = Writer(doc2)
    s1, s2, s3 = DOC2[1]
    dulaimi = w.actor(DULAIMI, "Azhar al Dulaimi")
    w.event(1, "ASSAULT", s1, [dulaimi], [w.actor(CIVILIANS, "five civilians")], modes=("firearms",),
            location=MOSUL, date=DateValue("2008-05", "2008-05-01", "2008-05-31", "month", "in May 2008"),
            counts={"killed": 5}, fatalities=5,
            codebooks=Codebooks("Violence against civilians", "Attack", "Armed Assault", "18"))
    w.relation(1, w.actor(DULAIMI, "Dulaimi"), "member_of", w.actor(ANSAR, "Ansar al-Islam"), s2)
    w.relation(2, w.mentions[-2], "kin_of", w.actor(LAITH, "Laith al Dulaimi"), s2)
    # the Kirkuk attack of the first document, reported again
    w.event(2, "ASSAULT", s3, [w.actor(ANSAR, "Ansar al-Islam fighters")], [w.actor(ARMY, "Iraqi soldiers")],
            modes=("firearms",), location=KIRKUK, date=DateValue("2008-06-05", "2008-06-05", "2008-06-05", "day",
                                                                 "5 June"),
            counts={"killed": 3}, count_reports={"killed": (3,)}, fatalities=3, attributed_to="officials",
            codebooks=Codebooks("Battles", "Armed clash", "Armed Assault", "19"))
    w.store(store)
    # an analyst's decision that the two Kirkuk reports are one event (clustering may find it by itself)
    from warlog import review

    review.merge(store, KIRKUK1, KIRKUK2, author="analyst")
    return store


@pytest.fixture
def world(store: Store) -> Store:
    return build(store)


#: the reports (events as each document tells them); the two Kirkuk reports are one canonical event
KIRKUK1, ARREST, BOMB, PROTEST = (f"d1d1d1d1d1d1d1d1e{i}" for i in range(1, 5))
MOSUL1, KIRKUK2 = "d2d2d2d2d2d2d2d2e1", "d2d2d2d2d2d2d2d2e2"


def cid(store: Store, report: str) -> str:
    """The id of the canonical event a report belongs to."""
    return store.event_cluster(report).cluster_id


def run(store: Store, fmt: str, query: EventQuery | None = None, **kw: Any) -> bytes:
    out = io.BytesIO()
    write_export(store, fmt, out, query, **kw)
    return out.getvalue()


def merge_hamza(store: Store) -> int:
    return store.decide("merge", HAMZA[0], DULAIMI[0], author="analyst", note="same man")


# -- the registry ---------------------------------------------------------------------------------------

def test_every_format_is_registered_with_its_media_type() -> None:
    assert set(FORMATS) == {"acled", "gtd", "plover", "geojson", "graphml", "gexf", "ftm", "parquet"}
    assert all(isinstance(f, ExportFormat) and f.name == k and f.media_type and f.extension and f.description
               for k, f in FORMATS.items())
    assert [k for k, f in FORMATS.items() if f.binary] == ["parquet"]
    with pytest.raises(AttributeError):
        FORMATS["acled"].name = "x"  # type: ignore[misc]


def test_an_unknown_format_is_a_config_error(world: Store) -> None:
    with pytest.raises(ConfigError, match="one of acled, gtd"):
        write_export(world, "xlsx", io.BytesIO())


# -- CSV (pandas) ---------------------------------------------------------------------------------------

def test_acled_csv_read_by_pandas(world: Store) -> None:
    df = pd.read_csv(io.BytesIO(run(world, "acled")), dtype={"event_id_cnty": str})
    assert list(df.columns) == list(ACLED_COLUMNS)
    assert len(df) == 4  # canonical events; the hypothetical bombing is hidden, as in `warlog events`
    row = df.set_index("event_id_cnty").loc[cid(world, KIRKUK1)]
    assert (row.event_date, row.year, row.time_precision) == ("2008-06-05", 2008, 1)
    assert (row.disorder_type, row.event_type, row.sub_event_type) == ("Political violence", "Battles", "Armed clash")
    assert (row.actor1, row.actor2, row.inter2) == ("Ansar al-Islam", "Iraqi Army", 1)
    assert pd.isna(row.inter1) and pd.isna(row.interaction)  # an armed group may be rebels or a militia: no guess
    assert (row.iso, row.country, row.region, row.admin1, row.location) == (368, "Iraq", "Middle East", "Kirkuk",
                                                                             "Kirkuk")
    assert (row.latitude, row.longitude, row.geo_precision, row.fatalities) == (35.4681, 44.3922, 1, 3)
    assert set(row.source.split("; ")) == {"Example News", "Wire"}  # both reports of the attack
    assert "Militants of Ansar al-Islam killed" in row.notes and "Ansar al-Islam fighters killed" in row.notes
    assert row.timestamp > 1_000_000_000
    civ = df[df.event_type == "Violence against civilians"].iloc[0]
    assert (civ.civilian_targeting, civ.inter2, civ.time_precision, civ.event_date) == (
        "Civilian targeting", 7, 3, "2008-05-01")
    arrest = df[df.event_type == "Strategic developments"].iloc[0]
    assert arrest.inter1 == 1 and arrest.actor2 == "Abu Hamza" and pd.isna(arrest.interaction)  # a person: no code
    protest = df[df.event_type == "Protests"].iloc[0]
    assert (protest.inter1, protest.interaction, protest.time_precision, protest.fatalities) == (6, 60, 2, 0)
    assert pd.isna(protest.latitude) and protest.location == "Basra"
    assert len(pd.read_csv(io.BytesIO(run(world, "acled", include_unreal=True)))) == 5
    reports = pd.read_csv(io.BytesIO(run(world, "acled", mentions=True)), dtype={"event_id_cnty": str})
    assert sorted(reports.event_id_cnty) == sorted([KIRKUK1, ARREST, PROTEST, MOSUL1, KIRKUK2])
    assert "according to: police" in reports.set_index("event_id_cnty").loc[KIRKUK1].tags


def test_gtd_csv_holds_only_gtd_relevant_events(world: Store) -> None:
    df = pd.read_csv(io.BytesIO(run(world, "gtd")), dtype={"eventid": str})
    assert list(df.columns) == list(GTD_COLUMNS)
    # the arrest and the protest have no GTD attack type
    assert sorted(df.eventid) == sorted([cid(world, KIRKUK1), cid(world, MOSUL1)])
    kirkuk = df.set_index("eventid").loc[cid(world, KIRKUK1)]
    assert (kirkuk.iyear, kirkuk.imonth, kirkuk.iday, kirkuk.attacktype1, kirkuk.attacktype1_txt) == (
        2008, 6, 5, 2, "Armed Assault")
    assert (kirkuk.gname, kirkuk.targtype1_txt, kirkuk.weaptype1_txt, kirkuk.nkill) == (
        "Ansar al-Islam", "Military", "Firearms", 3)
    assert (kirkuk.country_txt, kirkuk.region_txt, kirkuk.city, kirkuk.specificity) == (
        "Iraq", "Middle East & North Africa", "Kirkuk", 1)
    assert any(str(c).startswith("Militants attack checkpoint in Kirkuk. Example News. 2008-06-07")
               for c in (kirkuk.scite1, kirkuk.scite2)) and pd.isna(kirkuk.scite3)
    mosul = df.set_index("eventid").loc[cid(world, MOSUL1)]
    assert (mosul.imonth, mosul.iday, mosul.approxdate, mosul.vicinity) == (5, 0, "in May 2008", 1)
    assert mosul.targtype1_txt == "Private Citizens & Property" and mosul.location == "near Mosul"
    out = io.BytesIO()
    result = export(world, "gtd", out, include_unreal=True)
    assert (result.written, result.left_out, result.events) == (3, 2, 5)


# -- PLOVER (json) --------------------------------------------------------------------------------------

def test_plover_records_are_json_lines(world: Store) -> None:
    records = [json.loads(line) for line in run(world, "plover").decode().splitlines()]
    assert len(records) == 4
    r = next(x for x in records if x["id"] == cid(world, KIRKUK1))
    assert (r["date"], r["enddate"], r["event_type"], r["mode"], r["quad_code"]) == (
        "2008-06-05", None, "ASSAULT", ["firearms"], 4)
    (actor,) = r["actor"]
    assert {k: actor[k] for k in ("name", "code", "sector", "identifier_id")} == {
        "name": "Ansar al-Islam", "code": "IRQ", "sector": "armed_group", "identifier_id": ANSAR[0]}
    assert actor["actor_text"] and set(actor["actor_text"]) <= {"Ansar al-Islam", "Ansar al-Islam fighters"}
    assert r["actor_country"] == ["IRQ"] and r["recipient"][0]["name"] == "Iraqi Army"
    assert r["location"]["country_code"] == "IQ" and r["location"]["latitude"] == 35.4681
    assert r["counts"]["killed"] == 3 and r["certainty"] == "asserted" and len(r["event_text"]) == 2
    assert {c["url"] for c in r["cite_info"]} == {"https://news.example/kirkuk", "https://wire.example/mosul"}
    arrest = next(x for x in records if x["event_type"] == "COERCE")
    assert (arrest["date"], arrest["enddate"], arrest["date_edtf"]) == ("2008-06-01", "2008-06-30", "2008-06")


# -- GeoJSON (json) -------------------------------------------------------------------------------------

def test_geojson_points_are_lon_lat_with_flat_properties(world: Store) -> None:
    out = io.BytesIO()
    result = export(world, "geojson", out)
    fc = json.loads(out.getvalue())
    assert fc["type"] == "FeatureCollection" and (result.written, result.left_out) == (3, 1)
    assert fc["warlog"]["left_out_without_coordinates"] == 1  # the unresolved "Basra"
    by_id = {f["id"]: f for f in fc["features"]}
    kirkuk = by_id[cid(world, KIRKUK1)]
    assert kirkuk["geometry"] == {"type": "Point", "coordinates": [44.3922, 35.4681]}  # lon, lat
    for f in fc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert all(v is None or isinstance(v, (str, int, float, bool)) for v in f["properties"].values())
    assert kirkuk["properties"]["actors"] == "Ansar al-Islam" and kirkuk["properties"]["quotes"] == 2
    assert set(kirkuk["properties"]["sources"].split("; ")) == {"Example News", "Wire"}
    library = event_features(world.events(), ActorIndex.from_store(world))  # every report, the bombing too
    assert len(library["features"]) == 5 and library["warlog"]["left_out_without_coordinates"] == 1


# -- networks (networkx) --------------------------------------------------------------------------------

def test_graphml_and_gexf_read_by_networkx(world: Store) -> None:
    g = nx.read_graphml(io.BytesIO(run(world, "graphml")))
    assert {ANSAR[0], ARMY[0], POLICE[0], HAMZA[0], DULAIMI[0], LAITH[0], CIVILIANS[0]} <= set(g.nodes)
    labels = {(s, d["relation"], o) for s, o, d in g.edges(data=True)}
    assert (ANSAR[0], "ASSAULT", ARMY[0]) in labels and (POLICE[0], "COERCE", HAMZA[0]) in labels
    assert (HAMZA[0], "leader_of", ANSAR[0]) in labels and (DULAIMI[0], "kin_of", LAITH[0]) in labels
    assert g.nodes[DULAIMI[0]]["name"] == "Azhar al Dulaimi" and g.nodes[LAITH[0]]["country"] == "IRQ"
    assert all(d["evidence"] for _, _, d in g.edges(data=True))
    x = nx.read_gexf(io.BytesIO(run(world, "gexf")))
    assert x.number_of_edges() == g.number_of_edges() and x.number_of_nodes() == g.number_of_nodes()


def test_merge_joins_two_actors_in_the_network(world: Store) -> None:
    before = nx.read_graphml(io.BytesIO(run(world, "graphml")))
    merge_hamza(world)
    after = nx.read_graphml(io.BytesIO(run(world, "graphml")))
    assert HAMZA[0] not in after and after.number_of_nodes() == before.number_of_nodes() - 1
    assert after.has_edge(DULAIMI[0], ANSAR[0]) and after.has_edge(POLICE[0], DULAIMI[0])
    rels = {d["relation"] for s, o, d in after.edges(data=True) if (s, o) == (DULAIMI[0], ANSAR[0])}
    assert rels == {"leader_of", "member_of"}


# -- FollowTheMoney (followthemoney) --------------------------------------------------------------------

def ftm_entities(store: Store) -> list[Any]:
    return [model.get_proxy(json.loads(line), cleaned=False) for line in run(store, "ftm").decode().splitlines()]


def test_ftm_entities_load_and_their_links_resolve(world: Store) -> None:
    proxies = ftm_entities(world)
    ids = {p.id for p in proxies}
    assert len(ids) == len(proxies)
    by_schema: dict[str, list[Any]] = {}
    for p in proxies:
        by_schema.setdefault(p.schema.name, []).append(p)
        for prop, value in p.itervalues():
            assert prop.type.validate(value), (p.schema.name, prop.name, value)
            if prop.type.name == "entity":
                assert value in ids, f"{p.schema.name}.{prop.name} points at a missing entity"
    assert len(by_schema["Event"]) == 4 and len(by_schema["Article"]) == 2
    names = {p.first("name"): p.schema.name for p in proxies if p.schema.is_a("LegalEntity")}
    assert names["Ansar al-Islam"] == "Organization" and names["Iraqi Army"] == "PublicBody"
    assert names["Abu Hamza"] == "Person" and names["civilians"] == "LegalEntity"
    kirkuk = next(p for p in by_schema["Event"] if p.first("recordId") == cid(world, KIRKUK1))
    actor = {p.id: p for p in proxies}[kirkuk.first("organizer")]
    assert actor.first("name") == "Ansar al-Islam" and actor.first("country") == "iq"
    assert kirkuk.first("date") == "2008-06-05" and len(kirkuk.get("proof")) == 2  # both articles
    place = {p.id: p for p in proxies}[kirkuk.first("addressEntity")]
    assert (place.first("latitude"), place.first("longitude")) == ("35.4681", "44.3922")
    assert {p.schema.name for p in proxies if p.schema.is_a("Interval") and not p.schema.is_a("Event")} == {
        "Directorship", "Membership", "Family"}
    assert ftm_entities(world)[0].id == proxies[0].id  # deterministic ids


def test_ftm_shows_merged_actors_as_one_entity(world: Store) -> None:
    merge_hamza(world)
    proxies = ftm_entities(world)
    people = [p for p in proxies if p.schema.name == "Person"]
    assert sorted(p.first("name") for p in people) == ["Azhar al Dulaimi", "Laith al Dulaimi"]
    dulaimi = next(p for p in people if p.first("name") == "Azhar al Dulaimi")
    assert "Abu Hamza" in dulaimi.get("alias")
    arrest = next(p for p in proxies if p.schema.name == "Event" and p.first("recordId") == cid(world, ARREST))
    assert arrest.get("involved") == [dulaimi.id]
    directorship = next(p for p in proxies if p.schema.name == "Directorship")
    assert directorship.first("director") == dulaimi.id


# -- Parquet (pyarrow) ----------------------------------------------------------------------------------

def test_parquet_has_typed_columns(world: Store) -> None:
    table = pq.read_table(io.BytesIO(run(world, "parquet")))
    assert table.num_rows == 4
    s = table.schema
    assert s.field("latitude").type == pa.float64() and s.field("date_start").type == pa.date32()
    assert s.field("killed").type == pa.int32() and s.field("historical").type == pa.bool_()
    assert s.field("actors").type.value_type.field("name").type == pa.string()
    rows = {r["id"]: r for r in table.to_pylist()}
    kirkuk = rows[cid(world, KIRKUK1)]
    assert str(kirkuk["date_start"]) == "2008-06-05" and kirkuk["killed"] == 3 and kirkuk["wounded"] is None
    assert kirkuk["actors"] == [{"id": ANSAR[0], "name": "Ansar al-Islam", "kind": "armed_group", "country": "IRQ"}]
    assert {v["doc_id"] for v in kirkuk["evidence"]} == {"d1d1d1d1d1d1d1d1", "d2d2d2d2d2d2d2d2"}
    assert set(kirkuk["sources"]) == {"Example News", "Wire"} and len(kirkuk["quotes"]) == 2
    assert rows[cid(world, PROTEST)]["latitude"] is None
    assert json.loads(s.metadata[b"warlog.query"]) == {"include_unreal": False, "mentions": False}
    reports = pq.read_table(io.BytesIO(run(world, "parquet", mentions=True)))
    assert reports.num_rows == 5 and KIRKUK2 in reports.column("id").to_pylist()
    query = json.loads(reports.schema.metadata[b"warlog.query"])  # the query as run: unreal certainties left out
    assert query["mentions"] is True and "asserted" in query["certainty"] and "hypothetical" not in query["certainty"]
    typed = pq.read_table(io.BytesIO(run(world, "parquet", EventQuery(types=("COERCE",))))).to_pandas()
    assert list(typed["type"]) == ["COERCE"] and typed["detained"].iloc[0] == 1


def test_an_empty_selection_still_writes_a_readable_file(world: Store) -> None:
    empty = EventQuery(types=("AID",))
    assert pq.read_table(io.BytesIO(run(world, "parquet", empty))).num_rows == 0
    assert list(pd.read_csv(io.BytesIO(run(world, "acled", empty))).columns) == list(ACLED_COLUMNS)
    assert json.loads(run(world, "geojson", empty))["features"] == []
    assert run(world, "plover", empty) == b""


# -- filters and decisions ------------------------------------------------------------------------------

def acled_ids(store: Store, query: EventQuery | None = None) -> list[str]:
    return [r["event_id_cnty"] for r in csv.DictReader(io.StringIO(run(store, "acled", query).decode()))]


def test_exports_respect_the_events_filters(world: Store) -> None:
    def c(*reports: str) -> list[str]:
        return [cid(world, r) for r in reports]

    assert acled_ids(world, EventQuery(types=("ASSAULT",))) == c(MOSUL1, KIRKUK1)
    assert acled_ids(world, EventQuery(since="2008-06-01")) == c(ARREST, KIRKUK1, PROTEST)
    # a canonical event is kept when one of its reports is in the document
    assert acled_ids(world, EventQuery(doc_id="d2d2d2d2")) == c(MOSUL1, KIRKUK1)
    assert acled_ids(world, EventQuery(actor="Police")) == c(ARREST)
    assert acled_ids(world, EventQuery(place="Mosul")) == c(MOSUL1)  # the bombing near Mosul is hypothetical
    assert len(acled_ids(world, EventQuery(limit=2))) == 2
    assert acled_ids(world, EventQuery(doc_id="d2d2d2d2")) != acled_ids(world, EventQuery(doc_id="d1d1d1d1"))
    # the network of one document holds its relations only
    g = nx.read_graphml(io.BytesIO(run(world, "graphml", EventQuery(doc_id="d2d2d2d2d2d2d2d2"))))
    assert {d["relation"] for _, _, d in g.edges(data=True)} == {"ASSAULT", "member_of", "kin_of"}
    # a type filter keeps the relations that touch the selected events' actors
    g = nx.read_graphml(io.BytesIO(run(world, "graphml", EventQuery(types=("COERCE",)))))
    assert {d["relation"] for _, _, d in g.edges(data=True)} == {"COERCE", "leader_of"}


def test_merge_and_undo_change_the_names_in_csv(world: Store) -> None:
    def actor2(store: Store) -> str:
        rows = csv.DictReader(io.StringIO(run(store, "acled", EventQuery(types=("COERCE",))).decode()))
        return next(rows)["actor2"]

    assert actor2(world) == "Abu Hamza"
    decision = merge_hamza(world)
    assert actor2(world) == "Azhar al Dulaimi"
    world.undo_decision(decision)
    assert actor2(world) == "Abu Hamza"


def test_explicit_certainties_are_respected(world: Store) -> None:
    assert acled_ids(world, EventQuery(certainty=("hypothetical",))) == [cid(world, BOMB)]
    assert len(acled_ids(world, EventQuery(certainty=("asserted", "hypothetical")))) == 5


def test_canonical_events_and_their_reports(world: Store) -> None:
    kirkuk = cid(world, KIRKUK1)
    assert cid(world, KIRKUK2) == kirkuk  # one attack, reported by both documents
    assert acled_ids(world).count(kirkuk) == 1
    reports = EventQuery(cluster_id=kirkuk)  # a canonical event's reports (implies mentions)
    assert sorted(acled_ids(world, reports)) == [KIRKUK1, KIRKUK2]
    ftm = [json.loads(line) for line in run(world, "ftm", reports).decode().splitlines()]
    assert sorted(e["properties"]["recordId"][0] for e in ftm if e["schema"] == "Event") == [KIRKUK1, KIRKUK2]


def test_event_review_decisions_reach_the_exports(world: Store) -> None:
    from warlog import review

    review.reject(world, PROTEST, author="analyst", note="not an event")
    review.edit(world, MOSUL1, "killed", "6", author="analyst")
    review.edit(world, KIRKUK1, "fatalities", "4", author="analyst")
    df = pd.read_csv(io.BytesIO(run(world, "acled")), dtype={"event_id_cnty": str}).set_index("event_id_cnty")
    assert cid(world, ARREST) in df.index and "Protests" not in set(df.event_type)
    assert df.loc[cid(world, MOSUL1)].fatalities == 6
    reports = pd.read_csv(io.BytesIO(run(world, "acled", mentions=True)), dtype={"event_id_cnty": str})
    reports = reports.set_index("event_id_cnty")
    assert PROTEST not in reports.index and reports.loc[KIRKUK1].fatalities == 4
    records = [json.loads(line) for line in run(world, "plover").decode().splitlines()]
    assert {r["id"] for r in records} == set(df.index)


# -- the command ----------------------------------------------------------------------------------------

@pytest.fixture
def db(tmp_path: Path) -> Iterator[str]:
    path = str(tmp_path / "w.db")
    with open_store(path) as store:
        build(store)
    yield path


def test_cli_writes_a_file_and_standard_output(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "events.parquet"
    res = runner.invoke(cli, ["export", "--db", db, "--format", "parquet", "-o", str(target), "--type", "ASSAULT"])
    assert res.exit_code == 0, res.output
    assert "2 events written" in res.stderr and pq.read_table(target).num_rows == 2
    assert not list(tmp_path.glob("*.partial"))
    res = runner.invoke(cli, ["export", "--db", db, "--format", "geojson", "--include-unreal"])
    assert res.exit_code == 0 and len(json.loads(res.stdout)["features"]) == 4
    assert "1 events left out (no coordinates)" in res.stderr
    res = runner.invoke(cli, ["export", "--db", db, "--format", "geojson", "--include-unreal", "--mentions"])
    assert res.exit_code == 0 and len(json.loads(res.stdout)["features"]) == 5  # the Kirkuk attack twice
    res = runner.invoke(cli, ["export", "--db", db, "--format", "acled", "--since", "yesterday-ish"])
    assert res.exit_code == 2 and "--since" in res.output
    res = runner.invoke(cli, ["export", "--db", db, "--format", "ftm", "-o", str(tmp_path / "no" / "such" / "x")])
    assert res.exit_code == 2 and "cannot write" in res.stderr


def test_cli_refuses_binary_output_to_a_terminal(db: str) -> None:
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "warlog", "export", "--db", db, "--format", "parquet"],
                              stdout=follower, stderr=subprocess.PIPE, timeout=120, check=False)
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2
    assert b"binary format" in proc.stderr and b"-o FILE" in proc.stderr


# -- the seed page --------------------------------------------------------------------------------------

@pytest.mark.integration
def test_seed_page_exports_to_acled_and_ftm(store: Store) -> None:
    from warlog.run import ingest

    ingest([str(shared_path("seed"))], store)
    events = [c.event for c in store.event_clusters() if c.event.certainty not in ("hypothetical", "negated")]
    assert events
    df = pd.read_csv(io.BytesIO(run(store, "acled")), dtype={"event_id_cnty": str})
    assert len(df) == len(events) and set(df.event_id_cnty) == {e.event_id for e in events}
    assert df.notes.notna().all() and (df.fatalities >= 0).all() and df.event_type.notna().any()
    assert (df.country.dropna() == "Iraq").all() and df.actor1.notna().any()
    proxies = [model.get_proxy(json.loads(line), cleaned=False) for line in run(store, "ftm").decode().splitlines()]
    ids = {p.id for p in proxies}
    assert sum(p.schema.name == "Event" for p in proxies) == len(events)
    assert any(p.schema.name in ("Membership", "Directorship", "Family", "UnknownLink") for p in proxies)
    for p in proxies:
        for prop, value in p.itervalues():
            assert prop.type.name != "entity" or value in ids
