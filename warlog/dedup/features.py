"""What dedup compares about an event: a flat, typed view of an `Event` (plus the report's time, the
places its document names and the analysts' actor merges), built once per event.

Dates become an interval of days with a slack that depends on their precision; places a point with a
radius that depends on theirs; participants split into named actors (resolved ids, after analysts'
merges), generic agents ("Iraqi police") and unresolved names; the evidence quotes give the site
("a market", "a checkpoint") and the words that syndicated copy shares.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from ..dates.value import DateValue
from ..model import COUNT_KEYS, UNREAL, ActorMention, Event

#: Date precisions whose interval dedup trusts, and the slack (days) each side of it gets: a report
#: dated by its own publication ("reported") happened on or up to a week before it.
DATE_SLACK: Mapping[str, int] = {"day": 0, "range": 1, "season": 1, "month": 1, "reported": 0}
REPORTED_LOOKBACK = 7
#: Intervals longer than this (years, decades, open ranges) are too vague to merge on.
MAX_SPAN_DAYS = 62

#: An event with no date to compare is still looked at when placed this finely (a province or finer).
VAGUE_DATE_PLACE = 3
#: Day numbers standing for "any time" in the candidate index (an event with no bound on its date).
EARLIEST_DAY, LATEST_DAY = 1.0, float(date(9999, 12, 31).toordinal())

#: Radius (km) of a place by its ACLED precision: town, near a town or district, province, country.
PLACE_RADIUS_KM: Mapping[int, float] = {1: 10.0, 2: 25.0, 3: 150.0, 4: 800.0}


#: Words naming the site of an event, by the kind of site they name (a market, a checkpoint, ...).
#: Two reports that name different kinds of site tell of different events.
SITE_WORDS: Mapping[str, str] = {
    **dict.fromkeys(("market", "marketplace", "bazaar", "souk", "shop", "shops", "stalls", "store", "bakery",
                     "supermarket", "mall"), "market"),
    **dict.fromkeys(("checkpoint", "roadblock"), "checkpoint"),
    **dict.fromkeys(("mosque", "church", "shrine", "temple", "synagogue", "cathedral"), "worship"),
    **dict.fromkeys(("school", "university", "college", "classroom", "madrasa"), "school"),
    **dict.fromkeys(("hospital", "clinic"), "hospital"),
    **dict.fromkeys(("hotel", "restaurant", "cafe", "café", "nightclub"), "hotel"),
    **dict.fromkeys(("base", "barracks", "outpost", "garrison"), "military post"),
    **dict.fromkeys(("convoy", "patrol", "motorcade"), "convoy"),
    **dict.fromkeys(("bus", "minibus"), "transport"),
    **dict.fromkeys(("bridge",), "bridge"),
    **dict.fromkeys(("airport", "airbase", "airfield"), "airport"),
    **dict.fromkeys(("prison", "jail"), "prison"),
    **dict.fromkeys(("courthouse",), "court"),
    **dict.fromkeys(("embassy", "consulate"), "embassy"),
    **dict.fromkeys(("farmhouse", "house", "compound", "residence"), "house"),
    **dict.fromkeys(("wedding", "funeral"), "gathering"),
    **dict.fromkeys(("stadium",), "stadium"),
    **dict.fromkeys(("depot", "refinery", "pipeline", "warehouse", "factory"), "facility"),
    **dict.fromkeys(("port", "harbour", "harbor"), "port"),
    **dict.fromkeys(("camp",), "camp"),
}

_STOP_TEXT = """
a about after against all also an and any are as at be been before being but by can could did do does
during each for from had has have he her his how i if in into is it its just last more most new no not
of on one or other our out over said says same say she so some such than that the their them then there
these they this those through to two under up was we were what when where which while who whom will with
would you yesterday today monday tuesday wednesday thursday friday saturday sunday week month year
according officials official police told statement reported report reports news"""
STOPWORDS = frozenset(_STOP_TEXT.split())

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def words(text: str) -> list[str]:
    """Lower-cased words (letters, with inner apostrophes and hyphens)."""
    return [w.lower() for w in _WORD.findall(text)]


@dataclass(frozen=True, slots=True)
class EventFeatures:
    """An event as dedup sees it. `start`/`end` are day numbers (date.toordinal) of the interval the
    text gives, `slack` the days each side may be off; None when the date is too vague to merge on.
    `country` is the event's, else the document's focus country (for unlocated events)."""

    event_id: str
    doc_id: str
    type: str
    modes: frozenset[str]
    start: int | None
    end: int | None
    slack: int
    date_precision: str | None
    date_text: str | None  # the EDTF value, for reasons and disagreements
    lat: float | None
    lon: float | None
    place_precision: int | None
    place: str | None  # the place's name
    place_id: str | None
    admin1: str | None
    country: str | None
    actors: frozenset[str]  # named actors (resolved, canonical ids)
    recipients: frozenset[str]
    generic: frozenset[str]  # generic agents in either role ("state_force:irq:police")
    names: frozenset[str]  # content words of participants no record knows ("Turkish engineer")
    labels: Mapping[str, str]  # actor id -> name, for reasons
    counts: Mapping[str, int]
    sites: frozenset[str]  # kinds of site the evidence names
    words: frozenset[str]  # content words of the evidence
    certainty: str
    doc_places: frozenset[str]  # place ids and lower-cased names the document names anywhere
    reported: str | None = None  # when the document was published (or stored)
    bound: tuple[int, int] | None = None  # the widest interval the date names (a year, a decade)
    monthday: tuple[int, int] | None = None  # month and day of a one-day date, its year known or not
    latest: int | None = None  # the report's day: the event began on or before it

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None and self.place_precision is not None

    @property
    def dated(self) -> bool:
        return self.start is not None and self.end is not None

    @property
    def mergeable(self) -> bool:
        """Whether automatic clustering looks at this event at all: a real event with a date to
        compare, or placed in a province or finer (then the rest of what it says must carry a merge)."""
        if self.certainty in UNREAL:
            return False
        return self.dated or (self.located and (self.place_precision or 4) <= VAGUE_DATE_PLACE)

    @property
    def radius_km(self) -> float:
        return PLACE_RADIUS_KM.get(self.place_precision or 4, 800.0)


def day_interval(start: str | None, end: str | None, precision: str | None) -> tuple[int, int, int] | None:
    """(first day, last day, slack) of a date at a precision dedup trusts, else None."""
    if precision is None or precision not in DATE_SLACK or not start or not end:
        return None
    lo, hi = _day(start), _day(end)
    if lo is None or hi is None:
        return None
    if precision == "reported":
        lo -= REPORTED_LOOKBACK
    if hi < lo or hi - lo > MAX_SPAN_DAYS:
        return None
    return lo, hi, DATE_SLACK[precision]


def _is_generic(m: ActorMention) -> bool:
    return m.how == "generic" or bool(m.actor_id and m.actor_id.endswith(":unidentified"))


def _named(people: Iterable[ActorMention], canon: Mapping[str, str]) -> frozenset[str]:
    return frozenset(canon.get(m.actor_id, m.actor_id) for m in people
                     if m.actor_id and m.how != "unlinked" and not _is_generic(m))


def _content(text: str) -> set[str]:
    return {w for w in words(text) if w not in STOPWORDS and len(w) > 2}


def features(event: Event, *, reported: str | None = None, canon: Mapping[str, str] | None = None,
             doc_places: Iterable[str] = (), focus_country: str | None = None) -> EventFeatures:
    """The features of one event. `canon` maps actor ids to the id an analyst merged them into;
    `doc_places` are the place ids and names its document mentions; `focus_country` stands in for the
    country of an event with no place."""
    canon = canon or {}
    loc, d = event.location, event.date
    span = day_interval(d.start, d.end, d.precision) if d else None
    people = (*event.actors, *event.recipients)
    quote_words: set[str] = set()
    for ev in event.evidence:
        quote_words |= _content(ev.quote)
    sites = frozenset(SITE_WORDS[w] for w in quote_words if w in SITE_WORDS)
    names: set[str] = set()
    for m in people:
        if not m.actor_id or m.how == "unlinked":
            names |= {w for w in _content(m.name) if w not in SITE_WORDS}
    located = loc is not None and loc.lat is not None and loc.lon is not None and loc.precision is not None
    return EventFeatures(
        event_id=event.event_id, doc_id=event.doc_id, type=event.type, modes=frozenset(event.modes),
        start=span[0] if span else None, end=span[1] if span else None, slack=span[2] if span else 0,
        date_precision=d.precision if d else None, date_text=d.edtf if d else None,
        lat=loc.lat if located and loc else None, lon=loc.lon if located and loc else None,
        place_precision=loc.precision if located and loc else None,
        place=(loc.name or loc.raw) if loc else None, place_id=loc.place_id if loc else None,
        admin1=loc.admin1 if loc else None, country=(loc.country if loc and loc.country else focus_country),
        actors=_named(event.actors, canon), recipients=_named(event.recipients, canon),
        generic=frozenset(canon.get(m.actor_id, m.actor_id) for m in people if m.actor_id and _is_generic(m)),
        names=frozenset(names),
        labels={canon.get(m.actor_id, m.actor_id): m.name for m in people if m.actor_id},
        counts={k: v for k, v in event.counts.items() if k in COUNT_KEYS},
        sites=sites, words=frozenset(quote_words), certainty=event.certainty,
        doc_places=frozenset(doc_places), reported=reported, bound=_bound(d.start, d.end) if d else None,
        monthday=_monthday(d) if d else None, latest=_day(reported))


_MONTHDAY = re.compile(r"^XXXX-(\d\d)-(\d\d)$")


def _day(iso: str | None) -> int | None:
    try:
        return date.fromisoformat(iso[:10]).toordinal() if iso else None
    except ValueError:
        return None


def _bound(start: str | None, end: str | None) -> tuple[int, int] | None:
    lo, hi = _day(start), _day(end)
    return (lo, hi) if lo is not None and hi is not None and lo <= hi else None


def _monthday(d: DateValue) -> tuple[int, int] | None:
    """(month, day) of a date of one day ("2008-06-05", "XXXX-06-05")."""
    m = _MONTHDAY.match(d.edtf)
    if m:
        return int(m.group(1)), int(m.group(2))
    if d.precision == "day" and d.start and d.start == d.end:
        return int(d.start[5:7]), int(d.start[8:10])
    return None


#: The R-tree dimension for the event type: one code per PLOVER type (others hashed above them).
TYPE_CODES: Mapping[str, int] = {t: i + 1 for i, t in enumerate((
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"))}
KM_PER_DEGREE = 111.2
Box = tuple[float, float, float, float, float, float, float, float, float, float]


def type_code(kind: str) -> int:
    return TYPE_CODES.get(kind) or 100 + zlib.crc32(kind.encode()) % 100_000


def country_code(iso3: str | None) -> int:
    """A number per ISO 3166-1 alpha-3 code (0: none), exact in the R-tree's 32-bit floats."""
    if not iso3 or len(iso3) != 3 or not iso3.isalpha():
        return 0
    a, b, c = (ord(ch) - 64 for ch in iso3.upper())
    return (a * 27 + b) * 27 + c


def box(f: EventFeatures) -> Box | None:
    """The event's window in the candidate index (days, type, country, latitude, longitude): two
    events are candidates when their windows overlap, i.e. when `score.compare` could let them pass
    its date and distance vetoes. None for an event automatic clustering does not look at."""
    if not f.mergeable:
        return None
    if f.start is not None and f.end is not None:
        day0, day1 = f.start - f.slack - 0.5, f.end + f.slack + 0.5
    elif f.bound is not None:
        day0, day1 = f.bound[0] - 0.5, f.bound[1] + 0.5
    else:  # no date: any time up to its report
        day0, day1 = EARLIEST_DAY, (f.latest + 0.5) if f.latest is not None else LATEST_DAY
    code, cc = type_code(f.type), country_code(f.country)
    if not f.located or f.lat is None or f.lon is None:
        return (day0, day1, code, code, cc, cc, -90.0, 90.0, -180.0, 180.0)
    reach = f.radius_km + 2.5
    dlat = reach / KM_PER_DEGREE
    dlon = reach / (KM_PER_DEGREE * max(0.1, math.cos(math.radians(f.lat))))
    return (day0, day1, code, code, cc, cc, f.lat - dlat, f.lat + dlat, f.lon - dlon, f.lon + dlon)
