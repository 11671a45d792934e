"""Distributed ingest on Dask (issue 18, `warlog ingest --dask`): the same store as one process, a worker
killed mid-run or a client killed mid-run and a rerun leave no document lost or duplicated, and a
document that cannot be used is a stored rejection while the run goes on. Real Dask clusters of worker
processes on this machine, the real model; about twenty seconds in all."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from warlog.eval.crash import write_corpus
from warlog.eval.digest import store_digest
from warlog.model import IngestReport, IngestStatus
from warlog.run import ingest
from warlog.run.distributed import ingest_distributed, units_of
from warlog.settings import Settings
from warlog.store import open_store

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.integration

REPORTS = {
    "a/01_kabul.txt": "Gunmen kill six police officers in Kabul\n\nGunmen killed six police officers in Kabul on "
                      "Monday, the interior ministry said. Two other officers were wounded in the attack.",
    "a/02_kabul_wire.txt": "Police officers killed in Afghan capital\n\nSix police officers were killed when gunmen "
                           "opened fire on a checkpoint in Kabul on Monday, officials said.",
    "a/03_mogadishu.txt": "Car bomb in Mogadishu\n\nA car bomb exploded near a hotel in Mogadishu on Saturday, "
                          "killing at least nine people. Al-Shabaab claimed responsibility for the attack.",
    "b/04_maiduguri.txt": "Boko Haram raid near Maiduguri\n\nBoko Haram fighters attacked a village near Maiduguri "
                          "on Friday and abducted 23 women, residents said.",
    "b/05_goma.txt": "Clashes near Goma\n\nM23 rebels clashed with the Congolese army near Goma on Tuesday. Fighting "
                     "forced thousands of civilians to flee.",
    "b/06_kharkiv.txt": "Missile strike on Kharkiv\n\nRussian forces shelled Kharkiv on Thursday, killing three "
                        "civilians and damaging a school, the regional governor said.",
    "b/07_aleppo.txt": "Airstrikes in Aleppo province\n\nSyrian government aircraft bombed villages in Aleppo province "
                       "on Wednesday, killing 11 people, a monitoring group said.",
    "c/08_sanaa.txt": "Protest in Sanaa\n\nThousands of people protested in Sanaa on Friday against the blockade. "
                      "Police arrested 14 demonstrators.",
    "c/09_bamako.txt": "Soldiers killed in central Mali\n\nJihadists ambushed an army convoy near Mopti on Sunday, "
                       "killing 12 soldiers, the army said. Soldiers later arrested five suspects near Bamako.",
    "c/10_juba.txt": "Clashes in South Sudan\n\nFighting between rival militias near Juba killed 17 people on "
                     "Tuesday, the United Nations mission said.",
}


def write_reports(folder: Path) -> None:
    for name, text in REPORTS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "b" / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (folder / "c" / "broken.bin").write_bytes(b"\x00\x01\x02garbage" * 100)
    (folder / "c" / ".hidden.txt").write_text("Hidden\n\nA hidden file is not read.")


def single(sources: list[str], db: Path) -> IngestReport:
    with open_store(str(db)) as store:
        return ingest(sources, store)


def digest(db: Path) -> dict[str, Any]:
    with open_store(str(db)) as store:
        return store_digest(store)


def same_but_clusters(a: dict[str, Any], b: dict[str, Any]) -> None:
    """Two stores hold the same documents, events, actor mentions and relations, and each event in
    exactly one canonical event. Which reports merge into one canonical event can differ: dedup places
    each event against those stored before it, so it depends on the order documents are written, in
    one process too (files given in another order); Dask workers write in the order they finish."""
    assert {k: v for k, v in a.items() if k != "clusters"} == {k: v for k, v in b.items() if k != "clusters"}
    for d in (a, b):
        members = [e for c in d["clusters"] for e in c]
        assert sorted(members) == sorted(e["id"] for e in d["events"])


def documents(db: Path) -> int:
    with open_store(str(db)) as store:
        return store.stats().documents


def rows(report: IngestReport) -> list[tuple[str, str, str | None, str | None]]:
    return [(o.origin, str(o.status), o.doc_id, o.reason) for o in report.outcomes]


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """Two worker processes (each behind a nanny that restarts it when it dies), reached by address. A
    task whose worker dies fails at once (Dask would otherwise run it again elsewhere, up to three
    times): what a batch that kept killing its workers meets."""
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                     silence_logs=40) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Sixty short synthetic reports, and the store one process makes of them."""
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(root / "docs", 60, seed=18)
    single([str(root / "docs")], root / "clean.db")
    return root / "docs", root / "clean.db"


def test_units_follow_the_order_one_process_reads(tmp_path: Path) -> None:
    write_reports(tmp_path)
    units = [u.source for u in units_of([str(tmp_path / "c"), str(tmp_path / "a" / "01_kabul.txt"), "nothing.txt",
                                         "https://example.org/x"])]
    assert units == [str(tmp_path / "c" / "08_sanaa.txt"), str(tmp_path / "c" / "09_bamako.txt"),
                     str(tmp_path / "c" / "10_juba.txt"), str(tmp_path / "c" / "broken.bin"),
                     str(tmp_path / "a" / "01_kabul.txt"), "nothing.txt", "https://example.org/x"]


def test_local_cluster_workers_run_with_warlogs_settings() -> None:
    """`--dask local:N` workers run without the sampling profiler and the glibc trim setting, and poll
    their event-loop health, system and memory monitors seldom (`LOCAL_WORKER_CONFIG`)."""
    from warlog.run.distributed import connect

    def settings() -> tuple[Any, ...]:
        import dask

        return (dask.config.get("distributed.worker.profile.enabled"), os.environ.get("MALLOC_TRIM_THRESHOLD_"),
                dask.config.get("distributed.admin.tick.interval"),
                dask.config.get("distributed.worker.memory.monitor-interval"))

    with connect("local:1") as client:
        assert list(client.run(settings).values()) == [(False, None, "1s", "1s")]


def test_dask_local_gives_the_store_one_process_gives(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    write_reports(corpus)
    sources = [str(corpus), str(tmp_path / "missing.txt")]
    one = single(sources, tmp_path / "one.db")
    plans: list[Any] = []
    done: list[int] = []
    two = ingest_distributed(sources, str(tmp_path / "two.db"), cluster="local:2", batch_units=2,
                             on_plan=plans.append, on_batch=done.append)
    assert rows(two) == rows(one)  # same outcomes, same ids, in input order
    assert two.totals() == {"added": 10, "unchanged": 0, "updated": 0, "rejected": 3}
    assert plans[0].workers == 2 and plans[0].units == 13 and sum(done) == 13
    a, b = digest(tmp_path / "one.db"), digest(tmp_path / "two.db")
    assert len(b["docs"]) == 10 and len(b["events"]) >= 10
    assert [e["id"] for e in b["events"]] == [e["id"] for e in a["events"]]
    same_but_clusters(a, b)
    assert b == a  # canonical events too: the incidents that merge (the two Kabul reports) are in one batch
    assert any(len(c) > 1 for c in b["clusters"])


def test_a_json_lines_file_is_spread_over_the_workers_in_parts(cluster: str, tmp_path: Path) -> None:
    """A JSON-lines file of more lines than a batch goes out in parts (`warlog.ingest.parts`): the same
    outcomes, origins and ids as one process reading it whole, every worker given some of it."""
    lines = [json.dumps({"text": text, "url": f"https://example.org/{name}"}) for name, text in REPORTS.items()]
    lines[4:4] = ["", '{"text": 7}']  # a blank line and a bad record keep their line numbers
    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = single([str(path)], tmp_path / "one.db")
    plans: list[Any] = []
    two = ingest_distributed([str(path)], str(tmp_path / "two.db"), cluster=cluster, on_plan=plans.append,
                             settings=replace(Settings(), batch_size=3))
    assert rows(two) == rows(one) and two.totals() == {"added": 10, "unchanged": 0, "updated": 0, "rejected": 1}
    assert plans[0].units == 4  # 12 lines in parts of 3
    same_but_clusters(digest(tmp_path / "one.db"), digest(tmp_path / "two.db"))
    again = ingest_distributed([str(path)], str(tmp_path / "two.db"), cluster=cluster,
                               settings=replace(Settings(), batch_size=5))
    assert again.totals()["unchanged"] == 10 and documents(tmp_path / "two.db") == 10  # other parts: no-op


def test_a_warc_file_is_spread_over_the_workers_in_parts(cluster: str, tmp_path: Path) -> None:
    """A WARC file of more records than a batch goes out in parts: the same documents and ids as one
    process reading it whole."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for name, text in REPORTS.items():
            title, body = text.split("\n\n", 1)
            page = f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{body}</p></body></html>"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://example.org/{name}", "response",
                                                          payload=io.BytesIO(page.encode()), http_headers=headers))
    one = single([str(path)], tmp_path / "one.db")
    plans: list[Any] = []
    two = ingest_distributed([str(path)], str(tmp_path / "two.db"), cluster=cluster, on_plan=plans.append,
                             settings=replace(Settings(), batch_size=3))
    assert plans[0].units == 4  # 10 records in parts of 3
    assert rows(two) == rows(one) and two.totals()["added"] == 10
    same_but_clusters(digest(tmp_path / "one.db"), digest(tmp_path / "two.db"))


def test_a_document_that_fails_is_a_stored_rejection_and_the_run_goes_on(cluster: str, tmp_path: Path) -> None:
    write_reports(tmp_path)
    db = tmp_path / "w.db"
    report = ingest_distributed([str(tmp_path / "b"), str(tmp_path / "c")], str(db), cluster=cluster,
                                batch_units=3)
    statuses = {Path(o.origin).name: (str(o.status), o.reason) for o in report.outcomes}
    assert statuses["menu.html"] == ("rejected", "no_text")
    assert statuses["broken.bin"] == ("rejected", "binary")
    assert [s for s, _ in statuses.values()].count("added") == 7
    with open_store(str(db)) as store:
        assert {(Path(r.origin).name, r.reason) for r in store.rejections()} == {
            ("menu.html", "no_text"), ("broken.bin", "binary")}
        assert store.stats().documents == 7
    again = ingest_distributed([str(tmp_path / "b"), str(tmp_path / "c")], str(db), cluster=cluster)
    assert again.totals() == {"added": 0, "unchanged": 7, "updated": 0, "rejected": 2}


def _wait_for(db: Path, count: int, limit_s: float = 60.0) -> None:
    started = time.monotonic()
    while time.monotonic() - started < limit_s:
        if db.exists() and documents(db) >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"{db}: fewer than {count} documents after {limit_s} s")


def test_a_worker_killed_mid_run_then_a_rerun_loses_and_duplicates_nothing(
        cluster: str, corpus: tuple[Path, Path], tmp_path: Path) -> None:
    folder, clean = corpus
    db = tmp_path / "killed.db"
    reports: list[IngestReport] = []
    done: list[int] = []
    run = threading.Thread(target=lambda: reports.append(
        ingest_distributed([str(folder)], str(db), cluster=cluster, batch_units=2, on_batch=done.append)))
    with distributed.Client(cluster) as client:
        pids = client.run(os.getpid)
        run.start()
        _wait_for(db, 6)
        busy = [address for address, keys in client.processing().items() if keys]
        assert busy  # batches are assigned to this worker: Dask must run them elsewhere
        os.kill(pids[busy[0]], signal.SIGKILL)
        stored_at_kill = documents(db)
        run.join(timeout=120)
    assert not run.is_alive() and stored_at_kill < 60
    (report,) = reports
    assert 1 in done and sum(done) == 60  # the dead worker's batches failed, were split and run again
    assert sorted(o.origin for o in report.outcomes) == sorted(str(p) for p in folder.iterdir())
    assert {o.status for o in report.outcomes} <= {IngestStatus.ADDED, IngestStatus.UNCHANGED}
    rerun = ingest_distributed([str(folder)], str(db), cluster=cluster)
    assert rerun.totals()["unchanged"] == 60
    assert documents(db) == 60
    same_but_clusters(digest(db), digest(clean))  # nothing lost, nothing twice, nothing different


def test_a_client_killed_mid_run_then_a_rerun_completes_it(
        cluster: str, corpus: tuple[Path, Path], tmp_path: Path) -> None:
    folder, clean = corpus
    db = tmp_path / "client.db"
    code = ("import sys\nfrom warlog.run.distributed import ingest_distributed\n"
            "ingest_distributed([sys.argv[1]], sys.argv[2], cluster=sys.argv[3], batch_units=2)\n")
    client = subprocess.Popen([sys.executable, "-c", code, str(folder), str(db), cluster],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(db, 6)
    finally:
        client.send_signal(signal.SIGKILL)
        client.wait()
    assert documents(db) < 60  # killed in the middle of the run
    rerun = ingest_distributed([str(folder)], str(db), cluster=cluster)
    assert rerun.totals()["rejected"] == 0 and rerun.totals()["unchanged"] > 0
    assert documents(db) == 60
    same_but_clusters(digest(db), digest(clean))


def test_the_ingest_command_runs_on_a_cluster(cluster: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from warlog.cli import cli

    write_reports(tmp_path / "in")
    db = tmp_path / "cli.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", "--db", str(db), "--dask", cluster, "--format", "json",
                                 str(tmp_path / "in" / "a"), "-"], input=REPORTS["b/05_goma.txt"].encode(),
                           catch_exceptions=False)
    assert result.exit_code == 0
    assert "Dask: 2 workers" in result.stderr and "dashboard: http" in result.stderr
    assert "4 added, 0 updated, 0 unchanged, 0 rejected" in result.stderr
    outcomes = json.loads(result.stdout)
    assert [o["origin"] for o in outcomes] == [str(tmp_path / "in" / "a" / n) for n in (
        "01_kabul.txt", "02_kabul_wire.txt", "03_mogadishu.txt")] + ["stdin"]
    bad = runner.invoke(cli, ["ingest", "--db", str(db), "--dask", "nowhere", "x"])
    assert bad.exit_code == 2 and "tcp://HOST:PORT" in bad.stderr
