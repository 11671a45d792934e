"""Gazetteer index: build time and size, and look-up latency once it is open.

    .venv/bin/python benchmarks/gazetteer.py [--rebuild] [--json]

Look-ups are timed over the distinct toponym strings of ../shared/data/geoparsing/lgl.xml when it is
there (else a built-in list of place names), first (cold: the name's keys not yet cached) and again.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from warlog.geo import Gazetteer, build_index

LGL = Path(__file__).resolve().parents[2] / "shared" / "data" / "geoparsing" / "lgl.xml"
FALLBACK = ["Baghdad", "Karbala", "Musayyib", "Al Kut", "Numaniyah", "Wasit province", "Dhi Qhar", "Kabala",
            "Mosul", "Kandahar", "Mogadishu", "Goma", "Kharkiv", "Paris", "Springfield", "Georgia",
            "Alexandria", "Tal Afar", "Sinjar", "Idlib", "Gaza", "Khartoum", "Timbuktu", "Donetsk"]


def names() -> list[str]:
    if not LGL.exists():
        return FALLBACK
    found = {el.text.strip() for el in ET.parse(LGL).iter("name") if el.text and el.text.strip()}
    return sorted(found)


def timed(gaz: Gazetteer, items: list[str]) -> list[float]:
    out = []
    for name in items:
        t = time.perf_counter()
        gaz.matches(name)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rebuild", action="store_true", help="also time a build into a temporary file")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result: dict[str, object] = {}
    if args.rebuild:
        with tempfile.TemporaryDirectory() as tmp:
            report = build_index(Path(tmp) / "gazetteer.sqlite")
            result |= {"build_seconds": round(report.seconds, 1),
                       "index_mb": round(report.size_bytes / 1e6, 1),
                       "places": report.places, "names": report.names}
    t = time.perf_counter()
    gaz = Gazetteer.open()
    result["open_ms"] = round((time.perf_counter() - t) * 1000, 2)
    items = names()
    cold, warm = timed(gaz, items), timed(gaz, items)
    result |= {"lookups": len(items),
               "cold_median_ms": round(statistics.median(cold), 4),
               "cold_p95_ms": round(statistics.quantiles(cold, n=20)[-1], 4),
               "warm_median_ms": round(statistics.median(warm), 4)}
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:>16}  {v}")


if __name__ == "__main__":
    main()
