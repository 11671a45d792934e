"""Events as an Apache Parquet table with typed columns (pyarrow): dates as `date32`, coordinates as
`float64`, counts as `int32`, flags as `bool`, lists (modes, documents, quotes) as lists and the actors,
recipients and evidence as lists of structs, so pandas, polars, R's arrow and DuckDB read them without
parsing. Written in row groups of `BATCH` events as they are read; the export's query and warlog's
version are in the file's metadata (`warlog.query`, `warlog.version`)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any, BinaryIO

from .. import __version__
from ..model import Event
from .scope import ActorRef, Scope, codebooks, doc_ids, quotes

if TYPE_CHECKING:
    import pyarrow as pa  # type: ignore[import-untyped]

BATCH = 5000


def schema() -> pa.Schema:
    import pyarrow as pa

    actor = pa.struct([("id", pa.string()), ("name", pa.string()), ("kind", pa.string()),
                       ("country", pa.string())])
    evidence = pa.struct([("doc_id", pa.string()), ("segment", pa.int32()), ("sentence", pa.int32()),
                          ("start", pa.int32()), ("end", pa.int32()), ("quote", pa.string())])
    s, i32, f64 = pa.string(), pa.int32(), pa.float64()
    return pa.schema([
        ("id", s), ("type", s), ("modes", pa.list_(s)), ("context", pa.list_(s)),
        ("acled_event_type", s), ("acled_sub_event_type", s), ("gtd_attack_type", s), ("cameo_root", s),
        ("actors", pa.list_(actor)), ("recipients", pa.list_(actor)),
        ("place", s), ("place_id", s), ("geonames_id", pa.int64()), ("latitude", f64), ("longitude", f64),
        ("admin1", s), ("country", s), ("geo_precision", pa.int8()), ("location_relation", s),
        ("date_edtf", s), ("date_start", pa.date32()), ("date_end", pa.date32()), ("date_precision", s),
        ("fatalities", i32), ("killed", i32), ("wounded", i32), ("detained", i32), ("abducted", i32),
        ("weapon", s), ("certainty", s), ("attributed_to", s), ("historical", pa.bool_()),
        ("confidence", f64), ("doc_ids", pa.list_(s)), ("sources", pa.list_(s)), ("urls", pa.list_(s)),
        ("quotes", pa.list_(s)), ("evidence", pa.list_(evidence)), ("extractor", s),
    ])


def _actor(r: ActorRef) -> dict[str, Any]:
    return {"id": r.actor_id, "name": r.name, "kind": r.kind, "country": r.country}


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def parquet_row(scope: Scope, e: Event) -> dict[str, Any]:
    cb, loc, d = codebooks(e), e.location, e.date
    docs = scope.sources(e)
    return {
        "id": e.event_id, "type": e.type, "modes": list(e.modes), "context": list(e.context),
        "acled_event_type": cb.acled_event_type, "acled_sub_event_type": cb.acled_sub_event_type,
        "gtd_attack_type": cb.gtd_attack_type, "cameo_root": cb.cameo_root,
        "actors": [_actor(r) for r in scope.actors.refs(e.actors)],
        "recipients": [_actor(r) for r in scope.actors.refs(e.recipients)],
        "place": (loc.name or loc.raw) if loc else None, "place_id": loc.place_id if loc else None,
        "geonames_id": loc.geonames_id if loc else None, "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None, "admin1": loc.admin1 if loc else None,
        "country": loc.country if loc else None, "geo_precision": loc.precision if loc else None,
        "location_relation": loc.relation if loc else None,
        "date_edtf": d.edtf if d else None, "date_start": _day(d.start) if d else None,
        "date_end": _day(d.end) if d else None, "date_precision": d.precision if d else None,
        "fatalities": e.fatalities, **{k: e.counts.get(k) for k in ("killed", "wounded", "detained", "abducted")},
        "weapon": e.weapon, "certainty": e.certainty, "attributed_to": e.attributed_to, "historical": e.historical,
        "confidence": e.confidence, "doc_ids": doc_ids(e),
        "sources": list(dict.fromkeys(doc.source for doc in docs if doc.source)),
        "urls": list(dict.fromkeys(doc.url for doc in docs if doc.url)),
        "quotes": quotes(e), "evidence": [v.to_dict() for v in e.evidence], "extractor": e.extractor,
    }


def write_parquet(scope: Scope, out: BinaryIO) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    query = {k: v for k, v in asdict(scope.query).items() if v not in (None, (), 0)}
    meta = {"warlog.version": __version__,
            "warlog.query": json.dumps({**query, "include_unreal": scope.include_unreal,
                                        "mentions": scope.mentions}, default=list)}
    table_schema = schema().with_metadata(meta)
    n = 0
    with pq.ParquetWriter(out, table_schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for e in scope.events:
            batch.append(parquet_row(scope, e))
            if len(batch) >= BATCH:
                writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=table_schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=table_schema))
            n += len(batch)
    return n
