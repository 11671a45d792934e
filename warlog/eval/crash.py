"""Crash safety, measured: an ingest killed with SIGKILL at random moments, then run again.

    python -m warlog.eval.crash [--docs 1000] [--kills 20] [--processes 1] [--seed 7] [--keep DIR]

A corpus of short reports (written here from templates: places, forces, counts and days vary) is
ingested once cleanly. Then, `--kills` times, a fresh database is ingested into by `warlog ingest` in
a child process that is killed (SIGKILL, no clean-up) once a random number of documents is stored;
after each kill the script checks that

* the database passes `PRAGMA integrity_check`;
* every stored document is complete: it has its segments, and every event of it is in a canonical
  event (cluster_members) — a document is written in one transaction with all its extraction and
  dedup links, so a kill leaves it whole or absent;
* no `warlog ingest` worker outlives the killed process;
* a second run finishes the rest with no duplicate, and the store then equals the clean run's
  (`warlog.eval.digest.store_digest`).

It prints one JSON line of figures (the README quotes it)."""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from ..store import open_store
from .digest import store_digest

PLACES = ["Goma", "Bunia", "Beni", "Mosul", "Kidal", "Gao", "Kandahar", "Idlib", "Juba", "Marawi", "Maiduguri",
          "Kharkiv", "Aleppo", "Mogadishu", "Sanaa", "Tripoli", "Benghazi", "Kunduz", "Jalalabad", "Bamako"]
FORCES = ["Gunmen", "Militants", "Rebels", "Soldiers", "Police", "Insurgents"]
#: How long a worker may outlive a killed ingest before it counts as an orphan.
ORPHAN_S = 1.0
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def write_corpus(folder: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        place, other = rng.sample(PLACES, 2)
        force, day = rng.choice(FORCES), rng.choice(DAYS)
        killed, held = rng.randint(2, 40), rng.randint(1, 12)
        (folder / f"{i:05d}.txt").write_text(
            f"{killed} killed in attack near {place}\n\n{force} killed {killed} people near {place} on {day}, "
            f"officials said. Police arrested {held} suspects in {other} the next day. Report {i}.\n",
            encoding="utf-8")


def ingest_command(db: Path, corpus: Path, processes: int) -> list[str]:
    return [sys.executable, "-m", "warlog", "ingest", "--db", str(db), "--processes", str(processes),
            "--format", "json", str(corpus)]


def children(pid: int) -> list[int]:
    """The live child processes of `pid` (Linux /proc; empty elsewhere)."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[-1].startswith("Z"))


def complete(db: Path) -> tuple[int, int]:
    """(documents stored, documents incomplete: without segments, or with an event in no cluster)."""
    c = sqlite3.connect(db)
    try:
        docs = c.execute("SELECT count(*) FROM documents").fetchone()[0]
        bad = c.execute(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM segments s WHERE s.doc_id = d.doc_id) "
            "OR EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.doc_id AND NOT EXISTS "
            "(SELECT 1 FROM cluster_members m WHERE m.event_id = e.event_id))").fetchone()[0]
        return docs, bad
    finally:
        c.close()


def integrity(db: Path) -> bool:
    c = sqlite3.connect(db)
    try:
        return bool(c.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
    finally:
        c.close()


def trial(db: Path, corpus: Path, processes: int, target: int, limit_s: float) -> dict[str, Any]:
    """One ingest killed once `target` documents are stored (or after `limit_s`), its checks, and the
    rerun."""
    proc = subprocess.Popen(ingest_command(db, corpus, processes), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    started = time.monotonic()
    while proc.poll() is None and time.monotonic() - started < limit_s and _stored(db) < target:
        time.sleep(0.02)
    workers = children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + ORPHAN_S
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    stored, incomplete = complete(db)
    ok = integrity(db)
    subprocess.run(ingest_command(db, corpus, processes), check=True, capture_output=True)
    return {"after_s": round(time.monotonic() - started, 2), "stored_at_kill": stored, "incomplete": incomplete,
            "integrity": ok, "workers_at_kill": len(workers), "orphan_workers": sum(alive(w) for w in workers)}


def _stored(db: Path) -> int:
    """Documents stored so far (0 while the database does not exist yet or is being created)."""
    if not db.exists():
        return 0
    try:
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            return int(c.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            c.close()
    except sqlite3.Error:
        return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, default=None, help="work folder (default: a temporary one)")
    args = ap.parse_args(argv)
    import tempfile

    work = args.keep or Path(tempfile.mkdtemp(prefix="warlog-crash-"))
    corpus = work / "corpus"
    write_corpus(corpus, args.docs, args.seed)
    clean = work / "clean.db"
    started = time.monotonic()
    subprocess.run(ingest_command(clean, corpus, args.processes), check=True, capture_output=True)
    clean_s = time.monotonic() - started
    with open_store(str(clean)) as s:
        expected = store_digest(s)
    rng = random.Random(args.seed)
    trials = []
    for k in range(args.kills):
        db = work / f"kill{k}.db"
        result = trial(db, corpus, args.processes, rng.randint(1, args.docs - 1), 3 * clean_s + 30)
        with open_store(str(db)) as s:
            got = store_digest(s)
        result["identical"] = got == expected
        result["documents"] = len(got["docs"])
        trials.append(result)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    print(json.dumps({
        "docs": args.docs, "processes": args.processes, "clean_run_s": round(clean_s, 1), "kills": len(trials),
        "integrity_ok": sum(t["integrity"] for t in trials),
        "incomplete_documents": sum(t["incomplete"] for t in trials),
        "orphan_workers": sum(t["orphan_workers"] for t in trials),
        "identical_after_rerun": sum(t["identical"] for t in trials),
        "duplicates": sum(t["documents"] - len(expected["docs"]) for t in trials), "trials": trials}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
