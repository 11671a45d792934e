"""What a document yields depends only on the knowledge base and what is already stored (issue 16):
a corpus ingested in one run, in two runs, and with two worker processes gives identical stores —
documents, events with their participants, places and dates, actor mentions, relations and the
canonical events. Twelve reports of several wars (tests/fixtures/audit); real model."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from warlog.eval.digest import store_digest
from warlog.run import ingest
from warlog.settings import Settings
from warlog.store import Store

pytestmark = pytest.mark.integration

CORPUS = sorted((Path(__file__).parent / "fixtures" / "audit").glob("*.txt"))


def run(new_store: Callable[..., Store], folders: list[Path], processes: int = 1) -> dict[str, Any]:
    with new_store() as store:
        for folder in folders:
            ingest([str(folder)], store, settings=Settings(processes=processes, batch_size=4))
        return store_digest(store)


def copies(tmp_path: Path, parts: list[list[Path]]) -> list[Path]:
    """The corpus files copied into one folder per part, names kept (a file's path is its origin)."""
    out = []
    for k, files in enumerate(parts):
        folder = tmp_path / f"part{k}"
        folder.mkdir(parents=True)
        for f in files:
            shutil.copy(f, folder / f.name)
        out.append(folder)
    return out


def test_one_run_two_runs_and_two_processes_give_identical_stores(
        tmp_path: Path, new_store: Callable[..., Store]) -> None:
    assert len(CORPUS) >= 10
    whole = copies(tmp_path / "whole", [CORPUS])
    halves = copies(tmp_path / "halves", [CORPUS[:6], CORPUS[6:]])
    once = run(new_store, whole)
    assert once["events"] and any(once["mentions"].values()) and once["relations"]
    assert run(new_store, halves) == once  # a process that read other documents before yields the same
    assert run(new_store, whole, processes=2) == once
