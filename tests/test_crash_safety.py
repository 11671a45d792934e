"""Crash safety (issue 16): an ingest killed with SIGKILL leaves a sound database of whole documents,
and a rerun ends with the store a clean run gives; the worker processes of a killed ingest end with it.
Real `warlog ingest` processes (`warlog.eval.crash`), so these take a few seconds each."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from warlog.eval.crash import alive, children, ingest_command, trial, write_corpus
from warlog.eval.digest import store_digest
from warlog.store import open_store

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads child processes from /proc")]


def test_a_killed_ingest_leaves_whole_documents_and_a_rerun_gives_the_clean_store(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 40, seed=3)
    clean = tmp_path / "clean.db"
    subprocess.run(ingest_command(clean, corpus, 1), check=True, capture_output=True)
    killed = tmp_path / "killed.db"
    result = trial(killed, corpus, 1, target=15, limit_s=120)
    assert 0 < result["stored_at_kill"] < 40  # killed in the middle of the run
    assert result["integrity"] and result["incomplete"] == 0
    with open_store(str(clean)) as a, open_store(str(killed)) as b:
        assert store_digest(b) == store_digest(a)  # no duplicate, nothing missing, nothing different


def test_workers_end_with_a_killed_ingest(tmp_path: Path) -> None:
    """Workers busy with long reports when their parent is killed end within a second (they used to
    finish their chunk and wait on, orphaned)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    def para(k: int) -> str:  # distinct paragraphs: a repeated one is read once
        return " ".join(f"Gunmen attacked a police checkpoint in Ghazni province on Tuesday, killing {k + j} officers "
                        "and wounding three others, a provincial spokesman said." for j in range(12))
    for i in range(16):
        (corpus / f"{i:02d}.txt").write_text(f"Report {i}\n\n" + "\n\n".join(para(100 * i + k) for k in range(25)))
    proc = subprocess.Popen(ingest_command(tmp_path / "w.db", corpus, 2), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        started = time.monotonic()
        while len(children(proc.pid)) < 2 and time.monotonic() - started < 60:
            time.sleep(0.1)
        time.sleep(3)  # the workers are parsing
        workers = children(proc.pid)
        assert len(workers) == 2
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    time.sleep(1.0)
    assert not [w for w in workers if alive(w)]


def test_the_crash_script_reports_its_figures(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "warlog.eval.crash", "--docs", "12", "--kills", "1",
                          "--keep", str(tmp_path)], check=True, capture_output=True, text=True).stdout
    assert '"kills": 1' in out and '"integrity_ok": 1' in out and '"duplicates": 0' in out
