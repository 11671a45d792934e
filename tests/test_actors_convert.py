"""The Phoenix dictionary converter (on a dictionary written for these tests) and the packaged output."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

from warlog.actors import convert
from warlog.actors.convert import Converter, clean, display, merge_records, parse_dictionary, state_records
from warlog.model import ActorKind, ActorRecord

from .conftest import shared_path

SAMPLE = (Path(__file__).parent / "fixtures" / "actors" / "sample.actors.txt").read_text(encoding="utf-8")
CURATED = [
    ActorRecord("state_force:irn:quds-force", "Quds Force", ActorKind.STATE_FORCE, "IRN", ("Qods Force",)),
    ActorRecord("armed_group:lbn:hezbollah", "Hezbollah", ActorKind.ARMED_GROUP, "LBN", ("Hizballah",)),
]


@pytest.fixture(scope="module")
def table() -> list[convert.CountryInfo]:
    return convert.read_country_table()


@pytest.fixture(scope="module")
def conv(table: list[convert.CountryInfo]) -> Converter:
    c = Converter(table, CURATED, frozenset({"youth"}))
    c.learn_given_names(parse_dictionary(SAMPLE))
    return c


def by_id(records: list[ActorRecord]) -> dict[str, ActorRecord]:
    return {r.actor_id: r for r in records}


def test_parse_dictionary() -> None:
    entries = parse_dictionary(SAMPLE)
    names = [e.name for e in entries]
    assert "NO_CODE_GROUP_" not in names  # no code, no entry
    first = entries[0]
    assert first.name == "NORTHERN_HILLS_ISLAMIC_ARMY_(NHIA)_"
    assert first.aliases == ["ARMY_OF_THE_NORTHERN_HILLS_", "RUFUS_T_FIREFLY", "SECURITY_FORCES", "YOUTH"]
    assert [(c.code, c.dated) for c in first.codes] == [("IRQREB", False)]
    iraq = next(e for e in entries if e.name == "IRAQ_")
    assert [(c.country, c.role, c.dated) for c in iraq.codes] == [("IRQ", "", True), ("IRQ", "", True)]
    person = next(e for e in entries if e.name == "RUFUS_FIREFLY_")
    assert "CountryInfo" in person.comment


def test_clean_and_display() -> None:
    assert clean("NORTHERN_HILLS_ISLAMIC_ARMY_(NHIA)_") == ("Northern Hills Islamic Army", ["NHIA"])
    assert clean("STAR_GROUP_(FRANCE)_") == ("Star Group", [])  # a country in brackets is no acronym
    assert display("ARMY_OF_THE_NORTHERN_HILLS".replace("_", " ")) == "Army of the Northern Hills"
    assert display("HEZB-E AZADI-YE AFGHANISTAN") == "Hezb-e Azadi-ye Afghanistan"
    assert display("US INTELLIGENCE COMMUNITY") == "US Intelligence Community"
    assert display("ETA") == "ETA" and display("Already Mixed") == "Already Mixed"


def test_armed_groups(conv: Converter) -> None:
    records = by_id(list(conv.milnonstate(parse_dictionary(SAMPLE))))
    nhia = records["armed_group:irq:northern-hills-islamic-army"]
    assert (nhia.name, nhia.country, nhia.source) == ("Northern Hills Islamic Army", "IRQ", convert.SOURCE)
    # the person hidden among the aliases becomes a record; generic terms and common words are dropped
    assert nhia.aliases == ("NHIA", "Army of the Northern Hills")
    assert records["person:irq:rufus-t-firefly"].kind is ActorKind.PERSON
    star = records["armed_group:star-group"]
    assert star.country is None  # MEA is a region, not a country
    dawn = records["armed_group:irq:old-dawn-movement"]
    assert "Qods Force" not in dawn.aliases  # claimed by a curated record
    assert "Hizballah Brigade" in dawn.aliases
    hez = records["armed_group:lbn:hezbollah"]  # the curated record's id: the loader merges the two
    assert hez.name == "Hizballah" and hez.aliases == ("Party of God",)
    tester = records["person:irq:abu-tester-baghdadi"]  # dated codes: a person
    assert tester.aliases == ("Abu Tester",)


def test_country_bodies_and_persons(conv: Converter) -> None:
    records = by_id(list(conv.countries(parse_dictionary(SAMPLE))))
    army = records["state_force:irq:military"]  # the country's own military → the generic record
    assert army.name == "Iraqi military" and "Iraqi armed forces" in army.aliases
    assert army.parent == "state:irq"
    assert records["state_force:irq:golden-falcons"].parent == "state:irq"
    assert "person:irq:rufus-public" not in records
    assert records["person:irq:rufus-q-public"].aliases == ("Rufus Public",)  # a person with an alias
    assert "person:irq:rufus-firefly" not in records  # without one: skipped
    assert not any("spokesman" in k for k in records)


def test_state_records(table: list[convert.CountryInfo]) -> None:
    records = by_id(state_records(table, parse_dictionary(SAMPLE)))
    iraq = records["state:irq"]
    assert iraq.kind is ActorKind.STATE and iraq.country == "IRQ"
    assert "Iraqi" in iraq.aliases and "Republic of Iraq" in iraq.aliases
    assert "Baghdad" not in iraq.aliases  # a city is not the state
    gov = records["government:irq"]
    assert (gov.name, gov.parent) == ("Iraqi government", "state:irq")
    assert len([r for r in records.values() if r.kind is ActorKind.STATE]) > 240


def test_merge_records() -> None:
    merged = merge_records([
        ActorRecord("x:b", "B", ActorKind.OTHER),
        ActorRecord("x:a", "Alpha", ActorKind.OTHER, aliases=("A1",)),
        ActorRecord("x:a", "Alfa", ActorKind.OTHER, "IRQ", ("a1", "A2")),
    ])
    assert [r.actor_id for r in merged] == ["x:a", "x:b"]
    assert merged[0].aliases == ("A1", "Alfa", "A2") and merged[0].country == "IRQ"


@pytest.mark.integration
def test_packaged_files_are_what_the_converter_writes(tmp_path: Path) -> None:
    phoenix = shared_path("data", "phoenix")
    data = Path(convert.__file__).parent / "data"
    shutil.copy(data / "curated.jsonl", tmp_path / "curated.jsonl")
    counts = convert.convert(phoenix, tmp_path)
    assert counts["armed_group"] > 900 and counts["state"] > 240
    for name in ("actors.jsonl", "countries.csv", "common_words.txt"):
        assert filecmp.cmp(tmp_path / name, data / name, shallow=False), f"{name} is stale: re-run the converter"
