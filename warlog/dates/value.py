"""`DateValue`, the public result, and `Span`, the interval the rules build before rendering it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from warlog.dates.edtf import Point

PRECISIONS = frozenset({"day", "month", "season", "year", "decade", "range", "open", "reported", "unknown"})
RELATIVE_TO = frozenset({"publication", "previous_event"})
_UNKNOWN_EDTF = {"day": "XXXX-XX-XX", "month": "XXXX-XX", "year": "XXXX"}


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date as the text states it, in EDTF, with the interval it names.

    `start`/`end` are ISO dates of the interval's first and last day; `start` is None when the year is
    unknown or the interval is open at the start, `end` likewise at the end. `relative_to` says what
    anchored a relative phrase: the publication date, the previous event's date, or nothing.
    """

    edtf: str
    start: str | None
    end: str | None
    precision: str
    raw: str
    relative_to: str | None = None

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r}")
        if self.relative_to is not None and self.relative_to not in RELATIVE_TO:
            raise ValueError(f"unknown relative_to {self.relative_to!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "edtf": self.edtf,
            "start": self.start,
            "end": self.end,
            "precision": self.precision,
            "raw": self.raw,
            "relative_to": self.relative_to,
        }


@dataclass(frozen=True, slots=True)
class Span:
    """An interval from `lo`'s first day to `hi`'s last; a None end is open (`..`).

    `edtf` overrides the rendering (season codes, decades, unknown dates); `relative` is the
    `relative_to` of the result.
    """

    lo: Point | None
    hi: Point | None
    precision: str
    edtf: str | None = None
    relative: str | None = None

    def render(self) -> str:
        if self.edtf is not None:
            return self.edtf
        if self.lo is not None and self.lo == self.hi:
            return self.lo.edtf()
        lo = self.lo.edtf() if self.lo is not None else ".."
        hi = self.hi.edtf() if self.hi is not None else ".."
        return f"{lo}/{hi}"

    def value(self, raw: str) -> DateValue:
        first = self.lo.first() if self.lo is not None else None
        last = self.hi.last() if self.hi is not None else None
        return DateValue(
            edtf=self.render(),
            start=first.isoformat() if first else None,
            end=last.isoformat() if last else None,
            precision=self.precision,
            raw=raw,
            relative_to=self.relative,
        )

    def anchored(self, relative: str | None) -> Span:
        return replace(self, relative=relative) if relative != self.relative else self


def single(p: Point, relative: str | None = None) -> Span:
    return Span(p, p, p.granularity, relative=relative)


def between(lo: Point, hi: Point, precision: str = "range", relative: str | None = None) -> Span | None:
    """The interval lo..hi, collapsed to one point when they are equal; None when it runs backwards."""
    if lo == hi:
        return single(lo, relative)
    a, b = lo.first(), hi.last()
    if a is not None and b is not None and a > b:
        return None
    return Span(lo, hi, precision, relative=relative)


def unknown(granularity: str) -> Span:
    """A date the text states but that cannot be placed without an anchor."""
    return Span(None, None, "unknown", edtf=_UNKNOWN_EDTF[granularity])


def is_unknown(s: Span) -> bool:
    return s.precision == "unknown"
