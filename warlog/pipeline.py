"""The one place that connects the stages to the store.

    read (warlog.ingest) → RawDocument → segment (warlog.segment) → Document
      → analyse a batch (warlog.analysis: spaCy, places, dates) → Store.write_document

Each document is written in its own transaction, with what extraction found in it; an input that
cannot be used becomes a stored Rejection and the run goes on. Only a StoreError (the database
itself failing) stops a run.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .analysis import Resources, analyse
from .errors import ConfigError, InputRejected, StoreError
from .extract import EXTRACTOR_VERSION
from .ids import content_hash, document_id, input_hash
from .ingest import ReadOptions, read_sources
from .model import (
    Analysis,
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
           on_outcome: Callable[[IngestOutcome], None] | None = None, extract: bool = True,
           resources: Resources | None = None, batch_size: int | None = None) -> IngestReport:
    """Read every source, segment each document, run extraction over batches of documents and
    store each document with what was found in it; returns what happened to each input."""
    cfg = settings or Settings()
    opts = options or IngestOptions()
    reading = read_options or ReadOptions(max_bytes=cfg.max_bytes, timeout=cfg.timeout,
                                          user_agent=cfg.user_agent)
    run = _Run(store, opts, cfg.keep_raw, extract, resources, on_outcome, processes=cfg.processes)
    batch_size = batch_size or cfg.batch_size
    documents_seen = 0
    for item in read_sources(sources, reading):
        if isinstance(item, RawDocument):
            documents_seen += 1
            if opts.url and documents_seen > 1:
                raise ConfigError("--url names one document, but the sources hold several; "
                                  "give --url only with a single text or HTML input")
        run.add(item)
        if run.waiting >= batch_size:
            run.flush()
    run.flush()
    return run.report


@dataclass
class _Run:
    """Inputs wait in order until a batch is full; then extraction runs over the batch and each
    document is written in its own transaction, and outcomes are reported in input order."""

    store: Store
    options: IngestOptions
    keep_raw: bool
    extract: bool
    resources: Resources | None
    on_outcome: Callable[[IngestOutcome], None] | None
    processes: int = 1
    report: IngestReport = field(default_factory=IngestReport)
    queue: list[IngestOutcome | tuple[RawDocument, Document]] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        return sum(1 for q in self.queue if isinstance(q, tuple))

    def add(self, item: RawDocument | Rejection) -> None:
        if isinstance(item, Rejection):
            self.store.record_rejection(item)
            self.queue.append(_rejected(item))
        else:
            self.queue.append(prepare(item, self.store, self.options, extract=self.extract))

    def flush(self) -> None:
        docs = [q[1] for q in self.queue if isinstance(q, tuple)]
        analyses: Iterator[Analysis | None] = iter(())
        if docs and self.extract:
            if self.resources is None:
                self.resources = Resources.default()
            analyses = analyse(docs, self.resources, n_process=self.processes)
        for q in self.queue:
            if isinstance(q, tuple):
                raw, doc = q
                analysis = next(analyses) if self.extract else None
                if analysis is not None and analysis.error:
                    self.store.record_rejection(Rejection(
                        raw.origin, RejectReason.INTERNAL_ERROR,
                        f"{raw.origin}: stored, but extraction failed on it ({analysis.error}); please report "
                        "it with the input"))
                status = self.store.write_document(doc, raw.content if self.keep_raw else None, analysis)
                q = IngestOutcome(raw.origin, status, doc.doc_id, doc.title, message=_MESSAGES.get(status))
            self.report.outcomes.append(q)
            if self.on_outcome is not None:
                self.on_outcome(q)
        self.queue.clear()


_MESSAGES = {IngestStatus.ADDED: "stored", IngestStatus.UPDATED: "stored again: the input or warlog changed",
             IngestStatus.UNCHANGED: "already stored, identical"}


def prepare(raw: RawDocument, store: Store, options: IngestOptions, *, extract: bool = True
            ) -> IngestOutcome | tuple[RawDocument, Document]:
    """An outcome when nothing is to be written (already stored and unchanged, or rejected), else
    the segmented document to analyse and write."""
    try:
        sha = content_hash(raw.content)
        doc_id = document_id(options.url or raw.url, sha)
        known = store.stored_version(doc_id)
        if (known is not None and known.input_hash == _input_hash(raw, options, sha)
                and known.segmenter == SEGMENTER_VERSION
                and (not extract or known.extractor == EXTRACTOR_VERSION)):
            return IngestOutcome(raw.origin, IngestStatus.UNCHANGED, doc_id, raw.title,
                                 message=_MESSAGES[IngestStatus.UNCHANGED])
        return raw, build_document(raw, options)
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


def _rejected(rejection: Rejection) -> IngestOutcome:
    return IngestOutcome(rejection.origin, IngestStatus.REJECTED, reason=str(rejection.reason),
                         message=rejection.message)
