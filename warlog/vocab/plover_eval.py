"""Scoring event typing on the PLOVER gold-standard records (PLOVER_GSR_CAMEO.json, Open Event Data
Alliance, CC BY-SA 4.0): one sentence each, coded with a PLOVER type, mode and context.

The records use an earlier PLOVER draft; `read_plover_gold` translates their types and modes to
warlog's vocabulary (plover.toml [legacy_types], [legacy_modes] and mode aliases): DEMAND ->
REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT, strike-hun -> hunger, ... A gold
mode with no equivalent (e.g. FIGHT/deport) is kept as `raw_mode` and not scored.

`score_typing(gold, predict)` scores any predictor `sentence -> (type or None, modes)`.
`lexicon_typer(sentence, nlp)` (warlog.vocab.typer) is the baseline predictor: the trigger lexicon
alone.

    python -m warlog.vocab.plover_eval [PLOVER_GSR_CAMEO.json] [--flat] [--errors]

prints the baseline's report (default path: ../shared/data/plover/ beside the checkout).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import load_vocabulary
from .loader import Vocabulary
from .typer import lexicon_typer

__all__ = ["DEFAULT_GOLD", "PloverGold", "Predictor", "TypingReport", "lexicon_typer", "main",
           "read_plover_gold", "score_typing"]

Predictor = Callable[[str], tuple[str | None, list[str]]]
DEFAULT_GOLD = Path(__file__).resolve().parents[3] / "shared" / "data" / "plover" / "PLOVER_GSR_CAMEO.json"


@dataclass(frozen=True, slots=True)
class PloverGold:
    """One gold record: `type` / `mode` in warlog's terms (mode None: none given or no equivalent);
    `raw_type` / `raw_mode` as written in the file."""

    id: str
    text: str
    type: str
    mode: str | None
    raw_type: str
    raw_mode: str | None
    contexts: tuple[str, ...] = ()
    event_text: str = ""


def read_plover_gold(path: Path | str, vocab: Vocabulary | None = None) -> list[PloverGold]:
    """The coded sentences of a PLOVER gold-standard file (documentation records are skipped)."""
    v = vocab or load_vocabulary()
    records = json.loads(Path(path).read_text("utf-8"))
    out: list[PloverGold] = []
    for rec in records:
        text = rec.get("text")
        raw_type = str(rec.get("event", "")).strip()
        if not text or not raw_type:
            continue
        raw_mode = str(rec.get("mode") or "").strip() or None
        new_type, new_mode = v.normalise_event(raw_type, raw_mode)
        if new_type is None:
            continue
        ctx_raw = str(rec.get("context") or "")
        ctx = tuple(c for c in (v.normalise_context(x) for x in ctx_raw.split(",") if x.strip())
                    if c is not None)
        out.append(PloverGold(id=str(rec.get("id", "")), text=str(text), type=new_type, mode=new_mode,
                              raw_type=raw_type, raw_mode=raw_mode, contexts=ctx,
                              event_text=str(rec.get("eventText", ""))))
    return out


@dataclass(frozen=True, slots=True)
class TypingReport:
    """Sentence-level typing scores. Mode scores cover the sentences whose gold mode has a
    warlog equivalent: `mode_correct` counts the gold mode among the predicted modes (the gold-file
    matching rule), `mode_first_correct` the gold mode as the first predicted mode."""

    n: int
    type_correct: int
    no_prediction: int
    mode_n: int
    mode_correct: int
    mode_first_correct: int
    per_type: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # gold type -> (n, correct)
    confusion: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (gold, predicted|"-")
    errors: tuple[tuple[str, str, str], ...] = ()  # (id, gold, predicted)

    @property
    def type_accuracy(self) -> float:
        return self.type_correct / self.n if self.n else 0.0

    @property
    def mode_accuracy(self) -> float:
        return self.mode_correct / self.mode_n if self.mode_n else 0.0

    @property
    def mode_first_accuracy(self) -> float:
        return self.mode_first_correct / self.mode_n if self.mode_n else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "type_correct": self.type_correct, "type_accuracy": round(self.type_accuracy, 4),
                "no_prediction": self.no_prediction, "mode_n": self.mode_n,
                "mode_correct": self.mode_correct, "mode_accuracy": round(self.mode_accuracy, 4),
                "mode_first_accuracy": round(self.mode_first_accuracy, 4),
                "per_type": {k: {"n": n, "correct": c} for k, (n, c) in self.per_type.items()},
                "confusion": [{"gold": g, "predicted": p, "count": c}
                              for (g, p), c in sorted(self.confusion.items())]}

    def format(self, errors: bool = False) -> str:
        lines = [f"type accuracy {self.type_accuracy:.3f} ({self.type_correct}/{self.n}; "
                 f"{self.no_prediction} without prediction)",
                 f"mode accuracy {self.mode_accuracy:.3f} (gold mode among predicted; first predicted "
                 f"{self.mode_first_accuracy:.3f}; {self.mode_n} sentences with a gold mode)",
                 "per gold type (correct/n):"]
        lines += [f"  {t:<10} {c:>3}/{n:<3}" for t, (n, c) in sorted(self.per_type.items())]
        confused = [(g, p, c) for (g, p), c in self.confusion.items() if g != p]
        lines.append("most frequent confusions (gold -> predicted):")
        lines += [f"  {g} -> {p}: {c}" for g, p, c in sorted(confused, key=lambda x: -x[2])[:15]]
        if errors:
            lines.append("errors:")
            lines += [f"  {i}: {g} -> {p}" for i, g, p in self.errors]
        return "\n".join(lines)


def score_typing(gold: Iterable[PloverGold], predict: Predictor) -> TypingReport:
    """Run `predict` on every gold sentence and score type and mode."""
    n = type_ok = none = mode_n = mode_ok = mode_first = 0
    per_type: dict[str, list[int]] = {}
    confusion: Counter[tuple[str, str]] = Counter()
    errors: list[tuple[str, str, str]] = []
    for g in gold:
        predicted, pred_modes = predict(g.text)
        n += 1
        stats = per_type.setdefault(g.type, [0, 0])
        stats[0] += 1
        confusion[(g.type, predicted or "-")] += 1
        if predicted is None:
            none += 1
        if predicted == g.type:
            type_ok += 1
            stats[1] += 1
        else:
            errors.append((g.id, g.type, predicted or "-"))
        if g.mode is not None:
            mode_n += 1
            ok_type = predicted == g.type
            mode_ok += int(ok_type and g.mode in pred_modes)
            mode_first += int(ok_type and bool(pred_modes) and pred_modes[0] == g.mode)
    return TypingReport(n=n, type_correct=type_ok, no_prediction=none, mode_n=mode_n, mode_correct=mode_ok,
                        mode_first_correct=mode_first,
                        per_type={k: (v[0], v[1]) for k, v in per_type.items()},
                        confusion=dict(confusion), errors=tuple(errors))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    flags = {a for a in args if a.startswith("--")}
    paths = [a for a in args if not a.startswith("--")]
    path = Path(paths[0]) if paths else DEFAULT_GOLD
    if not path.exists():
        print(f"{path} not found", file=sys.stderr)
        return 2
    from ..nlp import load_pipeline

    nlp = load_pipeline()
    vocab = load_vocabulary()
    gold = read_plover_gold(path, vocab)
    report = score_typing(gold, lambda s: lexicon_typer(s, nlp, vocab=vocab, structure="--flat" not in flags))
    print(report.format(errors="--errors" in flags))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
