"""How much of an event rests on weak evidence: its confidence, for the review queue (lowest first).

An event read from a full clause that names who did what to whom, told in more than one sentence, with
a place and a date the parse tied to its words, is probably right. One read from a headline alone, from
an event noun with nobody around it, from a statement, or placed and dated only by fallbacks (the
report's date, its dateline, the place it names most) is more often wrong. Each piece of evidence adds
or takes a fixed step from a neutral 0.5; the result is kept within [0.05, 0.99]. The steps are
deliberately coarse: they order events for review, they are not probabilities.
`benchmarks/confidence.py` measures how well they order (ROC AUC of right against wrong events).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Certainty, Event
from .events import EventCandidate
from .incidents import TALK_TYPES as TALK  # statements and diplomacy: more often misread
from .roles import HEADLINE_KINDS

#: Reasons of a place the parse tied to the event's words (others are fallbacks).
TIED_PLACE = ("prepositional", "modifier", "setting", "same clause", "named in a sentence")
WEAK_PLACE = ("document dateline", "named before it", "the place the report names most", "the country")


#: How far the learned typer's support (P(type) - P(no event), warlog.learn.support) moves confidence.
LEARNED_WEIGHT = 0.15


def event_confidence(event: Event, group: Sequence[EventCandidate], learned: float | None = None) -> float:
    """The event's confidence from the evidence behind it (module doc); `learned` is the learned
    typer's support for it, if a model is in use."""
    told = [c for c in group if c.authorship is None] or list(group)
    score = 0.5
    sentences = {c.evidence.sentence for c in told}
    score += min(0.15, 0.05 * (len(sentences) - 1))  # told again and again
    if any(not c.nominal and c.segment_kind not in HEADLINE_KINDS for c in told):
        score += 0.1  # a clause of the body states it
    elif all(c.segment_kind in HEADLINE_KINDS for c in told):
        score -= 0.15  # a headline alone
    if all(c.reference for c in told):
        score -= 0.1  # only mentions of an event told elsewhere
    if event.actors:
        score += 0.05
    if event.recipients:
        score += 0.05
    if not event.actors and not event.recipients:
        score -= 0.1
    score += _slot(event.location_reason, event.location is not None)
    score += _date(event)
    if event.type in TALK:
        score -= 0.1
    if event.certainty not in (Certainty.ASSERTED, Certainty.CLAIMED):
        score -= 0.05
    if any(c.authorship for c in group):
        score += 0.05  # a claim, accusation or suspicion speaks of it
    if learned is not None:
        score += LEARNED_WEIGHT * learned  # the sentence's wording, as the learned typer reads it
    return round(min(0.99, max(0.05, score)), 3)


def _slot(reason: str | None, present: bool) -> float:
    if not present or reason is None:
        return -0.05
    if reason.startswith(WEAK_PLACE):
        return -0.05
    return 0.05 if reason.startswith(TIED_PLACE) else 0.0


def _date(event: Event) -> float:
    if event.date is None or event.date.precision == "reported":
        return -0.05
    reason = event.date_reason or ""
    return 0.05 if reason != "same sentence" else 0.0
