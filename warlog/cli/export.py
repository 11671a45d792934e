"""`warlog export`: the events `warlog events` would list, in a format other tools read
(`warlog.export`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..errors import ConfigError
from ..export import FORMATS, ExportResult, export
from ..query import EventQuery
from ..store import Store
from .common import db_option, event_filter_options, event_query, open_db


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), required=True,
              help="acled, gtd (CSV) · plover, ftm (JSON lines) · geojson · graphml, gexf (actor network) · parquet")
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE",
              help="file to write (- for standard output)")
@event_filter_options
@db_option
def export_cmd(fmt: str, output: str, types: tuple[str, ...], actor: str | None, place: str | None,
               since: str | None, until: str | None, doc_id: str | None, include_unreal: bool, mentions: bool,
               cluster_id: str | None, limit: int | None, db: str | None) -> None:
    """Export the events the filters select, as `warlog events` lists them (one canonical event per real
    event unless --mentions; analysts' decisions applied), for ACLED/GTD workflows, PLOVER tools, QGIS,
    Gephi, Aleph or pandas."""
    spec = FORMATS[fmt]
    query = event_query(types, actor, place, since, until, doc_id, limit, cluster_id)
    options = {"include_unreal": include_unreal, "mentions": mentions}
    with open_db(db) as store:
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


COMMANDS = (export_cmd,)
