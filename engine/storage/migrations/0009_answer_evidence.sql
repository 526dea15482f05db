-- 0009: evidence first. The one or two sentences shown above an answer before the model wrote,
-- each cited to its page with the exact span, so a reopened conversation shows them again.
-- Answers stored before this migration have none (and show none).
CREATE TABLE answer_evidence (
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
