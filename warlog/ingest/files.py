"""Local inputs: a file (text, HTML, JSON lines, feed or WARC), a folder walked recursively, stdin."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, InputRejected
from ..model import Media, RawDocument, Rejection, RejectReason
from . import ReadOptions, ReadResult, rejection
from .decode import InputKind, check_size, decode, sniff
from .meta import clean_published, clean_text

if TYPE_CHECKING:
    from .web import Fetcher

SNIFF_BYTES = 65536


def read_directory(root: Path, opts: ReadOptions, fetcher: Fetcher) -> Iterator[ReadResult]:
    """Every file under `root`, recursively, in sorted order; hidden files and folders skipped."""
    paths = sorted(p for p in root.rglob("*")
                   if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts))
    for path in paths:
        yield from read_file(path, opts, fetcher)


def read_file(path: Path, opts: ReadOptions, fetcher: Fetcher) -> Iterator[ReadResult]:
    origin = str(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
        kind = sniff(head, path.name)
        if kind is InputKind.WARC:
            from .warc import read_warc

            yield from read_warc(path, opts, fetcher)
            return
        if kind is InputKind.JSONL:
            yield from read_jsonl(path, opts)
            return
        check_size(path.stat().st_size, opts.max_bytes, origin)
        data = path.read_bytes()
    except InputRejected as exc:
        yield rejection(exc, origin)
        return
    except OSError as exc:
        yield Rejection(origin, RejectReason.UNREADABLE, f"{origin}: cannot read it ({exc.strerror or exc})")
        return
    yield from from_bytes(data, origin, kind, opts, fetcher)


def from_bytes(data: bytes, origin: str, kind: InputKind, opts: ReadOptions, fetcher: Fetcher,
               *, url: str | None = None, declared: str | None = None) -> Iterator[ReadResult]:
    """One decoded input of a known kind → documents (a feed or JSON lines may hold many)."""
    if kind is InputKind.FEED:
        from .web import read_feed

        yield from read_feed(data, origin, opts, fetcher)
        return
    if kind is InputKind.JSONL:
        yield from _jsonl_lines(data.splitlines(), origin, opts)
        return
    if kind is InputKind.WARC:
        yield Rejection(origin, RejectReason.UNSUPPORTED,
                        f"{origin}: a WARC file must be given as a file path, not a stream")
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
    data = stream.read(opts.max_bytes + 1)
    if len(data) > opts.max_bytes:
        yield Rejection("stdin", RejectReason.TOO_LARGE,
                        f"stdin: more than the limit of {opts.max_bytes:,} bytes; raise WARLOG_MAX_BYTES "
                        "or split the input")
        return
    kind = sniff(data)
    yield from from_bytes(data, "stdin", kind, opts, fetcher)


def read_jsonl(path: Path, opts: ReadOptions) -> Iterator[ReadResult]:
    with path.open("rb") as fh:
        yield from _jsonl_lines(fh, str(path), opts)


def _jsonl_lines(lines: Any, origin: str, opts: ReadOptions) -> Iterator[ReadResult]:
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            yield record_document(line, where, opts)
        except InputRejected as exc:
            yield rejection(exc, where)


def record_document(line: bytes, where: str, opts: ReadOptions) -> RawDocument:
    """One JSON-lines record `{"text"|"html", "url", "title", "published", "source"}` → RawDocument."""
    check_size(len(line), opts.max_bytes, where)
    try:
        record = json.loads(line)
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputRejected(RejectReason.INVALID_RECORD, f"{where}: not a valid JSON line ({exc})",
                            where) from None
    if not isinstance(record, dict):
        raise InputRejected(RejectReason.INVALID_RECORD, f"{where}: a record must be a JSON object", where)
    html, text = record.get("html"), record.get("text")
    if isinstance(html, str) and html.strip():
        content, media = html, Media.HTML
    elif isinstance(text, str) and text.strip():
        content, media = text, Media.TEXT
    else:
        reason = RejectReason.EMPTY if ("text" in record or "html" in record) else RejectReason.INVALID_RECORD
        raise InputRejected(reason, f'{where}: the record has no non-empty "text" or "html" string',
                            where)
    published = record.get("published")
    if published is not None and not isinstance(published, str):
        raise InputRejected(RejectReason.INVALID_RECORD, f"{where}: \"published\" must be a string", where)
    try:
        published = clean_published(published) if published else None
    except ConfigError as exc:
        raise InputRejected(RejectReason.INVALID_RECORD, f"{where}: {exc}", where) from None
    return RawDocument(origin=where, content=content, media=media, url=clean_text(record.get("url")),
                       title=clean_text(record.get("title")), published=published,
                       source=clean_text(record.get("source")), raw_size=len(line))
