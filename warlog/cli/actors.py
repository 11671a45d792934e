"""`warlog` commands about actors: listing, profiles, networks, analysts' decisions."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.text import Text

from ..model import ActorKind
from .common import db_option, format_option, open_db
from .output import emit


@click.command("actors")
@click.option("--kind", type=click.Choice([k.value for k in ActorKind]), help="only actors of this kind")
@click.option("--country", help="only actors of this country (ISO3)")
@click.option("--search", help="name, id or a form the text used (part of it)")
@click.option("--limit", type=int, default=None)
@format_option()
@db_option
def actors_cmd(kind: str | None, country: str | None, search: str | None, limit: int | None, fmt: str,
               db: str | None) -> None:
    """Actors mentioned in the stored documents, most mentioned first (merges applied)."""
    with open_db(db) as store:
        rows = [a.to_dict() for a in store.actors(kind=kind, country=country, search=search, limit=limit)]
    emit(rows, fmt, ["actor_id", "name", "kind", "country", "mentions", "documents", "forms"], sys.stdout,
         widths={"forms": 50})


@click.command("actor")
@click.argument("name_or_id")
@format_option(default="text", choices=("text", "json"))
@db_option
def actor_cmd(name_or_id: str, fmt: str, db: str | None) -> None:
    """One actor's profile: aliases, relations with evidence, events as actor and as recipient in
    time order, decisions and merge suggestions."""
    import json

    from ..network import actor_profile

    with open_db(db) as store:
        profile = actor_profile(store, name_or_id)
    data = profile.to_dict()
    if fmt == "json":
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    out = Console(file=sys.stdout, highlight=False, soft_wrap=True)
    out.print(Text(f"{data['name']}  ({data['kind']}, {data['country'] or 'no country'})  {data['actor_id']}",
                   style="bold"))
    out.print(Text(f"mentions {data['mentions']} in {data['documents']} documents; aliases: "
                   f"{', '.join(data['aliases']) or '-'}; forms seen: {', '.join(data['forms']) or '-'}"))
    if data["merged"]:
        out.print(Text(f"merged into it: {', '.join(data['merged'])}"))
    out.print(Text("relations", style="bold"))
    for r in data["relations"]:
        line = Text(f"  {r['subject']['name']} {r['relation']}{' (former)' if r['former'] else ''} "
                    f"{r['object']['name']}  ")
        line.append(f"“{r['evidence'][0]['quote']}”", style="dim")
        out.print(line)
    for label, key, total in (("events as actor", "events_as_actor", "as_actor"),
                              ("events as recipient", "events_as_recipient", "as_recipient")):
        shown, n = len(data[key]), data["totals"].get(total, 0)
        out.print(Text(label + (f" (the newest {shown} of {n}; `warlog events --actor` lists all)" if n > shown
                                else ""), style="bold"))
        for e in data[key]:
            when = (e["date"] or {}).get("edtf") or "undated"
            where = (e["location"] or {}).get("name") or "-"
            out.print(Text(f"  {when:<16} {e['type']:<8} {where:<18} {e['evidence'][0]['quote'][:90]}"))
    for sgg in data["suggestions"]:
        out.print(Text(f"possible duplicate: {sgg['a']} ~ {sgg['b']} ({sgg['score']}, {sgg['reason']})",
                       style="yellow"))


@click.command("network")
@click.argument("name_or_id")
@click.option("--depth", type=int, default=1, show_default=True, help="relation steps from the actor")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json", "dot"]), default="json",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="write to this file")
@db_option
def network_cmd(name_or_id: str, depth: int, fmt: str, output: str | None, db: str | None) -> None:
    """The relations around an actor, with evidence quotes, for Gephi, networkx, Graphviz or JSON."""
    from ..network import network, write

    with open_db(db) as store:
        text = write(network(store, name_or_id, depth), fmt)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        click.echo(f"wrote {output}", err=True)
    else:
        sys.stdout.write(text)


def _decide(kind: str, a: str, b: str, note: str | None, author: str | None, db: str | None) -> None:
    import getpass

    with open_db(db) as store:
        ida, idb = store.find_actor(a), store.find_actor(b)
        decision = store.decide(kind, ida, idb, author=author or getpass.getuser(), note=note)
    click.echo(f"decision {decision}: {kind} {ida} {'into' if kind == 'merge' else 'and'} {idb} "
               f"(undo with `warlog undo {decision}`)")


DECISIONS = {
    "merge": "Record that ACTOR_A is the same actor as ACTOR_B (A is merged into B). Stored as a decision: "
             "extractions are never rewritten, and re-extraction keeps it.",
    "split": "Record that ACTOR_A and ACTOR_B are different actors: a merge between them no longer applies "
             "and they are not suggested again.",
    "reject": "Reject a merge suggestion between two actors.",
}


def _decision_command(kind: str) -> click.Command:
    """`warlog merge`, `warlog split` or `warlog reject`: an analyst's decision on two actors."""

    @click.command(kind, help=DECISIONS[kind])
    @click.argument("actor_a")
    @click.argument("actor_b")
    @click.option("--note", help="why (kept with the decision)")
    @click.option("--author", help="who decides (default: your user name)")
    @db_option
    def command(actor_a: str, actor_b: str, note: str | None, author: str | None, db: str | None) -> None:
        _decide(kind, actor_a, actor_b, note, author, db)

    return command


DECISION_COMMANDS = tuple(_decision_command(kind) for kind in DECISIONS)


@click.command("decisions")
@click.option("--actor", help="only decisions about this actor")
@format_option()
@db_option
def decisions_cmd(actor: str | None, fmt: str, db: str | None) -> None:
    """Analysts' decisions, oldest first (undone ones show when)."""
    with open_db(db) as store:
        rows = [d.to_dict() for d in store.decisions(store.find_actor(actor) if actor else None)]
    emit(rows, fmt, ["id", "kind", "subject", "object", "author", "created_at", "undone_at", "note"], sys.stdout)


@click.command("undo")
@click.argument("decision_id", type=int)
@db_option
def undo_cmd(decision_id: int, db: str | None) -> None:
    """Undo a decision (it stays in the history, marked undone)."""
    with open_db(db) as store:
        store.undo_decision(decision_id)
    click.echo(f"decision {decision_id} undone")


@click.command("suggest")
@format_option()
@db_option
def suggest_cmd(fmt: str, db: str | None) -> None:
    """Find actors that may be one (same kind, similar or transliterated names) and store the pairs
    with their scores; `warlog merge` or `warlog reject` decides."""
    from ..network import suggest_merges

    with open_db(db) as store:
        found = suggest_merges(store.actors())
        store.save_suggestions(found)
        rows = [s.to_dict() for s in store.suggestions()]
    emit(rows, fmt, ["a", "b", "score", "reason"], sys.stdout)


COMMANDS = (actors_cmd, actor_cmd, network_cmd, *DECISION_COMMANDS, decisions_cmd, undo_cmd, suggest_cmd)
