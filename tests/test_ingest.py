"""Readers: every kind of source, and every kind of bad input rejected with a reason."""

from __future__ import annotations

import gzip
import io
import json
import socket
from pathlib import Path

import httpx
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from warlog.errors import ConfigError, InputRejected
from warlog.ingest import ReadOptions, read_sources
from warlog.ingest.decode import InputKind, decode, sniff
from warlog.ingest.meta import clean_published
from warlog.model import Media, RawDocument, Rejection, RejectReason

ARTICLE_HTML = b"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Clashes in Kidal</title></head>
<body><article><h1>Clashes in Kidal</h1><p>Fighting broke out near Kidal on Monday, residents said.</p>
</article></body></html>"""


def read(*sources: str, **kw: object) -> list[RawDocument | Rejection]:
    return list(read_sources(sources, ReadOptions(**kw)))  # type: ignore[arg-type]


def docs(items: list[RawDocument | Rejection]) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def rejected(items: list[RawDocument | Rejection]) -> list[Rejection]:
    return [i for i in items if isinstance(i, Rejection)]


# -- decoding and sniffing --

@pytest.mark.parametrize(("data", "reason"), [
    (b"", RejectReason.EMPTY),
    (b"   \n\t  ", RejectReason.EMPTY),
    (b"%PDF-1.7 binary", RejectReason.BINARY),
    (b"\x89PNG\r\n\x1a\n....", RejectReason.BINARY),
    (bytes(range(256)) * 3, RejectReason.BINARY),
    (gzip.compress(b"hello world"), RejectReason.BINARY),
    (b"x" * 2000, RejectReason.TOO_LARGE),
])
def test_bad_bytes_are_rejected_with_a_reason(data: bytes, reason: RejectReason) -> None:
    with pytest.raises(InputRejected) as err:
        decode(data, "in.txt", max_bytes=1000)
    assert err.value.reason == reason
    assert "in.txt" in err.value.message


def test_encodings_are_detected() -> None:
    text = "Les forces armées ont été déployées à Tombouctou, a déclaré le ministère de la Défense."
    assert decode(text.encode("utf-16"), "x", max_bytes=10**6) == text
    assert decode(text.encode("cp1252"), "x", max_bytes=10**6) == text
    assert decode(b"\xef\xbb\xbf" + text.encode(), "x", max_bytes=10**6) == text
    html = (b'<html><head><meta charset="iso-8859-1"></head><body>' + text.encode("latin-1")
            + b"</body></html>")
    assert text in decode(html, "x", max_bytes=10**6, html=True)


@pytest.mark.parametrize(("data", "name", "kind"), [
    (ARTICLE_HTML, "page", InputKind.HTML),
    (b"Plain text about clashes.", "page", InputKind.TEXT),
    (b'{"text": "a"}\n{"text": "b"}\n', "batch", InputKind.JSONL),
    (b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "f", InputKind.FEED),
    (b"WARC/1.0\r\n", "x", InputKind.WARC),
    (b"anything", "x.html", InputKind.HTML),
    (b"anything", "x.warc.gz", InputKind.WARC),
])
def test_sniff(data: bytes, name: str, kind: InputKind) -> None:
    assert sniff(data, name) is kind


def test_published_dates() -> None:
    assert clean_published("2008-06-07") == "2008-06-07"
    assert clean_published("2008-06-07T08:42:00Z") == "2008-06-07T08:42:00+00:00"
    assert clean_published("Sat, 07 Jun 2008 08:42:00 GMT") == "2008-06-07T08:42:00+00:00"
    with pytest.raises(ConfigError, match="ISO 8601"):
        clean_published("last Tuesday")


def test_published_dates_of_reduced_precision_are_kept_as_given() -> None:
    assert clean_published("2011-10") == "2011-10"
    assert clean_published(" 2011 ") == "2011"
    with pytest.raises(ConfigError, match="2008-06"):
        clean_published("2011-13")


# -- files, folders, JSON lines, stdin --

def test_directory_is_walked_and_a_corrupt_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("Militants attacked a base in Sinai.")
    (tmp_path / "two.html").write_bytes(ARTICLE_HTML)
    (tmp_path / "corrupt.txt").write_bytes(bytes(range(256)) * 50)
    (tmp_path / ".hidden.txt").write_text("not read")
    items = read(str(tmp_path))
    assert sorted(Path(d.origin).name for d in docs(items)) == ["one.txt", "two.html"]
    assert [(Path(r.origin).name, r.reason) for r in rejected(items)] == [
        ("corrupt.txt", RejectReason.BINARY)]
    assert {d.media for d in docs(items)} == {Media.TEXT, Media.HTML}


def test_missing_path_is_rejected() -> None:
    (r,) = read("/no/such/file.txt")
    assert isinstance(r, Rejection) and r.reason is RejectReason.UNREADABLE


def test_jsonl_records_bad_lines_do_not_stop_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"text": "Troops clashed with rebels.", "url": "https://example.org/1",
                    "title": "Clashes", "published": "2019-03-02", "source": "Example"}),
        "{not json",
        json.dumps({"html": "<html><body><p>Shelling in Donetsk.</p></body></html>"}),
        json.dumps({"title": "no text"}),
        json.dumps({"text": "x", "published": "yesterday"}),
        "",
        json.dumps(["a list"]),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = read(str(path))
    good = docs(items)
    assert [(d.title, d.published, d.source, d.url, d.media) for d in good] == [
        ("Clashes", "2019-03-02", "Example", "https://example.org/1", Media.TEXT),
        (None, None, None, None, Media.HTML)]
    assert [(r.origin.rsplit(":", 1)[1], r.reason) for r in rejected(items)] == [
        ("2", RejectReason.INVALID_RECORD), ("4", RejectReason.INVALID_RECORD),
        ("5", RejectReason.INVALID_RECORD), ("7", RejectReason.INVALID_RECORD)]


def test_stdin_is_read_and_sniffed() -> None:
    (d,) = read("-", stdin=io.BytesIO(ARTICLE_HTML))
    assert isinstance(d, RawDocument) and d.origin == "stdin" and d.media is Media.HTML
    (r,) = read("-", stdin=io.BytesIO(b"x" * 50), max_bytes=10)
    assert isinstance(r, Rejection) and r.reason is RejectReason.TOO_LARGE


# -- URLs and feeds (an injected transport keeps these off the network) --

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Frontline Wire</title>
<item><title>Full entry</title><link>https://news.example/full</link>
<pubDate>Tue, 04 Jun 2019 10:00:00 GMT</pubDate>
<description>""" + (b"Long text about an airstrike on a convoy near Idlib. " * 20) + b"""</description></item>
<item><title>Short entry</title><link>https://news.example/short</link>
<pubDate>Wed, 05 Jun 2019 10:00:00 GMT</pubDate><description>Teaser only.</description></item>
<item><title>Broken link</title><link>https://news.example/missing</link><description></description></item>
</channel></rss>"""


def handler(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/short":
        return httpx.Response(200, content=ARTICLE_HTML, headers={"content-type": "text/html; charset=utf-8"})
    if path == "/feed":
        return httpx.Response(200, content=RSS, headers={"content-type": "application/rss+xml"})
    if path == "/big":
        return httpx.Response(200, content=b"<p>x</p>" * 1000, headers={"content-type": "text/html"})
    if path == "/redirect":
        return httpx.Response(301, headers={"location": "https://news.example/short"})
    return httpx.Response(404)


def client() -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)


def test_url_fetch_follows_redirects_and_keeps_the_final_url() -> None:
    (d,) = read("https://news.example/redirect", http=client())
    assert isinstance(d, RawDocument) and d.url == "https://news.example/short" and d.media is Media.HTML


def test_url_errors_are_rejections() -> None:
    items = read("https://news.example/nothing", "https://news.example/big", http=client(), max_bytes=2000)
    assert [r.reason for r in rejected(items)] == [RejectReason.FETCH_FAILED, RejectReason.TOO_LARGE]
    assert "HTTP 404" in rejected(items)[0].message


def test_offline_is_a_clear_error() -> None:
    with socket.socket() as s:  # a port on this machine that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (r,) = read(f"http://127.0.0.1:{port}/article", timeout=2.0, allow_private=True)  # a local address: allowed
    assert isinstance(r, Rejection) and r.reason is RejectReason.FETCH_FAILED
    assert "cannot connect" in r.message and "offline" in r.message


def test_feed_entries_become_documents_with_metadata() -> None:
    items = read("https://news.example/feed", http=client())
    full, short = docs(items)
    assert (full.title, full.source, full.published) == (
        "Full entry", "Frontline Wire", "2019-06-04T10:00:00+00:00")
    assert "airstrike" in full.content and full.url == "https://news.example/full"
    assert (short.title, short.published) == ("Short entry", "2019-06-05T10:00:00+00:00")
    assert short.content.startswith("<!DOCTYPE html>")  # the teaser was too short: the link was fetched
    (bad,) = rejected(items)
    assert bad.reason is RejectReason.FETCH_FAILED and "missing" in bad.origin


def test_feed_file_without_fetching(tmp_path: Path) -> None:
    path = tmp_path / "wire.xml"
    path.write_bytes(RSS)
    items = read(str(path), fetch_links="never")
    assert [d.title for d in docs(items)] == ["Full entry", "Short entry"]
    assert [r.reason for r in rejected(items)] == [RejectReason.EMPTY]


# -- WARC --

def write_warc(path: Path) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, ctype, body in [("https://news.example/a", "text/html; charset=utf-8", ARTICLE_HTML),
                                 ("https://news.example/logo.png", "image/png", b"\x89PNG...."),
                                 ("https://news.example/b", "text/html", b"%PDF-1.4 not html at all")]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2019-06-05T11:00:00Z"})
            writer.write_record(record)


def test_warc_responses_become_documents(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    items = read(str(path))
    (d,) = docs(items)
    assert d.url == "https://news.example/a" and d.fetched == "2019-06-05T11:00:00Z" and d.published is None
    reasons = sorted(r.reason for r in rejected(items))
    assert reasons == [RejectReason.BINARY, RejectReason.UNSUPPORTED]


def test_truncated_warc_keeps_what_came_before(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    data = path.read_bytes()
    path.write_bytes(data + b"\x1f\x8b\x08\x00garbage that is not gzip")
    items = read(str(path))
    assert len(docs(items)) == 1
    assert RejectReason.INVALID_RECORD in {r.reason for r in rejected(items)}
