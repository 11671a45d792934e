"""Held-out alias evaluation of actor resolution (warlog.eval.aliases), on invented Phoenix-format
dictionaries (tests/fixtures/aliases) and, as an integration test, on the real ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warlog.actors import convert
from warlog.actors.kb import ActorKB
from warlog.actors.names import normalise
from warlog.eval import aliases
from warlog.eval.aliases import AliasReport, convert_phoenix, evaluate_aliases, is_held_out, split_records
from warlog.model import ActorKind, ActorRecord

from .conftest import shared_path

FIXTURE = Path(__file__).parent / "fixtures" / "aliases"
REMOVED = frozenset({"person:irq:hugo-z-hackenbush", "armed_group:irq:sons-of-eastern-deserts"})
NO_WORDS: frozenset[str] = frozenset()


def fixture_report(curated: bool | list[ActorRecord] | None = None) -> AliasReport:
    """Everything held out (holdout 1.0), the two records in REMOVED taken out of the KB."""
    return evaluate_aliases(FIXTURE, 1.0, curated=[] if curated is None else curated, common=NO_WORDS,
                            removed_ids=REMOVED)


def test_split_is_deterministic_and_about_a_fifth() -> None:
    keys = [normalise(f"Test Alias Number {i}") for i in range(5000)]
    held = {k for k in keys if is_held_out(k, 0.2, seed=7)}
    assert 0.18 * len(keys) < len(held) < 0.22 * len(keys)
    assert held == {k for k in keys if is_held_out(k, 0.2, seed=7)}  # stable
    assert held != {k for k in keys if is_held_out(k, 0.2, seed=8)}  # the seed matters
    assert aliases.fraction(7, "alias", keys[0]) == aliases.fraction(7, "alias", keys[0])
    # the whole split (held-out pairs, removed records) is the same on a second run
    converted, phoenix_keys = convert_phoenix(FIXTURE, [], NO_WORDS)
    first = split_records(converted, [], phoenix_keys, holdout=0.5, seed=3, remove=0.5)
    again = split_records(converted, [], phoenix_keys, holdout=0.5, seed=3, remove=0.5)
    assert (first.held_out, first.removed, first.negatives) == (again.held_out, again.removed, again.negatives)


def test_primary_names_are_never_held_out() -> None:
    converted, phoenix_keys = convert_phoenix(FIXTURE, [], NO_WORDS)
    split = split_records(converted, [], phoenix_keys, holdout=1.0, removed_ids=())
    by_id = {r.actor_id: r for r in converted}
    assert split.held_out and split.candidates == len(split.held_out)
    for p in split.held_out:
        assert normalise(p.name) != normalise(by_id[p.expected].name)
    kb = ActorKB(split.records)
    for r in converted:  # every record keeps its own name; none keeps a held-out alias
        assert r.actor_id in kb.records and kb.records[r.actor_id].name == r.name
        assert any(m.record.actor_id == r.actor_id for m in kb.lookup(r.name, person=r.kind is ActorKind.PERSON))
    held = {(p.expected, normalise(p.name)) for p in split.held_out}
    assert not {(r.actor_id, normalise(a)) for r in split.records for a in r.aliases} & held
    # only Phoenix's own aliases are candidates: not the countryinfo names of the state records
    assert {p.name for p in split.held_out if p.kind is ActorKind.STATE} == {"Eyraq"}


def test_scoring_on_the_fixture() -> None:
    report = fixture_report()
    counts = {k: v for k, v in report.counts.items() if k != "records"}
    assert counts == {"candidates": 10, "held_out": 10, "ambiguous": 1, "removed_records": 2, "negatives": 3,
                      "homonyms": 0}
    verdicts = {(o.run, o.probe.name): o.verdict for o in report.outcomes}
    for run in aliases.RUNS:
        assert verdicts[run, "NHIA"] == "new"  # an acronym with nothing else to go on
        assert verdicts[run, "Zorba Valley Brigade"] == "new"  # another name altogether
        assert verdicts[run, "Northern Hills Islamik Armee"] == "correct"  # transliteration skeleton
        assert verdicts[run, "World Test Organisation"] == "correct"
        assert verdicts[run, "Eyraq"] == "correct"
        assert verdicts[run, "Golden Lions Brigade"] == "wrong"  # the skeleton of "Golden Lion Brigades"
        assert verdicts[run, "Desert Hawks"] == "correct"  # another record's name: the data's ambiguity
        assert verdicts[run, "Fireflyovich"] == "new"
        assert verdicts[run, "Hugo Z Hackenbush"] == verdicts[run, "Hugo Hackenbush"] == "new"
    # near misses are looked up among the records of the focus country only
    assert verdicts["focus", "Sons of the Eastern Derset"] == verdicts["focus", "Rufus T Firefly"] == "correct"
    assert verdicts["no_focus", "Sons of the Eastern Derset"] == verdicts["no_focus", "Rufus T Firefly"] == "new"
    assert verdicts["focus", "Sons of the Eastern Deserts"] == "merged"  # a removed record, merged: false merge
    assert verdicts["no_focus", "Sons of the Eastern Deserts"] == "new"

    focus, plain = report.score("focus"), report.score("no_focus")
    assert (focus.held_out, focus.correct, focus.wrong, focus.new) == (10, 6, 1, 3)
    assert (focus.negatives, focus.false_merges) == (3, 1)
    assert (plain.correct, plain.wrong, plain.new, plain.false_merges) == (4, 1, 5, 0)
    assert focus.precision == pytest.approx(6 / 7) and focus.recall == pytest.approx(0.6)
    assert focus.false_merge_rate == pytest.approx(1 / 3)
    armed = report.score("focus", "armed_group")
    assert (armed.held_out, armed.correct, armed.wrong, armed.new) == (6, 3, 1, 2)
    person = report.score("no_focus", "person")
    assert (person.held_out, person.correct, person.negatives) == (2, 0, 2)
    assert report.score("focus", "state_government").correct == report.score("focus", "other").correct == 1

    rows = report.to_rows()
    assert len(rows) == 2 * (1 + len(aliases.GROUPS)) and rows[0]["kind"] == "all"
    assert rows[0]["precision"] == round(6 / 7, 4)
    d = report.to_dict()
    assert d["holdout"] == 1.0 and d["rows"] == rows and d["correct_by_how"]["focus"]["fuzzy"] == 2
    errors = {(o.run, o.probe.name) for o in report.errors()}
    assert ("focus", "Golden Lions Brigade") in errors and ("focus", "Sons of the Eastern Deserts") in errors
    assert ("focus", "Eyraq") not in errors and ("no_focus", "Sons of the Eastern Deserts") not in errors
    assert report.table().count("\n") == len(rows)  # a header and one line per row


def test_curated_record_takes_over_and_loses_the_held_out_alias() -> None:
    curated = [ActorRecord("armed_group:syr:test-front", "Southern Test Front", ActorKind.ARMED_GROUP, "SYR",
                           ("Golden Lions Brigade", "Test Front"))]
    converted, phoenix_keys = convert_phoenix(FIXTURE, curated, NO_WORDS)
    split = split_records(converted, curated, phoenix_keys, holdout=1.0, removed_ids=())
    pairs = {p.name: p.expected for p in split.held_out}
    assert pairs["Golden Lions Brigade"] == "armed_group:syr:test-front"  # the converted record took the id
    assert "Test Front" not in pairs  # a curated name, not Phoenix's: not a candidate
    kept = next(r for r in split.records if r.actor_id == "armed_group:syr:test-front")
    assert kept.aliases == ("Test Front",)  # taken out of the curated part too
    report = fixture_report(curated=curated)
    assert report.curated
    assert any(o.probe.expected == "armed_group:syr:test-front" and o.verdict == "wrong" for o in report.outcomes)
    without = fixture_report(curated=False)
    assert not without.curated


def test_cli_prints_the_table(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(convert, "common_words", lambda names: [])  # no spaCy model for a fixture
    assert aliases.main([str(FIXTURE), "--holdout", "1.0", "--remove", "0", "--errors"]) == 0
    out = capsys.readouterr().out
    assert "held_out=11" in out  # nothing removed: Hugo Hackenbush is a held-out alias now
    assert "focus     all" in out and "Golden Lions Brigade" in out


@pytest.mark.integration
def test_real_phoenix_dictionaries(capsys: pytest.CaptureFixture[str]) -> None:
    phoenix = shared_path("data", "phoenix", "Phoenix.MilNonState.actors.txt").parent
    assert aliases.main([str(phoenix), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    counts = d["counts"]
    assert 0.18 < counts["held_out"] / counts["candidates"] < 0.22
    assert counts["held_out"] > 600 and counts["negatives"] > 300
    assert d["seconds"] < 60
    rows = {(r["run"], r["kind"]): r for r in d["rows"]}
    # measured (seed 2024): focus P 0.993 R 0.594 FMR 0.022; no focus P 0.985 R 0.449 FMR 0.014
    assert rows["focus", "all"]["precision"] >= 0.97 and rows["focus", "all"]["recall"] >= 0.55
    assert rows["focus", "all"]["false_merge_rate"] <= 0.04
    assert rows["no_focus", "all"]["precision"] >= 0.96 and rows["no_focus", "all"]["recall"] >= 0.41
    assert rows["no_focus", "all"]["false_merge_rate"] <= 0.03
    assert rows["focus", "person"]["recall"] >= 0.55 and rows["focus", "state_government"]["recall"] >= 0.75
