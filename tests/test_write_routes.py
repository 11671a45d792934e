"""Every write route of the desk, found from the app itself (so a route added later is covered too),
refuses an unauthenticated post, a cross-site post and any post on a read-only server, and writes
nothing (issue 16)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from starlette.routing import Route

from warlog.model import Event
from warlog.store import Store
from warlog.users import add_user
from warlog.web.app import create_app

from .test_review import build
from .test_web import BASE, PASSWORD, TestClient, decisions, login, token

#: Posts that are not writes of the store, or that must answer to anonymous users.
OPEN = {"/login", "/logout"}


def write_paths(app: object, event_id: str) -> list[str]:
    """The POST, PUT, PATCH and DELETE routes, their path parameters filled with real ids."""
    out = []
    for route in _routes(getattr(app, "routes", [])):
        if not isinstance(route, Route) or not (route.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}:
            continue
        if route.path in OPEN:
            continue
        out.append(re.sub(r"\{(\w+)(:[^}]*)?\}", lambda m: event_id if "event" in m.group(1) or m.group(1) == "ref"
                          else "1", route.path))
    return sorted(out)


def _routes(routes: list[object]) -> list[object]:
    """Routes, those of included routers too (FastAPI keeps an included router whole)."""
    out: list[object] = []
    for r in routes:
        inner = getattr(getattr(r, "original_router", None), "routes", None)
        out += _routes(inner) if inner is not None else [r]
    return out


@pytest.fixture
def events(store: Store) -> list[Event]:
    add_user(store, "ana", PASSWORD)  # as the web tests' store
    return build(store)


@pytest.fixture
def client(store: Store, events: list[Event]) -> Iterator[TestClient]:
    with TestClient(create_app(store, secret="test-secret"), base_url=BASE) as c:
        yield c


@pytest.fixture
def paths(store: Store, events: list[Event]) -> list[str]:
    found = write_paths(create_app(store, secret="test-secret"), events[0].event_id)
    assert len(found) >= 5 and any(p.endswith("/confirm") for p in found)
    return found


def test_every_write_route_refuses_an_unauthenticated_post(client: TestClient, store: Store, paths: list[str]) -> None:
    csrf = token(client)  # an anonymous session has a token, but no user
    for path in paths:
        r = client.post(path, data={"csrf_token": csrf}, headers={"accept": "application/json"},
                        follow_redirects=False)
        assert r.status_code in (401, 403), (path, r.status_code)
    assert decisions(store) == [] and store.decisions() == []


def test_every_write_route_refuses_a_cross_site_post(client: TestClient, store: Store, paths: list[str]) -> None:
    csrf = login(client)
    for path in paths:
        for headers in ({"origin": "http://evil.example"}, {"origin": "null"},
                        {"referer": "http://evil.example/page"}):
            r = client.post(path, data={"csrf_token": csrf}, headers=headers, follow_redirects=False)
            assert r.status_code == 403, (path, headers, r.status_code)
        r = client.post(path, data={}, follow_redirects=False)  # no token
        assert r.status_code == 403, (path, r.status_code)
    assert decisions(store) == [] and store.decisions() == []


def test_a_read_only_server_refuses_every_write(store: Store, events: list[Event], paths: list[str]) -> None:
    with TestClient(create_app(store, read_only=True), base_url=BASE) as c:
        for path in [*paths, "/login"]:
            assert c.post(path, data={"csrf_token": "any"}).status_code == 403, path
    assert decisions(store) == []
