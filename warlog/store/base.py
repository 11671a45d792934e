"""The store's interface (`Store`) and the records it returns: what every backend implements and every
reader gets. `warlog.store` re-exports it and opens the embedded backend."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType

from ..decisions import EventDecision
from ..dedup.canonical import EventCluster
from ..model import (
    ActorMention,
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
from .clusters_sql import DocumentLink
from .reviews_sql import User, WebSession


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
class ActorActivity:
    as_actor: int
    as_recipient: int
    events: int
    relations: int
    latest: tuple[str, ...]


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


@dataclass(frozen=True, slots=True)
class KnownInput:
    """The stored document an input given without a URL was stored as before (the same origin, else
    the same content): its id, the metadata the earlier run gave it, and its version."""

    doc_id: str
    url: str | None
    published: str | None
    source: str | None
    content_hash: str
    version: StoredVersion


class Store(ABC):
    """The one storage interface. Each write method is one transaction."""

    # -- writes of documents (warlog.run calls these) --
    @abstractmethod
    def stored_version(self, doc_id: str) -> StoredVersion | None: ...

    @abstractmethod
    def known_input(self, origin: str, content_hash: str) -> KnownInput | None:
        """The document last stored from this origin (a file path), else one with this content."""

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
    def actor_mentions(self, doc_id: str) -> list[ActorMention]:
        """One document's actor mentions in text order, linked to records as extraction found them."""

    @abstractmethod
    def events(self, query: EventQuery | None = None) -> list[Event]:
        """Events matching the query, by date (undated last)."""

    @abstractmethod
    def relations(self, *, doc_id: str | None = None, actor: str | None = None,
                  limit: int | None = None, actor_ids: Sequence[str] = ()) -> list[Relation]: ...

    # -- canonical events: one event reported by several documents (warlog.dedup) --
    @abstractmethod
    def event_clusters(self, query: EventQuery | None = None) -> list[EventCluster]:
        """Canonical events matching the query, by date (undated last), each with its reports,
        sources and count ranges. Type, dates and province filter the canonical event; the other
        filters keep a canonical event when one of its reports matches; paging counts canonical events."""

    @abstractmethod
    def event_cluster(self, cluster_or_event_id: str) -> EventCluster:
        """One canonical event, by its id or the id of one of its reports. Raises NotFound."""

    @abstractmethod
    def event_clusters_of(self, event_ids: Sequence[str]) -> list[EventCluster]:
        """The canonical events these reports are part of, each once, by date (undated last); a report
        with no cluster row (a store written around the pipeline) stands as its own."""

    @abstractmethod
    def recluster(self, event_ids: Sequence[str]) -> list[str]:
        """Cluster these events again with the members of their clusters, honouring the analysts'
        merge and split decisions in force (after one is recorded or undone); the clusters holding
        them now."""

    @abstractmethod
    def dedup_unchecked(self, *, batch: int = 1000) -> int:
        """Cluster the events stored with dedup off (or before it existed); how many were placed."""

    @abstractmethod
    def document_links(self, doc_id: str | None = None) -> list[DocumentLink]:
        """Near-duplicate documents (reposts, wire copy, quotations), all or those of one document."""

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
    def actor_activity(self, actor_ids: Sequence[str], *, latest: int) -> ActorActivity:
        """How many reported events (rejected ones left out) name any of these actor ids as actor and as
        recipient, how many relations they take part in, and the ids of the `latest` events (newest
        first): what a profile shows without reading every event of an actor in thousands."""

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

    # -- analysts' decisions on events, and users (warlog.review, warlog.users) --
    @abstractmethod
    def decide_event(self, kind: str, event_id: str, *, author: str, other_id: str | None = None,
                     field: str | None = None, value: object = None, note: str | None = None) -> int:
        """Record a confirm, edit (field, JSON value), reject, merge or split of an event; its id."""

    @abstractmethod
    def undo_event_decision(self, decision_id: int) -> EventDecision:
        """Mark a decision undone (it stays in the history); returns it as it was."""

    @abstractmethod
    def event_decisions(self, event_id: str | None = None) -> list[EventDecision]:
        """Decisions on one event (or all), undone ones included, in the order they were made."""

    @abstractmethod
    def review_queue(self, *, limit: int = 50, offset: int = 0,
                     exclude_certainty: Sequence[str] = ()) -> list[Event]:
        """Unreviewed events, lowest extraction confidence first."""

    @abstractmethod
    def review_counts(self) -> dict[str, int]:
        """Events by review status (unreviewed, confirmed, edited, rejected)."""

    @abstractmethod
    def review_statuses(self, event_ids: Sequence[str]) -> dict[str, str]: ...

    @abstractmethod
    def add_user(self, name: str, password_hash: str) -> User: ...

    @abstractmethod
    def user(self, name: str) -> User | None: ...

    @abstractmethod
    def users(self) -> list[User]: ...

    @abstractmethod
    def set_user(self, name: str, *, disabled: bool | None = None, password_hash: str | None = None) -> None: ...

    # -- web desk login sessions (warlog.web.sessions) --
    @abstractmethod
    def start_session(self, key: str, user: str, *, at: str, idle_before: str) -> WebSession:
        """Record a login under `key` (a digest of the cookie's session id) at time `at`; sessions last
        seen before `idle_before` are deleted on the way."""

    @abstractmethod
    def web_session(self, key: str) -> WebSession | None: ...

    @abstractmethod
    def touch_session(self, key: str, at: str) -> None:
        """Mark the session used at `at` (its idle time starts again)."""

    @abstractmethod
    def end_sessions(self, *, key: str | None = None, user: str | None = None) -> int:
        """Log out: delete one session, or every session of a user; how many there were."""

    @abstractmethod
    def rejections(self, *, limit: int | None = None) -> list[StoredRejection]: ...

    @abstractmethod
    def stats(self) -> Stats: ...

    @abstractmethod
    def raw_input(self, doc_id: str) -> str | None: ...

    @abstractmethod
    def backup(self, path: str) -> None:
        """A consistent copy of the whole store at `path` (a new file), taken while others use it."""

    @abstractmethod
    def close(self) -> None: ...

    def reopen(self) -> Store:
        """Another store over the same database, with its own connection (for another thread: the
        desk's `StorePool`); ConfigError where there is no such thing (an in-memory store)."""
        from ..errors import ConfigError

        raise ConfigError(f"{type(self).__name__} cannot be opened again")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


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
]
