"""EDTF building blocks: calendar points, interval formatting and a validator.

`Point` is one calendar unit (a year, a month or a day) whose year may be unknown; it renders as
EDTF (`2007`, `2007-05`, `2008-06-05`, `XXXX-06-05`) and knows its first and last day.

`is_edtf` checks a string against the Library of Congress Extended Date/Time Format, levels 0-2,
for the features a text-derived date can need: dates with unspecified digits (`X`, level 1 from the
right, level 2 anywhere), sub-year groupings 21-41 (seasons 21-24 are level 1; hemisphere seasons
25-32, quarters 33-36, quadrimesters 37-39 and semesters 40-41 are level 2), qualifiers `?~%`
(on the whole date, level 1, or on a component, level 2), long years (`Y170000002`), significant
digits (`1950S2`), date-times, intervals with open (`..`) or unknown (empty) ends, and sets
(`[1667,1668,1670..1672]`, `{1960,1961-12}`).  Exponential years are not supported.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

#: Sub-year grouping codes (EDTF 2019): first and last month of each, in a year Y.
#: Winter (24, 28) is taken as December of Y-1 to February of Y; southern seasons are shifted 6 months.
SUBYEAR_MONTHS: dict[int, tuple[int, int]] = {
    21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2),
    25: (3, 5), 26: (6, 8), 27: (9, 11), 28: (12, 2),
    29: (9, 11), 30: (12, 2), 31: (3, 5), 32: (6, 8),
    33: (1, 3), 34: (4, 6), 35: (7, 9), 36: (10, 12),
    37: (1, 4), 38: (5, 8), 39: (9, 12),
    40: (1, 6), 41: (7, 12),
}


def days_in_month(year: int | None, month: int) -> int:
    """Days in `month`; an unknown year counts as a leap year (29 February stays possible)."""
    return calendar.monthrange(2000 if year is None else year, month)[1]


@dataclass(frozen=True, slots=True)
class Point:
    """A year, month or day; `year` None means the text does not say (rendered `XXXX`)."""

    year: int | None
    month: int | None = None
    day: int | None = None

    @property
    def granularity(self) -> str:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    def edtf(self) -> str:
        out = "XXXX" if self.year is None else f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
            if self.day is not None:
                out += f"-{self.day:02d}"
        return out

    def first(self) -> date | None:
        if self.year is None:
            return None
        return date(self.year, self.month or 1, self.day or 1)

    def last(self) -> date | None:
        if self.year is None:
            return None
        month = self.month or 12
        return date(self.year, month, self.day or days_in_month(self.year, month))

    def shifted(self, n: int) -> Point | None:
        """The unit `n` steps away at this point's own granularity (None if it leaves the calendar)."""
        try:
            if self.day is not None and self.month is not None:
                d = date(2000 if self.year is None else self.year, self.month, self.day) + timedelta(days=n)
                return Point(None if self.year is None else d.year, d.month, d.day)
            if self.month is not None:
                y, m = divmod((self.month - 1) + n, 12)
                return Point(None if self.year is None else self.year + y, m + 1)
        except OverflowError:
            return None
        if self.year is None:
            return None
        return Point(self.year + n) if 1 <= self.year + n <= 9999 else None


def point_of(d: date, granularity: str = "day") -> Point:
    if granularity == "year":
        return Point(d.year)
    if granularity == "month":
        return Point(d.year, d.month)
    return Point(d.year, d.month, d.day)


def add_months(d: date, n: int) -> date:
    """`d` moved by `n` calendar months, the day clamped to the target month's length."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, days_in_month(year, month)))


# --------------------------------------------------------------------------- validator

_Q = r"[?~%]?"
_DATE = re.compile(
    rf"(?P<yq>{_Q})(?P<year>-?[0-9X]{{4}}|Y-?[1-9][0-9]{{4,}})(?P<sig>S[1-9][0-9]*)?(?P<yq2>{_Q})"
    rf"(?:-(?P<mq>{_Q})(?P<month>[0-9X]{{2}})(?P<mq2>{_Q})"
    rf"(?:-(?P<dq>{_Q})(?P<day>[0-9X]{{2}})(?P<dq2>{_Q})"
    r"(?P<time>T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:Z|[+-][01][0-9](?::?[0-5][0-9])?)?)?)?)?"
)


def _fits(pattern: str, lo: int, hi: int) -> bool:
    """Some value in lo..hi matches a two-digit pattern in which X stands for any digit."""
    return any(all(p in ("X", c) for p, c in zip(pattern, f"{v:02d}", strict=True))
               for v in range(lo, hi + 1))


_Bounds = tuple[tuple[int, int, int], tuple[int, int, int]]


def _date_bounds(s: str) -> _Bounds | bool | None:
    """Validate one date; return its (first, last) (y, m, d) when fully numeric, True if valid but
    not comparable, None if invalid."""
    m = _DATE.fullmatch(s)
    if m is None:
        return None
    year, month, day = m["year"], m["month"], m["day"]
    quals = [m[k] for k in ("yq", "yq2", "mq", "mq2", "dq", "dq2") if m[k]]
    if m["time"] and (quals or "X" in s):
        return None
    if m["sig"] and (month is not None or "X" in year):
        return None
    if m["yq"] and m["yq2"]:
        return None
    known_year = None if "X" in year or year.startswith("Y") else int(year)
    if month is None:
        if known_year is None:
            return True
        return (known_year, 1, 1), (known_year, 12, 31)
    if day is None and month.isdigit() and 21 <= int(month) <= 41:
        return True if known_year is None else ((known_year, 1, 1), (known_year, 12, 31))
    if not _fits(month, 1, 12):
        return None
    if day is not None:
        limit = days_in_month(known_year, int(month)) if month.isdigit() else 31
        if not _fits(day, 1, limit):
            return None
    if known_year is None or not month.isdigit() or (day is not None and not day.isdigit()):
        return True
    mo = int(month)
    first = (known_year, mo, int(day) if day else 1)
    last = (known_year, mo, int(day) if day else days_in_month(known_year, mo))
    return first, last


def _is_set(s: str) -> bool:
    inner = s[1:-1]
    if not inner:
        return s[0] == "{"
    members = inner.split(",")
    for i, member in enumerate(members):
        if ".." in member:
            a, _, b = member.partition("..")
            if (a and _date_bounds(a) is None) or (b and _date_bounds(b) is None):
                return False
            if not a and not b:
                return False
            if (not a and i != 0) or (not b and i != len(members) - 1):
                return False
        elif _date_bounds(member) is None:
            return False
    return True


def is_edtf(s: str) -> bool:
    """True when `s` is a valid EDTF string (levels 0-2, see the module docstring)."""
    if not isinstance(s, str) or not s or s != s.strip():
        return False
    if s[0] in "[{":
        return s[-1] == {"[": "]", "{": "}"}[s[0]] and _is_set(s)
    if "/" not in s:
        return _date_bounds(s) is not None
    left, _, right = s.partition("/")
    if "/" in right:
        return False
    ends = [_date_bounds(x) if x not in ("", "..") else False for x in (left, right)]
    if any(e is None for e in ends) or all(e is False for e in ends):
        return False
    a, b = ends
    if isinstance(a, tuple) and isinstance(b, tuple):
        return a[0] <= b[1]
    return True
