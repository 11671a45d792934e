"""`warlog dedup` (merge reports stored with dedup off; list near-duplicate documents) and
`warlog eval-dedup` (pairwise merge precision and recall on a labelled set)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import db_option, format_option, open_db
from .output import emit, emit_object


@click.command("dedup")
@click.option("--links", is_flag=True, help="list near-duplicate documents (reposts, wire copy, quotations) instead")
@click.option("--doc", "doc_id", help="with --links: only the links of this document")
@format_option()
@db_option
def dedup_cmd(links: bool, doc_id: str | None, fmt: str, db: str | None) -> None:
    """Merge the events stored with dedup off (`warlog ingest --no-dedup`, or before dedup existed)
    into canonical events; with --links, list the near-duplicate documents found."""
    with open_db(db) as store:
        if links:
            rows = [link.to_dict() for link in store.document_links(doc_id)]
            emit(rows, fmt, ["doc_id", "original_id", "jaccard", "containment"], sys.stdout)
            return
        placed = store.dedup_unchecked()
    click.echo(f"{placed} events placed in canonical events", err=True)


@click.command("eval-dedup")
@click.argument("gold", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--details", is_flag=True, help="list the wrongly merged and the missed pairs")
@format_option(default="table", choices=("table", "json"))
def eval_dedup_cmd(gold: Path | None, details: bool, fmt: str) -> None:
    """Pairwise merge precision, recall and F1 of cross-document event merging on a labelled set
    (default: tests/fixtures/dedup/gold.json), through the whole pipeline."""
    from ..eval.dedup import DEFAULT_GOLD, evaluate

    score = evaluate(gold or DEFAULT_GOLD)
    emit_object(score.to_dict(), fmt, sys.stdout, title="cross-document merging, pairwise")
    if details:
        rows = [{"error": "merged" if p.merged else "missed", "a": p.a, "b": p.b, "about": p.about}
                for p in score.pairs if p.gold != p.merged]
        emit(rows, "table" if fmt == "table" else "jsonl", ["error", "a", "b", "about"], sys.stdout,
             widths={"about": 90})


COMMANDS = (dedup_cmd, eval_dedup_cmd)
