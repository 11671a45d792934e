"""Typing a sentence with the trigger lexicon alone: the baseline that tells how good the lexicon
is (scored on the PLOVER gold-standard records by warlog.vocab.plover_eval).

`choose(tokens, matches, vocab)` picks the event a sentence states from its trigger matches:

1. Each non-instrument match scores its weight x confidence, less DEPTH_PENALTY for every
   dependency level between its word and the sentence root (the main verb states the event; "X
   threatened to attack Y" is a threat). A noun trigger that is the subject or object of a verb
   which is no trigger itself ("staged a demonstration", "fighting broke out") stands at that
   verb's level.
2. The best match gives the type. A match marked `intent` ("is willing to", "plans to") or
   `negates` ("failed to") hands over to the best match in its complement, announced for the future
   or negated.
3. Modality (plover.toml [modality]): an event whose clause has a future auxiliary takes its type's
   `future_type` (AGREE for cooperation, THREATEN for conflict); a negated one its `negated_type`;
   one under an obligation auxiliary ("Y must withdraw", said X) becomes the obligation type
   (REQUEST).
4. The modes are those of every match of the chosen type, the chosen match's first; instruments
   ("machete", "roadside bomb") contribute modes only. A THREATEN, REQUEST or REJECT event without
   a mode of its own takes one from the event threatened, requested or refused (plover.toml
   [complement_modes]: "threatened to impose a curfew" -> THREATEN/restrict).

With `structure=False` only step 1 without the depth penalty applies: the highest-weight trigger.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .loader import Vocabulary
from .matching import TriggerMatch, find_triggers, lemma_of

DEPTH_PENALTY = 0.2
SUBCLAUSE_LEVELS = 2
_SUBCLAUSE_DEPS = frozenset({"advcl", "relcl", "acl"})
#: How far below an `intent`, THREATEN, REQUEST or REJECT trigger its complement event may be.
COMPLEMENT_LEVELS = 3
_ARG_DEPS = frozenset({"dobj", "obj", "nsubj", "nsubjpass", "nsubj:pass", "attr"})
_CHAIN_DEPS = frozenset({"xcomp", "conj", "acomp"})


def _depth(token: Any) -> int:
    """Dependency levels between the token and the root; an edge into a subordinate clause (adverbial,
    relative or adnominal: circumstances, purposes, background) counts SUBCLAUSE_LEVELS levels."""
    depth = 0
    steps = 0
    while token.head.i != token.i and steps < 50:
        depth += SUBCLAUSE_LEVELS if str(token.dep_) in _SUBCLAUSE_DEPS else 1
        token = token.head
        steps += 1
    return depth


def _anchor(token: Any, trigger_tokens: set[int]) -> Any:
    """The verb a noun trigger stands for when it is an argument of a non-trigger verb."""
    head = token.head
    if (str(token.pos_) in ("NOUN", "PROPN") and str(token.dep_) in _ARG_DEPS and head.i != token.i
            and str(head.pos_) in ("VERB", "AUX") and head.i not in trigger_tokens):
        return head
    return token


def _clause(token: Any) -> list[Any]:
    """The token and the verbs it hangs from within one clause (through xcomp and conj edges)."""
    chain = [token]
    while str(chain[-1].dep_) in _CHAIN_DEPS and chain[-1].head.i != chain[-1].i and len(chain) < 10:
        chain.append(chain[-1].head)
    return chain


def _has_aux(tokens: Sequence[Any], words: frozenset[str]) -> bool:
    return any(str(c.dep_) in ("aux", "auxpass") and str(c.text).lower() in words
               for t in tokens for c in t.children)


def _negated(tokens: Sequence[Any]) -> bool:
    return any(str(c.dep_) == "neg" for t in tokens for c in t.children)


def _in_subtree(token: Any, root: Any) -> bool:
    while token.head.i != token.i:
        if token.head.i == root.i:
            return True
        token = token.head
    return False


def choose(tokens: Sequence[Any], matches: Sequence[TriggerMatch], vocab: Vocabulary, *,
           structure: bool = True) -> tuple[str | None, list[str]]:
    """The event type and modes the trigger matches of one sentence signal (see module docstring)."""
    events = [m for m in matches if not m.instrument]
    modality = vocab.modality
    if not events:
        if structure and modality.obligation_type and any(
                lemma_of(t) in modality.obligation_aux and str(t.dep_) == "aux" and _depth(t) <= 3
                for t in tokens):
            return modality.obligation_type, []
        return None, []
    trigger_tokens = {p for m in events for p in m.positions}
    anchors = {id(m): _anchor(tokens[m.start], trigger_tokens) for m in events}

    def score(m: TriggerMatch) -> float:
        return m.score - (DEPTH_PENALTY * _depth(anchors[id(m)]) if structure else 0.0)

    def complement(m: TriggerMatch) -> TriggerMatch | None:
        head = tokens[m.start]
        top = _depth(head)
        inner = [x for x in events if x is not m and _in_subtree(tokens[x.start], head)
                 and _depth(anchors[id(x)]) - top <= COMPLEMENT_LEVELS]
        return max(inner, key=score) if inner else None

    best = max(events, key=score)
    if not structure:
        return best.trigger.type, _modes(matches, best)
    future = negated = False
    flags = best.trigger.requires
    if "intent" in flags or "negates" in flags:
        future, negated = "intent" in flags, "negates" in flags
        best = complement(best) or best
    clause = _clause(anchors[id(best)])
    event_type = vocab.types[best.trigger.type]
    new_type: str | None = None
    if modality.obligation_type and _has_aux(clause, modality.obligation_aux):
        new_type = modality.obligation_type
    elif negated or _negated(clause):
        new_type = event_type.negated_type
    elif future or _has_aux(clause, modality.future_aux):
        new_type = event_type.future_type
    if new_type is not None and new_type != event_type.name:
        mode = vocab.complement_mode(new_type, best.trigger.type, best.trigger.mode)
        return new_type, [mode] if mode else []
    modes = _modes(matches, best)
    if not modes and event_type.name in vocab.complement_modes:
        inner = complement(best)
        if inner is not None:
            mode = vocab.complement_mode(event_type.name, inner.trigger.type, inner.trigger.mode)
            modes = [mode] if mode else []
    return event_type.name, modes


def _modes(matches: Sequence[TriggerMatch], best: TriggerMatch) -> list[str]:
    same = sorted((m for m in matches if m.trigger.type == best.trigger.type and m.trigger.mode),
                  key=lambda m: (m is not best, -m.score))
    return list(dict.fromkeys(m.trigger.mode for m in same if m.trigger.mode))


def lexicon_typer(sentence: str, nlp: Any, *, vocab: Vocabulary | None = None,
                  structure: bool = True) -> tuple[str | None, list[str]]:
    """Type one sentence with the trigger lexicon: parse it with `nlp` (a spaCy Language), find the
    trigger matches and `choose`. Returns (PLOVER type or None, modes)."""
    if vocab is None:
        from . import load_vocabulary

        vocab = load_vocabulary()
    tokens = list(nlp(sentence))
    return choose(tokens, find_triggers(tokens, vocab), vocab, structure=structure)
