"""Online backup and restore of the SQLite store.

`backup_to` copies the database through SQLite's backup API: a consistent snapshot taken while other
processes read and write (each step copies pages under a read lock; pages written meanwhile are
copied again), then checked with `PRAGMA integrity_check`. `restore_from` checks that a file is a warlog
database this version can read and is sound, then copies it over the live database, again through
the backup API, so readers see the old content or the new, never a mix; the restored store is
migrated on its next opening if the backup is older."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import ConfigError, StoreError
from .schema import LATEST

#: Pages copied per step of the backup API (4 MB at 4 kB pages): writers wait at most one step.
PAGES_PER_STEP = 1024


def backup_to(conn: sqlite3.Connection, target: str | Path) -> None:
    """A consistent copy of the database behind `conn` at `target` (which must not exist)."""
    path = Path(target).expanduser()
    if path.exists():
        raise ConfigError(f"{path} exists: give a new file name for the backup (nothing was written)")
    try:
        dest = sqlite3.connect(str(path))
        try:
            conn.backup(dest, pages=PAGES_PER_STEP)
            _check(dest, path)
        finally:
            dest.close()
    except sqlite3.Error as exc:
        path.unlink(missing_ok=True)
        raise StoreError(f"the backup to {path} failed: {exc}; the database itself is unchanged") from None


def restore_from(source: str | Path, target: str | Path) -> int:
    """Replace the database at `target` with the backup at `source`; returns the backup's schema
    version. The backup is checked first: a file that is not a sound warlog database is refused and
    `target` left as it was."""
    src_path = Path(source).expanduser()
    if not src_path.is_file():
        raise ConfigError(f"no backup at {src_path}: give the path of a file written by `warlog backup`")
    try:
        src = sqlite3.connect(f"file:{src_path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ConfigError(f"{src_path} cannot be opened as a database ({exc}); nothing was restored") from None
    try:
        version = _version(src, src_path)
        _check(src, src_path)
        dest = sqlite3.connect(str(Path(target).expanduser()), timeout=30)
        try:
            src.backup(dest, pages=PAGES_PER_STEP)
        finally:
            dest.close()
        return version
    except sqlite3.Error as exc:
        raise StoreError(f"restoring {src_path} failed: {exc}; run it again (the backup file is unchanged)") from None
    finally:
        src.close()


def _version(c: sqlite3.Connection, path: Path) -> int:
    try:
        row = c.execute("SELECT max(version) FROM schema_migrations").fetchone()
    except sqlite3.DatabaseError:
        raise ConfigError(f"{path} is not a warlog database (no schema_migrations table); nothing was "
                          "restored") from None
    version = int(row[0] or 0)
    if version > LATEST:
        raise ConfigError(f"{path} has schema version {version}, newer than this warlog understands ({LATEST}): "
                          "upgrade warlog to restore it")
    return version


def _check(c: sqlite3.Connection, path: Path) -> None:
    result = c.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise StoreError(f"{path} fails SQLite's integrity check ({result}); it is not a usable copy")
