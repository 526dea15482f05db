"""Recordings kept in the database: what Whisper heard, or the captions YouTube gave (0007).

Kept per source, written as soon as the recording is made and before any chunk is indexed,
so a run killed while indexing resumes without transcribing (or downloading) again. Cues are
one JSON list of [start_s, end_s, text] triples: read and written whole, never queried. A
transcript goes with its source (the foreign key cascades).
"""

from __future__ import annotations

import json
import time

from engine.knowledge.readers.timed import Recording, TimedText
from engine.storage.db import Database


class TranscriptStore:
    """Reads and writes kept recordings. Thread-safe: one read or transaction per method."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, source_id: int) -> Recording | None:
        """The recording kept for a source, or None."""
        rows = self.db.query(
            """SELECT title, author, duration_s, language, origin, cues FROM transcripts
               WHERE source_id = ?""",
            (source_id,),
        )
        if not rows:
            return None
        row = rows[0]
        cues = tuple(
            TimedText(text=str(text), start_s=float(start), end_s=float(end))
            for start, end, text in json.loads(row["cues"])
        )
        return Recording(
            title=row["title"], cues=cues, author=row["author"], duration_s=row["duration_s"],
            language=row["language"], origin=row["origin"],
        )

    def put(self, source_id: int, recording: Recording) -> None:
        """Keep a source's recording (replacing one kept before)."""
        cues = json.dumps([[c.start_s, c.end_s, c.text] for c in recording.cues],
                          ensure_ascii=False)
        with self.db.transaction() as conn:
            conn.execute(
                """INSERT OR REPLACE INTO transcripts (source_id, title, author, duration_s,
                   language, origin, cues, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (source_id, recording.title, recording.author, recording.duration_s,
                 recording.language, recording.origin, cues, time.time()),
            )
