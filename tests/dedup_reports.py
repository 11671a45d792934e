"""Hand-built reports for the dedup tests: documents and the events extraction would find in them,
written straight into a store (no spaCy)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from warlog.dates.value import DateValue
from warlog.model import (
    ActorKind,
    ActorMention,
    Analysis,
    Document,
    Event,
    Evidence,
    Location,
    Media,
    PlaceMention,
    Segment,
    SegmentKind,
    Span,
)
from warlog.store import Store

#: (name, lat, lon, precision, admin1, country)
BAQUBAH = ("Baqubah", 33.7466, 44.6437, 1, "Diyala", "IRQ")
BAGHDAD = ("Baghdad", 33.3406, 44.4009, 1, "Baghdad", "IRQ")
KIRKUK = ("Kirkuk", 35.4681, 44.3922, 1, "Kirkuk", "IRQ")
MOSUL = ("Mosul", 36.335, 43.1189, 1, "Nineveh", "IRQ")


@dataclass
class Ev:
    """One event of a report: its sentence (the quote), type, date, place, participants, counts."""

    quote: str
    type: str = "ASSAULT"
    date: tuple[str, str, str] | None = ("2008-06-05", "2008-06-05", "day")  # start, end, precision
    place: tuple[str, float, float, int, str, str] | None = BAQUBAH
    actors: Sequence[tuple[str, str, str]] = ()  # (actor id or "", name, how)
    recipients: Sequence[tuple[str, str, str]] = ()
    counts: dict[str, int] = field(default_factory=dict)
    modes: tuple[str, ...] = ()
    certainty: str = "asserted"


def person(actor_id: str, name: str, how: str = "exact") -> tuple[str, str, str]:
    return (actor_id, name, how)


def document(url: str, headline: str, paragraphs: Sequence[str], published: str) -> Document:
    text = "\n\n".join([headline, *paragraphs])
    segments, at = [], 0
    for i, part in enumerate([headline, *paragraphs]):
        start = text.index(part, at)
        segments.append(Segment(SegmentKind.HEADLINE if i == 0 else SegmentKind.BODY, start, start + len(part), part))
        at = start + len(part)
    sha = hashlib.sha256(text.encode()).hexdigest()
    doc_id = "d" + hashlib.sha256(url.encode()).hexdigest()[:16]
    return Document(doc_id=doc_id, text=text, segments=tuple(segments), media=Media.TEXT, origin=url,
                    content_hash=sha, input_hash=sha, url=url, title=headline, published=published,
                    source=url.split("/")[2])


def _mention(doc: Document, spec: tuple[str, str, str], at: int) -> ActorMention:
    actor_id, name, how = spec
    kind = ActorKind.OTHER if not actor_id else ActorKind(actor_id.split(":")[0]) \
        if actor_id.split(":")[0] in {k.value for k in ActorKind} else ActorKind.OTHER
    return ActorMention(Span(1, 1, at, at + len(name), name), actor_id or None, name, kind,
                        how=how if actor_id else "unlinked")


def analysis(doc: Document, events: Sequence[Ev], extractor: str = "test-1") -> Analysis:
    out, places = [], []
    for ev in events:
        start = doc.text.index(ev.quote)
        seg = next(i for i, s in enumerate(doc.segments) if s.start <= start < s.end)
        loc = None
        if ev.place:
            name, lat, lon, precision, admin1, country = ev.place
            loc = Location(raw=name, name=name, place_id=f"test:{name.lower()}", lat=lat, lon=lon,
                           admin1=admin1, country=country, precision=precision)
            places.append(PlaceMention(Span(seg, seg, start, start + 1, doc.text[start]), "GPE", loc, "test", 1.0))
        date = DateValue(ev.date[0] if ev.date[2] != "range" else f"{ev.date[0]}/{ev.date[1]}", ev.date[0],
                         ev.date[1], ev.date[2], ev.date[0]) if ev.date else None
        key = f"{doc.doc_id}:{start}:{ev.type}"
        out.append(Event(
            event_id="e" + hashlib.sha256(key.encode()).hexdigest()[:16], doc_id=doc.doc_id, type=ev.type,
            modes=ev.modes, actors=tuple(_mention(doc, a, start) for a in ev.actors),
            recipients=tuple(_mention(doc, r, start) for r in ev.recipients),
            evidence=(Evidence(doc.doc_id, seg, seg, start, start + len(ev.quote), ev.quote),),
            extractor=extractor, location=loc, date=date, counts=dict(ev.counts),
            count_reports={k: (v,) for k, v in ev.counts.items()},
            fatalities=ev.counts.get("killed") if ev.type == "ASSAULT" else None, certainty=ev.certainty))
    return Analysis(extractor=extractor, places=tuple(places), events=tuple(out), focus_country="IRQ")


def write(store: Store, url: str, headline: str, paragraphs: Sequence[str], published: str,
          events: Sequence[Ev], extractor: str = "test-1") -> tuple[Document, list[str]]:
    """Store a report with its events; returns the document and its event ids in order."""
    doc = document(url, headline, paragraphs, published)
    found = analysis(doc, events, extractor)
    store.write_document(doc, None, found)
    return doc, [e.event_id for e in found.events]


# -- the stories the tests tell -----------------------------------------------------------------------

US = person("state_force:usa:military", "US military", "generic")
AQI = person("armed_group:irq:al-qaeda-in-iraq", "al-Qaeda in Iraq")
POLICE = person("state_force:irq:police", "Iraqi police", "generic")


def raid_reports(store: Store) -> list[list[str]]:
    """Three outlets on one raid near Baqubah: "Thursday" (3 killed), "June 5" (5), "last week" (4)."""
    a = write(store, "https://tigris.example/raid", "US troops kill three militants near Baqubah",
              ["US and Iraqi troops killed three suspected al-Qaeda in Iraq fighters on Thursday in a raid on a "
               "farmhouse near Baqubah, the US military said."], "2008-06-06",
              [Ev("killed three suspected al-Qaeda in Iraq fighters on Thursday in a raid on a farmhouse",
                  actors=[US], recipients=[AQI], counts={"killed": 3})])[1]
    b = write(store, "https://diyala.example/farmhouse", "Five killed as troops storm farmhouse in Diyala",
              ["American and Iraqi soldiers stormed a farmhouse outside Baqubah on June 5, killing five gunmen "
               "believed to belong to al-Qaeda in Iraq, local police said."], "2008-06-07",
              [Ev("stormed a farmhouse outside Baqubah on June 5, killing five gunmen",
                  actors=[US], recipients=[AQI], counts={"killed": 5})])[1]
    c = write(store, "https://monitor.example/roundup", "Diyala operations continue",
              ["Last week US and Iraqi forces killed four al-Qaeda in Iraq militants during a raid on a farmhouse "
               "near Baqubah, according to officials in Diyala province."], "2008-06-12",
              [Ev("Last week US and Iraqi forces killed four al-Qaeda in Iraq militants during a raid on a farmhouse",
                  date=("2008-06-02", "2008-06-08", "range"), actors=[US], recipients=[AQI],
                  counts={"killed": 4})])[1]
    return [a, b, c]


MARKET = ("A car bomb exploded in a crowded market in Baghdad, killing 12 shoppers.")
CHECKPOINT = ("A suicide bomber blew himself up at a police checkpoint in Baghdad, killing three policemen.")


def bombing_reports(store: Store) -> dict[str, list[str]]:
    """Two bombings in Baghdad on one day at different sites: one report of both, one of each, and a
    later report of the market bombing with a higher toll."""
    both = write(store, "https://capital.example/twin", "Twin attacks in Baghdad", [MARKET, CHECKPOINT],
                 "2008-03-10",
                 [Ev("car bomb exploded in a crowded market", date=("2008-03-10", "2008-03-10", "day"),
                     place=BAGHDAD, counts={"killed": 12}, modes=("explosives",)),
                  Ev("suicide bomber blew himself up at a police checkpoint", date=("2008-03-10", "2008-03-10", "day"),
                     place=BAGHDAD, recipients=[POLICE], counts={"killed": 3}, modes=("explosives",))])[1]
    market = write(store, "https://rafidain.example/market", "Car bomb tears through Baghdad market",
                   ["A car bomb ripped through a busy market in Baghdad on Monday, killing 12 people."], "2008-03-10",
                   [Ev("car bomb ripped through a busy market", date=("2008-03-10", "2008-03-10", "day"),
                       place=BAGHDAD, counts={"killed": 12}, modes=("explosives",))])[1]
    checkpoint = write(store, "https://gulf.example/checkpoint", "Suicide bomber kills three police in Baghdad",
                       ["A suicide bomber detonated an explosives vest at a police checkpoint in Baghdad on Monday, "
                        "killing three officers."], "2008-03-11",
                       [Ev("suicide bomber detonated an explosives vest at a police checkpoint",
                           date=("2008-03-10", "2008-03-10", "day"), place=BAGHDAD, recipients=[POLICE],
                           counts={"killed": 3}, modes=("explosives",))])[1]
    toll = write(store, "https://courier.example/toll", "Baghdad market bombing toll rises",
                 ["The death toll from Monday's car bombing at a Baghdad market rose to 14, police said."],
                 "2008-03-11",
                 [Ev("car bombing at a Baghdad market rose to 14", date=("2008-03-10", "2008-03-10", "day"),
                     place=BAGHDAD, counts={"killed": 14}, modes=("explosives",))])[1]
    return {"both": both, "market": market, "checkpoint": checkpoint, "toll": toll}


WIRE = ["Warplanes struck a market in the town of Maarat al-Numan in Idlib province on Tuesday, killing at least "
        "eight civilians and wounding 20, a local rescue group said.",
        "The rescue group said its volunteers pulled two children from the rubble of a collapsed building. Residents "
        "said the jets returned twice in the afternoon and that many shops were destroyed.",
        "A monitoring group said it was the third strike on the town this month."]
IDLIB = ("Maarat al-Numan", 35.6436, 36.6703, 1, "Idlib", "SYR")


def wire_event() -> Ev:
    return Ev("Warplanes struck a market in the town of Maarat al-Numan", date=("2019-07-16", "2019-07-16", "day"),
              place=IDLIB, counts={"killed": 8, "wounded": 20}, modes=("aerial",))
