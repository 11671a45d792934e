"""Deterministic ids. The same input always gets the same id, so re-ingesting is a no-op.

A document's id comes from its canonical URL when it has one (an article fetched twice, or once from
a feed and once from a WARC, is one document), otherwise from a hash of its normalised content.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Query parameters that track the reader, not the article.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "ocid", "cmpid", "ref", "ref_src",
    "smid", "smtyp", "amp", "outputtype", "utm", "igshid", "share", "s_cid",
})
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """A stable form of `url` for identity: https, lower-case host without `www.`, no default port,
    no fragment, no tracking parameters, sorted query, no trailing slash (except the root), no `/amp`.

    >>> canonical_url("HTTP://www.Example.com:80/a/b/?utm_source=x&id=3#top")
    'https://example.com/a/b?id=3'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        scheme = "https"
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    if port and port != DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    path = re.sub(r"/amp/?$", "/", path)
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS
    )
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def normalise_content(content: str) -> str:
    """Unicode NFC, newlines unified, whitespace runs collapsed: the form that is hashed."""
    text = unicodedata.normalize("NFC", content).replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\s+", " ", text).strip()


def content_hash(content: str) -> str:
    """sha256 (hex) of the normalised content."""
    return hashlib.sha256(normalise_content(content).encode("utf-8")).hexdigest()


def document_id(url: str | None, content_sha: str) -> str:
    """`d` + 16 hex digits: from the canonical URL when there is one, else from the content hash."""
    key = f"url:{canonical_url(url)}" if url else f"sha:{content_sha}"
    return "d" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def input_hash(content_sha: str, *metadata: str | None) -> str:
    """sha256 of the content hash and the metadata given with the input: the same input twice has
    the same input hash, so storing it again is a no-op."""
    key = "\x1f".join([content_sha, *(m or "" for m in metadata)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
