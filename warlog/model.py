"""Typed records passed between stages. Frozen dataclasses; `to_dict` gives the JSON shape.

Flow: source --ingest--> RawDocument --segment--> Page --run--> Document --analysis--> Analysis --store.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from .dates.value import DateValue


class Media(StrEnum):
    TEXT = "text"
    HTML = "html"


class SegmentKind(StrEnum):
    HEADLINE = "headline"
    SUBHEADING = "subheading"
    BODY = "body"
    BYLINE = "byline"
    AUTHOR_BIO = "author_bio"
    TAGS = "tags"
    COMMENT = "comment"
    BOILERPLATE = "boilerplate"


#: The only segment kinds that extraction ever reads.
EXTRACTABLE_KINDS = frozenset({SegmentKind.HEADLINE, SegmentKind.SUBHEADING, SegmentKind.BODY})


class RejectReason(StrEnum):
    BINARY = "binary"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    UNDECODABLE = "undecodable"
    UNREADABLE = "unreadable"
    INVALID_RECORD = "invalid_record"
    FETCH_FAILED = "fetch_failed"
    NO_TEXT = "no_text"
    UNSUPPORTED = "unsupported"
    INTERNAL_ERROR = "internal_error"
    #: a URL or link that cannot be fetched as written (a bad host name, port or scheme)
    INVALID_URL = "invalid_url"
    #: a URL or redirect that leads to a private, loopback, link-local, multicast or reserved address
    PRIVATE_ADDRESS = "private_address"


class IngestStatus(StrEnum):
    ADDED = "added"
    UNCHANGED = "unchanged"
    UPDATED = "updated"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input as read, decoded to text, before segmentation.

    `origin` says where it came from (a path, a URL, `stdin`, `batch.jsonl:12`, `crawl.warc.gz#3`).
    `published` is an ISO 8601 date or date-time when the input or the user gave one.
    `fetched` is when a crawler fetched it (WARC-Date, HTTP Date); it is *not* a publication date.
    """

    origin: str
    content: str
    media: Media
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    fetched: str | None = None
    raw_size: int = 0


@dataclass(frozen=True, slots=True)
class Segment:
    """A typed span of a document's stored text: `text == document.text[start:end]`."""

    kind: SegmentKind
    start: int
    end: int
    text: str
    author: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": str(self.kind), "text": self.text, "start": self.start, "end": self.end,
                "author": self.author}


@dataclass(frozen=True, slots=True)
class Page:
    """What segmentation makes of a RawDocument: the stored text, its typed segments, and the
    metadata the page itself carries (HTML meta tags, a byline's date); any of it may be None."""

    text: str
    segments: tuple[Segment, ...]
    title: str | None = None
    published: str | None = None
    author: str | None = None
    site: str | None = None
    segmenter: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """A segmented document with its deterministic id, as stored."""

    doc_id: str
    text: str
    segments: tuple[Segment, ...]
    media: Media
    origin: str
    content_hash: str
    input_hash: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    fetched: str | None = None
    segmenter: str = ""

    def extractable(self) -> tuple[Segment, ...]:
        """Headline, subheadings and body paragraphs: the only text extraction reads."""
        return tuple(s for s in self.segments if s.kind in EXTRACTABLE_KINDS)

    def summary(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "url": self.url, "title": self.title,
                "published": self.published, "source": self.source}

    def to_dict(self) -> dict[str, Any]:
        out = self.summary()
        out["segments"] = [s.to_dict() for s in self.segments]
        return out


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not become a document, and why. Stored and printed, never dropped."""

    origin: str
    reason: RejectReason
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"origin": self.origin, "reason": str(self.reason), "message": self.message}


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What happened to one input in an ingest run."""

    origin: str
    status: IngestStatus
    doc_id: str | None = None
    title: str | None = None
    reason: str | None = None
    message: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["status"] = str(self.status)
        return d


@dataclass(slots=True)
class IngestReport:
    """All outcomes of one ingest run, in input order."""

    outcomes: list[IngestOutcome] = field(default_factory=list)

    def count(self, status: IngestStatus) -> int:
        return sum(1 for o in self.outcomes if o.status is status)

    def totals(self) -> dict[str, int]:
        return {str(s): self.count(s) for s in IngestStatus}


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a document's text with its provenance: the segment (index into
    Document.segments), the sentence (running index over the extractable segments), and character
    offsets into Document.text (`document.text[start:end] == text`)."""

    segment: int
    sentence: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"segment": self.segment, "sentence": self.sentence, "start": self.start, "end": self.end,
                "text": self.text}


@dataclass(frozen=True, slots=True)
class Location:
    """A resolved place. `precision` follows ACLED: 1 the town itself, 2 near a town or a district,
    3 a province, 4 a country (labelled "country"). `relation` keeps a relative description
    ("south of", "near"); `raw` is the text it was read from."""

    raw: str
    name: str | None = None
    place_id: str | None = None
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    precision: int | None = None
    relation: str | None = None

    @property
    def precision_code(self) -> int | str | None:
        """ACLED-style code for output: 1, 2, 3, or "country"."""
        return "country" if self.precision == 4 else self.precision

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "place_id": self.place_id, "geonames_id": self.geonames_id,
                "lat": self.lat, "lon": self.lon, "admin1": self.admin1, "country": self.country,
                "precision": self.precision_code, "relation": self.relation, "raw": self.raw}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A toponym in the text and what it was resolved to (`location.place_id` None when nothing in
    the gazetteer fitted). `label` says how it was found (NER label, or `gazetteer` when a name the
    model mislabelled was corrected); `reason` says why this place was chosen."""

    span: Span
    label: str
    location: Location
    reason: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {**self.span.to_dict(), "label": self.label, "location": self.location.to_dict(),
                "reason": self.reason, "score": round(self.score, 3)}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in the text and its EDTF value (None when it names no usable date)."""

    span: Span
    value: DateValue | None

    def to_dict(self) -> dict[str, Any]:
        return {**self.span.to_dict(), "date": self.value.to_dict() if self.value else None}


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the extraction stages found in one document; stored with it in one transaction."""

    extractor: str
    places: tuple[PlaceMention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    focus_country: str | None = None
    events: tuple[Event, ...] = ()
    relations: tuple[Relation, ...] = ()
    actors: tuple[ActorMention, ...] = ()
    new_actors: tuple[ActorRecord, ...] = ()  # records made for names no record knew
    error: str | None = None  # extraction failed on this document (a bug): the document is kept without it


class ActorKind(StrEnum):
    PERSON = "person"
    ARMED_GROUP = "armed_group"
    STATE_FORCE = "state_force"
    INTERNATIONAL_FORCE = "international_force"
    GOVERNMENT = "government"
    STATE = "state"
    POLITICAL_PARTY = "political_party"
    CIVILIANS = "civilians"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ActorRecord:
    """One real-world actor in the knowledge base. `actor_id` is stable (a slug of kind, country and
    name for shipped records; a hash of the normalised name for actors first seen in a document)."""

    actor_id: str
    name: str
    kind: ActorKind
    country: str | None = None  # ISO 3166-1 alpha-3
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # actor_id
    wikidata: str | None = None
    source: str = "warlog"

    def to_dict(self) -> dict[str, Any]:
        return {"actor_id": self.actor_id, "name": self.name, "kind": str(self.kind),
                "country": self.country, "aliases": list(self.aliases), "parent": self.parent,
                "wikidata": self.wikidata, "source": self.source}


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A mention of an actor in the text, linked to a record (`actor_id`, canonical `name`).
    `how`: exact, alias, normalised, transliteration, fuzzy, short_form (a short form of a name
    introduced earlier in the document), generic (a generic agent such as "Iraqi police"), or new
    (no record: a new one is made)."""

    span: Span
    actor_id: str | None
    name: str
    kind: ActorKind
    country: str | None = None
    how: str = "exact"
    score: float = 1.0
    written: str | None = None  # the name as the text puts it, when not the span itself ("Iraqi forces")

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "actor_id": self.actor_id, "kind": str(self.kind),
                "country": self.country, "surface": self.span.text, "forms": self.forms(), "how": self.how}

    def forms(self) -> list[str]:
        """How the text names this actor here: the span, and the name read from it if different."""
        return list(dict.fromkeys(f for f in (self.span.text, self.written) if f))


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: document, segment, sentence, offsets into the document text, quote."""

    doc_id: str
    segment: int
    sentence: int
    start: int
    end: int
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "segment": self.segment, "sentence": self.sentence,
                "start": self.start, "end": self.end, "quote": self.quote}


COUNT_KEYS = ("killed", "wounded", "detained", "abducted")


class Certainty(StrEnum):
    """How the text presents an event or relation. The values and what each means are data too
    (warlog/vocab/data/plover.toml [certainty]); `check_vocabulary` reports any difference."""

    ASSERTED = "asserted"
    ALLEGED = "alleged"
    SUSPECTED = "suspected"
    CLAIMED = "claimed"
    DENIED = "denied"
    HYPOTHETICAL = "hypothetical"
    NEGATED = "negated"


#: Certainties of acts not done: listed, exported, merged and coded only when asked for.
UNREAL: frozenset[Certainty] = frozenset({Certainty.HYPOTHETICAL, Certainty.NEGATED})


class EventType(StrEnum):
    """The PLOVER event types of warlog's vocabulary (warlog/vocab/data/plover.toml [types.*], whose
    descriptions, modes and codebook mappings `warlog.vocab` reads; `check_vocabulary` reports any
    difference). Legacy names of older drafts (FIGHT, DEMAND, ...) are no members."""

    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"


@dataclass(frozen=True, slots=True)
class Event:
    """One event as a document reports it, with every sentence that tells it (`evidence`).

    `fatalities` follows ACLED's conservative rule: the lowest reported number killed, for violent
    events. `counts` holds the best (lowest) figure per kind; `count_reports` every figure read, so a
    disagreement between sentences or sources is kept. `certainty` is how the text presents it
    (asserted, suspected, claimed, alleged, denied, hypothetical, negated); `attributed_to` who says
    so; `historical` an event in the background of a report about something later."""

    event_id: str
    doc_id: str
    type: EventType
    modes: tuple[str, ...]
    actors: tuple[ActorMention, ...]
    recipients: tuple[ActorMention, ...]
    evidence: tuple[Evidence, ...]
    extractor: str
    context: tuple[str, ...] = ()
    location: Location | None = None
    location_reason: str | None = None
    date: DateValue | None = None
    date_reason: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    count_reports: dict[str, tuple[int, ...]] = field(default_factory=dict)
    fatalities: int | None = None
    weapon: str | None = None
    certainty: Certainty = Certainty.ASSERTED
    attributed_to: str | None = None
    historical: bool = False
    confidence: float = 0.5
    codebooks: Codebooks | None = None


@dataclass(frozen=True, slots=True)
class Codebooks:
    """An event's category in the other codebooks, decided at extraction (where the article's own
    context is known, e.g. that a person killed was a member of an armed group)."""

    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    gtd_attack_type: str | None = None
    cameo_root: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """A sourced relation between two actors ("X leader_of Y"), as one document states it."""

    relation_id: str
    doc_id: str
    subject: ActorMention
    relation: str
    object: ActorMention
    evidence: Evidence
    extractor: str
    former: bool = False
    date: str | None = None
    certainty: Certainty = Certainty.ASSERTED
    pattern: str = ""
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.relation_id, "doc_id": self.doc_id,
                "subject": {"name": self.subject.name, "actor_id": self.subject.actor_id,
                            "surface": self.subject.span.text},
                "relation": self.relation,
                "object": {"name": self.object.name, "actor_id": self.object.actor_id,
                           "surface": self.object.span.text},
                "former": self.former, "date": self.date, "certainty": self.certainty,
                "evidence": [self.evidence.to_dict()], "pattern": self.pattern,
                "confidence": round(self.confidence, 3), "extractor": self.extractor}
