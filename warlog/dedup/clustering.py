"""Where a newly stored event goes: into the cluster (canonical event) it best matches, or a cluster of
its own. Pure: the store finds the candidates and writes the placement.

Rules, in order:
1. An analyst's merge in force puts it with the event it was merged with.
2. Never with an event of its own document (the document's extraction already told them apart),
   nor with an event an analyst split from it (or from an event merged with it).
3. A report of a document it nearly duplicates (repost, wire copy, quotation) that tells the same
   sentence joins that report's cluster: it adds a source, not an event.
4. Otherwise every candidate (an event whose date, place and type window overlaps its own) is scored
   (`score.compare`); a cluster is vetoed if any of its candidate members vetoes the pair, else scores
   as its best member. The best cluster at or above THRESHOLD wins, unless a second one comes within
   MARGIN of it. Then, if those clusters could be one event themselves (no veto between their
   candidate members, no shared document, no analyst's split, their best pair at BRIDGE or more: an
   earlier report's misread date kept them apart), the report joins the best and the others are merged
   into it; if not, the report is ambiguous and stays on its own (its reason says so).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .features import EventFeatures
from .score import compare

THRESHOLD = 0.5
MARGIN = 0.15
BRIDGE = 0.3
REPOST_WORDING = 0.5  # share of evidence words a repost's event shares with the original's


@dataclass(frozen=True, slots=True)
class Links:
    """Analysts' merge and split decisions in force, as event → events kept together (its merge
    component) and event → events kept apart."""

    together: Mapping[str, frozenset[str]] = field(default_factory=dict)
    apart: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def events(self) -> set[str]:
        return set(self.together) | set(self.apart)


def links(decisions: Iterable[tuple[int, str, str, str]]) -> Links:
    """(id, kind, event_id, other_id) of the merge/split decisions in force. For a pair, the latest
    decision counts; merges join components in the order they were made, unless that would put two
    events an analyst split into one (then the merge is set aside)."""
    latest: dict[frozenset[str], tuple[int, str]] = {}
    for did, kind, a, b in sorted(decisions):
        if kind in ("merge", "split") and a != b:
            latest[frozenset((a, b))] = (did, kind)
    splits = [tuple(sorted(p)) for p, (_, k) in latest.items() if k == "split"]
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    def members(root: str) -> set[str]:
        return {x for x in parent if find(x) == root} | {root}

    for _, pair in sorted((did, tuple(sorted(p))) for p, (did, k) in latest.items() if k == "merge"):
        ra, rb = find(pair[0]), find(pair[1])
        if ra == rb:
            continue
        joined = members(ra) | members(rb)
        if any(x in joined and y in joined for x, y in splits):
            continue
        parent[ra] = rb
        parent.setdefault(rb, rb)
    together: dict[str, frozenset[str]] = {}
    for x in list(parent):
        together[x] = frozenset(members(find(x)))
    apart: dict[str, set[str]] = {}
    for x, y in splits:
        xs, ys = together.get(x, frozenset((x,))), together.get(y, frozenset((y,)))
        for a in xs:
            apart.setdefault(a, set()).update(ys)
        for b in ys:
            apart.setdefault(b, set()).update(xs)
    return Links(together, {k: frozenset(v) for k, v in apart.items()})


@dataclass(frozen=True, slots=True)
class Placement:
    """`cluster` None: the event starts a cluster of its own. `how`: seed (alone), auto (matched),
    repost (a near-duplicate document's same report), analyst (kept with an event by a merge),
    unchecked (stored with dedup off). `matched`: the member it matched best (or came closest to);
    `absorbs`: other clusters merged into `cluster` because this report showed them to be one event."""

    cluster: str | None
    how: str
    score: float
    reason: str
    matched: str | None = None
    absorbs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    features: EventFeatures
    cluster: str


def place(x: EventFeatures, candidates: Sequence[Candidate], *, clusters: Mapping[str, Collection[str]],
          cluster_docs: Mapping[str, Collection[str]], links: Links,
          reposts: Mapping[str, float] | None = None) -> Placement:
    """The placement of `x` among `candidates`. `clusters` gives the members (event ids) of each
    cluster a candidate or an analyst's merge partner is in, `cluster_docs` their documents,
    `reposts` the documents `x`'s document nearly duplicates (with their similarity)."""
    reposts = reposts or {}
    apart = links.apart.get(x.event_id, frozenset())
    for partner in sorted(links.together.get(x.event_id, frozenset()) - {x.event_id}):
        for cid, members in clusters.items():
            if partner in members and not apart & set(members):
                return Placement(cid, "analyst", 1.0, f"an analyst merged it with {partner}", partner)
    allowed: list[Candidate] = []
    vetoed: dict[str, str] = {}
    for c in candidates:
        if c.features.event_id == x.event_id or c.cluster in vetoed:
            continue
        if x.doc_id in cluster_docs.get(c.cluster, ()):
            vetoed[c.cluster] = "an event of the same document is in it"
        elif apart & set(clusters.get(c.cluster, ())):
            vetoed[c.cluster] = "an analyst split it from an event in it"
        else:
            allowed.append(c)
    allowed = [c for c in allowed if c.cluster not in vetoed]
    copies = sorted((-share, c.cluster, c.features.event_id, why) for c in allowed
                    for share, why in [_repost(x, c.features, reposts or {})] if why)
    if copies:
        _, cid, matched, why = copies[0]
        return Placement(cid, "repost", 1.0, why, matched)
    best: dict[str, tuple[float, str, str]] = {}  # cluster -> (score, reason, matched)
    for c in allowed:
        if c.cluster in vetoed:
            continue
        pair = compare(x, c.features)
        if pair.veto:
            vetoed[c.cluster] = f"{pair.veto} (with {c.features.event_id})"
            best.pop(c.cluster, None)
        elif pair.score > best.get(c.cluster, (-1.0, "", ""))[0]:
            best[c.cluster] = (pair.score, pair.reason, c.features.event_id)
    ranked = sorted(((s, cid, why, m) for cid, (s, why, m) in best.items()), key=lambda r: (-r[0], r[1]))
    if not ranked:
        why = "; ".join(f"{cid}: {v}" for cid, v in sorted(vetoed.items())[:3])
        return Placement(None, "seed", 0.0, f"no matching report ({why})" if why else "no other report near it")
    score, cid, why, matched = ranked[0]
    if score < THRESHOLD:
        return Placement(None, "seed", score, f"closest {cid} at {score:.2f}: {why}", matched)
    rivals = [r for r in ranked[1:] if r[0] >= THRESHOLD and score - r[0] < MARGIN]
    if rivals:
        names = ", ".join(f"{r[1]} at {r[0]:.2f}" for r in rivals)
        bridge = _bridge([cid, *(r[1] for r in rivals)], allowed, cluster_docs, clusters, links)
        if bridge is None:
            return Placement(None, "seed", score, f"ambiguous: {cid} at {score:.2f}, {names}", matched)
        return Placement(cid, "auto", score, f"{why}; also matches {names}, which it shows to be the same event "
                         f"(their reports score {bridge:.2f} together)", matched, tuple(r[1] for r in rivals))
    return Placement(cid, "auto", score, why, matched)


def _bridge(ids: list[str], candidates: Sequence[Candidate], cluster_docs: Mapping[str, Collection[str]],
            clusters: Mapping[str, Collection[str]], links: Links) -> float | None:
    """The lowest, over pairs of these clusters, of their candidate members' best pair score, when
    every pair of clusters could be one event (else None)."""
    members = {cid: [c.features for c in candidates if c.cluster == cid] for cid in ids}
    lowest = 1.0
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            if set(cluster_docs.get(a, ())) & set(cluster_docs.get(b, ())):
                return None
            if any(links.apart.get(x, frozenset()) & set(clusters.get(b, ())) for x in clusters.get(a, ())):
                return None
            pairs = [compare(x, y) for x in members[a] for y in members[b]]
            if not pairs or any(p.veto for p in pairs):
                return None
            best = max(p.score for p in pairs)
            if best < BRIDGE:
                return None
            lowest = min(lowest, best)
    return lowest


def _repost(x: EventFeatures, y: EventFeatures, reposts: Mapping[str, float]) -> tuple[float, str | None]:
    """(share of words, why) when `x` is `y` told again by a near-duplicate document; (0, None) if not."""
    if y.doc_id not in reposts or x.type != y.type or not x.words or not y.words:
        return 0.0, None
    shared = len(x.words & y.words) / min(len(x.words), len(y.words))
    if shared < REPOST_WORDING:
        return 0.0, None
    return shared, (f"repost: its document nearly duplicates {y.doc_id} (similarity {reposts[y.doc_id]:.2f}) "
                    f"and tells it in the same words ({shared:.2f})")
