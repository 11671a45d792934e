"""The real gazetteer (built from the installed packages on first use, about half a minute) resolves
the gold places of the seed page within their tolerances."""

from __future__ import annotations

import json
import re

import pytest

from warlog.geo.gazetteer import Gazetteer, distance_km
from warlog.geo.resolve import Resolution, ToponymMention, resolve_toponyms

from .conftest import shared_path


@pytest.mark.integration
def test_seed_gold_places_resolve_within_tolerance() -> None:
    gold = json.loads(shared_path("gold", "seed.json").read_text(encoding="utf-8"))
    text = shared_path("seed", "000_1883449a268877a5.txt").read_text(encoding="utf-8")
    places = gold["places"]
    # every occurrence of every gold place name (and the page's demonyms) is a mention
    names = {p["name"] for p in places} | {"Iraqi", "Iranian"}
    mentions = sorted(
        (
            ToponymMention(n, m.start(), m.end(), text)
            for n in names
            for m in re.finditer(rf"(?<!\w){re.escape(n)}(?!\w)", text)
        ),
        key=lambda m: m.start,
    )
    with Gazetteer.open() as gaz:
        results = resolve_toponyms(mentions, gaz)
    first: dict[str, Resolution] = {}
    for r in results:
        first.setdefault(r.mention.text, r)
    misses = []
    for p in places:
        r = first[p["name"]]
        km = (
            distance_km(p["lat"], p["lon"], r.lat, r.lon)
            if r.place and r.lat is not None and r.lon is not None
            else None
        )
        if km is None or km > p["tolerance_km"]:
            misses.append((p["name"], r.place.name if r.place else None, km))
    assert misses == []
    by_gid = {r.geonames_id for r in results}
    for event in gold.get("events", []):
        loc = event.get("location") or {}
        if loc.get("geonames"):
            assert loc["geonames"] in by_gid
