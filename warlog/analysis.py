"""The extraction stages run over a batch of documents: spaCy once over all their extractable
segments (`nlp.pipe`), then places and dates per document. Pure given its read-only Resources."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .extract import EXTRACTOR_VERSION
from .extract.places import find_toponyms, resolve_places
from .extract.times import find_dates
from .geo.gazetteer import Gazetteer
from .model import Analysis, Document
from .nlp import annotate, load_pipeline


@dataclass(frozen=True, slots=True)
class Resources:
    """What the extraction stages read: the spaCy pipeline and the gazetteer index."""

    nlp: Any
    gazetteer: Gazetteer

    @staticmethod
    @lru_cache(maxsize=1)
    def default() -> Resources:
        """Loaded once per process (the model, and the gazetteer index, built on first use)."""
        return Resources(load_pipeline(), Gazetteer.open())


def analyse(documents: Sequence[Document], resources: Resources, *, batch_size: int = 64,
            n_process: int = 1) -> Iterator[Analysis]:
    """One Analysis per document, in order."""
    annotated = annotate(documents, resources.nlp, batch_size=batch_size, n_process=n_process)
    for doc, segments in zip(documents, annotated, strict=True):
        candidates = find_toponyms(segments, resources.gazetteer)
        places, focus = resolve_places(candidates, resources.gazetteer, doc.text)
        yield Analysis(EXTRACTOR_VERSION, tuple(places), tuple(find_dates(segments, doc.published)), focus)
