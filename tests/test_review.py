"""Analysts' review of events (warlog.review) over an in-memory store with hand-built extractions."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest

from warlog import review
from warlog.dates.value import DateValue
from warlog.errors import ConfigError, NotFound
from warlog.model import (
    ActorKind,
    ActorMention,
    Analysis,
    Document,
    Event,
    Evidence,
    Location,
    Media,
    Segment,
    SegmentKind,
    Span,
)
from warlog.query import EventQuery, event_to_dict
from warlog.store import Store

HEADLINE = "Gunmen attack police in Baqubah"
BODY1 = "Gunmen killed three policemen in Baqubah on June 5, officials said. <script>alert('article')</script>"
BODY2 = "The Mahdi Army later abducted two engineers near Kut, police said."
COMMENT = "<script>alert('comment')</script> Reader: the Jaysh al-Mahdi did this"
TEXT = "\n\n".join((HEADLINE, BODY1, BODY2, COMMENT))
DOC_ID = "d" + "0" * 15 + "webtest"


def event_id(doc_id: str, trigger_start: int, type_: str) -> str:
    """Event ids as extraction makes them (warlog.extract.coref)."""
    return "e" + hashlib.sha256(f"{doc_id}:{trigger_start}:{type_}".encode()).hexdigest()[:16]


def _span(seg: int, sentence: int, text: str, word: str) -> Span:
    start = TEXT.index(word, TEXT.index(text))
    return Span(seg, sentence, start, start + len(word), word)


def _mention(span: Span, actor_id: str | None, name: str, kind: ActorKind, how: str = "exact") -> ActorMention:
    return ActorMention(span, actor_id, name, kind, "IRQ", how)


def build_document(doc_id: str = DOC_ID, *, confidence: tuple[float, float, float] = (0.9, 0.4, 0.6),
                   extractor: str = "test-1") -> tuple[Document, Analysis]:
    """A document with a headline, two body paragraphs (one with a <script> in it), a comment with a
    <script>, and three events: an assault in Baqubah, an abduction near Kut, and the headline's
    attack (a low-confidence duplicate of the first)."""
    segs, at = [], 0
    for kind, text, author in ((SegmentKind.HEADLINE, HEADLINE, None), (SegmentKind.BODY, BODY1, None),
                               (SegmentKind.BODY, BODY2, None), (SegmentKind.COMMENT, COMMENT, "Reader")):
        start = TEXT.index(text, at)
        segs.append(Segment(kind, start, start + len(text), text, author))
        at = start + len(text)
    doc = Document(doc_id=doc_id, text=TEXT, segments=tuple(segs), media=Media.TEXT, origin="test.txt",
                   content_hash="c" + doc_id, input_hash="i" + doc_id, title=HEADLINE, published="2008-06-07",
                   source="Test Wire")
    gunmen = _mention(_span(1, 1, BODY1, "Gunmen"), "gunmen-irq", "Gunmen", ActorKind.ARMED_GROUP)
    police = _mention(_span(1, 1, BODY1, "policemen"), "police-irq", "Iraqi police", ActorKind.STATE_FORCE)
    mahdi = _mention(_span(2, 2, BODY2, "Mahdi Army"), "mahdi-army", "Mahdi Army", ActorKind.ARMED_GROUP)
    jam = _mention(_span(0, 0, HEADLINE, "Gunmen"), "jaysh-al-mahdi", "Jaysh al-Mahdi", ActorKind.ARMED_GROUP)
    engineers = _mention(_span(2, 2, BODY2, "engineers"), None, "engineers", ActorKind.CIVILIANS)

    def evidence(seg: int, text: str) -> Evidence:
        start = TEXT.index(text)
        return Evidence(doc_id, seg, seg, start, start + len(text), text)

    body1 = BODY1.split(" <script>")[0]
    killed = TEXT.index("killed")
    abducted = TEXT.index("abducted")
    attack = TEXT.index("attack")
    events = (
        Event(event_id(doc_id, killed, "ASSAULT"), doc_id, "ASSAULT", ("firearms",), (gunmen,), (police,),
              (evidence(1, body1),), extractor, location=Location("Baqubah", "Baqubah", "gn:1", 1, 33.75, 44.64,
                                                                  "Diyala", "IRQ", 1),
              date=DateValue("2008-06-05", "2008-06-05", "2008-06-05", "day", "June 5"),
              counts={"killed": 3}, count_reports={"killed": (3,)}, fatalities=3, certainty="asserted",
              attributed_to="officials", confidence=confidence[0]),
        Event(event_id(doc_id, abducted, "ASSAULT"), doc_id, "ASSAULT", ("abduct",), (mahdi,), (engineers,),
              (evidence(2, BODY2),), extractor, location=Location("Kut", "Al Kut", "gn:2", 2, 32.5, 45.8,
                                                                "Wasit", "IRQ", 2, "near"),
              counts={"abducted": 2}, count_reports={"abducted": (2,)}, attributed_to="police",
              confidence=confidence[1]),
        Event(event_id(doc_id, attack, "ASSAULT"), doc_id, "ASSAULT", (), (jam,), (), (evidence(0, HEADLINE),),
              extractor, date=DateValue("2008-06-07", "2008-06-07", "2008-06-07", "reported", "2008-06-07"),
              confidence=confidence[2]),
    )
    analysis = Analysis(extractor=extractor, events=events, actors=(gunmen, police, mahdi, jam, engineers))
    return doc, analysis


def build(store: Store, doc_id: str = DOC_ID) -> list[Event]:
    doc, analysis = build_document(doc_id)
    store.write_document(doc, analysis=analysis)
    return list(analysis.events)


@pytest.fixture
def events(store: Store) -> list[Event]:
    return build(store)


def test_confirm_and_reject_set_the_status_and_reject_hides(store: Store, events: list[Event]) -> None:
    a, b, c = (e.event_id for e in events)
    assert store.review_statuses([a, b]) == {a: "unreviewed", b: "unreviewed"}
    review.confirm(store, a, author="ana")
    review.reject(store, b, author="ben", note="not an event")
    assert store.review_statuses([a, b, c]) == {a: "confirmed", b: "rejected", c: "unreviewed"}
    assert [e.event_id for e in store.events()] == [a, c]  # rejected: hidden by default
    assert [e.event_id for e in store.events(EventQuery(review=("rejected",)))] == [b]
    assert {e.event_id for e in store.events(EventQuery(review=("all",)))} == {a, b, c}
    assert store.review_counts() == {"unreviewed": 1, "confirmed": 1, "edited": 0, "rejected": 1}
    (hist,) = [d for d in review.history(store, b)]
    assert (hist.kind, hist.author, hist.note, hist.undone_at) == ("reject", "ben", "not an event", None)


def test_undo_restores_and_stays_in_history(store: Store, events: list[Event]) -> None:
    b = events[1].event_id
    decision = review.reject(store, b, author="ana")
    review.undo(store, decision)
    assert b in {e.event_id for e in store.events()}
    (d,) = review.history(store, b)
    assert d.undone_at is not None and not d.active
    with pytest.raises(ConfigError):
        review.undo(store, decision)
    with pytest.raises(NotFound):
        review.undo(store, 999)


def test_edits_apply_on_read_and_leave_the_extraction_alone(store: Store, events: list[Event]) -> None:
    a = events[0].event_id
    review.edit(store, a, "date", "2008-06-04", author="ana", note="the lead says Wednesday")
    review.edit(store, a, "fatalities", "4", author="ana")
    review.edit(store, a, "killed", "4", author="ana")
    review.edit(store, a, "type", "coerce", author="ana")
    review.edit(store, a, "actors", "Mahdi Army; Unknown Brigade", author="ana")
    review.edit(store, a, "location", {"name": "Khalis", "lat": "33.8", "lon": "44.5", "country": "irq",
                                       "precision": "2"}, author="ana")
    review.edit(store, a, "certainty", "claimed", author="ana")
    got = review.event(store, a)
    e = got.event
    assert got.status == "edited"
    assert e.date is not None and (e.date.edtf, e.date.start, e.date.end, e.date.precision) == \
        ("2008-06-04", "2008-06-04", "2008-06-04", "day")
    assert (e.fatalities, e.counts["killed"], e.type, e.certainty) == (4, 4, "COERCE", "claimed")
    assert [(m.name, m.actor_id) for m in e.actors] == [("Mahdi Army", "mahdi-army"), ("Unknown Brigade", None)]
    assert e.location is not None and (e.location.name, e.location.lat, e.location.country, e.location.precision) \
        == ("Khalis", 33.8, "IRQ", 2)
    assert e.codebooks is not None and e.codebooks.cameo_root != events[0].codebooks  # derived again
    assert set(got.edited_fields) == {"date", "fatalities", "killed", "type", "actors", "location", "certainty"}
    # the raw extraction is untouched: undo every edit and the event is as extracted
    for d in review.history(store, a):
        review.undo(store, d.id)
    assert event_to_dict(review.event(store, a).event) == event_to_dict(store.events(EventQuery(event_ids=(a,)))[0])
    assert review.event(store, a).event.date == events[0].date


def test_latest_edit_of_a_field_wins_and_confirm_after_edit(store: Store, events: list[Event]) -> None:
    a = events[0].event_id
    review.edit(store, a, "date", "2008-06", author="ana")
    review.edit(store, a, "date", "2008-06-03/..", author="ben")
    review.confirm(store, a, author="carl")
    got = review.event(store, a)
    assert got.status == "confirmed"
    assert got.event.date is not None
    assert (got.event.date.edtf, got.event.date.start, got.event.date.end, got.event.date.precision) == \
        ("2008-06-03/..", "2008-06-03", None, "open")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("date", "June 5", "not an EDTF date"), ("type", "PICNIC", "unknown event type"),
    ("fatalities", "-1", "negative"), ("killed", "many", "whole number"), ("certainty", "sure", "certainty"),
    ("location", {"name": "X", "lat": "95", "lon": "1"}, "out of range"), ("confidence", "1", "cannot edit"),
    ("location", {"name": "X", "country": "Iraq"}, "alpha-3"), ("historical", "maybe", "true or false"),
])
def test_bad_edits_are_refused_with_a_reason(store: Store, events: list[Event], field: str, value: object,
                                             message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        review.edit(store, events[0].event_id, field, value, author="ana")
    assert review.history(store, events[0].event_id) == []


def test_decisions_need_a_known_event(store: Store, events: list[Event]) -> None:
    with pytest.raises(NotFound):
        review.confirm(store, "e-no-such-event", author="ana")
    with pytest.raises(ConfigError):
        review.merge(store, events[0].event_id, events[0].event_id, author="ana")


def test_filters_see_the_edited_values(store: Store, events: list[Event]) -> None:
    a, b, c = (e.event_id for e in events)
    review.edit(store, b, "location", "Baqubah", author="ana")
    review.edit(store, a, "type", "COERCE", author="ana")
    review.edit(store, c, "date", "2007-01", author="ana")
    assert {e.event_id for e in store.events(EventQuery(place="Baqubah"))} == {a, b}
    assert store.events(EventQuery(place="Kut")) == []  # b was near Kut as extracted
    assert {e.event_id for e in store.events(EventQuery(types=("ASSAULT",)))} == {b, c}
    assert [e.event_id for e in store.events(EventQuery(types=("COERCE",)))] == [a]
    assert [e.event_id for e in store.events(EventQuery(until="2007-12-31"))] == [c]
    # order and paging hold with edited events merged in: by date, undated last
    assert [e.event_id for e in store.events(EventQuery(since="2000-01-01"))] == [c, a]
    assert [e.event_id for e in store.events(EventQuery(since="2000-01-01", limit=1, offset=1))] == [a]
    review.edit(store, a, "actors", "Mahdi Army", author="ana")
    assert {e.event_id for e in store.events(EventQuery(actor="mahdi-army"))} == {a, b}


def test_certainty_text_and_id_filters(store: Store, events: list[Event]) -> None:
    a, b, c = (e.event_id for e in events)
    assert {e.event_id for e in store.events(EventQuery(text="engineers"))} == {b}
    assert {e.event_id for e in store.events(EventQuery(text="Baqubah"))} == {a, c}  # quote of the headline too
    review.edit(store, b, "certainty", "alleged", author="ana")
    assert [e.event_id for e in store.events(EventQuery(certainty=("alleged",)))] == [b]
    assert [e.event_id for e in store.events(EventQuery(event_ids=(c,)))] == [c]
    assert {e.event_id for e in store.events(EventQuery(exclude_ids=(c,)))} == {a, b}
    # more ids than SQLite takes parameters (32,766 by default, 250,000 in some builds): a large number of
    # rejected events stays readable
    many = tuple(f"e{i:016x}" for i in range(300_000))
    assert {e.event_id for e in store.events(EventQuery(exclude_ids=(*many, c)))} == {a, b}
    assert [e.event_id for e in store.events(EventQuery(event_ids=(*many, c)))] == [c]


def test_queue_is_unreviewed_lowest_confidence_first(store: Store, events: list[Event]) -> None:
    a, b, c = (e.event_id for e in events)
    assert [e.event_id for e in review.queue(store)] == [b, c, a]  # 0.4, 0.6, 0.9
    review.confirm(store, b, author="ana")
    review.edit(store, c, "weapon", "rifles", author="ana")
    assert [e.event_id for e in review.queue(store)] == [a]
    review.edit(store, a, "certainty", "hypothetical", author="ana")  # edited: out of the queue anyway
    assert review.queue(store) == []


def test_decisions_survive_re_extraction(store: Store, events: list[Event]) -> None:
    a, b, _ = (e.event_id for e in events)
    review.confirm(store, a, author="ana")
    review.edit(store, a, "date", "2008-06-04", author="ana")
    review.reject(store, b, author="ana")
    # the document is extracted again by a newer extractor: every event row is rewritten
    doc, analysis = build_document(extractor="test-2")
    status = store.write_document(replace(doc, input_hash="changed"), analysis=analysis)
    assert str(status) == "updated"
    got = review.event(store, a)
    assert got.event.extractor == "test-2"
    assert got.event.date is not None and got.event.date.edtf == "2008-06-04"
    assert got.status == "edited"
    assert b not in {e.event_id for e in store.events()}


def test_merge_and_split_of_events_are_recorded(store: Store, events: list[Event]) -> None:
    a, _, c = (e.event_id for e in events)
    merge = review.merge(store, a, c, author="ana", note="headline and lead")
    assert [(d.kind, d.event_id, d.other_id) for d in review.history(store, c)] == [("merge", a, c)]
    review.undo(store, merge)
    review.split(store, c, a, author="ben")
    kinds = [(d.kind, d.active) for d in review.history(store, a)]
    assert kinds == [("merge", False), ("split", True)]
    assert review.event(store, a).status == "unreviewed"  # merge/split say nothing about the event itself


def test_edtf_values() -> None:
    assert review.edtf_value("2007").start == "2007-01-01"
    v = review.edtf_value("2007-01/2007-04")
    assert (v.start, v.end, v.precision) == ("2007-01-01", "2007-04-30", "range")
    v = review.edtf_value("XXXX-06-05")
    assert (v.start, v.end, v.precision) == (None, None, "day")
    assert review.edtf_value("2008-21").precision == "unknown"  # a season: kept, no interval
