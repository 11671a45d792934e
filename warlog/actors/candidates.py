"""Actor candidates from annotated segments: a reference extractor for `ActorResolver`.

`segment_candidates(seg)` returns, in text order, the named entities that can be actors (PERSON, ORG,
NORP, GPE; the EntityRuler's pattern id as `kb_id`) and the noun chunks that end in a generic agent term
("Iraqi police", "US and Iraqi forces", "three Special Groups operatives"). A generic chunk replaces the
entities inside it that only modify its head ("US" in "US troops"); an entity that ends with the head
("Iraqi Police" tagged ORG) stays an entity, and the resolver still reads it as generic when the KB does
not know it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..nlp import AnnotatedSegment
from . import generic
from .resolve import ActorCandidate

ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_LEADING_POS = frozenset({"DET", "NUM", "PRON", "PUNCT"})


def segment_candidates(seg: AnnotatedSegment) -> list[ActorCandidate]:
    """The actor candidates of one segment, in text order."""
    sdoc = seg.spacy_doc
    ents = [e for e in sdoc.ents if e.label_ in ACTOR_LABELS]
    chunks = list(_generic_chunks(sdoc))
    out: list[tuple[int, int, ActorCandidate]] = []
    taken: list[tuple[int, int]] = []
    for start, end in chunks:
        # an entity that reaches the chunk's end names the actor itself: keep the entity instead
        if any(e.start_char >= start and e.end_char == end for e in ents):
            continue
        out.append((start, end, ActorCandidate(seg.span(start, end), "generic")))
        taken.append((start, end))
    for e in ents:
        if any(s <= e.start_char and e.end_char <= t for s, t in taken):
            continue
        kb_id = e.ent_id_ or None
        out.append((e.start_char, e.end_char, ActorCandidate(seg.span(e.start_char, e.end_char), e.label_,
                                                             kb_id=kb_id)))
    out.sort(key=lambda x: (x[0], -x[1]))
    return [c for _, _, c in out]


def document_candidates(segments: Iterable[AnnotatedSegment]) -> list[ActorCandidate]:
    """The candidates of a document's annotated segments, in document order."""
    return [c for seg in segments for c in segment_candidates(seg)]


def _generic_chunks(sdoc: Any) -> Iterable[tuple[int, int]]:
    if not sdoc.has_annotation("DEP"):
        return
    for chunk in sdoc.noun_chunks:
        toks = list(chunk)
        while toks and toks[0].pos_ in _LEADING_POS and toks[0].lower_ not in ("us",):
            toks = toks[1:]
        if not toks:
            continue
        text = sdoc.text[toks[0].idx:chunk.end_char]
        if generic.parse(text) is not None:
            yield toks[0].idx, chunk.end_char
