"""Typed records of the event vocabulary (warlog.vocab): PLOVER types, modes and contexts, codebook
mapping rows, trigger lexicon entries and CAMEO translations. All are frozen; the loader builds them
once from the data files in `warlog/vocab/data`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


def _empty_mapping() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Mode:
    """A PLOVER mode (the `how` of an event) of one event type; `aliases` are older names for it."""

    name: str
    description: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EventType:
    """A PLOVER event type. `contexts` lists the contexts allowed with it (PLOVER allows all).
    `future_type` / `negated_type`: the type PLOVER codes when the event is only announced for the
    future ("will withdraw" -> AGREE) or refused ("refused to meet" -> REJECT); None: unchanged."""

    name: str
    quad: str
    description: str
    modes: tuple[Mode, ...]
    contexts: tuple[str, ...]
    future_type: str | None = None
    negated_type: str | None = None

    @property
    def mode_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.modes)

    def mode(self, name: str) -> Mode | None:
        """The mode called `name` or having it as an alias (case-insensitive), else None."""
        key = name.strip().lower()
        for m in self.modes:
            if m.name == key or key in m.aliases:
                return m
        return None


@dataclass(frozen=True, slots=True)
class PlaceType:
    """A place type word of place_types.csv: the kind of place it points to (admin1, admin2, city,
    feature; None where it leaves the kind open), the ACLED precision of the place "the <word>" names
    again (None: it never does), and who reads it (`uses`: strip, of, lead, name, again, noun)."""

    word: str
    kind: str | None
    precision: int | None
    uses: frozenset[str]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Modality:
    """PLOVER's modality rules (plover.toml [modality]): auxiliaries that announce an event for the
    future (the type becomes its `future_type`) or oblige someone to it (the event becomes a
    `obligation_type`, a REQUEST by the speaker)."""

    future_aux: frozenset[str] = frozenset()
    obligation_aux: frozenset[str] = frozenset()
    obligation_type: str | None = None


@dataclass(frozen=True, slots=True)
class Context:
    """A PLOVER context (the `why` or setting of an event)."""

    name: str
    description: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Condition:
    """One clause of a codebook row's condition: `target=civilians`, `source=state`,
    `context=military`."""

    key: str
    value: str

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


@dataclass(frozen=True, slots=True)
class CodebookRow:
    """One line of codebooks.csv. `mode` None: the row applies to the type whatever its modes."""

    type: str
    mode: str | None
    conditions: tuple[Condition, ...]
    acled_event_type: str | None
    acled_sub_event_type: str | None
    gtd_attack_type: str | None
    cameo_root: str | None
    note: str = ""
    line: int = 0

    @property
    def condition(self) -> str:
        return "&".join(str(c) for c in self.conditions)


@dataclass(frozen=True, slots=True)
class CodebookMapping:
    """What a PLOVER event maps to: ACLED event type / sub-event type, GTD attack type, CAMEO root
    code (each None where that codebook defines no equivalent). `mode` and `condition` say which
    codebook row decided it (`row` is its line in codebooks.csv; 0: no row matched)."""

    type: str
    mode: str | None = None
    condition: str = ""
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    gtd_attack_type: str | None = None
    cameo_root: str | None = None
    row: int = 0

    @property
    def acled(self) -> str | None:
        """`Event type/Sub-event type` as written in gold files, e.g. `Battles/Armed clash`."""
        if self.acled_event_type is None:
            return None
        if self.acled_sub_event_type is None:
            return self.acled_event_type
        return f"{self.acled_event_type}/{self.acled_sub_event_type}"

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "mode": self.mode, "condition": self.condition,
                "acled_event_type": self.acled_event_type,
                "acled_sub_event_type": self.acled_sub_event_type,
                "gtd_attack_type": self.gtd_attack_type, "cameo_root": self.cameo_root}


@dataclass(frozen=True, slots=True)
class Trigger:
    """One trigger lexicon entry. `lemmas` is the lemma sequence ("gun", "down"); `*` inside it is a
    gap of up to GAP_MAX tokens ("take", "*", "hostage"). `pos` is the part of speech of the first
    lemma (VERB, NOUN or ADJ). `requires` holds hints for the extractor (see triggers.csv)."""

    lemmas: tuple[str, ...]
    pos: str
    type: str
    mode: str | None
    context: str | None
    requires: tuple[str, ...]
    weight: float
    cameo: str | None = None
    note: str = ""
    line: int = 0
    forms: tuple[str, ...] = ()  # irregular inflections of the first word ("retook", "retaken")

    @property
    def lemma(self) -> str:
        return " ".join(self.lemmas)

    @property
    def multiword(self) -> bool:
        return len(self.lemmas) > 1

    def requirement(self, kind: str) -> tuple[str, ...]:
        """The values of the `kind:` requirements: requirement("with") of `with:air|drone` is
        ("air", "drone"); of a flag such as `object`, requirement("object") is ("",)."""
        out: list[str] = []
        for req in self.requires:
            name, _, value = req.partition(":")
            if name == kind:
                out.extend(value.split("|") if value else [""])
        return tuple(out)


@dataclass(frozen=True, slots=True)
class TriggerLexicon:
    """The trigger lexicon, indexed by lemma: `by_lemma` holds single-word entries under their lemma,
    `by_first` multiword entries under their first lemma (both lower-case)."""

    entries: tuple[Trigger, ...]
    by_lemma: Mapping[str, tuple[Trigger, ...]] = field(default_factory=_empty_mapping)
    by_first: Mapping[str, tuple[Trigger, ...]] = field(default_factory=_empty_mapping)

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, lemma: str, pos: str | None = None) -> tuple[Trigger, ...]:
        """Single-word entries for `lemma` (optionally only of part of speech `pos`)."""
        found = self.by_lemma.get(lemma.lower(), ())
        return found if pos is None else tuple(t for t in found if t.pos == pos)

    def starting_with(self, lemma: str) -> tuple[Trigger, ...]:
        """Multiword entries whose first lemma is `lemma`."""
        return self.by_first.get(lemma.lower(), ())

    @classmethod
    def build(cls, entries: tuple[Trigger, ...]) -> TriggerLexicon:
        """Index the entries under their first lemma, its regular inflections (`inflections`) and
        the irregular forms listed with them, so that a word the lemmatiser gets wrong ("raped" ->
        "rap") is still found by its surface form."""
        single: dict[str, list[Trigger]] = {}
        multi: dict[str, list[Trigger]] = {}
        for t in entries:
            index = multi if t.multiword else single
            first = t.lemmas[0]
            for key in dict.fromkeys((first, *inflections(first, t.pos), *t.forms)):
                index.setdefault(key, []).append(t)
        return cls(entries,
                   MappingProxyType({k: tuple(v) for k, v in single.items()}),
                   MappingProxyType({k: tuple(v) for k, v in multi.items()}))


_VOWELS = "aeiou"


def inflections(lemma: str, pos: str) -> tuple[str, ...]:
    """Regular English inflections of a verb (-s, -ed, -ing) or noun (plural -s) lemma: rape ->
    rapes, raped, raping; ambush -> ambushes, ambushed; stab -> stabbed. Irregular forms are listed
    in the lexicon instead."""
    if not lemma.isalpha():
        return ()
    sibilant = lemma.endswith(("s", "x", "z", "ch", "sh"))
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in _VOWELS:
        plural = lemma[:-1] + "ies"
    else:
        plural = lemma + ("es" if sibilant else "s")
    if pos != "VERB":
        return (plural,)
    if lemma.endswith("e"):
        return plural, lemma + "d", lemma[:-1] + "ing"
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in _VOWELS:
        return plural, lemma[:-1] + "ied", lemma + "ing"
    stem = lemma
    if (len(lemma) >= 3 and lemma[-1] not in _VOWELS + "wxy" and lemma[-2] in _VOWELS
            and lemma[-3] not in _VOWELS and len(lemma) <= 4):
        stem = lemma + lemma[-1]  # stab -> stabbed, rob -> robbed (short words only)
    return plural, stem + "ed", stem + "ing"


@dataclass(frozen=True, slots=True)
class CameoMapping:
    """A CAMEO event code translated to PLOVER (from the CAMEO2PLOVER table)."""

    code: str
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    label: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "type": self.type, "mode": self.mode,
                "contexts": list(self.contexts), "label": self.label}
