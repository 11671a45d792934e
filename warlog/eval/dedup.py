"""Pairwise merge precision and recall of cross-document event clustering on a labelled set.

    python -m warlog.eval.dedup [tests/fixtures/dedup/gold.json] [--json] [--details]

The gold file lists JSON-lines files of reports (beside it) and labels: a document (url), an event
type, a phrase and the real event it tells of. The reports go through the whole pipeline (spaCy,
extraction, the store with dedup on); each extracted event takes the label whose document and type
are its own and whose phrase is in one of its evidence quotes. Every pair of labelled events from two
different documents is scored: merged (same canonical event) or not, against the same real event or
not. An event matching labels of two real events (a headline summing up two attacks) is left out, as
is one no label matches; both are counted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "dedup" / "gold.json"


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    gold: bool
    merged: bool
    hard: bool  # same type, same story file: a pair a careless rule would merge
    about: str  # what the pair is, for error listings


@dataclass(slots=True)
class DedupScore:
    pairs: list[Pair] = field(default_factory=list)
    events: int = 0
    labelled: int = 0
    mixed: int = 0
    unlabelled: int = 0
    labels_unmatched: list[str] = field(default_factory=list)
    clusters: int = 0

    def count(self, gold: bool, merged: bool) -> int:
        return sum(1 for p in self.pairs if p.gold is gold and p.merged is merged)

    @property
    def precision(self) -> float:
        tp, fp = self.count(True, True), self.count(False, True)
        return tp / (tp + fp) if tp + fp else 1.0

    @property
    def recall(self) -> float:
        tp, fn = self.count(True, True), self.count(True, False)
        return tp / (tp + fn) if tp + fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"pairs": len(self.pairs), "gold_same": sum(p.gold for p in self.pairs),
                "hard_different": sum(p.hard and not p.gold for p in self.pairs),
                "tp": self.count(True, True), "fp": self.count(False, True), "fn": self.count(True, False),
                "tn": self.count(False, False), "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "hard_precision": round(self._hard_precision(), 3), "events": self.events,
                "labelled": self.labelled, "mixed": self.mixed, "unlabelled": self.unlabelled,
                "labels_unmatched": self.labels_unmatched, "canonical_events": self.clusters}

    def _hard_precision(self) -> float:
        """Precision over gold-same pairs and hard different pairs only."""
        hard = [p for p in self.pairs if p.gold or p.hard]
        tp = sum(1 for p in hard if p.gold and p.merged)
        fp = sum(1 for p in hard if not p.gold and p.merged)
        return tp / (tp + fp) if tp + fp else 1.0


def evaluate(gold_path: Path = DEFAULT_GOLD) -> DedupScore:
    """Ingest the gold file's reports into a fresh in-memory store (dedup on) and score the pairs."""
    from ..query import EventQuery
    from ..run import ingest
    from ..store import open_store

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    files = [gold_path.parent / f for f in gold["files"]]
    labels: list[dict[str, str]] = gold["labels"]
    with open_store(":memory:", dedup=True) as store:
        ingest([str(f) for f in files], store)
        url_of = {d.doc_id: d.url or "" for d in store.documents()}
        story: dict[str, str] = {}
        for f in files:
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    story[json.loads(line)["url"]] = f.stem
        events = store.events(EventQuery(review=("all",)))
        clusters = store.event_clusters(EventQuery(review=("all",)))
    cluster_of = {m.event_id: c.cluster_id for c in clusters for m in c.members}
    score = DedupScore(events=len(events), clusters=len(clusters))
    matched_labels: set[int] = set()
    tagged: list[tuple[str, str, str, str, str]] = []  # event id, doc id, real event, type, story
    for e in events:
        url = url_of.get(e.doc_id, "")
        quotes = [v.quote.lower() for v in e.evidence]
        hits = {i for i, lab in enumerate(labels) if lab["url"] == url and lab["type"] == e.type
                and any(lab["phrase"].lower() in q for q in quotes)}
        real = {labels[i]["event"] for i in hits}
        matched_labels |= hits
        if len(real) > 1:
            score.mixed += 1
        elif not real:
            score.unlabelled += 1
        else:
            tagged.append((e.event_id, e.doc_id, real.pop(), e.type, story.get(url, "")))
    score.labelled = len(tagged)
    score.labels_unmatched = [f"{labels[i]['url']} {labels[i]['type']} {labels[i]['phrase']!r}"
                              for i in range(len(labels)) if i not in matched_labels]
    for (ea, da, ra, ta, sa), (eb, db, rb, tb, sb) in combinations(sorted(tagged), 2):
        if da == db:
            continue
        same = ra == rb
        score.pairs.append(Pair(ea, eb, same, cluster_of.get(ea) == cluster_of.get(eb) is not None,
                                hard=not same and ta == tb and sa == sb,
                                about=f"{ra} ({url_of[da]}) / {rb} ({url_of[db]})"))
    return score


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warlog.eval.dedup", description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD, help="gold file (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--details", action="store_true", help="list the wrongly merged and missed pairs")
    args = parser.parse_args(argv)
    score = evaluate(args.gold)
    figures = score.to_dict()
    if args.json:
        sys.stdout.write(json.dumps(figures, indent=2) + "\n")
    else:
        sys.stdout.write(
            f"pairs {figures['pairs']} (same event {figures['gold_same']}, hard different "
            f"{figures['hard_different']}) from {figures['labelled']} labelled events "
            f"({figures['mixed']} mixtures and {figures['unlabelled']} unlabelled left out) in "
            f"{figures['canonical_events']} canonical events\n"
            f"precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  f1 {figures['f1']:.3f}  "
            f"(tp {figures['tp']}, fp {figures['fp']}, fn {figures['fn']}, tn {figures['tn']}; "
            f"precision on same and hard pairs {figures['hard_precision']:.3f})\n")
        for missing in score.labels_unmatched:
            sys.stdout.write(f"label not found in any extracted event: {missing}\n")
    if args.details:
        for p in score.pairs:
            if p.gold != p.merged:
                sys.stdout.write(f"{'merged ' if p.merged else 'missed '} {p.a} {p.b}  {p.about}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
