"""Parts of one JSON-lines file, so that a distributed ingest spreads a file of millions of records over
its workers instead of giving it whole to one (`warlog.run.distributed.units_of`).

A `JsonlPart` is `lines` lines of the file from line `first_line` on, which start at byte `start`;
`read_sources` reads it as the whole file's reader would read those lines, with the same origins
(`path:line`), so a document has the same id read either way and a rerun by parts or whole is a no-op.
A file of no more than one part stays whole (its reader also rejects a file of blank lines).

A `WarcPart` is `records` records of a WARC file, the bytes from `start` to `end`: the client walks the
file once to find where records start (a plain WARC: each record's header, its content skipped by its
Content-Length; a `.warc.gz`: each gzip member, decompressed and thrown away, as Common Crawl writes one
record a member), and `warlog.ingest.warc.read_warc_part` reads that slice with the documents' origins
(`path::url`) of the whole file. A WARC gzipped whole (one member), or one whose records cannot be
walked, stays whole: its worker reads it and reports what is wrong.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

from ..model import Rejection, RejectReason
from .decode import InputKind, sniff
from .options import ReadResult

CHUNK = 1 << 20
#: A gzip member decompressing past this many bytes, at more than 100 times its size, is not walked
#: (a decompression bomb): the file stays whole and its reader refuses it.
BOMB_BYTES = 100 << 20


@dataclass(frozen=True, slots=True)
class JsonlPart:
    path: str
    start: int
    first_line: int
    lines: int

    def __str__(self) -> str:
        return f"{self.path}:{self.first_line}-{self.first_line + self.lines - 1}"


def jsonl_parts(path: str, lines: int) -> list[JsonlPart] | None:
    """The file cut into parts of `lines` lines each (the last one shorter); None where it is not a
    JSON-lines file, cannot be read, or holds no more than one part."""
    return cast(list[JsonlPart] | None, file_parts(path, lines, {InputKind.JSONL}))


def _jsonl_cut(path: str, fh: BinaryIO, lines: int) -> list[JsonlPart] | None:
    starts = _line_starts(fh, lines)
    if len(starts) < 2:
        return None
    total = starts.pop()  # the number of lines, after the starts of every part
    parts = []
    for k, start in enumerate(starts):
        first = k * lines + 1
        parts.append(JsonlPart(path, start, first, min(lines, total - first + 1)))
    return parts if len(parts) > 1 else None


def _line_starts(fh: BinaryIO, lines: int) -> list[int]:
    """The byte offsets where lines 1, 1 + `lines`, 1 + 2·`lines`, … begin, then the number of lines
    (a last line without a newline counts)."""
    fh.seek(0)
    starts = [0]
    seen = 0  # lines ended so far
    offset = 0
    last = b"\n"
    while chunk := fh.read(CHUNK):
        newlines = chunk.count(b"\n")
        next_start = len(starts) * lines  # a part starts after this many lines
        if seen + newlines >= next_start:
            pos = -1
            for _ in range(newlines):
                pos = chunk.index(b"\n", pos + 1)
                seen += 1
                if seen == len(starts) * lines:
                    starts.append(offset + pos + 1)
        else:
            seen += newlines
        offset += len(chunk)
        last = chunk[-1:]
    if last != b"\n":
        seen += 1  # a last line without its newline
    if starts[-1] == offset and len(starts) > 1:
        starts.pop()  # the file ends exactly where a part would start
    return [*starts, seen]


#: The kinds of file `file_parts` cuts.
CUT_KINDS = frozenset({InputKind.JSONL, InputKind.WARC})


@dataclass(frozen=True, slots=True)
class WarcPart:
    path: str
    start: int
    end: int
    first_record: int
    records: int

    def __str__(self) -> str:
        return f"{self.path}:records {self.first_record}-{self.first_record + self.records - 1}"


#: What a distributed ingest gives one task besides a whole source.
Part = JsonlPart | WarcPart


def file_parts(path: str, size: int, kinds: Collection[InputKind]) -> list[JsonlPart] | list[WarcPart] | None:
    """The file cut into parts of `size` lines (a JSON-lines file) or records (a WARC file), the last one
    shorter, where it is of one of `kinds`; the file is opened and its kind sniffed once. None where it
    is of no kind given, cannot be read or walked, or holds no more than one part."""
    if size < 1:
        raise ValueError("a part holds at least one line or record")
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(CHUNK)
            kind = sniff(head, Path(path).name)
            if kind not in CUT_KINDS or kind not in kinds:
                return None
            return _jsonl_cut(path, fh, size) if kind is InputKind.JSONL else _warc_cut(path, fh, head, size)
    except (OSError, ValueError, zlib.error):
        return None


def warc_parts(path: str, records: int) -> list[WarcPart] | None:
    """The WARC file cut into parts of `records` records each (the last one shorter); None where it is
    not a WARC file, cannot be read or walked, or holds no more than one part."""
    return cast(list[WarcPart] | None, file_parts(path, records, {InputKind.WARC}))


def _warc_cut(path: str, fh: BinaryIO, head: bytes, records: int) -> list[WarcPart] | None:
    fh.seek(0)
    starts = _member_starts(fh) if head.startswith(b"\x1f\x8b") else _record_starts(fh)
    size = fh.seek(0, 2)
    if starts is None or len(starts) <= records:
        return None
    cuts = starts[::records]
    ends = [*cuts[1:], size]
    return [WarcPart(path, start, end, k * records + 1, min(records, len(starts) - k * records))
            for k, (start, end) in enumerate(zip(cuts, ends, strict=True))]


def read_part(part: Part, read: Callable[[BinaryIO], Iterator[ReadResult]]) -> Iterator[ReadResult]:
    """What `read` makes of the part's file, opened; where it cannot be opened, a rejection of the part."""
    try:
        fh = Path(part.path).open("rb")  # noqa: SIM115 - closed below, once `read` is done with it
    except OSError as exc:
        yield Rejection(str(part), RejectReason.UNREADABLE, f"{part}: cannot read it ({exc.strerror or exc})")
        return
    with fh:
        yield from read(fh)


def _record_starts(fh: BinaryIO) -> list[int] | None:
    """Where each record of a plain WARC starts: its header read, its content skipped by its length."""
    starts: list[int] = []
    offset = 0
    while True:
        fh.seek(offset)
        line = fh.readline(CHUNK)
        while line in (b"\r\n", b"\n"):
            offset += len(line)
            line = fh.readline(CHUNK)
        if not line:
            return starts
        if not line.startswith(b"WARC/"):
            return None
        starts.append(offset)
        offset += len(line)
        length = None
        while (line := fh.readline(CHUNK)) not in (b"\r\n", b"\n"):
            if not line:
                return starts  # cut off inside its header: the reader says so
            offset += len(line)
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length is None:
            return None
        offset += len(line) + length


def _member_starts(fh: BinaryIO) -> list[int] | None:
    """Where each gzip member that begins with a WARC record starts (the members decompressed a piece at
    a time and thrown away); None for a member that decompresses like a bomb."""
    starts: list[int] = []
    z = zlib.decompressobj(31)
    member = consumed = produced = 0
    head = pending = b""
    while True:
        if not pending:
            pending = fh.read(CHUNK)
            if not pending:
                return starts
        before = len(pending)
        out = z.decompress(pending, CHUNK)
        pending = z.unused_data if z.eof else z.unconsumed_tail
        consumed += before - len(pending)
        produced += len(out)
        if len(head) < 5:
            head += out[:5 - len(head)]
            if len(head) == 5 and head == b"WARC/":
                starts.append(member)
        if produced > BOMB_BYTES and produced > 100 * (consumed - member):
            return None
        if z.eof:
            z = zlib.decompressobj(31)
            member, produced, head = consumed, 0, b""
