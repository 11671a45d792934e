"""FollowTheMoney entities as JSON lines (`{"id", "schema", "properties"}`), the format Aleph,
OpenSanctions' tools and `ftm` read. Written by warlog itself (the followthemoney library needs PyICU,
which has no wheels; the tests read every line back with followthemoney to check it).

* each source document is an `Article` (title, URL, publication date, outlet);
* each actor a `Person`, `Organization` (armed groups, parties), `PublicBody` (state forces, governments,
  states, international forces) or `LegalEntity` (civilians, others), under its canonical id and name
  after analysts' merges, with the knowledge base's names and those of the actors merged into it as
  aliases and the forms the texts used as weak aliases;
* each event an `Event` with `organizer` (its actors), `involved` (its recipients), date, place (an
  `Address` with coordinates), summary (the evidence sentences) and `proof` (its articles);
* each relation between actors a `Membership` (member_of), `Directorship` (leader_of), `Representation`
  (spokesman_for), `Family` (kin_of between persons) or `UnknownLink` (any other, or where the
  schemata's ranges do not fit), one per (subject, relation, object) with every document as proof.

Entity ids are deterministic (`warlog-<kind>-<sha1>`), so a re-export updates the same entities."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, BinaryIO

from ..model import Event, Relation
from .countries import country
from .scope import ActorRef, Scope, codebooks, doc_ids, quotes

SCHEMA_BY_KIND = {"person": "Person", "armed_group": "Organization", "political_party": "Organization",
                  "state_force": "PublicBody", "government": "PublicBody", "state": "PublicBody",
                  "international_force": "PublicBody", "civilians": "LegalEntity", "other": "LegalEntity"}
ORGANIZATIONS = ("Organization", "PublicBody")
#: relation → (schema, subject property, object property, role property, role), when the object fits.
RELATION_SCHEMA = {"member_of": ("Membership", "member", "organization", "role", "member"),
                   "leader_of": ("Directorship", "director", "organization", "role", "leader"),
                   "spokesman_for": ("Representation", "agent", "client", "role", "spokesman"),
                   "kin_of": ("Family", "person", "relative", "relationship", "kin")}
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@lru_cache(maxsize=1 << 16)
def entity_id(kind: str, key: str) -> str:
    return f"warlog-{kind}-" + hashlib.sha1(key.encode("utf-8")).hexdigest()


def entity(eid: str, schema: str, **props: Iterable[object] | object) -> dict[str, Any]:
    """An entity dict with every property a list of distinct non-empty strings (empty ones dropped)."""
    clean: dict[str, list[str]] = {}
    for name, value in props.items():
        values = value if isinstance(value, (list, tuple, set)) else [value]
        kept = list(dict.fromkeys(str(v) for v in values if v is not None and str(v).strip()))
        if kept:
            clean[name] = kept
    return {"id": eid, "schema": schema, "properties": clean}


class _Lines:
    def __init__(self, out: BinaryIO) -> None:
        self.out, self.count = out, 0

    def __call__(self, ent: dict[str, Any]) -> None:
        self.out.write(json.dumps(ent, ensure_ascii=False).encode("utf-8") + b"\n")
        self.count += 1


def write_ftm(scope: Scope, out: BinaryIO) -> tuple[int, int]:
    """Returns (entities written, events among them)."""
    emit = _Lines(out)
    relations = scope.relations()
    actors: dict[str, ActorRef] = {}
    other_names: dict[str, list[str]] = {}  # names of the actors merged into a canonical one
    for m in (*(m for e in scope.events for m in (*e.actors, *e.recipients)),
              *(m for rel in relations for m in (rel.subject, rel.object))):
        r = actors.setdefault((ref := scope.actors.ref(m)).key, ref)
        if m.name != r.name:
            other_names.setdefault(r.key, []).append(m.name)

    docs = list(dict.fromkeys([*(i for e in scope.events for i in doc_ids(e)), *(r.doc_id for r in relations)]))
    for doc_id in docs:
        if (d := scope.docs.get(doc_id)) is not None:
            emit(entity(entity_id("doc", doc_id), "Article", title=d.title, name=d.title or d.url or doc_id,
                        sourceUrl=d.url, publishedAt=(d.published or "")[:10] or None, publisher=d.source,
                        notes=f"warlog document {doc_id}"))
    schemas = {k: SCHEMA_BY_KIND.get(r.kind, "LegalEntity") for k, r in actors.items()}
    for ent in _actor_entities(scope, actors, schemas, other_names):
        emit(ent)
    places: set[str] = set()
    n_events = 0
    for e in scope.events:
        for ent in _event_entities(scope, e, places):
            emit(ent)
        n_events += 1
    for ent in _relation_entities(scope, relations, schemas):
        emit(ent)
    return emit.count, n_events


def _actor_entities(scope: Scope, actors: dict[str, ActorRef], schemas: dict[str, str],
                    other_names: dict[str, list[str]]) -> Iterable[dict[str, Any]]:
    from ..actors import ActorKB

    kb = ActorKB.default()
    ids = sorted(r.actor_id for r in actors.values() if r.actor_id)
    forms: dict[str, tuple[str, ...]] = {}
    for i in range(0, len(ids), 400):
        forms |= {info.actor_id: info.forms for info in scope.store.actors(ids=ids[i:i + 400])}
    for key, r in actors.items():
        record = kb.get(r.actor_id) if r.actor_id else None
        merged = [rec.name for m in r.merged if (rec := kb.get(m)) is not None]
        aliases = [a for a in (*other_names.get(key, ()), *merged, *(record.aliases if record else ()))
                   if a != r.name]
        weak = [f for f in forms.get(key, ()) if f != r.name and f not in aliases]  # as texts wrote it
        c = country(r.country)
        yield entity(entity_id("actor", key), schemas[key], name=r.name, alias=aliases, weakAlias=weak,
                     country=c.iso2.lower() if c else None, classification=r.kind,
                     wikidataId=record.wikidata if record else None,
                     notes=f"warlog actor id: {r.actor_id}" if r.actor_id else "not linked to an actor record")


def _event_entities(scope: Scope, e: Event, places: set[str]) -> Iterable[dict[str, Any]]:
    """The event's place (an `Address`, once per place) and the `Event`."""
    cb = codebooks(e)
    acting, suffering = scope.actors.refs(e.actors), scope.actors.refs(e.recipients)
    loc, d = e.location, e.date
    c = country(loc.country if loc else None)
    where = ", ".join(dict.fromkeys(p for p in (loc.name or loc.raw, loc.admin1, c.name if c else None) if p)) \
        if loc else ""
    address = None
    if loc is not None and where:
        address = entity_id("place", loc.place_id or f"{where}@{loc.lat},{loc.lon}")
        if address not in places:
            places.add(address)
            yield entity(address, "Address", full=where, city=loc.name, region=loc.admin1,
                         country=c.iso2.lower() if c else None, latitude=loc.lat, longitude=loc.lon)
    name = f"{e.type}: {', '.join(r.name for r in acting) or 'unknown actor'}"
    if suffering:
        name += " → " + ", ".join(r.name for r in suffering)
    if loc is not None:
        name += f", {loc.name or loc.raw}"
    description = [f"PLOVER {e.type}" + (f" ({', '.join(e.modes)})" if e.modes else ""),
                   f"ACLED {cb.acled_event_type}/{cb.acled_sub_event_type}" if cb.acled_event_type else "",
                   f"GTD {cb.gtd_attack_type}" if cb.gtd_attack_type else "",
                   ", ".join(f"{k} {v}" for k, v in e.counts.items()), f"weapon: {e.weapon}" if e.weapon else ""]
    notes = [f"certainty: {e.certainty}", f"according to: {e.attributed_to}" if e.attributed_to else None,
             "historical background of the report" if e.historical else None,
             f"date {d.edtf} ({d.precision}): {d.raw}" if d else None]
    docs = scope.sources(e)
    yield entity(entity_id("event", e.event_id), "Event", name=name, summary=" | ".join(quotes(e)),
                 description="; ".join(p for p in description if p), notes=notes, **_dates(e),
                 location=where or None, country=c.iso2.lower() if c else None, addressEntity=address,
                 organizer=[entity_id("actor", r.key) for r in acting],
                 involved=[entity_id("actor", r.key) for r in suffering],
                 proof=[entity_id("doc", doc.doc_id) for doc in docs], sourceUrl=[doc.url for doc in docs],
                 publisher=[doc.source for doc in docs], recordId=e.event_id, keywords=[e.type, *e.modes, *e.context])


def _dates(e: Event) -> dict[str, object]:
    """FtM dates are ISO prefixes: a day, a month or a year; an interval has a start and an end."""
    d = e.date
    if d is None or not d.start:
        return {}
    if d.start == d.end or d.precision in ("day", "reported"):
        return {"date": d.start}
    if d.precision in ("month", "year") and _DATE.fullmatch(d.edtf):
        return {"date": d.edtf}
    return {"startDate": d.start, "endDate": d.end}


def _relation_entities(scope: Scope, relations: list[Relation],
                       schemas: dict[str, str]) -> Iterable[dict[str, Any]]:
    groups: dict[tuple[str, str, str, bool], list[Relation]] = {}
    for r in relations:
        s, o = scope.actors.ref(r.subject).key, scope.actors.ref(r.object).key
        if s != o:
            groups.setdefault((s, r.relation, o, r.former), []).append(r)
    for (s, relation, o, former), found in groups.items():
        schema, sp, op, rp, role = RELATION_SCHEMA.get(relation, ("UnknownLink", "subject", "object", "role",
                                                                  relation))
        fits = (schema == "Family" and schemas[s] == schemas[o] == "Person") or \
            (schema in ("Membership", "Directorship") and schemas[o] in ORGANIZATIONS) or \
            schema in ("Representation", "UnknownLink")
        if not fits:
            schema, sp, op, rp, role = "UnknownLink", "subject", "object", "role", relation
        docs = [d for r in found if (d := scope.docs.get(r.doc_id)) is not None]
        dates = [r.date for r in found if r.date and _DATE.fullmatch(r.date)]
        props: dict[str, object] = {
            sp: entity_id("actor", s), op: entity_id("actor", o), rp: role,
            "summary": " | ".join(dict.fromkeys(r.evidence.quote for r in found)),
            "description": "former" if former else None, "date": dates,
            "proof": [entity_id("doc", d.doc_id) for d in docs], "sourceUrl": [d.url for d in docs],
            "publisher": [d.source for d in docs]}
        if schema != "Family":
            props["status"] = "former" if former else None
        yield entity(entity_id("link", f"{s}|{relation}|{o}|{former}"), schema, **props)
