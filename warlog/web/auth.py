"""Log in and out. Users are made on the command line (`warlog user add NAME`).

A login starts a server-side session (`sessions.SessionBook`) whose id goes in the cookie; logging out
ends it, so a copy of the cookie is worth nothing afterwards. Failed logins are throttled per account
and per address (`throttle.LoginThrottle`: 429 with Retry-After, the password not even checked), and
the password check itself (argon2, tens of milliseconds) runs in a worker thread.
"""

from __future__ import annotations

import secrets

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..store import Store
from ..users import check_password
from .render import page, wants_json
from .security import check_csrf, current_user
from .sessions import SESSION_ID, SessionBook
from .throttle import LoginThrottle

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
    throttle: LoginThrottle = request.app.state.login_throttle
    address = request.client.host if request.client else "unknown"
    refused = throttle.begin(name, address)
    if refused is not None:
        if wants_json(request):
            return JSONResponse({"error": refused.message(), "status": 429}, status_code=429,
                                headers={"Retry-After": str(refused.wait_s)})
        answer = page(request, "login.html", {"next": safe_next(next), "error": refused.message()}, status_code=429)
        answer.headers["Retry-After"] = str(refused.wait_s)
        return answer
    store: Store = request.app.state.store
    user = store.user(name)
    check = await run_in_threadpool(check_password, user, password)
    if not check.ok or user is None:
        return page(request, "login.html", {"next": safe_next(next), "error": "wrong name or password"},
                    status_code=401)
    throttle.succeeded(name, address)
    if check.new_hash:
        store.set_user(user.name, password_hash=check.new_hash)
    _end_session(request)
    request.session.clear()
    request.session["user"] = user.name
    request.session[SESSION_ID] = _sessions(request).start(user.name)
    request.session["csrf"] = secrets.token_urlsafe(32)  # a new token for the new session
    if wants_json(request):
        return JSONResponse({"user": user.name, "csrf_token": request.session["csrf"]})
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    """End the session on the server too: the cookie, or any copy of it, no longer logs anyone in."""
    await check_csrf(request)
    _end_session(request)
    request.session.clear()
    return RedirectResponse("/events", status_code=303)


def _sessions(request: Request) -> SessionBook:
    book: SessionBook = request.app.state.sessions
    return book


def _end_session(request: Request) -> None:
    session_id = request.session.get(SESSION_ID)
    if session_id:
        _sessions(request).end(str(session_id))
