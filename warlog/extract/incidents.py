"""The document-level incident model: the events of one article, not its sentences.

`warlog.extract.coref` merges mentions that share participants or follow each other. A report tells
one incident many times over, in words that share nothing: the headline ("Roadside IED kills general"),
the lead, a casualty update ("Three others were wounded"), a recap ("the attack"), a claim of
responsibility, a denial. Here the events of the whole document are grouped into incidents:

1. An event joins an earlier incident of the same type when nothing sets them apart: no place of its
   own that lies elsewhere, no date of its own that does not overlap, no named victim or perpetrator
   the incident does not have, no means that makes it another kind of act (an air strike is not the
   bombing; an abduction is not the killing), and no word that opens another incident ("Separately",
   "In another incident", "shortly afterward"). Past incidents with their own date or place therefore
   stay apart, as do two raids in two towns and Saturday's attack and Sunday's follow-up.
2. Statements about an incident (a claim of responsibility, an accusation, a suspicion, a denial; see
   `warlog.extract.authorship`) are evidence of it, not events: they give its actor and certainty.
3. Talk that is not the news (a promise, an appeal, a visit, a rejection told in passing) is not stored
   as an event unless the report leads with it or gives it an actor and a date or place of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import pairwise

from ..geo.gazetteer import distance_km
from ..model import EventType
from .anchors import (
    SAME_SCENE_KM,
    anchors_clash,
    anchors_fit,
    any_places,
    dates_agree,
    own_dates,
    own_places,
    places_agree,
)
from .arguments import ArgSpan
from .coref import SPLIT_PLACE, VIOLENCE, unreal
from .events import EventCandidate
from .roles import HEADLINE_KINDS

#: Types whose mentions across a document are grouped into incidents: acts of violence. Arrests,
#: sanctions and the like are listed one by one in reports ("also captured X", "detained four
#: others"): their mentions join only in the lead, or by their participants (`warlog.extract.coref`).
INCIDENT_TYPES = VIOLENCE
#: Modes that make an act another kind of incident than one without them.
EXCLUSIVE_MODES = frozenset({"abduct", "aerial", "cbrn", "expel", "ban", "release"})
#: Verbal types: statements and diplomacy, events only when they are the news.
TALK_TYPES = frozenset({EventType.CONSULT, EventType.AGREE, EventType.SUPPORT, EventType.REQUEST, EventType.CONCEDE,
                        EventType.COOPERATE, EventType.REJECT, EventType.THREATEN, EventType.ACCUSE})
#: How many sentences of the body, after the headline, count as the lead.
LEAD_SENTENCES = 1
#: Labels of names that identify one participant (not a generic noun phrase).
NAMED = frozenset({"PERSON", "ORG", "NORP", "GPE"})

Identify = Callable[[ArgSpan], str]


def _named(group: Sequence[EventCandidate], role: str, identify: Identify, labels: frozenset[str]) -> set[str]:
    return {identify(a) for c in group for a in (c.actors if role == "actors" else c.recipients)
            if not a.pronoun and a.label in labels}


def _means_agree(a: Sequence[EventCandidate], b: Sequence[EventCandidate]) -> bool:
    """An air strike is not the bombing, an abduction not the killing: a mode of EXCLUSIVE_MODES on one
    side sets the two apart when the other side names means of its own without it. A mention that
    names no means ("the attack") fits any."""
    ma, mb = {m for c in a for m in c.modes}, {m for c in b for m in c.modes}
    if ("abduct" in ma) != ("abduct" in mb) and all(
            any(k != "abducted" for c in side for k in c.counts) for side in (a, b)):
        return False  # people killed are not people taken, whatever the words
    if not ma or not mb:
        return True
    return (ma & EXCLUSIVE_MODES) == (mb & EXCLUSIVE_MODES) or bool(ma & mb & EXCLUSIVE_MODES)


def same_incident(incident: Sequence[EventCandidate], group: Sequence[EventCandidate], identify: Identify,
                  *, lead: bool = False) -> bool:
    """Whether `group` tells more of `incident`: nothing in the two sets them apart (module doc, 1).
    A group with a date or place of its own must also share one with the incident (a past incident
    told with its own date is another event), unless both are the report's lead (`lead`)."""
    if incident[0].type != group[0].type or not _means_agree(incident, group):
        return False
    if unreal(incident) != unreal(group):
        return False  # "the opportunity to attack the prime minister" is no part of the bombing told
    if any(c.separate or c.sequence for c in group):
        return False
    first = min(c.evidence.start for c in group)
    if any((c.separate or c.sequence) and c.evidence.start > first for c in incident):
        return False  # "They were killed shortly afterward": after what was told before it, not it
    opener = min(incident, key=lambda c: c.evidence.start)
    if opener.separate or opener.sequence:
        # "Later, a man was shot dead in Deerpark Road": an incident of its own, that only what shares
        # its place or date can tell more of
        if _anchored_together(incident, group):
            return True
        if not _told_next(incident, group, identify):
            return False
    for role, labels in (("recipients", frozenset({"PERSON"})), ("actors", NAMED)):
        a, b = _named(incident, role, identify, labels), _named(group, role, identify, labels)
        if a and b and not a & b:
            return False
    if all(c.update for c in group):  # a later death from an act told here: its date is the death's
        return not anchors_clash(incident, group, dates=False)
    if lead:  # the headline and the lead tell the report's incident, each with the words it has
        return not anchors_clash(incident, group)
    return anchors_fit(incident, group) or _headline_country(incident, group) or _unanchored(incident, group) \
        or _same_people_in_country(incident, group, identify)


def _same_people_in_country(incident: Sequence[EventCandidate], group: Sequence[EventCandidate],
                            identify: Identify) -> bool:
    """An incident told only by its country ("The Latest on the nerve agent poisoning of a former Russian
    spy and his daughter in Britain") takes a group that names the same people (two of them, or one by
    name) in a place of that country ("the poisoning of a former Russian double agent and his daughter in
    Salisbury"): another incident of the same people and country would be told apart by its own place."""
    if any_places(incident):
        return False
    ours, theirs = _people(incident, identify), _people(group, identify)
    shared = ours & theirs
    if len(shared) < 2 and not shared & (_named(incident, "recipients", identify, NAMED)
                                         | _named(incident, "actors", identify, NAMED)):
        return False
    countries = {p.location.country for c in incident for p, _, score in c.places if score >= 0.75}
    places = [p for c in group for p, _, score in c.places if score >= 0.75]
    return bool(countries and places) and all(p.location.country in countries for p in places)


def _people(group: Sequence[EventCandidate], identify: Identify) -> set[str]:
    return {identify(a) for c in group for a in (*c.actors, *c.recipients) if not a.pronoun}


def _unanchored(incident: Sequence[EventCandidate], group: Sequence[EventCandidate]) -> bool:
    """An incident told with neither place nor date ("the fatal police shooting of a man") takes a group
    that gives only the place ("Saheed Vassell was killed … in Crown Heights"): a past incident told
    apart would come with its own date."""
    known = [d for d in own_dates(group) if d.start]
    return not known and not own_dates(incident) and not any(c.places for c in incident)


def _headline_country(incident: Sequence[EventCandidate], group: Sequence[EventCandidate]) -> bool:
    """A headline names the country ("IED kills general in Syria"), the body the town: a group with no
    date of its own, whose places lie in the country of an incident told in the headline with no finer
    place, tells more of it."""
    head = [p.location for c in incident if c.segment_kind in HEADLINE_KINDS for p, _, score in c.places
            if score >= 0.75]
    if any_places(incident) or own_dates(group) or not head or any((h.precision or 5) < 4 for h in head):
        return False
    theirs = own_places(group)
    return bool(theirs) and all(p.location.country in {h.country for h in head} for p in theirs)


def _told_next(incident: Sequence[EventCandidate], group: Sequence[EventCandidate], identify: Identify) -> bool:
    """A group with no place or date of its own that names the victim the incident told in the sentence
    before only described ("… after the police killing of an unarmed black man on March 18 in
    Sacramento. Stephon Clark, 22, was shot by officers …"): more of it, when nothing else sets them
    apart. Another act told next ("Just after 11.30pm a wave of shooting broke out") names nobody."""
    if own_places(group) or own_dates(group) or _named(incident, "recipients", identify, frozenset({"PERSON"})):
        return False
    if not _named(group, "recipients", identify, frozenset({"PERSON"})) or not any(c.recipients for c in incident):
        return False
    return min(c.evidence.sentence for c in group) - max(c.evidence.sentence for c in incident) == 1


def _anchored_together(a: Sequence[EventCandidate], b: Sequence[EventCandidate]) -> bool:
    pa, pb = own_places(a), own_places(b)
    da, db = own_dates(a), own_dates(b)
    return bool((pa and pb and places_agree(pa, pb)) or (da and db and dates_agree(da, db)))


def group_incidents(groups: Sequence[Sequence[EventCandidate]], identify: Identify,
                    lead_sentence: int = -1, statements: Sequence[EventCandidate] = ()) -> list[list[EventCandidate]]:
    """Merged mention groups (text order) → incidents: each group joins the incident it can be
    (`same_incident`), the one sharing most places and participants with it, else the one told last.
    Mentions in the report's lead (up to sentence `lead_sentence`) are one incident when nothing sets
    them apart. Statements of authorship (`statements`, module doc 2) then join the incident they
    speak of, and the talk events read from their sentences are dropped."""
    incidents = _incidents(groups, identify, lead_sentence)
    said = {c.evidence.start for c in statements}
    for statement in statements:
        target = _spoken_of(incidents, statement)
        if target is not None:
            target.append(statement)
    return [inc for inc in incidents if inc[0].type not in TALK_TYPES or inc[0].authorship is not None
            or not all(c.evidence.start in said for c in inc)]


def _spoken_of(incidents: list[list[EventCandidate]], statement: EventCandidate) -> list[EventCandidate] | None:
    """The violent incident a statement of authorship is about: the one told last before it (or in its
    sentence), else the first told after it."""
    violent = [inc for inc in incidents if inc[0].type in VIOLENCE]
    before = [inc for inc in violent if min(c.evidence.start for c in inc) <= statement.evidence.start]
    if before:
        return max(before, key=lambda inc: max(c.evidence.start for c in inc if c.evidence.start
                                               <= statement.evidence.start))
    return violent[0] if violent else None


def _incidents(groups: Sequence[Sequence[EventCandidate]], identify: Identify,
               lead_sentence: int) -> list[list[EventCandidate]]:
    incidents: list[list[EventCandidate]] = []
    for group in groups:
        lead = any(in_lead(c, lead_sentence) for c in group)
        fits = [inc for inc in incidents if (group[0].type in INCIDENT_TYPES or lead) and same_incident(
            inc, group, identify, lead=lead and any(in_lead(c, lead_sentence) for c in inc))]
        if not fits:
            incidents.append(list(group))
            continue
        best = max(fits, key=lambda inc: (_shared(inc, group, identify), max(c.trigger.start for c in inc)))
        best.extend(group)
    return incidents


def _shared(a: Sequence[EventCandidate], b: Sequence[EventCandidate], identify: Identify) -> int:
    places = {p.location.place_id for p in own_places(a)} & {p.location.place_id for p in own_places(b)}
    people = ({identify(x) for c in a for x in (*c.actors, *c.recipients) if not x.pronoun}
              & {identify(x) for c in b for x in (*c.actors, *c.recipients) if not x.pronoun})
    return len(places) + len(people)


def in_lead(c: EventCandidate, lead_sentence: int) -> bool:
    """Told in the headline, a sub-heading, or the first sentences of the body."""
    return c.segment_kind in HEADLINE_KINDS or c.evidence.sentence <= lead_sentence


def lead_end(cands: Sequence[EventCandidate]) -> int:
    """The index of the last sentence of the lead: the first sentence of the body."""
    body = [c.evidence.sentence for c in cands if c.segment_kind not in HEADLINE_KINDS]
    return min(body, default=0) + LEAD_SENTENCES - 1


def newsworthy(group: Sequence[EventCandidate], lead_sentence: int) -> bool:
    """A statement or diplomatic act is an event when the report leads with it, or when it has an
    actor and a date or place of its own (module doc, 3); every other type always is."""
    if group[0].type not in TALK_TYPES:
        return True
    if any(in_lead(c, lead_sentence) for c in group):
        return True
    has_actor = any(a for c in group for a in c.actors if not a.pronoun)
    return has_actor and bool(own_dates(group) or own_places(group))


def split_coordinated(cands: Sequence[EventCandidate]) -> list[EventCandidate]:
    """"In 1995 and 1996 they seized hostages in Budennovsk and Kizlyar": a mention that gives as many
    towns as dates, each pair apart, tells that many incidents, paired in the order the text gives them
    (one incident is at one place on one day). Mentions with counts stay whole: a toll cannot be shared
    out."""
    out: list[EventCandidate] = []
    for c in cands:
        places = sorted({p.span.start: p for p, _, score in c.places if score >= 0.75
                         and (p.location.precision or 5) <= 2 and p.location.lat is not None}.values(),
                        key=lambda p: p.span.start)
        dates = sorted({d.span.start: d for d, _, score in c.dates if score >= 0.75 and d.value is not None
                        and d.value.start}.values(), key=lambda d: d.span.start)
        apart = len(places) >= 2 and all(
            distance_km(a.location.lat or 0, a.location.lon or 0, b.location.lat or 0, b.location.lon or 0)
            > SAME_SCENE_KM for a, b in pairwise(places))
        if c.counts or not apart or len(dates) != len(places) or len({str(d.value) for d in dates}) < 2:
            out.append(c)
            continue
        for place, when in zip(places, dates, strict=True):
            out.append(replace(c, places=[(place, SPLIT_PLACE, 0.8)],
                               dates=[(when, "its date, in the order the mention gives them", 0.8)],
                               actors=list(c.actors), recipients=list(c.recipients), modes=list(c.modes),
                               counts=dict(c.counts)))
    return out
