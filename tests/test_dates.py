"""warlog.dates: DATE spans -> EDTF with honest precision. Anchor 2008-06-07 is a Saturday."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import pytest

from warlog.dates import PRECISIONS, DateValue, is_edtf, normalise_date, reported_date

A = "2008-06-07"
PUB, PREV = "publication", "previous_event"

# (text, expected with anchor A, expected without anchor); each expectation is
# (edtf, start, end, precision, relative_to) or None.
Row = tuple[str, tuple[str, str | None, str | None, str, str | None] | None,
            tuple[str, str | None, str | None, str, str | None] | None]
U_DAY = ("XXXX-XX-XX", None, None, "unknown", None)
U_MONTH = ("XXXX-XX", None, None, "unknown", None)
U_YEAR = ("XXXX", None, None, "unknown", None)

TABLE: list[Row] = [
    # days and months, with and without a year in the text
    ("June 5", ("2008-06-05", "2008-06-05", "2008-06-05", "day", PUB),
     ("XXXX-06-05", None, None, "day", None)),
    ("on June 5", ("2008-06-05", "2008-06-05", "2008-06-05", "day", PUB),
     ("XXXX-06-05", None, None, "day", None)),
    ("5 June 2008", ("2008-06-05", "2008-06-05", "2008-06-05", "day", None),
     ("2008-06-05", "2008-06-05", "2008-06-05", "day", None)),
    ("2008-06-05", ("2008-06-05", "2008-06-05", "2008-06-05", "day", None),
     ("2008-06-05", "2008-06-05", "2008-06-05", "day", None)),
    ("Thursday, June 5, 2008", ("2008-06-05", "2008-06-05", "2008-06-05", "day", None),
     ("2008-06-05", "2008-06-05", "2008-06-05", "day", None)),
    ("the 5th of June", ("2008-06-05", "2008-06-05", "2008-06-05", "day", PUB),
     ("XXXX-06-05", None, None, "day", None)),
    ("the fifth of June", ("2008-06-05", "2008-06-05", "2008-06-05", "day", PUB),
     ("XXXX-06-05", None, None, "day", None)),
    ("on the night of June 5", ("2008-06-05", "2008-06-05", "2008-06-05", "day", PUB),
     ("XXXX-06-05", None, None, "day", None)),
    ("June 9", ("2007-06-09", "2007-06-09", "2007-06-09", "day", PUB),
     ("XXXX-06-09", None, None, "day", None)),
    ("Jun. 5 '08", ("2008-06-05", "2008-06-05", "2008-06-05", "day", None),
     ("2008-06-05", "2008-06-05", "2008-06-05", "day", None)),
    ("25/06/2008", ("2008-06-25", "2008-06-25", "2008-06-25", "day", None),
     ("2008-06-25", "2008-06-25", "2008-06-25", "day", None)),
    ("Christmas Day 2007", ("2007-12-25", "2007-12-25", "2007-12-25", "day", None),
     ("2007-12-25", "2007-12-25", "2007-12-25", "day", None)),
    ("in January 2007", ("2007-01", "2007-01-01", "2007-01-31", "month", None),
     ("2007-01", "2007-01-01", "2007-01-31", "month", None)),
    ("January 2007", ("2007-01", "2007-01-01", "2007-01-31", "month", None),
     ("2007-01", "2007-01-01", "2007-01-31", "month", None)),
    ("in May 2007", ("2007-05", "2007-05-01", "2007-05-31", "month", None),
     ("2007-05", "2007-05-01", "2007-05-31", "month", None)),
    ("in December", ("2007-12", "2007-12-01", "2007-12-31", "month", PUB),
     ("XXXX-12", None, None, "month", None)),
    ("in June", ("2008-06", "2008-06-01", "2008-06-30", "month", PUB),
     ("XXXX-06", None, None, "month", None)),
    ("last June", ("2007-06", "2007-06-01", "2007-06-30", "month", PUB),
     ("XXXX-06", None, None, "month", None)),
    ("2007", ("2007", "2007-01-01", "2007-12-31", "year", None),
     ("2007", "2007-01-01", "2007-12-31", "year", None)),
    ("throughout 2007", ("2007", "2007-01-01", "2007-12-31", "year", None),
     ("2007", "2007-01-01", "2007-12-31", "year", None)),
    # parts of years (quadrimesters), halves, quarters, seasons, parts of months
    ("early 2007", ("2007-01/2007-04", "2007-01-01", "2007-04-30", "season", None),
     ("2007-01/2007-04", "2007-01-01", "2007-04-30", "season", None)),
    ("mid-2010", ("2010-05/2010-08", "2010-05-01", "2010-08-31", "season", None),
     ("2010-05/2010-08", "2010-05-01", "2010-08-31", "season", None)),
    ("late 2006", ("2006-09/2006-12", "2006-09-01", "2006-12-31", "season", None),
     ("2006-09/2006-12", "2006-09-01", "2006-12-31", "season", None)),
    ("the end of 2007", ("2007-09/2007-12", "2007-09-01", "2007-12-31", "season", None),
     ("2007-09/2007-12", "2007-09-01", "2007-12-31", "season", None)),
    ("the first quarter of 2007", ("2007-01/2007-03", "2007-01-01", "2007-03-31", "season", None),
     ("2007-01/2007-03", "2007-01-01", "2007-03-31", "season", None)),
    ("the second half of 2007", ("2007-07/2007-12", "2007-07-01", "2007-12-31", "season", None),
     ("2007-07/2007-12", "2007-07-01", "2007-12-31", "season", None)),
    ("the summer of 2014", ("2014-22", "2014-06-01", "2014-08-31", "season", None),
     ("2014-22", "2014-06-01", "2014-08-31", "season", None)),
    ("the winter of 2013-14", ("2014-24", "2013-12-01", "2014-02-28", "season", None),
     ("2014-24", "2013-12-01", "2014-02-28", "season", None)),
    ("last summer", ("2007-22", "2007-06-01", "2007-08-31", "season", PUB),
     ("XXXX-22", None, None, "season", None)),
    ("early June", ("2008-06-01/2008-06-10", "2008-06-01", "2008-06-10", "range", PUB),
     ("XXXX-06-01/XXXX-06-10", None, None, "range", None)),
    ("late June 2008", ("2008-06-21/2008-06-30", "2008-06-21", "2008-06-30", "range", None),
     ("2008-06-21/2008-06-30", "2008-06-21", "2008-06-30", "range", None)),
    ("the first week of June", ("2008-06-01/2008-06-07", "2008-06-01", "2008-06-07", "range", PUB),
     ("XXXX-06-01/XXXX-06-07", None, None, "range", None)),
    ("early last year", ("2007-01/2007-04", "2007-01-01", "2007-04-30", "season", PUB), U_YEAR),
    # decades
    ("the 1990s", ("199X", "1990-01-01", "1999-12-31", "decade", None),
     ("199X", "1990-01-01", "1999-12-31", "decade", None)),
    ("the early 1990s", ("1990/1993", "1990-01-01", "1993-12-31", "range", None),
     ("1990/1993", "1990-01-01", "1993-12-31", "range", None)),
    # ranges
    ("between March and May 2016", ("2016-03/2016-05", "2016-03-01", "2016-05-31", "range", None),
     ("2016-03/2016-05", "2016-03-01", "2016-05-31", "range", None)),
    ("from 2003 to 2011", ("2003/2011", "2003-01-01", "2011-12-31", "range", None),
     ("2003/2011", "2003-01-01", "2011-12-31", "range", None)),
    ("2003-2011", ("2003/2011", "2003-01-01", "2011-12-31", "range", None),
     ("2003/2011", "2003-01-01", "2011-12-31", "range", None)),
    ("2010\u201311", ("2010/2011", "2010-01-01", "2011-12-31", "range", None),
     ("2010/2011", "2010-01-01", "2011-12-31", "range", None)),
    ("June 3-5, 2008", ("2008-06-03/2008-06-05", "2008-06-03", "2008-06-05", "range", None),
     ("2008-06-03/2008-06-05", "2008-06-03", "2008-06-05", "range", None)),
    ("3-5 June 2008", ("2008-06-03/2008-06-05", "2008-06-03", "2008-06-05", "range", None),
     ("2008-06-03/2008-06-05", "2008-06-03", "2008-06-05", "range", None)),
    ("June 30-July 2, 2008", ("2008-06-30/2008-07-02", "2008-06-30", "2008-07-02", "range", None),
     ("2008-06-30/2008-07-02", "2008-06-30", "2008-07-02", "range", None)),
    ("June 3 to 5", ("2008-06-03/2008-06-05", "2008-06-03", "2008-06-05", "range", PUB),
     ("XXXX-06-03/XXXX-06-05", None, None, "range", None)),
    ("from December 2007 to February", ("2007-12/2008-02", "2007-12-01", "2008-02-29", "range", None),
     ("2007-12/2008-02", "2007-12-01", "2008-02-29", "range", None)),
    ("from late 2006 to early 2007", ("2006-09/2007-04", "2006-09-01", "2007-04-30", "range", None),
     ("2006-09/2007-04", "2006-09-01", "2007-04-30", "range", None)),
    # open intervals
    ("since June 3", ("2008-06-03/..", "2008-06-03", None, "open", PUB),
     ("XXXX-06-03/..", None, None, "open", None)),
    ("since 2003", ("2003/..", "2003-01-01", None, "open", None),
     ("2003/..", "2003-01-01", None, "open", None)),
    ("June 2008 onwards", ("2008-06/..", "2008-06-01", None, "open", None),
     ("2008-06/..", "2008-06-01", None, "open", None)),
    ("until early 2008", ("../2008-04", None, "2008-04-30", "open", None),
     ("../2008-04", None, "2008-04-30", "open", None)),
    ("before May 2007", ("../2007-04", None, "2007-04-30", "open", None),
     ("../2007-04", None, "2007-04-30", "open", None)),
    ("after June 3, 2008", ("2008-06-04/..", "2008-06-04", None, "open", None),
     ("2008-06-04/..", "2008-06-04", None, "open", None)),
    ("since last Tuesday", ("2008-06-03/..", "2008-06-03", None, "open", PUB), U_DAY),
    # relative to the publication date
    ("last Tuesday", ("2008-06-03", "2008-06-03", "2008-06-03", "day", PUB), U_DAY),
    ("Tuesday", ("2008-06-03", "2008-06-03", "2008-06-03", "day", PUB), U_DAY),
    ("on Tuesday night", ("2008-06-03", "2008-06-03", "2008-06-03", "day", PUB), U_DAY),
    ("Saturday", ("2008-06-07", "2008-06-07", "2008-06-07", "day", PUB), U_DAY),
    ("last Saturday", ("2008-05-31", "2008-05-31", "2008-05-31", "day", PUB), U_DAY),
    ("next Tuesday", ("2008-06-10", "2008-06-10", "2008-06-10", "day", PUB), U_DAY),
    ("yesterday", ("2008-06-06", "2008-06-06", "2008-06-06", "day", PUB), U_DAY),
    ("last night", ("2008-06-06", "2008-06-06", "2008-06-06", "day", PUB), U_DAY),
    ("today", ("2008-06-07", "2008-06-07", "2008-06-07", "day", PUB), U_DAY),
    ("two days ago", ("2008-06-05", "2008-06-05", "2008-06-05", "day", PUB), U_DAY),
    ("a few days ago", ("2008-06-03/2008-06-05", "2008-06-03", "2008-06-05", "range", PUB), U_DAY),
    ("three weeks ago", ("2008-05-12/2008-05-18", "2008-05-12", "2008-05-18", "range", PUB), U_DAY),
    ("two months ago", ("2008-04", "2008-04-01", "2008-04-30", "month", PUB), U_MONTH),
    ("three years ago", ("2005", "2005-01-01", "2005-12-31", "year", PUB), U_YEAR),
    ("last week", ("2008-05-26/2008-06-01", "2008-05-26", "2008-06-01", "range", PUB), U_DAY),
    ("earlier this week", ("2008-06-02/2008-06-07", "2008-06-02", "2008-06-07", "range", PUB), U_DAY),
    ("this past weekend", ("2008-05-31/2008-06-01", "2008-05-31", "2008-06-01", "range", PUB), U_DAY),
    ("earlier this month", ("2008-06", "2008-06-01", "2008-06-30", "month", PUB), U_MONTH),
    ("last month", ("2008-05", "2008-05-01", "2008-05-31", "month", PUB), U_MONTH),
    ("earlier this year", ("2008", "2008-01-01", "2008-12-31", "year", PUB), U_YEAR),
    ("last year", ("2007", "2007-01-01", "2007-12-31", "year", PUB), U_YEAR),
    ("the past several weeks", ("2008-04-19/2008-06-07", "2008-04-19", "2008-06-07", "range", PUB), U_DAY),
    ("over the past three months", ("2008-03-07/2008-06-07", "2008-03-07", "2008-06-07", "range", PUB),
     U_MONTH),
    ("during the last three months", ("2008-03-07/2008-06-07", "2008-03-07", "2008-06-07", "range", PUB),
     U_MONTH),
    ("the past week", ("2008-05-31/2008-06-07", "2008-05-31", "2008-06-07", "range", PUB), U_DAY),
    ("in recent weeks", ("2008-05-10/2008-06-07", "2008-05-10", "2008-06-07", "range", PUB), U_DAY),
    ("recent years", ("2004-06-07/2008-06-07", "2004-06-07", "2008-06-07", "range", PUB), U_YEAR),
    # no usable date
    ("Ramadan", None, None),
    ("in the past", None, None),
    ("the past", None, None),
    ("recently", None, None),
    ("a decade ago", None, None),
    ("the nineties", None, None),
    ("05/06/2008", None, None),  # day-month order unknowable
    ("June 31", None, None),
    ("February 29, 2007", None, None),
    ("2008-13-01", None, None),
    ("banana", None, None),
    ("", None, None),
    ("   ", None, None),
]


def _tuple(v: DateValue | None) -> tuple[str, str | None, str | None, str, str | None] | None:
    return None if v is None else (v.edtf, v.start, v.end, v.precision, v.relative_to)


@pytest.mark.parametrize(("text", "with_anchor", "without"), TABLE, ids=[r[0] or "empty" for r in TABLE])
def test_phrase_with_and_without_anchor(text: str, with_anchor: object, without: object) -> None:
    assert _tuple(normalise_date(text, anchor=A)) == with_anchor
    assert _tuple(normalise_date(text)) == without


@pytest.mark.parametrize("text", [r[0] for r in TABLE if r[1] is not None])
def test_results_are_valid_edtf_and_consistent(text: str) -> None:
    for anchor in (A, None, "2009-01-03"):
        v = normalise_date(text, anchor=anchor)
        assert v is not None
        assert is_edtf(v.edtf), v
        assert v.precision in PRECISIONS
        assert v.raw == text
        if v.start and v.end:
            assert v.start <= v.end
        if v.precision == "unknown" or v.edtf.startswith("XXXX"):
            assert v.start is None and v.end is None
        if v.precision == "open":
            assert ".." in v.edtf
        if anchor is None:
            assert v.relative_to is None  # nothing but the text placed it


# --------------------------------------------------------------------------- anchor rule

@pytest.mark.parametrize(("text", "anchor", "future", "edtf"), [
    ("on December 30", "2009-01-03", False, "2008-12-30"),   # across the year boundary
    ("in December", "2009-01-03", False, "2008-12"),
    ("last Tuesday", "2009-01-03", False, "2008-12-30"),
    ("last month", "2009-01-03", False, "2008-12"),
    ("between December and February", "2009-03-10", False, "2008-12/2009-02"),
    ("January 2", "2009-01-03", False, "2009-01-02"),
    ("January 5", "2009-01-03", False, "2008-01-05"),         # a few days ahead: the past unless future
    ("January 5", "2009-01-03", True, "2009-01-05"),
    ("June 9", A, True, "2008-06-09"),
    ("next June 9", A, False, "2008-06-09"),                   # "next" in the text
    ("Tuesday", A, True, "2008-06-10"),
    ("June 7", A, False, "2008-06-07"),                        # the anchor day itself is not after it
    ("February 29", "2009-06-01", False, "2008-02-29"),
    ("summer", A, False, "2008-22"),                           # begun 1 June
    ("summer", "2008-05-31", False, "2007-22"),
    ("winter", "2008-12-15", False, "2009-24"),                # winter 2009 = Dec 2008..Feb 2009
])
def test_anchor_rule(text: str, anchor: str, future: bool, edtf: str) -> None:
    v = normalise_date(text, anchor=anchor, future=future)
    assert v is not None and v.edtf == edtf
    assert v.relative_to == PUB


def test_anchor_types_are_equivalent() -> None:
    want = normalise_date("June 5", anchor=A)
    assert normalise_date("June 5", anchor=date(2008, 6, 7)) == want
    assert normalise_date("June 5", anchor=datetime(2008, 6, 7, 23, 59)) == want
    assert normalise_date("June 5", anchor="2008-06-07T10:00:00Z") == want


def test_bad_anchor_raises() -> None:
    with pytest.raises(ValueError):
        normalise_date("June 5", anchor="June 7, 2008")
    with pytest.raises(ValueError):
        normalise_date("June 5", anchor="2008-02-30")


def test_never_invents_the_current_year() -> None:
    this_year = str(date.today().year)
    for text in ("June 5", "in December", "last Tuesday", "since June 3", "summer", "Jun. 5"):
        v = normalise_date(text)
        assert v is not None and this_year not in v.edtf and v.start is None, v


# --------------------------------------------------------------------------- previous event

PREV_MONTH = DateValue("2007-01", "2007-01-01", "2007-01-31", "month", "in January 2007")
PREV_DAY = DateValue("2008-12-31", "2008-12-31", "2008-12-31", "day", "on December 31")
PREV_NOYEAR = DateValue("XXXX-06-05", None, None, "day", "on June 5")
PREV_RANGE = DateValue("2007-01/2007-04", "2007-01-01", "2007-04-30", "season", "early 2007")


@pytest.mark.parametrize(("text", "previous", "want"), [
    ("shortly afterward", PREV_MONTH, ("2007-01", "2007-01-01", "2007-01-31", "month", PREV)),
    ("shortly afterwards", PREV_DAY, ("2008-12-31", "2008-12-31", "2008-12-31", "day", PREV)),
    ("later that day", PREV_DAY, ("2008-12-31", "2008-12-31", "2008-12-31", "day", PREV)),
    ("the same day", PREV_NOYEAR, ("XXXX-06-05", None, None, "day", PREV)),
    ("soon after", PREV_RANGE, ("2007-01/2007-04", "2007-01-01", "2007-04-30", "season", PREV)),
    ("the following day", PREV_DAY, ("2009-01-01", "2009-01-01", "2009-01-01", "day", PREV)),
    ("the next day", PREV_NOYEAR, ("XXXX-06-06", None, None, "day", PREV)),
    ("the following day", PREV_MONTH, ("2007-01", "2007-01-01", "2007-01-31", "month", PREV)),
    ("the day before", PREV_DAY, ("2008-12-30", "2008-12-30", "2008-12-30", "day", PREV)),
    ("two days later", PREV_DAY, ("2009-01-02", "2009-01-02", "2009-01-02", "day", PREV)),
    ("a few days later", PREV_DAY, ("2009-01-02/2009-01-04", "2009-01-02", "2009-01-04", "range", PREV)),
    ("the following week", PREV_DAY, ("2009-01-05/2009-01-11", "2009-01-05", "2009-01-11", "range", PREV)),
    ("a month later", PREV_DAY, ("2009-01", "2009-01-01", "2009-01-31", "month", PREV)),
    ("the same month", PREV_DAY, ("2008-12", "2008-12-01", "2008-12-31", "month", PREV)),
    ("the following year", PREV_MONTH, ("2008", "2008-01-01", "2008-12-31", "year", PREV)),
    ("two years earlier", PREV_MONTH, ("2005", "2005-01-01", "2005-12-31", "year", PREV)),
    ("three weeks later", PREV_MONTH, None),    # could be the next month: not stated honestly
    ("the following year", PREV_NOYEAR, None),
    ("a month later", PREV_RANGE, None),
    ("shortly afterward", None, ("XXXX-XX-XX", None, None, "unknown", None)),
    ("the following day", None, ("XXXX-XX-XX", None, None, "unknown", None)),
    ("a year later", None, ("XXXX", None, None, "unknown", None)),
])
def test_previous_event(text: str, previous: DateValue | None, want: object) -> None:
    v = normalise_date(text, previous=previous)
    assert _tuple(v) == want
    assert normalise_date(text, previous=previous, anchor=A) == v  # the anchor plays no part
    if v is not None:
        assert is_edtf(v.edtf) and v.raw == text


def test_next_week_is_the_anchor_s_and_the_next_week_the_event_s() -> None:
    a = normalise_date("next week", anchor=A, previous=PREV_DAY)
    b = normalise_date("the next week", anchor=A, previous=PREV_DAY)
    assert a is not None and a.edtf == "2008-06-09/2008-06-15" and a.relative_to == PUB
    assert b is not None and b.edtf == "2009-01-05/2009-01-11" and b.relative_to == PREV


# --------------------------------------------------------------------------- reported date, API

def test_reported_date() -> None:
    v = reported_date("2008-06-07")
    assert v == DateValue("2008-06-07", "2008-06-07", "2008-06-07", "reported", "2008-06-07", PUB)
    assert reported_date("2008-06-07T22:15:00+03:00").edtf == "2008-06-07"
    with pytest.raises(ValueError):
        reported_date("last week")


def test_no_silent_fallback_to_publication() -> None:
    assert normalise_date("banana", anchor=A) is None
    assert normalise_date("in the past", anchor=A) is None


def test_invalid_inputs() -> None:
    assert normalise_date(None) is None  # type: ignore[arg-type]
    assert normalise_date(20080605) is None  # type: ignore[arg-type]
    assert normalise_date("June 5 " * 100) is None
    with pytest.raises(ValueError):
        DateValue("2008", "2008-01-01", "2008-12-31", "fortnight", "x")
    with pytest.raises(ValueError):
        DateValue("2008", "2008-01-01", "2008-12-31", "year", "x", relative_to="rumour")


def test_to_dict_and_hashable() -> None:
    v = normalise_date("late 2006")
    assert v is not None
    assert v.to_dict() == {"edtf": "2006-09/2006-12", "start": "2006-09-01", "end": "2006-12-31",
                           "precision": "season", "raw": "late 2006", "relative_to": None}
    assert len({v, normalise_date("late 2006")}) == 1


def test_repeated_calls_are_cached() -> None:
    assert normalise_date("Jun. 5 '08", anchor=A) is normalise_date("Jun. 5 '08", anchor=A)


# --------------------------------------------------------------------------- EDTF validator

@pytest.mark.parametrize("s", [
    "2008", "2008-06", "2008-06-05", "XXXX-06-05", "2007-01/2007-04", "2008-06-03/..", "../2008-06-03",
    "/2008-06-03", "2008-06-03/", "2007-21", "2014-24", "2007-37", "2007-41", "199X", "20XX", "1985-04-XX",
    "1985-XX-XX", "XXXX-12-XX", "156X-12-25", "1XXX-12", "2004-06-11~", "1984?", "2004-06-11%", "2004-?06-11",
    "1984~/2004-06", "Y170000002", "1950S2", "-0100", "2004-02-29", "XXXX-02-29", "2001-02-03T09:30:01Z",
    "2004-01-01T10:10:10+05:00", "[1667,1668,1670..1672]", "[..1760-12-03]", "[1760-12..]",
    "{1667,1668,1670..1672}", "{1960,1961-12}", "XXXX-22", "1990/1993",
])
def test_is_edtf_accepts(s: str) -> None:
    assert is_edtf(s)


@pytest.mark.parametrize("s", [
    "", " 2008", "2008 ", "2008-13", "2008-00",
    "2008-06-31", "2007-02-29", "2008-06-00", "08-06-05", "2008/2007",
    "2008-06-05/2008-06-04", "../..", "/", "2008//2009", "2008/2009/2010", "2007-42", "2007-20", "2007-21-01",
    "2008-06-05T25:00:00", "2008-06-XXT10:00:00", "abc",
    "2008-6-5", "[]", "[1667,,1668]", "[1667..1668..1669]",
    "199", "2008-1X-32", "X", "2008-06S2", "~~2008", "[1667,1668}",
])
def test_is_edtf_rejects(s: str) -> None:
    assert not is_edtf(s)


# --------------------------------------------------------------------------- speed

def test_throughput_without_cache_hits() -> None:
    phrases = [r[0] for r in TABLE if r[0].strip()]
    normalise_date("Jun. 5 '08", anchor=A)  # warm-up: dateparser loads its English data once
    start, calls = time.perf_counter(), 0
    for i in range(60):
        anchor = date(2005, 1, 1) + timedelta(days=i)  # a new anchor each round: no cached results
        for text in phrases:
            normalise_date(text, anchor=anchor)
            calls += 1
    rate = calls / (time.perf_counter() - start)
    assert rate >= 2000, f"{rate:.0f} phrases/s"


@pytest.mark.parametrize(("text", "published", "edtf"), [
    ("April 5", "2018-04", "2018-04-05"),       # the year comes from a month-dated report
    ("in March", "2018-04", "2018-03"),
    ("December 11", "2018-04", "2017-12-11"),  # the most recent one before the report
    ("last month", "2018-04", "2018-03"),       # relative, but no finer than the report's month
    ("Sunday", "2018-04", "XXXX-XX-XX"),       # needs the day: left unknown, not guessed
    ("June 5", "2011", "2011-06-05"),
    ("Sunday", "2018-04-09", "2018-04-08"),     # a day-dated report anchors as before
])
def test_dates_in_reports_of_reduced_precision(text: str, published: str, edtf: str) -> None:
    from warlog.dates import date_in_report

    value = date_in_report(text, published)
    assert value is not None and value.edtf == edtf


def test_report_date_keeps_the_reports_precision() -> None:
    from warlog.dates import report_date

    value = report_date("2011-10")
    assert (value.edtf, value.start, value.end, value.precision) == ("2011-10", "2011-10-01", "2011-10-31",
                                                                     "reported")


def test_a_date_without_year_takes_the_year_of_the_full_date_told_before_it() -> None:
    from warlog.dates import normalise_date
    from warlog.extract.times import _narrative_year

    before = normalise_date("July 1, 1999", anchor=None)
    bare = normalise_date("July 7", anchor=None)
    dated = _narrative_year(bare, before)
    assert dated is not None and (dated.edtf, dated.raw) == ("1999-07-07", "July 7")
    month = normalise_date("March 2019", anchor=None)  # a month told before is often background
    assert _narrative_year(normalise_date("April", anchor=None), month) == normalise_date("April", anchor=None)


def test_a_date_with_a_possessive_is_read() -> None:
    from warlog.extract.times import find_dates
    from warlog.model import Document, Media
    from warlog.nlp import annotate, load_pipeline
    from warlog.segment.text import segment_text

    page = segment_text("A court convicted a friend of the suspect over last year's deadly blast.")
    doc = Document("d1", page.text, page.segments, Media.TEXT, "x", "h", "h", published="2014-07-21")
    (segments,) = list(annotate([doc], load_pipeline()))
    (mention,) = find_dates(segments, doc.published)
    assert mention.value is not None and (mention.value.edtf, mention.span.text) == ("2013", "last year")
