"""Finding triggers in parsed sentences and typing them, on hand-parsed spaCy Docs (no model)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

from warlog.vocab import load_vocabulary
from warlog.vocab.matching import UNVERIFIED, find_triggers
from warlog.vocab.typer import choose

#: (word, lemma, pos, head index, dependency label) per token; the root is its own head.
Parse = list[tuple[str, str, str, int, str]]


def parsed(tokens: Parse) -> list[Any]:
    doc = Doc(Vocab(), words=[t[0] for t in tokens], lemmas=[t[1] for t in tokens],
              pos=[t[2] for t in tokens], heads=[t[3] for t in tokens], deps=[t[4] for t in tokens])
    return list(doc)


def typed(tokens: Parse) -> tuple[str | None, list[str]]:
    v = load_vocabulary()
    toks = parsed(tokens)
    return choose(toks, find_triggers(toks, v), v)


def lemmas_found(tokens: Parse) -> list[str]:
    toks = parsed(tokens)
    return [m.trigger.lemma for m in find_triggers(toks, load_vocabulary())]


GUNNED_DOWN: Parse = [
    ("Gunmen", "gunman", "NOUN", 1, "nsubj"), ("gunned", "gun", "VERB", 1, "ROOT"),
    ("two", "two", "NUM", 3, "nummod"), ("policemen", "policeman", "NOUN", 1, "dobj"),
    ("down", "down", "ADP", 1, "prt")]


def test_multiword_trigger_with_a_gap() -> None:
    assert "gun * down" in lemmas_found(GUNNED_DOWN)
    assert typed(GUNNED_DOWN) == ("ASSAULT", ["firearms"])


def test_hyphenated_compound_and_covered_single_words() -> None:
    tokens: Parse = [("An", "an", "DET", 3, "det"), ("air", "air", "NOUN", 3, "compound"),
                     ("-", "-", "PUNCT", 3, "punct"), ("strike", "strike", "NOUN", 4, "nsubj"),
                     ("hit", "hit", "VERB", 4, "ROOT"), ("Idlib", "Idlib", "PROPN", 4, "dobj")]
    found = lemmas_found(tokens)
    assert "air strike" in found
    assert "strike" not in found  # covered by the longer match
    assert typed(tokens)[0] == "ASSAULT"
    assert "aerial" in typed(tokens)[1]


def test_object_class_contradiction_drops_the_reading() -> None:
    statement: Parse = [("Rebels", "rebel", "NOUN", 1, "nsubj"), ("released", "release", "VERB", 1, "ROOT"),
                        ("a", "a", "DET", 3, "det"), ("statement", "statement", "NOUN", 1, "dobj")]
    hostages: Parse = [("Rebels", "rebel", "NOUN", 1, "nsubj"), ("released", "release", "VERB", 1, "ROOT"),
                       ("two", "two", "NUM", 3, "nummod"), ("hostages", "hostage", "NOUN", 1, "dobj")]
    assert typed(statement) == (None, [])
    assert typed(hostages) == ("RETREAT", ["release"])


def test_unverifiable_object_lowers_confidence() -> None:
    tokens: Parse = [("They", "they", "PRON", 1, "nsubj"), ("released", "release", "VERB", 1, "ROOT"),
                     ("Smith", "Smith", "PROPN", 1, "dobj")]
    (match,) = [m for m in find_triggers(parsed(tokens), load_vocabulary()) if m.trigger.lemma == "release"]
    assert match.confidence == UNVERIFIED


def test_lemmatiser_errors_are_caught_by_surface_forms() -> None:
    tokens: Parse = [("Soldiers", "soldier", "NOUN", 1, "nsubj"), ("raped", "rap", "VERB", 1, "ROOT"),
                     ("women", "woman", "NOUN", 1, "dobj")]
    assert typed(tokens) == ("ASSAULT", ["sexual"])


def test_main_verb_outranks_embedded_event_and_gives_the_threat_its_mode() -> None:
    tokens: Parse = [("Rebels", "rebel", "NOUN", 1, "nsubj"), ("threatened", "threaten", "VERB", 1, "ROOT"),
                     ("to", "to", "PART", 3, "aux"), ("impose", "impose", "VERB", 1, "xcomp"),
                     ("a", "a", "DET", 5, "det"), ("curfew", "curfew", "NOUN", 3, "dobj")]
    assert typed(tokens) == ("THREATEN", ["restrict"])


def test_future_cooperation_is_agree_and_future_conflict_a_threat() -> None:
    release: Parse = [("Rebels", "rebel", "NOUN", 2, "nsubj"), ("will", "will", "AUX", 2, "aux"),
                      ("release", "release", "VERB", 2, "ROOT"), ("the", "the", "DET", 4, "det"),
                      ("hostages", "hostage", "NOUN", 2, "dobj")]
    blockade: Parse = [("Farmers", "farmer", "NOUN", 2, "nsubj"), ("would", "would", "AUX", 2, "aux"),
                       ("blockade", "blockade", "VERB", 2, "ROOT"), ("Paris", "Paris", "PROPN", 2, "dobj")]
    assert typed(release) == ("AGREE", [])
    assert typed(blockade) == ("THREATEN", ["restrict"])


def test_obligation_is_a_request_and_negation_a_rejection() -> None:
    must: Parse = [("Syria", "Syria", "PROPN", 2, "nsubj"), ("must", "must", "AUX", 2, "aux"),
                   ("withdraw", "withdraw", "VERB", 2, "ROOT"), ("its", "its", "PRON", 4, "poss"),
                   ("troops", "troop", "NOUN", 2, "dobj")]
    negated: Parse = [("Rebels", "rebel", "NOUN", 3, "nsubj"), ("did", "do", "AUX", 3, "aux"),
                      ("not", "not", "PART", 3, "neg"), ("meet", "meet", "VERB", 3, "ROOT"),
                      ("the", "the", "DET", 5, "det"), ("envoy", "envoy", "NOUN", 3, "dobj")]
    assert typed(must) == ("REQUEST", ["yield"])
    assert typed(negated) == ("REJECT", ["meet"])


def test_intent_hands_over_to_the_complement() -> None:
    tokens: Parse = [("Iraq", "Iraq", "PROPN", 1, "nsubj"), ("is", "be", "AUX", 1, "ROOT"),
                     ("prepared", "prepared", "ADJ", 1, "acomp"), ("to", "to", "PART", 4, "aux"),
                     ("impose", "impose", "VERB", 2, "xcomp"), ("martial", "martial", "ADJ", 6, "amod"),
                     ("law", "law", "NOUN", 4, "dobj")]
    assert typed(tokens) == ("THREATEN", ["restrict"])


def test_noun_trigger_stands_for_its_light_verb_and_instruments_only_give_modes() -> None:
    tokens: Parse = [("Students", "student", "NOUN", 1, "nsubj"), ("staged", "stage", "VERB", 1, "ROOT"),
                     ("demonstrations", "demonstration", "NOUN", 1, "dobj"), ("to", "to", "PART", 4, "aux"),
                     ("demand", "demand", "VERB", 1, "advcl"), ("reforms", "reform", "NOUN", 4, "dobj")]
    assert typed(tokens) == ("PROTEST", ["demo"])
    machete: Parse = [("Machetes", "machete", "NOUN", 1, "nsubj"), ("were", "be", "AUX", 1, "ROOT")]
    assert typed(machete) == (None, [])


def test_flat_typing_takes_the_highest_weight() -> None:
    v = load_vocabulary()
    toks = parsed([("Rebels", "rebel", "NOUN", 1, "nsubj"), ("warned", "warn", "VERB", 1, "ROOT"),
                   ("they", "they", "PRON", 4, "nsubj"), ("would", "would", "AUX", 4, "aux"),
                   ("attack", "attack", "VERB", 1, "ccomp"), ("him", "he", "PRON", 4, "dobj")])
    assert choose(toks, find_triggers(toks, v), v, structure=False) == ("ASSAULT", [])
    assert choose(toks, find_triggers(toks, v), v)[0] == "THREATEN"
