"""Where and when the mentions of an event are anchored: the places and dates the text ties to them, and
whether two mentions' anchors agree (the same scene, overlapping dates), clash, or list several towns.
Used by `warlog.extract.coref` to merge mentions into events and by `warlog.extract.incidents` to group
them into incidents."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from ..dates import DateValue
from ..geo.gazetteer import distance_km
from ..model import PlaceMention
from .events import EventCandidate

#: Places closer than this are one scene (km); two towns named as such, closer than TOWNS_KM.
SAME_SCENE_KM = 60.0
TOWNS_KM = 40.0


def places_of(c: EventCandidate) -> list[PlaceMention]:
    return [p for p, _, _ in c.places]


def dates_of(c: EventCandidate, *, tied: bool = False) -> list[DateValue]:
    """The candidate's dates; `tied`: only those the parse ties to its words ("on Tuesday" of "the
    ministry said on Tuesday" merely shares the sentence)."""
    return [d.value for d, _, score in c.dates if d.value is not None and (not tied or score >= 0.75)]


def places_agree(a: list[PlaceMention], b: list[PlaceMention]) -> bool:
    if not a or not b:
        return True
    for p in a:
        for q in b:
            lp, lq = p.location, q.location
            if lp.lat is None or lq.lat is None or lp.lon is None or lq.lon is None:
                continue
            if 4 in (lp.precision, lq.precision) and lp.country == lq.country:
                return True
            if 3 in (lp.precision, lq.precision) and lp.admin1 == lq.admin1:
                return True
            towns = lp.precision == lq.precision == 1 and lp.place_id != lq.place_id
            if distance_km(lp.lat, lp.lon, lq.lat, lq.lon) <= (TOWNS_KM if towns else SAME_SCENE_KM):
                return True
    return False


def dates_agree(a: list[DateValue], b: list[DateValue]) -> bool:
    known_a = [d for d in a if d.start]
    known_b = [d for d in b if d.start]
    if not known_a or not known_b:
        return True
    return any(overlap(x, y) for x in known_a for y in known_b)


def overlap(x: DateValue, y: DateValue) -> bool:
    """The two intervals share a day (an open end reaches any later date)."""
    return (x.end or "9999") >= (y.start or "") and (y.end or "9999") >= (x.start or "")


def listed_towns(c: EventCandidate) -> bool:
    """The mention is tied to a list of places in several provinces ("in Mombasa, Kisumu and Nakuru"), not
    to one place said more precisely ("in Musayyib, just south of Baghdad"; "in Numaniyah near Al Kut")."""
    tied = sorted((p for p, _, score in c.places if score >= 0.75 and p.location.admin1), key=lambda p: p.span.start)
    text, at = c.evidence.text, c.evidence.start
    for a, b in itertools.pairwise(tied):
        between = text[a.span.end - at:b.span.start - at]
        if re.fullmatch(r"\s*(?:,|,?\s*and|,?\s*or)\s*", between) and (
                a.location.country, a.location.admin1) != (b.location.country, b.location.admin1):
            return True
    return False


def own_places(group: Sequence[EventCandidate]) -> list[PlaceMention]:
    """Places the text ties to these mentions (not merely found in the same sentence), finer than a
    country."""
    return [p for c in group for p, _, score in c.places if score >= 0.75 and (p.location.precision or 5) <= 3]


def any_places(group: Sequence[EventCandidate]) -> list[PlaceMention]:
    """Every place finer than a country named in the sentences of these mentions."""
    return [p for c in group for p, _, _ in c.places if (p.location.precision or 5) <= 3]


def own_dates(group: Sequence[EventCandidate]) -> list[DateValue]:
    """Dates the text states for these mentions (not the report's date, not an unknown one)."""
    return [d.value for c in group for d, _, _ in c.dates
            if d.value is not None and d.value.precision not in ("reported", "unknown")]


def dates_meet(a: list[DateValue], b: list[DateValue]) -> bool:
    """Some date of `a` and some of `b` name overlapping intervals (or, with the year unknown, the
    same month or day: `XXXX-04`)."""
    for x in a:
        for y in b:
            if x.start and y.start and overlap(x, y):
                return True
            if not x.start and not y.start and x.edtf == y.edtf:
                return True
    return False


def anchors_fit(incident: Sequence[EventCandidate], group: Sequence[EventCandidate]) -> bool:
    """No place or date of `group` contradicts those of `incident`, and a group with a place or date
    of its own shares one with the incident: a past incident told with its own date or place is
    another event, even when the incident it is compared with states none."""
    da, db = own_dates(incident), own_dates(group)
    if anchors_clash(incident, group) or years_apart(da, db):
        return False
    if not (own_places(group) or db):
        return True
    places, theirs = any_places(incident), any_places(group)
    return bool((places and theirs and places_agree(places, theirs)) or (db and da and dates_meet(da, db)))


def anchors_clash(a: Sequence[EventCandidate], b: Sequence[EventCandidate], *, dates: bool = True) -> bool:
    """The places the text ties to `a` and to `b` lie apart, or (with `dates`) their dates do not overlap."""
    pa, pb = own_places(a), own_places(b)
    if pa and pb and not places_agree(pa, pb):
        return True
    da, db = (own_dates(a), own_dates(b)) if dates else ([], [])
    return bool(da and db and not dates_agree(da, db))


def years_apart(a: list[DateValue], b: list[DateValue]) -> bool:
    """Dates of unknown year that name different months or days (`XXXX-04` and `XXXX-06-05`)."""
    xa = {d.edtf[5:12] for d in a if not d.start and d.edtf.startswith("XXXX-") and d.edtf[5:7] != "XX"}
    xb = {d.edtf[5:12] for d in b if not d.start and d.edtf.startswith("XXXX-") and d.edtf[5:7] != "XX"}
    return bool(xa and xb) and not any(p.startswith(q) or q.startswith(p) for p in xa for q in xb)
