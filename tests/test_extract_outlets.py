"""Extraction on the sentence shapes that kept two outlets' reports of one incident apart (issue 15):
the weapon's wielder ("shells fired by the RSF"), the clause a participle goes on from ("hit the market
of X on Thursday, killing 18"), a town NER took for a person ("raided Mocimboa da Praia", "fired on
Qamishli"), a province
in the headline and the town in the body, and a list of victims the parser reads as an apposition.
Short reports of our own, several wars; real model and gazetteer."""

from __future__ import annotations

import pytest

from warlog.store import Store

from .test_events import events_of, names

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(("text", "actor", "place", "day"), [
    ("Shells fired by the RSF hit the central market of El Fasher on Thursday, killing 18 people, the state "
     "health ministry said on Friday.", "Rapid Support Forces", "El Fasher", "2024-06-13"),
    ("Rockets fired by Hamas hit the centre of Ashkelon on Tuesday, wounding six people, police said on "
     "Wednesday.", "Hamas", "Ashkelon", "2024-06-11"),
])
def test_a_weapon_fired_by_someone_and_the_clause_a_participle_goes_on_from(
        store: Store, text: str, actor: str, place: str, day: str) -> None:
    (e,) = events_of(store, text, published="2024-06-15")
    assert actor in names(e["actors"])
    assert e["location"]["name"] == place and e["date"]["edtf"] == day  # not the day it was said


def test_a_place_named_in_a_headline_nominal_is_no_actor(store: Store) -> None:
    (e,) = events_of(store, "Shelling of El Fasher market kills 18\n\nShells fired by the RSF hit the central "
                            "market of El Fasher on Thursday, killing 18 people.", published="2024-06-15")
    assert "El Fasher" not in names(e["actors"]) and e["location"]["name"] == "El Fasher"


@pytest.mark.parametrize(("text", "town"), [
    ("Ten soldiers killed in Cabo Delgado raid\n\nOn February 17, militants raided Mocimboa da Praia in the "
     "northern province of Cabo Delgado and killed 10 soldiers, a security official said.", "Mocímboa da Praia"),
    ("Boko Haram fighters stormed Konduga on Sunday and killed 12 villagers, residents said.", "Konduga"),
    ("A Kurdish spokesman says Turkey fired on Qamishli and other towns along the border on Tuesday.",
     "Al Qāmishlī"),
])
def test_a_raided_town_is_where_it_happened(store: Store, text: str, town: str) -> None:
    (e,) = events_of(store, text, published="2021-02-19")
    assert e["location"]["name"] == town and e["location"]["precision"] == 1


@pytest.mark.parametrize(("text", "kind", "n"), [
    ("There were eight women, a 10-year-old girl and four men injured in the blast in Lyon.", "wounded", 13),
    ("The blast in Lyon injured eight women, a girl and four men on Friday.", "wounded", 13),
    ("Three Marines, a Navy corpsman and two Afghan soldiers were killed in the ambush in Helmand.", "killed", 6),
])
def test_a_list_of_victims_read_as_an_apposition_counts_every_item(store: Store, text: str, kind: str,
                                                                    n: int) -> None:
    (e,) = events_of(store, text, published="2019-05-25")
    assert e["counts"][kind] == n


def test_a_description_in_apposition_is_not_another_victim(store: Store) -> None:
    (e,) = events_of(store, "Militants killed Ahmed Shah, a local commander, and two of his guards in Kunduz.",
                     published="2019-05-25")
    assert e["counts"]["killed"] == 3


def test_overnight_is_the_night_before_the_report(store: Store) -> None:
    (e,) = events_of(store, "Drones hit Odesa port\n\nRussian drones attacked grain terminals at the port of Odesa "
                            "overnight, injuring two workers, the regional governor said on Thursday.",
                     published="2023-07-20")
    assert e["date"]["edtf"] == "2023-07-19/2023-07-20" and e["date"]["precision"] == "range"


@pytest.mark.parametrize("text", [
    "On July 19, Russia launched a drone attack on port infrastructure in the Odesa region, wounding two port "
    "employees, officials said.",
    "A Russian missile strike on central Odesa early on Sunday killed one person and wounded 19, officials said.",
])
def test_a_town_ner_missed_after_the_or_a_side_and_a_country_that_acts_is_no_place(store: Store, text: str) -> None:
    (e,) = events_of(store, text, published="2023-07-23")
    assert e["location"]["name"] == "Odesa" and e["location"]["country"] == "UKR"


def test_two_towns_an_hour_apart_are_two_scenes(store: Store) -> None:
    found = events_of(store, "Russian missile strike on Kherson kills three\n\nKHERSON, Ukraine — A Russian missile "
                             "strike on a residential street of Kherson killed three people on Monday, the regional "
                             "governor said.\n\nRussian forces also shelled the town of Nova Kakhovka during the "
                             "day, killing an elderly man, local police said.", published="2024-05-07")
    assert sorted(e["location"]["name"] for e in found) == ["Kherson", "Nova Kakhovka"]


def test_a_street_named_after_a_town_and_a_loosely_matched_name_do_not_move_a_report_abroad(store: Store) -> None:
    (e, *_) = events_of(store, "Twenty bombs explode across the city\n\nThe IRA detonated at least 20 bombs in "
                               "Belfast on Friday afternoon. A car bomb at the Oxford Street bus station killed six "
                               "people, and gunmen fired on soldiers in Anderstown.", published="1972-07-22")
    assert e["location"]["name"] == "Belfast" and e["location"]["country"] == "GBR"


@pytest.mark.parametrize(("name", "admin1", "country"), [
    ("Ulster", "Northern Ireland", "GBR"), ("NWFP", "Khyber Pakhtunkhwa", "PAK"), ("Arakan", "Rakhine", "MMR")])
def test_names_the_press_uses_for_a_province(name: str, admin1: str, country: str) -> None:
    from warlog.geo.gazetteer import Gazetteer

    with Gazetteer.open() as gaz:
        assert any(p.name == admin1 and p.country_iso3 == country and p.kind == "admin1" for p in gaz.lookup(name))
