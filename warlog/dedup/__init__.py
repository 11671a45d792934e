"""Counting events, not articles: reports of one event in several documents become one canonical
event with all their sources (issue 8).

Pure parts: `features` (what is compared), `score` (one pair: score, reason, vetoes), `clustering`
(analysts' links and where a new report goes), `canonical` (the merged event, count ranges and
disagreements), `fingerprint` (near-duplicate documents; imported where used, as it loads numpy).
The store (`warlog/store/clusters_sql.py`) runs them inside each document's write transaction, and
reads canonical events back (`Store.event_clusters`); after an analyst's merge or split, `warlog.review`
asks the store to cluster again (`Store.recluster`).
"""

from __future__ import annotations

from .canonical import ClusterMember, CountRange, EventCluster
from .clustering import Links, Placement
from .score import PairScore, compare

__all__ = [
    "ClusterMember",
    "CountRange",
    "EventCluster",
    "Links",
    "PairScore",
    "Placement",
    "compare",
]
