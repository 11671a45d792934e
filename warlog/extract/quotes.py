"""The quote of one event in a sentence that tells two. "It was the first death of a Russian general in
Syria since 2017, when a lieutenant general was killed in the same province": the report's incident
is quoted by the main clause, the 2017 killing by its "when" clause; "Turkey fired on Qamishli …,
calling it a diversion from the main campaign … to invade … Afrin": the shelling by the clause before
the comma, the offensive by the clause after it. An event noun that only dates another event's clause
("Tamerlan died after a gunfight with police three days after the bombing") is no quote of its own
event at all: the sentence tells the gunfight, not the bombing.

Read from the parse when the sentence's candidates are found (`set_apart`), used when the candidates are
grouped into events (`warlog.extract.coref`): only a sentence whose triggers went to two events is cut."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..model import Span

if TYPE_CHECKING:
    from ..nlp import AnnotatedSegment
    from .events import EventCandidate

#: Dependencies by which a verb heads a clause of its own inside the sentence.
CLAUSE_DEPS = frozenset({"advcl", "relcl", "ccomp", "xcomp", "conj", "parataxis", "acl", "csubj", "pcomp"})
#: The words of a saying verb kept before what it says: its subject, auxiliaries, adverbs.
FRAME_DEPS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "neg", "advmod"})
#: Prepositions by which an event noun dates another clause.
TIME_PREPS = frozenset({"after", "before", "since", "following", "within", "until", "till"})
#: The key of `EventCandidate.apart` for the part that tells the candidate whatever else the sentence holds.
ALONE = -1
#: Words a cut quote does not begin or end with.
LOOSE = frozenset({"and", "but", "or", "while", "as", "so"})


def _clause_head(token: Any) -> bool:
    return token.head.i == token.i or (token.pos_ in ("VERB", "AUX") and token.dep_ in CLAUSE_DEPS)


def _own_clause(token: Any) -> Any:
    """The head of the smallest clause holding the token (the token itself when it heads one)."""
    node = token
    while not _clause_head(node):
        node = node.head
    return node


def _inside(token: Any, top: Any) -> bool:
    """Whether `top` is the token or one of its ancestors."""
    return token.i == top.i or any(a.i == top.i for a in token.ancestors)


def anchor(token: Any) -> bool:
    """An event noun that only dates its clause: "three days after the bombing", "within 10 days of the
    attacks", "since the 2015 attacks"."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    node = token
    while not _clause_head(node):
        if node.dep_ == "pobj" and node.head.lower_ in TIME_PREPS:
            return True
        node = node.head
    return False


def apart(token: Any, other: Any) -> tuple[int, int] | None:
    """Segment character offsets of the part of the sentence that tells the trigger `token` without the
    trigger `other` (another event's), or None when the two share one clause and cannot be told apart.
    An empty span (start == end) when the token only names an event inside the other's clause."""
    if anchor(token):
        return token.idx, token.idx  # "died after a gunfight … days after the bombing": no quote of its own
    if anchor(other):
        return None  # nothing to cut: the other event is only named
    own = _own_clause(token)
    if _consequence(own, _own_clause(other)) or _consequence(_own_clause(other), own):
        return None
    top = node = own  # the widest clause around the token without the other
    while node.head.i != node.i and not _inside(other, node.head):
        node = node.head
        if _clause_head(node):
            top = node
    if _inside(other, top):  # the other's clause lies inside the token's: cut it out
        top = own
        cut = _outermost_clause(other, top, token)
        if cut is None:
            return None
        dropped = {t.i for t in cut.subtree}
    else:
        dropped = set()
    kept = [t for t in top.subtree if t.i not in dropped]
    if top.dep_ == "ccomp" and top.head.i < top.i:  # "X says [Turkey fired on …]": with who says it
        frame = top.head
        kept += [frame] + [t for c in frame.children if c.i < top.i and c.dep_ in FRAME_DEPS for t in c.subtree]
    return _block(kept, token)


def _consequence(clause: Any, of: Any) -> bool:
    """A participle telling what an act did or how ("seized the compound …, killing two officials"): it
    has the act's time and place and is quoted with it."""
    return (clause.dep_ == "advcl" and clause.tag_ in ("VBG", "VBN") and clause.head.i == of.i
            and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in clause.children))


def _outermost_clause(other: Any, top: Any, token: Any) -> Any | None:
    """The highest clause head between `other` (inclusive) and `top` (exclusive) not holding `token`."""
    found = None
    node = other
    while node.i != top.i and node.head.i != node.i:
        if _clause_head(node) and node.dep_ in CLAUSE_DEPS and not _inside(token, node):
            found = node
        node = node.head
    return found


def _block(kept: list[Any], token: Any) -> tuple[int, int] | None:
    """The run of consecutive kept tokens around the token, without loose ends (commas, "and")."""
    at = {t.i: t for t in kept}
    if token.i not in at:
        return None
    lo = hi = token.i
    while lo - 1 in at:
        lo -= 1
    while hi + 1 in at:
        hi += 1
    while lo < token.i and (at[lo].is_punct or at[lo].lower_ in LOOSE or at[lo].dep_ == "cc"):
        lo += 1
    while hi > token.i and ((at[hi].is_punct and at[hi].text not in ")\"”'’") or at[hi].lower_ in LOOSE
                            or at[hi].dep_ == "cc"):
        hi -= 1
    return at[lo].idx, at[hi].idx + len(at[hi].text)


def set_apart(seg: AnnotatedSegment, found: Mapping[int, EventCandidate]) -> None:
    """Fill each candidate's `apart`: for every other trigger of the sentence (token index → candidate),
    its part of the sentence without that trigger's clause."""
    for i, cand in found.items():
        past = _past_clause(seg.spacy_doc[i])
        if past is not None:
            cand.apart[ALONE] = seg.span(*past)
        for j, other in found.items():
            if i != j:
                cut = apart(seg.spacy_doc[i], seg.spacy_doc[j])
                cand.apart[other.trigger.start] = None if cut is None else seg.span(*cut)


def _past_clause(token: Any) -> tuple[int, int] | None:
    """"… the first death of a Russian general since 2017, when a lieutenant general was killed in the same
    province": an act told in a clause of a date is quoted by that clause alone, whatever the rest of
    the sentence tells."""
    own = _own_clause(token)
    if own.dep_ not in ("relcl", "advcl") or own.head.ent_type_ != "DATE" or own.head.pos_ == "VERB":
        return None
    return _block(list(own.subtree), token)


def group_quotes(groups: Sequence[Sequence[EventCandidate]]) -> list[list[Span]]:
    """Each group's quotes in text order: a candidate's sentence, or, where the sentence also holds a
    trigger that went to another group, the part of it that tells this group's (`apart`); several
    parts of one sentence are joined. A group whose every quote would be an anchor keeps its sentences."""
    told: dict[int, list[tuple[int, int]]] = {}  # sentence start -> (group, trigger start)
    for k, group in enumerate(groups):
        for c in group:
            told.setdefault(c.evidence.start, []).append((k, c.trigger.start))
    out = []
    for k, group in enumerate(groups):
        parts: dict[int, tuple[int, int]] = {}
        for c in group:
            cut = _cut(c, [t for j, t in told[c.evidence.start] if j != k])
            if cut is not None:
                was = parts.get(c.evidence.start, cut)
                parts[c.evidence.start] = (min(was[0], cut[0]), max(was[1], cut[1]))
        sentences = {c.evidence.start: c.evidence for c in group}
        if not parts:
            parts = {s: (v.start, v.end) for s, v in sentences.items()}
        out.append([_part(sentences[s], *parts[s]) for s in sorted(parts)])
    return out


def _cut(c: EventCandidate, others: list[int]) -> tuple[int, int] | None:
    """Document offsets of the candidate's part of its sentence without the other groups' triggers;
    None when it only names an event inside another's clause."""
    whole = (c.evidence.start, c.evidence.end)
    cuts = [c.apart.get(t) for t in [*others, ALONE]]
    spans = [(x.start, x.end) for x in cuts if x is not None]
    if any(a == b for a, b in spans):
        return None
    if not spans:
        return whole
    return max(a for a, _ in spans), min(b for _, b in spans)


def _part(sentence: Span, start: int, end: int) -> Span:
    if (start, end) == (sentence.start, sentence.end):
        return sentence
    return Span(sentence.segment, sentence.sentence, start, end,
                sentence.text[start - sentence.start:end - sentence.start])
