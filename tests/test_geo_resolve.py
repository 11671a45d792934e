"""Toponym resolution in context, on a tiny hand-made gazetteer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from warlog.geo.build import build_index
from warlog.geo.gazetteer import Gazetteer
from warlog.geo.resolve import (
    PRECISION_ADMIN1,
    PRECISION_COUNTRY,
    PRECISION_NEAR,
    PRECISION_TOWN,
    Resolution,
    ToponymMention,
    resolve_toponyms,
)
from warlog.geo.sources import sources_from_json

MINI = Path(__file__).resolve().parent / "fixtures" / "geo" / "mini_sources.json"


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    path = tmp_path_factory.mktemp("gaz") / "mini.sqlite"
    build_index(path, sources=sources_from_json(MINI), user_places=path.parent / "none.csv")
    g = Gazetteer.open(path, build=False)
    yield g
    g.close()


def mentions(text: str, *names: str) -> list[ToponymMention]:
    """Every whole-word occurrence of each name, in text order, with the whole text as context."""
    found = [
        ToponymMention(n, m.start(), m.end(), text)
        for n in names
        for m in re.finditer(rf"(?<!\w){re.escape(n)}(?!\w)", text)
    ]
    return sorted(found, key=lambda m: m.start)


def by_text(rs: list[Resolution]) -> dict[str, Resolution]:
    out: dict[str, Resolution] = {}
    for r in rs:
        out.setdefault(r.mention.text, r)
    return out


IRAQ = (
    "Iraqi troops raided a house in Numaniyah near Al Kut in Wasit province on Monday. A second raid "
    "took place just south of Baghdad, in Musayyib. Militias remain active in Dhi Qhar, Wasit, Kabala "
    "and Basrah provinces, officials in Baghdad said."
)


def test_document_in_iraq(gaz: Gazetteer) -> None:
    ms = mentions(
        IRAQ,
        "Iraqi",
        "Numaniyah",
        "Al Kut",
        "Wasit province",
        "Baghdad",
        "Musayyib",
        "Dhi Qhar",
        "Wasit",
        "Kabala",
        "Basrah",
    )
    rs = resolve_toponyms(ms, gaz)
    assert [r.mention for r in rs] == ms  # one result per mention, in order
    r = by_text(rs)
    assert r["Iraqi"].place is not None and r["Iraqi"].place.kind == "country"
    assert r["Iraqi"].precision == PRECISION_COUNTRY and r["Iraqi"].precision_label == "country"
    assert (r["Numaniyah"].geonames_id, r["Numaniyah"].precision) == (98846, PRECISION_TOWN)
    assert (r["Al Kut"].geonames_id, r["Al Kut"].relation, r["Al Kut"].precision) == (
        99131,
        "near",
        PRECISION_NEAR,
    )
    assert (r["Wasit province"].geonames_id, r["Wasit province"].precision) == (89693, PRECISION_ADMIN1)
    assert (r["Musayyib"].geonames_id, r["Musayyib"].admin1, r["Musayyib"].country_iso2) == (
        99039,
        "Babil",
        "IQ",
    )
    first, second = [x for x in rs if x.mention.text == "Baghdad"]
    assert first.geonames_id == second.geonames_id == 98182  # one sense per document
    assert (first.relation, first.precision) == ("south of", PRECISION_NEAR)
    assert (second.relation, second.precision) == (None, PRECISION_TOWN)
    # a list ending in "provinces" makes each name a province; misspellings found by skeleton and fuzzy
    assert (r["Dhi Qhar"].geonames_id, r["Dhi Qhar"].precision) == (97019, PRECISION_ADMIN1)
    assert (r["Kabala"].geonames_id, r["Kabala"].precision) == (94823, PRECISION_ADMIN1)
    assert "fuzzy" in r["Kabala"].reason
    assert r["Wasit"].geonames_id == 89693
    assert r["Basrah"].place is None and r["Basrah"].precision is None  # not in the tiny gazetteer
    for x in rs:
        assert 0.0 <= x.score <= 1.0


def test_misspelling_is_not_moved_abroad_without_focus(gaz: Gazetteer) -> None:
    text = "Fighting was reported near Kabala."
    (r,) = resolve_toponyms(mentions(text, "Kabala"), gaz)
    assert r.place is not None and r.place.country_iso2 == "SL"  # the real Kabala, nothing points to Iraq


def test_neighbouring_names_pull_each_other(gaz: Gazetteer) -> None:
    text = "Athens police arrested a man on Friday. He was arraigned at the Henderson County courthouse."
    r = by_text(resolve_toponyms(mentions(text, "Athens", "Henderson County"), gaz))
    assert r["Athens"].geonames_id == 4671545
    assert r["Henderson County"].geonames_id == 4697070
    assert r["Henderson County"].precision == PRECISION_NEAR  # a county: ACLED precision 2


def test_containment_and_abbreviations(gaz: Gazetteer) -> None:
    text = "ALEXANDRIA, La. - A fire destroyed a barn outside Alexandria, La. on Sunday."
    rs = resolve_toponyms(mentions(text, "ALEXANDRIA", "Alexandria", "La."), gaz)
    r = by_text(rs)
    assert r["Alexandria"].geonames_id == r["ALEXANDRIA"].geonames_id == 4314550
    assert r["La."].place is not None and r["La."].place.name == "Louisiana"
    assert [x.relation for x in rs if x.mention.text.casefold() == "alexandria"] == [None, "outside"]
    text = "Egyptian police in Alexandria detained two men."
    r = by_text(resolve_toponyms(mentions(text, "Egyptian", "Alexandria"), gaz))
    assert r["Alexandria"].country_iso2 == "EG"


def test_focus_country_given(gaz: Gazetteer) -> None:
    text = "The match in Athens was cancelled."
    (alone,) = resolve_toponyms(mentions(text, "Athens"), gaz)
    assert alone.country_iso2 == "GR"
    (us,) = resolve_toponyms(mentions(text, "Athens"), gaz, focus_country="us")
    assert us.country_iso2 == "US" and us.geonames_id == 4180386
    assert "document focus US" in us.reason


def test_state_or_country(gaz: Gazetteer) -> None:
    text = "The storm hit Atlanta, Georgia, before moving north. Georgia declared an emergency."
    rs = resolve_toponyms(mentions(text, "Atlanta", "Georgia"), gaz)
    assert {(x.place.kind, x.place.country_iso2) for x in rs if x.mention.text == "Georgia" and x.place} == {
        ("admin1", "US")
    }
    text = "Protesters gathered in Tbilisi as Georgia voted."
    r = by_text(resolve_toponyms(mentions(text, "Tbilisi", "Georgia"), gaz))
    assert r["Georgia"].place is not None and r["Georgia"].place.kind == "country"


def test_sentence_context_and_no_context(gaz: Gazetteer) -> None:
    doc = "Intro. A raid took place north of Baghdad on Monday."
    sentence_start = doc.index("A raid")
    sentence = doc[sentence_start:]
    start = doc.index("Baghdad")
    m = ToponymMention("Baghdad", start, start + 7, sentence, sentence_start)
    assert m.before().endswith("north of ") and m.after().startswith(" on Monday")
    (r,) = resolve_toponyms([m], gaz)
    assert (r.relation, r.precision) == ("north of", PRECISION_NEAR)
    (bare,) = resolve_toponyms([ToponymMention("Baghdad", 0, 7)], gaz)
    assert bare.geonames_id == 98182 and bare.relation is None
    d = bare.to_dict()
    assert d["precision"] == 1 and isinstance(d["place"], dict) and d["place"]["geonames_id"] == 98182
    assert resolve_toponyms([], gaz) == []
    (empty,) = resolve_toponyms([ToponymMention("...", 0, 3)], gaz)
    assert empty.place is None
