"""Training sentences for the learned typer, from every source warlog can read them from.

    examples_from_plover(path)      PLOVER gold-standard records (CC BY-SA 4.0): type as translated
                                    to warlog's vocabulary by warlog.vocab.plover_eval
    examples_from_jsonl(path)       {"text", "label", "trigger"} lines (warlog/learn/data/own_examples.jsonl)
    examples_from_snippets(path)    {"text", "plover": ["TYPE/mode", ...]} lines (empty list: NONE)
    examples_from_acled_csv(path)   an ACLED export: notes, labelled through codebooks.csv read backwards
    examples_from_gtd_csv(path)     a GTD export: summary, labelled through codebooks.csv read backwards

Analysts' decisions become examples in warlog.review (`examples_from_review`: it reads the store).
`featurise(examples, nlp)` turns them into what warlog.learn.model trains on. A file that cannot be
read or lacks a column raises ConfigError saying what to do.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..vocab import Vocabulary, load_vocabulary
from .features import texts_features
from .model import NONE, Labelled, SourceInfo

#: Licence of each source name an Example can carry; `warlog train` records them in the model.
LICENCES: Mapping[str, str] = {
    "plover-gsr": "CC BY-SA 4.0 (PLOVER gold-standard records, Open Event Data Alliance)",
    "warlog-own": "CC BY-SA 4.0 (warlog's own annotations, warlog/learn/data/own_examples.jsonl)",
    "review": "the user's own review decisions (local)",
    "acled": "the user's ACLED export, under ACLED's terms of use (local, never shipped)",
    "gtd": "the user's GTD export, under START's terms of use (local, never shipped)",
    "coded": "a coded file of the user's (local)",
}
GTD_DEFAULT = "ASSAULT"


@dataclass(frozen=True, slots=True)
class Example:
    """One coded sentence: `label` is a PLOVER type or NONE; `trigger` the word that states the event
    (None: not known); `source` one of LICENCES' names."""

    text: str
    label: str
    trigger: str | None = None
    source: str = "coded"


@dataclass(slots=True)
class ReadReport:
    """What a reader kept and what it skipped (by the reason, e.g. the unmapped category)."""

    kept: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        skipped = sum(self.skipped.values())
        if not skipped:
            return f"{self.kept} examples"
        top = ", ".join(f"{k} ({v})" for k, v in self.skipped.most_common(5))
        return f"{self.kept} examples, {skipped} {'row' if skipped == 1 else 'rows'} skipped: {top}"


def sources_of(examples: Sequence[Example]) -> list[SourceInfo]:
    counts = Counter(e.source for e in examples)
    return [SourceInfo(name, LICENCES.get(name, "unknown"), n) for name, n in sorted(counts.items())]


def featurise(examples: Sequence[Example], nlp: Any) -> list[Labelled]:
    feats = texts_features(((e.text, e.trigger) for e in examples), nlp)
    return [Labelled(tuple(f), e.label) for f, e in zip(feats, examples, strict=True)]


# -- coded sentence files -------------------------------------------------------------------------------

def _read_text(path: Path | str, what: str) -> str:
    try:
        return Path(path).read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {what} {path}: {exc}; give the path of a UTF-8 file") from None


def _jsonl(path: Path | str, what: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for n, line in enumerate(_read_text(path, what).splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise ConfigError(f"{path} line {n} is not JSON ({exc}); {what} has one JSON object a line") from None
        if not isinstance(record, dict) or not str(record.get("text") or "").strip():
            raise ConfigError(f"{path} line {n} has no \"text\"; {what} has one object with a text a line")
        yield n, record


def _label(value: Any, vocab: Vocabulary, where: str) -> str:
    name = str(value or "").strip()
    if name.upper() == NONE:
        return NONE
    new_type = vocab.normalise_type(name.split("/")[0])
    if new_type is None:
        raise ConfigError(f"{where}: {name!r} is not a PLOVER type or NONE; one of {', '.join(vocab.types)}")
    return new_type


def examples_from_jsonl(path: Path | str, source: str = "warlog-own") -> list[Example]:
    """{"text", "label", "trigger"} lines; label is a PLOVER type or NONE."""
    vocab = load_vocabulary()
    return [Example(str(r["text"]), _label(r.get("label"), vocab, f"{path} line {n}"),
                    str(r["trigger"]) if r.get("trigger") else None, source)
            for n, r in _jsonl(path, "a coded sentence file")]


def examples_from_snippets(path: Path | str, source: str = "coded") -> list[Example]:
    """Snippet lines {"text", "plover": ["TYPE/mode", ...]}: the first entry's type, NONE for an
    empty list."""
    vocab = load_vocabulary()
    out: list[Example] = []
    for n, r in _jsonl(path, "a snippets file"):
        codes = r.get("plover")
        if not isinstance(codes, list):
            raise ConfigError(f"{path} line {n} has no \"plover\" list; write [] for a sentence with no event")
        label = _label(codes[0], vocab, f"{path} line {n}") if codes else NONE
        out.append(Example(str(r["text"]), label, None, source))
    return out


def examples_from_plover(path: Path | str) -> list[Example]:
    """The PLOVER gold-standard records (types translated to warlog's vocabulary); the trigger is
    the first word of the record's event text."""
    from ..vocab.plover_eval import read_plover_gold

    try:
        gold = read_plover_gold(path)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read PLOVER records from {path}: {exc}; give PLOVER_GSR_CAMEO.json") from None
    return [Example(g.text, g.type, g.event_text.split()[0] if g.event_text.split() else None, "plover-gsr")
            for g in gold]


def read_coded_file(path: Path | str) -> list[Example]:
    """Coded sentences from a PLOVER gold file (a JSON array), a snippets file (JSONL with
    "plover") or a sentence file (JSONL with "label")."""
    text = _read_text(path, "a coded file")
    if text.lstrip().startswith("["):
        return examples_from_plover(path)
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        keys = json.loads(first).keys() if first else set()
    except (ValueError, AttributeError):
        keys = set()
    if "plover" in keys:
        return examples_from_snippets(path)
    if "label" in keys:
        return examples_from_jsonl(path, "coded")
    raise ConfigError(f"{path} is not a coded file: give PLOVER_GSR_CAMEO.json, a snippets JSONL file "
                      "({\"text\", \"plover\": [...]}) or a JSONL file of {\"text\", \"label\"}")


def examples_from_gold(path: Path | str) -> list[Example]:
    """The gold events of an incident-level gold file (../shared/gold/FORMAT.md) as coded sentences:
    each event's first evidence quote with its first type (TYPE of "TYPE/mode")."""
    try:
        gold = json.loads(_read_text(path, "a gold file"))
    except ValueError as exc:
        raise ConfigError(f"{path} is not JSON ({exc}); give a gold file as FORMAT.md describes") from exc
    return [Example(str(e["evidence"][0]), str(e["types"][0]).split("/")[0], None, "coded")
            for e in gold.get("events", []) if e.get("evidence") and e.get("types")]


# -- ACLED and GTD exports ------------------------------------------------------------------------------

def _csv(path: Path | str, needed: Sequence[str], what: str) -> Iterator[dict[str, str]]:
    text = _read_text(path, what)
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in needed if c not in header]
    if missing:
        raise ConfigError(f"{path} has no column {', '.join(missing)}; {what} needs the columns "
                          f"{', '.join(needed)} (export it with its header row, comma-separated)")
    try:
        for row in reader:
            yield {str(k).strip(): (v or "").strip() for k, v in row.items() if k is not None}
    except csv.Error as exc:
        raise ConfigError(f"{path} is not a readable CSV file ({exc}); export it again as CSV") from None


def _pick(rows: Sequence[tuple[str, bool, bool]]) -> str | None:
    """The PLOVER type codebook rows point back to: rows without a condition before conditioned
    ones, then rows without a mode (a type's fallback), then the type with most rows, then file
    order. Rows are (type, conditioned, has_mode)."""
    if not rows:
        return None
    rows = [r for r in rows if not r[1]] or list(rows)
    rows = [r for r in rows if not r[2]] or rows
    counts = Counter(r[0] for r in rows)
    top = max(counts.values())
    return next(r[0] for r in rows if counts[r[0]] == top)


def acled_to_plover(vocab: Vocabulary | None = None) -> dict[tuple[str, str], str]:
    """(ACLED event type, sub-event type) -> PLOVER type, read backwards from codebooks.csv (see
    `_pick`); an event type whose rows all give one PLOVER type also maps its sub-event types that
    have no row, as (event type, "")."""
    v = vocab or load_vocabulary()
    by_sub: dict[tuple[str, str], list[tuple[str, bool, bool]]] = {}
    by_type: dict[str, set[str]] = {}
    for row in v.codebook:
        if row.acled_event_type and row.acled_sub_event_type:
            by_sub.setdefault((row.acled_event_type, row.acled_sub_event_type), []).append(
                (row.type, bool(row.conditions), row.mode is not None))
            by_type.setdefault(row.acled_event_type, set()).add(row.type)
    out = {key: t for key, rows in by_sub.items() if (t := _pick(rows)) is not None}
    out.update({(event_type, ""): next(iter(types)) for event_type, types in by_type.items() if len(types) == 1})
    return out


def gtd_to_plover(vocab: Vocabulary | None = None) -> dict[str, str]:
    """GTD attack type -> PLOVER type, read backwards from codebooks.csv; attack types with no row
    are attacks (GTD_DEFAULT)."""
    v = vocab or load_vocabulary()
    rows: dict[str, list[tuple[str, bool, bool]]] = {}
    for row in v.codebook:
        if row.gtd_attack_type:
            rows.setdefault(row.gtd_attack_type, []).append((row.type, bool(row.conditions), row.mode is not None))
    out = {name: GTD_DEFAULT for name in v.gtd}
    out.update({name: t for name, r in rows.items() if (t := _pick(r)) is not None})
    return out


def examples_from_acled_csv(path: Path | str, report: ReadReport | None = None) -> list[Example]:
    """Rows of an ACLED export (columns event_type, sub_event_type, notes): the notes, labelled with
    the PLOVER type the sub-event type maps to. Rows without notes or with a category codebooks.csv
    does not map are skipped and counted in `report`."""
    table = acled_to_plover()
    rep = report if report is not None else ReadReport()
    out: list[Example] = []
    for row in _csv(path, ("event_type", "sub_event_type", "notes"), "an ACLED export"):
        key = (row["event_type"], row["sub_event_type"])
        label = table.get(key) or table.get((row["event_type"], ""))
        if not row["notes"]:
            rep.skipped["no notes"] += 1
        elif label is None:
            rep.skipped["/".join(key)] += 1
        else:
            out.append(Example(row["notes"], label, None, "acled"))
    rep.kept += len(out)
    return out


def examples_from_gtd_csv(path: Path | str, report: ReadReport | None = None) -> list[Example]:
    """Rows of a GTD export (columns summary, attacktype1_txt): the summary, labelled with the PLOVER
    type of the attack type (ASSAULT unless codebooks.csv says otherwise). Rows without a summary are
    skipped and counted."""
    table = gtd_to_plover()
    rep = report if report is not None else ReadReport()
    out: list[Example] = []
    for row in _csv(path, ("summary", "attacktype1_txt"), "a GTD export"):
        if not row["summary"]:
            rep.skipped["no summary"] += 1
            continue
        out.append(Example(row["summary"], table.get(row["attacktype1_txt"], GTD_DEFAULT), None, "gtd"))
    rep.kept += len(out)
    return out
