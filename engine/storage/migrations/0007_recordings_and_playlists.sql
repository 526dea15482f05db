-- 0007: recordings, videos and playlists as sources.
--
-- `source_groups` holds sources added together from one link: a YouTube playlist, whose
-- videos are each a source of their own with `group_id` set. `group_key` says who the group
-- is (e.g. "youtube-playlist:<id>"), so adding the same playlist again finds it and adds only
-- the videos that are new. Deleting a group deletes its sources (and, through them, their
-- chunks, vectors, keyword rows and transcripts); the engine also deletes them explicitly.
--
-- `transcripts` keeps what was said in a recording or video (Whisper's segments, or the
-- captions YouTube gave), so resuming after a kill or indexing again never transcribes or
-- downloads a second time. It goes with its source.
--
-- Sources gain what a recording or video says about itself: its `author` (a video's
-- channel) and its length. Existing rows keep their values; the new columns start empty.

CREATE TABLE source_groups (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    group_key   TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    author      TEXT    NOT NULL DEFAULT '',
    url         TEXT,
    added_at    REAL    NOT NULL,
    updated_at  REAL    NOT NULL
);

ALTER TABLE sources ADD COLUMN group_id INTEGER REFERENCES source_groups (id) ON DELETE CASCADE;
ALTER TABLE sources ADD COLUMN author TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN duration_s REAL;

CREATE INDEX sources_by_group ON sources (group_id);

CREATE TABLE transcripts (
    source_id   INTEGER PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
    title       TEXT    NOT NULL,
    author      TEXT    NOT NULL DEFAULT '',
    duration_s  REAL,
    language    TEXT    NOT NULL DEFAULT '',
    -- How it was made: "whisper tiny.en", "captions en", "automatic captions en" ...
    origin      TEXT    NOT NULL DEFAULT '',
    -- JSON list of [start_s, end_s, text], in time order.
    cues        TEXT    NOT NULL,
    created_at  REAL    NOT NULL
);
