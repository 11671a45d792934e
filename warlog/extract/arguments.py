"""Event arguments from the parse: who (actor and recipient names as written, with how many people
they are), how certain, and according to whom.

An argument's *name* is what an analyst would write: the entity when the head is one ("Azhar al
Dulaimi"), the organisation when the head is a member noun modified by one ("three Special Groups
operatives" → Special Groups), the force with its nationality ("Iraqi police", "US soldier"; "US and
Iraqi forces" → "US forces" and "Iraqi forces"), otherwise the noun phrase without determiners and
numbers ("key criminals").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Certainty, Span
from ..nlp import AnnotatedSegment

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "a dozen": 12, "dozen": 12,
}
SINGULAR_DETS = frozenset({"a", "an", "another", "one"})
#: Nouns of a quantity whose "of" phrase names the people: "hundreds of hostages".
QUANTITY_NOUNS = frozenset({"hundred", "hundreds", "dozens", "thousands", "scores", "number", "group", "handful",
                            "couple", "pair", "dozen", "thousand", "score", "batch", "body", "bodies",
                            "corpse", "corpses", "remains", "patch", "contingent", "detachment", "column",
                            "busload", "truckload", "carload", "boatload", "throng", "throngs", "horde", "hordes"})
#: A country's possessive opening a name: "Syria's National Defense Forces" → National Defense Forces.
POSSESSOR = re.compile(r"^[A-Z][\w.-]*(?: [A-Z][\w.-]*)?['’]s\s+(?=[A-Z])")
VAGUE_QUANTIFIERS = frozenset({"multiple", "numerous", "scores", "dozens", "hundreds", "thousands", "many",
                               "several", "countless", "various", "some"})
PRONOUNS = frozenset({"they", "them", "he", "him", "she", "her", "it"})
#: Nouns naming people by their membership ("members of X", "fighters of X"): the argument is X.
MEMBER_NOUNS = frozenset({"member", "fighter", "militant", "operative", "commander", "leader", "soldier",
                          "officer", "supporter", "loyalist", "affiliate", "follower", "agent", "cadre"})
HUMAN_PRONOUNS = frozenset({"they", "them", "he", "him", "she", "her", "who", "whom"})
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
DROP_DEPS = frozenset({"det", "nummod", "punct", "predet", "quantmod", "case", "poss"})
DROP_WORDS = frozenset({"other", "another", "senior", "several", "alleged", "suspected", "some", "dead"})

REPORTING_LEMMAS = frozenset({"say", "tell", "report", "announce", "state", "confirm", "add", "claim",
                              "allege", "accuse", "declare", "note", "insist", "explain", "write"})
#: Modals that, before a perfect ("may have been killed"), hold a past act likely.
EPISTEMIC_AUX = frozenset({"may", "might", "could", "must"})
HYPOTHETICAL_AUX = frozenset({"could", "would", "might", "may", "should", "can", "will", "shall", "'ll", "wo"})
#: Nouns whose content is not something that happened: "the prospect of terrorists modifying drones".
HYPOTHETICAL_NOUNS = frozenset({"prospect", "possibility", "risk", "danger", "option", "plan", "scenario", "decision",
                                "threat", "fear", "likelihood", "chance", "idea", "proposal", "reward",
                                "bounty", "power", "right", "ability", "capacity", "permission", "opportunity",
                                "excuse", "pretext"})
#: Nouns whose predicate is what is meant, not done: "the aim is to retake the city".
PURPOSE_NOUNS = frozenset({"purpose", "aim", "goal", "objective", "intention", "intent"})
#: Verbs whose infinitive complement is intended, not done: "threatened to attack", "vowed to retaliate".
INTENT_LEMMAS = frozenset({"threaten", "plan", "vow", "promise", "want", "intend", "aim", "seek", "hope", "expect",
                           "prepare", "pledge", "warn", "plot", "wish", "offer", "propose", "order", "urge", "ask",
                           "tell", "instruct", "call", "encourage", "agree", "decide", "vote"})
#: Verbs that keep an act from happening: "blocked lawyers from visiting him".
PREVENT_LEMMAS = frozenset({"block", "prevent", "bar", "stop", "prohibit", "keep", "restrain", "deter", "forbid"})
#: Verbs whose object event does not take place: "agreed to postpone the demonstration", "called off the strike".
CALL_OFF_LEMMAS = frozenset({"postpone", "cancel", "delay", "reschedule", "scrap", "defer", "adjourn", "foil", "thwart",
                             "simulate", "rehearse", "reenact", "re-enact", "depict", "portray", "fake", "feign"})
#: What makes the report of an act untrue: "falsified reports of explosions", "a bomb hoax".
FALSE_WORDS = frozenset({"false", "falsified", "fake", "bogus", "fabricated", "faked", "untrue", "unfounded",
                         "baseless", "fictitious", "hoax"})
HOAX_NOUNS = frozenset({"hoax", "rumour", "rumor", "fabrication", "fiction", "prank", "drill", "exercise",
                        "simulation", "film", "movie", "game", "novel"})
SUSPECT_LEMMAS = frozenset({"suspect", "believe", "think", "fear", "presume"})
ALLEGED_WORDS = frozenset({"allegedly", "reportedly", "purportedly", "apparently", "alleged", "purported"})
SEQUENCE_WORDS = frozenset({"afterward", "afterwards", "later", "thereafter"})


@dataclass(frozen=True, slots=True)
class ArgSpan:
    """An actor or recipient as written. `span` is the text it was read from (document offsets);
    `name` is the name to resolve (equal to the span text, or a reconstruction such as "US forces"
    from "US and Iraqi forces"); `head` the head noun's lemma; `count` how many people it denotes
    when the text says so."""

    span: Span
    name: str
    label: str
    head: str
    count: int | None = None
    pronoun: bool = False
    nationality: str | None = None  # "US" in "US troops"
    modifier: bool = False  # a name read off an event noun ("the Taliban attack"): an actor only if known


def _number(token: Any) -> int | None:
    """The number a token states, with a multiplier beside it: "two dozen", "three dozen", "five
    hundred" (whichever way the parse hangs the two words together)."""
    text = token.lower_.replace(",", "")
    if text in MULTIPLIERS:  # "three dozen soldiers": the multiplier heads the number
        for child in token.children:
            n = _plain_number(child) if child.dep_ in ("nummod", "quantmod", "compound") else None
            if n is not None and n < 100:
                return n * MULTIPLIERS[text]
    value = _plain_number(token)
    if value is None or value >= 100:
        return value
    for other in (*token.children, token.head):
        if other.i != token.i and other.lower_ in MULTIPLIERS and other.dep_ in ("quantmod", "nummod", "compound") \
                and (other.head.i == token.i or token.head.i == other.i):
            return value * MULTIPLIERS[other.lower_]
    return value


def _plain_number(token: Any) -> int | None:
    text = token.lower_.replace(",", "")
    return int(text) if text.isdigit() else NUMBER_WORDS.get(text)


#: Words that multiply the number beside them.
MULTIPLIERS = {"dozen": 12, "hundred": 100, "thousand": 1000}


def head_count(token: Any) -> int | None:
    """How many people a noun phrase headed by `token` denotes, when the text says so."""
    if token.pos_ == "NUM":
        return _number(token)
    for child in token.children:
        if child.dep_ == "nummod":
            n = _number(child)
            if n is not None:
                return n
    if token.tag_ in ("NN", "NNP") or token.ent_type_ == "PERSON":
        if any(c.dep_ == "det" and c.lower_ in SINGULAR_DETS for c in token.children):
            return 1
        if token.ent_type_ == "PERSON" or token.tag_ == "NNP":
            return 1
    return None


def is_person_like(token: Any, event_nouns: frozenset[str]) -> bool:
    """A person, a group of people, or a force; not an event ("the raid") or a thing."""
    if token.lower_ in HUMAN_PRONOUNS or token.pos_ == "NUM":
        return True
    if token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    lemma = token.lemma_.lower()
    return lemma not in event_nouns and lemma not in NOT_PEOPLE and token.pos_ in ("NOUN", "PROPN")


#: Common nouns that are never the people an act is done to ("recalled the events", "the occasions").
NOT_PEOPLE = frozenset({"event", "occasion", "incident", "time", "day", "moment", "memory", "scene", "story",
                        "case", "thing", "matter", "issue", "question", "detail", "fact", "way", "idea", "plan",
                        "area", "region", "situation", "period", "year", "week", "month", "hour"})


def _entity_of(token: Any) -> Any | None:
    if token.ent_type_ in NAME_LABELS:
        for ent in token.doc.ents:
            if ent.start <= token.i < ent.end:
                return ent
    return None


def _modifiers(token: Any) -> list[Any]:
    return [c for c in token.children if c.dep_ in ("compound", "amod", "nmod") and c.i < token.i]


def _span_of(seg: AnnotatedSegment, start: int, end: int) -> Span:
    return seg.span(start, end)


HEDGES = re.compile(r"^(?:(?:as many as|at least|more than|fewer than|less than|up to|about|around|nearly|almost|"
                    r"over|some|roughly|approximately|an estimated)\s+)*(?:\d[\d,.]*|"
                    + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")?\b\s*", re.IGNORECASE)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip(" \"'“”‘’,.")).strip()


def _name(text: str) -> str:
    """A noun phrase as a name: no quotes, no hedged figure in front ("as many as 140 civilians" →
    civilians)."""
    cleaned = _clean(text)
    return HEDGES.sub("", cleaned, count=1).strip() or cleaned


def argument_spans(seg: AnnotatedSegment, heads: Iterable[Any], *, headline: bool = False) -> list[ArgSpan]:
    """ArgSpans for argument head tokens and the heads coordinated with them. A noun with a
    person in apposition is that person ("his brother Layith" → Layith)."""
    out: list[ArgSpan] = []
    for head in heads:
        for token in (head, *_conjuncts(head)):
            if token is not head and token.pos_ == "NUM" and token.dep_ == "conj" and any(
                    c.dep_ == "acl" and c.pos_ == "VERB" for c in token.children):
                continue  # "killed by militants and four wounded": the four are another clause's people
            person = next((c for c in token.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
            arg = _arg(seg, person if person is not None and token.ent_type_ != "PERSON" else token)
            if headline:
                arg = [a if a.count is not None or token.tag_ != "NN" else ArgSpan(
                    a.span, a.name, a.label, a.head, 1) for a in arg]
            out.extend(arg)
    return out


def _conjuncts(token: Any) -> list[Any]:
    """Heads coordinated with `token`, also through an apposition ("Daqduq, a senior operative, and
    Farhadi"); not the ones a part of the whole ("89 people, among them 31 women")."""
    found = []
    for child in token.children:
        if any(t.lower_ in ("among", "including") for t in child.subtree if t.i < child.i) or \
                child.head.lower_ in ("among", "including"):
            continue
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            found.append(child)
            found.extend(_conjuncts(child))
        elif child.dep_ == "appos":
            if list_item(child):
                found.append(child)  # "eight women, a 10-year-old girl and four men"
            for grand in child.children:
                if grand.dep_ == "conj" and grand.pos_ in ("NOUN", "PROPN"):
                    found.append(grand)
                    found.extend(_conjuncts(grand))
    return found


def list_item(appos: Any) -> bool:
    """An apposition that is one more item of a list of counted people, not a description of the noun
    before it: "eight women, a 10-year-old girl and four men" (the parser's apposition, with the
    rest of the list coordinated under it)."""
    head = appos.head
    return appos.dep_ == "appos" and appos.tag_ in ("NN", "NNP") and head.tag_ in ("NNS", "NNPS") \
        and any(c.dep_ == "nummod" for c in head.children) and any(c.dep_ == "conj" for c in appos.children) \
        and any(c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one") for c in appos.children)


def _arg(seg: AnnotatedSegment, token: Any) -> list[ArgSpan]:
    count = head_count(token)
    lemma = token.lemma_.lower()
    if token.pos_ == "NUM":  # "and three wounded": the people are named by a neighbour
        sp = _span_of(seg, token.idx, token.idx + len(token.text))
        return [ArgSpan(sp, token.text, "NUM", lemma, count, pronoun=True)]
    if token.pos_ == "PRON" or token.lower_ in ("he", "she", "they"):  # a pronoun the tagger took for a name
        if token.lower_ not in PRONOUNS:
            return []
        sp = _span_of(seg, token.idx, token.idx + len(token.text))
        return [ArgSpan(sp, token.text, "PRON", lemma, None, pronoun=True)]
    if lemma in QUANTITY_NOUNS:  # "hundreds of hostages", "a number of people": the people
        obj = next((g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children if g.dep_ == "pobj"), None)
        if obj is not None:
            return _arg(seg, obj)
    if lemma == "life":  # "an attack on his life", "an attempt on Maduro's life": the person
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is not None:
            return _arg(seg, owner)
    ent = _entity_of(token)
    if (ent is not None and ent.root.i == token.i) or (ent is not None and token.pos_ == "PROPN"):
        assert ent is not None
        name = _clean(re.sub(r"^(?:the|The)\s+", "", ent.text))
        # "Syria's National Defense Forces": the force, whose country the resolver reads from its name
        name = POSSESSOR.sub("", name) if ent.label_ in ("ORG", "PERSON") else name
        return [ArgSpan(_span_of(seg, ent.start_char, ent.end_char), name, ent.label_, lemma, count or 1
                        if ent.label_ == "PERSON" else count)]
    # "three members of the Popular Mobilization Forces" → the organisation, with the count
    if lemma in MEMBER_NOUNS:  # "fighters of the Islamic State", "militants from al-Shabaab"
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "from")):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                org = _entity_of(obj)
                if org is not None and org.label_ in ("ORG", "NORP"):
                    name = _clean(re.sub(r"^(?:the|The)\s+", "", org.text))
                    return [ArgSpan(_span_of(seg, org.start_char, org.end_char), name, org.label_, lemma, count)]
    mods = _modifiers(token)
    # a member noun modified by an organisation: "Special Groups operatives" → Special Groups
    for mod in mods:
        mod_ent = _entity_of(mod)
        if mod_ent is not None and mod_ent.label_ == "ORG":
            name = _clean(re.sub(r"^(?:the|The)\s+", "", mod_ent.text))
            return [ArgSpan(_span_of(seg, mod_ent.start_char, mod_ent.end_char), name, "ORG", lemma, count)]
    # a force with its nationality, possibly several: "US and Iraqi forces"
    nationals = [m for m in mods if m.ent_type_ in ("NORP", "GPE") or (m.pos_ == "PROPN" and m.dep_ == "compound")]
    if nationals:
        nat = nationals[0]
        coordinated = [nat, *[c for c in nat.children if c.dep_ == "conj"]]
        start = min(t.idx for t in coordinated)
        sp = _span_of(seg, start, token.idx + len(token.text))
        if len(coordinated) > 1:
            return [ArgSpan(sp, f"{c.text} {_head_phrase(token, nat)}", "NP", lemma, None, nationality=c.text)
                    for c in coordinated]
        first = _first_kept(token, nat)
        sp = _span_of(seg, first.idx, token.idx + len(token.text))
        return [ArgSpan(sp, _clean(seg.segment.text[first.idx:token.idx + len(token.text)]), "NP", lemma,
                        count, nationality=nat.text)]
    # the noun phrase without determiners and numbers: "the three “key criminals”" → key criminals
    kept = [t for t in token.subtree if t.i <= token.i and t.dep_ not in DROP_DEPS
            and t.lower_ not in DROP_WORDS and not t.is_punct]
    if not kept:
        kept = [token]
    start, end = kept[0].idx, token.idx + len(token.text)
    return [ArgSpan(_span_of(seg, start, end), _name(seg.segment.text[start:end]), "NP", lemma, count)]


def _first_kept(token: Any, nat: Any) -> Any:
    return nat if nat.i < token.i else token


def _head_phrase(token: Any, nat: Any) -> str:
    """The words between the nationality and the head, and the head: "special forces teams"."""
    words = [t.text for t in token.doc[nat.i + 1:token.i + 1]
             if t.dep_ not in ("cc", "conj") and not t.is_punct and t.ent_type_ not in ("NORP", "GPE")]
    return " ".join(words) or token.text


def is_aggregate(recipients: list[ArgSpan]) -> bool:
    """A campaign summary ("killed or captured multiple agents", "scores of leaders have been
    captured"), not one event."""
    for r in recipients:
        if r.count is not None:
            return False  # "as many as 140 civilians": a figure, however hedged
        words = set(re.findall(r"[a-z]+", r.span.text.lower())) | {r.head}
        if words & VAGUE_QUANTIFIERS:
            return True
    return False


def sequence_marker(token: Any) -> bool:
    """"They were executed shortly afterward": a new event after the previous one."""
    return any(c.dep_ == "advmod" and c.lower_ in SEQUENCE_WORDS for c in token.children)


def certainty(token: Any) -> Certainty:
    children = list(token.children)
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in children) or any(
            c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(d.lower_ == "no" for d in c.children)
            for c in children):
        return Certainty.NEGATED
    if token.dep_ in ("dobj", "nsubjpass") and (token.head.lemma_.lower() in CALL_OFF_LEMMAS or (
            token.head.lemma_.lower() == "call" and any(c.lower_ == "off" for c in token.head.children))):
        return Certainty.NEGATED  # "postponed the march", "the strike was called off", "simulated an attack": not done
    raising = [token]  # "may decide to take the law into their own hands": the modal of the verb it hangs on
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("dobj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
        raising.append(token.head)  # "would have triggered a riot", "agreed to hold a rally": the verb's mood
    while raising[-1].dep_ == "xcomp" and len(raising) < 4:
        raising.append(raising[-1].head)
    if any(c.dep_ == "aux" and c.lower_ in EPISTEMIC_AUX and c.nbor(1).lower_ == "have"
           for v in raising[:1] for c in v.children if c.i + 1 < len(c.doc)):
        return Certainty.SUSPECTED  # "more civilians may have been killed": a past act held likely, not a future one
    if any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX for v in raising for c in v.children) or any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in children):
        return Certainty.HYPOTHETICAL
    if any(a.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in a.children)
           and a.lemma_.lower() in ("sign", "evidence", "report", "indication", "trace") for a in token.ancestors):
        return Certainty.NEGATED  # "no sign of anything stolen", "no reports of casualties"
    if any(a.pos_ == "NOUN" and a.dep_ in ("dobj", "nsubjpass") and a.head.lemma_.lower() in CALL_OFF_LEMMAS
           for a in token.ancestors):
        return Certainty.NEGATED  # "foiled an attempt to blow up the tomb", "the plot to bomb … was thwarted"
    if any(a.pos_ == "NOUN" and (a.lemma_.lower() in HOAX_NOUNS or any(
            c.dep_ == "amod" and c.lower_ in FALSE_WORDS for c in a.children)) for a in token.ancestors):
        return Certainty.NEGATED  # "falsified reports of two explosions", "a hoax about a bomb", "rumours of a coup"
    if any(v.dep_ == "xcomp" and v.head.lemma_.lower() in INTENT_LEMMAS for v in raising):
        return Certainty.HYPOTHETICAL  # "rebels threatened to attack Goma", "prepared to resume shelling": not done
    if token.dep_ in ("csubj", "csubjpass") or any(a.lemma_.lower() in HYPOTHETICAL_NOUNS and a.pos_ == "NOUN"
                                                   for a in token.ancestors):
        return Certainty.HYPOTHETICAL  # "Capturing drones is one option", "the prospect of militants attacking"
    if any(c.dep_ == "nsubj" and c.lemma_.lower() in PURPOSE_NOUNS for v in (token, *token.ancestors)
           for c in v.children):
        return Certainty.HYPOTHETICAL  # "Its main purpose was supporting …, deepening the cooperation": meant
    if any(c.lower_ in ALLEGED_WORDS and (c.i < token.i + 3 or c.nbor(1).lower_ == "by")
           for c in token.subtree if c.i + 1 < len(c.doc)):  # "reportedly killed", "killed, reportedly by …"
        return Certainty.ALLEGED
    node = token
    while node.head.i != node.i:
        if node.dep_ in ("pcomp", "pobj") and node.head.lower_ == "from" \
                and node.head.head.lemma_.lower() in PREVENT_LEMMAS:
            return Certainty.NEGATED  # "blocked lawyers from visiting him", "prevented the militants from attacking"
        if node.dep_ in ("ccomp", "xcomp", "pcomp", "pobj", "advcl"):
            lemma = node.head.lemma_.lower()
            if lemma in SUSPECT_LEMMAS:
                return Certainty.SUSPECTED
            if lemma == "deny":
                return Certainty.DENIED
            if lemma == "claim":
                return Certainty.CLAIMED
        node = node.head
    if token.lemma_.lower() in SUSPECT_LEMMAS:
        return Certainty.SUSPECTED
    doers = [c for c in token.children if c.dep_ == "nsubj"]
    doers += [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    for doer in doers:  # "suspected ADF rebels killed 18 civilians": who did it is hedged
        hedge = next((Certainty(m.lower_) for m in doer.children
                      if m.dep_ == "amod" and m.lower_ in (Certainty.SUSPECTED, Certainty.ALLEGED)), None)
        if hedge is not None:
            return hedge
    return Certainty.ASSERTED


def attribution(token: Any, sent: Any) -> str | None:
    """Who says so: the subject of a reporting verb the trigger's clause hangs on ("…, officials
    said"), or the object of "according to"."""
    node = token
    while node.head.i != node.i:
        head = node.head
        if node.dep_ in ("ccomp", "parataxis", "advcl", "conj") and head.lemma_.lower() in REPORTING_LEMMAS:
            subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return _clean(" ".join(t.text for t in subj.subtree))
        node = head
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            obj = next((c for c in t.doc[t.i + 1].children if c.dep_ == "pobj"), None)
            if obj is not None:
                return _clean(" ".join(x.text for x in obj.subtree))
    return None
