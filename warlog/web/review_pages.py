"""The review workflow: the queue (lowest confidence first; keys c confirm, r reject, j/n next) and
every write: confirm, edit, reject, merge or split events, undo a decision, merge or split actors.
Every POST needs a logged-in user, a same-origin request and the session's CSRF token
(`security.require_writer`), and is refused in read-only mode."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from .. import review
from ..errors import ConfigError
from ..model import COUNT_KEYS
from ..query import event_to_dict
from . import filters
from .auth import safe_next
from .render import page, wants_json
from .security import require_writer
from .stores import desk_request, store_of

router = APIRouter(dependencies=[Depends(desk_request)])
#: The largest decision id a path takes (SQLite's integers are 64-bit): larger ones answer 422, not 500.
MAX_ID = 2**63 - 1


@router.get("/review")
@router.get("/review.json", include_in_schema=False)
def review_page(request: Request) -> Response:
    """The review queue: unreviewed events, lowest extraction confidence first. `at` is the position
    of the event in hand (0-based); `unreal=1` includes hypothetical and negated events."""
    store = store_of(request)
    at = filters.whole_number(request, "at", 0, 0, filters.MAX_AT)
    unreal = bool(request.query_params.get("unreal"))
    queue = review.queue(store, limit=25, offset=at, include_unreal=unreal)
    rows = [event_to_dict(e) for e in queue]
    current = review.event(store, queue[0].event_id).to_dict() if queue else None
    data = {"at": at, "queue": rows, "current": current, "counts": store.review_counts()}
    return page(request, "review.html", data, context={"unreal": "1" if unreal else ""})


async def _done(request: Request, result: dict[str, Any], default: str) -> Response:
    """After a write: JSON for API clients, else back to the form's `next` (a local path)."""
    if wants_json(request):
        return JSONResponse(result)
    form = await request.form()
    target = form.get("next")
    return RedirectResponse(safe_next(target if isinstance(target, str) else None, default), status_code=303)


async def _note(request: Request) -> str | None:
    form = await request.form()
    note = form.get("note")
    return note.strip() or None if isinstance(note, str) else None


@router.post("/events/{event_id}/confirm")
async def confirm_event(request: Request, event_id: str, user: str = Depends(require_writer)) -> Response:
    """Confirm the event as extracted (edits in force stay applied): a report, or every report of a
    canonical event."""
    ids = review.decide(store_of(request), "confirm", event_id, author=user, note=await _note(request))
    return await _done(request, {"decision": ids[-1], "decisions": ids, "status": "confirmed"},
                       f"/events/{event_id}")


@router.post("/events/{event_id}/reject")
async def reject_event(request: Request, event_id: str, user: str = Depends(require_writer)) -> Response:
    """Reject the event (a report, or every report of a canonical event): hidden from lists and
    exports until the decision is undone."""
    ids = review.decide(store_of(request), "reject", event_id, author=user, note=await _note(request))
    return await _done(request, {"decision": ids[-1], "decisions": ids, "status": "rejected"},
                       f"/events/{event_id}")


@router.post("/events/{event_id}/edit")
async def edit_event(request: Request, event_id: str, user: str = Depends(require_writer)) -> Response:
    """Edit fields: every form field whose value differs from the event's current value becomes one
    edit decision (form fields as on the event page: type, modes, context, date, location_name,
    location_admin1, location_country, location_lat, location_lon, location_precision, actors,
    recipients, fatalities, killed, wounded, detained, abducted, weapon, certainty, attributed_to,
    historical); or `field` and `value` for one field."""
    from .pages import _form_values

    store = store_of(request)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    note = (form.get("note") or "").strip() or None
    current = _form_values(review.event(store, event_id).to_dict())
    changes: dict[str, Any] = {}
    if "field" in form:
        changes[form["field"]] = form.get("value", "")
    else:
        for key in ("type", "modes", "context", "date", "actors", "recipients", "fatalities", *COUNT_KEYS,
                    "weapon", "certainty", "attributed_to", "historical"):
            if key in form and form[key].strip() != current[key].strip():
                changes[key] = form[key]
        loc_keys = [k for k in current if k.startswith("location_")]
        changed = {k[len("location_"):] for k in loc_keys if k in form and form[k].strip() != current[k].strip()}
        if changed:
            changes["location"] = _location_edit(form, current, changed)
    if not changes:
        raise ConfigError("nothing changed: edit a field before saving")
    gazetteer = request.app.state.gazetteer_path
    values = {name: review.parse_value(store, name, value, gazetteer=gazetteer)  # all or none
              for name, value in changes.items()}
    ids = [store.decide_event("edit", event_id, field=name, value=value, author=user, note=note)
           for name, value in values.items()]
    return await _done(request, {"decisions": ids, "fields": list(values), "status": "edited"},
                       f"/events/{event_id}")


def _location_edit(form: dict[str, str], current: dict[str, str], changed: set[str]) -> dict[str, str] | None:
    """The location the form asks for, given which of its fields (name, admin1, country, lat, lon,
    precision) the analyst changed: None when the name was cleared; a new name without new coordinates
    is a place to look up in the gazetteer (within the province or country when those were changed
    too), never the old place's coordinates under a new name; otherwise the fields as they stand."""
    loc = {k[len("location_"):]: form.get(k, current[k]).strip() for k in current if k.startswith("location_")}
    if not loc["name"]:
        return None
    if "name" in changed and not changed & {"lat", "lon"}:
        return {k: loc[k] for k in ("name", "admin1", "country", "precision") if k == "name" or k in changed}
    return loc


@router.post("/events/{event_id}/merge")
async def merge_event(request: Request, event_id: str, user: str = Depends(require_writer)) -> Response:
    """Record that this event and `other` (an event id) are one event reported twice."""
    other = await _form_field(request, "other")
    decision = review.merge(store_of(request), event_id, other, author=user, note=await _note(request))
    return await _done(request, {"decision": decision}, f"/events/{event_id}")


@router.post("/events/{event_id}/split")
async def split_event(request: Request, event_id: str, user: str = Depends(require_writer)) -> Response:
    """Record that this event and `other` are distinct events."""
    other = await _form_field(request, "other")
    decision = review.split(store_of(request), event_id, other, author=user, note=await _note(request))
    return await _done(request, {"decision": decision}, f"/events/{event_id}")


@router.post("/decisions/{decision_id}/undo")
async def undo_event_decision(request: Request, decision_id: Annotated[int, Path(ge=1, le=MAX_ID)],
                              user: str = Depends(require_writer)) -> Response:
    """Undo an event decision (it stays in the history, marked undone)."""
    undone = review.undo(store_of(request), decision_id)
    return await _done(request, {"undone": undone.to_dict()}, f"/events/{undone.event_id}")


@router.post("/actors/merge")
async def merge_actors(request: Request, user: str = Depends(require_writer)) -> Response:
    """Merge actor `subject` into actor `object` (ids or names), as `warlog merge` does."""
    return await _actor_decision(request, "merge", user)


@router.post("/actors/split")
async def split_actors(request: Request, user: str = Depends(require_writer)) -> Response:
    """Record that actors `subject` and `object` are different (never to be merged)."""
    return await _actor_decision(request, "split", user)


@router.post("/actors/decisions/{decision_id}/undo")
async def undo_actor_decision(request: Request, decision_id: Annotated[int, Path(ge=1, le=MAX_ID)],
                              user: str = Depends(require_writer)) -> Response:
    store_of(request).undo_decision(decision_id)
    return await _done(request, {"undone": decision_id}, "/actors")


async def _actor_decision(request: Request, kind: str, user: str) -> Response:
    store = store_of(request)
    subject = store.find_actor(await _form_field(request, "subject"))
    obj = store.find_actor(await _form_field(request, "object"))
    decision = store.decide(kind, subject, obj, author=user, note=await _note(request))
    return await _done(request, {"decision": decision, "subject": subject, "object": obj},
                       f"/actors/{obj if kind == 'merge' else subject}")


async def _form_field(request: Request, name: str) -> str:
    value = (await request.form()).get(name)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"the form needs {name!r}")
    return value.strip()
