"""Issue 15, item 4: one id everywhere. The canonical event (`c…`) is what the events list shows and
what review commands and pages accept; a report id (`e…`) works too and leads to its canonical event.
Three outlets' reports of one raid (tests/dedup_reports.py) merged into one canonical event."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from warlog.cli import cli
from warlog.query import EventQuery
from warlog.store import open_store
from warlog.users import add_user
from warlog.web.app import create_app

from .dedup_reports import raid_reports

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"


@pytest.fixture
def raid(tmp_path: Path) -> Iterator[tuple[str, str, list[str]]]:
    """(database path, canonical id, report ids) of one raid told by three outlets."""
    db = str(tmp_path / "raid.db")
    with open_store(db, dedup=True) as store:
        reports = [ids[0] for ids in raid_reports(store)]
        (cluster,) = store.event_clusters(EventQuery(review=("all",)))
        add_user(store, "ana", PASSWORD)
    assert sorted(m.event_id for m in cluster.members) == sorted(reports)
    yield db, cluster.cluster_id, reports


def _client(db: str) -> TestClient:
    return TestClient(create_app(db, secret="test-secret"), base_url="http://testserver")


def _login(client: TestClient) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token
    r = client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf_token": token.group(1),
                                    "next": "/events"}, follow_redirects=False)
    assert r.status_code == 303
    again = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/events").text)
    assert again
    return again.group(1)


def test_the_events_list_shows_the_canonical_event_with_its_sources(raid: tuple[str, str, list[str]]) -> None:
    db, cid, _ = raid
    with _client(db) as client:
        (row,) = client.get("/events.json").json()["events"]
        assert row["id"] == cid and row["sources"] == 3 and len(row["members"]) == 3
        html = client.get("/events").text
        assert f'href="/events/{cid}"' in html and '<td class="sources"' in html


def test_the_canonical_page_lists_sources_reports_reasons_and_disagreements(
        raid: tuple[str, str, list[str]]) -> None:
    db, cid, reports = raid
    with _client(db) as client:
        html = client.get(f"/events/{cid}").text
        assert "canonical event " + cid in html and "3 sources" in html
        for url in ("https://tigris.example/raid", "https://diyala.example/farmhouse", "https://monitor.example/roundup"):
            assert url in html
        for report in reports:
            assert f'href="/events/{report}"' in html
        assert "same place Baqubah" in html  # a merge reason
        assert "Where the reports differ" in html and re.search(r"<th>killed</th><td>3 .*5 .*4 ", html)
        data = client.get(f"/events/{cid}.json").json()
        assert data["ranges"]["killed"]["low"] == 3 and data["ranges"]["killed"]["high"] == 5
        assert {m["how"] for m in data["members"]} >= {"seed", "auto"}
        # a report's own page says which canonical event it is part of
        page = client.get(f"/events/{reports[1]}").text
        assert f'<a href="/events/{cid}">canonical event {cid}</a>' in page and "3 sources" in page


def test_confirming_the_canonical_event_on_the_web_confirms_each_report(raid: tuple[str, str, list[str]]) -> None:
    db, cid, _ = raid
    with _client(db) as client:
        csrf = _login(client)
        r = client.post(f"/events/{cid}/confirm", data={"csrf_token": csrf}, headers={"accept": "application/json"})
        assert r.status_code == 200 and len(r.json()["decisions"]) == 3
        assert client.get("/events.json").json()["events"][0]["review_status"] == "confirmed"


def test_review_commands_take_a_canonical_id(raid: tuple[str, str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    db, cid, reports = raid
    monkeypatch.setenv("WARLOG_DB", db)
    monkeypatch.setenv("WARLOG_USER", "ana")
    runner = CliRunner()
    listed = json.loads(runner.invoke(cli, ["events", "--format", "json"], catch_exceptions=False).stdout)
    assert [e["id"] for e in listed] == [cid]
    result = runner.invoke(cli, ["review", "confirm", cid, "--note", "three outlets agree"], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout.startswith("decisions ")
    result = runner.invoke(cli, ["review", "edit", cid, "killed", "4"], catch_exceptions=False)
    assert result.exit_code == 0
    with open_store(db) as store:
        decided = [(d.kind, d.event_id) for d in store.event_decisions()]
        assert sorted(e for k, e in decided if k == "confirm") == sorted(reports)
        assert sorted(e for k, e in decided if k == "edit") == sorted(reports)
        assert store.event_cluster(cid).event.counts["killed"] == 4
    # a report id works as before, and a wrong id says what to do
    assert runner.invoke(cli, ["review", "reject", reports[0]], catch_exceptions=False).stdout.startswith("decision ")
    bad = runner.invoke(cli, ["review", "confirm", "c0000000000000000"])
    assert bad.exit_code != 0 and "warlog events" in (bad.stderr or bad.stdout)


def test_merge_and_split_take_canonical_ids_and_an_old_id_still_leads_somewhere(tmp_path: Path) -> None:
    from warlog import review

    from .dedup_reports import bombing_reports

    with open_store(str(tmp_path / "b.db"), dedup=True) as store:
        ids = bombing_reports(store)
        market = store.event_cluster(ids["market"][0]).cluster_id
        checkpoint = store.event_cluster(ids["checkpoint"][0]).cluster_id
        assert market != checkpoint
        review.merge(store, checkpoint, market, author="ana", note="one attack, two sites?")
        merged = store.event_cluster(ids["market"][0])
        assert merged.cluster_id == store.event_cluster(ids["checkpoint"][0]).cluster_id
        gone = checkpoint if merged.cluster_id != checkpoint else market
        assert store.event_cluster(gone).cluster_id == merged.cluster_id  # named after one of its reports
        review.split(store, merged.cluster_id, ids["checkpoint"][0], author="ana", note="no: two attacks")
        assert store.event_cluster(ids["market"][0]).cluster_id != store.event_cluster(ids["checkpoint"][0]).cluster_id


def test_the_map_and_the_timeline_draw_one_event_per_real_event(raid: tuple[str, str, list[str]]) -> None:
    db, cid, _ = raid
    with _client(db) as client:
        features = client.get("/map.json").json()["features"]
        assert [f["id"] for f in features] == [cid]
        assert client.get("/timeline.json").json()["events"] == 1


def test_an_actors_page_lists_each_canonical_event_once(tmp_path: Path) -> None:
    from warlog.network import actor_profile
    from warlog.run import IngestOptions, ingest

    from .conftest import shared_path

    seed = shared_path("seed", "000_1883449a268877a5.txt")
    mirror = tmp_path / "mirror.txt"  # the seed page reposted, one phrase changed
    mirror.write_text(seed.read_text("utf-8").replace("Meanwhile, US troops captured",
                                                      "Meanwhile, American troops captured", 1), "utf-8")
    db = str(tmp_path / "seed.db")
    with open_store(db, dedup=True) as store:
        ingest([str(seed)], store, options=IngestOptions(url="https://seed.example/one"))
        ingest([str(mirror)], store, options=IngestOptions(url="https://mirror.example/two"))
        busiest = max(store.actors(), key=lambda a: a.mentions)
        profile = actor_profile(store, busiest.actor_id)
        listed = [e.event_id for e in profile.events_as_actor + profile.events_as_recipient]
        assert listed and all(i.startswith("c") for i in listed)
        as_actor = [e.event_id for e in profile.events_as_actor]
        assert len(set(as_actor)) == len(as_actor)
        assert all(store.event_cluster(i).sources == 2 for i in listed)
        assert profile.totals["events"] == 2 * len({*listed})  # both reports of each are counted
