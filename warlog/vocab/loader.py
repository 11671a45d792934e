"""Reading the vocabulary data files (warlog/vocab/data) into a Vocabulary, and checking them.

`read_vocabulary(folder)` parses the files and raises ConfigError (naming file and line) when a file
cannot be parsed; `check_vocabulary(v)` lists every cross-reference that does not resolve (a trigger
naming an unknown mode, an ACLED sub-event type ACLED does not have, ...): the consistency test
requires that list to be empty."""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .. import model
from ..errors import ConfigError
from .records import (
    CameoMapping,
    CodebookRow,
    Condition,
    Context,
    EventType,
    Modality,
    Mode,
    PlaceType,
    Trigger,
    TriggerLexicon,
)

PLOVER_FILE = "plover.toml"
LISTS_FILE = "codebook_lists.toml"
CODEBOOK_FILE = "codebooks.csv"
TRIGGER_FILE = "triggers.csv"
CAMEO_FILE = "cameo2plover.csv"
NOUN_FILE = "noun_classes.csv"
PLACE_FILE = "place_types.csv"
DEMONYM_FILE = "demonyms.csv"
ADJECTIVE_FILE = "country_adjectives.csv"

POS_TAGS = ("VERB", "NOUN", "ADJ")
#: `requires` flags (no value) and keys (`key:value`, values joined by `|`) of triggers.csv.
REQUIRE_FLAGS = frozenset({"object", "passive-ok", "comp", "no-object", "instrument", "intent", "negates", "mutual",
                           "undergo"})
REQUIRE_KEYS = frozenset({"obj", "prep", "with", "subj"})
CONDITION_KEYS = frozenset({"target", "source", "context", "object", "weapon"})
OBJECT_VALUES = frozenset({"weapon"})
TARGET_VALUES = frozenset({"civilians", "armed", "protesters", "criminals", "none"})
SOURCE_VALUES = frozenset({"state", "nonstate", "armed", "civilians", "protesters", "sides", "parties", "unknown"})
#: Who reads a word of place_types.csv (its header says what each use is).
PLACE_USES = frozenset({"strip", "of", "lead", "name", "again", "noun", "street"})
PLACE_KINDS = frozenset({"admin1", "admin2", "city", "feature"})
GAP = "*"
GAP_MAX = 4
_LEMMA = re.compile(r"^[a-z0-9][a-z0-9'.-]*$")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Everything in warlog/vocab/data, parsed. Mappings are read-only and keep file order."""

    version: str
    types: Mapping[str, EventType]
    contexts: Mapping[str, Context]
    legacy_types: Mapping[str, str]
    legacy_modes: Mapping[str, tuple[str, str | None]]
    codebook: tuple[CodebookRow, ...]
    acled: Mapping[str, tuple[str, ...]]
    gtd: tuple[str, ...]
    cameo_roots: Mapping[str, str]
    actor_classes: Mapping[str, frozenset[str]]
    triggers: TriggerLexicon
    cameo: Mapping[str, CameoMapping]
    noun_classes: Mapping[str, str]
    modality: Modality = field(default_factory=Modality)
    complement_modes: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    #: Words in a civilian or unclassed actor's name that give it a codebook kind of its own
    #: (codebook_lists.toml [kind_words]: "suspected Mafia members" -> criminals).
    kind_words: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    #: Certainty value -> when it applies (plover.toml [certainty]; the values of warlog.model.Certainty).
    certainties: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: Place type words (place_types.csv), in file order; `place_words` selects them by use.
    place_types: tuple[PlaceType, ...] = ()
    #: National demonym (lower case) -> the country's name (demonyms.csv).
    demonyms: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: ISO3 -> the display adjective the press writes ("USA" -> "US"; country_adjectives.csv).
    country_adjectives: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def place_words(self, use: str) -> dict[str, PlaceType]:
        """The place type words read for `use` (strip, of, lead, name, again, noun), in file order."""
        return {p.word: p for p in self.place_types if use in p.uses}

    def complement_mode(self, governing: str, type_name: str, mode: str | None) -> str | None:
        """The mode of a `governing` event (THREATEN, REQUEST, REJECT) about an event of
        `type_name`/`mode` ("threatened to impose a curfew" -> restrict), from [complement_modes]."""
        table = self.complement_modes.get(governing, {})
        return table.get(f"{type_name}/{mode}") or table.get(type_name)

    def normalise_type(self, name: str) -> str | None:
        """The current PLOVER type for `name` (any case; older drafts' names such as DEMAND or FIGHT
        are renamed), or None if it is no type."""
        key = name.strip().upper()
        key = self.legacy_types.get(key, key)
        return key if key in self.types else None

    def normalise_mode(self, type_name: str, mode: str | None) -> str | None:
        """The canonical mode of type `type_name` that `mode` names (itself or an alias), else None."""
        event_type = self.types.get(type_name)
        if event_type is None or not mode:
            return None
        found = event_type.mode(mode)
        return found.name if found else None

    def normalise_event(self, type_name: str, mode: str | None = None) -> tuple[str | None, str | None]:
        """(type, mode) in current terms, for a possibly legacy pair: legacy_modes first (e.g.
        COERCE/destroy -> ASSAULT/destroy, INVESTIGATE -> ACCUSE/investigate), then legacy type
        names and mode aliases. A mode that does not resolve becomes None."""
        raw_type = type_name.strip().upper()
        raw_mode = (mode or "").strip().lower()
        moved = self.legacy_modes.get(f"{raw_type}/{raw_mode}")
        if moved is not None:
            return moved
        new_type = self.normalise_type(raw_type)
        if new_type is None:
            return None, None
        return new_type, self.normalise_mode(new_type, raw_mode or None)

    def normalise_context(self, name: str) -> str | None:
        key = name.strip().lower()
        if key in self.contexts:
            return key
        for ctx in self.contexts.values():
            if key in ctx.aliases:
                return ctx.name
        return None

    def noun_class(self, lemma: str) -> str | None:
        """The semantic class (person, place, property, weapon, ...) of a noun lemma, or None."""
        return self.noun_classes.get(lemma.lower())


# --------------------------------------------------------------------------------------------------
# Reading


def data_folder() -> Path:
    return Path(str(resources.files("warlog.vocab").joinpath("data")))


def read_vocabulary(folder: Path | None = None) -> Vocabulary:
    """Parse every data file under `folder` (default: the package's data folder)."""
    folder = folder or data_folder()
    plover = _toml(folder / PLOVER_FILE)
    places = tuple(_place_types(folder / PLACE_FILE))
    nouns = {row["lemma"].lower(): row["class"] for _, row in _csv_rows(folder / NOUN_FILE)}
    nouns.update((p.word, "place") for p in places if "noun" in p.uses)
    lists = _toml(folder / LISTS_FILE)
    types, contexts = _plover_types(plover, folder / PLOVER_FILE)
    legacy_modes: dict[str, tuple[str, str | None]] = {}
    for key, value in dict(plover.get("legacy_modes", {})).items():
        old_type, _, old_mode = str(key).partition("/")
        new_type, _, new_mode = str(value).partition("/")
        legacy_modes[f"{old_type.upper()}/{old_mode.lower()}"] = (new_type.upper(), new_mode.lower() or None)
    return Vocabulary(
        version=str(plover.get("version", "")),
        types=MappingProxyType(types),
        contexts=MappingProxyType(contexts),
        legacy_types=MappingProxyType({str(k).upper(): str(v).upper()
                                       for k, v in dict(plover.get("legacy_types", {})).items()}),
        legacy_modes=MappingProxyType(legacy_modes),
        codebook=tuple(_codebook_rows(folder / CODEBOOK_FILE)),
        acled=MappingProxyType({str(k): tuple(str(s) for s in v)
                                for k, v in dict(lists.get("acled", {})).items()}),
        gtd=tuple(str(v) for _, v in sorted(dict(lists.get("gtd", {})).items(), key=lambda kv: int(kv[0]))),
        cameo_roots=MappingProxyType({str(k): str(v) for k, v in dict(lists.get("cameo", {})).items()}),
        actor_classes=MappingProxyType({str(k): frozenset(str(x) for x in v)
                                        for k, v in dict(lists.get("actor_classes", {})).items()}),
        kind_words=MappingProxyType({str(k): frozenset(str(x).lower() for x in v)
                                     for k, v in dict(lists.get("kind_words", {})).items()}),
        triggers=TriggerLexicon.build(tuple(_triggers(folder / TRIGGER_FILE))),
        cameo=MappingProxyType({m.code: m for m in _cameo_rows(folder / CAMEO_FILE)}),
        noun_classes=MappingProxyType(nouns),
        modality=_modality(dict(plover.get("modality", {}))),
        complement_modes=MappingProxyType({
            str(k): MappingProxyType({str(a): str(b) for a, b in dict(t).items()})
            for k, t in dict(plover.get("complement_modes", {})).items()}),
        certainties=MappingProxyType({str(k): str(v) for k, v in dict(plover.get("certainty", {})).items()}),
        place_types=places,
        demonyms=MappingProxyType({row["demonym"].lower(): row["country"]
                                   for _, row in _csv_rows(folder / DEMONYM_FILE)}),
        country_adjectives=MappingProxyType({row["iso3"]: row["adjective"]
                                             for _, row in _csv_rows(folder / ADJECTIVE_FILE)}),
    )


def _modality(spec: dict[str, Any]) -> Modality:
    return Modality(future_aux=frozenset(str(x).lower() for x in spec.get("future_aux", [])),
                    obligation_aux=frozenset(str(x).lower() for x in spec.get("obligation_aux", [])),
                    obligation_type=spec.get("obligation_type"))


def _toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def _plover_types(data: dict[str, Any], path: Path) -> tuple[dict[str, EventType], dict[str, Context]]:
    contexts: dict[str, Context] = {}
    for name, spec in dict(data.get("contexts", {})).items():
        contexts[str(name)] = Context(str(name), str(spec.get("description", "")),
                                      tuple(str(a).lower() for a in spec.get("aliases", [])))
    types: dict[str, EventType] = {}
    for name, spec in dict(data.get("types", {})).items():
        if not isinstance(spec, dict) or "description" not in spec:
            raise ConfigError(f"{path}: [types.{name}] needs a description")
        modes = tuple(Mode(str(m), str(ms.get("description", "")),
                           tuple(str(a).lower() for a in ms.get("aliases", [])))
                      for m, ms in dict(spec.get("modes", {})).items())
        allowed = [str(c) for c in spec.get("contexts", ["*"])]
        types[str(name)] = EventType(
            name=str(name), quad=str(spec.get("quad", "")), description=str(spec["description"]),
            modes=modes, contexts=tuple(contexts) if allowed == ["*"] else tuple(allowed),
            future_type=spec.get("future_type"), negated_type=spec.get("negated_type"))
    return types, contexts


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file whose lines starting with `#` are comments, as (line number, row)."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    numbered = [(i + 1, line) for i, line in enumerate(lines) if line.strip() and not line.startswith("#")]
    if not numbered:
        return
    reader = csv.reader(line for _, line in numbered)
    header = [h.strip() for h in next(reader)]
    for (number, _), values in zip(numbered[1:], reader, strict=True):
        if len(values) != len(header):
            raise ConfigError(f"{path}:{number}: {len(values)} fields, the header has {len(header)}")
        yield number, {h: v.strip() for h, v in zip(header, values, strict=True)}


def _or_none(value: str) -> str | None:
    return value or None


def parse_condition(text: str) -> tuple[Condition, ...]:
    """`target=civilians&context=military` -> its clauses (empty text: no condition)."""
    out = []
    for part in filter(None, (p.strip() for p in text.split("&"))):
        key, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"condition clause {part!r} is not key=value")
        out.append(Condition(key.strip(), value.strip()))
    return tuple(out)


def _codebook_rows(path: Path) -> Iterator[CodebookRow]:
    for number, row in _csv_rows(path):
        try:
            conditions = parse_condition(row["condition"])
        except ValueError as exc:
            raise ConfigError(f"{path}:{number}: {exc}") from exc
        yield CodebookRow(type=row["type"], mode=_or_none(row["mode"]), conditions=conditions,
                          acled_event_type=_or_none(row["acled_event_type"]),
                          acled_sub_event_type=_or_none(row["acled_sub_event_type"]),
                          gtd_attack_type=_or_none(row["gtd_attack_type"]),
                          cameo_root=_or_none(row["cameo_root"]), note=row.get("note", ""), line=number)


def _triggers(path: Path) -> Iterator[Trigger]:
    for number, row in _csv_rows(path):
        try:
            weight = float(row["weight"])
        except ValueError as exc:
            raise ConfigError(f"{path}:{number}: weight {row['weight']!r} is not a number") from exc
        lemmas = tuple(row["lemma"].lower().split())
        if not lemmas:
            raise ConfigError(f"{path}:{number}: empty lemma")
        yield Trigger(lemmas=lemmas, pos=row["pos"].upper(), type=row["type"], mode=_or_none(row["mode"]),
                      context=_or_none(row["context"]),
                      requires=tuple(r.strip() for r in row["requires"].split(";") if r.strip()),
                      weight=weight, cameo=_or_none(row.get("cameo", "")), note=row.get("note", ""),
                      line=number,
                      forms=tuple(f.strip().lower() for f in row.get("forms", "").split("|") if f.strip()))


def _place_types(path: Path) -> Iterator[PlaceType]:
    for number, row in _csv_rows(path):
        try:
            precision = int(row["precision"]) if row["precision"] else None
        except ValueError:
            raise ConfigError(f"{path}:{number}: precision {row['precision']!r} is not a number") from None
        yield PlaceType(word=row["word"].lower(), kind=_or_none(row["kind"]), precision=precision,
                        uses=frozenset(u.strip() for u in row["uses"].split(";") if u.strip()), line=number)


def _cameo_rows(path: Path) -> Iterator[CameoMapping]:
    for _, row in _csv_rows(path):
        yield CameoMapping(code=row["code"], type=row["type"], mode=_or_none(row["mode"]),
                           contexts=tuple(c for c in row["contexts"].split(";") if c),
                           label=row.get("label", ""))


# --------------------------------------------------------------------------------------------------
# Checking


def check_vocabulary(v: Vocabulary) -> list[str]:
    """Every unresolved reference or inconsistency in the data files, as readable messages."""
    problems: list[str] = []
    problems += _check_types(v)
    problems += _check_codebook(v)
    problems += _check_triggers(v)
    problems += _check_cameo(v)
    problems += _check_enums(v)
    problems += _check_words(v)
    return problems


def _check_types(v: Vocabulary) -> list[str]:
    out: list[str] = []
    aliases: dict[str, str] = {}
    for ctx in v.contexts.values():
        for a in ctx.aliases:
            if a in v.contexts or aliases.setdefault(a, ctx.name) != ctx.name:
                out.append(f"{PLOVER_FILE}: context alias {a!r} is ambiguous")
    for t in v.types.values():
        names = [m.name for m in t.modes] + [a for m in t.modes for a in m.aliases]
        if len(names) != len(set(names)):
            out.append(f"{PLOVER_FILE}: {t.name} has a mode name or alias twice")
        out += [f"{PLOVER_FILE}: {t.name} allows unknown context {c!r}" for c in t.contexts
                if c not in v.contexts]
        for other in (t.future_type, t.negated_type):
            if other is not None and other not in v.types:
                out.append(f"{PLOVER_FILE}: {t.name} refers to unknown type {other!r}")
    if v.modality.obligation_type is not None and v.modality.obligation_type not in v.types:
        out.append(f"{PLOVER_FILE}: [modality] obligation_type is not a PLOVER type")
    for governing, table in v.complement_modes.items():
        for key, mode in table.items():
            about, _, about_mode = key.partition("/")
            if governing not in v.types or mode not in v.types[governing].mode_names:
                out.append(f"{PLOVER_FILE}: complement mode {governing}/{mode} is unknown")
            if about not in v.types or (about_mode and about_mode not in v.types[about].mode_names):
                out.append(f"{PLOVER_FILE}: complement_modes.{governing} key {key!r} is unknown")
    for old, new in v.legacy_types.items():
        if new not in v.types or old in v.types:
            out.append(f"{PLOVER_FILE}: legacy type {old} -> {new} is not a rename to a current type")
    for old, (new_type, new_mode) in v.legacy_modes.items():
        if new_type not in v.types or (new_mode is not None and new_mode not in v.types[new_type].mode_names):
            out.append(f"{PLOVER_FILE}: legacy mode {old} -> {new_type}/{new_mode} is unknown")
    return out


def _check_codebook(v: Vocabulary) -> list[str]:
    out: list[str] = []
    seen: set[tuple[str, str | None, str]] = set()
    for row in v.codebook:
        where = f"{CODEBOOK_FILE}:{row.line}"
        key = (row.type, row.mode, row.condition)
        if key in seen:
            out.append(f"{where}: duplicate row for {row.type}/{row.mode or ''} {row.condition}")
        seen.add(key)
        if row.type not in v.types:
            out.append(f"{where}: unknown PLOVER type {row.type!r}")
        elif row.mode is not None and row.mode not in v.types[row.type].mode_names:
            out.append(f"{where}: {row.type} has no mode {row.mode!r}")
        for cond in row.conditions:
            out += _check_condition(v, cond, where)
        if (row.acled_event_type is None) != (row.acled_sub_event_type is None):
            out.append(f"{where}: ACLED event type and sub-event type must both be given or both blank")
        if row.acled_event_type is not None and row.acled_sub_event_type not in v.acled.get(
                row.acled_event_type, ()):
            out.append(f"{where}: ACLED has no {row.acled_event_type}/{row.acled_sub_event_type}")
        if row.gtd_attack_type is not None and row.gtd_attack_type not in v.gtd:
            out.append(f"{where}: GTD has no attack type {row.gtd_attack_type!r}")
        if row.cameo_root is not None and row.cameo_root not in v.cameo_roots:
            out.append(f"{where}: CAMEO root {row.cameo_root!r} is not one of 01-20")
    for name in v.types:
        if not any(r.type == name and r.mode is None and not r.conditions for r in v.codebook):
            out.append(f"{CODEBOOK_FILE}: {name} has no fallback row (empty mode and condition)")
    return out


def _check_condition(v: Vocabulary, cond: Condition, where: str) -> list[str]:
    if cond.key not in CONDITION_KEYS:
        return [f"{where}: unknown condition key {cond.key!r}"]
    if cond.key == "weapon" and not cond.value.isalpha():
        return [f"{where}: a weapon condition names one word of the weapon, not {cond.value!r}"]
    if cond.key == "target" and cond.value not in TARGET_VALUES:
        return [f"{where}: unknown target class {cond.value!r}"]
    if cond.key == "source" and cond.value not in SOURCE_VALUES:
        return [f"{where}: unknown source class {cond.value!r}"]
    if cond.key == "object" and cond.value not in OBJECT_VALUES:
        return [f"{where}: unknown object class {cond.value!r}"]
    if cond.key == "context" and cond.value not in v.contexts:
        return [f"{where}: unknown context {cond.value!r}"]
    if cond.key in ("target", "source") and cond.value not in ("none", "sides", "parties") \
            and cond.value not in v.actor_classes:
        return [f"{where}: actor class {cond.value!r} is not in {LISTS_FILE}"]
    return []


def _check_triggers(v: Vocabulary) -> list[str]:
    out: list[str] = []
    seen: dict[tuple[str, str, tuple[str, ...]], int] = {}
    obj_classes = set(v.noun_classes.values())
    for t in v.triggers.entries:
        where = f"{TRIGGER_FILE}:{t.line} ({t.lemma})"
        key = (t.lemma, t.pos, tuple(sorted(t.requires)))
        if key in seen:
            out.append(f"{where}: duplicates line {seen[key]} (same lemma, pos and requires)")
        seen.setdefault(key, t.line)
        if t.pos not in POS_TAGS:
            out.append(f"{where}: part of speech {t.pos!r} is not one of {POS_TAGS}")
        if t.lemmas[0] == GAP or t.lemmas[-1] == GAP or any(
                not _LEMMA.match(x) for x in t.lemmas if x != GAP):
            out.append(f"{where}: malformed lemma sequence")
        if t.type not in v.types:
            out.append(f"{where}: unknown PLOVER type {t.type!r}")
        elif t.mode is not None and t.mode not in v.types[t.type].mode_names:
            out.append(f"{where}: {t.type} has no mode {t.mode!r}")
        if t.context is not None and (t.context not in v.contexts or (
                t.type in v.types and t.context not in v.types[t.type].contexts)):
            out.append(f"{where}: context {t.context!r} is unknown or not allowed with {t.type}")
        if not 0.0 < t.weight <= 1.0:
            out.append(f"{where}: weight {t.weight} is not in (0, 1]")
        if t.cameo is not None and t.cameo not in v.cameo and t.cameo[:2] not in v.cameo_roots:
            out.append(f"{where}: unknown CAMEO code {t.cameo!r}")
        for req in t.requires:
            name, sep, value = req.partition(":")
            if not sep and name not in REQUIRE_FLAGS:
                out.append(f"{where}: unknown requirement {req!r}")
            elif sep and (name not in REQUIRE_KEYS or not all(value.split("|"))):
                out.append(f"{where}: malformed requirement {req!r}")
            elif name in ("obj", "subj") and not set(value.split("|")) <= obj_classes:
                out.append(f"{where}: noun class in {req!r} is not in {NOUN_FILE}")
    for name in v.types:
        if not any(t.type == name for t in v.triggers.entries):
            out.append(f"{TRIGGER_FILE}: PLOVER type {name} has no trigger")
    return out


def _check_cameo(v: Vocabulary) -> list[str]:
    out: list[str] = []
    for m in v.cameo.values():
        where = f"{CAMEO_FILE} ({m.code})"
        if not m.code.isdigit() or m.code[:2] not in v.cameo_roots:
            out.append(f"{where}: code is not under a CAMEO root 01-20")
        if m.type not in v.types:
            out.append(f"{where}: unknown PLOVER type {m.type!r}")
        elif m.mode is not None and m.mode not in v.types[m.type].mode_names:
            out.append(f"{where}: {m.type} has no mode {m.mode!r}")
        out += [f"{where}: unknown context {c!r}" for c in m.contexts if c not in v.contexts]
    return out


def _check_enums(v: Vocabulary) -> list[str]:
    """The data and warlog.model's enums name the same event types and certainties."""
    out: list[str] = []
    for what, data, enum in ((f"{PLOVER_FILE} [types]", set(v.types), {str(m) for m in model.EventType}),
                             (f"{PLOVER_FILE} [certainty]", set(v.certainties), {str(m) for m in model.Certainty})):
        out += [f"{what}: {x!r} is not in warlog.model's enum" for x in sorted(data - enum)]
        out += [f"{what}: warlog.model's enum has {x!r}, the data does not" for x in sorted(enum - data)]
    return out


def _check_words(v: Vocabulary) -> list[str]:
    """Place type words, demonyms and display adjectives."""
    out: list[str] = []
    seen: set[str] = set()
    for p in v.place_types:
        where = f"{PLACE_FILE}:{p.line} ({p.word})"
        if p.word in seen:
            out.append(f"{where}: listed twice")
        seen.add(p.word)
        if not p.uses or not p.uses <= PLACE_USES:
            out.append(f"{where}: uses must be some of {sorted(PLACE_USES)}")
        if p.kind is not None and p.kind not in PLACE_KINDS:
            out.append(f"{where}: kind {p.kind!r} is not one of {sorted(PLACE_KINDS)}")
        if (p.precision is not None) != ("again" in p.uses) or p.precision not in (None, 1, 2, 3):
            out.append(f"{where}: a word used `again` (and only one) needs a precision 1, 2 or 3")
        if p.uses & {"strip", "of", "lead"} and p.kind == "feature":
            out.append(f"{where}: a gazetteer type word points to admin1, admin2, city or no kind")
        if "of" in p.uses and "strip" not in p.uses:
            out.append(f"{where}: a leading type word (`of`) must also be a `strip` word")
        if "lead" in p.uses and p.kind is None:
            out.append(f"{where}: a bare leading type word (`lead`) needs a kind")
    out += [f"{DEMONYM_FILE}: {d!r} is not a lower-case word" for d in v.demonyms if not _LEMMA.match(d)]
    out += [f"{ADJECTIVE_FILE}: {c!r} is not an ISO 3166-1 alpha-3 code" for c in v.country_adjectives
            if not re.fullmatch(r"[A-Z]{3}", c)]
    return out
