"""HTML page segmentation: trafilatura for the article and metadata, lxml for structure trafilatura
flattens (per-comment authors, author boxes, menus). Classification reuses the shared classifier."""

from __future__ import annotations

import html as _html
import logging
import re
from collections.abc import Iterable
from typing import Any

import lxml.etree
import lxml.html
import trafilatura

from warlog.model import Page
from warlog.model import SegmentKind as K
from warlog.segment.blocks import (
    SEGMENTER_VERSION,
    Block,
    Piece,
    assemble,
    clean_line,
    clean_name,
    norm_key,
    word_count,
)
from warlog.segment.classify import classify_article, is_opener, is_widget, split_comments
from warlog.segment.css import SelectorError, to_xpath
from warlog.segment.rules import Rules, rules_for
from warlog.segment.text import segment_text, to_lines

log = logging.getLogger(__name__)

_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "svg", "button", "input",
                   "textarea", "select", "option", "form", "head", "object", "embed", "canvas"})
_BLOCK = frozenset({"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "td",
                    "th", "section", "article", "header", "footer", "nav", "blockquote", "dd", "dt", "dl",
                    "table", "aside", "pre", "figure", "figcaption", "main", "address", "hr", "details",
                    "summary"})
_MARKS = {"h1": "\x01", "h2": "\x02", "h3": "\x02", "h4": "\x02", "h5": "\x02", "h6": "\x02", "li": "\x03"}
_ITEMS = frozenset({"a", "span", "button", "label"})
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)

Element = Any  # lxml elements (untyped library)
#: Nesting from which a parsed page may have lost text: libxml2 keeps 255 levels and drops the rest.
MAX_DEPTH = 250


def element_text(el: Element, skip: Iterable[Element] = (), items: bool = False, marks: bool = False) -> str:
    """Visible text of `el`, one line per block element; scripts, styles, forms and `skip` left out.
    With `items`, links and spans are lines too (menus written as runs of links). With `marks`, lines
    of h1, other headings and list items start with the markers of `_MARKS`."""
    skipped = set(skip)
    block = _BLOCK | _ITEMS if items else _BLOCK
    parts: list[str] = []
    stack: list[tuple[Element, bool]] = [(el, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if closing:
            if tag in block:
                parts.append("\n")
            if node is not el and node.tail:
                parts.append(node.tail)
            continue
        if not tag or tag in _SKIP or node in skipped:
            if node is not el and node.tail:
                parts.append(node.tail)
            continue
        if tag in block:
            parts.append("\n")
            if marks and tag in _MARKS:
                parts.append(_MARKS[tag])
        if node.text:
            parts.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    lines = (clean_line(x) for x in "".join(parts).split("\n"))
    return "\n".join(x for x in lines if x)


def _select(root: Element, selectors: Iterable[str]) -> list[Element]:
    """Elements matching any selector, in document order, without duplicates."""
    found: list[Element] = []
    seen: set[Element] = set()
    for sel in selectors:
        try:
            matches = root.xpath(to_xpath(sel))
        except (SelectorError, lxml.etree.XPathError):
            log.warning("bad selector in segmentation rules: %r", sel)
            continue
        for el in matches:
            if el not in seen:
                seen.add(el)
                found.append(el)
    order = {el: i for i, el in enumerate(root.iter())} if len(found) > 1 else {}
    return sorted(found, key=lambda e: order.get(e, 0))


def _first(root: Element, selectors: Iterable[str], accept: Any) -> Element | None:
    """The first element, trying selectors in priority order, that `accept(el)` admits."""
    for sel in selectors:
        try:
            matches = root.xpath(to_xpath(sel))
        except (SelectorError, lxml.etree.XPathError):
            continue
        for el in matches:
            if accept(el):
                return el
    return None


def _outermost(elements: list[Element]) -> list[Element]:
    """Drop elements nested inside another element of the list."""
    chosen = set(elements)
    return [e for e in elements if not any(a in chosen for a in e.iterancestors())]


def _inside(el: Element, group: set[Element]) -> bool:
    return el in group or any(a in group for a in el.iterancestors())


def _parse(content: str) -> Element | None:
    try:
        return lxml.html.document_fromstring(_CONTROLS.sub("", _XML_DECL.sub("", content)))
    except (lxml.etree.ParserError, ValueError, TypeError):
        return None


# --- comments -----------------------------------------------------------------------------------

def _comments(tree: Element, rules: Rules) -> tuple[list[Piece], list[Element]]:
    """One piece per comment found by the comment selectors, with its author; and the containers."""
    sel = rules.html
    containers = _select(tree, sel.get("comment_containers", ()))
    cset = set(containers)

    def owner(el: Element) -> Element | None:
        return next((a for a in el.iterancestors() if a in cset), None)

    pieces: list[Piece] = []
    for c in containers:
        nested = [d for d in c.iterdescendants() if d in cset]
        nested_set = set(nested)
        def mine(e: Element, c: Element = c, nested_set: set[Element] = nested_set) -> bool:
            return owner(e) is c and not _inside(e, nested_set)

        author_el = _first(c, sel.get("comment_author", ()), mine)
        author = clean_name(element_text(author_el).replace("\n", " ")) if author_el is not None else ""
        if word_count(author) > 2 * rules.thresholds.comment_name_max_words:
            author = ""
        body_el = _first(c, sel.get("comment_text", ()), mine)
        if body_el is not None:
            text = element_text(body_el, nested)
        else:
            strip = [e for e in _select(c, sel.get("comment_strip", ())) if not _inside(e, nested_set)]
            text = element_text(c, [*nested, *strip, *([author_el] if author_el is not None else [])])
        if text:
            pieces.append(Piece(K.COMMENT, text, author or None))
    return pieces, containers


def _comments_from_text(text: str, rules: Rules) -> list[Piece]:
    """trafilatura's comment text split with the plain-text header rules; else one anonymous comment."""
    lines = to_lines(text)
    if not lines:
        return []
    pieces = split_comments(lines, rules)
    if any(p.kind is K.COMMENT and p.author for p in pieces):
        return pieces
    words = [b.text for b in lines if not (is_opener(b.text, rules) or is_widget(b.text, rules))]
    return [Piece(K.COMMENT, "\n".join(words), None)] if words else []


# --- trafilatura output -------------------------------------------------------------------------

def _xml_text(el: Element) -> list[str]:
    for lb in el.iter("lb"):
        lb.text = "\n"
    return [x for x in (clean_line(s) for s in "".join(el.itertext()).split("\n")) if x]


def _main_blocks(main: Element) -> list[Block]:
    """trafilatura's <main> as blocks: <head> → heading hint, <item> → item hint, the rest paragraphs."""
    out: list[Block] = []
    for child in main:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in ("graphic", ""):
            continue
        if tag == "list":
            for item in child.iter("item"):
                lines = _xml_text(item)
                if lines:
                    out.append(Block((" ".join(lines),), hint="item"))
        elif tag == "table":
            for row in child.iter("row"):
                cells = [" ".join(_xml_text(cell)) for cell in row]
                if any(cells):
                    out.append(Block((" | ".join(c for c in cells if c),), hint="item"))
        elif tag in ("quote", "div") and any(c.tag in ("p", "head", "list") for c in child):
            out.extend(_main_blocks(child))
        else:
            lines = _xml_text(child)
            if lines:
                out.append(Block((" ".join(lines),), hint="heading" if tag == "head" else ""))
    return out


def _own_blocks(tree: Element, skip: Iterable[Element], with_h1: bool) -> list[Block]:
    """Blocks read straight from the page's article (or body), for when trafilatura finds nothing or
    flattens a short page into one paragraph."""
    root = next(iter(tree.xpath("//article | //main | //*[@role='main'] | //body")), tree)
    out: list[Block] = []
    for line in element_text(root, skip, marks=True).split("\n"):
        mark = line[:1]
        text = clean_line(line.lstrip("\x01\x02\x03"))
        if not text or (mark == "\x01" and not with_h1):
            continue
        hint = "heading" if mark in ("\x01", "\x02") else "item" if mark == "\x03" else ""
        out.append(Block((text,), hint=hint))
    return out


def _trafilatura(tree: Element, url: str | None) -> Element | None:
    try:
        xml = trafilatura.extract(tree, url=url, output_format="xml", include_comments=True,
                                  with_metadata=True, include_formatting=True, include_tables=True,
                                  date_extraction_params={"extensive_search": False, "original_date": True})
        if not xml:
            return None
        return lxml.etree.fromstring(xml.encode("utf-8"), lxml.etree.XMLParser(recover=True,
                                                                                resolve_entities=False))
    except Exception:  # trafilatura on hostile markup: fall back to our own text
        log.warning("trafilatura failed on %s", url or "a page", exc_info=True)
        return None


# --- the page -----------------------------------------------------------------------------------

def _headline(tree: Element, rules: Rules) -> str | None:
    for xp in ("//article//h1", "//main//h1", "//h1"):
        for el in tree.xpath(xp):
            text = element_text(el).replace("\n", " ")
            if text and word_count(text) <= 2 * rules.thresholds.headline_max_words:
                return text
    return None


def _boxes(tree: Element, selectors: Iterable[str], exclude: set[Element], max_words: int) -> list[Element]:
    els = [e for e in _outermost(_select(tree, selectors)) if not _inside(e, exclude)]
    return [e for e in els if 0 < word_count(element_text(e)) <= max_words]


def _has_prose(el: Element, min_words: int) -> bool:
    """Whether `el` holds a headline or a paragraph of running text (so it is no menu)."""
    if el.xpath(".//h1"):
        return True
    return any(word_count(element_text(p)) >= min_words for p in el.xpath(".//p"))


def _position(el: Element) -> int:
    return int(el.xpath("count(preceding::*)"))


def segment_html(content: str, url: str | None = None) -> Page:
    """Segment an HTML page."""
    rules = rules_for(url)
    tree = _parse(content)
    if tree is None:
        return _fallback(_html.unescape(_TAGS.sub("\n", content)), url, {})
    deep = _too_deep(tree)
    th = rules.thresholds
    sel = rules.html
    comments, containers = _comments(tree, rules)
    cset = set(containers)
    bio_els = _boxes(tree, sel.get("bio", ()), cset, 3 * th.bio_max_words)
    taken = cset | set(bio_els)
    nav_els = [e for e in _boxes(tree, [*sel.get("navigation", ()), *sel.get("share", ())], taken, 2000)
               if not _has_prose(e, th.prose_min_words)]
    taken |= set(nav_els)
    byline_els = _boxes(tree, sel.get("byline", ()), taken, th.byline_max_words)
    headline = _headline(tree, rules)
    anchor = next(iter(tree.xpath("//h1 | //article | //main | //*[@role='main']")), None)
    anchor_pos = _position(anchor) if anchor is not None else -1
    leading = [e for e in nav_els if _position(e) < anchor_pos]
    trailing = [e for e in nav_els if e not in leading]
    bios = [element_text(e) for e in bio_els]
    boiler_lead = [element_text(e, items=True) for e in leading]
    boiler_trail = [element_text(e, items=True) for e in trailing]
    areas = _outermost([*_select(tree, sel.get("comment_area", ())), *containers]) if containers else []
    own = _own_blocks(tree, [*taken, *byline_els, *areas], with_h1=headline is None)
    # Comment areas go before trafilatura sees the page: their dates are not the article's.
    for area in areas:
        if area.getparent() is not None:
            area.drop_tree()
    doc = _trafilatura(tree, url)
    meta: dict[str, str] = dict(doc.attrib) if doc is not None else {}
    main = doc.find("main") if doc is not None else None
    blocks = _main_blocks(main) if main is not None else []
    if not blocks or (len(blocks) == 1 and len(own) >= 3):
        blocks = own

    # Main-text blocks that are really a bio box, a menu or a comment (exactly) are dropped from the body;
    # containment only counts for bios and menus (a comment may quote a whole body paragraph).
    claimed = {norm_key(t) for t in [*bios, *boiler_lead, *boiler_trail, *(p.text for p in comments)]}
    claimed_text = " | ".join(norm_key(t) for t in [*bios, *boiler_lead, *boiler_trail])
    headline = headline or meta.get("title") or None
    blocks = [b for b in blocks if not _claimed(b.text, claimed, claimed_text)]
    if headline and blocks and norm_key(blocks[0].text) == norm_key(headline):
        blocks = blocks[1:]
    article = classify_article(blocks, rules, find_headline=headline is None)

    pieces = [Piece(K.BOILERPLATE, t) for t in boiler_lead]
    if headline:
        pieces.append(Piece(K.HEADLINE, headline))
    byline = next((element_text(e).replace("\n", " ") for e in byline_els), "")
    if not byline and meta.get("author"):
        byline = "By " + meta["author"]
    if byline and not any(p.kind is K.BYLINE for p in article):
        pieces.append(Piece(K.BYLINE, byline))
    pieces += article
    pieces += [Piece(K.AUTHOR_BIO, t) for t in bios]
    if not any(p.kind is K.TAGS for p in article):
        for label, key in (("Tags", "tags"), ("Categories", "categories")):
            values = [v.strip() for v in re.split(r"[;,]", meta.get(key, "")) if v.strip()]
            if values:
                pieces.append(Piece(K.TAGS, f"{label}: {', '.join(values)}"))
    if not comments and doc is not None and doc.find("comments") is not None:
        comments = _comments_from_text("\n\n".join(_xml_text(doc.find("comments"))), rules)
    pieces += comments
    pieces += [Piece(K.BOILERPLATE, t) for t in boiler_trail]
    text, segments = assemble(pieces)
    if deep and not any(s.kind is K.BODY for s in segments):  # the text was below the parser's depth limit
        return _fallback(_html.unescape(_TAGS.sub("\n", content)), url, meta)
    return Page(text, segments, title=meta.get("title") or headline, published=_iso(meta.get("date")),
                author=meta.get("author") or None, site=meta.get("sitename") or None,
                segmenter=SEGMENTER_VERSION)


def _too_deep(tree: Element) -> bool:
    """Whether the page is nested as deep as libxml2 parses (255 levels): what lies deeper is dropped
    from the tree, so a page of 10,000 nested divs comes out empty. Walked without recursion."""
    stack = [(tree, 0)]
    while stack:
        el, depth = stack.pop()
        if depth >= MAX_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in el)
    return False


def _claimed(text: str, claimed: set[str], claimed_text: str) -> bool:
    key = norm_key(text)
    return bool(key) and (key in claimed or (len(key.split()) >= 6 and key in claimed_text))


def _iso(date: str | None) -> str | None:
    if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return date
    return None


def _fallback(text: str, url: str | None, meta: dict[str, str]) -> Page:
    """No article found by trafilatura: segment the page's visible text as plain text."""
    page = segment_text(text, url)
    return Page(page.text, page.segments, title=meta.get("title") or page.title,
                published=_iso(meta.get("date")) or page.published,
                author=meta.get("author") or page.author, site=meta.get("sitename") or None,
                segmenter=SEGMENTER_VERSION)
