"""The actor knowledge base: records loaded from the package's JSON-lines files and a name index.

Files (in `warlog/actors/data/`, one `ActorRecord.to_dict()` per line; keys other than the record's
fields, such as a curated record's `"note"`, are ignored):

* `curated.jsonl`: records written for warlog (today's armed groups, forces, missions and well-known
  persons the Phoenix dictionaries lack or get wrong). They come first: on a shared name they win.
* `actors.jsonl`: converted from the Phoenix dictionaries by `warlog.actors.convert`.

Records with the same id are merged on load (the first keeps its fields; the others' names and
aliases become aliases). Per-country generic records (`state_force:irq:police`) need not be stored:
:meth:`ActorKB.get` makes them on demand (`warlog.actors.generic`).

The index maps three keys to record ids, best first: the normalised key of every name and alias
(persons also without titles), upper-case acronyms ("JAM", "MNF-I": matched only against upper-case
text when shorter than four letters), and the transliteration skeleton. :meth:`ActorKB.default` loads
the packaged KB once per process.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..model import ActorKind, ActorRecord
from . import generic
from .names import is_acronym, normalise, person_key, skeleton, words, wordset

DATA_FILES = ("curated.jsonl", "actors.jsonl")
FORCE_KINDS = frozenset({ActorKind.ARMED_GROUP, ActorKind.STATE_FORCE, ActorKind.INTERNATIONAL_FORCE})
RULER_KINDS = FORCE_KINDS | {ActorKind.PERSON}
_ACRONYM_LETTERS = re.compile(r"[^A-Z0-9]")


def record_from_dict(d: dict[str, Any]) -> ActorRecord:
    return ActorRecord(actor_id=d["actor_id"], name=d["name"], kind=ActorKind(d["kind"]),
                       country=d.get("country"), aliases=tuple(d.get("aliases") or ()),
                       parent=d.get("parent"), wikidata=d.get("wikidata"), source=d.get("source") or "warlog")


def acronym_key(text: str) -> str:
    """"MNF-I" → "MNFI", "U.S." → "US": the letters and digits of an upper-case abbreviation."""
    return _ACRONYM_LETTERS.sub("", text)


@dataclass(frozen=True, slots=True)
class Match:
    """A record found for a name, and how: `exact` (its name), `alias`, `acronym`, `transliteration`."""

    record: ActorRecord
    how: str


class ActorKB:
    """Actor records and their name index. Build with :meth:`load` or :meth:`default`."""

    def __init__(self, records: Iterable[ActorRecord] = ()) -> None:
        self.records: dict[str, ActorRecord] = {}
        self._keys: dict[str, list[str]] = {}
        self._names: set[tuple[str, str]] = set()  # (key, id) where the key is the record's own name
        self._acronyms: dict[str, list[str]] = {}
        self._skeletons: dict[str, list[str]] = {}
        self._by_country: dict[str | None, dict[str, None]] = {}
        self._group_names: frozenset[str] = frozenset()
        self.add(records)

    # -- loading ----------------------------------------------------------------------------------

    @classmethod
    def load(cls, paths: Sequence[Path] | None = None) -> ActorKB:
        """The KB from JSON-lines files (default: the packaged curated and converted files)."""
        texts: list[str] = []
        if paths is None:
            base = resources.files("warlog.actors").joinpath("data")
            texts = [base.joinpath(n).read_text(encoding="utf-8") for n in DATA_FILES
                     if base.joinpath(n).is_file()]
        else:
            texts = [Path(p).read_text(encoding="utf-8") for p in paths]
        records = [record_from_dict(json.loads(line)) for text in texts for line in text.splitlines()
                   if line.strip()]
        return cls(records)

    @staticmethod
    @lru_cache(maxsize=1)
    def default() -> ActorKB:
        """The packaged KB, loaded once per process."""
        return ActorKB.load()

    def add(self, records: Iterable[ActorRecord]) -> list[ActorRecord]:
        """Add records (merging those whose id is already here) and index their names; returns the
        records as stored. The resolver adds the records it creates; the integrator may add the
        records of its store so that names first seen in earlier runs resolve to the same id."""
        touched: dict[str, ActorRecord] = {}
        for r in records:
            old = self.records.get(r.actor_id)
            if old is not None:
                r = _merge(old, r)
            self.records[r.actor_id] = r
            touched[r.actor_id] = r
        for r in touched.values():
            self._index(r)
        return list(touched.values())

    def _index(self, r: ActorRecord) -> None:
        person = r.kind is ActorKind.PERSON
        if r.kind in (ActorKind.ARMED_GROUP, ActorKind.POLITICAL_PARTY):
            self._group_names |= {n.lower() for n in (r.name, *r.aliases) if len(n) > 3}
        self._by_country.setdefault(r.country, {})[r.actor_id] = None  # a dict: ordered, O(1) membership
        for i, n in enumerate((r.name, *r.aliases)):
            keys = {normalise(n)}
            if person:
                keys.add(person_key(n))
            keys.discard("")
            short_acronym = False
            if is_acronym(n):
                ak = acronym_key(n)
                _push(self._acronyms, ak, r.actor_id)
                short_acronym = len(ak) < 4
            if short_acronym:
                continue
            for k in keys:
                _push(self._keys, k, r.actor_id)
                if i == 0:
                    self._names.add((k, r.actor_id))
                if len(k) >= 4:
                    _push(self._skeletons, skeleton(k), r.actor_id)

    # -- queries ----------------------------------------------------------------------------------

    def group_names(self) -> frozenset[str]:
        """The lower-case names and aliases of the armed groups and parties: names of actors that the
        place finder must never read as places ("killed in a Taliban attack" is no town in Turkey)."""
        return self._group_names

    def get(self, actor_id: str) -> ActorRecord | None:
        """A record by id; per-country generic records are made on demand."""
        r = self.records.get(actor_id)
        return r if r is not None else generic.record_for_id(actor_id)

    def __contains__(self, actor_id: object) -> bool:
        return isinstance(actor_id, str) and self.get(actor_id) is not None

    def __len__(self) -> int:
        return len(self.records)

    def lookup(self, text: str, *, person: bool = False) -> list[Match]:
        """Records whose name or alias has the key of `text` (an upper-case `text` also by acronym),
        best first: exact names before aliases, curated before converted."""
        out: list[Match] = []
        seen: set[str] = set()
        if is_acronym(text):
            for rid in self._acronyms.get(acronym_key(text), ()):
                seen.add(rid)
                out.append(Match(self.records[rid], "acronym"))
        keys = [normalise(text)]
        if person:
            keys.insert(0, person_key(text))
        for k in keys:
            ids = self._keys.get(k, ())
            ranked = sorted(ids, key=lambda rid, k=k: (k, rid) not in self._names)
            for rid in ranked:
                if rid not in seen:
                    seen.add(rid)
                    out.append(Match(self.records[rid], "exact" if (k, rid) in self._names else "alias"))
        return out

    def by_skeleton(self, text: str, *, person: bool = False) -> list[Match]:
        """Records whose name or alias shares the transliteration skeleton of `text` (four letters or
        more)."""
        key = person_key(text) if person else normalise(text)
        if len(key) < 4:
            return []
        return [Match(self.records[rid], "transliteration") for rid in self._skeletons.get(skeleton(key), ())]

    def in_country(self, country: str | None) -> list[ActorRecord]:
        return [self.records[rid] for rid in self._by_country.get(country, ())]

    def stats(self) -> dict[str, dict[str, int]]:
        """Records and aliases by kind."""
        out: dict[str, dict[str, int]] = {}
        for r in self.records.values():
            d = out.setdefault(str(r.kind), {"records": 0, "aliases": 0})
            d["records"] += 1
            d["aliases"] += len(r.aliases)
        return out

    # -- EntityRuler patterns -----------------------------------------------------------------------

    def ruler_patterns(self, tokenizer: Callable[[str], Sequence[str]] | None = None,
                       *, limit: int = 20000) -> list[dict[str, Any]]:
        """EntityRuler patterns for the names of armed groups, state and international forces, and
        curated persons (`{"label": "ORG"|"PERSON", "pattern": ..., "id": actor_id}`).

        A curated name that lower case would make an English phrase gets a case-sensitive token pattern
        (`[{"TEXT": "Coalition"}]`), split by `tokenizer` (pass the spaCy tokenizer's texts; by default a
        regex close to it): an acronym of up to three letters or one that is a word ("JAM", "ISIS"), a
        one-word dictionary name ("Coalition", "Wagner"), a name of dictionary words without an
        organisation word. Any other name gets a phrase pattern, matched on lower case by warlog's ruler
        (token patterns cost far more parse time). Converted names of the first kinds are left out
        ("Red Line", "Direct Action", "ETA"). Single-word person
        names, country names, nationalities and generic terms ("police") are left out."""
        split = tokenizer or _simple_tokens
        common = _common_words()
        skip = set(generic.nationality_keys()) | set(generic.terms())
        out: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()
        for r in sorted(self.records.values(), key=_ruler_rank):
            if r.kind not in RULER_KINDS or generic.record_for_id(r.actor_id) is not None:
                continue
            if r.kind is ActorKind.PERSON and r.source != "warlog":
                continue  # the statistical model finds politicians' names; curated persons only
            label = "PERSON" if r.kind is ActorKind.PERSON else "ORG"
            for n in (r.name, *r.aliases):
                key = normalise(n)
                ws = words(key)
                if not ws or key in skip or not any(c.isalpha() for c in n):
                    continue
                acronym = is_acronym(n)
                if label == "PERSON" and (len(ws) < 2 or acronym):
                    continue
                if not acronym and len(key) < 4:
                    continue
                curated = r.source == "warlog"
                if acronym:
                    letters = acronym_key(n)
                    if not curated and len(letters) < 4:
                        continue  # the model tags short acronyms itself; a converted one ("ETA") risks words
                    cased = len(letters) <= 3 or letters.lower() in common
                else:
                    content = [w for w in ws if w not in _FUNCTION_WORDS]
                    cased = all(w in common for w in content) and (
                        len(content) == 1 or not set(content) & HEAD_WORDS)
                    if cased and not curated:
                        continue  # "Red Line", "Direct Action": a converted name of common words
                sig = (n if cased else key, label)
                if sig in seen:
                    continue
                seen.add(sig)
                pattern: Any = [{"TEXT": t} for t in split(n)] if cased else n
                out.append({"label": label, "pattern": pattern, "id": r.actor_id})
                if len(out) >= limit:
                    return out
        return out


def _ruler_rank(r: ActorRecord) -> tuple[int, str]:
    order = {ActorKind.ARMED_GROUP: 0, ActorKind.STATE_FORCE: 1, ActorKind.INTERNATIONAL_FORCE: 1}
    return (0 if r.source == "warlog" else 1) * 10 + order.get(r.kind, 2), r.actor_id


#: Words that end an organisation's name: a multi-word name with one ("Special Groups", "Peace Brigades")
#: is unlikely in lower case in running text, so a phrase pattern is safe.
HEAD_WORDS = wordset("""
army armies front brigade brigades battalion battalions group groups organization organisation movement party
council committee cells league union alliance force forces guard guards corps command network faction militia
legion regiment division units service agency mission coalition resistance jihad state emirate company
""")
_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "to", "a", "an", "at", "by", "wa", "wal"})
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?|[^\sA-Za-z0-9]")


def _simple_tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    try:
        text = generic.data_text("common_words.txt")
    except FileNotFoundError:
        return frozenset()
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


def _push(index: dict[str, list[str]], key: str, rid: str) -> None:
    ids = index.setdefault(key, [])
    if rid not in ids:
        ids.append(rid)


def _merge(old: ActorRecord, new: ActorRecord) -> ActorRecord:
    seen = {normalise(old.name), *(normalise(a) for a in old.aliases)}
    extra: list[str] = []
    for n in (new.name, *new.aliases):
        k = normalise(n)
        if k and k not in seen:
            seen.add(k)
            extra.append(n)
    return replace(old, aliases=(*old.aliases, *extra), country=old.country or new.country,
                   parent=old.parent or new.parent, wikidata=old.wikidata or new.wikidata)
