"""WARC files (web archives, Common Crawl news): each HTTP 200 HTML response → a document whose URL
is WARC-Target-URI. WARC-Date is when it was crawled, kept as `fetched`, never as `published`.

A WARC that holds nothing (empty, or no HTTP responses), that ends inside a record (truncated) or
that is damaged is a recorded rejection that says so; the records before the damage are read. A
gzipped WARC is decompressed here, a member at a time, so a decompression bomb (a record that passes
the byte limit at a ratio no real record has) is refused before it fills memory."""

from __future__ import annotations

import io
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

from warcio.archiveiterator import ArchiveIterator

from ..errors import InputRejected
from ..model import Media, RawDocument, Rejection, RejectReason
from .decode import decode
from .meta import url_problem
from .options import ReadOptions, ReadResult, rejection
from .parts import WarcPart, read_part

HTML_TYPES = ("text/html", "application/xhtml+xml")
GZIP_MAGIC = b"\x1f\x8b"
#: A gzip member that decompresses past the byte limit at more than this ratio is a bomb: HTML
#: compresses 5 to 15 times, a run of zeros about 1,000 times.
BOMB_RATIO = 100
CHUNK = 1 << 16


def read_warc(path: Path, opts: ReadOptions) -> Iterator[ReadResult]:
    origin = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Rejection(origin, RejectReason.UNREADABLE, f"{origin}: cannot read it ({exc.strerror or exc})")
        return
    with fh:
        yield from read_warc_stream(fh, origin, opts)


def read_warc_part(part: WarcPart, opts: ReadOptions) -> Iterator[ReadResult]:
    """The records of one part of a WARC file (`warlog.ingest.parts`), as `read_warc` reads them (the
    same origins); what it skipped is recorded under the part's name."""
    return read_part(part, lambda fh: read_warc_stream(cast(BinaryIO, _Slice(fh, part.start, part.end)), part.path,
                                                       opts, part=str(part)))


def read_warc_stream(fh: BinaryIO, origin: str, opts: ReadOptions, *, part: str | None = None) -> Iterator[ReadResult]:
    """Every record of a (gzipped or plain) WARC stream that must be seekable to its start. `part`: the
    stream is that part of the file `origin` (a part without responses is no rejection)."""
    seen: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    head = fh.read(2)
    fh.seek(0)
    stream: Any = Gunzip(fh, opts.max_bytes, origin) if head == GZIP_MAGIC else fh
    records = iter(ArchiveIterator(stream))
    cut = False  # whether the last record was read, and found cut off
    last = None
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except InputRejected as exc:  # a bomb or a truncated member, from Gunzip
            yield rejection(exc, origin)
            return
        except Exception as exc:  # warcio raises what it meets on damaged input (EOF, Attribute, Value…)
            yield _damaged(origin, exc, bool(seen))
            return
        last = record
        seen[record.rec_type or "unknown"] += 1
        if record.rec_type == "response":
            try:
                for item in _response(record, origin, opts, skipped):
                    cut = isinstance(item, Rejection) and item.reason is RejectReason.INVALID_RECORD
                    yield item
            except InputRejected as exc:
                yield rejection(exc, origin)
                return
            except Exception as exc:  # the record's payload is damaged (bad chunking or compression)
                yield _damaged(origin, exc, True)
                return
    if not cut and last is not None and getattr(last.raw_stream, "limit", 0) > 0:
        yield Rejection(origin, RejectReason.INVALID_RECORD,
                        f"{origin}: the WARC file is truncated: its last record ends before the length its "
                        "header gives; download it again (the records before it were read)")
    yield from _summary(origin, seen, skipped, part)


def _response(record: Any, origin: str, opts: ReadOptions, skipped: Counter[str]) -> Iterator[ReadResult]:
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    where = f"{origin}::{uri}"
    http = record.http_headers
    status = http.get_statuscode() if http else None
    ctype = (http.get_header("Content-Type") or "") if http else ""
    if status != "200" or not ctype.lower().startswith(HTML_TYPES):
        skipped[f"{status} {ctype.split(';')[0] or 'no type'}"] += 1
        return
    charset = None
    if "charset=" in ctype.lower():
        charset = ctype.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
    data = record.content_stream().read(opts.max_bytes + 1)
    if len(data) <= opts.max_bytes and _ended_early(record):
        yield Rejection(where, RejectReason.INVALID_RECORD,
                        f"{where}: the record is cut off: the WARC file is truncated, ending before the length "
                        "the record's header gives; download it again (the records before it were read)")
        return
    try:
        text = decode(data, where, max_bytes=opts.max_bytes, declared=charset, html=True)
    except InputRejected as exc:
        yield rejection(exc, where)
        return
    url = uri if uri and not url_problem(uri) else None
    yield RawDocument(origin=where, content=text, media=Media.HTML, url=url,
                      fetched=record.rec_headers.get_header("WARC-Date"), raw_size=len(data))


def _ended_early(record: Any) -> bool:
    """Whether the file ended before the record's WARC Content-Length (warcio then reads it short)."""
    raw = record.raw_stream
    return getattr(raw, "limit", 0) > 0 and not raw.read(CHUNK)


def _damaged(origin: str, exc: Exception, after_records: bool) -> Rejection:
    before = "the records before the damage were read" if after_records else "no record could be read"
    return Rejection(origin, RejectReason.INVALID_RECORD,
                     f"{origin}: the WARC file is damaged or truncated from here on ({type(exc).__name__}: "
                     f"{exc}); {before} — download it again, or check it with `warcio check`")


def _summary(origin: str, seen: Counter[str], skipped: Counter[str], part: str | None) -> Iterator[Rejection]:
    if part is not None:
        origin = part
    elif not seen:
        yield Rejection(origin, RejectReason.EMPTY,
                        f"{origin}: holds no WARC records (an empty or cut-off file?); give a WARC file "
                        "with HTTP responses in it")
    elif not seen["response"]:
        kinds = ", ".join(f"{n} × {kind}" for kind, n in seen.most_common())
        yield Rejection(origin, RejectReason.EMPTY,
                        f"{origin}: holds no HTTP responses, only {kinds} records; give a WARC of fetched pages")
    if skipped:
        detail = ", ".join(f"{n} × {what}" for what, n in skipped.most_common())
        yield Rejection(origin, RejectReason.UNSUPPORTED,
                        f"{origin}: skipped responses that are not HTTP 200 HTML pages ({detail})")


class Gunzip(io.RawIOBase):
    """A multi-member gzip stream, decompressed a bounded piece at a time. Refuses (InputRejected) a
    member that decompresses past `max_bytes` at more than BOMB_RATIO, an input that ends inside a
    member, and a gzip inside the gzip; a member that is not gzip at all raises zlib.error."""

    def __init__(self, raw: BinaryIO, max_bytes: int, origin: str) -> None:
        super().__init__()
        self.raw, self.max_bytes, self.origin = raw, max_bytes, origin
        self._z = zlib.decompressobj(31)
        self._pending = b""  # compressed bytes not yet given to the decompressor
        self._in = self._out = self._pos = 0
        self._members = 1

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def read(self, size: int | None = -1) -> bytes:
        want = CHUNK if size is None or size < 0 else size
        while want:
            if not self._pending:
                self._pending = self.raw.read(CHUNK)
                if not self._pending:
                    if self._in and not self._z.eof:
                        raise InputRejected(RejectReason.INVALID_RECORD,
                                            f"{self.origin}: the WARC file is truncated inside gzip member "
                                            f"{self._members}; download it again (the records before it were "
                                            "read)", self.origin)
                    return b""
            if self._z.eof:  # the next member starts with what the last one left over
                self._z = zlib.decompressobj(31)
                self._in = self._out = 0
                self._members += 1
            out = self._z.decompress(self._pending, want)
            rest = self._z.unused_data if self._z.eof else self._z.unconsumed_tail
            self._in += len(self._pending) - len(rest)
            self._pending = rest
            self._check(out)
            if out:
                return out
        return b""

    def _check(self, out: bytes) -> None:
        if self._pos == 0 and out.startswith(GZIP_MAGIC):
            raise InputRejected(RejectReason.BINARY, f"{self.origin}: the WARC file is gzipped twice; "
                                "unpack it once (gunzip) and ingest the result", self.origin)
        self._out += len(out)
        self._pos += len(out)
        if self._out > self.max_bytes and self._out > BOMB_RATIO * self._in:
            raise InputRejected(RejectReason.TOO_LARGE,
                                f"{self.origin}: gzip member {self._members} decompresses to more than the "
                                f"limit of {self.max_bytes:,} bytes from only {self._in:,} (a decompression "
                                "bomb?); the records before it were read — if the archive is genuine, raise "
                                "WARLOG_MAX_BYTES", self.origin)


class _Slice(io.RawIOBase):
    """Bytes `start` to `end` of a seekable file, read as a file of their own."""

    def __init__(self, raw: BinaryIO, start: int, end: int) -> None:
        super().__init__()
        self.raw, self.start, self.end = raw, start, end
        self.seek(0)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence != io.SEEK_SET:
            raise io.UnsupportedOperation("a part of a WARC file seeks from its start only")
        self._pos = max(0, min(offset, self.end - self.start))
        self.raw.seek(self.start + self._pos)
        return self._pos

    def read(self, size: int | None = -1) -> bytes:
        left = self.end - self.start - self._pos
        data = self.raw.read(left if size is None or size < 0 else min(size, left))
        self._pos += len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
