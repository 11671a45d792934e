"""Time and memory of `warlog ingest` on one long text, by size and shape (issue 16: bounded cost
per input).

    python benchmarks/long_texts.py [--sizes 100000,1000000,10000000] [--shapes reports,line,short,repeat]

Shapes: `reports` — distinct short news reports one after another (every paragraph tells events: the
costliest text there is for extraction); `line` — the same without a single line break; `short` — a
line of two characters, repeated (hundreds of thousands of paragraphs); `repeat` — one sentence
repeated. Each text is ingested by a fresh `warlog ingest` process into a new database; the figures
are its wall time and peak memory (RSS, which includes loading the model, about 200 MB). One JSON line
per run."""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLACES = ["Goma", "Bunia", "Mosul", "Kidal", "Gao", "Kandahar", "Idlib", "Juba", "Marawi", "Maiduguri",
          "Kharkiv", "Aleppo", "Mogadishu", "Sanaa", "Tripoli", "Kunduz", "Bamako", "Sittwe"]


def text_of(shape: str, size: int, seed: int = 5) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        if shape in ("reports", "line"):
            p = (f"Gunmen killed {rng.randint(2, 90)} people near {rng.choice(PLACES)} on Monday, officials "
                 f"said. Police arrested {rng.randint(1, 30)} suspects in {rng.choice(PLACES)} on Tuesday. "
                 f"Item {len(parts)}.")
        elif shape == "short":
            p = "ok"
        else:
            p = "Gunmen killed five people near Goma on Monday, officials said."
        parts.append(p)
        total += len(p) + 2
    return (" " if shape == "line" else "\n\n" if shape != "repeat" else " ").join(parts)[:size]


def run(path: Path, db: Path) -> tuple[float, int, int]:
    """Seconds, peak RSS in MB and exit code of one `warlog ingest` of `path`."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "warlog", "ingest", "--db", str(db), str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.monotonic() - started, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000,1000000", help="characters, comma-separated")
    ap.add_argument("--shapes", default="reports,line,short,repeat")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.shapes.split(","):
            for size in (int(s) for s in args.sizes.split(",")):
                path = Path(tmp) / f"{shape}-{size}.txt"
                path.write_text(text_of(shape, size), encoding="utf-8")
                seconds, rss, code = run(path, Path(tmp) / f"{shape}-{size}.db")
                print(json.dumps({"shape": shape, "chars": size, "seconds": round(seconds, 1), "peak_rss_mb": rss,
                                  "exit_code": code}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
