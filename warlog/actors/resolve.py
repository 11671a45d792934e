"""Resolve actor mentions of one document to knowledge-base records.

`ActorResolver(kb).resolve_document(candidates, focus_country=...)` takes the actor candidates of one
document in text order (named entities and generic phrases, see `ActorCandidate`) and returns their
`ActorMention`s. For each candidate, in this order:

1. the EntityRuler's pattern id, when the extractor passes it (`kb_id`);
2. the same surface earlier in the document → the same actor;
3. for a person, a short form of a name introduced earlier ("Dulaimi" → "Azhar al Dulaimi", "Sadr" →
   "Muqtada al Sadr", also in another transliteration: "Qazali" → "Qais al-Khazali");
4. the KB by name, alias or acronym (`exact`, `alias`, `normalised`); among several records the one whose
   kind fits the NER label, of the document's country, or already mentioned wins;
5. a generic phrase ("Iraqi police", "US and Iraqi forces" → two mentions, "Coalition forces", "gunmen")
   → per-country generic records (`generic`), see `warlog.actors.generic`;
6. a short form of an organisation introduced earlier (acronym or word);
7. the transliteration skeleton (`transliteration`: "Qods Force" → the "Quds Force" record), and a lone
   first name whose surname the document gave ("Layith" after "Qazali" → "Laith al-Khazali");
8. rapidfuzz near misses (ratio ≥ 90) among the document's actors and the KB records of the document's
   countries (`fuzzy`);
9. otherwise a new record (`new`): kind guessed from the label and the name's words, id
   `{kind}:new:{slug of the normalised name}` so the same name gets the same id in every document.

`new_records()` returns the records the resolver made or synthesised (new names, per-country generic
records not stored in the KB) for the integrator to store.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from ..model import ActorKind, ActorMention, ActorRecord, Span
from . import generic
from .kb import FORCE_KINDS, ActorKB, Match
from .names import ORG_WORDS, TITLES, is_acronym, normalise, person_key, skeleton, slug, words, wordset

K = ActorKind
LABEL_KINDS: dict[str, frozenset[ActorKind]] = {
    "PERSON": frozenset({K.PERSON}),
    "ORG": frozenset(set(K) - {K.PERSON, K.CIVILIANS}),
    "NORP": frozenset({K.STATE, K.ARMED_GROUP, K.POLITICAL_PARTY, K.OTHER, K.CIVILIANS, K.STATE_FORCE}),
    "GPE": frozenset({K.STATE, K.GOVERNMENT}),
    "LOC": frozenset({K.STATE}),
}
PLACE_LABELS = frozenset({"GPE", "LOC"})
#: Kinds a generic phrase's modifier may name ("Taliban fighters", "Coalition forces", "US troops").
MODIFIER_KINDS = FORCE_KINDS | {K.STATE, K.GOVERNMENT, K.POLITICAL_PARTY}
GOVERNMENT_WORDS = wordset("""
ministry ministries government cabinet parliament presidency senate congress assembly municipality governorate
administration
""")
STATE_WORDS = wordset("""
national federal republican royal presidential police navy naval gendarmerie guard airforce coast border
defence defense interior intelligence army
""")
ARMED_WORDS = ORG_WORDS & wordset("""
army armies front brigade brigades battalion battalions group groups movement network networks corps command
force forces militia militias jihad mujahideen mujahidin mujahedeen ansar jaish jaysh kataib katiba kataeb
liwa saraya harakat tanzim jamaat faction factions cell cells resistance liberation legion squad regiment
division guard guards commando commandos fighters martyrs
""")
#: Broad heads that name an actor even without a modifier ("soldiers" after "US soldiers").
BARE_BROAD = wordset("troops troop soldiers soldier forces fighters fighter personnel")
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_ATTRIBUTIVE = re.compile(
    r"-(?:backed|led|trained|supported|funded|allied|aligned|linked|affiliated|sponsored)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ActorCandidate:
    """A possible actor mention found by the extractor.

    `label`: the NER label (PERSON, ORG, NORP, GPE, LOC) or "generic" for a generic phrase ("Iraqi
    police"). `head`/`modifiers`: the generic phrase's head noun and modifier texts when the extractor
    split them (otherwise the span text is parsed). `kb_id`: the EntityRuler pattern id, if any."""

    span: Span
    label: str
    head: str | None = None
    modifiers: tuple[str, ...] = ()
    kb_id: str | None = None

    @property
    def text(self) -> str:
        if self.head:
            return " and ".join(self.modifiers) + (" " if self.modifiers else "") + self.head
        return self.span.text


@dataclass(frozen=True, slots=True)
class _Hit:
    record: ActorRecord
    how: str
    score: float
    written: str | None = None


@dataclass(slots=True)
class _Doc:
    """What the resolver knows about the document so far."""

    focus: str | None
    by_key: dict[tuple[str, bool], _Hit] = field(default_factory=dict)
    mentioned: list[tuple[ActorRecord, str]] = field(default_factory=list)  # (record, surface key)
    ids: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    last_sector: dict[str, ActorRecord] = field(default_factory=dict)

    def remember(self, key: str, person: bool, hit: _Hit) -> None:
        self.by_key.setdefault((key, person), hit)
        self.mentioned.append((hit.record, key))
        self.ids.add(hit.record.actor_id)
        if hit.record.country:
            self.countries.add(hit.record.country)


class ActorResolver:
    """Resolves the actor candidates of documents against a KB (default: the packaged one). One
    resolver may serve many documents, each on its own: the records it makes for names the KB does
    not know (`local`) are the current document's only, so what a document yields never depends on the
    documents a process read before it, nor on how many processes share a corpus. A new name still gets
    the same id in every document (`new_id`: its kind and normalised name)."""

    def __init__(self, kb: ActorKB | None = None, *, fuzzy_threshold: float = 90.0) -> None:
        self.kb = kb if kb is not None else ActorKB.default()
        self.local = ActorKB()  # records made by this resolver (new names, synthesised generic records)
        self.fuzzy_threshold = fuzzy_threshold
        self._country_choices: dict[str, tuple[list[str], list[str]]] = {}

    # -- public API ---------------------------------------------------------------------------------

    def resolve_document(self, candidates: Sequence[ActorCandidate], *,
                         focus_country: str | None = None) -> list[ActorMention]:
        """Mentions for the candidates of one document (text order; a generic phrase naming two
        actors, "US and Iraqi forces", gives two mentions with the same span). GPE/LOC candidates
        that name no state give none."""
        doc = _Doc(focus_country)
        self.local = ActorKB()  # nothing carried over from another document
        out: list[ActorMention] = []
        for cand in sorted(candidates, key=lambda c: (c.span.start, -c.span.end)):
            for hit in self._resolve(cand, doc):
                r = hit.record
                out.append(ActorMention(cand.span, r.actor_id, r.name, r.kind, r.country, hit.how,
                                        round(hit.score, 3), written=hit.written))
        return out

    def resolve_name(self, text: str, label: str = "ORG", *,
                     focus_country: str | None = None) -> ActorMention | None:
        """One name outside any document context (a convenience for tools and tests)."""
        span = Span(0, 0, 0, len(text), text)
        found = self.resolve_document([ActorCandidate(span, label)], focus_country=focus_country)
        return found[0] if found else None

    def new_records(self) -> list[ActorRecord]:
        """Records made (new names) or synthesised (per-country generic records that the packaged KB
        does not store) for the last document resolved, in id order."""
        return [self.local.records[k] for k in sorted(self.local.records)]

    def made(self, ids: Iterable[str | None]) -> list[ActorRecord]:
        """Of `ids`, the records this resolver made or synthesised, in id order (without walking all
        it ever made: the per-document cost must not grow with the corpus)."""
        return [self.local.records[k] for k in sorted({i for i in ids if i}) if k in self.local.records]

    def get(self, actor_id: str) -> ActorRecord | None:
        return self.local.records.get(actor_id) or self.kb.get(actor_id)

    # -- the steps -----------------------------------------------------------------------------------

    def _resolve(self, cand: ActorCandidate, doc: _Doc) -> list[_Hit]:
        label = cand.label.upper()
        text = _clean(cand.text)
        if not text or not any(c.isalnum() for c in text):
            return []
        if label == "GENERIC":
            return self._remember_generic(self._generic(text, doc, strict=False), doc)
        person = label == "PERSON"
        key = person_key(text) if person else normalise(text)
        if not key:
            return []
        hit = self._known(cand, text, key, person, label, doc)
        if hit is None and label in PLACE_LABELS:
            return []
        if hit is None:
            hits = self._generic(text, doc, strict=True)
            if hits:
                return self._remember_generic(hits, doc)
            hit = self._fallback(text, key, person, label, doc)
        doc.remember(key, person, hit)
        return [hit]

    def _known(self, cand: ActorCandidate, text: str, key: str, person: bool, label: str,
               doc: _Doc) -> _Hit | None:
        if cand.kb_id:
            r = self.get(cand.kb_id)
            if r is not None:
                return _Hit(r, _how_exact(text, r), 1.0)
        prior = doc.by_key.get((key, person))
        if prior is not None:
            return prior
        if label in PLACE_LABELS:
            return self._best(self._lookup(text, person), label, doc, strict=True, surface=text)
        if person and len(words(key)) == 1:
            hit = self._short_form(key, label, doc, persons_only=True)
            if hit is not None:
                return hit
        hit = self._best(self._lookup(text, person), label, doc, strict=False, surface=text)
        if hit is None and label in ("NORP", "ORG"):
            iso = generic.nationality(text)
            state = self.kb.get(f"state:{iso.lower()}") if iso else None
            if state is not None:
                return _Hit(state, "alias", 0.9)
        return hit

    def _fallback(self, text: str, key: str, person: bool, label: str, doc: _Doc) -> _Hit:
        hit = (self._short_form(key, label, doc, persons_only=False, acronym=is_acronym(text))
               or self._best(self._skeleton(text, person), label, doc, strict=True, query=key, min_ratio=60.0)
               or (self._first_name(key, doc) if person else None)
               or self._fuzzy(key, label, doc))
        return hit if hit is not None else self._new(text, key, label)

    def _lookup(self, text: str, person: bool) -> list[Match]:
        found = self.kb.lookup(text, person=person)
        return found + [m for m in self.local.lookup(text, person=person)
                        if all(m.record.actor_id != f.record.actor_id for f in found)]

    def _skeleton(self, text: str, person: bool) -> list[Match]:
        return self.kb.by_skeleton(text, person=person) + self.local.by_skeleton(text, person=person)

    def _best(self, matches: list[Match], label: str, doc: _Doc, *, strict: bool,
              query: str = "", min_ratio: float = 0.0, surface: str = "") -> _Hit | None:
        """The best of several records found for one name: kind fitting the label, the document's
        country, already mentioned, curated. With `min_ratio`, a transliteration match must also be
        that close (rapidfuzz ratio of the keys) to one of the record's names."""
        allowed = LABEL_KINDS.get(label)
        best: tuple[float, int] | None = None
        chosen: Match | None = None
        for i, m in enumerate(matches):
            r = m.record
            fits = allowed is None or r.kind in allowed
            if not fits and (strict or r.kind is K.CIVILIANS or label in PLACE_LABELS):
                continue
            if min_ratio and max(fuzz.ratio(query, normalise(n)) for n in (r.name, *r.aliases)) < min_ratio:
                continue
            score = (4.0 if fits else 0.0) + (3.0 if r.actor_id in doc.ids else 0.0)
            if doc.focus and r.country == doc.focus:
                score += 2.0
            elif r.country in doc.countries:
                score += 1.0
            score += 0.5 if r.source == "warlog" else 0.0
            if best is None or (score, -i) > best:
                best, chosen = (score, -i), m
        if chosen is None:
            return None
        if chosen.how == "transliteration":
            return _Hit(chosen.record, "transliteration", 0.85)
        how = _how_exact(surface, chosen.record) if surface else "alias"
        return _Hit(chosen.record, how, 1.0 if how in ("exact", "alias") else 0.95)

    def _short_form(self, key: str, label: str, doc: _Doc, *, persons_only: bool,
                    acronym: bool = False) -> _Hit | None:
        """A short form of a name the document introduced earlier: a person's surname (or first name),
        the tail of a name ("al-Sadr"), an acronym of an organisation's name."""
        cw = words(key)
        if not cw or len(cw) > 2:
            return None
        csk = [skeleton(w) for w in cw]
        allowed = LABEL_KINDS.get(label)
        found: list[tuple[int, int, int, ActorRecord]] = []
        for age, (r, surface) in enumerate(reversed(doc.mentioned)):
            if persons_only and r.kind is not K.PERSON:
                continue
            if r.kind in (K.STATE, K.CIVILIANS) or generic.record_for_id(r.actor_id) is not None:
                continue
            rank = 9
            if len(words(surface)) < 2:
                continue  # only a name introduced in full has short forms ("his brother Layith" has none)
            for name_key in {surface, person_key(r.name) if r.kind is K.PERSON else normalise(r.name)}:
                nw = words(name_key)
                if len(nw) <= len(cw):
                    continue
                nsk = [skeleton(w) for w in nw]
                if nsk[-len(cw):] == csk:
                    rank = min(rank, 0 if r.kind is K.PERSON else 2)
                elif nsk[:len(cw)] == csk:
                    rank = min(rank, 1 if r.kind is K.PERSON else 3)
                elif acronym and "".join(w[0] for w in nw if w not in ("of", "and", "for", "in")) == cw[0]:
                    rank = min(rank, 1)
            if rank < 9:
                fits = allowed is None or r.kind in allowed
                found.append((rank, 0 if fits else 1, age, r))
        if not found:
            return None
        found.sort(key=lambda x: x[:3])
        return _Hit(found[0][3], "short_form", 0.9)

    def _first_name(self, key: str, doc: _Doc) -> _Hit | None:
        """A lone first name of a KB person whose surname the document has given ("his brother Layith"
        after "Qazali")."""
        cw = words(key)
        if len(cw) != 1 or len(cw[0]) < 4:
            return None
        surnames = {skeleton(words(s)[-1]) for r, s in doc.mentioned if r.kind is K.PERSON and words(s)}
        first = skeleton(cw[0])
        for country in [doc.focus, *sorted(doc.countries)]:
            for r in self.kb.in_country(country):
                if r.kind is not K.PERSON:
                    continue
                for n in (r.name, *r.aliases):
                    nw = words(person_key(n))
                    if len(nw) >= 2 and skeleton(nw[0]) == first and skeleton(nw[-1]) in surnames:
                        return _Hit(r, "short_form", 0.7)
        return None

    def _fuzzy(self, key: str, label: str, doc: _Doc) -> _Hit | None:
        if len(key) < 6:
            return None
        allowed = LABEL_KINDS.get(label)
        local = {s: r for r, s in doc.mentioned if allowed is None or r.kind in allowed}
        if local:
            m = process.extractOne(key, list(local), scorer=fuzz.ratio, score_cutoff=self.fuzzy_threshold)
            if m is not None:
                return _Hit(local[m[0]], "fuzzy", m[1] / 100)
        for country in [doc.focus, *sorted(doc.countries)]:
            if not country:
                continue
            keys, ids = self._choices(country)
            m = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=self.fuzzy_threshold)
            if m is not None:
                r = self.kb.records[ids[m[2]]]
                if allowed is None or r.kind in allowed:
                    return _Hit(r, "fuzzy", m[1] / 100)
        return None

    def _choices(self, country: str) -> tuple[list[str], list[str]]:
        if country not in self._country_choices:
            keys: list[str] = []
            ids: list[str] = []
            for r in self.kb.in_country(country):
                for n in (r.name, *r.aliases):
                    k = person_key(n) if r.kind is K.PERSON else normalise(n)
                    if len(k) >= 6:
                        keys.append(k)
                        ids.append(r.actor_id)
            self._country_choices[country] = (keys, ids)
        return self._country_choices[country]

    # -- generic phrases -------------------------------------------------------------------------------

    def _generic(self, text: str, doc: _Doc, *, strict: bool) -> list[tuple[_Hit, str]]:
        """Hits for a generic phrase, one per modifier group, each with the sector it was read as.
        `strict` (a named entity, not a phrase the extractor called generic): every group must be
        readable, or the phrase is not taken as generic ("Islamic Army" is a name)."""
        phrase = generic.parse(text)
        if phrase is None:
            return []
        hits: list[tuple[_Hit, str]] = []
        for group in phrase.groups or (None,):
            sector = phrase.sector_for(group)
            hit = self._generic_group(phrase, group, sector, doc, strict=strict)
            if hit is None:
                if strict:
                    return []
                continue
            if group is not None and len(phrase.groups) > 1:
                # "US and Iraqi forces": this mention's own name, "Iraqi forces"
                hit = replace(hit, written=f"{_clean(group.text)} {phrase.head_text}".strip())
            if all(h.record.actor_id != hit.record.actor_id for h, _ in hits):
                hits.append((hit, sector.name))
        return hits

    def _generic_group(self, phrase: generic.GenericPhrase, group: generic.ModifierGroup | None,
                       sector: generic.Sector, doc: _Doc, *, strict: bool) -> _Hit | None:
        if group is not None:
            for name in dict.fromkeys((group.text, group.name, group.rest)):
                named = self._modifier(name, doc) if name else None
                if named is not None:
                    if named.kind in (K.STATE, K.GOVERNMENT) and named.country:
                        return self._national(sector, named.country, 0.9)
                    return _Hit(named, "generic", 0.9)
            if group.country and not (strict and group.rest):
                # ("Irish Republican Army": a name with words a nationality does not explain, not Ireland's army)
                return self._national(sector, group.country, 0.9)
            if group.rest and (strict or (phrase.term.broad and group.role is None)):
                # a modifier we cannot read: "Karbala Police" is a name, "parliament members" no actor
                return None
            if group.rest and sector.national:
                # "Shia militants", "Karbala police": not the actor last named, the document's own
                return self._national(sector, doc.focus, 0.6 if doc.focus else 0.4)
        elif phrase.term.broad and phrase.term.term not in BARE_BROAD:
            return None  # "the units", "an operative": too vague alone
        if not sector.national:
            return self._national(sector, None, 0.8)
        if group is not None and group.foreign:
            return self._national(sector, None, 0.6)
        if (group is None or not group.own_state) and sector.name in doc.last_sector:
            return _Hit(doc.last_sector[sector.name], "generic", 0.7)
        return self._national(sector, doc.focus, 0.6 if doc.focus else 0.4)

    def _modifier(self, name: str, doc: _Doc) -> ActorRecord | None:
        matches = [m for m in self._lookup(name, False) if m.record.kind in MODIFIER_KINDS]
        if not matches:
            matches = [m for m in self._skeleton(name, False) if m.record.kind in MODIFIER_KINDS]
        hit = self._best(matches, "ORG", doc, strict=True)
        return hit.record if hit else None

    def _national(self, sector: generic.Sector, country: str | None, score: float) -> _Hit:
        r = self.get(generic.national_id(sector, country)) or generic.national_record(sector, country)
        if r.actor_id not in self.kb.records and r.actor_id not in self.local.records:
            self.local.add([r])
        return _Hit(r, "generic", score)

    def _remember_generic(self, hits: list[tuple[_Hit, str]], doc: _Doc) -> list[_Hit]:
        for h, sector in hits:
            doc.ids.add(h.record.actor_id)
            if h.record.country:
                doc.countries.add(h.record.country)
            if sector != "armed" or generic.record_for_id(h.record.actor_id) is not None:
                # a bare "gunmen" later is not taken for the group named before ("Taliban fighters")
                doc.last_sector[sector] = h.record
            if generic.record_for_id(h.record.actor_id) is None:
                doc.mentioned.append((h.record, normalise(h.record.name)))
        return [h for h, _ in hits]

    # -- new records -----------------------------------------------------------------------------------

    def _new(self, text: str, key: str, label: str) -> _Hit:
        kind = guess_kind(text, label)
        country = _country_in(key)
        rid = new_id(kind, key)
        r = self.local.records.get(rid)
        if r is None:
            name = _display_name(text, kind)
            r = ActorRecord(rid, name, kind, country if kind is not K.PERSON else None)
            self.local.add([r])
        return _Hit(r, "new", 0.5)


def new_id(kind: ActorKind, key: str) -> str:
    """The id of a record first seen in a document: kind and the slug of its normalised name (long
    names cut, with a hash of the whole key)."""
    s = slug(key)
    if len(s) > 60:
        s = s[:50].rstrip("-") + "-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{kind}:new:{s}"


def guess_kind(text: str, label: str) -> ActorKind:
    """The kind of an actor the KB does not know, from its NER label and the words of its name."""
    ws = words(normalise(text))
    wset = set(ws)
    label = label.upper()
    if label == "PERSON" and not (wset & ORG_WORDS):
        return K.PERSON
    if label == "NORP":
        return K.STATE if generic.nationality(text) else K.OTHER
    if wset & GOVERNMENT_WORDS:
        return K.GOVERNMENT
    if "party" in wset:
        return K.POLITICAL_PARTY
    if wset & ARMED_WORDS or (label == "PERSON" and wset & ORG_WORDS):
        national = _country_in(" ".join(ws)) is not None
        return K.STATE_FORCE if national or wset & (STATE_WORDS - {"army"}) else K.ARMED_GROUP
    if wset & {"police", "gendarmerie", "navy"}:
        return K.STATE_FORCE
    return K.OTHER


def _country_in(key: str) -> str | None:
    ws = words(key)
    keys = generic.nationality_keys()
    for n in (3, 2, 1):
        for i in range(len(ws) - n + 1):
            iso = keys.get(" ".join(ws[i:i + n]))
            if iso:
                return iso
    return None


def _clean(text: str) -> str:
    t = " ".join(text.split())
    t = _LEADING.sub("", t)
    t = _POSSESSIVE.sub("", t)
    t = _ATTRIBUTIVE.sub("", t)
    return t.strip(" ,.;:\"'“”‘’()[]")


def _display_name(text: str, kind: ActorKind) -> str:
    if kind is K.PERSON:
        ws = text.split()
        i = 0
        while i < len(ws) - 1 and normalise(ws[i]) in TITLES:
            i += 1
        return " ".join(ws[i:])
    return text


def _how_exact(text: str, r: ActorRecord) -> str:
    """exact (the record's name as written), alias (an alias as written), normalised (either, after
    normalisation: case, articles, punctuation), or alias for an acronym or a pattern id."""
    if text == r.name:
        return "exact"
    if text in r.aliases:
        return "alias"
    key = person_key(text) if r.kind is K.PERSON else normalise(text)
    names = {person_key(n) if r.kind is K.PERSON else normalise(n) for n in (r.name, *r.aliases)}
    return "normalised" if key in names else "alias"
