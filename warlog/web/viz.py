"""The visual pages: a map of events, a timeline of events per week, and the actors' network. Each
answers HTML or JSON (`.json` suffix or `Accept: application/json`) from the library calls the CLI
uses: `store.event_clusters(EventQuery)` (canonical events) with the events page's filters,
`warlog.export.geojson.event_features`, `warlog.timeline.timeline`, `warlog.network.network` /
`expand` / `relations_between`.

The pages work offline: Leaflet and Cytoscape are served from `static/vendor/`, and the map's base
layer is the country outlines that the `countryinfo` package carries (`/basemap/countries.geojson`);
OpenStreetMap tiles are an optional layer for when the browser is online."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from ..errors import ConfigError
from ..model import Event
from ..network import expand, network, relations_between
from ..timeline import Timeline, timeline
from . import filters
from .render import page, wants_json
from .stores import desk_request, store_of

router = APIRouter(dependencies=[Depends(desk_request)])

#: Most events a map or a timeline reads (the page says when a filter would show more).
MAP_LIMIT = 5000
TIMELINE_LIMIT = 20000
#: Most edges a network page or one expansion draws (hubs have thousands of relations).
NETWORK_EDGES = 400
EXPAND_EDGES = 150
MAX_DEPTH = 3

#: Colour of each PLOVER type on the map and the timeline (violent types warm, cooperative cool).
TYPE_COLOURS = {
    "ASSAULT": "#d62728", "COERCE": "#ff7f0e", "THREATEN": "#bcbd22", "MOBILIZE": "#8c564b",
    "PROTEST": "#9467bd", "SANCTION": "#e377c2", "ACCUSE": "#7f7f7f", "REJECT": "#393b79",
    "REQUEST": "#17becf", "RETREAT": "#aec7e8", "AID": "#2ca02c", "COOPERATE": "#98df8a",
    "CONCEDE": "#c5b0d5", "SUPPORT": "#1f77b4", "CONSULT": "#9edae5", "AGREE": "#637939",
}
OTHER_COLOUR = "#555555"
#: Colour of each actor kind in the network.
KIND_COLOURS = {
    "person": "#1f77b4", "armed_group": "#d62728", "state_force": "#2ca02c", "international_force": "#17becf",
    "government": "#9467bd", "state": "#8c564b", "political_party": "#e377c2", "civilians": "#bcbd22",
    "other": "#7f7f7f",
}
#: How the map draws a location's precision (ACLED's codes; 4 is "country").
PRECISIONS = {
    1: ("the place itself", "filled"),
    2: ("near the place, or its district", "half-filled"),
    3: ("somewhere in the province", "hollow, dashed"),
    4: ("somewhere in the country", "hollow, dashed"),
}


def _events(request: Request, cap: int) -> tuple[list[Event], bool]:
    """The canonical events the filters select (the events page's, unpaged: one per real event, its id
    the canonical id), at most `cap`; and whether more matched."""
    q = filters.event_query(request, paged=False)
    found = [c.event for c in store_of(request).event_clusters(replace(q, limit=cap + 1))]
    return found[:cap], len(found) > cap


def _type_legend(counts: dict[str, int]) -> list[dict[str, Any]]:
    return [{"type": t, "colour": TYPE_COLOURS.get(t, OTHER_COLOUR), "count": n}
            for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _common(request: Request) -> dict[str, Any]:
    from ..review import CERTAINTIES
    from ..vocab import types

    return {"types": types(), "certainties": CERTAINTIES, "qs": filters.query_string(request)}


# -- map ------------------------------------------------------------------------------------------


@router.get("/map")
@router.get("/map.json", include_in_schema=False)
def map_page(request: Request) -> Response:
    """Located events matching the events filters. JSON: a GeoJSON FeatureCollection (coordinates
    lon, lat) of `warlog.export.geojson.event_features`, with `warlog` holding the counts."""
    from ..export.geojson import event_features
    from ..export.scope import ActorIndex

    events, truncated = _events(request, MAP_LIMIT)
    if wants_json(request):
        collection = event_features(events, ActorIndex.from_store(store_of(request)))
        located = len(collection["features"])
        meta = {**collection.get("warlog", {}), "events": len(events), "located": located,
                "unlocated": len(events) - located, "truncated": truncated, "limit": MAP_LIMIT,
                "filters": filters.filters_dict(request)}
        return JSONResponse({**collection, "warlog": meta}, media_type="application/geo+json")
    # the page itself only counts: its script fetches the features from /map.json
    located = sum(1 for e in events if e.location and e.location.lat is not None and e.location.lon is not None)
    summary = {"events": len(events), "located": located, "unlocated": len(events) - located,
               "truncated": truncated, "limit": MAP_LIMIT}
    counts: dict[str, int] = {}
    for e in events:
        counts[e.type] = counts.get(e.type, 0) + 1
    legend = [{**row, "href": "/map?" + filters.query_string(request, type=row["type"])}
              for row in _type_legend(counts)]
    data = {**summary, "filters": filters.filters_dict(request), "legend": legend,
            "precisions": [{"code": "country" if k == 4 else k, "label": v[0], "drawn": v[1]}
                           for k, v in PRECISIONS.items()]}
    return page(request, "viz/map.html", data, context={**_common(request), "palette": TYPE_COLOURS,
                                                         "other_colour": OTHER_COLOUR})


@router.get("/basemap/countries.geojson")
async def basemap() -> Response:
    """Country outlines for the map's offline base layer, from the `countryinfo` package."""
    return JSONResponse(country_outlines(), headers={"Cache-Control": "public, max-age=86400"},
                        media_type="application/geo+json")


@lru_cache(maxsize=1)
def country_outlines() -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the country outlines `countryinfo` carries (one feature per
    country that has one; small islands have none), coordinates rounded to 3 decimals (about 100 m,
    far finer than the outlines themselves)."""
    from countryinfo import CountryInfo

    features: list[dict[str, Any]] = []
    for record in CountryInfo.all().values():
        info: dict[str, Any] = dict(record)  # its TypedDict promises keys some records lack
        geo = info.get("geoJSON") or {}
        iso3 = (info.get("ISO") or {}).get("alpha3")
        for f in geo.get("features", []):
            geometry = f.get("geometry") or {}
            if geometry.get("type") not in ("Polygon", "MultiPolygon"):
                continue
            features.append({"type": "Feature", "id": iso3 or f.get("id"),
                             "properties": {"name": info.get("name"), "iso3": iso3},
                             "geometry": {"type": geometry["type"],
                                          "coordinates": _rounded(geometry["coordinates"])}})
    features.sort(key=lambda f: str(f["id"]))
    return {"type": "FeatureCollection", "features": features}


def _rounded(coords: Any) -> Any:
    if coords and isinstance(coords[0], int | float):
        return [round(float(c), 3) for c in coords]
    return [_rounded(c) for c in coords]


# -- timeline -------------------------------------------------------------------------------------


@router.get("/timeline")
@router.get("/timeline.json", include_in_schema=False)
def timeline_page(request: Request) -> Response:
    """Events per ISO week and PLOVER type (`warlog.timeline`), with the events filters. Events whose
    date covers more than a week (a month, a year, an open range) or none are counted apart, by type
    and date precision (`imprecise`), never spread over weeks."""
    events, truncated = _events(request, TIMELINE_LIMIT)
    tl = timeline(events)
    data = {**tl.to_dict(), "events": len(events), "truncated": truncated, "limit": TIMELINE_LIMIT,
            "filters": filters.filters_dict(request)}
    colours = {t: TYPE_COLOURS.get(t, OTHER_COLOUR) for t in tl.types}
    return page(request, "viz/timeline.html", data,
                context={**_common(request), "chart": chart(tl, colours, request), "colours": colours})


def chart(tl: Timeline, colours: dict[str, str], request: Request | None = None, *,
          height: int = 240) -> dict[str, Any]:
    """Geometry of the stacked-bar SVG: one bar per week (empty weeks included), one segment per type
    (most frequent type at the bottom), each linking to the events page for that week and type."""
    weeks = tl.week_range()
    if not weeks:
        return {"bars": [], "width": 0, "height": height, "ticks": [], "labels": []}
    order = {t: i for i, t in enumerate(tl.types)}
    per_week: dict[str, list[Any]] = {w: [] for w in weeks}
    for w in tl.weeks:
        per_week[w.week].append(w)
    top = max(sum(c.count for c in cells) for cells in per_week.values())
    step = _nice_step(top)
    ymax = max(step, math.ceil(top / step) * step)
    bar = max(3.0, min(24.0, 900.0 / len(weeks)))
    left, pad_top = 40, 10
    scale = height / ymax
    bars: list[dict[str, Any]] = []
    labels: list[dict[str, Any]] = []
    last_label_x = -1e9
    for i, week in enumerate(weeks):
        x = left + i * bar
        y = pad_top + height
        monday = date.fromisoformat(week)
        sunday = (monday + timedelta(days=6)).isoformat()
        for cell in sorted(per_week[week], key=lambda c: order[c.type]):
            h = cell.count * scale
            y -= h
            link = {"type": cell.type, "since": week, "until": sunday}
            href = "/events?" + (filters.query_string(request, **link) if request else urlencode(link))
            title = (f"week of {week}: {cell.count} {cell.type} event{'s' if cell.count != 1 else ''}"
                     f", {cell.fatalities} killed"
                     + (f" ({cell.reported} dated only by the report)" if cell.reported else ""))
            bars.append({"x": round(x, 2), "y": round(y, 2), "w": round(max(bar - 1, 1.5), 2), "h": round(h, 2),
                         "colour": colours.get(cell.type, OTHER_COLOUR), "title": title, "href": href,
                         "week": week, "type": cell.type, "count": cell.count})
        first_of_month = monday.day <= 7
        if (first_of_month or not labels) and x - last_label_x >= 60:
            labels.append({"x": round(x, 2), "text": monday.strftime("%b %Y") if monday.month == 1 or not labels
                           else monday.strftime("%b")})
            last_label_x = x
    ticks = [{"y": round(pad_top + height - v * scale, 2), "value": v} for v in range(0, ymax + 1, step)]
    return {"bars": bars, "width": round(max(left + len(weeks) * bar + 10, 320), 2), "height": height + pad_top + 30,
            "plot_bottom": pad_top + height, "left": left, "ticks": ticks, "labels": labels}


def _nice_step(top: int) -> int:
    """A round step for about four grid lines up to `top`."""
    raw = max(top / 4, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    return int(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw))


# -- network --------------------------------------------------------------------------------------


@router.get("/network")
@router.get("/network.json", include_in_schema=False)
def network_page(request: Request, actor: str | None = None,
                       depth: int = Query(1, ge=1, le=MAX_DEPTH)) -> Response:
    """The relations around an actor (`?actor=ID or name&depth=N`, depth 1–3), merges applied, at most
    400 edges (`truncated` says when more exist). Without an actor: the most mentioned actors to start
    from."""
    store = store_of(request)
    actor = (actor or "").strip() or None
    kinds = {"kinds": KIND_COLOURS}
    if actor is None:
        top = [a.to_dict() for a in store.actors(limit=30)]
        data = {"centre": None, "nodes": [], "edges": [], "depth": depth, "actors": top}
        return page(request, "viz/network.html", data, context={**kinds, "src": None, "actor": ""})
    graph = network(store, actor, depth, max_edges=NETWORK_EDGES)
    data = {**graph.to_dict(), "depth": depth, "truncated": graph.truncated}
    src = "/network.json?" + urlencode({"actor": graph.centre, "depth": depth})
    names = {k: str(v.get("name") or k) for k, v in graph.nodes.items()}
    return page(request, "viz/network.html", data,
                context={**kinds, "src": src, "actor": actor, "names": names,
                         "centre_name": names.get(graph.centre, graph.centre)})


@router.get("/network/expand/{node_id:path}.json")
def network_expand(request: Request, node_id: str) -> Response:
    """One node's relations (nodes and edges to add to a graph), at most 150 edges. The node is an
    actor id, or `name:NAME` for a name no actor record holds."""
    graph = expand(store_of(request), node_id, max_edges=EXPAND_EDGES)
    return JSONResponse({**graph.to_dict(), "truncated": graph.truncated})


@router.get("/network/edge")
@router.get("/network/edge.json", include_in_schema=False)
def network_edge(request: Request, a: str, b: str) -> Response:
    """The evidence behind an edge: every stored relation between nodes `a` and `b`, either way round,
    each with its quote and document."""
    if not a.strip() or not b.strip():
        raise ConfigError("give both ends of the edge: /network/edge?a=ID&b=ID")
    store = store_of(request)
    rels = relations_between(store, a, b)
    data = {"a": a, "b": b, "relations": [r.to_dict() for r in rels]}
    known = {i.actor_id: i.name for i in store.actors(ids=[x for x in (a, b) if not x.startswith("name:")])}

    def name(x: str) -> str:
        return x[len("name:"):] if x.startswith("name:") else known.get(x, x)

    return page(request, "viz/edge.html", data, context={"a_name": name(a), "b_name": name(b)})
