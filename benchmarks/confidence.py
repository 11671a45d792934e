"""How well event confidence ranks: on a folder of reports with incident-level gold (FORMAT.md), the share
of (right, wrong) event pairs in which the right event has the higher confidence (ROC AUC; 0.5 is chance,
1.0 a review queue that shows every wrong event first), and the precision of the lowest and highest
confidence thirds.

A predicted event is right when it carries a gold event (its type and a quote of the gold evidence,
optional gold events included), wrong otherwise. Uses the reference scorer beside the gold
(`../shared/tools/score.py`).

    python benchmarks/confidence.py ../shared/data/news [--warlog .venv/bin/warlog] [--scorer ../shared/tools]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--warlog", default=str(Path(sys.executable).parent / "warlog"))
    ap.add_argument("--scorer", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "tools",
                    help="folder of the reference score.py (default: ../shared/tools)")
    args = ap.parse_args()
    sys.path.insert(0, str(args.scorer))
    import score  # type: ignore[import-not-found]  # the reference scorer, beside the gold

    golds = {p.stem: json.loads(p.read_text()) for p in sorted(args.folder.glob("*.json"))
             if "events" in p.read_text()[:20000] and p.name != "DEDUP.json"}
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, WARLOG_DB=f"{tmp}/c.db")
        url_of = {}
        with open(f"{tmp}/in.jsonl", "w") as f:
            for stem, g in golds.items():
                url = g.get("url") or f"https://gold.invalid/{stem}"
                text = (args.folder / g["document"]).read_text(encoding="utf-8")
                f.write(json.dumps({"text": text, "url": url, "published": g.get("published")}) + "\n")
                url_of[url] = stem
        subprocess.run([args.warlog, "ingest", f"{tmp}/in.jsonl"], env=env, capture_output=True, check=False)
        docs = json.loads(subprocess.run([args.warlog, "docs", "--format", "json"], env=env, capture_output=True,
                                         text=True, check=True).stdout)
        events = json.loads(subprocess.run([args.warlog, "events", "--mentions", "--format", "json"], env=env,
                                           capture_output=True, text=True, check=True).stdout)
    stem_of = {d["doc_id"]: url_of.get(d["url"]) for d in docs}
    scored: list[tuple[float, bool]] = []
    for e in events:
        g = golds.get(stem_of.get(e.get("doc_id") or (e.get("doc_ids") or [None])[0]) or "")
        if g is None:
            continue
        right = any(score.type_ok(e, ge["types"]) and any(score.overlaps(q, x) for q in score.quotes(e)
                                                          for x in ge["evidence"]) for ge in g["events"])
        scored.append((float(e.get("confidence") or 0.0), right))
    right = [c for c, ok in scored if ok]
    wrong = [c for c, ok in scored if not ok]
    pairs = len(right) * len(wrong)
    auc = sum((r > w) + 0.5 * (r == w) for r in right for w in wrong) / pairs if pairs else None
    ranked = sorted(scored)
    third = max(1, len(ranked) // 3)
    low = sum(ok for _, ok in ranked[:third]) / third
    high = sum(ok for _, ok in ranked[-third:]) / third
    out = {"events": len(scored), "right": len(right), "wrong": len(wrong), "auc": round(auc, 3) if auc else None,
           "precision_lowest_third": round(low, 3), "precision_highest_third": round(high, 3)}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
