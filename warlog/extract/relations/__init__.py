"""Relations between actor mentions: who leads, belongs to, speaks for, is subordinate to, part of,
backed by, kin of, allied with, rival of or a splinter of whom, as the text states it.

`find_relations(segments)` reads the annotated extractable segments of one document (headline,
subheadings, body: comments are never annotated, so never read) and returns RelationCandidates
between *mention spans*: the names as written (determiners and titles stripped), which the actor
linking stage then resolves to actor records. A demonym or capital standing for a country
("Iranian-backed", "Tehran-backed") keeps its span and gives the country in `object_name`.

This module is the pipeline; the rest of the package: `patterns` (the rules, dependency-parse and
token patterns over spaCy Docs), `syntax` (their helpers), `mentions` (candidate actor spans:
entities merged with proper-noun runs) and `lexicon` (word lists). Each candidate carries whether
the relation is past ("the former spokesman", "once", "until 2021"), how certain the text is
("allegedly", "is believed to", "according to", "not"), a DATE qualifying it, the evidence span
(the clause that states it), the rule that fired and a confidence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ...model import Certainty, Span
from ...nlp import AnnotatedSegment
from .lexicon import (
    CERTAINTY_CUES,
    CERTAINTY_RANK,
    DEMONYMS,
    FORMER_WORDS,
    RELATION_TYPES,
)
from .mentions import Mention, find_mentions
from .patterns import sentence_findings
from .syntax import Finding, Sentence, personal

__all__ = ["RELATION_TYPES", "RelationCandidate", "find_relations"]

#: Dependents of a qualifying word that may carry a qualifier.
QUALIFIER_DEPS = frozenset({"advmod", "neg", "aux", "amod", "prep", "npadvmod", "advcl", "mark"})
#: Ancestors through which a verbal relation inherits its qualifiers ("is believed to be").
RAISING_DEPS = frozenset({"xcomp"})
CUE_VERBS_CCOMP = frozenset({"believe", "suspect", "think", "allege", "claim", "deny", "report"})


@dataclass(frozen=True, slots=True)
class RelationCandidate:
    """A relation stated in the text between two actor mention spans."""

    subject: Span
    relation: str
    object: Span
    former: bool
    certainty: Certainty
    evidence: Span
    pattern: str
    confidence: float
    date: str | None = None
    subject_name: str | None = None  # the country a demonym or capital subject stands for
    object_name: str | None = None  # the country a demonym or capital object stands for ("Iranian")

    def to_dict(self) -> dict[str, Any]:
        return {"subject": self.subject.to_dict(), "relation": self.relation, "object": self.object.to_dict(),
                "former": self.former, "certainty": self.certainty, "evidence": self.evidence.to_dict(),
                "pattern": self.pattern, "confidence": round(self.confidence, 3), "date": self.date,
                "subject_name": self.subject_name, "object_name": self.object_name}


def find_relations(segments: Sequence[AnnotatedSegment]) -> list[RelationCandidate]:
    """Relation candidates in the annotated segments of one document, in text order, without
    duplicates (the same subject, relation and object spans are reported once, by the most confident
    rule; a leader_of makes a member_of between the same spans redundant)."""
    best: dict[tuple[int, int, str, int, int], RelationCandidate] = {}
    found = [(seg, find_mentions(seg.spacy_doc)) for seg in segments]
    home = _home([m for _, mentions in found for m in mentions])
    for seg, mentions in found:
        sdoc = seg.spacy_doc
        previous: Mention | None = None
        for start, end in _sentences(sdoc):
            inside = tuple(m for m in mentions if start <= m.start and m.end <= end)
            sentence = Sentence(sdoc, start, end, inside, previous, home)
            previous = _main_person(sentence)
            if not inside:
                continue
            for f in sentence_findings(sentence):
                cand = _candidate(seg, sentence, f)
                key = (cand.subject.start, cand.subject.end, cand.relation, cand.object.start,
                       cand.object.end)
                if key not in best or best[key].confidence < cand.confidence:
                    best[key] = cand
    out = [c for k, c in best.items()
           if not (c.relation == "member_of" and (k[0], k[1], "leader_of", k[3], k[4]) in best)]
    return sorted(out, key=lambda c: (c.evidence.start, c.subject.start, c.object.start, c.relation))


def _home(mentions: Sequence[Mention]) -> str | None:
    """The country a document is about: the one its states and demonyms name most, when it is named
    at least twice and at least as often as all the others together ("Prime Minister Theresa May" in a
    report from Britain leads Britain)."""
    counts = Counter(m.canonical or m.text for m in mentions if m.kind in ("state", "demonym"))
    counts.update(DEMONYMS[m.text.lower()[:-1]] for m in mentions  # "Venezuelans": its people
                  if m.kind == "name" and m.text.endswith("s") and m.text.lower()[:-1] in DEMONYMS)
    if not counts:
        return None
    (top, n), total = counts.most_common(1)[0], sum(counts.values())
    return top if n >= 2 and n >= total - n else None


def _main_person(s: Sentence) -> Mention | None:
    """The person a sentence is about: its main clause's subject, when that is a personal name."""
    for m in s.mentions:
        for i in range(m.start, m.end):
            t = s.sdoc[i]
            if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" and (
                    m.kind in ("person", "name") or personal(m)):
                return m
    return None


def _sentences(sdoc: Any) -> list[tuple[int, int]]:
    if not sdoc.has_annotation("SENT_START"):
        return [(0, len(sdoc))]
    return [(sent.start, sent.end) for sent in sdoc.sents]


def _span(seg: AnnotatedSegment, sdoc: Any, start: int, end: int) -> Span:
    return seg.span(sdoc[start].idx, sdoc[end - 1].idx + len(sdoc[end - 1].text))


def _candidate(seg: AnnotatedSegment, s: Sentence, f: Finding) -> RelationCandidate:
    sdoc = s.sdoc
    cues = _cue_tokens(s, f)
    former, former_toks = _former(sdoc, f, cues)
    certainty, certainty_toks = _certainty(sdoc, cues)
    date, date_toks = _date(s, f)
    qualifiers = [sdoc[i].right_edge.i if sdoc[i].dep_ == "prep" else i for i in (*former_toks,
                                                                                   *certainty_toks)]
    covered = [f.subject.start, f.subject.end - 1, f.object.start, f.object.end - 1, f.anchor,
               *f.phrase, *former_toks, *certainty_toks, *qualifiers, *date_toks]
    lo, hi = min(covered), max(covered) + 1  # may reach into the previous sentence ("His brother")
    subject, obj = _span(seg, sdoc, f.subject.start, f.subject.end), _span(seg, sdoc, f.object.start,
                                                                             f.object.end)
    return RelationCandidate(
        subject=subject, relation=f.relation, object=obj, former=former, certainty=certainty,
        evidence=_span(seg, sdoc, lo, hi), pattern=f.pattern, confidence=round(f.confidence, 3),
        date=date, subject_name=_canonical(f.subject, subject), object_name=_canonical(f.object, obj))


def _canonical(m: Mention, span: Span) -> str | None:
    """The country a demonym, capital or short form stands for, when it differs from the text."""
    return m.canonical if m.canonical is not None and m.canonical != span.text else None


def _cue_tokens(s: Sentence, f: Finding) -> list[Any]:
    """Words that may qualify the finding: the describing phrase, the qualifying heads and their
    dependents, and the verbs that raise them ("believed" in "is believed to be")."""
    sdoc = s.sdoc
    toks: dict[int, Any] = {i: sdoc[i] for i in f.phrase}
    heads = list(f.heads)
    for h in list(heads):
        tok = sdoc[h]
        steps = 0
        while tok.dep_ in RAISING_DEPS or (tok.dep_ == "ccomp"
                                           and tok.head.lemma_.lower() in CUE_VERBS_CCOMP):
            tok = tok.head
            heads.append(tok.i)
            steps += 1
            if steps > 3:
                break
    mentioned = {i for m in (f.subject, f.object) for i in range(m.start, m.end)}
    for h in heads:
        toks[h] = sdoc[h]
        for c in sdoc[h].children:
            if c.dep_ in QUALIFIER_DEPS and c.i not in mentioned:
                toks[c.i] = c
                if c.dep_ == "advmod":
                    for g in c.children:
                        toks[g.i] = g
    return [toks[i] for i in sorted(toks)]


def _former(sdoc: Any, f: Finding, cues: Iterable[Any]) -> tuple[bool, list[int]]:
    for t in cues:
        word = t.lower_
        if word in FORMER_WORDS and word != "then":
            return True, [t.i]
        if word.startswith("ex-") or (word == "ex" and t.i + 1 < len(sdoc) and sdoc[t.i + 1].text == "-"):
            return True, [t.i]
        if word == "until" and t.dep_ == "prep":
            return True, [t.i]
        if word == "longer" and t.i > 0 and sdoc[t.i - 1].lower_ == "no":
            return True, [t.i - 1, t.i]
    anchor = sdoc[f.anchor]
    if anchor.lower_.startswith("ex-"):
        return True, []
    return False, []


def _certainty(sdoc: Any, cues: Iterable[Any]) -> tuple[Certainty, list[int]]:
    found: dict[Certainty, int] = {}
    for t in cues:
        for key in (t.lower_, t.lemma_.lower()):
            level = CERTAINTY_CUES.get(key)
            if level is not None:
                found.setdefault(level, t.i)
        if t.lemma_.lower() == "say" and any(c.dep_ == "auxpass" for c in t.children):
            found.setdefault(Certainty.ALLEGED, t.i)  # "X is said to be ..."
    for level in CERTAINTY_RANK:
        if level in found:
            return level, [found[level]]
    return Certainty.ASSERTED, []


def _date(s: Sentence, f: Finding) -> tuple[str | None, list[int]]:
    """A DATE entity attached to a qualifying head ("founded ... in 2002", "led ... until 2021")."""
    heads = set(f.heads) | {f.anchor}
    for ent in s.sdoc.ents:
        if ent.label_ != "DATE" or not (s.start <= ent.start and ent.end <= s.end):
            continue
        root = ent.root
        if root.head.i in heads or (root.head.dep_ == "prep" and root.head.head.i in heads):
            return ent.text, list(range(ent.start, ent.end))
    return None, []
