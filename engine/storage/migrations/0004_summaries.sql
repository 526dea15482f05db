-- 0004: a stored answer knows whether it is a summary, and of which source, so regenerating a
-- reopened summary summarizes the source again instead of answering "Summarize X" as a question.
ALTER TABLE answer_grounding ADD COLUMN summary_of INTEGER;

-- Summaries written before this migration: a covered answer with citations but no quoted
-- passages (a question's answer always quotes its passages), all citing one source.
UPDATE answer_grounding
SET summary_of = (SELECT min(c.source_id) FROM answer_citations c
                  WHERE c.message_id = answer_grounding.message_id)
WHERE covered = 1
  AND NOT EXISTS (SELECT 1 FROM answer_sources s WHERE s.message_id = answer_grounding.message_id)
  AND EXISTS (SELECT 1 FROM answer_citations c WHERE c.message_id = answer_grounding.message_id)
  AND (SELECT count(DISTINCT c.source_id) FROM answer_citations c
       WHERE c.message_id = answer_grounding.message_id) = 1;
