"""A store's contents in a comparable form: what two runs must agree on to be called identical
(documents, events with their participants, places and dates, actor mentions, relations, canonical
events). Used by the determinism and crash-safety tests and by `python -m warlog.eval.crash`."""

from __future__ import annotations

from typing import Any

from ..query import event_to_dict
from ..store import Store


def store_digest(store: Store) -> dict[str, Any]:
    """Everything extraction and dedup stored, sorted, without the times things were written."""
    docs = sorted(d.doc_id for d in store.documents())
    mentions = {d: sorted(((m.span.start, m.span.end, m.actor_id, m.how) for m in store.actor_mentions(d)),
                          key=_none_first) for d in docs}
    events = sorted((event_to_dict(e) for e in store.events()), key=lambda d: d["id"])
    relations = sorted(((r.doc_id, r.subject.actor_id, r.relation, r.object.actor_id, r.evidence.start)
                        for r in store.relations()), key=_none_first)
    clusters = sorted(sorted(m.event_id for m in c.members) for c in store.event_clusters())
    return {"docs": docs, "mentions": mentions, "events": events, "relations": relations, "clusters": clusters}


def _none_first(row: tuple[Any, ...]) -> tuple[tuple[bool, Any], ...]:
    """A sort key for rows that may hold None (an actor mention or relation end no actor id resolved)."""
    return tuple((v is not None, "" if v is None else v) for v in row)
