"""Events over time: how many events of each PLOVER type, and how many killed, per ISO week.

Only events whose date places them in one week are counted in a week: a day, a range inside one week,
or the report's date (precision `reported`, counted in its week and tallied apart in `reported`,
since the article gave no date of its own). Events dated only to a month, a season, a year, a range
longer than a week, an open interval or not at all are never spread over weeks nor pinned to the
first one: they are counted in `Timeline.imprecise`, by type and date precision, with the interval
they cover. The library call behind the web timeline (`/timeline`, `/timeline.json`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .model import Event

UNDATED = "undated"


@dataclass(frozen=True, slots=True)
class WeekCount:
    """Events of one type in one ISO week (`week`: the Monday, ISO date)."""

    week: str
    type: str
    count: int
    fatalities: int
    reported: int = 0  # of `count`, events dated only by the report's date

    def to_dict(self) -> dict[str, Any]:
        return {"week": self.week, "type": self.type, "count": self.count, "fatalities": self.fatalities,
                "reported": self.reported}


@dataclass(frozen=True, slots=True)
class ImpreciseCount:
    """Events of one type whose date covers more than a week (or none): `precision` is the date's
    (month, season, year, decade, range, open, unknown) or `undated`; `start`/`end` the earliest start
    and latest end among them (None where open or unknown)."""

    type: str
    precision: str
    count: int
    fatalities: int
    start: str | None = None
    end: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "precision": self.precision, "count": self.count,
                "fatalities": self.fatalities, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Timeline:
    weeks: list[WeekCount] = field(default_factory=list)
    imprecise: list[ImpreciseCount] = field(default_factory=list)

    @property
    def types(self) -> list[str]:
        """The types present, most frequent first."""
        totals: dict[str, int] = defaultdict(int)
        for w in self.weeks:
            totals[w.type] += w.count
        for i in self.imprecise:
            totals[i.type] += i.count
        return sorted(totals, key=lambda t: (-totals[t], t))

    def week_range(self) -> list[str]:
        """Every week from the first to the last counted one, empty weeks included."""
        if not self.weeks:
            return []
        first, last = date.fromisoformat(self.weeks[0].week), date.fromisoformat(self.weeks[-1].week)
        return [(first + timedelta(weeks=i)).isoformat() for i in range((last - first).days // 7 + 1)]

    def to_dict(self) -> dict[str, Any]:
        return {"weeks": [w.to_dict() for w in self.weeks], "imprecise": [i.to_dict() for i in self.imprecise],
                "types": self.types, "counted": sum(w.count for w in self.weeks),
                "not_in_weeks": sum(i.count for i in self.imprecise)}


def week_of(day: str) -> str:
    """The Monday of the ISO week holding `day` (ISO date)."""
    d = date.fromisoformat(day[:10])
    return (d - timedelta(days=d.weekday())).isoformat()


def event_week(event: Event) -> str | None:
    """The week an event falls in, or None when its date does not place it in one week."""
    d = event.date
    if d is None or not d.start or not d.end:
        return None
    week = week_of(d.start)
    return week if week_of(d.end) == week else None


def weekly_counts(events: Iterable[Event]) -> list[WeekCount]:
    """Events per (ISO week, PLOVER type) with the sum of their fatalities, oldest week first; events
    that no single week holds are left out (see `timeline` for them)."""
    return timeline(events).weeks


def timeline(events: Iterable[Event]) -> Timeline:
    """Weekly counts, and the events no week can honestly hold counted by type and date precision."""
    weeks: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    loose: dict[tuple[str, str], list[Any]] = {}
    for e in events:
        week = event_week(e)
        if week is not None:
            cell = weeks[(week, e.type)]
            cell[0] += 1
            cell[1] += e.fatalities or 0
            cell[2] += e.date is not None and e.date.precision == "reported"
            continue
        precision = _loose_precision(e)
        row = loose.setdefault((e.type, precision), [0, 0, None, None, False, False])
        row[0] += 1
        row[1] += e.fatalities or 0
        start, end = (e.date.start, e.date.end) if e.date else (None, None)
        row[4] |= start is None  # an open or unknown start makes the bucket's start unknown
        row[5] |= end is None
        row[2] = None if row[4] else min(filter(None, (row[2], start)))
        row[3] = None if row[5] else max(filter(None, (row[3], end)))
    return Timeline(
        weeks=[WeekCount(w, t, c[0], c[1], c[2]) for (w, t), c in sorted(weeks.items())],
        imprecise=[ImpreciseCount(t, p, r[0], r[1], r[2], r[3])
                   for (t, p), r in sorted(loose.items(), key=lambda kv: (-kv[1][0], kv[0]))])


def _loose_precision(e: Event) -> str:
    """The bucket of an event no week holds: its date's precision, `undated`, or e.g. `day, year
    unknown` for "June 5" with no year to anchor it (EDTF `XXXX-06-05`)."""
    d = e.date
    if d is None:
        return UNDATED
    if d.start is None and d.end is None and d.edtf.startswith("XXXX") and d.precision != "unknown":
        return f"{d.precision}, year unknown"
    return d.precision
