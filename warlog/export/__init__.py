"""Exports of the events a query selects, in the formats other tools read: ACLED- and GTD-style CSV,
PLOVER JSON lines, GeoJSON (QGIS), GraphML and GEXF (Gephi), FollowTheMoney JSON lines (Aleph,
OpenSanctions) and Parquet. One library call serves the CLI (`warlog export`) and the web interface:

    from warlog.export import FORMATS, write_export
    with open("events.csv", "wb") as out:
        n = write_export(store, "acled", out, EventQuery(types=("ASSAULT",)))

Every export selects events as `warlog events` does: canonical events (`store.event_clusters`: one per
real event, merged from every document that reports it) or, with `mentions=True`, each document's
report (`store.events`), the store applying the analysts' event decisions either way; it leaves out
events the text presents as hypothetical or negated unless `include_unreal`, names actors under the
canonical id and name the analysts' merges give them, and writes row by row as it goes (the graph
formats, which are one XML document, excepted).

Modules: `scope` (what an export holds), `tables` (ACLED, GTD), `plover`, `geojson`, `graph` (GraphML,
GEXF through `warlog.network`), `ftm`, `parquet`, `countries` (codes, names, regions)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from ..errors import ConfigError
from ..model import UNREAL
from ..query import EventQuery
from ..store import Store
from .scope import Scope


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    media_type: str
    extension: str
    description: str
    binary: bool = False  # not text: refuse to write it to a terminal
    unit: str = "events"  # what `written` counts


FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("acled", "text/csv", "csv", "ACLED-style CSV: ACLED's columns, one row per event"),
    ExportFormat("gtd", "text/csv", "csv",
                 "GTD-style CSV: Global Terrorism Database columns, only events with a GTD attack type"),
    ExportFormat("plover", "application/x-ndjson", "jsonl",
                 "PLOVER event records as JSON lines (actors, recipients, location, counts, evidence)"),
    ExportFormat("geojson", "application/geo+json", "geojson",
                 "GeoJSON FeatureCollection (QGIS): one point per located event, flat properties"),
    ExportFormat("graphml", "application/graphml+xml", "graphml",
                 "actor network as GraphML (Gephi, networkx): relations and event interactions", unit="edges"),
    ExportFormat("gexf", "application/gexf+xml", "gexf",
                 "actor network as GEXF (Gephi): relations and event interactions", unit="edges"),
    ExportFormat("ftm", "application/x-ndjson", "ftm.json",
                 "FollowTheMoney entities as JSON lines (Aleph, OpenSanctions): actors, events, relations, "
                 "articles", unit="entities"),
    ExportFormat("parquet", "application/vnd.apache.parquet", "parquet",
                 "Apache Parquet table of events with typed columns (pandas, DuckDB, R)", binary=True),
)}


@dataclass(frozen=True, slots=True)
class ExportResult:
    """`written`: records written (in `unit`s of the format); `events`: events selected by the query;
    `left_out`: events the format cannot hold (GeoJSON: no coordinates; GTD: no GTD attack type);
    `nodes`: actors in a graph export."""

    format: str
    written: int
    unit: str
    events: int
    left_out: int = 0
    nodes: int = 0


def export(store: Store, fmt: str, out: BinaryIO, query: EventQuery | None = None, *,
           include_unreal: bool = False, mentions: bool = False) -> ExportResult:
    """Write the events `query` selects to `out` (a binary stream) in format `fmt`: canonical events
    (one per real event, from every document that reports it), or each document's report with
    `mentions` (or a `query.cluster_id`)."""
    spec = FORMATS.get(fmt)
    if spec is None:
        raise ConfigError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    scope = Scope(store, query, include_unreal=include_unreal, mentions=mentions)
    n_events = len(scope.events)
    left_out = nodes = 0
    if fmt == "acled":
        from .tables import write_acled

        written = write_acled(scope, out)
    elif fmt == "gtd":
        from .tables import write_gtd

        written, left_out = write_gtd(scope, out)
    elif fmt == "plover":
        from .plover import write_plover

        written = write_plover(scope, out)
    elif fmt == "geojson":
        from .geojson import write_geojson

        written, left_out = write_geojson(scope, out)
    elif fmt in ("graphml", "gexf"):
        from .graph import write_graph

        written, nodes = write_graph(scope, out, fmt)
    elif fmt == "ftm":
        from .ftm import write_ftm

        written, _ = write_ftm(scope, out)
    else:
        from .parquet import write_parquet

        written = write_parquet(scope, out)
    out.flush()
    return ExportResult(fmt, written, spec.unit, n_events, left_out, nodes)


def write_export(store: Store, fmt: str, out: BinaryIO, query: EventQuery | None = None, *,
                 include_unreal: bool = False, mentions: bool = False) -> int:
    """Write the events `query` selects to `out` in format `fmt` (a key of `FORMATS`); returns the
    number of records written (events; graph edges; FollowTheMoney entities). Options as `export`."""
    return export(store, fmt, out, query, include_unreal=include_unreal, mentions=mentions).written


__all__ = ["FORMATS", "UNREAL", "ExportFormat", "ExportResult", "export", "write_export"]
