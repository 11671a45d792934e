"""Scoring typers side by side on coded sentences: the trigger lexicon (warlog.vocab.typer), the
shipped learned model and the user's current model. Each sentence is parsed once.

    comparison = compare_typers(examples, nlp, {"shipped": shipped_model(), "local v3": model})
    print(comparison.format())
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..vocab import load_vocabulary
from ..vocab.matching import find_triggers
from ..vocab.typer import choose
from .features import span_features
from .model import NONE, TyperModel
from .training import Example

LEXICON = "lexicon"


@dataclass(frozen=True, slots=True)
class TyperComparison:
    """Each typer's label for each sentence (`predictions[name][i]`, NONE for no event), the gold
    labels, and the milliseconds per sentence each took on an already parsed sentence."""

    gold: tuple[str, ...]
    predictions: Mapping[str, tuple[str, ...]]
    ms_per_sentence: Mapping[str, float]

    def accuracy(self, name: str, subset: Sequence[int] | None = None) -> float:
        rows = range(len(self.gold)) if subset is None else subset
        pairs = [(self.gold[i], self.predictions[name][i]) for i in rows]
        return sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0

    def per_label(self, name: str) -> dict[str, tuple[int, int]]:
        """gold label -> (n, correct)."""
        n = Counter(self.gold)
        ok = Counter(g for g, p in zip(self.gold, self.predictions[name], strict=True) if g == p)
        return {label: (n[label], ok[label]) for label in sorted(n)}

    def format(self) -> str:
        names = list(self.predictions)
        lines = [f"{len(self.gold)} sentences; type accuracy (NONE counts as a type):",
                 "  " + "".join(f"{n:>16}" for n in ["", *names])]
        lines.append("  " + f"{'all':>16}" + "".join(f"{self.accuracy(n):>16.3f}" for n in names))
        tables = {n: self.per_label(n) for n in names}
        for label in sorted(set(self.gold)):
            total = tables[names[0]][label][0]
            lines.append("  " + f"{label + f' ({total})':>16}" + "".join(
                f"{tables[n][label][1] / total:>16.2f}" for n in names))
        lines.append("  " + f"{'ms/sentence':>16}" + "".join(f"{self.ms_per_sentence[n]:>16.2f}" for n in names))
        return "\n".join(lines)


def compare_typers(examples: Sequence[Example], nlp: Any, models: Mapping[str, TyperModel]) -> TyperComparison:
    """The lexicon typer and every model on each example's text (parsed once with nlp.pipe)."""
    vocab = load_vocabulary()
    docs = list(nlp.pipe(e.text for e in examples))
    preds: dict[str, list[str]] = {LEXICON: []}
    seconds: dict[str, float] = {LEXICON: 0.0}
    for doc in docs:
        started = time.perf_counter()
        tokens = list(doc)
        chosen, _ = choose(tokens, find_triggers(tokens, vocab), vocab)
        seconds[LEXICON] += time.perf_counter() - started
        preds[LEXICON].append(chosen or NONE)
    for name, model in models.items():
        preds[name], seconds[name] = [], 0.0
        for doc in docs:
            started = time.perf_counter()
            label, _ = model.best(span_features(doc, vocab=vocab))
            seconds[name] += time.perf_counter() - started
            preds[name].append(label)
    n = max(len(docs), 1)
    return TyperComparison(tuple(e.label for e in examples), {k: tuple(v) for k, v in preds.items()},
                           {k: 1000 * v / n for k, v in seconds.items()})
