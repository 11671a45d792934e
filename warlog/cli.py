"""The `warlog` command: a thin shell over the library. The only place errors become exit codes:
0 ok · 1 a warlog error, or every input of an ingest rejected · 2 usage/config · 3 not found · 4 store."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import asdict
from importlib import resources
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from . import __version__
from .errors import ConfigError, NotFound, StoreError, WarlogError
from .ingest.meta import clean_published
from .model import UNREAL, IngestOutcome, IngestStatus, SegmentKind
from .output import LIST_FORMATS, emit, emit_object, print_document
from .pipeline import IngestOptions, ingest
from .query import EventQuery
from .settings import Settings
from .store import Store, open_store

F = TypeVar("F", bound=Callable[..., Any])
PROGRESS_AFTER = 5  # show a progress bar once a run has more documents than this


class WarlogGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WarlogError as exc:
            code = 2 if isinstance(exc, ConfigError) else 3 if isinstance(exc, NotFound) \
                else 4 if isinstance(exc, StoreError) else 1
            click.echo(f"error: {exc}", err=True)
            ctx.exit(code)


def db_option(f: F) -> F:
    return click.option("--db", "db", metavar="PATH", envvar="WARLOG_DB",
                        help="SQLite database (env WARLOG_DB; default: the user data directory)")(f)


def format_option(default: str = "table", choices: tuple[str, ...] = LIST_FORMATS) -> Callable[[F], F]:
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help="output format")


def event_filter_options(f: F) -> F:
    """The filters that select events, shared by `warlog events` and `warlog export`; `event_query`
    turns them into an EventQuery."""
    for option in reversed((
        click.option("--type", "types", multiple=True, help="PLOVER type (repeatable), e.g. ASSAULT, COERCE"),
        click.option("--actor", help="actor id or name (part of it)"),
        click.option("--place", help="place name, province or ISO3 country"),
        click.option("--since", help="only events reaching into or after this ISO date"),
        click.option("--until", help="only events starting on or before this ISO date"),
        click.option("--doc", "doc_id", help="only events of this document"),
        click.option("--include-unreal", is_flag=True,
                     help="also events the text presents as hypothetical or negated (stored, hidden by default)"),
        click.option("--mentions", is_flag=True, help="each document's report of an event on its own, instead "
                                                      "of one canonical event per real event"),
        click.option("--cluster", "cluster_id",
                     help="only the reports merged into this canonical event (implies --mentions)"),
        click.option("--limit", type=int, default=None),
    )):
        f = option(f)
    return f


def event_query(types: tuple[str, ...], actor: str | None, place: str | None, since: str | None,
                until: str | None, doc_id: str | None, limit: int | None, cluster_id: str | None) -> EventQuery:
    return EventQuery(types=types, actor=actor, place=place, since=_iso(since, "--since"),
                      until=_iso(until, "--until"), doc_id=doc_id, limit=limit, cluster_id=cluster_id)


def _store(db: str | None) -> Store:
    return open_store(Settings.from_env(db=db).db_path)


@click.group(cls=WarlogGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="warlog")
def cli() -> None:
    """warlog: news reports of armed conflict → a sourced, reviewable database of events and actors."""


def _published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return clean_published(value)
    except ConfigError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@click.option("--published", callback=_published, help="publication date for these inputs (ISO 8601)")
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
@format_option(default="text", choices=("text", *LIST_FORMATS))
@db_option
def ingest_cmd(sources: tuple[str, ...], published: str | None, source: str | None, url: str | None,
               show: bool, extract: bool, processes: int | None, dedup: bool | None, fetch_links: str,
               allow_private: bool, fmt: str, db: str | None) -> None:
    """Ingest SOURCES: text or HTML files, folders (recursively), JSON-lines files, URLs, RSS/Atom
    feeds, WARC files, or - for standard input. Re-ingesting the same input changes nothing."""
    from .ingest import ReadOptions

    if url and (len(sources) != 1 or _is_dir(sources[0])):
        raise click.UsageError("--url names one document: give exactly one file, URL or - with it")
    settings = Settings.from_env(db=db, processes=processes, dedup=dedup, allow_private=allow_private or None)
    reading = ReadOptions(max_bytes=settings.max_bytes, timeout=settings.timeout, user_agent=settings.user_agent,
                          fetch_links=fetch_links, allow_private=settings.allow_private)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    live = _Reporter(err, verbose=fmt == "text")
    with open_store(settings.db_path, dedup=settings.dedup) as store:
        try:
            report = ingest(sources, store, settings=settings,
                            options=IngestOptions(published=published, source=source, url=url),
                            read_options=reading, on_outcome=live, extract=extract)
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
    if report.outcomes and totals["rejected"] == len(report.outcomes):
        sys.exit(1)


def _is_dir(source: str) -> bool:
    from pathlib import Path

    return source not in ("-",) and Path(source).is_dir()


class _Reporter:
    """Prints each outcome as a line, or a progress bar once there are more than a few documents
    (rejections are always printed)."""

    def __init__(self, console: Console, verbose: bool) -> None:
        self.console = console
        self.verbose = verbose
        self.count = 0
        self.progress: Progress | None = None
        self.task: Any = None

    def __call__(self, outcome: IngestOutcome) -> None:
        self.count += 1
        if self.progress is None and self.count > PROGRESS_AFTER and self.console.is_terminal:
            self.progress = Progress(SpinnerColumn(), TextColumn("ingesting"), BarColumn(),
                                     MofNCompleteColumn(), TimeElapsedColumn(), console=self.console,
                                     transient=True)
            self.progress.start()
            self.task = self.progress.add_task("ingest", total=None, completed=self.count - 1)
        if self.progress is not None:
            self.progress.advance(self.task)
        if outcome.status is IngestStatus.REJECTED:
            self.console.print(Text(f"rejected  {outcome.reason}: {outcome.message}", style="red"))
        elif self.verbose and self.progress is None:
            style = "green" if outcome.status is IngestStatus.ADDED else ""
            line = Text(f"{outcome.status:<9} ", style=style)
            line.append(f"{outcome.doc_id}  {outcome.title or ''}  ({outcome.origin})")
            self.console.print(line)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@cli.command("demo")
@db_option
def demo_cmd(db: str | None) -> None:
    """Ingest the bundled sample article and print what warlog made of it: its segments, then its
    events (with their quotes) and the relations between actors."""
    from .model import Media, RawDocument
    from .pipeline import build_document

    sample = resources.files("warlog") / "samples" / "sample_article.txt"
    with resources.as_file(sample) as path:
        ctx = click.get_current_context()
        ctx.invoke(ingest_cmd, sources=(str(path),), published=None, source="warlog sample", url=None,
                   show=True, extract=True, processes=None, fetch_links="never", fmt="text", db=db)
        doc_id = build_document(RawDocument(str(path), path.read_text(encoding="utf-8"), Media.TEXT,
                                            source="warlog sample")).doc_id
    ctx.invoke(events_cmd, types=(), actor=None, place=None, since=None, until=None, doc_id=doc_id,
               codebook="acled", include_unreal=False, limit=None, fmt="table", db=db)
    ctx.invoke(relations_cmd, doc_id=doc_id, actor=None, limit=None, fmt="table", db=db)


@cli.command("docs")
@click.option("--source", help="only documents from this outlet")
@click.option("--limit", type=int, default=None, help="at most this many")
@click.option("--offset", type=int, default=0, help="skip this many first")
@format_option()
@db_option
def docs_cmd(source: str | None, limit: int | None, offset: int, fmt: str, db: str | None) -> None:
    """List stored documents (JSON: doc_id, url, title, published, source)."""
    with _store(db) as store:
        docs = store.documents(limit=limit, offset=offset, source=source)
    rows = [d.summary() | ({} if fmt in ("json", "jsonl") else {"segments": d.segments}) for d in docs]
    emit(rows, fmt, ["doc_id", "title", "published", "source", "url", "segments"], sys.stdout,
         widths={"title": 50, "url": 40})


@cli.command("show")
@click.argument("doc_id")
@format_option(default="text", choices=("text", "json"))
@click.option("--kind", "kinds", multiple=True, type=click.Choice([k.value for k in SegmentKind]),
              help="only segments of this kind (repeatable)")
@db_option
def show_cmd(doc_id: str, fmt: str, kinds: tuple[str, ...], db: str | None) -> None:
    """Show one document's segments (DOC_ID may be a unique prefix)."""
    import json
    from dataclasses import replace

    with _store(db) as store:
        doc = store.document(doc_id)
    if kinds:
        doc = replace(doc, segments=tuple(s for s in doc.segments if s.kind in kinds))
    if fmt == "json":
        sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        print_document(doc, sys.stdout)


@cli.command("search")
@click.argument("query")
@click.option("--kind", "kinds", multiple=True, type=click.Choice([k.value for k in SegmentKind]),
              help="only segments of this kind (repeatable)")
@click.option("--limit", type=int, default=20, show_default=True)
@format_option()
@db_option
def search_cmd(query: str, kinds: tuple[str, ...], limit: int, fmt: str, db: str | None) -> None:
    """Full-text search (FTS5 syntax: words, "phrases", OR, NOT, prefix*) with snippets."""
    with _store(db) as store:
        hits = store.search(query, limit=limit, kinds=kinds or None)
    emit([asdict(h) for h in hits], fmt, ["doc_id", "kind", "title", "snippet", "score"], sys.stdout,
         widths={"title": 30, "snippet": 70})




@cli.command("events")
@event_filter_options
@click.option("--codebook", type=click.Choice(["plover", "acled", "gtd", "cameo"]), default="plover",
              show_default=True, help="category column in table and csv output")
@format_option()
@db_option
def events_cmd(types: tuple[str, ...], actor: str | None, place: str | None, since: str | None,
               until: str | None, doc_id: str | None, codebook: str, include_unreal: bool, mentions: bool,
               cluster_id: str | None, limit: int | None, fmt: str, db: str | None) -> None:
    """Events, with their sources (JSON fields: README). By default one canonical event per real event,
    merged from every document that reports it (sources, count ranges, members with merge reasons)."""
    from .query import codebook_label, event_to_dict

    query = event_query(types, actor, place, since, until, doc_id, limit, cluster_id)
    with _store(db) as store:
        if mentions or cluster_id:
            rows = [event_to_dict(e) for e in store.events(query) if include_unreal or e.certainty not in UNREAL]
        else:
            rows = [c.to_dict() for c in store.event_clusters(query)
                    if include_unreal or c.event.certainty not in UNREAL]
    if fmt not in ("json", "jsonl"):
        rows = [{**r, "category": codebook_label(r, codebook),
                 "actors_": "; ".join(a["name"] for a in r["actors"]),
                 "recipients_": "; ".join(a["name"] for a in r["recipients"]),
                 "place": (r["location"] or {}).get("name"), "when": (r["date"] or {}).get("edtf"),
                 "fatalities": _range(r, "killed") if "ranges" in r else r["fatalities"],
                 "quote": r["evidence"][0]["quote"] if r["evidence"] else ""} for r in rows]
    columns = ["id", "category", "actors_", "recipients_", "place", "when", "fatalities", "certainty", "quote"]
    if not (mentions or cluster_id):
        columns.insert(-2, "sources")
    emit(rows, fmt, columns, sys.stdout, widths={"quote": 60, "actors_": 24, "recipients_": 24})


def _range(row: dict[str, Any], kind: str) -> str | None:
    """A canonical event's count as a range when its reports differ ("3–5"), for tables."""
    found = row["ranges"].get(kind) if row["fatalities"] is not None else None
    if not found:
        return None if row["fatalities"] is None else str(row["fatalities"])
    return str(found["low"]) if found["low"] == found["high"] else f"{found['low']}–{found['high']}"


def _iso(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return clean_published(value)[:10]
    except ConfigError:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)", param_hint=option) from None


@cli.command("relations")
@click.option("--doc", "doc_id", help="only relations stated in this document")
@click.option("--actor", help="actor id or name (part of it)")
@click.option("--limit", type=int, default=None)
@format_option()
@db_option
def relations_cmd(doc_id: str | None, actor: str | None, limit: int | None, fmt: str, db: str | None) -> None:
    """Relations between actors (leader_of, member_of, backed_by, …) with their evidence."""
    with _store(db) as store:
        rows = [r.to_dict() for r in store.relations(doc_id=doc_id, actor=actor, limit=limit)]
    if fmt not in ("json", "jsonl"):
        rows = [{**r, "subject_": r["subject"]["name"], "object_": r["object"]["name"],
                 "quote": r["evidence"][0]["quote"]} for r in rows]
    emit(rows, fmt, ["subject_", "relation", "object_", "former", "certainty", "quote"], sys.stdout,
         widths={"quote": 70})


@cli.command("extract")
@click.argument("sources", nargs=-1, required=True)
@click.option("--published", callback=_published, help="publication date for these inputs (ISO 8601)")
@format_option()
@db_option
def extract_cmd(sources: tuple[str, ...], published: str | None, fmt: str, db: str | None) -> None:
    """Ingest SOURCES, extract, and print the events found in them."""
    ctx = click.get_current_context()
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    settings = Settings.from_env(db=db)
    from .ingest import ReadOptions

    with open_store(settings.db_path) as store:
        report = ingest(sources, store, settings=settings, options=IngestOptions(published=published),
                        read_options=ReadOptions(max_bytes=settings.max_bytes, timeout=settings.timeout,
                                                 user_agent=settings.user_agent,
                                                 allow_private=settings.allow_private),
                        on_outcome=_Reporter(err, True))
    for doc_id in dict.fromkeys(o.doc_id for o in report.outcomes if o.doc_id):
        ctx.invoke(events_cmd, types=(), actor=None, place=None, since=None, until=None, doc_id=doc_id,
                   codebook="plover", include_unreal=False, mentions=True, limit=None, fmt=fmt, db=db)


@cli.command("places")
@click.option("--doc", "doc_id", help="only this document (an id prefix is enough)")
@click.option("--unresolved", is_flag=True, help="also names that no gazetteer place fitted")
@click.option("--limit", type=int, default=None)
@format_option()
@db_option
def places_cmd(doc_id: str | None, unresolved: bool, limit: int | None, fmt: str, db: str | None) -> None:
    """Place names found in documents and where they were resolved (ACLED precision 1 town, 2 near
    a town or district, 3 province, country)."""
    with _store(db) as store:
        found = store.place_mentions(doc_id, limit=limit)
    rows = [{"doc_id": d, **m.to_dict()} for d, m in found if unresolved or m.location.place_id]
    if fmt not in ("json", "jsonl"):
        rows = [{**r, **{k: r["location"][k] for k in ("name", "lat", "lon", "admin1", "country",
                                                         "precision", "relation", "place_id")}}
                for r in rows]
    emit(rows, fmt, ["doc_id", "text", "name", "admin1", "country", "precision", "relation", "lat", "lon",
                     "place_id", "sentence", "start", "end", "reason"], sys.stdout,
         widths={"reason": 40})


@cli.command("dates")
@click.option("--doc", "doc_id", help="only this document (an id prefix is enough)")
@click.option("--limit", type=int, default=None)
@format_option()
@db_option
def dates_cmd(doc_id: str | None, limit: int | None, fmt: str, db: str | None) -> None:
    """Date expressions found in documents and their EDTF values."""
    with _store(db) as store:
        found = store.date_mentions(doc_id, limit=limit)
    rows = [{"doc_id": d, **m.to_dict()} for d, m in found]
    if fmt not in ("json", "jsonl"):
        rows = [{**r, **{k: (r["date"] or {}).get(k) for k in ("edtf", "start", "end", "precision")}}
                for r in rows]
    emit(rows, fmt, ["doc_id", "text", "edtf", "precision", "start", "end", "sentence"], sys.stdout)


@cli.command("rejections")
@click.option("--limit", type=int, default=None)
@format_option()
@db_option
def rejections_cmd(limit: int | None, fmt: str, db: str | None) -> None:
    """Inputs that were rejected, with the reason, newest first."""
    with _store(db) as store:
        rows = [asdict(r) for r in store.rejections(limit=limit)]
    emit(rows, fmt, ["reason", "origin", "message", "times", "last_seen"], sys.stdout,
         widths={"origin": 40, "message": 60})


@cli.command("stats")
@format_option()
@db_option
def stats_cmd(fmt: str, db: str | None) -> None:
    """Counts: documents, segments by kind, rejections by reason, database size."""
    with _store(db) as store:
        stats = asdict(store.stats())
    emit_object(stats, fmt, sys.stdout, title="warlog store")


@cli.command("settings")
@format_option()
def settings_cmd(fmt: str) -> None:
    """Every setting: its environment variable, its value now, its default and what it does."""
    from .settings import SECRET_SETTINGS, SETTINGS

    current = Settings.from_env()
    def shown(name: str) -> object:  # a secret is never printed
        value = getattr(current, name)
        return ("(set)" if value else None) if name in SECRET_SETTINGS else value

    rows = [{"setting": s.name, "env": s.env, "value": shown(s.name), "default": s.default, "help": s.help}
            for s in SETTINGS]
    emit(rows, fmt, ["env", "value", "default", "help"], sys.stdout, widths={"help": 60})


def main() -> None:
    from .settings import tune_gc

    tune_gc()
    cli(prog_name="warlog")


# Commands that live in their own modules register themselves on `cli`.
from . import cli_actors, cli_backup, cli_dedup, cli_eval, cli_export, cli_train, cli_web  # noqa: E402,F401

if __name__ == "__main__":
    main()
