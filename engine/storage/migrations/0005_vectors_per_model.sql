-- 0005: a chunk holds one vector per embedding model, so switching the model writes the new
-- model's vectors beside the old ones while search keeps answering from the old ones; when the
-- new vectors are complete the old ones are deleted (engine/knowledge/embeddings.py).
--
-- SQLite cannot change a primary key in place, so the table is rebuilt: every row is copied in
-- this same transaction before the old table goes, and a crash mid-upgrade leaves version 4
-- exactly as it was. No vector is lost and none is recomputed.
--
-- knowledge_meta keeps its keys (`model_id`, `dimension`, `languages`: the active model) and
-- gains `model_folder` (where the active model lives; '' for the bundled one) and the
-- `pending_*` keys of a switch under way, written by the engine. A database from before this
-- migration has no `model_folder`: the engine finds it on first use (see embeddings.py).

CREATE TABLE chunk_vectors_0005 (
    chunk_id  INTEGER NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,
    model_id  TEXT    NOT NULL,
    vector    BLOB    NOT NULL,  -- float32 little-endian, L2-normalized
    PRIMARY KEY (chunk_id, model_id)
);

INSERT INTO chunk_vectors_0005 (chunk_id, model_id, vector)
SELECT chunk_id, model_id, vector FROM chunk_vectors;

DROP TABLE chunk_vectors;

ALTER TABLE chunk_vectors_0005 RENAME TO chunk_vectors;

-- "Which chunks have a vector from model M" (search's ids, a switch's progress) reads this.
CREATE INDEX chunk_vectors_by_model ON chunk_vectors (model_id, chunk_id);
