"""Concurrent use of one database, measured.

    python -m warlog.eval.concurrency [--docs 300] [--processes 1] [--keep DIR]

Two `warlog ingest` processes take the same corpus into one new database at once (the hardest case:
every document is new to both, so each one's "is it new?" check races the other's insert), while this
process reads the way the desk does (the events list and the documents list, through its own
connection) and times each read. Then two analysts' review decisions are written at once from two
threads. Prints one JSON line: the ingests' exit codes and any "database is locked" message, the
documents stored against the corpus size (duplicates), `PRAGMA integrity_check`, the reads' median,
99th percentile and slowest time, and the review decisions kept."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from ..query import EventQuery
from ..store import open_store
from .crash import ingest_command, integrity, write_corpus


def read_while(db: Path, busy: threading.Event) -> list[float]:
    """Milliseconds of each desk-like read made while `busy` is set."""
    times: list[float] = []
    while not db.exists():
        time.sleep(0.01)
    with open_store(str(db)) as store:
        while busy.is_set():
            started = time.perf_counter()
            store.events(EventQuery(limit=50))
            store.documents(limit=50)
            times.append((time.perf_counter() - started) * 1000)
            time.sleep(0.01)
    return times


def two_analysts(db: Path) -> int:
    """Two analysts confirm and reject two events at the same moment; the decisions stored."""
    with open_store(str(db)) as store:
        ids = [e.event_id for e in store.events(EventQuery(limit=2))]
        before = len(store.event_decisions())
    if len(ids) < 2:
        return 0
    start = threading.Barrier(2)

    def analyst(name: str, kind: str, event_id: str) -> None:
        with open_store(str(db)) as store:
            start.wait()
            store.decide_event(kind, event_id, author=name)

    threads = [threading.Thread(target=analyst, args=("ana", "confirm", ids[0])),
               threading.Thread(target=analyst, args=("ben", "reject", ids[1]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open_store(str(db)) as store:
        return len(store.event_decisions()) - before


def measure(work: Path, docs: int, processes: int) -> dict[str, Any]:
    corpus = work / "corpus"
    write_corpus(corpus, docs, seed=11)
    db = work / "shared.db"
    busy = threading.Event()
    busy.set()
    reads: list[float] = []
    reader = threading.Thread(target=lambda: reads.extend(read_while(db, busy)))
    reader.start()
    started = time.monotonic()
    runs = [subprocess.Popen(ingest_command(db, corpus, processes), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [r.communicate() for r in runs]
    seconds = time.monotonic() - started
    busy.clear()
    reader.join()
    with open_store(str(db)) as store:
        stored = len(store.documents())
    ordered = sorted(reads)
    return {
        "docs": docs, "processes": processes, "seconds": round(seconds, 1),
        "exit_codes": [r.returncode for r in runs],
        "locked_errors": sum("locked" in (out + err).lower() for out, err in outputs),
        "documents": stored, "duplicates": stored - docs, "integrity": integrity(db),
        "reads": len(ordered), "read_ms_median": round(statistics.median(ordered), 1) if ordered else None,
        "read_ms_p99": round(ordered[int(0.99 * (len(ordered) - 1))], 1) if ordered else None,
        "read_ms_max": round(ordered[-1], 1) if ordered else None,
        "review_decisions_kept": two_analysts(db),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument("--keep", type=Path, default=None, help="work folder (default: a temporary one)")
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="warlog-concurrency-"))
    work.mkdir(parents=True, exist_ok=True)
    print(json.dumps(measure(work, args.docs, args.processes)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
