"""The shared PostgreSQL store: the same records, ids, migrations (recorded in the same
`schema_migrations` table), analysts' decisions and dedup as the SQLite store, for several writers and
several analysts at once. `open_store("postgresql://…")` opens it (psycopg 3).

The store's SQL (sqlstore.py and the *_sql modules) is written once, in SQLite's dialect; `PgConnection`
runs it through `pg_dialect.translate`. What differs is here: migrations (`pg_dialect.ddl`), transactions
(each write takes one advisory lock, so dedup sees every event committed before it, as SQLite's single
writer does), full-text search (`to_tsvector`/`ts_headline` over the FTS5 query syntax), the database's
size, and backup (pg_dump's work: refused with what to do instead).

A URL's `options` may name a schema (`?options=-csearch_path%3Dname`): the store lives in that schema,
created when missing, so one database can hold several stores (the tests use one each).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..errors import ConfigError, StoreError
from .base import SearchHit
from .clock import now
from .pg_dialect import ddl, nulls_first_rebuilds, postgres_steps, snippet, translate, tsquery
from .schema import MIGRATIONS, statements
from .sqlstore import SQLStore

#: Advisory lock keys: one for migrations, one for writes of documents and decisions.
MIGRATION_LOCK = 0x77A1_0001
WRITE_LOCK = 0x77A1_0002


def is_postgres_url(path: str) -> bool:
    return path.startswith(("postgresql://", "postgres://"))


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise ConfigError("a postgresql:// store needs psycopg: pip install 'warlog[scale]' "
                          "(or psycopg[binary,pool])") from None
    return psycopg


class PgConnection:
    """A psycopg connection that runs the store's SQL (SQLite's dialect, `?` parameters): the
    `dbapi.Connection` the shared SQL is written against. Autocommit; `PostgresStore._tx` brackets
    writes in BEGIN … COMMIT."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, parameters: Any = None, /) -> Any:
        if parameters is None:
            return self.raw.execute(translate(sql, params=False))
        return self.raw.execute(translate(sql), list(parameters))

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Any:
        cur = self.raw.cursor()
        cur.executemany(translate(sql), [list(p) for p in parameters])
        return cur

    def close(self) -> None:
        self.raw.close()


def _adapt(conn: Any) -> None:
    """SQLite's values: booleans stored as 0 and 1, sums and averages as int or float (not Decimal)."""
    psycopg = _psycopg()
    from psycopg.adapt import Dumper, Loader

    class BoolAsInt(Dumper):
        oid = psycopg.postgres.types["int8"].oid

        def dump(self, obj: Any) -> bytes:
            return b"1" if obj else b"0"

    class Number(Loader):
        def load(self, data: Any) -> int | float:
            value = Decimal(bytes(data).decode())
            return int(value) if value == value.to_integral_value() else float(value)

    conn.adapters.register_dumper(bool, BoolAsInt)
    conn.adapters.register_loader("numeric", Number)


def schema_of(url: str) -> str | None:
    """The schema a URL's `options=-csearch_path%3Dname` names (None: the database's default)."""
    options = " ".join(parse_qs(urlsplit(url).query).get("options", []))
    m = re.search(r"search_path\s*=\s*([A-Za-z_][A-Za-z0-9_]*)", options)
    return m.group(1) if m else None


def with_schema(url: str, schema: str) -> str:
    """The URL of a store that lives in `schema` of the server and database `url` names."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def shown_url(url: str) -> str:
    """The URL without its password, for messages and `warlog stats`."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


class PostgresStore(SQLStore):
    def __init__(self, url: str, *, dedup: bool | None = None) -> None:
        psycopg = _psycopg()
        self.errors = (psycopg.Error,)
        schema = schema_of(url)
        try:
            raw = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {shown_url(url)}: {str(exc).strip()}; is the server running, "
                             "and the URL's user, password and database right?") from None
        _adapt(raw)
        raw.execute("SET jit = off")  # the store's queries are short: compiling them costs more than it saves
        super().__init__(shown_url(url), PgConnection(raw), dedup=dedup)
        self.raw = raw
        self._url = url  # with its password, for reopen
        try:
            if schema is not None:  # under the lock: two processes opening a new store at once both succeed
                with raw.transaction():
                    raw.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                    raw.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            self._migrate()
        except psycopg.Error as exc:
            raise StoreError(f"cannot open database {shown_url(url)}: {str(exc).strip()}") from None

    def _pending_migrations(self) -> list[tuple[int, str, str]]:
        """Under the migration lock: the table that records migrations is made by one process only."""
        with self.raw.transaction():
            self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            return super()._pending_migrations()

    # -- schema --
    def _migrate(self) -> None:
        raw = self.raw
        for version, name, sql in self._pending_migrations():
            try:
                with raw.transaction():
                    raw.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                    if raw.execute("SELECT 1 FROM schema_migrations WHERE version = %s", (version,)).fetchone():
                        continue  # another process applied it meanwhile
                    for statement in statements(sql):
                        for pg in ddl(statement):
                            self._run_ddl(pg)
                    self._postgres_steps(version)
                    raw.execute("INSERT INTO schema_migrations VALUES (%s, %s, %s)", (version, name, now()))
            except self.errors as exc:
                raise StoreError(f"migration {version} ({name}) failed: {str(exc).strip()}") from None

    def _run_ddl(self, statement: str) -> None:
        m = re.match(r"CREATE EXTENSION IF NOT EXISTS (\w+)$", statement)
        if m:
            self._extension(m.group(1))
        else:
            self.raw.execute(statement)

    def _extension(self, name: str) -> str:
        """Make extension `name` where missing and say the schema it lives in: `public` where this user
        may create there (so dropping one store's schema does not drop it from the others in the
        database), else the store's schema."""
        found = self.raw.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = %s",
                                 (name,)).fetchone()
        if found:
            return str(found[0])
        try:
            with self.raw.transaction():
                self.raw.execute(f"CREATE EXTENSION {name} SCHEMA public")
        except self.errors:
            try:
                with self.raw.transaction():
                    self.raw.execute(f"CREATE EXTENSION {name}")
            except self.errors as exc:
                raise StoreError(f"the store needs PostgreSQL's {name} extension: {str(exc).strip()}; install "
                                 "the server's contrib extensions (Debian's postgresql package has them) or "
                                 f"ask the database's owner to run CREATE EXTENSION {name}") from None
        return self._extension(name)

    def _postgres_steps(self, version: int) -> None:
        if version != 11:  # the only migration with PostgreSQL-only steps so far
            return
        for statement in postgres_steps(version, self._extension("pg_trgm")):
            self._run_ddl(statement)
        existing = dict(self.raw.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()").fetchall())
        for statement in nulls_first_rebuilds([m for m in MIGRATIONS if m[0] < version], existing):
            self.raw.execute(statement)

    @contextmanager
    def _tx(self) -> Iterator[PgConnection]:
        with self.raw.transaction():
            self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield self.conn  # type: ignore[misc]

    def _after_copy(self, c: object) -> None:
        """Identity columns go on after the highest id copied in."""
        found = self.raw.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND is_identity = 'YES' AND identity_generation = 'BY DEFAULT'").fetchall()
        for table, column in found:
            self.raw.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                             f"coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)")

    def _changes_key(self) -> object:
        return self.raw.execute("SELECT pg_current_wal_insert_lsn()").fetchone()[0]

    def _size_bytes(self) -> int:
        row = self.raw.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')").fetchone()
        return int(row[0])

    # -- full-text search --
    def search(self, query: str, *, limit: int = 20, kinds: Sequence[str] | None = None) -> list[SearchHit]:
        terms = tsquery(query)
        if not terms:
            return []
        sql = ("SELECT s.doc_id, d.title, s.kind, s.seq, s.text, ts_rank(s.words, q) AS rank "
               "FROM segments s JOIN documents d ON d.doc_id = s.doc_id, to_tsquery('simple', %s) q "
               "WHERE s.words @@ q")
        args: list[object] = [terms]
        if kinds:
            sql += f" AND s.kind IN ({','.join(['%s'] * len(kinds))})"
            args += list(kinds)
        sql += " ORDER BY rank DESC, s.doc_id, s.seq LIMIT %s"
        args.append(limit)
        rows = self.raw.execute(sql, args).fetchall()
        return [SearchHit(r[0], r[1], r[2], r[3], snippet(r[4], query), round(float(r[5]), 4)) for r in rows]

    def backup(self, path: str) -> None:
        raise ConfigError(f"warlog backup copies a SQLite store; for {self.path} use pg_dump "
                          "(or `warlog migrate-store` into a SQLite file)")

    def close(self) -> None:
        self.raw.close()

    def reopen(self) -> PostgresStore:
        return PostgresStore(self._url, dedup=self.dedup)
