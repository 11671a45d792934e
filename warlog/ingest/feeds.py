"""RSS and Atom feeds: each entry becomes a document with the entry's link, title, date and source;
when an entry holds little text, its link is fetched (`fetch_links="auto"`) and read as a page. The
page is read by the files reader's dispatch, passed in (`ReadBytes`), so readers import one way:
files → feeds → web (fetching)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

import feedparser

from ..errors import InputRejected
from ..model import Media, RawDocument, Rejection, RejectReason
from .decode import InputKind
from .meta import clean_text, from_struct_time, url_problem
from .options import ReadOptions, ReadResult, rejection
from .web import Fetched, Fetcher, kind_of

#: Feed entries with less text than this (tags stripped) are fetched from their link in "auto" mode.
MIN_ENTRY_CHARS = 600
#: Bytes of a known kind → documents: `warlog.ingest.files.from_bytes`.
ReadBytes = Callable[..., Iterator[ReadResult]]


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def read_feed(data: bytes, origin: str, opts: ReadOptions, fetcher: Fetcher, read_bytes: ReadBytes
              ) -> Iterator[ReadResult]:
    """Each entry of an RSS/Atom feed → a document (its content, or its fetched link, read by
    `read_bytes`: the files reader's dispatch, given here so that this module need not import it)."""
    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # feedparser means never to raise; hostile markup (deep nesting) still can
        yield Rejection(origin, RejectReason.INVALID_RECORD, f"{origin}: not a readable RSS/Atom feed "
                        f"({type(exc).__name__}: {exc}); check that it is a feed")
        return
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
        link = link if link and not url_problem(link) else None
        where = f"{origin}#{link or i}"
        meta = RawDocument(origin=where, content="", media=Media.HTML, url=link,
                           title=clean_text(entry.get("title")), source=source,
                           published=from_struct_time(dict.get(entry, "published_parsed")  # no alias
                                                      or dict.get(entry, "updated_parsed")))
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
                yield from _linked(fetched, where, meta, opts, fetcher, read_bytes)
                continue
        if not body.strip():
            yield Rejection(where, RejectReason.EMPTY, f"{where}: the entry has no text and no link to fetch")
            continue
        yield replace(meta, content=body, raw_size=len(body.encode("utf-8", "replace")))


def _linked(fetched: Fetched, where: str, meta: RawDocument, opts: ReadOptions, fetcher: Fetcher,
            read_bytes: ReadBytes) -> Iterator[ReadResult]:
    """The page an entry links to, with the entry's metadata. A link to another feed is not followed:
    feeds linking feeds would fetch without end."""
    kind = kind_of(fetched)
    if kind is InputKind.FEED:
        yield Rejection(where, RejectReason.UNSUPPORTED, f"{where}: the entry links to another feed "
                        f"({fetched.url}), not an article; ingest that feed by its URL")
        return
    for item in read_bytes(fetched.data, where, kind, opts, fetcher, url=fetched.url, declared=fetched.charset):
        yield _with_meta(item, meta)


def _with_meta(item: ReadResult, meta: RawDocument) -> ReadResult:
    """The feed entry's title, date and source fill what the fetched page lacks."""
    if isinstance(item, Rejection):
        return item
    return replace(item, url=item.url or meta.url, title=item.title or meta.title,
                   published=item.published or meta.published, source=item.source or meta.source)
