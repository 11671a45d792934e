"""Geoparsing evaluation on gold toponym spans (LGL and GeoWebNews layouts)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from warlog.geo.build import build_index
from warlog.geo.evaluate import evaluate_geoparsing, read_gold
from warlog.geo.gazetteer import Gazetteer
from warlog.geo.sources import sources_from_json

FIX = Path(__file__).resolve().parent / "fixtures" / "geo"


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    path = tmp_path_factory.mktemp("gaz") / "mini.sqlite"
    build_index(path, sources=sources_from_json(FIX / "mini_sources.json"), user_places=path.parent / "x.csv")
    g = Gazetteer.open(path, build=False)
    yield g
    g.close()


def test_read_gold_lgl() -> None:
    docs = read_gold(FIX / "mini_lgl.xml")
    assert [d.doc_id for d in docs] == ["1", "2"]
    first = docs[0]
    assert [t.text for t in first.toponyms] == ["Numaniyah", "Al Kut", "Baghdad"]  # no gold: not scored
    assert all(first.text[t.start : t.end] == t.text for t in first.toponyms)
    assert first.toponyms[0].geonames_id == 98846 and first.toponyms[0].lat == pytest.approx(32.5562)


def test_read_gold_gwn_skips_non_locations_and_repairs_offsets() -> None:
    (doc,) = read_gold(FIX / "mini_gwn.xml")
    assert [t.text for t in doc.toponyms] == ["Iranian", "Baghdad", "Karbala"]
    karbala = doc.toponyms[2]
    assert doc.text[karbala.start : karbala.end] == "Karbala" and karbala.geonames_id is None


def test_evaluate_lgl(gaz: Gazetteer) -> None:
    rep = evaluate_geoparsing(FIX / "mini_lgl.xml", gaz)
    assert (rep.dataset, rep.documents, rep.count, rep.with_id) == ("mini_lgl.xml", 2, 5, 5)
    assert rep.resolved == 4  # Springdale is not in the tiny gazetteer
    assert rep.accuracy == pytest.approx(3 / 5)  # Athens goes to Greece: nothing says Georgia
    assert rep.acc_161 == pytest.approx(3 / 5)
    assert rep.median_km < 1 and rep.mean_km > 1000
    assert [i.gold.text for i in rep.errors()] == ["Springdale", "Athens"]
    d = rep.to_dict()
    assert d["count"] == 5 and d["acc_161km"] == 0.6 and d["with_geonames_id"] == 5
    rows = dict(rep.to_rows())
    assert rows["accuracy within 161 km"] == "0.600" and rows["toponyms"] == "5"


def test_evaluate_gwn(gaz: Gazetteer) -> None:
    rep = evaluate_geoparsing(FIX / "mini_gwn.xml", gaz)
    assert (rep.count, rep.with_id, rep.resolved) == (3, 2, 3)
    assert rep.accuracy == 1.0 and rep.acc_161 == 1.0
