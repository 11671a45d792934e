"""The one place that connects the stages to the store.

    read (warlog.ingest) → RawDocument → segment (warlog.segment) → Document → Store.write_document

Each document is written in its own transaction; an input that cannot be used becomes a stored
Rejection and the run goes on. Only a StoreError (the database itself failing) stops a run.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import ConfigError, InputRejected, StoreError
from .ids import content_hash, document_id, input_hash
from .ingest import ReadOptions, read_sources
from .model import (
    Document,
    IngestOutcome,
    IngestReport,
    IngestStatus,
    RawDocument,
    Rejection,
    RejectReason,
)
from .segment import SEGMENTER_VERSION, segment_page
from .settings import Settings
from .store import Store


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Metadata given on the command line; it overrides what the inputs carry."""

    published: str | None = None
    source: str | None = None
    url: str | None = None


def build_document(raw: RawDocument, options: IngestOptions | None = None) -> Document:
    """RawDocument → segmented Document with its deterministic id. Pure: no store, no I/O.
    Raises InputRejected(no_text) when the page has no headline or body text."""
    opts = options or IngestOptions()
    url = opts.url or raw.url
    sha = content_hash(raw.content)
    page = segment_page(raw.content, raw.media, url)
    if not any(s.text.strip() for s in page.segments if s.kind in ("headline", "body")):
        raise InputRejected(RejectReason.NO_TEXT,
                            f"{raw.origin}: no headline or body text found (a menu, a login or cookie "
                            "wall, or a page that builds its text with JavaScript?)", raw.origin)
    headline = next((s.text for s in page.segments if s.kind == "headline"), None)
    published = opts.published or raw.published or page.published
    source = opts.source or raw.source or page.site or _host(url)
    title = raw.title or page.title or headline
    return Document(
        doc_id=document_id(url, sha), text=page.text, segments=page.segments, media=raw.media,
        origin=raw.origin, content_hash=sha, input_hash=_input_hash(raw, opts, sha), url=url,
        title=title, published=published, source=source, fetched=raw.fetched, segmenter=page.segmenter)


def _input_hash(raw: RawDocument, opts: IngestOptions, sha: str) -> str:
    return input_hash(sha, opts.url or raw.url, raw.title, opts.published or raw.published,
                      opts.source or raw.source)


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def ingest(sources: Iterable[str], store: Store, *, settings: Settings | None = None,
           options: IngestOptions | None = None, read_options: ReadOptions | None = None,
           on_outcome: Callable[[IngestOutcome], None] | None = None) -> IngestReport:
    """Read every source, segment each document and store it; returns what happened to each input."""
    cfg = settings or Settings()
    opts = options or IngestOptions()
    reading = read_options or ReadOptions(max_bytes=cfg.max_bytes, timeout=cfg.timeout,
                                          user_agent=cfg.user_agent)
    report = IngestReport()
    documents_seen = 0
    for item in read_sources(sources, reading):
        if isinstance(item, RawDocument):
            documents_seen += 1
            if opts.url and documents_seen > 1:
                raise ConfigError("--url names one document, but the sources hold several; "
                                  "give --url only with a single text or HTML input")
            outcome = ingest_one(item, store, opts, keep_raw=cfg.keep_raw)
        else:
            store.record_rejection(item)
            outcome = _rejected(item)
        report.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return report


def ingest_one(raw: RawDocument, store: Store, options: IngestOptions, *, keep_raw: bool = True
               ) -> IngestOutcome:
    """One document through segmentation into the store, in one transaction."""
    try:
        sha = content_hash(raw.content)
        doc_id = document_id(options.url or raw.url, sha)
        known = store.stored_version(doc_id)
        if known is not None and known.input_hash == _input_hash(raw, options, sha) \
                and known.segmenter == SEGMENTER_VERSION:
            return IngestOutcome(raw.origin, IngestStatus.UNCHANGED, doc_id, raw.title,
                                 message="already stored, identical")
        doc = build_document(raw, options)
    except InputRejected as exc:
        rejection = Rejection(exc.origin or raw.origin, RejectReason(exc.reason), exc.message)
        store.record_rejection(rejection)
        return _rejected(rejection)
    except (StoreError, ConfigError):
        raise
    except Exception as exc:  # a bug in a stage must not lose the rest of the batch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        rejection = Rejection(raw.origin, RejectReason.INTERNAL_ERROR,
                              f"{raw.origin}: warlog failed on this input ({type(exc).__name__}: {exc} "
                              f"at {where.filename}:{where.lineno}); please report it with the input")
        store.record_rejection(rejection)
        return _rejected(rejection)
    status = store.write_document(doc, raw.content if keep_raw else None)
    message = {IngestStatus.ADDED: "stored", IngestStatus.UPDATED: "stored again: the input changed",
               IngestStatus.UNCHANGED: "already stored, identical"}.get(status)
    return IngestOutcome(raw.origin, status, doc.doc_id, doc.title, message=message)


def _rejected(rejection: Rejection) -> IngestOutcome:
    return IngestOutcome(rejection.origin, IngestStatus.REJECTED, reason=str(rejection.reason),
                         message=rejection.message)
