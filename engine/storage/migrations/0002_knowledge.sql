-- 0002: the knowledge base. Sources (documents), their chunks, each chunk's embedding, and a
-- keyword index over a word-segmented copy of each chunk's text.
--
-- This database is the truth: the FAISS file in the index folder is rebuilt from
-- `chunk_vectors` whenever it is missing, corrupt or out of step, with no re-embedding.
-- AUTOINCREMENT keeps chunk ids (which are also the FAISS ids) from ever being reused, so a
-- stale vector can never point at a newer, unrelated chunk.

CREATE TABLE sources (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    -- SHA-256 of the file's bytes: the same file added twice is one source.
    content_hash     TEXT    NOT NULL UNIQUE,
    path             TEXT    NOT NULL,
    url              TEXT,
    title            TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    status           TEXT    NOT NULL
                     CHECK (status IN ('queued', 'indexing', 'ready', 'failed', 'cancelled')),
    page_count       INTEGER NOT NULL DEFAULT 0,
    -- Pages 1..pages_done are fully written (chunks, vectors, keywords): resume starts after.
    pages_done       INTEGER NOT NULL DEFAULT 0,
    chunk_count      INTEGER NOT NULL DEFAULT 0,
    scanned_pages    TEXT    NOT NULL DEFAULT '[]',  -- JSON list of page numbers
    failed_pages     TEXT    NOT NULL DEFAULT '[]',  -- JSON list of [page, reason]
    error            TEXT    NOT NULL DEFAULT '',
    notice           TEXT    NOT NULL DEFAULT '',
    embedding_model  TEXT    NOT NULL DEFAULT '',
    -- The process indexing this source now (pid and its start time), so another process
    -- never resumes a source that is still being indexed, but does resume a killed one.
    worker_pid       INTEGER,
    worker_started   REAL,
    added_at         REAL    NOT NULL,
    updated_at       REAL    NOT NULL
);

CREATE INDEX sources_by_status ON sources (status);

CREATE TABLE chunks (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id    INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    ord          INTEGER NOT NULL,
    page         INTEGER,          -- 1-based; NULL for sources without pages
    char_start   INTEGER NOT NULL, -- span in the page's cleaned text
    char_end     INTEGER NOT NULL,
    start_s      REAL,             -- timed sources (transcripts)
    end_s        REAL,
    text         TEXT    NOT NULL,
    token_count  INTEGER NOT NULL,
    UNIQUE (source_id, ord)
);

CREATE INDEX chunks_by_source_page ON chunks (source_id, page);

-- float32 little-endian vectors, L2-normalized, with the model that made each one.
CREATE TABLE chunk_vectors (
    chunk_id  INTEGER PRIMARY KEY REFERENCES chunks (id) ON DELETE CASCADE,
    model_id  TEXT    NOT NULL,
    vector    BLOB    NOT NULL
);

CREATE INDEX chunk_vectors_by_model ON chunk_vectors (model_id);

-- Keyword index: `terms` is the chunk text segmented into words (jieba for Chinese runs), so
-- unicode61 sees one token per word in every language. rowid = chunks.id.
CREATE VIRTUAL TABLE chunk_terms USING fts5 (
    terms,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER chunk_terms_delete AFTER DELETE ON chunks BEGIN
    DELETE FROM chunk_terms WHERE rowid = old.id;
END;

-- Facts about the whole knowledge base: the embedding model (id, dimension, languages) and a
-- generation number bumped on every change of what is searchable.
CREATE TABLE knowledge_meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
