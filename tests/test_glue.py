"""Sentences a careless scrape glued together are cut apart before parsing (warlog.segment.glue)."""

from __future__ import annotations

import pytest

from warlog.model import SegmentKind
from warlog.segment.glue import unglue
from warlog.segment.text import segment_text


@pytest.mark.parametrize(("line", "pieces"), [
    ("Gunmen storm a bank in KanoThe attackers fled on motorbikes.",
     ["Gunmen storm a bank in Kano", "The attackers fled on motorbikes."]),
    ("Two soldiers died, the army said.Three others were hurt.",
     ["Two soldiers died, the army said.", "Three others were hurt."]),
    ("It was the worst attack since 2009.A witness saw the blast.",
     ["It was the worst attack since 2009.", "A witness saw the blast."]),
    ("“We will fight,” he said.“They cannot stop us.”", ["“We will fight,” he said.", "“They cannot stop us.”"]),
    ("The cafe was destroyed.==Aftermath==Police arrested two men.",
     ["The cafe was destroyed.", "Aftermath", "Police arrested two men."]),
    ("Court Jails Bomb PlotterNAIROBI — A court on Monday jailed a man.",
     ["Court Jails Bomb Plotter", "NAIROBI — A court on Monday jailed a man."]),
])
def test_glued_sentences_are_cut(line: str, pieces: list[str]) -> None:
    assert unglue(line) == pieces


@pytest.mark.parametrize("line", [
    "Mr.Smith met Gen. Odierno at McDonald's in the U.S.Army base.",
    "Sean MacStiofain and DeShawn watched YouTube videos on an iPhone at 2.10pm.",
    "A normal sentence. Another one, with spaces. And a third.",
])
def test_names_abbreviations_and_ordinary_prose_are_left_whole(line: str) -> None:
    assert unglue(line) == [line]


def test_a_glued_one_line_article_gets_its_headline_and_paragraphs() -> None:
    page = segment_text("Rebels seize border town in ChadThe rebels entered Abeche at dawn, residents said."
                        "Fighting lasted four hours.Two soldiers were killed.")
    kinds = [(s.kind, s.text) for s in page.segments]
    assert kinds[0] == (SegmentKind.HEADLINE, "Rebels seize border town in Chad")
    assert (SegmentKind.BODY, "Two soldiers were killed.") in kinds
    assert all("ChadThe" not in s.text for s in page.segments)
