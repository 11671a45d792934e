"""Trigger senses: what a trigger lemma means (PLOVER type and mode, the count its victims give, what it
asks of its object and of the words beside it), and which of a trigger's readings a parsed token takes
("shot dead", "take hostage", "a suicide car bomb", "a 48-hour strike" by workers)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..vocab.matching import partner_near


@dataclass(frozen=True, slots=True)
class TriggerSense:
    """What a trigger lemma means: PLOVER type and mode, the casualty count its object gives
    (`killed`, `wounded`, `detained`, `abducted`), and a weight among competing senses."""

    type: str
    mode: str | None = None
    count: str | None = None
    weight: float = 1.0
    needs_agent: bool = False  # ACCUSE-like: no event without an explicit accuser
    objects: tuple[str, ...] = ()  # noun classes the object must be of (person, force, place, …)
    mutual: bool = False  # two-sided ("clashed with", "a gun battle with"): every side is an actor
    partners: tuple[str, ...] = ()  # lemmas one of which must be linked to or near the trigger
    undergo: bool = False  # the subject undergoes it ("a farmer stepped on a mine"): a recipient
    context: str | None = None  # the PLOVER context it tells ("retook the town": military)
    no_object: bool = False  # only without a direct object ("students demonstrated", not "demonstrated resolve")
    subjects: tuple[str, ...] = ()  # noun classes the subject must be of ("a bomb went off": weapon)


NO_SENSE = TriggerSense("")
Lexicon = Mapping[tuple[str, str], tuple[TriggerSense, ...]]  # (lemma, "VERB"|"NOUN") → senses, strongest first


#: Verb lemmas the English model's rule lemmatizer cuts to a noun: "staged" → "stag", "waged" → "wag".
LEMMA_REPAIRS = {"stag": "stage", "wag": "wage", "rag": "rage"}


def lemma_of(token: Any) -> str:
    """A token's lower-case lemma, repaired where the model's lemmatizer is known to go wrong."""
    low = str(token.lemma_).lower()
    if token.pos_ in ("VERB", "AUX") and low in LEMMA_REPAIRS and token.lower_ != low:
        return LEMMA_REPAIRS[low]
    return low


def senses_of(token: Any, lexicon: Lexicon) -> tuple[TriggerSense, ...]:
    """Every reading of a trigger token, strongest first: its multiword readings when the parse has
    their second word, a killing before "dead", else its lemma's, less those whose partner word is absent."""
    pos = "VERB" if token.pos_ in ("VERB", "AUX") else "NOUN" if token.pos_ in ("NOUN", "PROPN") else None
    if pos is None:
        return ()
    lemma, starts = lemma_of(token), _first_words(lexicon)
    if lemma not in starts and token.lower_ not in starts:
        return ()  # most words start no reading: answered without building keys
    # multiword readings first: "take hostage", "set fire", "gun down", "blow up", "call for"
    if pos == "VERB":
        for child in token.children:
            if child.dep_ in ("dobj", "prt", "advmod", "oprd", "xcomp", "prep", "nsubjpass"):  # "bodies were found"
                multi = partnered(token, lexicon.get((f"{lemma} {child.lemma_.lower()}", pos), ()))
                if multi:
                    return multi
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if pos == "VERB" and following is not None and following.lower_ == "dead":
        # "shot dead two policemen": a killing whatever the parse makes of "dead"
        dead = lexicon.get((f"{lemma} dead", pos)) or _killing(lexicon, lemma)
        if dead:
            return dead
    senses = lexicon.get((lemma, pos), ())
    if not senses and pos == "VERB" and token.tag_ == "VBN":
        senses = lexicon.get((token.lower_, pos), ())
    return partnered(token, senses)


_FIRST_WORDS: dict[int, tuple[Lexicon, frozenset[str]]] = {}


def _first_words(lexicon: Lexicon) -> frozenset[str]:
    """The first words of a lexicon's readings (computed once per lexicon, which the cache keeps)."""
    held = _FIRST_WORDS.get(id(lexicon))
    if held is None or held[0] is not lexicon:
        held = _FIRST_WORDS[id(lexicon)] = (lexicon, frozenset(key.split()[0] for key, _ in lexicon))
    return held[1]


def partnered(token: Any, senses: tuple[TriggerSense, ...]) -> tuple[TriggerSense, ...]:
    """The senses whose partner words ("strike" with "workers", "48-hour", "general") are there
    (`warlog.vocab.matching.partner_near`: linked to the trigger or within a few tokens of it)."""
    if not any(s.partners for s in senses):
        return senses
    return tuple(s for s in senses if not s.partners or partner_near(token.doc, (token.i,), s.partners))


def _killing(lexicon: Lexicon, lemma: str) -> tuple[TriggerSense, ...]:
    """A trigger followed by "dead" reads as a killing: its own senses with the killed count."""
    return tuple(replace(s, count="killed") for s in lexicon.get((lemma, "VERB"), ()) if s.type == "ASSAULT")


def cand_sense(token: Any, lexicon: Lexicon) -> TriggerSense:
    """The reading of a nominal trigger (an empty one where it has none)."""
    return nominal_sense(token, lexicon) or NO_SENSE


#: Modifiers that make an event noun a publication: "a press release", "a news release".
PUBLISHING = frozenset({"press", "news", "media"})


def nominal_sense(token: Any, lexicon: Lexicon) -> TriggerSense | None:
    """The strongest reading that asks nothing of the object (used for nominal triggers); a noun with
    a compound before it reads as the two words first ("a suicide bomber", "a car bombing")."""
    if token.pos_ in ("NOUN", "PROPN"):
        before = [c for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i]
        if any(c.lower_ in PUBLISHING for c in before):
            return None  # "issued a press release": a statement, no release
        hyphen = token.i >= 2 and token.doc[token.i - 1].text in ("-", "‐")  # "cease-fire", "air-strike"
        keys = [f"{c.lemma_.lower()} {token.lemma_.lower()}" for c in before
                if c.i == token.i - 1 or (hyphen and c.i == token.i - 2)]
        if len(before) >= 2:  # "a suicide car bomb": three-word triggers are keyed by their first two words
            keys.insert(0, f"{before[-2].lemma_.lower()} {before[-1].lemma_.lower()}")
        for key in keys:
            sense = next((s for s in lexicon.get((key, "NOUN"), ()) if not s.objects), None)
            if sense is not None:
                return sense
    return next((s for s in senses_of(token, lexicon) if not s.objects), None)


def lexicon_nouns(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(lemma for lemma, pos in lexicon if pos == "NOUN")


def violent_nouns(lexicon: Lexicon) -> frozenset[str]:
    """Nouns of the lexicon that name an assault ("attack", "explosion", "shelling")."""
    return frozenset(k[0] for k, senses in lexicon.items()
                     if k[1] == "NOUN" and any(x.type == "ASSAULT" for x in senses))
