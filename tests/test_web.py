"""The web interface (warlog.web) through FastAPI's TestClient over an in-memory store with hand-built
documents and events: every page as HTML and JSON, escaping of untrusted text, logins, CSRF and
origin checks, read-only mode, the review workflow and its survival across re-extraction."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from warlog.model import Event
from warlog.store import Store
from warlog.users import add_user, disable_user
from warlog.web.app import create_app

from .test_review import DOC_ID, build, build_document

with warnings.catch_warnings():  # Starlette 1.x suggests httpx2 for its test client; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"
BASE = "http://testserver"


@pytest.fixture
def events(store: Store) -> list[Event]:
    add_user(store, "ana", PASSWORD)
    return build(store)


@pytest.fixture
def client(store: Store, events: list[Event]) -> Iterator[TestClient]:
    with TestClient(create_app(store, secret="test-secret"), base_url=BASE) as c:
        yield c


def token(client: TestClient, path: str = "/login") -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert m, f"no CSRF token in {path}"
    return m.group(1)


def login(client: TestClient, name: str = "ana", password: str = PASSWORD) -> str:
    """Log in through the form; returns the session's CSRF token."""
    r = client.post("/login", data={"name": name, "password": password, "csrf_token": token(client),
                                    "next": "/review"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/review", r.text
    return token(client, "/events")


def canonical(event_id: str) -> str:
    """The canonical event a report of these tests is: each is its own (one document)."""
    return "c" + event_id[1:]


def decisions(store: Store) -> list[tuple[str, str]]:
    return [(d.kind, d.event_id) for d in store.event_decisions()]


def test_every_page_answers_html_and_json(client: TestClient, events: list[Event]) -> None:
    a = events[0].event_id
    pages = ["/events", f"/events/{a}", "/documents", f"/documents/{DOC_ID}", "/actors", "/actors/mahdi-army",
             "/review", "/export"]
    for path in pages:
        html = client.get(path)
        assert html.status_code == 200, (path, html.text[:300])
        assert html.headers["content-type"].startswith("text/html")
        assert '<nav>' in html.text and 'href="/map"' in html.text and 'href="/review"' in html.text
        as_json = client.get(path + ".json")
        assert as_json.status_code == 200, path
        assert as_json.json() == client.get(path, headers={"accept": "application/json"}).json()
    listing = client.get("/events.json").json()
    assert [e["id"] for e in listing["events"]] == [canonical(e.event_id) for e in (events[0], events[2], events[1])]
    assert all(e["sources"] == 1 and len(e["members"]) == 1 for e in listing["events"])
    assert listing["events"][0]["review_status"] == "unreviewed"
    one = client.get(f"/events/{a}.json").json()
    assert one["date"]["edtf"] == "2008-06-05" and one["review"] == {"status": "unreviewed", "edited_fields": [],
                                                                      "decisions": []}
    spec = client.get("/openapi.json").json()
    assert "/events" in spec["paths"] and "/events/{event_id}/confirm" in spec["paths"]
    assert client.get("/docs").status_code == 200
    assert client.get("/events/e-nope").status_code == 404
    assert client.get("/events/e-nope.json").json()["status"] == 404


def test_filters_and_codebook_switch(client: TestClient, events: list[Event]) -> None:
    _, b, c = (e.event_id for e in events)
    got = lambda qs: [e["members"][0]["event_id"] for e in client.get("/events.json?" + qs).json()["events"]]  # noqa: E731
    assert got("place=Kut") == [b]
    assert got("actor=Mahdi") == [c, b]  # Jaysh al-Mahdi (dated), Mahdi Army (undated: last)
    assert got("since=2008-06-06") == [c]
    assert got("q=engineers") == [b]
    assert got("certainty=claimed") == []
    acled = client.get("/events.json?codebook=acled").json()["events"]
    assert all(e["category"] == (e["acled"]["event_type"] or "") + (f"/{e['acled']['sub_event_type']}"
                                                                       if e["acled"]["sub_event_type"] else "")
               for e in acled)
    assert client.get("/events?codebook=gtd").status_code == 200
    assert client.get("/events.json?codebook=nonsense").status_code == 400
    assert client.get("/events.json?since=yesterday").status_code == 400


def test_script_in_article_and_comment_renders_as_text(client: TestClient, events: list[Event]) -> None:
    for path in (f"/documents/{DOC_ID}", f"/events/{events[0].event_id}"):
        html = client.get(path).text
        assert "<script>alert(" not in html, path
        assert "&lt;script&gt;alert(" in html, path
    found = client.get("/documents?q=alert").text  # FTS snippets of the body and the comment
    assert found.count("&lt;script&gt;") == 2 and "<script>" not in found.split("<main>")[1]
    doc = client.get(f"/documents/{DOC_ID}").text
    assert "&lt;script&gt;alert(&#39;comment&#39;)&lt;/script&gt;" in doc
    assert "&lt;script&gt;alert(&#39;article&#39;)&lt;/script&gt;" in doc
    apart = doc.split('class="apart"')[1]
    assert "comment by Reader · excluded" in apart and "alert(&#39;comment&#39;)" in apart
    assert "alert(&#39;comment&#39;)" not in doc.split('class="apart"')[0]
    assert "script-src 'self'" in client.get("/events").headers["content-security-policy"]


def test_document_marks_triggers_actors_places(client: TestClient, events: list[Event]) -> None:
    data = client.get(f"/documents/{DOC_ID}.json").json()
    marked = {(m["kind"], data_text(data, m)) for m in data["marks"]}
    assert {("trigger", "killed"), ("trigger", "abducted"), ("trigger", "attack"), ("actor", "Mahdi Army"),
            ("actor", "policemen")} <= marked
    html = client.get(f"/documents/{DOC_ID}").text
    assert re.search(r'<a class="mark trigger" href="/events/' + events[0].event_id + r'"[^>]*>killed</a>', html)
    assert [s["excluded"] for s in data["segments"]] == [False, False, False, True]


def data_text(data: dict[str, object], mark: dict[str, int]) -> str:
    from .test_review import TEXT

    return TEXT[mark["start"]:mark["end"]]


def test_unauthenticated_writes_are_refused(client: TestClient, store: Store, events: list[Event]) -> None:
    a = events[0].event_id
    csrf = token(client)  # an anonymous session has a token, but no user
    r = client.post(f"/events/{a}/confirm", data={"csrf_token": csrf}, headers={"accept": "application/json"})
    assert r.status_code == 401
    r = client.post(f"/events/{a}/confirm", data={"csrf_token": csrf}, headers={"accept": "text/html"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    r = client.post("/actors/merge", data={"csrf_token": csrf, "subject": "jaysh-al-mahdi", "object": "mahdi-army"})
    assert r.status_code == 401
    assert decisions(store) == [] and store.decisions() == []
    assert 'action="/events/' not in client.get(f"/events/{a}").text  # no forms without a login


def test_wrong_password_and_disabled_user_cannot_log_in(client: TestClient, store: Store) -> None:
    r = client.post("/login", data={"name": "ana", "password": "wrong password", "csrf_token": token(client)})
    assert r.status_code == 401 and "wrong name or password" in r.text
    r = client.post("/login", data={"name": "nobody", "password": PASSWORD, "csrf_token": token(client)})
    assert r.status_code == 401
    disable_user(store, "ana")
    r = client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf_token": token(client)})
    assert r.status_code == 401


def test_cross_site_posts_are_refused(client: TestClient, store: Store, events: list[Event]) -> None:
    a = events[0].event_id
    csrf = login(client)
    url = f"/events/{a}/confirm"
    assert client.post(url, data={"csrf_token": csrf}, headers={"origin": "http://evil.example"}).status_code == 403
    assert client.post(url, data={"csrf_token": csrf},
                       headers={"referer": "http://evil.example/page"}).status_code == 403
    assert client.post(url, data={}).status_code == 403  # no token
    assert client.post(url, data={"csrf_token": "forged"}).status_code == 403
    assert client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf_token": csrf},
                       headers={"origin": "http://evil.example"}).status_code == 403
    assert decisions(store) == []
    ok = client.post(url, data={"csrf_token": csrf, "next": "https://evil.example/"},
                     headers={"origin": BASE}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == f"/events/{a}"  # never sent off-site
    assert decisions(store) == [("confirm", a)]


def test_session_cookie_is_httponly_and_lax(store: Store, events: list[Event]) -> None:
    with TestClient(create_app(store), base_url=BASE) as c:
        r = c.get("/login")
        cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_read_only_refuses_every_write(store: Store, events: list[Event]) -> None:
    a = events[0].event_id
    with TestClient(create_app(store, read_only=True), base_url=BASE) as c:
        html = c.get(f"/events/{a}").text
        assert "read-only" in html and "/confirm" not in html and "Log in" not in html
        assert c.get("/login").status_code == 403
        for path in (f"/events/{a}/confirm", f"/events/{a}/reject", "/actors/merge", "/login"):
            assert c.post(path, data={"csrf_token": "any"}).status_code == 403, path
    assert decisions(store) == []


def test_review_workflow_through_the_forms(client: TestClient, store: Store, events: list[Event]) -> None:
    a, b, c = (e.event_id for e in events)
    csrf = login(client)
    queue = client.get("/review.json").json()
    assert [e["id"] for e in queue["queue"]] == [b, c, a] and queue["current"]["id"] == b
    page = client.get("/review").text
    assert "<kbd>c</kbd> confirm" in page and 'src="/static/review.js"' in page and 'id="confirm-form"' in page
    assert "keydown" in client.get("/static/review.js").text
    r = client.post(f"/events/{b}/confirm", data={"csrf_token": csrf, "next": "/review?at=0"},
                    follow_redirects=False)
    assert r.headers["location"] == "/review?at=0"
    assert client.get("/review.json").json()["current"]["id"] == c
    # edit through the event page's form: only the changed field becomes a decision
    form = dict(re.findall(r'<input name="([a-z_]+)" value="([^"]*)"', client.get(f"/events/{a}").text))
    form.update({"csrf_token": csrf, "date": "2008-06-04", "type": "ASSAULT", "certainty": "asserted",
                 "historical": "false", "note": "lead says Wednesday"})
    r = client.post(f"/events/{a}/edit", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    (edit,) = [d for d in store.event_decisions(a)]
    assert (edit.kind, edit.field, edit.value, edit.author, edit.note) == \
        ("edit", "date", "2008-06-04", "ana", "lead says Wednesday")
    one = client.get(f"/events/{a}.json").json()
    assert one["date"]["edtf"] == "2008-06-04" and one["review"]["status"] == "edited"
    assert "2008-06-04" in client.get(f"/events/{a}").text and "Undo" in client.get(f"/events/{a}").text
    bad = client.post(f"/events/{a}/edit", data={"csrf_token": csrf, "field": "date", "value": "soon"},
                      headers={"accept": "application/json"})
    assert bad.status_code == 400 and "EDTF" in bad.json()["error"]
    r = client.post(f"/events/{c}/reject", data={"csrf_token": csrf}, headers={"accept": "application/json"})
    assert r.json()["status"] == "rejected"
    assert canonical(c) not in [e["id"] for e in client.get("/events.json").json()["events"]]
    assert canonical(c) in [e["id"] for e in client.get("/events.json?review=rejected").json()["events"]]
    undo = client.post(f"/decisions/{r.json()['decision']}/undo", data={"csrf_token": csrf},
                       headers={"accept": "application/json"})
    assert undo.status_code == 200 and canonical(c) in [e["id"] for e in client.get("/events.json").json()["events"]]
    merge = client.post(f"/events/{a}/merge", data={"csrf_token": csrf, "other": c},
                        headers={"accept": "application/json"})
    assert merge.status_code == 200
    assert [d["kind"] for d in client.get(f"/events/{c}.json").json()["review"]["decisions"]] == \
        ["reject", "merge"]


def test_decisions_survive_re_extraction(client: TestClient, store: Store, events: list[Event]) -> None:
    a, b, _ = (e.event_id for e in events)
    csrf = login(client)
    client.post(f"/events/{a}/confirm", data={"csrf_token": csrf})
    client.post(f"/events/{b}/edit", data={"csrf_token": csrf, "field": "killed", "value": "2"})
    doc, analysis = build_document(extractor="test-2")
    store.write_document(replace(doc, input_hash="again"), analysis=analysis)
    assert client.get(f"/events/{a}.json").json()["review"]["status"] == "confirmed"
    again = client.get(f"/events/{b}.json").json()
    assert (again["counts"]["killed"], again["extractor"], again["review"]["status"]) == (2, "test-2", "edited")


def test_merge_actors_from_the_actor_page(client: TestClient, store: Store) -> None:
    csrf = login(client)
    assert "Merge" in client.get("/actors/mahdi-army").text
    r = client.post("/actors/merge", data={"csrf_token": csrf, "subject": "Jaysh al-Mahdi", "object": "mahdi-army",
                                           "next": "/actors/mahdi-army"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/actors/mahdi-army"
    profile = client.get("/actors/mahdi-army.json").json()
    assert profile["merged"] == ["jaysh-al-mahdi"]
    assert len(profile["events_as_actor"]) == 2
    (d,) = store.decisions()
    assert (d.kind, d.subject, d.object, d.author) == ("merge", "jaysh-al-mahdi", "mahdi-army", "ana")
    client.post(f"/actors/decisions/{d.id}/undo", data={"csrf_token": csrf})
    assert client.get("/actors/mahdi-army.json").json()["merged"] == []


def test_logout_ends_the_session(client: TestClient, store: Store, events: list[Event]) -> None:
    csrf = login(client)
    assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    r = client.post(f"/events/{events[0].event_id}/confirm", data={"csrf_token": token(client)},
                    headers={"accept": "application/json"})
    assert r.status_code == 401 and decisions(store) == []


def test_export_links_carry_the_filters(client: TestClient) -> None:
    from warlog import export

    data = client.get("/export.json?type=ASSAULT&place=Kut").json()
    assert {f["name"] for f in data["formats"]} == set(export.FORMATS)
    for f in data["formats"]:
        assert f["href"].startswith(f"/export/{f['name']}?") and "place=Kut" in f["href"]
        r = client.get(f["href"])
        assert r.status_code == 200 and r.content, f["name"]


def test_other_host_names_are_refused_against_dns_rebinding(store: Store, events: list[Event]) -> None:
    app = create_app(store, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/events.json").status_code == 200
    with TestClient(app, base_url="http://rebound.example:8000") as c:
        assert c.get("/events.json").status_code == 400


def test_user_and_review_commands(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from warlog.cli import cli
    from warlog.store import open_store
    from warlog.users import authenticate

    db = str(tmp_path / "w.db")
    with open_store(db) as s:
        (first, *_) = build(s)
    run = CliRunner().invoke
    assert run(cli, ["user", "add", "ben", "--password-stdin", "--db", db], input="long enough pw\n").exit_code == 0
    again = run(cli, ["user", "add", "ben", "--password-stdin", "--db", db], input="long enough pw\n")
    assert again.exit_code == 2 and "exists already" in again.output
    assert run(cli, ["user", "add", "cy", "--password-stdin", "--db", db], input="short\n").exit_code == 2
    listed = run(cli, ["user", "list", "--format", "json", "--db", db])
    assert '"ben"' in listed.output and "hash" not in listed.output
    with open_store(db) as s:
        assert authenticate(s, "ben", "long enough pw") is not None
    assert run(cli, ["user", "disable", "ben", "--db", db]).exit_code == 0
    with open_store(db) as s:
        assert authenticate(s, "ben", "long enough pw") is None
    env = {"WARLOG_USER": "ben"}
    assert run(cli, ["review", "edit", first.event_id, "date", "2008-06-04", "--db", db], env=env).exit_code == 0
    assert run(cli, ["review", "confirm", first.event_id, "--db", db], env=env).exit_code == 0
    bad = run(cli, ["review", "edit", first.event_id, "date", "next week", "--db", db], env=env)
    assert bad.exit_code == 2 and "EDTF" in bad.output
    history = run(cli, ["review", "history", first.event_id, "--format", "json", "--db", db])
    assert '"kind": "edit"' in history.output and '"author": "ben"' in history.output
    queue = run(cli, ["review", "queue", "--format", "json", "--db", db])
    assert first.event_id not in queue.output and queue.exit_code == 0
