"""Filters and output shapes shared by the CLI, the web interface and exports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .model import UNREAL, Codebooks, Event

CODEBOOKS = ("plover", "acled", "gtd", "cameo")


#: Actor kinds of the state: GTD records no act whose every named perpetrator is one.
STATE_KINDS = frozenset({"state_force", "government", "state", "international_force"})


@dataclass(frozen=True, slots=True)
class EventQuery:
    """`warlog events` filters: type (PLOVER), actor (id or name), place (name, province or ISO3
    country), date range (ISO dates: events whose interval reaches into it), document. `place` matches
    parts of names (no index can serve it); `admin1` is a province exactly as stored (indexed: the fast
    filter for large stores)."""

    types: tuple[str, ...] = ()
    actor: str | None = None
    actor_ids: tuple[str, ...] = ()  # any of these actor records (an actor and the ids merged into it)
    place: str | None = None
    admin1: str | None = None  # exact province (first-level division) name
    since: str | None = None
    until: str | None = None
    doc_id: str | None = None
    limit: int | None = None
    offset: int = 0
    # review (warlog.review): statuses unreviewed/confirmed/edited/rejected, or "all"; () = all but rejected
    review: tuple[str, ...] = ()
    certainty: tuple[str, ...] = ()  # any of these certainties (asserted, claimed, ...)
    text: str | None = None  # free text: part of a quote, a participant's name, the place, type or weapon
    event_ids: tuple[str, ...] = ()  # only these events
    exclude_ids: tuple[str, ...] = ()  # not these events
    cluster_id: str | None = None  # only the reports merged into this canonical event (warlog.dedup)


def event_to_dict(event: Event) -> dict[str, Any]:
    """The JSON shape of an event (see the README): PLOVER type, modes and context, with the ACLED,
    GTD and CAMEO equivalents where the codebooks define one."""
    cb = event.codebooks or codebooks_for(event)
    loc = event.location
    return {
        "id": event.event_id,
        "doc_ids": list(dict.fromkeys(e.doc_id for e in event.evidence)) or [event.doc_id],
        "type": event.type,
        "modes": list(event.modes),
        "context": list(event.context),
        "acled": {"event_type": cb.acled_event_type, "sub_event_type": cb.acled_sub_event_type},
        "gtd": {"attacktype": cb.gtd_attack_type},
        "cameo": {"root": cb.cameo_root},
        "actors": [_person(a) for a in event.actors],
        "recipients": [_person(r) for r in event.recipients],
        "location": None if loc is None else {**loc.to_dict(), "reason": event.location_reason},
        "date": None if event.date is None else {
            "edtf": event.date.edtf, "start": event.date.start, "end": event.date.end,
            "precision": event.date.precision, "raw": event.date.raw, "reason": event.date_reason},
        "fatalities": event.fatalities,
        "counts": {k: event.counts.get(k) for k in ("killed", "wounded", "detained", "abducted")},
        "count_reports": {k: list(v) for k, v in event.count_reports.items()},
        "weapon": event.weapon,
        "certainty": event.certainty,
        "attributed_to": event.attributed_to,
        "historical": event.historical,
        "evidence": [e.to_dict() for e in event.evidence],
        "confidence": event.confidence,
        "extractor": event.extractor,
    }


def weapon_objects(weapon: str | None) -> tuple[str, ...]:
    """What the codebook conditions read of an event's weapon: "weapon", and its words in the singular
    ("two hand grenades" -> weapon, two, hand, grenade)."""
    if not weapon:
        return ()
    words = re.findall(r"[a-z]+", weapon.lower())
    return ("weapon", *dict.fromkeys(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words))


def codebooks_for(event: Event, armed: frozenset[str] = frozenset()) -> Codebooks:
    """The event's ACLED, GTD and CAMEO categories (`warlog.vocab.map_event`); an act not done (hypothetical
    or negated) has a CAMEO root only: ACLED and GTD code what happened. `armed` holds the ids of
    recipients the article says belong to an armed group or force, whatever their own kind."""
    from .actors.generic import codebook_kind
    from .vocab import map_event

    if event.certainty in UNREAL:  # no codebook codes an act that did not take place
        m0 = map_event(event.type, event.modes)
        return Codebooks(None, None, None, m0.cameo_root)
    kinds = ["armed_group" if r.actor_id in armed else codebook_kind(r.actor_id, r.kind, r.name)
             for r in event.recipients]
    sources = [codebook_kind(a.actor_id, a.kind, a.name) for a in event.actors]
    m = map_event(event.type, event.modes, kinds, contexts=event.context, source_kinds=sources,
                  objects=weapon_objects(event.weapon))
    state = bool(sources) and all(k in STATE_KINDS for k in sources)  # GTD codes non-state perpetrators only
    return Codebooks(m.acled_event_type, m.acled_sub_event_type, None if state else m.gtd_attack_type,
                     m.cameo_root)


def _person(m: Any) -> dict[str, Any]:
    return {"name": m.name, "actor_id": m.actor_id, "kind": str(m.kind), "country": m.country,
            "surface": m.span.text, "forms": m.forms()}


def codebook_label(row: dict[str, Any], codebook: str) -> str:
    """One column for tables: the event's category in the chosen codebook."""
    if codebook == "acled":
        sub = row["acled"]["sub_event_type"]
        return f"{row['acled']['event_type']}/{sub}" if sub else str(row["acled"]["event_type"] or "")
    if codebook == "gtd":
        return str(row["gtd"]["attacktype"] or "")
    if codebook == "cameo":
        return str(row["cameo"]["root"] or "")
    return str(row["type"]) + ("/" + ",".join(row["modes"]) if row["modes"] else "")
