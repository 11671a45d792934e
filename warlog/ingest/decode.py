"""Bytes → text, with the checks that turn bad input into a clear rejection: too large, binary,
undecodable, empty. Also sniffs what kind of input a file holds (text, HTML, JSON lines, feed, WARC)."""

from __future__ import annotations

import codecs
import json
import re
import zlib
from enum import StrEnum
from typing import BinaryIO

from charset_normalizer import from_bytes

from ..errors import InputRejected
from ..model import RejectReason


class InputKind(StrEnum):
    TEXT = "text"
    HTML = "html"
    JSONL = "jsonl"
    FEED = "feed"
    WARC = "warc"


EXTENSIONS: dict[str, InputKind] = {
    ".txt": InputKind.TEXT, ".text": InputKind.TEXT, ".md": InputKind.TEXT,
    ".html": InputKind.HTML, ".htm": InputKind.HTML, ".xhtml": InputKind.HTML, ".shtml": InputKind.HTML,
    ".jsonl": InputKind.JSONL, ".ndjson": InputKind.JSONL, ".jsonlines": InputKind.JSONL,
    ".warc": InputKind.WARC, ".rss": InputKind.FEED, ".atom": InputKind.FEED,
}

#: Leading bytes of formats that are certainly not articles.
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF"), (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX)"), (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"), (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"), (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"BZh", "a bzip2 archive"), (b"\xfd7zXZ", "an xz archive"), (b"7z\xbc\xaf", "a 7-Zip archive"),
)
HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                        re.IGNORECASE | re.DOTALL)
HTML_ANYWHERE = re.compile(rb"<(?:html|body|p|div|article)\b[^>]*>", re.IGNORECASE)
FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<\?xml-stylesheet[^>]*>\s*)*"
                        rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE | re.DOTALL)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: Python codecs that a page may name as its charset but that do not decode text: `undefined` always
#: fails, the IDNA and escape codecs turn bytes into something else, UTF-7 is a known XSS vector.
NOT_CHARSETS = frozenset({"undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7"})
READ_CHUNK = 1 << 16


def check_size(size: int, max_bytes: int, origin: str) -> None:
    if size > max_bytes:
        raise InputRejected(RejectReason.TOO_LARGE,
                            f"{origin}: {size:,} bytes is more than the limit of {max_bytes:,}; "
                            "raise it with WARLOG_MAX_BYTES if this really is one article", origin)


def read_bounded(stream: BinaryIO, max_bytes: int, origin: str) -> bytes:
    """All of `stream`, or InputRejected(too_large) as soon as it passes `max_bytes`: the limit holds
    for whatever is read (a regular file that grows, a device such as /dev/zero, a pipe, stdin)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(READ_CHUNK, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise InputRejected(RejectReason.TOO_LARGE,
                                f"{origin}: more than the limit of {max_bytes:,} bytes; raise it with "
                                "WARLOG_MAX_BYTES if this really is one article, or split the input", origin)


def sniff(data: bytes, name: str = "") -> InputKind:
    """The kind of input, from the file name's extension, else from the first bytes."""
    lower = name.lower()
    if lower.endswith((".warc.gz", ".arc.gz", ".warc")):
        return InputKind.WARC
    for ext, kind in EXTENSIONS.items():
        if lower.endswith(ext):
            return kind
    head = data[:4096]
    if head.startswith(b"WARC/"):
        return InputKind.WARC
    if head.startswith(b"\x1f\x8b"):
        try:  # the first five bytes unpacked, and no more
            if zlib.decompressobj(31).decompress(head, 5) == b"WARC/":
                return InputKind.WARC
        except zlib.error:
            pass
        return InputKind.TEXT  # decode() will reject it as binary
    stripped = head.lstrip(b"\xef\xbb\xbf")
    if FEED_START.match(stripped):
        return InputKind.FEED
    if HTML_START.match(stripped) or len(HTML_ANYWHERE.findall(head)) >= 3:
        return InputKind.HTML
    first = stripped.split(b"\n", 1)[0].strip()
    if first.startswith(b"{") and first.endswith(b"}"):
        try:
            if isinstance(json.loads(first), dict):
                return InputKind.JSONL
        except RecursionError:  # an object nested too deeply: JSON lines, which reading will refuse
            return InputKind.JSONL
        except ValueError:
            pass
    return InputKind.TEXT


def decode(data: bytes, origin: str, *, max_bytes: int, declared: str | None = None,
           html: bool = False) -> str:
    """Decode `data` to text or raise InputRejected (too_large, binary, undecodable, empty).

    Order of trust: a byte-order mark, the declared charset (HTTP header), a `<meta charset>` for
    HTML, strict UTF-8, then charset detection (charset-normalizer)."""
    check_size(len(data), max_bytes, origin)
    if not data.strip():
        raise InputRejected(RejectReason.EMPTY, f"{origin}: the input is empty", origin)
    for magic, what in BINARY_MAGIC:
        if data.startswith(magic):
            raise InputRejected(RejectReason.BINARY, f"{origin}: this is {what}, not a news text; "
                                "convert it to text or HTML first", origin)
    if data.startswith(b"\x1f\x8b"):
        raise InputRejected(RejectReason.BINARY, f"{origin}: this is a gzip file; unpack it first "
                            "(WARC files are read when named *.warc.gz)", origin)
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputRejected(RejectReason.BINARY, f"{origin}: holds NUL bytes, so it is binary data "
                            "(or UTF-16 without a byte-order mark), not a news text", origin)
    text = _decode_text(data, declared, html)
    if text is None:
        raise InputRejected(RejectReason.UNDECODABLE, f"{origin}: cannot tell the text encoding; "
                            "save it as UTF-8 and ingest it again", origin)
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f\v") or ch == "\ufffd")
    if "\x00" in sample or bad > max(8, len(sample) // 50):
        raise InputRejected(RejectReason.BINARY, f"{origin}: looks like binary data ({bad} control or "
                            "replacement characters in the first 20,000), not a news text", origin)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputRejected(RejectReason.EMPTY, f"{origin}: the input holds only whitespace", origin)
    return text


def _decode_text(data: bytes, declared: str | None, html: bool) -> str | None:
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    if html:
        m = META_CHARSET.search(data[:4096])
        if m:
            candidates.append(m.group(1).decode("ascii", "ignore"))
    candidates.append("utf-8")
    for enc in candidates:
        try:
            if codecs.lookup(enc).name in NOT_CHARSETS:
                continue
            return data.decode(enc)
        except (LookupError, UnicodeError, ValueError):  # an unknown, non-text or failing codec
            continue
    matches = list(from_bytes(data[:200_000]))
    if not matches:
        return None
    best = min(matches, key=lambda m: m.chaos)
    if best.chaos > 0.3:
        return None
    # Single-byte Latin encodings are often indistinguishable; windows-1252 is the web's legacy
    # default (WHATWG), so it wins a tie.
    encoding = next((m.encoding for m in matches if m.encoding == "cp1252" and m.chaos <= best.chaos + 0.01),
                    best.encoding)
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeError, ValueError):
        return None
