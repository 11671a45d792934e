"""The two CSV formats analysts load into their ACLED and GTD workflows: ACLED's columns (ACLED
codebook 2023: numeric `inter` codes, `civilian_targeting`) and the Global Terrorism Database's. Each
column is filled where warlog knows its value and left empty where it does not; event types are the
mappings decided at extraction (`event.codebooks`). One row is written per event as it is read."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import BinaryIO

from ..dates.value import DateValue
from ..model import Certainty, Event
from .countries import country
from .scope import ActorRef, Scope, codebooks, date_parts, epoch, quotes, span_days, text_stream

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp")

#: ACLED "inter" codes warlog's actor kinds give without guessing (an armed group may be a rebel group,
#: a political or an identity militia, so its code stays empty; protesters and rioters depend on the event).
ACLED_INTER = {"state_force": 1, "government": 1, "state": 1, "civilians": 7, "international_force": 8}
ACLED_DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
                  "Violence against civilians": "Political violence", "Riots": "Political violence",
                  "Protests": "Demonstrations", "Strategic developments": "Strategic developments"}


def write_acled(scope: Scope, out: BinaryIO) -> int:
    n = 0
    with text_stream(out) as text:
        w = csv.writer(text)
        w.writerow(ACLED_COLUMNS)
        for e in scope.events:
            w.writerow(acled_row(scope, e))
            n += 1
    return n


def acled_row(scope: Scope, e: Event) -> list[object]:
    cb = codebooks(e)
    actors, recipients = scope.actors.refs(e.actors), scope.actors.refs(e.recipients)
    inter1 = _inter(actors[0], cb.acled_event_type) if actors else None
    inter2 = _inter(recipients[0], cb.acled_event_type) if recipients else None
    loc, d = e.location, e.date
    c = country(loc.country if loc else None)
    docs = scope.sources(e)
    stamps = [t for doc in docs if (t := epoch(doc.ingested_at)) is not None]
    row: dict[str, object] = {
        "event_id_cnty": e.event_id, "event_date": d.start if d else None, "year": date_parts(d)[0],
        "time_precision": _time_precision(e), "disorder_type": _disorder(cb.acled_event_type, cb.acled_sub_event_type),
        "event_type": cb.acled_event_type, "sub_event_type": cb.acled_sub_event_type,
        "actor1": actors[0].name if actors else None, "assoc_actor_1": _names(actors[1:]), "inter1": inter1,
        "actor2": recipients[0].name if recipients else None, "assoc_actor_2": _names(recipients[1:]),
        "inter2": inter2, "interaction": _interaction(inter1, inter2, alone=not recipients),
        "civilian_targeting": "Civilian targeting" if any(r.kind == "civilians" for r in recipients) else None,
        "tags": _tags(e), "notes": " | ".join(quotes(e)),
        "fatalities": e.fatalities if e.fatalities is not None else 0,  # ACLED: 0 when none is reported
        "source": "; ".join(dict.fromkeys(s for doc in docs if (s := doc.source or _host(doc.url)))),
        "timestamp": max(stamps) if stamps else None,
    }
    if c is not None:
        row |= {"iso": c.numeric, "region": c.acled_region, "country": c.name}
    if loc is not None:
        row |= {"admin1": loc.admin1, "location": loc.name or loc.raw or None, "latitude": loc.lat,
                "longitude": loc.lon, "geo_precision": min(loc.precision, 3) if loc.precision else None}
    return [row.get(k) for k in ACLED_COLUMNS]


def _inter(actor: ActorRef, acled_type: str | None) -> int | None:
    if acled_type in ("Protests", "Riots") and actor.kind in ("civilians", "person", "political_party", "other"):
        return 6 if acled_type == "Protests" else 5
    return ACLED_INTER.get(actor.kind)


def _interaction(a: int | None, b: int | None, *, alone: bool) -> int | None:
    """ACLED's two-digit interaction code, lower code first; `N0` for an actor acting alone."""
    if a is None:
        return None
    if alone:
        return a * 10
    if b is None:
        return None
    lo, hi = sorted((a, b))
    return lo * 10 + hi


def _disorder(event_type: str | None, sub_type: str | None) -> str | None:
    if sub_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if sub_type == "Violent demonstration":
        return "Demonstrations"
    return ACLED_DISORDER.get(event_type or "")


def _time_precision(e: Event) -> int | None:
    """ACLED time precision: 1 the day is known, 2 within a week (or only the report's date), 3 longer."""
    d = e.date
    if d is None:
        return None
    if d.precision == "day":
        return 1
    if d.precision == "reported":
        return 2
    days = span_days(d)
    if days is None:
        return 3
    return 1 if days == 0 else 2 if days <= 7 else 3


def _names(refs: Sequence[ActorRef]) -> str:
    return "; ".join(r.name for r in refs)


def _host(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    return urlsplit(url).hostname


def _tags(e: Event) -> str:
    tags = [f"certainty: {e.certainty}"] if e.certainty != Certainty.ASSERTED else []
    if e.attributed_to:
        tags.append(f"according to: {e.attributed_to}")
    if e.weapon:
        tags.append(f"weapon: {e.weapon}")
    if e.historical:
        tags.append("historical")
    return "; ".join(tags)


# -- GTD -----------------------------------------------------------------------------------------------

GTD_COLUMNS = (
    "eventid", "iyear", "imonth", "iday", "approxdate", "extended", "country_txt", "region_txt", "provstate",
    "city", "latitude", "longitude", "specificity", "vicinity", "location", "summary", "doubtterr", "suicide",
    "attacktype1", "attacktype1_txt", "targtype1_txt", "target1", "natlty1_txt", "gname", "gname2", "claimed",
    "weaptype1_txt", "weapdetail", "nkill", "nwound", "nhostkid", "scite1", "scite2", "scite3", "dbsource")

GTD_ATTACK_CODES = {"Assassination": 1, "Armed Assault": 2, "Bombing/Explosion": 3, "Hijacking": 4,
                    "Hostage Taking (Barricade Incident)": 5, "Hostage Taking (Kidnapping)": 6,
                    "Facility/Infrastructure Attack": 7, "Unarmed Assault": 8, "Unknown": 9}
GTD_TARGETS = {"civilians": "Private Citizens & Property", "person": "Unknown",
               "state_force": "Military", "international_force": "Military", "government": "Government (General)",
               "state": "Government (General)", "political_party": "Government (General)",
               "armed_group": "Terrorists/Non-State Militia", "other": "Other"}
#: GTD weapon type by PLOVER mode, the first mode of the event that has one wins.
GTD_WEAPONS = {"explosives": "Explosives", "suicide": "Explosives", "aerial": "Explosives",
               "heavy-weapons": "Explosives", "firearms": "Firearms", "primitive": "Melee", "beat": "Melee",
               "cbrn": "Chemical", "destroy": "Other"}
#: GTD specificity by warlog's (ACLED) location precision: 1 the town, 2 near it, 3 province, 4 country.
GTD_SPECIFICITY = {1: 1, 2: 2, 3: 4, 4: 5}


def gtd_relevant(e: Event) -> bool:
    return bool(codebooks(e).gtd_attack_type)


def write_gtd(scope: Scope, out: BinaryIO) -> tuple[int, int]:
    """Only events that have a GTD attack type (GTD-relevant); returns (written, left out)."""
    n = skipped = 0
    with text_stream(out) as text:
        w = csv.writer(text)
        w.writerow(GTD_COLUMNS)
        for e in scope.events:
            if not gtd_relevant(e):
                skipped += 1
                continue
            w.writerow(gtd_row(scope, e))
            n += 1
    return n, skipped


def gtd_row(scope: Scope, e: Event) -> list[object]:
    attack = codebooks(e).gtd_attack_type or "Unknown"
    actors, recipients = scope.actors.refs(e.actors), scope.actors.refs(e.recipients)
    loc, d = e.location, e.date
    c = country(loc.country if loc else None)
    year, month, day = date_parts(d)
    target = recipients[0] if recipients else None
    target_country = country(target.country) if target else None
    cites = [". ".join(p for p in (doc.title, doc.source, (doc.published or "")[:10], doc.url) if p)
             for doc in scope.sources(e)][:3]
    row: dict[str, object] = {
        "eventid": e.event_id, "iyear": year, "imonth": month or 0, "iday": day or 0,  # GTD: 0 = unknown
        "approxdate": _approxdate(d), "country_txt": c.name if c else None, "region_txt": c.gtd_region if c else None,
        "specificity": GTD_SPECIFICITY.get(loc.precision or 0, 5) if loc else 5,
        "summary": " | ".join(quotes(e)), "suicide": int("suicide" in e.modes),
        "attacktype1": GTD_ATTACK_CODES.get(attack), "attacktype1_txt": attack,
        "targtype1_txt": _gtd_target(target) if target else "Unknown", "target1": _names(recipients) or None,
        "natlty1_txt": target_country.name if target_country else None,
        "gname": actors[0].name if actors else "Unknown", "gname2": actors[1].name if len(actors) > 1 else None,
        "claimed": int(e.certainty == Certainty.CLAIMED) if actors else None,
        "weaptype1_txt": _gtd_weapon(e), "weapdetail": e.weapon, "nkill": e.counts.get("killed"),
        "nwound": e.counts.get("wounded"), "nhostkid": e.counts.get("abducted"),
        **{f"scite{i + 1}": cite for i, cite in enumerate(cites)}, "dbsource": "warlog",
    }
    if loc is not None:
        row |= {"provstate": loc.admin1, "city": loc.name if loc.precision in (1, 2) else None,
                "latitude": loc.lat, "longitude": loc.lon, "vicinity": int(bool(loc.relation)),
                "location": " ".join(p for p in (loc.relation, loc.raw) if p) or None}
    return [row.get(k) for k in GTD_COLUMNS]


def _approxdate(d: DateValue | None) -> str | None:
    """GTD's free-text date for events whose exact day is not known."""
    if d is None or d.precision == "day":
        return None
    if d.precision == "reported":
        return f"on or before {d.start} (report date)" if d.start else None
    return d.raw if d.raw and len(d.raw) <= 40 else d.edtf  # a phrase ("early 2007"), not a whole sentence


def _gtd_weapon(e: Event) -> str:
    weapon = next((GTD_WEAPONS[m] for m in e.modes if m in GTD_WEAPONS), "Unknown")
    said = (e.weapon or "").lower()
    if weapon == "Chemical":
        for word, name in (("biolog", "Biological"), ("radiolog", "Radiological"), ("nuclear", "Nuclear")):
            if word in said:
                return name
    if weapon == "Other" and any(w in said for w in ("arson", "fire", "burn", "incendiar", "molotov")):
        return "Incendiary"
    return weapon


def _gtd_target(r: ActorRef) -> str:
    if r.kind == "state_force" and "police" in r.name.lower():
        return "Police"
    return GTD_TARGETS.get(r.kind, "Unknown")
