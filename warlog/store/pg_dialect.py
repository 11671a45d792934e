"""SQLite's dialect, as the store's SQL is written, translated to PostgreSQL's. Pure string functions,
cached per statement; `tests/test_pg_dialect.py` shows each rule.

Statements (`translate`):
- `?` parameters → `%s` (and a literal `%` → `%%` when there are parameters), outside quotes;
- `INSERT OR IGNORE` → `ON CONFLICT DO NOTHING`; `INSERT OR REPLACE INTO t` → an upsert on t's key
  (`KEYS`: the key SQLite's REPLACE resolves on);
- `group_concat` → `string_agg`, `json_each(?)` → `json_array_elements_text(?::json)`, two-argument
  `max`/`min` → `GREATEST`/`LEAST`, `LIKE` → `ILIKE` (SQLite's LIKE ignores case), `x = ? COLLATE
  NOCASE` → `lower(x) = lower(?)`, `LIMIT ?` with -1 for no limit → `LIMIT NULLIF(?, -1)`;
- `ORDER BY` items get SQLite's place for NULLs (first when ascending, last when descending).

Schema (`ddl`): INTEGER → BIGINT (an `INTEGER PRIMARY KEY` an identity), REAL → DOUBLE PRECISION, BLOB
→ BYTEA, TEXT → TEXT COLLATE "C" (SQLite compares bytes), `COLLATE NOCASE` index columns → `lower(x)`,
each btree index column NULLs where SQLite sorts them (the order `translate` gives `ORDER BY`, so a
listing can walk an index and stop at its LIMIT);
documents get a `rowid` (insertion order, as SQLite lists them); the FTS5 table and its triggers become
a GIN index over `warlog_words(text)` (the words as FTS5 reads them); the R-tree of dedup windows
becomes a table with a GiST index (btree_gist) whose rows go with their cluster member (a foreign key
instead of SQLite's trigger).

PostgreSQL-only steps of a migration (`postgres_steps`; SQLite's script for it is empty): migration 11
rebuilds indexes made before their columns were `NULLS FIRST` (`nulls_first_rebuilds`), indexes the
date-span filter `coalesce(date_end, date_start) >= since` inside the index, adds trigram indexes
(pg_trgm) for `--place` substrings, and stores each segment's words (`segments.words`) for ranking.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .schema import statements

#: The conflict key of each table written with INSERT OR REPLACE.
KEYS: dict[str, tuple[str, ...]] = {
    "merge_suggestions": ("a", "b"), "event_boxes": ("id",), "event_clusters": ("cluster_id",),
    "document_fingerprints": ("doc_id",), "document_links": ("doc_id", "original_id"),
    "relations": ("relation_id",), "events": ("event_id",), "raw_inputs": ("doc_id",), "actors": ("actor_id",),
}
BOX_COLUMNS = ("id", "day0", "day1", "family0", "family1", "country0", "country1", "lat0", "lat1", "lon0", "lon1")
#: Columns of the tables written without a column list.
COLUMNS: dict[str, tuple[str, ...]] = {"event_boxes": BOX_COLUMNS}

_QUOTED = re.compile(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")")
_INSERT = re.compile(r"^\s*INSERT OR (IGNORE|REPLACE) INTO (\w+)\s*(\(([^)]*)\))?", re.IGNORECASE)
_ORDER = re.compile(r"\bORDER BY\b", re.IGNORECASE)
_LIMIT = re.compile(r"(LIMIT|OFFSET)\b", re.IGNORECASE)


def _code_parts(sql: str) -> list[tuple[bool, str]]:
    """The statement as (is code, text) parts: quoted strings and identifiers are not code."""
    parts = _QUOTED.split(sql)
    return [(i % 2 == 0, p) for i, p in enumerate(parts) if p]


def _rewrite_code(sql: str, params: bool) -> str:
    out = []
    for code, text in _code_parts(sql):
        if params:  # psycopg reads % everywhere in a statement run with parameters, quotes included
            text = text.replace("%", "%%")
        if code:
            if params:
                text = text.replace("?", "%s")
            text = re.sub(r"\bgroup_concat\((DISTINCT )?([^()]*)\)", r"string_agg(\1\2, ',')", text,
                          flags=re.IGNORECASE)
            text = re.sub(r"\bjson_each\((%s|\?)\)", r"json_array_elements_text(\1::json)", text)
            text = re.sub(r"\bmax\(([\w.]+), ([\w.]+)\)", r"GREATEST(\1, \2)", text)
            text = re.sub(r"\bmin\(([\w.]+), ([\w.]+)\)", r"LEAST(\1, \2)", text)
            text = re.sub(r"\bNOT LIKE\b", "NOT ILIKE", text)
            text = re.sub(r"(?<!NOT )\bLIKE\b", "ILIKE", text)
            text = re.sub(r"([\w.]+) = (%s|\?) COLLATE NOCASE", r"lower(\1) = lower(\2)", text)
            text = re.sub(r"\bLIMIT (%s|\?)", r"LIMIT NULLIF(\1, -1)", text)
        out.append(text)
    return "".join(out)


def _order_end(sql: str, start: int) -> int:
    """Where the ORDER BY list that begins at `start` ends: LIMIT, OFFSET, a closing parenthesis, the end."""
    depth = 0
    for i in range(start, len(sql)):
        ch = sql[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and sql[i - 1].isspace() and _LIMIT.match(sql, i):
            return i
    return len(sql)


def _split_items(text: str) -> list[str]:
    items, depth, item = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            items.append(item)
            item = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        item += ch
    return [*items, item]


def _sqlite_nulls(item: str) -> str:
    """An ORDER BY item or index column with SQLite's place for NULLs: first when ascending, last when
    descending (PostgreSQL's are the other way round); one that says where already is kept."""
    bare = item.rstrip()
    if re.search(r"\bNULLS (FIRST|LAST)$", bare, re.IGNORECASE):
        return item
    nulls = " NULLS LAST" if re.search(r"\bDESC$", bare, re.IGNORECASE) else " NULLS FIRST"
    return bare + nulls + item[len(bare):]


def _order_nulls(sql: str) -> str:
    """Each ORDER BY item gets SQLite's place for NULLs (`_sqlite_nulls`)."""
    out, pos = [], 0
    for m in _ORDER.finditer(sql):
        end = _order_end(sql, m.end())
        fixed = [_sqlite_nulls(item) for item in _split_items(sql[m.end():end])]
        out.append(sql[pos:m.end()] + ",".join(fixed))
        pos = end
    out.append(sql[pos:])
    return "".join(out)


def _insert(sql: str) -> str:
    m = _INSERT.match(sql)
    if m is None:
        return sql
    kind, table, cols = m.group(1).upper(), m.group(2), m.group(4)
    head = f"INSERT INTO {table}" + (f" ({cols})" if cols else "")
    rest = " " + sql[m.end():].lstrip()
    returning = ""
    r = re.search(r"\sRETURNING\s.*$", rest, re.IGNORECASE | re.DOTALL)
    if r:
        rest, returning = rest[:r.start()], rest[r.start():]
    if kind == "IGNORE":
        return f"{head}{rest} ON CONFLICT DO NOTHING{returning}"
    key = KEYS[table]
    columns = [c.strip().strip('"') for c in cols.split(",")] if cols else list(COLUMNS[table])
    updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in columns if c not in key)
    action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
    return f"{head}{rest} ON CONFLICT ({', '.join(key)}) {action}{returning}"


@lru_cache(maxsize=4096)
def translate(sql: str, params: bool = True) -> str:
    """A statement of the store's SQL in PostgreSQL's dialect (`params`: it is run with parameters)."""
    return _order_nulls(_rewrite_code(_insert(sql), params))


# -- schema -------------------------------------------------------------------------------------------------

#: The words of a text as FTS5's unicode61 tokenizer reads them (PostgreSQL's own parser would drop
#: anything that looks like a tag, "<script>alert(1)</script>" included).
_WORDS_FUNCTION = ("CREATE FUNCTION warlog_words(text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE "
                   "AS $$ SELECT to_tsvector('simple', regexp_replace($1, '[^[:alnum:]]+', ' ', 'g')) $$")
_FTS_INDEX = "CREATE INDEX segments_fts ON segments USING gin (warlog_words(text))"
_BOXES = ("CREATE TABLE event_boxes (id BIGINT PRIMARY KEY REFERENCES cluster_members (id) ON DELETE CASCADE, "
          + ", ".join(f"{c} DOUBLE PRECISION NOT NULL" for c in BOX_COLUMNS[1:]) + ")")
_BOXES_INDEX = f"CREATE INDEX event_boxes_window ON event_boxes USING gist ({', '.join(BOX_COLUMNS[1:])})"


def _index_columns(statement: str) -> tuple[int, int] | None:
    """Where the column list of a `CREATE [UNIQUE] INDEX name ON table (…)` statement lies."""
    m = re.match(r"CREATE (UNIQUE )?INDEX \w+ ON \w+\s*\(", statement, re.IGNORECASE)
    if m is None:
        return None
    depth = 0
    for i in range(m.end(), len(statement)):
        if statement[i] == "(":
            depth += 1
        elif statement[i] == ")":
            if depth == 0:
                return m.end(), i
            depth -= 1
    return None


def index_nulls(statement: str) -> str:
    """A btree `CREATE INDEX` whose columns sort NULLs where SQLite does (`_sqlite_nulls`), as
    `translate` gives ORDER BY: PostgreSQL's default order could not serve those listings."""
    span = _index_columns(statement)
    if span is None:
        return statement
    start, end = span
    items = [_sqlite_nulls(item.strip()) for item in _split_items(statement[start:end])]
    return statement[:start] + ", ".join(items) + statement[end:]


def ddl(statement: str) -> list[str]:
    """One statement of a SQLite migration as the PostgreSQL statements that do its work."""
    s = statement.strip().rstrip(";")
    upper = s.upper()
    if upper.startswith("CREATE VIRTUAL TABLE SEGMENTS_FTS"):
        return [_WORDS_FUNCTION, _FTS_INDEX]
    if upper.startswith("CREATE VIRTUAL TABLE EVENT_BOXES"):
        return ["CREATE EXTENSION IF NOT EXISTS btree_gist", _BOXES, _BOXES_INDEX]
    if upper.startswith("CREATE TRIGGER"):
        return []  # the FTS triggers (a GIN index needs none) and the boxes' (a foreign key here)
    if upper.startswith("INSERT") or upper.startswith("UPDATE") or upper.startswith("DELETE"):
        return [translate(s, params=False)]
    out = []
    for code, text in _code_parts(s):
        if code:
            text = re.sub(r"\bINTEGER PRIMARY KEY\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", text)
            text = re.sub(r"\bINTEGER\b", "BIGINT", text)
            text = re.sub(r"\bREAL\b", "DOUBLE PRECISION", text)
            text = re.sub(r"\bBLOB\b", "BYTEA", text)
            text = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', text)
            text = re.sub(r"(\w+) COLLATE NOCASE", r"lower(\1)", text)
            text = re.sub(r"\)\s*WITHOUT ROWID\s*$", ")", text)
        out.append(text)
    s = "".join(out)
    if re.match(r"CREATE TABLE documents\s*\(", s):
        s = re.sub(r"^(CREATE TABLE documents\s*\()", r"\1\n    rowid BIGINT GENERATED ALWAYS AS IDENTITY,", s)
    return [index_nulls(s)]


def nulls_first_rebuilds(migrations: Iterable[tuple[int, str, str]], existing: dict[str, str]) -> list[str]:
    """For a store made before `ddl` placed NULLs as SQLite does: drop and make again each index that the
    `migrations` created (and did not drop) whose definition (`existing`: name → pg_indexes.indexdef)
    lacks it. Indexes already in that order, and a new store's, are left alone."""
    created: dict[str, str] = {}
    for _, _, script in migrations:
        for statement in statements(script):
            made = re.match(r"CREATE (?:UNIQUE )?INDEX (\w+) ON", statement, re.IGNORECASE)
            dropped = re.match(r"DROP INDEX (?:IF EXISTS )?(\w+)", statement, re.IGNORECASE)
            if made:
                created[made.group(1)] = statement
            elif dropped:
                created.pop(dropped.group(1), None)
    out = []
    for name, statement in created.items():
        definition = existing.get(name)
        if definition is None or "NULLS FIRST" in definition.upper() or "USING BTREE" not in definition.upper():
            continue
        out += [f"DROP INDEX {name}", *ddl(statement)]
    return out


#: The span filter `coalesce(date_end, date_start) >= since` as the second bound of each span index:
#: checked inside the index, rows in date order (10M events: p95 681 → 22.5 ms for a province and type).
_SPANS = (("events_type_span", "events", ("type",)), ("events_admin1_span", "events", ("admin1",)),
          ("events_admin1_type_span", "events", ("admin1", "type")), ("events_span", "events", ()),
          ("event_clusters_type_span", "event_clusters", ("type",)),
          ("event_clusters_admin1_span", "event_clusters", ("admin1",)), ("event_clusters_span", "event_clusters", ()))


def postgres_steps(version: int, trgm_schema: str) -> list[str]:
    """What migration `version` does in a PostgreSQL store beyond its SQLite script, in order
    (`trgm_schema`: where the pg_trgm extension lives, made by the caller first). The index rebuilds
    of `nulls_first_rebuilds` come after these."""
    if version != 11:
        return []
    out: list[str] = []
    for name, table, lead in _SPANS:
        columns = ", ".join([*lead, "date_start", "(coalesce(date_end, date_start))"])
        out += [f"DROP INDEX {name}", index_nulls(f"CREATE INDEX {name} ON {table} ({columns})")]
    ops = f'"{trgm_schema}".gin_trgm_ops'
    out += ["DROP INDEX event_participants_actor_event",
            index_nulls("CREATE INDEX event_participants_actor_role ON event_participants (actor_id, role, event_id)"),
            *(f"CREATE INDEX events_{c}_trigrams ON events USING gin ({c} {ops})"
              for c in ("location_name", "admin1", "location_raw")),
            index_nulls("CREATE INDEX events_country ON events (country)"),
            "ALTER TABLE segments ADD COLUMN words tsvector GENERATED ALWAYS AS (warlog_words(text)) STORED",
            "DROP INDEX segments_fts",
            "CREATE INDEX segments_fts ON segments USING gin (words)"]
    return out


# -- full-text queries ----------------------------------------------------------------------------------------

_TOKEN = re.compile(r'"([^"]*)"|(\()|(\))|([^\s()"]+)')
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def tsquery(query: str) -> str:
    """FTS5 query syntax (words, "phrases", OR, AND, NOT, prefix*, parentheses) as a to_tsquery string;
    an empty string when nothing searchable is left."""
    out: list[str] = []
    pending = "&"
    for m in _TOKEN.finditer(query):
        phrase, opening, closing, word = m.groups()
        if word in ("OR", "AND", "NOT"):
            pending = {"OR": "|", "AND": "&", "NOT": "& !"}[word]
            continue
        if closing:
            if out and out[-1] not in ("(",):
                out.append(")")
            continue
        if opening:
            term = "("
        elif phrase is not None:
            words = _WORD.findall(phrase.lower())
            if not words:
                continue
            term = "(" + " <-> ".join(words) + ")" if len(words) > 1 else words[0]
        else:
            prefix = word.endswith("*")
            words = _WORD.findall(word.lower())
            if not words:
                continue
            term = " <-> ".join(words) + (":*" if prefix else "")
            term = f"({term})" if len(words) > 1 else term
        if out and out[-1] != "(":
            out.append(pending)
        out.append(term)
        pending = "&"
    text = " ".join(out)
    balance = text.count("(") - text.count(")")
    return text + ")" * max(balance, 0) if text else ""


def query_words(query: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The words a query looks for (lowercase) and the prefixes of its `prefix*` terms: what a snippet
    highlights."""
    words: set[str] = set()
    prefixes: list[str] = []
    for m in _TOKEN.finditer(query):
        phrase, _, _, word = m.groups()
        text = phrase if phrase is not None else word
        if text is None or text in ("OR", "AND", "NOT"):
            continue
        found = _WORD.findall(text.lower())
        if word is not None and word.endswith("*") and found:
            prefixes.append(found[-1])
            found = found[:-1]
        words.update(found)
    return frozenset(words), tuple(prefixes)


def snippet(text: str, query: str, size: int = 16) -> str:
    """The `size` words of `text` around most of the query's words, those marked «…», with … where the
    text goes on: what SQLite's FTS5 `snippet()` gives, for the PostgreSQL store."""
    words, prefixes = query_words(query)
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return ""

    def hit(t: re.Match[str]) -> bool:
        w = t.group().lower()
        return w in words or any(w.startswith(p) for p in prefixes)

    hits = [hit(t) for t in tokens]
    best = max(range(max(len(tokens) - size + 1, 1)), key=lambda i: (sum(hits[i:i + size]), -i))
    window = range(best, min(best + size, len(tokens)))
    out = "…" if best > 0 else ""
    pos = tokens[best].start() if best > 0 else 0
    for i in window:
        t = tokens[i]
        out += text[pos:t.start()] + (f"«{t.group()}»" if hits[i] else t.group())
        pos = t.end()
    last = tokens[window[-1]]
    return out + ("…" if window[-1] < len(tokens) - 1 else text[last.end():])
