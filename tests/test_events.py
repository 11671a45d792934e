"""Event extraction rules on short reports of our own (real model and gazetteer)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from warlog.query import event_to_dict
from warlog.run import IngestOptions, ingest
from warlog.store import Store

pytestmark = pytest.mark.integration


def events_of(store: Store, text: str, published: str | None = None, *, unreal: bool = False) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.txt"
        path.write_text(text)
        (outcome,) = ingest([str(path)], store, options=IngestOptions(published=published)).outcomes
    return [event_to_dict(e) for e in store.events() if e.doc_id == outcome.doc_id
            and (unreal or e.certainty not in ("hypothetical", "negated"))]


def names(people: list[dict[str, Any]]) -> set[str]:
    return {p["name"] for p in people} | {f for p in people for f in p["forms"]}


def test_headline_and_body_are_one_event_with_both_quotes(store: Store) -> None:
    (e,) = events_of(store, "Police arrest two suspects in Mosul\n\nIraqi police arrested two men in Mosul on "
                            "Sunday, a police spokesman said.", published="2019-06-12")
    assert (e["type"], e["counts"]["detained"], len(e["evidence"])) == ("COERCE", 2, 2)
    assert e["location"]["name"] == "Mosul" and e["date"]["edtf"] == "2019-06-09"
    assert e["attributed_to"] == "a police spokesman"


def test_passive_with_agent_and_elided_wounded(store: Store) -> None:
    (e,) = events_of(store, "Soldiers killed in Kidal\n\nTwo soldiers were killed by militants and four wounded "
                            "near Kidal on Monday, the army said.", published="2022-03-09")
    assert e["counts"]["killed"] == 2 and e["counts"]["wounded"] == 4 and e["fatalities"] == 2
    assert "militants" in {p["surface"] for p in e["actors"]}
    assert e["location"]["name"] == "Kidal"


def test_sequence_marker_starts_a_new_event_dated_from_the_previous(store: Store) -> None:
    evs = events_of(store, "Hostages killed\n\nGunmen abducted three aid workers near Goma in March 2021. "
                           "They were killed shortly afterward.")
    assert [e["type"] for e in evs] == ["ASSAULT", "ASSAULT"]
    (abduction,) = [e for e in evs if "abduct" in e["modes"]]
    (killing,) = [e for e in evs if "abduct" not in e["modes"]]
    assert len(killing["evidence"]) == 2  # the headline "Hostages killed" tells this one
    assert "abduct" in abduction["modes"] and abduction["counts"]["abducted"] == 3
    assert killing["counts"]["killed"] == 3 and killing["date"]["edtf"] == "2021-03"


def test_campaign_summaries_are_not_events(store: Store) -> None:
    assert events_of(store, "Campaign against the group\n\nSecurity forces have killed or captured scores of "
                            "militants over the past year.") == []


def test_hypothetical_and_negated_are_kept_but_not_listed(store: Store) -> None:
    text = ("Tension in Juba\n\nOfficials warned that rebels could attack the airport in Juba. "
            "No one was killed in the clashes on Friday.")
    assert events_of(store, text) == []
    kinds = {e["certainty"] for e in events_of(store, text, unreal=True)}
    assert "hypothetical" in kinds


def test_two_incidents_in_one_city_stay_apart(store: Store) -> None:
    evs = events_of(store, "Two attacks in Kabul\n\nA suicide bomber killed five people at a mosque in Kabul on "
                           "Friday. Separately, gunmen shot dead two policemen in Kabul on Friday.",
                    published="2021-05-08")
    killed = sorted(e["counts"]["killed"] for e in evs if e["counts"]["killed"])
    assert killed == [2, 5]


def test_reference_to_an_earlier_attack_is_not_a_new_event(store: Store) -> None:
    evs = events_of(store, "Trial opens\n\nThe trial of the men accused of the 2015 Paris attacks opened on "
                           "Wednesday. The Paris attacks remain the deadliest in France since the war.")
    assert all(e["type"] != "ASSAULT" for e in evs)


def test_members_of_a_named_group_and_a_dateline_location(store: Store) -> None:
    (e,) = events_of(store, "Bomb kills fighters\n\nKIRKUK, Iraq (Wire) — A roadside bomb killed three members "
                            "of the Popular Mobilization Forces on Sunday, officials said.", published="2020-01-07")
    assert "Popular Mobilization Forces" in names(e["recipients"])
    assert e["location"]["name"] == "Kirkuk" and e["location"]["reason"] == "document dateline"
    assert e["fatalities"] == 3


def test_coordinated_forces_are_two_actors(store: Store) -> None:
    (e,) = events_of(store, "Raids in Diyala\n\nUS and Iraqi forces detained six suspected militants in Diyala "
                            "province since May 3.", published="2008-05-20")
    assert {"US forces", "Iraqi forces"} <= names(e["actors"])
    assert e["counts"]["detained"] == 6 and e["date"]["edtf"] == "2008-05-03/.."


def test_nominal_event_with_its_own_victims_keeps_its_own_date(store: Store) -> None:
    evs = events_of(store, "Arrests over killing\n\nPolice detained four men over the murder of two journalists "
                           "in Mogadishu in January 2019.", published="2019-08-02")
    by_type = {e["type"]: e for e in evs}
    assert by_type["ASSAULT"]["date"]["edtf"] == "2019-01"
    assert by_type["COERCE"]["counts"]["detained"] == 4
    assert by_type["COERCE"]["date"]["edtf"] != "2019-01"


def test_weapons_set_the_mode_and_are_no_actors(store: Store) -> None:
    (e,) = events_of(store, "Bomb kills three in Kirkuk\n\nA roadside bomb killed three soldiers near Kirkuk on "
                            "Sunday, police said.", published="2020-01-07")
    assert e["weapon"] == "roadside bomb" and "explosives" in e["modes"]
    assert not any("bomb" in a["surface"] for a in e["actors"])
    (d,) = events_of(store, "Drone strike in Idlib\n\nA Russian drone attacked a convoy near Idlib on Monday, "
                            "killing four fighters.", published="2020-02-11")
    assert "aerial" in d["modes"] and d["counts"]["killed"] == 4


def test_people_seized_by_an_armed_group_are_abducted(store: Store) -> None:
    (e,) = events_of(store, "Pupils taken\n\nBoko Haram fighters seized 15 pupils from a school near "
                            "Maiduguri on Monday, residents said.", published="2024-03-12")
    assert (e["type"], e["modes"], e["counts"]["abducted"]) == ("ASSAULT", ["abduct"], 15)


def test_a_group_saying_it_attacked_is_the_actor_by_its_own_claim(store: Store) -> None:
    evs = events_of(store, "Rockets fired\n\nHezbollah said it fired 40 rockets at Israeli military positions "
                           "on Tuesday.", published="2024-06-12")
    (e,) = [x for x in evs if x["type"] == "ASSAULT"]
    assert "Hezbollah" in names(e["actors"]) and e["certainty"] == "claimed"


def test_a_reading_that_needs_a_partner_word_is_taken_only_beside_it(store: Store) -> None:
    (e,) = events_of(store, "Dock workers held a 48-hour strike in Mombasa on Monday.", published="2023-05-10")
    assert e["type"] == "PROTEST" and e["modes"] == ["strike"] and e["date"]["edtf"] == "2023-05-08"
    (e,) = events_of(store, "Drones carried out a strike on a village near Mombasa on Monday.", published="2023-05-10")
    assert e["type"] == "ASSAULT" and e["modes"] == ["aerial"]  # the drones make it an air strike
    # beside no partner word a strike is neither an air strike nor a labour strike
    evs = events_of(store, "The army carried out a strike on a village near Mombasa on Monday.", published="2023-05-10")
    assert all(e["type"] != "PROTEST" and "aerial" not in e["modes"] for e in evs)
    (e,) = events_of(store, "A farmer stepped on a landmine near Kandahar on Sunday.", published="2023-05-10")
    assert e["type"] == "ASSAULT" and e["modes"] == ["explosives"]
    assert e["actors"] == [] and names(e["recipients"]) & {"farmer", "civilians"}
    assert not events_of(store, "A farmer stepped on a rake near Kandahar on Sunday.", published="2023-05-10")


def test_what_is_meant_blamed_or_a_state_is_no_event_of_its_own(store: Store) -> None:
    pub = "2023-05-10"
    # a modal on the verb an act hangs on, a purpose, an opportunity: not done
    assert not events_of(store, "Settlers may decide to attack the village if the army leaves.", published=pub)
    assert not events_of(store, "The mission's main aim was supporting Malian troops, deepening cooperation "
                                "between France and Mali.", published=pub)
    (e,) = events_of(store, "The bombing gave hardliners the opportunity to attack the prime minister.",
                     published=pub, unreal=True)
    assert e["certainty"] == "hypothetical"
    # people in a state ("besieged by militants") are not a new act
    evs = events_of(store, "Aid groups secured the exit of 300 civilians besieged by militants in Marawi.",
                    published=pub)
    assert not [e for e in evs if e["type"] == "COERCE"]
    # "blamed the attack on X": X is who is blamed, the attack the one already told
    evs = events_of(store, "A bomb exploded in a cafe in Madrid on Friday, killing 13 people. In the confusion "
                           "after the attack, some blamed the attack on the far right.", published="1974-09-22")
    (e,) = [e for e in evs if e["type"] == "ASSAULT"]
    assert e["fatalities"] == 13 and not names(e["recipients"]) & {"far right", "far-right"}


def test_protests_told_by_an_intransitive_verb_a_gathering_or_a_staged_demonstration(store: Store) -> None:
    pub = "2023-05-10"
    (e,) = events_of(store, "Thousands of nurses demonstrated in Nairobi on Monday.", published=pub)
    assert e["type"] == "PROTEST" and e["modes"] == ["demo"] and e["acled"]["sub_event_type"] == "Peaceful protest"
    assert not events_of(store, "The army demonstrated its resolve in Nairobi on Monday.", published=pub)
    (e,) = events_of(store, "About 500 protesters gathered outside parliament in Nairobi on Monday.", published=pub)
    assert e["type"] == "PROTEST"
    assert not events_of(store, "About 500 fans gathered outside the stadium in Nairobi on Monday.", published=pub)
    (e,) = events_of(store, "Protesters chanted slogans outside parliament in Nairobi on Monday.", published=pub)
    assert e["type"] == "PROTEST"
    # "staged": the model's lemmatizer makes it "stag"
    (e,) = events_of(store, "Students staged demonstrations in Nairobi on Monday.", published=pub)
    assert e["type"] == "PROTEST"


def test_territory_taken_by_armed_forces_is_a_battle_for_it(store: Store) -> None:
    pub = "2023-05-10"
    (e,) = events_of(store, "Government troops recaptured the town of Bunia from rebels on Monday.", published=pub)
    assert (e["type"], e["modes"]) == ("COERCE", ["seize"])
    assert (e["acled"]["event_type"], e["acled"]["sub_event_type"]) == ("Battles", "Government regains territory")
    (e,) = events_of(store, "Soldiers captured part of a rebel stronghold near Bunia on Monday.", published=pub)
    assert (e["type"], e["modes"]) == ("COERCE", ["seize"])  # the part of a place is taken, nobody arrested
    (e,) = events_of(store, "Looters stole cattle from a farm near Bunia on Monday.", published=pub)
    assert e["acled"]["sub_event_type"] == "Looting/property destruction"


def test_the_means_come_from_the_act_noun_or_the_wielder_of_the_clause(store: Store) -> None:
    pub = "2023-05-10"
    (e,) = events_of(store, "A militia commander was killed in Idlib on Monday by a Turkish airstrike.", published=pub)
    assert "aerial" in e["modes"] and e["acled"]["sub_event_type"] == "Air/drone strike"
    (e,) = events_of(store, "Four civilians were killed in a suicide car bombing in Mogadishu on Monday.",
                     published=pub)
    assert "suicide" in e["modes"] and e["acled"]["sub_event_type"] == "Suicide bomb"
    (e,) = events_of(store, "Russian warplanes struck the village of Kafr Nabl on Monday, killing 12 civilians.",
                     published=pub)
    assert "aerial" in e["modes"] and e["fatalities"] == 12
    (e,) = events_of(store, "A hospital in Idlib was targeted by air strikes on Monday.", published=pub)
    assert (e["type"], e["modes"]) == ("ASSAULT", ["aerial"])
    assert not events_of(store, "The Treasury targeted 13 more officials on Monday.", published=pub)


def test_arms_seized_or_defused_are_disrupted_weapons_use(store: Store) -> None:
    pub = "2023-05-10"
    for text in ("Police in Kano recovered 40 firearms and 300 cartridges on Monday.",
                 "Army engineers defused a roadside bomb near Kandahar on Monday.",
                 "Police in Jericho confiscated weapons and explosives from armed groups on Monday."):
        (e,) = events_of(store, text, published=pub)
        assert (e["type"], e["modes"]) == ("COERCE", ["seize"]), text
        assert e["acled"]["sub_event_type"] == "Disrupted weapons use", text
    (e,) = events_of(store, "Soldiers confiscated cattle from herders near Kano on Monday.", published=pub)
    assert e["acled"]["sub_event_type"] == "Looting/property destruction"
    assert not events_of(store, "Police recovered the stolen car of a trader in Kano on Monday.", published=pub)


def test_disasters_accidents_running_tolls_and_publications_are_no_events(store: Store) -> None:
    pub = "2023-05-10"
    for text in ("At least 12 people were killed on Saturday after an outbreak of cholera in Kisumu.",
                 "Relief is reaching the areas of the Van earthquake that has killed more than 500 people.",
                 "Four people died in a stampede at a stadium in Lagos on Saturday.",
                 "Wildfires destroyed 8,000 hectares of forest near Izmir on Saturday.",
                 "By the end of 2022, 480 people had been killed in the region.",
                 "The police issued a press release on Saturday.",
                 "Hackers hijacked the ministry's Twitter account on Saturday."):
        assert not events_of(store, text, published=pub), text
    # someone's fire, a hijacked bus, a toll by the end of the day are acts
    (e,) = events_of(store, "A fire set by militants killed six people in a market in Maiduguri on Saturday.",
                     published=pub)
    assert e["fatalities"] == 6
    (e,) = events_of(store, "Gunmen hijacked a bus carrying 40 passengers near Maiduguri on Saturday.", published=pub)
    assert "abduct" in e["modes"]
    (e,) = events_of(store, "By the end of the day, militants had detonated 20 bombs across Maiduguri.", published=pub)
    assert e["type"] == "ASSAULT"
    (e,) = events_of(store, "The army prepared to resume shelling rebel positions near Maiduguri.", published=pub,
                     unreal=True)
    assert e["certainty"] == "hypothetical"


def test_force_against_protesters_is_coded_as_the_protest_s(store: Store) -> None:
    pub = "2023-05-10"
    (e,) = events_of(store, "Police arrested 20 protesters in Nairobi on Monday.", published=pub)
    assert (e["acled"]["event_type"], e["acled"]["sub_event_type"]) == ("Protests", "Protest with intervention")
    (e,) = events_of(store, "Police fired on protesters in Nairobi on Monday, killing two.", published=pub)
    assert e["acled"]["sub_event_type"] == "Excessive force against protesters"
    (e,) = events_of(store, "Police arrested 20 suspects in Nairobi on Monday.", published=pub)
    assert e["acled"]["sub_event_type"] == "Arrests"


def test_an_event_noun_told_as_having_happened_and_its_means(store: Store) -> None:
    pub = "2023-05-10"
    (e,) = events_of(store, "Rebels said there were government artillery attacks on Goma on Monday.", published=pub)
    assert e["acled"]["sub_event_type"] == "Shelling/artillery/missile attack"
    (e,) = [e for e in events_of(store, "He was found in Goma on Monday after a nerve agent attack that officials "
                                        "blamed on the army.", published=pub) if e["type"] == "ASSAULT"]
    assert "cbrn" in e["modes"] and e["acled"]["sub_event_type"] == "Chemical weapon"
    (e,) = events_of(store, "Two soldiers were injured in Goma on Monday as a result of an explosion.", published=pub)
    assert e["acled"]["sub_event_type"] == "Remote explosive/landmine/IED"
    (e,) = events_of(store, "Two soldiers were killed in Goma on Monday by an improvised explosive device.",
                     published=pub)
    assert "explosives" in e["modes"]
    assert not events_of(store, "There were no attacks in Goma on Monday.", published=pub)


def test_protesters_violence_is_a_riot_and_ceasefires_are_agreements(store: Store) -> None:
    pub = "2023-05-10"
    (e,) = events_of(store, "Shiite protesters ransacked the Saudi embassy in Tehran on Monday.", published=pub)
    assert (e["acled"]["event_type"], e["acled"]["sub_event_type"]) == ("Riots", "Violent demonstration")
    assert names(e["actors"]) & {"Iranian protesters"}  # the place, not the embassy's country
    (e,) = events_of(store, "The United States brokered a cease-fire with Russia on Monday.", published=pub)
    assert e["acled"]["sub_event_type"] == "Agreement"
    (e,) = events_of(store, "Fighting stopped on Monday following a Qatari-mediated ceasefire.", published=pub)
    assert e["acled"]["sub_event_type"] == "Agreement"


def test_curfews_blockades_withdrawals_and_dispersals_are_coded(store: Store) -> None:
    pub = "2023-05-10"
    (e,) = events_of(store, "Authorities imposed a curfew in the town of Cizre on Monday.", published=pub)
    assert (e["type"], e["modes"], e["acled"]["sub_event_type"]) == ("COERCE", ["curfew"], "Other")
    (e,) = events_of(store, "Rebel forces completed their withdrawal from the town of Goma on Monday.", published=pub)
    assert (e["type"], e["acled"]["sub_event_type"]) == ("RETREAT", "Non-violent transfer of territory")
    (e,) = events_of(store, "Riot police used tear gas to disperse demonstrators in Monrovia on Monday.", published=pub)
    assert e["acled"]["sub_event_type"] == "Protest with intervention"
    assert names(e["actors"]) & {"police", "Liberian police"}  # who used the gas, not the gas


def test_youths_fans_and_settlers_are_people_who_act(store: Store) -> None:
    (e,) = events_of(store, "Youths threw stones at police in Hebron on Thursday.", published="2023-05-10")
    assert (e["type"], e["modes"]) == ("PROTEST", ["riot"])
    assert e["acled"]["event_type"] == "Riots"


def test_a_crowd_fighting_the_police_riots_and_territory_surrendered_changes_hands(store: Store) -> None:
    pub = "2023-05-10"
    (e,) = events_of(store, "In Lahore his supporters fought running battles with police on Monday.", published=pub)
    assert (e["type"], e["modes"], e["acled"]["event_type"]) == ("PROTEST", ["riot"], "Riots")
    (e,) = events_of(store, "Rebels surrendered the town of Daraya to the army on Monday.", published=pub)
    assert (e["modes"], e["acled"]["sub_event_type"]) == (["withdraw"], "Non-violent transfer of territory")
    (e,) = events_of(store, "Five hundred rebels surrendered in Soroti on Monday.", published=pub)
    assert (e["modes"], e["acled"]["sub_event_type"]) == (["disarm"], "Change to group/activity")
    (e,) = events_of(store, "The militia seized power in the capital on Monday.", published=pub)
    assert e["acled"]["event_type"] == "Battles"


def test_explosives_worn_on_the_body_make_a_suicide_bombing(store: Store) -> None:
    pub = "2023-05-10"
    for text in ("Two attackers detonated explosives strapped to their bodies at a market in Maiduguri on Monday.",
                 "A man detonated an explosive vest at a checkpoint in Mogadishu on Monday."):
        (e,) = events_of(store, text, published=pub)
        assert "suicide" in e["modes"] and e["acled"]["sub_event_type"] == "Suicide bomb", text
