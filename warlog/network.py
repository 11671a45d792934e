"""Actors as analysts see them: a profile (record, aliases, relations with evidence, events as actor
and as recipient in time order), the network around an actor (relations to a depth, for Gephi and
friends: GraphML, GEXF, JSON, DOT), and merge suggestions. Library calls shared by CLI and web;
every read applies the analysts' merge and split decisions in force."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from rapidfuzz import fuzz

from .actors import ActorKB
from .actors.names import normalise, skeleton
from .errors import NotFound
from .model import ActorMention, Event, Relation
from .store import ActorInfo, Store, Suggestion

FORMATS = ("graphml", "gexf", "json", "dot")


#: Events and relations a profile shows (the newest); the totals are always counted in full.
PROFILE_LIMIT = 200


@dataclass(slots=True)
class ActorProfile:
    info: ActorInfo
    aliases: tuple[str, ...]
    relations: list[Relation]
    events_as_actor: list[Event]
    events_as_recipient: list[Event]
    decisions: list[dict[str, Any]]
    suggestions: list[Suggestion]
    totals: dict[str, int] = field(default_factory=dict)  # events, as_actor, as_recipient, relations

    def to_dict(self) -> dict[str, Any]:
        from .query import event_to_dict

        return {**self.info.to_dict(), "aliases": list(self.aliases),
                "relations": [r.to_dict() for r in self.relations],
                "events_as_actor": [event_to_dict(e) for e in self.events_as_actor],
                "events_as_recipient": [event_to_dict(e) for e in self.events_as_recipient],
                "totals": self.totals,
                "decisions": self.decisions, "suggestions": [s.to_dict() for s in self.suggestions]}


def actor_profile(store: Store, name_or_id: str, *, limit: int | None = PROFILE_LIMIT) -> ActorProfile:
    """An actor's profile: record, aliases, relations with evidence, the events it is named in as actor
    and as recipient (in time order), decisions and merge suggestions. With `limit` (default 200) only
    the newest `limit` events and the first `limit` relations are read, and `totals` counts them all:
    the profile of an actor named in 100,000 reports costs what a small one does."""
    actor_id = store.find_actor(name_or_id)
    members = sorted(store.actor_members(actor_id))
    (info,) = store.actors(ids=[actor_id]) or [ActorInfo(actor_id, actor_id, "other", None, 0, 0)]
    kb = ActorKB.default()
    aliases = tuple(dict.fromkeys(a for m in members if (r := kb.get(m)) for a in (r.name, *r.aliases)))
    activity = store.actor_activity(members, latest=limit if limit is not None else 2**31 - 1)
    # the canonical events of its newest reports: an event three outlets told is listed once
    events = [c.event for c in store.event_clusters_of(activity.latest)] if activity.latest else []
    mine = set(members)
    as_actor = [e for e in events if any(a.actor_id in mine for a in e.actors)]
    as_recipient = [e for e in events if any(r.actor_id in mine for r in e.recipients)]
    decisions = [d.to_dict() for m in members for d in store.decisions(m)]
    totals = {"events": activity.events, "as_actor": activity.as_actor, "as_recipient": activity.as_recipient,
              "relations": activity.relations}
    return ActorProfile(info, aliases, store.relations(actor_ids=members, limit=limit), as_actor, as_recipient,
                        list({d["id"]: d for d in decisions}.values()), store.suggestions(actor_id), totals)


@dataclass(slots=True)
class Graph:
    """Actors (nodes) and relations (edges, each with its evidence) around a centre."""

    centre: str
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False  # `max_edges` was reached: more relations exist than the graph holds

    def to_dict(self) -> dict[str, Any]:
        out = {"centre": self.centre, "nodes": [{"id": k, **v} for k, v in self.nodes.items()],
               "edges": self.edges}
        return {**out, "truncated": True} if self.truncated else out


def network(store: Store, name_or_id: str, depth: int = 1, *, max_edges: int | None = None) -> Graph:
    """Relations reachable from an actor in `depth` steps, merges applied. With `max_edges`, the
    graph stops growing at that many edges and says so (`truncated`): hubs have thousands."""
    centre = store.find_actor(name_or_id)
    graph = Graph(centre)
    seen_edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    frontier, visited = {centre}, set[str]()
    known: dict[str, str] = {}  # actor id → canonical id, looked up once per call
    for _ in range(max(depth, 0)):
        nxt: set[str] = set()
        for actor_id in sorted(frontier - visited):
            visited.add(actor_id)
            members = store.actor_members(actor_id)
            for r in store.relations(actor_ids=sorted(members)):
                ends = _add_relation(store, graph, seen_edges, known, r, max_edges)
                nxt.update(ends)
        frontier = nxt
    graph.nodes.setdefault(centre, {"name": centre, "kind": "other", "country": None})
    _name_nodes(store, graph)
    return graph


def _add_relation(store: Store, graph: Graph, seen_edges: dict[tuple[str, str, str], dict[str, Any]],
                  known: dict[str, str], r: Relation, max_edges: int | None = None) -> tuple[str, ...]:
    """One relation into the graph: its ends as nodes, an edge per (source, relation, target) holding
    every distinct quote. Returns the node ids it touched (none when the edge cap left it out)."""
    s = _canonical(store, r.subject.actor_id, r.subject.name, known)
    o = _canonical(store, r.object.actor_id, r.object.name, known)
    key = (s, r.relation, o)
    edge = seen_edges.get(key)
    if edge is None:
        if max_edges is not None and len(graph.edges) >= max_edges:
            graph.truncated = True
            return ()
        edge = {"source": s, "target": o, "relation": r.relation, "former": r.former,
                "certainty": r.certainty, "evidence": []}
        seen_edges[key] = edge
        graph.edges.append(edge)
    for node_id, mention in ((s, r.subject), (o, r.object)):
        graph.nodes.setdefault(node_id, {"name": mention.name, "kind": str(mention.kind),
                                         "country": mention.country})
    quote = {"doc_id": r.doc_id, "quote": r.evidence.quote, "start": r.evidence.start, "end": r.evidence.end}
    if quote not in edge["evidence"]:
        edge["evidence"].append(quote)
    return (s, o)


def expand(store: Store, node_id: str, *, max_edges: int | None = None) -> Graph:
    """One node's relations (a graph of depth 1 around it), for growing a graph a click at a time.
    `node_id` is a graph node's id: an actor id, or `name:NAME` for a name no record holds."""
    if not node_id.startswith("name:"):
        try:
            return network(store, store.find_actor(node_id), 1, max_edges=max_edges)
        except NotFound:  # an id only relations know (never mentioned as an actor): its relations below
            pass
    end = _node_matcher(store, node_id)
    graph = Graph(node_id)
    seen: dict[tuple[str, str, str], dict[str, Any]] = {}
    known: dict[str, str] = {}
    for r in store.relations(actor_ids=sorted(end[0])) if end[0] else store.relations(actor=end[1]):
        if _matches(end, r.subject) or _matches(end, r.object):
            _add_relation(store, graph, seen, known, r, max_edges)
    if not graph.edges:
        raise NotFound(f"no actor or relation {node_id!r} in the store; `warlog relations --actor` lists them")
    _name_nodes(store, graph)
    return graph


def relations_between(store: Store, a: str, b: str) -> list[Relation]:
    """Every stored relation between two graph nodes, either way round and of any type (the evidence
    behind an edge), merges applied. Nodes are actor ids (or names) or `name:NAME`."""
    ends = [_node_matcher(store, x) for x in (a, b)]
    lookup = next((m for m in ends if m[0]), ends[0])
    rels = (store.relations(actor_ids=sorted(lookup[0])) if lookup[0]
            else store.relations(actor=lookup[1]))
    return [r for r in rels
            if (_matches(ends[0], r.subject) and _matches(ends[1], r.object))
            or (_matches(ends[1], r.subject) and _matches(ends[0], r.object))]


def _node_matcher(store: Store, node: str) -> tuple[set[str], str]:
    """(actor ids, bare name) a graph node stands for: ids (merges applied) for an actor, a name for
    `name:NAME`; an id only relations know stands for itself."""
    if node.startswith("name:"):
        return set(), node[len("name:"):]
    try:
        return store.actor_members(store.find_actor(node)), ""
    except NotFound:
        return {node}, ""


def _matches(end: tuple[set[str], str], mention: ActorMention) -> bool:
    ids, name = end
    return mention.actor_id in ids if ids else (mention.actor_id is None and mention.name == name)


def _canonical(store: Store, actor_id: str | None, name: str, known: dict[str, str]) -> str:
    if not actor_id:
        return "name:" + name
    if actor_id not in known:
        try:
            known[actor_id] = store.find_actor(actor_id)
        except NotFound:  # an id only relations know (never mentioned as an actor)
            known[actor_id] = actor_id
    return known[actor_id]


def _name_nodes(store: Store, graph: Graph) -> None:
    for info in store.actors(ids=[k for k in graph.nodes if not k.startswith("name:")]):
        graph.nodes[info.actor_id].update({"name": info.name, "kind": info.kind, "country": info.country})


def write(graph: Graph, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(graph.to_dict(), indent=2, ensure_ascii=False)
    if fmt == "dot":
        return _dot(graph)
    if fmt == "gexf":
        return _gexf(graph)
    if fmt == "graphml":
        return _graphml(graph)
    raise ValueError(f"unknown network format {fmt!r}; one of {', '.join(FORMATS)}")


def _quotes(edge: dict[str, Any]) -> str:
    return " | ".join(e["quote"] for e in edge["evidence"])


def _graphml(g: Graph) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    for key, owner in (("name", "node"), ("kind", "node"), ("country", "node"), ("relation", "edge"),
                       ("former", "edge"), ("certainty", "edge"), ("evidence", "edge")):
        kind = "boolean" if key == "former" else "string"
        out.append(f'  <key id="{key}" for="{owner}" attr.name="{key}" attr.type="{kind}"/>')
    out.append('  <graph id="warlog" edgedefault="directed">')
    for node_id, n in g.nodes.items():
        out.append(f"    <node id={quoteattr(node_id)}>")
        out.extend(f'      <data key="{k}">{escape(str(n.get(k) or ""))}</data>' for k in ("name", "kind", "country"))
        out.append("    </node>")
    for i, e in enumerate(g.edges):
        out.append(f'    <edge id="e{i}" source={quoteattr(e["source"])} target={quoteattr(e["target"])}>')
        out.append(f'      <data key="relation">{escape(e["relation"])}</data>')
        out.append(f'      <data key="former">{str(e["former"]).lower()}</data>')
        out.append(f'      <data key="certainty">{escape(e["certainty"])}</data>')
        out.append(f'      <data key="evidence">{escape(_quotes(e))}</data>')
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"


def _gexf(g: Graph) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
           '  <graph defaultedgetype="directed">',
           '    <attributes class="node"><attribute id="kind" title="kind" type="string"/>'
           '<attribute id="country" title="country" type="string"/></attributes>',
           '    <attributes class="edge"><attribute id="relation" title="relation" type="string"/>'
           '<attribute id="evidence" title="evidence" type="string"/></attributes>', "    <nodes>"]
    for node_id, n in g.nodes.items():
        out.append(f"      <node id={quoteattr(node_id)} label={quoteattr(str(n.get('name') or node_id))}>"
                   f"<attvalues><attvalue for=\"kind\" value={quoteattr(str(n.get('kind') or ''))}/>"
                   f"<attvalue for=\"country\" value={quoteattr(str(n.get('country') or ''))}/></attvalues></node>")
    out += ["    </nodes>", "    <edges>"]
    for i, e in enumerate(g.edges):
        out.append(f'      <edge id="{i}" source={quoteattr(e["source"])} target={quoteattr(e["target"])} '
                   f'label={quoteattr(e["relation"])}><attvalues>'
                   f'<attvalue for="relation" value={quoteattr(e["relation"])}/>'
                   f'<attvalue for="evidence" value={quoteattr(_quotes(e))}/></attvalues></edge>')
    out += ["    </edges>", "  </graph>", "</gexf>"]
    return "\n".join(out) + "\n"


def _dot(g: Graph) -> str:
    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    out = ["digraph warlog {"]
    for node_id, n in g.nodes.items():
        out.append(f"  {q(node_id)} [label={q(str(n.get('name') or node_id))}];")
    for e in g.edges:
        label = e["relation"] + (" (former)" if e["former"] else "")
        out.append(f"  {q(e['source'])} -> {q(e['target'])} [label={q(label)}, tooltip={q(_quotes(e))}];")
    out.append("}")
    return "\n".join(out) + "\n"


def suggest_merges(actors: Iterable[ActorInfo], *, threshold: float = 88.0) -> list[Suggestion]:
    """Pairs of stored actors that may be one: same kind, and names that share a transliteration
    skeleton or are close (token-set ratio). Compared only within blocks of the skeleton's first
    letters, never all pairs."""
    blocks: dict[tuple[str, str], list[tuple[ActorInfo, str, str]]] = defaultdict(list)
    for a in actors:
        key = normalise(a.name)
        if not key:
            continue
        sk = skeleton(key)
        blocks[(a.kind, sk[:3])].append((a, key, sk))
    found: list[Suggestion] = []
    for members in blocks.values():
        for i, (a, ka, sa) in enumerate(members):
            for b, kb_, sb in members[i + 1:]:
                if sa == sb:
                    found.append(Suggestion(a.actor_id, b.actor_id, 0.95, "same transliteration skeleton"))
                    continue
                score = fuzz.token_set_ratio(ka, kb_)
                if score >= threshold:
                    found.append(Suggestion(a.actor_id, b.actor_id, round(score / 100, 3), "similar names"))
    return found
