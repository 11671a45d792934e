"""The document-level incident model (warlog.extract.incidents, warlog.extract.authorship) on reports of
our own: one incident told many times is one event; distinct incidents stay apart; statements of
authorship give the actor and certainty instead of events of their own."""

from __future__ import annotations

from typing import Any

import pytest

from warlog.store import Store

from .test_events import events_of, names

pytestmark = pytest.mark.integration


def violent(evs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in evs if e["type"] in ("ASSAULT", "FIGHT")]


def test_headline_lead_update_and_recap_are_one_incident(store: Store) -> None:
    evs = events_of(store, "Car bomb kills police officers in Kirkuk\n\n"
                           "A car bomb exploded outside a police station in Kirkuk on Tuesday, killing four "
                           "police officers, officials said.\n\n"
                           "Nine other people were wounded, a hospital source said.\n\n"
                           "The mayor visited the families of the victims.\n\n"
                           "The blast shattered windows across the street.", published="2021-05-12")
    (e,) = violent(evs)
    assert len(e["evidence"]) >= 3
    assert e["counts"]["killed"] == 4 and e["counts"]["wounded"] == 9 and e["fatalities"] == 4
    assert e["location"]["name"] == "Kirkuk" and e["date"]["edtf"] == "2021-05-11"


def test_two_raids_in_two_towns_stay_two(store: Store) -> None:
    evs = events_of(store, "Gunmen attack two villages\n\n"
                           "Gunmen killed five farmers in Kafanchan on Monday.\n\n"
                           "In another attack, gunmen killed three traders in Jos on Wednesday.",
                    published="2022-02-04")
    places = sorted(e["location"]["name"] for e in violent(evs) if e["location"])
    assert places == ["Jos", "Kafanchan"]


def test_a_past_incident_with_its_own_date_is_its_own_historical_event(store: Store) -> None:
    evs = events_of(store, "Mortar attack kills two soldiers near Gao\n\n"
                           "Militants fired mortars at an army post near Gao on Sunday, killing two soldiers.\n\n"
                           "It was the deadliest attack in the area since March 2015, when militants killed "
                           "eleven soldiers in an ambush near Gao.", published="2019-01-21")
    evs = violent(evs)
    assert len(evs) == 2
    (past,) = [e for e in evs if e["date"] and e["date"]["edtf"].startswith("2015")]
    assert past["historical"] and past["fatalities"] == 11
    (now,) = [e for e in evs if e is not past]
    assert now["fatalities"] == 2 and not now["historical"]


def test_a_claim_of_responsibility_is_the_actor_not_an_event(store: Store) -> None:
    evs = events_of(store, "Suicide bomber kills six at checkpoint\n\n"
                           "A suicide bomber blew himself up at a checkpoint in Kandahar on Friday, killing six "
                           "policemen.\n\n"
                           "The Taliban claimed responsibility for the attack.", published="2020-03-14")
    (e,) = evs
    assert "Taliban" in names(e["actors"]) and e["certainty"] == "claimed"
    assert any("claimed responsibility" in q["quote"] for q in e["evidence"])


def test_a_suspected_perpetrator_and_an_unclaimed_attack(store: Store) -> None:
    (e,) = violent(events_of(store, "Bomb hits market\n\n"
                                    "A bomb exploded in a market in Maiduguri on Monday, killing seven people.\n\n"
                                    "The attack is believed to have been carried out by Boko Haram.",
                             published="2021-07-14"))
    assert "Boko Haram" in names(e["actors"]) and e["certainty"] == "suspected"
    (e,) = violent(events_of(store, "Blast in Quetta\n\n"
                                    "A bomb exploded near a bus stop in Quetta on Monday, wounding four people.\n\n"
                                    "No group has claimed responsibility for the explosion.",
                             published="2021-07-14"))
    assert e["actors"] == [] and e["certainty"] == "asserted"


def test_an_accusation_names_the_alleged_actor(store: Store) -> None:
    (e,) = violent(events_of(store, "Drone strike kills commander\n\n"
                                    "A drone strike killed a militia commander near Qaim on Sunday.\n\n"
                                    "The militia blamed the United States for the attack.",
                             published="2020-01-06"))
    assert any("United States" in n or n == "US" for n in names(e["actors"]))
    assert e["certainty"] == "alleged"


def test_rival_accounts_are_one_event_whose_fatalities_are_not_their_sum(store: Store) -> None:
    evs = events_of(store, "Airstrike hits village in Idlib\n\n"
                           "An airstrike hit the village of Kafr Nabl on Thursday, killing 11 civilians, local "
                           "officials said.\n\n"
                           "The military said the strike killed five militants.", published="2019-08-03")
    (e,) = violent(evs)
    assert e["fatalities"] in (5, 11) and e["fatalities"] != 16
    assert sorted(e["count_reports"]["killed"]) == [5, 11]


def test_talk_in_passing_is_not_an_event(store: Store) -> None:
    evs = events_of(store, "Gunmen kill two in Mogadishu\n\n"
                           "Gunmen shot dead two shopkeepers in Mogadishu on Saturday.\n\n"
                           "Police urged residents to stay calm.\n\n"
                           "The mayor promised to improve security.", published="2020-05-11")
    assert [e["type"] for e in evs] == ["ASSAULT"]


def test_a_dateline_does_not_override_the_place_the_text_states(store: Store) -> None:
    (e,) = violent(events_of(store, "NAIROBI (Reuters) - Gunmen killed four police officers in Mandera on "
                                    "Tuesday, police said.", published="2021-06-02"))
    assert e["location"]["name"] == "Mandera"


def test_a_place_named_in_another_clause_of_the_incident_locates_it(store: Store) -> None:
    (e,) = violent(events_of(store, "Roadside bomb kills three soldiers in Syria\n\n"
                                    "Three soldiers died after a roadside bomb detonated under their convoy near the "
                                    "city of Palmyra, the army said.", published="2020-02-02"))
    assert (e["location"]["raw"], e["location"]["country"]) == ("Palmyra", "SYR")


def test_an_armed_groups_acronym_is_never_the_place(store: Store) -> None:
    evs = violent(events_of(store, "In April, more than two dozen soldiers were killed in IS attacks in the "
                                   "desert, according to monitors."))
    assert all((e["location"] or {}).get("name") != "Is" for e in evs)


def test_the_date_stated_in_a_sentence_of_the_incident_is_its_date(store: Store) -> None:
    evs = violent(events_of(store, "Court jails bomb plotter\n\n"
                                   "A court on Wednesday jailed a man who helped plan the March 12, 2017, bombing "
                                   "of a bus station in Nairobi, which killed nine people.",
                            published="2019-05-09"))
    (e,) = evs
    assert e["date"]["edtf"] == "2017-03-12" and e["historical"]


def test_counts_the_body_first_states_not_a_part_of_them(store: Store) -> None:
    (e,) = violent(events_of(store, "Bomb kills 12 at market\n\n"
                                    "A bomb exploded at a market in Kano on Monday, killing 12 people.\n\n"
                                    "Two of the dead were police officers, a police spokesman said.",
                             published="2021-03-02"))
    assert e["fatalities"] == 12


def test_multipliers_are_read_with_their_number(store: Store) -> None:
    (e,) = violent(events_of(store, "More than two dozen soldiers were killed in an ambush near Gao on "
                                    "Sunday.", published="2021-03-02"))
    assert e["fatalities"] == 24


def test_a_violent_event_without_deaths_has_zero_fatalities(store: Store) -> None:
    (e,) = violent(events_of(store, "A grenade attack wounded five people at a bus stop in Kampala on Monday.",
                             published="2021-03-02"))
    assert e["fatalities"] == 0 and e["counts"]["wounded"] == 5


def test_a_past_attack_named_by_its_place_and_date_is_an_event(store: Store) -> None:
    evs = events_of(store, "Tunisia rejects offer\n\n"
                           "Security improved after the Ben Guerdane attack in March 2016, officials said.",
                    published="2018-04-02")
    (e,) = violent(evs)
    assert e["date"]["edtf"] == "2016-03" and e["historical"]


def test_habits_plans_and_prospects_are_not_events(store: Store) -> None:
    evs = events_of(store, "Militias tighten grip\n\n"
                           "Bands of armed men roam poor neighbourhoods, beating protesters.\n\n"
                           "Officials fear the prospect of militants attacking convoys with drones.\n\n"
                           "The army will deploy more troops next month.", published="2021-04-02")
    assert evs == []


def test_taking_hostages_is_an_abduction_by_the_subject_the_pronoun_stands_for(store: Store) -> None:
    (e,) = violent(events_of(store, "Raids of the 1990s\n\n"
                                    "Separatist fighters led several raids into the region. In 1996 they seized "
                                    "hundreds of hostages in a hospital in Kizlyar.", published="2018-01-17"))
    assert "abduct" in e["modes"] and any("fighters" in n for n in names(e["actors"]))
    assert e["date"]["edtf"] == "1996" and "hostages" in names(e["recipients"])


def test_photo_captions_are_parsed_apart_and_archive_photos_are_not_read() -> None:
    from warlog.model import SegmentKind
    from warlog.segment.text import segment_text

    page = segment_text("Clashes in the capital\n\nPolice fired tear gas at protesters on Monday.image copyright "
                        "AFP image caption Protesters burned tyres on Monday.\n\n"
                        "FILE - Soldiers patrol a market in the capital, May 3, 2017.")
    body = [s.text for s in page.segments if s.kind is SegmentKind.BODY]
    assert "Police fired tear gas at protesters on Monday." in body
    assert any(t.startswith("image copyright") for t in body) and not any("Soldiers patrol" in t for t in body)


def test_fatally_shot_is_a_killing_and_days_later_is_another_incident(store: Store) -> None:
    evs = violent(events_of(store, "Police shoot man in Kisumu\n\n"
                                   "Police officers fatally shot a man in Kisumu on Monday.\n\n"
                                   "Two days later, police shot dead another man in Kisumu.",
                            published="2021-06-10"))
    assert len(evs) == 2 and sorted(e["fatalities"] for e in evs) == [1, 1]


def test_a_day_left_out_of_the_entity_and_a_holiday_market_are_read_right() -> None:
    from warlog.extract.times import find_dates
    from warlog.model import Document, Media
    from warlog.nlp import annotate_stream
    from warlog.run.analysis import Resources
    from warlog.segment.text import segment_text

    page = segment_text("Attack on camp\n\nOn the morning of 1 March 2019, gunmen attacked a camp. A bomb hit the "
                        "Christmas market in the city.")
    doc = Document("d1", page.text, page.segments, Media.TEXT, "x", "h", "h")
    ((_, segments),) = list(annotate_stream(iter([doc]), lambda d: d, Resources.default().nlp))
    values = [m.value.edtf for m in find_dates(segments, None) if m.value is not None]
    assert "2019-03-01" in values and not any("12-25" in v for v in values)


def test_confidence_puts_weakly_read_events_below_well_read_ones(store: Store) -> None:
    evs = events_of(store, "Protest in the capital\n\n"
                           "Gunmen killed four police officers at a checkpoint in Jalalabad on Tuesday, officials "
                           "said. The attackers fled on motorbikes after killing the officers.\n\n"
                           "Separately, two men were detained.",
                    published="2021-06-03")
    strong = next(e for e in evs if e["type"] == "ASSAULT")
    weak = [e for e in evs if e is not strong]
    assert weak and all(e["confidence"] < strong["confidence"] for e in weak)


def test_victims_named_through_a_quantity_a_life_or_a_possessive_country(store: Store) -> None:
    (e,) = violent(events_of(store, "The president survived an attack on his life in Caracas on Saturday.",
                             published="2018-08-06"))
    assert "president" in names(e["recipients"])
    (e,) = violent(events_of(store, "A bomb killed a commander of Syria's National Defense Forces near Homs on "
                                    "Monday.", published="2020-02-04"))
    assert any("National Defense Forces" in n for n in names(e["recipients"]))


def test_a_venue_in_the_name_of_an_attack_is_not_its_actor(store: Store) -> None:
    evs = violent(events_of(store, "The Cafeteria Rolando bombing killed 13 people in Madrid in 1974."))
    assert all("Rolando" not in n for e in evs for n in names(e["actors"]))


def test_an_arrest_with_no_agent_is_by_the_country_police(store: Store) -> None:
    (e,) = [x for x in events_of(store, "Journalist arrested\n\nIn May, the journalist was arrested in Caracas and "
                                        "charged with treason.", published="2017-07-02") if x["type"] == "COERCE"]
    assert "Venezuelan police" in names(e["actors"])  # ACLED: the police forces of the country


def test_the_agent_of_a_passive_arrest_is_its_actor_whatever_the_role_noun(store: Store) -> None:
    (e,) = [x for x in events_of(store, "On Friday the two brothers were arrested by detectives in Reno.",
                                 published="2019-03-04") if x["type"] == "COERCE"]
    assert "detectives" in names(e["actors"])


def test_a_later_death_from_the_attack_is_a_casualty_update_not_another_event(store: Store) -> None:
    evs = violent(events_of(store, "Cafe bombing\n\n"
                                   "A bomb exploded in a cafe in Madrid on 13 September 1974, killing 12 people.\n\n"
                                   "A thirteenth victim died in 1977 of injuries suffered during the attack."))
    (e,) = evs
    assert e["date"]["edtf"] == "1974-09-13" and e["fatalities"] == 12
    assert any("thirteenth victim" in q["quote"] for q in e["evidence"])


def test_people_kept_in_hospital_are_not_arrested(store: Store) -> None:
    evs = events_of(store, "Ninety six people were detained in hospital after the blast in Belfast.")
    assert all(e["type"] != "COERCE" for e in evs)


def test_a_passive_clause_of_a_sentence_and_a_march_set_off_on_are_events(store: Store) -> None:
    evs = events_of(store, "The journalist spoke on Thursday for the first time since being poisoned in Tomsk "
                           "last month.", published="2020-09-04")
    assert any(e["type"] == "ASSAULT" and "journalist" in names(e["recipients"]) for e in evs)
    evs = events_of(store, "Li and a group of supporters set off on a march from Beijing on Wednesday.",
                    published="2018-04-05")
    assert any(e["type"] == "PROTEST" for e in evs)


def test_an_incident_opened_by_later_takes_no_unanchored_mentions_and_a_claim_goes_to_the_main_one(
        store: Store) -> None:
    evs = violent(events_of(store, "Bombs in Belfast\n\n"
                                   "Car bombs exploded across Belfast on Friday, killing nine people.\n\n"
                                   "Later, a man was shot dead at his door in the north of the city.\n\n"
                                   "Many more people were injured in the bombings.\n\n"
                                   "The Provisional IRA claimed responsibility for the bombings.",
                            published="1972-07-22"))
    bombing = next(e for e in evs if e["fatalities"] == 9)
    assert bombing["certainty"] == "claimed" and "Provisional IRA" in names(bombing["actors"])
    shooting = [e for e in evs if e is not bombing]
    assert shooting and all(e["certainty"] == "asserted" and not e["actors"] for e in shooting)


def test_an_undated_main_incident_takes_the_date_its_report_opens_with(store: Store) -> None:
    evs = violent(events_of(store, "Bloody Friday recalled\n\n"
                                   "Few days are remembered like Friday, 21 July 1972, in Belfast.\n\n"
                                   "That afternoon the IRA detonated 20 bombs across the city. Nine people were "
                                   "killed in the explosions. The bombs caused chaos across the city."))
    main = max(evs, key=lambda e: len(e["evidence"]))
    assert main["date"]["edtf"] == "1972-07-21"


def test_an_organisation_before_attack_is_the_attacker_not_a_place(store: Store) -> None:
    (e,) = violent(events_of(store, "The Taliban attack on a checkpoint in Bagram killed four policemen on Monday.",
                             published="2020-03-03"))
    assert e["location"]["raw"] == "Bagram" and "Taliban" in names(e["actors"])


def test_a_man_believed_responsible_and_a_bombing_suspect_name_the_actor(store: Store) -> None:
    (e,) = violent(events_of(store, "Blast in Lyon\n\n"
                                    "A parcel bomb exploded outside a bakery in Lyon on Friday, wounding 13 people.\n\n"
                                    "Police were searching for a man believed to be responsible for the blast.",
                             published="2019-05-25"))
    assert e["certainty"] == "suspected" and "man" in names(e["actors"])
    (e,) = violent(events_of(store, "Twin bombs exploded at the Boston Marathon on Monday, killing three people.\n\n"
                                    "A friend of bombing suspect Dzhokhar Tsarnaev was questioned by the police.",
                             published="2013-04-20"))
    assert e["certainty"] == "alleged" and any("Tsarnaev" in n for n in names(e["actors"]))


def test_an_act_someone_was_kept_from_or_offered_a_reward_for_is_not_stored(store: Store) -> None:
    evs = events_of(store, "Authorities have blocked lawyers from visiting him in Beijing since Monday. The government "
                           "offered a reward for information leading to the capture of Juan Ortega in Madrid.",
                    published="2018-03-20")
    assert all(e["type"] not in ("CONSULT", "COERCE") for e in evs)


def test_a_view_introduced_by_conceded_that_is_no_concession(store: Store) -> None:
    evs = events_of(store, "The health minister conceded on Tuesday in Caracas that the country faces a shortage of "
                           "medicine.", published="2014-09-10")
    assert all(e["type"] != "CONCEDE" for e in evs)


def test_a_deployment_told_as_numerous_times_is_a_habit(store: Store) -> None:
    evs = events_of(store, "The ministry said Sergeant Ian Hale deployed numerous times on operations to Afghanistan.",
                    published="2018-03-31")
    assert all(e["type"] != "MOBILIZE" for e in evs)


def test_expulsions_of_diplomats_are_the_sanction_the_verb_names(store: Store) -> None:
    evs = events_of(store, "The dispute set off expulsions of Russian diplomats from Britain on Monday.",
                    published="2018-03-31")
    assert [(e["type"], e["modes"]) for e in evs] == [("SANCTION", ["expel"])]


def test_an_undated_event_of_an_undated_history_takes_the_year_of_its_main_incident(store: Store) -> None:
    evs = events_of(store, "The Cafe Nova bombing\n\nThe Cafe Nova bombing was an attack on 13 September 1974 at the "
                           "Nova cafe in Madrid which killed 13 people. A victim died in 1977 of his injuries. The "
                           "police launched an operation against the group, and leftists were arrested in Madrid.")
    (arrest,) = [e for e in evs if e["type"] == "COERCE"]
    assert arrest["date"]["edtf"] == "1974"


def test_the_city_names_again_the_city_told_before_it_not_the_dateline(store: Store) -> None:
    evs = violent(events_of(store, "LONDON (Reuters) - Community leaders in Manchester had warned police about the "
                                   "man who carried out the May 22 concert bombing in the city, officials said.",
                            published="2017-06-05"))
    assert [e["location"]["name"] for e in evs] == ["Manchester"]


def test_the_city_of_a_named_place_is_no_anaphor(store: Store) -> None:
    evs = violent(events_of(store, "Gunmen killed two guards in the city of Kano on Monday after a raid in Kaduna.",
                            published="2020-02-04"))
    assert evs and all(e["location"]["name"] != "Kaduna" for e in evs)


def test_a_traditional_stance_is_no_event(store: Store) -> None:
    evs = events_of(store, "Algeria traditionally opposes any Western military presence in the region.",
                    published="2018-04-10")
    assert evs == []


def test_an_incident_told_in_a_since_clause_is_a_past_one(store: Store) -> None:
    evs = violent(events_of(store, "Bakery blast in Lyon\n\nA parcel bomb exploded outside a bakery in Lyon on Friday, "
                                   "wounding 13 people. France has been on high alert since militants launched a "
                                   "series of attacks across Paris, killing 130 people.", published="2019-05-25"))
    assert sorted(e["location"]["name"] for e in evs) == ["Lyon", "Paris"]


def test_a_place_given_later_joins_an_incident_told_with_neither_place_nor_date(store: Store) -> None:
    evs = violent(events_of(store, "The Latest on the fatal police shooting of a man\n\n"
                                   "Officers responding to calls fatally shot a man holding a pipe. "
                                   "A crowd gathered after Kevin Doyle was killed in the Crown Heights section of "
                                   "Brooklyn.", published="2018-04-05"))
    assert len(evs) == 1


def test_an_act_days_after_one_told_before_is_dated_from_it(store: Store) -> None:
    evs = violent(events_of(store, "Twin bombs exploded near the finish line of the marathon in Boston on April 15, "
                                   "2013, killing three people. Tamerlan, 26, died after a gunfight with police three "
                                   "days after the bombing.", published="2014-06-04"))
    dates = sorted(e["date"]["edtf"] for e in evs)
    assert dates == ["2013-04-15", "2013-04-18"]


def test_a_dateline_does_not_override_a_region_of_a_country(store: Store) -> None:
    (e,) = violent(events_of(store, "BAMAKO (Reuters) - Jihadist fighters attacked a military camp in central Mali on "
                                    "Sunday, killing at least 30 soldiers, the army said.", published="2024-06-12"))
    assert e["location"]["name"] == "Mali" and e["location"]["precision"] == "country"


def test_no_sign_of_an_act_is_no_event(store: Store) -> None:
    evs = events_of(store, "There was no sign of a break-in or anything stolen from the house in Redding on Monday.",
                    published="2024-06-12")
    assert evs == []


def test_a_mention_with_as_many_towns_as_dates_tells_that_many_incidents(store: Store) -> None:
    evs = violent(events_of(store, "In 1995 and 1996, separatist warlords seized hundreds of hostages in hospitals "
                                   "in the towns of Budennovsk and Kizlyar.", published="2018-01-17"))
    assert sorted((e["location"]["name"][:5], e["date"]["edtf"]) for e in evs) == [("Budyo", "1995"),
                                                                                  ("Kizly", "1996")]


def test_crushing_an_insurrection_is_fighting_not_a_restriction(store: Store) -> None:
    (e,) = events_of(store, "Within a few weeks, Russian forces had suppressed the insurrection in Dagestan.",
                     published="1999-12-01")
    assert e["type"] == "ASSAULT"


def test_police_raids_are_the_arrests_they_make(store: Store) -> None:
    evs = events_of(store, "On Sunday, police arrested 12 people in connection with the attack. Police and "
                           "counter-terror officers launched further raids early Monday in east London. A police "
                           "spokesman said a number of people had been detained.", published="2017-06-05")
    assert sorted(e["date"]["edtf"] for e in evs if e["type"] == "COERCE") == ["2017-06-04", "2017-06-05"]
    assert all(e["type"] == "COERCE" for e in evs)


def test_an_attack_told_as_separate_stays_apart_though_by_the_same_forces(store: Store) -> None:
    evs = violent(events_of(store, "KHARKIV, Ukraine (AP) — A Russian missile strike on a residential neighbourhood of "
                                   "Kharkiv killed seven people on Wednesday. In a separate attack overnight, Russian "
                                   "drones struck port infrastructure in Odesa.", published="2024-05-02"))
    assert len(evs) == 2


def test_an_incident_told_by_its_country_takes_its_people_told_in_a_town_of_it(store: Store) -> None:
    evs = events_of(store, "Journalist and her son poisoned, police say\n\n"
                           "KYIV Updates on the poisoning of a Ukrainian journalist and her son in Ukraine.\n\n"
                           "Police say a Ukrainian journalist and her son were poisoned in Ukraine on March 2. "
                           "Officials in Lviv said the poisoning of a Ukrainian journalist and her son in Lviv "
                           "used a rare toxin.", published="2022-03-20")
    (e,) = violent(evs)
    assert e["location"]["name"] == "Lviv" and e["date"]["edtf"] == "2022-03-02"
    # the same people in a town of another country are another incident
    evs = events_of(store, "Journalist and her son poisoned twice\n\n"
                           "Updates on the poisoning of a Ukrainian journalist and her son in Ukraine.\n\n"
                           "In 2019 the journalist and her son were poisoned in Warsaw, officials said.",
                    published="2022-03-20")
    assert len(violent(evs)) == 2


def test_an_act_the_news_comes_after_is_another_incident_and_a_killing_noun_counts(store: Store) -> None:
    evs = events_of(store, "Police shoot man holding a pipe\n\n"
                           "(CHICAGO) Police officers shot dead a man who was pointing a metal pipe at people on "
                           "Wednesday, officials said. The shooting comes after the police killing of an unarmed "
                           "teenager on March 3 in Denver, Colorado.", published="2021-04-09")
    by_place = {e["location"]["name"] if e["location"] else None: e for e in violent(evs)}
    assert len(violent(evs)) == 2 and "Denver" in by_place
    denver = by_place["Denver"]
    assert denver["date"]["edtf"] == "2021-03-03" and denver["fatalities"] == 1
    (e,) = violent(events_of(store, "The slaying of seven demonstrators in Caracas on Friday drew protests.",
                             published="2021-04-09"))
    assert e["counts"]["killed"] == 7 and e["fatalities"] == 7


def test_a_reference_never_makes_an_unreal_act_real(store: Store) -> None:
    evs = events_of(store, "Cafe bombing kills 12 in Madrid\n\n"
                           "A bomb exploded in a cafe in Madrid on Friday, killing 12 people. The bombing gave "
                           "hardliners the opportunity to attack the prime minister, Luis Ortega. In 1981 a "
                           "writer published a book on the Madrid attack.", published="1974-09-16")
    assert [e["fatalities"] for e in violent(evs)] == [12]
    assert all("Luis Ortega" not in names(e["recipients"]) for e in evs)


def test_a_part_of_the_dead_is_not_added_and_a_campaign_since_a_date_is_no_incident(store: Store) -> None:
    (e,) = violent(events_of(store, "Drones struck a market in Kassala on Thursday, killing 40 people, among them "
                                    "12 women and three children.", published="2024-01-16"))
    assert e["fatalities"] == 40
    assert not violent(events_of(store, "Since the coup of February 2021, the army has carried out more than "
                                        "900 airstrikes on villages, a monitoring group said.",
                                 published="2024-01-16"))


def test_a_sentence_right_after_an_earlier_incident_tells_more_of_it(store: Store) -> None:
    """"The shooting comes after the police killing of an unarmed teenager on May 2 in Memphis …" opens an
    incident of its own; the next sentence, naming the victim with no place or date of its own, is that
    incident's, not the lead's, although the police are the perpetrators of both."""
    events = events_of(store, "CHICAGO — Police officers fatally shot a man holding a knife on the South Side on "
                              "Thursday, police said. The man was taken to a hospital, where he was pronounced "
                              "dead. Neighbours said he was well known in the area. The shooting comes after the "
                              "police killing of an unarmed teenager on May 2 in Memphis, Tennessee, which sparked "
                              "protests. Jalen Brooks, 17, was shot by officers responding to a report of a "
                              "break-in.", published="2022-06-10")
    (memphis,) = [e for e in events if e["location"]["name"] == "Memphis"]
    (chicago,) = [e for e in events if e["location"]["name"] == "Chicago"]
    assert "Jalen Brooks" in names(memphis["recipients"]) and "Jalen Brooks" not in names(chicago["recipients"])
    assert memphis["date"]["edtf"] == "2022-05-02" and chicago["date"]["edtf"] == "2022-06-09"


def test_one_incident_of_a_series_told_just_before_is_an_event_of_its_own(store: Store) -> None:
    """"Bombings continued … on Monday. In one incident, a roadside device killed five people …": the
    plural is a series, not an incident; the instance is one, with the series' day."""
    events = events_of(store, "Bombings continued across the province of Nangarhar on Monday, officials said. In one "
                              "incident, a roadside device killed five people near a bus in Jalalabad. Earlier, a car "
                              "bomb exploded outside a police station in Kabul, killing two officers.",
                       published="2021-03-10")
    (one,) = [e for e in events if e["counts"]["killed"] == 5]
    assert [v["quote"] for v in one["evidence"]] == [
        "In one incident, a roadside device killed five people near a bus in Jalalabad."]
    assert one["date"]["edtf"] == "2021-03-08" and one["location"]["name"] == "Jalālābād"
    assert len(violent(events)) == 2


def test_an_instance_does_not_take_a_later_summary_of_the_series_place(store: Store) -> None:
    """The instance is told at a place within the series' ("near the airport"): it does not take the series'
    town as its own, so "12 bombs had gone off in Jalalabad" is no part of the gun battle."""
    events = events_of(store, "Shootings continued across Jalalabad in Nangarhar province on Monday night, officials "
                              "said. In one incident, a man was killed and three were wounded in a gun battle between "
                              "police and militants near the airport. By the time it was over, some 12 bombs had gone "
                              "off in Jalalabad.", published="2021-03-10")
    (battle,) = [e for e in events if e["counts"]["killed"] == 1]
    assert len(battle["evidence"]) == 1 and battle["date"]["edtf"] == "2021-03-08"
