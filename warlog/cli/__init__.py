"""The command line: a thin shell over the library. `cli` is built here, explicitly, from the
command families, one module each:

    documents   ingest, extract, demo, docs, show, search, rejections, stats, settings
    events      events, relations, places, dates
    actors      actors, actor, network, merge, split, reject, decisions, undo, suggest
    web         serve, user …, review …
    export      export
    backup      backup, restore, migrate-store
    dedup       dedup, eval-dedup
    evaluation  eval, eval-geo, gazetteer …, bench
    train       train, eval-typer

A WarlogError ends a command with its message and exit code (`common.WarlogGroup`)."""

from __future__ import annotations

import click

from .. import __version__
from . import actors, backup, dedup, documents, evaluation, events, export, train, web
from .common import WarlogGroup

FAMILIES = (documents, events, actors, web, export, backup, dedup, evaluation, train)


def build() -> click.Group:
    """The `warlog` command group with every family's commands."""

    @click.group(cls=WarlogGroup, context_settings={"help_option_names": ["-h", "--help"]})
    @click.version_option(__version__, prog_name="warlog")
    def group() -> None:
        """warlog: news reports of armed conflict → a sourced, reviewable database of events and actors."""

    for family in FAMILIES:
        for command in family.COMMANDS:
            group.add_command(command)
    return group


cli = build()


def main() -> None:
    from ..settings import tune_gc

    tune_gc()
    cli(prog_name="warlog")


__all__ = ["build", "cli", "main"]
