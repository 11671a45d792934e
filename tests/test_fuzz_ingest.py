"""Property tests of the readers and the segmenter (issue 16): whatever bytes arrive — as a file, on
stdin or from the web — `read_sources` and `build_document` end in documents or rejections with a
reason and a message, never in another exception.

Inputs are generated per kind (plain text, HTML, JSON lines, RSS/Atom, WARC, fetched URLs, random
bytes) and then damaged: truncated (also inside a UTF-8 sequence), mixed encodings, NUL bytes,
huge lines, deep nesting, wrong JSON types, bad charsets, private and invalid link hosts. The CI
profile (CI set) runs few examples; `scripts/fuzz.py` runs the same generators for as long as asked.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from warlog.errors import InputRejected
from warlog.ingest import ReadOptions, read_sources
from warlog.model import RawDocument, Rejection, RejectReason
from warlog.run import build_document, ingest
from warlog.store import open_store

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile("ci", max_examples=12, deadline=None, database=None, derandomize=True,
                          suppress_health_check=_SLOW)
settings.register_profile("dev", max_examples=20, deadline=None, database=None, suppress_health_check=_SLOW)
PROFILE = settings.get_profile(os.environ.get("WARLOG_FUZZ_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

MAX_BYTES = 200_000
FIELDS = ("text", "html", "url", "title", "published", "source")
PROSE = ("Troops clashed with rebels near Kidal on Monday, residents said.",
         "Les forces armées ont été déployées à Tombouctou.", "Обстрел продолжался всю ночь.",
         "قال مسؤولون إن الهجوم أسفر عن مقتل خمسة أشخاص.", "砲撃は夜通し続いた。", "")
HOSTS = ("news.example", "93.184.216.34", "127.0.0.1", "10.0.0.7", "[::1]", "169.254.169.254", "localhost",
         "xn--", "xn--ls8h.la", "xn--zca.example", "\u0080.com", "a:99999", "[::1", "a b", "", "%zz", "0.0.0.0")
CHARSETS = ("utf-8", "undefined", "punycode", "idna", "latin-1", "utf-16", "cp1252", "no-such", "utf-7", "base64",
            "unicode_escape", "shift_jis", "")
CODECS = ("utf-8", "utf-16", "utf-16-le", "cp1252", "latin-1", "shift_jis", "koi8-r", "gb18030", "utf-32")
EXTENSIONS = ("", ".txt", ".html", ".jsonl", ".rss", ".atom", ".xml", ".warc", ".warc.gz", ".bin", ".md")
DATES = ("2019-06-04", "Tue, 04 Jun 2019 10:00:00 GMT", "Sat, 07 Jun 99999999999999999999 08:42:00 GMT",
         "99999-01-01", "2019-02-30", "yesterday", "", "2011", "0000-00-00T25:61:61Z")


@dataclass(frozen=True)
class Case:
    """One generated input: `data` in a file called `name`, or on stdin, or served at `url`."""

    kind: str
    name: str
    data: bytes
    how: str = "file"  # "file", "stdin" or "url"
    content_type: str = "text/html"
    encoding: str = ""  # the Content-Encoding it is served with
    fetch_links: str = "never"
    served: dict[str, bytes] = field(default_factory=dict)  # other pages the fake web answers

    def __repr__(self) -> str:  # short enough for a failure report
        return f"Case({self.kind}, {self.name!r}, {self.how}, {len(self.data)} bytes: {self.data[:300]!r})"


# -- generators --

prose = st.one_of(st.sampled_from(PROSE), st.text(max_size=120))
depths = st.sampled_from((1, 3, 40, 254, 300, 2000, 10_000))


@st.composite
def encoded(draw: Any, text: str) -> bytes:
    """`text` in a drawn encoding, or its parts in several (a mixed-encoding file)."""
    if draw(st.booleans()):
        return text.encode(draw(st.sampled_from(CODECS)), "ignore")
    cut = draw(st.integers(0, len(text)))
    return text[:cut].encode(draw(st.sampled_from(CODECS)), "ignore") + text[cut:].encode(
        draw(st.sampled_from(CODECS)), "ignore")


@st.composite
def damaged(draw: Any, data: bytes) -> bytes:
    """`data` cut short (perhaps inside a UTF-8 sequence), with NULs or random bytes put in, or whole."""
    at = draw(st.integers(0, len(data)))
    how = draw(st.sampled_from(("whole", "whole", "cut", "nul", "insert", "flip")))
    if how == "cut":
        return data[:at]
    if how == "nul":
        return data[:at] + b"\x00" * draw(st.integers(1, 3)) + data[at:]
    if how == "insert":
        return data[:at] + draw(st.binary(max_size=40)) + data[at:]
    if how == "flip" and data:
        i = min(at, len(data) - 1)
        return data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1:]
    return data


@st.composite
def urls(draw: Any) -> str:
    scheme = draw(st.sampled_from(("http", "https", "ftp", "HTTP")))
    path = draw(st.sampled_from(("/a", "/page?id=3", "", "/%ff/\u00e9", "/feed")))
    return f"{scheme}://{draw(st.sampled_from(HOSTS))}{path}"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**40), 10**40) | st.floats() | prose | urls()
    | st.sampled_from(DATES),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8)


@st.composite
def jsonl_line(draw: Any) -> bytes:
    shape = draw(st.sampled_from(("record", "record", "nested", "huge_int", "garbage", "blank")))
    if shape == "nested":
        depth = draw(depths)
        open_, close = (b"[", b"]") if draw(st.booleans()) else (b'{"a":', b"}")
        return b'{"text": "Troops clashed.", "x": ' + open_ * depth + b"1" * (open_ != b"[") + close * depth + b"}"
    if shape == "huge_int":
        digits = draw(st.sampled_from((20, 310, 4300, 5000)))
        return (f'{{"text": "Troops clashed.", "{draw(st.sampled_from(FIELDS))}": ' + "9" * digits + "}").encode()
    if shape == "garbage":
        return draw(st.binary(max_size=200)).replace(b"\n", b" ")
    if shape == "blank":
        return b"   "
    keys = st.one_of(st.sampled_from(FIELDS), st.text(max_size=6))
    record = draw(st.dictionaries(keys, st.one_of(json_values, prose, urls()), max_size=6))
    if draw(st.booleans()):
        record.setdefault("text", draw(prose))
    return json.dumps(record, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")


@st.composite
def html_page(draw: Any) -> bytes:
    depth = draw(depths)
    tag = draw(st.sampled_from(("div", "span", "b", "p", "table", "font")))
    links = "".join(f'<a href="{u}">link</a>' for u in draw(st.lists(urls(), max_size=3)))
    body = "".join(f"<p>{t}</p>" for t in draw(st.lists(prose, max_size=4)))
    page = (f'<!DOCTYPE html><html><head><meta charset="{draw(st.sampled_from(CHARSETS))}"><title>{draw(prose)}'
            f"</title></head><body><article><h1>{draw(prose)}</h1>{f'<{tag}>' * depth}{body}{links}"
            f"{f'</{tag}>' * depth * draw(st.sampled_from((0, 1)))}</article></body></html>")
    return draw(encoded(page))


@st.composite
def feed(draw: Any) -> bytes:
    atom = draw(st.booleans())
    items = []
    for _ in range(draw(st.integers(0, 4))):
        title, link, date = draw(prose), draw(urls()), draw(st.sampled_from(DATES))
        text = draw(st.one_of(prose, st.just("<div>" * draw(depths) + "Troops clashed near the town.")))
        if atom:
            items.append(f"<entry><title>{title}</title><link href=\"{link}\"/><updated>{date}</updated>"
                         f"<content type=\"html\"><![CDATA[{text}]]></content></entry>")
        else:
            items.append(f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
                         f"<description><![CDATA[{text}]]></description></item>")
    nest = "<x>" * draw(depths) + "</x>" * draw(depths)
    if atom:
        doc = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>{nest}{"".join(items)}</feed>'
    else:
        doc = f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{nest}{"".join(items)}</channel></rss>'
    return draw(encoded(doc))


@st.composite
def warc(draw: Any) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=draw(st.booleans()))
    for i in range(draw(st.integers(0, 3))):
        status = draw(st.sampled_from(("200 OK", "404 Not Found", "301 Moved Permanently")))
        ctype = draw(st.sampled_from(("text/html; charset=utf-8", "text/html; charset=undefined", "image/png",
                                      "text/html", "application/xhtml+xml; charset=punycode")))
        payload = draw(st.one_of(html_page(), st.binary(max_size=300), st.just(b"\0" * 300_000)))
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        fixed = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{i:012d}>",  # the same bytes each run
                 "WARC-Date": "2019-06-05T11:00:00Z"}
        writer.write_record(writer.create_warc_record(draw(urls()), "response", payload=io.BytesIO(payload),
                                                      http_headers=headers, warc_headers_dict=fixed))
    data = out.getvalue()
    return gzip.compress(data, mtime=0) if draw(st.integers(0, 9)) == 0 else data


@st.composite
def text_file(draw: Any) -> bytes:
    shape = draw(st.sampled_from(("prose", "prose", "huge_line", "controls")))
    if shape == "huge_line":
        return b"Troops clashed " * draw(st.sampled_from((1000, 13_000, 14_000)))
    if shape == "controls":
        return bytes(draw(st.lists(st.integers(0, 31), max_size=200))) + draw(encoded(draw(prose)))
    return draw(encoded("\n".join(draw(st.lists(prose, max_size=8)))))


GENERATORS: dict[str, Any] = {
    "text": text_file(), "html": html_page(), "feed": feed(), "warc": warc(), "bytes": st.binary(max_size=3000),
    "jsonl": st.lists(jsonl_line(), max_size=6).map(lambda lines: b"\n".join(lines) + b"\n"),
}
EXT_OF = {"text": ".txt", "html": ".html", "feed": ".rss", "warc": ".warc", "bytes": ".bin", "jsonl": ".jsonl"}


@st.composite
def cases(draw: Any, kinds: tuple[str, ...] = tuple(GENERATORS), hows: tuple[str, ...] = ("file", "stdin", "url")
          ) -> Case:
    kind = draw(st.sampled_from(kinds))
    data = draw(damaged(draw(GENERATORS[kind])))
    ext = EXT_OF[kind] if draw(st.booleans()) else draw(st.sampled_from(EXTENSIONS))
    how = draw(st.sampled_from(hows))
    served = {u: draw(st.one_of(html_page(), feed(), st.binary(max_size=200)))
              for u in ("https://news.example/a", "http://93.184.216.34/a", "https://news.example/feed")}
    return Case(kind, f"input{ext}", data, how, draw(st.sampled_from(("text/html", "application/rss+xml",
                "text/plain", "application/octet-stream", ""))), draw(st.sampled_from(("", "gzip", "br", "bogus"))),
                draw(st.sampled_from(("never", "always", "auto"))), served)


# -- the check --

def fake_web(case: Case) -> httpx.Client:
    """A web that answers `case`'s URL with its data, and a few links with other generated pages."""
    def answer(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if url == "https://news.example/input":
            body = gzip.compress(case.data) if case.encoding == "gzip" else case.data
            return httpx.Response(200, content=body, headers={"content-type": case.content_type,
                                                              "content-encoding": case.encoding})
        if url in case.served:
            return httpx.Response(200, content=case.served[url], headers={"content-type": "text/html"})
        return httpx.Response(404)
    return httpx.Client(transport=httpx.MockTransport(answer))


def check_case(case: Case) -> list[RawDocument | Rejection]:
    """Read `case` and segment each document: what became of each input, a document that segmentation
    refused as its Rejection. Raises AssertionError on a refusal without reason or message, on an
    internal error or an unstorable string, and lets any other exception out (a crash)."""
    with tempfile.TemporaryDirectory() as folder, fake_web(case) as client:
        source = {"stdin": "-", "url": "https://news.example/input"}.get(case.how)
        if source is None:
            source = str(Path(folder) / case.name)
            Path(source).write_bytes(case.data)
        opts = ReadOptions(max_bytes=MAX_BYTES, timeout=5.0, fetch_links=case.fetch_links, http=client,
                           stdin=io.BytesIO(case.data))
        results: list[RawDocument | Rejection] = []
        for item in read_sources([source], opts):
            if isinstance(item, RawDocument):
                _storable(item.origin, item.content, item.url, item.title, item.published, item.source)
                try:
                    build_document(item)
                except InputRejected as exc:
                    assert exc.message, exc
                    item = Rejection(item.origin, RejectReason(exc.reason), exc.message)
            assert not isinstance(item, Rejection) or (item.reason in set(RejectReason) and item.message), item
            assert not isinstance(item, Rejection) or item.reason is not RejectReason.INTERNAL_ERROR, item
            if isinstance(item, Rejection):
                _storable(item.origin, item.message)
            results.append(item)
        return results


def _storable(*values: str | None) -> None:
    for value in values:
        if value is not None:
            value.encode("utf-8")  # SQLite text must be valid UTF-8: no unpaired surrogates


# -- the properties --

@PROFILE
@given(cases(kinds=("text", "bytes"), hows=("file",)))
def test_plain_text_and_random_bytes(case: Case) -> None:
    check_case(case)


@PROFILE
@given(cases(kinds=("html",), hows=("file",)))
def test_html(case: Case) -> None:
    check_case(case)


@PROFILE
@given(cases(kinds=("jsonl",), hows=("file",)))
def test_json_lines(case: Case) -> None:
    check_case(case)


@PROFILE
@given(cases(kinds=("feed",), hows=("file", "url")))
def test_feeds(case: Case) -> None:
    check_case(case)


@PROFILE
@given(cases(kinds=("warc",), hows=("file",)))
def test_warc(case: Case) -> None:
    check_case(case)


@PROFILE
@given(cases(hows=("stdin",)))
def test_stdin_streams(case: Case) -> None:
    check_case(case)


@PROFILE
@given(cases(hows=("url",)))
def test_fetched_urls(case: Case) -> None:
    check_case(case)


@settings(PROFILE, max_examples=max(3, PROFILE.max_examples // 4))
@given(st.lists(cases(kinds=("text", "html", "jsonl", "feed", "warc", "bytes"), hows=("file",)), min_size=1,
                max_size=5))
def test_a_generated_batch_is_stored_or_rejected_and_stays_put(batch: list[Case]) -> None:
    """Every input of a batch is stored or recorded as a rejection; ingesting it again changes nothing."""
    with tempfile.TemporaryDirectory() as folder, open_store(":memory:") as store:
        paths = []
        for i, case in enumerate(batch):
            path = Path(folder) / f"{i}-{case.name}"
            path.write_bytes(case.data)
            paths.append(str(path))
        read = ReadOptions(max_bytes=MAX_BYTES, fetch_links="never")
        report = ingest(paths, store, read_options=read, extract=False)
        for path in paths:
            assert any(o.origin.startswith(path) for o in report.outcomes), f"nothing became of {path}"
        rejected = {(r.origin, r.reason) for r in store.rejections()}
        stored = {d.doc_id for d in store.documents()}
        for outcome in report.outcomes:
            if outcome.status == "rejected":
                assert (outcome.origin, outcome.reason) in rejected and outcome.message
            else:
                assert outcome.doc_id in stored
        before = _snapshot(store)
        again = ingest(paths, store, read_options=read, extract=False)
        assert _snapshot(store) == before
        assert [o.status == "rejected" for o in again.outcomes] == [o.status == "rejected" for o in report.outcomes]


def _snapshot(store: Any) -> list[tuple[Any, ...]]:
    docs = [(d.doc_id, d.url, d.title, d.published, d.source, store.document(d.doc_id).text)
            for d in store.documents()]
    return sorted(docs, key=str)
