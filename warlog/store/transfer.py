"""A whole store copied into another, of either backend (`warlog migrate-store SRC DEST`): every table
in the order the schema creates them (so each row's references are there before it), the analysts'
decisions and their history included, in one transaction of the destination; then checked by the
rows of every table and a checksum of the ids (documents, events, actors, canonical events, relations,
decisions), both of which must equal the source's."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import ConfigError, StoreError
from .dbapi import Connection
from .schema import MIGRATIONS
from .sqlstore import SQLStore

#: Every table, in the order the migrations create them (the FTS index is the destination's own).
TABLES: tuple[str, ...] = tuple(dict.fromkeys(
    name for _, _, sql in MIGRATIONS for name in re.findall(r"CREATE (?:VIRTUAL )?TABLE (\w+)", sql)
    if name != "segments_fts"))
#: What the checksum covers: table → the column of its ids.
IDS = {"documents": "doc_id", "events": "event_id", "actors": "actor_id", "event_clusters": "cluster_id",
       "relations": "relation_id", "decisions": "id", "event_decisions": "id", "cluster_members": "event_id"}
#: Tables whose rows are read in insertion order (the documents listing keeps its order).
ORDER = {"documents": "rowid"}
BATCH = 2000
#: Columns the database makes itself: PostgreSQL's documents.rowid (insertion order) and segments.words
#: (the stored full-text words).
DERIVED = frozenset({"rowid", "words"})


@dataclass(frozen=True, slots=True)
class Transfer:
    """What was copied: rows per table, and the checksum of the ids both stores hold."""

    rows: dict[str, int]
    checksum: str

    def summary(self) -> str:
        return (f"{self.rows.get('documents', 0)} documents, {self.rows.get('events', 0)} events, "
                f"{self.rows.get('event_decisions', 0) + self.rows.get('decisions', 0)} decisions "
                f"({sum(self.rows.values())} rows in {len(self.rows)} tables); ids checksum {self.checksum[:16]}")


def _columns(c: Connection, table: str) -> list[str]:
    cur = c.execute(f"SELECT * FROM {table} LIMIT 0")
    return [str(d[0]) for d in cur.description if d[0] not in DERIVED]


def _rows(c: Connection, table: str, columns: list[str]) -> Iterator[list[object]]:
    quoted = ", ".join(f'"{col}"' for col in columns)
    order = ORDER.get(table, ", ".join(f'"{col}"' for col in columns[:1]))
    cur = c.execute(f"SELECT {quoted} FROM {table} ORDER BY {order}")
    while batch := cur.fetchmany(BATCH):
        yield from (list(r) for r in batch)


def counts(store: SQLStore) -> dict[str, int]:
    return {t: int(store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}


def checksum(store: SQLStore) -> str:
    digest = hashlib.sha256()
    for table, column in sorted(IDS.items()):
        digest.update(table.encode())
        for (value,) in store.conn.execute(f"SELECT {column} FROM {table} ORDER BY {column}"):
            digest.update(f"\x1f{value}".encode())
    return digest.hexdigest()


def copy_store(source: SQLStore, dest: SQLStore) -> Transfer:
    """Copy everything `source` holds into `dest`, which must be empty and of the same schema version;
    raises StoreError when the copy does not check out (nothing of it is then kept)."""
    if source.schema_version() != dest.schema_version():
        raise ConfigError(f"{source.path} has schema version {source.schema_version()}, {dest.path} "
                          f"{dest.schema_version()}: open both with this warlog first (it migrates them)")
    held = {t: n for t, n in counts(dest).items() if n}
    if held:
        raise ConfigError(f"{dest.path} is not empty ({', '.join(f'{n} {t}' for t, n in held.items())}); "
                          "migrate-store copies into a new store only")
    try:
        with dest._tx() as d:
            for table in TABLES:
                columns = _columns(source.conn, table)
                quoted = ", ".join(f'"{c}"' for c in columns)
                insert = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(columns))})"
                batch: list[list[object]] = []
                for row in _rows(source.conn, table, columns):
                    batch.append(row)
                    if len(batch) >= BATCH:
                        d.executemany(insert, batch)
                        batch = []
                if batch:
                    d.executemany(insert, batch)
            dest._after_copy(d)
            rows, theirs = counts(source), counts(dest)
            if rows != theirs:
                raise StoreError(f"the copy does not check out: rows {theirs} against {rows}; nothing was kept")
            mine, copied = checksum(source), checksum(dest)
            if mine != copied:
                raise StoreError("the copy's ids differ from the source's; nothing was kept")
    except dest.errors as exc:
        raise StoreError(f"could not copy {source.path} into {dest.path}: {str(exc).strip()}; nothing "
                         "was kept") from None
    return Transfer(rows, mine)
