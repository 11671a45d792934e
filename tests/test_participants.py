"""Who takes part in an event (warlog.extract.participants) on sentences of our own: both sides of a
two-sided fight, what an act left behind ("left five dead"), the noun a relative pronoun stands for,
the subject of a verb that carries an event noun, and words that are never participants."""

from __future__ import annotations

import pytest

from warlog.store import Store

from .test_events import events_of, names
from .test_incidents import violent

pytestmark = pytest.mark.integration


def test_both_sides_of_a_clash_are_actors_and_none_a_recipient(store: Store) -> None:
    (e,) = violent(events_of(store, "Government troops clashed with rebels near Goma on Monday.",
                             published="2020-06-10"))
    assert {"Government troops", "rebels"} <= names(e["actors"])
    assert e["recipients"] == []
    assert e["acled"]["event_type"] == "Battles"


def test_the_other_side_of_a_gun_battle_is_an_actor_of_the_killing(store: Store) -> None:
    (e,) = violent(events_of(store, "Tamerlan was killed in a gun battle with police in Watertown on Friday.",
                             published="2013-04-22"))
    assert "police" in names(e["actors"]) and "Tamerlan" in names(e["recipients"])


def test_a_weekday_is_never_a_participant(store: Store) -> None:
    evs = violent(events_of(store, "Troops clashed with rebels in Goma on Monday.", published="2020-06-10"))
    evs += violent(events_of(store, "The group that claimed the attack in Kabul on Monday is linked to al-Qaeda.",
                             published="2020-06-10"))
    assert evs and all("Monday" not in names(e["actors"]) | names(e["recipients"]) for e in evs)


def test_what_an_act_left_behind_gives_its_victims_and_counts(store: Store) -> None:
    (e,) = violent(events_of(store, "The blast left five people dead in Kabul on Monday.", published="2020-06-10"))
    assert e["counts"]["killed"] == 5 and "people" in names(e["recipients"])
    (e,) = violent(events_of(store, "Clashes between soldiers and militants left 12 dead and 30 wounded in "
                                    "Kidal on Monday.", published="2020-06-10"))
    assert (e["counts"]["killed"], e["counts"]["wounded"]) == (12, 30)
    (e,) = violent(events_of(store, "Gunmen attacked the village of Kagara on Monday, leaving at least 20 "
                                    "people dead.", published="2020-06-10"))
    assert e["fatalities"] == 20


def test_a_relative_pronoun_stands_for_the_noun_it_qualifies(store: Store) -> None:
    (e,) = violent(events_of(store, "Salman Abedi, the man who carried out the concert bombing in Manchester, "
                                    "was known to police.", published="2017-06-05"))
    assert "Salman Abedi" in names(e["actors"])
    (e,) = violent(events_of(store, "The gunman who killed five people in Dayton on Sunday was identified.",
                             published="2019-08-05"))
    assert "gunman" in names(e["actors"])


def test_an_event_noun_is_never_the_actor_a_relative_pronoun_stands_for(store: Store) -> None:
    evs = violent(events_of(store, "Police described the April 15 attack that killed three people in Boston.",
                            published="2013-04-20"))
    assert evs and all(not any("attack" in n for n in names(e["actors"])) for e in evs)


def test_the_subject_of_a_verb_carrying_the_event_noun_is_its_actor(store: Store) -> None:
    (e,) = [x for x in events_of(store, "The government on Thursday issued a ban on public gatherings in Caracas.",
                                 published="2017-07-29") if x["type"] == "COERCE"]
    assert "Venezuelan government" in names(e["actors"])
    (e,) = violent(events_of(store, "The militant group launched a series of attacks across Paris on Friday, "
                                    "killing 130 people.", published="2015-11-16"))
    assert "militant group" in names(e["actors"])


def test_what_is_detonated_is_the_bomb_not_a_victim(store: Store) -> None:
    evs = violent(events_of(store, "Three people were killed and 260 others wounded in Boston on Monday. Police say "
                                   "two brothers carried the bombs to the street before detonating them.",
                            published="2013-04-16"))
    assert evs and all(e["counts"].get("killed") in (3, None) for e in evs)


def test_a_visit_to_ones_kin_is_no_event(store: Store) -> None:
    evs = events_of(store, "Yulia Skripal, who lived in Moscow, was visiting her father in Salisbury on Sunday.",
                    published="2018-03-06")
    assert all(e["type"] != "CONSULT" for e in evs)


def test_a_country_in_the_headline_and_a_town_in_the_body_are_one_incident(store: Store) -> None:
    evs = violent(events_of(store, "Roadside bomb kills Russian general in Syria\n\n"
                                   "The desert east of the river is rife with insurgents, officials say. "
                                   "Major General Ivan Petrov died after a roadside bomb detonated under his convoy "
                                   "near Deir ez-Zor.", published="2020-08-19"))
    assert len(evs) == 1


def test_the_ringleader_of_an_attack_is_its_actor(store: Store) -> None:
    (e,) = violent(events_of(store, "The ringleader of Saturday's terror attack in London was known to police.",
                             published="2017-06-05"))
    assert "ringleader" in names(e["actors"])


def test_the_state_diplomats_are_expelled_from_expels_them(store: Store) -> None:
    (e,) = events_of(store, "Some of the 60 Russian diplomats being expelled from the United States left on Saturday.",
                     published="2018-04-01")
    assert (e["type"], "United States" in names(e["actors"])) == ("SANCTION", True)


def test_a_death_after_a_gunfight_with_police(store: Store) -> None:
    (e,) = violent(events_of(store, "Tamerlan died after a gunfight with police on Friday in Watertown.",
                             published="2013-04-22"))
    assert "police" in names(e["actors"]) and e["fatalities"] == 1


def test_a_series_of_attacks_a_group_launched_is_one_operation_with_its_place(store: Store) -> None:
    (e,) = violent(events_of(store, "Gunmen launched a series of attacks across Mogadishu on Friday, killing 30 "
                                    "people.", published="2019-03-04"))
    assert e["location"]["name"] == "Mogadishu" and e["fatalities"] == 30


def test_dismissing_rumours_is_no_event(store: Store) -> None:
    evs = events_of(store, "In Maracay on Monday the governor dismissed the rumours and denied the claims.",
                    published="2014-09-10")
    assert all(e["type"] != "REJECT" for e in evs)


def test_militants_from_a_group_are_the_group(store: Store) -> None:
    (e,) = violent(events_of(store, "Militants from al-Shabaab attacked a base in Lower Shabelle on Monday.",
                             published="2020-01-01"))
    assert "al-Shabaab" in names(e["actors"])


def test_a_known_group_before_attack_is_its_actor_but_an_unknown_name_is_a_venue(store: Store) -> None:
    (e,) = violent(events_of(store, "Five soldiers were killed in the Taliban attack in Kandahar on Monday.",
                             published="2020-01-01"))
    assert "Taliban" in names(e["actors"]) and "Afghan military" in names(e["recipients"])
    evs = violent(events_of(store, "Nobody was ever tried for the Rolando bombing in Madrid in 1974.",
                            published="1980-01-01"))
    assert all("Rolando" not in names(x["actors"]) for x in evs)


def test_a_verb_the_parser_hangs_on_its_subject_keeps_its_subject_and_object(store: Store) -> None:
    (e,) = violent(events_of(store, "Gunmen on motorcycles killed at least 12 villagers in an attack on Tuesday in "
                                    "Zamfara state, police said.", published="2024-06-12"))
    assert "Gunmen" in names(e["actors"]) and e["fatalities"] == 12


def test_a_state_a_participle_describes_is_no_event(store: Store) -> None:
    evs = events_of(store, "Israeli airstrikes on a school sheltering displaced families in Gaza City killed 15 "
                           "people on Saturday.", published="2024-06-12")
    assert [e["type"] for e in evs] == ["ASSAULT"]


def test_an_act_that_left_people_dead_is_violence(store: Store) -> None:
    (e,) = violent(events_of(store, "Militants stormed a hotel in Mogadishu late on Friday, sparking a siege that "
                                    "left at least 20 people dead.", published="2024-06-12"))
    assert e["fatalities"] == 20


def test_a_weapon_fired_is_no_recipient_and_sets_the_mode(store: Store) -> None:
    (e,) = violent(events_of(store, "Hamas fired a barrage of rockets at Tel Aviv on Tuesday.", published="2024-06-12"))
    assert e["recipients"] == [] and e["modes"] == ["heavy-weapons"]
    (e,) = violent(events_of(store, "Hezbollah fired 40 rockets at Israeli military positions on Monday.",
                             published="2024-06-12"))
    assert "Israeli military positions" in names(e["recipients"])


def test_signing_a_ceasefire_is_an_agreement(store: Store) -> None:
    (e,) = events_of(store, "The government and the rebels signed a ceasefire agreement in Addis Ababa on Friday.",
                     published="2024-06-12")
    assert e["type"] == "AGREE" and e["acled"]["sub_event_type"] == "Agreement"


def test_hedged_perpetrators_make_the_event_suspected(store: Store) -> None:
    (e,) = violent(events_of(store, "Suspected ADF rebels killed 18 civilians with machetes in a raid in Beni "
                                    "territory, North Kivu, on Sunday.", published="2024-06-12"))
    assert e["certainty"] == "suspected" and "ADF" in names(e["actors"])


def test_threatened_or_ordered_attacks_are_not_told_as_done(store: Store) -> None:
    evs = violent(events_of(store, "Rebels threatened to attack the city of Goma on Monday. The commander ordered "
                                   "troops to storm the village of Kagara.", published="2024-06-12"))
    assert evs == []


def test_who_tried_to_act_or_set_fire_is_the_actor(store: Store) -> None:
    (e,) = violent(events_of(store, "Militants tried to storm a base in Kidal on Monday.", published="2024-06-12"))
    assert "Militants" in names(e["actors"])
    (e,) = violent(events_of(store, "Unidentified assailants set fire to a primary school in Kasai province "
                                    "overnight.", published="2024-06-12"))
    assert "primary school" in names(e["recipients"]) and e["modes"] == ["destroy"]


def test_people_blocking_roads_to_protest_are_protesting(store: Store) -> None:
    (e,) = events_of(store, "Thousands of farmers blocked highways around New Delhi on Tuesday to protest against new "
                            "agricultural laws.", published="2024-06-12")
    assert e["type"] == "PROTEST" and "farmers" in names(e["actors"])


def test_victims_named_by_nationality_are_its_people_unless_in_a_battle(store: Store) -> None:
    (e,) = violent(events_of(store, "Israeli forces killed two Palestinians during a raid in Jenin on Wednesday.",
                             published="2024-06-12"))
    assert "Palestinian civilians" in names(e["recipients"])
    (e,) = violent(events_of(store, "Serb forces killed three ethnic Albanians in a gunbattle in southern Serbia on "
                                    "Friday.", published="2024-06-12"))
    assert "Albanian civilians" not in names(e["recipients"])


def test_police_clashing_with_protesters_is_a_riot_not_a_battle(store: Store) -> None:
    (e,) = events_of(store, "Riot police clashed with protesters in Tbilisi overnight.", published="2024-06-12")
    assert (e["type"], e["modes"]) == ("PROTEST", ["riot"]) and "protesters" in names(e["actors"])


def test_who_lost_the_town_undergoes_its_capture(store: Store) -> None:
    (e,) = events_of(store, "The Sudanese army said it had retaken the city of Wad Madani from the Rapid Support "
                            "Forces on Saturday.", published="2024-06-12")
    assert e["type"] == "COERCE" and "Rapid Support Forces" in names(e["recipients"])


def test_a_suicide_car_bomb_is_a_suicide_attack(store: Store) -> None:
    (e,) = violent(events_of(store, "A suicide car bomb exploded at a checkpoint in Mogadishu on Saturday, killing "
                                    "at least 20 people.", published="2024-06-12"))
    assert "suicide" in e["modes"] and e["fatalities"] == 20


def test_clashes_that_erupted_between_militias_and_left_dead(store: Store) -> None:
    (e,) = violent(events_of(store, "Clashes erupted between rival militias in Tripoli on Sunday night, leaving at "
                                    "least 32 people dead, the health ministry said.", published="2024-06-12"))
    assert (e["fatalities"], e["date"]["edtf"]) == (32, "2024-06-09") and "rival militias" in names(e["actors"])


def test_a_missile_strike_that_hit_a_depot(store: Store) -> None:
    evs = events_of(store, "A Ukrainian missile strike hit a Russian ammunition depot in occupied Crimea overnight, "
                           "Kyiv said.", published="2024-06-12")
    (e,) = evs  # "in occupied Crimea" describes the place: no seizure
    assert e["modes"] == ["heavy-weapons"] and "Ukrainian military" in names(e["actors"])


def test_a_running_toll_since_a_date_is_no_event(store: Store) -> None:
    assert violent(events_of(store, "The UN said 1,200 civilians had been killed in Sudan since April.",
                             published="2024-06-12")) == []


def test_a_toll_since_a_weekday_is_the_operations_own(store: Store) -> None:
    (e,) = violent(events_of(store, "The observatory says 24 civilians have been killed in the clashes in Afrin since "
                                    "Saturday.", published="2018-01-23"))
    assert e["fatalities"] == 24


def test_bodies_found_tell_a_killing_by_someone_else_than_the_finder(store: Store) -> None:
    (e,) = violent(events_of(store, "The bodies of 12 men were found in a ditch near Culiacan on Sunday.",
                             published="2024-06-12"))
    assert e["fatalities"] == 12 and e["actors"] == []
    (e,) = violent(events_of(store, "Police found the bodies of five people in Mosul on Monday.",
                             published="2024-06-12"))
    assert e["fatalities"] == 5 and e["actors"] == []
    assert violent(events_of(store, "Police found weapons in a house in Mosul on Monday.",
                             published="2024-06-12")) == []
