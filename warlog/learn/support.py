"""The learned typer's word on an extracted event: how much more probable the sentence that states
it makes the event's type than no codable event at all (`support`, in [-1, 1]). Computed on the
sentence's spaCy tokens already parsed for extraction, with the trigger token, so it costs a
dictionary look-up per feature (about 0.3 ms a sentence, the lexicon's pass included).

`warlog.extract.confidence` adds it, scaled, to an event's confidence: the review queue shows first
the events the sentence's wording least supports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .features import span_features
from .model import NONE, TyperModel


def sentence_at(segments: Sequence[Any], segment: int, start: int, end: int) -> tuple[Any, int | None] | None:
    """The spaCy sentence of an annotated segment (warlog.nlp.AnnotatedSegment, by its `index`)
    holding document offsets [start, end), and the index in it of the token at `start`."""
    seg = next((s for s in segments if s.index == segment), None)
    if seg is None:
        return None
    char = start - seg.segment.start
    span = seg.spacy_doc.char_span(char, char + (end - start), alignment_mode="expand")
    if span is None:
        return None
    sent = span[0].sent
    return sent, span[0].i - sent.start


def support(model: TyperModel, sentence: Any, trigger: int | None, type_name: str) -> float:
    """P(type) - P(NONE) under the model for a spaCy sentence and its trigger token index."""
    probs = dict(model.predict(span_features(sentence, trigger)))
    return probs.get(type_name, 0.0) - probs.get(NONE, 0.0)
