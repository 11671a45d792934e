"""Counting events, not articles: reports of one event in several documents become one canonical
event with all their sources (issue 8).

Pure parts: `features` (what is compared), `score` (one pair: score, reason, vetoes), `clustering`
(analysts' links and where a new report goes), `canonical` (the merged event, count ranges and
disagreements), `fingerprint` (near-duplicate documents; imported where used, as it loads numpy).
The store (`warlog/store/clusters_sql.py`) runs them inside each document's write transaction, and
reads canonical events back (`Store.event_clusters`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .canonical import ClusterMember, CountRange, EventCluster
from .clustering import Links, Placement
from .score import PairScore, compare

if TYPE_CHECKING:
    from ..store import Store


def recluster(store: Store, event_ids: Sequence[str]) -> list[str]:
    """Cluster these events again, with every member of the clusters they are in, honouring the
    analysts' merge and split decisions in force (call it after recording or undoing one); returns
    the ids of the clusters that now hold them."""
    return store.recluster(event_ids)


__all__ = [
    "ClusterMember",
    "CountRange",
    "EventCluster",
    "Links",
    "PairScore",
    "Placement",
    "compare",
    "recluster",
]
