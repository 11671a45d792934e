"""Storage behind one interface. `open_store(path)` gives the embedded SQLite store; a PostgreSQL
store will implement the same `Store` methods. Only `warlog.pipeline` writes; everything else reads."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType

from ..model import (
    ActorRecord,
    Analysis,
    DateMention,
    Document,
    Event,
    IngestStatus,
    PlaceMention,
    Rejection,
    Relation,
)
from ..query import EventQuery
from .actors_sql import ActorInfo, Decision, Suggestion


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A stored document without its text: what `warlog docs` lists."""

    doc_id: str
    url: str | None
    title: str | None
    published: str | None
    source: str | None
    origin: str
    media: str
    segments: int
    ingested_at: str

    def summary(self) -> dict[str, str | None]:
        return {"doc_id": self.doc_id, "url": self.url, "title": self.title,
                "published": self.published, "source": self.source}


@dataclass(frozen=True, slots=True)
class SearchHit:
    doc_id: str
    title: str | None
    kind: str
    seq: int
    snippet: str
    score: float


@dataclass(frozen=True, slots=True)
class StoredRejection:
    origin: str
    reason: str
    message: str
    first_seen: str
    last_seen: str
    times: int


@dataclass(frozen=True, slots=True)
class Stats:
    documents: int
    segments_by_kind: dict[str, int] = field(default_factory=dict)
    rejections_by_reason: dict[str, int] = field(default_factory=dict)
    extracted: dict[str, int] = field(default_factory=dict)
    sources: int = 0
    first_published: str | None = None
    last_published: str | None = None
    schema_version: int = 0
    path: str = ""
    size_bytes: int = 0


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """What the store knows of a document before writing it again: the hash of the input as given
    (content and the metadata that came with it) and the segmenter version that cut it."""

    input_hash: str
    segmenter: str
    extractor: str | None = None


class Store(ABC):
    """The one storage interface. Each write method is one transaction."""

    # -- writes (only the pipeline calls these) --
    @abstractmethod
    def stored_version(self, doc_id: str) -> StoredVersion | None: ...

    @abstractmethod
    def write_document(self, doc: Document, raw: str | None = None,
                       analysis: Analysis | None = None) -> IngestStatus:
        """Insert or replace one document with its segments and what extraction found in it, in one
        transaction: ADDED, UPDATED (content, segmenter or extractor changed) or UNCHANGED."""

    @abstractmethod
    def record_rejection(self, rejection: Rejection) -> None: ...

    # -- reads --
    @abstractmethod
    def documents(self, *, limit: int | None = None, offset: int = 0,
                  source: str | None = None) -> list[DocumentInfo]: ...

    @abstractmethod
    def document(self, doc_id: str) -> Document:
        """The whole document; `doc_id` may be a unique prefix (6+ characters). Raises NotFound."""

    @abstractmethod
    def search(self, query: str, *, limit: int = 20,
               kinds: Sequence[str] | None = None) -> list[SearchHit]: ...

    @abstractmethod
    def place_mentions(self, doc_id: str | None = None, *, limit: int | None = None
                       ) -> list[tuple[str, PlaceMention]]:
        """(doc_id, mention) pairs in document order; all documents when `doc_id` is None."""

    @abstractmethod
    def date_mentions(self, doc_id: str | None = None, *, limit: int | None = None
                      ) -> list[tuple[str, DateMention]]: ...

    @abstractmethod
    def events(self, query: EventQuery | None = None) -> list[Event]:
        """Events matching the query, by date (undated last)."""

    @abstractmethod
    def relations(self, *, doc_id: str | None = None, actor: str | None = None,
                  limit: int | None = None, actor_ids: Sequence[str] = ()) -> list[Relation]: ...

    # -- actors and analysts' decisions --
    @abstractmethod
    def actors(self, *, kind: str | None = None, country: str | None = None, search: str | None = None,
               ids: list[str] | None = None, limit: int | None = None) -> list[ActorInfo]:
        """Actors mentioned in the store, with merges in force applied."""

    @abstractmethod
    def find_actor(self, name_or_id: str) -> str:
        """The canonical id of an actor given by id, name or a form the text used; NotFound."""

    @abstractmethod
    def actor_members(self, actor_id: str) -> set[str]:
        """An actor's canonical id and the ids merged into it."""

    @abstractmethod
    def decide(self, kind: str, subject: str, obj: str, *, author: str, note: str | None = None) -> int:
        """Record an analyst's merge (subject into object), split or reject; returns its id."""

    @abstractmethod
    def undo_decision(self, decision_id: int) -> None: ...

    @abstractmethod
    def decisions(self, actor_id: str | None = None) -> list[Decision]: ...

    @abstractmethod
    def save_suggestions(self, found: list[Suggestion]) -> int:
        """Replace the stored merge suggestions (pairs already decided are left out)."""

    @abstractmethod
    def suggestions(self, actor_id: str | None = None) -> list[Suggestion]: ...

    @abstractmethod
    def actor_records(self, ids: list[str]) -> list[ActorRecord]:
        """Stored records of actors first seen in documents (the shipped knowledge base is data)."""

    @abstractmethod
    def rejections(self, *, limit: int | None = None) -> list[StoredRejection]: ...

    @abstractmethod
    def stats(self) -> Stats: ...

    @abstractmethod
    def raw_input(self, doc_id: str) -> str | None: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def open_store(path: str) -> Store:
    """Open (creating and migrating as needed) the store at `path`; `:memory:` for a throw-away one."""
    from .sqlite import SQLiteStore

    return SQLiteStore(path)


__all__ = [
    "ActorInfo",
    "Decision",
    "DocumentInfo",
    "SearchHit",
    "Stats",
    "Store",
    "StoredRejection",
    "StoredVersion",
    "Suggestion",
    "open_store",
]
