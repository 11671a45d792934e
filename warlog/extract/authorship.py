"""Who did it, by whose word: claims of responsibility, accusations, suspicions and denials.

A sentence such as "The Provisional IRA accepted responsibility for the bombings", "Britain blames
Russia for the attack", "the attack is widely believed to have been carried out by ETA" or "no group
has claimed responsibility" is not an event of its own (GUIDELINES: it sets the incident's actor and
certainty). Each is read here from the parse as an `AuthorshipStatement`; the incident model
(`warlog.extract.incidents`) attaches it to the incident it is about.

Kinds: `claimed` (the group says it did it), `alleged` (someone else says so: blame, accusation),
`suspected` (believed, thought, suspected), `denied` (the one named says it did not), `unclaimed`
(nobody has claimed it: evidence, no actor).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Span
from ..nlp import AnnotatedSegment
from .arguments import ArgSpan, argument_spans

#: Verbs that take responsibility or credit ("claimed responsibility", "accepted responsibility").
CLAIM_VERBS = frozenset({"claim", "accept", "take", "assume", "admit", "acknowledge", "bear"})
#: Verbs that refuse it ("denied responsibility", "rejected any involvement").
DENY_VERBS = frozenset({"deny", "reject", "disclaim", "dismiss"})
#: Nouns that stand for the authorship of an act.
AUTHORSHIP_NOUNS = frozenset({"responsibility", "credit", "involvement", "complicity"})
#: Nouns that name a statement, not who is named by it ("a charge denied by Moscow").
STATEMENT_NOUNS = frozenset({"charge", "claim", "accusation", "allegation", "statement", "report", "view"})
#: People who speak for a group: a claim by "the spokesman for the Taliban" is the Taliban's.
SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson", "representative", "leader", "commander",
                          "official", "member"})
#: Verbs of a violent act that let a sentence speak of one ("a device that exploded", "who shot").
ACT_VERBS = frozenset({"explode", "detonate", "shoot", "kill", "stab", "bomb", "attack", "plant"})
#: Verbs of belief that make the agent of the act under them a suspect.
BELIEF_VERBS = frozenset({"believe", "think", "suspect", "presume", "understand"})
#: Verbs that say an act was done by someone ("carried out by", "planted by").
DOING_VERBS = frozenset({"carry", "conduct", "perpetrate", "commit", "plant", "stage", "launch", "mastermind",
                         "orchestrate", "organize", "organise", "execute"})


@dataclass(frozen=True, slots=True)
class AuthorshipStatement:
    """One statement of who did an act: its kind, the sentence, the words that say it, who is named."""

    kind: str
    evidence: Span
    trigger: Span
    who: tuple[ArgSpan, ...]
    segment_kind: str = "body"


def find_authorship(segments: Sequence[AnnotatedSegment], violent: frozenset[str]) -> list[AuthorshipStatement]:
    """Statements of authorship in the document's sentences that speak of an act (`violent`: the
    lexicon's nouns of violence, "attack", "bombing", …; or a noun of authorship)."""
    out: list[AuthorshipStatement] = []
    for seg in segments:
        sdoc = seg.spacy_doc
        for sent in (sdoc.sents if sdoc.has_annotation("SENT_START") else [sdoc[:]]):
            if not any(t.lemma_.lower() in violent or t.lemma_.lower() in AUTHORSHIP_NOUNS
                       or (t.pos_ == "VERB" and t.lemma_.lower() in ACT_VERBS) for t in sent):
                continue
            found = _statement(seg, sent, violent)
            if found is not None:
                out.append(found)
    return out


def _statement(seg: AnnotatedSegment, sent: Any, violent: frozenset[str]) -> AuthorshipStatement | None:
    for token in sent:
        lemma = token.lemma_.lower()
        read = None
        if lemma in AUTHORSHIP_NOUNS and token.dep_ in ("dobj", "nsubjpass"):
            read = _responsibility(token)
        elif lemma == "claim" and token.pos_ == "VERB":
            read = _claimed_act(token, violent)
        elif lemma in ("blame", "accuse") and token.pos_ == "VERB":
            read = _blame(token, violent)
        elif token.dep_ == "agent" and token.head.lemma_.lower() in DOING_VERBS | {"cause"} | violent:
            read = _believed_agent(token)
        elif lemma == "responsible" and token.dep_ == "acomp" and _for_an_act(token, violent):
            read = _responsible(token)
        elif token.lower_ in SUSPECT_WORDS and token.dep_ in ("amod", "acl", "compound"):
            read = _suspect_modifier(token)
        elif lemma == "suspect" and token.pos_ == "NOUN" and _hunted(token):
            read = "suspected", [_person_of(token)]
        elif token.lower_ == "suspect" and token.i > 0 and token.doc[token.i - 1].lemma_.lower() in violent \
                and token.i + 1 < len(token.doc) and token.doc[token.i + 1].ent_type_ == "PERSON":
            # "Boston Marathon bombing suspect Dzhokhar Tsarnaev" (whatever part of speech the tagger says)
            read = "alleged", [_person_of(token)]
        if read is not None:
            kind, heads = read
            who = tuple(a for a in argument_spans(seg, [_principal(h) for h in heads])
                        if not a.pronoun and a.head not in STATEMENT_NOUNS | AUTHORSHIP_NOUNS
                        and a.head not in violent)
            if who or kind == "unclaimed":
                return AuthorshipStatement(kind, seg.span(sent.start_char, sent.end_char),
                                           seg.span(token.idx, token.idx + len(token.text)), who,
                                           str(seg.segment.kind))
    return None


#: Words that make the noun they qualify a suspect: "suspected bomber X", "the alleged attacker", "two
#: men accused of carrying out the bombing".
SUSPECT_WORDS = {"suspected": "alleged", "alleged": "alleged", "accused": "alleged", "purported": "alleged"}
#: Verbs of a manhunt: "police are hunting a suspect" (the perpetrator is not known, only suspected).
HUNT_VERBS = frozenset({"hunt", "search", "seek", "look", "identify", "pursue", "track"})


def _suspect_modifier(word: Any) -> tuple[str, list[Any]] | None:
    """"suspected bomber Dzhokhar Tsarnaev", "the men accused of carrying out the bombing"."""
    noun = word.head
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    if word.dep_ == "acl" and not any(c.dep_ == "prep" and c.lower_ == "of" for c in word.children):
        return None  # "accused" of nothing said: not about the act
    return SUSPECT_WORDS[word.lower_], [_person_of(noun)]


def _hunted(noun: Any) -> bool:
    """"police are hunting a suspect", "searching for a suspect": the one sought did it, by suspicion
    (elsewhere "the suspect" of a police shooting is often its victim)."""
    head = noun.head.head if noun.dep_ == "pobj" else noun.head
    return noun.dep_ in ("dobj", "pobj") and head.lemma_.lower() in HUNT_VERBS


def _person_of(noun: Any) -> Any:
    """The person a noun names: its apposition or the name after it ("suspect Omar Ali", "suspected
    bomber Dzhokhar Tsarnaev"), else the noun."""
    for c in noun.children:
        if c.dep_ == "appos" and c.ent_type_ == "PERSON":
            return c
    nxt = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    if nxt is not None and nxt.ent_type_ == "PERSON":
        while nxt.head.i != nxt.i and nxt.head.ent_type_ == "PERSON" and nxt.head.i > nxt.i:
            nxt = nxt.head
        return nxt
    return noun


def _subjects(verb: Any) -> list[Any]:
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]


def _negated(verb: Any) -> bool:
    return any(c.dep_ == "neg" for c in verb.children) or any(
        d.lower_ in ("no", "none") for s in _subjects(verb) for d in (s, *s.children))


def _responsibility(noun: Any) -> tuple[str, list[Any]] | None:
    """"X claimed/accepted responsibility for …", "X denied any involvement", "responsibility was
    claimed by X", "no group has claimed responsibility"."""
    verb = noun.head
    lemma = verb.lemma_.lower()
    if lemma not in CLAIM_VERBS | DENY_VERBS:
        return None
    heads = _subjects(verb) if noun.dep_ == "dobj" else [
        g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if _negated(verb):
        return ("unclaimed", []) if lemma in CLAIM_VERBS else ("claimed", heads)
    return ("denied" if lemma in DENY_VERBS else "claimed"), heads


def _claimed_act(verb: Any, violent: frozenset[str]) -> tuple[str, list[Any]] | None:
    """"IS claimed the attack"."""
    if not any(c.dep_ == "dobj" and c.lemma_.lower() in violent for c in verb.children):
        return None
    return ("unclaimed", []) if _negated(verb) else ("claimed", _subjects(verb))


def _principal(head: Any) -> Any:
    """Whom a speaker speaks for: "Zabiullah Mujahid, the spokesperson for the Taliban" → the Taliban."""
    for node in (head, *[c for c in head.children if c.dep_ == "appos"]):
        if node.lemma_.lower() in SPOKESPEOPLE:
            for prep in (c for c in node.children if c.dep_ == "prep" and c.lower_ in ("for", "of")):
                for obj in (c for c in prep.children if c.dep_ == "pobj"):
                    return obj
    return head


def _for_an_act(token: Any, violent: frozenset[str]) -> bool:
    """The word's `for`/`of` phrase names an act ("responsible for the attack")."""
    return any(t.lemma_.lower() in violent for c in token.children if c.dep_ == "prep" for t in c.subtree)


def _responsible(adjective: Any) -> tuple[str, list[Any]] | None:
    """"X was responsible for the attack": who X is, by whose word. Under "claim" the speaker's (their
    own: `claimed`, the speaker when X is a pronoun); under "believe" a suspicion; under another verb
    an allegation; said by the report itself, asserted."""
    be = adjective.head
    subjects = _subjects(be) or ([be.head] if be.dep_ in ("xcomp", "acl", "relcl") and be.head.pos_ in (
        "NOUN", "PROPN") else [])
    node = be
    for _ in range(4):
        if node.head.i == node.i:
            break
        if node.dep_ not in ("ccomp", "xcomp", "acl", "relcl", "advcl", "conj"):
            break
        node = node.head
        lemma = node.lemma_.lower()
        if not subjects and node.dep_ in ("acl", "relcl") and node.head.pos_ in ("NOUN", "PROPN"):
            subjects = [node.head]  # "a man believed to be responsible for the blast"
        if lemma == "claim":
            named = [s for s in subjects if s.pos_ != "PRON"]
            return "claimed", named or _subjects(node)
        if lemma in BELIEF_VERBS:
            return "suspected", subjects
        if node.pos_ == "VERB":
            return "alleged", subjects
    return ("asserted", subjects) if subjects else None


def _blame(verb: Any, violent: frozenset[str]) -> tuple[str, list[Any]] | None:
    """"X blamed Y for the attack", "X blamed the attack on Y", "Y was blamed", "X accuses Y of …"."""
    if _negated(verb):
        return None
    if not any(c.dep_ == "dobj" and c.lemma_.lower() in violent | {"it", "this"} for c in verb.children) and \
            not any(t.lemma_.lower() in violent | AUTHORSHIP_NOUNS
                    for c in verb.children if c.dep_ == "prep" for t in c.subtree):
        return None  # blamed for something else ("blamed the police for failing to act")
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    if passive:
        return "alleged", [c for c in verb.children if c.dep_ == "nsubjpass" and c.lemma_.lower() not in violent]
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if any(o.lemma_.lower() in violent or o.lower_ in ("it", "this") for o in objects):
        on = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children
              if g.dep_ == "pobj"]
        return "alleged", on
    return "alleged", objects


def _believed_agent(agent: Any) -> tuple[str, list[Any]] | None:
    """"the attack is believed to have been carried out by ETA": the agent, a suspect."""
    node = agent.head
    for _ in range(4):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.lemma_.lower() in BELIEF_VERBS:
            return "suspected", [g for g in agent.children if g.dep_ == "pobj"]
    return None
