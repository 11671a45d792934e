"""Rendering shared by every page of the web interface: one Jinja2 environment (autoescape on for
every template, whatever its name), and `page()`, which answers HTML or JSON from the same data.

A route builds a plain JSON-able dict from library calls (`warlog.query.event_to_dict`,
`store.events`, `network.actor_profile`, ...) and returns `page(request, "x.html", data)`:
- `GET /path.json` or `Accept: application/json` → `data` as JSON;
- otherwise the template renders with `data`'s keys plus `request`, `user`, `csrf_token`,
  `read_only` and `url_for`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

# autoescape=True for every template (not only *.html): articles and comments are untrusted input.
templates = Jinja2Templates(env=Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True))


def wants_json(request: Request) -> bool:
    """`.json` suffix (the route is registered for it and sets `request.state.json`) or an Accept
    header that prefers JSON over HTML."""
    if getattr(request.state, "json", False) or request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def page(request: Request, template: str, data: dict[str, Any], *, status_code: int = 200,
         context: dict[str, Any] | None = None) -> Response:
    """HTML from `template` or JSON of `data`, as the request asks. `context` adds template-only
    values (objects that are not JSON, e.g. forms) that the JSON answer leaves out."""
    if wants_json(request):
        return JSONResponse(data, status_code=status_code)
    from .security import csrf_token, current_user

    ctx: dict[str, Any] = {**data, **(context or {}), "request": request, "user": current_user(request),
                           "csrf_token": csrf_token(request), "read_only": request.app.state.read_only}
    response: HTMLResponse = templates.TemplateResponse(request, template, ctx, status_code=status_code)
    return response
