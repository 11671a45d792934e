"""Who may write, and how writes are checked.

- Sessions: Starlette's signed cookie (itsdangerous), HttpOnly, SameSite=Lax; `request.session["user"]`
  holds the logged-in user's name.
- Every POST goes through `require_writer` (a FastAPI dependency): refused with 403 in read-only mode;
  refused with 403 when the Origin (or, lacking it, the Referer) names another site; refused with 401
  (JSON) or a redirect to /login (HTML) without a logged-in, enabled user; refused with 403 when the
  form's `csrf_token` field (or the `X-CSRF-Token` header) does not match the session's token.
- The login form itself is checked for origin and CSRF token, not for a user.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import HTTPException, Request

from ..store import Store

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def current_user(request: Request) -> str | None:
    user = request.session.get("user") if "session" in request.scope else None
    return str(user) if user else None


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use."""
    if "session" not in request.scope:
        return ""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def same_origin(request: Request) -> bool:
    """False when the request says it comes from another site (Origin, else Referer); True when it
    says nothing (non-browser clients; the CSRF token still has to match)."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if not claimed:
        return True
    if claimed == "null":
        return False
    parts = urlsplit(claimed)
    host = request.headers.get("host", "")
    return (parts.scheme in ("http", "https")) and parts.netloc.lower() == host.lower()


async def check_csrf(request: Request) -> None:
    if not same_origin(request):
        raise HTTPException(403, "cross-site request refused")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    expected = request.session.get("csrf") if "session" in request.scope else None
    if not sent or not expected or not hmac.compare_digest(str(sent), str(expected)):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")


async def require_writer(request: Request) -> str:
    """The dependency every write route declares; returns the user's name."""
    if request.app.state.read_only:
        raise HTTPException(403, "this warlog server is read-only (started with --read-only)")
    if not same_origin(request):
        raise HTTPException(403, "cross-site request refused")
    user = current_user(request)
    store: Store = request.app.state.store
    if user is None or not _enabled(store, user):
        if "session" in request.scope:
            request.session.pop("user", None)
        accept = request.headers.get("accept", "")
        if "text/html" in accept:
            back = urlsplit(request.headers.get("referer") or "").path or "/events"  # the page the form was on
            raise HTTPException(303, "log in first", headers={"Location": f"/login?next={quote(back)}"})
        raise HTTPException(401, "log in first (warlog user add NAME creates a user)")
    await check_csrf(request)
    return user


def _enabled(store: Store, name: str) -> bool:
    from ..users import get_user

    found = get_user(store, name)
    return found is not None and found.disabled_at is None


def security_headers() -> dict[str, Any]:
    """Headers on every response: no framing, no sniffing, scripts only from this server."""
    return {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Content-Security-Policy": ("default-src 'self'; img-src 'self' data: https://*.tile.openstreetmap.org; "
                                    "style-src 'self' 'unsafe-inline'; script-src 'self'; "
                                    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'"),
    }
