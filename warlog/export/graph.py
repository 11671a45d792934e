"""The actor network of an export for Gephi and friends, written by `warlog.network`'s GraphML and GEXF
writers: nodes are the actors of the selected events and of the relations in scope (merged actors are
one node, under the canonical id and name); edges are the relations between actors (`leader_of`,
`member_of`, …) and the events' interactions, actor → recipient, labelled with the PLOVER event type
(`ASSAULT`, `COERCE`, …). Each edge carries its evidence quotes; one edge per (source, label, target)."""

from __future__ import annotations

from typing import Any, BinaryIO

from ..network import Graph, write
from .scope import ActorRef, Scope, quotes


def build_graph(scope: Scope) -> Graph:
    graph = Graph(centre="")
    edges: dict[tuple[str, str, str, bool], dict[str, Any]] = {}

    def node(r: ActorRef) -> str:
        graph.nodes.setdefault(r.key, {"name": r.name, "kind": r.kind, "country": r.country})
        return r.key

    def edge(s: str, label: str, o: str, former: bool, certainty: str, doc_id: str, quote: str,
             start: int | None, end: int | None) -> None:
        e = edges.get((s, label, o, former))
        if e is None:
            e = {"source": s, "target": o, "relation": label, "former": former, "certainty": certainty,
                 "evidence": []}
            edges[(s, label, o, former)] = e
            graph.edges.append(e)
        q = {"doc_id": doc_id, "quote": quote, "start": start, "end": end}
        if q not in e["evidence"]:
            e["evidence"].append(q)

    for ev in scope.events:
        acting = [node(r) for r in scope.actors.refs(ev.actors)]
        suffering = [node(r) for r in scope.actors.refs(ev.recipients)]
        said = quotes(ev)
        for s in acting:
            for o in suffering:
                if s != o:
                    edge(s, ev.type, o, False, ev.certainty, ev.doc_id, said[0] if said else "",
                         ev.evidence[0].start if ev.evidence else None, ev.evidence[0].end if ev.evidence else None)
    for r in scope.relations():
        s, o = node(scope.actors.ref(r.subject)), node(scope.actors.ref(r.object))
        edge(s, r.relation, o, r.former, r.certainty, r.doc_id, r.evidence.quote, r.evidence.start, r.evidence.end)
    # relation rows do not carry the actor's country: take it from the actor's record
    missing = [k for k, n in graph.nodes.items() if n["country"] is None and not k.startswith("name:")]
    for i in range(0, len(missing), 400):
        for info in scope.store.actors(ids=missing[i:i + 400]):
            graph.nodes[info.actor_id].update({"name": info.name, "kind": info.kind, "country": info.country})
    return graph


def write_graph(scope: Scope, out: BinaryIO, fmt: str) -> tuple[int, int]:
    """GraphML or GEXF; returns (edges, nodes)."""
    graph = build_graph(scope)
    out.write(write(graph, fmt).encode("utf-8"))
    return len(graph.edges), len(graph.nodes)
