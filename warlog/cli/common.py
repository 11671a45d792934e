"""What the command families share: the group class that turns a WarlogError into its exit code, the
options every family uses, opening the store, and the live report of an ingest run."""

from __future__ import annotations

from collections.abc import Callable
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

from ..errors import ConfigError, NotFound, StoreError, WarlogError
from ..ingest.meta import clean_published
from ..model import IngestOutcome, IngestStatus
from ..query import EventQuery
from ..settings import Settings
from ..store import Store, open_store
from .output import LIST_FORMATS

F = TypeVar("F", bound=Callable[..., Any])
PROGRESS_AFTER = 5  # show a progress bar once a run has more documents than this


class WarlogGroup(click.Group):
    """A command group whose commands' WarlogErrors end the run with a message and the error's exit
    code (ConfigError 2, NotFound 3, StoreError 4, any other 1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WarlogError as exc:
            code = 2 if isinstance(exc, ConfigError) else 3 if isinstance(exc, NotFound) \
                else 4 if isinstance(exc, StoreError) else 1
            click.echo(f"error: {exc}", err=True)
            ctx.exit(code)


def db_option(f: F) -> F:
    return click.option("--db", "db", metavar="PATH",
                        help="the store: a SQLite file or a postgresql:// URL (env WARLOG_DB; default: "
                             "warlog.db in the user data directory)")(f)


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


def _iso(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return clean_published(value)[:10]
    except ConfigError:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)", param_hint=option) from None


def published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Option callback: a publication date given on the command line, checked and normalised."""
    if value is None:
        return None
    try:
        return clean_published(value)
    except ConfigError as exc:
        raise click.BadParameter(str(exc)) from None


def open_db(db: str | None) -> Store:
    """The store at `--db` (or WARLOG_DB, or the default path)."""
    return open_store(Settings.from_env(db=db).db_path)


class Reporter:
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
