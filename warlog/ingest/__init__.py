"""Readers: every kind of source → a stream of RawDocument, or Rejection for what cannot be read.

`read_sources(["page.txt", "dir/", "batch.jsonl", "https://…", "feed.xml", "crawl.warc.gz", "-"])`
yields in order; a bad input never stops the stream. Sources are told apart by form (`-` is stdin,
`http(s)://` a URL, a folder is walked recursively) and files by extension, else by their first bytes.
A `parts.JsonlPart` (some lines of a JSON-lines file) or `parts.WarcPart` (some records of a WARC
file): what a distributed ingest gives one task, read as the whole file's reader reads them.

Whatever an input holds, reading it ends in documents or rejections, never in an exception: readers
turn bad input into a Rejection with a reason, and a bug in a reader becomes an `internal_error`
rejection of that one input. Every string handed on can be stored (no unpaired surrogates).
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator
from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import RawDocument, Rejection, RejectReason
from .decode import InputKind, sniff
from .options import ReadOptions, ReadResult, rejection
from .parts import JsonlPart, Part, WarcPart

if TYPE_CHECKING:
    from .web import Fetcher



def read_sources(sources: Iterable[str | Part], options: ReadOptions | None = None) -> Iterator[ReadResult]:
    from . import files, web

    opts = options or ReadOptions()
    fetcher = web.Fetcher(opts)
    try:
        for source in sources:
            if isinstance(source, JsonlPart):
                yield from _guarded(str(source), files.read_jsonl_part(source, opts))
                continue
            if isinstance(source, WarcPart):
                from .warc import read_warc_part

                yield from _guarded(str(source), read_warc_part(source, opts))
                continue
            yield from _guarded(source, _read_source(source, opts, fetcher))
    finally:
        fetcher.close()


def _read_source(source: str, opts: ReadOptions, fetcher: Fetcher) -> Iterator[ReadResult]:
    from . import files

    if source == "-":
        yield from files.read_stdin(opts, fetcher)
        return
    if source.startswith(("http://", "https://")):
        yield from files.read_url(source, opts, fetcher)
        return
    try:
        path = Path(source).expanduser()
        is_dir, exists = path.is_dir(), path.exists()
    except (OSError, ValueError, RuntimeError) as exc:  # a NUL in the name, a name too long, no home
        yield Rejection(source, RejectReason.UNREADABLE, f"{source}: cannot read it ({exc}); check the path")
        return
    if is_dir:
        yield from files.read_directory(path, opts, fetcher)
    elif exists:
        yield from files.read_file(path, opts, fetcher)
    else:
        yield Rejection(source, RejectReason.UNREADABLE,
                        f"{source}: no such file or folder (URLs must start with http:// "
                        "or https://; `-` reads standard input)")


def _guarded(source: str, items: Iterator[ReadResult]) -> Iterator[ReadResult]:
    """`items` made storable; a reader that fails ends its input with an internal_error rejection
    instead of stopping the batch."""
    try:
        for item in items:
            yield storable(item)
    except Exception as exc:  # a reader bug on one input must not lose the rest of the batch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        yield storable(Rejection(source, RejectReason.INTERNAL_ERROR,
                                 f"{source}: warlog failed reading this input ({type(exc).__name__}: {exc} at "
                                 f"{where.filename}:{where.lineno}); what came before it was read; please "
                                 "report it with the input"))


def storable(item: ReadResult) -> ReadResult:
    """`item` with unpaired UTF-16 surrogates (from JSON `\\ud800` escapes or undecodable file names)
    replaced by U+FFFD, since SQLite text must be valid UTF-8; paired ones are joined."""
    changed: dict[str, Any] = {}
    for f in fields(item):
        value = getattr(item, f.name)
        if isinstance(value, str) and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                changed[f.name] = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if not changed:
        return item
    if isinstance(item, RawDocument):
        return replace(item, **changed)
    return replace(item, **changed)



__all__ = ["InputKind", "JsonlPart", "Part", "ReadOptions", "ReadResult", "WarcPart", "read_sources", "rejection",
           "sniff", "storable"]
