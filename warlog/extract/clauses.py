"""What a clause says about its trigger, read from the parse alone: whether a death comes of an act
told elsewhere or of violence around it, whether the victims died, were taken hostage or are in
hospital, whether a verb tells a habit (present simple, "repeatedly", "continue to"), whether a noun
names one particular event again ("the attack", "Sunday's bombing"), whether a warning is about
others, whether a disaster or an accident caused it, and what the nouns around an event noun tell
(its setting, the whole a part belongs to, who is blamed, the noun an act is named by). Used by
`warlog.extract.events`."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

from ..model import EventType
from .arguments import SEQUENCE_WORDS

#: Adverbs that make a statement habitual or a campaign, not one event.
HABITUAL = frozenset({"repeatedly", "regularly", "routinely", "frequently", "often", "continuously",
                      "constantly", "increasingly", "traditionally", "always", "usually", "typically",
                      "habitually", "generally", "customarily"})


#: Types of acts (not of statements): told in the present simple in a report's body they are habits
#: ("colectivos roam neighbourhoods, beating protesters"), not one event.
MATERIAL: frozenset[str] = frozenset({EventType.ASSAULT, "FIGHT", EventType.COERCE, EventType.PROTEST,
                                      EventType.MOBILIZE})  # FIGHT: a legacy name


WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.IGNORECASE)
#: Quantifiers of repetition: "numerous times", "on several occasions".
MANY = frozenset({"numerous", "several", "many", "multiple", "countless", "repeated", "various"})


#: Adverbs that make a shooting or stabbing a killing: "fatally shot a man".
FATAL_ADVERBS = frozenset({"fatally", "mortally", "lethally"})


def told_act(token: Any) -> bool:
    """A death caused by an act named as one already told: "died of injuries suffered during the
    attack", "died in Monday's bombing"."""
    return any(t.pos_ == "NOUN" and any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in t.children)
               and t.lemma_.lower() in VIOLENT_REFERENCES for t in token.subtree if t.i > token.i)


#: Nouns that name an act when a death is said to come of it.
VIOLENT_REFERENCES = frozenset({"attack", "bombing", "blast", "explosion", "shooting", "raid", "ambush", "assault",
                                "massacre", "strike", "shelling", "clash", "clashes", "violence", "fighting"})


def in_care(token: Any) -> bool:
    """"detained in hospital", "kept in hospital overnight"."""
    return any(c.dep_ == "prep" and c.lower_ in ("in", "at") and any(
        g.lemma_.lower() in ("hospital", "clinic", "care") for g in c.children) for c in token.children)


def fatal(token: Any) -> bool:
    """"fatally shot", "mortally wounded": the victims died."""
    return any(c.dep_ == "advmod" and c.lower_ in FATAL_ADVERBS for c in token.children)


def hostages(heads: list[Any]) -> bool:
    """The object is hostages ("seized hostages", "took hundreds of hostages")."""
    return any(t.lemma_.lower() == "hostage" for h in heads for t in h.subtree if t.i - h.i <= 3)


#: Verbs whose past is their present ("set", "hit"): with a time stated, the tagger's present is a past.
SAME_FORM = frozenset({"set", "hit", "put", "cut", "shut", "burst", "spread", "cast", "quit", "hurt", "shed",
                       "split", "upset", "bid", "let"})


def present(token: Any) -> bool:
    """Present simple ("attack", "beats"), or a participle hanging on one ("roam …, intimidating
    protesters and beating opponents")."""
    node = token
    while node.tag_ == "VBG" and node.dep_ in ("advcl", "conj", "xcomp") and node.head.i != node.i:
        node = node.head
    if node.tag_ not in ("VBP", "VBZ") or (node is not token and node.tag_ == "VBG"):
        return False
    if node.lower_ in SAME_FORM and any(e.label_ in ("DATE", "TIME") for e in node.sent.ents):
        return False  # "assailants set fire to a school overnight"
    return not any(c.dep_ in ("aux", "auxpass") for c in node.children)


def habitual(token: Any) -> bool:
    """"have repeatedly shelled", "have been fighting … since 2022": a pattern, not one event."""
    children = list(token.children)
    if any(c.dep_ == "advmod" and c.lower_ in HABITUAL for c in children):
        return True
    if any(c.dep_ == "prep" and c.lower_ == "with" and any(g.lower_ == "impunity" for g in c.children)
           for c in children):
        return True  # "agents abused immigrants with impunity": a practice, not one act
    if any(t.lemma_.lower() in ("time", "occasion") and any(m.lower_ in MANY for m in t.children)
           for c in children if c.dep_ in ("npadvmod", "advmod", "prep", "dobj") for t in c.subtree):
        return True  # "deployed numerous times", "was shelled on several occasions"
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in ("continue", "keep", "tend", "use") and not any(
            c.dep_ == "dobj" for c in token.head.children):
        return True  # "insurgents who continue to ambush regime forces" (not "used tear gas to disperse")
    since = [c for c in children if c.dep_ == "prep" and c.lower_ == "since"]
    by_then = [c for c in children if c.dep_ == "prep" and c.lower_ == "by" and any(  # "By the end of 1972, 496
        _year_or_month(g) for g in c.subtree if g.i > c.i)]  # had been killed" (not "by the end of the day")
    progressive = any(c.lower_ == "been" for c in children) and token.tag_ == "VBG"
    perfect = any(c.dep_ in ("aux", "auxpass") and c.lemma_.lower() == "have" for c in children)
    # "have been fighting since 2022"; "1,200 civilians had been killed since April": a running toll (but
    # "killed since the offensive began", "killed in the clashes since Saturday" is that operation's toll)
    objects = [g for c in since for g in c.children if g.dep_ == "pobj"]
    objects += [d for g in objects for p in g.children if p.dep_ == "prep" and p.lower_ == "of"
                for d in p.children if d.dep_ == "pobj"]  # "since the coup of February 2021"
    dated = any(g.ent_type_ == "DATE" and not WEEKDAY.search(g.text) for g in objects)
    return (bool(since) and (progressive or (perfect and dated))) or (bool(by_then) and perfect)


def definite_reference(token: Any) -> bool:
    """"the attack", "the 2007 Karbala attack", "Sunday's bombing": one particular event, named again."""
    if token.tag_ in ("NNS", "NNPS") and not any(c.lower_ == "the" for c in token.children):
        return False  # "other high-profile attacks": many, none in particular
    return any(c.dep_ in ("det", "poss", "compound", "nummod", "nmod")
               and c.lower_ not in ("a", "an", "another", "other") for c in token.children)


#: Prepositions after "died" that name what killed: "in the attack", "of wounds", "as a result of torture".
CUE_PREPS = frozenset({"in", "from", "after", "during", "of", "following", "as"})


def violent_cue(token: Any, violent: frozenset[str]) -> bool:
    """A death told with violence around it: "died in the attack", "died of gunshot wounds", "died
    after the explosion", "died when a bomb detonated"."""
    for child in token.children:
        clause = child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("after", "when", "as")
                                              for m in child.children)
        if clause or (child.dep_ == "prep" and child.lower_ in CUE_PREPS):
            for obj in child.subtree:
                if obj.lemma_.lower() in violent or obj.lower_ in ("wounds", "gunshot", "injuries", "shelling"):
                    return True
    return False


def about_others(token: Any) -> bool:
    """The clause the speech verb introduces has a subject other than the speaker."""
    speaker = next((c.lower_ for c in token.children if c.dep_ == "nsubj"), None)
    for clause in (c for c in token.children if c.dep_ == "ccomp"):
        subject = next((c.lower_ for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject != speaker and subject not in ("it", "they", "he", "she", "we"):
            return True
    return False


def governing_verb(token: Any) -> Any:
    node = token.head
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def since_clause(token: Any) -> bool:
    """The act is told in a "since" clause: "France has been on alert since the group launched attacks
    across Paris" tells a past incident as the start of a state of things, not the news."""
    node = token
    while node.head.i != node.i:
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "since" for c in node.children):
            return True
        node = node.head
    return False


#: Verbs by which the news is set after another act: "The shooting comes after the police killing of …",
#: "The attack follows the bombing of …".
AFTER_VERBS = frozenset({"come", "follow"})


def earlier_act(token: Any) -> bool:
    """An act the news is told as coming after ("The shooting comes after the police killing of an
    unarmed man in Sacramento", "The raid follows a bombing"): another, earlier incident."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in ("after", "on") and head.head.lemma_.lower() in AFTER_VERBS:
        return True  # "comes after", "comes on the heels of" is not read
    return token.dep_ == "dobj" and head.lemma_.lower() == "follow" and any(
        c.dep_ == "nsubj" and c.pos_ == "NOUN" for c in head.children)


@lru_cache(maxsize=1)
def disaster_nouns() -> frozenset[str]:
    """Causes of death and damage that are no one's act (data: extract/data/disaster_nouns.txt)."""
    text = resources.files("warlog.extract").joinpath("data/disaster_nouns.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


#: Prepositions that name what caused a death or damage: "killed after an outbreak", "died in a stampede".
CAUSE_PREPS = frozenset({"in", "after", "from", "during", "by", "amid", "following", "of", "because"})


def natural_cause(token: Any) -> bool:
    """The act is a disaster's or an accident's: its subject (or the noun a relative clause hangs on),
    its agent or the cause named after it in its clause is one ("an earthquake that has killed",
    "wildfires destroyed", "nine were killed and sixty remain ill after an outbreak of cholera", "died in
    a stampede", "killed in a car crash"), unless someone is said to have caused it ("a fire set by
    militants")."""
    nodes: list[Any] = []
    clause = [token, *(c for c in token.children if c.dep_ == "conj")]
    if token.dep_ == "conj":
        clause.append(token.head)
    for verb in clause:
        for c in verb.children:
            if c.dep_ == "nsubj":
                relative = c.lower_ in ("that", "which") and verb.dep_ == "relcl"
                nodes += _described(verb.head) if relative else [c, *(x for x in c.children if x.dep_ == "conj")]
            elif c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in CAUSE_PREPS):
                nodes += [g for g in c.children if g.dep_ == "pobj"]
    if token.dep_ in ("advcl", "xcomp") and token.tag_ == "VBG":
        for c in token.head.children:  # "the storm hit the coast, killing 12"; "an explosion and fire leveled …"
            if c.dep_ == "nsubj":
                nodes += [c, *(x for x in c.children if x.dep_ == "conj")]
    if token.dep_ in ("advcl", "conj"):  # "declared because of wildfires, with 8,000 hectares destroyed"
        nodes += [g for c in token.head.children if c.dep_ == "prep" and c.lower_ == "because"
                  for g in c.children if g.dep_ == "pobj"]
    causes = disaster_nouns()
    return any(_forms(n) & causes and not _caused(n) for n in nodes)


def _forms(n: Any) -> set[str]:
    """A noun's lemma and forms, a capitalised plural the tagger left unlemmatised included ("Wildfires")."""
    low = str(n.lower_)
    return {str(n.lemma_).lower(), low, low[:-1] if low.endswith("s") else low}


def _described(noun: Any) -> list[Any]:
    """A noun a relative clause hangs on, and the noun of its "of" ("areas of the earthquake that …")."""
    return [noun, *(g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children if g.dep_ == "pobj")]


def _caused(noun: Any) -> bool:
    """Someone is said to have caused it: "a fire set by militants", "a blaze started by rioters"."""
    return any(c.dep_ in ("acl", "relcl") and any(g.dep_ == "agent" for g in c.children) for c in noun.children)


YEAR_OR_MONTH = re.compile(r"\b(?:1[89]\d\d|20\d\d|january|february|march|april|may|june|july|august|september|"
                           r"october|november|december)\b", re.IGNORECASE)


def _year_or_month(token: Any) -> bool:
    """A word of a date that names a year or a month ("1972", "March"), not a day ("the day", "Tuesday")."""
    return token.ent_type_ == "DATE" and bool(YEAR_OR_MONTH.search(token.text))


#: Prepositions whose nominal object is the setting of the verb's event, not another event.
SETTING_PREPS = frozenset({"during", "in", "amid", "throughout"})


#: Nouns that name a part of what follows their "of": "captured part of a guerrilla stronghold".
PARTITIVES = frozenset({"part", "parts", "most", "much", "some", "all", "rest", "half", "bulk", "section",
                        "portion", "swathe", "swath", "remainder"})


def whole(obj: Any) -> Any:
    """The thing a partitive object is part of ("part of a stronghold" → stronghold)."""
    if obj.lemma_.lower() not in PARTITIVES:
        return obj
    return next((g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj"), obj)


#: Verbs whose "on" is who is blamed: "blamed the attack on the far-right", "pinned the bombing on X".
BLAME_LEMMAS = frozenset({"blame", "pin"})


#: Participles that name who made an event in a hyphenated modifier ("Russian-mediated", "US-brokered").
DONE_BY = frozenset({"mediate", "broker", "lead", "back", "sponsor", "launch", "negotiate", "organise", "organize"})


#: Verbs of witnessing: what is seen happening is told as happening.
SIGHT_LEMMAS = frozenset({"see", "spot", "sight", "observe", "witness", "notice", "film", "photograph"})


def told_as_happened(token: Any) -> bool:
    """An event noun the sentence tells as having happened though it names no one it befell: "there were
    Georgian artillery attacks", "a nerve agent attack that the government has blamed on Russia"."""
    if token.dep_ == "attr" and any(c.dep_ == "expl" for c in token.head.children):
        return True
    seen = token.head if token.dep_ in ("nsubjpass", "dobj") else (
        token.head.head if token.dep_ == "nsubj" and token.head.dep_ in ("ccomp", "xcomp") else None)
    if seen is not None and seen.lemma_.lower() in SIGHT_LEMMAS:
        return True  # "foot patrols were seen on the streets", "they saw military convoys headed north"
    if any(c.dep_ == "amod" and c.tag_ == "VBN" and any(g.text in ("-", "‐") for g in c.children)
           and c.lemma_.lower() in DONE_BY for c in token.children):
        return True  # "a Russian-mediated ceasefire", "a Saudi-led offensive": who did it is named
    return token.tag_ == "NN" and any(c.dep_ == "relcl" and c.pos_ == "VERB" and c.tag_ in ("VBD", "VBN", "VBZ")
                                      and c.lemma_.lower() in BLAME_LEMMAS | {"claim", "kill", "injure", "wound"}
                                      for c in token.children)


def act_nouns(token: Any) -> list[Any]:
    """The nouns a verb's act may be named by: its subject, its passive agent, a setting ("in an air raid")."""
    out = [c for c in token.children if c.dep_ == "nsubj"]
    for c in token.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in SETTING_PREPS | {"by"}):
            out += [g for g in c.children if g.dep_ == "pobj"]
        elif c.dep_ == "prep" and c.lower_ == "as":  # "injured as a result of an explosion"
            out += [x for g in c.children if g.dep_ == "pobj" and g.lemma_.lower() == "result"
                    for p in g.children if p.dep_ == "prep" and p.lower_ == "of" for x in p.children]
    # "the bombing, which killed three": the noun the relative clause hangs on
    out = [n.head if n.lower_ in ("which", "whom") and token.dep_ == "relcl" else n for n in out]
    rel = token.head if token.dep_ == "ccomp" and token.head.dep_ == "relcl" else token
    if rel.dep_ == "relcl" and rel.head.pos_ in ("NOUN", "PROPN") and rel.head not in out and any(
            w.lower_ in ("which", "whom") for w in rel.subtree if w.i < token.i):
        out.append(rel.head)  # "two Israeli air raids … in which it said 20 people were killed"
    return out


#: Verbs of seizing people with what they are in: "hijacked a plane", "commandeered a bus".
HIJACK_LEMMAS = frozenset({"hijack", "commandeer", "hijacking"})
#: Prepositions of where hostages are held: "seized hundreds of hostages in hospitals".
HELD_IN = frozenset({"in", "inside", "at", "within"})


def captivity_mode(token: Any, noun_class: Any) -> str | None:
    """The GTD kind of an abduction (plover.toml: warlog's ASSAULT modes beside `abduct`): `hijack` for
    a vehicle seized with its people, `barricade` for hostages held in the building they were seized in
    ("seized hundreds of hostages in hospitals"); None for a kidnapping (people taken away)."""
    if token.lemma_.lower() in HIJACK_LEMMAS:
        return "hijack"
    held = [g for c in token.children if c.dep_ == "prep" and c.lower_ in HELD_IN for g in c.children
            if g.dep_ == "pobj"]
    held += [g for o in token.children if o.dep_ in ("dobj", "nsubjpass") for c in o.children
             if c.dep_ == "prep" and c.lower_ in HELD_IN for g in c.children if g.dep_ == "pobj"]
    return "barricade" if any(noun_class(g) == "property" for g in held) else None


#: Words that open a distinct incident ("Separately, gunmen shot …"; with SEQUENCE_WORDS, "Hours later, …").
SEPARATE = frozenset({"separately", "elsewhere", "meanwhile", "separate"})
#: "In one incident, …", "In another attack, …": a sentence opening one incident of several.
ONE_OF_SEVERAL = re.compile(r"^\W*(?:in|during) (?:one|another|a separate|a second|a third|a further|a similar|a "
                            r"related|an earlier|a later) (?:incident|attack|case|clash|raid)s?\b", re.IGNORECASE)
#: "three days after the bombing", "hours later": an act after the one told, not it.
LATER = re.compile(r"\b(?:\w+ )?(?:minutes?|hours?|days?|weeks?|months?|years?) (?:after|later)\b", re.IGNORECASE)


def one_of_several(sent: Any) -> bool:
    """"In one incident, …": the sentence tells one of several acts."""
    return bool(ONE_OF_SEVERAL.match(sent.text))


def told_apart(sent: Any) -> bool:
    """The sentence opens an incident apart from the one told before ("Separately, …", "Hours later, …",
    "In another incident, …")."""
    return any(t.lower_ in SEPARATE | SEQUENCE_WORDS for t in sent[:3]) or bool(LATER.search(sent.text)) \
        or one_of_several(sent)
