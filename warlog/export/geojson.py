"""Events as a GeoJSON FeatureCollection (RFC 7946: WGS 84, coordinates [longitude, latitude]): one
Point per event that has coordinates, with flat properties (strings, numbers, booleans) so that QGIS
and other GIS tools show every one as a column. Events without coordinates are left out and counted
(`warlog.left_out_without_coordinates`). `event_features` builds the whole collection (the web map);
`write_geojson` streams it feature by feature."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO

from ..model import Event
from .scope import ActorIndex, Scope, codebooks, doc_ids, quotes


def event_feature(e: Event, actors: ActorIndex | None = None, *, scope: Scope | None = None) -> dict[str, Any] | None:
    """The event as a GeoJSON Feature, or None when it has no coordinates. Actor names are the
    canonical ones when `actors` (an `ActorIndex`) is given; `scope` adds the documents' sources."""
    loc = e.location
    if loc is None or loc.lat is None or loc.lon is None:
        return None
    index = actors or (scope.actors if scope else ActorIndex({}, {}))
    acting, suffering = index.refs(e.actors), index.refs(e.recipients)
    cb, d, said = codebooks(e), e.date, quotes(e)
    docs = scope.sources(e) if scope else []
    props: dict[str, Any] = {
        "id": e.event_id, "type": e.type, "modes": ", ".join(e.modes), "context": ", ".join(e.context),
        "acled_event_type": cb.acled_event_type, "acled_sub_event_type": cb.acled_sub_event_type,
        "gtd_attack_type": cb.gtd_attack_type, "cameo_root": cb.cameo_root,
        "actors": "; ".join(r.name for r in acting), "actor_ids": "; ".join(r.actor_id or "" for r in acting),
        "recipients": "; ".join(r.name for r in suffering),
        "recipient_ids": "; ".join(r.actor_id or "" for r in suffering),
        "place": loc.name or loc.raw, "place_id": loc.place_id, "geonames_id": loc.geonames_id,
        "admin1": loc.admin1, "country": loc.country, "geo_precision": loc.precision,
        "location_relation": loc.relation,
        "date": d.edtf if d else None, "date_start": d.start if d else None, "date_end": d.end if d else None,
        "date_precision": d.precision if d else None,
        "fatalities": e.fatalities, **{k: e.counts.get(k) for k in ("killed", "wounded", "detained", "abducted")},
        "weapon": e.weapon, "certainty": e.certainty, "attributed_to": e.attributed_to, "historical": e.historical,
        "confidence": e.confidence, "quote": said[0] if said else None, "quotes": len(said),
        "doc_ids": "; ".join(doc_ids(e)),
        "sources": "; ".join(dict.fromkeys(doc.source for doc in docs if doc.source)) or None,
        "urls": "; ".join(dict.fromkeys(doc.url for doc in docs if doc.url)) or None,
    }
    return {"type": "Feature", "id": e.event_id,
            "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]}, "properties": props}


def event_features(events: Iterable[Event], actors: ActorIndex | None = None) -> dict[str, Any]:
    """A FeatureCollection of the located events (the web map's layer)."""
    features, left_out = [], 0
    for e in events:
        f = event_feature(e, actors)
        if f is None:
            left_out += 1
        else:
            features.append(f)
    return {"type": "FeatureCollection", "features": features,
            "warlog": {"left_out_without_coordinates": left_out}}


def write_geojson(scope: Scope, out: BinaryIO) -> tuple[int, int]:
    """Stream the collection; returns (features written, events left out for want of coordinates)."""
    out.write(b'{"type": "FeatureCollection", "features": [\n')
    n = left_out = 0
    for e in scope.events:
        f = event_feature(e, scope=scope)
        if f is None:
            left_out += 1
            continue
        out.write((",\n" if n else "").encode() + json.dumps(f, ensure_ascii=False).encode("utf-8"))
        n += 1
    out.write(f'\n], "warlog": {{"left_out_without_coordinates": {left_out}}}}}\n'.encode())
    return n, left_out
