"""Network inputs: a URL (an article page or a feed) and RSS/Atom feeds, fetched with httpx.

Timeouts and a size limit apply to every fetch; being offline, a timeout or an HTTP error is a clear
`fetch_failed` rejection of that one input. Feed entries carry their own link, title, date and source;
when an entry holds little text, its link is fetched (`fetch_links="auto"`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import feedparser
import httpx

from ..errors import FetchError, InputRejected
from ..model import Media, RawDocument, Rejection, RejectReason
from . import ReadOptions, ReadResult, rejection
from .decode import InputKind, check_size, sniff
from .meta import clean_text, from_struct_time

#: Feed entries with less text than this (tags stripped) are fetched from their link in "auto" mode.
MIN_ENTRY_CHARS = 600
FEED_TYPES = ("rss", "atom", "rdf", "/xml", "+xml")


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    data: bytes
    content_type: str
    charset: str | None


class Fetcher:
    """A lazily created httpx client shared by one read; closes only a client it made itself."""

    def __init__(self, opts: ReadOptions) -> None:
        self.opts = opts
        self._client = opts.http
        self._owned = False

    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=httpx.Timeout(self.opts.timeout), follow_redirects=True, max_redirects=10,
                headers={"User-Agent": self.opts.user_agent, "Accept": "text/html,application/xhtml+xml,"
                         "application/rss+xml,application/atom+xml,text/plain;q=0.8,*/*;q=0.5"})
            self._owned = True
        return self._client

    def get(self, url: str) -> Fetched:
        """GET `url` with the size limit; raises FetchError or InputRejected(too_large)."""
        host = urlsplit(url).hostname or url
        try:
            with self.client().stream("GET", url) as resp:
                if resp.status_code >= 400:
                    raise FetchError(f"{url}: the server answered HTTP {resp.status_code} "
                                     f"{resp.reason_phrase}", url)
                length = resp.headers.get("content-length")
                if length and length.isdigit():
                    check_size(int(length), self.opts.max_bytes, url)
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    check_size(size, self.opts.max_bytes, url)
                    chunks.append(chunk)
                ctype = resp.headers.get("content-type", "")
                return Fetched(str(resp.url), b"".join(chunks), ctype.split(";")[0].strip().lower(),
                               resp.charset_encoding)
        except httpx.ConnectError as exc:
            raise FetchError(f"{url}: cannot connect to {host} ({exc}); check the network connection "
                             "or proxy — when offline, save pages and ingest the files", url) from None
        except httpx.TimeoutException:
            raise FetchError(f"{url}: {host} did not answer within {self.opts.timeout:g} s; try again "
                             "later or raise WARLOG_TIMEOUT", url) from None
        except httpx.TooManyRedirects:
            raise FetchError(f"{url}: too many redirects", url) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: fetch failed ({type(exc).__name__}: {exc})", url) from None

    def close(self) -> None:
        if self._owned and self._client is not None:
            self._client.close()
            self._client = None


def kind_of(fetched: Fetched) -> InputKind:
    ctype = fetched.content_type
    if ctype in ("text/html", "application/xhtml+xml"):
        return InputKind.HTML
    if any(t in ctype for t in FEED_TYPES):
        sniffed = sniff(fetched.data)
        return sniffed if sniffed in (InputKind.FEED, InputKind.HTML) else InputKind.FEED
    return sniff(fetched.data, urlsplit(fetched.url).path)


def read_url(url: str, opts: ReadOptions, fetcher: Fetcher) -> Iterator[ReadResult]:
    from .files import from_bytes

    try:
        fetched = fetcher.get(url)
    except InputRejected as exc:
        yield rejection(exc, url)
        return
    kind = kind_of(fetched)
    if kind in (InputKind.WARC, InputKind.JSONL):
        yield Rejection(url, RejectReason.UNSUPPORTED, f"{url}: {kind} over HTTP is not supported; "
                        "download it and ingest the file")
        return
    yield from from_bytes(fetched.data, url, kind, opts, fetcher, url=fetched.url, declared=fetched.charset)


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def read_feed(data: bytes, origin: str, opts: ReadOptions, fetcher: Fetcher) -> Iterator[ReadResult]:
    """Each entry of an RSS/Atom feed → a document (its content, or its fetched link)."""
    from .files import from_bytes

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        why = parsed.get("bozo_exception")
        yield Rejection(origin, RejectReason.INVALID_RECORD if why else RejectReason.EMPTY,
                        f"{origin}: not a readable RSS/Atom feed ({why})" if why
                        else f"{origin}: the feed has no entries")
        return
    source = clean_text(parsed.get("feed", {}).get("title"))
    for i, entry in enumerate(entries):
        link = clean_text(entry.get("link"))
        where = f"{origin}#{link or i}"
        meta = RawDocument(origin=where, content="", media=Media.HTML, url=link,
                           title=clean_text(entry.get("title")), source=source,
                           published=from_struct_time(entry.get("published_parsed")
                                                      or entry.get("updated_parsed")))
        contents = [c.get("value", "") for c in entry.get("content") or []]
        body = max(contents, key=len) if contents else entry.get("summary", "") or ""
        want_fetch = (opts.fetch_links == "always"
                      or (opts.fetch_links == "auto" and len(_plain(body)) < MIN_ENTRY_CHARS))
        if want_fetch and link and link.startswith(("http://", "https://")):
            try:
                fetched = fetcher.get(link)
            except InputRejected as exc:
                if not body.strip():
                    yield rejection(exc, where)
                    continue
            else:
                for item in from_bytes(fetched.data, where, kind_of(fetched), opts, fetcher,
                                       url=fetched.url, declared=fetched.charset):
                    yield _with_meta(item, meta)
                continue
        if not body.strip():
            yield Rejection(where, RejectReason.EMPTY, f"{where}: the entry has no text and no link to fetch")
            continue
        yield replace(meta, content=body, raw_size=len(body.encode("utf-8")))


def _with_meta(item: ReadResult, meta: RawDocument) -> ReadResult:
    """The feed entry's title, date and source fill what the fetched page lacks."""
    if isinstance(item, Rejection):
        return item
    return replace(item, url=item.url or meta.url, title=item.title or meta.title,
                   published=item.published or meta.published, source=item.source or meta.source)
