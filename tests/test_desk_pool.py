"""The desk serves several analysts at once (issue 18): its pages run in worker threads, each request
with a store of its own from the app's pool (`warlog.store.pool.StorePool`, `web.stores`), so a page
held up in the database does not hold up the others. The proof needs PostgreSQL (a table locked by
another connection holds one page's query; skips without a server)."""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from pathlib import Path

import httpx
import psycopg
import pytest

from warlog.errors import ConfigError
from warlog.store import open_store
from warlog.store.pool import StorePool
from warlog.web.app import create_app

from .postgres_server import drop_schema, schema_url
from .test_review import build

BASE = "http://testserver"


def test_pool_lends_each_borrower_its_own_store_and_waits_beyond_its_size(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "w.db")) as store:
        pool = StorePool(store.reopen, 2)
        a, b = pool.take(), pool.take()
        assert a is not b and store not in (a, b) and pool.opened == 2
        with pytest.raises(queue.Empty):  # all lent: a third borrower waits (here: gives up)
            pool.take(timeout_s=0.05)
        pool.give(a)
        again = pool.take()
        assert again is a and again.stats().schema_version == store.stats().schema_version
        pool.give(again)
        pool.close()  # the app stopped; started again, it opens new stores
        assert pool.opened == 0 and pool.take() not in (a, b) and pool.opened == 1
        pool.close()
    with open_store(":memory:") as memory, pytest.raises(ConfigError, match="in-memory"):
        memory.reopen()


def test_a_page_held_up_in_the_database_does_not_hold_up_the_others(postgres_url: str) -> None:
    url = schema_url(postgres_url)
    try:
        with open_store(url) as store:
            build(store)
            app = create_app(store, secret="s")
            blocker = psycopg.connect(url, autocommit=True)
            blocker.execute("BEGIN")
            blocker.execute("LOCK TABLE event_clusters IN ACCESS EXCLUSIVE MODE")  # what /events reads
            release = threading.Timer(30, blocker.rollback)  # a desk that serialises pages waits this long
            release.start()
            watcher = psycopg.connect(url, autocommit=True)

            def waiting_on_the_lock() -> bool:
                return bool(watcher.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = "
                    "current_database() AND query ILIKE '%%event_clusters%%'").fetchone()[0])

            async def scenario() -> tuple[bool, int, int]:
                async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as c:
                    held = asyncio.create_task(c.get("/events.json"))
                    deadline = time.monotonic() + 10
                    while not waiting_on_the_lock() and time.monotonic() < deadline:
                        await asyncio.sleep(0.05)
                    other = await c.get("/documents.json")
                    still_held = not held.done()
                    blocker.rollback()
                    return still_held, other.status_code, (await held).status_code

            try:
                still_held, other, held = asyncio.run(scenario())
            finally:
                release.cancel()
                blocker.close()
                watcher.close()
            assert (other, held) == (200, 200)
            assert still_held, "the documents page waited for the events page's query"
            assert app.state.pool.opened == 2  # one store (connection) for each page at once
            app.state.pool.close()
    finally:
        drop_schema(url)
