"""The learned typer's word on extracted events (warlog.learn.support): what it says of sentences, and
that a model in use moves events' confidence, while without one confidence is the rules' alone."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from warlog.learn import shipped_model
from warlog.learn.support import sentence_at, support
from warlog.run import ingest
from warlog.run.analysis import Resources
from warlog.store import open_store

pytestmark = pytest.mark.integration

REPORT = ("Gunmen killed five villagers in Kidal on Monday, officials said.\n\n"
          "The striker shot past the goalkeeper in the second half.\n")


def test_support_prefers_the_type_an_attack_sentence_states() -> None:
    nlp, model = Resources.default().nlp, shipped_model()
    (attack,) = nlp("Gunmen killed five villagers in Kidal on Monday, officials said.").sents
    assert support(model, attack, 1, "ASSAULT") > 0 > support(model, attack, 1, "AGREE")
    assert -1.0 <= support(model, attack, 1, "PROTEST") <= 1.0


def _confidences(resources: Resources) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, open_store(":memory:") as store:
        path = Path(tmp) / "r.txt"
        path.write_text(REPORT)
        ingest([str(path)], store, resources=resources)
        return {e.event_id: e.confidence for e in store.events()}


def test_a_model_in_use_moves_confidence_and_none_leaves_the_rules_alone() -> None:
    plain = replace(Resources.default(), typer=None)  # as where the user has fitted no model
    without = _confidences(plain)
    with_model = _confidences(replace(plain, typer=shipped_model()))
    assert without.keys() == with_model.keys() and without
    assert any(abs(without[k] - with_model[k]) > 0.01 for k in without)


def test_sentence_at_finds_the_trigger_in_its_parsed_sentence() -> None:
    from warlog.model import Document, Media
    from warlog.nlp import annotate_stream
    from warlog.segment.text import segment_text

    page = segment_text(REPORT)
    doc = Document("d1", page.text, page.segments, Media.TEXT, "x", "h", "h")
    ((_, segments),) = list(annotate_stream(iter([doc]), lambda d: d, Resources.default().nlp))
    start = page.text.index("killed")
    seg = next(s for s in segments if s.segment.start <= start < s.segment.end)
    found = sentence_at(segments, seg.index, start, start + len("killed"))
    assert found is not None
    sent, k = found
    assert sent[k].text == "killed" and sent.text.startswith("Gunmen")
    assert sentence_at(segments, 99, start, start + 6) is None
