"""Long inputs (issue 16): a paragraph longer than the parser takes is cut into parts with their offsets
(`warlog.segment.parts`), so a text over spaCy's `max_length` beside good files no longer takes the
batch down; a long document is read in parts (`warlog.run.analysis.PART_CHARS`), each on its own. Real
model; the parser's limit is lowered for the test instead of parsing a megabyte."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from warlog.model import IngestStatus, Media
from warlog.run import ingest
from warlog.run.analysis import PART_CHARS, Resources
from warlog.segment import segment_page
from warlog.segment.parts import MAX_SEGMENT_CHARS
from warlog.store import Store

REPORT = ("Gunmen attacked a police checkpoint in Ghazni province on Tuesday, killing six officers, a "
          "provincial spokesman said. ")


def test_a_long_paragraph_is_cut_after_sentences_with_its_offsets() -> None:
    text = "Checkpoint attacked\n\n" + REPORT * 200 + "\n\n" + "word " * 2000
    page = segment_page(text, Media.TEXT)
    assert max(s.end - s.start for s in page.segments) <= MAX_SEGMENT_CHARS
    assert all(page.text[s.start:s.end] == s.text for s in page.segments)
    body = [s for s in page.segments if s.kind == "body"]
    told = [s for s in body if "Gunmen" in s.text]
    assert len(told) >= 3 and all(s.text.endswith("said.") for s in told)  # cut after a sentence
    assert "".join(page.text[s.start:s.end] for s in body).replace(" ", "") == (
        (REPORT * 200).strip() + ("word " * 2000).strip()).replace(" ", "")  # nothing lost


@pytest.fixture
def small_parser() -> Iterator[Resources]:
    res = Resources.default()
    before = res.nlp.max_length
    res.nlp.max_length = MAX_SEGMENT_CHARS + 10  # a text over it would stop the batch: spaCy's E088
    yield res
    res.nlp.max_length = before


def test_a_text_over_the_parser_limit_beside_good_files(store: Store, tmp_path: Path, small_parser: Resources) -> None:
    (tmp_path / "a.txt").write_text("Police arrest two men in Mosul\n\nIraqi police arrested two men in Mosul on "
                                    "Sunday, a spokesman said.\n")
    (tmp_path / "b_big.txt").write_text(REPORT.replace("\n", " ") * 80)  # one line, ~9,000 characters
    (tmp_path / "c.txt").write_text("Bomb kills four in Kabul\n\nA bomb killed four people in Kabul on Monday, "
                                    "police said.\n")
    report = ingest([str(tmp_path)], store, resources=small_parser)
    assert [o.status for o in report.outcomes] == [IngestStatus.ADDED] * 3
    big = next(o for o in report.outcomes if o.origin.endswith("b_big.txt"))
    assert any(e.doc_id == big.doc_id for e in store.events())  # read, not only stored


def test_a_document_longer_than_a_part_is_read_in_parts(store: Store, tmp_path: Path) -> None:
    first = "Gunmen killed six policemen at a checkpoint in Ghazni on Tuesday, officials said.\n\n"
    filler = "The council met to discuss the budget and the {} new school buildings in the district.\n\n"
    last = "A roadside bomb killed four civilians near Kandahar on Wednesday, police said.\n\n"
    fillers = PART_CHARS // len(filler) + 5  # distinct (a repeated paragraph is read once), one sentence each
    path = tmp_path / "long.txt"
    path.write_text(first + "".join(filler.format(k) for k in range(fillers)) + last)
    (outcome,) = ingest([str(path)], store).outcomes
    events = [e for e in store.events() if e.doc_id == outcome.doc_id and e.type == "ASSAULT"]
    assert sorted(e.counts.get("killed") for e in events) == [4, 6]
    assert {e.location.name for e in events if e.location} >= {"Ghazni", "Kandahār"}
    first, last = sorted(events, key=lambda e: e.evidence[0].start)  # sentences numbered on across parts
    assert last.evidence[0].sentence - first.evidence[0].sentence == fillers + 1


def test_a_text_of_more_than_a_million_characters_beside_good_files(store: Store, tmp_path: Path) -> None:
    """The fuzzing find itself (spaCy's E088 stopped the whole batch and stored nothing): one line of
    1.2 million characters, read in parts, its repeats once."""
    (tmp_path / "a.txt").write_text("Bomb kills four in Kabul\n\nA bomb killed four people in Kabul on Monday.\n")
    (tmp_path / "b_huge.txt").write_text(REPORT * (1_200_000 // len(REPORT)))
    (tmp_path / "c.txt").write_text("Police arrest two in Mosul\n\nIraqi police arrested two men in Mosul on Sunday.\n")
    report = ingest([str(tmp_path)], store)
    assert [o.status for o in report.outcomes] == [IngestStatus.ADDED] * 3
    huge = store.document(next(o.doc_id for o in report.outcomes if o.origin.endswith("b_huge.txt")))
    assert len(huge.text) > 1_000_000
