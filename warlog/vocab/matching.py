"""Finding trigger lexicon entries in a parsed sentence (a spaCy Doc or Span, or a list of tokens).

`find_triggers(tokens, vocab)` returns every lexicon entry whose lemma (sequence) occurs in the
tokens with a compatible part of speech and whose `requires` hints the parse does not contradict.
Each match carries a `confidence`: 1.0 when its requirements are confirmed or it has none,
UNVERIFIED when a noun-class requirement (`obj:person`) cannot be checked because the object is
missing or of unknown class, and the match is dropped when the parse contradicts a requirement
("released a statement": the object is a document). Single-word matches on a word that a longer
multiword match also covers ("strike" inside "hunger strike") are dropped. Instrument entries are
returned too (`instrument`); they only qualify the mode of another match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .loader import GAP, GAP_MAX, Vocabulary
from .records import Trigger

WINDOW = 4
UNVERIFIED = 0.85
_POS_OK = {"VERB": frozenset({"VERB"}), "NOUN": frozenset({"NOUN", "PROPN"}), "ADJ": frozenset({"ADJ"})}
OBJECT_DEPS = frozenset({"dobj", "obj", "nsubjpass", "nsubj:pass"})
_SKIP = frozenset({"-", "–", "—"})
_NON_PERSON_PRONOUNS = frozenset({"it", "this", "that", "which", "what", "its"})


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """A lexicon entry found in the tokens: `positions` are the indices (in the sequence searched) of
    the words matching its lemmas, `start`/`end` the span they cover (gaps included)."""

    trigger: Trigger
    positions: tuple[int, ...]
    confidence: float = 1.0

    @property
    def start(self) -> int:
        return self.positions[0]

    @property
    def end(self) -> int:
        return self.positions[-1] + 1

    @property
    def instrument(self) -> bool:
        return "instrument" in self.trigger.requires

    @property
    def score(self) -> float:
        return self.trigger.weight * self.confidence


def lemma_of(token: Any) -> str:
    return str(token.lemma_).lower()


def _keys(token: Any) -> tuple[str, ...]:
    lemma, lower = lemma_of(token), str(token.text).lower()
    return (lemma,) if lemma == lower else (lemma, lower)


def _match_rest(tokens: Sequence[Any], i: int, rest: Sequence[str]) -> tuple[int, ...] | None:
    """Positions of the tokens matching `rest` from position i (hyphens skipped, `*` a gap of up to
    GAP_MAX tokens), or None."""
    if not rest:
        return ()
    while i < len(tokens) and str(tokens[i].text) in _SKIP:
        i += 1
    word = rest[0]
    if word == GAP:
        for skip in range(GAP_MAX + 1):
            found = _match_rest(tokens, i + skip, rest[1:])
            if found is not None:
                return found
        return None
    if i < len(tokens) and word in _keys(tokens[i]):
        tail = _match_rest(tokens, i + 1, rest[1:])
        return None if tail is None else (i, *tail)
    return None


def noun_class(token: Any, vocab: Vocabulary) -> str | None:
    """person, force, place, property, weapon or document for a noun token, from noun_classes.csv (by
    lemma, else by entity label); personal pronouns are persons."""
    lemma = lemma_of(token)
    if str(token.pos_) == "PRON":
        return None if lemma in _NON_PERSON_PRONOUNS else "person"
    label = str(token.ent_type_)
    return vocab.noun_class(lemma) or (vocab.noun_class(f"@{label}") if label else None)


def arguments(token: Any) -> list[Any]:
    """The direct object(s) or passive subject(s) of a verb; for a participle modifying a noun
    ("the village attacked by ..."), that noun."""
    out = [c for c in token.children if str(c.dep_) in OBJECT_DEPS]
    if str(token.dep_) in ("acl", "amod") and token.head.i != token.i:
        out.append(token.head)
    return out


def _linked(token: Any) -> Iterable[Any]:
    yield token.head
    for child in token.children:
        yield child
        yield from child.children


def requirement_confidence(tokens: Sequence[Any], positions: Sequence[int], trig: Trigger,
                           vocab: Vocabulary) -> float:
    """1.0 if the parse confirms the trigger's requirements (or it has none), UNVERIFIED if a noun
    class cannot be checked, 0.0 if the parse contradicts one of them."""
    token = tokens[positions[0]]
    end = positions[-1] + 1
    confidence = 1.0
    for kind in ("obj", "subj"):
        wanted = trig.requirement(kind)
        if not wanted:
            continue
        nodes = arguments(token) if kind == "obj" else [
            c for c in token.children if str(c.dep_) in ("nsubj", "nsubj:pass", "nsubjpass")]
        classes = {noun_class(n, vocab) for n in nodes} - {None}
        if classes and not classes & set(wanted):
            return 0.0
        if not classes:
            confidence = UNVERIFIED
    if trig.requirement("no-object") and any(str(c.dep_) in ("dobj", "obj") for c in token.children):
        return 0.0
    if trig.requirement("object") and trig.pos == "VERB" and not arguments(token):
        confidence = UNVERIFIED
    if trig.requirement("comp") and not any(str(c.dep_) in ("xcomp", "ccomp") for c in token.children):
        nxt = tokens[end] if end < len(tokens) else None
        if nxt is None or lemma_of(nxt) != "to":
            return 0.0
    preps = trig.requirement("prep")
    if preps:
        after = [tokens[j] for j in range(end, min(end + 2, len(tokens)))]
        if not any(lemma_of(t) in preps for t in [*token.children, *after]):
            return 0.0
    partners = trig.requirement("with")
    if partners and not partner_near(tokens, positions, partners):
        return 0.0
    return confidence


def partner_near(tokens: Sequence[Any], positions: Sequence[int], partners: Iterable[str]) -> bool:
    """One of the partner words of a `with:` requirement is linked to the trigger at `positions` (its
    head, a dependent or a dependent's dependent) or within WINDOW tokens of it."""
    token, end = tokens[positions[0]], positions[-1] + 1
    lo, hi = max(0, positions[0] - WINDOW), min(len(tokens), end + WINDOW)
    near = [tokens[j] for j in range(lo, hi) if j not in positions]
    wanted, own = set(partners), {tokens[p].i for p in positions}
    return any(set(_keys(t)) & wanted for t in [*_linked(token), *near] if t.i not in own)


def find_triggers(tokens: Sequence[Any], vocab: Vocabulary, *, check: bool = True) -> list[TriggerMatch]:
    """All lexicon matches in `tokens`, in text order. Multiword entries ignore the part of speech;
    single words need a compatible one (VERB; NOUN or PROPN; ADJ). With `check`, requirements are
    applied (see the module docstring); without, every match has confidence 1.0."""
    lexicon = vocab.triggers
    found: dict[tuple[int, Trigger], tuple[int, ...]] = {}
    for i, token in enumerate(tokens):
        pos = str(token.pos_)
        for key in _keys(token):
            for trig in lexicon.lookup(key):
                if pos in _POS_OK.get(trig.pos, frozenset()):
                    found.setdefault((i, trig), (i,))
            for trig in lexicon.starting_with(key):
                rest = _match_rest(tokens, i + 1, trig.lemmas[1:])
                if rest is not None:
                    found.setdefault((i, trig), (i, *rest))
    covered: dict[int, int] = {}  # token -> longest multiword match covering it
    for positions in found.values():
        for p in positions:
            covered[p] = max(covered.get(p, 1), len(positions))
    out: list[TriggerMatch] = []
    for (_, trig), positions in sorted(found.items(), key=lambda kv: (kv[1], kv[0][1].line)):
        if any(covered[p] > len(positions) for p in positions):
            continue
        confidence = requirement_confidence(tokens, positions, trig, vocab) if check else 1.0
        if confidence > 0.0:
            out.append(TriggerMatch(trig, positions, confidence))
    return out
