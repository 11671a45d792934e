"""Vocabulary written once: the Certainty and EventType enums agree with the data, and the word tables
that used to be Python sets (place type words, demonyms, display adjectives) come from the data files."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pytest

from warlog.geo.normalise import TYPE_WORDS, strip_type_words
from warlog.model import UNREAL, Certainty, Event, EventType, Relation
from warlog.vocab import load_vocabulary, types
from warlog.vocab.loader import data_folder

from .conftest import vocabulary_copy, vocabulary_problems

# ---- enums and data -------------------------------------------------------------------------------------


def test_event_type_enum_is_the_vocabulary_types() -> None:
    assert [str(t) for t in EventType] == list(types())


def test_certainty_enum_is_the_data_certainty_table() -> None:
    v = load_vocabulary()
    assert set(v.certainties) == {str(c) for c in Certainty}
    assert all(v.certainties[c] for c in Certainty)  # each value says when it applies
    assert {str(c) for c in UNREAL} == {"hypothetical", "negated"}


def test_certainty_values_are_the_stored_strings() -> None:
    assert Certainty.NEGATED == "negated" and "alleged" in set(Certainty)
    assert json.dumps({"certainty": Certainty.CLAIMED}) == '{"certainty": "claimed"}'
    assert f"{Certainty.SUSPECTED}" == "suspected"
    for cls in (Event, Relation):
        default = next(f.default for f in fields(cls) if f.name == "certainty")
        assert default is Certainty.ASSERTED


def test_check_vocabulary_reports_enum_and_data_differences(tmp_path: Path) -> None:
    folder = vocabulary_copy(tmp_path)
    plover = folder / "plover.toml"
    text = plover.read_text("utf-8")
    text = text.replace('denied = "', 'doubted = "', 1)
    text = text.replace("[types.AID]", "[types.HELP]\nquad = \"1\"\ndescription = \"x\"\n\n[types.AID]", 1)
    plover.write_text(text, "utf-8")
    problems = vocabulary_problems(folder)
    assert "[certainty]: 'doubted' is not in warlog.model's enum" in problems
    assert "[certainty]: warlog.model's enum has 'denied', the data does not" in problems
    assert "[types]: 'HELP' is not in warlog.model's enum" in problems


# ---- the moved tables --------------------------------------------------------------------------------------


def test_gazetteer_type_words_are_unchanged() -> None:
    """These words make gazetteer keys: the data must give exactly the set the index was built with."""
    admin1 = ("province", "provinces", "governorate", "governorates", "muhafazat", "muhafazah", "muhafaza",
              "wilayah", "wilayat", "vilayet", "oblast", "krai", "kray", "state", "prefecture", "voivodeship",
              "canton", "department")
    admin2 = ("county", "counties", "parish", "district", "districts", "raion", "rayon", "municipality",
              "borough", "township")
    expected = {**dict.fromkeys(admin1, "admin1"), **dict.fromkeys(admin2, "admin2"),
                **dict.fromkeys(("city", "town", "village"), "city"), "region": None, "area": None}
    assert expected == TYPE_WORDS
    assert strip_type_words("wasit province").hint == "admin1"
    assert strip_type_words("city of london").key == "london"
    assert strip_type_words("provincia buenos aires").hint == "admin1"
    assert strip_type_words("wasit region").hint is None


def test_place_words_by_use() -> None:
    v = load_vocabulary()
    assert {"province", "street", "crossing", "valley"} <= set(v.place_words("name"))
    assert {w: p.precision for w, p in v.place_words("again").items()} == {
        "province": 3, "state": 3, "region": 3, "district": 2, "city": 1, "town": 1, "village": 1, "capital": 1}
    # place nouns of the trigger requirements live in place_types.csv and still class as places
    assert v.noun_class("checkpoint") == v.noun_class("province") == "place"
    assert "checkpoint" not in (data_folder() / "noun_classes.csv").read_text("utf-8").split()


def test_demonyms_and_adjectives_come_from_data() -> None:
    from warlog.extract.relations.lexicon import COUNTRY_ALIASES, DEMONYMS

    v = load_vocabulary()
    assert DEMONYMS is v.demonyms
    assert DEMONYMS["iraqi"] == "Iraq" and DEMONYMS["american"] == "United States"
    assert COUNTRY_ALIASES["iraq"] == "Iraq"
    assert v.country_adjectives["USA"] == "US" and v.country_adjectives["GBR"] == "British"


def test_check_vocabulary_reports_bad_place_words(tmp_path: Path) -> None:
    problems = vocabulary_problems(vocabulary_copy(tmp_path, {
        "place_types.csv": "plaza,feature,,somewhere\nprovince,admin1,,strip\nbazaar,feature,,strip\n"}))
    assert "(plaza): uses must be some of" in problems
    assert "(province): listed twice" in problems
    assert "(bazaar): a gazetteer type word points to" in problems


def test_event_type_reads_current_and_legacy_names() -> None:
    from warlog.model import EventType
    from warlog.vocab import type_of

    assert type_of("ASSAULT") is EventType.ASSAULT
    assert type_of("FIGHT") is EventType.ASSAULT  # an earlier PLOVER draft's name
    with pytest.raises(ValueError):
        type_of("PICNIC")
