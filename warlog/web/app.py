"""The analyst's desk: `create_app(store)` builds the FastAPI application that `warlog serve` runs.

How a page is written (the core pages in `pages.py` and `review_pages.py`; the map, timeline and network
pages in `viz.py` follow the same rules):

- A module exposes `router = fastapi.APIRouter()`; `create_app` includes it.
- The store is `stores.store_of(request)` (a `warlog.store.Store`); read-only mode is
  `request.app.state.read_only`. Pages (GET routes) are plain `def` functions, which the server runs
  in worker threads: `store_of` lends each request a store of its own from the app's pool
  (`app.state.pool`, a `warlog.store.pool.StorePool`), so several analysts' pages are read at once.
  Writes (POST routes) are `async def` and use the app's own store (`app.state.store`) on the event
  loop. Every router declares `dependencies=[Depends(stores.desk_request)]`, which looks up the
  logged-in user on the event loop and gives the borrowed store back.
- Every page also answers JSON: register the path twice (`/x` and `/x.json`) or rely on
  `Accept: application/json`, build a JSON-able dict from library calls (`warlog.query.event_to_dict`,
  `store.events(EventQuery(...))`, `warlog.network.actor_profile`, ...) and return
  `warlog.web.render.page(request, "template.html", data)`, which renders the template (templates
  extend `base.html` and fill `{% block title %}`, `{% block content %}`, optionally `{% block head %}`
  and `{% block scripts %}`) or answers the dict as JSON.
- Filters from the query string: `warlog.web.filters.event_query(request)` gives the `EventQuery` the
  events page uses (type, since, until, place, actor, certainty, review, q), and
  `filters.query_string(request)` the same filters to pass on in links.
- Templates: one Jinja2 environment, `warlog.web.render.templates`, autoescape on for every file.
  Never mark document text, comments or names `|safe`: they are untrusted input.
- JavaScript: files under `static/` only (served at `/static/...`); the Content-Security-Policy
  (`security.CSP`) allows no inline script. Pass data to a script by `data-*` attributes or by
  fetching the page's `.json` form.
- Writes are POST routes that declare `user: str = Depends(require_writer)` (login, same origin,
  CSRF token `{{ csrf_token }}` in a hidden `csrf_token` field, refused in read-only mode).
- Work that takes long inside a write route (a password check) runs in a worker thread
  (`starlette.concurrency.run_in_threadpool`) so that other pages still answer meanwhile; such work
  never uses `app.state.store` from that thread (the connection is the event loop's).

State kept on the app: `store`, `pool` (None for an in-memory store: every request then uses `store`),
`read_only`, `sessions` (`sessions.SessionBook`: login sessions, in the
store), `login_throttle` (`throttle.LoginThrottle`: failed logins, in memory only), `gazetteer_path`
(the gazetteer index that edited places are looked up in; None: the default index).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from .. import __version__
from ..errors import ConfigError, InputRejected, NotFound, WarlogError
from ..store import Store, open_store
from .render import STATIC_DIR, page, wants_json
from .security import HostCheck, security_headers
from .sessions import DEFAULT_IDLE_S, SessionBook
from .stores import make_pool
from .throttle import LoginThrottle

SESSION_COOKIE = "warlog_session"


def create_app(store: Store | str | Path, *, read_only: bool = False, secret: str | None = None,
               allowed_hosts: Sequence[str] | None = None, session_idle_s: float = DEFAULT_IDLE_S,
               throttle: LoginThrottle | None = None, gazetteer: str | Path | None = None,
               clock: Callable[[], float] = time.time) -> FastAPI:
    """The web application over `store` (a Store, or the path of one to open). `secret` signs the
    session cookies; a random one (sessions end when the server stops) when None. `allowed_hosts`:
    the Host names answered (others get 400; IP addresses always answer), against DNS rebinding; None
    answers any. `session_idle_s`: a login ends after this long unused. `throttle`: the failed-login
    limits (default 5 per account, 20 per address, in 15 minutes). `gazetteer`: the index edited
    places are looked up in (default: `$WARLOG_GAZETTEER` or the user cache). `clock`: seconds since
    the epoch, for session times."""
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if app.state.pool is not None:
            app.state.pool.close()
        if app.state.owns_store:
            app.state.store.close()

    app = FastAPI(title="warlog", version=__version__, lifespan=lifespan,
                  description="The analyst's desk: events, actors, documents and the review of what "
                              "warlog extracted. Every page answers JSON with a `.json` suffix or "
                              "`Accept: application/json`.")
    app.state.store = store if isinstance(store, Store) else open_store(str(store))
    app.state.owns_store = not isinstance(store, Store)
    app.state.pool = make_pool(app.state.store)
    app.state.read_only = read_only
    app.state.sessions = SessionBook(app.state.store, idle_s=session_idle_s, clock=clock)
    app.state.login_throttle = throttle or LoginThrottle()
    app.state.gazetteer_path = gazetteer
    app.add_middleware(SessionMiddleware, secret_key=secret or secrets.token_urlsafe(32),
                       session_cookie=SESSION_COOKIE, same_site="lax", https_only=False,
                       max_age=max(60, int(session_idle_s)))

    if allowed_hosts:
        app.add_middleware(HostCheck, allowed=list(allowed_hosts))

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for key, value in security_headers().items():
            response.headers.setdefault(key, value)
        return response

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code in (301, 302, 303, 307) and exc.headers and "Location" in exc.headers:
            return RedirectResponse(exc.headers["Location"], status_code=303)
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(WarlogError)
    async def _warlog_error(request: Request, exc: WarlogError) -> Response:
        status = 404 if isinstance(exc, NotFound) else 400 if isinstance(exc, ConfigError | InputRejected) else 500
        return _error(request, status, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()))

    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    from . import auth, export_route, pages, review_pages

    for module in (auth, pages, review_pages, export_route):
        app.include_router(module.router)
    from .viz import router as viz_router  # map, timeline, network

    app.include_router(viz_router)
    return app


def _error(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    return page(request, "error.html", {"error": message, "status": status}, status_code=status)
