"""The fast attribute ruler and lemmatizer give the model's own annotations, token by token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from warlog.bench import real_articles

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

# Every multi-token and special pattern of the English attribute ruler, and ordinary news prose.
TEXTS = [
    "There is no doubt: there were 12 gunmen, and there's a second cell. Ain't nobody gonna stop them, "
    "y'all said. Let's go, c'mon, we gotta leave. He gets angry; she got away.",
    "Gunmen   killed  five soldiers near Goma on Tuesday.\n\nThe army said it had detained 3 suspects, "
    "who were being questioned in the town's police station.",
    "Iraqi police said Qais al-Khazali's men had been trained by Iran's Quds Force since late 2006, "
    "and that the cell's leaders were arrested in Basrah, Dhi Qar and Najaf provinces.",
    "“We are not going to negotiate,” the spokesman told reporters.  Shells fell on Kharkiv's outskirts; "
    "two children were among the wounded, the governor wrote on Telegram.",
]


def _pair() -> tuple[Any, Any]:
    import spacy

    from warlog.nlp import available_model
    from warlog.nlp.fast import accelerate

    ref, fast = spacy.load(available_model()), spacy.load(available_model())
    swapped = accelerate(fast)
    assert swapped == ["attribute_ruler", "lemmatizer"]
    return ref, fast


def _differences(ref: Any, fast: Any, texts: list[str]) -> list[tuple[str, tuple[Any, ...], tuple[Any, ...]]]:
    out = []
    for a, b in zip(ref.pipe(texts), fast.pipe(texts), strict=True):
        for s, f in zip(a, b, strict=True):
            want = (s.pos_, s.tag_, str(s.morph), s.lemma_, s.dep_, s.head.i, s.ent_type_, s.ent_iob_)
            got = (f.pos_, f.tag_, str(f.morph), f.lemma_, f.dep_, f.head.i, f.ent_type_, f.ent_iob_)
            if want != got:
                out.append((s.text, want, got))
    return out


@pytest.mark.integration
def test_same_annotations_on_special_patterns_and_news() -> None:
    ref, fast = _pair()
    assert _differences(ref, fast, TEXTS * 2) == []  # twice: the second time from the caches
    doc = fast(TEXTS[0])
    lemmas = {t.lower_: t.lemma_ for t in doc}
    assert (lemmas["gon"], lemmas["na"], lemmas["ta"]) == ("go", "to", "to")  # two-token patterns applied
    assert [t.pos_ for t in doc if t.lower_ == "is"] == ["VERB"]  # "There is": DEP-conditioned pattern


@pytest.mark.integration
def test_same_annotations_on_real_articles() -> None:
    articles = real_articles(DATA)
    if not articles:
        pytest.skip("../shared/data is absent")
    ref, fast = _pair()
    texts = [a.text for a in articles[::10][:60]]
    assert _differences(ref, fast, texts) == []


def test_patterns_it_cannot_read_leave_the_original() -> None:
    import spacy

    from warlog.nlp.fast import accelerate

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TEXT": {"FUZZY": "colour"}}]], {"POS": "NOUN"})  # an operator the fast ruler lacks
    assert accelerate(nlp) == []
    assert nlp.pipe_names == ["attribute_ruler"] and type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"
