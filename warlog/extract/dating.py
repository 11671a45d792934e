"""An event's place and date chosen among its mentions' (the most reliable attachment first, then the
most precise), and whether a date makes it a past incident. Used by `warlog.extract.coref` when it
builds events and by `warlog.extract.location` for its fallbacks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from ..dates import DateValue, report_date
from ..model import DateMention, Location
from .events import EventCandidate

#: Date precisions, finest first.
DATE_RANK = {"day": 0, "range": 1, "month": 2, "open": 3, "season": 4, "year": 5, "decade": 6}


def best_place(group: Sequence[EventCandidate]) -> tuple[Location | None, str | None]:
    ranked = [(score, -(p.location.precision or 5), -c.trigger.start, p, why)
              for c in group for p, why, score in c.places
              if p.location.precision != 4 or why == "prepositional object of trigger"]
    if not ranked:
        return None, None
    # the most reliable attachment first; among equals the most precise place
    best = max(ranked, key=lambda r: (round(r[0], 1) >= 0.75, r[1], r[0]))
    return best[3].location, best[4]


def best_date(group: Sequence[EventCandidate]) -> tuple[DateValue | None, str | None]:
    ranked: list[tuple[int, float, DateMention, str]] = [
        (DATE_RANK.get(d.value.precision, 9), score, d, why)
        for c in group if not c.update  # a later death's date is not the act's
        for d, why, score in c.dates if d.value is not None and d.value.precision != "unknown"]
    if not ranked:
        return None, None
    # the most reliable attachment first; among weak ones a date stated outright ("April 15, 2013")
    # before one read from the report's date ("Wednesday", often the day of the report's own news)
    best = min(ranked, key=lambda r: (r[1] < 0.7, r[1] < 0.7 and r[2].value is not None
                                      and r[2].value.relative_to is not None, r[0], -r[1]))
    assert best[2].value is not None
    # a finer date the text states outright within it ("poisoned last month" … "on March 4") says more
    finer = [r for r in ranked if r[0] < best[0] and r[2].value is not None and r[2].value.relative_to is None
             and _within(r[2].value, best[2].value)]
    if finer:
        best = min(finer, key=lambda r: (r[0], -r[1]))
        assert best[2].value is not None
    return best[2].value, best[3]


def _within(inner: DateValue, outer: DateValue) -> bool:
    return bool(inner.start and inner.end and outer.start and outer.end
                and outer.start <= inner.start and inner.end <= outer.end)


def historical(value: DateValue | None, published: str | None) -> bool:
    if value is None or not published or not value.end or value.precision == "reported":
        return False
    try:
        report = date.fromisoformat(report_date(published).start or "")
        return date.fromisoformat(value.end) < report - timedelta(days=30)
    except ValueError:
        return False
