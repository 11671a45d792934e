"""Syntax helpers for relation extraction: a parsed sentence with its candidate mentions, and who or
what a describing phrase is about (apposition, copula, title before a name, relative clause,
participle), the objects of a role noun, possessive pronouns' antecedents, and `make`, which checks
that subject and object can stand in the relation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...vocab import load_vocabulary
from .lexicon import (
    ALWAYS_LEADER,
    COPULAS,
    HONORIFICS,
    INDEFINITE,
    MEMBER_NOUNS,
    ORG_HEADS,
    PERSONAL_POSSESSIVES,
    RANK_ADJECTIVES,
    RELATIVE_PRONOUNS,
    TITLES,
    TOP_ROLES,
)
from .mentions import Mention

ACTOR_KINDS = frozenset({"person", "org", "state", "name"})
GROUP_KINDS = frozenset({"org", "state", "name"})
PERSON_KINDS = frozenset({"person", "name", "org"})
#: Prepositions before a name that make it a setting, not an apposition's anchor ("In Baghdad, the ...").
LOCATIVE = frozenset({"in", "at", "near", "outside", "around", "from", "into", "on", "across", "towards",
                      "toward", "inside", "during", "after", "before", "since"})
NP_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "ADV", "PART"})
#: Last words of a name that make it a place (place_types.csv, use `name`): "Diyala province".
PLACE_WORDS = frozenset(load_vocabulary().place_words("name"))
QUANTIFIERS = frozenset({"one", "some", "many", "each", "all", "most", "several", "two", "three", "four",
                         "five", "part", "none"})


@dataclass(frozen=True, slots=True)
class Finding:
    subject: Mention
    relation: str
    object: Mention
    anchor: int
    pattern: str
    confidence: float
    heads: tuple[int, ...] = ()
    phrase: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a spaCy Doc, tokens [start, end), with the mentions inside it."""

    sdoc: Any
    start: int
    end: int
    mentions: tuple[Mention, ...]
    previous_subject: Mention | None = None  # a person the previous sentence is about ("His brother")
    home: str | None = None  # the country the document is about, when one dominates its mentions

    def at(self, i: int) -> Mention | None:
        for m in self.mentions:
            if m.start <= i < m.end:
                return m
        return None

    def ending_at(self, i: int) -> Mention | None:
        """The mention whose last token is i."""
        m = self.at(i)
        return m if m is not None and m.end == i + 1 else None

    def starting_at(self, i: int) -> Mention | None:
        m = self.at(i)
        return m if m is not None and m.start == i else None

    def tok(self, i: int) -> Any:
        return self.sdoc[i] if self.start <= i < self.end else None

    def noun(self, tok: Any) -> Mention | None:
        """The mention a noun stands for: its own, or the name before a group's people ("M23 rebels",
        "Special Groups operatives")."""
        m = self.at(tok.i)
        if m is not None:
            return m
        if tok.lower_ in MEMBER_NOUNS:
            m = self.ending_at(tok.i - 1)
            if m is not None and m.kind in ("org", "name", "person", "place"):
                return m
        return None


# ---------------------------------------------------------------- who the phrase is about

def np_start(s: Sentence, i: int) -> int:
    """First token of the noun phrase ending at token i, by surface: determiners, adjectives, nouns,
    names, numbers, possessives, "once"/"reportedly", "one of the"; stops at commas and verbs."""
    j = i - 1
    while j >= s.start:
        t = s.sdoc[j]
        if t.text == "," or t.pos_ in ("AUX", "CCONJ", "SCONJ") or (t.pos_ == "VERB" and t.dep_ != "amod"):
            break
        if t.tag_ == "PRP$":
            return j
        if t.lower_ == "of" and j - 1 >= s.start and s.sdoc[j - 1].lower_ in QUANTIFIERS:
            j -= 2
            continue
        if t.pos_ in NP_POS or t.tag_ == "POS" or t.text in ("-", "‐") or t.dep_ in ("amod", "compound"):
            j -= 1
            continue
        break
    return j + 1


def apposition_holder(s: Sentence, left: int) -> Mention | None:
    """"NAME, <phrase starting at left>": the name."""
    t = s.tok(left - 1)
    if t is None or t.text != ",":
        return None
    m = s.ending_at(left - 2)
    if m is None:
        return None
    before = s.tok(m.start - 1)
    if before is not None and before.lower_ in LOCATIVE and m.kind != "state":
        return None
    return m


def subject_of(s: Sentence, verb: Any, heads: list[int], depth: int = 0) -> Mention | None:
    """The mention that is the subject of a verb: through relative pronouns ("X, who is ..."),
    raising verbs ("X is believed to be ...") and coordination."""
    if depth > 3:
        return None
    heads.append(verb.i)
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            if c.lower_ in RELATIVE_PRONOUNS:
                rel = verb
                while rel.dep_ != "relcl" and rel.head.i != rel.i and rel.dep_ in ("xcomp", "conj", "ccomp"):
                    rel = rel.head
                return s.noun(rel.head) if rel.dep_ == "relcl" else None
            return s.noun(c) or next((s.at(a.i) for a in c.children if a.dep_ == "appos" and s.at(a.i)),
                                     None)
    if verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        return subject_of(s, verb.head, heads, depth + 1)
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        gov = verb.head.head
        obj = next((c for c in gov.children if c.dep_ == "dobj"), None)
        if obj is not None:  # "Israel accuses Iran of arming Hezbollah": Iran arms
            heads.append(gov.i)
            return s.noun(obj)
        if gov.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in gov.children):
            return subject_of(s, gov, heads, depth + 1)  # "X is suspected of being a member of"
    if verb.dep_ == "relcl":
        return s.noun(verb.head)
    return None


def copula_holder(s: Sentence, r: Any, heads: list[int]) -> Mention | None:
    """"X is/was/became the leader of Y", "X is described as the commander of Y"."""
    tok = r
    for _ in range(3):
        if tok.dep_ == "conj":
            tok = tok.head
            continue
        break
    if tok.dep_ in ("attr", "oprd", "acomp"):
        verb = tok.head
    elif tok.dep_ == "pobj" and tok.head.lower_ == "as":
        verb = tok.head.head
    else:
        return None
    if verb.lemma_.lower() not in COPULAS:
        return None
    return subject_of(s, verb, heads)


def title_holder(s: Sentence, r: Any) -> Mention | None:
    """"Taliban spokesman Zabihullah Mujahid", "his brother Layith", "Y's leader, X", and past a rank,
    a service or the title's own "of" phrase: "Coalition spokesman US Army Col. Myles Caggins III",
    "NYPD Chief of Department Terence Monahan"."""
    m = s.starting_at(r.i + 1)
    if m is not None and m.kind in ("person", "name"):
        return m
    j = r.i + 1
    while j < min(r.i + 7, s.end):
        m = s.starting_at(j)
        if m is not None and m.kind == "person":
            return m
        t = s.sdoc[j]
        if m is not None and m.kind in ("org", "state", "demonym"):
            j = m.end
        elif t.lower_ in TITLES or t.lower_ == "of" or (t.text == "." and s.sdoc[j - 1].lower_ in TITLES) or (
                t.pos_ == "PROPN" and s.sdoc[j - 1].lower_ == "of"):
            j += 1
        else:
            break
    t = s.tok(r.i + 1)
    if t is not None and t.text == ",":
        m = s.starting_at(past_honorifics(s, r.i + 2))  # "The police commissioner, Sir John Hale"
        if m is not None and personal(m):
            return m
    return None


def personal(m: Mention) -> bool:
    """A name that may be a person's: NER says so, or a "place" that may be mislabelled."""
    return m.kind == "person" or mislabelled_place(m)


def mislabelled_place(m: Mention) -> bool:
    """A GPE/LOC the small model may have given a person or a group ("Hadi al-Amiri", "Musa Baluku",
    "M23"): several words without a place word, or a name with digits. One-word towns stay places."""
    if m.kind != "place" or m.canonical is not None:
        return False
    if any(ch.isdigit() for ch in m.text):
        return True
    return len(m.words) >= 2 and m.words[-1].lower() not in PLACE_WORDS


def past_honorifics(s: Sentence, k: int) -> int:
    """The first token from k on that is not a form of address ("Sir", "Mr.", "Lord")."""
    while s.tok(k) is not None and s.sdoc[k].lower_.rstrip(".") in HONORIFICS:
        k += 1
    return k


def name_shaped(m: Mention) -> bool:
    """A name the model called a body that reads as a person's: two to four capitalised words, none a
    body's or a place's word ("Maria Eugenia Landaeta" after "the head of …,")."""
    return m.kind in ("org", "name") and 2 <= len(m.words) <= 4 and all(
        w[:1].isupper() and w[1:].islower() and w.isalpha() and w.lower() not in ORG_HEADS
        and w.lower() not in PLACE_WORDS for w in m.words)


def phrase_holder(s: Sentence, head: Any, heads: list[int]) -> Mention | None:
    """Who a describing noun phrase (headed by `head`) is about: the name it is in apposition to,
    or the subject of the copula it is the predicate of."""
    m = s.noun(head)
    if m is not None:
        return m
    return apposition_holder(s, np_start(s, head.i)) or copula_holder(s, head, heads)


def participle_holder(s: Sentence, v: Any, heads: list[int]) -> Mention | None:
    """Who a participle or adjective phrase is about: "X, backed by Y", "the units subordinate to Y",
    "X is allied with Y", "X which is led by Y"."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
        m = subject_of(s, v, heads)
        if m is not None:
            return m
    if v.dep_ == "acomp":
        return subject_of(s, v.head, heads)
    j = v.i - 1
    while j >= s.start and s.sdoc[j].pos_ == "ADV":
        j -= 1
    prev = s.tok(j)
    if prev is None:
        return None
    if prev.text == ",":
        return s.ending_at(j - 1)
    m = s.ending_at(j)
    if m is not None:
        return m
    if prev.pos_ == "NOUN":
        return phrase_holder(s, prev, heads)
    if v.dep_ == "advcl":
        return subject_of(s, v.head, heads)
    return None


def antecedent(s: Sentence, pron: Any, holder: Mention | None, r: Any) -> Mention | None:
    """The person a possessive pronoun refers to: the name "his brother" is coordinated with, else the
    nearest name before the pronoun in the sentence, else the person the previous sentence is about."""
    if r.dep_ == "conj":
        m = s.at(r.head.i)
        if m is not None and m.kind in ("person", "name") and m != holder:
            return m
    for m in sorted(s.mentions, key=lambda m: -m.start):
        if m.end <= pron.i and m.kind in ("person", "name") and m != holder:
            return m
    if s.previous_subject is not None and s.previous_subject != holder:
        return s.previous_subject
    return None


# ---------------------------------------------------------------- objects of a noun

def prep_objects(s: Sentence, r: Any, preps: dict[str, str] | Any) -> list[tuple[Mention, str, int]]:
    """Mentions after a preposition of the noun: "leader of the Mahdi Army" → (Mahdi Army, rel, prep)."""
    out: list[tuple[Mention, str, int]] = []
    for c in r.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    # "leader of X and Y"; "a researcher for the charity X": the name in apposition to
                    # a common noun
                    named = [x for x in p.children if x.dep_ == "appos"] if s.at(p.i) is None else []
                    for tok in (p, *[x for x in p.children if x.dep_ == "conj"], *named):
                        m = s.at(tok.i)
                        if m is not None:
                            out.append((m, preps[c.lower_], c.i))
                    if s.at(p.i) is None and p.lower_ in SUB_BODIES:
                        out.extend(_body_of_part(s, p))
    nxt = s.tok(r.i + 1)
    if not out and nxt is not None and nxt.head.i != r.i and nxt.lower_ in preps:
        # a prepositional phrase right after the noun that the parser attached elsewhere
        k = r.i + 2
        if s.tok(k) is not None and s.sdoc[k].lower_ == "the":
            k += 1
        m = s.starting_at(k)
        after = s.tok(m.end) if m is not None else None
        ends = after is None or (after.pos_ not in ("NOUN", "PROPN", "ADJ") and after.tag_ != "POS")
        if m is not None and ends:
            out.append((m, preps[nxt.lower_], nxt.i))
    return out


#: Parts of a body that a role may head without leading the body ("the head of the infectious diseases
#: department at the Hospital X", "the chief of the press service for the Ministry of Defence").
SUB_BODIES = frozenset({"department", "office", "service", "unit", "section", "bureau", "branch", "team",
                        "division", "directorate", "desk"})
#: Words that make a body's part its voice: "press service", "press office", "media office".
PRESS_WORDS = frozenset({"press", "media", "information", "communications"})


def _body_of_part(s: Sentence, part: Any) -> list[tuple[Mention, str, int]]:
    """The body a part belongs to, after its own preposition: the role's holder is a member of it, or
    its spokesman when the part is its press service."""
    press = any(c.dep_ in ("compound", "amod") and c.lower_ in PRESS_WORDS for c in part.children)
    out: list[tuple[Mention, str, int]] = []
    for c in part.children:
        if c.dep_ == "prep" and c.lower_ in ("at", "of", "for", "in", "within"):
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                # "for the Ministry of Defence (MoD)": the parser may hang the name on its acronym
                named = [m for t in (p, *(x for x in p.children if x.dep_ in ("nmod", "appos")))
                         if (m := s.at(t.i)) is not None and m.kind in ("org", "state", "name")]
                if named:
                    out.append((named[0], "spokesman_for" if press else "member_of", c.i))
    return out


def premodifier(s: Sentence, r: Any, left: int) -> tuple[Mention | None, Any, bool]:
    """The name before a noun in its phrase: ("Hezbollah" operative), ("Iran" 's military command),
    or a personal possessive pronoun ("his" brother). Returns (mention, pronoun, possessive)."""
    j = r.i - 1
    while j >= left:
        t = s.sdoc[j]
        if t.tag_ == "POS":
            return s.ending_at(j - 1), None, True
        if t.tag_ == "PRP$":
            return None, (t if t.lower_ in PERSONAL_POSSESSIVES else None), True
        m = s.at(j)
        if m is not None:
            between = s.sdoc[m.end:r.i]
            if all(x.pos_ in ("ADJ", "NOUN") and x.text.islower() for x in between) and len(between) <= 2:
                return m, None, False
            return None, None, False
        j -= 1
    return None, None, False


def indefinite_phrase(s: Sentence, left: int, r: Any) -> bool:
    words = {s.sdoc[j].lower_ for j in range(left, r.i)}
    return bool(words & INDEFINITE) or bool(words & RANK_ADJECTIVES)


def leader_or_member(word: str, indefinite: bool, definite: bool) -> str:
    """"the leader of X", "Hezbollah leader X" lead; "a (senior) leader of X" is one of several; a
    commander leads X only as "the commander of X" ("Taliban commander X" commands within it)."""
    if word in ALWAYS_LEADER:
        return "leader_of"
    if indefinite:
        return "member_of"
    if word in TOP_ROLES or (word == "commander" and definite):
        return "leader_of"
    return "member_of"


#: Words that name a body only together with whose it is ("the Department", "the Ministry").
BARE_BODIES = frozenset({"department", "ministry", "office", "bureau", "division", "directorate", "committee",
                         "council", "agency", "service", "unit"})


def _object_ok(relation: str, m: Mention, loose: bool) -> bool:
    """NER often calls a group PERSON ("Boko Haram", "Asa'ib Ahl al-Haq") or a person GPE ("Hadi
    al-Amiri"), so kinds mostly exclude: never a bare demonym; a town only where the rule itself says
    actor (`loose`); a country is nobody's kin or member."""
    if m.kind not in ACTOR_KINDS and not (loose and mislabelled_place(m)):
        return False
    if len(m.words) == 1 and m.words[0].lower() in BARE_BODIES:
        return False  # "Chief of Department X": a body of the organisation named elsewhere
    if relation == "kin_of":
        return m.kind != "state"
    if relation == "member_of":
        return m.kind != "state"
    return True


def _subject_ok(relation: str, m: Mention, loose: bool) -> bool:
    if m.kind not in ACTOR_KINDS and not (loose and mislabelled_place(m)):
        return False
    if relation in ("leader_of", "member_of", "spokesman_for", "kin_of"):
        return m.kind != "state"
    return True


def make(subject: Mention | None, relation: str, obj: Mention | None, anchor: int, pattern: str,
         confidence: float, heads: list[int] | tuple[int, ...] = (),
         phrase: range | tuple[int, ...] = (), *, loose_subject: bool = False,
         loose_object: bool = False) -> Iterator[Finding]:
    if subject is None or obj is None or subject == obj:
        return
    if not (_subject_ok(relation, subject, loose_subject) and _object_ok(relation, obj, loose_object)):
        return
    if subject.start < obj.end and obj.start < subject.end:
        return
    yield Finding(subject, relation, obj, anchor, pattern, confidence, tuple(heads), tuple(phrase))
