"""The model library's rows in SQLite (migration 0006): added files, conversations' choices.

Thread-safe through the Database's lock; every write is one transaction.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from engine.errors import NotFoundError
from engine.storage.db import Database


@dataclass(frozen=True)
class LibraryRow:
    """One added file: `owned` ones live in the models folder and go with their entry."""

    id: int
    path: str
    owned: bool
    catalog_name: str | None
    added_at: float


class LibraryStore:
    """Added model files and which model each conversation uses."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def rows(self) -> list[LibraryRow]:
        """Every added file, oldest first."""
        return [_row(r) for r in self._db.query("SELECT * FROM library_models ORDER BY id")]

    def get(self, model_id: int) -> LibraryRow:
        """One added file. Raises NotFoundError."""
        found = self._db.query("SELECT * FROM library_models WHERE id = ?", (model_id,))
        if not found:
            raise NotFoundError(
                f"There is no model {model_id} in the library.",
                hint="`models list` shows the ids.",
            )
        return _row(found[0])

    def by_path(self, path: str) -> LibraryRow | None:
        """The row for `path`, if it was added."""
        found = self._db.query("SELECT * FROM library_models WHERE path = ?", (path,))
        return _row(found[0]) if found else None

    def add(self, path: str, *, owned: bool, catalog_name: str | None = None) -> LibraryRow:
        """Add `path` (or return its row when it is there already)."""
        existing = self.by_path(path)
        if existing is not None:
            return existing
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO library_models (path, owned, catalog_name, added_at)"
                " VALUES (?, ?, ?, ?)",
                (path, int(owned), catalog_name, time.time()),
            )
        row = self.by_path(path)
        assert row is not None  # just inserted, in the same lock
        return row

    def remove(self, model_id: int) -> None:
        """Forget a row and every conversation's choice of it."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM library_models WHERE id = ?", (model_id,))
            conn.execute(
                "DELETE FROM conversation_models WHERE model_id = ?", (str(model_id),)
            )

    def choice(self, conversation_id: int) -> str | None:
        """The model id a conversation chose, or None for the default."""
        found = self._db.query(
            "SELECT model_id FROM conversation_models WHERE conversation_id = ?",
            (conversation_id,),
        )
        return str(found[0]["model_id"]) if found else None

    def choose(self, conversation_id: int, model_id: str | None) -> None:
        """Keep `model_id` as the conversation's model (None: back to the default).

        Raises:
            NotFoundError: no such conversation.
        """
        with self._db.transaction() as conn:
            exists = conn.execute(
                "SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if exists is None:
                raise NotFoundError(
                    f"Conversation {conversation_id} does not exist.",
                    hint="It may have been deleted; pick another from the list.",
                )
            conn.execute(
                "DELETE FROM conversation_models WHERE conversation_id = ?", (conversation_id,)
            )
            if model_id is not None:
                conn.execute(
                    "INSERT INTO conversation_models (conversation_id, model_id) VALUES (?, ?)",
                    (conversation_id, model_id),
                )

    def forget_choices_of(self, model_id: str) -> None:
        """Conversations that chose `model_id` go back to the default."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM conversation_models WHERE model_id = ?", (model_id,))


def _row(row: sqlite3.Row) -> LibraryRow:
    return LibraryRow(
        id=int(row["id"]),
        path=str(row["path"]),
        owned=bool(row["owned"]),
        catalog_name=row["catalog_name"],
        added_at=float(row["added_at"]),
    )
