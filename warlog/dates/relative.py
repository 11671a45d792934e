"""Phrases whose date depends on the publication date (anchor) or on the previous event's date.

Anchor rules (news reports the past): "Tuesday"/"this Tuesday" is the most recent Tuesday on or
before the anchor, "last Tuesday" the most recent strictly before it, "next Tuesday" the first after
it; "last week" is the previous Monday-Sunday week, "this week"/"earlier this week" Monday..anchor;
"last month"/"earlier this month"/"last year"/"earlier this year" are calendar months and years;
"N days ago" is a day, "N weeks ago" the Monday-Sunday week containing anchor - N weeks, "N months
ago" a month, "N years ago" a year; "the past N units"/"over the last N units" is anchor - N units ..
anchor. Vague counts are ranges: a couple = 2, a few / recent = 2-4, several / some = 3-7.
Without an anchor these give precision "unknown" (`XXXX-XX-XX`, `XXXX-XX` or `XXXX` by the unit).

Previous-event rules: "shortly afterward", "later that day", "the same day" copy the previous date
(same interval, same precision); "the following day", "N days later/earlier", "the day before" shift
a day-precise previous date; from a coarser previous date a shift of at most a week keeps the
previous value and a longer one gives None. Month and year shifts ("a month later", "the following
year") need the previous date's month or year and give month or year precision.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from warlog.dates.absolute import WEEKDAY_RX
from warlog.dates.edtf import Point, add_months, point_of
from warlog.dates.value import DateValue, Span, between, single, unknown

COUNT_RX = (r"(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
            r"|(?:a )?couple(?: of)?|(?:a )?few|several|some|a number of)")
UNIT_RX = r"(day|week|fortnight|month|year|decade)s?"
_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: unit -> (days, months, granularity of its unknown form)
_UNITS = {"day": (1, 0, "day"), "week": (7, 0, "day"), "fortnight": (14, 0, "day"),
          "month": (0, 1, "month"), "year": (0, 12, "year"), "decade": (0, 120, "year")}
PUB = "publication"
PREV = "previous_event"


def count_range(word: str | None) -> tuple[int, int]:
    """(fewest, most) units a count word allows; a missing count is one."""
    if word is None:
        return 1, 1
    if word.isdigit():
        return int(word), int(word)
    if word in _WORDS:
        return _WORDS[word], _WORDS[word]
    if "couple" in word:
        return 2, 2
    if "few" in word or word == "recent":
        return 2, 4
    return 3, 7  # several, some, a number of


def _back(anchor: date, unit: str, n: int) -> date:
    days, months, _ = _UNITS[unit]
    return anchor - timedelta(days=days * n) if days else add_months(anchor, -months * n)


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _days(lo: date, hi: date, relative: str = PUB) -> Span | None:
    return between(point_of(lo), point_of(hi), relative=relative)


_DAY_WORDS = {"today": 0, "tonight": 0, "earlier today": 0, "later today": 0, "yesterday": -1,
              "last night": -1, "day before yesterday": -2, "tomorrow": 1, "day after tomorrow": 2}
_AGO = re.compile(rf"{COUNT_RX} {UNIT_RX} ago")
_WEEKDAY = re.compile(rf"(?:(last|this|next|past|previous|coming) )?({WEEKDAY_RX})")
_THIS = re.compile(r"(last|previous|this|earlier this|later this|next|coming) (week|month|year|weekend)"
                   r"|(weekend)")
_PAST = re.compile(rf"(?:the last|the past|past|the previous|previous|recent|last)(?: {COUNT_RX})? {UNIT_RX}")


def anchor_relative(t: str, anchor: date | None, future: bool) -> Span | None:
    """Phrases that count from the publication date."""
    if t in _DAY_WORDS:
        return unknown("day") if anchor is None else single(point_of(anchor + timedelta(_DAY_WORDS[t])), PUB)
    if t == "overnight":  # the night before the report: its evening or the report's early hours
        return unknown("day") if anchor is None else _days(anchor - timedelta(1), anchor)
    m = _WEEKDAY.fullmatch(t)
    if m is not None:
        if anchor is None:
            return unknown("day")
        mod, wd, a = m[1], _WEEKDAYS.index(m[2]), anchor.weekday()
        if mod in ("last", "past", "previous"):
            delta = -((a - wd) % 7 or 7)
        elif mod in ("next", "coming"):
            delta = (wd - a) % 7 or 7
        else:
            delta = (wd - a) % 7 if future else -((a - wd) % 7)
        return single(point_of(anchor + timedelta(delta)), PUB)
    m = _AGO.fullmatch(t)
    if m is not None:
        return _ago(count_range(m[1]), m[2], anchor)
    m = _THIS.fullmatch(t)
    if m is not None:
        unit = m[2] or m[3]
        if anchor is None:
            return unknown("day" if "week" in unit else unit)
        return _this(m[1] or "this", unit, anchor, future)
    m = _PAST.fullmatch(t)
    if m is not None:
        word = m[1] if m[1] is not None else ("recent" if t.startswith("recent") or t.endswith("s") else None)
        unit = m[2]
        if anchor is None:
            return unknown(_UNITS[unit][2])
        return _days(_back(anchor, unit, count_range(word)[1]), anchor)
    return None


def _ago(counts: tuple[int, int], unit: str, anchor: date | None) -> Span | None:
    days, _, gran = _UNITS[unit]
    if unit == "decade":
        return None  # "a decade ago" is too loose for a year
    if anchor is None:
        return unknown(gran)
    lo, hi = counts
    if unit == "day":
        return _days(anchor - timedelta(hi), anchor - timedelta(lo))
    if days:  # weeks: the Monday-Sunday weeks concerned
        first, last = _monday(anchor - timedelta(days * hi)), _monday(anchor - timedelta(days * lo))
        return _days(first, last + timedelta(6))
    first, last = _back(anchor, unit, hi), _back(anchor, unit, lo)
    return between(point_of(first, gran), point_of(last, gran), relative=PUB)


def _this(mod: str, unit: str, anchor: date, future: bool) -> Span | None:
    step = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(mod, 0)
    if unit in ("month", "year"):
        p = point_of(anchor, unit).shifted(step)
        return None if p is None else single(p, PUB)
    a = anchor.weekday()
    if unit == "week":
        mon = _monday(anchor) + timedelta(7 * step)
        if mod == "later this":
            return _days(anchor + timedelta(1), mon + timedelta(6)) if a < 6 else None
        end = anchor if step == 0 and not future else mon + timedelta(6)
        return _days(mon, end)
    sat = anchor - timedelta((a - 5) % 7)  # most recent Saturday on or before the anchor
    if step > 0 or (future and step == 0 and a < 5):
        sat = anchor + timedelta((5 - a) % 7 or 7)
        return _days(sat, sat + timedelta(1))
    if step < 0 and a >= 5:
        sat -= timedelta(7)
    return _days(sat, min(sat + timedelta(1), anchor) if step == 0 else sat + timedelta(1))


# --------------------------------------------------------------------------- previous event

_SAME = re.compile(
    r"(?:(?:shortly|soon|immediately|just|not long|moments|minutes|hours|a short time|a little)"
    r" (?:after|afterwards?|thereafter|later|before|earlier))"
    r"|(?:later|earlier) (?:that|the same|on the same) (?:day|night|morning|afternoon|evening)"
    r"|(?:that|that same|same) (?:day|night|morning|afternoon|evening|date|time)"
    r"|meanwhile|simultaneously|thereafter")
_NEXT = re.compile(r"(?:the )?(following|next|previous|preceding|subsequent)"
                   r" (day|morning|afternoon|evening|night)"
                   r"|(?:the (next)|(following|previous|preceding|subsequent)) (week|month|year)")
_SAME_UNIT = re.compile(r"(?:that|the same|that same|same) (week|month|year)")
_UNIT_AFTER = re.compile(r"(day|night|morning|evening|week|month|year) (after|before|later|earlier)")
_N_LATER = re.compile(rf"{COUNT_RX} {UNIT_RX} (later|after|afterwards?|earlier|before|prior|on)")
_PREV_EDTF = re.compile(r"(\d{4}|XXXX)(?:-(0[1-9]|1[0-2])(?:-(\d{2}))?)?")


def _copy(previous: DateValue) -> DateValue:
    return DateValue(previous.edtf, previous.start, previous.end, previous.precision, "", PREV)


def previous_relative(t: str, previous: DateValue | None) -> Span | DateValue | bool | None:
    """Phrases that count from the previous event's date; False when `t` is not one of them."""
    if _SAME.fullmatch(t):
        return unknown("day") if previous is None else _copy(previous)
    m = _SAME_UNIT.fullmatch(t)
    if m is not None:
        return _shift(previous, m[1], 0, 0, calendar_week=True)
    m = _NEXT.fullmatch(t)
    if m is not None:
        word = m[1] or m[3] or m[4]
        sign = 1 if word in ("following", "next", "subsequent") else -1
        unit = "day" if m[2] else m[5]
        return _shift(previous, unit, sign, sign, calendar_week=unit == "week")
    m = _UNIT_AFTER.fullmatch(t)
    if m is not None:
        sign = 1 if m[2] in ("after", "later") else -1
        unit = m[1] if m[1] in ("week", "month", "year") else "day"
        return _shift(previous, unit, sign, sign)
    m = _N_LATER.fullmatch(t)
    if m is not None:
        lo, hi = count_range(m[1])
        sign = -1 if m[3] in ("earlier", "before", "prior") else 1
        return _shift(previous, m[2], sign * lo, sign * hi)
    return False


def _shift(previous: DateValue | None, unit: str, lo: int, hi: int,
           calendar_week: bool = False) -> Span | DateValue | None:
    days, months, gran = _UNITS[unit]
    if previous is None:
        return unknown(gran)
    m = _PREV_EDTF.fullmatch(previous.edtf)
    p = None if m is None else Point(None if m[1] == "XXXX" else int(m[1]), _int(m[2]), _int(m[3]))
    if days:
        if p is None or p.day is None:
            return _copy(previous) if max(abs(lo), abs(hi)) * days <= 7 else None
        if calendar_week:
            base = date(2000 if p.year is None else p.year, p.month or 1, p.day)
            mon = _monday(base) + timedelta(7 * lo)
            a, b = point_of(mon), point_of(mon + timedelta(6))
            if p.year is None:
                a, b = Point(None, a.month, a.day), Point(None, b.month, b.day)
            return between(a, b, relative=PREV)
        first, last = p.shifted(min(lo, hi) * days), p.shifted(max(lo, hi) * days)
    elif unit == "year" or unit == "decade":
        if p is None or p.year is None:
            return None
        step = months // 12
        first, last = Point(p.year).shifted(min(lo, hi) * step), Point(p.year).shifted(max(lo, hi) * step)
    else:
        if p is None or p.month is None:
            return None
        q = Point(p.year, p.month)
        first, last = q.shifted(min(lo, hi)), q.shifted(max(lo, hi))
    if first is None or last is None:
        return None
    return between(first, last, relative=PREV)


def _int(s: str | None) -> int | None:
    return int(s) if s else None
