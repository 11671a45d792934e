"""Event candidates, one sentence at a time, from the dependency parse.

A *trigger* is a verb or noun of the trigger lexicon (`warlog.extract.senses`: its readings per lemma
and part of speech).
Verbal triggers take their roles from the parse (`warlog.extract.roles`): the subject acts and the
object undergoes (passive: the `by` agent acts and the subject undergoes; a headline's bare
participle, "Leader captured near Kut", is passive). A nominal trigger ("the kidnapping and murder
of five soldiers") is an event of its own only when it carries its own `of` argument; "during a raid"
folds into the verb it qualifies; a bare reference ("the Karbala attack") is no new event.

Who takes part beyond subject and object is `warlog.extract.participants`; what the clause says about
the trigger (habit, a death from an act told elsewhere, a "since" clause) `warlog.extract.clauses`.
Places and dates found in the sentence are given to the trigger that governs them
(`warlog.extract.slots`). Merging candidates into events is `warlog.extract.coref`, grouping them into
the incidents of the whole report `warlog.extract.incidents`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Certainty, DateMention, EventType, PlaceMention, Span
from ..nlp import AnnotatedSegment
from .arguments import (
    VAGUE_QUANTIFIERS,
    ArgSpan,
    argument_spans,
    attribution,
    certainty,
    head_count,
    is_aggregate,
    is_person_like,
    sequence_marker,
)
from .clauses import (
    BLAME_LEMMAS,
    MATERIAL,
    SETTING_PREPS,
    about_others,
    act_nouns,
    captivity_mode,
    definite_reference,
    earlier_act,
    fatal,
    governing_verb,
    habitual,
    hostages,
    in_care,
    natural_cause,
    one_of_several,
    present,
    since_clause,
    told_act,
    told_apart,
    told_as_happened,
    violent_cue,
    whole,
)
from .participants import (
    HAPPEN_VERBS,
    HUMAN_INSTRUMENTS,
    NOT_PARTICIPANTS,
    RELATIVE_PRONOUNS,
    NounClass,
    antecedent,
    between_sides,
    gathering_crowd,
    other_sides,
    outcomes,
    participant,
    people_of,
    perpetrator,
    police,
    riot_sides,
    seized_arms,
    setting_actors,
    site,
    state_agents,
    weapon,
    weapon_of,
    wielders,
)
from .places import agent_nouns, kin_nouns
from .quotes import set_apart
from .roles import HEADLINE_KINDS, is_passive, roles
from .senses import (
    Lexicon,
    TriggerSense,
    cand_sense,
    lemma_of,
    lexicon_nouns,
    nominal_sense,
    senses_of,
    violent_nouns,
)
from .slots import assign_slots

#: Verbs whose nominal object is wanted, not done ("called for the release of").
REQUEST_LEMMAS = frozenset({"call", "demand", "urge", "seek", "request", "want", "ask", "plan", "threaten",
                            "vow", "promise", "propose"})
#: Verbs that carry an event noun: "launched an attack", "carried out airstrikes", "held a protest".
LIGHT_VERBS = frozenset({"carry", "launch", "conduct", "stage", "mount", "hold", "perform", "unleash", "commit",
                         "wage", "organize", "organise", "lead", "orchestrate", "mastermind", "plan", "issue",
                         "announce", "declare", "order", "enforce", "broker", "mediate", "negotiate", "impose",
                         "reimpose", "complete"})
#: "died in the attack": a death with one of these nearby is a killing.
DEATH_LEMMAS = frozenset({"die", "perish"})
#: Nouns of things said: rejecting one is talk about talk ("dismissed the rumours", "denied the claims").
STATEMENT_NOUNS = frozenset({"rumour", "rumor", "claim", "report", "allegation", "accusation", "suggestion",
                             "speculation", "story", "assertion", "statement", "notion", "idea", "charge"})
#: Types whose verb with a "that" clause states a view, not an act ("conceded that", "agreed that").
SAYING_TYPES = frozenset({EventType.CONCEDE, EventType.AGREE})
#: Verbs an event noun happens by, as their subject: "clashes erupted", "a missile strike hit a depot".
OCCUR_VERBS = HAPPEN_VERBS | {"happen", "resume", "hit", "rock", "target", "strike", "continue", "start", "begin",
                              "pour", "flow", "arrive"}
#: Verbs that carry an event noun after "on": "set off on a march", "went on strike", "embarked on a raid".
ON_VERBS = frozenset({"set", "go", "embark", "start", "begin", "join", "launch"})
#: Nouns that make the events after them many: "a spate of attacks", "a wave of bombings".
SERIES_NOUNS = frozenset({"spate", "wave", "series", "string", "campaign", "number", "rash", "surge"})
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
    certainty: Certainty = Certainty.ASSERTED
    attributed_to: str | None = None
    sequence: bool = False
    aggregate: bool = False
    weapon: str | None = None
    reference: bool = False  # "the Karbala attack", "after the bombing": more words about an event told elsewhere
    separate: bool = False  # "Separately, …": a distinct incident, never a follow-up of the one before
    instance: bool = False  # "In one incident, …": one of the acts the sentence before told as many
    plural: bool = False  # a plural event noun ("Shootings had continued")
    authorship: str | None = None  # a statement of who did an incident told elsewhere (claimed, alleged, …)
    series: bool = False  # a plural reference ("the 2015 Paris attacks"): a series, never an incident of its own
    update: bool = False  # a casualty update of an act told elsewhere ("a victim died in 1977 of injuries suffered
    #                       during the attack"): its own date is the death's, not the act's
    contexts: list[str] = field(default_factory=list)  # PLOVER contexts its trigger tells ("military")
    apart: dict[int, Span | None] = field(default_factory=dict)  # by another trigger of the sentence (its
    #     start): the part of the sentence telling this one without it (`warlog.extract.quotes`)


def _fitting(senses: tuple[TriggerSense, ...], token: Any, objects: list[Any], noun_class: NounClass,
             event_nouns: frozenset[str]) -> TriggerSense | None:
    """The strongest reading whose requirements the verb's subject and objects meet ("capture a
    commander" is an arrest, "capture a town" a seizure; "students demonstrated" a protest,
    "demonstrated its resolve" none)."""
    # "a bomb, which was quickly dismantled": the relative pronoun stands for the noun it qualifies
    objects = [whole(token.head if o.lower_ in ("which", "that") and token.dep_ == "relcl" else o) for o in objects]
    direct = any(c.dep_ == "dobj" for c in token.children)
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    for sense in senses:
        if (sense.no_object and direct) or (sense.subjects and not any(
                noun_class(x) in sense.subjects for x in subjects)):
            continue
        if not sense.objects:
            return sense
        for obj in objects:
            cls = noun_class(obj)
            if cls in sense.objects or (cls is None and "person" in sense.objects
                                        and is_person_like(obj, event_nouns)):
                return sense
    return None


def _nominal_argument(token: Any, lexicon: Lexicon) -> Any | None:
    """The `of`, `on` or `against` object of a nominal trigger (or of the nominal it is coordinated
    with): "the murder of five soldiers", "an attack on its positions"."""
    blamed = token.dep_ == "dobj" and token.head.lemma_.lower() in BLAME_LEMMAS
    for node in (token, *[c for c in token.children if c.dep_ == "conj"]):
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "on", "against") \
                    and not (blamed and child.lower_ == "on"):  # "blamed the attack on the far-right"
                for obj in child.children:
                    # a place ("the bombing of Baghdad") is where, not whom
                    if obj.dep_ == "pobj" and nominal_sense(obj, lexicon) is None \
                            and obj.ent_type_ not in ("GPE", "LOC", "FAC", *NOT_PARTICIPANTS):
                        return _life_of(obj)
    if token.dep_ == "conj" and token.head.pos_ == "NOUN" and nominal_sense(token.head, lexicon) is not None:
        return _nominal_argument(token.head, lexicon) if token.head.i != token.i else None
    return None


def _life_of(obj: Any) -> Any:
    """"an attack on his life", "an attempt on Maduro's life": the person whose life it was (the
    subject of the clause for a pronoun: "the president survived an attack on his life")."""
    if obj.lemma_.lower() != "life":
        return obj
    owner = next((c for c in obj.children if c.dep_ == "poss"), None)
    if owner is None:
        return obj
    if owner.pos_ == "PRON":
        verb = governing_verb(obj)
        return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), obj)
    return owner


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


@dataclass(slots=True)
class _Reading:
    """One sentence being read for event candidates, and what reading it needs."""

    seg: AnnotatedSegment
    sent: Any
    kind: str
    lexicon: Lexicon
    noun_class: NounClass
    instruments: Mapping[str, str]
    nouns: frozenset[str]
    violent: frozenset[str]
    found: dict[int, EventCandidate] = field(default_factory=dict)
    folded: dict[int, int] = field(default_factory=dict)  # nominal token index → the trigger it is the setting of
    _battle: bool | None = None

    def battle(self) -> bool:
        """The sentence tells a two-sided fight (a `mutual` trigger), read once."""
        if self._battle is None:
            self._battle = any(sense.mutual for t in self.sent for sense in senses_of(t, self.lexicon))
        return self._battle


def _sentence_events(seg: AnnotatedSegment, sent: Any, kind: str, places: Sequence[PlaceMention],
                     dates: Sequence[DateMention], lexicon: Lexicon, noun_class: NounClass,
                     instruments: Mapping[str, str], nouns: frozenset[str], violent: frozenset[str]
                     ) -> list[EventCandidate]:
    """The candidates of one sentence: each trigger read (`_candidate`), then places and dates given to
    the trigger that governs them (`warlog.extract.slots`)."""
    rd = _Reading(seg, sent, kind, lexicon, noun_class, instruments, nouns, violent)
    for token in sent:
        cand = _candidate(rd, token)
        if cand is not None:
            rd.found[token.i] = cand
    if not rd.found:
        return []
    assign_slots(seg, sent, rd.found, rd.folded, places, dates, nouns)
    set_apart(seg, rd.found)
    return [rd.found[i] for i in sorted(rd.found)]


def _candidate(rd: _Reading, token: Any) -> EventCandidate | None:
    """The event a token triggers, if it is a trigger in this sentence (None also when it only adds
    to another trigger's event: a setting noun, a coordinated reading)."""
    if token.ent_type_ in ("DATE", "TIME"):
        return None  # "in March 2016", "Strike Day": part of a date, never an event
    senses = senses_of(token, rd.lexicon)
    dying = token.lemma_.lower() in DEATH_LEMMAS and token.pos_ == "VERB" and violent_cue(token, rd.violent)
    if dying:
        senses = (TriggerSense("ASSAULT", None, "killed", 0.8),)
    if not senses and token.pos_ in ("NOUN", "PROPN"):
        compound = nominal_sense(token, rd.lexicon)  # "a missile strike": a trigger only with its compound
        senses = (compound,) if compound is not None else ()
    if not senses:
        return None
    if token.tag_ == "VBN" and token.dep_ == "pcomp" and not any(c.dep_ in ("aux", "auxpass") for c in token.children):
        return None  # "in occupied Crimea": a participle describing the place
    nominal = token.pos_ in ("NOUN", "PROPN")
    if nominal:
        sense = nominal_sense(token, rd.lexicon)
    else:
        objects = roles(token, rd.kind)[1]
        sense = _fitting(senses, token, objects, rd.noun_class, rd.nouns)
        if sense is not None and sense.type == "COERCE" and hostages(objects):
            sense = HOSTAGE_TAKING  # "they seized hundreds of hostages": an abduction, not an arrest
    if sense is None:
        return None
    cand = EventCandidate(type=sense.type, modes=[sense.mode] if sense.mode else [],
                          trigger=rd.seg.span(token.idx, token.idx + len(token.text)),
                          evidence=rd.seg.span(rd.sent.start_char, rd.sent.end_char),
                          segment_kind=rd.kind, nominal=nominal, contexts=[sense.context] if sense.context else [],
                          plural=nominal and token.tag_ in ("NNS", "NNPS"))
    cand.update = dying and told_act(token)
    kept = _nominal(rd, token, cand) if nominal else _verbal(rd, token, cand, sense, dying)
    if not kept:
        return None
    _qualify(rd, token, cand, sense)
    return cand


def _nominal(rd: _Reading, token: Any, cand: EventCandidate) -> bool:
    """Roles of an event noun; False when it is no event of its own ("killed during a raid": the
    setting of the verb; "called for the release of": wanted, not done; "other attacks": nothing)."""
    seg, head, nouns = rd.seg, token.head, rd.nouns
    if token.dep_ == "pobj" and head.lower_ in SETTING_PREPS and head.head.pos_ in ("VERB", "AUX") \
            and (senses_of(head.head, rd.lexicon) or head.head.lemma_.lower() in DEATH_LEMMAS):
        rd.folded[token.i] = head.head.i  # "killed ... during a raid": the raid is the setting
        verb = rd.found.get(head.head.i)
        if verb is not None and not verb.actors:  # "were killed in IS attacks": IS did it
            verb.actors = setting_actors(seg, token, rd.instruments, nouns)
            if cand_sense(token, rd.lexicon).mutual:  # "killed in a gun battle with police"
                verb.actors += argument_spans(seg, [x for x in other_sides(token) + between_sides(token)
                                                    if participant(x, nouns, rd.noun_class)])
        if verb is not None and between_sides(token) and len(verb.actors) >= 2:
            # "a man was killed and five wounded in a battle between troops and terrorists": the sides
            # fought; the dead are the battle's toll, not one side's target (but "X was killed in a gun
            # battle with police": X was the other side, and its dead)
            act = head.head
            linked = [act.head] if act.dep_ == "conj" else []
            for told in (verb, *(rd.found[x.i] for x in linked + list(act.children) if x.i in rd.found)):
                told.actors = told.actors if len(told.actors) >= 2 else verb.actors
                told.recipients = []
        return False
    if token.dep_ in ("dobj", "nsubjpass") and token.head.i in rd.found and rd.found[token.head.i].weapon:
        return False  # "found a roadside bomb", "a bomb was defused": the weapon kept from use, no attack
    if token.dep_ == "dobj" and token.head.i in rd.found and rd.found[token.head.i].type in (
            cand.type, "PROTEST", "CONCEDE"):  # ("lifted a blockade": what is lifted, no act of its own)
        rd.folded[token.i] = token.head.i  # "fought running battles with police": the verb's own act
        return False
    if token.dep_ == "conj" and token.head.i in rd.found:
        rd.found[token.head.i].modes.extend(m for m in cand.modes if m not in rd.found[token.head.i].modes)
        rd.folded[token.i] = token.head.i
        return False
    if token.dep_ in ("dobj", "pobj") and governing_verb(token).lemma_ in REQUEST_LEMMAS:
        return False
    arg = _nominal_argument(token, rd.lexicon)
    if arg is not None and weapon(arg, rd.noun_class, rd.instruments):
        arg = None  # "a barrage of rockets": what was fired, not at whom
    sides = between_sides(token) + (other_sides(token) if cand_sense(token, rd.lexicon).mutual else [])
    light = _light_verb(token, rd.lexicon)
    if light is not None:  # "militants launched an attack on a checkpoint": the verb's subject did it
        rd.folded[light.i] = token.i
        carriers = [c for c in light.children if c.dep_ in ("nsubj", "agent")]
        sides = sides or [antecedent(g, rd.sent) for c in carriers
                          for g in ([c] if c.dep_ == "nsubj" else [x for x in c.children if x.dep_ == "pobj"])]
        if lemma_of(light) in OCCUR_VERBS:  # the verb's own phrases: "erupted between rival militias"
            sides = sides + between_sides(light) + (other_sides(light) if cand_sense(token, rd.lexicon).mutual else [])
            arg = arg or next((c for c in light.children if c.dep_ == "dobj"), None)  # "hit a depot"
        sides = [x for x in sides if participant(x, nouns, rd.noun_class)]
        cand.certainty = certainty(light)
    left = outcomes(token)  # "the blast left five people dead"
    if (arg is None or not is_person_like(arg, nouns)) and not sides and light is None and not left \
            and not told_as_happened(token):
        if arg is not None or not definite_reference(token):
            return False  # "execution of the plan", "other attacks in Iraq": nothing to tell
        cand.reference = True  # "the Karbala attack", "after the bombing": joins the event it names
        cand.series = token.tag_ in ("NNS", "NNPS")  # "the Paris attacks": many, not one incident
    if arg is not None and is_person_like(arg, nouns):
        cand.recipients = argument_spans(seg, [arg])
    cand.actors = argument_spans(seg, sides)
    split = riot_sides(sides) if cand_sense(token, rd.lexicon).mutual else None
    if split is not None:  # "supporters fought running battles with police": a riot
        cand.type, cand.modes = "PROTEST", ["riot"]
        cand.actors, cand.recipients = argument_spans(seg, split[0]), argument_spans(seg, split[1])
    behind = perpetrator(token)
    if behind is not None:
        cand.actors = argument_spans(seg, [behind])
    if not cand.actors:  # "a 2015 police sweep", "the Taliban attack", "Russian airstrikes"
        cand.actors = setting_actors(seg, token, rd.instruments, nouns)
    # "led several raids", "a spate of attacks": many, not one (but a group that "launched a series of
    # attacks across Paris, killing 130" carried out one operation)
    cand.aggregate = token.tag_ in ("NNS", "NNPS") and (
        any(c.lower_ in VAGUE_QUANTIFIERS for c in token.children if c.dep_ in ("amod", "det", "nummod"))
        or (token.dep_ == "pobj" and token.head.head.lemma_.lower() in SERIES_NOUNS and light is None)
        or (light is not None and habitual(light)))  # "since the coup of 2021 has carried out 1,600 airstrikes"
    cand.separate = since_clause(token) or earlier_act(token)  # "on alert since the group launched attacks
    # across Paris", "the shooting comes after the police killing of …"
    return True


def _verbal(rd: _Reading, token: Any, cand: EventCandidate, sense: TriggerSense, dying: bool) -> bool:
    """Roles of a verbal trigger from the parse; False when it tells no event (a description, a
    warning about others, a killing with no victim, nobody doing anything to anyone)."""
    seg, nouns, noun_class = rd.seg, rd.nouns, rd.noun_class
    if token.dep_ in ("acl", "amod") and token.tag_ == "VBG":
        return False  # "forces fighting the rebels": a description of the forces, not an event
    if (token.dep_ == "amod" and token.i < token.head.i and sense.type != "ASSAULT") or (
            token.dep_ == "acl" and token.tag_ == "VBN" and sense.mode == "restrict"):
        return False  # "displaced families", "detained journalists", "civilians besieged by terrorists": a state
    if token.dep_ == "conj" and token.head.i in rd.found and any(
            c.dep_ == "cc" and c.lower_ == "or" for c in token.head.children):
        # "killed or captured": one event, the first reading, both modes
        first = rd.found[token.head.i]
        first.modes.extend(m for m in cand.modes if m not in first.modes)
        return False
    if sense.mode == "restrict" and token.dep_ in ("advcl", "xcomp") and token.head.i in rd.found \
            and rd.found[token.head.i].type == "ASSAULT":
        return False  # "opened fire to disperse the crowd": the purpose of the violence, no act of its own
    actor_heads, recipient_heads = _role_heads(rd, token, cand, sense, dying)
    if sense.needs_agent and not actor_heads:
        return False
    if _no_act(token, sense, recipient_heads):
        return False
    if sense.type == "ASSAULT" and natural_cause(token):
        return False  # "an earthquake that has killed 30,000", "died in a stampede": no one's act
    if sense.count in ("killed", "wounded", "abducted") and not any(is_person_like(r, nouns) for r in recipient_heads):
        return False  # no victim ("the raid was well planned and executed"): not a killing
    lenient = sense.count in ("killed", "wounded", "abducted", "detained")  # the victims are people
    sets_fire = any(c.dep_ == "dobj" and c.lemma_.lower() == "fire" for c in token.children)
    if sets_fire:  # "set fire to a school": the school, not the fire
        recipient_heads = [r for r in recipient_heads if r.lemma_.lower() != "fire"]
    if sense.type == "ASSAULT" and not recipient_heads and not sense.mutual:
        # "fired rockets at military positions", "opened fire on protesters"
        to = ("to",) if sets_fire else ()
        recipient_heads = [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("at", "on", "against", *to)
                           for g in c.children if g.dep_ == "pobj" and g.ent_type_ not in ("GPE", "LOC", "FAC")]
    stands = [antecedent(a, rd.sent) for a in actor_heads]
    # a relative pronoun's noun must itself take part ("the attack that killed three" is no actor)
    fit = [participant(s if a.lower_ in RELATIVE_PRONOUNS else a, nouns, noun_class) and not site(s, noun_class)
           for a, s in zip(actor_heads, stands, strict=True)]
    cand.actors = argument_spans(seg, [s for s, ok in zip(stands, fit, strict=True) if ok])
    cand.actors += [x for s, ok in zip(stands, fit, strict=True) if not ok
                    for x in wielders(seg, s, rd.instruments, nouns)]
    cand.aggregate = habitual(token) or (rd.kind not in HEADLINE_KINDS and sense.type in MATERIAL
                                          and present(token))
    cand.instance = one_of_several(rd.sent)
    cand.separate = told_apart(rd.sent) or since_clause(token)
    cand.recipients = argument_spans(
        seg, [r for r in recipient_heads if participant(r, nouns, noun_class, lenient=lenient)],
        headline=rd.kind in HEADLINE_KINDS)
    if sense.type in ("COERCE", "ASSAULT") and not cand.recipients:
        cand.recipients = gathering_crowd(seg, recipient_heads, rd.lexicon)  # "police broke up the protest"
    if not rd.battle():
        cand.recipients = people_of(cand.recipients)  # (in a battle "two Palestinians killed" are fighters)
    if not cand.actors and not cand.recipients and weapon_of(token, rd.instruments) is None \
            and token.lemma_.lower() not in DETONATION_LEMMAS and not sense.undergo:
        # "stepping up pressure", "with whom he would meet": nobody does anything to anyone (but "a car
        # bomb exploded" tells an attack by its weapon)
        return False
    if not cand.actors and sense.type == "COERCE" and sense.mode == "arrest":
        # "she was arrested": by the country's police (ACLED: police forces of the country), the
        # arrest's verb its evidence
        cand.actors = [ArgSpan(cand.trigger, "police", "NP", "authority")]
    cand.sequence = sequence_marker(token)
    return True


def _role_heads(rd: _Reading, token: Any, cand: EventCandidate, sense: TriggerSense, dying: bool
                ) -> tuple[list[Any], list[Any]]:
    """(actor heads, recipient heads) of a verbal trigger: its roles, then what the trigger's reading
    changes in them (the dead of "died", both sides of a fight, the bomb that is detonated, the weapon
    that is fired, who lost a town, the state that expels)."""
    actor_heads, recipient_heads = roles(token, rd.kind)
    if not actor_heads and sense.type == "PROTEST" and token.dep_ == "advcl" and token.tag_ == "VB" \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        # "farmers blocked highways to protest against the laws": they protested by doing so
        actor_heads = roles(token.head, rd.kind)[0]
    if sense.type == "ASSAULT" and token.lemma_.lower() in ("find", "discover"):
        actor_heads = []  # "police found the bodies of five people": who found them did not kill them
    if dying or sense.undergo:  # "three people died in the attack", "a boy stepped on a mine": the victims
        actor_heads, recipient_heads = [], actor_heads + recipient_heads
    elif sense.mutual:  # "troops clashed with rebels", "fought the militants": both sides fight
        # (the sides of "fought running battles with police" hang on the object)
        actor_heads = actor_heads + recipient_heads + other_sides(token) + [x for r in recipient_heads
                                                                           for x in other_sides(r)]
        recipient_heads = []
        split = riot_sides(actor_heads)
        if split is not None:  # "riot police clashed with protesters": a riot
            cand.type, cand.modes = "PROTEST", ["riot"]
            actor_heads, recipient_heads = split
    elif sense.type == "PROTEST" and state_agents(actor_heads):  # "soldiers blocked the road": no protest
        cand.type, cand.modes = "COERCE", ["restrict"]
    elif token.lemma_.lower() in DETONATION_LEMMAS and not is_passive(token, rd.kind):
        recipient_heads = []  # "before detonating them": what is detonated is the bomb
    # "fired a barrage of rockets at …": a weapon is what is used, never who undergoes
    recipient_heads = [r for r in recipient_heads if not weapon(r, rd.noun_class, rd.instruments)]
    if sense.mode == "seize":  # "recaptured the town from Wagner fighters": who lost it undergoes it
        recipient_heads = recipient_heads + [g for g in _from_objects(token)
                                             if g.ent_type_ in ("ORG", "NORP") or g.lower_ in agent_nouns()]
    if not actor_heads and sense.mode in ("expel", "deport"):  # "diplomats expelled from the United States"
        actor_heads = [g for g in _from_objects(token) if g.ent_type_ == "GPE"]
    return actor_heads, recipient_heads


def _from_objects(token: Any) -> list[Any]:
    """The objects of the trigger's "from" phrases."""
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children
            if g.dep_ == "pobj"]


def _no_act(token: Any, sense: TriggerSense, recipient_heads: list[Any]) -> bool:
    """The verb tells no act: care, talk about talk, a view, a private visit, a warning about others."""
    if sense.type == "COERCE" and in_care(token):
        return True  # "were detained in hospital": kept for treatment, not arrested
    if sense.type == "REJECT" and recipient_heads and all(r.lemma_.lower() in STATEMENT_NOUNS for r in recipient_heads):
        return True  # "dismissed the rumours", "denies Sarmiento's claims": words about words
    if sense.type in SAYING_TYPES and any(c.dep_ == "ccomp" for c in token.children):
        return True  # "conceded that the country faces a shortage", "agreed that talks should go on": a view
    if sense.type == "CONSULT" and recipient_heads and all(r.lemma_.lower() in kin_nouns() for r in recipient_heads):
        return True  # "was visiting her father": a private visit
    return sense.type == "THREATEN" and about_others(token)  # "officials warned that rebels could attack"


def _qualify(rd: _Reading, token: Any, cand: EventCandidate, sense: TriggerSense) -> None:
    """What every candidate gets after its roles: weapon and mode, certainty, who says so, whether it
    sums up many events, and the count its victims give."""
    # the nouns the act is named by, of its type: "a roadside bombing killed", "killed by a US airstrike",
    # "killed in a suicide car bombing", "two Israeli air raids in which 20 were killed"
    named = [(noun, told) for noun in ([] if cand.nominal else act_nouns(token))
             if (told := nominal_sense(noun, rd.lexicon)) is not None and told.type == cand.type]
    for noun, told in named:
        if told.mode and told.mode not in cand.modes:  # the act's noun gives its mode
            cand.modes.append(told.mode)
        if not cand.actors:  # and who did it: "Israeli air raids in which …"
            cand.actors = setting_actors(rd.seg, noun, rd.instruments, rd.nouns)
    weapon = weapon_of(token, rd.instruments)
    if weapon is None and cand.type == "COERCE" and not cand.nominal:
        # "police confiscated weapons and explosives": arms taken out of use
        weapon = seized_arms(token, roles(token, rd.kind)[1], rd.noun_class)
    if weapon is not None:
        cand.weapon, mode = weapon
        if cand.modes == ["firearms"] and token.lemma_.lower() == "fire" and mode != "firearms":
            cand.modes = []  # "fired rockets at": the weapon says what was fired
        if cand.type == "ASSAULT" and mode not in cand.modes:
            cand.modes.append(mode)
        cand.actors = [a for a in cand.actors  # "a bomb killed": a weapon, not an actor
                       if a.head not in rd.instruments or a.head in HUMAN_INSTRUMENTS]
    if not (cand.nominal and _light_verb(token, rd.lexicon) is not None):
        cand.certainty = certainty(token)
    cand.attributed_to = attribution(token, rd.sent)
    cand.aggregate = cand.aggregate or is_aggregate(cand.recipients) or (
        not cand.nominal and not any(r.count for r in cand.recipients) and any(
            t.lower_ in VAGUE_QUANTIFIERS for h in roles(token, rd.kind)[1] for t in h.subtree))
    if cand.aggregate and any(n.tag_ in ("NN", "NNP") and n.i < token.i for n, _ in named):
        cand.aggregate = False  # "the Tiananmen Square Massacre, in which hundreds of protesters were killed"
    count = "killed" if not cand.nominal and fatal(token) else sense.count
    if count and (not cand.nominal or any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)):
        # "killed seven demonstrators", "the slaying of seven demonstrators", "the killing of a man"
        total = sum(r.count or 0 for r in cand.recipients)
        if total:
            cand.counts[count] = total
    kind = captivity_mode(token, rd.noun_class) if "abduct" in cand.modes else None
    if kind is not None and kind not in cand.modes:  # GTD: hijacking, barricade incident
        cand.modes.append(kind)
    left = outcomes(token)
    if left and cand.type not in (EventType.ASSAULT, "FIGHT"):  # "a siege that left 20 dead": an act of violence
        cand.type, cand.modes = "ASSAULT", []
    if cand.type == "ASSAULT" and token.lemma_.lower() == "raid" and not left and cand.actors \
            and any(police(a.head) for a in cand.actors):
        cand.type, cand.modes = "COERCE", ["arrest"]  # "police launched raids in east London": arrests
    for victims, befell in left:  # "…, leaving 12 soldiers dead and 30 wounded"
        n = head_count(victims)
        if n is not None and befell not in cand.counts:
            cand.counts[befell] = n
        if victims.pos_ != "NUM" and participant(victims, rd.nouns, rd.noun_class, lenient=True):
            cand.recipients += [a for a in argument_spans(rd.seg, [victims])
                                if a.span not in {r.span for r in cand.recipients}]


def _light_verb(token: Any, lexicon: Lexicon) -> Any | None:
    """The verb that carries an event noun ("launched an attack", "an airstrike was carried out"), if
    it is not a trigger itself."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "of" and lemma_of(head.head) in SERIES_NOUNS:
        return _light_verb(head.head, lexicon)  # "launched a series of attacks"
    if token.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB" and lemma_of(head) in LIGHT_VERBS \
            and not any(not s.objects for s in senses_of(head, lexicon)):
        return head  # a verb whose own senses want a person for object ("held" in detention) carries it
    if token.dep_ == "pobj" and head.lower_ == "on" and lemma_of(head.head) in ON_VERBS:
        return head.head  # "set off on a march", "went on strike"
    if token.dep_ == "nsubj" and head.pos_ == "VERB" and lemma_of(head) in OCCUR_VERBS \
            and not senses_of(head, lexicon):
        return head  # "clashes erupted between …", "a missile strike hit a depot"
    if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children):
        return None  # "the blast that targeted coalition forces": more words on the blast told before
    return next((c for c in token.children if c.dep_ == "relcl" and lemma_of(c) in OCCUR_VERBS
                 and not senses_of(c, lexicon) and any(g.dep_ == "nsubj" and g.lower_ in ("that", "which")
                                                       for g in c.children)), None)  # "a bombing that hit"
