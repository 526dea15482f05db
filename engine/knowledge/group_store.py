"""SQL for groups of sources added from one link: a playlist and its videos (migration 0007).

A group is found again by its key (a playlist's id), so adding the same playlist twice is one
group whose new videos join it. Removing a group removes its sources in the same transaction
as the group row, and grows the knowledge base's generation, so the vector index drops their
vectors the way it does for one removed source.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from engine.errors import NotFoundError
from engine.knowledge.store import KnowledgeStore
from engine.storage.db import Database
from engine.types import SourceGroup

_COLUMNS = "id, kind, title, url, author, added_at"


@dataclass(frozen=True)
class NewGroup:
    """A group about to be stored, or found again by its `key`."""

    key: str
    kind: str
    title: str
    url: str | None = None
    author: str = ""


def _to_group(row: sqlite3.Row) -> SourceGroup:
    return SourceGroup(
        id=row["id"], kind=row["kind"], title=row["title"], url=row["url"],
        author=row["author"], added_at=row["added_at"],
    )


def _missing(group_id: int) -> NotFoundError:
    return NotFoundError(
        f"There is no playlist with id {group_id}.",
        hint="List sources to see the playlists and their ids.",
    )


class GroupStore:
    """Reads and writes source groups. Thread-safe: one read or transaction per method."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def list_groups(self) -> list[SourceGroup]:
        """Every group, oldest first."""
        return [_to_group(r) for r in self.db.query(
            f"SELECT {_COLUMNS} FROM source_groups ORDER BY id")]

    def get_group(self, group_id: int) -> SourceGroup:
        """One group by id. Raises NotFoundError."""
        rows = self.db.query(f"SELECT {_COLUMNS} FROM source_groups WHERE id = ?", (group_id,))
        if not rows:
            raise _missing(group_id)
        return _to_group(rows[0])

    def ensure_group(self, new: NewGroup) -> int:
        """The id of the group with `new.key`, stored now if it is new.

        A group found again takes the title, author and address it has now (a playlist may
        have been renamed since it was first added).
        """
        now = time.time()
        with self.db.transaction() as conn:
            conn.execute(
                """INSERT INTO source_groups (group_key, kind, title, author, url, added_at,
                   updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (group_key) DO UPDATE SET title = excluded.title,
                   author = excluded.author, url = excluded.url,
                   updated_at = excluded.updated_at""",
                (new.key, new.kind, new.title, new.author, new.url, now, now),
            )
            row = conn.execute("SELECT id FROM source_groups WHERE group_key = ?",
                               (new.key,)).fetchone()
            return int(row[0])

    def remove_group(self, group_id: int) -> int:
        """Delete a group with all its sources (chunks, vectors, keyword rows, transcripts).

        Returns the new generation. Raises NotFoundError.
        """
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM sources WHERE group_id = ?", (group_id,))
            if not conn.execute("DELETE FROM source_groups WHERE id = ?", (group_id,)).rowcount:
                raise _missing(group_id)
            return KnowledgeStore.bump(conn)
