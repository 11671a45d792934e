"""The web desk hardened (issue 16): login throttling, server-side sessions that logout and idleness
end, paging parameters that never reach SQLite unchecked, the Host check whatever address the server
listens on, exports off the event loop, edited places looked up in the gazetteer (web and CLI), and
the security headers. A real store, the real app through TestClient (or httpx's ASGI transport where
two requests must overlap), and a small gazetteer built from the test sources."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import io
import json
import re
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from warlog import review
from warlog.errors import ConfigError, UnknownPlace
from warlog.export import write_export
from warlog.geo.build import build_index
from warlog.geo.gazetteer import Gazetteer
from warlog.geo.sources import sources_from_json
from warlog.model import UNREAL, Event
from warlog.query import EventQuery
from warlog.store import Store, open_store
from warlog.users import add_user, set_password
from warlog.web.app import SESSION_COOKIE, create_app
from warlog.web.throttle import LoginThrottle

from .test_review import build

with warnings.catch_warnings():  # Starlette 1.x suggests httpx2 for its test client; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"
BASE = "http://testserver"
MINI = Path(__file__).resolve().parent / "fixtures" / "geo" / "mini_sources.json"


class Clock:
    """Time that a test moves on by hand (seconds)."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def gazetteer_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gaz") / "mini.sqlite"
    build_index(path, sources=sources_from_json(MINI), user_places=path.parent / "none.csv")
    return path


@pytest.fixture
def events(store: Store) -> list[Event]:
    add_user(store, "ana", PASSWORD)
    add_user(store, "ben", PASSWORD)
    return build(store)


@pytest.fixture
def client(store: Store, events: list[Event], gazetteer_path: Path) -> Iterator[TestClient]:
    app = create_app(store, secret="test-secret", gazetteer=gazetteer_path)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        yield c


def token(client: TestClient, path: str = "/login") -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert m, f"no CSRF token in {path}"
    return m.group(1)


def attempt(client: TestClient, name: str, password: str, *, json_answer: bool = False) -> httpx.Response:
    headers = {"accept": "application/json"} if json_answer else {}
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token(client)},
                       headers=headers, follow_redirects=False)


def login(client: TestClient, name: str = "ana") -> str:
    """Log in; the session's CSRF token."""
    r = attempt(client, name, PASSWORD)
    assert r.status_code == 303, r.text
    return token(client, "/events")


def logged_in(client: TestClient) -> bool:
    return "Log out" in client.get("/events").text


# -- 1. login throttle -----------------------------------------------------------------------------------

def test_five_failed_logins_lock_the_account_for_a_while(store: Store, events: list[Event]) -> None:
    clock = Clock()
    app = create_app(store, secret="s", throttle=LoginThrottle(clock=clock))
    with TestClient(app, base_url=BASE) as c:
        for _ in range(5):
            assert attempt(c, "ana", "wrong password").status_code == 401
        locked = attempt(c, "ana", PASSWORD)  # the right password, not even checked
        assert locked.status_code == 429
        assert int(locked.headers["retry-after"]) == 900
        assert "too many failed logins for this account: try again in 15 minutes" in locked.text
        as_json = attempt(c, "ana", PASSWORD, json_answer=True)
        assert as_json.status_code == 429 and "try again in 15 minutes" in as_json.json()["error"]
        clock.now += 600
        assert int(attempt(c, "ana", PASSWORD).headers["retry-after"]) == 300
        assert attempt(c, "ben", PASSWORD).status_code == 303  # another account, same address: heard
        clock.now += 301  # the first failures have left the 15-minute window
        assert attempt(c, "ana", PASSWORD).status_code == 303


def test_a_successful_login_clears_the_accounts_failures(store: Store, events: list[Event]) -> None:
    with TestClient(create_app(store, secret="s"), base_url=BASE) as c:
        for _ in range(4):
            assert attempt(c, "ana", "wrong password").status_code == 401
        assert attempt(c, "ana", PASSWORD).status_code == 303
        for _ in range(5):
            assert attempt(c, "ana", "wrong password").status_code == 401
        assert attempt(c, "ana", "wrong password").status_code == 429


def test_failed_logins_from_one_address_are_limited_across_accounts(store: Store, events: list[Event]) -> None:
    app = create_app(store, secret="s", throttle=LoginThrottle(per_address=6))
    with TestClient(app, base_url=BASE) as c:
        for name in ("ana", "ben", "cy", "di", "ed", "flo"):  # one or two tries each: under the account limit
            assert attempt(c, name, "wrong password").status_code == 401
        refused = attempt(c, "ana", PASSWORD)
        assert refused.status_code == 429 and "from your address" in refused.text
        assert int(refused.headers["retry-after"]) > 0


def test_throttle_defaults_and_sliding_window() -> None:
    clock = Clock(0.0)
    t = LoginThrottle(clock=clock)
    assert (t.per_account, t.per_address, t.window_s) == (5, 20, 900)
    for i in range(20):
        assert t.begin(f"user{i // 4}", "10.0.0.1") is None  # 4 per account, 20 from the address
        clock.now += 10
    refused = t.begin("someone-else", "10.0.0.1")
    assert refused is not None and refused.reason == "from your address" and refused.wait_s == 900 - 200
    assert t.begin("someone-else", "10.0.0.2") is None  # another address
    t.succeeded("user4", "10.0.0.1")  # the last attempt turned out right: no longer counted
    assert t.begin("user9", "10.0.0.1") is None
    clock.now += 900
    assert t.begin("user0", "10.0.0.1") is None


def test_the_password_check_leaves_other_pages_answering(store: Store, events: list[Event]) -> None:
    """argon2 takes about 0.1 s of CPU: in a worker thread, a page asked for meanwhile answers first."""
    app = create_app(store, secret="s")

    async def scenario() -> tuple[bool, int, int]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as c:
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', (await c.get("/login")).text)
            assert csrf
            slow = asyncio.create_task(c.post("/login", data={"name": "ana", "password": "wrong password",
                                                               "csrf_token": csrf.group(1)}))
            await asyncio.sleep(0.02)  # the login is being checked
            cheap = await c.get("/login")
            still_checking = not slow.done()
            return still_checking, cheap.status_code, (await slow).status_code

    still_checking, cheap, slow = asyncio.run(scenario())
    assert (cheap, slow) == (200, 401)
    assert still_checking, "the login page waited for another request's password check"


# -- 2. sessions -----------------------------------------------------------------------------------------

def test_logout_ends_every_copy_of_the_session(client: TestClient, store: Store, events: list[Event]) -> None:
    csrf = login(client)
    copied = client.cookies.get(SESSION_COOKIE)
    assert copied
    with TestClient(client.app, base_url=BASE, cookies={SESSION_COOKIE: copied}) as thief:
        assert logged_in(thief)  # the copy works while the session lives
        assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
        thief.cookies.set(SESSION_COOKIE, copied)  # the copy as it was taken, whatever the server sent since
        r = thief.post(f"/events/{events[0].event_id}/confirm", data={"csrf_token": csrf},
                       headers={"accept": "application/json"})
        assert r.status_code == 401
        thief.cookies.set(SESSION_COOKIE, copied)
        assert not logged_in(thief)
    assert store.event_decisions() == []


def test_the_server_keeps_a_digest_of_the_session_id_not_the_id(client: TestClient, store: Store) -> None:
    login(client)
    cookie = client.cookies.get(SESSION_COOKIE) or ""
    payload = cookie.split(".")[0]
    session = json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))
    assert session["user"] == "ana"
    assert store.web_session(session["sid"]) is None
    kept = store.web_session(hashlib.sha256(session["sid"].encode()).hexdigest())
    assert kept is not None and kept.user == "ana"


def test_sessions_end_after_the_idle_limit(store: Store, events: list[Event]) -> None:
    clock = Clock()
    app = create_app(store, secret="s", session_idle_s=3600, clock=clock)
    with TestClient(app, base_url=BASE) as c:
        csrf = login(c)
        clock.now += 50 * 60
        assert logged_in(c)  # used within the hour: the hour starts again
        clock.now += 50 * 60
        assert logged_in(c)
        clock.now += 61 * 60
        assert not logged_in(c)
        r = c.post(f"/events/{events[0].event_id}/confirm", data={"csrf_token": csrf},
                   headers={"accept": "application/json"})
        assert r.status_code == 401


def test_a_new_password_ends_the_users_sessions(client: TestClient, store: Store) -> None:
    login(client)
    assert logged_in(client)
    set_password(store, "ana", "another long password")
    assert not logged_in(client)


# -- 3. paging parameters --------------------------------------------------------------------------------

ABSURD = ("99999999999999999999", "-1", "0", "abc", "1e3", "2.5", "9" * 5000)


def test_absurd_paging_answers_400_not_500(client: TestClient) -> None:
    urls = [f"{path}{value}" for value in ABSURD
            for path in ("/events?page=", "/events.json?page=", "/documents?page=", "/documents.json?page=",
                         "/documents.json?q=Baqubah&page=")]
    urls += [f"{path}{value}" for value in ABSURD if value != "0" for path in ("/review?at=", "/review.json?at=")]
    for url in urls:
        r = client.get(url, headers={"accept": "application/json"})
        assert r.status_code == 400, (url[:80], r.status_code, r.text[:200])
        assert "is a whole number from" in r.json()["error"], url[:80]


def test_pages_in_range_answer(client: TestClient) -> None:
    assert client.get("/events.json?page=1000000").json()["events"] == []
    assert client.get("/documents.json?page=2").json()["documents"] == []
    assert client.get("/review.json?at=100000000").json()["queue"] == []
    assert client.get("/events.json?page=").status_code == 200


def test_oversized_ids_and_counts_are_refused_not_crashed(client: TestClient, store: Store,
                                                          events: list[Event]) -> None:
    csrf = login(client)
    r = client.post(f"/decisions/{'9' * 20}/undo", data={"csrf_token": csrf}, headers={"accept": "application/json"})
    assert r.status_code == 422
    r = client.post(f"/events/{events[0].event_id}/edit", data={"csrf_token": csrf, "field": "killed",
                                                               "value": "99999999999"},
                    headers={"accept": "application/json"})
    assert r.status_code == 400 and "more than any event counts" in r.json()["error"]
    with pytest.raises(ConfigError, match="more than any event counts"):
        review.edit(store, events[0].event_id, "fatalities", str(2**31), author="ana")


# -- 4. Host names ---------------------------------------------------------------------------------------

def test_listening_on_every_interface_still_checks_the_host_name(store: Store, events: list[Event]) -> None:
    import socket

    from warlog.cli.web import desk_app

    app = desk_app(store, host="0.0.0.0", allowed_hosts=["desk.example.org", "*.corp.example"])
    ok = ["http://localhost:8000", "http://127.0.0.1:8000", "http://[::1]:8000", "http://192.168.1.20:8000",
          f"http://{socket.gethostname()}:8000", "http://desk.example.org", "http://a.corp.example"]
    for base in ok:
        with TestClient(app, base_url=base) as c:
            assert c.get("/events.json").status_code == 200, base
    for base in ("http://rebound.example:8000", "http://corp.example", "http://desk.example.org.evil.example"):
        with TestClient(app, base_url=base) as c:
            r = c.get("/events.json")
            assert r.status_code == 400 and "--allowed-host" in r.text, base
            assert r.headers["x-content-type-options"] == "nosniff"


def test_serve_offers_allowed_host_and_session_hours() -> None:
    from click.testing import CliRunner

    from warlog.cli import cli

    out = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "--allowed-host" in out and "--session-hours" in out


# -- 5. exports off the event loop -----------------------------------------------------------------------

def _expected(store: Store, fmt: str) -> bytes:
    """What `/export/FMT?type=ASSAULT` wrote before exports moved to a worker thread."""
    from warlog.review import CERTAINTIES

    out = io.BytesIO()
    query = EventQuery(types=("ASSAULT",), certainty=tuple(c for c in CERTAINTIES if c not in UNREAL))
    write_export(store, fmt, out, query, include_unreal=True)
    return out.getvalue()


@pytest.mark.parametrize("in_file", [False, True])
def test_exports_stream_the_same_bytes(tmp_path: Path, in_file: bool) -> None:
    store = open_store(str(tmp_path / "w.db") if in_file else ":memory:")
    try:
        build(store)
        with TestClient(create_app(store), base_url=BASE) as c:
            for fmt in ("acled", "gtd", "plover", "geojson", "graphml", "ftm"):
                r = c.get(f"/export/{fmt}?type=ASSAULT")
                assert r.status_code == 200 and r.content == _expected(store, fmt), fmt
                assert int(r.headers["content-length"]) == len(r.content)
                assert r.headers["content-disposition"].startswith("attachment")
            assert c.get("/export/parquet").content[:4] == b"PAR1"
    finally:
        store.close()


def test_other_pages_answer_while_an_export_runs(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "big.db"), dedup=False)
    for i in range(400):  # 1,200 events: an export of a few tenths of a second
        build(store, doc_id=f"d{i:015d}big")
    app = create_app(store)

    async def scenario() -> tuple[bool, int, bytes]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as c:
            export = asyncio.create_task(c.get("/export/plover"))
            await asyncio.sleep(0.02)  # the export is under way
            started = time.monotonic()
            cheap = await c.get("/login")
            assert time.monotonic() - started < 5
            exporting = not export.done()
            return exporting, cheap.status_code, (await export).content

    try:
        exporting, cheap, content = asyncio.run(scenario())
        assert cheap == 200
        assert exporting, "the login page waited for the export"
        assert content.count(b"\n") == 1200
    finally:
        store.close()


# -- 6. edited places are looked up ----------------------------------------------------------------------

def test_best_place_for_a_typed_name(gazetteer_path: Path) -> None:
    with Gazetteer.open(gazetteer_path, build=False) as gaz:
        def where(name: str) -> tuple[str, str, str | None]:
            p = review.best_place(gaz, name)
            return p.name, p.kind, p.country_iso3

        assert where("Baghdad") == ("Baghdad", "city", "IRQ")  # the town before the province of its name
        assert where("Wasit province") == ("Wasit", "admin1", "IRQ")  # the type word asks for the province
        assert where("Kut") == ("Al-Kut", "city", "IRQ")
        assert where("Athens") == ("Athens", "city", "GRC")  # the most populous
        assert where("Athens, USA") == ("Athens", "city", "USA")
        assert review.best_place(gaz, "Athens, Texas").admin1 == "Texas"
        assert where("Iraq") == ("Iraq", "country", "IRQ")
        with pytest.raises(UnknownPlace, match="no place called 'Baghdad' in Wasit"):
            review.best_place(gaz, "Baghdad, Wasit")
        with pytest.raises(UnknownPlace, match="no country or province called 'Atlantis'"):
            review.best_place(gaz, "Kut, Atlantis")


def test_a_place_edited_by_name_gets_the_gazetteers_coordinates(store: Store, events: list[Event],
                                                                gazetteer_path: Path) -> None:
    a = events[0].event_id
    review.edit(store, a, "location", "Numaniyah", author="ana", gazetteer=gazetteer_path)
    loc = review.event(store, a).event.location
    assert loc is not None
    assert (loc.name, loc.raw, loc.lat, loc.lon, loc.admin1, loc.country, loc.precision, loc.place_id) == \
        ("An Nu'maniyah", "Numaniyah", 32.56, 45.41, "Wasit", "IRQ", 1, loc.place_id)
    assert loc.place_id and loc.geonames_id
    review.edit(store, a, "location", {"name": "Wasit province"}, author="ana", gazetteer=gazetteer_path)
    loc = review.event(store, a).event.location
    assert loc is not None and (loc.name, loc.precision, loc.country) == ("Wasit", 3, "IRQ")
    before = len(review.history(store, a))
    with pytest.raises(UnknownPlace, match=r"no place called 'Atlantis'.*add-places"):
        review.edit(store, a, "location", "Atlantis", author="ana", gazetteer=gazetteer_path)
    assert len(review.history(store, a)) == before  # nothing stored without coordinates
    review.edit(store, a, "location", {"name": "Camp Bucca", "lat": 30.3, "lon": 47.6}, author="ana",
                gazetteer=gazetteer_path)  # coordinates given: no look-up needed
    loc = review.event(store, a).event.location
    assert loc is not None and (loc.name, loc.lat, loc.lon) == ("Camp Bucca", 30.3, 47.6)


def test_review_edit_command_looks_the_place_up(tmp_path: Path, gazetteer_path: Path) -> None:
    from click.testing import CliRunner

    from warlog.cli import cli

    db = str(tmp_path / "w.db")
    with open_store(db) as s:
        first = build(s)[0].event_id
    env = {"WARLOG_USER": "ana", "WARLOG_GAZETTEER": str(gazetteer_path)}
    run = CliRunner().invoke
    ok = run(cli, ["review", "edit", first, "location", "Athens, Texas", "--db", db], env=env)
    assert ok.exit_code == 0, ok.output
    bad = run(cli, ["review", "edit", first, "location", "Nowhere At All", "--db", db], env=env)
    assert bad.exit_code == 2 and "knows no place called 'Nowhere At All'" in bad.output
    not_json = run(cli, ["review", "edit", first, "location", "{oops", "--db", db], env=env)
    assert not_json.exit_code == 2 and "not JSON" in not_json.output
    with open_store(db) as s:
        loc = review.event(s, first).event.location
        assert len(review.history(s, first)) == 1
    assert loc is not None and (loc.name, loc.admin1, loc.country, loc.lat, loc.lon, loc.precision) == \
        ("Athens", "Texas", "USA", 32.2, -95.86, 1)


def test_a_place_renamed_on_the_event_page_is_looked_up(client: TestClient, store: Store,
                                                        events: list[Event]) -> None:
    a = events[0].event_id  # in Baqubah, 33.75 44.64, Diyala
    csrf = login(client)
    form = dict(re.findall(r'<input name="([a-z_]+)" value="([^"]*)"', client.get(f"/events/{a}").text))
    assert form["location_lat"] == "33.75"
    form.update({"csrf_token": csrf, "location_name": "Numaniyah"})  # the old coordinates still in the form
    r = client.post(f"/events/{a}/edit", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    loc = client.get(f"/events/{a}.json").json()["location"]
    assert (loc["name"], loc["lat"], loc["lon"], loc["admin1"], loc["country"]) == \
        ("An Nu'maniyah", 32.56, 45.41, "Wasit", "IRQ")
    form = dict(re.findall(r'<input name="([a-z_]+)" value="([^"]*)"', client.get(f"/events/{a}").text))
    form.update({"csrf_token": csrf, "location_name": "Atlantis"})
    r = client.post(f"/events/{a}/edit", data=form, headers={"accept": "application/json"})
    assert r.status_code == 400 and "no place called 'Atlantis'" in r.json()["error"]
    r = client.post(f"/events/{a}/edit", data={"csrf_token": csrf, "field": "location", "value": "Athens, USA"},
                    headers={"accept": "application/json"})
    assert r.status_code == 200
    loc = client.get(f"/events/{a}.json").json()["location"]
    assert (loc["name"], loc["country"], loc["lat"]) == ("Athens", "USA", 33.96)
    assert [d.field for d in store.event_decisions(a)] == ["location", "location"]


# -- 7. security headers ---------------------------------------------------------------------------------

def test_every_answer_carries_the_security_headers(client: TestClient, events: list[Event]) -> None:
    for path in ("/events", "/events.json", "/login", "/events/e-nope", "/static/review.js",
                 "/events.json?page=-1"):
        h = client.get(path).headers
        csp = h["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "script-src 'self'" in csp, path
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0], path
        assert h["x-content-type-options"] == "nosniff", path
        assert h["referrer-policy"] == "same-origin", path
        assert h["x-frame-options"] == "DENY", path
