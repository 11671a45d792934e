"""Concurrent use of one database (issue 16): two processes opening a new database at once, two
ingests of one corpus at once, a desk reading meanwhile and two analysts deciding at the same moment
(`warlog.eval.concurrency`). Real `warlog ingest` processes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from warlog.eval.concurrency import measure
from warlog.store import open_store

pytestmark = pytest.mark.integration


def test_two_stores_open_a_new_database_at_once(tmp_path: Path) -> None:
    """The second to migrate finds the first's migrations done (it used to fail: "table already exists")."""
    for k in range(20):
        path = str(tmp_path / f"new{k}.db")
        start = threading.Barrier(2)
        errors: list[BaseException] = []

        def open_it(path: str = path, start: threading.Barrier = start, errors: list[BaseException] = errors) -> None:
            start.wait()
            try:
                open_store(path).close()
            except BaseException as exc:  # collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors


def test_two_ingests_of_one_corpus_at_once(tmp_path: Path) -> None:
    got = measure(tmp_path, docs=20, processes=1)
    assert got["exit_codes"] == [0, 0] and got["locked_errors"] == 0
    assert got["duplicates"] == 0 and got["integrity"]
    assert got["reads"] > 0 and got["read_ms_max"] < 2000  # the README gives the measured figures
    assert got["review_decisions_kept"] == 2
