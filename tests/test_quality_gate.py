"""Quality gate: pinned floors for the seed page. CI fails when extraction regresses below them.

Measured on the committed code (`warlog eval ../shared/gold/seed.json`): events P = R = F1 = 1.0 with
every argument right, relations F1 = 1.0, places 12/12, segmentation 6/6. The floors leave room for
one slip, not for a trend. The dev-set floors live beside their harnesses (tests/test_vocab_plover.py,
tests/test_eval_corpora.py, tests/test_eval_aliases.py, tests/test_audit.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from warlog.eval.gold import evaluate_gold
from warlog.query import event_to_dict
from warlog.run import IngestOptions, ingest
from warlog.store import Store

from .conftest import shared_path

pytestmark = pytest.mark.integration

FLOORS = {"events_f1": 0.94, "relations_f1": 0.92, "argument": 0.9, "places": 1.0}


def test_seed_floors() -> None:
    report = evaluate_gold([shared_path("gold", "seed.json")]).to_dict()
    assert report["events"]["f1"] >= FLOORS["events_f1"], report["details"]
    assert report["relations"]["f1"] >= FLOORS["relations_f1"]
    for name, value in report["arguments"].items():
        assert value is None or value >= FLOORS["argument"], (name, report["details"])
    assert report["places"]["accuracy"] >= FLOORS["places"]


def test_seed_dates_with_and_without_a_publication_date(store: Store) -> None:
    text = shared_path("seed", "000_1883449a268877a5.txt").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "seed.txt"
        path.write_text(text)
        ingest([str(path)], store)
        undated = {e["evidence"][0]["quote"][:40]: (e["date"] or {}).get("edtf")
                   for e in map(event_to_dict, store.events())}
        path.write_text(text)
        ingest([str(path)], store, options=IngestOptions(published="2008-06-07"))
        dated = [event_to_dict(e) for e in store.events()]
    edtfs = set(undated.values())
    assert {"2007-01", "2007-05", "2007-01/2007-04", "XXXX-06-05", "XXXX-06-03/.."} <= edtfs
    assert not any(v and v.startswith("2008") for v in edtfs)  # no year invented
    assert any(e["date"]["edtf"] == "2008-06-05" and e["counts"]["detained"] == 3 for e in dated)
    assert any(e["date"]["edtf"] == "2008-06-03/.." and e["counts"]["detained"] == 4 for e in dated)
    assert all(e["historical"] for e in dated if e["date"]["edtf"].startswith("2007"))
