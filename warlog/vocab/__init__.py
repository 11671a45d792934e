"""warlog's event vocabulary: PLOVER event types, modes and contexts, their mappings to ACLED, GTD
and CAMEO, the trigger lexicon the extractor reads, and CAMEO -> PLOVER translation.

Everything lives in data files under `warlog/vocab/data` (change them, not this code):
  plover.toml          PLOVER types (description, modes, allowed contexts), contexts, legacy names,
                       certainty values (warlog.model.EventType and Certainty must name the same)
  codebooks.csv        PLOVER type/mode + condition -> ACLED event/sub-event type, GTD attack type,
                       CAMEO root; the selection rule and the conditions are described in its header
  codebook_lists.toml  the ACLED and GTD category lists, CAMEO roots, actor-kind classes
  triggers.csv         trigger lexicon: lemma (sequence), part of speech, type, mode, context,
                       requires, weight
  noun_classes.csv     semantic classes of nouns for the `obj:` / `subj:` trigger requirements
  cameo2plover.csv     CAMEO code -> PLOVER type, mode, contexts (derived from CAMEO2PLOVER-2021)
  place_types.csv      place type words ("province", "city", "checkpoint"): their kind and who reads
                       them (gazetteer keys, relation and anaphora extraction, the `place` noun class)
  demonyms.csv         national demonyms -> country names (relation extraction)
  country_adjectives.csv  display adjectives of countries ("US", "Emirati") for warlog.actors.convert

`load_vocabulary()` parses them once per process. The module functions below read that cached copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from .. import model
from .loader import Vocabulary, check_vocabulary, read_vocabulary
from .records import (
    CameoMapping,
    CodebookMapping,
    CodebookRow,
    Condition,
    Context,
    EventType,
    Mode,
    PlaceType,
    Trigger,
    TriggerLexicon,
)

__all__ = [
    "CameoMapping",
    "CodebookMapping",
    "CodebookRow",
    "Condition",
    "Context",
    "EventType",
    "Mode",
    "PlaceType",
    "Trigger",
    "TriggerLexicon",
    "Vocabulary",
    "acled_types",
    "cameo_to_plover",
    "check_vocabulary",
    "contexts",
    "event_type",
    "gtd_attack_types",
    "is_valid",
    "is_valid_context",
    "load_vocabulary",
    "map_event",
    "modes",
    "read_vocabulary",
    "trigger_lexicon",
    "type_of",
    "types",
]


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """The vocabulary shipped with warlog (parsed once per process)."""
    return read_vocabulary()


def types() -> tuple[str, ...]:
    """The PLOVER event type names, in the order of plover.toml."""
    return tuple(load_vocabulary().types)


def event_type(name: str) -> EventType:
    """The EventType called `name` (current or legacy name, any case); ValueError if there is none."""
    v = load_vocabulary()
    key = v.normalise_type(name)
    if key is None:
        raise ValueError(f"{name!r} is not a PLOVER event type")
    return v.types[key]


def type_of(name: str) -> model.EventType:
    """The model's EventType a stored or extracted name stands for; a name of an earlier PLOVER draft
    ("FIGHT", "DEMAND") reads as its current type (plover.toml [legacy_types]). ValueError for a name
    that is no PLOVER type."""
    try:
        return model.EventType(name)
    except ValueError:
        current = load_vocabulary().normalise_type(name)
        if current is None:
            raise ValueError(f"{name!r} is not a PLOVER event type") from None
        return model.EventType(current)


def modes(type_name: str) -> tuple[str, ...]:
    """The mode names of a PLOVER type (ValueError for an unknown type)."""
    return event_type(type_name).mode_names


def contexts() -> tuple[str, ...]:
    return tuple(load_vocabulary().contexts)


def is_valid(type_name: str, mode: str | None = None) -> bool:
    """Whether `type_name` is a current PLOVER type and `mode` (if given) one of its canonical modes.
    Legacy names and aliases are not valid here; Vocabulary.normalise_event translates them."""
    t = load_vocabulary().types.get(type_name)
    return t is not None and (mode is None or mode in t.mode_names)


def is_valid_context(name: str, type_name: str | None = None) -> bool:
    v = load_vocabulary()
    if name not in v.contexts:
        return False
    return type_name is None or (type_name in v.types and name in v.types[type_name].contexts)


def acled_types() -> dict[str, tuple[str, ...]]:
    """ACLED event types -> their sub-event types."""
    return dict(load_vocabulary().acled)


def gtd_attack_types() -> tuple[str, ...]:
    return load_vocabulary().gtd


def trigger_lexicon() -> TriggerLexicon:
    """The trigger lexicon, indexed by lemma (`lookup`) and by the first lemma of multiword
    triggers (`starting_with`)."""
    return load_vocabulary().triggers


def cameo_to_plover(code: str) -> CameoMapping | None:
    """The PLOVER translation of a CAMEO event code ("173", "0874", "18"). A code missing from the
    table falls back to its longest listed prefix ("1999" -> "19"); None for codes outside PLOVER
    (CAMEO 01 and 02, comments and appeals, are not coded in PLOVER) or malformed codes."""
    table = load_vocabulary().cameo
    key = code.strip()
    if not key.isdigit():
        return None
    while len(key) >= 2:
        if key in table:
            return table[key]
        key = key[:-1]
    return None


# --------------------------------------------------------------------------------------------------
# Codebook mapping


def _in_class(v: Vocabulary, kinds: Iterable[str], name: str) -> bool:
    members = v.actor_classes.get(name, frozenset())
    return any(k in members for k in kinds)


def _holds(v: Vocabulary, cond: Condition, recipients: Sequence[str], sources: Sequence[str],
           ctx: frozenset[str], objects: frozenset[str] = frozenset()) -> bool:
    if cond.key == "context":
        return cond.value in ctx
    if cond.key in ("object", "weapon"):  # objects hold "weapon" and the words of the weapon's name
        return cond.value in objects
    if cond.key == "source":
        if cond.value == "sides":  # two or more parties act: a fight, not one side's attack
            return len(sources) >= 2
        if cond.value == "parties":  # an agreement is between two or more parties, on either side (a
            #                            recipient of no known kind, "the settlements", is no party)
            return len(sources) + sum(1 for r in recipients if r != "other") >= 2
        return _in_class(v, sources, cond.value)
    # target=...
    if cond.value == "none":
        return not recipients
    armed = _in_class(v, recipients, "armed")
    if cond.value == "armed":
        return armed
    if cond.value == "civilians":
        return not armed and _in_class(v, recipients, "civilians")
    return not armed and _in_class(v, recipients, cond.value)


def map_event(type_name: str, modes: Sequence[str] = (), recipient_kinds: Sequence[str] = (), *,
              contexts: Sequence[str] = (), source_kinds: Sequence[str] = (),
              objects: Sequence[str] = ()) -> CodebookMapping:
    """Map a PLOVER event to ACLED, GTD and CAMEO by the rows of codebooks.csv.

    `recipient_kinds` / `source_kinds` are actor kinds (warlog.model.ActorKind values such as
    "civilians", "state_force", "armed_group"); no recipients means two-sided violence. Modes are
    tried in the order their rows appear in codebooks.csv, and for each mode the matching row with
    the most conditions wins; rows with no mode are the type's fallback. Legacy type names and mode
    aliases are accepted. `objects` are the classes of what the act is done to besides people
    ("weapon": weapons seized or defused), with the words of the weapon's name, singular ("hand grenade":
    `weapon=grenade`). ValueError for an unknown type."""
    v = load_vocabulary()
    name = v.normalise_type(type_name)
    if name is None:
        raise ValueError(f"{type_name!r} is not a PLOVER event type")
    wanted = {m for m in (v.normalise_mode(name, x) for x in modes) if m is not None}
    ctx = frozenset(c for c in (v.normalise_context(x) for x in contexts) if c is not None)
    things = frozenset(objects)
    rows = [r for r in v.codebook if r.type == name]
    order: list[str | None] = []
    for r in rows:
        if r.mode in wanted and r.mode not in order:
            order.append(r.mode)
    order.append(None)
    for mode in order:
        matching = [r for r in rows if r.mode == mode
                    and all(_holds(v, c, recipient_kinds, source_kinds, ctx, things) for c in r.conditions)]
        if matching:
            best = max(matching, key=lambda r: (len(r.conditions), -r.line))
            return CodebookMapping(type=name, mode=best.mode, condition=best.condition,
                                   acled_event_type=best.acled_event_type,
                                   acled_sub_event_type=best.acled_sub_event_type,
                                   gtd_attack_type=best.gtd_attack_type, cameo_root=best.cameo_root,
                                   row=best.line)
    return CodebookMapping(type=name)
