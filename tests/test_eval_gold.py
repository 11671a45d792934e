"""The FORMAT.md scorer: its rules on hand-made predictions, and warlog on the seed page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warlog.errors import ConfigError
from warlog.eval.gold import (
    GoldReport,
    argument_checks,
    evaluate_gold,
    group_hit,
    norm,
    quotes_match,
    score_events,
    type_ok,
)

from .conftest import shared_path


def test_names_are_normalised_as_format_md_says() -> None:
    assert norm("The Qazali Network") == "qazali network"
    assert norm("al-Sadr") == norm("al Sadr") == "sadr"
    assert norm("Muqtada al Sadr") == "muqtada sadr"
    assert norm("Hizbollāh!") == "hizbollah"


def test_quotes_share_a_long_run() -> None:
    sentence = "US forces captured Qazali and his brother Layith in early 2007."
    assert quotes_match(sentence, "US forces captured Qazali and his brother Layith")
    assert quotes_match("“key criminals”", '"key criminals"')
    assert not quotes_match(sentence, "Qazali was the former spokesman for Muqtada al Sadr")


def test_types_and_modes() -> None:
    assert type_ok({"type": "COERCE", "modes": ["arrest"]}, ["COERCE/arrest"])
    assert not type_ok({"type": "COERCE", "modes": []}, ["COERCE/arrest"])
    assert type_ok({"type": "ASSAULT", "modes": []}, ["ASSAULT/abduct", "ASSAULT"])


def test_arguments_and_surface_forms() -> None:
    gold = {"actors": [["Iraqi forces", "Iraq"]], "date": ["2008-06-03/.."], "counts": {"detained": 4},
            "location": {"lat": 32.5, "lon": 45.8, "tolerance_km": 100}}
    pred = {"actors": [{"name": "Iraqi military", "surface": "US and Iraqi forces", "forms": ["Iraqi forces"]}],
            "date": {"edtf": "2008-06-03/.."}, "counts": {"detained": 4}, "location": {"lat": 32.6, "lon": 45.4}}
    assert all(ok for _, ok, _ in argument_checks(gold, pred))
    assert not group_hit(["Iraqi forces"], [{"name": "Iraqi military", "surface": "US and Iraqi forces"}])


def test_optional_events_neither_reward_nor_penalise() -> None:
    gold = {"events": [
        {"id": "E1", "types": ["ASSAULT"], "evidence": ["Gunmen killed four soldiers near the bridge on Monday"]},
        {"id": "E2", "optional": True, "types": ["ACCUSE"], "evidence": ["The army blamed the rebels for it"]}]}
    preds = [{"type": "ASSAULT", "evidence": [{"quote": "Gunmen killed four soldiers near the bridge on Monday."}]},
             {"type": "ACCUSE", "evidence": [{"quote": "The army blamed the rebels for it."}]},
             {"type": "PROTEST", "evidence": [{"quote": "Hundreds marched in the capital."}]}]
    report = GoldReport()
    score_events(gold, preds, report, "g")
    assert (report.events.tp, report.events.fp, report.events.fn) == (1, 1, 0)


def test_a_broken_gold_file_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "g.json"
    bad.write_text(json.dumps({"document": "missing.txt", "events": []}))
    with pytest.raises(ConfigError, match="does not exist"):
        evaluate_gold([bad])


@pytest.mark.integration
def test_seed_meets_the_issue_targets() -> None:
    report = evaluate_gold([shared_path("gold", "seed.json")]).to_dict()
    assert report["events"]["f1"] >= 0.85
    assert report["relations"]["f1"] >= 0.85
    assert report["places"]["accuracy"] == 1.0
    assert all(v.split("/")[0] == v.split("/")[1] for v in report["segments"].values())
