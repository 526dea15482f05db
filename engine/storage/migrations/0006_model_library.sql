-- 0006: the chat model library and each conversation's choice of model.
--
-- `library_models` lists GGUF files the person added or downloaded. `owned` files live in the
-- models folder (copied or downloaded) and are deleted with their entry; referenced files stay
-- where they are and are only forgotten. The starter model and the remote endpoint are not
-- rows: they come from the installed package and the settings.
--
-- `conversation_models` keeps a conversation's model choice by id ("starter", "remote" or a
-- library number as text); no row means the default model. A choice whose model was removed
-- is deleted with it, so the conversation falls back to the default.

CREATE TABLE library_models (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    path          TEXT    NOT NULL UNIQUE,
    owned         INTEGER NOT NULL DEFAULT 0 CHECK (owned IN (0, 1)),
    catalog_name  TEXT,
    added_at      REAL    NOT NULL
);

CREATE TABLE conversation_models (
    conversation_id  INTEGER PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    model_id         TEXT    NOT NULL
);
