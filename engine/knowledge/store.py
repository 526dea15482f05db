"""SQL for the knowledge base: sources, their groups, chunks, vectors and keyword rows.

Every write that must land together (a batch of chunks with their vectors, keyword rows and the
source's `pages_done`) is one transaction, so a killed process leaves a source at a page
boundary it can resume from. Vectors are float32 bytes, never pickles; reading them, and the
embedding models they come from, is `vector_store.py`'s job.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from engine.errors import NotFoundError
from engine.knowledge.documents import DocumentInfo
from engine.storage.db import Database
from engine.types import Location, Source, SourceStatus

_SOURCE_COLUMNS = """id, title, path, kind, status, page_count, chunk_count, added_at,
    content_hash, pages_done, scanned_pages, failed_pages, error, notice, embedding_model, url,
    author, duration_s, group_id"""


@dataclass(frozen=True)
class NewChunk:
    """A chunk ready to be written: where it is, its text, vector and keyword terms.

    Timed sources' chunks have no page and carry the seconds they span.
    """

    page: int | None
    start: int
    end: int
    text: str
    token_count: int
    terms: str
    vector: np.ndarray
    start_s: float | None = None
    end_s: float | None = None


@dataclass(frozen=True)
class ChunkRecord:
    """A stored chunk joined with its (ready) source, as search needs it."""

    id: int
    location: Location
    text: str


def to_source(row: sqlite3.Row) -> Source:
    """A source from a row of `_SOURCE_COLUMNS`."""
    return Source(
        id=row["id"],
        title=row["title"],
        path=row["path"],
        kind=row["kind"],
        status=SourceStatus(row["status"]),
        pages=row["page_count"],
        chunks=row["chunk_count"],
        added_at=row["added_at"],
        content_hash=row["content_hash"],
        pages_done=row["pages_done"],
        scanned_pages=tuple(json.loads(row["scanned_pages"])),
        failed_pages=tuple((int(p), str(r)) for p, r in json.loads(row["failed_pages"])),
        error=row["error"],
        notice=row["notice"],
        embedding_model=row["embedding_model"],
        url=row["url"],
        author=row["author"],
        duration_s=row["duration_s"],
        group_id=row["group_id"],
    )


class KnowledgeStore:
    """Reads and writes the knowledge tables.

    Thread-safe: each method is one read or one transaction through the Database lock.
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    # ------------------------------------------------------------------ sources
    def list_sources(self) -> list[Source]:
        """Every source, oldest first."""
        rows = self.db.query(f"SELECT {_SOURCE_COLUMNS} FROM sources ORDER BY id")
        return [to_source(r) for r in rows]

    def get_source(self, source_id: int) -> Source:
        """One source by id; NotFoundError when there is none."""
        rows = self.db.query(f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE id = ?", (source_id,))
        if not rows:
            raise NotFoundError(
                f"There is no source with id {source_id}.",
                hint="List sources to see their ids.",
            )
        return to_source(rows[0])

    def find_by_hash(self, content_hash: str) -> Source | None:
        """Return the source made from a file with these bytes, if any."""
        rows = self.db.query(
            f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE content_hash = ?", (content_hash,)
        )
        return to_source(rows[0]) if rows else None

    def create_source(
        self,
        content_hash: str,
        path: str,
        title: str,
        kind: str,
        *,
        url: str | None = None,
        group_id: int | None = None,
        queued_for: tuple[int, float] | None = None,
    ) -> int:
        """Insert a source in state `queued` and return its id (`url`: it lives on the web).

        With `queued_for` (pid, start time) it waits in that worker's queue: the videos of a
        playlist are stored as soon as the playlist is read, each showing its own state, and no
        other process resumes them while this one works through the list.
        """
        now = time.time()
        row: dict[str, object] = {
            "content_hash": content_hash, "path": path, "url": url, "title": title,
            "kind": kind, "status": "queued", "added_at": now, "updated_at": now,
        }
        if group_id is not None:
            row["group_id"] = group_id
        if queued_for is not None:
            row.update(worker_pid=queued_for[0], worker_started=queued_for[1])
        with self.db.transaction() as conn:
            cursor = conn.execute(
                f"INSERT INTO sources ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()),
            )
            return int(cursor.lastrowid or 0)

    def claim(
        self,
        source_id: int,
        worker: tuple[int, float],
        path: str,
        alive: Callable[[int | None, float], bool],
        status: SourceStatus = SourceStatus.INDEXING,
    ) -> bool:
        """Make `worker` (pid, start time) the indexer of a source, unless a live one has it.

        With `status` QUEUED the source waits in `worker`'s queue: no other live process
        takes it, and a later process resumes it once `worker` is gone.
        """
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT status, worker_pid, worker_started FROM sources WHERE id = ?",
                (source_id,),
            ).fetchone()
            holder = (row["worker_pid"], row["worker_started"] or 0.0)
            busy = row["status"] in ("indexing", "queued") and holder[0] is not None
            if busy and holder != worker and alive(*holder):
                return False
            conn.execute(
                """UPDATE sources SET status = ?, error = '', worker_pid = ?,
                   worker_started = ?, path = ?, updated_at = ? WHERE id = ?""",
                (str(status), worker[0], worker[1], path, time.time(), source_id),
            )
            # Chunks past pages_done cannot exist (they are written with it); be certain.
            conn.execute(
                """DELETE FROM chunks WHERE source_id = ? AND page >
                   (SELECT pages_done FROM sources WHERE id = ?)""",
                (source_id, source_id),
            )
            return True

    def workers(self, statuses: Sequence[SourceStatus]) -> list[tuple[int, int | None, float]]:
        """(source id, worker pid, worker start time) of the sources in these states."""
        marks = ",".join("?" * len(statuses))
        rows = self.db.query(
            f"SELECT id, worker_pid, worker_started FROM sources WHERE status IN ({marks})"
            " ORDER BY id",
            tuple(str(s) for s in statuses),
        )
        return [(r["id"], r["worker_pid"], r["worker_started"] or 0.0) for r in rows]

    def cancel_queued(self, source_id: int) -> bool:
        """Take a source out of the queue as cancelled; False when it was not queued."""
        with self.db.transaction() as conn:
            cursor = conn.execute(
                """UPDATE sources SET status = 'cancelled', error = '', worker_pid = NULL,
                   updated_at = ? WHERE id = ? AND status = 'queued'""",
                (time.time(), source_id),
            )
            return cursor.rowcount > 0

    def set_document(self, source_id: int, info: DocumentInfo) -> None:
        """Record what the document says about itself once it is open."""
        with self.db.transaction() as conn:
            conn.execute(
                """UPDATE sources SET title = ?, page_count = ?, author = ?, duration_s = ?,
                   updated_at = ? WHERE id = ?""",
                (info.title, info.page_count, info.author, info.duration_s, time.time(),
                 source_id),
            )

    def finish(
        self,
        source_id: int,
        status: SourceStatus,
        *,
        error: str = "",
        notice: str = "",
        pages: tuple[tuple[int, ...], tuple[tuple[int, str], ...]] | None = None,
        model_id: str = "",
    ) -> int:
        """Set a source's final state (and its page report); return the new generation."""
        with self.db.transaction() as conn:
            conn.execute(
                """UPDATE sources SET status = ?, error = ?, notice = ?, updated_at = ?,
                   worker_pid = NULL, embedding_model = CASE WHEN ? = '' THEN embedding_model
                   ELSE ? END WHERE id = ?""",
                (str(status), error, notice, time.time(), model_id, model_id, source_id),
            )
            if pages is not None:
                conn.execute(
                    "UPDATE sources SET scanned_pages = ?, failed_pages = ? WHERE id = ?",
                    (json.dumps(list(pages[0])), json.dumps(list(pages[1])), source_id),
                )
            return self.bump(conn) if status is SourceStatus.READY else self._generation(conn)

    def remove_source(self, source_id: int) -> tuple[list[int], int]:
        """Delete a source with its chunks, vectors and keyword rows; return (chunk ids, gen).

        A group left without sources goes too.
        """
        with self.db.transaction() as conn:
            ids = [r[0] for r in conn.execute("SELECT id FROM chunks WHERE source_id = ?",
                                              (source_id,))]
            row = conn.execute("SELECT group_id FROM sources WHERE id = ?",
                               (source_id,)).fetchone()
            if row is None:
                raise NotFoundError(
                    f"There is no source with id {source_id}.",
                    hint="List sources to see their ids.",
                )
            conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
            conn.execute(
                """DELETE FROM source_groups WHERE id = ? AND NOT EXISTS
                   (SELECT 1 FROM sources WHERE group_id = ?)""",
                (row["group_id"], row["group_id"]),
            )
            return ids, self.bump(conn)

    def group_sources(self, group_id: int) -> list[Source]:
        """The sources of a group, in the order they were added."""
        rows = self.db.query(
            f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE group_id = ? ORDER BY id", (group_id,)
        )
        return [to_source(r) for r in rows]

    # ------------------------------------------------------------------ chunks
    def add_chunks(
        self, source_id: int, chunks: Sequence[NewChunk], model_id: str, pages_done: int
    ) -> None:
        """Write chunks with their vectors and keyword rows, and move `pages_done`, atomically."""
        with self.db.transaction() as conn:
            ord_ = conn.execute(
                "SELECT COALESCE(MAX(ord), -1) + 1 FROM chunks WHERE source_id = ?", (source_id,)
            ).fetchone()[0]
            for offset, chunk in enumerate(chunks):
                cursor = conn.execute(
                    """INSERT INTO chunks (source_id, ord, page, char_start, char_end, start_s,
                       end_s, text, token_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    (source_id, ord_ + offset, chunk.page, chunk.start, chunk.end, chunk.start_s,
                     chunk.end_s, chunk.text, chunk.token_count),
                )
                chunk_id = cursor.lastrowid
                conn.execute(
                    "INSERT INTO chunk_vectors (chunk_id, model_id, vector) VALUES (?, ?, ?)",
                    (chunk_id, model_id, vector_bytes(chunk.vector)),
                )
                conn.execute(
                    "INSERT INTO chunk_terms (rowid, terms) VALUES (?, ?)", (chunk_id, chunk.terms)
                )
            conn.execute(
                """UPDATE sources SET pages_done = ?, updated_at = ?,
                   chunk_count = chunk_count + ? WHERE id = ?""",
                (pages_done, time.time(), len(chunks), source_id),
            )

    def chunk_ids(self, source_id: int) -> np.ndarray:
        """Ids of one source's chunks."""
        rows = self.db.query("SELECT id FROM chunks WHERE source_id = ? ORDER BY id", (source_id,))
        return np.array([r[0] for r in rows], dtype=np.int64)

    def records(self, ids: Sequence[int]) -> dict[int, ChunkRecord]:
        """Chunks of ready sources among `ids`, by id (others are silently left out)."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.query(
            f"""SELECT c.id, c.source_id, s.title, s.path, s.url, c.page, c.char_start,
                c.char_end, c.start_s, c.end_s, c.text FROM chunks c
                JOIN sources s ON s.id = c.source_id
                WHERE s.status = 'ready' AND c.id IN ({marks})""",
            tuple(ids),
        )
        return {
            r["id"]: ChunkRecord(
                id=r["id"],
                location=Location(
                    source_id=r["source_id"], title=r["title"], path=r["path"], page=r["page"],
                    start=r["char_start"], end=r["char_end"], start_s=r["start_s"],
                    end_s=r["end_s"], url=r["url"],
                ),
                text=r["text"],
            )
            for r in rows
        }

    # ------------------------------------------------------------------ meta
    def generation(self) -> int:
        """Return a number that grows whenever what search can see changes."""
        rows = self.db.query("SELECT value FROM knowledge_meta WHERE key = 'generation'")
        return int(rows[0][0]) if rows else 0

    @staticmethod
    def bump(conn: sqlite3.Connection) -> int:
        """Grow the generation (what search can see changed) in the transaction `conn`."""
        conn.execute(
            """INSERT INTO knowledge_meta (key, value) VALUES ('generation', '1')
               ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"""
        )
        return KnowledgeStore._generation(conn)

    @staticmethod
    def _generation(conn: sqlite3.Connection) -> int:
        row = conn.execute("SELECT value FROM knowledge_meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0


def vector_bytes(vector: np.ndarray) -> bytes:
    """A vector as stored: float32 little-endian bytes."""
    return np.ascontiguousarray(vector, dtype="<f4").tobytes()
