"""The roles of a verbal trigger read from the parse: who acts (the subject; the `by` agent of a
passive) and who undergoes (the object; the subject of a passive), with the constructions that move
them: a participle on the people it happened to ("soldiers killed in Kidal"), a verb the parser hangs
on its own subject, conjoined and elided verbs, clauses that share their head's subject ("…, killing
four"; "tried to storm"), object control ("ordered troops to attack"), and a headline's bare
participle ("Leader captured near Kut"). Used by `warlog.extract.events`."""

from __future__ import annotations

from typing import Any

from .arguments import list_item

HEADLINE_KINDS = frozenset({"headline", "subheading"})


def is_passive(token: Any, segment_kind: str) -> bool:
    deps = {c.dep_ for c in token.children}
    if deps & {"auxpass", "nsubjpass"}:
        return True
    # headline style: "Senior leader captured near Kut" (participle, a subject, no object, no auxiliary)
    return (segment_kind in HEADLINE_KINDS and token.tag_ in ("VBN", "VBD") and "nsubj" in deps
            and not deps & {"dobj", "aux"})


def roles(token: Any, segment_kind: str) -> tuple[list[Any], list[Any]]:
    """(actor heads, recipient heads) of a verbal trigger."""
    actors: list[Any] = []
    recipients: list[Any] = []
    if token.dep_ in ("acl", "amod") and token.tag_ in ("VBN", "VBD") and token.head.pos_ in ("NOUN", "PROPN", "NUM") \
            and not any(c.dep_ == "dobj" for c in token.children):
        # "Soldiers killed in Kidal", "… and four wounded": a participle on the people it happened to
        # (all of them: "eight women, a girl and four men injured" hangs it on the girl)
        first = token.head
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        return [], [first.head if list_item(first) else token.head]
    if token.dep_ == "acl" and token.tag_ in ("VBN", "VBD") and any(c.dep_ == "dobj" for c in token.children) \
            and not any(c.dep_ == "nsubj" for c in token.children):
        # "Gunmen on motorcycles killed 12 villagers": a verb the parser hung on its own subject
        return [token.head], [c for c in token.children if c.dep_ == "dobj"]
    passive = is_passive(token, segment_kind)
    agents = False
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            (recipients if passive else actors).append(child)
        elif child.dep_ == "dobj" and not passive and not _part_of_before(child):
            recipients.append(child)
        elif child.dep_ == "agent":
            actors.extend(c for c in child.children if c.dep_ == "pobj")
            agents = True
    if passive and not recipients:  # "soldiers implicated in the coup have been arrested", parsed as a clause
        recipients = [g for c in token.children if c.dep_ in ("csubjpass", "csubj") and c.tag_ == "VBN"
                      for g in c.children if g.dep_ == "nsubj"]
    if token.dep_ == "conj" and actors and not recipients and is_passive(token.head, segment_kind) \
            and not agents and not any(c.dep_ == "dobj" for c in token.children):
        # "One soldier was killed and three wounded": the elided "were" makes it passive too
        return [], actors
    if not actors and not passive and token.dep_ == "ROOT" \
            and not any(c.dep_ in ("nsubj", "csubj") for c in token.children):
        actors = _stray_subject(token)
    if not actors and not recipients and token.dep_ == "conj":
        # a conjoined verb without its own subject shares the head's
        return roles(token.head, segment_kind)
    if not recipients and not passive:
        # "killed or captured multiple agents": the object of the last conjunct is shared
        for conj in (c for c in token.children if c.dep_ == "conj" and c.pos_ == "VERB"):
            recipients.extend(c for c in conj.children if c.dep_ == "dobj")
    if not actors and token.dep_ in ("conj", "dep") and not passive and token.head.pos_ == "VERB":
        # a conjoined verb shares the subject of its head; so does one the parser left hanging ("dep")
        # off the verb whose subject it is: "Police officers responding to … fatally shot a man"
        head_actors, _ = roles(token.head, segment_kind)
        actors = head_actors
    if not actors and token.dep_ == "pcomp" and token.tag_ == "VBG" and token.head.dep_ == "prep" \
            and token.head.lower_ in MANNER_PREPS and token.head.head.pos_ == "VERB":
        verb = token.head.head  # "youths resorted to throwing stones" (parsed as a participle on "youths" too)
        actors = [verb.head] if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") \
            else roles(verb, segment_kind)[0]
    if not actors and ((token.dep_ in ("advcl", "xcomp", "relcl") and token.tag_ == "VBG") or (
            token.dep_ == "xcomp" and token.head.pos_ == "VERB" and token.head.dep_ not in ("amod", "acl", "compound")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children))):
        # "..., killing four soldiers", "militants tried to storm a base": the subject of the clause it hangs
        # on; but "ordered troops to attack": its object (object control)
        controller = [c for c in token.head.children if c.dep_ == "dobj"] \
            if token.dep_ == "xcomp" and token.head.lemma_.lower() not in INSTRUMENT_VERBS else []
        actors = controller or roles(token.head, segment_kind)[0]
    if not passive:
        # "opened fire to disperse demonstrators": who the force was used on is the purpose's object
        recipients += [o for c in token.children if c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in DISPERSE_LEMMAS
                      and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                      for o in c.children if o.dep_ == "dobj"]
    if passive and not recipients and token.dep_ in ("pcomp", "advcl") and token.tag_ == "VBN":
        # "Skripal spoke for the first time since being poisoned": the clause's subject underwent it
        verb = token.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        recipients = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return actors, recipients


def _stray_subject(verb: Any) -> list[Any]:
    """The subject the parser hung on a fronted phrase: "With the signing of a memorandum, the government
    and the SPLM have agreed" (parsed as conjuncts of "memorandum"): the noun after the last comma before
    the verb, when it hangs on a word before that comma."""
    before = verb.doc[verb.sent.start:verb.i]
    commas = [t.i for t in before if t.text == ","]
    if not commas:
        return []
    return [t for t in verb.doc[commas[-1] + 1:verb.i] if t.pos_ in ("NOUN", "PROPN")
            and t.dep_ in ("conj", "appos") and t.head.i < commas[-1]][:1]


def _part_of_before(obj: Any) -> bool:
    """An object that names a part of the one before it: "killing 89 people, among them 31 women" (the
    parser makes "women" a second object)."""
    return any(c.dep_ == "prep" and c.lower_ == "among" and c.i < obj.i for c in obj.children)


#: Verbs whose object is what the subject acts with, not who acts: "police used tear gas to disperse".
INSTRUMENT_VERBS = frozenset({"use", "employ", "utilise", "utilize"})
#: Verbs of crowd control: "opened fire to disperse the crowd".
DISPERSE_LEMMAS = frozenset({"disperse", "scatter", "quell", "repel", "break", "push", "clear", "control"})
#: Prepositions that make a gerund the means or the course of its verb's act, with its subject ("resorted
#: to throwing stones", "blocked the bridge by dumping sawdust"); "before/after doing" tell another act.
MANNER_PREPS = frozenset({"to", "by", "in", "into", "on"})
