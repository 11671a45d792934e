"""`normalise_date`: a DATE span of text to a `DateValue`; `reported_date`: the fallback the caller uses.

Order of rules: vague phrases that name no usable date (None) -> previous-event phrases -> ranges
("between X and Y", "from X to Y") -> bounds ("since X" = `X/..`, "until/by X" = `../X`, "before X"
= `../X-1`, "after X" = `X+1/..`, at X's own granularity) -> publication-relative phrases -> calendar
expressions -> parts of relative years and months ("early last year") -> bare ranges ("X to Y",
"X-Y", "June 3-5") -> dateparser, only for other spellings that name a month.

Text is lower-cased and stripped of fillers ("on", "in", "during", "throughout", "around", ...),
times of day ("at 10 a.m.", "Tuesday night" -> "Tuesday") and ordinals ("5th", "the fifth of").
Approximation words ("around", "about") are dropped rather than turned into EDTF `~`: the
precision already says how exactly the date is known.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from warlog.dates.absolute import (
    DAY_RX,
    MONTH_RX,
    WEEKDAY_RX,
    YEAR_RX,
    dateparser_point,
    make_point,
    parse_calendar,
    parse_point,
    resolve,
)
from warlog.dates.edtf import Point
from warlog.dates.relative import PUB, anchor_relative, previous_relative
from warlog.dates.value import DateValue, Span, between, is_unknown, single

MAX_LEN = 100
#: Phrases that point at no interval one could honestly state.
VAGUE = frozenset({"past", "recently", "lately", "once", "long ago", "some time", "sometime", "earlier",
                   "later", "before", "after", "now", "then", "previously", "formerly", "future",
                   "recent", "recent times", "ago", "years ago", "in the future"})
_FUTURE = re.compile(r"\b(?:next|coming|upcoming|will|tomorrow|later this|from now|hence)\b")

_FILLER = re.compile(
    r"(?:on|in|during|at|around|about|approximately|roughly|circa|ca\.?|c\.|sometime|some time|as of"
    r"|as early as|as recently as|as late as|throughout|all of|all through|the whole of"
    r"|the entire|the course of|over|within|of|the(?! (?:last|next)\b)) ")
_TIME = re.compile(r",? (?:at |around |about |shortly after |shortly before )?\d{1,2}(?::\d\d)? ?"
                   r"(?:[ap]\.?m\b\.?|h\b|gmt)"
                   r"|,? (?:at|around) (?:dawn|dusk|noon|midnight|night|daybreak)|,? local time")
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")
_ORDINALS = {w: i + 1 for i, w in enumerate((
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
    "nineteenth", "twentieth"))}
_ORDINALS |= {f"twenty-{w}": 20 + n for w, n in list(_ORDINALS.items())[:9]}
_ORDINALS |= {"thirtieth": 30, "thirty-first": 31}
_ORD_RX = "|".join(sorted(_ORDINALS, key=len, reverse=True))
_ORDINAL_DAY = re.compile(rf"\b(?:({_ORD_RX})(?= of {MONTH_RX})|({MONTH_RX}) ({_ORD_RX})\b)")
_PUNCT = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2014": "\u2013", "\u2012": "\u2013"})
_DAYNAMES = rf"(?:{WEEKDAY_RX}|today|yesterday|tomorrow)"
_TOD = r"(?:morning|afternoon|evening|night|overnight)"


def clean(text: str) -> str:
    """Lower-cased, punctuation-normalised text with fillers, times of day and ordinals removed."""
    t = unicodedata.normalize("NFKC", text).lower()
    t = t.translate(_PUNCT)
    t = re.sub(r"\s+", " ", t).strip(" .,;:!?()[]\"'")
    t = re.sub(r"\s*\u2013\s*| - | to\u2013", "\u2013", t)
    t = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", t)
    t = _ORDINAL_DAY.sub(lambda m: str(_ORDINALS[m[1]]) if m[1] else f"{m[2]} {_ORDINALS[m[3]]}", t)
    t = t.replace("this past ", "last ")
    t = _TIME.sub("", t)
    t = re.sub(r"\bmid (?=\d|" + MONTH_RX + ")", "mid-", t)
    while True:
        m = _FILLER.match(t)
        if m is None:
            break
        t = t[m.end():]
    t = re.sub(rf"^(?:early|late) (?=(?:on )?{_DAYNAMES}\b)", "", t)
    t = re.sub(rf"^(?:(?:early|late) )?{_TOD}(?: hours)? of ", "", t)
    t = re.sub(rf"^({_DAYNAMES}|(?:last|this|next|past|previous) {WEEKDAY_RX})(?:'s)? {_TOD}$", r"\1", t)
    t = re.sub(rf"^this {_TOD}$", "today", t)
    return t.strip(" ,")


def as_date(value: date | datetime | str | None) -> date | None:
    """An anchor as a date; strings must be ISO 8601 (ValueError otherwise)."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        s = value.strip()
        try:
            return date.fromisoformat(s) if len(s) <= 10 else datetime.fromisoformat(s).date()
        except ValueError:
            raise ValueError(f"not an ISO 8601 date: {value!r}") from None
    raise TypeError(f"anchor must be a date, datetime, ISO string or None, not {type(value).__name__}")


# --------------------------------------------------------------------------- ranges and bounds

_RANGE_PATTERNS = [
    re.compile(r"between (.+?) and (.+)"),
    re.compile(r"from (.+?)(?: to | until | till | through | thru |\u2013|-)(.+)"),
]
_BARE_RANGE = [re.compile(r"(.+?)(?: to | until | till | through | thru |\u2013)(.+)")]
_BARE_DAY = re.compile(rf"{DAY_RX}(?:,? {YEAR_RX})?")
_BOUNDS = re.compile(r"(since|ever since|from|starting|beginning|until|till|up to|up until|by|before"
                     r"|prior to|after|following|no later than|not later than|no earlier than)"
                     r"(?: (?:on|in|the))* (.+)")
_ONWARD = re.compile(r"(.+?),? (?:onwards?|and later|and after)")
_OPEN_LO = {"since", "ever since", "from", "starting", "beginning", "no earlier than"}
_OPEN_HI = {"until", "till", "up to", "up until", "by", "no later than", "not later than"}


def _endpoint(t: str) -> tuple[int | None, int | None, int | None] | None:
    """A range end as (year, month, day), parts possibly missing (a bare day takes the other end's month)."""
    p = parse_point(t)
    if p is not None:
        return p.year, p.month, p.day
    m = _BARE_DAY.fullmatch(t)
    if m is not None:
        return (int(m[2]) if m[2] else None), None, int(m[1])
    return None


def _combine(left: str, right: str, anchor: date | None, future: bool) -> Span | None:
    lt, rt = _endpoint(left), _endpoint(right)
    if lt is None or rt is None:
        ls, rs = _parse(left, anchor, None, future), _parse(right, anchor, None, future)
        if not isinstance(ls, Span) or not isinstance(rs, Span) or is_unknown(ls) or is_unknown(rs):
            return None
        if ls.lo is None or rs.hi is None or (ls.lo.year is None) != (rs.hi.year is None):
            return None
        return between(ls.lo, rs.hi, relative=ls.relative or rs.relative)
    (ly, lm, ld), (ry, rm, rd) = lt, rt
    if lm is None and ld is not None:
        lm = rm
        ly = ly if ly is not None else ry
    if rm is None and rd is not None:
        rm = lm
    if (lm is None) != (rm is None) and (ld is not None or rd is not None):
        return None
    rel = None
    if ry is None and ly is None and rm is not None:
        end, used = resolve(Point(None, rm, rd), anchor, future)
        ry, rel = end.year, PUB if used else None
    if (ly is None) != (ry is None) and lm is not None and rm is not None:
        in_order = (lm, ld or 0) <= (rm, rd or 32)
        if ly is None and ry is not None:
            ly = ry if in_order else ry - 1
        elif ly is not None:
            ry = ly if in_order else ly + 1
    lo, hi = make_point(ly, lm, ld), make_point(ry, rm, rd)
    if lo is None or hi is None or (lo.year is None) != (hi.year is None):
        return None
    return between(lo, hi, relative=rel)


def _range(t: str, anchor: date | None, future: bool, patterns: list[re.Pattern[str]]) -> Span | None:
    for rx in patterns:
        m = rx.fullmatch(t)
        if m is not None:
            s = _combine(m[1].strip(), m[2].strip(), anchor, future)
            if s is not None:
                return s
    return None


def _tight_hyphen(t: str, anchor: date | None, future: bool) -> Span | None:
    """`2003-2011`, `June 3-5, 2008`, `3-5 June`, `1980-88`: a hyphen between two parseable ends."""
    m = re.fullmatch(r"(\d{4})([-\u2013])(\d{2})", t)
    # 2010-11 is November 2010; 2010\u201311 (en dash) and 1980-88 are spans of years
    if m is not None and (m[2] == "\u2013" or int(m[3]) > 12):
        return _combine(m[1], m[1][:2] + m[3], anchor, future)
    m = re.fullmatch(rf"({MONTH_RX}) {DAY_RX}-{DAY_RX}(,? {YEAR_RX})?", t)
    if m is not None:
        return _combine(f"{m[1]} {m[2]}", f"{m[1]} {m[3]}{m[4] or ''}", anchor, future)
    for i, ch in enumerate(t):
        if ch == "-" and 0 < i < len(t) - 1:
            s = _combine(t[:i], t[i + 1:], anchor, future)
            if s is not None:
                return s
    return None


def _bound(kind: str, inner: Span) -> Span | None:
    if is_unknown(inner):
        return inner
    if kind in _OPEN_LO:
        return None if inner.lo is None else Span(inner.lo, None, "open", relative=inner.relative)
    if kind in _OPEN_HI:
        return None if inner.hi is None else Span(None, inner.hi, "open", relative=inner.relative)
    if kind in ("before", "prior to"):
        edge = None if inner.lo is None else inner.lo.shifted(-1)
        return None if edge is None else Span(None, edge, "open", relative=inner.relative)
    edge = None if inner.hi is None else inner.hi.shifted(1)  # after, following
    return None if edge is None else Span(edge, None, "open", relative=inner.relative)


_RELATIVE_PART = re.compile(r"(.+?)[- ](last|this|next|past|previous) (year|month)")


def _parse_relative_part(t: str, anchor: date | None, future: bool) -> Span | None:
    """"early last year", "late this month": a part of a calendar year or month the anchor places."""
    m = _RELATIVE_PART.fullmatch(t)
    if m is None:
        return None
    whole = anchor_relative(f"{m[2]} {m[3]}", anchor, future)
    if whole is None or is_unknown(whole) or whole.lo is None or whole.lo.year is None:
        return whole
    p = whole.lo
    text = f"{m[1]} {p.year}" if p.month is None else f"{m[1]} {_MONTH_NAMES[p.month - 1]} {p.year}"
    s = parse_calendar(text, None, False)
    return None if s is None else s.anchored(PUB)


# --------------------------------------------------------------------------- dispatch

def _parse(t: str, anchor: date | None, previous: DateValue | None, future: bool) -> Span | DateValue | None:
    if not t or t in VAGUE:
        return None
    prev = previous_relative(t, previous)
    if prev is not False:
        return None if isinstance(prev, bool) else prev
    s = _range(t, anchor, future, _RANGE_PATTERNS)
    if s is not None:
        return s
    m = _ONWARD.fullmatch(t)
    kind, rest = ("since", m[1]) if m is not None else (None, t)
    if kind is None:
        mb = _BOUNDS.fullmatch(t)
        if mb is not None:
            kind, rest = mb[1], mb[2]
    if kind is not None:
        inner = _parse(rest, anchor, None, future)
        return _bound(kind, inner) if isinstance(inner, Span) else None
    s = anchor_relative(t, anchor, future) or parse_calendar(t, anchor, future)
    if s is not None:
        return s
    s = _parse_relative_part(t, anchor, future)
    if s is not None:
        return s
    s = _tight_hyphen(t, anchor, future) if "-" in t or "\u2013" in t else None
    s = s or _range(t, anchor, future, _BARE_RANGE)
    if s is not None:
        return s
    p = dateparser_point(t, anchor)
    if p is None:
        return None
    p, used = resolve(p, anchor, future)
    return single(p, PUB if used else None)


@lru_cache(maxsize=16384)
def _normalise(text: str, anchor: date | None, previous: DateValue | None, future: bool) -> DateValue | None:
    t = clean(text)
    if not t or len(t) > MAX_LEN:
        return None
    result = _parse(t, anchor, previous, future or _FUTURE.search(t) is not None)
    if result is None:
        return None
    if isinstance(result, DateValue):
        return replace(result, raw=text)
    return result.value(text)


def normalise_date(text: str, *, anchor: date | datetime | str | None = None,
                   previous: DateValue | None = None, future: bool = False) -> DateValue | None:
    """The date a DATE span states, as EDTF with its interval and precision; None when it states none.

    `anchor` (the publication date) places year-less and relative dates; without it their year stays
    unknown (`XXXX-06-05`) and anchor-relative phrases ("last Tuesday") have precision "unknown".
    `previous` (the previous event's date) places "shortly afterward", "the following day" and the
    like. `future=True` (or "next"/"will"/"coming" in the text) lets a year-less date fall after the
    anchor; otherwise it is the most recent occurrence not after the anchor.
    Raises ValueError for an anchor string that is not ISO 8601.
    """
    a = as_date(anchor)
    if not isinstance(text, str) or len(text) > 4 * MAX_LEN:
        return None
    return _normalise(text, a, previous, future)


def reported_date(published: str) -> DateValue:
    """The date of a report (ISO date or date-time), for an event whose text states no date.

    Precision is "reported": the event happened on or before this day, not necessarily on it.
    Raises ValueError when `published` is not ISO 8601.
    """
    d = as_date(published)
    if d is None:
        raise ValueError("published date is required")
    iso = d.isoformat()
    return DateValue(edtf=iso, start=iso, end=iso, precision="reported", raw=published,
                     relative_to="publication")


__all__ = ["DateValue", "as_date", "clean", "date_in_report", "normalise_date", "report_date", "reported_date"]


_PRECISION_RANK = {"day": 0, "range": 1, "month": 2, "season": 3, "year": 4, "decade": 5}


def published_precision(published: str) -> str:
    """`day`, `month` or `year`: how precisely a publication date (`2011-10-04`, `2011-10`, `2011`) is known."""
    s = published.strip()
    return "year" if len(s) == 4 else "month" if len(s) == 7 else "day"


def _period_end(published: str) -> date:
    s = published.strip()
    if len(s) == 4:
        return date(int(s), 12, 31)
    year, month = int(s[:4]), int(s[5:7])
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def date_in_report(text: str, published: str | None, previous: DateValue | None = None) -> DateValue | None:
    """`normalise_date` anchored on a publication date of any precision. A day (`2011-10-04`) anchors
    as usual. A month or a year (`2011-10`, `2011`) gives the year of a year-less date ("April 5") and
    places phrases no finer than itself ("last month" in a month-dated report); a phrase that needs the
    day ("Sunday", "yesterday") keeps an unknown date rather than a guessed one."""
    if not published or published_precision(published) == "day":
        return normalise_date(text, anchor=published[:10] if published else None, previous=previous)
    bare = normalise_date(text, anchor=None, previous=previous)
    if bare is None or (bare.start is not None and not bare.edtf.startswith("XXXX")):
        return bare
    anchored = normalise_date(text, anchor=_period_end(published), previous=previous)
    if anchored is None:
        return bare
    if bare.precision == "unknown":  # relative to the report: only as coarse as the report's date
        rank = _PRECISION_RANK.get(anchored.precision, 0)
        return anchored if rank >= _PRECISION_RANK[published_precision(published)] else bare
    return anchored


def report_date(published: str) -> DateValue:
    """`reported_date` for a publication date of any precision (`2011-10` gives precision `reported`
    over that month)."""
    if published_precision(published) == "day":
        return reported_date(published)
    s = published.strip()
    start = f"{s}-01-01" if len(s) == 4 else f"{s}-01"
    return DateValue(edtf=s, start=start, end=_period_end(s).isoformat(), precision="reported", raw=published,
                     relative_to="publication")
