"""`warlog` commands about documents: ingest, extract, demo, and what the store holds (docs, show,
search, rejections, stats, settings)."""

from __future__ import annotations

import sys
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ..ingest import ReadOptions
from ..model import IngestOutcome, IngestReport, IngestStatus, Media, RawDocument, SegmentKind
from ..query import EventQuery
from ..run import IngestOptions, build_document, ingest
from ..settings import Settings
from ..store import open_store
from .common import Reporter, db_option, format_option, open_db, published
from .events import print_events, print_relations
from .output import LIST_FORMATS, emit, emit_object, print_document

if TYPE_CHECKING:
    from ..run.distributed import Plan


@click.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@click.option("--published", callback=published, help="publication date for these inputs (ISO 8601)")
@click.option("--source", help="outlet name for these inputs")
@click.option("--url", help="canonical URL of the (single) input")
@click.option("--show", is_flag=True, help="print the segments of each stored document")
@click.option("--extract/--no-extract", default=True, show_default=True,
              help="run extraction (events, actors, relations, places, dates) on the stored documents")
@click.option("--processes", type=click.IntRange(1, 64), default=None,
              help="spaCy processes (env WARLOG_PROCESSES; default 1)")
@click.option("--dedup/--no-dedup", default=None,
              help="merge reports of one event across documents as they are stored (env WARLOG_DEDUP; default "
                   "on); --no-dedup stores each report on its own, for `warlog dedup` to merge later")
@click.option("--fetch-links", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="feeds: fetch an entry's link when the entry holds little text")
@click.option("--allow-private", is_flag=True, default=False,
              help="fetch URLs and links on private, loopback or link-local addresses (your own network; "
                   "env WARLOG_ALLOW_PRIVATE); refused by default")
@click.option("--dask", "cluster", metavar="CLUSTER",
              help="ingest on a Dask cluster: local:N (N worker processes here) or tcp://SCHEDULER:PORT; each "
                   "worker reads, analyses and writes whole files into --db (needs warlog[scale])")
@format_option(default="text", choices=("text", *LIST_FORMATS))
@db_option
def ingest_cmd(sources: tuple[str, ...], published: str | None, source: str | None, url: str | None,
               show: bool, extract: bool, processes: int | None, dedup: bool | None, fetch_links: str,
               allow_private: bool, cluster: str | None, fmt: str, db: str | None) -> None:
    """Ingest SOURCES: text or HTML files, folders (recursively), JSON-lines files, URLs, RSS/Atom
    feeds, WARC files, or - for standard input. Re-ingesting the same input changes nothing."""
    if url and (len(sources) != 1 or _is_dir(sources[0])):
        raise click.UsageError("--url names one document: give exactly one file, URL or - with it")
    if cluster and processes:
        raise click.UsageError("--processes and --dask: give one (on Dask, each worker is a process)")
    settings = Settings.from_env(db=db, processes=processes, dedup=dedup, allow_private=allow_private or None)
    report = _ingest_and_report(sources, settings, IngestOptions(published=published, source=source, url=url),
                                fetch_links=fetch_links, extract=extract, show=show, fmt=fmt, cluster=cluster)
    if report.outcomes and report.totals()["rejected"] == len(report.outcomes):
        sys.exit(1)


def _ingest_and_report(sources: tuple[str, ...], settings: Settings, options: IngestOptions, *,
                       fetch_links: str = "auto", extract: bool = True, show: bool = False,
                       fmt: str = "text", cluster: str | None = None) -> IngestReport:
    """`warlog.run.ingest` (on a Dask `cluster`: `warlog.run.distributed`) with each outcome reported as
    it comes, the totals, and (`show`) the segments of each stored document."""
    reading = ReadOptions(max_bytes=settings.max_bytes, timeout=settings.timeout, user_agent=settings.user_agent,
                          fetch_links=fetch_links, allow_private=settings.allow_private)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    live = _ClusterReporter(err, fmt == "text", cluster) if cluster else Reporter(err, verbose=fmt == "text")
    with open_store(settings.db_path, dedup=settings.dedup) as store:  # created and migrated before workers open it
        try:
            if isinstance(live, _ClusterReporter):
                from ..run.distributed import ingest_distributed  # Dask itself only once the run starts

                report = ingest_distributed(sources, settings.db_path, cluster=live.cluster, settings=settings,
                                            options=options, read_options=reading, extract=extract,
                                            on_outcome=live, on_plan=live.plan, on_batch=live.batch)
            else:
                report = ingest(sources, store, settings=settings, options=options, read_options=reading,
                                on_outcome=live, extract=extract)
        finally:
            live.close()
        totals = report.totals()
        err.print(Text(f"{totals['added']} added, {totals['updated']} updated, {totals['unchanged']} "
                       f"unchanged, {totals['rejected']} rejected · {settings.db_path}", style="bold"))
        if totals["rejected"]:
            err.print(Text("rejected inputs are kept with their reasons: `warlog rejections`", style="dim"))
        if fmt != "text":
            emit([o.to_dict() for o in report.outcomes], fmt,
                 ["status", "doc_id", "title", "origin", "reason", "message"], sys.stdout)
        if show:
            for doc_id in dict.fromkeys(o.doc_id for o in report.outcomes if o.doc_id):
                print_document(store.document(doc_id), sys.stdout)
                sys.stdout.write("\n")
    return report


class _ClusterReporter(Reporter):
    """A Dask run's report: the cluster and its dashboard link first, then (on a terminal) a bar over the
    inputs the workers have finished; rejections are printed as they come back."""

    def __init__(self, console: Console, verbose: bool, cluster: str) -> None:
        super().__init__(console, verbose)
        self.cluster = cluster

    def plan(self, plan: Plan) -> None:
        self.console.print(Text(f"Dask: {plan.workers} workers at {plan.address}, {plan.units} inputs in "
                                f"{plan.batches} batches · dashboard: {plan.dashboard or 'none (bokeh missing)'}",
                                style="dim"))
        if self.console.is_terminal:
            self.progress = Progress(SpinnerColumn(), TextColumn("ingesting on Dask"), BarColumn(),
                                     MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                                     console=self.console, transient=True)
            self.progress.start()
            self.task = self.progress.add_task("ingest", total=plan.units)

    def batch(self, units: int) -> None:
        if self.progress is not None:
            self.progress.advance(self.task, units)

    def __call__(self, outcome: IngestOutcome) -> None:
        if self.progress is None:  # not a terminal: a line an outcome, as without Dask
            super().__call__(outcome)
        elif outcome.status is IngestStatus.REJECTED:
            self.console.print(Text(f"rejected  {outcome.reason}: {outcome.message}", style="red"))


def _is_dir(source: str) -> bool:
    return source not in ("-",) and Path(source).is_dir()


@click.command("demo")
@db_option
def demo_cmd(db: str | None) -> None:
    """Ingest the bundled sample article and print what warlog made of it: its segments, then its
    events (with their quotes) and the relations between actors."""
    sample = resources.files("warlog") / "samples" / "sample_article.txt"
    settings = Settings.from_env(db=db)
    with resources.as_file(sample) as path:
        _ingest_and_report((str(path),), settings, IngestOptions(source="warlog sample"), fetch_links="never",
                           show=True)
        doc_id = build_document(RawDocument(str(path), path.read_text(encoding="utf-8"), Media.TEXT,
                                            source="warlog sample")).doc_id
    with open_store(settings.db_path) as store:
        print_events(store, EventQuery(doc_id=doc_id), codebook="acled")
        print_relations(store, doc_id=doc_id)


@click.command("extract")
@click.argument("sources", nargs=-1, required=True)
@click.option("--published", callback=published, help="publication date for these inputs (ISO 8601)")
@format_option()
@db_option
def extract_cmd(sources: tuple[str, ...], published: str | None, fmt: str, db: str | None) -> None:
    """Ingest SOURCES, extract, and print the events found in them."""
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    settings = Settings.from_env(db=db)
    with open_store(settings.db_path) as store:
        report = ingest(sources, store, settings=settings, options=IngestOptions(published=published),
                        read_options=ReadOptions(max_bytes=settings.max_bytes, timeout=settings.timeout,
                                                 user_agent=settings.user_agent,
                                                 allow_private=settings.allow_private),
                        on_outcome=Reporter(err, True))
        for doc_id in dict.fromkeys(o.doc_id for o in report.outcomes if o.doc_id):
            print_events(store, EventQuery(doc_id=doc_id), mentions=True, fmt=fmt)


@click.command("docs")
@click.option("--source", help="only documents from this outlet")
@click.option("--limit", type=int, default=None, help="at most this many")
@click.option("--offset", type=int, default=0, help="skip this many first")
@format_option()
@db_option
def docs_cmd(source: str | None, limit: int | None, offset: int, fmt: str, db: str | None) -> None:
    """List stored documents (JSON: doc_id, url, title, published, source)."""
    with open_db(db) as store:
        docs = store.documents(limit=limit, offset=offset, source=source)
    rows = [d.summary() | ({} if fmt in ("json", "jsonl") else {"segments": d.segments}) for d in docs]
    emit(rows, fmt, ["doc_id", "title", "published", "source", "url", "segments"], sys.stdout,
         widths={"title": 50, "url": 40})


@click.command("show")
@click.argument("doc_id")
@format_option(default="text", choices=("text", "json"))
@click.option("--kind", "kinds", multiple=True, type=click.Choice([k.value for k in SegmentKind]),
              help="only segments of this kind (repeatable)")
@db_option
def show_cmd(doc_id: str, fmt: str, kinds: tuple[str, ...], db: str | None) -> None:
    """Show one document's segments (DOC_ID may be a unique prefix)."""
    import json
    from dataclasses import replace

    with open_db(db) as store:
        doc = store.document(doc_id)
    if kinds:
        doc = replace(doc, segments=tuple(s for s in doc.segments if s.kind in kinds))
    if fmt == "json":
        sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        print_document(doc, sys.stdout)


@click.command("search")
@click.argument("query")
@click.option("--kind", "kinds", multiple=True, type=click.Choice([k.value for k in SegmentKind]),
              help="only segments of this kind (repeatable)")
@click.option("--limit", type=int, default=20, show_default=True)
@format_option()
@db_option
def search_cmd(query: str, kinds: tuple[str, ...], limit: int, fmt: str, db: str | None) -> None:
    """Full-text search (FTS5 syntax: words, "phrases", OR, NOT, prefix*) with snippets."""
    with open_db(db) as store:
        hits = store.search(query, limit=limit, kinds=kinds or None)
    emit([asdict(h) for h in hits], fmt, ["doc_id", "kind", "title", "snippet", "score"], sys.stdout,
         widths={"title": 30, "snippet": 70})


@click.command("rejections")
@click.option("--limit", type=int, default=None)
@format_option()
@db_option
def rejections_cmd(limit: int | None, fmt: str, db: str | None) -> None:
    """Inputs that were rejected, with the reason, newest first."""
    with open_db(db) as store:
        rows = [asdict(r) for r in store.rejections(limit=limit)]
    emit(rows, fmt, ["reason", "origin", "message", "times", "last_seen"], sys.stdout,
         widths={"origin": 40, "message": 60})


@click.command("stats")
@format_option()
@db_option
def stats_cmd(fmt: str, db: str | None) -> None:
    """Counts: documents, segments by kind, rejections by reason, database size."""
    with open_db(db) as store:
        stats = asdict(store.stats())
    emit_object(stats, fmt, sys.stdout, title="warlog store")


@click.command("settings")
@format_option()
def settings_cmd(fmt: str) -> None:
    """Every setting: its environment variable, its value now, its default and what it does."""
    from ..settings import SECRET_SETTINGS, SETTINGS

    current = Settings.from_env()
    def shown(name: str) -> object:  # a secret is never printed
        value = getattr(current, name)
        return ("(set)" if value else None) if name in SECRET_SETTINGS else value

    rows = [{"setting": s.name, "env": s.env, "value": shown(s.name), "default": s.default, "help": s.help}
            for s in SETTINGS]
    emit(rows, fmt, ["env", "value", "default", "help"], sys.stdout, widths={"help": 60})


COMMANDS = (ingest_cmd, demo_cmd, extract_cmd, docs_cmd, show_cmd, search_cmd, rejections_cmd, stats_cmd, settings_cmd)
