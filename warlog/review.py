"""Analysts' review of extracted events: confirm, edit any field, reject, merge or split, undo.

Every decision is a row of its own (`event_decisions`: who, when, why), never a change to the raw
extraction. Reads apply the decisions in force: `store.events(query)` returns `effective` events (edits
applied; rejected events hidden unless the query asks for them with `review=("rejected",)` or
`("all",)`). Event ids are deterministic (document, trigger offset, type), so decisions survive
re-extraction of a document.

    from warlog.review import confirm, edit, reject, history, queue
    confirm(store, event_id, author="ana")
    edit(store, event_id, "date", "2008-06-05", author="ana", note="the lead says Thursday")
    edit(store, event_id, "actors", "Mahdi Army; Iraqi police", author="ana")
    queue(store)  # unreviewed events, lowest confidence first

A review status per event: unreviewed, confirmed, edited, rejected (the kind of its latest decision
in force among confirm, edit and reject).

A location edited by name ("Kut", "Kut, Iraq", "Baqubah, Diyala", "Wasit province") is looked up in
the gazetteer (`locate`) and stored with its coordinates, admin1, country and precision; a name the
gazetteer does not know is refused (`UnknownPlace`) unless the edit gives coordinates itself.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .dates.edtf import is_edtf
from .decisions import (  # the pure rules, re-exported: review's API reads them from here
    KINDS,
    STATUSES,
    EventDecision,
    edtf_value,
    effective,
    matches,
    sort_key,
    status,
)
from .errors import ConfigError, NotFound, UnknownPlace
from .model import COUNT_KEYS, UNREAL, ActorKind, Certainty, Event
from .query import EventQuery
from .store import Store

if TYPE_CHECKING:
    from pathlib import Path

    from .geo.gazetteer import Gazetteer, Place
    from .learn.training import Example

__all__ = [
    "EDITABLE",
    "KINDS",
    "STATUSES",
    "EventDecision",
    "Reviewed",
    "confirm",
    "edit",
    "edtf_value",
    "effective",
    "event",
    "history",
    "locate",
    "matches",
    "merge",
    "parse_value",
    "queue",
    "reject",
    "sort_key",
    "split",
    "status",
    "undo",
]

CERTAINTIES: tuple[Certainty, ...] = tuple(Certainty)
#: The largest count or fatality figure an edit takes (exports hold them as 32-bit integers).
MAX_COUNT = 2**31 - 1

#: Fields an analyst can edit, and what their stored value is (JSON).
EDITABLE: Mapping[str, str] = {
    "type": "PLOVER type, e.g. ASSAULT",
    "modes": "list of PLOVER modes",
    "context": "list of PLOVER contexts",
    "date": "EDTF string (2008-06-05, 2007-05, 2007-01/2007-04, 2008-06-03/..) or null",
    "location": "a place name the gazetteer knows ('Kut', 'Kut, Iraq'), or {name, lat, lon, admin1, country, "
                "precision, relation} or null",
    "actors": "list of {name, actor_id, kind, country}",
    "recipients": "list of {name, actor_id, kind, country}",
    "fatalities": "integer or null",
    "killed": "integer or null", "wounded": "integer or null",
    "detained": "integer or null", "abducted": "integer or null",
    "weapon": "text or null",
    "certainty": " | ".join(CERTAINTIES),
    "attributed_to": "text or null",
    "historical": "true or false",
}


@dataclass(frozen=True, slots=True)
class Reviewed:
    """An event as the analysts' decisions make it, with its review status and decision history."""

    event: Event
    status: str
    decisions: tuple[EventDecision, ...]

    @property
    def edited_fields(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.field for d in self.decisions
                                   if d.active and d.kind == "edit" and d.field and d.event_id == self.event.event_id))

    def to_dict(self) -> dict[str, Any]:
        from .query import event_to_dict

        return {**event_to_dict(self.event), "review": {
            "status": self.status, "edited_fields": list(self.edited_fields),
            "decisions": [d.to_dict() for d in self.decisions]}}


# -- reading --------------------------------------------------------------------------------------------

def event(store: Store, event_id: str) -> Reviewed:
    """One event with the decisions in force applied, its status and all its decisions (undone
    ones too). Rejected events are found as well. Raises NotFound."""
    found = store.events(EventQuery(event_ids=(event_id,), review=("all",)))
    if not found:
        raise NotFound(f"no event {event_id!r} in the store; `warlog events --format json` lists the ids")
    decisions = tuple(store.event_decisions(event_id))
    return Reviewed(found[0], status(decisions, event_id), decisions)


def history(store: Store, event_id: str | None = None) -> list[EventDecision]:
    """Decisions in the order they were made, undone ones included (one event's, or all)."""
    return store.event_decisions(event_id)


def queue(store: Store, *, limit: int = 50, offset: int = 0, include_unreal: bool = False) -> list[Event]:
    """The review queue: unreviewed events, lowest extraction confidence first."""
    return store.review_queue(limit=limit, offset=offset,
                              exclude_certainty=() if include_unreal else tuple(c for c in CERTAINTIES if c in UNREAL))


# -- deciding -------------------------------------------------------------------------------------------

def reports(store: Store, event_id: str) -> tuple[str, ...]:
    """The reports an id stands for: every report merged into a canonical event (`c…`), or the report
    itself (`e…`). Raises NotFound."""
    if event_id.startswith("c"):
        return tuple(m.event_id for m in store.event_cluster(event_id).members)
    return (event_id,)


def decide(store: Store, kind: str, event_id: str, *, author: str, note: str | None = None,
           field: str | None = None, value: Any = None) -> list[int]:
    """Confirm, reject or edit (`field`, `value`) a report, or each report of a canonical event (one
    decision per report, in the order the canonical event lists them); the decisions' ids."""
    if kind == "confirm":
        return [confirm(store, e, author=author, note=note) for e in reports(store, event_id)]
    if kind == "reject":
        return [reject(store, e, author=author, note=note) for e in reports(store, event_id)]
    if kind == "edit" and field:
        ids = reports(store, event_id)
        parsed = parse_value(store, field, value)  # once for every report (a place is looked up once)
        return [store.decide_event("edit", e, field=field, value=parsed, author=author, note=note) for e in ids]
    raise ConfigError(f"unknown decision {kind!r} (confirm, reject or edit with a field)")


def confirm(store: Store, event_id: str, *, author: str, note: str | None = None) -> int:
    return store.decide_event("confirm", event_id, author=author, note=note)


def reject(store: Store, event_id: str, *, author: str, note: str | None = None) -> int:
    return store.decide_event("reject", event_id, author=author, note=note)


def edit(store: Store, event_id: str, field: str, value: Any, *, author: str, note: str | None = None,
         gazetteer: Gazetteer | str | Path | None = None) -> int:
    """Set one field. `value` is what a person types (a string: "2008-06-05", "Mahdi Army; Iraqi police",
    "12", "Baghdad") or already the stored form (see EDITABLE); `parse_value` checks and converts it
    (a place name is looked up in `gazetteer`: an open one, the path of an index, or None for the
    default index)."""
    return store.decide_event("edit", event_id, field=field,
                              value=parse_value(store, field, value, gazetteer=gazetteer), author=author, note=note)


def merge(store: Store, event_id: str, other_id: str, *, author: str, note: str | None = None) -> int:
    """Record that two events are one (reported twice); cross-document clustering honours it. A
    canonical event stands for its first report (the others are clustered with it)."""
    event_id, other_id = reports(store, event_id)[0], reports(store, other_id)[0]
    decision = store.decide_event("merge", event_id, other_id=other_id, author=author, note=note)
    _recluster(store, (event_id, other_id))
    return decision


def split(store: Store, event_id: str, other_id: str, *, author: str, note: str | None = None) -> int:
    """Record that two events are distinct (never to be clustered together); for a canonical event,
    each of its reports against each of the other's (or, for one of its own reports, the rest against
    it). The last decision's id."""
    theirs = reports(store, other_id)
    mine = [a for a in reports(store, event_id) if a not in theirs]  # a canonical event from one of its reports
    if not mine:
        raise ConfigError(f"cannot split {event_id} from {other_id}: they are the same reports")
    decisions = [store.decide_event("split", a, other_id=b, author=author, note=note) for a in mine for b in theirs]
    _recluster(store, (*mine, *theirs))
    return decisions[-1]


def undo(store: Store, decision_id: int) -> EventDecision:
    """Undo a decision (it stays in the history, marked undone)."""
    undone = store.undo_event_decision(decision_id)
    if undone.kind in ("merge", "split") and undone.other_id:
        _recluster(store, (undone.event_id, undone.other_id))
    return undone


def _recluster(store: Store, event_ids: Sequence[str]) -> None:
    """THE single call site for cross-document event clustering after an analyst's merge or split (or
    its undo): the clusters that hold these events are computed again by the store (warlog/dedup's
    pure rules), honouring the 'merge'/'split' rows of event_decisions."""
    store.recluster(list(event_ids))


def examples_from_review(store: Store) -> list[Example]:
    """One example per reviewed event: confirmed or edited -> its type as the decisions in force make
    it (an edit of `type` gives the new type), rejected -> NONE; the text is the event's first
    sentence of evidence. A confirmed event the text tells as hypothetical or negated is NONE too
    (no codebook codes an act that did not take place). Unreviewed events are left out."""
    from .learn.model import NONE
    from .learn.training import Example

    decisions = history(store)
    statuses = {eid: status(decisions, eid) for eid in dict.fromkeys(d.event_id for d in decisions)}
    reviewed = tuple(eid for eid, s in statuses.items() if s != "unreviewed")
    if not reviewed:
        return []
    events = store.events(EventQuery(event_ids=reviewed, review=("all",)))
    out: list[Example] = []
    for event in events:
        if not event.evidence or not event.evidence[0].quote.strip():
            continue
        rejected = statuses.get(event.event_id) == "rejected"
        label = NONE if rejected or event.certainty in UNREAL else event.type
        out.append(Example(event.evidence[0].quote.strip(), label, None, "review"))
    return out


# -- values ---------------------------------------------------------------------------------------------

def parse_value(store: Store, field: str, value: Any, *, gazetteer: Gazetteer | str | Path | None = None) -> Any:
    """Check and convert an edit's value to its stored (JSON) form; ConfigError says what is wrong. A
    location without coordinates is looked up by name in `gazetteer` (an open one, the path of an
    index, or None for the default index; opened only when needed)."""
    if field not in EDITABLE:
        raise ConfigError(f"cannot edit {field!r}; editable fields: {', '.join(EDITABLE)}")
    text = value.strip() if isinstance(value, str) else None
    empty = value is None or text == ""
    if field == "type":
        from .vocab import types

        t = (text or str(value or "")).upper()
        if t not in types():
            raise ConfigError(f"unknown event type {value!r}; one of {', '.join(types())}")
        return t
    if field in ("modes", "context"):
        return [] if empty else _list(value)
    if field == "date":
        if empty:
            return None
        s = text if text is not None else str(value)
        if not is_edtf(s):
            raise ConfigError(f"{s!r} is not an EDTF date; write 2008-06-05, 2007-05, 2007-01/2007-04 or 2008-06-03/..")
        return s
    if field == "location":
        return None if empty else _location_value(value, gazetteer)
    if field in ("actors", "recipients"):
        return [] if empty else [_actor_value(store, v) for v in (_list(value) if isinstance(value, str) else value)]
    if field in (*COUNT_KEYS, "fatalities"):
        if empty:
            return None
        try:
            n = int(text if text is not None else value)
        except (TypeError, ValueError):
            raise ConfigError(f"{field} must be a whole number, not {value!r}") from None
        if n < 0:
            raise ConfigError(f"{field} cannot be negative")
        if n > MAX_COUNT:
            raise ConfigError(f"{field} {n:,} is more than any event counts; at most {MAX_COUNT:,}")
        return n
    if field == "certainty":
        c = (text or "").lower() if text is not None else str(value)
        if c not in CERTAINTIES:
            raise ConfigError(f"unknown certainty {value!r}; one of {', '.join(CERTAINTIES)}")
        return Certainty(c)
    if field == "historical":
        if isinstance(value, bool):
            return value
        flag = (text or "").lower()
        if flag not in ("true", "false", "yes", "no", "1", "0", "on", "off"):
            raise ConfigError(f"historical is true or false, not {value!r}")
        return flag in ("true", "yes", "1", "on")
    return None if empty else (text if text is not None else str(value))


def _list(value: Any) -> list[str]:
    if isinstance(value, str):
        sep = ";" if ";" in value else ","
        return [v.strip() for v in value.split(sep) if v.strip()]
    return [str(v) for v in value]


def _location_value(value: Any, gazetteer: Gazetteer | str | Path | None) -> dict[str, Any]:
    """A location as typed (a name) or given (a mapping), checked; without coordinates, looked up."""
    if isinstance(value, str):
        value = {"name": value.strip()}
    if not isinstance(value, Mapping) or not str(value.get("name") or "").strip():
        raise ConfigError("a location needs at least a name")
    out: dict[str, Any] = {"name": str(value["name"]).strip()}
    for key in ("lat", "lon"):
        v = value.get(key)
        if v not in (None, ""):
            try:
                f = float(v)
            except (TypeError, ValueError):
                raise ConfigError(f"location {key} must be a number, not {v!r}") from None
            if not math.isfinite(f) or abs(f) > (90 if key == "lat" else 180):
                raise ConfigError(f"location {key} {v!r} is out of range")
            out[key] = f
    if ("lat" in out) != ("lon" in out):
        raise ConfigError("give both lat and lon, or neither")
    for key in ("admin1", "relation"):
        if str(value.get(key) or "").strip():
            out[key] = str(value[key]).strip()
    if str(value.get("country") or "").strip():
        country = str(value["country"]).strip().upper()
        if len(country) != 3 or not country.isalpha():
            raise ConfigError(f"country is an ISO 3166 alpha-3 code (IRQ, SYR), not {value['country']!r}")
        out["country"] = country
    precision = value.get("precision")
    if precision not in (None, ""):
        p = 4 if str(precision) == "country" else int(precision) if str(precision).isdigit() else 0
        if p not in (1, 2, 3, 4):
            raise ConfigError("location precision is 1 (town), 2 (near a town), 3 (province) or country")
        out["precision"] = p
    if "lat" not in out:
        return locate(out, gazetteer)
    for key in ("raw", "place_id"):  # a stored value given again
        if str(value.get(key) or "").strip():
            out[key] = str(value[key]).strip()
    if isinstance(value.get("geonames_id"), int):
        out["geonames_id"] = value["geonames_id"]
    return out


def locate(wanted: Mapping[str, Any], gazetteer: Gazetteer | str | Path | None = None) -> dict[str, Any]:
    """A location given by name (`wanted`: name, optionally admin1 and country to look within, relation
    and precision) as the gazetteer places it: {name, raw (as typed), place_id, geonames_id, lat, lon,
    admin1, country, precision, relation}. Raises UnknownPlace for a name the gazetteer lacks.
    `gazetteer`: an open one, or the path of an index to open (None: the default index)."""
    from .geo.gazetteer import Gazetteer

    if not isinstance(gazetteer, Gazetteer):
        with Gazetteer.open(gazetteer) as gaz:
            return locate(wanted, gaz)
    typed = str(wanted["name"]).strip()
    place = best_place(gazetteer, typed, within=[str(wanted[k]) for k in ("admin1", "country") if wanted.get(k)])
    relation = wanted.get("relation") or None
    out = {"name": place.name, "raw": typed, "place_id": place.place_id, "geonames_id": place.geonames_id,
           "lat": place.lat, "lon": place.lon, "admin1": place.admin1, "country": place.country_iso3,
           "precision": wanted.get("precision") or _precision(place.kind, relation)}
    return {k: v for k, v in {**out, "relation": relation}.items() if v is not None}


#: How a name matched (warlog.geo.gazetteer.NameMatch.how), best first; kinds of place, most precise first.
_HOW_RANK = {"name": 0, "stripped": 1, "alternate": 1, "abbreviation": 2, "skeleton": 3, "demonym": 4}
_KIND_RANK = {"city": 0, "user": 0, "admin2": 1, "admin1": 2, "country": 3, "continent": 4}


def best_place(gazetteer: Gazetteer, name: str, *, within: Sequence[str] = ()) -> Place:
    """The place an analyst means by `name`: its own name before an alternate one, the kind its type
    word asks for ("Wasit province"), a town before a district, province or country, then the most
    populous. "Name, Region" (a country or province, by name or ISO code) and `within` narrow it down."""
    from .geo.gazetteer import contains
    from .geo.normalise import normalise, strip_type_words

    regions = [_region(gazetteer, r) for r in within]
    found = gazetteer.matches(name, use_skeleton=False)
    if not found and "," in name:
        name, _, region = name.rpartition(",")
        regions.append(_region(gazetteer, region))
        found = gazetteer.matches(name, use_skeleton=False)
    found = [m for m in found if all(contains(r, m.place) for r in regions)]
    if not found:
        where = f" in {', '.join(r.name for r in regions)}" if regions else ""
        raise UnknownPlace(f"the gazetteer knows no place called {name.strip()!r}{where}: check the spelling, "
                           f"name the country or province ('{name.strip()}, Iraq'), give coordinates (a location "
                           "with lat and lon), or add the place with `warlog gazetteer add-places FILE`")
    hint = strip_type_words(normalise(name)).hint
    found.sort(key=lambda m: (_HOW_RANK.get(m.how, 5), -m.score, m.place.kind != hint,
                              _KIND_RANK.get(m.place.kind, 5), -m.place.population))
    return found[0].place


def _region(gazetteer: Gazetteer, text: str) -> Place:
    """A country (name, ISO 3166 alpha-2 or alpha-3 code) or province that a place is said to be in."""
    text = text.strip()
    if len(text) in (2, 3) and text.isalpha():
        country = gazetteer.country(text)
        if country is not None:
            return country
    found = gazetteer.lookup(text, kinds=("country", "admin1"))
    if not found:
        raise UnknownPlace(f"the gazetteer knows no country or province called {text!r}: name it as GeoNames "
                           "does ('Iraq', 'IRQ', 'Diyala'), or leave it out")
    return found[0]


def _precision(kind: str, relation: str | None) -> int:
    """ACLED's geo-precision for a kind of place: 1 the town, 2 near it or a district, 3 a province,
    4 a country (warlog.geo.resolve's rule)."""
    if kind in ("country", "continent"):
        return 4
    if kind == "admin1":
        return 3
    return 2 if kind == "admin2" or relation else 1


def _actor_value(store: Store, value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        name = str(value.get("name") or "").strip()
        if not name:
            raise ConfigError("an actor needs a name")
        kind = str(value.get("kind") or "other")
        return {"name": name, "actor_id": value.get("actor_id"),
                "kind": kind if kind in ActorKind.__members__.values() else "other", "country": value.get("country")}
    name = str(value).strip()
    try:
        actor_id = store.find_actor(name)
    except NotFound:
        return {"name": name, "actor_id": None, "kind": "other", "country": None}
    infos = store.actors(ids=[actor_id], limit=1)
    if infos:
        return {"name": infos[0].name, "actor_id": actor_id, "kind": infos[0].kind, "country": infos[0].country}
    return {"name": name, "actor_id": actor_id, "kind": "other", "country": None}
