"""Place mentions: toponyms found by NER (GPE, LOC, FAC), names the model mislabelled (a town it
called PERSON or ORG) corrected against the gazetteer, lists split ("Basrah, Dhi Qhar and Najaf
provinces"), then resolved together with `warlog.geo.resolve_toponyms`.

A country or town name that only modifies a force ("US troops", "Iraqi police") says who acted,
not where, and is not a place mention; it still tells the resolver which country the story is about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..actors.generic import nationality
from ..actors.generic import terms as generic_terms
from ..dates import normalise_date
from ..geo.gazetteer import Gazetteer
from ..geo.resolve import Resolution, ToponymMention, resolve_toponyms
from ..model import Location, PlaceMention, Span
from ..nlp import AnnotatedSegment, dateline
from ..vocab import load_vocabulary

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
CORRECTABLE_LABELS = frozenset({"PERSON", "ORG"})
#: Words before "on" that make the name after it a place: "fired on Qamishli", "an attack on Maiduguri".
ON_TARGETS = frozenset({"fired", "fire", "attack", "attacks", "strike", "strikes", "assault", "offensive", "raid",
                        "raids", "shelling", "bombardment", "advance", "march"})
#: Words before a name that make it a place: "in X", "near the town of X", "outside X", "fired on X".
LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|near|at|outside|around|from|into|towards?|across|north|south|east|west|between|and|"
    r"of the (?:town|city|village|district|province|region|governorate|area)|"
    r"(?:town|city|village|district|province|region|governorate|area|market|outskirts|suburbs?|centre|center|"
    r"streets|people|residents) of|"
    rf"(?:{'|'.join(sorted(ON_TARGETS))}) on)\s+(?:the\s+)?"
    r"(?:(?:(?:north|south)(?:-?(?:east|west))?(?:ern)?|(?:east|west)(?:ern)?|central|upper|lower)\s+)?$",
    re.IGNORECASE)  # "in central Mali", "in the northern"
#: A dateline whose separator was lost in copying: "LONDON The Latest on the poisoning of …".
BARE_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z'’.\-]{2,}(?: [A-Z][A-Z'’.\-]{2,})?)\s+(?=[A-Z][a-z])")
#: Words after a name that make it a place: "X province", "X region".
TYPE_AFTER = re.compile(r"^\s+(?:provinces?|governorates?|regions?|districts?|areas?|border|city|town|states?|"
                        r"departments?|townships?|village|municipality|county|oblast|prefecture|market|airport)\b",
                        re.IGNORECASE)
LIST_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*")
#: Compass words that NER tags LOC ("the South") but that name no place on their own.
COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                     "the north", "the south", "the east", "the west", "midwest", "the midwest"})


@lru_cache(maxsize=1)
@lru_cache(maxsize=1)
def not_places() -> frozenset[str]:
    """Names tagged as places that never locate an event (data: extract/data/not_places.txt)."""
    text = resources.files("warlog.extract").joinpath("data/not_places.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _not_a_date(text: str, gaz: Gazetteer) -> bool:
    """A DATE entity that no date reading fits and that is the main name of a place: a town the model
    mistook ("in Manbij"), not a feast that an alternate spelling of a village matches ("in Ramadan")."""
    if any(ch.isdigit() for ch in text) or normalise_date(text, anchor=None) is not None:
        return False
    return any(m.how in ("name", "stripped") and m.place.kind != "continent" for m in gaz.matches(text))


@lru_cache(maxsize=1)
def kin_nouns() -> frozenset[str]:
    """Nouns of kinship (data: extract/data/kin_nouns.txt)."""
    text = resources.files("warlog.extract").joinpath("data/kin_nouns.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def agent_nouns() -> frozenset[str]:
    """Head nouns of people and forces (data: extract/data/agent_nouns.txt), with the one-word roles of
    the generic-agent layer ("detectives", "gendarmes", "policemen"), but not its military words, which
    include weapons that stand for who fired them ("drones", "warplanes")."""
    text = resources.files("warlog.extract").joinpath("data/agent_nouns.txt").read_text("utf-8")
    own = {w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")}
    return frozenset(own | {t for t, g in generic_terms().items() if " " not in t and g.sector.name != "military"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A toponym span before resolution; `focus_only` marks a name that modifies a force ("US
    troops"): it informs the document's country focus but is not stored as a place mention."""

    span: Span
    label: str
    focus_only: bool = False


def _modifies_actor(ent: Any, gaz: Gazetteer) -> bool:
    """"US troops", "Iraqi police", "US satellite imagery specialists": a name modifying a force or
    person noun, or a country name modifying any noun, says who, not where. ("the Karbala attack"
    keeps its town.)"""
    root = ent.root
    head = root.head
    if root.dep_ not in ("compound", "amod", "nmod", "poss") or head.i < ent.end:
        return False
    return head.lower_ in agent_nouns() or bool(gaz.lookup(ent.text, kinds=("country",)))


def _is_place_name(gaz: Gazetteer, text: str, *, loose: bool = False) -> bool:
    """The gazetteer knows `text` as a place (not only as a demonym); `loose` also accepts
    transliteration variants ("Dhi Qhar")."""
    return any(m.how != "demonym" and m.place.kind != "continent"
               for m in gaz.matches(text, use_skeleton=loose))


def _parts(seg: AnnotatedSegment, ent: Any) -> Iterable[tuple[int, int]]:
    """Segment offsets of the names in an entity: one, or each item of a list "A, B and C"."""
    text = ent.text
    if not LIST_SPLIT.search(text):
        yield ent.start_char, ent.end_char
        return
    pos = 0
    for piece in LIST_SPLIT.split(text):
        if not piece:
            continue
        i = text.index(piece, pos)
        pos = i + len(piece)
        yield ent.start_char + i, ent.start_char + i + len(piece)


#: Words after a town's name that make it a street's: "Oxford Street", "Haifa Road".
STREETS = frozenset(load_vocabulary().place_words("street"))  # place_types.csv
#: Articles that open Arabic, Spanish, French and Italian place names, never a place on their own.
ARTICLES = frozenset({"el", "al", "al-", "ad", "as", "an", "ar", "le", "la", "les", "los", "las", "de", "del", "il"})


def _place_prefix(ent: Any, gaz: Gazetteer) -> tuple[int, int] | None:
    """Segment offsets of a town or province name opening a facility's name ("Karbala Provincial
    Joint Coordination Center", "Mosul University"), if one does."""
    tokens = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
    for n in sorted({min(len(tokens), 3), 2, 1}, reverse=True):  # the whole name too: "El Fasher market"
        if len(tokens) < n:
            continue
        head = tokens[:n]
        if any(t.is_punct for t in head) or head[-1].lower_ in ARTICLES:
            continue  # "El" of "El Fasher" is no town
        if n < len(tokens) and tokens[n].lower_ in STREETS:
            return None  # "Oxford Street bus station": a street named after a town, in another town
        name = ent.doc.text[head[0].idx:head[-1].idx + len(head[-1].text)]
        if any(m.place.kind in ("city", "admin1") and m.how in ("name", "alternate")
               for m in gaz.matches(name, use_skeleton=False)):
            return head[0].idx, head[-1].idx + len(head[-1].text)
    return None


def find_toponyms(segments: Sequence[AnnotatedSegment], gazetteer: Gazetteer,
                  not_places: frozenset[str] = frozenset()) -> list[Candidate]:
    """Toponym spans of a document's annotated segments, in text order. `not_places` holds
    normalised names known to be actors, never places."""
    out: list[Candidate] = []
    for seg in segments:
        text = seg.segment.text
        line = dateline(text) or BARE_DATELINE.match(text)
        dated_to = 0
        if line is not None and _is_place_name(gazetteer, line.group("place")):
            out.append(Candidate(seg.span(line.start("place"), line.end("place")), "dateline"))
            dated_to = line.end("place")
        for ent in seg.spacy_doc.ents:
            label = ent.label_
            if ent.start_char < dated_to:
                continue  # "LONDON The Latest on …": the dateline, read above
            if label in PLACE_LABELS:
                if ent.text.lower() in COMPASS:
                    continue
                for a, b in _parts(seg, ent):
                    name = text[a:b]
                    if name.lower() in not_places or name.lower().removeprefix("the ") in not_places:
                        continue
                    list_item = (a, b) != (ent.start_char, ent.end_char)
                    if list_item and not _is_place_name(gazetteer, name, loose=True):
                        continue
                    out.append(Candidate(seg.span(a, b), label,
                                         focus_only=not list_item and _modifies_actor(ent, gazetteer)))
            elif label == "NORP":
                before = text[max(0, ent.start_char - 40):ent.start_char]
                if LOCATIVE_BEFORE.search(before) and _is_place_name(gazetteer, ent.text):
                    # "near Kidal": a town the model took for a nationality
                    out.append(Candidate(seg.span(ent.start_char, ent.end_char), "gazetteer"))
                elif nationality(ent.text) is not None:  # "Saudi", "Iraqis"; not "Shiite", "Kurdish"
                    out.append(Candidate(seg.span(ent.start_char, ent.end_char), label, focus_only=True))
            elif label in CORRECTABLE_LABELS or (label == "DATE" and _not_a_date(ent.text, gazetteer)):
                before = text[max(0, ent.start_char - 40):ent.start_char]
                after = text[ent.end_char:ent.end_char + 20]
                # "the Ben Guerdane attack": a town NER took for a person (an organisation before "attack"
                # is the attacker: "the Taliban attack")
                cue = LOCATIVE_BEFORE.search(before) or TYPE_AFTER.match(after) or (
                    label == "PERSON" and INCIDENT_AFTER.match(after)) or (
                    ent.root.dep_ == "dobj" and ent.root.head.lemma_.lower() in PLACE_TAKING)
                if not cue or (label == "ORG" and INCIDENT_AFTER.match(after)) \
                        or ent.text.lower().removeprefix("the ") in not_places:
                    continue  # "killed in the Taliban attack": an organisation before "attack" did it
                prefix = _place_prefix(ent, gazetteer) if label == "ORG" and not LIST_SPLIT.search(ent.text) else None
                if prefix is not None:  # "at the Karbala Provincial Joint Coordination Center"
                    out.append(Candidate(seg.span(prefix[0], prefix[1]), "facility"))
                    continue
                parts = list(_parts(seg, ent))
                for a, b in parts:
                    name = text[a:b]
                    if name.lower() not in not_places and _is_place_name(gazetteer, name,
                                                                         loose=len(parts) > 1):
                        out.append(Candidate(seg.span(a, b), "gazetteer"))
        out.extend(_unlabelled(seg, gazetteer, not_places, {c.span.start for c in out}))
    return out


def _unlabelled(seg: AnnotatedSegment, gaz: Gazetteer, not_places: frozenset[str], taken: set[int]
                ) -> list[Candidate]:
    """Proper names NER left without a label, right after a locative word ("In Eldoret, police …",
    "near the village of Kuriga"), when the gazetteer knows them as a town or province."""
    sdoc = seg.spacy_doc
    out: list[Candidate] = []
    i = 0
    while i < len(sdoc):
        t = sdoc[i]
        if t.pos_ == "PROPN" and t.text[:1].isupper() and not t.ent_type_ and i > 0 and _locative(sdoc, i):
            j = i
            while j + 1 < len(sdoc) and sdoc[j + 1].pos_ == "PROPN" and not sdoc[j + 1].ent_type_:
                j += 1
            if sdoc[i - 1].lower_ == "the" and not (j + 1 < len(sdoc) and TYPE_AFTER.match(" " + sdoc[j + 1].text)):
                i = j + 1  # "the Odesa region", not "the Kremlin"
                continue
            a, b = t.idx, sdoc[j].idx + len(sdoc[j].text)
            name = seg.segment.text[a:b]
            if seg.doc_offset(a) not in taken and name.lower() not in not_places and any(
                    m.how in ("name", "alternate") and m.place.kind in ("city", "admin1", "admin2")
                    for m in gaz.matches(name, use_skeleton=False)):
                out.append(Candidate(seg.span(a, b), "gazetteer"))
            i = j + 1
            continue
        i += 1
    return out


#: Verbs whose object is often a town ("militants raided Mocimboa da Praia", NER's person).
PLACE_TAKING = frozenset({"raid", "storm", "overrun", "besiege", "shell", "bomb", "capture", "seize", "retake",
                          "recapture", "enter", "attack", "encircle", "liberate"})


def _locative(sdoc: Any, i: int) -> bool:
    """Whether the words before token i make a proper name there a place: "in X", "near X", "on central X",
    "in the X region" (the type word is checked by the caller)."""
    before = [t.lower_ for t in sdoc[max(0, i - 2):i]]
    if before[-1] in LOCATIVE_WORDS or (before[-1] == "on" and len(before) == 2 and before[0] in ON_TARGETS):
        return True
    return len(before) == 2 and before[0] in (*LOCATIVE_WORDS, "on") and before[1] in (*SIDES, "the")


#: Words that put a name's part before it: "central Odesa", "northern Kaduna".
SIDES = frozenset({"central", "northern", "southern", "eastern", "western", "north", "south", "east", "west",
                   "northeastern", "northwestern", "southeastern", "southwestern", "downtown", "greater"})


#: An incident named by its place: "the Ben Guerdane attack", "the Omagh bombing".
INCIDENT_AFTER = re.compile(r"^\s+(?:attacks?|bombings?|blasts?|massacres?|raids?|shootings?|explosions?|siege|"
                            r"ambush|uprising|protests?|riots?|clashes)\b", re.IGNORECASE)


#: Words after which an unlabelled proper name is looked up as a place.
LOCATIVE_WORDS = frozenset({"in", "near", "outside", "of", "at", "from", "into", "around", "towards", "toward"})


def resolve_places(candidates: Sequence[Candidate], gazetteer: Gazetteer, document_text: str,
                   focus_country: str | None = None) -> tuple[list[PlaceMention], str | None]:
    """Resolve the candidates together; returns the place mentions (force modifiers and demonyms
    left out) and the document's focus country (ISO3) as the resolver saw it."""
    mentions = [ToponymMention(c.span.text, c.span.start, c.span.end, document_text, 0) for c in candidates]
    resolutions = resolve_toponyms(mentions, gazetteer, focus_country=focus_country)
    focus = _focus(resolutions, [c.focus_only for c in candidates])
    resolutions = [_unsupported(r, focus) for r in resolutions]
    places = [_place_mention(c, r) for c, r in zip(candidates, resolutions, strict=True) if not c.focus_only]
    return places, focus


LOOSE = ("skeleton", "fuzzy", "alternate")
SUPPORT = ("focus", "close to", "inside", "near the stated", "stated place")


def _unsupported(r: Resolution, focus: str | None) -> Resolution:
    """A loose match (transliteration skeleton, fuzzy, alternate name) in another country than the
    story's, with nothing in the text for it ("Khampat Township" → Kampot, Cambodia, in a Myanmar
    report), is a wrong place more often than a right one: left unresolved."""
    p = r.place
    if p is None or focus is None or p.country_iso3 == focus or not r.reason.startswith(LOOSE):
        return r
    if any(s in r.reason for s in SUPPORT):
        return r
    return Resolution(r.mention, None, None, f"{r.reason}; rejected: a loose match outside {focus}", 0.0)


def _focus(resolutions: Sequence[Resolution], modifiers: Sequence[bool]) -> str | None:
    """The country the document's places lie in most; a nationality that only modifies a noun ("the
    Saudi embassy", "US troops") counts half a place ("… ransacked the Saudi embassy in Tehran": Iran)."""
    counts: dict[str, float] = {}
    for r, modifier in zip(resolutions, modifiers, strict=True):
        if r.place is not None and r.place.country_iso3:
            counts[r.place.country_iso3] = counts.get(r.place.country_iso3, 0) + (0.5 if modifier else 1.0)
    return max(counts, key=lambda k: counts[k]) if counts else None


def _place_mention(c: Candidate, r: Resolution) -> PlaceMention:
    p = r.place
    location = Location(
        raw=c.span.text, name=p.name if p else None, place_id=p.place_id if p else None,
        geonames_id=p.geonames_id if p else None, lat=p.lat if p else None, lon=p.lon if p else None,
        admin1=p.admin1 if p else None, country=p.country_iso3 if p else None,
        precision=r.precision, relation=r.relation)
    return PlaceMention(c.span, c.label, location, r.reason, r.score)
