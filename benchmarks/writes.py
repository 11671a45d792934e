"""What one write of an analysed document costs, per backend: N news articles analysed once (the rate
of analysis, per core), then written one by one into a fresh SQLite file and, with `--server`, a fresh
schema of a PostgreSQL server (mean and p95 of `Store.write_document`, and the store's size per
document). The figures behind the README's scaling plan.

    python benchmarks/writes.py [--docs 300] [--server postgresql://USER@HOST:PORT/DB]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from warlog.bench import documents
from warlog.model import Media, RawDocument
from warlog.run import build_document
from warlog.run.analysis import Resources, analyse
from warlog.store import open_store
from warlog.store.postgres import with_schema


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--server", metavar="URL", help="a PostgreSQL server: also time writes into a new schema of it")
    args = ap.parse_args(argv)
    docs = [build_document(RawDocument(f"d{i}.txt", t, Media.TEXT)) for i, t in enumerate(documents(args.docs, 0))]
    resources = Resources.default()
    started = time.perf_counter()
    analyses = list(analyse(docs, resources))
    took = time.perf_counter() - started
    print(f"analysis: {len(docs) / took:.1f} documents/s ({took / len(docs) * 1000:.0f} ms a document, one core)")
    with tempfile.TemporaryDirectory() as tmp:
        stores = [("sqlite", str(Path(tmp) / "writes.db"))]
        if args.server:
            stores.append(("postgresql", with_schema(args.server, f"writes_{uuid.uuid4().hex[:8]}")))
        for name, db in stores:
            with open_store(db) as store:
                times = []
                for doc, analysis in zip(docs, analyses, strict=True):
                    t = time.perf_counter()
                    store.write_document(doc, doc.text, analysis)
                    times.append(time.perf_counter() - t)
                stats = store.stats()
            times.sort()
            print(f"{name}: write mean {statistics.mean(times) * 1000:.1f} ms, p95 "
                  f"{times[int(0.95 * len(times))] * 1000:.1f} ms; {stats.size_bytes / len(docs) / 1024:.0f} KiB "
                  f"a document; {stats.extracted['events']} events")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
