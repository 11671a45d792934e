"""Stores for several threads at once: `StorePool` lends each borrower a store of its own (its own
connection to the same database, made by `Store.reopen`), up to `size` of them, and takes it back.

The desk runs its pages in worker threads with a borrowed store, so that several analysts' pages are
read at once (on PostgreSQL, and on a SQLite file in WAL mode, whose readers do not wait for each
other); a borrower beyond `size` waits for a store to come back. Connections are opened when first
needed and kept until `close` (the app's shutdown).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from .base import Store


class StorePool:
    def __init__(self, open_one: Callable[[], Store], size: int) -> None:
        if size < 1:
            raise ValueError("a store pool holds at least one store")
        self.open_one = open_one
        self.size = size
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue()
        self._opened: list[Store] = []
        self._lock = threading.Lock()

    @property
    def opened(self) -> int:
        """How many stores (connections) the pool has opened so far."""
        return len(self._opened)

    def take(self, timeout_s: float | None = None) -> Store:
        """A store for the caller alone until it is given back (`give`); waits while all are lent
        (queue.Empty after `timeout_s`)."""
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            new = len(self._opened) < self.size
            if new:
                store = self.open_one()
                self._opened.append(store)
        if new:
            return store
        return self._idle.get(timeout=timeout_s)

    def give(self, store: Store) -> None:
        self._idle.put(store)

    def close(self) -> None:
        """Close every store the pool opened (those lent too: call it when no borrower is left); a
        later `take` opens new ones (an app started again after it stopped)."""
        with self._lock:
            while not self._idle.empty():
                self._idle.get_nowait()
            for store in self._opened:
                store.close()
            self._opened.clear()
