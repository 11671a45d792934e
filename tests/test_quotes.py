"""The quote of one event in a sentence that tells two (`warlog.extract.quotes`): each event is quoted by
its own clause, an event noun that only dates another clause ("two days after the bombing") is no
quote of that event, a participle telling what an act did ("…, killing three guards") keeps the whole
sentence, and a sentence that tells one event is quoted whole. Short reports of our own; real model."""

from __future__ import annotations

from typing import Any

import pytest

from warlog.store import Store

from .test_events import events_of

pytestmark = pytest.mark.integration


def quotes(e: dict[str, Any]) -> list[str]:
    return [v["quote"] for v in e["evidence"]]


def by_type(events: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    (e,) = [e for e in events if e["type"] == kind]
    return e


def test_two_events_of_one_sentence_are_quoted_by_their_own_clauses(store: Store) -> None:
    text = ("A militia spokesman says the army shelled Kobani on Monday, calling it a distraction from the wider "
            "offensive to capture the town of Jarablus.")
    events = events_of(store, text, published="2021-05-03")
    (shelling,) = quotes(by_type(events, "ASSAULT"))
    (capture,) = quotes(by_type(events, "COERCE"))
    assert shelling == "A militia spokesman says the army shelled Kobani on Monday"  # with who says it
    assert capture.startswith("calling it a distraction") and "Jarablus" in capture
    assert "shelled" not in capture
    for e in events:  # each quote is the document's text at its offsets
        for v in e["evidence"]:
            assert text[v["start"]:v["end"]] == v["quote"]


def test_an_event_noun_that_only_dates_another_clause_is_no_quote_of_its_event(store: Store) -> None:
    events = events_of(store, "A bomb tore through a bus station in Mombasa on Sunday, killing four people. A "
                              "suspect was arrested in Mombasa two days after the bombing.", published="2021-05-04")
    bombing, arrest = by_type(events, "ASSAULT"), by_type(events, "COERCE")
    assert quotes(bombing) == ["A bomb tore through a bus station in Mombasa on Sunday, killing four people."]
    assert quotes(arrest) == ["A suspect was arrested in Mombasa two days after the bombing."]


def test_a_participle_telling_what_an_act_did_keeps_the_whole_sentence(store: Store) -> None:
    text = "The Taliban seized the district compound in Andar on Wednesday, killing two officials."
    events = events_of(store, text, published="2019-10-03")
    assert len(events) == 2
    assert all(quotes(e) == [text] for e in events)  # the killing's time and place are the seizure's


def test_an_act_told_in_a_clause_of_a_date_is_quoted_by_that_clause(store: Store) -> None:
    (e,) = events_of(store, "Police said it was the worst violence in the province since 2014, when gunmen killed 30 "
                            "worshippers at a mosque in Quetta.", published="2021-05-04")
    assert quotes(e) == ["when gunmen killed 30 worshippers at a mosque in Quetta"]
    assert e["date"]["edtf"] == "2014" and e["counts"]["killed"] == 30
