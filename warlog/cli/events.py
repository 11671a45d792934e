"""`warlog` commands that list what extraction found: events, relations, places, dates."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..model import UNREAL
from ..query import EventQuery, codebook_label, event_to_dict
from ..store import Store
from .common import db_option, event_filter_options, event_query, format_option, open_db
from .output import emit

CODEBOOKS = ("plover", "acled", "gtd", "cameo")


@click.command("events")
@event_filter_options
@click.option("--codebook", type=click.Choice(CODEBOOKS), default="plover",
              show_default=True, help="category column in table and csv output")
@format_option()
@db_option
def events_cmd(types: tuple[str, ...], actor: str | None, place: str | None, since: str | None,
               until: str | None, doc_id: str | None, codebook: str, include_unreal: bool, mentions: bool,
               cluster_id: str | None, limit: int | None, fmt: str, db: str | None) -> None:
    """Events, with their sources (JSON fields: README). By default one canonical event per real event,
    merged from every document that reports it (sources, count ranges, members with merge reasons)."""
    query = event_query(types, actor, place, since, until, doc_id, limit, cluster_id)
    with open_db(db) as store:
        print_events(store, query, codebook=codebook, include_unreal=include_unreal,
                     mentions=bool(mentions or cluster_id), fmt=fmt)


def print_events(store: Store, query: EventQuery, *, codebook: str = "plover", include_unreal: bool = False,
                 mentions: bool = False, fmt: str = "table") -> None:
    """The events `query` selects, as `warlog events` prints them: each document's report on its own
    (`mentions`) or one canonical event per real event."""
    if mentions:
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
    if not mentions:
        columns.insert(-2, "sources")
    emit(rows, fmt, columns, sys.stdout, widths={"quote": 60, "actors_": 24, "recipients_": 24})


def _range(row: dict[str, Any], kind: str) -> str | None:
    """A canonical event's count as a range when its reports differ ("3–5"), for tables."""
    found = row["ranges"].get(kind) if row["fatalities"] is not None else None
    if not found:
        return None if row["fatalities"] is None else str(row["fatalities"])
    return str(found["low"]) if found["low"] == found["high"] else f"{found['low']}–{found['high']}"


@click.command("relations")
@click.option("--doc", "doc_id", help="only relations stated in this document")
@click.option("--actor", help="actor id or name (part of it)")
@click.option("--limit", type=int, default=None)
@format_option()
@db_option
def relations_cmd(doc_id: str | None, actor: str | None, limit: int | None, fmt: str, db: str | None) -> None:
    """Relations between actors (leader_of, member_of, backed_by, …) with their evidence."""
    with open_db(db) as store:
        print_relations(store, doc_id=doc_id, actor=actor, limit=limit, fmt=fmt)


def print_relations(store: Store, *, doc_id: str | None = None, actor: str | None = None,
                    limit: int | None = None, fmt: str = "table") -> None:
    """Relations as `warlog relations` prints them."""
    rows = [r.to_dict() for r in store.relations(doc_id=doc_id, actor=actor, limit=limit)]
    if fmt not in ("json", "jsonl"):
        rows = [{**r, "subject_": r["subject"]["name"], "object_": r["object"]["name"],
                 "quote": r["evidence"][0]["quote"]} for r in rows]
    emit(rows, fmt, ["subject_", "relation", "object_", "former", "certainty", "quote"], sys.stdout,
         widths={"quote": 70})


@click.command("places")
@click.option("--doc", "doc_id", help="only this document (an id prefix is enough)")
@click.option("--unresolved", is_flag=True, help="also names that no gazetteer place fitted")
@click.option("--limit", type=int, default=None)
@format_option()
@db_option
def places_cmd(doc_id: str | None, unresolved: bool, limit: int | None, fmt: str, db: str | None) -> None:
    """Place names found in documents and where they were resolved (ACLED precision 1 town, 2 near
    a town or district, 3 province, country)."""
    with open_db(db) as store:
        found = store.place_mentions(doc_id, limit=limit)
    rows = [{"doc_id": d, **m.to_dict()} for d, m in found if unresolved or m.location.place_id]
    if fmt not in ("json", "jsonl"):
        rows = [{**r, **{k: r["location"][k] for k in ("name", "lat", "lon", "admin1", "country",
                                                         "precision", "relation", "place_id")}}
                for r in rows]
    emit(rows, fmt, ["doc_id", "text", "name", "admin1", "country", "precision", "relation", "lat", "lon",
                     "place_id", "sentence", "start", "end", "reason"], sys.stdout,
         widths={"reason": 40})


@click.command("dates")
@click.option("--doc", "doc_id", help="only this document (an id prefix is enough)")
@click.option("--limit", type=int, default=None)
@format_option()
@db_option
def dates_cmd(doc_id: str | None, limit: int | None, fmt: str, db: str | None) -> None:
    """Date expressions found in documents and their EDTF values."""
    with open_db(db) as store:
        found = store.date_mentions(doc_id, limit=limit)
    rows = [{"doc_id": d, **m.to_dict()} for d, m in found]
    if fmt not in ("json", "jsonl"):
        rows = [{**r, **{k: (r["date"] or {}).get(k) for k in ("edtf", "start", "end", "precision")}}
                for r in rows]
    emit(rows, fmt, ["doc_id", "text", "edtf", "precision", "start", "end", "sentence"], sys.stdout)


COMMANDS = (events_cmd, relations_cmd, places_cmd, dates_cmd)
