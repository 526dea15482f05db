"""Read-only queries over the knowledge tables (migration 0002) that grounding needs.

The knowledge base's facade answers searches; grounding also needs a whole source's chunks in
reading order with their stored embeddings (to summarize it without re-embedding anything) and
how many chunks hold a word (to weigh query words by rarity when judging coverage). Both are
plain reads, so they live here rather than widening the facade. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.errors import NotFoundError, UserInputError
from engine.storage.db import Database
from engine.types import SourceStatus

_BATCH = 500  # ids per IN (...) list, well under SQLite's variable limit


@dataclass(frozen=True)
class StoredChunk:
    """One chunk of a source as stored: `text == page_text[start:end]`."""

    id: int
    page: int | None
    start: int
    end: int
    text: str
    token_count: int
    start_s: float | None = None
    end_s: float | None = None


@dataclass(frozen=True)
class SourceHeader:
    """What a summary needs to know about its source."""

    id: int
    title: str
    path: str
    url: str | None
    pages: int
    status: SourceStatus


class ChunkReader:
    """Reads chunks, vectors and term statistics. Thread-safe (each call is one read)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def source(self, source_id: int) -> SourceHeader:
        """One source's header.

        Raises:
            NotFoundError: no such source.
        """
        rows = self._db.query(
            "SELECT id, title, path, url, page_count, status FROM sources WHERE id = ?",
            (source_id,),
        )
        if not rows:
            raise NotFoundError(
                f"There is no source with id {source_id}.",
                hint="Run `lanthorn sources` to see the ids.",
            )
        r = rows[0]
        return SourceHeader(
            r["id"], r["title"], r["path"], r["url"], r["page_count"], SourceStatus(r["status"])
        )

    def ready_source(self, source_id: int) -> SourceHeader:
        """A source that is completely indexed.

        Raises:
            NotFoundError: no such source.
            UserInputError: it is still indexing, failed or was cancelled.
        """
        header = self.source(source_id)
        if header.status is not SourceStatus.READY:
            raise UserInputError(
                f"Source {source_id} is not ready to read (it is {header.status}).",
                hint="Wait until it is indexed, or add it again if it failed.",
            )
        return header

    def chunks(self, source_id: int) -> list[StoredChunk]:
        """All chunks of a source in reading order."""
        rows = self._db.query(
            "SELECT id, page, char_start, char_end, text, token_count, start_s, end_s"
            " FROM chunks WHERE source_id = ? ORDER BY ord",
            (source_id,),
        )
        return [StoredChunk(*tuple(r)) for r in rows]

    def vectors(self, chunk_ids: Sequence[int]) -> np.ndarray | None:
        """The stored embeddings of these chunks, in order; None when any is missing."""
        found: dict[int, bytes] = {}
        ids = [int(i) for i in chunk_ids]
        for first in range(0, len(ids), _BATCH):
            part = ids[first : first + _BATCH]
            marks = ",".join("?" * len(part))
            rows = self._db.query(
                f"SELECT chunk_id, vector FROM chunk_vectors WHERE chunk_id IN ({marks})",
                tuple(part),
            )
            found.update((int(r[0]), bytes(r[1])) for r in rows)
        if not ids or len(found) < len(set(ids)):
            return None
        sizes = {len(blob) for blob in found.values()}
        if len(sizes) != 1:
            return None  # vectors of two models: a model switch is under way
        return np.stack([np.frombuffer(found[i], dtype="<f4") for i in ids]).astype(np.float32)

    def chunk_count(self) -> int:
        """Chunks of ready sources (the N of inverse document frequency)."""
        rows = self._db.query(
            "SELECT count(*) FROM chunks c JOIN sources s ON s.id = c.source_id"
            " WHERE s.status = 'ready'"
        )
        return int(rows[0][0])

    def document_frequency(self, terms: Sequence[str]) -> dict[str, int]:
        """How many chunks (of any source) hold each keyword term, as the keyword index sees it.

        Terms are quoted, so FTS5 syntax in them is only ever text.
        """
        counts: dict[str, int] = {}
        for term in dict.fromkeys(terms):
            phrase = '"' + term.replace('"', '""') + '"'
            rows = self._db.query(
                "SELECT count(*) FROM chunk_terms WHERE chunk_terms MATCH ?", (phrase,)
            )
            counts[term] = int(rows[0][0])
        return counts

    def chunks_holding(self, terms: Sequence[str], chunk_ids: Sequence[int]) -> dict[str, set[int]]:
        """For each keyword term, which of `chunk_ids` hold it (with the index's own stemming)."""
        ids = [int(i) for i in chunk_ids][:_BATCH]
        found: dict[str, set[int]] = {}
        if not ids:
            return {term: set() for term in terms}
        marks = ",".join("?" * len(ids))
        for term in dict.fromkeys(terms):
            phrase = '"' + term.replace('"', '""') + '"'
            rows = self._db.query(
                f"SELECT rowid FROM chunk_terms WHERE chunk_terms MATCH ? AND rowid IN ({marks})",
                (phrase, *ids),
            )
            found[term] = {int(r[0]) for r in rows}
        return found
