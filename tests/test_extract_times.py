"""Date mentions from hand-built spaCy Docs: the preposition NER leaves outside is taken in, the
publication date anchors year-less dates, and without it the year stays unknown."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from warlog.extract.times import find_dates
from warlog.model import Segment, SegmentKind
from warlog.nlp import AnnotatedSegment

NLP = spacy.blank("en")


def segment(words: list[str], dates: list[tuple[int, int]], offset: int = 100) -> AnnotatedSegment:
    doc = Doc(NLP.vocab, words=words)
    doc.ents = [SpacySpan(doc, a, b, label="DATE") for a, b in dates]
    seg = Segment(SegmentKind.BODY, offset, offset + len(doc.text), doc.text)
    return AnnotatedSegment("d1", 2, seg, doc, first_sentence=5)


def test_since_is_part_of_the_date_and_offsets_are_document_offsets() -> None:
    seg = segment(["Forces", "detained", "four", "leaders", "since", "June", "3", "."], [(5, 7)])
    (m,) = find_dates([seg], published="2008-06-07")
    assert m.span.text == "since June 3"
    assert (m.span.start, m.span.segment, m.span.sentence) == (100 + seg.segment.text.index("since"), 2, 5)
    assert m.value is not None and m.value.edtf == "2008-06-03/.."


def test_without_a_publication_date_the_year_stays_unknown() -> None:
    seg = segment(["Police", "captured", "them", "on", "June", "5", "."], [(4, 6)])
    (m,) = find_dates([seg], published=None)
    assert m.value is not None and m.value.edtf == "XXXX-06-05" and m.value.start is None


def test_relative_dates_follow_the_previous_date() -> None:
    seg = segment(["The", "attack", "came", "in", "January", "2007", ";", "they", "were", "executed",
                   "shortly", "afterward", "."], [(4, 6), (10, 12)])
    first, second = find_dates([seg], published=None)
    assert first.value is not None and first.value.edtf == "2007-01"
    assert second.value is not None and second.value.edtf == "2007-01"
    assert second.value.relative_to == "previous_event"


def test_non_dates_are_kept_with_no_value() -> None:
    seg = segment(["Ramadan", "began", "."], [(0, 1)])
    (m,) = find_dates([seg], published="2008-06-07")
    assert m.value is None and m.span.text == "Ramadan"
