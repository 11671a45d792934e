"""One event, many mentions: event candidates of one document merged into events.

1. Campaign summaries ("scores of leaders have been captured") are not events.
2. Pronouns and elided numbers borrow their people: "They were executed" takes the recipients of the
   event before; "killed and three wounded" takes the noun of its neighbour.
3. Violent triggers of one sentence are one event ("One soldier was killed and three wounded …, and
   four were taken hostage").
4. A candidate joins an earlier event of the same type when they share participants, and their counts,
   places and dates do not contradict each other; a sequence marker ("shortly afterward") always
   starts a new event, dated from the event before it.
5. Each event then takes its most precise place and date among its mentions; with no date in its
   text it gets the report date at precision `reported` (never silently).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

from ..dates import DateValue, report_date
from ..model import (
    COUNT_KEYS,
    UNREAL,
    ActorKind,
    ActorMention,
    Certainty,
    Event,
    EventType,
    Evidence,
    PlaceMention,
    Span,
)
from ..vocab import type_of
from .anchors import (
    dates_agree,
    dates_of,
    listed_towns,
    own_places,
    places_agree,
    places_of,
)
from .arguments import PRONOUNS, ArgSpan
from .dating import best_date, best_place, historical
from .events import EventCandidate
from .quotes import group_quotes
from .roles import HEADLINE_KINDS

VIOLENT = frozenset({EventType.ASSAULT})
#: Acts of violence: their events always carry a fatality figure (ACLED: 0 when the text reports no
#: death), their mentions across a report are grouped into incidents, and they are what a claim,
#: accusation or suspicion speaks of.
VIOLENCE: frozenset[str] = frozenset({EventType.ASSAULT, "FIGHT"})  # FIGHT: a legacy name
#: The reason a place of a mention split into the incidents of its towns carries.
SPLIT_PLACE = "one of the places the mention gives"
Linker = Callable[[ArgSpan], ActorMention | None]
Identify = Callable[[ArgSpan], str]


@dataclass(slots=True)
class _Cluster:
    """One event's mentions while they are merged. What is read of all its members (names, counts,
    places, dates) is kept until a member is added: a long report compares every mention with every
    event told before it, and reading the members each time made that cost grow with the cube."""

    identify: Identify
    members: list[EventCandidate] = field(default_factory=list)
    _memo: dict[str, tuple[int, Any]] = field(default_factory=dict)

    @property
    def first(self) -> EventCandidate:
        return self.members[0]

    def _kept(self, key: str, read: Callable[[], Any]) -> Any:
        size, value = self._memo.get(key, (-1, None))
        if size != len(self.members):
            value = read()
            self._memo[key] = (len(self.members), value)
        return value

    def counts(self) -> dict[str, set[int]]:
        def read() -> dict[str, set[int]]:
            out: dict[str, set[int]] = {}
            for m in self.members:
                for k, v in m.counts.items():
                    out.setdefault(k, set()).add(v)
            return out
        return cast(dict[str, set[int]], self._kept("counts", read))

    def places(self) -> list[PlaceMention]:
        return cast(list[PlaceMention], self._kept("places", lambda: [p for m in self.members for p, _, _ in m.places]))

    def modes(self) -> set[str]:
        return cast(set[str], self._kept("modes", lambda: {m for x in self.members for m in x.modes}))

    def dates(self) -> list[DateValue]:
        return cast(list[DateValue], self._kept(
            "dates", lambda: [d.value for m in self.members for d, _, _ in m.dates if d.value is not None]))

    def agrees_with(self, c: EventCandidate, *, counts: bool = True) -> bool:
        """Nothing in `c` contradicts this event: no other figure for a count it has (when `counts`),
        a place close enough, an overlapping date, an act as real as its own."""
        mine = self.counts()
        if counts and any(k in mine and v not in mine[k] for k, v in c.counts.items()):
            return False
        if unreal([c]) != unreal(self.members):
            return False  # "threatened to attack Goma" is not the attack on Goma; not done is not done
        return places_agree(self.places(), places_of(c)) and dates_agree(self.dates(), dates_of(c))


def unreal(mentions: Sequence[EventCandidate]) -> bool:
    """Every mention tells an act not done (hypothetical or negated): such mentions never join an
    act done, and a reference never names one."""
    return all(c.certainty in UNREAL for c in mentions)


def _key(name: str) -> str:
    """A loose comparison key for participants: lower case, no articles, singular words."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    words = [w for w in words if w not in ("the", "al", "el", "a", "an")]
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def _drop_aggregates(cands: Sequence[EventCandidate]) -> list[EventCandidate]:
    """Campaign summaries out ("scores of leaders have been captured", "168 militants were killed
    last year"), unless the text ties them to a day, or to a place and a date of their own ("in 1995
    they seized hundreds of hostages in hospitals in Budennovsk")."""
    def specific(c: EventCandidate) -> bool:
        if any(d.value is not None and d.value.precision == "day" for d, _, _ in c.dates):
            return True
        dated = any(d.value is not None and score >= 0.75 and d.value.precision != "unknown" for d, _, score in c.dates)
        return dated and bool(own_places([c])) and not c.series
    return [c for c in cands if not c.aggregate or specific(c)]


def _one_of_many(cands: Sequence[EventCandidate]) -> list[EventCandidate]:
    """"Shootings in Belfast had continued last night. In one incident, a man was killed …": the acts of
    that type the sentence before told as many (a plural noun) are the series the instance is one of;
    they give it their means and date where it has none (not their place: the instance is told at a place
    within theirs, or the location stage finds it), and are no incident of their own."""
    many: set[int] = set()
    for c in cands:
        if not c.instance:
            continue
        series = [k for k, p in enumerate(cands) if p.plural and not p.reference and p.type == c.type
                  and p.evidence.sentence == c.evidence.sentence - 1]
        for k in series:
            c.modes = list(dict.fromkeys(c.modes + cands[k].modes))
            c.dates = c.dates or cands[k].dates
        many.update(series)
    return [c for k, c in enumerate(cands) if k not in many]


def _inherit_nationality(cands: list[EventCandidate]) -> None:
    """"One US soldier was killed …, and four soldiers were taken hostage": the four are US
    soldiers too (same head noun, same sentence, no nationality of their own)."""
    seen: dict[tuple[int, str], ArgSpan] = {}
    for c in cands:
        for role in (c.actors, c.recipients):
            for i, a in enumerate(role):
                key = (c.evidence.start, a.head)
                if a.nationality:
                    seen.setdefault(key, a)
                elif a.label == "NP" and key in seen and not a.pronoun:
                    model = seen[key]
                    role[i] = replace(a, name=f"{model.nationality} {a.name}", nationality=model.nationality)


def _resolve_pronouns(cands: list[EventCandidate]) -> None:
    for i, c in enumerate(cands):
        speaker = c.attributed_to
        if speaker and any(a.pronoun for a in c.actors):
            # "Hezbollah said it fired 150 rockets": the speaker did it, by its own account
            if speaker.lower() not in PRONOUNS:  # "he said he killed them": still a pronoun
                c.actors = [replace(a, name=speaker, label="ORG", pronoun=False) if a.pronoun else a
                            for a in c.actors]
            c.certainty = Certainty.CLAIMED if c.certainty == Certainty.ASSERTED else c.certainty
        fixed: list[ArgSpan] = []
        for r in c.recipients:
            if not r.pronoun:
                fixed.append(r)
                continue
            if r.label == "NUM" or r.head.isdigit() or r.count is not None:
                sibling = next((x for x in c.recipients if not x.pronoun), None) or _previous_recipient(
                    cands, i, c.evidence.start)
                if sibling is not None:
                    fixed.append(replace(sibling, span=r.span, count=r.count, pronoun=False))
                continue
            antecedent = _previous_recipient(cands, i, None)
            if antecedent is not None:
                fixed.append(replace(antecedent, span=r.span, pronoun=False))
                if antecedent.count and not c.counts:
                    key = _count_key(c)
                    if key:
                        c.counts[key] = antecedent.count
        c.recipients = fixed


def _count_key(c: EventCandidate) -> str | None:
    modes = set(c.modes)
    if c.type == "ASSAULT":
        return "abducted" if "abduct" in modes else "killed"
    if c.type == "COERCE":
        return "detained"
    return None


def _previous_recipient(cands: list[EventCandidate], i: int, same_sentence: int | None) -> ArgSpan | None:
    for j in range(i - 1, -1, -1):
        prev = cands[j]
        if same_sentence is not None and prev.evidence.start != same_sentence:
            continue
        named = [r for r in prev.recipients if not r.pronoun]
        if named:
            return named[-1]
    return None


def _merge_sentence_violence(cands: list[EventCandidate]) -> list[EventCandidate]:
    """Violence told in one sentence is one event ("launched an attack on a post, killing six
    soldiers"; "one was killed and three wounded") unless places or dates set the parts apart."""
    out: list[EventCandidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if (prev is not None and prev.evidence.start == c.evidence.start and _violent(prev)
                and _violent(c) and not c.sequence
                and places_agree(places_of(prev), places_of(c))
                and dates_agree(dates_of(prev, tied=True), dates_of(c, tied=True))):
            mutual = _fired_back(prev, c) or _fired_back(c, prev)
            _absorb(prev, c)
            prev.nominal = prev.nominal and c.nominal
            if mutual:  # "police shot four men who began shooting at officers": both sides fought
                prev.recipients = []
        else:
            out.append(c)
    return out


#: Modes of armed violence: one who used them against their attackers fought back.
ARMED_MODES = frozenset({"firearms", "heavy-weapons", "explosives", "aerial"})


def _violent(c: EventCandidate) -> bool:
    """An assault, or a riot ("clashed outside the stadium, hurling bottles": one event)."""
    return c.type in VIOLENT or (c.type == "PROTEST" and "riot" in c.modes)


def _fired_back(a: EventCandidate, b: EventCandidate) -> bool:
    """Who underwent `a` used arms in `b`: an exchange of fire, not a one-sided attack (but protesters
    storming a building and shot by police are its victims)."""
    return bool(ARMED_MODES & set(b.modes)) and any(
        r.span.start < x.span.end and x.span.start < r.span.end for r in a.recipients for x in b.actors)


def _absorb(into: EventCandidate, other: EventCandidate) -> None:
    into.modes.extend(m for m in other.modes if m not in into.modes)
    into.actors.extend(other.actors)
    into.recipients.extend(other.recipients)
    for k, v in other.counts.items():
        into.counts[k] = into.counts.get(k, 0) + v if k in into.counts else v
    into.places.extend(other.places)
    into.dates.extend(other.dates)


#: Labels of participants whose identity can tie two mentions together (not "a man", "people").
IDENTIFYING = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC"})


def _compatible(cluster: _Cluster, c: EventCandidate) -> float:
    """How well `c` fits `cluster` (0: not the same event): named participants in common, and
    nothing in counts, places or dates that contradicts."""
    if c.sequence or cluster.first.type != c.type:
        return 0.0
    if c.separate and all(m.evidence.start != c.evidence.start for m in cluster.members):
        return 0.0  # "In a separate attack, Russian drones struck …": the same forces, another incident
    if listed_towns(c) and all(m.evidence.start != c.evidence.start for m in cluster.members):
        return 0.0  # "protests in Mombasa, Kisumu and Nakuru, where demonstrators blocked roads": towns of
        #             several provinces are not one incident, nor the march told before
    identify = cluster.identify

    def named(args: list[ArgSpan], linked: bool = False) -> set[str]:
        ids = {identify(a) for a in args if not a.pronoun and (a.label in IDENTIFYING or linked)}
        return {i for i in ids if not i.startswith("name:")} if linked else ids
    # victims are often described alike ("a man", "Russian soldiers"): only names tie them; a force
    # the knowledge base knows ("Iraqi police") ties the perpetrators
    victims = cluster._kept("named:recipients", lambda: named([a for m in cluster.members for a in m.recipients]))
    forces = cluster._kept("named:actors", lambda: named([a for m in cluster.members for a in m.actors], True))
    shared = len(victims & named(c.recipients)) + len(forces & named(c.actors, True))
    return float(shared) if shared and cluster.agrees_with(c) else 0.0


#: Who an anonymous follow-up sentence may name: "Gunmen then opened fire", "the attackers fled".
ANONYMOUS_HEADS = frozenset({"gunman", "gunmen", "attacker", "assailant", "militant", "fighter", "insurgent",
                             "man", "men", "bomber", "perpetrator", "kidnapper", "abductor"})


def _follow_up(clusters: list[_Cluster], c: EventCandidate) -> _Cluster | None:
    """A sentence that tells more of the event just told, naming nobody new ("Gunmen then opened
    fire from a ridge", "The convoy was hit when …"): it joins that event when nothing contradicts."""
    if c.sequence or c.nominal or c.separate or not clusters:
        return None
    actors = [a for a in c.actors if not a.pronoun]
    victims = [r for r in c.recipients if not r.pronoun]
    if any(a.nationality or a.label in ("PERSON", "ORG") or a.head not in ANONYMOUS_HEADS for a in actors):
        return None
    if any(r.nationality or r.label in ("PERSON", "ORG", "NORP", "GPE") for r in victims):
        return None  # named victims: their own event unless they are the same people
    if not actors and not victims:
        return None
    told_in_body = [cl for cl in clusters if any(m.segment_kind not in HEADLINE_KINDS for m in cl.members)]
    if not told_in_body:
        return None
    last = max(told_in_body, key=lambda cl: max(m.evidence.sentence for m in cl.members))
    told = max(m.evidence.sentence for m in last.members)
    if last.first.type != c.type or not 0 < c.evidence.sentence - told <= 2:
        return None
    if set(c.modes) - {m for x in last.members for m in x.modes}:
        return None  # an abduction is not more detail about a killing
    # a different toll from a named source is another report of the same count, not another event
    return last if last.agrees_with(c, counts=not c.attributed_to) else None


def prepare_candidates(cands: Sequence[EventCandidate]) -> list[EventCandidate]:
    """Steps 1-3: campaign summaries out, pronouns and elided numbers resolved, one event per
    sentence of violence. Run before linking, so resolved pronouns are linked too."""
    work = _one_of_many(_drop_aggregates(cands))
    _inherit_nationality(work)
    _resolve_pronouns(work)
    events = _merge_sentence_violence([c for c in work if not c.reference])
    return sorted(events + [c for c in work if c.reference], key=lambda c: c.trigger.start)


def merge_candidates(cands: Sequence[EventCandidate], identify: Identify | None = None) -> list[list[EventCandidate]]:
    """Prepared candidates (text order) → groups, each one event's mentions. `identify` gives a
    participant's identity (its actor id once linked; by default a normalised name)."""
    ident: Identify = identify or (lambda a: _key(a.name))
    clusters: list[_Cluster] = []
    references = [c for c in cands if c.reference]
    for c in (c for c in cands if not c.reference):
        scored = [(s, k) for k, s in ((k, _compatible(cl, c)) for k, cl in enumerate(clusters)) if s > 0]
        follows = _follow_up(clusters, c)
        if scored:
            clusters[max(scored)[1]].members.append(c)
        elif follows is not None:
            follows.members.append(c)
        else:
            clusters.append(_Cluster(ident, [c]))
    clusters = _fold_headlines(clusters)
    for ref in references:
        _attach_reference(clusters, ref)
    clusters.sort(key=lambda cl: cl.first.trigger.start)
    return [cl.members for cl in clusters]


def _attach_reference(clusters: list[_Cluster], ref: EventCandidate) -> None:
    """"the Karbala attack", "after the bombing": more evidence for the event of that type it can be
    (its place and the date tied to it fit, and it is told as done): the one sharing its place first,
    else (a bare reference) the one told most, else the nearest told before it. A reference to no
    event told here is an event of its own when it names its own place or date (a
    past incident: "since the Ben Guerdane attack in March 2016"), else it is dropped."""
    places, dates = places_of(ref), dates_of(ref, tied=True)  # "In 1981 a writer published a book on the attack"
    modes = set(ref.modes)
    fits = [cl for cl in clusters if cl.first.type == ref.type and not cl.first.reference
            and not unreal(cl.members)  # not "the opportunity to attack X"
            and places_agree(cl.places(), places) and dates_agree(cl.dates(), dates)
            and not (modes and (theirs := cl.modes()) and not modes & theirs)]
    if not fits:
        tied = any(score >= 0.75 for _, _, score in ref.dates) or own_places([ref])
        if not ref.series and tied:  # "since the Ben Guerdane attack in March 2016"
            clusters.append(_Cluster(clusters[0].identify if clusters else (lambda a: _key(a.name)), [ref]))
        return

    def rank(cl: _Cluster) -> tuple[bool, int, int]:
        same_place = bool(places) and bool(cl.places()) and places_agree(cl.places(), places)
        before = [m.evidence.start for m in cl.members if m.evidence.start <= ref.evidence.start]
        # a bare "the attack" names the report's incident, the one told most, before the last one told
        return same_place, len(cl.members) if not (places or dates) else 0, max(before, default=-1)

    best = max(fits, key=rank)
    anchored = any(score >= 0.75 for _, _, score in ref.dates) or own_places([ref])
    if anchored or all(m.evidence.start != ref.evidence.start for m in best.members):
        best.members.append(ref)  # (a second mention in one sentence only for the date or place it gives)




def _fold_headlines(clusters: list[_Cluster]) -> list[_Cluster]:
    """A headline or sub-heading that summarises an event of the body ("Hostages killed") joins it
    when nothing contradicts, even if it names the people differently; the body mention with the same
    trigger word is preferred, then the first."""
    body = [cl for cl in clusters if any(m.segment_kind not in HEADLINE_KINDS for m in cl.members)]
    out = list(body)
    for cl in clusters:
        if cl in body:
            continue
        fits = [b for b in body if b.first.type == cl.first.type and _no_conflict(b, cl)]
        if not fits:
            out.append(cl)
            continue
        lemma = cl.first.trigger.text.lower()[:4]
        best = next((b for b in fits if any(m.trigger.text.lower()[:4] == lemma for m in b.members)), fits[0])
        best.members[:0] = cl.members
    return out


def _no_conflict(a: _Cluster, b: _Cluster) -> bool:
    ca, cb = a.counts(), b.counts()
    if any(k in ca and not (v & ca[k]) for k, v in cb.items()):
        return False
    modes_a = {m for x in a.members for m in x.modes}
    modes_b = {m for x in b.members for m in x.modes}
    if modes_b and modes_a and not modes_a & modes_b:
        return False
    return places_agree(a.places(), b.places()) and dates_agree(a.dates(), b.dates())


# -- building the records ----------------------------------------------------------------------------

def build_events(doc_id: str, groups: Sequence[Sequence[EventCandidate]], *, published: str | None,
                 extractor: str, link: Linker, dateline: PlaceMention | None = None) -> list[Event]:
    """Event records from merged groups. An event whose text names no place takes the document's
    dateline ("BAGHDAD (Reuters) —"), if it has one, with that reason."""
    events = [_event(doc_id, group, quotes, published, extractor, link)
              for group, quotes in zip(groups, group_quotes(groups), strict=True)]
    if dateline is not None:
        # the dateline is where the lead happened, not every event of the story
        told_there = {dateline.span.segment}
        events = [e if e.location is not None or not any(
                      v.segment in told_there or groups[k][0].segment_kind in HEADLINE_KINDS for v in e.evidence)
                  else replace(e, location=dateline.location, location_reason="document dateline")
                  for k, e in enumerate(events)]
    for k, group in enumerate(groups):
        event = events[k]
        marked = next((m for m in group if m.sequence), None)
        if marked is None or (event.date is not None and event.date.precision != "reported"):
            continue
        # "shortly afterward": dated from the event told just before it in the text
        start = marked.evidence.start
        before = [(max((e.start for e in other.evidence if e.start < start), default=-1), other)
                  for j, other in enumerate(events) if j != k]
        told, previous = max(before, key=lambda b: b[0], default=(-1, None))
        if told >= 0 and previous is not None and previous.date is not None \
                and previous.date.precision != "reported":
            events[k] = replace(event, date=replace(previous.date, raw=marked.evidence.text,
                                                    relative_to="previous_event"),
                                date_reason="after the event told before it (shortly afterward)",
                                historical=previous.historical)
    return events


def _event(doc_id: str, group: Sequence[EventCandidate], quotes: Sequence[Span], published: str | None,
           extractor: str, link: Linker) -> Event:
    first = group[0]
    modes = tuple(dict.fromkeys(m for c in group for m in c.modes))
    actors, certainty = _authorship(group, link)
    recipients = _people([r for c in group for r in c.recipients], link)
    counts, reports = _tally(group)
    location, location_reason = best_place(group)
    value, date_reason = best_date(group)
    if value is None and published:
        value, date_reason = report_date(published), "no date in the text: the report's date"
    evidence = tuple(Evidence(doc_id, q.segment, q.sentence, q.start, q.end, q.text) for q in quotes)
    fatalities = counts.get("killed", 0) if first.type in VIOLENCE and certainty not in UNREAL \
        else None
    key = f"{doc_id}:{first.trigger.start}:{first.type}"
    if location is not None and any(why == SPLIT_PLACE for c in group for _, why, _ in c.places):
        key += f":{location.place_id}"  # one mention split into its towns' incidents (incidents.split_coordinated)
    return Event(
        event_id="e" + hashlib.sha256(key.encode()).hexdigest()[:16], doc_id=doc_id, type=type_of(first.type),
        modes=modes, context=tuple(dict.fromkeys(x for c in group if c.type == first.type for x in c.contexts)),
        actors=actors, recipients=recipients, evidence=evidence, extractor=extractor,
        location=location, location_reason=location_reason, date=value, date_reason=date_reason,
        counts=counts, count_reports={k: tuple(v) for k, v in reports.items()}, fatalities=fatalities,
        certainty=certainty, attributed_to=next((c.attributed_to for c in group if c.attributed_to), None),
        weapon=max((c.weapon for c in group if c.weapon), key=len, default=None),
        historical=historical(value, published))


#: Statements of authorship that name an actor: a claim outweighs the others; among those, the first told.
AUTHORSHIP_ORDER = (Certainty.CLAIMED, Certainty.ALLEGED, Certainty.SUSPECTED, Certainty.DENIED, Certainty.ASSERTED)




def _tally(group: Sequence[EventCandidate]) -> tuple[dict[str, int], dict[str, list[int]]]:
    """(best figure, every figure in text order) per count kind. The best is the figure the body first
    states (a report's lead gives the incident's toll; later figures are often a part of it: "two of
    the 12 killed were policemen"), a noun phrase's ("the kidnapping and murder of five soldiers": a
    summary) only when no clause gives one, a headline's only when the body gives none; where sources
    disagree (figures attributed to two or more sources), ACLED's rule: the lowest of theirs and the
    first. Never a sum of two accounts."""
    ordered = sorted((c for c in group if c.counts),
                     key=lambda c: (c.segment_kind in HEADLINE_KINDS, c.nominal, c.evidence.start))
    reports: dict[str, list[int]] = {}
    sources: dict[str, dict[str, int]] = {}
    for c in sorted(ordered, key=lambda c: c.evidence.start):
        for k, v in c.counts.items():
            reports.setdefault(k, []).append(v)
    for c in ordered:
        for k, v in c.counts.items():
            if c.attributed_to:
                sources.setdefault(k, {}).setdefault(c.attributed_to.lower(), v)
    best: dict[str, int] = {}
    for c in ordered:
        for k, v in c.counts.items():
            if k in COUNT_KEYS and k not in best:
                rival = sources.get(k, {})
                best[k] = min([v, *rival.values()]) if len(rival) >= 2 else v
    return best, reports


def _authorship(group: Sequence[EventCandidate], link: Linker) -> tuple[tuple[ActorMention, ...], Certainty]:
    """(actors, certainty) of an incident. Its mentions give both; when they name nobody but a
    description ("a suicide bomber", "gunmen"), a claim, accusation or suspicion about it names the
    actor and sets the certainty (`claimed`, `alleged`, `suspected`, `denied`)."""
    told = [c for c in group if c.authorship is None] or list(group)
    actors = _people([a for c in told for a in c.actors], link)
    # who did it is what a certainty hedges: mentions that name nobody ("Rockets fired") do not vote
    voters = [c for c in told if c.actors] or told
    certainty = Certainty.ASSERTED if any(c.certainty == Certainty.ASSERTED for c in voters) else voters[0].certainty
    said = [c for c in group if c.authorship in AUTHORSHIP_ORDER and c.actors]
    if not said or any(a.label in IDENTIFYING for c in told for a in c.actors if not a.pronoun):
        return actors, certainty
    claimed = any(c.authorship == Certainty.CLAIMED for c in said)
    kind = Certainty.CLAIMED if claimed else Certainty(str(said[0].authorship))
    named = _people([a for c in said if c.authorship == kind for a in c.actors], link)
    return tuple(dict.fromkeys((*named, *actors))), kind if certainty == Certainty.ASSERTED else certainty


def _people(args: list[ArgSpan], link: Linker) -> tuple[ActorMention, ...]:
    """Linked participants; one the knowledge base cannot place keeps its name as written ("two
    suspects" → suspects, kind other) rather than being dropped."""
    seen: dict[str, ActorMention] = {}
    for a in args:
        if a.pronoun:
            continue
        m = link(a) or ActorMention(a.span, None, a.name, ActorKind.OTHER, how="unlinked", score=0.0)
        if a.modifier and (m.how in ("new", "unlinked") or m.kind == ActorKind.OTHER):
            continue  # "the Rolando bombing": a name off the event noun that no record knows is a venue
        seen.setdefault(m.actor_id or _key(m.name), m)
    return tuple(seen.values())
