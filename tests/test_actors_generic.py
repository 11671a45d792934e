"""The generic-agent layer: parsing "US and Iraqi forces" and per-country records."""

from __future__ import annotations

import pytest

from warlog.actors import generic
from warlog.actors.generic import SECTORS, national_record, nationality, parse, record_for_id
from warlog.model import ActorKind


def test_nationalities() -> None:
    assert nationality("U.S.") == "USA"
    assert nationality("American") == "USA"
    assert nationality("Iraqi") == "IRQ"
    assert nationality("Iraq") == "IRQ"
    assert nationality("Iran") == "IRN"
    assert nationality("Afghan") == "AFG"
    assert nationality("Britain") == "GBR"
    assert nationality("Shia") is None


def test_two_nationalities_give_two_groups() -> None:
    p = parse("US and Iraqi forces")
    assert p is not None and p.term.term == "forces" and p.term.sector.name == "military"
    assert [g.country for g in p.groups] == ["USA", "IRQ"]


@pytest.mark.parametrize(("text", "sector", "countries"), [
    ("Iraqi police", "police", ["IRQ"]),
    ("Iraq police", "police", ["IRQ"]),
    ("five U.S. soldiers", "military", ["USA"]),
    ("American forces", "military", ["USA"]),
    ("the Afghan army", "military", ["AFG"]),
    ("Iraqi security forces", "security", ["IRQ"]),
    ("police", "police", []),
    ("masked gunmen", "armed", []),
    ("Iraqi riot police", "police", ["IRQ"]),
    ("British, French and Italian troops", "military", ["GBR", "FRA", "ITA"]),
])
def test_parse_sector_and_countries(text: str, sector: str, countries: list[str]) -> None:
    p = parse(text)
    assert p is not None
    assert p.sector_for(p.groups[0] if p.groups else None).name == sector
    assert [g.country for g in p.groups] == countries


def test_modifiers_that_are_names_roles_or_flags() -> None:
    p = parse("Coalition special forces teams")
    assert p is not None and p.term.term == "special forces"
    assert [(g.country, g.rest) for g in p.groups] == [(None, "coalition")]
    p = parse("three Iranian-backed Special Groups operatives")
    assert p is not None and p.term.broad
    # the backer is no nationality
    assert [(g.country, g.name) for g in p.groups] == [(None, "Special Groups")]
    p = parse("rebel forces")
    assert p is not None and p.sector_for(p.groups[0]).name == "armed"
    p = parse("foreign fighters")
    assert p is not None and p.groups[0].foreign
    p = parse("government forces")
    assert p is not None and p.groups[0].own_state


@pytest.mark.parametrize("text", ["the Iraqi Army's 5th Division", "Karbala", "a police station", ""])
def test_not_generic(text: str) -> None:
    assert parse(text) is None


def test_national_records() -> None:
    police = national_record(SECTORS["police"], "IRQ")
    assert (police.actor_id, police.name, police.kind, police.country, police.parent) == (
        "state_force:irq:police", "Iraqi police", ActorKind.STATE_FORCE, "IRQ", "state:irq")
    us = national_record(SECTORS["military"], "USA")
    assert (us.actor_id, us.name) == ("state_force:usa:military", "US military")
    assert {"US troops", "US forces", "US soldiers"} <= set(us.aliases)
    assert national_record(SECTORS["government"], "IRN").actor_id == "government:irn"
    armed = national_record(SECTORS["armed"], "IRQ")
    assert (armed.actor_id, armed.kind) == ("armed_group:irq:unidentified", ActorKind.ARMED_GROUP)
    assert national_record(SECTORS["civilians"], None).actor_id == "civilians:unknown"
    assert national_record(SECTORS["peacekeepers"], "IND").actor_id == "international_force:un-peacekeepers"


def test_record_for_id_round_trips_every_sector() -> None:
    for sector in SECTORS.values():
        for country in ("IRQ", "USA", None):
            r = national_record(sector, country)
            assert record_for_id(r.actor_id) == r
    for bad in ("state_force:irq:navy", "state_force:xxx:police", "armed_group:irq:mahdi-army", "state:irq"):
        assert record_for_id(bad) is None


def test_every_term_row_is_read() -> None:
    rows = [ln for ln in generic.data_text("generic_agents.csv").splitlines()
            if ln and not ln.startswith("#") and not ln.startswith("term,")]
    assert len(generic.terms()) == len(rows)


@pytest.mark.parametrize(("text", "names"), [
    ("US-led coalition forces", ["coalition"]),
    ("Iranian-backed militias", []),
    ("pro-government militias", []),
    ("Kurdish Peshmerga forces", ["Kurdish Peshmerga"]),
])
def test_attributive_compounds_name_no_actor(text: str, names: list[str]) -> None:
    p = parse(text)
    assert p is not None and [g.name for g in p.groups if g.name] == names
