"""HTML page segmentation: our WordPress-style fixture, fallbacks and hostile markup."""

from __future__ import annotations

import time
from pathlib import Path

import lxml.html
import pytest

from warlog.model import EXTRACTABLE_KINDS, Media, Page, SegmentKind
from warlog.segment import SEGMENTER_VERSION, segment_page
from warlog.segment.css import to_xpath

FIXTURE = Path(__file__).parent / "fixtures" / "article_with_comments.html"
URL = "https://frontier-monitor.example/2021/03/militia-ambush"
K = SegmentKind


def check_invariants(page: Page) -> None:
    """Offsets point at the text, in order, without overlap; the text is the segments joined."""
    assert page.segmenter == SEGMENTER_VERSION
    last_end = -1
    for s in page.segments:
        assert s.text and s.text == s.text.strip()
        assert page.text[s.start:s.end] == s.text
        assert s.start > last_end
        last_end = s.end
    assert page.text == "\n\n".join(s.text for s in page.segments)


def seg(content: str, url: str | None = URL) -> Page:
    page = segment_page(content, Media.HTML, url)
    check_invariants(page)
    return page


def of_kind(page: Page, kind: SegmentKind) -> list[str]:
    return [s.text for s in page.segments if s.kind is kind]


def extractable(page: Page) -> str:
    return " ".join(s.text for s in page.segments if s.kind in EXTRACTABLE_KINDS)


@pytest.fixture(scope="module")
def html() -> str:
    return FIXTURE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    return seg(html)


def test_metadata(page: Page) -> None:
    assert page.title == "Militia ambush kills four soldiers near Varnok crossing"
    assert page.published == "2021-03-14"
    assert page.author == "Dana Keller"
    assert page.site == "The Frontier Monitor"


def test_article_structure(page: Page) -> None:
    assert of_kind(page, K.HEADLINE) == ["Militia ambush kills four soldiers near Varnok crossing"]
    assert of_kind(page, K.BYLINE) == ["By Dana Keller"]
    assert of_kind(page, K.SUBHEADING) == ["Militia claims responsibility"]
    body = of_kind(page, K.BODY)
    assert len(body) == 6
    assert body[0].startswith("Fighters of the Eastern Brigades militia ambushed")
    assert body[-1].startswith("Residents of Tessel said")
    # "<Name> is a senior analyst ..." in the middle of the article is reporting, not a bio.
    assert any(t.startswith("Lena Voss is a senior analyst") for t in body)
    kinds = [s.kind for s in page.segments]
    order = [kinds.index(k) for k in (K.HEADLINE, K.SUBHEADING, K.AUTHOR_BIO, K.COMMENT)]
    assert order == sorted(order)


def test_bio_tags_and_menus_are_typed_and_outside_body(page: Page) -> None:
    bio = of_kind(page, K.AUTHOR_BIO)
    assert len(bio) == 1 and "Dana Keller is a correspondent" in bio[0]
    assert "Tags: Ostravia, Border conflict" in of_kind(page, K.TAGS)
    boiler = "\n".join(of_kind(page, K.BOILERPLATE))
    for menu in ("Maps and data", "Privacy policy", "All rights reserved", "Share this:"):
        assert menu in boiler
    body = extractable(page)
    for gone in ("correspondent for The Frontier Monitor", "Maps and data", "Ostravia, Border",
                 "Privacy policy", "Leave a Reply", "Post Comment", "Share this"):
        assert gone not in body


def test_comments_one_per_commenter_with_authors(page: Page) -> None:
    comments = [s for s in page.segments if s.kind is K.COMMENT]
    assert [c.author for c in comments] == ["Peter Hollis", "Marta S.", "Tomasz Wirth"]
    assert comments[0].text == ("Another ambush on the same road. "
                                "The army was warned about that ridge two years ago.")
    # The threaded reply is its own comment and is not repeated inside its parent.
    assert "Warned by whom" in comments[1].text and "Warned by whom" not in comments[0].text
    for c in comments:
        assert "says" not in c.text and "Reply" not in c.text and "2021" not in c.text
        assert c.text not in extractable(page)


def test_script_in_comment_is_dropped(page: Page) -> None:
    assert "alert(1)" not in page.text and "<script" not in page.text
    assert "window.tracker" not in page.text


def test_no_comments_page(html: str) -> None:
    start = html.index('<div id="comments"')
    end = html.index("</main>")
    page = seg(html[:start] + html[end:])
    assert not of_kind(page, K.COMMENT)
    assert len(of_kind(page, K.BODY)) == 6


def test_publication_date_is_not_a_comment_date(html: str) -> None:
    # No publication date in the markup; the comments' timestamps are all 1 May.
    stripped = html.replace("2021-03-14T09:30:00+00:00", "").replace(">March 14, 2021<", "><")
    for old, new in (("2021-03-14T", "2021-05-01T"), ("2021-03-15T", "2021-05-01T"),
                     ("March 14, 2021 at", "May 1, 2021 at"), ("March 15, 2021 at", "May 1, 2021 at")):
        stripped = stripped.replace(old, new)
    page = seg(stripped, url="https://frontier-monitor.example/militia-ambush")
    assert page.published != "2021-05-01"
    assert len(of_kind(page, K.COMMENT)) == 3


ARTICLE = """<html><head><title>Army retakes Kessa - Daily Post</title></head><body>
<nav><a href="/">Home</a><a href="/world">World</a></nav>
<article><h1>Army retakes Kessa</h1>
<p>Government forces recaptured the town of Kessa on Friday after three days of fighting, the army said.</p>
<p>The army said twelve rebels were killed and dozens captured. There was no independent confirmation.</p>
<p>Aid groups said thousands of residents had fled to camps near the border during the fighting.</p>
<p>Mark Tellen is a freelance journalist based in Harvan.</p>
</article>{extra}<footer>Copyright 2020 Daily Post</footer></body></html>"""


def test_tail_bio_rule_runs_on_trafilatura_paragraphs() -> None:
    page = seg(ARTICLE.format(extra=""), url=None)
    assert of_kind(page, K.HEADLINE) == ["Army retakes Kessa"]
    assert of_kind(page, K.AUTHOR_BIO) == ["Mark Tellen is a freelance journalist based in Harvan."]
    assert len(of_kind(page, K.BODY)) == 3
    assert of_kind(page, K.BOILERPLATE) == ["Home\nWorld", "Copyright 2020 Daily Post"]


def test_unknown_comment_markup_falls_back_to_trafilatura_comments() -> None:
    extra = ("<section class='user-comments'><h3>Comments</h3><div class='c'><p>So many dead for a ruined"
             " town.</p></div><div class='c'><p>Where is the UN, and why is nobody counting?</p></div>"
             "</section>")
    page = seg(ARTICLE.format(extra=extra), url=None)
    comments = [s for s in page.segments if s.kind is K.COMMENT]
    assert comments and all(c.author is None for c in comments)
    assert "So many dead" in comments[0].text
    assert "So many dead" not in extractable(page) and "Where is the UN" not in extractable(page)


@pytest.mark.parametrize("content", [
    "", "   ", "<html></html>", "<<<>>>", "<p>unclosed <b>tags <i>everywhere",
    '<?xml version="1.0" encoding="utf-8"?><html><body><h1>Title here</h1><p>Some text.</p></body></html>',
    "<div>" * 3000 + "deep text that goes on and on for a while here." + "</div>" * 3000,
    "\x00\x01<html><body>\x00 null bytes</body></html>",
    "just plain text given as html, with no tags at all, about an attack that killed two people.",
])
def test_odd_html_never_raises(content: str) -> None:
    t0 = time.perf_counter()
    seg(content)
    assert time.perf_counter() - t0 < 5.0


def test_short_page_keeps_its_structure() -> None:
    # trafilatura flattens a page this short into one paragraph; the page's own blocks are used instead.
    page = seg("<html><body><article><h1>Army retakes Kessa after a week of fighting</h1>"
               "<p>Government forces recaptured the town of Kessa on Friday, the army said.</p>"
               "<p>The army said twelve rebels were killed.</p><h3>Related coverage</h3><ul>"
               "<li><a href=/a>Rebels shell Kessa bridge</a></li><li><a href=/b>UN urges truce</a></li>"
               "<script>alert(1)</script></ul></article></body></html>", url=None)
    assert of_kind(page, K.HEADLINE) == ["Army retakes Kessa after a week of fighting"]
    assert len(of_kind(page, K.BODY)) == 2
    body = extractable(page)
    assert "Related coverage" not in body and "Rebels shell Kessa bridge" not in body
    assert "alert(1)" not in page.text


def test_plain_text_given_as_html_keeps_its_text() -> None:
    page = seg("<html><body><p>Rebels shelled the town of Kessa on Monday, killing two people, officials"
               " said.</p></body></html>", url=None)
    assert "Rebels shelled the town of Kessa" in extractable(page)


def test_html_is_reasonably_fast(html: str) -> None:
    seg(html)
    t0 = time.perf_counter()
    for _ in range(5):
        seg(html)
    assert (time.perf_counter() - t0) / 5 < 0.5


@pytest.mark.parametrize(("selector", "ids"), [
    ("li.comment", ["c1", "c2"]),
    (".list > li", ["c1", "c3"]),
    (".list li", ["c1", "c2", "c3"]),
    ("li[id^=c]", ["c1", "c2", "c3"]),
    ("[class*=omm]", ["c1", "c2"]),
    ("[class$=ent]", ["c1"]),
    ("#c3, li.comment-x", ["c2", "c3"]),
    ("ol[data-kind=thread] span", ["s1"]),
])
def test_css_subset(selector: str, ids: list[str]) -> None:
    doc = lxml.html.fromstring(
        '<div><ol class="list" data-kind="thread"><li id="c1" class="comment">a<ol class="kids">'
        '<li id="c2" class="comment comment-x">b</li></ol></li><li id="c3">c<span id="s1">d</span></li>'
        "</ol></div>")
    found = doc.xpath(to_xpath(selector))
    assert sorted(e.get("id") for e in found) == sorted(ids)
