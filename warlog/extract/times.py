"""Date mentions: DATE entities normalised to EDTF relative to the publication date (when the
document has one; otherwise a day or month with no year takes the year of the date told before it,
and stays of unknown year when none was). A preposition that changes the meaning and
that NER leaves outside the entity ("since June 3", "until May") is taken in, unless a `when` clause
follows that the date dates ("since 2017, when a general was killed": 2017)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..dates import DateValue, date_in_report, normalise_date
from ..model import DateMention
from ..nlp import AnnotatedSegment

#: Words before a DATE entity that belong to it.
LEADING = re.compile(r"\b(?:since|until|till|before|after|by|throughout|from|between|during|"
                     r"as of|starting|beginning)\s+$", re.IGNORECASE)


#: Words that make a TIME entity name a day: "Sunday night", "late Friday", "last night".
DAY_WORDS = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\blast night\b|\btonight\b|\byesterday\b",
                       re.IGNORECASE)
#: A day number NER leaves outside a date that opens with the month ("1 March 2019").
DAY_BEFORE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+$")
MONTH_FIRST = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s", re.IGNORECASE)
#: Nouns a date may modify and still be a date ("Sunday morning", "the Christmas Day attack").
TIME_NOUNS = frozenset({"day", "eve", "night", "morning", "afternoon", "evening", "week", "weekend", "holiday",
                        "season", "period", "time", "dawn", "noon"})
#: "since March 2015, when militants killed …": the clause after the date happened on it.
WHEN_CLAUSE = re.compile(r"\s*,?\s*when\b", re.IGNORECASE)


def find_dates(segments: Sequence[AnnotatedSegment], published: str | None) -> list[DateMention]:
    out: list[DateMention] = []
    previous: DateValue | None = None
    for seg in segments:
        text = seg.segment.text
        for ent in seg.spacy_doc.ents:
            if ent.label_ not in ("DATE", "TIME") or (ent.label_ == "TIME" and not DAY_WORDS.search(ent.text)):
                continue  # a time names a day only with its day's name: "Sunday night", "last night"
            if ent.root.dep_ == "compound" and ent.root.head.lemma_.lower() not in TIME_NOUNS \
                    and not any(ch.isdigit() for ch in ent.text):
                continue  # "the Christmas market": a name, not a date (but "the April 15, 2013, bombing")
            start = ent.start_char
            day = DAY_BEFORE.search(text[max(0, start - 6):start])
            if day and MONTH_FIRST.match(ent.text):
                start -= len(day.group(0))  # "1 March 2019": the day NER left out
            m = LEADING.search(text[max(0, start - 20):start])
            if m and not WHEN_CLAUSE.match(text[ent.end_char:ent.end_char + 12]):
                start -= len(m.group(0))
            end = ent.end_char
            if ent.text.endswith(("'s", "’s")):
                end -= 2  # "last year's deadly blast", "Monday's bombing": the date without the possessive
            span = seg.span(start, end)
            value = date_in_report(span.text, published, previous=previous)
            if not published:
                value = _narrative_year(value, previous)
            out.append(DateMention(span, value))
            if value is not None and value.precision not in ("unknown",):
                previous = value
        out += _overnight(seg, published)
    return sorted(out, key=lambda m: m.span.start)


def _overnight(seg: AnnotatedSegment, published: str | None) -> list[DateMention]:
    """"attacked the port overnight" (no entity for NER): the night before the report."""
    out = []
    for t in seg.spacy_doc:
        if t.lower_ == "overnight" and not t.ent_type_ and t.pos_ in ("ADV", "ADJ", "NOUN"):
            span = seg.span(t.idx, t.idx + len(t.text))
            out.append(DateMention(span, date_in_report(span.text, published)))
    return out


def _narrative_year(value: DateValue | None, previous: DateValue | None) -> DateValue | None:
    """In a report with no date of its own, a day or month with no year ("on July 7") is in the year
    of the full date told before it ("July 1, 1999 … on July 7" → 1999-07-07): the narrative's year (a
    month or year told before, "since March 2019", is as often background as the narrative's time)."""
    if (value is None or previous is None or not previous.start or previous.precision != "day"
            or value.relative_to is not None
            or not value.edtf.startswith("XXXX-") or value.edtf[5:7] == "XX"):
        return value
    dated = normalise_date(f"{value.raw}, {previous.start[:4]}", anchor=None)
    if dated is None or dated.precision != value.precision:
        return value
    return replace(dated, raw=value.raw)
