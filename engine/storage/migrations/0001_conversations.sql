-- 0001: conversations and their messages, with full-text search over message text.
--
-- AUTOINCREMENT keeps ids from ever being reused, so a view still holding the id of a deleted
-- conversation or message can never reach a newer, unrelated one.
-- Times are seconds since the Unix epoch (UTC), as Python's time.time() returns them.

CREATE TABLE conversations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    title       TEXT    NOT NULL,
    created_at  REAL    NOT NULL,
    updated_at  REAL    NOT NULL
);

CREATE INDEX conversations_by_updated ON conversations (updated_at DESC, id DESC);

CREATE TABLE messages (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id    INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role               TEXT    NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
    text               TEXT    NOT NULL,
    created_at         REAL    NOT NULL,
    model              TEXT,
    prompt_tokens      INTEGER CHECK (prompt_tokens IS NULL OR prompt_tokens >= 0),
    completion_tokens  INTEGER CHECK (completion_tokens IS NULL OR completion_tokens >= 0)
);

CREATE INDEX messages_by_conversation ON messages (conversation_id, id);

-- External-content FTS5 index: the text lives once, in `messages`; the triggers below keep the
-- index in step inside the same transaction as every write (cascaded deletes fire them too).
-- The trigram tokenizer matches any substring of three or more characters, which is what makes
-- Chinese (written without spaces) searchable; shorter queries fall back to LIKE in the store.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    text,
    content = 'messages',
    content_rowid = 'id',
    tokenize = 'trigram'
);

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
END;
