"""Shared block model, text normalisation, small text predicates and page assembly.

Both segmenters (plain text and HTML) turn their input into `Block`s, classify them into `Piece`s
(kind + text + author) and hand the pieces to `assemble`, which builds the stored text and the
segments' offsets. Nothing here knows about a particular site.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from warlog.model import Segment, SegmentKind
from warlog.segment.rules import Rules, first_match

SEGMENTER_VERSION = "warlog.segment/2"

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_LEAD = re.compile(r"^[\W_]+")
_WORD = re.compile(r"[\w\x27’-]+")
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}


@dataclass(slots=True)
class Block:
    """One paragraph or line: its (whitespace-collapsed) lines, indentation and context.

    `hint` carries structure the source already knows: "heading" for an HTML heading, "item" for a
    list item; "" for plain text.
    """

    lines: tuple[str, ...]
    indent: int = 0
    blanks_before: int = 0
    hint: str = ""

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass(slots=True)
class Piece:
    """A classified piece of the page before offsets exist."""

    kind: SegmentKind
    text: str
    author: str | None = None


def normalise_content(content: str) -> str:
    """Uniform newlines, no invisible or control characters, exotic spaces made plain."""
    content = _NEWLINES.sub("\n", content)
    content = _INVISIBLE.sub("", content)
    content = _CONTROLS.sub("", content.replace("\t", "    "))
    return _SPACES.sub(" ", content)


def clean_line(line: str) -> str:
    """One line with runs of whitespace collapsed and ends stripped."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", line.replace("\t", " "))).strip()


def clean_segment_text(text: str) -> str:
    """A segment's text: each line cleaned, empty lines dropped, lines joined by a newline."""
    lines = (clean_line(x) for x in _NEWLINES.sub("\n", text).split("\n"))
    return "\n".join(x for x in lines if x)


def assemble(pieces: Iterable[Piece]) -> tuple[str, tuple[Segment, ...]]:
    """The stored text (segments joined by a blank line) and its segments with offsets."""
    parts: list[str] = []
    segments: list[Segment] = []
    pos = 0
    for piece in pieces:
        text = clean_segment_text(piece.text)
        if not text:
            continue
        if parts:
            pos += 2
        author = clean_line(piece.author) if piece.author else None
        segments.append(Segment(piece.kind, pos, pos + len(text), text, author or None))
        parts.append(text)
        pos += len(text)
    return "\n\n".join(parts), tuple(segments)


# --- small predicates -------------------------------------------------------------------------------

def word_count(text: str) -> int:
    return len(text.split())


def ends_terminal(text: str, rules: Rules) -> bool:
    """Whether `text` ends a sentence (terminal punctuation, then optional closing quotes/brackets)."""
    t = text.rstrip().rstrip(rules.closers).rstrip()
    return bool(t) and t[-1] in rules.terminal


def starts_lower(text: str) -> bool:
    """Whether the first letter (after quotes, bullets, punctuation) is lower case."""
    t = _LEAD.sub("", text)
    return bool(t) and t[0].isalpha() and t[0].islower()


def last_word(text: str) -> str:
    words = _WORD.findall(text)
    return words[-1] if words else ""


def first_word(text: str) -> str:
    words = _WORD.findall(text)
    return words[0] if words else ""


def ends_with_continuation(text: str, rules: Rules) -> bool:
    """Whether `text` ends, without punctuation, on a word that cannot end a sentence ("found a")."""
    t = text.rstrip()
    return bool(t) and t[-1].isalpha() and last_word(t) in rules.continuation_words


def should_join(prev: str, nxt: str, rules: Rules) -> bool:
    """Whether body paragraph `nxt` continues the sentence that `prev` leaves unfinished."""
    if not prev or not nxt or ends_terminal(prev, rules):
        return False
    return starts_lower(nxt) or ends_with_continuation(prev, rules)


def norm_key(text: str) -> str:
    """A loose comparison key: lower case, words only."""
    return " ".join(_WORD.findall(text.lower()))


# --- metadata helpers -------------------------------------------------------------------------------

def iso_date(text: str, rules: Rules) -> str | None:
    """The first unambiguous calendar date in `text` (month name or ISO form) as YYYY-MM-DD."""
    for m in rules.date_any.finditer(text):
        found = _parse_date(m.group(0))
        if found:
            return found
    return None


def _parse_date(s: str) -> str | None:
    s = s.lower()
    iso = re.search(r"(\d{4})-(\d{2})-(\d{2})", s)
    if iso:
        y, mo, d = (int(x) for x in iso.groups())
    else:
        month = re.search(r"[a-z]{3,}", re.sub(r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?", "", s))
        day = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", s)
        year = re.search(r"\b(\d{4})\b", s)
        if not (month and day and year) or month.group(0)[:3] not in _MONTHS:
            return None
        y, mo, d = int(year.group(1)), _MONTHS[month.group(0)[:3]], int(day.group(1))
    try:
        return _dt.date(y, mo, d).isoformat() if 1800 <= y <= 2200 else None
    except ValueError:
        return None


def byline_author(text: str, rules: Rules) -> str | None:
    """The author named by a byline line ("By Jane Doe, Reuters" → "Jane Doe"), if any."""
    if word_count(text) > rules.thresholds.byline_max_words:
        return None
    for p in rules.byline:
        m = p.search(text)
        if m and "name" in p.groupindex and m.group("name"):
            name = clean_name(m.group("name"))
            if name and word_count(name) <= 8:
                return name
    return None


def clean_name(name: str) -> str:
    """A person's name without surrounding bullets, quotes and separators."""
    name = clean_line(name)
    name = re.sub(r"^[\W_]+", "", name)
    name = re.sub(r"[\s,;:|•·\-–—]+$", "", name)
    return name.strip()


def matches(rules_patterns: tuple[re.Pattern[str], ...], text: str, max_words: int) -> bool:
    """Whether `text` has at most `max_words` words and some pattern matches it."""
    return word_count(text) <= max_words and first_match(rules_patterns, text) is not None
