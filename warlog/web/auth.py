"""Log in and out. Users are made on the command line (`warlog user add NAME`)."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ..users import authenticate
from .render import page, wants_json
from .security import check_csrf, current_user

router = APIRouter()


def safe_next(target: str | None, default: str = "/events") -> str:
    """A local path to go back to after a form; anything else (another site, `//host`) gives `default`."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


@router.get("/login", include_in_schema=False)
async def login_form(request: Request, next: str = "/events") -> Response:
    if request.app.state.read_only:
        raise HTTPException(403, "this warlog server is read-only: there is nothing to log in for")
    return page(request, "login.html", {"next": safe_next(next), "user": current_user(request)})


@router.post("/login", include_in_schema=False)
async def login(request: Request) -> Response:
    if request.app.state.read_only:
        raise HTTPException(403, "this warlog server is read-only")
    await check_csrf(request)
    form = await request.form()
    name, password, next = (str(form.get(k) or "") for k in ("name", "password", "next"))
    user = authenticate(request.app.state.store, name, password)
    if user is None:
        return page(request, "login.html", {"next": safe_next(next), "error": "wrong name or password"},
                    status_code=401)
    request.session.clear()
    request.session["user"] = user.name
    request.session["csrf"] = secrets.token_urlsafe(32)  # a new token for the new session
    if wants_json(request):
        return JSONResponse({"user": user.name, "csrf_token": request.session["csrf"]})
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    await check_csrf(request)
    request.session.clear()
    return RedirectResponse("/events", status_code=303)
