"""The PostgreSQL side of benchmarks/queries.py: the synthetic rows go in with COPY on the store's own
psycopg connection (`open_store(url).raw`), after the store's migrations made the schema.

A bulk load, as one would load such a store: the secondary indexes of the tables written (the GIN
full-text index included) are dropped first and built again once the rows are in (their definitions
are kept in `bench_pending_indexes` meanwhile, so an interrupted load is completed by the next run);
foreign keys are not checked row by row when the role may say so (`session_replication_role`, a
superuser's setting: the generator's rows reference only rows written before them); then the identity
columns are moved past the ids copied in and the tables VACUUMed and ANALYZEd (as autovacuum would,
later: the planner's statistics, and the visibility map that index-only scans need). The rows are those the SQLite path
inserts, in the same order: `documents.rowid` (GENERATED ALWAYS) and the identity ids of segments and
actor mentions are left to PostgreSQL, which numbers them as SQLite does.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any
from urllib.parse import urlsplit

import psycopg

from warlog.store import Store, open_store
from warlog.store.postgres import shown_url

PENDING = "bench_pending_indexes"


def finish_indexes(raw: Any, log: Callable[[str], None] = lambda _: None) -> float:
    """Build the indexes a bulk load dropped (also those of a load that was interrupted); seconds taken."""
    t0 = time.perf_counter()
    if raw.execute("SELECT to_regclass(%s)", (PENDING,)).fetchone()[0] is None:
        return 0.0
    raw.execute("SET maintenance_work_mem = '1GB'")
    for name, sql in raw.execute(f"SELECT name, sql FROM {PENDING} ORDER BY name").fetchall():
        t = time.perf_counter()
        raw.execute(sql)
        raw.execute(f"DELETE FROM {PENDING} WHERE name = %s", (name,))
        log(f"  index {name}: {time.perf_counter() - t:.0f} s")
    raw.execute(f"DROP TABLE {PENDING}")
    raw.execute("RESET maintenance_work_mem")
    return time.perf_counter() - t0


class CopyWriter:
    """Rows into a PostgreSQL store: one COPY per table and batch, a transaction per batch."""

    def __init__(self, raw: Any, columns: dict[str, tuple[str, ...]]) -> None:
        self.raw = raw
        self.columns = columns
        self.unchecked = False

    def start(self) -> None:
        tables = list(self.columns)
        found = self.raw.execute(
            "SELECT ic.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE n.nspname = current_schema() AND t.relname = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            (tables,)).fetchall()
        with self.raw.transaction():
            self.raw.execute(f"CREATE TABLE IF NOT EXISTS {PENDING} (name TEXT PRIMARY KEY, sql TEXT NOT NULL)")
            for name, sql in found:
                self.raw.execute(f"INSERT INTO {PENDING} VALUES (%s, %s) ON CONFLICT DO NOTHING", (name, sql))
                self.raw.execute(f'DROP INDEX "{name}"')
        try:
            self.raw.execute("SET session_replication_role = replica")
            self.unchecked = True
        except psycopg.Error:  # not a superuser: the foreign keys are checked, only slower
            pass
        self.raw.execute("SET synchronous_commit = off")

    def write(self, batch: dict[str, list[tuple[object, ...]]]) -> None:
        with self.raw.transaction(), self.raw.cursor() as cur:
            for table, rows in batch.items():
                names = ", ".join(f'"{c}"' for c in self.columns[table])
                with cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)

    def finish(self, log: Callable[[str], None]) -> None:
        if self.unchecked:
            self.raw.execute("SET session_replication_role = origin")
        self.raw.execute("RESET synchronous_commit")
        log(f"  rows in; building indexes ({len(self.columns)} tables)")
        finish_indexes(self.raw, log)
        for table, column in self.raw.execute(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                "current_schema() AND is_identity = 'YES' AND table_name = ANY(%s)", (list(self.columns),)).fetchall():
            self.raw.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                             f"coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)")
        t = time.perf_counter()  # what autovacuum does after a load, done now: statistics, visibility map
        for table in self.columns:
            self.raw.execute(f"VACUUM (ANALYZE) {table}")
        log(f"  VACUUM (ANALYZE): {time.perf_counter() - t:.0f} s")


def events_count(raw: Any) -> int:
    return int(raw.execute("SELECT count(*) FROM events").fetchone()[0])


def size_mb(raw: Any) -> int:
    """The store's tables with their indexes and TOAST, in MB."""
    row = raw.execute("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                      "JOIN pg_namespace n ON n.oid = c.relnamespace "
                      "WHERE n.nspname = current_schema() AND c.relkind = 'r'").fetchone()
    return round(int(row[0]) / 1e6)


def server(raw: Any) -> str:
    version = raw.execute("SHOW server_version").fetchone()[0]
    settings = ", ".join(f"{k} {raw.execute(f'SHOW {k}').fetchone()[0]}"
                         for k in ("shared_buffers", "work_mem", "effective_cache_size"))
    return f"PostgreSQL {version} ({settings})"


def drop_schema(url: str, schema: str, *, keep: Sequence[str] = ("public",)) -> None:
    """Drop the benchmark's schema (never `public`)."""
    if schema in keep:
        raise SystemExit(f"not dropping schema {schema!r}")
    base = urlsplit(url)._replace(query="").geturl()
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def prepare(url: str, world: Any, args: Any, result: dict[str, object], log: Callable[[str], None],
            generate: Callable[..., Any]) -> Store:
    """The PostgreSQL store at `url` (its own schema, best: `?options=-csearch_path%3Dname`), generated
    with COPY unless it already holds the events (a rerun reuses it); reopened afresh."""
    store = open_store(url)  # the store's migrations make the schema
    raw = getattr(store, "raw")  # noqa: B009 - the PostgreSQL store's psycopg connection
    try:
        finish_indexes(raw, log)  # a load interrupted while its indexes were being built
        found = events_count(raw)
        if found == args.events:
            log(f"reusing {shown_url(url)}")
        else:
            if found or raw.execute("SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM actors)"
                                    ).fetchone()[0]:
                raise SystemExit(f"{shown_url(url)} holds another store ({found:,} events); name another schema "
                                 "(options=-csearch_path%3Dname) or add --drop to a run against it")
            log(f"generating {args.events:,} events, {args.actors:,} actors into {shown_url(url)} (COPY)")
            gen = generate(raw, world, args.events, seed=args.seed, log=log)
            result["generated"] = asdict(gen)
            log(f"generated in {gen.seconds:.0f} s: {result['generated']}")
        result["db_mb"] = size_mb(raw)
        result["machine"] = f"{result['machine']}, {server(raw)}"
    finally:
        store.close()
    return open_store(url)
