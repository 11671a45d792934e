"""Storage behind one interface. `open_store(path)` gives the embedded SQLite store; a PostgreSQL
store will implement the same `Store` methods.

The interface and its records are in `base.py`; the store imports the stages' pure rules (dedup,
decisions, query) and nothing above it (tests/test_architecture.py).

Who writes, each write one transaction through these methods: `warlog.run` (documents, their
extraction and dedup links: `write_document`, `record_rejection`); `warlog.review` and the desk's review
pages (analysts' decisions on events and actors, merge suggestions: `decide_event`, `decide`,
`undo_*`, `save_suggestions`; clustering again after a merge or split: `recluster`); `warlog dedup`
(`dedup_unchecked`, for events stored with dedup off); `warlog.users` and the desk's login (users,
sessions); `warlog backup` (`backup`, a copy). Everything else reads."""

from __future__ import annotations

from .base import (
    ActorActivity,
    ActorInfo,
    Decision,
    DocumentInfo,
    DocumentLink,
    EventCluster,
    EventDecision,
    KnownInput,
    SearchHit,
    Stats,
    Store,
    StoredRejection,
    StoredVersion,
    Suggestion,
    User,
    WebSession,
)


def restore_store(backup: str, path: str) -> int:
    """Replace the store at `path` with a backup written by `Store.backup` (checked first); returns the
    backup's schema version (the store is migrated when next opened)."""
    from .backup import restore_from

    return restore_from(backup, path)


def open_store(path: str, *, dedup: bool | None = None) -> Store:
    """Open (creating and migrating as needed) the store at `path`; `:memory:` for a throw-away one.
    `dedup`: merge reports of one event across documents as they are written (default: the
    WARLOG_DEDUP setting, on)."""
    from .sqlite import SQLiteStore

    return SQLiteStore(path, dedup=dedup)


__all__ = [
    "ActorActivity",
    "ActorInfo",
    "Decision",
    "DocumentInfo",
    "DocumentLink",
    "EventCluster",
    "EventDecision",
    "KnownInput",
    "SearchHit",
    "Stats",
    "Store",
    "StoredRejection",
    "StoredVersion",
    "Suggestion",
    "User",
    "WebSession",
    "open_store",
    "restore_store",
]
