"""Long paragraphs cut into parts the parser can take. A scraped page may hold a paragraph of a
megabyte (a page without line breaks, a data dump): spaCy refuses texts over its `max_length` and
its time and memory grow with the length of each text it parses, so a segment longer than
`MAX_SEGMENT_CHARS` becomes consecutive segments of the same kind, cut after a sentence where there is
one, else at a space, else anywhere. Each part is a paragraph of the page's text (`document.text[start:end]`)."""

from __future__ import annotations

import re
from dataclasses import replace

from warlog.model import Page
from warlog.segment.blocks import Piece, assemble

#: The longest segment handed to the parser (characters). News paragraphs are far shorter.
MAX_SEGMENT_CHARS = 3_000
#: Where a sentence ends: terminal punctuation, closing quotes or brackets, then space.
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")


def split_long(page: Page) -> Page:
    """The page with every segment longer than `MAX_SEGMENT_CHARS` cut into parts; its text is built
    again from the segments (`assemble`), so the parts are paragraphs of it."""
    if all(s.end - s.start <= MAX_SEGMENT_CHARS for s in page.segments):
        return page
    text, segments = assemble(Piece(s.kind, part, s.author) for s in page.segments for part in _parts(s.text))
    return replace(page, text=text, segments=segments)


def _parts(text: str) -> list[str]:
    if len(text) <= MAX_SEGMENT_CHARS:
        return [text]
    out: list[str] = []
    pos = 0
    while pos < len(text):
        end = _cut(text, pos)
        out.append(text[pos:end].strip())
        pos = end
    return [t for t in out if t]


def _cut(text: str, pos: int) -> int:
    """The end of the part that starts at `pos`: after the last sentence end within the limit (in its
    second half), else after the last space there, else at the limit."""
    limit = pos + MAX_SEGMENT_CHARS
    if limit >= len(text):
        return len(text)
    window = text[pos:limit]
    ends = [m.end() for m in SENTENCE_END.finditer(window, MAX_SEGMENT_CHARS // 2)]
    if ends:
        return pos + ends[-1]
    space = window.rfind(" ", MAX_SEGMENT_CHARS // 2)
    return pos + space + 1 if space > 0 else limit
