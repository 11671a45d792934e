"""Plain-text page segmentation (scraped pages saved as text, wire copy, pasted articles)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from warlog.model import Page, SegmentKind
from warlog.segment.blocks import (
    SEGMENTER_VERSION,
    Block,
    Piece,
    assemble,
    byline_author,
    clean_line,
    ends_terminal,
    iso_date,
    normalise_content,
    starts_lower,
)
from warlog.segment.classify import classify_article, comment_zone_start, split_comments
from warlog.segment.glue import unglue
from warlog.segment.rules import Rules, rules_for

_DATELINE_PREFIX = re.compile(r"^[A-Z][^.!?]{0,50}?[,(—–-]\s*$")
_UPDATED = re.compile(r"^\W*(?:last\s+)?(?:updated|modified|edited)\b", re.IGNORECASE)
_BULLETS = ("-", "•", "*", "–", "—", "·")


def to_lines(content: str) -> list[Block]:
    """Non-blank lines as one-line blocks, with their indentation and the blank lines before them."""
    out: list[Block] = []
    blanks = 0
    for raw in normalise_content(content).split("\n"):
        text = clean_line(raw)
        if not text:
            blanks += 1
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        for k, piece in enumerate(unglue(text)):  # sentences a scrape glued together are lines of their own
            out.append(Block((piece,), indent, blanks if k == 0 else max(blanks, 1)))
        blanks = 0
    return out


def _hard_wrapped(texts: Sequence[str], rules: Rules) -> bool:
    """Whether a run of lines is one paragraph wrapped at a fixed width (not one line per paragraph)."""
    if len(texts) < 2 or any(t.startswith(_BULLETS) for t in texts):
        return False
    longest = max(len(t) for t in texts)
    if not 50 <= longest <= 120 or any(len(t) < 0.5 * longest or len(t.split()) < 6 for t in texts[:-1]):
        return False
    return any(not ends_terminal(a, rules) or starts_lower(b) for a, b in itertools.pairwise(texts))


def paragraphs(lines: list[Block], rules: Rules) -> list[Block]:
    """Group lines into paragraphs: a run without blank lines is one paragraph when it is hard-wrapped
    prose, otherwise each line is its own block (one paragraph per line, headline/byline stacks)."""
    out: list[Block] = []
    run: list[Block] = []

    def close() -> None:
        if not run:
            return
        texts = [b.text for b in run]
        if _hard_wrapped(texts, rules):
            out.append(Block(tuple(texts), min(b.indent for b in run), run[0].blanks_before))
        else:
            out.extend(run)
        run.clear()

    for line in lines:
        if line.blanks_before and run:
            close()
        run.append(line)
    close()
    return out


def page_metadata(pieces: list[Piece], rules: Rules) -> tuple[str | None, str | None, str | None]:
    """(title, author, published) that the text itself states: headline, byline, date line.

    Dates come only from lines before the body (not "Updated ..." ones) or a dateline opening the first
    body paragraph ("KABUL, June 7, 2008 -"); never from comments, the body or the tail.
    """
    title = next((p.text for p in pieces if p.kind is SegmentKind.HEADLINE), None)
    author = next((a for p in pieces if p.kind is SegmentKind.BYLINE
                   if (a := byline_author(clean_line(p.text), rules))), None)
    published: str | None = None
    for p in pieces:
        if p.kind in (SegmentKind.BODY, SegmentKind.SUBHEADING, SegmentKind.COMMENT):
            m = rules.date_any.search(p.text[:120]) if p.kind is SegmentKind.BODY else None
            if m and _DATELINE_PREFIX.match(p.text[: m.start()]):
                published = iso_date(m.group(0), rules)
            break
        if p.kind in (SegmentKind.BYLINE, SegmentKind.BOILERPLATE) and not _UPDATED.match(p.text):
            published = iso_date(p.text, rules)
            if published:
                break
    return title, author, published


def segment_text(content: str, url: str | None = None) -> Page:
    """Segment a plain-text page."""
    rules = rules_for(url)
    lines = to_lines(content)
    zone = comment_zone_start(lines, rules)
    article, comments = (lines, []) if zone is None else (lines[:zone], lines[zone:])
    pieces = classify_article(paragraphs(article, rules), rules)
    if comments:
        pieces += split_comments(comments, rules)
    text, segments = assemble(pieces)
    title, author, published = page_metadata(pieces, rules)
    return Page(text, segments, title=title, published=published, author=author, site=None,
                segmenter=SEGMENTER_VERSION)
