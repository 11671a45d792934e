"""`warlog serve` (the web interface), `warlog user` (who may write in it) and `warlog review`
(the same review decisions from the command line)."""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING

import click

from ..settings import Settings
from .common import db_option, format_option, open_db
from .output import emit

if TYPE_CHECKING:
    from collections.abc import Sequence

    from fastapi import FastAPI

    from ..store import Store

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def desk_app(store: Store, *, host: str, allowed_hosts: Sequence[str] = (), read_only: bool = False,
             session_hours: float = 12.0) -> FastAPI:
    """The app `warlog serve` runs: whatever address it listens on (0.0.0.0 too), it answers only the
    Host names `security.desk_hosts` lists (this machine's names, `allowed_hosts`) and IP addresses, so a
    page elsewhere that rebinds its own name to this address is refused."""
    from ..web.app import create_app
    from ..web.security import desk_hosts

    return create_app(store, read_only=read_only, secret=Settings.from_env().secret,
                      allowed_hosts=desk_hosts(host, allowed_hosts), session_idle_s=session_hours * 3600)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to listen on; the default answers this machine only")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="a host name browsers may reach the desk by, besides this machine's own names and its IP "
                   "addresses (repeatable; *.example.org for every name under it); others are refused")
@click.option("--session-hours", type=click.FloatRange(0.05, 24 * 30), default=12.0, show_default=True,
              help="a login ends after this many hours unused")
@click.option("--read-only", is_flag=True, help="refuse every write (no review, no login)")
@db_option
def serve_cmd(host: str, port: int, allowed_hosts: tuple[str, ...], session_hours: float, read_only: bool,
              db: str | None) -> None:
    """The analyst's desk: events, documents, actors, map, timeline, network, review and export in a
    browser. Writes need a user (`warlog user add NAME`). Sessions are signed with WARLOG_SECRET when
    set, else with a random key (logins end when the server stops)."""
    import uvicorn

    if host not in LOCAL_HOSTS:
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can read the database "
                   "(writes still need a login); put it behind HTTPS before exposing it", err=True)
    store = open_db(db)
    app = desk_app(store, host=host, allowed_hosts=allowed_hosts, read_only=read_only, session_hours=session_hours)
    if not read_only and not store.users():
        click.echo("note: no users yet, so nothing can be changed; `warlog user add NAME` makes one", err=True)
    click.echo(f"warlog on http://{host}:{port}/ ({'read-only, ' if read_only else ''}Ctrl-C stops it)", err=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        store.close()


@click.group("user")
def user_group() -> None:
    """Users of the web interface (only they can review and edit)."""


@user_group.command("add")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="read the password from the first line of stdin")
@db_option
def user_add(name: str, password_stdin: bool, db: str | None) -> None:
    """Make a user; the password is asked for (or read from stdin) and stored as an argon2 hash."""
    from ..users import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    with open_db(db) as store:
        add_user(store, name, password)
    click.echo(f"user {name} added")


@user_group.command("list")
@format_option()
@db_option
def user_list(fmt: str, db: str | None) -> None:
    """Users, with when they were made and disabled."""
    from ..users import list_users

    with open_db(db) as store:
        rows = [u.to_dict() for u in list_users(store)]
    emit(rows, fmt, ["name", "created_at", "disabled_at"], sys.stdout)


@user_group.command("disable")
@click.argument("name")
@click.option("--enable", is_flag=True, help="enable the user again instead")
@db_option
def user_disable(name: str, enable: bool, db: str | None) -> None:
    """Stop a user from logging in and writing (their decisions stay)."""
    from ..users import disable_user

    with open_db(db) as store:
        disable_user(store, name, disabled=not enable)
    click.echo(f"user {name} {'enabled' if enable else 'disabled'}")


@click.group("review")
def review_group() -> None:
    """Analysts' decisions on events: confirm, edit, reject, merge, split, undo, history, queue."""


def _author() -> str:
    return Settings.from_env().user or os.environ.get("USER") or "analyst"


def _decided(ids: list[int]) -> None:
    click.echo(f"decision {ids[0]}" if len(ids) == 1 else f"decisions {', '.join(map(str, ids))} "
               f"(one per report of the canonical event)")


@review_group.command("queue")
@click.option("--limit", type=int, default=20, show_default=True)
@format_option()
@db_option
def review_queue(limit: int, fmt: str, db: str | None) -> None:
    """Unreviewed events, lowest extraction confidence first."""
    from ..query import event_to_dict
    from ..review import queue

    with open_db(db) as store:
        rows = [event_to_dict(e) for e in queue(store, limit=limit)]
    for r in rows:
        r["date"] = (r["date"] or {}).get("edtf")
        r["place"] = (r["location"] or {}).get("name")
    emit(rows, fmt, ["id", "type", "date", "place", "certainty", "confidence"], sys.stdout)


@review_group.command("confirm")
@click.argument("event_id")
@click.option("--note")
@db_option
def review_confirm(event_id: str, note: str | None, db: str | None) -> None:
    """Confirm an event: a report (e…) or every report of a canonical event (c…), as `warlog events`
    lists them (author: WARLOG_USER, else the login name)."""
    from ..review import decide

    with open_db(db) as store:
        _decided(decide(store, "confirm", event_id, author=_author(), note=note))


@review_group.command("reject")
@click.argument("event_id")
@click.option("--note")
@db_option
def review_reject(event_id: str, note: str | None, db: str | None) -> None:
    """Reject an event (a report, or every report of a canonical event): left out of lists and
    exports until undone."""
    from ..review import decide

    with open_db(db) as store:
        _decided(decide(store, "reject", event_id, author=_author(), note=note))


@review_group.command("edit")
@click.argument("event_id")
@click.argument("field")
@click.argument("value")
@click.option("--note")
@db_option
def review_edit(event_id: str, field: str, value: str, note: str | None, db: str | None) -> None:
    """Set one field of an event (a report, or every report of a canonical event): type, modes,
    context, date (EDTF), location (a place the gazetteer knows: "Kut", "Kut, Iraq", "Baqubah,
    Diyala"; or JSON with lat and lon), actors/recipients (names, ; between), fatalities, killed,
    wounded, detained, abducted, weapon, certainty, attributed_to, historical. An empty VALUE clears
    it."""
    from ..review import decide

    parsed: object = value
    if field == "location" and value.strip().startswith("{"):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as exc:
            raise click.BadParameter(f"not JSON ({exc}); give a place name, or "
                                     '{"name": "...", "lat": 33.1, "lon": 44.2}', param_hint="VALUE") from None
    with open_db(db) as store:
        _decided(decide(store, "edit", event_id, author=_author(), note=note, field=field, value=parsed))


@review_group.command("merge")
@click.argument("event_id")
@click.argument("other_id")
@click.option("--note")
@db_option
def review_merge(event_id: str, other_id: str, note: str | None, db: str | None) -> None:
    """Record that two events are one event reported twice."""
    from ..review import merge

    with open_db(db) as store:
        click.echo(f"decision {merge(store, event_id, other_id, author=_author(), note=note)}")


@review_group.command("split")
@click.argument("event_id")
@click.argument("other_id")
@click.option("--note")
@db_option
def review_split(event_id: str, other_id: str, note: str | None, db: str | None) -> None:
    """Record that two events are distinct."""
    from ..review import split

    with open_db(db) as store:
        click.echo(f"decision {split(store, event_id, other_id, author=_author(), note=note)}")


@review_group.command("undo")
@click.argument("decision_id", type=int)
@db_option
def review_undo(decision_id: int, db: str | None) -> None:
    """Undo an event decision (it stays in the history, marked undone)."""
    from ..review import undo

    with open_db(db) as store:
        undone = undo(store, decision_id)
    click.echo(f"undid {undone.kind} of {undone.event_id}")


@review_group.command("history")
@click.argument("event_id", required=False)
@format_option()
@db_option
def review_history(event_id: str | None, fmt: str, db: str | None) -> None:
    """Decisions on an event (or all), undone ones included."""
    from ..review import history

    with open_db(db) as store:
        rows = [d.to_dict() for d in history(store, event_id)]
    emit(rows, fmt, ["id", "kind", "event_id", "other_id", "field", "value", "author", "created_at", "undone_at",
                     "note"], sys.stdout)


COMMANDS = (serve_cmd, user_group, review_group)
