"""The desk's API fuzzed from its own OpenAPI schema (issue 16): Schemathesis loads `/openapi.json` from
the ASGI app (`create_app` over a small in-memory store filled through the real ingest pipeline, with
one analyst) and Hypothesis sends generated requests to every operation and method, anonymous, and
for the POST routes logged in too (session cookie and CSRF token). The one check is Schemathesis'
`not_a_server_error`: whatever a client sends, the desk answers 2xx, 3xx or a 4xx that says what is
wrong, never a 5xx. The conformance checks are left out: the schema declares only a JSON 200 (and
422) per operation, and the desk rightly answers HTML pages, 303 redirects and 400/401/403/404 with
a message, which `status_code_conformance`, `content_type_conformance` and
`response_schema_conformance` would all call failures.

The routes read most of their inputs themselves (`request.query_params`, `request.form()`), so the
schema FastAPI makes names only the path parameters and a few query parameters. `augment` adds the
rest as the routes read them (the events filters, paging, `q`, `kind`, `at`, and the write forms'
fields), and `plant` puts real values (the store's ids, the filters' words) in place of generated
ones half the time, so that requests reach the code behind a found event, document, actor or
decision, and not only its 404. In CI the examples are few and derandomized (the same each run);
`test_hard_values_in_every_parameter` adds values Hypothesis seldom draws (NUL, control characters,
full-text query syntax, huge numbers), one parameter at a time.

scripts/desk_fuzz.py runs the same for longer, with fresh examples and figures."""

from __future__ import annotations

import json
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from warlog import review
from warlog.decisions import STATUSES
from warlog.query import CODEBOOKS, EventQuery
from warlog.run import ingest
from warlog.store import Store, open_store
from warlog.users import add_user
from warlog.web.app import SESSION_COOKIE, create_app

from .conftest import FIXTURES

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (dev extra)")
from schemathesis.checks import not_a_server_error  # noqa: E402

with warnings.catch_warnings():  # Starlette 1.x suggests httpx2 for its test client; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.integration

PASSWORD = "fuzz-review-pass"
#: examples per operation in CI (scripts/desk_fuzz.py runs more)
EXAMPLES = 20
REPORTS = [
    {"url": "https://news.example/kut", "title": "Gunmen kill five policemen in Kut",
     "text": "Gunmen kill five policemen in Kut\n\nGunmen of the Mahdi Army killed five policemen in Kut on "
             "5 June 2008, police said.\n\nThe Zarqa Brigades abducted two engineers near Basra on 7 June 2008."},
    {"url": "https://wire.example/mosul", "title": "Soldiers killed in Mosul", "source": "Wire",
     "text": "Soldiers killed in Mosul\n\nInsurgents killed three soldiers in Mosul on 6 June 2008, officials "
             "said.\n\nAbu Karim al-Tamimi claimed the attack for the Zarqa Brigades."},
]


@dataclass
class Desk:
    """The app under test, its store's ids, and a logged-in analyst's session."""

    app: Any
    store: Store
    ids: dict[str, list[Any]]
    cookie: str = ""
    csrf: str = ""
    statuses: dict[str, Counter[int]] = field(default_factory=dict)


def fill_store(store: Store, folder: Path) -> dict[str, list[Any]]:
    """Ingest an HTML page with comments and two text reports, add the analyst, record a confirm and
    an actor decision (so that undo has something to undo); the ids the schema offers."""
    source = folder / "reports.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in REPORTS), "utf-8")
    outcomes = ingest([str(FIXTURES / "article_with_comments.html"), str(source)], store).outcomes
    assert all(o.status.value == "added" for o in outcomes), [o.message for o in outcomes]
    add_user(store, "ana", PASSWORD)
    events = store.events(EventQuery(review=("all",)))
    clusters = store.event_clusters(EventQuery(review=("all",)))
    actors = [a.actor_id for a in store.actors(limit=50)]
    assert len(events) >= 3 and len(actors) >= 2
    decisions = [review.confirm(store, events[0].event_id, author="ana", note="fuzz"),
                 store.decide("split", actors[0], actors[1], author="ana", note="fuzz")]
    return {"event": [e.event_id for e in events] + [c.cluster_id for c in clusters],
            "doc": [str(o.doc_id) for o in outcomes], "actor": actors, "decision": sorted(set(decisions)),
            "node": [*actors, "name:Zarqa Brigades"]}


def make_desk(folder: Path) -> Desk:
    """A filled in-memory store, the app over it, and a session of the analyst logged in through
    the login form (JSON answer: the CSRF token)."""
    store = open_store(":memory:")
    ids = fill_store(store, folder)
    app = create_app(store, secret="fuzz-secret")
    desk = Desk(app=app, store=store, ids=ids)
    with TestClient(app, base_url="http://testserver") as client:
        r = client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf_token": _token(client)},
                        headers={"accept": "application/json"})
        assert r.status_code == 200, r.text
        desk.csrf = r.json()["csrf_token"]
        desk.cookie = str(client.cookies.get(SESSION_COOKIE))
    return desk


def _token(client: TestClient) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert m, "no CSRF token on the login page"
    return m.group(1)


# -- the schema, completed ------------------------------------------------------------------------

STRING: dict[str, Any] = {"type": "string"}
STRINGS: dict[str, Any] = {"type": "array", "items": STRING}


def good_values(ids: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Values that mean something to the desk, by parameter or field name: the store's ids, the
    accepted words of each filter. `plant` puts them in place of generated values half the time
    (an `enum` in the schema would not do: Hypothesis folds "one of these strings, or any string"
    into "any string" and never picks them)."""
    from warlog.export import FORMATS
    from warlog.review import CERTAINTIES, EDITABLE
    from warlog.vocab import types

    return {"event_id": ids["event"], "other": ids["event"], "doc_id": ids["doc"], "doc": ids["doc"],
            "actor_id": ids["actor"], "actor": ids["actor"], "subject": ids["actor"], "object": ids["actor"],
            "node_id": ids["node"], "a": ids["node"], "b": ids["node"], "decision_id": ids["decision"],
            "fmt": list(FORMATS), "type": list(types()), "certainty": list(CERTAINTIES),
            "review": [*STATUSES, "all"], "codebook": list(CODEBOOKS), "since": ["2008-06-05"],
            "until": ["2008-06-07"], "place": ["Kut", "IRQ"], "q": ["killed", "Zarqa"], "page": ["1", "2"],
            "at": ["0", "1"], "unreal": ["1"], "kind": ["armed_group", "person"], "field": list(EDITABLE),
            "value": ["2008-06-04", "3", "Kut", "ASSAULT", "Mahdi Army", "true"], "date": ["2008-06-04"],
            "killed": ["2"], "next": ["/events", "//evil.example/"]}


def query_parameters() -> dict[str, dict[str, dict[str, Any]]]:
    """The query parameters each GET route reads from `request.query_params` (not in its schema)."""
    filters = {name: STRING for name in ("since", "until", "place", "actor", "q", "unreal", "doc")}
    filters |= {name: STRINGS for name in ("type", "certainty", "review")}
    paged = {**filters, "page": STRING, "codebook": STRING}
    return {"/events": paged, "/export": filters, "/map": filters, "/timeline": filters, "/export/{fmt}": filters,
            "/documents": {"q": STRING, "page": STRING}, "/actors": {"q": STRING, "kind": STRING},
            "/review": {"at": STRING, "unreal": STRING}}


def form_fields() -> dict[str, dict[str, dict[str, Any]]]:
    """The form fields each POST route reads from `request.form()` (not in its schema)."""
    common = {"note": STRING, "next": STRING}
    edit = {k: STRING for k in ("field", "value", "type", "date", "killed", "fatalities", "actors", "certainty",
                                "historical", "location_name", "location_lat", "location_lon", "location_precision")}
    pair = {"subject": STRING, "object": STRING}
    return {"/events/{event_id}/confirm": common, "/events/{event_id}/reject": common,
            "/events/{event_id}/edit": {**common, **edit},
            "/events/{event_id}/merge": {**common, "other": STRING},
            "/events/{event_id}/split": {**common, "other": STRING},
            "/actors/merge": {**common, **pair}, "/actors/split": {**common, **pair},
            "/decisions/{decision_id}/undo": common, "/actors/decisions/{decision_id}/undo": common}


def augment(raw: dict[str, Any]) -> None:
    """Complete the schema in place with the routes' own query parameters and form bodies."""
    paths = raw["paths"]
    for path, params in query_parameters().items():
        paths[path]["get"].setdefault("parameters", []).extend(
            {"name": name, "in": "query", "required": False, "schema": schema, "style": "form", "explode": True}
            for name, schema in params.items())
    for path, fields in form_fields().items():
        paths[path]["post"]["requestBody"] = {"content": {"application/x-www-form-urlencoded": {
            "schema": {"type": "object", "properties": fields, "additionalProperties": False}}}}


def plant(case: Any, good: dict[str, list[Any]], data: st.DataObject) -> None:
    """Replace, each with even odds, the generated path parameters, query parameters and form fields
    that have good values by one of those (a list of them for a list)."""
    for values in (case.path_parameters, case.query, case.body):
        if not isinstance(values, dict):
            continue
        for name, value in list(values.items()):
            if name in good and data.draw(st.booleans(), label=f"plant {name}"):
                pick = st.sampled_from(good[name])
                values[name] = data.draw(st.lists(pick, min_size=1, max_size=3) if isinstance(value, list) else pick)


def load_schema(desk: Desk) -> Any:
    """The schema as the app serves it (Schemathesis' ASGI loader), completed by `augment`."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", desk.app)
    augment(schema.raw_schema)
    return schema


def operations(schema: Any, method: str | None = None) -> list[Any]:
    """The schema's operations (Schemathesis' APIOperation), all or one method's."""
    found = [r.ok() for r in schema.get_all_operations()]
    return [op for op in found if method is None or op.method.upper() == method]


# -- running it -----------------------------------------------------------------------------------

def fuzz_operation(desk: Desk, operation: Any, *, examples: int, logged_in: bool, derandomize: bool = True,
                   check: bool = True, seed: int | None = None,
                   seen: Callable[[Any, Any], None] | None = None) -> None:
    """Send `examples` generated requests to one operation, anonymous or as the logged-in analyst,
    counting the answers' status codes in `desk.statuses` and passing each (case, response) to
    `seen` (the response is the exception when the app raised one: Schemathesis' ASGI client
    re-raises what the app left unhandled, which a server answers with 500). With `check`, the first
    5xx fails (shrunk by Hypothesis, with the request to reproduce it); without, the run goes on (a
    survey: `seen` keeps what it wants)."""
    cookies = {SESSION_COOKIE: desk.cookie} if logged_in else None
    headers = {"X-CSRF-Token": desk.csrf} if logged_in else None
    counts = desk.statuses.setdefault(f"{'user' if logged_in else 'anon'} {operation.label}", Counter())
    good = good_values(desk.ids)

    @settings(max_examples=examples, deadline=None, derandomize=derandomize, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
    @given(case=operation.as_strategy(), data=st.data())
    def run(case: Any, data: st.DataObject) -> None:
        plant(case, good, data)
        try:
            response = case.call(headers=headers, cookies=cookies)
        except Exception as exc:
            counts[500] += 1
            if seen is not None:
                seen(case, exc)
            if check:
                raise
            return
        counts[response.status_code] += 1
        if seen is not None:
            seen(case, response)
        if check:
            case.validate_response(response, checks=[not_a_server_error], headers=headers)

    (run if seed is None else hypothesis_seed(seed)(run))()


#: Values Hypothesis seldom draws: NUL and other control characters, full-text query syntax, a long
#: string, numbers beyond 64 bits, direction marks, an emoji, LIKE wildcards.
HARD = ["\x00", "a\x00b", "\x01\x1f\x7f", '"*(NEAR a:', "x" * 10_000, "9" * 40, "-1", "\u202e\ufeff", "\U0001f600",
        "%_\\"]


def hard_cases(desk: Desk, operation: Any) -> Iterator[tuple[str, Any]]:
    """Each HARD value in each of the operation's path parameters, query parameters and form fields in
    turn (the others real or absent): (what was sent, the case)."""
    good = good_values(desk.ids)
    path = {p.name: good[p.name][0] for p in operation.path_parameters}
    for name in path:
        for value in HARD:
            yield f"path {name}={value[:40]!r}", operation.Case(path_parameters={**path, name: value})
    for p in operation.query:
        for value in HARD:
            sent = [value] if p.definition["schema"].get("type") == "array" else value
            yield f"?{p.name}={value[:40]!r}", operation.Case(path_parameters=path, query={p.name: sent})
    for name in form_fields().get(operation.path, {}) if operation.method.upper() == "POST" else {}:
        for value in HARD:
            yield f"form {name}={value[:40]!r}", operation.Case(
                path_parameters=path, body={name: value}, media_type="application/x-www-form-urlencoded")


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    d = make_desk(tmp_path_factory.mktemp("fuzz"))
    yield d
    d.store.close()


@pytest.fixture(scope="module")
def schema(desk: Desk) -> Any:
    return load_schema(desk)


def _fuzz_all(desk: Desk, ops: list[Any], *, logged_in: bool) -> list[str]:
    """Fuzz every operation of `ops` (CI's budget, derandomized); each one's failure, all listed."""
    failures = []
    for op in ops:
        try:
            fuzz_operation(desk, op, examples=EXAMPLES, logged_in=logged_in, derandomize=True)
        except Exception as exc:  # every operation is tried; all 5xx are listed at the end
            failures.append(f"{op.label}: {exc}")
    return failures


def test_the_schema_covers_every_route(desk: Desk, schema: Any) -> None:
    """Every route but the `.json` twins, login/logout, the docs and static files is in the schema,
    and every operation `augment` completes exists (a renamed route fails here, not silently)."""
    from fastapi.routing import APIRoute

    from warlog.web import auth, export_route, pages, review_pages, viz

    routes = {(m, r.path_format) for module in (auth, pages, review_pages, export_route, viz)
              for r in module.router.routes if isinstance(r, APIRoute) and r.include_in_schema for m in r.methods}
    labels = {(op.method.upper(), op.path) for op in operations(schema)}
    assert routes == labels
    assert len(labels) >= 24


def test_no_server_error_anonymous(desk: Desk, schema: Any) -> None:
    """Every operation without a login: no 5xx; every write refused (401, or 422 for a decision id
    that is no integer), and the real ids planted found while generated ones are not."""
    failures = _fuzz_all(desk, operations(schema), logged_in=False)
    assert not failures, "\n\n".join(failures)
    writes = [k for k in desk.statuses if k.startswith("anon POST")]
    assert writes and all(set(desk.statuses[k]) <= {401, 422} for k in writes), \
        {k: desk.statuses[k] for k in writes}  # no write without a login, whatever is sent
    found = desk.statuses["anon GET /events/{event_id}"]
    assert found[200] and found[404], found  # real ids were found, generated ones not


def test_no_server_error_logged_in(desk: Desk, schema: Any) -> None:
    """Every write as the logged-in analyst (cookie and CSRF token): no 5xx, and some writes done."""
    failures = _fuzz_all(desk, operations(schema, "POST"), logged_in=True)
    assert not failures, "\n\n".join(failures)
    answered = Counter[int]()
    for key, counts in desk.statuses.items():
        if key.startswith("user "):
            answered.update(counts)
    assert any(200 <= s < 400 for s in answered), answered  # the writes got through, not only refusals


def test_hard_values_in_every_parameter(desk: Desk, schema: Any) -> None:
    """The values of HARD, one parameter at a time, anonymous for GET and logged in for POST: no 5xx.
    (A NUL in /documents?q= was one: SQLite's FTS5 parser cannot read it.)"""
    cookies, headers = {SESSION_COOKIE: desk.cookie}, {"X-CSRF-Token": desk.csrf}
    failures, sent = [], 0
    for op in operations(schema):
        post = op.method.upper() == "POST"
        for what, case in hard_cases(desk, op):
            sent += 1
            try:
                status = case.call(headers=headers if post else None, cookies=cookies if post else None).status_code
            except Exception as exc:  # raised in the app: a 500
                status, what = 500, f"{what}: {type(exc).__name__}: {exc}"
            if status >= 500:
                failures.append(f"{op.label} {what}")
    assert not failures, "\n".join(failures)
    assert sent > 500
