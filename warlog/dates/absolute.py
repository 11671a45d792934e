"""Calendar expressions: dates, months, years, parts of years and months, seasons, decades, holidays.

A stated date may lack its year ("June 5"); `resolve` supplies it from the anchor (publication date):
the most recent occurrence not after the anchor, or, when the text looks ahead ("next", "will",
`future=True`), the first occurrence not before it. Without an anchor the year stays `XXXX`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from warlog.dates.edtf import SUBYEAR_MONTHS, Point, days_in_month
from warlog.dates.value import Span, between, single

MONTH_RX = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
            r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
WEEKDAY_RX = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_WD_PREFIX = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,? )?"
YEAR_RX = r"(1[0-9]{3}|2[0-9]{3})"
DAY_RX = r"([0-3]?[0-9])"
MONTH_SEARCH = re.compile(rf"\b{MONTH_RX}(?![a-z])")

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def month_number(word: str) -> int:
    return _MONTHS.index(word[:3]) + 1


def make_point(year: int | None, month: int | None, day: int | None = None) -> Point | None:
    """A Point when the parts form a real calendar unit (an unknown year allows 29 February)."""
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and (month is None or not 1 <= day <= days_in_month(year, month)):
        return None
    if year is None and month is None:
        return None
    return Point(year, month, day)


_POINT_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), "ymd"),
    (re.compile(r"(\d{4})-(\d{2})"), "ym"),
    (re.compile(rf"{_WD_PREFIX}({MONTH_RX}) {DAY_RX}(?:,? {YEAR_RX})?"), "mdy"),
    (re.compile(rf"{_WD_PREFIX}{DAY_RX} (?:of )?({MONTH_RX}),?(?: {YEAR_RX})?"), "dmy"),
    (re.compile(rf"({MONTH_RX}),? (?:of )?{YEAR_RX}"), "my"),
    (re.compile(rf"({MONTH_RX})"), "m"),
    (re.compile(rf"(?:year )?{YEAR_RX}"), "y"),
    (re.compile(r"([0-3]?[0-9])[/.]([0-3]?[0-9])[/.](\d{4})"), "num"),
    (re.compile(rf"(christmas(?: day| eve)?|new year's (?:day|eve))(?:,? {YEAR_RX})?"), "holiday"),
]
_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year's day": (1, 1), "new year's eve": (12, 31)}


def _opt(s: str | None) -> int | None:
    return int(s) if s else None


def parse_point(t: str) -> Point | None:
    """A single calendar date, month or year as written; the year is None when not stated."""
    for rx, kind in _POINT_PATTERNS:
        m = rx.fullmatch(t)
        if m is None:
            continue
        g = m.groups()
        if kind == "ymd":
            return make_point(int(g[0]), int(g[1]), int(g[2]))
        if kind == "ym":
            return make_point(int(g[0]), int(g[1]))
        if kind == "mdy":
            return make_point(_opt(g[2]), month_number(g[0]), int(g[1]))
        if kind == "dmy":
            return make_point(_opt(g[2]), month_number(g[1]), int(g[0]))
        if kind == "my":
            return make_point(int(g[1]), month_number(g[0]))
        if kind == "m":
            return make_point(None, month_number(g[0]))
        if kind == "y":
            return make_point(int(g[0]), None)
        if kind == "num":
            a, b, y = int(g[0]), int(g[1]), int(g[2])
            if a != b and a <= 12 and b <= 12:
                return None  # 05/06/2008: day-month order unknowable, so no date rather than a guess
            return make_point(y, b, a) if a > 12 else make_point(y, a, b)
        month, day = _HOLIDAYS[g[0]]
        return make_point(_opt(g[1]), month, day)
    return None


def resolve(p: Point, anchor: date | None, future: bool = False, strict: bool = False) -> tuple[Point, bool]:
    """Give a year-less month or day the year the anchor implies; (point, whether the anchor was used).

    Past (default): the most recent occurrence that has begun by the anchor (strict: that is over
    before it, "last June"). Future: the first that has not ended by the anchor (strict: not begun).
    """
    if p.year is not None or p.month is None or anchor is None:
        return p, False
    years = range(anchor.year - 1, anchor.year + 9) if future else range(anchor.year, anchor.year - 9, -1)
    for y in years:
        if p.day is not None and p.day > days_in_month(y, p.month):
            continue
        cand = Point(y, p.month, p.day)
        first, last = cand.first(), cand.last()
        assert first is not None and last is not None
        if future:
            ok = first > anchor if strict else last >= anchor
        else:
            ok = last < anchor if strict else first <= anchor
        if ok:
            return cand, True
    return p, False


# --------------------------------------------------------------------------- parts, seasons, decades

_PART = (r"(early|mid|middle of|late|beginning of|start of|end of|close of|early part of|latter part of"
         r"|first half of|second half of|latter half of|(?:first|second|third|fourth|last) week of"
         r"|(?:first|second|third|fourth|[1-4]) quarter of|q[1-4])")
_PART_YEAR = re.compile(rf"{_PART}[- ]?(?:in )?{YEAR_RX}")
_PART_MONTH = re.compile(rf"{_PART}[- ]?(?:in )?({MONTH_RX}),?(?: {YEAR_RX})?")
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _part_bounds(part: str, last: int, year_scale: bool) -> tuple[int, int] | None:
    """First and last unit (month of a year when year_scale, else day of a month) a part names.

    Year: early = Jan-Apr, mid = May-Aug, late = Sep-Dec (the EDTF quadrimesters 37-39), halves
    and quarters as named. Month: early = 1-10, mid = 11-20, late = 21-end, halves 1-15 / 16-end,
    first..fourth week = days 1-7 .. 22-28, last week = the last seven days.
    """
    if part in ("early", "beginning of", "start of", "early part of"):
        return (1, 4) if year_scale else (1, 10)
    if part in ("mid", "middle of"):
        return (5, 8) if year_scale else (11, 20)
    if part in ("late", "end of", "close of", "latter part of"):
        return (9, 12) if year_scale else (21, last)
    if part == "first half of":
        return (1, 6) if year_scale else (1, 15)
    if part in ("second half of", "latter half of"):
        return (7, 12) if year_scale else (16, last)
    if part.endswith("week of"):
        if year_scale:
            return None
        n = {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(part.split()[0])
        return (last - 6, last) if n is None else (7 * n - 6, 7 * n)
    if not year_scale:
        return None
    word = part[1] if part.startswith("q") else part.split()[0]
    n = int(word) if word.isdigit() else _ORD[word]
    return 3 * n - 2, 3 * n


def parse_part(t: str, anchor: date | None, future: bool) -> Span | None:
    m = _PART_YEAR.fullmatch(t)
    if m is not None:
        bounds = _part_bounds(m[1], 12, True)
        y = int(m[2])
        return None if bounds is None else between(Point(y, bounds[0]), Point(y, bounds[1]), "season")
    m = _PART_MONTH.fullmatch(t)
    if m is None:
        return None
    month, used = resolve(Point(_opt(m[3]), month_number(m[2])), anchor, future)
    assert month.month is not None
    bounds = _part_bounds(m[1], days_in_month(month.year, month.month), False)
    if bounds is None:
        return None
    rel = "publication" if used else None
    return between(Point(month.year, month.month, bounds[0]), Point(month.year, month.month, bounds[1]),
                   relative=rel)


_SEASON = re.compile(r"(?:(last|this|next|past|previous|coming) )?(?:(?:early|late|mid)[- ]?(?:in )?)?"
                     r"(spring|summer|autumn|fall|winter)(?: of)?(?:,? (\d{4})(?:[-/](\d{2}|\d{4}))?)?")
_SEASON_CODE = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}


def season_span(year: int | None, code: int, relative: str | None = None) -> Span:
    """EDTF season `YYYY-21..24`; its interval uses meteorological seasons (winter Y = Dec Y-1..Feb Y)."""
    m1, m2 = SUBYEAR_MONTHS[code]
    lo_year = None if year is None else (year - 1 if m1 > m2 else year)
    edtf = f"{'XXXX' if year is None else f'{year:04d}'}-{code}"
    return Span(Point(lo_year, m1), Point(year, m2), "season", edtf=edtf, relative=relative)


def parse_season(t: str, anchor: date | None, future: bool) -> Span | None:
    m = _SEASON.fullmatch(t)
    if m is None:
        return None
    mod, name, y1, y2 = m.groups()
    code = _SEASON_CODE[name]
    if y1 is not None:
        if mod is not None:
            return None
        if y2 is None:
            return season_span(int(y1), code)
        y2n = int(y2) if len(y2) == 4 else int(y1[:2] + y2)
        return season_span(y2n, code) if code == 24 and y2n == int(y1) + 1 else None
    if anchor is None:
        return season_span(None, code)
    # candidate season years around the anchor, each with its first and last day
    cands = [season_span(y, code) for y in range(anchor.year - 2, anchor.year + 3)]
    firsts = [c.lo.first() if c.lo else None for c in cands]
    lasts = [c.hi.last() if c.hi else None for c in cands]
    if mod in ("last", "past", "previous"):  # the most recent season already over
        pick = max(i for i, d in enumerate(lasts) if d is not None and d < anchor)
    elif mod in ("next", "coming"):  # the first season not yet begun
        pick = min(i for i, d in enumerate(firsts) if d is not None and d > anchor)
    elif future:  # bare or "this", looking ahead: the current or coming season
        pick = min(i for i, d in enumerate(lasts) if d is not None and d >= anchor)
    else:  # bare or "this": the most recent season that has begun
        pick = max(i for i, d in enumerate(firsts) if d is not None and d <= anchor)
    return cands[pick].anchored("publication")


_DECADE = re.compile(r"(?:(early|mid|late)[- ]?)?(?:(1[0-9]|20)|')?([0-9])0'?s")


def parse_decade(t: str) -> Span | None:
    """`1990s` -> `199X` (EDTF level 1 unspecified digit); early/mid/late decade -> years 0-3/4-6/7-9."""
    m = _DECADE.fullmatch(t)
    if m is None:
        return None
    part, century, digit = m.groups()
    base = int((century or "19") + digit) * 10
    if part is None:
        return Span(Point(base), Point(base + 9), "decade", edtf=f"{base // 10}X")
    lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}[part]
    return between(Point(base + lo), Point(base + hi))


_MODIFIED = re.compile(r"(last|this|next|coming|past|previous) (.+)")


def parse_calendar(t: str, anchor: date | None, future: bool) -> Span | None:
    """Any single calendar expression: date, month, year, part of either, season, decade, holiday.

    "last June" is the most recent June over before the anchor, "next June" the first not begun,
    "this June" the anchor's year's June.
    """
    p = parse_point(t)
    if p is not None:
        p, used = resolve(p, anchor, future)
        return single(p, "publication" if used else None)
    m = _MODIFIED.fullmatch(t)
    if m is not None and (p := parse_point(m[2])) is not None and p.year is None:
        if m[1] == "this":
            p, used = (p, False) if anchor is None else (make_point(anchor.year, p.month, p.day), True)
            return None if p is None else single(p, "publication" if used else None)
        p, used = resolve(p, anchor, m[1] in ("next", "coming"), strict=True)
        return single(p, "publication" if used else None)
    for f in (parse_part, parse_season):
        s = f(t, anchor, future)
        if s is not None:
            return s
    return parse_decade(t)


# --------------------------------------------------------------------------- dateparser fallback

_NOT_FOR_DATEPARSER = re.compile(
    r"\b(?:and|or|to|until|till|since|ago|last|next|this|between|from|before|after|by|through|later|earlier"
    r"|following|previous|past)\b|\d{1,2}\s*s\b")


@lru_cache(maxsize=64)
def _dateparser(anchor: date | None) -> Any:
    """One parser per anchor (cheap once dateparser's English data is loaded by the first)."""
    from dateparser.date import DateDataParser

    base = datetime.now() if anchor is None else datetime(anchor.year, anchor.month, anchor.day)
    # Only the parts the text states are kept (DateData.parts); a missing year is then filled by
    # `resolve`, like every other rule's, so RELATIVE_BASE only decides two-digit years ('08).
    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False, "REQUIRE_PARTS": ["month"],
    })


@lru_cache(maxsize=4096)
def dateparser_point(t: str, anchor: date | None) -> Point | None:
    """What dateparser reads in a text that names a month, at the precision it reports (period/parts)."""
    if MONTH_SEARCH.search(t) is None or _NOT_FOR_DATEPARSER.search(t) is not None:
        return None
    data = _dateparser(anchor).get_date_data(t)
    obj = data.date_obj
    if not isinstance(obj, datetime):
        return None
    parts = set(getattr(data, "parts", None) or ())
    if "month" not in parts:
        return None
    day = obj.day if "day" in parts and data.period == "day" else None
    return make_point(obj.year if "year" in parts else None, obj.month, day)
