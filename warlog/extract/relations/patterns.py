"""The rules of relation extraction, over one parsed sentence and its candidate mentions. Each rule
yields Findings: subject and object mentions, the relation, the word that states it (`anchor`), the
words whose dependents may qualify it (`heads`: "former", "allegedly", "until 2021") and the words
of the describing noun phrase (`phrase`). `warlog.extract.relations` turns them into candidates.

Rules: role nouns ("X, the leader of Y", "X is a senior leader in Y", "Taliban spokesman X", "his
brother X", "the chief of Y, Mr X"), a named unit of a group ("the Belfast Brigade of the IRA"), a
person "from" an organisation, descriptor nouns ("X, a wing of Y", "X, Iran's military command"), "in charge of" /
"under the command of", "subordinate to" / "allied with", verbs ("Y was led by X", "X heads Y",
"backed by X", "broke away from Y"), "X-backed Y", possessives ("Iran's Qods Force"), and two names
run together ("the Mahdi Army Special Groups").
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from ...actors.generic import adjective
from ...actors.generic import nationality as country_of
from .lexicon import (
    ALLY_WORDS,
    BACK_VERBS,
    DEMONYMS,
    DESCRIPTOR_NOUNS,
    GROUP_NOUNS,
    LEAD_VERBS,
    MEMBER_NOUNS,
    ROLE_NOUNS,
    ROLE_PREPS,
    SPLINTER_MODIFIERS,
    SPLIT_HEADS,
    SPLIT_VERBS,
    SUBORDINATE_ROLES,
    TITLES,
)
from .mentions import RANK_PARTS, Mention
from .syntax import (
    GROUP_KINDS,
    PERSON_KINDS,
    Finding,
    Sentence,
    antecedent,
    apposition_holder,
    copula_holder,
    indefinite_phrase,
    leader_or_member,
    make,
    mislabelled_place,
    name_shaped,
    np_start,
    participle_holder,
    past_honorifics,
    personal,
    phrase_holder,
    premodifier,
    prep_objects,
    subject_of,
    title_holder,
)

#: Bodies a state's possessive does not make part of an armed network ("Iraq's Interior Ministry").
CIVIL_BODIES = frozenset({"ministry", "government", "parliament", "embassy", "court", "council", "party",
                          "assembly", "cabinet", "senate", "congress", "university", "bank", "company"})


def role_word(s: Sentence, i: int) -> str:
    """The role word ending at token i, hyphenated compounds included ("secretary-general",
    "co-founder", "brother-in-law")."""
    for width in (5, 3):
        a = i - width + 1
        if a >= s.start and s.sdoc[a + 1].text == "-":
            word = "".join(t.text for t in s.sdoc[a:i + 1]).lower()
            if word in ROLE_NOUNS or word in DESCRIPTOR_NOUNS:
                return word
    return str(s.sdoc[i].lower_)


def role_findings(s: Sentence) -> Iterator[Finding]:
    """Role and descriptor nouns: apposition, copula, title before a name, possessive pronoun."""
    for i in range(s.start, s.end):
        r = s.sdoc[i]
        word = role_word(s, i)
        base = ROLE_NOUNS.get(word) or DESCRIPTOR_NOUNS.get(word)
        if base is None and word in GROUP_NOUNS and any(
                c.lower_ in SPLINTER_MODIFIERS for c in r.children if c.dep_ in ("amod", "compound")):
            base = "splinter_of"
        if base is None or r.tag_ in ("NNS", "NNPS") or s.at(i) is not None:
            continue
        if r.pos_ not in ("NOUN", "PROPN") and word == r.lower_:  # "secretary-general" may end in ADJ
            continue
        personal_role = word in ROLE_NOUNS
        left = np_start(s, i)
        heads: list[int] = [i]
        holder = apposition_holder(s, left)
        pattern = "apposition"
        if holder is not None and holder.kind == "place" and personal_role and not mislabelled_place(holder):
            holder = None  # "Moscow, SANA- Russian Foreign Ministry Spokeswoman Maria Zakharova": a dateline
        if holder is None and r.dep_ == "conj" and r.head.dep_ == "appos":
            holder = apposition_holder(s, np_start(s, r.head.i))  # "X, an opposition leader and vice
            # president of the National Assembly", "X, a community elder and deputy chair of Y": X's too
        if holder is None:
            holder, pattern = copula_holder(s, r, heads), "copula"
        if holder is None and personal_role:
            holder, pattern = title_holder(s, r), "title"
        objects = prep_objects(s, r, ROLE_PREPS[base])
        after, addressed = _named_after(s, objects) if personal_role else (None, False)
        if after is not None and (holder is None or (addressed and pattern == "apposition")):
            # "the chief of the RUC, Mr David Corbett"; in a list of titles and names ("The army GOC, Sir
            # Harry Tuzo, the acting chief of the RUC, Mr David Corbett") the addressed name after wins
            holder, pattern = after, "apposition_after"
        if holder is None:
            continue
        phrase = range(left, i + 1)
        indefinite = indefinite_phrase(s, left, r)
        conf = {"apposition": 0.85, "copula": 0.85, "title": 0.8, "apposition_after": 0.7}[pattern]
        for obj, rel, prep in objects:
            if rel == "leader_of":
                rel = leader_or_member(word, indefinite, True)
            if rel == "member_of" and obj.kind == "person" and word in SUBORDINATE_ROLES:
                rel = "subordinate_to"  # "an aide to Sadr"; NER calls many groups PERSON
            yield from make(holder, rel, obj, i, f"{pattern}:{word}", conf, heads, phrase,
                            loose_subject=personal_role, loose_object=s.sdoc[prep].lower_ in ("of", "for"))
        pre, pron, possessive = premodifier(s, r, left)
        if pre is None and pron is None and base in ("leader_of", "spokesman_for"):
            pre = _collective(s, r)
        if pron is not None and base in ("kin_of", "spokesman_for"):
            pre = antecedent(s, pron, holder, r)
            conf -= 0.15
        if pre is None:
            continue
        if base in ("leader_of", "member_of"):
            definite = any(s.sdoc[j].lower_ == "the" for j in range(left, i)) or possessive
            # "al Qaeda's emir for Baghdad", "Hezbollah's commander in the south": one of several
            scoped = objects or any(c.dep_ == "prep" and c.lower_ in ("for", "in", "of") for c in r.children)
            rel = "member_of" if scoped or base == "member_of" else leader_or_member(word, indefinite,
                                                                                       definite)
            if pre.kind == "state" and not possessive:
                continue
            if rel == "member_of" and word in SUBORDINATE_ROLES and pre.kind in ("person", "name"):
                rel = "subordinate_to"  # "Amiri's deputy", "a Sadr loyalist"
        else:
            rel = base
        yield from make(holder, rel, pre, i, f"{pattern}:{'pos' if possessive else 'pre'}:{word}",
                        conf - 0.05, heads, phrase, loose_subject=personal_role)


#: Common nouns that name a side as a body of its own: "an opposition leader", "a government spokesman",
#: "the police chief", "an army spokesman".
COLLECTIVES = frozenset({"opposition", "government", "army", "police", "military"})


def _collective(s: Sentence, r: Any) -> Mention | None:
    for c in r.children:
        if c.dep_ in ("compound", "nmod") and c.lower_ in COLLECTIVES and c.text.islower() and s.at(c.i) is None:
            return Mention(c.i, c.i + 1, "org", "ORG", None, c.text, (c.text,))
    return None


def phrase_findings(s: Sentence) -> Iterator[Finding]:
    """"in charge of Y", "under the command of Y", "under the leadership of X"."""
    for i in range(s.start, s.end - 2):
        a, b = s.sdoc[i], s.sdoc[i + 1]
        if a.lower_ == "in" and b.lower_ == "charge":
            noun, relation, reverse = b, "leader_of", False
        elif a.lower_ == "under" and b.lower_ in ("the", "direct") and s.tok(i + 2) is not None \
                and s.sdoc[i + 2].lower_ in ("command", "control", "leadership"):
            noun = s.sdoc[i + 2]
            relation, reverse = ("leader_of", True) if noun.lower_ == "leadership" else ("subordinate_to",
                                                                                         False)
        else:
            continue
        objects = prep_objects(s, noun, {"of": relation})
        heads: list[int] = [noun.i, a.i]
        gov = a.head
        verbal = gov.pos_ in ("VERB", "AUX")
        holder = subject_of(s, gov, heads) if verbal else phrase_holder(s, gov, heads)
        for obj, rel, _ in objects:
            subj, ob = (obj, holder) if reverse else (holder, obj)
            yield from make(subj, rel, ob, noun.i, f"{a.lower_}_{noun.lower_}_of", 0.8, heads,
                            range(a.i, noun.i + 1))


def adjective_findings(s: Sentence) -> Iterator[Finding]:
    """"X, one of the units subordinate to Y", "X is allied with Y", "X, aligned with Y"."""
    for i in range(s.start, s.end):
        v = s.sdoc[i]
        word = v.lower_
        preps: tuple[str, ...]
        if word == "subordinate":
            relation, preps = "subordinate_to", ("to",)
        elif word in ALLY_WORDS and v.pos_ != "NOUN":
            relation, preps = "allied_with", ("with", "to")
        else:
            continue
        heads: list[int] = [i]
        objects = prep_objects(s, v, dict.fromkeys(preps, relation))
        if not objects:
            continue
        holder = participle_holder(s, v, heads)
        for obj, rel, _ in objects:
            yield from make(holder, rel, obj, i, f"adjective:{word}", 0.8, heads, (i,))


def _agent(s: Sentence, v: Any) -> list[Mention]:
    out = []
    for c in v.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            for p in c.children:
                if p.dep_ == "pobj":
                    for tok in (p, *[x for x in p.children if x.dep_ == "conj"]):
                        m = s.at(tok.i)
                        if m is not None:
                            out.append(m)
    return out


def verb_findings(s: Sentence) -> Iterator[Finding]:
    """Leadership, backing and splitting verbs, active and passive."""
    for i in range(s.start, s.end):
        v = s.sdoc[i]
        lemma = v.lemma_.lower()
        if v.pos_ != "VERB" or (s.tok(i - 1) is not None and s.sdoc[i - 1].text in ("-", "‐")):
            continue
        heads: list[int] = [i]
        passive = any(c.dep_ == "auxpass" for c in v.children) or (
            v.tag_ == "VBN" and v.dep_ in ("acl", "amod", "advcl", "relcl"))
        if lemma in LEAD_VERBS or lemma in BACK_VERBS:
            relation = "leader_of" if lemma in LEAD_VERBS else "backed_by"
            if passive:
                agents = _agent(s, v)
                if not agents:
                    continue
                patient = participle_holder(s, v, heads)
                for a in agents:
                    subj, obj = (a, patient) if relation == "leader_of" else (patient, a)
                    if relation == "leader_of" and a.kind not in PERSON_KINDS and not personal(a):
                        continue
                    yield from make(subj, relation, obj, i, f"passive:{lemma}", 0.85, heads, (i,),
                                    loose_subject=True, loose_object=True)
                continue
            dobj = next((c for c in v.children if c.dep_ == "dobj"), None)
            if dobj is None:
                continue
            obj = s.noun(dobj)
            subj = subject_of(s, v, heads)
            if obj is None or subj is None:
                continue
            if relation == "leader_of":
                if subj.kind in ("person", "name") or personal(subj):
                    yield from make(subj, relation, obj, i, f"active:{lemma}", 0.8, heads, (i,),
                                    loose_subject=True)
            else:
                yield from make(obj, relation, subj, i, f"active:{lemma}", 0.75, heads, (i,),
                                loose_subject=True)
        elif lemma in SPLIT_VERBS:
            parts = [c for c in v.children if c.dep_ in ("prt", "advmod")]
            words = {c.lower_ for c in parts}
            for c in (*v.children, *[g for p in parts for g in p.children]):
                if c.dep_ == "prep" and c.lower_ == "from" and (lemma != "break" or "away" in words):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            yield from make(subject_of(s, v, heads), "splinter_of", s.at(p.i), i,
                                            f"verb:{lemma}_from", 0.8, heads, (i,))


def hyphen_findings(s: Sentence) -> Iterator[Finding]:
    """"Iranian-backed Special Groups", "an Iran-backed militia", "Tehran-allied X"."""
    for i in range(s.start + 2, s.end):
        v = s.sdoc[i]
        lemma = v.lemma_.lower()
        if s.sdoc[i - 1].text not in ("-", "‐") or not (lemma in BACK_VERBS or v.lower_ in ALLY_WORDS):
            continue
        backer = s.ending_at(i - 2)
        if backer is None or (backer.kind == "place" and backer.canonical is None):
            continue
        if backer.kind in ("demonym", "place"):
            backer = Mention(backer.start, backer.end, "state", backer.label, backer.canonical, backer.text,
                             backer.words)
        relation = "backed_by" if lemma in BACK_VERBS else "allied_with"
        heads: list[int] = [i]
        j = i + 1
        while s.tok(j) is not None and s.sdoc[j].pos_ == "ADJ" and s.at(j) is None:
            j += 1
        holder = s.starting_at(j)
        end = holder.end if holder is not None else i
        if holder is not None:
            after = s.tok(holder.end)
            if after is not None and after.pos_ == "NOUN" and after.lower_ not in MEMBER_NOUNS:
                holder = None  # "US-backed Baghdad government": the name only modifies
        if holder is None:
            head = v.head if v.dep_ in ("amod", "compound", "acl") else None
            if head is not None and head.pos_ == "NOUN" and head.i > i:
                holder, end = phrase_holder(s, head, heads), head.i
        yield from make(holder, relation, backer, i, f"hyphen:{v.lower_}", 0.8, heads,
                        tuple(range(i - 2, end + 1)), loose_subject=True)


def possessive_findings(s: Sentence) -> Iterator[Finding]:
    """"Iran's Qods Force" (part_of Iran), "Sadr's Mahdi Army" (Sadr leader_of), "Hezbollah's X"."""
    for i in range(s.start + 1, s.end - 1):
        if s.sdoc[i].tag_ != "POS":
            continue
        owner, owned = s.ending_at(i - 1), _unit_after(s, i + 1)
        if owner is None or owned is None or s.sdoc[owner.start].pos_ != "PROPN" \
                or s.sdoc[i - 1].lower_ in NAME_POSSESSIVES:
            continue  # "Women's World Cup", "People's Protection Units": one name, nobody owns it
        if owned.kind == "org" and owner.kind in GROUP_KINDS \
                and s.sdoc[owned.end - 1].lower_ not in CIVIL_BODIES:
            yield from make(owned, "part_of", owner, i, "possessive", 0.75)
        elif owned.kind == "org" and owner.kind == "person":
            yield from make(owner, "leader_of", owned, i, "possessive", 0.6)
        elif owned.kind == "person" and owner.kind == "org":
            yield from make(owned, "member_of", owner, i, "possessive", 0.6)


def _unit_after(s: Sentence, i: int) -> Mention | None:
    """The mention starting at i, taking in a unit noun after a place's name ("the IRA's Belfast brigade")."""
    m = s.starting_at(i)
    if m is None or m.kind not in ("place", "name") or m.end >= s.end:
        return m
    noun = s.sdoc[m.end]
    if noun.text.islower() and DESCRIPTOR_NOUNS.get(noun.lower_) == "part_of" and noun.tag_ == "NN":
        return Mention(m.start, m.end + 1, "org", "ORG", None, s.sdoc[m.start:m.end + 1].text,
                       (*m.words, noun.text))
    return m


def compound_findings(s: Sentence) -> Iterator[Finding]:
    """Two group names run together: "the Mahdi Army Special Groups" → Special Groups part_of Mahdi
    Army (only when the first ends in a group word or is an ORG entity)."""
    ordered = sorted(s.mentions, key=lambda m: m.start)
    for a, b in itertools.pairwise(ordered):
        if a.end != b.start or a.kind != "org" or b.kind != "org":
            continue
        if s.sdoc[a.end - 1].lower_ in SPLIT_HEADS or a.label == "ORG":
            yield from make(b, "part_of", a, b.start, "compound", 0.7)


#: Possessive words inside a name ("People's Protection Units", "Women's World Cup").
NAME_POSSESSIVES = frozenset({"people", "women", "children", "men", "workers", "martyrs", "youth", "nation",
                              "revolution", "peoples", "mothers", "veterans", "students"})
#: Titles of a state's head: "French President Emmanuel Macron", "Britain's Prime Minister Theresa May".
HEAD_TITLES = frozenset({"president", "premier", "king", "queen", "chancellor", "emir", "monarch", "sultan"})
#: Titles of a state's officials: "Tunisian Defence Minister X", "U.S. Secretary of Defense Ash Carter".
OFFICIAL_TITLES = frozenset({"minister", "secretary", "ambassador"})
#: Words that make a head-of-state title a deputy's: "Vice President X".
DEPUTY_WORDS = frozenset({"vice", "deputy", "acting"})


def state_title_findings(s: Sentence) -> Iterator[Finding]:
    """A state's title before a person's name: its head leads the state ("French President Emmanuel
    Macron", "Venezuela's President Nicolas Maduro"); its ministers belong to it ("Tunisian Defence
    Minister Abdelakrim Zbidi", "U.S. Secretary of Defense Ash Carter", "the Deputy Minister of Defence
    of Azerbaijan"). The state is a demonym or a country's name (or possessive) in the title's phrase or
    its "of" phrase; a bare title ("Prime Minister Theresa May", "the interior minister, X") is the
    document's own country's, when one dominates it (less sure)."""
    for i in range(s.start, s.end):
        r = s.sdoc[i]
        word = r.lower_
        official = word in OFFICIAL_TITLES or (word == "general" and i > s.start
                                               and s.sdoc[i - 1].lower_ in LAW_OFFICERS)
        if not (word in HEAD_TITLES or official) or r.tag_ in ("NNS", "NNPS") or s.at(i) is not None:
            continue
        left = np_start(s, i)
        holder = _named_after_title(s, i) or apposition_holder(s, left)  # "X, the French president"
        if holder is None or holder.kind not in PERSON_KINDS:
            continue
        state, conf = _title_state(s, left, i), 0.8
        if state is None:
            state, conf = _home_state(s, left, i), 0.6
        if state is None:
            continue
        deputy = any(s.sdoc[j].lower_ in DEPUTY_WORDS for j in range(left, i))
        prime = s.sdoc[i - 1].lower_ == "prime" if i > s.start else False
        rel = "leader_of" if (word in HEAD_TITLES or prime) and not deputy else "member_of"
        if rel == "member_of":  # a minister belongs to the state's government, not to the state
            state = _government(state)
        if not (holder.start < state.end and state.start < holder.end):
            yield Finding(holder, rel, state, i, f"state_title:{word}", conf, (i,), tuple(range(left, i + 1)))


#: Words that give a title another holder than the state: "his foreign minister", "the party's president".
OWNER_WORDS = frozenset({"his", "her", "their", "its", "party", "company", "club", "group", "union"})
#: Law officers whose title ends in "general": "the Venezuelan Attorney General Tarek William Saab".
LAW_OFFICERS = frozenset({"attorney", "solicitor", "auditor", "inspector", "prosecutor"})


def _title_state(s: Sentence, left: int, i: int) -> Mention | None:
    """The state a title names: a demonym or country before it, or after its "of" ("Minister of
    Defence of Azerbaijan", "President of France")."""
    for j in range(i - 1, left - 1, -1):
        m = _demonym(s, j) or s.at(j)
        if m is not None and m.kind in ("state", "demonym"):
            return m
    k = i + 1
    while k + 1 < s.end and s.sdoc[k].lower_ == "of":
        m = s.starting_at(k + 1) or s.starting_at(k + 2)  # "of (the) Republic …"
        if m is not None and m.kind in ("state", "demonym"):
            return m
        k += 2
    return None


#: Words that make a minister's or secretary's title a state office when no state is named ("the
#: interior minister", "the defence secretary", "Minister of Health").
PORTFOLIOS = frozenset({"interior", "defence", "defense", "foreign", "health", "finance", "justice", "home",
                        "security", "information", "education", "economy", "trade", "energy", "agriculture",
                        "transport", "labour", "labor", "prime"})


def _home_state(s: Sentence, left: int, i: int) -> Mention | None:
    """The document's own country as the state of a bare title: a head of state's, a portfolio
    minister's or secretary's ("the defence secretary, Lord Carrington"), never one another person or
    body holds ("his foreign minister", "NYPD Chief", "party president")."""
    if s.home is None or any(s.sdoc[j].lower_ in OWNER_WORDS or s.sdoc[j].tag_ == "POS" or s.at(j) is not None
                             for j in range(left, i)):
        return None
    word = s.sdoc[i].lower_
    if word in OFFICIAL_TITLES:
        after = s.sdoc[i + 2].lower_ if i + 2 < s.end and s.sdoc[i + 1].lower_ == "of" else ""
        if word == "ambassador" or not (any(s.sdoc[j].lower_ in PORTFOLIOS for j in range(left, i))
                                        or after in PORTFOLIOS):
            return None
    elif word != "general" and i + 1 < s.end and s.sdoc[i + 1].lower_ == "of":
        return None  # "president of the medical school"
    return Mention(i, i + 1, "state", "GPE", s.home, s.sdoc[i].text, (s.sdoc[i].text,))


def _government(state: Mention) -> Mention:
    """The government of the state a mention names ("Tunisian" → Tunisian government)."""
    iso3 = country_of(state.canonical or state.text) or country_of(state.text)
    if iso3 is None:
        return state
    return Mention(state.start, state.end, state.kind, state.label, f"{adjective(iso3)} government", state.text,
                   state.words)


def _demonym(s: Sentence, j: int) -> Mention | None:
    """A demonym the model did not tag ("Former Malian Prime Minister"), as a mention of its state."""
    word = s.sdoc[j].lower_
    if word not in DEMONYMS or not s.sdoc[j].text[:1].isupper():
        return None
    return Mention(j, j + 1, "demonym", "NORP", DEMONYMS[word], s.sdoc[j].text, (s.sdoc[j].text,))


def _named_after_title(s: Sentence, i: int) -> Mention | None:
    """The person a title names: the name right after it, or after its own "of" phrase ("Secretary
    of Defense Ash Carter")."""
    for j in range(i + 1, min(i + 6, s.end)):
        m = s.starting_at(j)
        if m is not None and m.kind in ("person", "name"):
            return m
        t = s.sdoc[j]
        if t.text == ",":
            # "the French president, Emmanuel Macron", "Minister of Health, X", "the defence secretary, Lord X"
            nxt = s.starting_at(past_honorifics(s, j + 1))
            return nxt if nxt is not None and nxt.kind in ("person", "name") else None
        if not (t.pos_ in ("PROPN", "ADP") or t.text[:1].isupper()) or t.text == ",":
            return None
    return None


#: Verbs of a pledge: "X pledged allegiance to Islamic State", "swore loyalty to".
PLEDGE_VERBS = frozenset({"pledge", "swear", "declare", "proclaim"})
PLEDGE_NOUNS = frozenset({"allegiance", "loyalty", "bay'ah", "bayat", "fealty"})


def allegiance_findings(s: Sentence) -> Iterator[Finding]:
    """"Chekatt had pledged allegiance to Islamic State": a person's pledge makes him a member, a
    group's an ally."""
    for i in range(s.start, s.end):
        noun = s.sdoc[i]
        verb = noun.head
        if noun.lower_ not in PLEDGE_NOUNS or noun.dep_ != "dobj" or verb.lemma_.lower() not in PLEDGE_VERBS:
            continue
        objects = [m for g in (*noun.children, *verb.children) if g.dep_ == "prep" and g.lower_ == "to"
                   for o in g.children if o.dep_ == "pobj" and (m := s.noun(o)) is not None]
        holder = subject_of(s, verb, [verb.i])
        relation = "member_of" if holder is not None and holder.kind == "person" else "allied_with"
        for obj in objects:
            yield from make(holder, relation, obj, i, "pledge", 0.75, [verb.i])


def pro_findings(s: Sentence) -> Iterator[Finding]:
    """"Syria's National Defense Forces, a pro-Assad militia": the group is allied with the one it is
    "pro"."""
    for i in range(s.start + 1, s.end - 1):
        if s.sdoc[i].text not in ("-", "‐") or s.sdoc[i - 1].lower_ != "pro":
            continue
        backed = s.starting_at(i + 1)
        nxt = s.sdoc[i + 1]
        if backed is None and nxt.text[:1].isupper():  # "pro-Assad": a name the mention finder skipped
            backed = Mention(i + 1, i + 2, "name", "PROPN", None, nxt.text, (nxt.text,))
        if backed is None:
            continue
        noun = s.sdoc[backed.end] if backed.end < s.end else None
        if noun is None or noun.lower_ not in GROUP_NOUNS:
            continue
        holder = apposition_holder(s, np_start(s, noun.i)) or phrase_holder(s, noun, [noun.i])
        if backed.kind in ("demonym", "place"):
            backed = Mention(backed.start, backed.end, "state", backed.label, backed.canonical, backed.text,
                             backed.words)
        yield from make(holder, "allied_with", backed, i, "pro", 0.7, [noun.i], tuple(range(i - 1, noun.i + 1)),
                        loose_subject=True)


def _named_after(s: Sentence, objects: list[tuple[Mention, str, int]]) -> tuple[Mention | None, bool]:
    """The person named right after a role phrase's object and a comma ("… of the RUC, Mr David
    Corbett"), and whether a form of address introduces them."""
    if not objects:
        return None, False
    last = max(m.end for m, _, _ in objects)
    k = past_honorifics(s, last + 1)
    comma, m = s.tok(last), s.starting_at(k)
    if comma is not None and comma.text == "," and m is not None and (personal(m) or name_shaped(m)):
        return m, k > last + 1
    return None, False


def unit_findings(s: Sentence) -> Iterator[Finding]:
    """A named unit of a named organisation: "the Belfast Brigade of the Provisional IRA", "the 3rd
    Battalion of the Parachute Regiment" → part_of."""
    for m in s.mentions:
        last = m.words[-1].lower() if m.words else ""
        if len(m.words) < 2 or DESCRIPTOR_NOUNS.get(last) != "part_of" or m.end + 1 >= s.end:
            continue
        if s.sdoc[m.end].lower_ != "of":
            continue
        k = m.end + 1 + (s.sdoc[m.end + 1].lower_ == "the")
        whole = s.starting_at(k) or s.starting_at(k + 1)  # "of the Official IRA": a qualifier left out
        if whole is not None and whole.kind in GROUP_KINDS:
            yield from make(m, "part_of", whole, m.end - 1, "unit_of", 0.75, [m.end - 1],
                            tuple(range(m.start, whole.end)))


def from_findings(s: Sentence) -> Iterator[Finding]:
    """A person "from" an organisation: "Sergeant Matt Tonroe from the 3rd Battalion", "John Smith
    from Amnesty International said" → member_of (a place after "from" is where they come from)."""
    for m in s.mentions:
        if m.kind != "person" or m.end + 1 >= s.end or s.sdoc[m.end].lower_ != "from":
            continue
        k = m.end + 1 + (s.sdoc[m.end + 1].lower_ == "the")
        org = s.starting_at(k)
        if org is not None and org.kind == "org":
            yield from make(m, "member_of", org, m.end, "person_from", 0.6, [m.end],
                            tuple(range(m.start, org.end)))


def rank_findings(s: Sentence) -> Iterator[Finding]:
    """A body's name before a rank and a person's name: "the Bolivarian National Guard (GNB) Division
    General Alejandro Pérez", "US Army Col. Myles Caggins" → member_of."""
    for m in s.mentions:
        if m.kind != "person":
            continue
        k, ranked = m.start - 1, False
        while k > s.start and (s.sdoc[k].lower_ in TITLES or s.sdoc[k].text == "."
                               or s.sdoc[k].lower_ in RANK_PARTS):
            ranked = ranked or s.sdoc[k].lower_ in TITLES
            k -= 1
        if not ranked:
            continue
        if s.sdoc[k].text == ")" and k - 2 >= s.start and s.sdoc[k - 2].text == "(":
            k -= 3  # "(GNB)"
        body = s.ending_at(k)
        if body is not None and body.kind == "org":
            yield from make(m, "member_of", body, m.start - 1, "rank", 0.7, [m.start - 1],
                            tuple(range(body.start, m.end)))


RULES = (role_findings, phrase_findings, adjective_findings, verb_findings, hyphen_findings,
         possessive_findings, compound_findings, state_title_findings, allegiance_findings, pro_findings,
         unit_findings, from_findings, rank_findings)


def sentence_findings(s: Sentence) -> list[Finding]:
    return [f for rule in RULES for f in rule(s)]
