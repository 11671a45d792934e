"""Whether two reported events are one real event: a score in [0, 1], the reason in words, the
points each feature gave, or a veto that rules it out whatever else agrees.

Vetoes: other type; dates apart by more than their precisions allow (a year, a day of unknown year
and a report's own date bound the vaguest ones); places farther apart than their precisions allow
(unless each report names both places); an event the text negates or only supposes; a pair whose
dates cannot be compared (undated, a year) without the same place and a detail of the incident.
Points, added up: the same day (+2) or overlapping vaguer dates (less), dates too vague to compare
(-0.5); the same place (+2), a place near by, a town and the province it is in (+1) or the same
province (less), or a place the other report's document names (+1); the same named actor (+2), one
name spelt two ways or a family and its member (+1.5), different named actors in the same role
(-1.5), the same generic agent or unresolved name (+0.5 each); the same counts (+0.75 a kind) or
compatible ones (+0.25), counts far apart (-1 to -3); the same kind of weapon or means (+0.5) or
different ones (-0.75); the same kind of site (+1) or different ones (-1.5); shared wording (+0.5 or
+1.5, syndicated copy). The score is a logistic of the sum around `PIVOT` (3 points: e.g. the same
day and the same town, with nothing against).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from unidecode import unidecode

from ..geo.gazetteer import distance_km
from ..model import UNREAL
from .features import EventFeatures

PIVOT = 3.0  # points at which the score is 0.5
CROSS_NAMED_KM = 100.0  # two places this close, each report naming both, are one story's places
ALIKE = 88  # rapidfuzz ratio at which two actors' names are one name spelt two ways
VAGUE_DATE = 0.5  # points off a pair one of whose dates is too vague to compare


@dataclass(frozen=True, slots=True)
class PairScore:
    """`score` in [0, 1] (0 when vetoed); `reasons` in the order they count; `points` by feature."""

    score: float
    reasons: tuple[str, ...]
    points: Mapping[str, float] = field(default_factory=dict)
    veto: str | None = None

    @property
    def reason(self) -> str:
        return self.veto if self.veto else "; ".join(self.reasons)

    @property
    def total(self) -> float:
        return sum(self.points.values())


def compare(a: EventFeatures, b: EventFeatures) -> PairScore:
    """Score the pair (symmetric)."""
    if a.type != b.type:
        return _veto(f"different types ({a.type}, {b.type})")
    if a.certainty in UNREAL or b.certainty in UNREAL:
        return _veto("one report says it did not or might happen")
    points: dict[str, float] = {}
    reasons: list[str] = [f"same type {a.type}"]
    for part in (_dates, _places, _actors, _counts, _modes, _sites, _wording):
        veto = part(a, b, points, reasons)
        if veto:
            return _veto(veto)
    if not (a.dated and b.dated) and not _carried(points):
        return _veto("a date too vague to compare, and neither a close place nor a shared detail to go on")
    total = sum(points.values())
    return PairScore(round(1 / (1 + math.exp(-(total - PIVOT))), 3), tuple(reasons), points)


def _veto(why: str) -> PairScore:
    return PairScore(0.0, (why,), {}, why)


def _dates(a: EventFeatures, b: EventFeatures, points: dict[str, float], reasons: list[str]) -> str | None:
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return _vague_dates(a, b, points, reasons)
    gap = max(a.start, b.start) - min(a.end, b.end)  # > 0: days between the intervals
    if gap > a.slack + b.slack + 1:
        return f"dates apart ({a.date_text}, {b.date_text})"
    if gap > a.slack + b.slack:
        # one day out: a report across midnight or a misread weekday, or the next day's event
        exact = a.date_precision == b.date_precision == "day"
        points["date"] = -0.5 if exact else 0.0
        reasons.append(f"dates a day apart ({a.date_text}, {b.date_text})")
        return None
    width = max(a.end - a.start, b.end - b.start) + 1
    if a.date_precision == b.date_precision == "day" and a.start == b.start:
        points["date"] = 2.0
        reasons.append(f"same day {a.date_text}")
    elif "reported" in (a.date_precision, b.date_precision):
        points["date"] = 0.5
        reasons.append(f"dates fit ({a.date_text}, {b.date_text}; one only the report's date)")
    else:
        points["date"] = 1.0 if width <= 8 else 0.5 if width <= 32 else 0.2
        reasons.append(f"dates overlap ({a.date_text}, {b.date_text})")
    return None


def _vague_dates(a: EventFeatures, b: EventFeatures, points: dict[str, float], reasons: list[str]) -> str | None:
    """One date (or both) too vague to compare: only what rules the pair out counts (years apart, a
    different day of the year, an event that began after the other report was out); the pair starts
    VAGUE_DATE points down, and must be carried by a close place and a detail of its own."""
    ends = [(x.start, x.end) if x.start is not None and x.end is not None else x.bound for x in (a, b)]
    if ends[0] and ends[1] and (ends[0][0] > ends[1][1] + b.slack + 1 or ends[1][0] > ends[0][1] + a.slack + 1):
        return f"dates apart ({a.date_text}, {b.date_text})"
    for x, y, span in ((a, b, ends[1]), (b, a, ends[0])):
        if span and x.latest is not None and span[0] > x.latest + 1:
            return f"{y.date_text} is after {x.event_id}'s report ({x.reported})"
    if a.monthday and b.monthday and a.monthday != b.monthday:
        return f"different days ({a.date_text}, {b.date_text})"
    points["date"] = -VAGUE_DATE
    reasons.append(f"dates too vague to compare ({a.date_text or 'undated'}, {b.date_text or 'undated'})")
    return None


def _carried(points: Mapping[str, float]) -> bool:
    """A pair without comparable dates needs the same place (a town, or a town and the province it is
    in) and a detail of the incident: the same count, the same kind of site, or shared wording."""
    detail = points.get("counts", 0.0) >= 0.75 or points.get("site", 0.0) > 0 or points.get("wording", 0.0) > 0
    return points.get("place", 0.0) >= 1.0 and detail


def _places(a: EventFeatures, b: EventFeatures, points: dict[str, float], reasons: list[str]) -> str | None:
    named = _named_elsewhere(a, b) or _named_elsewhere(b, a)
    if not (a.located and b.located):
        both = sorted(a.doc_places & b.doc_places) if not (a.located or b.located) else []
        if named:
            points["place"] = 1.0 if named[1] else 0.5
            reasons.append(f"{named[0]} is named in the other report")
        elif both:
            points["place"] = 0.5
            reasons.append(f"both reports name {next((p for p in both if ':' not in p), both[0])}")
        elif a.country and b.country and a.country != b.country:
            return f"different countries ({a.country}, {b.country})"
        return None
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    inside = _inside(a, b) or _inside(b, a)
    if inside:
        points["place"] = 1.0
        reasons.append(inside)
        return None
    km = distance_km(a.lat, a.lon, b.lat, b.lon)
    if km > a.radius_km + b.radius_km + 5:
        if km <= CROSS_NAMED_KM and _names_place(a, b) and _names_place(b, a):
            points["place"] = 1.0  # each report picked a different one of the places both name
            reasons.append(f"both reports name {a.place} and {b.place}")
            return None
        return f"places {km:.0f} km apart ({a.place}, {b.place})"
    fine = max(a.place_precision or 4, b.place_precision or 4)
    if fine <= 2 and km <= 3:
        points["place"] = 2.0
        reasons.append(f"same place {a.place}")
    elif fine <= 2:
        points["place"] = 1.0
        reasons.append(f"places {km:.0f} km apart ({a.place}, {b.place})")
    elif named:
        points["place"] = 1.0 if named[1] else 0.5
        reasons.append(f"{named[0]} is named in the other report")
    elif fine == 3 or (a.admin1 and a.admin1 == b.admin1):
        points["place"] = 0.5
        reasons.append(f"same province ({a.place}, {b.place})")
    else:
        points["place"] = 0.2
        reasons.append(f"same country ({a.place}, {b.place})")
    return None


def _inside(inner: EventFeatures, outer: EventFeatures) -> str | None:
    """"X is in Y" when `outer` is a province and `inner` a town or district in it: one report names
    the town, another only its province."""
    if not (outer.admin1 and outer.admin1 == inner.admin1 and outer.country == inner.country):
        return None
    if (inner.place_precision or 4) > 2 or inner.place == outer.place:
        return None
    return f"{inner.place} is in {outer.place}" if outer.place_precision == 3 else None


def _names_place(doc: EventFeatures, event: EventFeatures) -> bool:
    """Whether `doc`'s document names `event`'s place."""
    return bool({event.place_id, (event.place or "").lower()} - {None, ""} & doc.doc_places)


def _named_elsewhere(vague: EventFeatures, precise: EventFeatures) -> tuple[str, bool] | None:
    """The more precise event's place, when the vaguer event's document names it, and whether that
    place is a town or district (True) or a province (False)."""
    if not precise.located or (precise.place_precision or 4) > 3:
        return None
    if vague.located and (vague.place_precision or 4) <= (precise.place_precision or 4):
        return None
    return (precise.place or "", (precise.place_precision or 4) <= 2) if _names_place(vague, precise) else None


def _actors(a: EventFeatures, b: EventFeatures, points: dict[str, float], reasons: list[str]) -> str | None:
    shared = (a.actors & b.actors) | (a.recipients & b.recipients)
    swapped = ((a.actors & b.recipients) | (a.recipients & b.actors)) - shared
    score = 0.0
    if shared:
        score += 2.0
        reasons.append("both name " + ", ".join(sorted(a.labels.get(x, x) for x in shared)))
    elif swapped:
        score += 1.0
        reasons.append("both name " + ", ".join(sorted(a.labels.get(x, x) for x in swapped)))
    else:
        for role, mine, theirs in (("actors", a.actors, b.actors), ("targets", a.recipients, b.recipients)):
            if not (mine and theirs):
                continue
            alike = _alike_names(a, mine, b, theirs)
            if alike:
                score += 1.5
                reasons.append(f"both name {alike}")
            else:
                score -= 1.5
                reasons.append(f"different {role} ({_names(a, mine)}; {_names(b, theirs)})")
            break
    if a.generic & b.generic:
        score += 0.5
        reasons.append("both: " + ", ".join(sorted(a.labels.get(x, x) for x in a.generic & b.generic)))
    if a.names & b.names:
        score += 0.5
        reasons.append("both mention " + ", ".join(sorted(a.names & b.names)))
    if score:
        points["actors"] = score
    return None


def _alike_names(a: EventFeatures, mine: frozenset[str], b: EventFeatures, theirs: frozenset[str]) -> str | None:
    """Two names of one actor spelt differently ("Dzhokhar"/"Dzokhar Tsarnaev"), people of one family
    name, or a family and one of its members ("the Skripals"/"Yulia Skripal"), as "name / name"."""
    for x in sorted(mine):
        for y in sorted(theirs):
            nx, ny = _plain(a.labels.get(x, x)), _plain(b.labels.get(y, y))
            people = x.startswith("person:") and y.startswith("person:")
            if nx and ny and (fuzz.ratio(nx, ny) >= ALIKE or _family(nx, ny) or _family(ny, nx)
                              or (people and _kin(nx, ny))):
                return f"{a.labels.get(x, x)} / {b.labels.get(y, y)}"
    return None


def _plain(name: str) -> str:
    return " ".join(unidecode(name).lower().replace("'s", "").split())


def _kin(x: str, y: str) -> bool:
    """Two people of one family name, spelt alike ("Tamerlan Tsarnaev", "Dzokhar Tsarnaev"): in one
    event of one place, the same people."""
    tx, ty = x.split(), y.split()
    return len(tx) > 1 and len(ty) > 1 and len(tx[-1]) > 3 and fuzz.ratio(tx[-1], ty[-1]) >= ALIKE


def _family(plural: str, person: str) -> bool:
    """"skripals" and "yulia skripal"."""
    return " " not in plural and len(plural) > 4 and plural.endswith("s") and person.split()[-1] == plural[:-1]


def _names(f: EventFeatures, ids: frozenset[str]) -> str:
    return ", ".join(sorted(f.labels.get(x, x) for x in ids))


def _counts(a: EventFeatures, b: EventFeatures, points: dict[str, float], reasons: list[str]) -> str | None:
    score = 0.0
    for kind in sorted(a.counts.keys() & b.counts.keys()):
        lo, hi = sorted((a.counts[kind], b.counts[kind]))
        if lo == hi:
            score += 0.75
            reasons.append(f"both {lo} {kind}")
        elif hi <= 2 * lo + 2:
            score += 0.25
            reasons.append(f"{lo} and {hi} {kind}")
        elif hi <= 4 * lo + 4:
            score -= 1.0
            reasons.append(f"{lo} against {hi} {kind}")
        else:
            score -= 3.0
            reasons.append(f"{lo} against {hi} {kind}: far apart")
    if score:
        points["counts"] = min(score, 1.5)
    return None


def _modes(a: EventFeatures, b: EventFeatures, points: dict[str, float], reasons: list[str]) -> str | None:
    if a.modes and b.modes:
        if a.modes & b.modes:
            points["modes"] = 0.5
            reasons.append("both " + ", ".join(sorted(a.modes & b.modes)))
        else:
            points["modes"] = -0.75
            reasons.append(f"different means ({', '.join(sorted(a.modes))}; {', '.join(sorted(b.modes))})")
    return None


def _sites(a: EventFeatures, b: EventFeatures, points: dict[str, float], reasons: list[str]) -> str | None:
    if a.sites and b.sites:
        if a.sites & b.sites:
            points["site"] = 1.0
            reasons.append("both at a " + ", ".join(sorted(a.sites & b.sites)))
        else:
            points["site"] = -1.5
            reasons.append(f"different sites ({', '.join(sorted(a.sites))}; {', '.join(sorted(b.sites))})")
    return None


def _wording(a: EventFeatures, b: EventFeatures, points: dict[str, float], reasons: list[str]) -> str | None:
    if not a.words or not b.words:
        return None
    jaccard = len(a.words & b.words) / len(a.words | b.words)
    if jaccard >= 0.6:
        points["wording"] = 1.5
        reasons.append(f"same wording ({jaccard:.2f})")
    elif jaccard >= 0.35:
        points["wording"] = 0.5
        reasons.append(f"similar wording ({jaccard:.2f})")
    return None
