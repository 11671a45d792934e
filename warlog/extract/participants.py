"""Who takes part in an event, read from the parse: whether a noun can be a participant at all, who
wields the weapon that is a sentence's subject ("a Russian missile strike" → Russian forces), who
carried out the act an event noun names ("IS attacks", "a police sweep"), the two sides of a
"clash between", the person behind an act ("operatives behind the kidnapping"), what a subject pronoun
stands for, and the weapon or means of an act.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from ..actors.generic import adjective
from ..actors.generic import nationality as country_of
from ..actors.generic import terms as generic_terms
from ..nlp import AnnotatedSegment
from .arguments import ArgSpan, argument_spans
from .clauses import whole
from .places import agent_nouns
from .senses import Lexicon, nominal_sense

NounClass = Callable[[Any], str | None]

#: Prepositions after a person noun that make the person the perpetrator of the nominal event after
#: them ("operatives behind the kidnapping", "men responsible for the bombing").
PERPETRATOR_PREPS = frozenset({"behind"})

#: Entity labels of words that never take part in an event.
NOT_PARTICIPANTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})

#: Nouns of those who did an act named after "of": "the ringleader of the attack".
PERPETRATOR_NOUNS = frozenset({"ringleader", "mastermind", "perpetrator", "architect", "organiser", "organizer",
                               "planner", "author", "instigator", "culprit"})

#: Nouns that name a crowd of people ("thousands of students", "a crowd").
CROWD_NOUNS = frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "scores", "crowd",
                         "crowds", "mob", "throng"})

#: Instrument words that name people, not weapons: they stay actors ("gunmen abducted …").
HUMAN_INSTRUMENTS = frozenset({"gunman", "gunmen", "sniper", "bomber", "suicide bomber", "shooter"})

#: Modifiers of a weapon or strike that name who used it without a nationality.
FORCE_WORDS = frozenset({"military", "army", "junta", "government", "regime", "army's", "navy", "air"})


#: Relative pronouns: "the gunman who killed five", "the group that claimed the attack".
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})


def antecedent(token: Any, sent: Any) -> Any:
    """What a pronoun stands for. A relative pronoun, the noun its clause qualifies ("the gunman who
    killed five" → gunman; "Salman Abedi, the man who carried out the bombing" → Salman Abedi). A
    subject pronoun opening a sentence, the subject of the sentence before it, when that is a noun of
    the same number ("Separatist warlords led raids. In 1995 they seized hostages")."""
    if token.lower_ in RELATIVE_PRONOUNS:
        return relative_antecedent(token)
    if token.lower_ not in ("they", "he", "she") or sent.start == 0:
        return token
    before = sent.doc[sent.start - 1].sent
    subject = next((t for t in before.root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
        return token
    plural = subject.tag_ in ("NNS", "NNPS") or subject.ent_type_ in ("ORG", "NORP")
    return subject if plural == (token.lower_ == "they") else token


def relative_antecedent(token: Any) -> Any:
    """The noun a relative pronoun's clause qualifies (the pronoun itself when it is none)."""
    if token.lower_ not in RELATIVE_PRONOUNS or token.head.dep_ != "relcl":
        return token
    noun = token.head.head
    if noun.dep_ == "pobj" and noun.ent_type_ in ("GPE", "LOC", "FAC"):
        return token  # "allies in Europe, which …": the parse hangs the clause on the place
    return noun.head if noun.dep_ == "appos" and noun.head.pos_ in ("PROPN", "NOUN") else noun


def participant(token: Any, event_nouns: frozenset[str], noun_class: NounClass, *, lenient: bool = False) -> bool:
    """A person, force, organisation or place that can take part in an event; not an abstract noun
    ("pressure", "operations") or another event. `lenient`: the victims of a killing, wounding or
    arrest, who are people whatever noun names them ("a general was killed")."""
    if token.ent_type_ in NOT_PARTICIPANTS:
        return False  # "on Monday", "at 9 a.m.", "by 40 percent": when or how much, not who
    cls = noun_class(token)
    if cls is not None:
        return cls in ("person", "force", "place", "property")
    if any(c.dep_ == "nummod" for c in token.children) and token.tag_ in ("NNS", "NNPS"):
        return True  # "six others", "two suspects": counted people
    if token.lower_ in CROWD_NOUNS or any(
            c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ == "pobj" and noun_class(g) in ("person", "force")
                                                          for g in c.children) for c in token.children):
        return True  # "thousands of students", "a first batch of troops"
    if lenient and token.pos_ == "NOUN" and token.lemma_.lower() not in event_nouns:
        return True
    if token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE", "FAC", "LOC") or token.pos_ in ("PROPN", "PRON", "NUM"):
        return True
    agents = agent_nouns()
    return token.lemma_.lower() in agents or token.lower_ in agents or token.lemma_.lower() in HUMAN_INSTRUMENTS


def site(token: Any, noun_class: NounClass) -> bool:
    """A common noun for a place or a thing ("the market", "a building"): what an act befalls or where
    it happens, never who does it ("Shelling of El Fasher market kills 18")."""
    return token.pos_ == "NOUN" and noun_class(token) in ("place", "property")


def weapon(token: Any, noun_class: NounClass, instruments: Mapping[str, str]) -> bool:
    """A noun that names a weapon, or a quantity of them ("rockets", "a barrage of rockets")."""
    heads = [token, *[g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"]]
    return any(noun_class(h) == "weapon" or h.lemma_.lower() in instruments for h in heads) \
        and token.lemma_.lower() not in HUMAN_INSTRUMENTS


def weapon_of(token: Any, instruments: Mapping[str, str]) -> tuple[str, str] | None:
    """The weapon or means of the trigger's event: an instrument word in its subject, its `with`
    phrase, or a modifier of the trigger itself ("a roadside bomb killed", "attacked with machetes",
    "a drone strike") → (the words naming it, the mode it sets)."""
    places = [token, *[relative_antecedent(c) for c in token.children
                       if c.dep_ in ("nsubj", "nsubjpass", "compound", "amod")]]
    if token.dep_ in ("advcl", "xcomp", "conj") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
        places += [c for c in token.head.children if c.dep_ == "nsubj"]  # "warplanes struck the village, killing 12"
    # "fired a barrage of rockets", "planted a bomb": the weapon as the object
    places += [c for c in token.children if c.dep_ == "dobj" and weapon(c, lambda t: None, instruments)]
    places += [g for c in token.children if (c.dep_ == "prep" and c.lower_ in ("with", "by")) or c.dep_ == "agent"
               for g in c.children]  # "attacked with machetes", "killed by an improvised explosive device"
    if token.lemma_.lower() in ("die", "perish", "succumb"):  # "died after drinking tea laced with polonium"
        places += [c for c in token.children if c.dep_ == "prep" and c.lower_ in ("after", "from", "of")]
    for node in places:
        for t in node.subtree if node is not token else [c for c in token.children if c.dep_ == "compound"]:
            for n in (2, 1):
                words = " ".join(x.lemma_.lower() for x in t.doc[t.i:t.i + n])
                if words in instruments:
                    head = t.doc[t.i + n - 1]
                    first = min([c.i for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i]
                                + [t.i])
                    return t.doc[first:head.i + 1].text, instruments[words]
    return None


def wielders(seg: AnnotatedSegment, head: Any, instruments: Mapping[str, str], event_nouns: frozenset[str]
              ) -> list[ArgSpan]:
    """Who used the weapon or made the strike that is the subject: "shells fired by the RSF", "a
    Russian missile strike", "Syrian and Russian warplanes", "military jets" → the state's military (the
    resolver reads "Russian forces"; a bare "military" is the document's own)."""
    by = [g for c in head.children if c.dep_ == "acl" and c.tag_ == "VBN" for a in c.children if a.dep_ == "agent"
          for g in a.children if g.dep_ == "pobj"]
    if by:  # "Shells fired by the RSF", "a bomb planted by militants"
        return argument_spans(seg, by)
    lemma = head.lemma_.lower()
    if lemma not in instruments and lemma not in event_nouns and not any(
            c.dep_ == "compound" and c.lemma_.lower() in instruments for c in head.children):  # "a missile strike"
        return []
    mods = [m for m in head.subtree if m.i < head.i and m.dep_ in ("amod", "compound", "nmod", "conj")
            and ((m.ent_type_ in ("NORP", "GPE") and country_of(m.text) is not None) or m.lower_ in FORCE_WORDS)]
    out = []
    for m in mods:
        span = seg.span(m.idx, head.idx + len(head.text))
        nationality = None if m.lower_ in FORCE_WORDS else m.text
        name = f"{m.text} forces" if nationality else "military"
        out.append(ArgSpan(span, name, "NP", "forces", None, nationality=nationality))
    return out


def setting_actors(seg: AnnotatedSegment, noun: Any, instruments: Mapping[str, str],
                    event_nouns: frozenset[str]) -> list[ArgSpan]:
    """Who carried out the act an event noun names: its named modifier ("in IS attacks", "in a
    Taliban ambush", "a police sweep") or its nationality ("in Russian airstrikes")."""
    named = [m for m in noun.children if m.dep_ in ("compound", "poss", "nmod") and m.i < noun.i
             and ((m.ent_type_ == "ORG" and not _venue(m)) or (m.pos_ == "NOUN" and m.lemma_.lower() in agent_nouns()))]
    if named:
        # "the Taliban attack" names who; "the Rolando bombing" names where: only a known actor counts
        return [replace(a, modifier=True) for a in argument_spans(seg, named)]
    return wielders(seg, noun, instruments, event_nouns)


def perpetrator(token: Any) -> Any | None:
    """"operatives behind the kidnapping": the noun just before `behind` did it; so did "the
    ringleader of Saturday's attack", "the perpetrators of the bombing"."""
    prep = token.head
    if token.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in PERPETRATOR_NOUNS:
        return prep.head
    if token.dep_ != "pobj" or prep.lower_ not in PERPETRATOR_PREPS:
        return None
    doc = token.doc
    j = prep.i - 1
    while j >= 0 and doc[j].is_punct:
        j -= 1
    if j < 0:
        return None
    noun = doc[j]
    return noun if noun.pos_ in ("NOUN", "PROPN") else None


def between_sides(token: Any) -> list[Any]:
    """"clashes between government troops and rebels": the two sides of a nominal event."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "between":
            return [c for c in child.children if c.dep_ == "pobj"]
    return []


#: Words after "left" that tell what befell the people: "left five dead", "leaving 12 wounded".
OUTCOMES = {"dead": "killed", "killed": "killed", "injured": "wounded", "wounded": "wounded", "hurt": "wounded"}


#: Verbs an event noun happens by ("clashes erupted", "fighting broke out"); what they left is its toll.
HAPPEN_VERBS = frozenset({"erupt", "break", "occur", "rage", "flare"})


def outcomes(token: Any) -> list[tuple[Any, str]]:
    """What an act left behind: "the blast left five people dead", "clashes left 12 dead and 30
    wounded", "…, leaving at least 20 soldiers injured" → (the people or their number, `killed` or
    `wounded`), the people named last before each outcome word."""
    leaves = [token.head] if token.dep_ == "nsubj" and token.head.lemma_.lower() == "leave" else []
    # "…, leaving 12 dead"; "a siege that left 20 dead"
    leaves += [c for c in token.children if c.lemma_.lower() == "leave" and c.dep_ in ("advcl", "conj", "relcl")]
    if token.dep_ == "nsubj" and token.head.lemma_.lower() in HAPPEN_VERBS:
        # "clashes erupted …, leaving 32 dead": what the event noun's own verb left
        leaves += [c for c in token.head.children if c.lemma_.lower() == "leave" and c.dep_ in ("advcl", "conj")]
    out = []
    for leave in leaves:
        victim = None
        for t in leave.subtree:
            if t.i <= leave.i:
                continue
            if t.lower_ in OUTCOMES:
                # "and 30 wounded" as a participle or with a subject of its own is a trigger of its own
                own = t.pos_ == "VERB" and (t.dep_ in ("acl", "amod") or any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in t.children))
                if victim is not None and not own:
                    out.append((victim, OUTCOMES[t.lower_]))
                victim = None
            elif t.pos_ in ("NUM", "NOUN", "PRON") or (t.pos_ == "PROPN" and t.ent_type_ != "GPE"):
                victim = t
    return out


#: Prepositions that name the other side of a two-sided event ("clashed with rebels", "fought against").
SIDE_PREPS = frozenset({"with", "against"})


def other_sides(token: Any) -> list[Any]:
    """The side a two-sided event is fought against: "troops clashed with rebels", "a gun battle with
    police", "fought against the militants" → the `with` / `against` object and its conjuncts."""
    out = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in SIDE_PREPS:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    out.append(obj)
    return out


#: Words of a place's or an occasion's name: "the Cafetería Rolando bombing", "the Boston Marathon
#: bombing" name where, not who.
VENUE_WORDS = frozenset({"cafe", "cafeteria", "cafetería", "restaurant", "bar", "club", "hotel", "market", "mall",
                         "mosque", "church", "synagogue", "temple", "school", "university", "hospital", "stadium",
                         "marathon", "festival", "airport", "station", "embassy", "square", "street", "bridge"})


def _venue(token: Any) -> bool:
    """The named modifier is (part of) a place's or an occasion's name."""
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    words = [t.lower_ for t in (ent if ent is not None else [token])]
    words += [c.lower_ for c in token.children if c.dep_ == "compound"]
    return any(w in VENUE_WORDS for w in words)


def people_of(args: list[ArgSpan]) -> list[ArgSpan]:
    """Victims named by their nationality are its people, not its state: "killed two Palestinians" →
    Palestinian civilians (a plural demonym is never the country itself)."""
    out = []
    for a in args:
        iso3 = country_of(a.name) if a.label == "NORP" and a.name.endswith("s") else None
        out.append(a if iso3 is None else replace(a, name=f"{adjective(iso3)} civilians", label="NP",
                                                  nationality=adjective(iso3)))
    return out


def _sector(*words: str) -> str | None:
    """The generic-agent sector of the first of these words that names one ("rioters" → protesters)."""
    terms = generic_terms()
    term = next((t for w in words if (t := terms.get(w.lower())) is not None), None)
    return term.sector.name if term is not None else None


def state_agents(heads: list[Any]) -> bool:
    """Every head names the state's forces ("soldiers", "police", "troops"): what they block or occupy
    is a restriction, never a protest."""
    return bool(heads) and all(_sector(h.lower_, h.lemma_) in ("military", "police", "security") for h in heads)


def protesters(heads: list[Any]) -> list[Any]:
    """The heads that name protesters ("protesters", "demonstrators", "rioters")."""
    return [h for h in heads if _sector(h.lower_, h.lemma_) == "protesters"]


def police(word: str) -> bool:
    """A role word of the police ("police", "officers" of a police force, "detectives", "gendarmes")."""
    return _sector(word) == "police"


def gathering_crowd(seg: AnnotatedSegment, heads: list[Any], lexicon: Lexicon) -> list[ArgSpan]:
    """The people of a protest that is itself what force is used on ("police broke up the protest",
    "prevented the demonstration staged by students"): its protesters, as the recipients."""
    out: list[ArgSpan] = []
    for h in heads:
        sense = nominal_sense(h, lexicon) if h.pos_ in ("NOUN", "PROPN") else None
        if sense is not None and sense.type == "PROTEST":
            out.append(ArgSpan(seg.span(h.idx, h.idx + len(h.text)), "protesters", "NP", "protester"))
    return out


def fighting_crowd(sides: list[Any]) -> list[Any]:
    """The protesters among the sides of a fight, or a crowd that fights the police ("supporters")."""
    crowd = protesters(sides)
    if not crowd and any(police(h.lower_) or police(h.lemma_.lower()) for h in sides):
        crowd = [h for h in sides if h.lemma_.lower() in UNRULY]
    return crowd


def riot_sides(sides: list[Any]) -> tuple[list[Any], list[Any]] | None:
    """(the crowd, the others) when a crowd fights other sides (protesters or supporters against the
    police: a riot, the crowd its actor), else None."""
    crowd = fighting_crowd(sides)
    if not crowd or len(crowd) >= len(sides):
        return None
    return crowd, [h for h in sides if h not in crowd]


#: Crowds that fighting the police makes rioters: "supporters fought running battles with police".
UNRULY = frozenset({"supporter", "fan", "youth", "student", "mob", "crowd", "hooligan", "rioter", "youngster"})


def seized_arms(token: Any, objects: list[Any], noun_class: NounClass) -> tuple[str, str] | None:
    """The weapons a seizure takes ("recovered 86 firearms", "seized a cache of arms"), as a weapon; the
    act a foiling stops ("foiled an attempt to blow up the tomb": weapons kept from use). `objects`
    are the trigger's object heads."""
    if token.lemma_.lower() in ("foil", "thwart"):
        return next(((o.text, "seize") for o in objects), None)
    for obj in objects:
        listed = [g for o in (obj, *[c for c in obj.children if c.dep_ == "conj"]) for c in o.subtree
                  if c.dep_ == "prep" and c.lower_ in ("including", "like") for g in c.children
                  if g.dep_ == "pobj"]  # "a collection of contraband, including drugs and weapons"
        for t in (whole(obj), *[c for c in obj.children if c.dep_ == "conj"], *listed,
                  *[c for g in listed for c in g.children if c.dep_ == "conj"]):
            if noun_class(t) == "weapon":
                return t.text, "seize"
    return None
