"""The packaged actor knowledge base: its files, its index and its EntityRuler patterns."""

from __future__ import annotations

import json
import time
from importlib import resources

import pytest

from warlog.actors import generic
from warlog.actors.kb import ActorKB, record_from_dict
from warlog.actors.names import is_acronym, normalise
from warlog.model import ActorKind, ActorRecord


def _lines(name: str) -> list[dict[str, object]]:
    text = resources.files("warlog.actors").joinpath("data", name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.default()


def test_curated_records_are_well_formed(kb: ActorKB) -> None:
    rows = _lines("curated.jsonl")
    ids = [str(r["actor_id"]) for r in rows]
    assert len(ids) == len(set(ids)) and len(rows) >= 100
    countries = generic.countries()
    for row in rows:
        r = record_from_dict(row)
        assert r.source == "warlog"
        assert r.actor_id.startswith(f"{r.kind}:")
        assert r.country is None or r.country in countries, r.actor_id
        assert r.parent is None or kb.get(r.parent) is not None, (r.actor_id, r.parent)
        national = generic.record_for_id(r.actor_id)
        assert national is None or national.name == r.name, (r.actor_id, national)


def test_curated_names_belong_to_one_record_except_known_ambiguous_acronyms() -> None:
    owners: dict[str, set[str]] = {}
    for row in _lines("curated.jsonl"):
        for n in [row["name"], *row["aliases"]]:  # type: ignore[misc]
            key = str(n) if is_acronym(str(n)) else normalise(str(n))
            owners.setdefault(key, set()).add(str(row["actor_id"]))
    shared = {k for k, v in owners.items() if len(v) > 1}
    assert shared == {"ISI", "SNA"}  # Pakistan's ISI / Islamic State of Iraq; Syrian / Somali National Army


def test_converted_records_carry_the_attribution() -> None:
    rows = _lines("actors.jsonl")
    assert len(rows) > 4000
    assert {str(r["source"]) for r in rows} == {"Phoenix dictionaries, Open Event Data Alliance, MIT"}
    ids = [str(r["actor_id"]) for r in rows]
    assert ids == sorted(set(ids))
    kinds = {ActorKind(str(r["kind"])) for r in rows}
    assert {ActorKind.ARMED_GROUP, ActorKind.STATE, ActorKind.GOVERNMENT, ActorKind.PERSON} <= kinds


def test_load_is_fast_and_merges_curated_first() -> None:
    t = time.perf_counter()
    fresh = ActorKB.load()
    assert time.perf_counter() - t < 2.0  # measured ≈ 0.25 s on one core; the bound catches a blow-up
    irgc = fresh.get("state_force:irn:irgc")
    assert irgc is not None and irgc.name == "Islamic Revolutionary Guard Corps"  # curated fields win
    assert "Revolutionary Guard" in irgc.aliases
    assert "Quds Force" not in irgc.aliases  # Phoenix's alias is the Quds Force record's now


@pytest.mark.parametrize(("text", "actor_id"), [
    ("Qods Force", "state_force:irn:quds-force"),
    ("Quds Force", "state_force:irn:quds-force"),
    ("IRGC-QF", "state_force:irn:quds-force"),
    ("Qais al-Khazali", "person:irq:qais-al-khazali"),
    ("Qais Qazali", "person:irq:qais-al-khazali"),
    ("JAM", "armed_group:irq:mahdi-army"),
    ("Jaish al-Mahdi", "armed_group:irq:mahdi-army"),
    ("MNF-I", "international_force:mnf-i"),
    ("Multinational Forces Iraq", "international_force:mnf-i"),
    ("Hizballah", "armed_group:lbn:hezbollah"),
    ("Iran", "state:irn"),
    ("Iraq", "state:irq"),
    ("Iraqi", "state:irq"),
    ("Boko Haram", "armed_group:nga:boko-haram"),
    ("Izz ad-Din al-Qassam Brigades", "armed_group:pse:qassam-brigades"),
])
def test_lookup_best_match(kb: ActorKB, text: str, actor_id: str) -> None:
    found = kb.lookup(text, person=actor_id.startswith("person:"))
    assert found and found[0].record.actor_id == actor_id


def test_short_acronyms_need_upper_case(kb: ActorKB) -> None:
    assert all(m.record.actor_id != "armed_group:irq:mahdi-army" for m in kb.lookup("jam"))
    assert all(m.record.actor_id != "armed_group:irq:mahdi-army" for m in kb.lookup("Jam"))


def test_skeleton_lookup(kb: ActorKB) -> None:
    assert "armed_group:lbn:hezbollah" in {m.record.actor_id for m in kb.by_skeleton("Hezbullah")}
    assert "state:irn" not in {m.record.actor_id for m in kb.by_skeleton("Iraq")}
    assert kb.by_skeleton("Hama") == [] or all(m.record.actor_id != "armed_group:pse:hamas"
                                                for m in kb.by_skeleton("Hama"))


def test_generic_records_are_made_on_demand(kb: ActorKB) -> None:
    r = kb.get("state_force:afg:police")
    assert r is not None and r.name == "Afghan police"
    assert kb.get("state_force:usa:military") is not None
    assert "US Army" in kb.get("state_force:usa:military").aliases  # type: ignore[union-attr]
    assert kb.get("state_force:zzz:police") is None and "no:such:id" not in kb


def test_add_merges_and_indexes() -> None:
    small = ActorKB([ActorRecord("armed_group:new:x", "Xanadu Brigade", ActorKind.ARMED_GROUP)])
    small.add([ActorRecord("armed_group:new:x", "Xanadu Brigades", ActorKind.ARMED_GROUP,
                           aliases=("XB", "Xanadu Brigade"))])
    r = small.get("armed_group:new:x")
    assert r is not None and r.name == "Xanadu Brigade" and r.aliases == ("Xanadu Brigades", "XB")
    assert small.lookup("XB")[0].how == "acronym"
    assert small.lookup("xanadu brigades")[0].how == "alias"
    assert small.stats() == {"armed_group": {"records": 1, "aliases": 2}}


def test_ruler_patterns(kb: ActorKB) -> None:
    pats = kb.ruler_patterns()
    assert 1000 < len(pats) <= 20000
    assert {p["label"] for p in pats} == {"ORG", "PERSON"}
    assert all(kb.get(p["id"]) is not None for p in pats)
    phrases = {p["pattern"] for p in pats if isinstance(p["pattern"], str)}
    tokens = {" ".join(t["TEXT"] for t in p["pattern"]) for p in pats if isinstance(p["pattern"], list)}
    for name in ("Qods Force", "Zafr Command", "Mahdi Army", "Special Groups", "Ramazan Corps"):
        assert name in phrases, name
    for name in ("Coalition", "JAM", "ISIS", "Taliban"):  # case-sensitive: words in lower case
        assert name in tokens and name not in phrases, name
    assert not phrases & {"police", "Iraq", "Iran", "Iraqi police", "Red Line", "Direct Action"}
    assert "Sadr" not in phrases | tokens  # one-word person names would break "Sadr City"
    assert "Muqtada al-Sadr" in phrases


def test_ruler_patterns_use_the_given_tokenizer(kb: ActorKB) -> None:
    def isk(pats: list[dict[str, object]]) -> list[object]:
        return [p["pattern"] for p in pats if p["id"] == "armed_group:afg:islamic-state-khorasan"
                and isinstance(p["pattern"], list)]

    assert [{"TEXT": "IS"}, {"TEXT": "-"}, {"TEXT": "K"}] in isk(kb.ruler_patterns())
    assert [{"TEXT": "IS"}, {"TEXT": "K"}] in isk(kb.ruler_patterns(lambda s: s.split("-")))
    assert len(kb.ruler_patterns(limit=10)) == 10
