"""The embedded SQLite store: WAL, foreign keys, FTS5 over segment text, recorded migrations.

Every write is one transaction (`BEGIN IMMEDIATE` … `COMMIT`): a crash loses at most the document
in flight, and a failed write leaves what was stored before untouched. The SQL every backend shares
is in sqlstore.py; here is what is SQLite's own.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..errors import ConfigError, StoreError
from .base import SearchHit
from .clock import now
from .schema import statements
from .sqlstore import SQLStore


class SQLiteStore(SQLStore):
    errors = (sqlite3.Error,)

    def __init__(self, path: str, *, dedup: bool | None = None) -> None:
        if path != ":memory:" and not path.startswith("file:"):
            try:
                Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for database {path!r}: {exc}; "
                                 "pass --db or set WARLOG_DB to a writable path") from None
        try:
            conn = sqlite3.connect(str(Path(path).expanduser()) if path != ":memory:" else path,
                                   isolation_level=None, check_same_thread=False)
            super().__init__(path, conn, dedup=dedup)
            self.conn: sqlite3.Connection = conn
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 10000")
            if path != ":memory:":
                _wal(conn)
                conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {path!r}: {exc}; if it is not a warlog "
                             "database, pass --db or set WARLOG_DB to another path") from None

    def _migrate(self) -> None:
        c = self.conn
        for version, name, sql in self._pending_migrations():
            try:
                c.execute("BEGIN IMMEDIATE")
                # another process opening the same new database may have applied it meanwhile
                if c.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (version,)).fetchone():
                    c.execute("COMMIT")
                    continue
                for statement in statements(sql):
                    c.execute(statement)
                c.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, now()))
                c.execute("COMMIT")
            except sqlite3.Error as exc:
                if c.in_transaction:
                    c.execute("ROLLBACK")
                hint = " (this Python's SQLite lacks FTS5)" if "fts5" in str(exc).lower() else ""
                raise StoreError(f"migration {version} ({name}) failed: {exc}{hint}") from None

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            yield c
        except BaseException:
            c.execute("ROLLBACK")
            raise
        else:
            c.execute("COMMIT")

    def search(self, query: str, *, limit: int = 20,
               kinds: Sequence[str] | None = None) -> list[SearchHit]:
        if not query.strip():
            return []
        sql = ("SELECT s.doc_id, d.title, s.kind, s.seq, "
               "snippet(segments_fts, 0, '«', '»', '…', 16), bm25(segments_fts) "
               "FROM segments_fts JOIN segments s ON s.id = segments_fts.rowid "
               "JOIN documents d ON d.doc_id = s.doc_id WHERE segments_fts MATCH ?")
        args: list[object] = []
        if kinds:
            sql += f" AND s.kind IN ({','.join('?' * len(kinds))})"
            args += list(kinds)
        sql += " ORDER BY bm25(segments_fts) LIMIT ?"
        args.append(limit)
        try:
            rows = self.conn.execute(sql, [query, *args]).fetchall()
        except sqlite3.OperationalError:
            # Not valid FTS5 syntax (e.g. "al-Sadr"): search each word as a literal phrase.
            literal = " ".join('"' + w.replace('"', '""') + '"' for w in query.split())
            rows = self.conn.execute(sql, [literal, *args]).fetchall()
        return [SearchHit(r[0], r[1], r[2], r[3], r[4], round(-r[5], 4)) for r in rows]

    def _changes_key(self) -> object:
        return (self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes)

    def _size_bytes(self) -> int:
        c = self.conn
        return int(c.execute("PRAGMA page_count").fetchone()[0] * c.execute("PRAGMA page_size").fetchone()[0])

    def backup(self, path: str) -> None:
        from .backup import backup_to

        backup_to(self.conn, path)

    def close(self) -> None:
        self.conn.close()

    def reopen(self) -> SQLiteStore:
        if self.path == ":memory:" or "mode=memory" in self.path:
            raise ConfigError("an in-memory store cannot be opened again: it lives in its one connection")
        return SQLiteStore(self.path, dedup=self.dedup)


def _wal(c: sqlite3.Connection, wait_s: float = 10.0) -> None:
    """Switch to write-ahead logging. The switch takes the database for itself and SQLite answers
    "database is locked" at once, without waiting, while another connection opens it too (two
    processes opening a new database at once): try again for up to `wait_s`."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            c.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)

