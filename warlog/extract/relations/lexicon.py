"""Word lists for relation extraction (`warlog.extract.relations`): role nouns and the relation they
state, the prepositions that introduce their object, descriptor nouns, qualifier cues, and the
demonym → country table (read from warlog/vocab/data/demonyms.csv)."""

from __future__ import annotations

from collections.abc import Mapping

from ...model import Certainty
from ...vocab import load_vocabulary

RELATION_TYPES = ("leader_of", "member_of", "subordinate_to", "part_of", "backed_by", "spokesman_for",
                  "kin_of", "allied_with", "rival_of", "splinter_of")

#: Nouns that name a person's role in an organisation (or kinship), with the relation they state.
ROLE_NOUNS: Mapping[str, str] = {
    **dict.fromkeys(("leader", "head", "chief", "commander", "emir", "amir", "founder", "co-founder",
                     "cofounder", "chairman", "chairwoman", "president", "secretary-general",
                     "ringleader", "boss", "director", "chair", "chairperson", "commissioner",
                     "superintendent"), "leader_of"),
    **dict.fromkeys(("member", "operative", "fighter", "militant", "officer", "official", "agent",
                     "cadre", "loyalist", "lieutenant", "deputy", "minister", "financier", "ideologue",
                     "bombmaker", "recruiter", "envoy", "representative", "aide", "soldier",
                     "veteran", "strategist", "prosecutor", "researcher", "manager", "employee",
                     "investigator", "inspector", "analyst", "staffer", "sergeant", "corporal",
                     "private"), "member_of"),
    **dict.fromkeys(("spokesman", "spokeswoman", "spokesperson", "mouthpiece"), "spokesman_for"),
    **dict.fromkeys(("brother", "sister", "son", "daughter", "father", "mother", "cousin", "nephew",
                     "niece", "uncle", "aunt", "wife", "husband", "widow", "brother-in-law",
                     "son-in-law", "father-in-law", "grandson", "granddaughter", "grandfather",
                     "sibling", "stepson", "stepbrother", "half-brother"), "kin_of"),
}

#: Nouns that describe a group in terms of another one: "X, a wing of Y", "Iran's military command".
DESCRIPTOR_NOUNS: Mapping[str, str] = {
    **dict.fromkeys(("part", "wing", "branch", "arm", "unit", "division", "faction", "cell",
                     "affiliate", "franchise", "subsidiary", "command", "subcommand", "brigade",
                     "battalion", "regiment", "detachment", "component", "front"), "part_of"),
    **dict.fromkeys(("proxy", "client"), "backed_by"),
    **dict.fromkeys(("ally", "partner"), "allied_with"),
    **dict.fromkeys(("rival", "foe"), "rival_of"),
    **dict.fromkeys(("splinter", "offshoot", "spin-off", "spinoff"), "splinter_of"),
}

#: Group nouns that a "splinter"/"breakaway" modifier turns into splinter_of ("a splinter group of").
GROUP_NOUNS = frozenset({"group", "faction", "organisation", "organization", "movement", "militia",
                         "outfit", "cell", "wing", "network"})
SPLINTER_MODIFIERS = frozenset({"splinter", "breakaway", "break-away", "dissident"})

#: Prepositions introducing the object of a role noun, per relation; a relation value of
#: "member_of" overrides ("a senior leader in X" is a member of X).
ROLE_PREPS: Mapping[str, Mapping[str, str]] = {
    "leader_of": {"of": "leader_of", "in": "member_of", "within": "member_of", "for": "member_of"},
    "member_of": {"of": "member_of", "in": "member_of", "within": "member_of", "for": "member_of",
                  "with": "member_of", "to": "member_of", "from": "member_of"},
    "spokesman_for": {"for": "spokesman_for", "of": "spokesman_for"},
    "kin_of": {"of": "kin_of", "to": "kin_of"},
    "part_of": {"of": "part_of", "within": "part_of", "for": "part_of"},
    "backed_by": {"of": "backed_by", "for": "backed_by"},
    "allied_with": {"of": "allied_with", "to": "allied_with", "with": "allied_with"},
    "rival_of": {"of": "rival_of", "to": "rival_of"},
    "splinter_of": {"of": "splinter_of", "from": "splinter_of"},
}

#: Role nouns that name the top of an organisation: "the leader of X" is leader_of, "a leader of X"
#: (indefinite, one of several) is member_of. Founders lead whatever the article.
TOP_ROLES = frozenset({"leader", "head", "chief", "emir", "amir", "chairman", "chairwoman", "chair", "chairperson",
                       "president", "secretary-general", "boss", "director", "ringleader", "commissioner"})
ALWAYS_LEADER = frozenset({"founder", "co-founder", "cofounder"})
INDEFINITE = frozenset({"a", "an", "another", "one", "some", "several", "many", "other"})
#: Adjectives that make a "leader" one of several ("a senior leader", "a top commander").
RANK_ADJECTIVES = frozenset({"senior", "top", "local", "regional", "mid-level", "junior", "field",
                             "provincial", "district", "vice", "deputy", "assistant"})

#: Forms of address before a name: "the chief of the RUC, Mr David Corbett".
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "rev", "sheikh"})

#: Verbs stating leadership (active: subject leads object; passive: agent leads subject).
LEAD_VERBS = frozenset({"lead", "head", "command", "found", "co-found", "cofound", "run", "establish",
                        "direct"})
#: Verbs stating backing (passive "backed by X", active "X backs Y", compound "X-backed Y").
BACK_VERBS = frozenset({"back", "support", "fund", "finance", "sponsor", "arm", "bankroll", "equip"})
SPLIT_VERBS = frozenset({"break", "split", "splinter", "secede", "breakaway"})
ALLY_WORDS = frozenset({"allied", "ally", "aligned", "align"})

#: Verbs that link a subject to a predicate noun like a copula ("X is/was/became the leader of Y",
#: "X is described as the commander of Y").
COPULAS = frozenset({"be", "become", "remain", "serve", "act", "describe", "name", "appoint", "identify",
                     "elect", "install", "consider", "know", "work", "call", "list", "designate"})

RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
PERSONAL_POSSESSIVES = frozenset({"his", "her"})

#: Titles stripped from the start of a name ("General David Petraeus" → "David Petraeus").
TITLES = frozenset({"general", "gen", "gen.", "lt", "lt.", "lieutenant", "colonel", "col", "col.", "major",
                    "maj", "maj.", "captain", "capt", "capt.", "sergeant", "sgt", "sgt.", "admiral", "adm",
                    "adm.", "brigadier", "brig.", "president", "prime", "minister", "sheikh", "shaykh",
                    "sheik", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "senator", "sen.",
                    "gov.", "governor", "commander", "cmdr.", "private", "pvt.", "corporal", "cpl."})

#: Words ending a group's name ("Mahdi Army", "Qods Force", "Special Groups").
ORG_HEADS = frozenset({"army", "force", "forces", "corps", "command", "network", "group", "groups",
                       "brigade", "brigades", "battalion", "battalions", "front", "movement", "party",
                       "organization", "organisation", "state", "council", "guard", "guards", "militia",
                       "militias", "committee", "unit", "units", "division", "regiment", "league",
                       "alliance", "coalition", "union", "federation", "intelligence", "service",
                       "services", "ministry", "police", "government", "regime", "agency",
                       "directorate", "bureau", "department", "jihad", "mujahideen", "qaeda",
                       "hezbollah", "hizballah", "hizbollah", "taliban", "shabaab", "haram", "hamas",
                       "cartel", "syndicate", "legion", "squad", "squadron", "fleet", "navy"})
#: Org heads that may end the first of two names run together ("Mahdi Army | Special Groups").
SPLIT_HEADS = frozenset({"army", "force", "forces", "corps", "network", "movement", "front", "brigade",
                         "brigades", "party", "command"})
#: Plural nouns for a group's people: "M23 rebels", "Special Groups operatives" stand for the group.
MEMBER_NOUNS = frozenset({"operatives", "fighters", "rebels", "militants", "militiamen", "insurgents",
                          "guerrillas", "members", "forces", "troops", "units", "cells", "leaders",
                          "commanders", "gunmen", "jihadists", "loyalists", "supporters", "agents"})
#: Member nouns that, with a person as object, make the subject that person's subordinate.
SUBORDINATE_ROLES = frozenset({"deputy", "aide", "lieutenant", "assistant", "bodyguard", "envoy",
                               "representative", "loyalist"})
#: Lower-case group nouns that extend a name before them ("Qazali network", "Houthi movement").
EXTENDING_NOUNS = frozenset({"network", "movement", "militia", "group", "faction", "organisation",
                             "organization", "party", "front", "brigade", "brigades", "army"})

FORMER_WORDS = frozenset({"former", "ex", "ex-", "onetime", "one-time", "erstwhile", "previous", "once",
                          "formerly", "previously", "then"})

#: Cue lemmas (lower case) → certainty; the strongest found wins (order of CERTAINTY_RANK).
CERTAINTY_CUES: Mapping[str, Certainty] = {
    **dict.fromkeys(("not", "never", "n't"), Certainty.NEGATED),
    **dict.fromkeys(("deny", "denied", "denies", "denial"), Certainty.DENIED),
    **dict.fromkeys(("if", "whether", "may", "might", "could", "would", "possibly", "perhaps"),
                    Certainty.HYPOTHETICAL),
    **dict.fromkeys(("suspected", "suspect", "believe", "believed", "think", "thought", "likely",
                     "probably", "presumed", "presumably", "apparently", "suspicion"), Certainty.SUSPECTED),
    **dict.fromkeys(("allegedly", "alleged", "allege", "reportedly", "reported", "purportedly",
                     "purported", "rumoured", "rumored", "accused", "accuse"), Certainty.ALLEGED),
    **dict.fromkeys(("claim", "claimed", "claims", "according", "self-proclaimed", "self-styled",
                     "self-declared", "proclaimed", "proclaim", "styled", "insist", "assert"), Certainty.CLAIMED),
}
CERTAINTY_RANK = (Certainty.NEGATED, Certainty.DENIED, Certainty.HYPOTHETICAL, Certainty.ALLEGED, Certainty.SUSPECTED,
                  Certainty.CLAIMED)

#: Demonyms (lower case) → the country's name (warlog/vocab/data/demonyms.csv). Only national
#: demonyms: "Kurdish" or "Shia" name no country.
DEMONYMS: Mapping[str, str] = load_vocabulary().demonyms

#: Capitals used for their government ("Tehran-backed") → the country.
CAPITALS: Mapping[str, str] = {
    "tehran": "Iran", "moscow": "Russia", "washington": "United States", "riyadh": "Saudi Arabia",
    "ankara": "Turkey", "beijing": "China", "damascus": "Syria", "islamabad": "Pakistan",
    "abu dhabi": "United Arab Emirates", "doha": "Qatar", "cairo": "Egypt", "kigali": "Rwanda",
}

#: Country names and short forms a GPE mention may use (lower case) → the country's name.
COUNTRY_ALIASES: Mapping[str, str] = {
    **{c.lower(): c for c in DEMONYMS.values()},
    "us": "United States", "u.s.": "United States", "usa": "United States", "u.s.a.": "United States",
    "america": "United States", "united states of america": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom",
    "great britain": "United Kingdom", "uae": "United Arab Emirates", "drc": "DR Congo",
    "dr congo": "DR Congo", "democratic republic of the congo": "DR Congo", "congo": "Congo",
    "south sudan": "South Sudan", "south africa": "South Africa", "north korea": "North Korea",
    "south korea": "South Korea", "central african republic": "Central African Republic",
    "turkiye": "Turkey", "burkina faso": "Burkina Faso", "myanmar": "Myanmar", "niger": "Niger",
}
