"""The web interface in a real browser: headless Debian Chromium driven by Playwright against a real
`warlog serve` over the seed page. Logs in, opens every page (screenshots into $WARLOG_SCREENSHOTS,
e.g. docs/screenshots, else a temporary folder), confirms an event with the review queue's `c` key,
opens a canonical event (the seed page and a repost of it) from the events list and sees its sources,
edits another event's date, merges two actors, reloads, and finds the changes kept (in the pages and
in the database after the server stopped).

Needs /usr/bin/chromium (`apt-get install chromium`) and the `playwright` package (no browser
download: Playwright drives the Debian build)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from warlog.run import IngestOptions, ingest
from warlog.store import open_store
from warlog.users import add_user

from .conftest import REPO, shared_path

pytestmark = pytest.mark.integration

CHROMIUM = Path(os.environ.get("WARLOG_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
PASSWORD = "seed-review-pass"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_desk(db: Path, wait_s: float = 20.0) -> Iterator[str]:
    """`warlog serve` over `db` on a free port, as a user starts it; its base URL once it answers."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "warlog", "serve", "--db", str(db), "--port", str(port)],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                _get_json(base + "/openapi.json")
                break
            except OSError:
                if proc.poll() is not None:
                    err = proc.stderr.read().decode() if proc.stderr else ""
                    raise RuntimeError(f"warlog serve stopped: {err}") from None
                if time.monotonic() > deadline:
                    raise RuntimeError(f"warlog serve did not answer in {wait_s:.0f} s") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium (scripts/test.sh does it as root)")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (dev extra)")
    seed = shared_path("seed", "000_1883449a268877a5.txt")
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "warlog.db"
    mirror = folder / "mirror.txt"  # the seed page reposted, one phrase changed: each event gets 2 sources
    mirror.write_text(seed.read_text("utf-8").replace("Meanwhile, US troops captured",
                                                      "Meanwhile, American troops captured", 1), "utf-8")
    with open_store(str(db)) as store:
        ingest([str(seed)], store)
        ingest([str(mirror)], store, options=IngestOptions(url="https://mirror.example/seed"))
        add_user(store, "ana", PASSWORD)
    with running_desk(db) as base:
        yield base, db


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = os.environ.get("WARLOG_SCREENSHOTS")
    path = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_review_in_a_real_browser(server: tuple[str, Path], shots: Path) -> None:
    from playwright.sync_api import sync_playwright

    base, db = server
    doc_id = _get_json(base + "/documents.json")["documents"][0]["doc_id"]
    events = _get_json(base + "/events.json")["events"]
    groups = [a for a in _get_json(base + "/actors.json")["actors"] if a["kind"] == "armed_group"]
    assert len(events) >= 5 and len(groups) >= 2
    keep, gone = groups[0]["actor_id"], groups[1]["actor_id"]

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
        page.goto(base + "/login?next=/review")
        page.fill("input[name=name]", "ana")
        page.fill("input[name=password]", PASSWORD)
        page.click("form.login button[type=submit]")
        page.wait_for_url(base + "/review")
        assert "ana" in page.inner_text("header .who")

        # confirm the first event of the review queue with its key
        confirmed = page.get_attribute("#current", "data-event")
        assert confirmed
        page.screenshot(path=str(shots / "review.png"), full_page=True)
        page.keyboard.press("c")
        page.wait_for_load_state("load")
        page.wait_for_function(f"document.querySelector('#current') === null || "
                               f"document.querySelector('#current').dataset.event !== '{confirmed}'")

        # open a canonical event from the events list: its sources, the reports merged into it
        page.goto(base + "/events")
        first = page.get_attribute("table.events tbody tr td:nth-child(2) a", "href")
        assert first and first.startswith("/events/c")
        page.click("table.events tbody tr td:nth-child(2) a")
        page.wait_for_url(base + first)
        assert page.locator("table.sources tbody tr").count() == 2
        assert "mirror.example/seed" in page.inner_text("table.sources")
        assert page.locator("table.members tbody tr").count() == 2 and "repost" in page.inner_text("table.members")
        page.screenshot(path=str(shots / "canonical.png"), full_page=True)

        # edit the date of another event (one report) through its form
        reports = [m["event_id"] for e in events for m in e["members"]]
        edited = next(r for r in reports if r != confirmed)
        page.goto(f"{base}/events/{edited}")
        page.fill("form.edit-form input[name=date]", "2007-02-14")
        page.fill("form.edit-form input[name=note]", "browser test")
        page.click("form.edit-form button[type=submit]")
        page.wait_for_url(f"{base}/events/{edited}")

        # merge two actors from the actor page
        page.goto(f"{base}/actors/{keep}")
        page.fill("section.actions input[name=subject]", gone)
        page.click("section.actions form[action='/actors/merge'] button[type=submit]")
        page.wait_for_url(f"{base}/actors/{keep}")

        # every page, reloaded: the changes are kept
        pages = {"events": "/events", "event": f"/events/{edited}", "document": f"/documents/{doc_id}",
                 "actor": f"/actors/{keep}", "actors": "/actors", "review": "/review", "map": "/map",
                 "timeline": "/timeline", "network": f"/network?actor={keep}", "export": "/export"}
        for name, path in pages.items():
            response = page.goto(base + path)
            assert response is not None and response.status == 200, path
            page.reload()
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(shots / f"{name}.png"), full_page=name not in ("map", "network"))
        page.goto(f"{base}/events/{edited}")
        assert "2007-02-14" in page.inner_text("table.fields") and "edited" in page.inner_text("h1")
        assert "browser test" in page.inner_text("table.history")
        page.goto(f"{base}/events/{confirmed}")
        assert "confirmed" in page.inner_text("h1 .badge")
        page.goto(f"{base}/actors/{keep}")
        assert gone in page.inner_text("main")  # "merged into it"
        page.goto(f"{base}/documents/{doc_id}")
        assert page.locator(".apart .seg.excluded.comment").count() >= 1
        assert page.locator(".read a.mark.trigger").count() >= 5
        browser.close()
    assert errors == [], errors

    with open_store(str(db)) as store:
        assert [(d.kind, d.author) for d in store.event_decisions(confirmed)] == [("confirm", "ana")]
        (edit,) = store.event_decisions(edited)
        assert (edit.field, edit.value) == ("date", "2007-02-14")
        assert store.actor_members(keep) == {keep, gone}
    assert {p.name for p in shots.glob("*.png")} >= {f"{n}.png" for n in pages}
