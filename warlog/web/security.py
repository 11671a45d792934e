"""Who may write, and how writes are checked.

- Sessions: Starlette's signed cookie (itsdangerous), HttpOnly, SameSite=Lax, holding the user's name
  and a session id; the session counts only while the server still holds that id
  (`warlog.web.sessions`: logout ends it, so does 12 hours idle). `current_user` is the one check.
- Every POST goes through `require_writer` (a FastAPI dependency): refused with 403 in read-only mode;
  refused with 403 when the Origin (or, lacking it, the Referer) names another site; refused with 401
  (JSON) or a redirect to /login (HTML) without a logged-in, enabled user; refused with 403 when the
  form's `csrf_token` field (or the `X-CSRF-Token` header) does not match the session's token.
- The login form itself is checked for origin and CSRF token, not for a user (and throttled:
  `warlog.web.throttle`).
- Host names (`HostCheck`, against DNS rebinding): a page elsewhere whose name is made to point at
  this server is refused, because its requests carry its own name in `Host`. Only the names given are
  answered, and IP addresses, which a rebinding page cannot present; `desk_hosts` makes the list for
  `warlog serve`, whatever address it listens on.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import socket
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import HTTPException, Request
from fastapi.responses import PlainTextResponse
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from ..store import Store
from .sessions import SESSION_ID, SessionBook

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def current_user(request: Request) -> str | None:
    """The logged-in user: the cookie names one, and its session id is live on the server."""
    if "session" not in request.scope:
        return None
    if not hasattr(request.state, "user"):
        name, session_id = request.session.get("user"), request.session.get(SESSION_ID)
        book: SessionBook | None = getattr(request.app.state, "sessions", None)
        live = bool(name and session_id and book is not None and book.user(str(session_id)) == name)
        if name and not live:  # logged out elsewhere, expired, or a cookie from before sessions were kept
            request.session.pop("user", None)
            request.session.pop(SESSION_ID, None)
        request.state.user = str(name) if live else None
    user: str | None = request.state.user
    return user


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
            request.state.user = None
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


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
WILDCARDS = ("0.0.0.0", "::", "")


def desk_hosts(bind: str, extra: Iterable[str] = ()) -> list[str]:
    """The Host names `warlog serve` answers when listening on `bind`: the address itself (unless it
    is a wildcard: 0.0.0.0 or ::), this machine's local names, its host name and fully qualified
    name, and the `extra` names given (`--allowed-host`). IP addresses are answered anyway."""
    names = [bind] if bind not in WILDCARDS else []
    names += [*LOCAL_HOSTS, "localhost.localdomain", socket.gethostname(), socket.getfqdn()]
    names += [h.strip() for h in extra if h.strip()]
    return list(dict.fromkeys(n.lower() for n in names if n))


class HostCheck:
    """ASGI middleware: answer only requests whose Host header is one of `allowed` (`*.example.org`
    for any name under example.org) or an IP address; others get 400 with what to do."""

    def __init__(self, app: ASGIApp, allowed: Sequence[str]) -> None:
        self.app = app
        self.names = {h.lower().strip("[]") for h in allowed if not h.startswith("*.")}
        self.suffixes = tuple(h.lower()[1:] for h in allowed if h.startswith("*."))

    def allows(self, host_header: str) -> bool:
        host = host_header.strip().lower()
        if host.startswith("["):  # [::1]:8000
            host = host[1:].partition("]")[0]
        elif host.count(":") == 1:
            host = host.partition(":")[0]
        if host in self.names or (self.suffixes and host.endswith(self.suffixes)):
            return True
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return False
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            host = Headers(scope=scope).get("host", "")
            if not self.allows(host):
                response = PlainTextResponse(
                    f"this warlog server does not answer to the name {host.partition(':')[0][:100]!r} (a guard against "
                    "DNS rebinding); open it by one of its own names or its address, or start it with "
                    f"--allowed-host NAME", status_code=400)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
