"""Generalisation audit: twelve reports of our own (other outlets, other wars, other styles) with gold
files in the FORMAT.md shape (tests/fixtures/audit), scored by `warlog.eval.gold` — the same scorer as
`warlog eval` — each report in its own throw-away store, with the gold's publication date.

The floor is the figure last measured (events F1 0.800, relations F1 0.410; `pytest tests/test_audit.py
-m integration -s` prints them) less 0.05, so a regression fails and an improvement passes. Raise the
floors when the rules improve.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warlog.eval.gold import evaluate_gold

AUDIT = Path(__file__).resolve().parent / "fixtures" / "audit"
EVENT_F1_FLOOR = 0.800 - 0.05
RELATION_F1_FLOOR = 0.410 - 0.05


def gold_files() -> list[Path]:
    return sorted(AUDIT.glob("*.json"))


def test_audit_golds_quote_their_reports() -> None:
    """Every gold evidence string is copied from its report, so it can match."""
    assert len(gold_files()) == 12
    for path in gold_files():
        gold = json.loads(path.read_text("utf-8"))
        text = (path.parent / gold["document"]).read_text("utf-8")
        for event in gold["events"]:
            for quote in event["evidence"]:
                assert quote in text, (path.name, quote)
        for relation in gold["relations"]:
            assert relation["evidence"] in text, (path.name, relation["evidence"])


@pytest.mark.integration
def test_audit_reports_score_above_floor() -> None:
    report = evaluate_gold(gold_files()).to_dict()
    for name, detail in report["details"].items():
        print(f"  {name}: {detail}")
    print(f"audit events: {report['events']}; arguments {report['arguments']}")
    print(f"audit relations: {report['relations']}")
    assert report["events"]["f1"] >= EVENT_F1_FLOOR, report["events"]
    assert report["relations"]["f1"] >= RELATION_F1_FLOOR, report["relations"]
