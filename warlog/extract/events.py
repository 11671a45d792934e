"""Event candidates, one sentence at a time, from the dependency parse.

A *trigger* is a verb or noun of the trigger lexicon (`TriggerSense` per lemma and part of speech).
Verbal triggers take their roles from the parse: the subject acts and the object undergoes (passive:
the `by` agent acts and the subject undergoes; a headline's bare participle, "Leader captured near
Kut", is passive). A nominal trigger ("the kidnapping and murder of five soldiers") is an event of its
own only when it carries its own `of` argument; "during a raid" folds into the verb it qualifies; a
bare reference ("the Karbala attack") is no new event.

Places and dates found in the sentence are given to the trigger that governs them: a name or date
modifying a nominal trigger ("the 2007 Karbala attack") belongs to it; a PP date or place right after
a nominal event with its own argument belongs to that event; otherwise the trigger above it in the
parse, else the sentence's main trigger. Merging candidates into events is `warlog.extract.coref`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import DateMention, PlaceMention, Span
from ..nlp import AnnotatedSegment
from .arguments import (
    SEQUENCE_WORDS,
    VAGUE_QUANTIFIERS,
    ArgSpan,
    argument_spans,
    attribution,
    certainty,
    is_aggregate,
    is_person_like,
    sequence_marker,
)
from .places import agent_nouns


@dataclass(frozen=True, slots=True)
class TriggerSense:
    """What a trigger lemma means: PLOVER type and mode, the casualty count its object gives
    (`killed`, `wounded`, `detained`, `abducted`), and a weight among competing senses."""

    type: str
    mode: str | None = None
    count: str | None = None
    weight: float = 1.0
    needs_agent: bool = False  # ACCUSE-like: no event without an explicit accuser
    objects: tuple[str, ...] = ()  # noun classes the object must be of (person, force, place, …)


Lexicon = Mapping[tuple[str, str], tuple[TriggerSense, ...]]  # (lemma, "VERB"|"NOUN") → senses, strongest first
NounClass = Callable[[Any], str | None]

#: Prepositions whose nominal object is the setting of the verb's event, not another event.
SETTING_PREPS = frozenset({"during", "in", "amid", "throughout"})
#: Verbs whose nominal object is wanted, not done ("called for the release of").
REQUEST_LEMMAS = frozenset({"call", "demand", "urge", "seek", "request", "want", "ask", "plan", "threaten",
                            "vow", "promise", "propose"})
#: Prepositions after a person noun that make the person the perpetrator of the nominal event after
#: them ("operatives behind the kidnapping", "men responsible for the bombing").
PERPETRATOR_PREPS = frozenset({"behind"})
HEADLINE_KINDS = frozenset({"headline", "subheading"})
#: Verbs that carry an event noun: "launched an attack", "carried out airstrikes", "held a protest".
LIGHT_VERBS = frozenset({"carry", "launch", "conduct", "stage", "mount", "hold", "perform", "unleash", "commit",
                         "wage", "organize", "organise", "lead", "orchestrate", "mastermind", "plan"})
#: Nouns that name a crowd of people ("thousands of students", "a crowd").
CROWD_NOUNS = frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "scores", "crowd",
                         "crowds", "mob", "throng"})
#: Instrument words that name people, not weapons: they stay actors ("gunmen abducted …").
HUMAN_INSTRUMENTS = frozenset({"gunman", "gunmen", "sniper", "bomber", "suicide bomber", "shooter"})
#: Adverbs that make a statement habitual or a campaign, not one event.
HABITUAL = frozenset({"repeatedly", "regularly", "routinely", "frequently", "often", "continuously",
                      "constantly", "increasingly"})
#: Words that open a distinct incident ("Separately, gunmen shot …"; with SEQUENCE_WORDS, "Hours later, …").
SEPARATE = frozenset({"separately", "elsewhere", "meanwhile"})
#: Modifiers of a weapon or strike that name who used it without a nationality.
FORCE_WORDS = frozenset({"military", "army", "junta", "government", "regime", "army's", "navy", "air"})
#: "died in the attack": a death with one of these nearby is a killing.
DEATH_LEMMAS = frozenset({"die", "perish"})
#: Nouns that make the events after them many: "a spate of attacks", "a wave of bombings".
SERIES_NOUNS = frozenset({"spate", "wave", "series", "string", "campaign", "number", "rash", "surge"})
#: "three days after the bombing", "hours later": an act after the one told, not it.
LATER = re.compile(r"\b(?:\w+ )?(?:minutes?|hours?|days?|weeks?|months?|years?) (?:after|later)\b", re.IGNORECASE)
#: Adverbs that make a shooting or stabbing a killing: "fatally shot a man".
FATAL_ADVERBS = frozenset({"fatally", "mortally", "lethally"})
#: Taking hostages is an abduction whatever the verb ("seized", "held", "took").
HOSTAGE_TAKING = TriggerSense("ASSAULT", "abduct", "abducted")
#: Verbs of a blast: "died after a bomb detonated".
DETONATION_LEMMAS = frozenset({"detonate", "explode", "blow"})


@dataclass(slots=True)
class EventCandidate:
    """One trigger's event as read from one sentence."""

    type: str
    modes: list[str]
    trigger: Span
    evidence: Span
    segment_kind: str
    nominal: bool
    actors: list[ArgSpan] = field(default_factory=list)
    recipients: list[ArgSpan] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    places: list[tuple[PlaceMention, str, float]] = field(default_factory=list)
    dates: list[tuple[DateMention, str, float]] = field(default_factory=list)
    certainty: str = "asserted"
    attributed_to: str | None = None
    sequence: bool = False
    aggregate: bool = False
    confidence: float = 0.7
    weapon: str | None = None
    reference: bool = False  # "the Karbala attack", "after the bombing": more words about an event told elsewhere
    separate: bool = False  # "Separately, …": a distinct incident, never a follow-up of the one before
    authorship: str | None = None  # a statement of who did an incident told elsewhere (claimed, alleged, …)
    series: bool = False  # a plural reference ("the 2015 Paris attacks"): a series, never an incident of its own


def _senses(token: Any, lexicon: Lexicon) -> tuple[TriggerSense, ...]:
    pos = "VERB" if token.pos_ in ("VERB", "AUX") else "NOUN" if token.pos_ in ("NOUN", "PROPN") else None
    if pos is None:
        return ()
    # multiword readings first: "take hostage", "set fire", "gun down", "blow up", "call for"
    if pos == "VERB":
        for child in token.children:
            if child.dep_ in ("dobj", "prt", "advmod", "oprd", "xcomp", "prep"):
                multi = lexicon.get((f"{token.lemma_.lower()} {child.lemma_.lower()}", pos))
                if multi:
                    return multi
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if pos == "VERB" and following is not None and following.lower_ == "dead":
        # "shot dead two policemen": a killing whatever the parse makes of "dead"
        dead = lexicon.get((f"{token.lemma_.lower()} dead", pos)) or _killing(lexicon, token.lemma_.lower())
        if dead:
            return dead
    senses = lexicon.get((token.lemma_.lower(), pos), ())
    if not senses and pos == "VERB" and token.tag_ == "VBN":
        senses = lexicon.get((token.lower_, pos), ())
    return senses


def _killing(lexicon: Lexicon, lemma: str) -> tuple[TriggerSense, ...]:
    """A trigger followed by "dead" reads as a killing: its own senses with the killed count."""
    from dataclasses import replace

    return tuple(replace(s, count="killed") for s in lexicon.get((lemma, "VERB"), ()) if s.type == "ASSAULT")


def _sense(token: Any, lexicon: Lexicon) -> TriggerSense | None:
    """The strongest reading that asks nothing of the object (used for nominal triggers)."""
    return next((s for s in _senses(token, lexicon) if not s.objects), None)


def _fitting(senses: tuple[TriggerSense, ...], objects: list[Any], noun_class: NounClass,
             event_nouns: frozenset[str]) -> TriggerSense | None:
    """The strongest reading whose object requirement the objects meet ("capture a commander" is an
    arrest, "capture a town" a seizure)."""
    for sense in senses:
        if not sense.objects:
            return sense
        for obj in objects:
            cls = noun_class(obj)
            if cls in sense.objects or (cls is None and "person" in sense.objects
                                        and is_person_like(obj, event_nouns)):
                return sense
    return None


def _is_passive(token: Any, segment_kind: str) -> bool:
    deps = {c.dep_ for c in token.children}
    if deps & {"auxpass", "nsubjpass"}:
        return True
    # headline style: "Senior leader captured near Kut" (participle, a subject, no object, no auxiliary)
    return (segment_kind in HEADLINE_KINDS and token.tag_ in ("VBN", "VBD") and "nsubj" in deps
            and not deps & {"dobj", "aux"})


def _roles(token: Any, segment_kind: str) -> tuple[list[Any], list[Any]]:
    """(actor heads, recipient heads) of a verbal trigger."""
    actors: list[Any] = []
    recipients: list[Any] = []
    if token.dep_ in ("acl", "amod") and token.tag_ == "VBN" and token.head.pos_ in ("NOUN", "PROPN", "NUM"):
        # "Soldiers killed in Kidal", "… and four wounded": a participle on the people it happened to
        return [], [token.head]
    passive = _is_passive(token, segment_kind)
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            (recipients if passive else actors).append(child)
        elif child.dep_ == "dobj" and not passive:
            recipients.append(child)
        elif child.dep_ == "agent":
            actors.extend(c for c in child.children if c.dep_ == "pobj")
    if token.dep_ == "conj" and actors and not recipients and _is_passive(token.head, segment_kind) \
            and not any(c.dep_ == "dobj" for c in token.children):
        # "One soldier was killed and three wounded": the elided "were" makes it passive too
        return [], actors
    if not actors and not recipients and token.dep_ == "conj":
        # a conjoined verb without its own subject shares the head's
        return _roles(token.head, segment_kind)
    if not recipients and not passive:
        # "killed or captured multiple agents": the object of the last conjunct is shared
        for conj in (c for c in token.children if c.dep_ == "conj" and c.pos_ == "VERB"):
            recipients.extend(c for c in conj.children if c.dep_ == "dobj")
    if not actors and token.dep_ in ("conj", "dep") and not passive and token.head.pos_ == "VERB":
        # a conjoined verb shares the subject of its head; so does one the parser left hanging ("dep")
        # off the verb whose subject it is: "Police officers responding to … fatally shot a man"
        head_actors, _ = _roles(token.head, segment_kind)
        actors = head_actors
    if not actors and token.dep_ in ("advcl", "xcomp", "relcl") and token.tag_ == "VBG":
        # "..., killing four soldiers": the subject of the clause it hangs on
        head_actors, _ = _roles(token.head, segment_kind)
        actors = head_actors
    return actors, recipients


def _between(token: Any) -> list[Any]:
    """"clashes between government troops and rebels": the two sides of a nominal event."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "between":
            return [c for c in child.children if c.dep_ == "pobj"]
    return []


def _nominal_argument(token: Any, lexicon: Lexicon) -> Any | None:
    """The `of`, `on` or `against` object of a nominal trigger (or of the nominal it is coordinated
    with): "the murder of five soldiers", "an attack on its positions"."""
    for node in (token, *[c for c in token.children if c.dep_ == "conj"]):
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "on", "against"):
                for obj in child.children:
                    # a place ("the bombing of Baghdad") is where, not whom
                    if obj.dep_ == "pobj" and _sense(obj, lexicon) is None \
                            and obj.ent_type_ not in ("GPE", "LOC", "FAC"):
                        return obj
    if token.dep_ == "conj" and token.head.pos_ == "NOUN" and _sense(token.head, lexicon) is not None:
        return _nominal_argument(token.head, lexicon) if token.head.i != token.i else None
    return None


def find_events(segments: Sequence[AnnotatedSegment], places: Sequence[PlaceMention],
                dates: Sequence[DateMention], lexicon: Lexicon,
                noun_class: NounClass = lambda token: None,
                instruments: Mapping[str, str] | None = None) -> list[EventCandidate]:
    """Event candidates of a document's annotated segments, in text order. `noun_class` gives a
    noun's semantic class (person, force, place, property, weapon) for the lexicon's object
    requirements."""
    out: list[EventCandidate] = []
    nouns, violent = lexicon_nouns(lexicon), violent_nouns(lexicon)  # once per document, not per sentence
    # "died after a roadside bomb detonated": a weapon or a blast near a death makes it a killing
    violent = violent | frozenset(instruments or {}) | DETONATION_LEMMAS
    for seg in segments:
        kind = str(seg.segment.kind)
        for sent in _sentences(seg.spacy_doc):
            out.extend(_sentence_events(seg, sent, kind, places, dates, lexicon, noun_class, instruments or {},
                                        nouns, violent))
    return out


def _sentences(sdoc: Any) -> list[Any]:
    return list(sdoc.sents) if sdoc.has_annotation("SENT_START") else [sdoc[:]]


def _sentence_events(seg: AnnotatedSegment, sent: Any, kind: str, places: Sequence[PlaceMention],
                     dates: Sequence[DateMention], lexicon: Lexicon, noun_class: NounClass,
                     instruments: Mapping[str, str], nouns: frozenset[str], violent: frozenset[str]
                     ) -> list[EventCandidate]:
    evidence = seg.span(sent.start_char, sent.end_char)
    found: dict[int, EventCandidate] = {}
    folded: dict[int, int] = {}  # nominal token index → the verbal trigger it is the setting of
    for token in sent:
        if token.ent_type_ in ("DATE", "TIME"):
            continue  # "in March 2016", "Strike Day": part of a date, never an event
        senses = _senses(token, lexicon)
        dying = token.lemma_.lower() in DEATH_LEMMAS and token.pos_ == "VERB" and _violent_cue(token, violent)
        if dying:
            senses = (TriggerSense("ASSAULT", None, "killed", 0.8),)
        if not senses:
            continue
        nominal = token.pos_ in ("NOUN", "PROPN")
        if nominal:
            found_sense = _sense(token, lexicon)
        else:
            found_sense = _fitting(senses, _roles(token, kind)[1], noun_class, nouns)
            if found_sense is not None and found_sense.type == "COERCE" and _hostages(_roles(token, kind)[1]):
                found_sense = HOSTAGE_TAKING  # "they seized hundreds of hostages": an abduction, not an arrest
        if found_sense is None:
            continue
        sense = found_sense
        cand = EventCandidate(type=sense.type, modes=[sense.mode] if sense.mode else [],
                              trigger=seg.span(token.idx, token.idx + len(token.text)), evidence=evidence,
                              segment_kind=kind, nominal=nominal)
        if nominal:
            head = token.head
            if token.dep_ == "pobj" and head.lower_ in SETTING_PREPS and head.head.pos_ in ("VERB", "AUX") \
                    and (_senses(head.head, lexicon) or head.head.lemma_.lower() in DEATH_LEMMAS):
                folded[token.i] = head.head.i  # "killed ... during a raid": the raid is the setting
                verb = found.get(head.head.i)
                if verb is not None and not verb.actors:  # "were killed in IS attacks": IS did it
                    verb.actors = _setting_actors(seg, token, instruments, nouns)
                continue
            if token.dep_ == "conj" and token.head.i in found:
                found[token.head.i].modes.extend(m for m in cand.modes if m not in found[token.head.i].modes)
                folded[token.i] = token.head.i
                continue
            if token.dep_ in ("dobj", "pobj") and _governing_verb(token).lemma_ in REQUEST_LEMMAS:
                continue
            arg = _nominal_argument(token, lexicon)
            sides = _between(token)
            light = _light_verb(token, lexicon)
            if light is not None:  # "militants launched an attack on a checkpoint": the verb's subject did it
                folded[light.i] = token.i
                carriers = [c for c in light.children if c.dep_ in ("nsubj", "agent")]
                sides = sides or [g for c in carriers for g in ([c] if c.dep_ == "nsubj" else
                                                                 [x for x in c.children if x.dep_ == "pobj"])]
                sides = [x for x in sides if _participant(x, nouns, noun_class)]
                cand.certainty = certainty(light)
            if (arg is None or not is_person_like(arg, nouns)) and not sides and light is None:
                if arg is not None or not _definite_reference(token):
                    continue  # "execution of the plan", "other attacks in Iraq": nothing to tell
                cand.reference = True  # "the Karbala attack", "after the bombing": joins the event it names
                cand.series = token.tag_ in ("NNS", "NNPS")  # "the Paris attacks": many, not one incident
            if arg is not None and is_person_like(arg, nouns):
                cand.recipients = argument_spans(seg, [arg])
            cand.actors = argument_spans(seg, sides)
            perpetrator = _perpetrator(token)
            if perpetrator is not None:
                cand.actors = argument_spans(seg, [perpetrator])
            if not cand.actors:  # "a 2015 police sweep", "the Taliban attack", "Russian airstrikes"
                cand.actors = _setting_actors(seg, token, instruments, nouns)
            # "led several raids", "a spate of attacks": many, not one
            cand.aggregate = token.tag_ in ("NNS", "NNPS") and (
                any(c.lower_ in VAGUE_QUANTIFIERS for c in token.children if c.dep_ in ("amod", "det", "nummod"))
                or (token.dep_ == "pobj" and token.head.head.lemma_.lower() in SERIES_NOUNS))
        else:
            if token.dep_ in ("acl", "amod") and token.tag_ == "VBG":
                continue  # "forces fighting the rebels": a description of the forces, not an event
            if token.dep_ == "conj" and token.head.i in found and any(
                    c.dep_ == "cc" and c.lower_ == "or" for c in token.head.children):
                # "killed or captured": one event, the first reading, both modes
                first = found[token.head.i]
                first.modes.extend(m for m in cand.modes if m not in first.modes)
                continue
            actor_heads, recipient_heads = _roles(token, kind)
            if dying:  # "three people died in the attack": the subject is the dead
                actor_heads, recipient_heads = [], actor_heads + recipient_heads
            if sense.needs_agent and not actor_heads:
                continue
            if sense.type == "THREATEN" and _about_others(token):
                continue  # "officials warned that rebels could attack": a warning, not a threat
            if sense.count in ("killed", "wounded", "abducted") and not any(
                    is_person_like(r, nouns) for r in recipient_heads):
                continue  # no victim ("the raid was well planned and executed"): not a killing
            lenient = sense.count in ("killed", "wounded", "abducted", "detained")  # the victims are people
            if sense.type == "ASSAULT" and not recipient_heads:
                # "fired rockets at military positions", "opened fire on protesters"
                recipient_heads = [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("at", "on", "against")
                                   for g in c.children if g.dep_ == "pobj" and g.ent_type_ not in ("GPE", "LOC", "FAC")]
            cand.actors = argument_spans(seg, [_antecedent(a, sent) for a in actor_heads
                                               if _participant(a, nouns, noun_class)])
            cand.actors += [x for a in actor_heads if not _participant(a, nouns, noun_class)
                            for x in _wielders(seg, a, instruments, nouns)]
            cand.aggregate = _habitual(token) or (kind not in HEADLINE_KINDS and sense.type in MATERIAL
                                                  and _present(token))
            cand.separate = any(t.lower_ in SEPARATE | SEQUENCE_WORDS for t in sent[:3]) or bool(
                LATER.search(sent.text))
            cand.recipients = argument_spans(
                seg, [r for r in recipient_heads if _participant(r, nouns, noun_class, lenient=lenient)],
                headline=kind in HEADLINE_KINDS)
            if not cand.actors and not cand.recipients:
                continue  # "stepping up pressure", "with whom he would meet": nobody does anything to anyone
            cand.sequence = sequence_marker(token)
        weapon = _weapon(token, instruments)
        if weapon is not None:
            cand.weapon, mode = weapon
            if cand.type == "ASSAULT" and mode not in cand.modes:
                cand.modes.append(mode)
            cand.actors = [a for a in cand.actors  # "a bomb killed": a weapon, not an actor
                           if a.head not in instruments or a.head in HUMAN_INSTRUMENTS]
        if not (nominal and _light_verb(token, lexicon) is not None):
            cand.certainty = certainty(token)
        cand.attributed_to = attribution(token, sent)
        cand.aggregate = cand.aggregate or is_aggregate(cand.recipients) or (
            not nominal and not any(r.count for r in cand.recipients) and any(
                t.lower_ in VAGUE_QUANTIFIERS for h in _roles(token, kind)[1] for t in h.subtree))
        count = "killed" if not nominal and _fatal(token) else sense.count
        if count and not nominal:
            total = sum(r.count or 0 for r in cand.recipients)
            if total:
                cand.counts[count] = total
        found[token.i] = cand
    if not found:
        return []
    _assign_slots(seg, sent, found, folded, places, dates, nouns)
    return [found[i] for i in sorted(found)]


def _antecedent(token: Any, sent: Any) -> Any:
    """A subject pronoun opening a sentence stands for the subject of the sentence before it, when
    that is a noun of the same number ("Separatist warlords led raids. In 1995 they seized hostages")."""
    if token.lower_ not in ("they", "he", "she") or sent.start == 0:
        return token
    before = sent.doc[sent.start - 1].sent
    subject = next((t for t in before.root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
        return token
    plural = subject.tag_ in ("NNS", "NNPS") or subject.ent_type_ in ("ORG", "NORP")
    return subject if plural == (token.lower_ == "they") else token


def _fatal(token: Any) -> bool:
    """"fatally shot", "mortally wounded": the victims died."""
    return any(c.dep_ == "advmod" and c.lower_ in FATAL_ADVERBS for c in token.children)


def _hostages(heads: list[Any]) -> bool:
    """The object is hostages ("seized hostages", "took hundreds of hostages")."""
    return any(t.lemma_.lower() == "hostage" for h in heads for t in h.subtree if t.i - h.i <= 3)


def _participant(token: Any, event_nouns: frozenset[str], noun_class: NounClass, *, lenient: bool = False) -> bool:
    """A person, force, organisation or place that can take part in an event; not an abstract noun
    ("pressure", "operations") or another event. `lenient`: the victims of a killing, wounding or
    arrest, who are people whatever noun names them ("a general was killed")."""
    cls = noun_class(token)
    if cls is not None:
        return cls in ("person", "force", "place", "property")
    if any(c.dep_ == "nummod" for c in token.children) and token.tag_ in ("NNS", "NNPS"):
        return True  # "six others", "two suspects": counted people
    if token.lower_ in CROWD_NOUNS or any(
            c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ == "pobj" and noun_class(g) == "person"
                                                          for g in c.children) for c in token.children):
        return True  # "thousands of students"
    if lenient and token.pos_ == "NOUN" and token.lemma_.lower() not in event_nouns:
        return True
    if token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE", "FAC", "LOC") or token.pos_ in ("PROPN", "PRON", "NUM"):
        return True
    return token.lemma_.lower() in agent_nouns()


def _weapon(token: Any, instruments: Mapping[str, str]) -> tuple[str, str] | None:
    """The weapon or means of the trigger's event: an instrument word in its subject, its `with`
    phrase, or a modifier of the trigger itself ("a roadside bomb killed", "attacked with machetes",
    "a drone strike") → (the words naming it, the mode it sets)."""
    places = [token, *[c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "compound", "amod")]]
    places += [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("with", "by") for g in c.children]
    for node in places:
        for t in node.subtree if node is not token else [c for c in token.children if c.dep_ == "compound"]:
            for n in (2, 1):
                words = " ".join(x.lemma_.lower() for x in t.doc[t.i:t.i + n])
                if words in instruments:
                    head = t.doc[t.i + n - 1]
                    first = min([c.i for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i]
                                + [t.i])
                    return t.doc[first:head.i + 1].text, instruments[words]
    return None


def lexicon_nouns(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(lemma for lemma, pos in lexicon if pos == "NOUN")


def _wielders(seg: AnnotatedSegment, head: Any, instruments: Mapping[str, str], event_nouns: frozenset[str]
              ) -> list[ArgSpan]:
    """Who used the weapon or made the strike that is the subject: "a Russian missile strike", "Syrian
    and Russian warplanes", "military jets" → the state's military (the resolver reads "Russian
    forces"; a bare "military" is the document's own)."""
    lemma = head.lemma_.lower()
    if lemma not in instruments and lemma not in event_nouns:
        return []
    mods = [m for m in head.subtree if m.i < head.i and m.dep_ in ("amod", "compound", "nmod", "conj")
            and (m.ent_type_ in ("NORP", "GPE") or m.lower_ in FORCE_WORDS)]
    out = []
    for m in mods:
        span = seg.span(m.idx, head.idx + len(head.text))
        nationality = None if m.lower_ in FORCE_WORDS else m.text
        name = f"{m.text} forces" if nationality else "military"
        out.append(ArgSpan(span, name, "NP", "forces", None, nationality=nationality))
    return out


def _setting_actors(seg: AnnotatedSegment, noun: Any, instruments: Mapping[str, str],
                    event_nouns: frozenset[str]) -> list[ArgSpan]:
    """Who carried out the act an event noun names: its named modifier ("in IS attacks", "in a
    Taliban ambush", "a police sweep") or its nationality ("in Russian airstrikes")."""
    named = [m for m in noun.children if m.dep_ in ("compound", "poss", "nmod") and m.i < noun.i
             and (m.ent_type_ in ("ORG", "PERSON") or (m.pos_ == "NOUN" and m.lemma_.lower() in agent_nouns()))]
    if named:
        return argument_spans(seg, named)
    return _wielders(seg, noun, instruments, event_nouns)


#: Types of acts (not of statements): told in the present simple in a report's body they are habits
#: ("colectivos roam neighbourhoods, beating protesters"), not one event.
MATERIAL = frozenset({"ASSAULT", "FIGHT", "COERCE", "PROTEST", "MOBILIZE"})


def _present(token: Any) -> bool:
    """Present simple ("attack", "beats"), or a participle hanging on one ("roam …, beating …")."""
    if token.tag_ in ("VBP", "VBZ"):
        return not any(c.dep_ in ("aux", "auxpass") for c in token.children)
    return token.tag_ == "VBG" and token.dep_ in ("advcl", "conj", "xcomp") and token.head.tag_ in ("VBP", "VBZ") \
        and not any(c.dep_ in ("aux", "auxpass") for c in token.head.children)


def _habitual(token: Any) -> bool:
    """"have repeatedly shelled", "have been fighting … since 2022": a pattern, not one event."""
    children = list(token.children)
    if any(c.dep_ == "advmod" and c.lower_ in HABITUAL for c in children):
        return True
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in ("continue", "keep", "tend", "use"):
        return True  # "insurgents who continue to ambush regime forces"
    progressive = any(c.lower_ == "been" for c in children) and token.tag_ == "VBG"
    return progressive and any(c.dep_ == "prep" and c.lower_ == "since" for c in children)


def _definite_reference(token: Any) -> bool:
    """"the attack", "the 2007 Karbala attack", "Sunday's bombing": one particular event, named again."""
    if token.tag_ in ("NNS", "NNPS") and not any(c.lower_ == "the" for c in token.children):
        return False  # "other high-profile attacks": many, none in particular
    return any(c.dep_ in ("det", "poss", "compound", "nummod", "nmod")
               and c.lower_ not in ("a", "an", "another", "other") for c in token.children)


def _light_verb(token: Any, lexicon: Lexicon) -> Any | None:
    """The verb that carries an event noun ("launched an attack", "an airstrike was carried out"), if
    it is not a trigger itself."""
    head = token.head
    if token.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB" and head.lemma_.lower() in LIGHT_VERBS \
            and not _senses(head, lexicon):
        return head
    return None


def violent_nouns(lexicon: Lexicon) -> frozenset[str]:
    """Nouns of the lexicon that name an assault ("attack", "explosion", "shelling")."""
    return frozenset(k[0] for k, senses in lexicon.items()
                     if k[1] == "NOUN" and any(x.type == "ASSAULT" for x in senses))


def _violent_cue(token: Any, violent: frozenset[str]) -> bool:
    """A death told with violence around it: "died in the attack", "died of gunshot wounds", "died
    after the explosion", "died when a bomb detonated"."""
    for child in token.children:
        clause = child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("after", "when", "as")
                                              for m in child.children)
        if clause or (child.dep_ == "prep" and child.lower_ in ("in", "from", "after", "during", "of", "following")):
            for obj in child.subtree:
                if obj.lemma_.lower() in violent or obj.lower_ in ("wounds", "gunshot", "injuries", "shelling"):
                    return True
    return False


def _about_others(token: Any) -> bool:
    """The clause the speech verb introduces has a subject other than the speaker."""
    speaker = next((c.lower_ for c in token.children if c.dep_ == "nsubj"), None)
    for clause in (c for c in token.children if c.dep_ == "ccomp"):
        subject = next((c.lower_ for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject != speaker and subject not in ("it", "they", "he", "she", "we"):
            return True
    return False


def _governing_verb(token: Any) -> Any:
    node = token.head
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def _perpetrator(token: Any) -> Any | None:
    """"operatives behind the kidnapping": the noun just before `behind` did it."""
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ not in PERPETRATOR_PREPS:
        return None
    doc = token.doc
    j = prep.i - 1
    while j >= 0 and doc[j].is_punct:
        j -= 1
    if j < 0:
        return None
    noun = doc[j]
    return noun if noun.pos_ in ("NOUN", "PROPN") else None


def _token_at(sent: Any, char: int) -> Any | None:
    for t in sent:
        if t.idx <= char < t.idx + len(t.text):
            return t
    return None


def _assign_slots(seg: AnnotatedSegment, sent: Any, found: dict[int, EventCandidate], folded: dict[int, int],
                  places: Sequence[PlaceMention], dates: Sequence[DateMention],
                  event_nouns: frozenset[str]) -> None:
    start, end = seg.doc_offset(sent.start_char), seg.doc_offset(sent.end_char)
    main = _main_trigger(sent, found)
    for m in places:
        if start <= m.span.start < end and m.location.place_id is not None and m.label != "dateline":
            owner, reason, score = _owner(seg, sent, m.span, found, folded, main, "place", event_nouns)
            if owner in found:  # (a setting noun folds into a trigger that may itself have been dropped)
                found[owner].places.append((m, reason, score))
    for d in dates:
        if start <= d.span.start < end and d.value is not None:
            owner, reason, score = _owner(seg, sent, d.span, found, folded, main, "date", event_nouns)
            if owner in found:
                found[owner].dates.append((d, reason, score))


def _main_trigger(sent: Any, found: dict[int, EventCandidate]) -> int:
    verbal = [i for i, c in found.items() if not c.nominal]
    pool = verbal or list(found)
    root = sent.root.i
    return min(pool, key=lambda i: (0 if i == root else 1, abs(i - root)))


def _owner(seg: AnnotatedSegment, sent: Any, span: Span, found: dict[int, EventCandidate],
           folded: dict[int, int], main: int, slot: str, event_nouns: frozenset[str]
           ) -> tuple[int | None, str, float]:
    token = _token_at(sent, span.start - seg.segment.start)
    if token is None:
        return main, "same sentence", 0.5
    # 0. a date or place with a "when"/"where" clause of its own dates that clause: "since March 2015,
    #    when militants killed eleven soldiers"
    for clause in (c for c in token.children if c.dep_ == "relcl"):
        inside = sorted(t.i for t in clause.subtree if t.i in found)
        if inside:
            return inside[0], "dates the clause that follows it", 0.9
    # 1. a modifier of a nominal trigger: "the 2007 Karbala attack"
    node = token
    while node.dep_ in ("compound", "nummod", "amod", "nmod", "poss") and node.head.i != node.i:
        node = node.head
        if node.i in found or node.i in folded:
            return folded.get(node.i, node.i), "modifier of the trigger", 0.95
        if node.lemma_.lower() in event_nouns:
            return None, "modifies a mention of another event", 0.0
    # the same seen in the words, whatever the parse: "behind 2007 Karbala attack"
    end_token = _token_at(sent, span.end - 1 - seg.segment.start) or token
    for nxt in sent.doc[end_token.i + 1:min(end_token.i + 4, sent.end)]:
        if nxt.pos_ not in ("PROPN", "NOUN", "NUM", "ADJ"):
            break
        if nxt.lemma_.lower() in event_nouns and nxt.i not in found and nxt.i not in folded:
            return None, "modifies a mention of another event", 0.0
    # 2. right after a nominal event that has its own argument and no such slot yet
    for i in sorted((i for i in found if i < token.i), reverse=True):
        cand = found[i]
        between = sent.doc[i + 1:token.i]
        if any(t.pos_ in ("VERB", "AUX") for t in between) or any(j in found for j in range(i + 1, token.i)):
            break
        if cand.nominal and cand.recipients and not (cand.places if slot == "place" else cand.dates):
            return i, "prepositional phrase after the event noun", 0.8
        break
    # 3. the trigger above it in the parse (a folded setting noun gives its verb)
    node = token
    while node.head.i != node.i:
        node = node.head
        if node.i in folded:
            return folded[node.i], "setting of the trigger (during/in …)", 0.9
        direct = node.i in (token.head.i, token.head.head.i)
        if node.i in found and (not found[node.i].reference or (
                direct and not (found[node.i].places if slot == "place" else found[node.i].dates))):
            # a reference keeps only its own modifiers and phrases ("the attack in March 2016"), and
            # no second place or date ("the 2007 Karbala attack in Musayyib": the arrest's)
            return node.i, "prepositional object of trigger" if direct else "same clause", 0.9 if direct else 0.75
        if node.pos_ in ("VERB", "AUX") and node.dep_ != "ROOT":
            return None, "in the clause of another verb", 0.0
    return main, "same sentence", 0.5
