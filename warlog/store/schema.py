"""Schema migrations for the SQLite store. Each migration is (version, name, SQL); applied in order,
each in its own transaction, and recorded in `schema_migrations`. Never edit a released migration:
add a new one."""

from __future__ import annotations

from typing import Final

SEGMENT_KINDS_SQL: Final = (
    "'headline','subheading','body','byline','author_bio','tags','comment','boilerplate'"
)

MIGRATIONS: Final[tuple[tuple[int, str, str], ...]] = (
    (1, "documents, segments, full-text index, raw inputs, rejections", f"""
CREATE TABLE documents (
    doc_id        TEXT PRIMARY KEY,
    url           TEXT,
    canonical_url TEXT,
    title         TEXT,
    published     TEXT,
    source        TEXT,
    fetched       TEXT,
    origin        TEXT NOT NULL,
    media         TEXT NOT NULL CHECK (media IN ('text', 'html')),
    content_hash  TEXT NOT NULL,
    input_hash    TEXT NOT NULL,
    segmenter     TEXT NOT NULL,
    text          TEXT NOT NULL,
    ingested_at   TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_source ON documents (source);
CREATE INDEX documents_content_hash ON documents (content_hash);
CREATE UNIQUE INDEX documents_canonical_url ON documents (canonical_url) WHERE canonical_url IS NOT NULL;

CREATE TABLE segments (
    id      INTEGER PRIMARY KEY,
    doc_id  TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ({SEGMENT_KINDS_SQL})),
    start   INTEGER NOT NULL CHECK (start >= 0),
    "end"   INTEGER NOT NULL CHECK ("end" >= start),
    author  TEXT,
    text    TEXT NOT NULL,
    UNIQUE (doc_id, seq)
);
CREATE INDEX segments_kind ON segments (kind);

CREATE VIRTUAL TABLE segments_fts USING fts5 (
    text, content = 'segments', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER segments_ai AFTER INSERT ON segments BEGIN
    INSERT INTO segments_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER segments_ad AFTER DELETE ON segments BEGIN
    INSERT INTO segments_fts (segments_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TABLE raw_inputs (
    doc_id  TEXT PRIMARY KEY REFERENCES documents (doc_id) ON DELETE CASCADE,
    media   TEXT NOT NULL,
    codec   TEXT NOT NULL DEFAULT 'zlib',
    content BLOB NOT NULL
);

CREATE TABLE rejections (
    id         INTEGER PRIMARY KEY,
    origin     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    message    TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    times      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (origin, reason)
);
"""),
    (2, "place and date mentions, extractor version", """
ALTER TABLE documents ADD COLUMN extractor TEXT;
ALTER TABLE documents ADD COLUMN focus_country TEXT;

CREATE TABLE place_mentions (
    id          INTEGER PRIMARY KEY,
    doc_id      TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    segment     INTEGER NOT NULL,
    sentence    INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    label       TEXT NOT NULL,
    place_id    TEXT,
    geonames_id INTEGER,
    name        TEXT,
    lat         REAL,
    lon         REAL,
    admin1      TEXT,
    country     TEXT,
    precision   INTEGER,
    relation    TEXT,
    reason      TEXT NOT NULL,
    score       REAL NOT NULL
);
CREATE INDEX place_mentions_doc ON place_mentions (doc_id);
CREATE INDEX place_mentions_place ON place_mentions (place_id);

CREATE TABLE date_mentions (
    id          INTEGER PRIMARY KEY,
    doc_id      TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    segment     INTEGER NOT NULL,
    sentence    INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    edtf        TEXT,
    date_start  TEXT,
    date_end    TEXT,
    precision   TEXT,
    relative_to TEXT
);
CREATE INDEX date_mentions_doc ON date_mentions (doc_id);
"""),
)

LATEST: Final = MIGRATIONS[-1][0]
