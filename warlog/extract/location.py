"""Where and when an incident happened, when the parse tied no place or date to its words.

`warlog.extract.events` gives a place to the trigger that governs it ("killed … in Kirkuk"). Reports
often name the place in another clause or sentence of the same incident ("… detonated under a convoy
near the city of Deir ez-Zor"), name only a country where a town follows, or name none and file from a
dateline. In order, an event takes:

1. the place tied to its words, when finer than a country;
2. else the finest place named in the sentences that tell it (within the country tied to it, if one
   is), the first told;
3. else the dateline ("KABUL (Reuters) -") (GUIDELINES: a dateline locates an event only when the text
   names no place for it);
4. else the last place named before it in its paragraph, else the report's main place (the finer
   place it names most, at least twice);
5. else the country tied to its words, or else the country the report is about, at country precision.

Every step keeps within the country tied to the event's words, when one is. Dates likewise
(`date_from_text`): a date stated in a sentence that tells the event, before the report's date; the
report's main incident, a date its opening states (`date_of_main`); in a report with no date of its
own, the year of its main incident (`date_of_narrative`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from ..dates import DateValue, normalise_date
from ..model import DateMention, Event, PlaceMention
from .coref import VIOLENCE
from .dating import DATE_RANK, historical


def locate(event: Event, places: Sequence[PlaceMention], *, dateline: PlaceMention | None = None,
           focus: str | None = None, taken: frozenset[int] = frozenset()) -> Event:
    """`event` with its place chosen as the module says (its reason in `location_reason`). `focus`:
    the ISO3 code of the country the report is about; `taken`: the start offsets of place mentions the
    parse gave to other events, never this one's."""
    current = event.location
    told = {v.sentence for v in event.evidence}
    if current is not None and current.precision == 3:
        # "Ten soldiers killed in Cabo Delgado raid … militants raided Mocimboa da Praia": the town in the
        # province that a sentence telling it names
        inside = [p for p in places if p.span.sentence in told and p.label != "dateline" and p.span.start not in taken
                  and (p.location.precision or 5) <= 2 and p.location.admin1 == current.admin1
                  and p.location.country == current.country and p.location.place_id is not None]
        if inside:
            best = min(inside, key=lambda p: (p.location.precision or 5, p.span.start))
            return replace(event, location=best.location, location_reason="a town in its province named in a "
                           "sentence that tells it")
    if current is not None and (current.precision or 5) <= 3:
        return event
    named = [p for p in places if p.span.sentence in told and p.label != "dateline" and p.span.start not in taken
             and p.location.place_id is not None and (p.location.precision or 5) <= 3
             and (current is None or p.location.country == current.country)]
    if named:
        best = min(named, key=lambda p: (p.location.precision or 5, p.span.start))
        return replace(event, location=best.location, location_reason="named in a sentence that tells it")
    if dateline is not None and current is None:  # "in central Mali" is a place the text names
        return replace(event, location=dateline.location, location_reason="document dateline")
    country = current.country if current is not None else focus
    finer = [p for p in places if p.label != "dateline" and p.location.place_id is not None
             and (p.location.precision or 5) <= 3 and (country is None or p.location.country == country)]
    first = min(event.evidence, key=lambda v: v.start)
    before = [p for p in finer if p.span.segment == first.segment and p.span.sentence < first.sentence]
    if before:
        return replace(event, location=before[-1].location, location_reason="named before it in its paragraph")
    counts: dict[str, int] = {}
    for p in finer:
        counts[str(p.location.place_id)] = counts.get(str(p.location.place_id), 0) + 1
    main = max(finer, key=lambda p: counts[str(p.location.place_id)], default=None)
    if main is not None and counts[str(main.location.place_id)] >= 2:
        return replace(event, location=main.location, location_reason="the place the report names most")
    if current is not None or focus is None:
        return event
    named_country = next((p for p in places if p.location.precision == 4 and p.location.country == focus
                          and p.location.place_id is not None), None)
    if named_country is None:
        return event
    return replace(event, location=named_country.location, location_reason="the country the report is about")


def date_from_text(event: Event, dates: Sequence[DateMention], published: str | None,
                   taken: frozenset[int] = frozenset()) -> Event:
    """`event` dated from the sentences that tell it when the parse tied no date to its words (it has
    none, only the report's date, or a day read relative to the report that its sentence merely
    shares): a date the text states outright ("April 15, 2013") before one
    read relative to the report ("Wednesday"), the more precise first, the first told; never a date
    the parse gave to another event (`taken`: their start offsets)."""
    weak = event.date_reason == "same sentence" and event.date is not None and event.date.relative_to is not None
    if event.date is not None and event.date.precision != "reported" and not weak:
        return event
    told = {v.sentence for v in event.evidence}
    found = [d for d in dates if d.span.sentence in told and d.value is not None and d.span.start not in taken
             and d.value.precision in DATE_RANK and (d.value.start or d.value.edtf[:4] == "XXXX")]
    if weak:  # "Wednesday", read in the sentence of the report's own news: only a date stated outright
        found = [d for d in found if d.value is not None and d.value.relative_to is None]
    if not found:
        return event
    best = min(found, key=lambda d: (d.value is not None and d.value.relative_to is not None,
                                     DATE_RANK.get(d.value.precision if d.value else "", 9), d.span.start))
    value = best.value
    assert value is not None
    return replace(event, date=value, date_reason="stated in a sentence that tells it",
                   historical=historical(value, published))


def date_of_main(events: list[Event], dates: Sequence[DateMention], published: str | None,
                 lead_sentence: int, taken: frozenset[int]) -> list[Event]:
    """The report's main incident (the violent one told in most sentences), still undated, takes a date
    the report's opening states outright ("… those on Friday, 21 July 1972, a day that became known as
    Bloody Friday"): the first day or month in its first sentences that the parse gave no other event."""
    violent = [k for k, e in enumerate(events) if e.type in VIOLENCE]
    if not violent:
        return events
    k = max(violent, key=lambda j: len({v.sentence for v in events[j].evidence}))
    event = events[k]
    if event.date is not None and event.date.precision != "reported":
        return events
    opening = [d for d in dates if d.span.sentence <= lead_sentence + 1 and d.span.start not in taken
               and d.value is not None and d.value.relative_to is None and d.value.start
               and d.value.precision in ("day", "month")]
    if not opening:
        return events
    value = opening[0].value
    assert value is not None
    out = list(events)
    out[k] = replace(event, date=value, date_reason="stated in the report's opening",
                     historical=historical(value, published))
    return out


def date_of_narrative(events: list[Event], published: str | None) -> list[Event]:
    """Events still undated in a report with no date of its own (a history, a profile) happened in the
    year of the report's main incident, the dated event told in most sentences ("On 13 September 1974 a
    bomb … The police launched an operation; leftists were arrested" → 1974): no finer, since the text
    gives no more."""
    if published:
        return events
    dated = [e for e in events if e.date is not None and e.date.start and e.date.precision != "reported"]
    if not dated:
        return events
    main = max(dated, key=lambda e: (e.type in VIOLENCE, len({v.sentence for v in e.evidence})))
    assert main.date is not None and main.date.start is not None
    year = normalise_date(main.date.start[:4], anchor=None)
    if year is None:
        return events
    return [e if e.date is not None else replace(e, date=year, date_reason="the year of the report's main incident",
                                                  historical=True) for e in events]


#: "three days after the bombing", "days later", "within 10 days of the attacks", "two weeks later".
AFTER = re.compile(r"\b(?:(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|several) )?"
                   r"(?P<unit>hours?|days?|weeks?)"
                   r"(?: (?:after|later)\b| of the (?:attacks?|bombings?|shootings?|blasts?))",
                   re.IGNORECASE)
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10}


def date_after_told(events: list[Event]) -> list[Event]:
    """An event still undated, or dated only by the report, that the text places some hours, days or
    weeks after an act told before it ("Tamerlan died after a gunfight three days after the bombing",
    "Days later, Tamerlan was killed") is dated from that act: the day it gives when the number and the
    day are known, else the act's month."""
    out = list(events)
    for k, event in enumerate(events):
        if (event.date is not None and event.date.precision != "reported") or not event.evidence:
            continue
        first = min(event.evidence, key=lambda v: v.start)
        m = AFTER.search(first.quote)
        before = [e for e in events if e is not event and e.type in VIOLENCE and e.date is not None
                  and e.date.start and e.date.precision != "reported"
                  and min(v.start for v in e.evidence) < first.start]
        if m is None or not before:
            continue
        act = min(before, key=lambda e: min(v.start for v in e.evidence))  # the report's first act
        assert act.date is not None and act.date.start is not None
        value = _shifted(act.date.start, act.date.precision, m)
        if value is not None:
            out[k] = replace(event, date=replace(value, raw=m.group(0), relative_to="previous_event"),
                             date_reason="after an act told before it",
                             historical=act.historical)
    return out


def _shifted(start: str, precision: str, m: re.Match[str]) -> DateValue | None:
    unit = m.group("unit").lower().rstrip("s")
    n = m.group("n")
    count = int(n) if n and n.isdigit() else NUMBERS.get((n or "").lower())
    if precision == "day" and unit == "day" and count is not None and "of the" not in m.group(0):
        return normalise_date((date.fromisoformat(start) + timedelta(days=count)).isoformat(), anchor=None)
    if precision == "day" and unit == "hour":
        return normalise_date(start, anchor=None)
    if precision in ("day", "month"):
        return normalise_date(start[:7], anchor=None)
    return None
