"""Score warlog's event extraction against public event corpora: WikiEvents (KAIROS) and RAMS (AIDA).

    python -m warlog.eval.corpora wikievents ../shared/data/wikievents/dev.jsonl [--errors] [--json]
    python -m warlog.eval.corpora rams ../shared/data/rams/dev.jsonlines --limit 300

Each document or passage is rebuilt as text (`corpora_data`), segmented and analysed like any input,
and the evidence offsets of warlog's events (offsets into the *stored* text) are mapped back to the
corpus text. The corpus types are translated to PLOVER by `data/kairos_to_plover.csv`; mentions of
unmapped types are left out of scoring.

Scoring (the spirit of FORMAT.md: events match by type and by evidence):
- Event detection. A gold mention is *found* when a predicted event of its mapped PLOVER type has an
  evidence span (a sentence) overlapping the gold trigger. A predicted event is *correct* when one of its
  evidence spans overlaps the trigger of a gold mention mapped to the event's type. Recall = found / gold
  mentions; precision = correct / predicted events, counting only predicted events of a type the mapping
  produces (others are listed as unscored). Overall and per PLOVER type; recall also per corpus type.
  Coreferent gold mentions are scored one by one: one warlog event whose evidence covers the sentences
  of three mentions finds all three.
- Arguments (accuracy over found mentions). Each gold argument whose role has a slot (`ROLE_SLOTS`:
  attacker/killer/... -> actors, target/victim/detainee/... -> recipients, place -> location) and is
  not a pronoun is correct when a predicted event that found the mention has, in that slot, a
  participant whose span overlaps the argument's span or whose text contains the argument's text (or
  is contained in it), compared in lower case with leading articles dropped; for the place, the
  location's raw text or name.
- Mode accuracy: over found mentions whose mapping gives a mode, whether a finding event has that mode.
- Confusion: for every gold mention (unmapped ones as `-`), the mapped type against what warlog
  reports at the trigger: the gold type when found, else the type of an event whose evidence overlaps
  the trigger, else `none`.
  Unmapped mentions where warlog reports an event are counted by corpus type (`unmapped_predicted`).
- RAMS annotates one trigger per passage and leaves other events unannotated, so only recall, the
  confusion, arguments and modes are reported (no precision).
- A document warlog fails on (segmentation rejects it, or extraction raises) is listed in `failed`
  and scored as having no events: its mentions are misses. A miss whose trigger lies in text that
  segmentation set aside (boilerplate, byline, ...) says so in `errors()` and `missed_not_extractable`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warlog.model import EXTRACTABLE_KINDS, ActorMention, Analysis, Document, Event, Media, RawDocument
from warlog.run import build_document
from warlog.run.analysis import Resources, analyse

from .corpora_data import (
    PRONOUNS,
    CorpusDoc,
    GoldArg,
    GoldMention,
    TypeMapping,
    default_mapping,
    map_type,
    read_rams,
    read_wikievents,
)

__all__ = ["CorpusReport", "ErrorItem", "PredEvent", "Prediction", "Score", "evaluate_docs", "evaluate_rams",
           "evaluate_wikievents", "format_report", "main",
           "score_predictions"]

SLOTS = ("actor", "recipient", "place")


@dataclass(frozen=True, slots=True)
class Participant:
    """A predicted actor or recipient: its span in the corpus text (None when it could not be mapped)
    and the ways the text names it."""

    span: tuple[int, int] | None
    forms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PredEvent:
    """A warlog event with its evidence mapped to corpus-text offsets."""

    type: str
    modes: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    quotes: tuple[str, ...]
    actors: tuple[Participant, ...] = ()
    recipients: tuple[Participant, ...] = ()
    place: tuple[str, ...] = ()

    def covers(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self.spans)


@dataclass(frozen=True, slots=True)
class Prediction:
    """warlog's events for one corpus document, and the corpus-text ranges segmentation set aside as
    not extractable (boilerplate, bylines, ...), so that a miss there can be told apart."""

    events: tuple[PredEvent, ...]
    skipped: tuple[tuple[int, int, str], ...] = ()
    error: str | None = None  # why warlog failed on the document (then there are no events)

    def skipped_kind(self, start: int, end: int) -> str | None:
        return next((kind for a, b, kind in self.skipped if a < end and start < b), None)


@dataclass(slots=True)
class Score:
    """Counts behind P/R/F1: `found` of `gold` mentions; `correct` of `predicted` events."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self, with_precision: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"gold": self.gold, "found": self.found, "recall": _r(self.recall)}
        if with_precision:
            out.update(predicted=self.predicted, correct=self.correct, precision=_r(self.precision),
                       f1=_r(self.f1))
        return out


@dataclass(frozen=True, slots=True)
class ErrorItem:
    """A miss (a gold mention no event of its type covers) or a false positive (a predicted event whose
    evidence holds no gold trigger of its type), with the text to look at."""

    kind: str  # "miss" | "false_positive" | "failed"
    doc: str
    type: str  # the PLOVER type: mapped gold type (miss) or predicted type (false positive)
    corpus_type: str  # gold corpus type (miss) or the corpus types of gold mentions in the evidence
    trigger: str
    text: str
    predicted: str = ""  # miss: the types warlog reports at the trigger

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "doc": self.doc, "type": self.type, "corpus_type": self.corpus_type,
                "trigger": self.trigger, "predicted": self.predicted, "text": self.text}


@dataclass(slots=True)
class CorpusReport:
    corpus: str
    path: str
    documents: int = 0
    failed: list[str] = field(default_factory=list)
    gold_mentions: int = 0
    unmapped_mentions: Counter[str] = field(default_factory=Counter)
    overall: Score = field(default_factory=Score)
    per_type: dict[str, Score] = field(default_factory=dict)
    per_corpus_type: dict[str, Score] = field(default_factory=dict)
    arguments: dict[str, list[int]] = field(default_factory=dict)  # slot -> [correct, total]
    modes: list[int] = field(default_factory=lambda: [0, 0])
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    unscored_predictions: Counter[str] = field(default_factory=Counter)
    unmapped_predicted: Counter[tuple[str, str]] = field(default_factory=Counter)
    missed_not_extractable: Counter[str] = field(default_factory=Counter)
    with_precision: bool = True
    seconds: float = 0.0
    items: list[ErrorItem] = field(default_factory=list)

    def errors(self) -> list[ErrorItem]:
        """Misses and false positives (and documents warlog failed on), in corpus order."""
        return list(self.items)

    def argument_accuracy(self) -> dict[str, float | None]:
        out = {slot: (c / t if t else None) for slot, (c, t) in sorted(self.arguments.items())}
        c, t = sum(v[0] for v in self.arguments.values()), sum(v[1] for v in self.arguments.values())
        out["all"] = c / t if t else None
        return out

    def to_dict(self) -> dict[str, Any]:
        p = self.with_precision
        return {
            "corpus": self.corpus, "path": self.path, "documents": self.documents, "failed": self.failed,
            "gold_mentions": self.gold_mentions, "unmapped_mentions": dict(self.unmapped_mentions.most_common()),
            "overall": self.overall.to_dict(p),
            "per_type": {k: v.to_dict(p) for k, v in sorted(self.per_type.items())},
            "per_corpus_type": {k: v.to_dict(False) for k, v in sorted(self.per_corpus_type.items())},
            "arguments": {k: {"correct": c, "total": t, "accuracy": _r(c / t if t else None)}
                          for k, (c, t) in sorted(self.arguments.items())},
            "argument_accuracy": _r(self.argument_accuracy()["all"]),
            "mode_accuracy": {"correct": self.modes[0], "total": self.modes[1],
                              "accuracy": _r(self.modes[0] / self.modes[1] if self.modes[1] else None)},
            "confusion": [{"gold": g, "predicted": pr, "count": n}
                          for (g, pr), n in sorted(self.confusion.items(), key=lambda x: (x[0][0], -x[1]))],
            "unscored_predictions": dict(self.unscored_predictions.most_common()),
            "unmapped_predicted": [{"corpus_type": c, "predicted": pr, "count": n}
                                   for (c, pr), n in self.unmapped_predicted.most_common()],
            "missed_not_extractable": dict(self.missed_not_extractable.most_common()),
            "seconds": round(self.seconds, 2),
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per line of a results table: overall, each PLOVER type, each corpus type (recall),
        each argument slot and the modes (accuracy in the recall column)."""
        rows = [_row("overall", "all", self.overall, self.with_precision)]
        rows += [_row("type", k, v, self.with_precision) for k, v in sorted(self.per_type.items())]
        rows += [_row("corpus_type", k, v, False) for k, v in sorted(self.per_corpus_type.items())]
        for slot, (c, t) in sorted(self.arguments.items()):
            rows.append(_row("argument", slot, Score(gold=t, found=c), False))
        rows.append(_row("mode", "mode", Score(gold=self.modes[1], found=self.modes[0]), False))
        return rows


def _row(section: str, name: str, s: Score, with_precision: bool) -> dict[str, Any]:
    return {"section": section, "name": name, "gold": s.gold, "found": s.found,
            "predicted": s.predicted if with_precision else None, "correct": s.correct if with_precision else None,
            "precision": _r(s.precision) if with_precision else None, "recall": _r(s.recall),
            "f1": _r(s.f1) if with_precision else None}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


# --- running warlog ----------------------------------------------------------------------------------

def evaluate_wikievents(path: str | Path, resources: Resources | None = None,
                        limit: int | None = None) -> CorpusReport:
    """Score warlog on a WikiEvents file (`dev.jsonl`)."""
    start = time.perf_counter()
    docs = read_wikievents(path, limit)
    report = evaluate_docs(docs, resources, corpus="wikievents", path=str(path), with_precision=True)
    report.seconds = time.perf_counter() - start
    return report


def evaluate_rams(path: str | Path, resources: Resources | None = None, limit: int | None = None) -> CorpusReport:
    """Score warlog on a RAMS file (`dev.jsonlines`): recall of each passage's trigger and the confusion."""
    start = time.perf_counter()
    docs = read_rams(path, limit)
    report = evaluate_docs(docs, resources, corpus="rams", path=str(path), with_precision=False)
    report.seconds = time.perf_counter() - start
    return report


def evaluate_docs(docs: Sequence[CorpusDoc], resources: Resources | None = None, *, corpus: str = "corpus",
                  path: str = "", with_precision: bool = True,
                  mapping: dict[str, TypeMapping] | None = None) -> CorpusReport:
    """Run warlog over `docs` and score its events against their gold mentions."""
    return score_predictions(docs, predict(docs, resources), corpus=corpus, path=path,
                             with_precision=with_precision, mapping=mapping)


def score_predictions(docs: Sequence[CorpusDoc], predictions: Iterable[Prediction], *,
                      corpus: str = "corpus", path: str = "", with_precision: bool = True,
                      mapping: dict[str, TypeMapping] | None = None) -> CorpusReport:
    """Score given predictions (one per document; one with an `error` scores as no events)."""
    table = default_mapping() if mapping is None else mapping
    report = CorpusReport(corpus, path, documents=len(docs), with_precision=with_precision)
    scored_types = {m.plover for m in table.values() if m.plover}
    for doc, predicted in zip(docs, predictions, strict=True):
        if predicted.error is not None:
            report.failed.append(doc.key)
            report.items.append(ErrorItem("failed", doc.key, "", "", "", f"warlog failed: {predicted.error}"))
        score_document(doc, predicted, report, table, scored_types)
    return report


def predict(docs: Sequence[CorpusDoc], resources: Resources | None = None,
            batch_size: int = 16) -> Iterator[Prediction]:
    """warlog's events for each corpus document, evidence mapped to corpus offsets. Where segmentation
    or extraction raises, the Prediction carries the error (an extraction bug must not stop the
    evaluation)."""
    res = resources or Resources.default()
    for i in range(0, len(docs), batch_size):
        chunk = docs[i:i + batch_size]
        built: list[Document | str] = []
        for cd in chunk:
            try:
                built.append(build_document(RawDocument(f"corpus:{cd.key}", cd.text, Media.TEXT)))
            except Exception as exc:
                built.append(_describe(exc))
        analyses = iter(_analyse_safely([d for d in built if isinstance(d, Document)], res))
        for cd, doc in zip(chunk, built, strict=True):
            if isinstance(doc, str):
                yield Prediction((), error=doc)
                continue
            analysis = next(analyses)
            yield Prediction((), error=analysis) if isinstance(analysis, str) else to_predicted(cd, doc, analysis)


def _analyse_safely(docs: list[Document], resources: Resources) -> list[Analysis | str]:
    if not docs:
        return []
    try:
        return list(analyse(docs, resources))
    except Exception:
        out: list[Analysis | str] = []
        for d in docs:
            try:
                out.extend(analyse([d], resources))
            except Exception as exc:
                out.append(_describe(exc))
        return out


def _describe(exc: BaseException) -> str:
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = f" at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}" if tb is not None else ""
    return f"{type(exc).__name__}: {exc}{where}"


def to_predicted(cd: CorpusDoc, doc: Document, analysis: Analysis) -> Prediction:
    """warlog's events with their evidence and participants mapped to offsets into `cd.text`."""
    align = Aligner(cd.text, doc)
    out: list[PredEvent] = []
    for e in analysis.events:
        spans = tuple(s for s in (align.span(ev.start, ev.end) for ev in e.evidence) if s is not None)
        out.append(PredEvent(e.type, tuple(e.modes), spans, tuple(ev.quote for ev in e.evidence),
                             _participants(e.actors, align), _participants(e.recipients, align), _place(e)))
    skipped = tuple((*span, str(seg.kind)) for seg in doc.segments if seg.kind not in EXTRACTABLE_KINDS
                    if (span := align.span(seg.start, seg.end)) is not None)
    return Prediction(tuple(out), skipped)


def _participants(mentions: Sequence[ActorMention], align: Aligner) -> tuple[Participant, ...]:
    return tuple(Participant(align.span(m.span.start, m.span.end), tuple(dict.fromkeys((*m.forms(), m.name))))
                 for m in mentions)


def _place(e: Event) -> tuple[str, ...]:
    if e.location is None:
        return ()
    return tuple(x for x in (e.location.raw, e.location.name) if x)


def _skippable(c: str) -> bool:
    return c.isspace() or unicodedata.category(c) in ("Cf", "Cc")


class Aligner:
    """Maps offsets into a Document's stored text back to the text it was built from. Segmentation
    only collapses whitespace, joins paragraphs and drops invisible characters, so each segment is found
    in the source by its sequence of visible characters (in order, from where the previous one ended)."""

    def __init__(self, source: str, doc: Document) -> None:
        self._src_pos = [i for i, c in enumerate(source) if not _skippable(c)]
        src_visible = "".join(source[i] for i in self._src_pos)
        self._segments: list[tuple[int, int, list[int], int]] = []  # start, end, visible offsets, src index
        cursor = 0
        for seg in doc.segments:
            vis = [i for i in range(seg.start, seg.end) if not _skippable(doc.text[i])]
            key = "".join(doc.text[i] for i in vis)
            if not key:
                continue
            found = src_visible.find(key, cursor)
            if found < 0:
                found = src_visible.find(key)
            if found < 0:
                continue
            self._segments.append((seg.start, seg.end, vis, found))
            cursor = found + len(key)

    def offset(self, pos: int, end: bool = False) -> int | None:
        """The source offset of stored offset `pos` (an exclusive end when `end`)."""
        for start, stop, vis, base in self._segments:
            if (start < pos <= stop) if end else (start <= pos < stop):
                k = bisect_left(vis, pos) - (1 if end else 0)
                if not 0 <= k < len(vis):
                    return None
                return self._src_pos[base + k] + (1 if end else 0)
        return None

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        a, b = self.offset(start), self.offset(end, end=True)
        return (a, b) if a is not None and b is not None and a < b else None


# --- scoring -----------------------------------------------------------------------------------------

def score_document(cd: CorpusDoc, prediction: Prediction, report: CorpusReport,
                   table: dict[str, TypeMapping], scored_types: set[str]) -> None:
    """Add one document's gold mentions and predicted events to `report` (see the module docstring)."""
    predicted = prediction.events
    mapped: list[tuple[GoldMention, TypeMapping]] = []
    for g in cd.mentions:
        row = map_type(g.corpus_type, table)
        if row is None or row.plover is None:
            report.unmapped_mentions[g.corpus_type] += 1
            at = _at_trigger(g, predicted, None)
            report.confusion[("-", at)] += 1
            if at != "none":
                report.unmapped_predicted[(g.corpus_type, at)] += 1
            continue
        mapped.append((g, row))
    report.gold_mentions += len(mapped)
    for g, row in mapped:
        plover = row.plover or ""
        finders = [p for p in predicted if p.type == plover and p.covers(g.start, g.end)]
        for score in (report.overall, report.per_type.setdefault(plover, Score()),
                      report.per_corpus_type.setdefault(g.corpus_type, Score())):
            score.gold += 1
            score.found += bool(finders)
        report.confusion[(plover, _at_trigger(g, predicted, plover))] += 1
        if not finders:
            at = ", ".join(sorted({p.type for p in predicted if p.covers(g.start, g.end)}))
            skipped = prediction.skipped_kind(g.start, g.end)
            if skipped and not at:
                report.missed_not_extractable[skipped] += 1
                at = f"none (in a {skipped} segment)"
            report.items.append(ErrorItem("miss", cd.key, plover, g.corpus_type, g.trigger, cd.sentence_of(g.start),
                                          at or "none"))
            continue
        _score_arguments(g, finders, report)
        if row.mode:
            report.modes[1] += 1
            report.modes[0] += any(row.mode in p.modes for p in finders)
    if not report.with_precision:
        return
    for p in predicted:
        if p.type not in scored_types:
            report.unscored_predictions[p.type] += 1
            continue
        if not p.spans:
            continue  # evidence outside the corpus text (cannot happen unless alignment failed)
        inside = [g for g in cd.mentions if p.covers(g.start, g.end)]
        ok = any(r.plover == p.type for g in inside if (r := map_type(g.corpus_type, table)) is not None)
        for score in (report.overall, report.per_type.setdefault(p.type, Score())):
            score.predicted += 1
            score.correct += ok
        if not ok:
            report.items.append(ErrorItem("false_positive", cd.key, p.type,
                                          ", ".join(sorted({g.corpus_type for g in inside})) or "none",
                                          "", " … ".join(p.quotes)))


def _at_trigger(g: GoldMention, predicted: Sequence[PredEvent], plover: str | None) -> str:
    types = [p.type for p in predicted if p.covers(g.start, g.end)]
    if plover is not None and plover in types:
        return plover
    return Counter(types).most_common(1)[0][0] if types else "none"


def _score_arguments(g: GoldMention, finders: Sequence[PredEvent], report: CorpusReport) -> None:
    for arg in g.args:
        slot = arg.slot
        if slot is None or _norm(arg.text) in PRONOUNS or not _norm(arg.text):
            continue
        tally = report.arguments.setdefault(slot, [0, 0])
        tally[1] += 1
        tally[0] += any(_arg_found(arg, slot, p) for p in finders)


def _arg_found(arg: GoldArg, slot: str, p: PredEvent) -> bool:
    if slot == "place":
        return any(_text_match(arg.text, form) for form in p.place)
    people = p.actors if slot == "actor" else p.recipients
    for who in people:
        if who.span is not None and who.span[0] < arg.end and arg.start < who.span[1]:
            return True
        if any(_text_match(arg.text, form) for form in who.forms):
            return True
    return False


_ARTICLES = re.compile(r"^(?:the|a|an|al|el)\s+")
_WORDS = re.compile(r"\w+")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _ARTICLES.sub("", " ".join(_WORDS.findall(text)))


def _text_match(gold: str, predicted: str) -> bool:
    """Whether one text contains the other, as whole words, after normalisation."""
    a, b = _norm(gold), _norm(predicted)
    if not a or not b:
        return False
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


# --- output ------------------------------------------------------------------------------------------

def format_report(report: CorpusReport, errors: bool = False) -> str:
    """The report as a plain-text table (and the error list when `errors`)."""
    def pct(x: Any) -> str:
        return "" if x is None else f"{100 * x:5.1f}"

    lines = [f"{report.corpus}: {report.path}",
             f"{report.documents} documents ({len(report.failed)} failed), {report.gold_mentions} scored gold "
             f"mentions, {sum(report.unmapped_mentions.values())} unmapped, {report.seconds:.1f} s", ""]
    head = f"{'section':<12} {'name':<58} {'gold':>5} {'found':>5} {'pred':>5} {'corr':>5} {'P':>6} {'R':>6} {'F1':>6}"
    lines += [head, "-" * len(head)]
    for row in report.to_rows():
        lines.append(f"{row['section']:<12} {row['name'][:58]:<58} {row['gold']:>5} {row['found']:>5} "
                     f"{'' if row['predicted'] is None else row['predicted']:>5} "
                     f"{'' if row['correct'] is None else row['correct']:>5} {pct(row['precision']):>6} "
                     f"{pct(row['recall']):>6} {pct(row['f1']):>6}")
    lines += ["", "confusion (gold mapped type -> warlog at the trigger):"]
    for (gold, pred), n in sorted(report.confusion.items(), key=lambda x: (x[0][0], -x[1])):
        lines.append(f"  {gold:<10} -> {pred:<10} {n:>5}")
    if report.unscored_predictions:
        lines.append("predicted types the mapping never produces (not scored): " + ", ".join(
            f"{k} {v}" for k, v in report.unscored_predictions.most_common()))
    if report.missed_not_extractable:
        lines.append("misses in text segmentation set aside: " + ", ".join(
            f"{k} {v}" for k, v in report.missed_not_extractable.most_common()))
    if report.unmapped_predicted:
        lines.append("warlog events at triggers of unmapped types: " + ", ".join(
            f"{c} -> {p} {n}" for (c, p), n in report.unmapped_predicted.most_common()))
    if report.unmapped_mentions:
        lines.append("unmapped gold types (left out): " + ", ".join(
            f"{k} {v}" for k, v in report.unmapped_mentions.most_common()))
    if errors:
        lines += ["", "errors:"]
        for item in report.errors():
            what = f"{item.type} ({item.corpus_type})"
            extra = f" trigger={item.trigger!r} warlog={item.predicted}" if item.kind == "miss" else ""
            lines.append(f"- {item.kind} {item.doc} {what}{extra}\n    {' '.join(item.text.split())[:400]}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warlog.eval.corpora",
                                     description="Score warlog's events against WikiEvents or RAMS.")
    parser.add_argument("corpus", choices=("wikievents", "rams"))
    parser.add_argument("path")
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents or passages")
    parser.add_argument("--errors", action="store_true", help="list misses and false positives")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    run = evaluate_wikievents if args.corpus == "wikievents" else evaluate_rams
    report = run(args.path, limit=args.limit)
    if args.json:
        out = report.to_dict()
        if args.errors:
            out["errors"] = [e.to_dict() for e in report.errors()]
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(format_report(report, errors=args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
