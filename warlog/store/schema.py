"""Schema migrations for the SQLite store. Each migration is (version, name, SQL); applied in order,
each in its own transaction, and recorded in `schema_migrations`. Never edit a released migration:
add a new one. The PostgreSQL store runs the same migrations translated (`pg_dialect.ddl`), plus the
steps `pg_dialect.postgres_steps` gives a version; a migration whose script is empty is one for
PostgreSQL only, recorded in both so their versions stay aligned."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
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
    (3, "actors, actor mentions, events with participants and evidence, relations", """
CREATE TABLE actors (
    actor_id   TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    country    TEXT,
    aliases    TEXT NOT NULL DEFAULT '[]',
    parent     TEXT,
    wikidata   TEXT,
    source     TEXT NOT NULL,
    first_seen TEXT NOT NULL
);
CREATE INDEX actors_name ON actors (name COLLATE NOCASE);
CREATE INDEX actors_kind_country ON actors (kind, country);

CREATE TABLE actor_mentions (
    id        INTEGER PRIMARY KEY,
    doc_id    TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    actor_id  TEXT,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    country   TEXT,
    segment   INTEGER NOT NULL,
    sentence  INTEGER NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    surface   TEXT NOT NULL,
    how       TEXT NOT NULL,
    score     REAL NOT NULL,
    written   TEXT
);
CREATE INDEX actor_mentions_doc ON actor_mentions (doc_id);
CREATE INDEX actor_mentions_actor ON actor_mentions (actor_id);

CREATE TABLE events (
    event_id        TEXT PRIMARY KEY,
    doc_id          TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    type            TEXT NOT NULL,
    modes           TEXT NOT NULL DEFAULT '[]',
    context         TEXT NOT NULL DEFAULT '[]',
    location_name   TEXT,
    place_id        TEXT,
    geonames_id     INTEGER,
    lat             REAL,
    lon             REAL,
    admin1          TEXT,
    country         TEXT,
    precision       INTEGER,
    relation        TEXT,
    location_raw    TEXT,
    location_reason TEXT,
    date_edtf       TEXT,
    date_start      TEXT,
    date_end        TEXT,
    date_precision  TEXT,
    date_raw        TEXT,
    date_relative   TEXT,
    date_reason     TEXT,
    killed          INTEGER,
    wounded         INTEGER,
    detained        INTEGER,
    abducted        INTEGER,
    fatalities      INTEGER,
    count_reports   TEXT NOT NULL DEFAULT '{}',
    weapon          TEXT,
    certainty       TEXT NOT NULL,
    attributed_to   TEXT,
    historical      INTEGER NOT NULL DEFAULT 0,
    confidence      REAL NOT NULL,
    extractor       TEXT NOT NULL,
    acled_event_type     TEXT,
    acled_sub_event_type TEXT,
    gtd_attack_type      TEXT,
    cameo_root           TEXT
);
CREATE INDEX events_doc ON events (doc_id);
CREATE INDEX events_type_date ON events (type, date_start);
CREATE INDEX events_date ON events (date_start);
CREATE INDEX events_admin1 ON events (admin1, date_start);

CREATE TABLE event_participants (
    event_id TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
    role     TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    seq      INTEGER NOT NULL,
    actor_id TEXT,
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    country  TEXT,
    segment  INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    surface  TEXT NOT NULL,
    how      TEXT NOT NULL,
    written  TEXT,
    PRIMARY KEY (event_id, role, seq)
);
CREATE INDEX event_participants_actor ON event_participants (actor_id);

CREATE TABLE event_evidence (
    event_id TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    doc_id   TEXT NOT NULL,
    segment  INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    quote    TEXT NOT NULL,
    PRIMARY KEY (event_id, seq)
);

CREATE TABLE relations (
    relation_id  TEXT PRIMARY KEY,
    doc_id       TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    subject_id   TEXT,
    subject_name TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    relation     TEXT NOT NULL,
    object_id    TEXT,
    object_name  TEXT NOT NULL,
    object_kind  TEXT NOT NULL,
    former       INTEGER NOT NULL DEFAULT 0,
    date         TEXT,
    certainty    TEXT NOT NULL,
    pattern      TEXT NOT NULL,
    confidence   REAL NOT NULL,
    extractor    TEXT NOT NULL,
    segment      INTEGER NOT NULL,
    sentence     INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    quote        TEXT NOT NULL,
    subject_start INTEGER NOT NULL,
    subject_end   INTEGER NOT NULL,
    subject_surface TEXT NOT NULL,
    object_start  INTEGER NOT NULL,
    object_end    INTEGER NOT NULL,
    object_surface TEXT NOT NULL
);
CREATE INDEX relations_doc ON relations (doc_id);
CREATE INDEX relations_subject ON relations (subject_id);
CREATE INDEX relations_object ON relations (object_id);
"""),
    (4, "analyst decisions on actors, merge suggestions", """
CREATE TABLE decisions (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'reject')),
    subject    TEXT NOT NULL,
    object     TEXT NOT NULL,
    note       TEXT,
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    undone_at  TEXT
);
CREATE INDEX decisions_subject ON decisions (subject);
CREATE INDEX decisions_object ON decisions (object);

CREATE TABLE merge_suggestions (
    a          TEXT NOT NULL,
    b          TEXT NOT NULL,
    score      REAL NOT NULL,
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (a, b)
);
"""),
    (5, "indexes for queries at scale", """
DROP INDEX events_type_date;
DROP INDEX events_admin1;
DROP INDEX events_date;
CREATE INDEX events_type_span ON events (type, date_start, date_end);
CREATE INDEX events_admin1_span ON events (admin1, date_start, date_end);
CREATE INDEX events_admin1_type_span ON events (admin1, type, date_start, date_end);
CREATE INDEX events_span ON events (date_start, date_end);
CREATE INDEX events_listing ON events ((date_start IS NULL), date_start);
DROP INDEX event_participants_actor;
CREATE INDEX event_participants_actor_event ON event_participants (actor_id, event_id);
DROP INDEX actor_mentions_actor;
CREATE INDEX actor_mentions_actor_forms ON actor_mentions (actor_id, doc_id, surface, written, name, kind, country);
CREATE INDEX actor_mentions_name ON actor_mentions (name COLLATE NOCASE);
CREATE INDEX actor_mentions_surface ON actor_mentions (surface COLLATE NOCASE);
CREATE INDEX actor_mentions_written ON actor_mentions (written COLLATE NOCASE) WHERE written IS NOT NULL;
CREATE INDEX merge_suggestions_b ON merge_suggestions (b);
"""),
    (6, "analyst decisions on events, web users", """
CREATE TABLE event_decisions (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('confirm', 'edit', 'reject', 'merge', 'split')),
    event_id   TEXT NOT NULL,
    other_id   TEXT,
    field      TEXT,
    value      TEXT,
    note       TEXT,
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    undone_at  TEXT,
    CHECK ((kind IN ('merge', 'split')) = (other_id IS NOT NULL)),
    CHECK ((kind = 'edit') = (field IS NOT NULL))
);
CREATE INDEX event_decisions_event ON event_decisions (event_id);
CREATE INDEX event_decisions_other ON event_decisions (other_id) WHERE other_id IS NOT NULL;

CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    disabled_at   TEXT
);
"""),
    (7, "canonical events across documents (dedup), near-duplicate documents", """
CREATE TABLE event_clusters (
    cluster_id          TEXT PRIMARY KEY,
    type                TEXT NOT NULL,
    date_start          TEXT,
    date_end            TEXT,
    location_name       TEXT,
    admin1              TEXT,
    country             TEXT,
    lat                 REAL,
    lon                 REAL,
    reports             INTEGER NOT NULL,
    sources             INTEGER NOT NULL,
    independent_sources INTEGER NOT NULL,
    first_reported      TEXT,
    last_reported       TEXT
);
CREATE INDEX event_clusters_listing ON event_clusters ((date_start IS NULL), date_start);
CREATE INDEX event_clusters_type_span ON event_clusters (type, date_start, date_end);
CREATE INDEX event_clusters_admin1_span ON event_clusters (admin1, date_start, date_end);
CREATE INDEX event_clusters_span ON event_clusters (date_start, date_end);

CREATE TABLE cluster_members (
    id         INTEGER PRIMARY KEY,
    event_id   TEXT NOT NULL UNIQUE REFERENCES events (event_id) ON DELETE CASCADE,
    cluster_id TEXT NOT NULL,
    doc_id     TEXT NOT NULL,
    how        TEXT NOT NULL CHECK (how IN ('seed', 'auto', 'repost', 'analyst', 'unchecked')),
    score      REAL NOT NULL,
    reason     TEXT NOT NULL,
    matched    TEXT,
    reported   TEXT
);
CREATE INDEX cluster_members_cluster ON cluster_members (cluster_id);
CREATE INDEX cluster_members_doc ON cluster_members (doc_id);
CREATE INDEX cluster_members_unchecked ON cluster_members (how) WHERE how = 'unchecked';

CREATE VIRTUAL TABLE event_boxes USING rtree (
    id, day0, day1, family0, family1, country0, country1, lat0, lat1, lon0, lon1
);
CREATE TRIGGER cluster_members_ad AFTER DELETE ON cluster_members BEGIN
    DELETE FROM event_boxes WHERE id = old.id;
END;

CREATE TABLE document_fingerprints (
    doc_id    TEXT PRIMARY KEY REFERENCES documents (doc_id) ON DELETE CASCADE,
    signature BLOB NOT NULL,
    shingles  INTEGER NOT NULL
);
CREATE TABLE fingerprint_bands (
    band   INTEGER NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    PRIMARY KEY (band, doc_id)
) WITHOUT ROWID;
CREATE INDEX fingerprint_bands_doc ON fingerprint_bands (doc_id);

CREATE TABLE document_links (
    doc_id      TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    original_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    jaccard     REAL NOT NULL,
    containment REAL NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (doc_id, original_id)
);
CREATE INDEX document_links_original ON document_links (original_id);

INSERT INTO cluster_members (event_id, cluster_id, doc_id, how, score, reason, reported)
SELECT e.event_id, 'c' || substr(e.event_id, 2), e.doc_id, 'unchecked', 0, 'stored before dedup existed',
       coalesce(d.published, d.ingested_at)
FROM events e JOIN documents d ON d.doc_id = e.doc_id;
INSERT INTO event_clusters (cluster_id, type, date_start, date_end, location_name, admin1, country, lat, lon,
                            reports, sources, independent_sources, first_reported, last_reported)
SELECT m.cluster_id, e.type, e.date_start, e.date_end, e.location_name, e.admin1, e.country, e.lat, e.lon,
       1, 1, 1, m.reported, m.reported
FROM cluster_members m JOIN events e ON e.event_id = m.event_id;
"""),
    (8, "index for the review queue", """
CREATE INDEX events_review_queue ON events (confidence, (date_start IS NULL), date_start, event_id);
"""),
    (9, "documents by origin, for inputs ingested again without their URL", """
CREATE INDEX documents_origin ON documents (origin);
"""),
    (10, "web desk login sessions", """
CREATE TABLE web_sessions (
    key        TEXT PRIMARY KEY,
    user_name  TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (user_name);
CREATE INDEX web_sessions_seen ON web_sessions (seen_at);
"""),
    (11, "PostgreSQL: indexes in SQLite's order of NULLs, on date spans, place substrings, stored words", ""),
)

LATEST: Final = MIGRATIONS[-1][0]


def statements(script: str) -> Iterator[str]:
    """Split a migration script into statements (triggers keep their inner semicolons)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf.strip()
            buf = ""
    if buf.strip():
        yield buf.strip()
