"""`warlog backup PATH` (a consistent copy of the store, taken while it is in use), `warlog restore
PATH` (the store replaced by a backup, checked first) and `warlog migrate-store SRC DEST` (a whole
store copied into a new one of either backend: SQLite into PostgreSQL and back)."""

from __future__ import annotations

import click

from ..settings import Settings
from ..store import open_store, restore_store
from .common import db_option, open_db


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@db_option
def backup_cmd(path: str, db: str | None) -> None:
    """Write a consistent copy of the store to PATH (a new file), while ingests and the desk go on."""
    with open_db(db) as store:
        store.backup(path)
    click.echo(f"backed up to {path}", err=True)


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="replace the store without asking")
@db_option
def restore_cmd(path: str, yes: bool, db: str | None) -> None:
    """Replace the store with the backup at PATH (checked to be a sound warlog database first)."""
    target = Settings.from_env(db=db).db_path
    if not yes:
        click.confirm(f"replace everything in {target} with {path}?", abort=True)
    version = restore_store(path, str(target))
    with open_db(db):
        pass  # migrates a backup from an older warlog
    click.echo(f"restored {path} (schema version {version}) into {target}", err=True)


@click.command("migrate-store")
@click.argument("source")
@click.argument("dest")
def migrate_store_cmd(source: str, dest: str) -> None:
    """Copy the store SOURCE (a SQLite path or a postgresql:// URL) into the new store DEST, decisions and
    their history included; checked by the rows of every table and a checksum of the ids."""
    from ..store import copy_store

    with open_store(source) as src, open_store(dest) as dst:
        done = copy_store(src, dst)
    click.echo(f"copied {done.summary()}", err=True)


COMMANDS = (backup_cmd, restore_cmd, migrate_store_cmd)
