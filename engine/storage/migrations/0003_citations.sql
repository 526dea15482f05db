-- 0003: what each stored answer was grounded on, so reopening a conversation (or exporting it)
-- shows the same sources and citations the answer had when it was written.
--
-- Sources and citations keep their own copy of title, path and page: history must outlive a
-- source that is later removed from the knowledge base, so `source_id` is deliberately not a
-- foreign key. Rows go with their message (ON DELETE CASCADE), which also covers a deleted
-- conversation, a regenerated reply and an edited question.

-- One row per assistant message that went through grounding.
CREATE TABLE answer_grounding (
    message_id         INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    -- 1: the documents cover the question; 0: they do not (the reply says so);
    -- NULL: the knowledge base was not used (none, empty, or skipped).
    covered            INTEGER CHECK (covered IS NULL OR covered IN (0, 1)),
    -- 1: answered from the model's own knowledge at the user's request, not from documents.
    general_knowledge  INTEGER NOT NULL DEFAULT 0 CHECK (general_knowledge IN (0, 1)),
    -- What retrieval searched for (a follow-up is searched with what it refers to).
    search_query       TEXT    NOT NULL DEFAULT ''
);

-- The numbered passages the prompt quoted ([n] in the prompt), best first.
CREATE TABLE answer_sources (
    message_id  INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    n           INTEGER NOT NULL CHECK (n >= 1),
    source_id   INTEGER NOT NULL,
    title       TEXT    NOT NULL,
    path        TEXT    NOT NULL,
    page        INTEGER,
    char_start  INTEGER NOT NULL,  -- span of the passage in the page's cleaned text
    char_end    INTEGER NOT NULL,
    start_s     REAL,
    end_s       REAL,
    url         TEXT,
    PRIMARY KEY (message_id, n)
);

-- The citations of the answer: each [n] with the quoted span of its page.
CREATE TABLE answer_citations (
    message_id  INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    n           INTEGER NOT NULL CHECK (n >= 1),
    source_id   INTEGER NOT NULL,
    title       TEXT    NOT NULL,
    path        TEXT    NOT NULL,
    page        INTEGER,
    quote       TEXT    NOT NULL,
    char_start  INTEGER NOT NULL,  -- span of the quote in the page's cleaned text
    char_end    INTEGER NOT NULL,
    start_s     REAL,
    end_s       REAL,
    url         TEXT,
    PRIMARY KEY (message_id, n)
);
