"""Toponym resolution in context: which place each place name of a document denotes.

Pure functions of the mentions, their text and a :class:`~warlog.geo.gazetteer.Gazetteer`. Every
candidate place of a name gets a score made of

* a *prior*: how well the name matched (own name > alternate name > name without its type word >
  transliteration skeleton > fuzzy), the place's population (log scale; a subdivision counts the towns
  inside it), its kind, and whether the kind agrees with a type word in or around the mention
  ("Wasit province", "Basrah, Dhi Qhar and Najaf provinces", "the town of X");
* the document's *focus*: the share of the document's places that lie in the candidate's country and
  admin1 (given by ``focus_country``, or inferred from the other names and demonyms: "Iraqi police");
* *containment* stated in the text: "X, Y" and "X in Y" where Y is a province, state or country
  ("Alexandria, La.", "Al Kut in Wasit province") favour the X inside Y, and the Y holding an X;
  "X near Y" favours the X close to a Y;
* *support* from the document's other names (the usual trick of the literature: the places of one
  story lie close together): for each other name, the best affinity (containment, or closeness:
  exp(-km / 250)) between the candidate and one of that name's likelier readings, weighted by how
  likely that reading is, so that "Athens" and "Henderson County" pull each other to Texas.

The scores are iterated a few times (support and focus shift as readings firm up); the terms and
their weights are in :class:`Weights`, tuned once for all names on the LGL and GeoWebNews corpora.

One name has one sense per document. Relative descriptions are kept: "just south of Baghdad", "near
Al Kut", "outside Mosul", "the Al Kut region" resolve to the town, with the relation in
:attr:`Resolution.relation` and a coarser precision. Precision codes follow ACLED: 1 the town itself,
2 near a town, a district (admin2) or "the X region", 3 a province (admin1), and 4 for a country (or
a continent), labelled "country".
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from warlog.geo.gazetteer import Gazetteer, NameMatch, Place, contains, place_distance_km
from warlog.geo.normalise import TYPE_WORDS, normalise, strip_type_words

PRECISION_TOWN = 1
PRECISION_NEAR = 2
PRECISION_ADMIN1 = 3
PRECISION_COUNTRY = 4
PRECISION_LABELS = {1: "town", 2: "near town", 3: "province", 4: "country"}


@dataclass(frozen=True, slots=True)
class ToponymMention:
    """A place name in a document: its text, its offsets in the document, and optionally the text
    around it (a sentence, or the whole document) starting at document offset ``context_start``."""

    text: str
    start: int
    end: int
    context: str | None = None
    context_start: int = 0

    def before(self, n: int = 80) -> str:
        if self.context is None:
            return ""
        i = self.start - self.context_start
        return self.context[max(0, i - n) : max(0, i)]

    def after(self, n: int = 100) -> str:
        if self.context is None:
            return ""
        i = self.end - self.context_start
        return self.context[max(0, i) : max(0, i + n)]


@dataclass(frozen=True, slots=True)
class Resolution:
    """The place a mention denotes (None when no candidate was good enough), ACLED-style precision,
    a short reason, a confidence score in [0, 1], and the relation of a relative description
    ("south of", "near", "region", …) when the mention was one."""

    mention: ToponymMention
    place: Place | None
    precision: int | None
    reason: str
    score: float
    relation: str | None = None

    @property
    def geonames_id(self) -> int | None:
        return self.place.geonames_id if self.place else None

    @property
    def lat(self) -> float | None:
        return self.place.lat if self.place else None

    @property
    def lon(self) -> float | None:
        return self.place.lon if self.place else None

    @property
    def admin1(self) -> str | None:
        return self.place.admin1 if self.place else None

    @property
    def country_iso2(self) -> str | None:
        return self.place.country_iso2 if self.place else None

    @property
    def precision_label(self) -> str | None:
        return PRECISION_LABELS.get(self.precision) if self.precision else None

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.mention.text,
            "start": self.mention.start,
            "end": self.mention.end,
            "place": self.place.to_dict() if self.place else None,
            "precision": self.precision,
            "precision_label": self.precision_label,
            "relation": self.relation,
            "reason": self.reason,
            "score": round(self.score, 3),
        }


# --- weights: one place to tune them, for every name alike (no per-name rules) -----------------------
@dataclass(frozen=True, slots=True)
class Weights:
    """The terms of a candidate's score (see the module docstring)."""

    q_name: float = 1.0  # matched by its own name
    q_alternate: float = 0.9  # by an alternate name
    q_demonym: float = 0.9
    q_abbreviation: float = 0.85
    q_stripped: float = 0.7  # by its name without its type word ("District of Columbia" for "Columbia")
    q_skeleton: float = 0.5
    q_fuzzy: float = 0.4  # at the threshold; up to +0.4 for a perfect ratio
    kind_city: float = 0.0
    kind_user: float = 0.2
    kind_admin1: float = 0.1
    kind_admin2: float = -0.2
    kind_country: float = 0.6
    kind_continent: float = 0.1
    capital: float = 0.3  # a national capital (GeoNames feature code PPLC)
    pop: float = 0.65  # × log10(population + 1) / 7
    hint_match: float = 0.6
    hint_mismatch: float = -0.4
    namesake: float = -0.3  # a subdivision named after a town it holds ("Baghdad" the province)
    focus_country: float = 0.6  # × share of the document's names in the country
    focus_admin1: float = 0.4  # × share in the admin1
    container: float = 1.0
    near: float = 0.6
    proximity: float = 1.0  # × mean support from the document's other names
    country_affinity: float = 1.0  # affinity of a place to a country it is in
    prox_km: float = 250.0  # affinity exp(-distance / prox_km)
    neighbour_affinity: float = 0.5  # × exp(-distance / country_km) to a country one is not in
    country_km: float = 1000.0
    support_candidates: int = 12  # candidates of another name that may support a place
    support_temperature: float = 2.0  # their weight: exp(temperature × (score − best score))
    fuzzy_threshold: float = 85.0
    max_candidates: int = 40
    iterations: int = 3

    def quality(self, how: str) -> float:
        return float(getattr(self, f"q_{how}", 0.5))

    def kind(self, kind: str) -> float:
        return float(getattr(self, f"kind_{kind}", 0.0))


DEFAULT_WEIGHTS = Weights()

_WORD = r"[A-Z][\w'’.-]*"
_NAME = rf"{_WORD}(?:\s+(?:{_WORD}|of|de|du|al|el|la|le))*"
_COMPASS = r"(?:north|south|east|west)(?:-?(?:east|west))?"
_RELATION_BEFORE = re.compile(
    rf"(?:(?:just|about|some|roughly|approximately|around)\s+)?"
    rf"(?:\d[\d.,]*\s*(?:km|kilometers|kilometres|miles|mi)\s+)?"
    rf"(?P<rel>{_COMPASS}(?:ern)?\s+of|{_COMPASS}ern|near|nearby|outside(?:\s+of)?|close\s+to|"
    rf"(?:the\s+)?outskirts\s+of|(?:the\s+)?vicinity\s+of|(?:the\s+)?suburbs?\s+of|"
    rf"(?:the\s+)?road\s+(?:to|from)|around)\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?$",
    re.IGNORECASE,
)
_HINT_BEFORE = re.compile(
    r"\b(?P<word>town|city|village|province|governorate|state|county|district|region)\s+of\s+$", re.IGNORECASE
)
_TYPE_AFTER = re.compile(
    r"^\s+(?P<word>province|governorate|state|county|parish|district|region|area|city|town|village|"
    r"oblast|prefecture)\b",
    re.IGNORECASE,
)
_LIST_AFTER = re.compile(
    rf"^(?:\s*(?:,\s*(?:and|or|&)?|and|or|&)\s*(?:the\s+)?{_NAME})*\s*,?\s+"
    rf"(?P<word>(?i:provinces|governorates|states|counties|districts|regions))\b"
)
_CONTAINER_AFTER = re.compile(
    rf"^\s*(?:,\s*|\s+in\s+(?:the\s+)?(?:(?:province|state|county)\s+of\s+)?)(?P<name>{_NAME})"
)
_NEAR_AFTER = re.compile(
    rf"^\s+(?:near|outside|close\s+to|just\s+outside)\s+(?:the\s+(?:town|city|village)\s+of\s+)?(?P<name>{_NAME})"
)
_CONTAINED_BEFORE = re.compile(rf"(?P<name>{_NAME})\s*,\s*$")
_POSSESSIVE = re.compile(r"['’]s$")
_CONTAINER_KINDS = ("admin1", "admin2", "country")


@dataclass(slots=True)
class _Cand:
    place: Place
    how: str
    quality: float
    prior: float = 0.0
    score: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)


_GroupKey = tuple[str, str | None]  # a name's key without its type word, and its type hint


@dataclass(slots=True)
class _Group:
    text: str
    hint: str | None
    mentions: list[int] = field(default_factory=list)
    cands: list[_Cand] = field(default_factory=list)
    containers: list[Place] = field(default_factory=list)
    near: list[Place] = field(default_factory=list)
    contained: list[Place] = field(default_factory=list)
    pick: _Cand | None = None
    support: list[tuple[Place, float]] = field(default_factory=list)


def _clean(text: str) -> str:
    t = _POSSESSIVE.sub("", text.strip())
    return re.sub(r"^(?:the)\s+", "", t, flags=re.IGNORECASE)


def _matches(gaz: Gazetteer, text: str, kinds: Sequence[str] | None = None) -> list[NameMatch]:
    return gaz.matches(text, kinds=kinds)


def _phrase_places(gaz: Gazetteer, phrase: str, kinds: Sequence[str] | None) -> list[Place]:
    """Places named by the longest leading part of ``phrase`` that the gazetteer knows."""
    words = phrase.split()
    for n in range(min(len(words), 4), 0, -1):
        sub = " ".join(words[:n]).rstrip(",;:")
        found = [m.place for m in _matches(gaz, sub, kinds) if m.how not in ("skeleton", "fuzzy")]
        if found:
            return found
    return []


def _relation(m: ToponymMention) -> str | None:
    rm = _RELATION_BEFORE.search(m.before())
    if rm:
        rel = " ".join(rm.group("rel").lower().split())
        rel = rel.replace("the ", "")
        return rel
    tm = _TYPE_AFTER.match(m.after())
    if tm and tm.group("word").lower() in ("region", "area"):
        return tm.group("word").lower()
    return None


def _hint(m: ToponymMention, text_key: str) -> str | None:
    st = strip_type_words(text_key)
    if st.word is not None:
        return st.hint
    after = m.after()
    tm = _TYPE_AFTER.match(after)
    if tm:
        return TYPE_WORDS.get(tm.group("word").lower())
    lm = _LIST_AFTER.match(after)
    if lm:
        return TYPE_WORDS.get(lm.group("word").lower())
    hm = _HINT_BEFORE.search(m.before(40))
    if hm:
        return TYPE_WORDS.get(hm.group("word").lower())
    return None


def _prior(c: _Cand, hint: str | None, namesake: bool, w: Weights) -> float:
    p = c.place
    pop = math.log10(max(0, p.population) + 1) / 7.0
    parts = {"quality": c.quality, "pop": w.pop * pop, "kind": w.kind(p.kind)}
    if p.feature_code == "PPLC":
        parts["capital"] = w.capital
    if hint is not None:
        kind = "city" if p.kind == "user" else p.kind
        parts["hint"] = w.hint_match if kind == hint else w.hint_mismatch
    if namesake:
        parts["namesake"] = w.namesake
    c.parts = parts
    return sum(parts.values())


def _affinity(c: Place, p: Place, w: Weights) -> float:
    if c.place_id == p.place_id:
        return 1.0
    if c.kind in ("country", "continent") or p.kind in ("country", "continent"):
        if c.country_iso2 is not None and c.country_iso2 == p.country_iso2:
            return 1.0 if c.kind == p.kind else w.country_affinity
        if c.kind == "continent" or p.kind == "continent":
            return 0.0
        # a place near a country it is not in ("Gaza" beside "Israel" and "Egypt")
        return w.neighbour_affinity * math.exp(-place_distance_km(c, p) / w.country_km)
    if contains(p, c) or contains(c, p):
        return 1.0
    return math.exp(-place_distance_km(c, p) / w.prox_km)


def _shares(groups: Sequence[_Group], use_picks: bool) -> tuple[dict[str, float], dict[str, float]]:
    """Shares of the document's names that point to each country and admin1."""
    country: dict[str, float] = defaultdict(float)
    admin1: dict[str, float] = defaultdict(float)
    total = 0.0
    for g in groups:
        if not g.cands or all(c.how in ("skeleton", "fuzzy") for c in g.cands):
            continue  # a name read only by its likeness ("Anderstown" as Anderson) says nothing of the focus
        w = 1.0
        total += w
        if use_picks and g.pick is not None:
            dist = [(g.pick.place, 1.0)]
        else:
            best = max(c.prior for c in g.cands)
            weights = [(c.place, math.exp(3.0 * (c.prior - best))) for c in g.cands]
            z = sum(x for _, x in weights)
            dist = [(p, x / z) for p, x in weights]
        seen_c: dict[str, float] = defaultdict(float)
        seen_a: dict[str, float] = defaultdict(float)
        for p, x in dist:
            if p.country_iso2:
                seen_c[p.country_iso2] += x
            if p.admin1_code and p.kind not in ("country", "continent"):
                seen_a[p.admin1_code] += x
        for k, v in seen_c.items():
            country[k] += w * v
        for k, v in seen_a.items():
            admin1[k] += w * v
    if total == 0:
        return {}, {}
    return {k: v / total for k, v in country.items()}, {k: v / total for k, v in admin1.items()}


def _score(
    g: _Group,
    c: _Cand,
    others: Sequence[_Group],
    countries: dict[str, float],
    admin1s: dict[str, float],
    w: Weights,
    affinities: dict[tuple[str, str], float] | None = None,
) -> float:
    p = c.place
    parts = dict(c.parts)
    if p.country_iso2:
        parts["focus"] = w.focus_country * countries.get(p.country_iso2, 0.0)
    if p.admin1_code and p.kind not in ("country", "continent", "admin1"):
        parts["focus_admin1"] = w.focus_admin1 * admin1s.get(p.admin1_code, 0.0)
    if g.containers and any(contains(k, p) for k in g.containers):
        parts["inside"] = w.container
    if g.contained and any(contains(p, k) for k in g.contained):
        parts["holds"] = w.container
    if g.near and any(place_distance_km(p, k) <= 100.0 for k in g.near):
        parts["near"] = w.near
    affs = [_support(p, o, w, affinities) for o in others if o is not g and o.support]
    if affs:
        parts["proximity"] = w.proximity * sum(affs) / len(affs)
    c.parts = parts
    return sum(parts.values())


def _set_support(g: _Group, w: Weights) -> None:
    """The group's likeliest candidates with weights in (0, 1] (1 for the best), by current score."""
    if not g.cands:
        g.support = []
        return
    ranked = sorted(g.cands, key=lambda c: -c.score)[: w.support_candidates]
    best = ranked[0].score
    g.support = [(c.place, math.exp(w.support_temperature * (c.score - best))) for c in ranked]


def _support(p: Place, o: _Group, w: Weights, affinities: dict[tuple[str, str], float] | None = None) -> float:
    """How well the other name ``o`` supports place ``p``: the best affinity of ``p`` to one of its
    candidates, weighted by that candidate's likelihood (so a well-placed reading of an ambiguous
    name helps too, as in "Athens … Henderson County": both in Texas)."""
    best = 0.0
    for q, wt in o.support:
        if wt <= best:
            break
        if affinities is None:
            a = _affinity(p, q, w) * wt
        else:  # the same pairs come back in every round: remember them for this document
            pair = (p.place_id, q.place_id)
            aff = affinities.get(pair)
            if aff is None:
                aff = affinities[pair] = _affinity(p, q, w)
            a = aff * wt
        if a > best:
            best = a
    return best


def _reason(c: _Cand, focus: str | None, w: Weights) -> str:
    bits = [c.how if c.how != "name" else "name match"]
    if c.parts.get("hint", 0) > 0:
        bits.append("kind as written")
    if c.parts.get("inside"):
        bits.append("inside the stated place")
    if c.parts.get("holds"):
        bits.append("holds the stated place")
    if c.parts.get("near"):
        bits.append("near the stated place")
    if focus and c.place.country_iso2 == focus and c.parts.get("focus", 0) > 0:
        bits.append(f"document focus {focus}")
    if c.parts.get("proximity", 0) > 0.3 * w.proximity:
        bits.append("close to the document's other places")
    return "; ".join(bits)


def _precision(place: Place, relation: str | None) -> int:
    if place.kind in ("country", "continent"):
        return PRECISION_COUNTRY
    if place.kind == "admin1":
        return PRECISION_ADMIN1
    if place.kind == "admin2" or relation is not None:
        return PRECISION_NEAR
    return PRECISION_TOWN


def resolve_toponyms(
    mentions: Sequence[ToponymMention],
    gazetteer: Gazetteer,
    *,
    focus_country: str | None = None,
    weights: Weights | None = None,
) -> list[Resolution]:
    """Resolve a document's toponym mentions together (see the module docstring). The result is in
    the order of ``mentions``. ``focus_country`` (ISO2) fixes the document's country."""
    gaz = gazetteer
    w = weights or DEFAULT_WEIGHTS
    groups, relations, keys = _group_mentions(mentions, gaz, w)
    glist = list(groups.values())
    for g in glist:
        _set_priors(g, w)
    countries, admin1s = _shares(glist, use_picks=False)
    if focus_country:
        countries = {focus_country.upper(): 1.0}
    _add_fuzzy_candidates(glist, gaz, countries, w)
    countries = _pick_places(glist, countries, admin1s, focus_country, w)
    focus = max(countries, key=lambda k: countries[k]) if countries else None
    out: list[Resolution] = []
    for i, m in enumerate(mentions):
        mk = keys[i]
        group = groups.get(mk) if mk is not None else None
        out.append(_resolution(m, group, relations[i], countries, focus, w))
    return out


def _group_mentions(
    mentions: Sequence[ToponymMention], gaz: Gazetteer, w: Weights
) -> tuple[dict[_GroupKey, _Group], list[str | None], list[_GroupKey | None]]:
    """The mentions' groups (one per name and type hint) with candidates; each mention's relation and group key."""
    groups: dict[_GroupKey, _Group] = {}
    relations: list[str | None] = []
    keys: list[_GroupKey | None] = []
    for i, m in enumerate(mentions):
        text = _clean(m.text)
        key = normalise(text)
        relations.append(_relation(m))
        if not key:
            keys.append(None)
            continue
        hint = _hint(m, key)
        gk = (strip_type_words(key).key, hint)
        keys.append(gk)
        g = groups.get(gk)
        if g is None:
            g = groups[gk] = _Group(text=text, hint=hint)
            g.cands = [_Cand(mm.place, mm.how, w.quality(mm.how) * mm.score) for mm in _matches(gaz, text)]
        g.mentions.append(i)
        _add_stated_places(g, m, gaz)
    return groups, relations, keys


def _add_stated_places(g: _Group, m: ToponymMention, gaz: Gazetteer) -> None:
    """Places the text around ``m`` says its place is in ("X, Y", "X in Y"), near, or holds ("Y, X")."""
    after = m.after()
    cm = _CONTAINER_AFTER.match(after)
    if cm:
        g.containers.extend(_phrase_places(gaz, cm.group("name"), _CONTAINER_KINDS))
    nm = _NEAR_AFTER.match(after)
    if nm:
        g.near.extend(_phrase_places(gaz, nm.group("name"), None))
    bm = _CONTAINED_BEFORE.search(m.before(60))
    if bm:
        g.contained.extend(_phrase_places(gaz, bm.group("name").split(",")[-1].strip(), ("city", "user")))


def _add_fuzzy_candidates(glist: Sequence[_Group], gaz: Gazetteer, countries: dict[str, float], w: Weights) -> None:
    """Fuzzy candidates, looked up in the document's main countries, for names with no good candidate."""
    top_countries = [k for k, v in sorted(countries.items(), key=lambda kv: -kv[1])[:2] if v >= 0.15]
    for g in glist:
        good = [c for c in g.cands if c.how not in ("skeleton", "fuzzy")]
        hint_ok = g.hint is None or any(_kind_fits(c.place, g.hint) for c in good)
        if (good and hint_ok) or not top_countries or not _fuzzy_worthy(g.text):
            continue
        container_cc = [k.country_iso2 for k in g.containers if k.country_iso2]
        have = {c.place.place_id for c in g.cands}
        for cc in dict.fromkeys([*container_cc, *top_countries]):
            kinds = (g.hint,) if g.hint in ("admin1", "admin2") else ("city", "admin1", "admin2", "user")
            for place, sc in gaz.fuzzy(g.text, country=cc, kinds=kinds, threshold=w.fuzzy_threshold):
                if place.place_id not in have:
                    q = w.q_fuzzy + 0.4 * (sc - w.fuzzy_threshold) / (100 - w.fuzzy_threshold)
                    g.cands.append(_Cand(place, "fuzzy", q))
                    have.add(place.place_id)
        _set_priors(g, w)


def _pick_places(
    glist: Sequence[_Group],
    countries: dict[str, float],
    admin1s: dict[str, float],
    focus_country: str | None,
    w: Weights,
) -> dict[str, float]:
    """Pick each group's place by prior and focus, then by the other names' support; the final country shares."""
    for g in glist:
        for c in g.cands:
            c.score = _score(g, c, (), countries, admin1s, w)
        g.pick = max(g.cands, key=lambda c: c.score) if g.cands else None
    affinities: dict[tuple[str, str], float] = {}
    for it in range(w.iterations):
        if not focus_country and it > 0:
            countries, admin1s = _shares(glist, use_picks=True)
        changed = False
        for g in glist:
            _set_support(g, w)
        for g in glist:
            if not g.cands:
                continue
            for c in g.cands:
                c.score = _score(g, c, glist, countries, admin1s, w, affinities)
            best = max(g.cands, key=lambda c: c.score)
            if best is not g.pick:
                g.pick, changed = best, True
        if not changed and it > 0:
            break
    return countries


def _resolution(
    m: ToponymMention,
    g: _Group | None,
    rel: str | None,
    countries: dict[str, float],
    focus: str | None,
    w: Weights,
) -> Resolution:
    """Mention ``m`` resolved to its group's pick, with a confidence from the pick's margin."""
    if g is None or g.pick is None:
        return Resolution(m, None, None, "no gazetteer entry for the name", 0.0, rel)
    pick = g.pick
    if pick.how in ("skeleton", "fuzzy") and countries.get(pick.place.country_iso2 or "", 0.0) < 0.15:
        return Resolution(m, None, None, "only loose matches outside the document's countries", 0.0, rel)
    others = sorted((c.score for c in g.cands if c is not pick), reverse=True)
    margin = pick.score - others[0] if others else 2.0
    conf = 1.0 / (1.0 + math.exp(-3.0 * margin))
    return Resolution(m, pick.place, _precision(pick.place, rel), _reason(pick, focus, w), conf, rel)


def _fuzzy_worthy(text: str) -> bool:
    """Names long enough for a fuzzy match to mean something; not acronyms ("UCLA")."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 5 and not all(ch.isupper() for ch in letters)


def _kind_fits(p: Place, hint: str) -> bool:
    return (p.kind == "user" and hint == "city") or p.kind == hint


def _set_priors(g: _Group, w: Weights) -> None:
    cities = [c.place for c in g.cands if c.place.kind in ("city", "user") and c.how == "name"]
    for c in g.cands:
        namesake = c.place.kind in ("admin1", "admin2") and any(contains(c.place, t) for t in cities)
        c.prior = _prior(c, g.hint, namesake, w)
    g.cands.sort(key=lambda c: -c.prior)
    del g.cands[w.max_candidates :]
