"""The extractor's view of the trigger lexicon (`warlog.vocab`): one sense per lemma and part of
speech (the strongest reading that needs nothing more than the parse gives), multiword triggers
keyed by their first and last word ("take hostage", "gun down", "call for"), and the casualty count
each trigger's victims give (data: extract/data/count_roles.csv)."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from ..vocab import trigger_lexicon
from .senses import Lexicon, TriggerSense

#: Requirements the extractor does not check yet; entries that need them are left out. (`obj:` is
#: checked: the sense applies when the object's noun class is one of those named; so are `subj:`, the
#: subject's, `no-object`, and `with:`, the words one of which must stand by the trigger.)
UNCHECKED = ("instrument", "comp")
MIN_WEIGHT = 0.55
NEEDS_AGENT_TYPES = frozenset({"ACCUSE", "THREATEN", "REJECT"})


@lru_cache(maxsize=1)
def count_roles() -> dict[str, str]:
    text = resources.files("warlog.extract").joinpath("data/count_roles.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    return {r["lemma"]: r["role"] for r in rows}


def _count(lemma: str, type_: str, mode: str | None) -> str | None:
    roles = count_roles()
    if lemma in roles:
        return roles[lemma]
    first = lemma.split()[0]
    if mode == "abduct":
        return "abducted"
    if type_ == "COERCE" and mode == "arrest":
        return "detained"
    return roles.get(first) if type_ in ("ASSAULT", "COERCE") else None


@lru_cache(maxsize=1)
def extractor_lexicon() -> Lexicon:
    """(lemma, POS) → senses, strongest first."""
    out: dict[tuple[str, str], list[TriggerSense]] = {}
    for t in trigger_lexicon().entries:
        if t.pos not in ("VERB", "NOUN") or t.weight < MIN_WEIGHT:
            continue
        if any(r.startswith(UNCHECKED) for r in t.requires):
            continue
        words = [w for w in t.lemmas if w != "*"]
        if len(words) > 2:
            words = [words[0], words[1]] if words[1] not in ("to", "of", "on", "at") else [words[0], words[-1]]
        key = (" ".join(words), t.pos)
        sense = TriggerSense(type=t.type, mode=t.mode, count=_count(" ".join(words), t.type, t.mode),
                             weight=t.weight, needs_agent=t.type in NEEDS_AGENT_TYPES, objects=t.requirement("obj"),
                             mutual="mutual" in t.requires, undergo="undergo" in t.requires, context=t.context,
                             no_object="no-object" in t.requires, subjects=t.requirement("subj"),
                             partners=t.requirement("with"))
        out.setdefault(key, []).append(sense)
    return {k: tuple(sorted(v, key=lambda s: -s.weight)) for k, v in out.items()}


@lru_cache(maxsize=1)
def instrument_modes() -> dict[str, str]:
    """Weapons and means named in the text → the ASSAULT mode they set ("drone" → aerial, "IED" →
    explosives, "machete" → primitive): the lexicon's `instrument` rows."""
    return {" ".join(t.lemmas): t.mode for t in trigger_lexicon().entries
            if "instrument" in t.requires and t.mode and t.type == "ASSAULT"}
