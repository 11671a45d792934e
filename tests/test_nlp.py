from __future__ import annotations

import pytest
import spacy

from warlog.errors import ConfigError
from warlog.model import Media, RawDocument
from warlog.nlp import add_patterns, annotate, available_model, load_pipeline
from warlog.run import build_document

PAGE = ("Clashes near Kut\n\nFighters attacked a checkpoint in Numaniyah on Monday.\n\n"
        "Reporters say: this is a comment\n\n  • reader1 says:\n\n    Numaniyah again?\n\n"
        "  • reader2 says:\n\n    Sad.\n")


def doc() -> object:
    return build_document(RawDocument(origin="t", content=PAGE, media=Media.TEXT))


def test_annotate_reads_only_extractable_segments_and_maps_offsets() -> None:
    d = build_document(RawDocument(origin="t", content=PAGE, media=Media.TEXT))
    (segments,) = annotate([d], spacy.blank("en"))
    assert [a.segment.kind for a in segments] == ["headline", "body"]
    body = segments[1]
    token = next(t for t in body.spacy_doc if t.text == "Numaniyah")
    start = body.doc_offset(token.idx)
    assert d.text[start:start + len(token.text)] == "Numaniyah"
    assert all("reader" not in a.segment.text for a in segments)


def test_unknown_model_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARLOG_SPACY_MODEL", "no_such_model_xyz")
    with pytest.raises(ConfigError, match="WARLOG_SPACY_MODEL"):
        available_model()


@pytest.mark.integration
def test_entity_ruler_corrects_small_towns_the_model_calls_person() -> None:
    nlp = load_pipeline()
    add_patterns(nlp, [{"label": "GPE", "pattern": "Numaniyah"}])
    ents = {(e.text, e.label_) for e in nlp("Troops captured a commander in the town of Numaniyah.").ents}
    assert ("Numaniyah", "GPE") in ents
    assert load_pipeline() is nlp  # loaded once per process
