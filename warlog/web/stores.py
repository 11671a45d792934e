"""Which store a request reads, so that several analysts' pages are read at once.

The pages (GET routes) are plain functions, which the server runs in worker threads; each request
borrows a store of its own from the app's `StorePool` (its own connection: PostgreSQL serves them
side by side, and a SQLite file in WAL mode lets readers go on together), given back when the
request ends. Writes (POST routes, `async`) and the login sessions stay on the event loop with the
app's own store. An in-memory store cannot be opened again: its app has no pool, and every request
uses the one store.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from fastapi import Request

from ..errors import ConfigError
from ..store import Store
from ..store.pool import StorePool
from .security import current_user

#: Stores (connections) one desk process opens at most for its pages.
POOL_SIZE = 8


def make_pool(store: Store, size: int = POOL_SIZE) -> StorePool | None:
    """A pool of stores over `store`'s database, its first store open; None where it cannot be opened
    again."""
    pool = StorePool(store.reopen, size)
    try:
        pool.give(pool.take())
    except ConfigError:
        return None
    return pool


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def store_of(request: Request) -> Store:
    """The store this request reads: on the event loop the app's, in a page's worker thread one
    borrowed for the request (given back by `desk_request` when it ends)."""
    pool: StorePool | None = request.app.state.pool
    if pool is None or _on_event_loop():
        store: Store = request.app.state.store
        return store
    lent: Store | None = getattr(request.state, "lent", None)
    if lent is None:
        lent = pool.take()
        request.state.lent = lent
    return lent


async def desk_request(request: Request) -> AsyncIterator[None]:
    """Every desk route's dependency: the logged-in user looked up on the event loop (the login
    session is in the app's store, and may be touched), and the store the request borrowed given back
    when it ends."""
    current_user(request)
    try:
        yield
    finally:
        lent: Store | None = getattr(request.state, "lent", None)
        if lent is not None:
            request.state.lent = None
            request.app.state.pool.give(lent)
