"""Local inputs: a file (text, HTML, JSON lines, feed or WARC), a folder walked recursively, stdin.

The byte limit holds for every read: a regular file is read no further than the limit, whatever its
size says; a device (`/dev/zero`), a pipe or stdin is read as a stream and refused once it passes the
limit; a JSON-lines file is read a line at a time, each line no longer than the limit."""

from __future__ import annotations

import io
import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import ConfigError, InputRejected
from ..model import Media, RawDocument, Rejection, RejectReason
from .decode import InputKind, check_size, decode, read_bounded, sniff
from .feeds import read_feed
from .meta import clean_published, clean_text, url_problem
from .options import ReadOptions, ReadResult, rejection
from .parts import JsonlPart, read_part
from .warc import read_warc_stream
from .web import Fetcher, kind_of

SNIFF_BYTES = 65536
#: The string fields a JSON-lines record may carry; anything else in a record is ignored.
RECORD_FIELDS = ("text", "html", "url", "title", "published", "source")


def read_directory(root: Path, opts: ReadOptions, fetcher: Fetcher) -> Iterator[ReadResult]:
    """Every regular file under `root`, recursively, in sorted order; hidden files and folders skipped."""
    try:
        paths = sorted(p for p in root.rglob("*")
                       if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts))
    except OSError as exc:
        yield Rejection(str(root), RejectReason.UNREADABLE,
                        f"{root}: cannot list the folder ({exc.strerror or exc}); check its permissions")
        return
    for path in paths:
        yield from read_file(path, opts, fetcher)


def read_file(path: Path, opts: ReadOptions, fetcher: Fetcher) -> Iterator[ReadResult]:
    """One file given by path. A regular file is sniffed from its first bytes and read by kind; anything
    else (a device, a pipe) is read once, as a bounded stream, like stdin."""
    origin = str(path)
    try:
        if not path.is_file():
            with path.open("rb") as fh:
                data = read_bounded(fh, opts.max_bytes, origin)
            kind = sniff(data, path.name)
        else:
            with path.open("rb") as fh:
                kind = sniff(fh.read(SNIFF_BYTES), path.name)
            if kind is InputKind.WARC:
                from .warc import read_warc

                yield from read_warc(path, opts)
                return
            if kind is InputKind.JSONL:
                yield from read_jsonl(path, opts)
                return
            check_size(path.stat().st_size, opts.max_bytes, origin)
            with path.open("rb") as fh:
                data = read_bounded(fh, opts.max_bytes, origin)
    except InputRejected as exc:
        yield rejection(exc, origin)
        return
    except OSError as exc:
        yield Rejection(origin, RejectReason.UNREADABLE, f"{origin}: cannot read it ({exc.strerror or exc})")
        return
    yield from from_bytes(data, origin, kind, opts, fetcher)


def from_bytes(data: bytes, origin: str, kind: InputKind, opts: ReadOptions, fetcher: Fetcher,
               *, url: str | None = None, declared: str | None = None) -> Iterator[ReadResult]:
    """One decoded input of a known kind → documents (a feed, JSON lines or a WARC may hold many)."""
    if kind is InputKind.FEED:
        yield from read_feed(data, origin, opts, fetcher, from_bytes)
        return
    if kind is InputKind.JSONL:
        yield from _jsonl_lines(io.BytesIO(data), origin, opts)
        return
    if kind is InputKind.WARC:
        yield from read_warc_stream(io.BytesIO(data), origin, opts)
        return
    try:
        text = decode(data, origin, max_bytes=opts.max_bytes, declared=declared,
                      html=kind is InputKind.HTML)
    except InputRejected as exc:
        yield rejection(exc, origin)
        return
    media = Media.HTML if kind is InputKind.HTML else Media.TEXT
    yield RawDocument(origin=origin, content=text, media=media, url=url, raw_size=len(data))


def read_stdin(opts: ReadOptions, fetcher: Fetcher) -> Iterator[ReadResult]:
    stream = opts.stdin if opts.stdin is not None else sys.stdin.buffer
    try:
        data = read_bounded(stream, opts.max_bytes, "stdin")
    except InputRejected as exc:
        yield rejection(exc, "stdin")
        return
    except (OSError, ValueError) as exc:  # a closed or unreadable stream
        yield Rejection("stdin", RejectReason.UNREADABLE, f"stdin: cannot read it ({exc}); pipe the input "
                        "in or give a file path instead of -")
        return
    yield from from_bytes(data, "stdin", sniff(data), opts, fetcher)


def read_jsonl(path: Path, opts: ReadOptions) -> Iterator[ReadResult]:
    with path.open("rb") as fh:
        yield from _jsonl_lines(fh, str(path), opts)


def read_jsonl_part(part: JsonlPart, opts: ReadOptions) -> Iterator[ReadResult]:
    """The lines of one part of a JSON-lines file, as `read_jsonl` reads them (the same origins)."""
    def lines(fh: BinaryIO) -> Iterator[ReadResult]:
        fh.seek(part.start)
        yield from _jsonl_lines(fh, part.path, opts, first=part.first_line, count=part.lines)
    return read_part(part, lines)


def _jsonl_lines(stream: BinaryIO, origin: str, opts: ReadOptions, *, first: int = 1,
                 count: int | None = None) -> Iterator[ReadResult]:
    """Each non-blank line → a document or a rejection; a file of blank lines is itself rejected.
    `first`, `count`: the stream starts at line `first` and holds `count` lines of the file (a part)."""
    records = 0
    lines = _bounded_lines(stream, opts.max_bytes)
    if count is not None:
        lines = itertools.islice(lines, count)
    for lineno, line in enumerate(lines, start=first):
        where = f"{origin}:{lineno}"
        records += 1
        if line is None:
            yield Rejection(where, RejectReason.TOO_LARGE,
                            f"{where}: the line is longer than the limit of {opts.max_bytes:,} bytes; raise it "
                            "with WARLOG_MAX_BYTES if this really is one article")
            continue
        if not line.strip():
            records -= 1
            continue
        try:
            yield record_document(line, where, opts)
        except InputRejected as exc:
            yield rejection(exc, where)
    if not records and count is None:
        yield Rejection(origin, RejectReason.EMPTY, f"{origin}: holds no JSON records, only blank lines; "
                        'give one JSON object a line, with a "text" or "html" string')


def _bounded_lines(stream: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """The lines of `stream`, none read whole past `max_bytes`: a longer line is skipped to its end
    in bounded chunks and comes out as None."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line.rstrip(b"\r\n")) <= max_bytes:
            yield line
            continue
        while not line.endswith(b"\n"):
            line = stream.readline(1 << 16)
            if not line:
                break
        yield None


def record_document(line: bytes, where: str, opts: ReadOptions) -> RawDocument:
    """One JSON-lines record `{"text"|"html", "url", "title", "published", "source"}` → RawDocument.
    Each field is a string or absent (null counts as absent); any other type rejects the record, so a
    producer's mistake is seen rather than half-stored."""
    check_size(len(line), opts.max_bytes, where)
    record = _parse_record(line, where)
    fields = {name: _string_field(record, name, where) for name in RECORD_FIELDS}
    html, text = fields["html"], fields["text"]
    if html and html.strip():
        content, media = html, Media.HTML
    elif text and text.strip():
        content, media = text, Media.TEXT
    else:
        reason = RejectReason.EMPTY if ("text" in record or "html" in record) else RejectReason.INVALID_RECORD
        raise InputRejected(reason, f'{where}: the record has no non-empty "text" or "html" string', where)
    url = clean_text(fields["url"])
    problem = url_problem(url) if url else None
    if problem:
        raise InputRejected(RejectReason.INVALID_RECORD, f'{where}: "url" cannot be used: {problem}; '
                            "correct it or leave it out", where)
    published = clean_text(fields["published"])
    try:
        published = clean_published(published) if published else None
    except ConfigError as exc:
        raise InputRejected(RejectReason.INVALID_RECORD, f"{where}: {exc}", where) from None
    return RawDocument(origin=where, content=content, media=media, url=url, title=clean_text(fields["title"]),
                       published=published, source=clean_text(fields["source"]), raw_size=len(line))


def _parse_record(line: bytes, where: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except RecursionError:
        raise InputRejected(RejectReason.INVALID_RECORD, f"{where}: the JSON is nested too deeply to read; "
                            "a news record needs only a flat object of strings", where) from None
    except (UnicodeDecodeError, ValueError) as exc:  # also integers of more than 4,300 digits
        raise InputRejected(RejectReason.INVALID_RECORD, f"{where}: not a valid JSON line ({exc})",
                            where) from None
    if not isinstance(record, dict):
        raise InputRejected(RejectReason.INVALID_RECORD, f"{where}: a record must be a JSON object, not "
                            f"{_json_type(record)}", where)
    return record


def _string_field(record: dict[str, Any], name: str, where: str) -> str | None:
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value
    raise InputRejected(RejectReason.INVALID_RECORD, f'{where}: "{name}" must be a string, not '
                        f"{_json_type(value)}; correct the record or leave the field out", where)


def _json_type(value: object) -> str:
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    return "a list" if isinstance(value, list) else "an object" if isinstance(value, dict) else "null"


def read_url(url: str, opts: ReadOptions, fetcher: Fetcher) -> Iterator[ReadResult]:
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
