"""Places a report names again by their kind: "the city", "the town", "the province". Such a phrase
stands for the last place of that kind the report named before it ("community leaders in Manchester …
the May 22 concert bombing in the city" → Manchester); it becomes a place mention of its own, so that
the event it locates is placed there rather than at the dateline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..model import PlaceMention
from ..nlp import AnnotatedSegment
from ..vocab import load_vocabulary

#: Place nouns and the ACLED precisions of the places they can stand for (1 a town, 2 a district,
#: 3 a province): place_types.csv, use `again`.
PLACE_NOUNS: dict[str, frozenset[int]] = {w: frozenset({p.precision}) for w, p in
                                          load_vocabulary().place_words("again").items() if p.precision is not None}
#: Segments back that a place named before may lie (the paragraph and the one before).
REACH = 2


def place_anaphors(segments: Sequence[AnnotatedSegment], places: Sequence[PlaceMention]) -> list[PlaceMention]:
    """A place mention for every "the city" (and the like) with a place of its kind named before it."""
    out: list[PlaceMention] = []
    resolved = sorted((p for p in places if p.location.place_id is not None and p.label != "dateline"),
                      key=lambda p: p.span.start)
    for seg in segments:
        for token in seg.spacy_doc:
            kinds = PLACE_NOUNS.get(token.lower_)
            if kinds is None or not _bare_definite(token):
                continue
            at = seg.doc_offset(token.idx)
            before = [p for p in resolved if p.span.start < at and p.span.segment >= seg.index - REACH
                      and p.location.precision in kinds]
            if not before:
                continue
            named = before[-1]
            start = token.idx - len("the ") if token.idx >= 4 else token.idx
            span = seg.span(start, token.idx + len(token.text))
            out.append(replace(named, span=span, label="anaphor", score=named.score * 0.9,
                               reason=f"{span.text!r} names {named.location.name} again"))
    return out


def _bare_definite(token: Any) -> bool:
    """"in the city" (not "the city of Lyon", "the city council", "a city", "the capital's")."""
    children = list(token.children)
    det = [c for c in children if c.dep_ == "det"]
    if len(det) != 1 or det[0].lower_ != "the" or det[0].i != token.i - 1:
        return False
    if any(c.dep_ in ("prep", "compound", "amod", "poss", "appos") and c.i > token.i for c in children):
        return False
    return bool(token.dep_ == "pobj" and token.head.lower_ in ("in", "near", "outside", "across", "around", "at"))
