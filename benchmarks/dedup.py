"""What cross-document merging (issue 8) costs at ingest: the same documents, with what extraction found
in them, written into a fresh database file with dedup off and on; per-document write time, and the
whole ingest's ratio once the analysis time (spaCy and extraction) is added.

    python benchmarks/dedup.py --docs 1000 [--repeats 3] [--real 200] [--pipeline-ms 150] [--json]

Synthetic documents (default): a conflict feed in which every real event is reported by several
outlets (one to six reports, some on the next days), with the differences real reports have: a day,
a week or only the report's own date; the town, the province or no place; counts that disagree; one
document in twenty a repost of an earlier one. Each document is ~300 words and tells one to three
events; the events fall in 365 days over 60 towns in 6 countries, so that a look-up finds real
candidates. `--real N` also analyses N real articles (../shared/data, else generated; `warlog.bench`)
with spaCy once, times that, and writes them both ways: the measured ratio of the whole ingest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from warlog.dates.value import DateValue
from warlog.model import (
    ActorKind,
    ActorMention,
    Analysis,
    Document,
    Event,
    Evidence,
    Location,
    Media,
    PlaceMention,
    Segment,
    SegmentKind,
    Span,
)
from warlog.store import open_store

COUNTRIES = {"IRQ": (33.3, 44.4), "SYR": (35.0, 38.5), "AFG": (34.5, 69.2), "SOM": (2.0, 45.3),
             "NGA": (11.8, 13.1), "YEM": (15.4, 44.2)}
TYPES = [("ASSAULT", 0.6), ("COERCE", 0.2), ("PROTEST", 0.1), ("MOBILIZE", 0.05), ("THREATEN", 0.05)]
SITES = ["market", "checkpoint", "mosque", "school", "convoy", "house", "hotel", "hospital", "bridge", "base"]
VERBS = {"ASSAULT": ["attacked", "struck", "bombed", "stormed", "shelled"], "COERCE": ["arrested", "detained"],
         "PROTEST": ["marched on", "rallied at"], "MOBILIZE": ["deployed to"], "THREATEN": ["threatened"]}
FILLER = ["officials", "residents", "said", "the", "the", "of", "in", "a", "and", "later", "witnesses",
          "reported", "province", "city", "town", "area", "security", "forces", "government", "ministry",
          "statement", "local", "sources", "according", "people", "government", "fighting", "week", "after",
          "before", "during", "while", "rebels", "army", "police", "civilians", "nearby", "district", "region",
          "capital"]


@dataclass(frozen=True)
class Real:
    """A real event that several reports tell."""

    type: str
    day: date
    town: tuple[str, str, str, float, float]  # name, province, country, lat, lon
    actor: str
    site: str
    killed: int


def _towns(rng: random.Random) -> list[tuple[str, str, str, float, float]]:
    out = []
    for country, (lat, lon) in COUNTRIES.items():
        for i in range(10):
            out.append((f"{country.title()}town{i}", f"{country}-province{i % 3}", country,
                        lat + rng.uniform(-2, 2), lon + rng.uniform(-2, 2)))
    return out


def _document(i: int, published: date, reals: Sequence[Real], rng: random.Random, *, text: str | None = None,
              repost_of: Document | None = None) -> tuple[Document, list[tuple[int, int, Real]]]:
    """A ~300-word report of these events (or a repost of another document's text)."""
    sentences = []
    for r in reals:
        verb = rng.choice(VERBS[r.type])
        sentences.append(f"Gunmen of group {r.actor} {verb} a {r.site} in {r.town[0]}, killing {r.killed} people, "
                         f"officials said.")
    if text is None:
        filler = " ".join(rng.choice(FILLER) for _ in range(260)).capitalize() + "."
        text = f"Report {i}\n\n" + "\n\n".join(sentences) + "\n\n" + filler
    elif repost_of is not None:
        text = "Home | World | Sport\n\n" + text + "\n\nShare this article"
    segments, at = [], 0
    for j, part in enumerate(text.split("\n\n")):
        start = text.index(part, at)
        segments.append(Segment(SegmentKind.HEADLINE if j == 0 else SegmentKind.BODY, start, start + len(part), part))
        at = start + len(part)
    url = f"https://outlet{i % 40}.example/{i}"
    doc = Document(doc_id="d" + hashlib.sha256(url.encode()).hexdigest()[:16], text=text, segments=tuple(segments),
                   media=Media.TEXT, origin=url, content_hash=str(i), input_hash=str(i), url=url,
                   published=published.isoformat(), source=f"outlet{i % 40}")
    spans = []
    for r, s in zip(reals, sentences, strict=True):
        start = text.index(s)
        spans.append((start, start + len(s), r))
    return doc, spans


def _event(doc: Document, start: int, end: int, r: Real, published: date, rng: random.Random) -> Event:
    """One report of a real event, with the usual differences between reports."""
    roll = rng.random()
    if roll < 0.7:
        d = DateValue(r.day.isoformat(), r.day.isoformat(), r.day.isoformat(), "day", "Monday")
    elif roll < 0.85:
        d = DateValue(published.isoformat(), published.isoformat(), published.isoformat(), "reported", "")
    elif roll < 0.95:
        lo = r.day - timedelta(days=r.day.weekday())
        d = DateValue(f"{lo}/{lo + timedelta(days=6)}", lo.isoformat(), (lo + timedelta(days=6)).isoformat(), "range",
                      "last week")
    else:
        first = r.day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        d = DateValue(first.isoformat()[:7], first.isoformat(), last.isoformat(), "month", "this month")
    name, province, country, lat, lon = r.town
    roll = rng.random()
    loc = (Location(raw=name, name=name, place_id=f"p:{name}", lat=lat, lon=lon, admin1=province, country=country,
                    precision=1) if roll < 0.7 else
           Location(raw=province, name=province, place_id=f"p:{province}", lat=lat + 0.3, lon=lon - 0.3,
                    admin1=province, country=country, precision=3) if roll < 0.85 else None)
    killed = max(0, round(r.killed * rng.uniform(0.7, 1.4)))
    quote = doc.text[start:end]
    actor = ActorMention(Span(1, 1, start, start + 10, quote[:10]), f"armed_group:{country.lower()}:{r.actor}",
                         f"group {r.actor}", ActorKind.ARMED_GROUP)
    key = f"{doc.doc_id}:{start}:{r.type}"
    return Event(event_id="e" + hashlib.sha256(key.encode()).hexdigest()[:16], doc_id=doc.doc_id, type=r.type,
                 modes=(), actors=(actor,), recipients=(), evidence=(Evidence(doc.doc_id, 1, 1, start, end, quote),),
                 extractor="bench", location=loc, date=d, counts={"killed": killed},
                 count_reports={"killed": (killed,)}, fatalities=killed if r.type == "ASSAULT" else None)


def synthetic(n: int, seed: int = 8) -> list[tuple[Document, Analysis]]:
    """n documents of a feed where each real event is reported one to six times."""
    rng = random.Random(seed)
    towns = _towns(rng)
    start = date(2015, 1, 1)
    reals = [Real(rng.choices([t for t, _ in TYPES], [w for _, w in TYPES])[0],
                  start + timedelta(days=rng.randrange(365)), rng.choice(towns), str(rng.randrange(200)),
                  rng.choice(SITES), rng.randrange(1, 40)) for _ in range(max(1, n * 2 // 3))]
    out: list[tuple[Document, Analysis]] = []
    for i in range(n):
        if out and rng.random() < 0.05:  # a repost of an earlier document
            doc0, found0 = rng.choice(out)
            doc, _ = _document(i, date.fromisoformat(doc0.published or "2015-01-01") + timedelta(days=1), [], rng,
                               text=doc0.text, repost_of=doc0)
            events = tuple(Event(**{**{f: getattr(e, f) for f in e.__dataclass_fields__},
                                    "event_id": "e" + hashlib.sha256(f"{doc.doc_id}:{e.event_id}".encode())
                                    .hexdigest()[:16], "doc_id": doc.doc_id}) for e in found0.events)
            out.append((doc, Analysis("bench", places=found0.places, events=events, focus_country=None)))
            continue
        told = rng.sample(reals, rng.choice([1, 1, 2, 2, 3]))
        published = max(r.day for r in told) + timedelta(days=rng.choice([0, 0, 1, 1, 2, 5]))
        doc, spans = _document(i, published, told, rng)
        events = tuple(_event(doc, s, e, r, published, rng) for s, e, r in spans)
        places = tuple(PlaceMention(Span(1, 1, s, s + 1, doc.text[s]), "GPE", ev.location, "bench", 1.0)
                       for (s, _, _), ev in zip(spans, events, strict=True) if ev.location)
        out.append((doc, Analysis("bench", places=places, events=events, focus_country=None)))
    return out


def real(n: int) -> tuple[list[tuple[Document, Analysis]], float]:
    """n real articles analysed once (spaCy, extraction); and the seconds that took per document."""
    from warlog.bench import documents
    from warlog.model import RawDocument
    from warlog.run import build_document
    from warlog.run.analysis import Resources, analyse

    docs = [build_document(RawDocument(f"bench:{i}", text, Media.TEXT, url=f"https://bench.example/{i}",
                                       published="2019-07-16")) for i, text in enumerate(documents(n))]
    resources = Resources.default()
    list(analyse(docs[:2], resources))  # warm up the model
    t0 = time.perf_counter()
    found = list(analyse(docs, resources))
    return list(zip(docs, found, strict=True)), (time.perf_counter() - t0) / max(1, len(docs))


def write_all(items: Sequence[tuple[Document, Analysis]], dedup: bool) -> tuple[float, int]:
    """Seconds to write every document into a fresh database file; canonical events made."""
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "bench.db"), dedup=dedup) as store:
        t0 = time.perf_counter()
        for doc, found in items:
            store.write_document(doc, None, found)
        seconds = time.perf_counter() - t0
        conn = getattr(store, "conn")  # noqa: B009 - the SQLite store's connection
        clusters = conn.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
    return seconds, int(clusters)


def measure(items: Sequence[tuple[Document, Analysis]], repeats: int) -> dict[str, float]:
    off, on, made = [], [], (0, 0)
    for _ in range(repeats):
        t_off, c_off = write_all(items, dedup=False)
        t_on, c_on = write_all(items, dedup=True)
        off.append(t_off)
        on.append(t_on)
        made = (c_off, c_on)
    n = len(items)
    events = sum(len(a.events) for _, a in items)
    ms_off, ms_on = statistics.median(off) / n * 1000, statistics.median(on) / n * 1000
    return {"docs": n, "events": events, "canonical_off": made[0], "canonical_on": made[1],
            "write_ms_per_doc_off": round(ms_off, 3), "write_ms_per_doc_on": round(ms_on, 3),
            "dedup_ms_per_doc": round(ms_on - ms_off, 3), "write_ratio": round(ms_on / ms_off, 3)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="synthetic documents (default 1000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each kind; medians are reported")
    parser.add_argument("--real", type=int, default=0, help="also N real articles analysed with spaCy")
    parser.add_argument("--pipeline-ms", type=float, default=150.0,
                        help="analysis time per document for the synthetic ratio (`warlog bench`: 100-200 ms)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    out: dict[str, dict[str, float]] = {}
    if args.docs:
        found = measure(synthetic(args.docs), args.repeats)
        found["pipeline_ms_per_doc"] = args.pipeline_ms
        found["ingest_ratio"] = round((args.pipeline_ms + found["write_ms_per_doc_on"])
                                      / (args.pipeline_ms + found["write_ms_per_doc_off"]), 3)
        out["synthetic"] = found
    if args.real:
        items, seconds = real(args.real)
        found = measure(items, args.repeats)
        found["pipeline_ms_per_doc"] = round(seconds * 1000, 1)
        found["ingest_ratio"] = round((found["pipeline_ms_per_doc"] + found["write_ms_per_doc_on"])
                                      / (found["pipeline_ms_per_doc"] + found["write_ms_per_doc_off"]), 3)
        out["real"] = found
    if args.json:
        sys.stdout.write(json.dumps(out, indent=2) + "\n")
    else:
        for name, f in out.items():
            sys.stdout.write(
                f"{name}: {f['docs']} documents, {f['events']} events -> {f['canonical_on']} canonical events "
                f"(dedup off: {f['canonical_off']})\n  write per document: off {f['write_ms_per_doc_off']:.2f} ms, "
                f"on {f['write_ms_per_doc_on']:.2f} ms (+{f['dedup_ms_per_doc']:.2f} ms, x{f['write_ratio']:.2f})\n"
                f"  whole ingest at {f['pipeline_ms_per_doc']:.0f} ms of analysis per document: "
                f"x{f['ingest_ratio']:.3f} with dedup\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
