"""PLOVER event records as JSON lines, one event per line (the PLOVER specification's interchange
format, with the flat POLECAT-style fields `event_type`, `actor`, `actor_country`, `recipient`,
`recipient_country`): `id`, `date`/`enddate` (YYYY-MM-DD) with the EDTF value, `event_type`, `mode`,
`context`, `quad_code`, actors and recipients as PLOVER actor objects (`name`, `code` = country,
`sector` = warlog's kind, `identifier_id` = the canonical actor id, `actor_text` = as the text says
it), `location` (name, geonameid, lat/lon, admin1, country_code alpha-2 and cc3 alpha-3, precision),
`counts`, `certainty`, the evidence sentences (`event_text`) and the source documents (`cite_info`)."""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from .. import __version__
from ..model import ActorMention, Event
from .countries import iso2
from .scope import ActorRef, Scope, codebooks, quotes

QUAD_CODES = {"verbal cooperation": 1, "material cooperation": 2, "verbal conflict": 3, "material conflict": 4}


def write_plover(scope: Scope, out: BinaryIO) -> int:
    n = 0
    for e in scope.events:
        out.write(json.dumps(plover_record(scope, e), ensure_ascii=False).encode("utf-8") + b"\n")
        n += 1
    return n


def plover_record(scope: Scope, e: Event) -> dict[str, Any]:
    cb = codebooks(e)
    loc, d = e.location, e.date
    actors = _actors(scope, e.actors)
    recipients = _actors(scope, e.recipients)
    return {
        "id": e.event_id,
        "date": d.start if d else None,
        "enddate": d.end if d and d.end != d.start else None,
        "date_edtf": d.edtf if d else None,
        "date_precision": d.precision if d else None,
        "event_type": e.type,
        "mode": list(e.modes),
        "context": list(e.context),
        "quad_code": _quad(e.type),
        "actor": actors,
        "actor_country": list(dict.fromkeys(a["code"] for a in actors if a["code"])),
        "recipient": recipients,
        "recipient_country": list(dict.fromkeys(a["code"] for a in recipients if a["code"])),
        "location": None if loc is None else {
            "name": loc.name or loc.raw, "geonameid": loc.geonames_id, "latitude": loc.lat, "longitude": loc.lon,
            "admin1": loc.admin1, "country_code": iso2(loc.country), "cc3": loc.country,
            "precision": loc.precision_code, "relation": loc.relation, "text": loc.raw},
        "fatalities": e.fatalities,
        "counts": {k: e.counts.get(k) for k in ("killed", "wounded", "detained", "abducted")},
        "certainty": e.certainty,
        "attributed_to": e.attributed_to,
        "historical": e.historical,
        "weapon": e.weapon,
        "codebooks": {"acled_event_type": cb.acled_event_type, "acled_sub_event_type": cb.acled_sub_event_type,
                      "gtd_attack_type": cb.gtd_attack_type, "cameo_root": cb.cameo_root},
        "event_text": quotes(e),
        "evidence": [v.to_dict() for v in e.evidence],
        "cite_info": [{"citation": doc.doc_id, "url": doc.url, "title": doc.title, "publication": doc.source,
                       "published": doc.published} for doc in scope.sources(e)],
        "coder": e.extractor,
        "codebook": f"plover (warlog {__version__})",
        "confidence": e.confidence,
    }


def _actors(scope: Scope, mentions: tuple[ActorMention, ...]) -> list[dict[str, Any]]:
    texts: dict[str, list[str]] = {}
    for m in mentions:
        texts.setdefault(scope.actors.ref(m).key, []).extend(m.forms())
    return [_actor(r, texts.get(r.key, [])) for r in scope.actors.refs(mentions)]


def _actor(r: ActorRef, texts: list[str]) -> dict[str, Any]:
    return {"name": r.name, "code": r.country, "sector": r.kind, "identifier_id": r.actor_id,
            "actor_text": list(dict.fromkeys(texts))}


def _quad(event_type: str) -> int | None:
    from ..vocab import event_type as lookup

    try:
        return QUAD_CODES.get(lookup(event_type).quad)
    except ValueError:  # a type this vocabulary does not know (an older store)
        return None
