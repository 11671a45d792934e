"""Readers: every kind of source → a stream of RawDocument, or Rejection for what cannot be read.

`read_sources(["page.txt", "dir/", "batch.jsonl", "https://…", "feed.xml", "crawl.warc.gz", "-"])`
yields in order; a bad input never stops the stream. Sources are told apart by form (`-` is stdin,
`http(s)://` a URL, a folder is walked recursively) and files by extension, else by their first bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import httpx

from ..errors import InputRejected
from ..model import RawDocument, Rejection, RejectReason
from .decode import InputKind, sniff

ReadResult = RawDocument | Rejection


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read. `http` and `stdin` are injectable so tests stay off the network and the tty."""

    max_bytes: int = 10_000_000
    timeout: float = 20.0
    user_agent: str = "warlog/0.1"
    fetch_links: str = "auto"  # feeds: "auto" (when the entry has little text), "always", "never"
    http: httpx.Client | None = None
    stdin: BinaryIO | None = None


def read_sources(sources: Iterable[str], options: ReadOptions | None = None) -> Iterator[ReadResult]:
    from . import files, web

    opts = options or ReadOptions()
    fetcher = web.Fetcher(opts)
    try:
        for source in sources:
            if source == "-":
                yield from files.read_stdin(opts, fetcher)
            elif source.startswith(("http://", "https://")):
                yield from web.read_url(source, opts, fetcher)
            else:
                path = Path(source).expanduser()
                if path.is_dir():
                    yield from files.read_directory(path, opts, fetcher)
                elif path.exists():
                    yield from files.read_file(path, opts, fetcher)
                else:
                    yield Rejection(source, RejectReason.UNREADABLE,
                                    f"{source}: no such file or folder (URLs must start with http:// "
                                    "or https://; `-` reads standard input)")
    finally:
        fetcher.close()


def rejection(exc: InputRejected, origin: str) -> Rejection:
    return Rejection(exc.origin or origin, RejectReason(exc.reason), exc.message)


__all__ = ["InputKind", "ReadOptions", "ReadResult", "read_sources", "rejection", "sniff"]
