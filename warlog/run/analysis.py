"""The extraction stages run over a batch of documents: spaCy once over all their extractable
segments (`nlp.pipe`), then per document: places, dates, event candidates, relation candidates,
actor linking (every name of the document resolved together, so short forms find the full name
introduced earlier), and events merged from their mentions. Pure given its read-only Resources."""

from __future__ import annotations

import hashlib
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from typing import Any, Generic, TypeVar

from ..actors import ActorKB, ActorResolver
from ..actors.resolve import ActorCandidate
from ..extract import EXTRACTOR_VERSION
from ..extract.anaphora import place_anaphors
from ..extract.arguments import ArgSpan
from ..extract.authorship import AuthorshipStatement, find_authorship
from ..extract.confidence import event_confidence
from ..extract.coref import build_events, merge_candidates, prepare_candidates
from ..extract.events import EventCandidate, find_events
from ..extract.incidents import group_incidents, lead_end, newsworthy, split_coordinated
from ..extract.lexicon import extractor_lexicon, instrument_modes
from ..extract.location import date_after_told, date_from_text, date_of_main, date_of_narrative, locate
from ..extract.places import find_toponyms, not_places, resolve_places
from ..extract.relations import RelationCandidate, find_relations
from ..extract.senses import violent_nouns
from ..extract.times import find_dates
from ..geo.gazetteer import Gazetteer
from ..learn import ModelStore, TyperModel
from ..learn.support import sentence_at, support
from ..model import (
    ActorKind,
    ActorMention,
    Analysis,
    Certainty,
    Document,
    Event,
    EventType,
    Evidence,
    Relation,
    Segment,
    Span,
)
from ..nlp import add_patterns, annotate_stream, extractable_segments, load_pipeline
from ..query import codebooks_for
from ..vocab import load_vocabulary
from ..vocab.matching import noun_class

T = TypeVar("T")


@dataclass(slots=True)
class Resources:
    """What the extraction stages read: the spaCy pipeline (with the actor names of the knowledge
    base in its entity ruler), the gazetteer index, and the actor resolver (which remembers the
    records it made for new names, so a name seen again resolves to the same record)."""

    nlp: Any
    gazetteer: Gazetteer
    resolver: ActorResolver = field(default_factory=ActorResolver)
    #: The learned typer whose word weighs in an event's confidence: the user's own model (`warlog train`)
    #: when there is one. The shipped model is not used here: on the dev sets it ordered events worse than
    #: the rules alone (README "Learned typer").
    typer: TyperModel | None = None

    @staticmethod
    @lru_cache(maxsize=1)
    def default() -> Resources:
        """Loaded once per process (the model, the gazetteer index — built on first use — and the
        actor knowledge base)."""
        nlp = load_pipeline()
        kb = ActorKB.default()
        add_patterns(nlp, kb.ruler_patterns(lambda text: [t.text for t in nlp.tokenizer(text)]))
        return Resources(nlp, Gazetteer.open(), ActorResolver(kb), ModelStore.open().current())


def analyse(documents: Sequence[Document], resources: Resources, *, batch_size: int = 64,
            n_process: int = 1) -> Iterator[Analysis]:
    """One Analysis per document, in order."""
    for _, analysis in analyse_stream(iter(documents), lambda d: d, resources, batch_size=batch_size,
                                      n_process=n_process):
        assert analysis is not None
        yield analysis


def analyse_stream(items: Iterator[T], document_of: Callable[[T], Document | None], resources: Resources, *,
                   batch_size: int = 64, n_process: int = 1) -> Iterator[tuple[T, Analysis | None]]:
    """Items in order, each with the Analysis of its document (None for items that are none): one
    parse over the whole stream (`warlog.nlp.annotate_stream`), extraction per document — per part
    of a long document (`PART_CHARS`), each part parsed, read and let go before the next."""
    vocab = load_vocabulary()
    lexicon = extractor_lexicon()
    instruments = instrument_modes()
    found: list[Analysis] = []
    for part, segments in annotate_stream(_parts(items, document_of), lambda p: p.doc, resources.nlp,
                                          batch_size=batch_size, n_process=n_process,
                                          part_of=lambda p: (list(p.segments), p.index > 0)):
        if part.doc is None or segments is None:
            yield part.item, None
            continue
        try:
            found.append(_analyse_one(part.doc, segments, resources, lexicon, instruments, vocab))
        except Exception as exc:  # a bug on one document must not lose the batch
            where = traceback.extract_tb(exc.__traceback__)[-1]
            found.append(Analysis(EXTRACTOR_VERSION,
                                  error=f"{type(exc).__name__}: {exc} at {where.filename}:{where.lineno}"))
        if part.index == part.count - 1:
            yield part.item, _joined(found)
            found = []


#: The most text (characters of extractable segments) read as one whole: a longer document (a book, a
#: dump, a page of a thousand reports) is read in consecutive parts of about this size, each on its own
#: (its parse let go before the next is read), so time and memory grow with its length, not with its
#: square (the incident model compares every mention with every event told before it). News reports
#: are far shorter.
PART_CHARS = 50_000


@dataclass(frozen=True, slots=True)
class _Part(Generic[T]):
    """One part of an item's document: its extractable segments (index, segment), which part it is."""

    item: T
    doc: Document | None
    segments: tuple[tuple[int, Segment], ...]
    index: int = 0
    count: int = 1


def _parts(items: Iterator[T], document_of: Callable[[T], Document | None]) -> Iterator[_Part[T]]:
    for item in items:
        doc = document_of(item)
        if doc is None:
            yield _Part(item, None, ())
            continue
        groups: list[list[tuple[int, Segment]]] = [[]]
        size = 0
        for i, seg in extractable_segments(doc):
            if groups[-1] and size + len(seg.text) > PART_CHARS:
                groups.append([])
                size = 0
            groups[-1].append((i, seg))
            size += len(seg.text)
        for k, group in enumerate(groups):
            yield _Part(item, doc, tuple(group), k, len(groups))


def _joined(found: list[Analysis]) -> Analysis:
    """A document's Analysis from its parts' (events never span two parts); the first failure if any."""
    if len(found) == 1:
        return found[0]
    failed = next((a for a in found if a.error), None)
    if failed is not None:
        return failed
    return Analysis(
        EXTRACTOR_VERSION, tuple(p for a in found for p in a.places), tuple(d for a in found for d in a.dates),
        next((a.focus_country for a in found if a.focus_country), None), tuple(e for a in found for e in a.events),
        tuple(r for a in found for r in a.relations), tuple(dict.fromkeys(m for a in found for m in a.actors)),
        tuple({r.actor_id: r for a in found for r in a.new_actors}.values()))


def _analyse_one(doc: Document, segments: list[Any], resources: Resources, lexicon: Any, instruments: Any,
                 vocab: Any) -> Analysis:
    gaz = resources.gazetteer
    never = not_places() | resources.resolver.kb.group_names()  # actors' names are no places
    places, focus = resolve_places(find_toponyms(segments, gaz, never), gaz, doc.text)
    places = sorted([*places, *place_anaphors(segments, places)], key=lambda p: p.span.start)
    dates = find_dates(segments, doc.published)
    candidates = split_coordinated(prepare_candidates(find_events(segments, places, dates, lexicon,
                                                                  lambda t: noun_class(t, vocab), instruments)))
    statements = [_statement_candidate(s) for s in find_authorship(segments, violent_nouns(lexicon))]
    relation_cands = find_relations(segments)
    mentions = _link([*candidates, *statements], relation_cands, resources.resolver, focus,
                     _entity_labels(segments))
    identify = partial(_identity, mentions)
    lead = lead_end(candidates)
    groups = [g for g in group_incidents(merge_candidates(candidates, identify), identify, lead, statements)
              if newsworthy(g, lead)]
    events = build_events(doc.doc_id, groups, published=doc.published, extractor=EXTRACTOR_VERSION,
                          link=partial(_lookup, mentions))
    dateline = next((p for p in places if p.label == "dateline" and p.location.place_id), None)
    # the place and date mentions the parse gave each event: a fallback never takes another event's
    given_places = [_starts(g, "places") for g in groups]
    given_dates = [_starts(g, "dates") for g in groups]
    events = [locate(date_from_text(e, dates, doc.published, _others(given_dates, k)), places,
                     dateline=dateline, focus=focus, taken=_others(given_places, k))
              for k, e in enumerate(events)]
    events = date_of_main(events, dates, doc.published, lead, frozenset().union(*given_dates))
    events = date_of_narrative(date_after_told(events), doc.published)
    events = [replace(e, confidence=event_confidence(e, groups[k], _learned(resources.typer, segments, groups[k])))
              for k, e in enumerate(events)]
    relations = _relations(doc.doc_id, relation_cands, mentions)
    armed = frozenset(r.subject.actor_id for r in relations if r.subject.actor_id
                      and r.relation in ("member_of", "leader_of", "spokesman_for")
                      and r.object.kind in (ActorKind.ARMED_GROUP, ActorKind.STATE_FORCE))
    events = [replace(e, codebooks=codebooks_for(e, armed)) for e in map(_abduction, events)]
    ids = {m.actor_id for m in mentions.values()}
    new = tuple(resources.resolver.made(ids))
    return Analysis(EXTRACTOR_VERSION, tuple(places), tuple(dates), focus, tuple(events), tuple(relations),
                    tuple(dict.fromkeys(mentions.values())), new)


def _learned(typer: TyperModel | None, segments: Sequence[Any], group: Sequence[EventCandidate]) -> float | None:
    """The learned typer's support for the event in the sentence of its first mention (None: no model)."""
    if typer is None:
        return None
    first = group[0]
    found = sentence_at(segments, first.trigger.segment, first.trigger.start, first.trigger.end)
    return None if found is None else support(typer, found[0], found[1], first.type)


def _starts(group: Sequence[EventCandidate], slot: str) -> frozenset[int]:
    """Start offsets of the place or date mentions (`slot`) the parse gave to one event's mentions."""
    return frozenset(m.span.start for c in group for m, _, _ in (c.places if slot == "places" else c.dates))


def _others(given: Sequence[frozenset[int]], k: int) -> frozenset[int]:
    """What the parse gave to every event but the k-th."""
    return frozenset().union(*(g for j, g in enumerate(given) if j != k))


def _statement_candidate(s: AuthorshipStatement) -> EventCandidate:
    """A statement of authorship as a mention of the incident it is about (its actors are who it names)."""
    return EventCandidate(type="AUTHORSHIP", modes=[], trigger=s.trigger, evidence=s.evidence,
                          segment_kind=s.segment_kind, nominal=False, actors=list(s.who),
                          certainty=Certainty(s.kind) if s.kind in frozenset(Certainty) else Certainty.ASSERTED,
                          authorship=s.kind)  # "unclaimed": no certainty of its own


def _abduction(event: Event) -> Event:
    """People seized by an armed group are abducted, not arrested (ACLED: Abduction/forced
    disappearance): an arrest whose every actor is a non-state armed group becomes ASSAULT/abduct."""
    if event.type != "COERCE" or "arrest" not in event.modes or not event.actors or any(
            a.kind is not ActorKind.ARMED_GROUP for a in event.actors):
        return event
    counts = dict(event.counts)
    if "detained" in counts:
        counts["abducted"] = counts.pop("detained")
    return replace(event, type=EventType.ASSAULT, modes=("abduct",), counts=counts)


def _lookup(mentions: dict[tuple[int, int, str], ActorMention], a: ArgSpan) -> ActorMention | None:
    return mentions.get(_arg_key(a))


def _identity(mentions: dict[tuple[int, int, str], ActorMention], a: ArgSpan) -> str:
    """Who a participant is, for merging mentions of one event: its actor record once linked."""
    m = mentions.get(_arg_key(a))
    return m.actor_id if m is not None and m.actor_id else "name:" + a.name.lower()


def _arg_key(a: ArgSpan) -> tuple[int, int, str]:
    return a.span.start, a.span.end, a.name


def _candidate(a: ArgSpan) -> ActorCandidate:
    if a.label == "NP":
        if a.nationality:
            head = a.name[len(a.nationality):].strip() if a.name.startswith(a.nationality) else a.head
            return ActorCandidate(a.span, "generic", head=head, modifiers=(a.nationality,))
        return ActorCandidate(a.span, "generic", head=a.name)
    return ActorCandidate(Span(a.span.segment, a.span.sentence, a.span.start, a.span.end, a.name), a.label)


def _entity_labels(segments: Sequence[Any]) -> dict[tuple[int, int], str]:
    """NER label of every entity by its document offsets (PERSON, ORG, NORP, GPE, …)."""
    return {(seg.doc_offset(e.start_char), seg.doc_offset(e.end_char)): e.label_
            for seg in segments for e in seg.spacy_doc.ents}


def _relation_label(span: Span, labels: dict[tuple[int, int], str]) -> str:
    """The label of the entity a relation end is, or lies in; ORG when NER saw none (group names
    the model misses: "Zafr Command")."""
    exact = labels.get((span.start, span.end))
    if exact:
        return exact
    covering = [lab for (a, b), lab in labels.items() if a <= span.start and span.end <= b]
    inside = [lab for (a, b), lab in labels.items() if span.start <= a and b <= span.end]
    return (covering or inside or ["ORG"])[0]


def _link(candidates: Sequence[EventCandidate], relations: Sequence[RelationCandidate], resolver: ActorResolver,
          focus: str | None, labels: dict[tuple[int, int], str]) -> dict[tuple[int, int, str], ActorMention]:
    """Every participant and relation end of the document resolved together."""
    args = [a for c in candidates for a in (*c.actors, *c.recipients) if not a.pronoun]
    keyed: list[tuple[tuple[int, int, str], ActorCandidate]] = [(_arg_key(a), _candidate(a)) for a in args]
    as_written: dict[tuple[int, int, str], Span] = {}
    for r in relations:
        for span, name in ((r.subject, r.subject_name), (r.object, r.object_name)):
            text = name or span.text
            label = "GPE" if name else _relation_label(span, labels)
            keyed.append(((span.start, span.end, text),
                          ActorCandidate(Span(span.segment, span.sentence, span.start, span.end, text), label)))
            as_written[(span.start, span.end, text)] = span  # "Azerbaijan" of "Azerbaijani government"
    resolved = resolver.resolve_document([c for _, c in keyed], focus_country=focus)
    by_span: dict[tuple[int, int], list[ActorMention]] = {}
    for m in resolved:
        by_span.setdefault((m.span.start, m.span.end), []).append(m)
    out: dict[tuple[int, int, str], ActorMention] = {}
    for key, cand in keyed:
        found = by_span.get((key[0], key[1]), [])
        if not found:
            continue
        # "US and Iraqi forces": two mentions share the span; match by the modifier
        pick = next((m for m in found if cand.modifiers and cand.modifiers[0].lower() in
                     (m.name.lower(), *(w.lower() for w in m.name.split()))), None)
        if pick is None and len(found) > 1 and cand.modifiers:
            pick = found[min(len(found) - 1, [k for k, _ in keyed if k[:2] == key[:2]].index(key))]
        chosen = pick or found[0]
        written = cand.text if cand.text != chosen.span.text else None
        span = as_written.get(key) or (cand.span if cand.label != "generic" else chosen.span)
        out[key] = ActorMention(span, chosen.actor_id, chosen.name, chosen.kind, chosen.country, chosen.how,
                                chosen.score, written)
    return out


def _relations(doc_id: str, cands: Sequence[RelationCandidate],
               mentions: dict[tuple[int, int, str], ActorMention]) -> list[Relation]:
    """One relation per subject, relation and object the document states: a tie stated twice ("Security
    Forces" of the "U.S. Air Force" in the lead and again below) is one, sourced by its most confident
    statement (the first among equals)."""
    out: list[Relation] = []
    seen: dict[tuple[str, str, str], int] = {}
    for r in cands:
        subj = mentions.get((r.subject.start, r.subject.end, r.subject_name or r.subject.text)) or _unlinked(
            r.subject, r.subject_name)
        obj = mentions.get((r.object.start, r.object.end, r.object_name or r.object.text)) or _unlinked(
            r.object, r.object_name)
        tie = (subj.actor_id or subj.name.lower(), r.relation, obj.actor_id or obj.name.lower())
        if tie in seen:
            if out[seen[tie]].confidence < r.confidence:
                out[seen[tie]] = _relation(doc_id, r, subj, obj)
            continue
        seen[tie] = len(out)
        out.append(_relation(doc_id, r, subj, obj))
    return out


def _relation(doc_id: str, r: RelationCandidate, subj: ActorMention, obj: ActorMention) -> Relation:
    key = f"{doc_id}:{r.subject.start}:{r.relation}:{r.object.start}"
    ev = r.evidence
    return Relation(
        relation_id="r" + hashlib.sha256(key.encode()).hexdigest()[:16], doc_id=doc_id, subject=subj,
        relation=r.relation, object=obj, evidence=Evidence(doc_id, ev.segment, ev.sentence, ev.start, ev.end,
                                                           ev.text),
        extractor=EXTRACTOR_VERSION, former=r.former, date=r.date, certainty=r.certainty, pattern=r.pattern,
        confidence=r.confidence)


def _unlinked(span: Span, name: str | None) -> ActorMention:
    return ActorMention(span, None, name or span.text, ActorKind.OTHER, how="unlinked", score=0.0)
