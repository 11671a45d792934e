"""Hardening of the readers (issue 16): each input shape a fuzzing run crashed on ends in a document or a
recorded rejection with a reason; fetches are kept off private addresses and within a total deadline;
the byte limit holds for every read, after decompression too."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import os
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from warlog.errors import InputRejected
from warlog.ingest import ReadOptions, read_sources, storable
from warlog.ingest.decode import decode
from warlog.model import Media, RawDocument, Rejection, RejectReason
from warlog.run import build_document, ingest
from warlog.store import Store

ARTICLE = ("<html><head><title>Clashes in Kidal</title></head><body><article><h1>Clashes in Kidal</h1>"
           "<p>Fighting broke out near Kidal on Monday between the army and rebels, residents said.</p>"
           "</article></body></html>")


def read(*sources: str, **kw: object) -> list[RawDocument | Rejection]:
    return list(read_sources(sources, ReadOptions(**kw)))  # type: ignore[arg-type]


def only(items: list[RawDocument | Rejection]) -> RawDocument | Rejection:
    assert len(items) == 1, items
    return items[0]


def refused(items: list[RawDocument | Rejection], reason: RejectReason) -> Rejection:
    item = only(items)
    assert isinstance(item, Rejection), item
    assert item.reason is reason, item
    assert item.message
    return item


def segmented(doc: RawDocument | Rejection) -> str:
    """The body text warlog would store for `doc` (which must be a document)."""
    assert isinstance(doc, RawDocument), doc
    return build_document(doc).text


def jsonl(tmp_path: Path, *lines: str | bytes) -> str:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"\n".join(x.encode() if isinstance(x, str) else x for x in lines) + b"\n")
    return str(path)


# -- JSON lines: nesting, huge numbers, nulls, wrong types --

@pytest.mark.parametrize("nested", [b"[" * 10_000 + b"]" * 10_000, b'{"a":' * 10_000 + b"1" + b"}" * 10_000])
def test_deeply_nested_json_is_rejected(tmp_path: Path, nested: bytes) -> None:
    line = b'{"text": "Troops clashed.", "extra": ' + nested + b"}"
    r = refused(read(jsonl(tmp_path, line)), RejectReason.INVALID_RECORD)
    assert "nested too deeply" in r.message
    refused(read(jsonl(tmp_path, nested)), RejectReason.INVALID_RECORD)


def test_deeply_nested_json_on_stdin_is_rejected() -> None:
    short = b'{"a":' + b"[" * 2000 + b"]" * 2000 + b"}"  # fits the 4 KiB that sniffing reads
    long = b'{"text": "Troops clashed.", "a":' + b'{"a":' * 10_000 + b"1" + b"}" * 10_001
    items = read("-", stdin=io.BytesIO(short + b"\n" + long))
    assert [(i.origin, i.reason) for i in items if isinstance(i, Rejection) and "nested too deeply" in i.message] == [
        ("stdin:1", RejectReason.INVALID_RECORD), ("stdin:2", RejectReason.INVALID_RECORD)]


FIELDS = ("text", "html", "url", "title", "published", "source")


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", [10**30, -(10**300), 1e308, 1.5, True, [], {"name": "x"}, ["a", 1]],
                         ids=["big", "huge", "float", "fraction", "bool", "list", "object", "mixed"])
def test_every_record_field_of_a_wrong_type_is_rejected(tmp_path: Path, field: str, value: object) -> None:
    record = {"text": "Troops clashed with rebels near the town.", field: value}
    r = refused(read(jsonl(tmp_path, json.dumps(record))), RejectReason.INVALID_RECORD)
    assert f'"{field}" must be a string' in r.message


def test_integers_too_long_for_python_are_invalid_json(tmp_path: Path) -> None:
    line = '{"text": "Troops clashed.", "published": ' + "9" * 5000 + "}"
    r = refused(read(jsonl(tmp_path, line)), RejectReason.INVALID_RECORD)
    assert "not a valid JSON line" in r.message


@pytest.mark.parametrize("field", ["url", "title", "published", "source", "html"])
def test_null_fields_count_as_absent(tmp_path: Path, field: str) -> None:
    doc = only(read(jsonl(tmp_path, json.dumps({"text": "Troops clashed with rebels near the town.", field: None}))))
    assert isinstance(doc, RawDocument) and getattr(doc, field, None) is None and doc.media is Media.TEXT
    assert "Troops clashed" in segmented(doc)


def test_null_or_missing_text_is_a_rejection(tmp_path: Path) -> None:
    items = read(jsonl(tmp_path, '{"text": null}', '{"html": null, "text": null}', '{"url": null}', "null",
                       '"a string"', "5"))
    assert [(r.origin.rsplit(":", 1)[1], r.reason) for r in items if isinstance(r, Rejection)] == [
        ("1", RejectReason.EMPTY), ("2", RejectReason.EMPTY), ("3", RejectReason.INVALID_RECORD),
        ("4", RejectReason.INVALID_RECORD), ("5", RejectReason.INVALID_RECORD), ("6", RejectReason.INVALID_RECORD)]


def test_unknown_fields_of_any_type_are_ignored_and_stored(tmp_path: Path, store: Store) -> None:
    path = jsonl(tmp_path, json.dumps({"text": "Troops clashed with rebels near the town.", "count": 10**30,
                                       "tags": [[[1e308]]], "published": "2019-03-02"}))
    report = ingest([path], store, extract=False)
    assert [o.status for o in report.outcomes] == ["added"]
    (info,) = store.documents()
    assert info.published == "2019-03-02"


@pytest.mark.parametrize("published", ["Sat, 07 Jun 99999999999999999999 08:42:00 GMT", "99999-01-01",
                                       "2019-02-30"])
def test_impossible_dates_are_rejected_not_raised(tmp_path: Path, published: str) -> None:
    line = json.dumps({"text": "Troops clashed.", "published": published})
    r = refused(read(jsonl(tmp_path, line)), RejectReason.INVALID_RECORD)
    assert "ISO 8601" in r.message


def test_lone_surrogates_are_replaced_so_the_store_takes_them(tmp_path: Path, store: Store) -> None:
    path = jsonl(tmp_path, r'{"text": "Troops \ud800 clashed with rebels near the town.", "title": "A \udc00"}',
                 r'{"text": "Shelling near the border \ud83d\ude00 was reported by residents."}')
    first, second = read(path)
    assert isinstance(first, RawDocument) and "\ufffd" in first.content and first.title == "A \ufffd"
    assert isinstance(second, RawDocument) and "\U0001f600" in second.content
    report = ingest([path], store, extract=False)
    assert [o.status for o in report.outcomes] == ["added", "added"]


def test_file_names_that_are_not_utf8_are_stored(tmp_path: Path, store: Store) -> None:
    path = Path(os.fsdecode(bytes(tmp_path) + b"/report\xff.txt"))
    path.write_text("Troops clashed with rebels near the town, residents said.")
    report = ingest([str(path)], store, extract=False)
    assert [o.status for o in report.outcomes] == ["added"]
    assert storable(Rejection("a\udcff", RejectReason.EMPTY, "m\ud800")) == Rejection(
        "a\ufffd", RejectReason.EMPTY, "m\ufffd")


def test_a_line_longer_than_the_limit_is_skipped_and_the_next_read(tmp_path: Path) -> None:
    path = jsonl(tmp_path, json.dumps({"text": "x" * 5000}), json.dumps({"text": "Troops clashed."}))
    long, short = read(path, max_bytes=1000)
    assert isinstance(long, Rejection) and long.reason is RejectReason.TOO_LARGE
    assert isinstance(short, RawDocument) and short.origin.endswith(":2")


# -- HTML: nesting, charsets --

def test_ten_thousand_nested_divs_are_segmented(tmp_path: Path) -> None:
    page = ("<html><body>" + "<div>" * 10_000 + "<p>Troops clashed with rebels near the town, residents said.</p>"
            + "</div>" * 10_000 + "</body></html>")
    path = tmp_path / "deep.html"
    path.write_text(page)
    assert "Troops clashed with rebels" in segmented(only(read(str(path))))


def test_deeply_nested_feed_markup_is_read_or_rejected(tmp_path: Path) -> None:
    path = tmp_path / "deep.rss"
    path.write_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel>' + b"<x>" * 10_000 + b"</x>" * 10_000
                     + b"<item><title>T</title><description><![CDATA[" + b"<div>" * 10_000
                     + b"Troops clashed with rebels near the town.]]></description></item></channel></rss>")
    for item in read(str(path), fetch_links="never"):
        assert isinstance(item, Rejection) or "Troops" in item.content


@pytest.mark.parametrize("charset", ["undefined", "punycode", "idna", "unicode_escape", "utf-7", "base64",
                                     "no-such-charset", "a\x00b"])
def test_a_bad_declared_charset_falls_back_to_detection(tmp_path: Path, charset: str) -> None:
    meta = "utf-8" if "\x00" in charset else charset
    page = (f'<html><head><meta charset="{meta}"></head><body><p>Les forces armées ont été déployées à '
            "Tombouctou.</p></body></html>").encode()
    assert "armées" in decode(page, "x", max_bytes=10**6, html=True)
    assert "armées" in decode(page, "x", max_bytes=10**6, declared=charset)
    path = tmp_path / "page.html"
    path.write_bytes(page)
    assert "armées" in segmented(only(read(str(path))))


# -- URLs and links: invalid hosts, private addresses, the deadline, the byte limit --

class Recorder:
    """An httpx transport that answers from a table and remembers every request that reached it."""

    def __init__(self, routes: dict[str, httpx.Response]) -> None:
        self.routes = routes
        self.seen: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(str(request.url))
        return self.routes.get(str(request.url), httpx.Response(404))

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self), follow_redirects=True)


@pytest.mark.parametrize("url", ["http://xn--/", "http://xn--ls8h.la/", "http://\u0080.com/", "http://[::1",
                                 "http://news.example:99999/", "http://a\x00b/", "http:///path"])
def test_urls_with_invalid_hosts_are_rejected(url: str) -> None:
    recorder = Recorder({})
    r = refused(read(url, http=recorder.client()), RejectReason.INVALID_URL)
    assert "correct the address" in r.message and recorder.seen == []


def test_feed_links_with_invalid_hosts_are_not_fetched(tmp_path: Path) -> None:
    recorder = Recorder({})
    path = tmp_path / "wire.rss"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
                    "<item><title>A</title><link>http://xn--/a</link><description>Troops clashed with rebels "
                    "near the town, residents said.</description></item>"
                    "<item><title>B</title><link>http://a:99999/b</link><description></description></item>"
                    "</channel></rss>")
    a, b = read(str(path), fetch_links="always", http=recorder.client())
    assert isinstance(a, RawDocument) and "Troops clashed" in segmented(a)
    assert isinstance(b, Rejection) and b.reason is RejectReason.EMPTY
    assert recorder.seen == []


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.0.10", "172.16.5.4", "169.254.169.254",
                                     "[::1]", "[fe80::1]", "224.0.0.1", "0.0.0.0", "[::ffff:127.0.0.1]",
                                     "100.64.0.1", "240.0.0.1", "2130706433", "localhost"])
def test_private_addresses_are_refused_before_any_request(address: str) -> None:
    recorder = Recorder({})
    r = refused(read(f"http://{address}/news", http=recorder.client()), RejectReason.PRIVATE_ADDRESS)
    assert "--allow-private" in r.message and recorder.seen == []


def test_a_redirect_to_a_private_address_is_refused() -> None:
    recorder = Recorder({
        "http://93.184.216.34/a": httpx.Response(302, headers={"location": "http://169.254.169.254/latest/"}),
    })
    refused(read("http://93.184.216.34/a", http=recorder.client()), RejectReason.PRIVATE_ADDRESS)
    assert recorder.seen == ["http://93.184.216.34/a"]


@contextmanager
def local_server(body: bytes = ARTICLE.encode(), trickle: str = "", headers: bytes = b""
                 ) -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 in a thread: its base URL and the paths it was asked for. With
    `trickle` "headers" or "body", it sends that part a byte every 0.5 s."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            head = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + headers + b"Content-Length: "
                    + str(len(body)).encode() + b"\r\n\r\n")
            try:
                for part, slow in ((head, trickle == "headers"), (body, trickle == "body")):
                    for i in range(len(part)) if slow else [None]:
                        self.wfile.write(part if i is None else part[i:i + 1])
                        self.wfile.flush()
                        if slow:
                            time.sleep(0.5)
            except OSError:
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def test_a_local_server_is_not_asked_unless_allowed(tmp_path: Path) -> None:
    with local_server() as (base, seen):
        refused(read(f"{base}/article"), RejectReason.PRIVATE_ADDRESS)
        feed = tmp_path / "wire.rss"
        feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><item><title>Local</title>'
                        f"<link>{base}/entry</link><description></description></item></channel></rss>")
        r = refused(read(str(feed), fetch_links="always"), RejectReason.PRIVATE_ADDRESS)
        assert "127.0.0.1" in r.message
        assert seen == []
        doc = only(read(f"{base}/article", allow_private=True))
        assert "Fighting broke out" in segmented(doc) and seen == ["/article"]


@pytest.mark.parametrize("trickle", ["headers", "body"])
def test_a_trickling_server_is_cut_at_the_deadline(trickle: str) -> None:
    with local_server(body=ARTICLE.encode() * 4, trickle=trickle) as (base, seen):
        start = time.monotonic()
        r = refused(read(f"{base}/slow", timeout=1.0, allow_private=True), RejectReason.FETCH_FAILED)
        took = time.monotonic() - start
    assert "within 1 s" in r.message and "WARLOG_TIMEOUT" in r.message
    assert took < 2.5 and seen == ["/slow"]


@pytest.mark.parametrize("encoding", [b"gzip", b"deflate"])
def test_a_compressed_body_is_cut_at_the_limit_while_it_streams(encoding: bytes) -> None:
    data = b"<p>" + b"\0" * 20_000_000
    packed = gzip.compress(data) if encoding == b"gzip" else zlib.compress(data)
    with local_server(body=packed, headers=b"Content-Encoding: " + encoding + b"\r\n") as (base, seen):
        r = refused(read(f"{base}/bomb", max_bytes=100_000, allow_private=True), RejectReason.TOO_LARGE)
    assert "100,000" in r.message and seen == ["/bomb"]
    with local_server(body=gzip.compress(ARTICLE.encode()), headers=b"Content-Encoding: gzip\r\n") as (base, _):
        assert "Fighting broke out" in segmented(only(read(f"{base}/ok", allow_private=True)))


def test_the_byte_limit_holds_after_content_decoding() -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)
    recorder = Recorder({
        "https://news.example/bomb": httpx.Response(200, content=bomb, headers={
            "content-type": "text/html", "content-encoding": "gzip"}),
        "https://news.example/br": httpx.Response(200, content=b"...", headers={
            "content-type": "text/html", "content-encoding": "br"}),
    })
    refused(read("https://news.example/bomb", http=recorder.client(), max_bytes=100_000), RejectReason.TOO_LARGE)
    r = refused(read("https://news.example/br", http=recorder.client()), RejectReason.UNSUPPORTED)
    assert "br-encoded" in r.message


# -- files: special files, stdin, paths --

@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
@pytest.mark.parametrize("name", ["/dev/zero", "zero.jsonl", "zero.warc"])
def test_an_endless_device_is_cut_at_the_limit(tmp_path: Path, name: str) -> None:
    path = name if name.startswith("/") else str(tmp_path / name)
    if not name.startswith("/"):
        os.symlink("/dev/zero", path)
    r = refused(read(path, max_bytes=10_000), RejectReason.TOO_LARGE)
    assert "10,000" in r.message
    with open("/dev/zero", "rb") as endless:
        refused(read("-", stdin=endless, max_bytes=10_000), RejectReason.TOO_LARGE)


def test_paths_that_cannot_be_paths_are_rejected() -> None:
    refused(read("bad\x00name.txt"), RejectReason.UNREADABLE)
    refused(read("x" * 5000 + ".txt"), RejectReason.UNREADABLE)


# -- WARC: empty, truncated, bombs --

def warc_bytes(records: list[tuple[str, bytes]], *, compress: bool = True) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for uri, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                      http_headers=headers,
                                                      warc_headers_dict={"WARC-Date": "2019-06-05T11:00:00Z"}))
    return out.getvalue()


@pytest.mark.parametrize(("name", "data"), [("empty.warc", b""), ("empty.warc.gz", b""),
                                            ("blank.warc", b"\r\n\r\n"), ("empty-member.warc.gz", gzip.compress(b""))])
def test_empty_warc_files_are_recorded_rejections(tmp_path: Path, store: Store, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    report = ingest([str(path)], store, extract=False)
    assert [o.status for o in report.outcomes] == ["rejected"]
    (stored,) = store.rejections()
    assert stored.reason == "empty"
    assert "no WARC records" in stored.message or "no HTTP responses" in stored.message


@pytest.mark.parametrize("compress", [True, False])
def test_truncated_warc_files_are_recorded_rejections(tmp_path: Path, store: Store, compress: bool) -> None:
    data = warc_bytes([("https://news.example/a", ARTICLE.encode()),
                       ("https://news.example/b", ARTICLE.encode() * 50)], compress=compress)
    path = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
    path.write_bytes(data[: len(data) - 300])
    report = ingest([str(path)], store, extract=False)
    assert report.outcomes[0].status == "added"
    reasons = {r.reason: r.message for r in store.rejections()}
    assert "truncated" in reasons["invalid_record"]


def test_a_warc_cut_inside_its_first_record_is_a_rejection(tmp_path: Path) -> None:
    data = warc_bytes([("https://news.example/a", ARTICLE.encode() * 20)], compress=False)
    for cut in (10, 60, 200, len(data) - 50):
        path = tmp_path / f"cut{cut}.warc"
        path.write_bytes(data[:cut])
        items = read(str(path))
        assert items and all(isinstance(i, Rejection) and i.message for i in items), (cut, items)


def test_a_gzip_bomb_in_a_warc_is_refused_after_the_records_before_it(tmp_path: Path) -> None:
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(warc_bytes([("https://news.example/a", ARTICLE.encode()),
                                 ("https://news.example/bomb", b"\0" * 3_000_000)]))
    doc, bomb = read(str(path), max_bytes=100_000)
    assert isinstance(doc, RawDocument) and doc.url == "https://news.example/a"
    assert isinstance(bomb, Rejection) and bomb.reason is RejectReason.TOO_LARGE
    assert "decompression bomb" in bomb.message and "WARLOG_MAX_BYTES" in bomb.message


def test_a_warc_gzipped_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.warc.gz"
    path.write_bytes(gzip.compress(warc_bytes([("https://news.example/a", ARTICLE.encode())])))
    refused(read(str(path)), RejectReason.BINARY)


def test_a_warc_on_stdin_is_read() -> None:
    data = warc_bytes([("https://news.example/a", ARTICLE.encode())])
    doc = only(read("-", stdin=io.BytesIO(data)))
    assert isinstance(doc, RawDocument) and doc.url == "https://news.example/a"


def test_a_warc_of_only_metadata_says_so(tmp_path: Path) -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("x.warc.gz", {"software": "test"}))
    path = tmp_path / "info.warc.gz"
    path.write_bytes(out.getvalue())
    r = refused(read(str(path)), RejectReason.EMPTY)
    assert "no HTTP responses" in r.message and "warcinfo" in r.message


def test_reading_never_raises_on_build_document_for_odd_urls() -> None:
    for url in ("http://\u0080.com/", "https://xn--zca.com/a", "urn:x:y", "http://a..b/"):
        build_document(RawDocument("x", "Troops clashed with rebels near the town.", Media.TEXT, url=url))
    with pytest.raises(InputRejected):
        build_document(RawDocument("x", "   ", Media.TEXT))
