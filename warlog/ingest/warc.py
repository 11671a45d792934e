"""WARC files (web archives, Common Crawl news): each HTTP 200 HTML response → a document whose URL
is WARC-Target-URI. WARC-Date is when it was crawled, kept as `fetched`, never as `published`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputRejected
from ..model import Media, RawDocument, Rejection, RejectReason
from . import ReadOptions, ReadResult, rejection
from .decode import decode

if TYPE_CHECKING:
    from .web import Fetcher

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, opts: ReadOptions, fetcher: Fetcher) -> Iterator[ReadResult]:
    origin = str(path)
    skipped: Counter[str] = Counter()
    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                where = f"{origin}::{uri}"
                http = record.http_headers
                status = http.get_statuscode() if http else None
                ctype = (http.get_header("Content-Type") or "") if http else ""
                if status != "200" or not ctype.lower().startswith(HTML_TYPES):
                    skipped[f"{status} {ctype.split(';')[0] or 'no type'}"] += 1
                    continue
                charset = None
                if "charset=" in ctype.lower():
                    charset = ctype.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
                data = record.content_stream().read(opts.max_bytes + 1)
                try:
                    text = decode(data, where, max_bytes=opts.max_bytes, declared=charset, html=True)
                except InputRejected as exc:
                    yield rejection(exc, where)
                    continue
                yield RawDocument(origin=where, content=text, media=Media.HTML, url=uri or None,
                                  fetched=record.rec_headers.get_header("WARC-Date"), raw_size=len(data))
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        yield Rejection(origin, RejectReason.INVALID_RECORD,
                        f"{origin}: the WARC file is damaged from here on ({exc}); "
                        "the records before the damage were read")
    if skipped:
        detail = ", ".join(f"{n} × {what}" for what, n in skipped.most_common())
        yield Rejection(origin, RejectReason.UNSUPPORTED,
                        f"{origin}: skipped responses that are not HTTP 200 HTML pages ({detail})")
