"""Every gold actor of the seed document resolves to a record (skipped where ../shared is absent)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from warlog.actors.kb import ActorKB
from warlog.actors.names import normalise
from warlog.actors.resolve import ActorCandidate, ActorResolver
from warlog.model import ActorKind, ActorMention, Span

from .conftest import shared_path

LABELS = {"person": "PERSON", "state": "GPE"}


def gold_actors() -> list[dict[str, Any]]:
    with shared_path("gold", "seed.json").open(encoding="utf-8") as f:
        actors: list[dict[str, Any]] = json.load(f)["actors"]
    return actors


def names_of(actor: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys([actor["name"], *actor.get("forms", []), *actor.get("aliases", [])]))


def test_every_gold_actor_resolves_to_one_record_of_its_kind() -> None:
    kb = ActorKB.default()
    actors = gold_actors()
    cands: list[ActorCandidate] = []
    owner: list[int] = []
    pos = 0
    for i, a in enumerate(actors):  # one document: names in gold order, as a report introduces them
        for n in names_of(a):
            cands.append(ActorCandidate(Span(0, 0, pos, pos + len(n), n), LABELS.get(a["kind"], "ORG")))
            owner.append(i)
            pos += len(n) + 1
    resolver = ActorResolver(kb)
    mentions = resolver.resolve_document(cands, focus_country="IRQ")
    assert len(mentions) == len(cands)
    ids: dict[int, set[str]] = {}
    for i, m in zip(owner, mentions, strict=True):
        assert m.actor_id and resolver.get(m.actor_id) is not None, m
        ids.setdefault(i, set()).add(m.actor_id)
        a = actors[i]
        assert m.kind is ActorKind(a["kind"]), (m.span.text, m.kind)
        if a.get("country"):
            assert m.country == a["country"], (m.span.text, m.country)
    for i, found in ids.items():
        assert len(found) == 1, (actors[i]["name"], found)  # all names and forms: one record
    assert len(set().union(*ids.values())) == len(actors)  # and distinct actors: distinct records


def test_qods_and_quds_and_the_khazalis() -> None:
    r = ActorResolver(ActorKB.default())

    def rid(text: str, label: str = "ORG") -> str | None:
        m = r.resolve_name(text, label)
        return m.actor_id if m else None

    assert rid("Qods Force") == rid("Quds Force") == "state_force:irn:quds-force"
    assert rid("Qais Qazali", "PERSON") == rid("Qais al-Khazali", "PERSON") == "person:irq:qais-al-khazali"
    assert rid("Laith al-Khazali", "PERSON") == rid("Layith Qazali", "PERSON") != rid("Qais Qazali", "PERSON")


@pytest.mark.integration
def test_seed_text_with_the_model_finds_every_gold_actor() -> None:
    import spacy

    from warlog.actors.candidates import document_candidates
    from warlog.model import Media, RawDocument
    from warlog.nlp import add_patterns, annotate, available_model
    from warlog.run import build_document

    text = shared_path("seed", "000_1883449a268877a5.txt").read_text(encoding="utf-8")
    doc = build_document(RawDocument(origin="seed", content=text, media=Media.TEXT))
    nlp = spacy.load(available_model())  # a copy of its own: the patterns stay out of the cached pipeline
    kb = ActorKB.default()
    add_patterns(nlp, kb.ruler_patterns(lambda s: [t.text for t in nlp.tokenizer(s)]))
    (segments,) = annotate([doc], nlp)
    mentions = ActorResolver(kb).resolve_document(document_candidates(segments), focus_country="IRQ")
    for m in mentions:
        assert doc.text[m.span.start:m.span.end] == m.span.text

    def keys(m: ActorMention) -> set[str]:
        r = kb.get(m.actor_id or "")
        return {normalise(m.name), normalise(m.span.text), *(normalise(a) for a in (r.aliases if r else ()))}

    missing = [a["name"] for a in gold_actors()
               if not any(normalise(n) in keys(m) for m in mentions for n in [a["name"], *a.get("forms", [])])]
    assert missing == []
