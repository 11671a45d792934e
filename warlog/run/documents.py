"""A run: the one place that connects the stages to the store.

    read (warlog.ingest) → RawDocument → segment (warlog.segment) → Document
      → analyse the stream (a Runner, warlog.run.runners: warlog.run.analysis here or in workers)
      → Store.write_document

Each document is written in its own transaction, with what extraction found in it; an input that
cannot be used becomes a stored Rejection and the run goes on. Only a StoreError (the database
itself failing) stops a run.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..errors import ConfigError, InputRejected, StoreError
from ..extract import EXTRACTOR_VERSION
from ..ids import content_hash, document_id, input_hash
from ..ingest import Part, ReadOptions, read_sources
from ..model import (
    Analysis,
    Document,
    IngestOutcome,
    IngestReport,
    IngestStatus,
    RawDocument,
    Rejection,
    RejectReason,
)
from ..segment import SEGMENTER_VERSION, segment_page
from ..settings import Settings
from ..store import Store, StoredVersion
from .runners import Runner, runner_for

if TYPE_CHECKING:
    from .analysis import Resources


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


def ingest(sources: Iterable[str | Part], store: Store, *, settings: Settings | None = None,
           options: IngestOptions | None = None, read_options: ReadOptions | None = None,
           on_outcome: Callable[[IngestOutcome], None] | None = None, extract: bool = True,
           resources: Resources | None = None, batch_size: int | None = None,
           runner: Runner | None = None) -> IngestReport:
    """Read every source, segment each document, run extraction over the stream of documents (one
    parse for the whole run) and store each document, with what was found in it, in its own
    transaction; returns what happened to each input, in input order. `runner` analyses the stream
    (default: `runner_for(settings)`, in this process or in workers, with `resources`)."""
    cfg = settings or Settings()
    opts = options or IngestOptions()
    reading = read_options or ReadOptions(max_bytes=cfg.max_bytes, timeout=cfg.timeout,
                                          user_agent=cfg.user_agent, allow_private=cfg.allow_private)
    report = IngestReport()
    prepared = _prepared(read_sources(sources, reading), store, opts, extract)
    if runner is None or not extract:
        runner = runner_for(cfg, extract=extract, resources=resources, batch_size=batch_size)
    for item, analysis in runner(prepared, _document_of):
        outcome = item if isinstance(item, IngestOutcome) else _write(store, item, analysis, cfg.keep_raw)
        report.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return report


Prepared = IngestOutcome | tuple[RawDocument, Document]


def _document_of(item: Prepared) -> Document | None:
    return item[1] if isinstance(item, tuple) else None


def _prepared(items: Iterable[RawDocument | Rejection], store: Store, opts: IngestOptions, extract: bool
              ) -> Iterator[Prepared]:
    """Each input as an outcome (rejected, unchanged) or a segmented document to analyse and store."""
    documents_seen = 0
    for item in items:
        if isinstance(item, Rejection):
            store.record_rejection(item)
            yield _rejected(item)
            continue
        documents_seen += 1
        if opts.url and documents_seen > 1:
            raise ConfigError("--url names one document, but the sources hold several; "
                              "give --url only with a single text or HTML input")
        yield prepare(item, store, opts, extract=extract)


def _write(store: Store, item: tuple[RawDocument, Document], analysis: Analysis | None,
           keep_raw: bool) -> IngestOutcome:
    raw, doc = item
    if analysis is not None and analysis.error:
        store.record_rejection(Rejection(
            raw.origin, RejectReason.INTERNAL_ERROR,
            f"{raw.origin}: stored, but extraction failed on it ({analysis.error}); please report it with "
            "the input"))
    status = store.write_document(doc, raw.content if keep_raw else None, analysis)
    return IngestOutcome(raw.origin, status, doc.doc_id, doc.title, message=_MESSAGES.get(status))


_MESSAGES = {IngestStatus.ADDED: "stored", IngestStatus.UPDATED: "stored again: the input or warlog changed",
             IngestStatus.UNCHANGED: "already stored, identical"}


def prepare(raw: RawDocument, store: Store, options: IngestOptions, *, extract: bool = True
            ) -> IngestOutcome | tuple[RawDocument, Document]:
    """An outcome when nothing is to be written (already stored and unchanged, or rejected), else
    the segmented document to analyse and write."""
    try:
        sha = content_hash(raw.content)
        before = None if options.url or raw.url else store.known_input(_file_origin(raw.origin), sha)
        if before is not None:  # stored before, perhaps with --url/--published/--source: they stand
            if before.content_hash == sha and options == IngestOptions() and _current(before.version, extract):
                return IngestOutcome(raw.origin, IngestStatus.UNCHANGED, before.doc_id, raw.title,
                                     message=_MESSAGES[IngestStatus.UNCHANGED])
            options = IngestOptions(published=options.published or (None if raw.published else before.published),
                                    source=options.source or (None if raw.source else before.source),
                                    url=before.url)
        doc_id = before.doc_id if before is not None else document_id(options.url or raw.url, sha)
        known = before.version if before is not None else store.stored_version(doc_id)
        if (known is not None and known.input_hash == _input_hash(raw, options, sha)
                and _current(known, extract)):
            return IngestOutcome(raw.origin, IngestStatus.UNCHANGED, doc_id, raw.title,
                                 message=_MESSAGES[IngestStatus.UNCHANGED])
        doc = build_document(raw, options)
        return raw, doc if doc.doc_id == doc_id else replace(doc, doc_id=doc_id)  # a new version of it
    except InputRejected as exc:
        rejection = Rejection(exc.origin or raw.origin, RejectReason(exc.reason), exc.message)
    except (StoreError, ConfigError):
        raise
    except Exception as exc:  # a bug in a stage must not lose the rest of the batch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        rejection = Rejection(raw.origin, RejectReason.INTERNAL_ERROR,
                              f"{raw.origin}: warlog failed on this input ({type(exc).__name__}: {exc} "
                              f"at {where.filename}:{where.lineno}); please report it with the input")
    store.record_rejection(rejection)
    return _rejected(rejection)


def _file_origin(origin: str) -> str:
    """A file's path, by which an input given again without its URL is known; "" for stdin, a line of
    a JSON-lines file or a web page (then only the same content finds the stored document)."""
    return origin if os.path.isfile(origin) else ""


def _current(version: StoredVersion, extract: bool) -> bool:
    """Whether a stored document was cut (and, when extracting, read) by this warlog's versions."""
    return version.segmenter == SEGMENTER_VERSION and (not extract or version.extractor == EXTRACTOR_VERSION)


def _rejected(rejection: Rejection) -> IngestOutcome:
    return IngestOutcome(rejection.origin, IngestStatus.REJECTED, reason=str(rejection.reason),
                         message=rejection.message)
