"""Toponym resolution scored on geoparsing corpora with gold toponym spans.

Two formats are read, told apart by their tags:

* LGL (Lieberman et al. 2010, as distributed with Gritta et al.'s evaluation code): ``<article>`` with
  ``<text>`` and ``<toponyms><toponym><start/><end/><phrase/><gaztag geonameid=…><lat/><lon/>``;
  toponyms without a ``gaztag`` have no gold point and are not scored.
* GeoWebNews (Gritta et al. 2019): ``<article>`` with ``<text>`` and ``<toponym>`` elements holding
  ``<extractedName/><start/><end/><geonamesID/><latitude/><longitude/>``; those without coordinates
  (non-locational expressions) are not scored.

The resolver sees each document's gold spans (with the whole text as context), as in the tables of
Mordecai 3 (Halterman 2023): accuracy (the predicted GeoNames id is the gold one, over toponyms with a
gold id), accuracy within 161 km (100 miles), mean and median error in km over toponyms that got a
point, and counts. A toponym left unresolved counts as wrong in both accuracies.

    report = evaluate_geoparsing("lgl.xml", Gazetteer.open())
    print(report.to_rows())
"""

from __future__ import annotations

import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from warlog.geo.gazetteer import Gazetteer, distance_km
from warlog.geo.resolve import Resolution, ToponymMention, resolve_toponyms

KM_161 = 161.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    text: str
    start: int
    end: int
    lat: float
    lon: float
    geonames_id: int | None = None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    doc_id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass(frozen=True, slots=True)
class ScoredToponym:
    doc_id: str
    gold: GoldToponym
    resolution: Resolution
    error_km: float | None  # None when unresolved
    exact: bool | None  # None when the gold has no GeoNames id


@dataclass(slots=True)
class GeoEvalReport:
    dataset: str
    count: int  # toponyms scored
    with_id: int  # of which with a gold GeoNames id
    resolved: int  # of which the resolver gave a point
    accuracy: float  # exact GeoNames id, over `with_id`
    acc_161: float  # error ≤ 161 km, over `count`
    mean_km: float  # over `resolved`
    median_km: float  # over `resolved`
    seconds: float
    documents: int
    items: list[ScoredToponym] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, object]:
        return {
            "dataset": self.dataset,
            "documents": self.documents,
            "count": self.count,
            "with_geonames_id": self.with_id,
            "resolved": self.resolved,
            "accuracy": round(self.accuracy, 4),
            "acc_161km": round(self.acc_161, 4),
            "mean_error_km": round(self.mean_km, 1),
            "median_error_km": round(self.median_km, 1),
            "seconds": round(self.seconds, 1),
        }

    def to_rows(self) -> list[tuple[str, str]]:
        """(measure, value) pairs for a two-column table."""
        return [
            ("dataset", self.dataset),
            ("documents", str(self.documents)),
            ("toponyms", str(self.count)),
            ("resolved", str(self.resolved)),
            ("accuracy (GeoNames id)", f"{self.accuracy:.3f}"),
            ("accuracy within 161 km", f"{self.acc_161:.3f}"),
            ("mean error km", f"{self.mean_km:.0f}"),
            ("median error km", f"{self.median_km:.1f}"),
            ("seconds", f"{self.seconds:.1f}"),
        ]

    def errors(self, min_km: float = KM_161) -> list[ScoredToponym]:
        """Toponyms resolved further than ``min_km`` from gold, or not at all: for error analysis."""
        return [i for i in self.items if i.error_km is None or i.error_km > min_km]


def _float(s: str | None) -> float | None:
    try:
        return float(s) if s not in (None, "") else None
    except ValueError:
        return None


def _int(s: str | None) -> int | None:
    try:
        return int(s) if s not in (None, "") else None
    except ValueError:
        return None


def _span(text: str, name: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of ``name`` in ``text``: the given ones when they fit, else the nearest match."""
    if text[start:end] == name or not name:
        return start, end
    best: tuple[int, int] | None = None
    i = text.find(name)
    while i >= 0:
        if best is None or abs(i - start) < abs(best[0] - start):
            best = (i, i + len(name))
        i = text.find(name, i + 1)
    return best or (start, end)


def read_gold(path: Path | str) -> list[GoldDocument]:
    """The documents of an LGL or GeoWebNews XML file, with their scorable gold toponyms."""
    root = ET.parse(path).getroot()
    docs: list[GoldDocument] = []
    for n, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        doc_id = art.get("docid") or art.get("file") or str(n)
        tops: list[GoldToponym] = []
        for tp in art.iter("toponym"):
            gaz = tp.find("gaztag")
            if gaz is not None:  # LGL
                name = tp.findtext("phrase") or ""
                lat, lon = _float(gaz.findtext("lat")), _float(gaz.findtext("lon"))
                gid = _int(gaz.get("geonameid"))
            else:  # GeoWebNews, or an LGL toponym without gold
                name = tp.findtext("extractedName") or tp.findtext("phrase") or ""
                lat, lon = _float(tp.findtext("latitude")), _float(tp.findtext("longitude"))
                gid = _int(tp.findtext("geonamesID"))
            start, end = _int(tp.findtext("start")), _int(tp.findtext("end"))
            if lat is None or lon is None or start is None or end is None or not name:
                continue
            start, end = _span(text, name, start, end)
            tops.append(GoldToponym(name, start, end, lat, lon, gid))
        docs.append(GoldDocument(doc_id, text, tuple(sorted(tops, key=lambda t: t.start))))
    return docs


def score_documents(
    docs: Sequence[GoldDocument], gazetteer: Gazetteer, *, dataset: str = ""
) -> GeoEvalReport:
    t0 = time.perf_counter()
    items: list[ScoredToponym] = []
    for doc in docs:
        mentions = [ToponymMention(t.text, t.start, t.end, doc.text, 0) for t in doc.toponyms]
        for gold, res in zip(doc.toponyms, resolve_toponyms(mentions, gazetteer), strict=True):
            err = distance_km(gold.lat, gold.lon, res.place.lat, res.place.lon) if res.place else None
            exact = None if gold.geonames_id is None else (res.geonames_id == gold.geonames_id)
            items.append(ScoredToponym(doc.doc_id, gold, res, err, exact))
    errs = [i.error_km for i in items if i.error_km is not None]
    with_id = [i for i in items if i.exact is not None]
    return GeoEvalReport(
        dataset=dataset,
        count=len(items),
        with_id=len(with_id),
        resolved=len(errs),
        accuracy=sum(1 for i in with_id if i.exact) / len(with_id) if with_id else 0.0,
        acc_161=sum(1 for e in errs if e <= KM_161) / len(items) if items else 0.0,
        mean_km=statistics.fmean(errs) if errs else 0.0,
        median_km=statistics.median(errs) if errs else 0.0,
        seconds=time.perf_counter() - t0,
        documents=len(docs),
        items=items,
    )


def evaluate_geoparsing(path: Path | str, gazetteer: Gazetteer | None = None) -> GeoEvalReport:
    """Resolve the gold toponyms of an LGL or GeoWebNews file and score the result (see the module
    docstring). Opens (and on first use builds) the default gazetteer when none is given."""
    gaz = gazetteer or Gazetteer.open()
    return score_documents(read_gold(path), gaz, dataset=Path(path).name)
