"""Parts of one JSON-lines file, so that a distributed ingest spreads a file of millions of records over
its workers instead of giving it whole to one (`warlog.run.distributed.units_of`).

A `JsonlPart` is `lines` lines of the file from line `first_line` on, which start at byte `start`;
`read_sources` reads it as the whole file's reader would read those lines, with the same origins
(`path:line`), so a document has the same id read either way and a rerun by parts or whole is a no-op.
A file of no more than one part stays whole (its reader also rejects a file of blank lines).
WARC files stay whole: a record's bounds are found only by reading the records before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .decode import InputKind, sniff

CHUNK = 1 << 20


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
    if lines < 1:
        raise ValueError("a part holds at least one line")
    try:
        with Path(path).open("rb") as fh:
            if sniff(fh.read(CHUNK), Path(path).name) is not InputKind.JSONL:
                return None
            starts = _line_starts(fh, lines)
    except OSError:
        return None
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
