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

from typing import TYPE_CHECKING

from ..errors import ConfigError
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

if TYPE_CHECKING:
    from .transfer import Transfer


def restore_store(backup: str, path: str) -> int:
    """Replace the store at `path` with a backup written by `Store.backup` (checked first); returns the
    backup's schema version (the store is migrated when next opened)."""
    from .backup import restore_from

    return restore_from(backup, path)


def copy_store(source: Store, dest: Store) -> Transfer:
    """Copy everything `source` holds into the empty store `dest` (either backend, either way), checked
    by rows and a checksum of the ids (`warlog migrate-store`)."""
    from .sqlstore import SQLStore
    from .transfer import copy_store as copy

    if not isinstance(source, SQLStore) or not isinstance(dest, SQLStore):
        raise ConfigError("migrate-store copies between warlog's SQL stores (SQLite, PostgreSQL)")
    return copy(source, dest)


def open_store(path: str, *, dedup: bool | None = None) -> Store:
    """Open (creating and migrating as needed) the store at `path`: a SQLite file, `:memory:` for a
    throw-away one, or a `postgresql://` URL for the shared PostgreSQL store. `dedup`: merge reports of
    one event across documents as they are written (default: the WARLOG_DEDUP setting, on)."""
    from .postgres import PostgresStore, is_postgres_url
    from .sqlite import SQLiteStore

    if is_postgres_url(path):
        return PostgresStore(path, dedup=dedup)

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
    "copy_store",
    "open_store",
    "restore_store",
]
