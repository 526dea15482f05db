-- 0008: a stored answer knows it was stopped part-way (Esc, Stop), so a reopened conversation
-- shows it as stopped with Regenerate, as it was shown when it was written.
ALTER TABLE answer_grounding ADD COLUMN stopped INTEGER NOT NULL DEFAULT 0
    CHECK (stopped IN (0, 1));
