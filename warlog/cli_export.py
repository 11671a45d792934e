"""`warlog export`: the events `warlog events` would list, in a format other tools read
(`warlog.export`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .cli import _iso, _store, cli, db_option
from .errors import ConfigError
from .export import FORMATS, ExportResult, export
from .query import EventQuery
from .store import Store


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), required=True,
              help="acled, gtd (CSV) · plover, ftm (JSON lines) · geojson · graphml, gexf (actor network) · parquet")
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE",
              help="file to write (- for standard output)")
@click.option("--type", "types", multiple=True, help="PLOVER type (repeatable), e.g. ASSAULT, COERCE")
@click.option("--actor", help="actor id or name (part of it)")
@click.option("--place", help="place name, province or ISO3 country")
@click.option("--since", help="only events reaching into or after this ISO date")
@click.option("--until", help="only events starting on or before this ISO date")
@click.option("--doc", "doc_id", help="only events of this document")
@click.option("--include-unreal", is_flag=True,
              help="also events the text presents as hypothetical or negated (stored, hidden by default)")
@click.option("--mentions", is_flag=True,
              help="each document's report of an event on its own, instead of one canonical event per real event")
@click.option("--cluster", "cluster_id", help="only the reports merged into this canonical event (implies --mentions)")
@click.option("--limit", type=int, default=None)
@db_option
def export_cmd(fmt: str, output: str, types: tuple[str, ...], actor: str | None, place: str | None,
               since: str | None, until: str | None, doc_id: str | None, include_unreal: bool, mentions: bool,
               cluster_id: str | None, limit: int | None, db: str | None) -> None:
    """Export the events the filters select, as `warlog events` lists them (one canonical event per real
    event unless --mentions; analysts' decisions applied), for ACLED/GTD workflows, PLOVER tools, QGIS,
    Gephi, Aleph or pandas."""
    spec = FORMATS[fmt]
    query = EventQuery(types=types, actor=actor, place=place, since=_iso(since, "--since"),
                       until=_iso(until, "--until"), doc_id=doc_id, limit=limit, cluster_id=cluster_id)
    options = {"include_unreal": include_unreal, "mentions": mentions}
    with _store(db) as store:
        if output == "-":
            if spec.binary and sys.stdout.isatty():
                raise ConfigError(f"{fmt} is a binary format: give -o FILE, or redirect standard output to a file")
            result = export(store, fmt, sys.stdout.buffer, query, **options)
        else:
            result = _to_file(store, fmt, Path(output), query, options)
    click.echo(_summary(result, output), err=True)


def _to_file(store: Store, fmt: str, path: Path, query: EventQuery, options: dict[str, bool]) -> ExportResult:
    """Write beside the target and move it into place, so a failed export leaves no half file."""
    partial = path.with_name(path.name + ".partial")
    try:
        with open(partial, "wb") as out:
            result = export(store, fmt, out, query, **options)
        os.replace(partial, path)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}; give another -o FILE") from None
    finally:
        partial.unlink(missing_ok=True)
    return result


def _summary(r: ExportResult, output: str) -> str:
    line = f"{r.written} {r.unit} written to {'standard output' if output == '-' else output} ({r.format})"
    if r.format in ("graphml", "gexf"):
        line += f": {r.nodes} actors, from {r.events} events and the relations in scope"
    elif r.unit != "events":
        line += f" from {r.events} events"
    if r.left_out:
        why = "no coordinates" if r.format == "geojson" else "no GTD attack type"
        line += f"; {r.left_out} events left out ({why})"
    return line
