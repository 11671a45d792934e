"""The event vocabulary: data files, their consistency, codebook mapping, CAMEO translation."""

from __future__ import annotations

from pathlib import Path

import pytest

import warlog.vocab as vocab
from warlog.errors import ConfigError
from warlog.model import ActorKind
from warlog.vocab import (
    cameo_to_plover,
    check_vocabulary,
    is_valid,
    load_vocabulary,
    map_event,
    modes,
    read_vocabulary,
    trigger_lexicon,
    types,
)
from warlog.vocab.derive import cameo2plover_csv, read_cameo2plover, read_cameo_verbs
from warlog.vocab.loader import data_folder
from warlog.vocab.records import inflections

from .conftest import shared_path, vocabulary_copy, vocabulary_problems

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


# ---- the consistency test the issue requires --------------------------------------------------------


def test_vocabulary_is_consistent() -> None:
    """Every cross-reference in the data files resolves (check_vocabulary lists what does not)."""
    assert check_vocabulary(load_vocabulary()) == []


def test_plover_has_its_sixteen_types() -> None:
    assert sorted(types()) == sorted(PLOVER_TYPES)


def test_every_mapping_row_names_a_valid_type_mode_and_context() -> None:
    v = load_vocabulary()
    for row in v.codebook:
        assert is_valid(row.type, row.mode), row
        for cond in row.conditions:
            if cond.key == "context":
                assert cond.value in v.contexts, row


def test_every_trigger_names_a_valid_type_mode_and_context() -> None:
    v = load_vocabulary()
    for t in v.triggers.entries:
        assert is_valid(t.type, t.mode), t
        assert t.context is None or vocab.is_valid_context(t.context, t.type), t


def test_every_plover_type_has_a_trigger_and_a_fallback_mapping() -> None:
    v = load_vocabulary()
    for name in PLOVER_TYPES:
        assert any(t.type == name for t in v.triggers.entries), name
        assert any(r.type == name and r.mode is None and not r.conditions for r in v.codebook), name


def test_acled_and_gtd_lists_are_complete_and_every_named_category_exists() -> None:
    v = load_vocabulary()
    assert len(v.acled) == 6
    assert sum(len(subs) for subs in v.acled.values()) == 25
    assert len(v.gtd) == 9
    for row in v.codebook:
        if row.acled_event_type is not None:
            assert row.acled_sub_event_type in v.acled[row.acled_event_type], row
        if row.gtd_attack_type is not None:
            assert row.gtd_attack_type in v.gtd, row


def test_no_duplicate_trigger_rows() -> None:
    entries = load_vocabulary().triggers.entries
    keys = [(t.lemma, t.pos, tuple(sorted(t.requires))) for t in entries]
    assert len(keys) == len(set(keys))
    rows = [(t.lemma, t.pos, t.type, t.mode, t.context, t.requires) for t in entries]
    assert len(rows) == len(set(rows))


def test_cameo_roots_are_01_to_20() -> None:
    v = load_vocabulary()
    assert sorted(v.cameo_roots) == [f"{i:02d}" for i in range(1, 21)]
    assert {r.cameo_root for r in v.codebook} <= set(v.cameo_roots)
    assert all(code[:2] in v.cameo_roots for code in v.cameo)


def test_every_actor_kind_is_classified_for_the_mapping_conditions() -> None:
    classes = load_vocabulary().actor_classes
    for kind in ActorKind:
        assert any(str(kind) in members for members in classes.values()), kind


def test_check_vocabulary_reports_broken_references(tmp_path: Path) -> None:
    problems = vocabulary_problems(vocabulary_copy(tmp_path, {
        "triggers.csv": "zap,VERB,ASSAULT,laser,,,0.5,,,\nzap,VERB,ASSAULT,laser,,,0.5,,,\n",
        "codebooks.csv": "ASSAULT,firearms,target=aliens,Battles,Space battle,,21,\n"}))
    assert "ASSAULT has no mode 'laser'" in problems
    assert "duplicates line" in problems
    assert "unknown target class 'aliens'" in problems
    assert "ACLED has no Battles/Space battle" in problems
    assert "CAMEO root '21'" in problems


def test_unparseable_data_is_a_config_error_naming_the_line(tmp_path: Path) -> None:
    folder = vocabulary_copy(tmp_path, {"triggers.csv": "zap,VERB,ASSAULT,,,,heavy,,,\n"})
    with pytest.raises(ConfigError, match=r"triggers.csv:\d+: weight 'heavy'"):
        read_vocabulary(folder)


# ---- the API ----------------------------------------------------------------------------------------


def test_modes_aliases_and_legacy_names() -> None:
    assert {"abduct", "firearms", "explosives", "aerial", "suicide", "targeted", "sexual", "cbrn"} <= set(
        modes("ASSAULT"))
    assert {"seize", "arrest", "expel"} <= set(modes("COERCE"))
    assert {"demo", "riot", "strike", "hunger", "boycott"} <= set(modes("PROTEST"))
    assert is_valid("COERCE", "arrest") and is_valid("ASSAULT")
    assert not is_valid("ASSAULT", "arrest") and not is_valid("FIGHT")
    v = load_vocabulary()
    assert v.normalise_event("FIGHT", "assassinate") == ("ASSAULT", "targeted")
    assert v.normalise_event("DEMAND") == ("REQUEST", None)
    assert v.normalise_event("INVESTIGATE", "") == ("ACCUSE", "investigate")
    assert v.normalise_event("COERCE", "destroy") == ("ASSAULT", "destroy")
    assert v.normalise_event("PROTEST", "strike-hun") == ("PROTEST", "hunger")
    assert v.normalise_context("refugees") == "migration"
    with pytest.raises(ValueError, match="not a PLOVER event type"):
        modes("BRAWL")


@pytest.mark.parametrize(("type_name", "event_modes", "recipients", "acled", "gtd"), [
    # GTD codes an attack with weapons of no stated kind as an armed assault, not an unknown type
    ("ASSAULT", [], ["civilians"], "Violence against civilians/Attack", "Armed Assault"),
    ("ASSAULT", [], [], "Violence against civilians/Attack", "Armed Assault"),  # one side, no target named
    ("ASSAULT", ["firearms"], ["state_force"], "Battles/Armed clash", "Armed Assault"),
    ("ASSAULT", ["firearms"], ["civilians", "person"], "Violence against civilians/Attack", "Armed Assault"),
    ("ASSAULT", ["firearms"], ["protesters"], "Protests/Excessive force against protesters", "Armed Assault"),
    ("ASSAULT", ["aerial"], ["civilians"], "Explosions/Remote violence/Air/drone strike", None),
    ("ASSAULT", ["explosives"], [], "Explosions/Remote violence/Remote explosive/landmine/IED",
     "Bombing/Explosion"),
    ("ASSAULT", ["explosives", "suicide"], [], "Explosions/Remote violence/Suicide bomb", "Bombing/Explosion"),
    ("ASSAULT", ["abduct"], ["civilians"], "Violence against civilians/Abduction/forced disappearance",
     "Hostage Taking (Kidnapping)"),
    ("ASSAULT", ["targeted"], ["government"], "Violence against civilians/Attack", "Assassination"),
    ("ASSAULT", ["cbrn"], [], "Explosions/Remote violence/Chemical weapon", "Unarmed Assault"),
    ("COERCE", ["arrest"], ["armed_group"], "Strategic developments/Arrests", None),
    ("COERCE", ["arrest"], ["protesters"], "Protests/Protest with intervention", None),
    ("PROTEST", ["demo"], [], "Protests/Peaceful protest", None),
    ("PROTEST", ["riot"], [], "Riots/Violent demonstration", None),
    ("AGREE", [], ["government"], None, None),  # one party deciding alone is no agreement
    ("ACCUSE", [], [], None, None),
    ("MOBILIZE", ["troops"], [], "Strategic developments/Change to group/activity", None),
    ("RETREAT", ["disarm"], [], "Strategic developments/Change to group/activity", None),
    ("COERCE", ["curfew"], [], "Strategic developments/Other", None),
    ("COERCE", ["ban"], ["armed_group"], "Strategic developments/Other", None),
    ("COERCE", ["restrict"], ["civilians"], "Strategic developments/Other", None),
    ("COERCE", ["restrict"], ["protesters"], "Protests/Protest with intervention", None),
])
def test_map_event(type_name: str, event_modes: list[str], recipients: list[str], acled: str | None,
                   gtd: str | None) -> None:
    mapping = map_event(type_name, event_modes, recipients)
    assert mapping.acled == acled
    assert mapping.gtd_attack_type == gtd
    assert mapping.cameo_root is not None


def test_map_event_uses_sources_contexts_aliases_and_cameo_roots() -> None:
    captured = map_event("COERCE", ["seize"], [], contexts=["military"], source_kinds=["armed_group"])
    assert captured.acled == "Battles/Non-state actor overtakes territory"
    assert map_event("COERCE", ["seize"], [], contexts=["military"], source_kinds=["state_force"]).acled == (
        "Battles/Government regains territory")
    assert map_event("COERCE", ["confiscate"]).acled == "Strategic developments/Looting/property destruction"
    assert map_event("COERCE", ["seize"], objects=["weapon"]).acled == "Strategic developments/Disrupted weapons use"
    assert map_event("ASSAULT", [], [], source_kinds=["state_force", "armed_group"]).acled == "Battles/Armed clash"
    assert map_event("ASSAULT", ["abduct"], ["armed_group"], source_kinds=["state_force"]).acled == (
        "Strategic developments/Arrests")
    assert map_event("FIGHT", ["heavy-weapons"]).cameo_root == "19"
    agreement = "Strategic developments/Agreement"
    assert map_event("AGREE", [], ["armed_group"], source_kinds=["government"]).acled == agreement
    assert map_event("AGREE", [], source_kinds=["government", "armed_group"]).acled == agreement
    assert map_event("AGREE", [], source_kinds=["government"]).acled is None
    assert map_event("AGREE", [], ["other"], source_kinds=["state"]).acled is None  # a thing acted on is no party
    assert map_event("AGREE", [], contexts=["diplomatic"]).acled == agreement
    assert map_event("ASSAULT", ["explosives"], objects=["weapon", "hand", "grenade"]).acled == (
        "Explosions/Remote violence/Grenade")
    assert map_event("ASSAULT", ["explosives"], objects=["weapon", "car", "bomb"]).acled == (
        "Explosions/Remote violence/Remote explosive/landmine/IED")
    assert map_event("MOBILIZE", ["base"]).acled == "Strategic developments/Headquarters or base established"
    assert map_event("ASSAULT", ["suicide-attack"]).acled_sub_event_type == "Suicide bomb"
    assert map_event("COERCE", ["arrest"]).cameo_root == "17"
    mapping = map_event("ASSAULT", ["firearms"], ["civilians"])
    assert (mapping.mode, mapping.condition, mapping.row > 0) == ("firearms", "target=civilians", True)
    assert mapping.to_dict()["acled_event_type"] == "Violence against civilians"


def test_seed_gold_events_map_to_their_gold_codebook_labels() -> None:
    """The seed gold file's events (gold/seed.json) as the extractor would type them."""
    assert map_event("COERCE", ["arrest"], ["armed_group"]).acled == "Strategic developments/Arrests"
    attack = map_event("ASSAULT", ["abduct", "firearms"], ["state_force"])
    assert attack.acled == "Battles/Armed clash"
    assert attack.gtd_attack_type == "Hostage Taking (Kidnapping)"
    assert map_event("ASSAULT", ["targeted"], ["armed_group"]).acled == "Battles/Armed clash"


def test_trigger_lexicon_is_indexed_by_lemma_first_word_and_inflection() -> None:
    lexicon = trigger_lexicon()
    assert {t.type for t in lexicon.lookup("kidnap", "VERB")} == {"ASSAULT"}
    assert {t.mode for t in lexicon.lookup("arrest")} == {"arrest"}
    assert "gun down" in {t.lemma for t in lexicon.starting_with("gun")}
    assert "take * hostage" in {t.lemma for t in lexicon.starting_with("took")}
    assert any(t.lemma == "rape" for t in lexicon.lookup("raped"))
    assert len(lexicon) == len(lexicon.entries) > 400
    wanted = {"kill", "slay", "execute", "murder", "assassinate", "shoot", "gun down", "ambush", "attack",
              "raid", "storm", "bomb", "shell", "airstrike", "strike", "blow up", "detonate", "explode",
              "fire", "clash", "fight", "battle", "kidnap", "abduct", "take * hostage", "seize", "capture",
              "arrest", "detain", "apprehend", "round up", "imprison", "sentence", "deport", "expel",
              "protest", "demonstrate", "march", "riot", "accuse", "blame", "suspect", "condemn",
              "threaten", "warn", "demand", "call * for", "negotiate", "meet", "agree", "sign", "ceasefire",
              "release", "free", "withdraw", "retreat", "surrender", "deploy", "mobilize", "besiege",
              "blockade", "loot", "burn", "torch", "destroy", "rape", "torture", "wound", "injure",
              "set fire to", "open fire", "hold * hostage"}
    assert wanted <= {t.lemma for t in lexicon.entries}
    nouns = {"attack", "raid", "bombing", "ambush", "airstrike", "kidnapping", "murder", "execution", "arrest",
             "capture", "clash", "protest"}
    assert nouns <= {t.lemma for t in lexicon.entries if t.pos == "NOUN"}


def test_inflections() -> None:
    assert inflections("rape", "VERB") == ("rapes", "raped", "raping")
    assert inflections("ambush", "VERB") == ("ambushes", "ambushed", "ambushing")
    assert inflections("stab", "VERB") == ("stabs", "stabbed", "stabbing")
    assert inflections("bury", "VERB") == ("buries", "buried", "burying")
    assert inflections("militia", "NOUN") == ("militias",)


@pytest.mark.parametrize(("code", "expected"), [
    ("173", ("COERCE", "arrest")),
    ("1831", ("ASSAULT", "suicide")),
    ("195", ("ASSAULT", "aerial")),
    ("1712", ("ASSAULT", "destroy")),
    ("0874", ("RETREAT", "disarm")),
    ("1999", ("ASSAULT", None)),
    ("112", ("ACCUSE", "disapprove")),
])
def test_cameo_to_plover(code: str, expected: tuple[str, str | None]) -> None:
    found = cameo_to_plover(code)
    assert found is not None
    assert (found.type, found.mode) == expected


def test_cameo_codes_outside_plover() -> None:
    assert cameo_to_plover("02") is None
    assert cameo_to_plover("0211") is None
    assert cameo_to_plover("x17") is None
    repression = cameo_to_plover("175")
    assert repression is not None and "pro_autocracy" in repression.contexts


# ---- derivation tools -------------------------------------------------------------------------------


def test_read_cameo2plover_normalises_and_corrects(tmp_path: Path) -> None:
    src = tmp_path / "c2p.txt"
    src.write_text("# header\n18: ASSAULT\n185: ASSAULT, assassinate,  # attempt\n"
                   "195: ASSAULT, heavy-weapons, military # aerial\n"
                   "1421: PROTEST, strike-hun, executive # hunger\n"
                   "093: INVESTIGATE, , military # old type name\n", "utf-8")
    rows = {m.code: m for m in read_cameo2plover(src, load_vocabulary())}
    assert (rows["185"].type, rows["185"].mode) == ("ASSAULT", "targeted")
    assert rows["195"].mode == "aerial"
    assert (rows["1421"].mode, rows["1421"].contexts) == ("hunger", ("executive",))
    assert rows["093"].type == "ACCUSE"
    lines = cameo2plover_csv(list(rows.values())).splitlines()
    assert lines[-6:-4] == ["code,type,mode,contexts,label", "18,ASSAULT,,,"]


def test_shipped_cameo_table_is_the_derivation_of_cameo2plover() -> None:
    src = shared_path("data", "plover", "CAMEO2PLOVER-2021.txt")
    derived = cameo2plover_csv(read_cameo2plover(src, load_vocabulary()))
    assert (data_folder() / "cameo2plover.csv").read_text("utf-8") == derived


def test_read_cameo_verbs(tmp_path: Path) -> None:
    src = tmp_path / "verbs.txt"
    src.write_text("---  APPREHEND   [171]  ---\n+ARREST_AND {+ARRESTS_AND }\nARREST [173] \n"
                   "CATCH {CATCHES CAUGHT }  # comment\n- * THE SUSPECT [173]  # pattern\n\n"
                   "---  FILE   [---]  ---\nFILE\n", "utf-8")
    verbs = [(v.lemma, v.code) for v in read_cameo_verbs(src)]
    assert verbs == [("arrest and", "171"), ("arrest", "173"), ("catch", "171")]


def test_every_acled_sub_event_and_gtd_attack_type_has_a_codebook_row() -> None:
    v = load_vocabulary()
    mapped = {(r.acled_event_type, r.acled_sub_event_type) for r in v.codebook}
    missing = [(t, s) for t, subs in v.acled.items() for s in subs if (t, s) not in mapped]
    assert missing == []  # every one of ACLED's 25 sub-event types can come out
    gtd = {r.gtd_attack_type for r in v.codebook}
    assert set(v.gtd) - gtd == {"Unknown"}, set(v.gtd) - gtd  # every GTD attack type but "Unknown"
