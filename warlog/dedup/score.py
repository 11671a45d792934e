"""Whether two reported events are one real event: a score in [0, 1], the reason in words, the
points each feature gave, or a veto that rules it out whatever else agrees.

Vetoes: other type; dates apart by more than their precisions allow; places farther apart than
their precisions allow; an event the text negates or only supposes. Points, added up: the same day
(+2) or overlapping vaguer dates (less); the same place (+2), a place near by or in the same province
(less), or a place the other report's document names (+1); the same named actor (+2), different named
actors in the same role (-1.5), the same generic agent or unresolved name (+0.5 each); the same counts
(+0.75 a kind) or compatible ones (+0.25), counts far apart (-1 to -3); the same kind of weapon or
means (+0.5) or different ones (-0.75); the same kind of site (+1) or different ones (-1.5); shared
wording (+0.5 or +1.5, syndicated copy). The score is a logistic of the sum around `PIVOT` (3 points:
e.g. the same day and the same town, with nothing against).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..geo.gazetteer import distance_km
from ..model import UNREAL
from .features import EventFeatures

PIVOT = 3.0  # points at which the score is 0.5


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
    total = sum(points.values())
    return PairScore(round(1 / (1 + math.exp(-(total - PIVOT))), 3), tuple(reasons), points)


def _veto(why: str) -> PairScore:
    return PairScore(0.0, (why,), {}, why)


def _dates(a: EventFeatures, b: EventFeatures, points: dict[str, float], reasons: list[str]) -> str | None:
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return "a date too vague to compare"
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
    km = distance_km(a.lat, a.lon, b.lat, b.lon)
    if km > a.radius_km + b.radius_km + 5:
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


def _named_elsewhere(vague: EventFeatures, precise: EventFeatures) -> tuple[str, bool] | None:
    """The more precise event's place, when the vaguer event's document names it, and whether that
    place is a town or district (True) or a province (False)."""
    if not precise.located or (precise.place_precision or 4) > 3:
        return None
    if vague.located and (vague.place_precision or 4) <= (precise.place_precision or 4):
        return None
    keys = {precise.place_id, (precise.place or "").lower()} - {None, ""}
    return (precise.place or "", (precise.place_precision or 4) <= 2) if keys & vague.doc_places else None


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
            if mine and theirs:
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
