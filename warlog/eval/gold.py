"""Scoring against gold files, exactly as ../shared/gold/FORMAT.md specifies.

`evaluate_gold(paths)` ingests each gold file's document into a throw-away in-memory store, runs the
whole pipeline, and scores segments, events (P/R/F1 and per-argument accuracy over matched pairs),
relations and places. Names are compared after normalisation (case, accents, leading articles,
punctuation); quotes match when they share a run of characters at least 80% as long as the
shorter one and at least 20 characters long (or all of the shorter).
"""

from __future__ import annotations

import difflib
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unidecode import unidecode

from ..errors import ConfigError
from ..model import UNREAL

ARTICLES = ("the ", "al ", "al-", "el-", "an-", "as-", "ad-")
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
ARGUMENTS = ("actors", "recipients", "location", "date", "fatalities", "counts")
TOWN_KM, PROVINCE_KM, COUNTRY_KM = 25.0, 100.0, 500.0


def norm(name: str | None) -> str:
    """FORMAT.md name normalisation."""
    s = unidecode(unicodedata.normalize("NFKC", name or "")).lower().replace("’", "'")
    s = re.sub(r"[^a-z0-9' -]+", " ", s)
    changed = True
    while changed:
        changed = False
        for a in ARTICLES:
            if s.startswith(a):
                s, changed = s[len(a):], True
    s = re.sub(r"\b(al|el)[ -]", "", s)
    return re.sub(r"\s+", " ", s).strip()


def squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").translate(QUOTES)).strip()


def quotes_match(a: str, b: str) -> bool:
    a, b = squash(a), squash(b)
    if not a or not b:
        return False
    run = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size
    shorter = min(len(a), len(b))
    return run >= min(20, shorter) and run >= 0.8 * shorter


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def names_of(actor: dict[str, Any]) -> set[str]:
    """Every name a predicted actor answers to: canonical name and the surface forms it came from."""
    out = {norm(actor.get(k)) for k in ("name", "surface") if isinstance(actor.get(k), str)}
    out |= {norm(f) for f in actor.get("forms") or [] if isinstance(f, str)}
    return {n for n in out if n}


def group_hit(group: Sequence[str], predicted: Iterable[dict[str, Any]]) -> bool:
    want = {norm(g) for g in group}
    return any(names_of(p) & want for p in predicted)


def type_ok(event: dict[str, Any], types: Sequence[str]) -> bool:
    t = str(event.get("type") or "").upper()
    modes = {str(m).lower() for m in event.get("modes") or []}
    for spec in types:
        gold_type, _, gold_mode = spec.partition("/")
        if t == gold_type.upper() and (not gold_mode or gold_mode.lower() in modes):
            return True
    return False


def _as_list(v: Any) -> list[Any]:
    return v if isinstance(v, list) else [v]


def argument_checks(gold: dict[str, Any], pred: dict[str, Any]) -> list[tuple[str, bool, str]]:
    out: list[tuple[str, bool, str]] = []
    for role in ("actors", "recipients"):
        for group in gold.get(role) or []:
            out.append((role, group_hit(group, pred.get(role) or []), f"{role}:{group[0]}"))
    if "location" in gold:
        g, loc = gold["location"], pred.get("location") or {}
        ok = (loc.get("lat") is not None and loc.get("lon") is not None
              and km(loc["lat"], loc["lon"], g["lat"], g["lon"]) <= g.get("tolerance_km", TOWN_KM))
        out.append(("location", ok, f"location:{loc.get('name')!r}"))
    if "date" in gold:
        edtf = (pred.get("date") or {}).get("edtf")
        out.append(("date", edtf in _as_list(gold["date"]), f"date:{edtf!r}"))
    if "fatalities" in gold:
        out.append(("fatalities", pred.get("fatalities") in _as_list(gold["fatalities"]),
                    f"fatalities:{pred.get('fatalities')!r}"))
    for k, v in (gold.get("counts") or {}).items():
        got = (pred.get("counts") or {}).get(k)
        out.append(("counts", got in _as_list(v), f"{k}:{got!r}"))
    return out


def _quotes(event: dict[str, Any]) -> list[str]:
    return [str(e.get("quote", "")) for e in event.get("evidence") or []]


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def to_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(slots=True)
class GoldReport:
    """Scores of one or more gold files."""

    files: list[str] = field(default_factory=list)
    events: Score = field(default_factory=Score)
    relations: Score = field(default_factory=Score)
    arguments: dict[str, list[int]] = field(default_factory=lambda: {a: [0, 0] for a in ARGUMENTS})
    admin1: list[int] = field(default_factory=lambda: [0, 0])
    places: list[int] = field(default_factory=lambda: [0, 0, 0])  # correct, correct@161km, total
    segments: dict[str, list[int]] = field(default_factory=dict)
    details: dict[str, dict[str, str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "events": self.events.to_dict(),
            "arguments": {k: (round(v[0] / v[1], 3) if v[1] else None) for k, v in self.arguments.items()},
            "admin1": round(self.admin1[0] / self.admin1[1], 3) if self.admin1[1] else None,
            "relations": self.relations.to_dict(),
            "places": {"accuracy": round(self.places[0] / self.places[2], 3) if self.places[2] else None,
                       "accuracy_161km": round(self.places[1] / self.places[2], 3) if self.places[2] else None,
                       "count": self.places[2]},
            "segments": {k: f"{v[0]}/{v[1]}" for k, v in self.segments.items()},
            "details": self.details,
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """(measure, value) rows for a table."""
        d = self.to_dict()
        rows = [{"measure": f"events {k}", "value": v} for k, v in d["events"].items()]
        rows += [{"measure": f"argument {k}", "value": v} for k, v in d["arguments"].items()]
        rows += [{"measure": "location admin1", "value": d["admin1"]}]
        rows += [{"measure": f"relations {k}", "value": v} for k, v in d["relations"].items()]
        rows += [{"measure": f"places {k}", "value": v} for k, v in d["places"].items()]
        rows += [{"measure": f"segments {k}", "value": v} for k, v in d["segments"].items()]
        return rows


def score_events(gold: dict[str, Any], predicted: list[dict[str, Any]], report: GoldReport, name: str) -> None:
    used: set[int] = set()
    matches: dict[str, dict[str, Any]] = {}
    for g in gold.get("events") or []:
        cands = [i for i, p in enumerate(predicted) if i not in used and type_ok(p, g["types"])
                 and any(quotes_match(q, ge) for q in _quotes(p) for ge in g["evidence"])]
        if cands:
            best = max(cands, key=lambda i: sum(ok for _, ok, _ in argument_checks(g, predicted[i])))
            used.add(best)
            matches[g["id"]] = predicted[best]
    required = [g for g in gold.get("events") or [] if not g.get("optional")]
    optional_hits = sum(1 for g in gold.get("events") or [] if g.get("optional") and g["id"] in matches)
    tp = sum(1 for g in required if g["id"] in matches)
    report.events.add(Score(tp, len(predicted) - tp - optional_hits, len(required) - tp))
    detail: dict[str, str] = {}
    for g in required:
        p = matches.get(g["id"])
        if p is None:
            detail[g["id"]] = "missed"
            continue
        notes = []
        for arg, ok, note in argument_checks(g, p):
            report.arguments[arg][0] += ok
            report.arguments[arg][1] += 1
            if not ok:
                notes.append(note)
        if "location" in g and g["location"].get("admin1"):
            report.admin1[1] += 1
            ours = norm((p.get("location") or {}).get("admin1")).replace("'", "")
            report.admin1[0] += ours == norm(g["location"]["admin1"]).replace("'", "")
        detail[g["id"]] = "; ".join(notes) or "ok"
    for i, p in enumerate(predicted):
        if i not in used:
            detail[f"FP {i}"] = f"{p.get('type')} {(_quotes(p) or [''])[0][:80]}"
    report.details[name] = detail


def score_relations(gold: dict[str, Any], predicted: list[dict[str, Any]], report: GoldReport) -> None:
    used: set[int] = set()
    tp = 0
    for g in gold.get("relations") or []:
        for i, p in enumerate(predicted):
            if i in used or str(p.get("relation") or "").lower() not in g["relation"]:
                continue
            if group_hit(g["subject"], [p.get("subject") or {}]) and group_hit(g["object"], [p.get("object") or {}]):
                used.add(i)
                tp += 1
                break
    report.relations.add(Score(tp, len(predicted) - tp, len(gold.get("relations") or []) - tp))


def score_segments(gold: dict[str, Any], shown: dict[str, Any], report: GoldReport) -> None:
    g = gold.get("segments")
    if not g:
        return
    segs = shown["segments"]
    body = " ".join(s["text"] for s in segs if s["kind"] in ("headline", "subheading", "body"))
    checks = {
        "headline": [s["text"].strip() for s in segs if s["kind"] == "headline"][:1] == [g.get("headline")],
        "subheadings": all(x in [s["text"].strip() for s in segs if s["kind"] == "subheading"]
                           for x in g.get("subheadings") or []),
        "comments": sorted((s.get("author") or "").strip() for s in segs if s["kind"] == "comment")
        == sorted(g.get("comment_authors") or []),
        "bio_out_of_body": not any(b in body for b in g.get("bio_contains") or []),
        "boilerplate_out_of_body": not any(b in body for b in g.get("boilerplate_contains") or []),
        "rejoined": squash(g.get("rejoined_sentence")) in squash(body) if g.get("rejoined_sentence") else True,
    }
    for k, ok in checks.items():
        cell = report.segments.setdefault(k, [0, 0])
        cell[0] += ok
        cell[1] += 1


def score_places(gold: dict[str, Any], found: list[dict[str, Any]], report: GoldReport) -> None:
    """Each gold toponym: some place mention with that text resolved within tolerance."""
    for g in gold.get("places") or []:
        tol = g.get("tolerance_km", TOWN_KM)
        hits = [m for m in found if norm(m["text"]) == norm(g["name"]) and m["location"]["lat"] is not None]
        dists = [km(g["lat"], g["lon"], m["location"]["lat"], m["location"]["lon"]) for m in hits]
        report.places[2] += 1
        report.places[0] += any(d <= tol for d in dists)
        report.places[1] += any(d <= 161 for d in dists)


def evaluate_gold(paths: Sequence[str | Path]) -> GoldReport:
    """Run warlog on each gold file's document and score it (FORMAT.md)."""
    from ..ingest.meta import clean_published
    from ..query import event_to_dict
    from ..run import IngestOptions, ingest
    from ..store import open_store

    report = GoldReport()
    for path in map(Path, paths):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
            document = (path.parent / gold["document"]).resolve()
        except (OSError, ValueError, KeyError) as exc:
            raise ConfigError(f"{path}: not a readable gold file ({exc}); see FORMAT.md") from None
        if not document.exists():
            raise ConfigError(f"{path}: its document {document} does not exist")
        # FORMAT.md: `published` is the date the input carries (page metadata a plain file cannot hold)
        options = IngestOptions(published=clean_published(gold["published"]) if gold.get("published") else None)
        with open_store(":memory:") as store:
            outcomes = ingest([str(document)], store, options=options).outcomes
            doc_id = next((o.doc_id for o in outcomes if o.doc_id), None)
            if doc_id is None:
                raise ConfigError(f"{path}: its document was rejected: {outcomes[0].message if outcomes else ''}")
            events = [event_to_dict(e) for e in store.events() if e.certainty not in UNREAL]
            relations = [r.to_dict() for r in store.relations()]
            shown = store.document(doc_id).to_dict()
            places = [{"text": m.span.text, "location": m.location.to_dict()} for _, m in store.place_mentions()]
        report.files.append(str(path))
        score_segments(gold, shown, report)
        score_events(gold, events, report, path.name)
        score_relations(gold, relations, report)
        score_places(gold, places, report)
    return report
