"""Candidate actor mentions for relation extraction: named entities (PERSON, ORG, NORP, GPE, LOC,
FAC) merged with proper-noun runs (NER misses "Special Groups" or cuts "Islamic State" in two),
trimmed of determiners, titles and possessive endings, split where two names run together ("Mahdi
Army | Special Groups"), extended by a following group noun ("Qazali network"), and typed.

Kinds: `person` (NER PERSON), `org` (ORG, or a name ending in a group word), `state` (a country),
`demonym` ("Iranian": `canonical` holds the country), `place` (a town or region: never an actor
here), `name` (a proper noun the model could not type; NORP other than demonyms).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .lexicon import (
    CAPITALS,
    COUNTRY_ALIASES,
    DEMONYMS,
    EXTENDING_NOUNS,
    HONORIFICS,
    ORG_HEADS,
    ROLE_NOUNS,
    SPLIT_HEADS,
    TITLES,
)

ENTITY_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Heads of a state's own bodies, which take its demonym into their name ("Russian Foreign Ministry").
NATIONAL_BODIES = frozenset({"ministry", "parliament", "embassy", "senate", "assembly", "court", "cabinet"})
#: Entity labels a run of capitalised words may carry and still be a name: the tagger calls many
#: organisations laws or works ("Chinese Human Rights Defenders").
NAME_LABELS = ENTITY_LABELS | {"LAW", "WORK_OF_ART", "PRODUCT"}
NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "abu", "abd", "de", "del", "la", "van", "von",
                            "ul", "ad", "as", "an", "ash", "az", "of", "the"})
DETERMINERS = frozenset({"the", "a", "an"})
#: Groups whose regional branches are named "<parent> in <region>".
FRANCHISE_PARENTS = frozenset({"state", "qaeda", "al-qaeda"})
#: Punctuation that may sit inside a name ("Kata'ib", "Abdul-Malik", "Inter-Services").
INNER_PUNCT = frozenset({"-", "'", "’", "‐", "–", "."})


@dataclass(frozen=True, slots=True)
class Mention:
    """A candidate actor name: tokens [start, end) of the spaCy Doc."""

    start: int
    end: int
    kind: str
    label: str
    canonical: str | None = None  # the country a demonym or capital stands for
    text: str = ""
    words: tuple[str, ...] = ()

    def contains(self, i: int) -> bool:
        return self.start <= i < self.end


def _mention(sdoc: Any, start: int, end: int, kind: str, label: str, canonical: str | None) -> Mention:
    span = sdoc[start:end]
    return Mention(start, end, kind, label, canonical, span.text, tuple(t.text for t in span))


def _country(text: str) -> str | None:
    return COUNTRY_ALIASES.get(text.lower().strip())


def _is_demonym(text: str) -> bool:
    return text.lower().strip() in DEMONYMS


def _breaks(tok: Any) -> bool:
    """A token that cannot be inside a name: list punctuation, conjunctions, possessive endings."""
    if tok.tag_ == "POS" or tok.pos_ in ("CCONJ", "AUX", "VERB"):
        return True
    if len(tok.text) > 1 and tok.text.endswith(("-", "–", "—")):
        return True  # "Moscow, SANA- Russian Foreign Ministry": an agency's dateline glued to the name
    return bool(tok.is_punct and tok.text not in INNER_PUNCT)


def _name_like(tok: Any) -> bool:
    if _breaks(tok):
        return False
    if tok.pos_ != "PROPN":
        # an acronym the tagger took for a common noun: "the RUC", "the YPG"
        return tok.pos_ == "NOUN" and tok.is_alpha and len(tok.text) >= 2 and tok.text.isupper()
    return tok.text[:1].isupper() or tok.lower_ in NAME_PARTICLES or tok.text[:1].isdigit()


def _joined(sdoc: Any, j: int) -> bool:
    """Token j is a hyphen or apostrophe written without spaces between two word pieces."""
    return (sdoc[j].text in ("-", "'", "’", "‐") and not sdoc[j - 1].whitespace_ and not sdoc[j].whitespace_
            and sdoc[j + 1].is_alpha)


def _raw_spans(sdoc: Any) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for ent in sdoc.ents:
        if ent.label_ in ENTITY_LABELS:
            spans.append((ent.start, ent.end, ent.label_))
    i, n = 0, len(sdoc)
    while i < n:
        if _name_like(sdoc[i]) and not (sdoc[i].ent_type_ and sdoc[i].ent_type_ not in NAME_LABELS):
            j = i
            while j < n:
                if _name_like(sdoc[j]):
                    j += 1
                elif j > i and j + 1 < n and _joined(sdoc, j):
                    j += 2  # "Tehrik-i-Taliban", "Kata'ib"
                else:
                    break
            spans.append((i, j, "PROPN"))
            i = j
        else:
            i += 1
    return spans


def _pieces(sdoc: Any, start: int, end: int) -> list[tuple[int, int, str | None]]:
    """Split a span at tokens that cannot be in a name, at role nouns ("Taliban Spokesman X") and at
    a title inside it ("GNB Brigade General Hector Hernández", "US Army Col. Myles Caggins"): the name
    after a title is a person's, whatever the model called the run (the third item forces the label)."""
    out: list[tuple[int, int, str | None]] = []
    a, forced = start, _after_department(sdoc, start)
    if forced:
        a = start + 1  # "(Secretary of) Defense Ash Carter", "(Chief of) Department Terence Monahan"
        if a == end or not _person_after(sdoc, a, end):
            return []
    for i in range(a, end):
        if i < a:
            continue  # the period of a title ("Col.") already passed
        tok = sdoc[i]
        # "Chief of Department Terence Monahan": a person's name after a body's word is not part of it
        person_starts = i > a and tok.ent_iob_ == "B" and tok.ent_type_ == "PERSON" and sdoc[i - 1].lower_ in ORG_HEADS
        if person_starts and a < i:
            out.append((a, i, "PERSON" if forced else None))
            a, forced = i, False
        dot = i + 1 < end and sdoc[i + 1].text == "."  # "Col. Myles Caggins"
        if i > a and tok.lower_ in TITLES and _person_after(sdoc, i + 1 + dot, end):
            out.append((a, i, "PERSON" if forced else None))
            a, forced = i + 1 + dot, True
            continue
        if _breaks(tok) or tok.lower_ in ROLE_NOUNS:  # "Taliban Spokesman X", "Spokeswoman Maria Zakharova"
            if a < i:
                out.append((a, i, "PERSON" if forced else None))
            a, forced = i + 1, False
    if a < end:
        out.append((a, end, "PERSON" if forced else None))
    return out


def _person_after(sdoc: Any, start: int, end: int) -> bool:
    """The rest of a run after a title reads as a person's name: capitalised words, not a body's."""
    rest = sdoc[start:end]
    return len(rest) >= 1 and all(t.text[:1].isupper() or t.lower_ in NAME_PARTICLES for t in rest) \
        and rest[0].text[:1].isupper() and rest[-1].lower_ not in ORG_HEADS \
        and not any(t.lower_ in TITLES or t.lower_ in QUALIFIERS for t in rest)


#: Words after a title's "of" that name its department ("Secretary of Defense", "Chief of Department").
DEPARTMENT_WORDS = frozenset({"department", "defense", "defence", "state", "staff", "health", "justice",
                              "interior", "finance", "police"})


def _after_department(sdoc: Any, start: int) -> bool:
    """A run that starts with the department of the title before it ("Secretary of Defense …")."""
    if start < 2 or sdoc[start].lower_ not in DEPARTMENT_WORDS or sdoc[start - 1].lower_ != "of":
        return False
    title = sdoc[start - 2].lower_
    return title in TITLES or title in ROLE_NOUNS or title == "secretary"


def _trim(sdoc: Any, start: int, end: int) -> tuple[int, int]:
    while start < end and (sdoc[start].lower_ in DETERMINERS or sdoc[start].is_punct):
        start += 1
    while start < end - 1 and (sdoc[start].lower_ in TITLES or sdoc[start].lower_ in HONORIFICS) \
            and sdoc[start + 1].pos_ == "PROPN":
        start += 1
    while end > start and (sdoc[end - 1].tag_ == "POS" or sdoc[end - 1].is_punct
                           or sdoc[end - 1].lower_ in DETERMINERS or sdoc[end - 1].lower_ in ("of", "for")):
        end -= 1  # "the Belfast Brigade of (the Provisional IRA)": the model's entity ran on
    if end < len(sdoc) and sdoc[end].lower_ == "general":
        while end > start + 1 and sdoc[end - 1].lower_ in RANK_PARTS:
            end -= 1  # "GNB Brigade General X": a brigadier general of the GNB, not of its "Brigade"
    while end > start + 1 and (sdoc[end - 1].lower_ in TITLES or sdoc[end - 1].lower_ == "secretary") \
            and sdoc[end - 2].whitespace_:  # not "al-Sheikh"
        end -= 1  # "US Army Col(. Myles Caggins)", "U.S. Secretary (of Defense)": the title is the person's
    if end < len(sdoc) and (sdoc[end].lower_ in ROLE_NOUNS or sdoc[end].lower_ in TITLES):
        # "FBI Special (Agent)", "Tunisian Defence (Minister)": the title's words are not the body's name
        while end > start and sdoc[end - 1].lower_ in QUALIFIERS:
            end -= 1
    return start, end


#: Words of a general's rank before "General" ("Division General", "Brigade General", "Major General").
RANK_PARTS = frozenset({"brigade", "division", "major", "lieutenant", "brigadier"})
#: Words of a title or a department that name no body on their own ("Interior Minister", "Vice
#: President", "Special Agent", "Minister of Health").
QUALIFIERS = frozenset({"vice", "deputy", "special", "senior", "acting", "interim", "assistant", "associate",
                        "interior", "defence", "defense", "foreign", "health", "finance", "justice", "home",
                        "security", "information", "education", "economy", "trade", "energy", "agriculture",
                        "transport", "labour", "labor", "affairs", "state", "attorney", "solicitor", "former",
                        "executive", "technical", "staff", "master", "command", "first", "lance", "petty",
                        "warrant"})


def _merge(sdoc: Any, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Union overlapping spans, and adjacent ones unless one is a demonym or a country ("Iranian
    Qods Force" stays two)."""
    labelled = sorted(spans, key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[tuple[int, int, str]] = []
    for s, e, label in labelled:
        if out:
            ps, pe, plabel = out[-1]
            if s == pe and _is_demonym(sdoc[ps:pe].text) and sdoc[e - 1].lower_ in NATIONAL_BODIES:
                out[-1] = (ps, e, label)  # "Russian Foreign Ministry": the nation's own body, one name
                continue
            touching = s == pe and not _modifier_name(sdoc, ps, pe) and not _modifier_name(sdoc, s, e) \
                and not (label == "PERSON" and sdoc[pe - 1].lower_ in ORG_HEADS)  # "Department" + "Terence Monahan"
            if s < pe or touching:
                best = plabel if plabel != "PROPN" else label
                out[-1] = (ps, max(pe, e), best)
                continue
        out.append((s, e, label))
    return out


def _modifier_name(sdoc: Any, start: int, end: int) -> bool:
    text = sdoc[start:end].text
    return _is_demonym(text) or _country(text) is not None or text.lower() in CAPITALS


def _split_runs(sdoc: Any, start: int, end: int) -> list[tuple[int, int]]:
    """"Mahdi Army Special Groups" → "Mahdi Army", "Special Groups": a group word inside a name,
    with at least two name words before it and after it ending in a group word."""
    n = end - start
    if n < 4 or sdoc[end - 1].lower_ not in ORG_HEADS:
        return [(start, end)]
    for k in range(start + 1, end - 2):
        tok = sdoc[k]
        if tok.lower_ in SPLIT_HEADS and tok.text[:1].isupper():
            return [(start, k + 1), (k + 1, end)]
    return [(start, end)]


def _extend(sdoc: Any, start: int, end: int, kind: str) -> int:
    """Take in a following lower-case group noun that heads the name ("Qazali network")."""
    if kind in ("demonym", "state", "place") or end >= len(sdoc):
        return end
    nxt = sdoc[end]
    if nxt.lower_ in EXTENDING_NOUNS and nxt.text.islower() and nxt.pos_ == "NOUN" \
            and any(sdoc[i].head.i == end for i in range(start, end)):
        return end + 1
    return end


def _kind(sdoc: Any, start: int, end: int, label: str) -> tuple[str, str | None]:
    text = sdoc[start:end].text
    last = sdoc[end - 1].lower_
    if end - start == 1 and _is_demonym(text):
        return "demonym", DEMONYMS[text.lower()]
    country = _country(text)
    if country is not None and label in ("GPE", "PROPN", "NORP", "ORG"):
        return "state", country
    if label in PLACE_LABELS:
        if text.lower() in CAPITALS:
            return "place", CAPITALS[text.lower()]
        return ("org", None) if last in ORG_HEADS and sdoc[end - 1].text[:1].isupper() else ("place", None)
    if last in ORG_HEADS or label == "ORG":
        return "org", None
    if label == "PERSON":
        return "person", None
    return "name", None


def find_mentions(sdoc: Any) -> list[Mention]:
    """Candidate actor mentions of a spaCy Doc, in text order, not overlapping."""
    pieces: list[tuple[int, int, str]] = []
    for s, e, label in _raw_spans(sdoc):
        for a, b, forced in _pieces(sdoc, s, e):
            a, b = _trim(sdoc, a, b)
            if a < b:
                pieces.append((a, b, forced or label))
    out: list[Mention] = []
    for s, e, label in _merge(sdoc, pieces):
        for a, b in _split_runs(sdoc, s, e):
            a, b = _trim(sdoc, a, b)
            if a >= b or not any(t.text[:1].isupper() or t.text[:1].isdigit() for t in sdoc[a:b]):
                continue
            if all(t.lower_ in TITLES or t.lower_ in ROLE_NOUNS or t.lower_ in QUALIFIERS for t in sdoc[a:b]):
                continue  # "Prime" (Minister), "General", "Interior" (Minister), "Vice" (President)
            kind, canonical = _kind(sdoc, a, b, label)
            b2 = _extend(sdoc, a, b, kind)
            if b2 != b:
                kind, canonical = "org", None
            out.append(_mention(sdoc, a, b2, kind, label, canonical))
    return _franchises(sdoc, out)


def _franchises(sdoc: Any, mentions: list[Mention]) -> list[Mention]:
    """"Islamic State in the Greater Sahara", "al-Qaeda in the Arabian Peninsula": a regional branch
    named by its parent, "in" and a region is one name."""
    out: list[Mention] = []
    for m in mentions:
        if out and out[-1].end < m.start and sdoc[out[-1].end - 1].lower_ in FRANCHISE_PARENTS:
            prev = out[-1]
            gap = [t.lower_ for t in sdoc[prev.end:m.start]]
            parent = sdoc[prev.end - 1].lower_
            kinds = ("place", "name", "state") if parent != "state" else ("place", "name")
            if gap in (["in"], ["in", "the"]) and m.kind in kinds:
                out[-1] = _mention(sdoc, prev.start, m.end, "org", prev.label, None)
                continue
        out.append(m)
    return out


def mention_index(mentions: list[Mention]) -> dict[int, Mention]:
    """Token index → the mention holding it."""
    return {i: m for m in mentions for i in range(m.start, m.end)}
