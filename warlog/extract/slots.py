"""Places and dates of a sentence given to the event triggers that govern them.

A name or date modifying a nominal trigger ("the 2007 Karbala attack") belongs to it; a date or place
with a "when" clause of its own dates that clause ("since March 2015, when militants killed …"); a PP
date or place right after a nominal event with its own argument belongs to that event; otherwise the
trigger above it in the parse (a reference keeps only its own phrases), else the sentence's main trigger.
Each gift carries its reason and a score (how reliable the attachment is).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..model import DateMention, PlaceMention, Span
from ..nlp import AnnotatedSegment

if TYPE_CHECKING:
    from .events import EventCandidate


def _token_at(sent: Any, char: int) -> Any | None:
    for t in sent:
        if t.idx <= char < t.idx + len(t.text):
            return t
    return None


def assign_slots(seg: AnnotatedSegment, sent: Any, found: dict[int, EventCandidate], folded: dict[int, int],
                  places: Sequence[PlaceMention], dates: Sequence[DateMention],
                  event_nouns: frozenset[str]) -> None:
    start, end = seg.doc_offset(sent.start_char), seg.doc_offset(sent.end_char)
    main = _main_trigger(sent, found)
    for m in places:
        if start <= m.span.start < end and m.location.place_id is not None and m.label != "dateline":
            owner, reason, score = _owner(seg, sent, m.span, found, folded, main, "place", event_nouns)
            if owner in found:  # (a setting noun folds into a trigger that may itself have been dropped)
                found[owner].places.append((m, reason, score))
    for d in dates:
        if start <= d.span.start < end and d.value is not None:
            owner, reason, score = _owner(seg, sent, d.span, found, folded, main, "date", event_nouns)
            if owner in found:
                found[owner].dates.append((d, reason, score))


def _main_trigger(sent: Any, found: dict[int, EventCandidate]) -> int:
    verbal = [i for i, c in found.items() if not c.nominal]
    pool = verbal or list(found)
    root = sent.root.i
    return min(pool, key=lambda i: (0 if i == root else 1, abs(i - root)))


def _owner(seg: AnnotatedSegment, sent: Any, span: Span, found: dict[int, EventCandidate],
           folded: dict[int, int], main: int, slot: str, event_nouns: frozenset[str]
           ) -> tuple[int | None, str, float]:
    token = _token_at(sent, span.start - seg.segment.start)
    if token is None:
        return main, "same sentence", 0.5
    if slot == "place" and token.dep_ == "nsubj" and token.head.pos_ in ("VERB", "AUX"):
        return None, "the subject of a verb: who did it, not where", 0.0  # "Russia launched … on Odesa"
    # 0. a date or place with a "when"/"where" clause of its own dates that clause: "since March 2015,
    #    when militants killed eleven soldiers"
    #    ("in Mombasa, Kisumu and Nakuru, where demonstrators blocked roads": the clause of every place listed)
    for clause in (c for t in (token, *token.conjuncts) for c in t.children if c.dep_ == "relcl"):
        inside = sorted(t.i for t in clause.subtree if t.i in found)
        if inside:
            return inside[0], "dates the clause that follows it", 0.9
    # 1. a modifier of a nominal trigger: "the 2007 Karbala attack"
    node = token
    while node.dep_ in ("compound", "nummod", "amod", "nmod", "poss") and node.head.i != node.i:
        node = node.head
        if node.i in found or node.i in folded:
            return folded.get(node.i, node.i), "modifier of the trigger", 0.95
        if node.lemma_.lower() in event_nouns:
            return None, "modifies a mention of another event", 0.0
    # the same seen in the words, whatever the parse: "behind 2007 Karbala attack"
    end_token = _token_at(sent, span.end - 1 - seg.segment.start) or token
    for nxt in sent.doc[end_token.i + 1:min(end_token.i + 4, sent.end)]:
        if nxt.pos_ not in ("PROPN", "NOUN", "NUM", "ADJ"):
            break
        if nxt.lemma_.lower() in event_nouns and nxt.i not in found and nxt.i not in folded:
            return None, "modifies a mention of another event", 0.0
    # 2. right after a nominal event that has its own argument and no such slot yet
    for i in sorted((i for i in found if i < token.i), reverse=True):
        cand = found[i]
        between = sent.doc[i + 1:token.i]
        if any(t.pos_ in ("VERB", "AUX") for t in between) or any(j in found for j in range(i + 1, token.i)):
            break
        if cand.nominal and cand.recipients and not (cand.places if slot == "place" else cand.dates):
            return i, "prepositional phrase after the event noun", 0.8
        break
    # 3. the trigger above it in the parse (a folded setting noun gives its verb)
    node = token
    while node.head.i != node.i:
        node = node.head
        if node.i in folded:
            return folded[node.i], "setting of the trigger (during/in …)", 0.9
        direct = node.i in (token.head.i, token.head.head.i)
        if node.i in found and (not found[node.i].reference or (
                direct and not (found[node.i].places if slot == "place" else found[node.i].dates))):
            # a reference keeps only its own modifiers and phrases ("the attack in March 2016"), and
            # no second place or date ("the 2007 Karbala attack in Musayyib": the arrest's)
            return node.i, "prepositional object of trigger" if direct else "same clause", 0.9 if direct else 0.75
        if node.pos_ in ("VERB", "AUX"):
            # "Shells hit the market of El Fasher on Thursday, killing 18": the participle a verb goes on
            # into tells the same act
            going_on = [c.i for c in node.children if c.i in found and c.dep_ == "advcl" and c.tag_ == "VBG"
                        and not found[c.i].nominal]
            if len(going_on) == 1:
                return going_on[0], "clause the trigger goes on from", 0.75
            if node.dep_ != "ROOT":
                return None, "in the clause of another verb", 0.0
    return main, "same sentence", 0.5
