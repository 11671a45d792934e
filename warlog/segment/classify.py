"""The shared classifier: article blocks → typed pieces, comment-zone lines → one piece per comment.

Article: headline (first title-like line before the prose), body paragraphs, subheadings (short
title-like lines between prose), and a tail zone after the last body paragraph where biographies,
tags lines and menus are recognised. Broken sentences between body paragraphs are rejoined.

Comments: a zone that starts at the first comment header (or a section opener such as "3 comments");
each comment runs from its header to the next header or to the end of the comment zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from warlog.model import SegmentKind as K
from warlog.segment.blocks import (
    Block,
    Piece,
    clean_name,
    ends_terminal,
    ends_with_continuation,
    first_word,
    matches,
    should_join,
    starts_lower,
    word_count,
)
from warlog.segment.rules import Rules, first_match

_AM_PM = re.compile(r"\b[ap]\.\s?m\.$", re.IGNORECASE)
_BULLET_START = ("-", "•", "*", "–", "—", "·", "▪", "►", "‣", "◦")


@dataclass(slots=True)
class Facts:
    """What the rules say about one block, independent of its position."""

    words: int
    terminal: bool
    lower: bool
    continuation: bool
    boiler: bool
    list_opener: bool
    tags: bool
    byline: bool
    bio_opener: bool
    bullet: bool
    heading: bool
    short: bool

    @property
    def title_like(self) -> bool:
        """A short line without sentence punctuation that does not continue into the next block."""
        return (self.short and not self.terminal and not self.lower and not self.continuation
                and self.words > 0 and not self.bullet)

    @property
    def prose(self) -> bool:
        """A paragraph of running text (not a widget, byline or tags line)."""
        return not (self.boiler or self.tags or self.byline or self.heading or self.title_like)

    @property
    def special(self) -> bool:
        return self.boiler or self.tags or self.byline


def facts(block: Block, rules: Rules) -> Facts:
    """Classify one block by its own text."""
    t = block.text
    th = rules.thresholds
    words = word_count(t)
    list_opener = words <= 8 and first_match(rules.list_openers, t) is not None
    boiler = (list_opener or matches(rules.boilerplate, t, th.boilerplate_max_words)
              or matches(rules.anywhere, t, th.anywhere_max_words))
    return Facts(
        words=words,
        terminal=ends_terminal(t, rules) or t.rstrip().endswith(","),
        lower=starts_lower(t),
        continuation=ends_with_continuation(t, rules),
        boiler=boiler,
        list_opener=list_opener,
        tags=matches(rules.tags, t, th.tags_max_words),
        byline=matches(rules.byline, t, th.byline_max_words),
        bio_opener=matches(rules.bio_openers, t, 6),
        bullet=t.lstrip().startswith(_BULLET_START) or block.hint == "item",
        heading=block.hint == "heading",
        short=words <= th.headline_max_words,
    )


def _headline_index(blocks: list[Block], fs: list[Facts], rules: Rules) -> int | None:
    """The first title-like line of enough words before the first prose paragraph."""
    th = rules.thresholds
    first_prose = next((i for i, f in enumerate(fs) if f.prose), len(fs))
    candidates = [i for i in range(first_prose) if (fs[i].title_like or fs[i].heading)
                  and not fs[i].special and fs[i].words <= th.headline_max_words]
    if not candidates:
        return None
    long_enough = [i for i in candidates if fs[i].words >= th.headline_min_words]

    def leads_in(i: int) -> bool:
        """Followed (past widgets) by a byline/date line or the prose: a site name is not."""
        j = i + 1
        while j < len(fs) and fs[j].boiler and not fs[j].byline:
            j += 1
        return j >= len(fs) or fs[j].byline or fs[j].prose

    return next((i for i in long_enough if leads_in(i)), (long_enough or candidates)[0])


def _tail_start(blocks: list[Block], fs: list[Facts], start: int, rules: Rules) -> tuple[int, set[int]]:
    """Where the tail zone (after the last body paragraph) begins, and which tail blocks are bios."""
    th = rules.thresholds
    bios: set[int] = set()
    i = len(fs) - 1
    while i >= start:
        f = fs[i]
        if f.special or f.bio_opener or (f.title_like and not f.heading):
            i -= 1
            continue
        if len(bios) < th.bio_max_blocks and matches(rules.bio, blocks[i].text, th.bio_max_words):
            bios.add(i)
            i -= 1
            continue
        # Prose right after an "About the author" line is biography too.
        j = i
        run: list[int] = []
        while j >= start and len(run) < th.bio_max_blocks and fs[j].prose and fs[j].words <= th.bio_max_words:
            run.append(j)
            j -= 1
        if run and j >= start and fs[j].bio_opener:
            bios.update(run)
            i = j
            continue
        break
    return i + 1, bios


def classify_article(blocks: list[Block], rules: Rules, find_headline: bool = True) -> list[Piece]:
    """Headline, body, subheadings, bylines, tags, bios and boilerplate of the article blocks."""
    if not blocks:
        return []
    th = rules.thresholds
    fs = [facts(b, rules) for b in blocks]
    n = len(blocks)
    kinds: list[K] = [K.BODY] * n
    head = _headline_index(blocks, fs, rules) if find_headline else None
    start = 0
    if head is not None:
        for i in range(head):
            kinds[i] = K.TAGS if fs[i].tags else K.BYLINE if fs[i].byline else K.BOILERPLATE
        kinds[head] = K.HEADLINE
        start = head + 1
    tail, bios = _tail_start(blocks, fs, start, rules)
    first_prose = next((i for i in range(start, tail) if fs[i].prose), tail)

    def next_is_prose(i: int) -> bool:
        return i + 1 < tail and fs[i + 1].prose and not fs[i + 1].lower

    list_kind: K | None = None
    for i in range(start, n):
        f = fs[i]
        # A list after "Related:" / "Tags:" is short unpunctuated lines or items; anything else ends it.
        listish = f.short and not f.terminal and not f.heading and not f.special
        if f.list_opener or (f.tags and blocks[i].text.rstrip().endswith(":")):
            kinds[i] = list_kind = K.TAGS if f.tags else K.BOILERPLATE
            continue
        if list_kind is not None and listish:
            kinds[i] = list_kind
            continue
        list_kind = None
        if f.boiler:
            kinds[i] = K.BOILERPLATE
        elif f.tags:
            kinds[i] = K.TAGS
        elif f.byline:
            kinds[i] = K.BYLINE
        elif i >= tail:
            kinds[i] = K.AUTHOR_BIO if (i in bios or f.bio_opener) else K.BOILERPLATE
        elif f.heading:
            kinds[i] = K.SUBHEADING
        elif f.title_like and i + 1 < n and fs[i + 1].lower:
            kinds[i] = K.BODY  # a fragment whose sentence goes on in the next block
        elif f.title_like:
            if next_is_prose(i) and f.words <= th.subheading_max_words:
                kinds[i] = K.SUBHEADING
            elif i < first_prose or (f.words <= th.menu_max_words and not f.bullet):
                kinds[i] = K.BOILERPLATE
            else:
                kinds[i] = K.BODY
    return _pieces(blocks, kinds, rules)


def _pieces(blocks: list[Block], kinds: list[K], rules: Rules) -> list[Piece]:
    """Pieces in order, with broken body sentences rejoined (body with body only)."""
    out: list[Piece] = []
    for block, kind in zip(blocks, kinds, strict=True):
        text = block.text
        if kind is K.BODY and out and out[-1].kind is K.BODY and should_join(out[-1].text, text, rules):
            out[-1].text = out[-1].text.rstrip() + " " + text.lstrip()
            continue
        out.append(Piece(kind, text))
    return out


# --- comments ---------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Header:
    name: str
    strong: bool
    lines: int = 1  # lines the header occupies (2 for "NAME" followed by a date line)


def _valid_name(name: str, rules: Rules) -> bool:
    words = word_count(name)
    if not name or words > rules.thresholds.comment_name_max_words or len(name) > 80 or name.endswith(":"):
        return False
    return any(c.isalnum() for c in name) and first_word(name).lower() not in rules.name_reject


def header_at(lines: list[Block], i: int, rules: Rules, in_zone: bool) -> _Header | None:
    """The comment header at line `i`, if it is one. In the zone, "NAME" + a date line counts too."""
    t = lines[i].text
    # A header is a name plus at most a date, a time and a verb, and does not end a sentence.
    sentence = t.endswith((".", "!", "?", '"', "”", "’")) and not _AM_PM.search(t)
    short = word_count(t) <= rules.thresholds.comment_name_max_words + 14 and len(t) <= 200
    kinds = ((True, rules.headers_strong), (False, rules.headers_weak)) if short and not sentence else ()
    for strong, pats in kinds:
        for p in pats:
            m = p.search(t)
            if m and "name" in p.groupindex:
                name = clean_name(m.group("name") or "")
                if _valid_name(name, rules):
                    return _Header(name, strong)
    if (in_zone and i + 1 < len(lines) and lines[i + 1].blanks_before == 0
            and word_count(t) <= min(4, rules.thresholds.comment_name_max_words)
            and not t.rstrip().endswith((":", "!", "?"))
            and first_match(rules.date_lines, lines[i + 1].text)
            and not first_match(rules.reply_lines, t) and not first_match(rules.date_lines, t)):
        name = clean_name(t)
        if _valid_name(name, rules):
            return _Header(name, True, 2)
    return None


def comment_zone_start(lines: list[Block], rules: Rules) -> int | None:
    """Index of the line where the comment zone starts (a header or an opener), or None.

    Only after the first prose line. Strong headers and strong openers ("12 comments") start it on
    their own; weak headers ("NAME says:") need a second one; weak openers ("Leave a reply") need a
    header somewhere after them.
    """
    first_prose = next((i for i, ln in enumerate(lines) if _is_prose_line(ln.text, rules)), None)
    if first_prose is None:
        return None
    n = len(lines)
    # In-zone headers include "NAME" + date line (2 lines); outside the zone only one-line headers count.
    zone_headers = [header_at(lines, i, rules, in_zone=True) if i > first_prose else None for i in range(n)]
    headers = [h if h is not None and h.lines == 1 else None for h in zone_headers]
    weak = sum(1 for h in headers if h is not None and not h.strong)
    header_after = [False] * (n + 1)
    for i in range(n - 1, -1, -1):
        header_after[i] = header_after[i + 1] or zone_headers[i] is not None
    for i in range(first_prose + 1, n):
        h = headers[i]
        if h and (h.strong or weak >= 2):
            return i
        t = lines[i].text
        if word_count(t) > 12:
            continue
        if first_match(rules.openers_strong, t):
            return i
        if first_match(rules.openers_weak, t) and header_after[i + 1]:
            return i
    return None


def _is_prose_line(text: str, rules: Rules) -> bool:
    """A line of running text: long, or a complete sentence of several words (short wire briefs)."""
    words = word_count(text)
    return words >= rules.thresholds.prose_min_words or (
        words >= rules.thresholds.sentence_min_words and ends_terminal(text, rules)
        and not text.lstrip().startswith(_BULLET_START))


def is_opener(text: str, rules: Rules) -> bool:
    """A comment-section opener line ("3 comments", "Leave a Reply")."""
    return word_count(text) <= 12 and (first_match(rules.openers_strong, text) is not None
                                       or first_match(rules.openers_weak, text) is not None)


def is_widget(text: str, rules: Rules) -> bool:
    """A line in the comment zone that is a widget or notice, not words of a comment."""
    th = rules.thresholds
    return (first_match(rules.reply_lines, text) is not None
            or matches(rules.boilerplate, text, th.boilerplate_max_words)
            or matches(rules.anywhere, text, th.anywhere_max_words))


@dataclass(slots=True)
class _Comment:
    author: str | None
    indent: int
    body: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class _Zone:
    """A comment zone's lines with what is known of them before they are split into comments."""

    lines: list[Block]
    rules: Rules
    headers: list[_Header | None]
    anonymous: bool  # no header at all: an opener starts a comment without an author
    short_to_end: list[bool]  # lines i.. up to the next header are all short non-sentence lines
    run_len: list[int]  # how many lines that run of short lines has from i (0 when there is none)
    reaches_end: list[bool]  # no header from line i to the end of the zone


def _zone(lines: list[Block], rules: Rules) -> _Zone:
    """The headers of the comment zone `lines` and its runs of short lines (menus) up to a header."""
    n = len(lines)
    headers = [header_at(lines, i, rules, in_zone=True) for i in range(n)]
    short_to_end = [False] * (n + 1)
    run_len = [0] * (n + 1)
    short_to_end[n] = True
    for i in range(n - 1, -1, -1):
        if headers[i]:
            short_to_end[i], run_len[i] = True, 0
            continue
        t = lines[i].text
        short = word_count(t) <= rules.thresholds.menu_max_words and not ends_terminal(t, rules)
        short_to_end[i] = short and short_to_end[i + 1]
        run_len[i] = run_len[i + 1] + 1 if short_to_end[i] else 0
    reaches_end = [False] * (n + 1)
    reaches_end[n] = True
    for i in range(n - 1, -1, -1):
        reaches_end[i] = not headers[i] and reaches_end[i + 1]
    return _Zone(lines, rules, headers, not any(headers), short_to_end, run_len, reaches_end)


def _flush(out: list[Piece], cur: _Comment | None) -> None:
    """Append the comment `cur` as a COMMENT piece, unless it has no body."""
    if cur is not None and cur.body:
        out.append(Piece(K.COMMENT, "\n".join(b.text for b in cur.body), cur.author))


def _ends_comment(zone: _Zone, i: int, c: _Comment) -> bool:
    """Line `i` ends comment `c`: an indentation drop after a blank line, or the start of a menu."""
    ln = zone.lines[i]
    if not c.body:
        return False
    body_indent = min(b.indent for b in c.body)
    if ln.blanks_before >= 1 and (ln.indent < min(c.indent, body_indent)
                                  or (body_indent > c.indent and ln.indent <= c.indent)):
        return True
    if zone.short_to_end[i]:
        if ln.blanks_before >= 2:
            return True
        if zone.reaches_end[i] and zone.run_len[i] >= 2:
            return True
    return False


def _place_line(zone: _Zone, i: int, cur: _Comment | None, out: list[Piece]) -> _Comment | None:
    """Add line `i` (not a header) to `out` or to the comment `cur`; the comment open after it."""
    ln = zone.lines[i]
    t = ln.text
    rules = zone.rules
    opener = is_opener(t, rules)
    if opener or is_widget(t, rules):
        _flush(out, cur)
        out.append(Piece(K.BOILERPLATE, t))
        return _Comment(None, ln.indent) if opener and zone.anonymous else None
    if cur is not None and not cur.body and first_match(rules.date_lines, t):
        out.append(Piece(K.BOILERPLATE, t))
        return cur
    if cur is not None and _ends_comment(zone, i, cur):
        _flush(out, cur)
        cur = None
    if cur is None:
        out.append(Piece(K.TAGS if matches(rules.tags, t, rules.thresholds.tags_max_words)
                         else K.BOILERPLATE, t))
    else:
        cur.body.append(ln)
    return cur


def split_comments(lines: list[Block], rules: Rules) -> list[Piece]:
    """One COMMENT piece per comment of the comment zone; openers, widgets and menus as boilerplate.

    A comment runs from its header to the next header, a widget line ("Reply"), an indentation drop
    after a blank line, or a final run of short non-sentence lines (a site menu).
    """
    zone = _zone(lines, rules)
    out: list[Piece] = []
    cur: _Comment | None = None
    i = 0
    while i < len(lines):
        h = zone.headers[i]
        if h:
            _flush(out, cur)
            cur = _Comment(h.name, lines[i].indent)
            for k in range(1, h.lines):
                out.append(Piece(K.BOILERPLATE, lines[i + k].text))
            i += h.lines
            continue
        cur = _place_line(zone, i, cur, out)
        i += 1
    _flush(out, cur)
    return out
