"""What the codebooks code and leave alone, on sentences of our own (real model and gazetteer): ACLED
and GTD code acts that happened, between political actors; PLOVER keeps the act either way."""

from __future__ import annotations

from typing import Any

import pytest

from warlog.store import Store

from .test_events import events_of, names

pytestmark = pytest.mark.integration

PUB = "2023-05-10"


def acled(e: dict[str, Any]) -> str | None:
    return e["acled"]["sub_event_type"]


def violent(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] in ("ASSAULT", "FIGHT")]


def test_one_side_deciding_alone_is_no_acled_agreement(store: Store) -> None:
    (e,) = events_of(store, "Leaders of the ruling party agreed on Monday to change the party's name.",
                     published=PUB)
    assert e["type"] == "AGREE" and acled(e) is None
    assert not events_of(store, "The opposition alliance agreed on Monday to hold a rally in Nairobi next week.",
                         published=PUB)  # a rally agreed on is one not yet held
    (e,) = events_of(store, "The army and the rebels agreed on Monday to open a corridor for food convoys.",
                     published=PUB)
    assert acled(e) == "Agreement"
    (e,) = events_of(store, "The government signed a peace accord with the rebels in Juba on Monday.",
                     published=PUB)
    assert acled(e) == "Agreement"


def test_a_protest_called_off_or_postponed_did_not_take_place(store: Store) -> None:
    for text in ("The union agreed to postpone the demonstration in Harare until next month.",
                 "Organisers called off the demonstration planned in Harare on Monday."):
        events = events_of(store, text, published=PUB, unreal=True)
        assert all(e["certainty"] == "negated" for e in events if e["type"] == "PROTEST"), text
        assert not any(e["acled"]["event_type"] for e in events), text
    (e,) = events_of(store, "The union held the demonstration in Harare on Monday.", published=PUB)
    assert e["acled"]["event_type"] == "Protests"


def test_acts_not_done_carry_no_acled_or_gtd_category(store: Store) -> None:
    events = events_of(store, "The rebels threatened to attack the town of Beni on Monday.", published=PUB,
                       unreal=True)
    (e,) = [e for e in events if e["type"] == "ASSAULT"]
    assert e["certainty"] == "hypothetical"
    assert (e["acled"]["event_type"], e["gtd"]["attacktype"]) == (None, None)
    assert e["cameo"]["root"] is not None


def test_arrests_for_ordinary_crime_are_no_political_arrests(store: Store) -> None:
    (e,) = events_of(store, "Police in Naples arrested 30 suspected Camorra mobsters in raids on Monday.",
                     published=PUB)
    assert (e["type"], e["modes"]) == ("COERCE", ["arrest"]) and e["acled"]["event_type"] is None
    (e,) = events_of(store, "Police in Naples arrested 30 members of the opposition party on Monday.",
                     published=PUB)
    assert acled(e) == "Arrests"


def test_disasters_accidents_and_hoaxes_are_no_coded_events(store: Store) -> None:
    for text in ("A state of emergency was declared in Kemerovo because of forest fires, with 2,000 hectares of "
                 "woodland destroyed.",
                 "A huge explosion and fire gutted a warehouse in Durban on Monday, injuring 12 workers.",
                 "Hackers posted fake reports of a bomb attack on the parliament in Accra on Monday.",
                 "Soldiers simulated an attack on the airport in Accra during a drill on Monday."):
        events = events_of(store, text, published=PUB)
        assert not any(e["acled"]["event_type"] for e in events), text
    (e,) = events_of(store, "A bomb exploded at a warehouse in Durban on Monday, injuring 12 workers.",
                     published=PUB)
    assert e["acled"]["event_type"] == "Explosions/Remote violence"


def test_a_protest_met_by_force_is_coded_as_the_protest_and_its_repression(store: Store) -> None:
    (e,) = events_of(store, "Police broke up a protest by teachers in Dhaka on Monday.", published=PUB)
    assert (e["type"], acled(e)) == ("COERCE", "Protest with intervention")
    (e,) = events_of(store, "Police prevented the march organised by students in Izmir on Monday.", published=PUB)
    assert acled(e) == "Protest with intervention"
    events = events_of(store, "Riot police opened fire to disperse demonstrators in Khartoum on Monday, killing "
                              "two people.", published=PUB)
    (e,) = [e for e in events if e["type"] == "ASSAULT"]
    assert acled(e) == "Excessive force against protesters"
    assert e["gtd"]["attacktype"] is None  # GTD records attacks by non-state actors only
    assert not [e for e in events if e["type"] == "COERCE"]  # dispersing was the shooting's purpose
    (e,) = events_of(store, "A mob beat a suspected thief to death in Kano on Monday.", published=PUB)
    assert acled(e) == "Mob violence"


def test_air_raids_named_by_the_clause_of_their_dead_are_air_strikes(store: Store) -> None:
    (e,) = violent(events_of(store, "Syria complained to the UN on Tuesday over two Turkish air raids in which 12 "
                                    "people were killed on Monday.", published=PUB))
    assert (acled(e), e["modes"]) == ("Air/drone strike", ["aerial"])
    assert names(e["actors"]) & {"Turkish military"}
    (e,) = violent(events_of(store, "The bombing of a school in Idlib by Russian jets on Monday killed nine "
                                    "children.", published=PUB))
    assert acled(e) == "Air/drone strike"


def test_a_past_act_held_likely_is_suspected_not_hypothetical(store: Store) -> None:
    (e,) = events_of(store, "Officials said on Monday that rebels may have killed 30 villagers in Beni.",
                     published=PUB)
    assert e["certainty"] == "suspected" and e["acled"]["event_type"] == "Violence against civilians"


def test_an_exchange_of_fire_is_a_battle_not_an_attack_on_the_dead(store: Store) -> None:
    (e,) = violent(events_of(store, "Police shot dead two men who had opened fire on a patrol in Kano on Monday.",
                             published=PUB))
    assert acled(e) == "Armed clash" and not e["recipients"]
    (e,) = violent(events_of(store, "Police shot dead two men who were driving to work in Kano on Monday.",
                             published=PUB))
    assert e["acled"]["event_type"] == "Violence against civilians"
    (e,) = violent(events_of(store, "Police opened fire on protesters who stormed the parliament in Nairobi on "
                                    "Tuesday, killing 13 people.", published=PUB))
    assert acled(e) == "Excessive force against protesters"  # storming a building is no firing back
    (e,) = violent(events_of(store, "A man was killed and five were wounded in a battle between troops and militants "
                                    "in Kano on Monday.", published=PUB))
    assert acled(e) == "Armed clash"
    (e,) = violent(events_of(store, "A gunman was killed in a shootout with police in Kano on Monday.", published=PUB))
    assert names(e["recipients"]) & {"gunman"}  # the other side of the fight, and its dead


def test_territory_taken_by_force_changes_hands(store: Store) -> None:
    (e,) = events_of(store, "The army took over the town of Menaka on Monday.", published=PUB)
    assert acled(e) == "Government regains territory"
    (e,) = events_of(store, "Kurdish militias captured the group's last remaining territory near Baghuz on Monday.",
                     published=PUB)
    assert acled(e) == "Non-state actor overtakes territory"
    events = events_of(store, "The monitors are investigating a report that the UFDR had taken over the town of "
                              "Birao on Monday.", published=PUB)
    (e,) = [e for e in events if e["type"] == "COERCE"]
    assert names(e["actors"]) & {"UFDR"} and acled(e) == "Non-state actor overtakes territory"
    events = events_of(store, "A hilltop post near Menaka was overrun by jihadists on Monday but later recaptured "
                              "by Malian troops.", published=PUB)
    assert any(names(e["actors"]) & {"Malian military", "Malian troops"} for e in events)
    assert not any(names(e["recipients"]) & {"Malian military", "Malian troops"} for e in events)


def test_events_told_by_a_noun_and_its_clause_or_a_witness_are_found(store: Store) -> None:
    (e,) = events_of(store, "The film opens with a news item about a car bombing that hit the town of Khasavyurt "
                            "on Monday.", published=PUB)
    assert acled(e) == "Remote explosive/landmine/IED"
    (e,) = events_of(store, "Witnesses said they saw Ethiopian army convoys heading toward Mekelle on Monday.",
                     published=PUB)
    assert (e["type"], acled(e)) == ("MOBILIZE", "Change to group/activity")
    (e,) = events_of(store, "A first batch of Nepalese peacekeeping troops arrived in Bangui on Monday.",
                     published=PUB)
    assert e["type"] == "MOBILIZE" and e["actors"]
    assert not [e for e in events_of(store, "A roadside bomb exploded under a convoy of soldiers near Gao on "
                                            "Monday.", published=PUB) if e["type"] == "MOBILIZE"]


def test_people_arrested_read_through_a_misparsed_participle(store: Store) -> None:
    (e,) = [e for e in events_of(store, "The minister said that 400 officers implicated in the mutiny have been "
                                        "arrested.", published=PUB) if e["type"] == "COERCE"]
    assert acled(e) == "Arrests" and e["recipients"]


def test_weapons_kept_from_use_are_disrupted_weapons_use(store: Store) -> None:
    events = events_of(store, "Police foiled a plot to bomb the cathedral in Strasbourg on Monday.", published=PUB,
                       unreal=True)
    assert [acled(e) for e in events if e["acled"]["event_type"]] == ["Disrupted weapons use"]
    assert all(e["certainty"] == "negated" for e in events if e["type"] == "ASSAULT")  # the bombing did not happen
    (e,) = events_of(store, "Troops seized three trucks and a stash of goods, including rifles and grenades, in "
                            "Gao on Monday.", published=PUB)
    assert acled(e) == "Disrupted weapons use"
    (e,) = events_of(store, "Soldiers found a roadside bomb near Gao on Monday, which was quickly disassembled.",
                     published=PUB)
    assert acled(e) == "Disrupted weapons use"


def test_protests_told_by_what_protesters_do(store: Store) -> None:
    (e,) = events_of(store, "Angry farmers blocked the Mont Blanc tunnel for three hours on Monday by dumping "
                            "manure on the road.", published=PUB)
    assert (e["type"], e["modes"], acled(e)) == ("PROTEST", ["obstruct"], "Peaceful protest")
    (e,) = events_of(store, "Students resorted to throwing stones during demonstrations in Dhaka on Monday.",
                     published=PUB)
    assert acled(e) == "Violent demonstration" and e["actors"]
    assert not [e for e in events_of(store, "Soldiers blocked the road to the airport in Bamako on Monday.",
                                     published=PUB) if e["type"] == "PROTEST"]


def test_parties_read_through_a_fronted_phrase_and_a_named_network(store: Store) -> None:
    (e,) = events_of(store, "With the signing of a Memorandum of Understanding (MOU) on Cessation of Hostilities, "
                            "the Sudanese government and SPLM/A have agreed to allow access to all areas.",
                     published=PUB)
    assert acled(e) == "Agreement" and names(e["actors"]) & {"Sudanese government"}
    (e,) = events_of(store, "The al-Shabaab terror network has threatened to attack Kenyan towns, a weekly "
                            "reports.", published=PUB)
    assert e["type"] == "THREATEN" and e["actors"]


def test_protests_in_a_list_of_towns_are_not_the_march_told_before(store: Store) -> None:
    text = ("Thousands of demonstrators marched through the capital's business district on Monday.\n\n"
            "Protests were also reported in Kumasi, Tamale and Takoradi, where demonstrators blocked roads and "
            "burned tyres.")
    events = [e for e in events_of(store, "ACCRA, May 9 — " + text, published=PUB) if e["type"] == "PROTEST"]
    places = {(e["location"] or {}).get("name") for e in events}
    assert len(events) >= 2 and places & {"Kumasi", "Tamale", "Takoradi"}


def test_restrictions_imposed_or_lifted_are_other_strategic_developments(store: Store) -> None:
    (e,) = events_of(store, "The government lifted a state of emergency in Darfur on Sunday.", published=PUB)
    assert (e["type"], acled(e)) == ("CONCEDE", "Other")
    (e,) = events_of(store, "The army lifted a week-old blockade on the crossing at Rafah on Friday.",
                     published=PUB)
    assert (e["type"], acled(e)) == ("CONCEDE", "Other")
    (e,) = events_of(store, "The authorities ordered the opposition party to disband on Thursday.", published=PUB)
    assert (e["type"], e["modes"], acled(e)) == ("COERCE", ["ban"], "Other")
    (e,) = events_of(store, "The government lifted the ban on imports of rice on Sunday.", published=PUB)
    assert e["type"] == "CONCEDE"


def test_crowds_of_fans_that_attack_are_mobs(store: Store) -> None:
    (e,) = events_of(store, "After the match in Marseille on Saturday, Russian fans charged at a stand holding "
                            "English supporters.", published=PUB)
    assert (e["acled"]["event_type"], acled(e)) == ("Riots", "Mob violence")
    (e,) = events_of(store, "Throngs of rival supporters clashed outside the stadium in Cairo on Saturday, hurling "
                            "bottles and chairs.", published=PUB)
    assert e["acled"]["event_type"] == "Riots"


def test_a_ceasefire_agreed_between_parties_is_an_agreement_a_declared_one_a_retreat(store: Store) -> None:
    events = events_of(store, "Fighting stopped near Goma on Monday following a Qatari-mediated ceasefire between "
                              "the army and the M23.", published=PUB)
    assert [e["type"] for e in events if e["acled"]["sub_event_type"] == "Agreement"] == ["AGREE"]
    (e,) = events_of(store, "The rebels declared a unilateral ceasefire in Sudan on Monday.", published=PUB)
    assert (e["type"], e["modes"]) == ("RETREAT", ["ceasefire"])


def test_sexual_violence_and_practices_told_as_such(store: Store) -> None:
    (e,) = events_of(store, "Militiamen sexually abused three women in a village near Bunia on Monday.",
                     published=PUB)
    assert (e["modes"], acled(e)) == (["sexual"], "Sexual violence")
    assert not events_of(store, "Prison guards abused inmates with impunity, a rights group charged on Monday.",
                         published=PUB)  # a practice, not one act


def test_grenades_and_bases_have_their_acled_sub_events(store: Store) -> None:
    (e,) = events_of(store, "Militants threw a hand grenade at a police post in Srinagar on Monday, wounding three "
                            "officers.", published=PUB)
    assert (e["modes"], acled(e), e["gtd"]["attacktype"]) == (["explosives"], "Grenade", "Bombing/Explosion")
    (e,) = events_of(store, "Al-Shabaab fighters set up a base in the town of Bulo Burde on Monday.", published=PUB)
    assert (e["type"], acled(e)) == ("MOBILIZE", "Headquarters or base established")
    (e,) = events_of(store, "A roadside bomb killed two soldiers near Gao on Monday.", published=PUB)
    assert acled(e) == "Remote explosive/landmine/IED"


def test_deaths_by_torture_or_poison_are_attacks_but_poisonous_food_is_not(store: Store) -> None:
    (e,) = events_of(store, "A detainee died as a result of torture in police custody in Cairo on Monday.",
                     published=PUB)
    assert (e["modes"], e["acled"]["event_type"]) == (["torture"], "Violence against civilians")
    (e,) = events_of(store, "Three guards in Minsk died on Monday after drinking tea laced with polonium.",
                     published=PUB)
    assert (e["modes"], acled(e)) == (["cbrn"], "Chemical weapon")
    assert not events_of(store, "Two hikers died after eating poisoned mushrooms in Kent on Monday.", published=PUB)


def test_property_destroyed_on_purpose_but_not_by_the_weather(store: Store) -> None:
    (e,) = events_of(store, "Unknown assailants desecrated three graves near a church in Jbeil on Monday.",
                     published=PUB)
    assert (e["modes"], acled(e)) == (["destroy"], "Looting/property destruction")
    (e,) = events_of(store, "Israeli troops deliberately flooded farmland near Tyre on Monday, ruining crops.",
                     published=PUB)
    assert acled(e) == "Looting/property destruction"
    (e,) = events_of(store, "A fence around the campus in Enugu was pulled down by youths on Monday.", published=PUB)
    assert e["acled"]["event_type"] == "Riots"
    assert not events_of(store, "Heavy rain flooded farmland near Tyre on Monday, ruining crops.", published=PUB)


def test_a_named_massacre_with_its_vague_toll_is_one_act(store: Store) -> None:
    events = events_of(store, "He recalled the 1980 Gwangju Massacre, in which hundreds of protesters were killed "
                              "as troops crushed the uprising.", published=PUB)
    (e,) = [e for e in events if e["type"] == "ASSAULT"]
    assert ("massacre" in e["modes"], acled(e)) == (True, "Excessive force against protesters")
    assert not violent(events_of(store, "Hundreds of protesters have been killed in Iran since September.",
                                 published=PUB))  # a toll, not one act


def test_event_nouns_that_start_or_pour_in_are_told_as_happening(store: Store) -> None:
    (e,) = events_of(store, "Foreign aid started to pour in to the flooded districts of Sindh on Monday.",
                     published=PUB)
    assert e["type"] == "AID" and e["acled"]["event_type"] is None
    (e,) = violent(events_of(store, "The attack on the army base near Gao began at dawn on Monday.", published=PUB))
    assert e["acled"]["event_type"]


def test_hijackings_barricades_and_kidnappings_are_told_apart(store: Store) -> None:
    (e,) = events_of(store, "Gunmen hijacked a passenger plane at Kandahar airport on Monday.", published=PUB)
    assert e["gtd"]["attacktype"] == "Hijacking" and e["modes"][0] == "abduct"
    (e,) = events_of(store, "In 1995, Chechen fighters seized hundreds of hostages in a hospital in Budennovsk.",
                     published=PUB)
    assert e["gtd"]["attacktype"] == "Hostage Taking (Barricade Incident)"
    (e,) = events_of(store, "Rebels kidnapped 16 Russian advisers from a bazaar in Kunduz on Monday.", published=PUB)
    assert e["gtd"]["attacktype"] == "Hostage Taking (Kidnapping)"
