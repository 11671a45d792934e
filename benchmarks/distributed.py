"""Distributed ingest (issue 18): one process against `warlog ingest --dask local:2` on the same documents,
each into a fresh SQLite file (or, `--server URL`, a fresh schema of a PostgreSQL server); documents/s
each way, the per-worker throughput ratio
(dask docs/s ÷ workers ÷ single docs/s) and whether the two stores hold the same events.

    python benchmarks/distributed.py [--docs 200] [--workers 2] [--words 0] [--server URL] [--json]
    python benchmarks/distributed.py --control [--docs 200] [--server URL]   # two processes, no Dask
    python benchmarks/distributed.py --control --shared …   # the two write half the documents each into one store

Documents: `warlog.bench.documents` (the news articles of ../shared/data, LGL, GeoWebNews and
WikiEvents, cycled, each copy made unique; generated ones where that folder is absent), one file each.
Both sides are timed warm, as a long-running service or a standing cluster would run: the single
process has loaded the model, gazetteer and actor knowledge base before its clock starts; the Dask
cluster (`workers` worker processes, one thread each, and a scheduler, started here) has loaded them
on every worker (the warlog worker plugin, registered by a one-document warm-up run into another
file). The start of a `local:N` cluster (scheduler, worker processes, loading) is timed apart:
`--dask local:N` pays it once per command.

Same events: same event ids with the same fields, and the same documents, actor mentions and
relations; the canonical events (which reports merge) are compared too, but
they depend on the order documents are written, which Dask workers do not keep (README).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from warlog.bench import documents
from warlog.eval.digest import store_digest
from warlog.run import ingest
from warlog.run.analysis import Resources
from warlog.run.distributed import connect, ingest_distributed
from warlog.settings import Settings, tune_gc
from warlog.store import open_store
from warlog.store.postgres import schema_of, with_schema


def write_corpus(folder: Path, n: int, words: int) -> None:
    folder.mkdir(parents=True)
    for i, text in enumerate(documents(n, words)):
        (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")


def single(corpus: Path, db: str) -> float:
    Resources.default()  # loaded before the clock starts
    cpu = time.process_time()
    started = time.perf_counter()
    with open_store(str(db)) as store:
        report = ingest([str(corpus)], store, settings=Settings())
    elapsed = time.perf_counter() - started
    CPU["single"] = round(time.process_time() - cpu, 1)
    assert report.totals()["rejected"] == 0, report.totals()
    return elapsed


def on_dask(corpus: Path, db: str, warmup: str, workers: int) -> tuple[float, float]:
    """(seconds to start the cluster and load every worker, seconds of the ingest on the warm cluster)."""
    started = time.perf_counter()
    with connect(f"local:{workers}") as client:  # the cluster `--dask local:N` starts
        address = client.scheduler.address
        ingest_distributed([str(min(corpus.iterdir()))], warmup, cluster=address)
        start_s = time.perf_counter() - started
        before = _cpu()
        started = time.perf_counter()
        report = ingest_distributed([str(corpus)], db, cluster=address)
        elapsed = time.perf_counter() - started
        after = _cpu()
    assert report.totals()["rejected"] == 0, report.totals()
    CPU.update({f"dask_{k}": round(after[k] - before.get(k, 0.0), 1) for k in after})
    return start_s, elapsed


#: CPU seconds: of the single process's ingest, and during the Dask ingest of this process (client and
#: scheduler) and of its child processes (the workers, and their nannies when there are any).
CPU: dict[str, float] = {}


def _cpu() -> dict[str, float]:
    """CPU seconds so far of this process and of its descendants."""
    import psutil

    me = psutil.Process()
    out = {"client_and_scheduler": sum(me.cpu_times()[:2]), "workers": 0.0}
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            out["workers"] += sum(child.cpu_times()[:2])
    return out


def _side(k: int, sources: list[str], db: str, start: Any, times: Any) -> None:
    """One of two single processes side by side: loaded, then timed from a common start."""
    Resources.default()
    start.wait()
    started = time.perf_counter()
    with open_store(db) as store:
        ingest(sources, store, settings=Settings())
    times.put((k, time.perf_counter() - started))


def side_by_side(corpus: Path, dbs: list[str], *, shared: bool = False) -> list[float]:
    """Documents a second of each of two single-process ingests, run at the same time: each of the whole
    corpus into its own store, or (`shared`) each of half the documents into the first store: what two
    processes get of this machine (and of one store), without Dask."""
    import multiprocessing

    files = sorted(str(p) for p in corpus.iterdir())
    work = [(files[0::2], dbs[0]), (files[1::2], dbs[0])] if shared else [([str(corpus)], db) for db in dbs]
    counts = [len(sources) if shared else len(files) for sources, _ in work]
    spawn = multiprocessing.get_context("spawn")
    start, times = spawn.Barrier(2), spawn.Queue()
    procs = [spawn.Process(target=_side, args=(k, sources, db, start, times)) for k, (sources, db) in enumerate(work)]
    for proc in procs:
        proc.start()
    elapsed = dict(times.get() for _ in procs)  # by process, as each finishes
    for proc in procs:
        proc.join()
    return [n / elapsed[k] for k, n in enumerate(counts)]


def digest(db: str) -> dict[str, Any]:
    """What two runs must agree on: documents, events, actor mentions, relations, canonical events."""
    with open_store(db) as store:
        return store_digest(store)


def compare(a_db: str, b_db: str) -> dict[str, Any]:
    a, b = digest(a_db), digest(b_db)
    return {
        "documents": [len(a["docs"]), len(b["docs"])],
        "events": [len(a["events"]), len(b["events"])],
        "same_event_ids": [e["id"] for e in a["events"]] == [e["id"] for e in b["events"]],
        "same_events": a["events"] == b["events"],
        "same_documents_mentions_relations": all(a[k] == b[k] for k in ("docs", "mentions", "relations")),
        "canonical_events": [len(a["clusters"]), len(b["clusters"])],
        "same_canonical_events": a["clusters"] == b["clusters"],
    }


def _store_at(server: str | None, root: Path, name: str) -> str:
    """A fresh store: a SQLite file, or a new schema of the PostgreSQL server."""
    if server is None:
        return str(root / f"{name}.db")
    return with_schema(server, f"bench_{name}_{uuid.uuid4().hex[:8]}")


def drop_schemas(server: str | None, stores: list[str]) -> None:
    """Drop the schemas the run made on the server (SQLite files go with the temporary folder)."""
    if server is None:
        return
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        for url in stores:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema_of(url)}" CASCADE')


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--words", type=int, default=0, help="words a document (0: one article each)")
    parser.add_argument("--server", metavar="URL",
                        help="a PostgreSQL server (postgresql://…): both runs write to a fresh schema of it "
                             "instead of SQLite files")
    parser.add_argument("--control", action="store_true",
                        help="instead of Dask, two single processes side by side (the machine's own ceiling)")
    parser.add_argument("--shared", action="store_true",
                        help="with --control: the two processes write half the documents each into one store")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    # This file is named like Dask's package: take its folder off the path before Dask is imported
    # (here, and in the worker processes, which start with this path).
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    tune_gc()
    with tempfile.TemporaryDirectory(prefix="warlog-dask-bench-") as tmp:
        root = Path(tmp)
        write_corpus(root / "docs", args.docs, args.words)
        dbs = [_store_at(args.server, root, name) for name in ("single", "dask", "warmup")]
        dbs += [_store_at(args.server, root, f"side{k}") for k in (1, 2)] if args.control else []
        try:
            result = run(args, root, dbs)
        finally:
            drop_schemas(args.server, dbs)
    if args.json or args.control:
        print(json.dumps(result, indent=2 if args.json else None))
    else:
        for key, value in result.items():
            print(f"{key:36} {value}")
    return 0


def run(args: argparse.Namespace, root: Path, dbs: list[str]) -> dict[str, Any]:
    single_s = single(root / "docs", dbs[0])
    if args.control:
        rates = side_by_side(root / "docs", dbs[3:], shared=args.shared)
        result = {"docs": args.docs, "shared_store": args.shared,
                  "single_docs_per_s": round(args.docs / single_s, 2),
                  "side_by_side_docs_per_s": [round(r, 2) for r in rates],
                  "per_process_ratio": round(sum(rates) / 2 / (args.docs / single_s), 3),
                  "store": "postgresql" if args.server else "sqlite"}
        return result
    start_s, dask_s = on_dask(root / "docs", dbs[1], dbs[2], args.workers)
    single_rate, dask_rate = args.docs / single_s, args.docs / dask_s
    result = {"docs": args.docs, "workers": args.workers, "single_docs_per_s": round(single_rate, 2),
              "dask_docs_per_s": round(dask_rate, 2),
              "per_worker_ratio": round(dask_rate / args.workers / single_rate, 3),
              "cluster_start_s": round(start_s, 1), "cpu_s": CPU, "single_wall_s": round(single_s, 1),
              "dask_wall_s": round(dask_s, 1)}
    print(json.dumps(result), file=sys.stderr, flush=True)  # the times, before the (long) comparison
    result |= compare(dbs[0], dbs[1])
    result["store"] = "postgresql" if args.server else "sqlite"
    return result


if __name__ == "__main__":  # Dask starts its worker processes by spawning: they import this file again
    sys.exit(main(sys.argv[1:]))
