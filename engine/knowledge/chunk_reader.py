"""Read-only queries over the knowledge tables that grounding needs, behind the knowledge base.

Search answers questions; grounding also needs a whole source's chunks in reading order (to
summarize it; their stored embeddings come from `vector_store`) and how many chunks hold a word
(to weigh query words by rarity when judging coverage). `KnowledgeBase` offers these reads, so
chat/ never queries the knowledge tables itself. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engine.errors import UserInputError
from engine.knowledge.store import KnowledgeStore
from engine.storage.db import Database
from engine.types import Location, Source, SourceStatus

_BATCH = 500  # ids per IN (...) list, well under SQLite's variable limit


@dataclass(frozen=True)
class StoredChunk:
    """One chunk of a source as stored: `text == page_text[location.start:location.end]`."""

    id: int
    location: Location
    text: str
    token_count: int


class ChunkReader:
    """Reads chunks, vectors and term statistics. Thread-safe (each call is one read)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._sources = KnowledgeStore(db)

    def ready_source(self, source_id: int) -> Source:
        """A source that is completely indexed.

        Raises:
            NotFoundError: no such source.
            UserInputError: it is still indexing, failed or was cancelled.
        """
        source = self._sources.get_source(source_id)
        if source.status is not SourceStatus.READY:
            raise UserInputError(
                f"Source {source_id} is not ready to read (it is {source.status}).",
                hint="Wait until it is indexed, or add it again if it failed.",
            )
        return source

    def chunks(self, source_id: int) -> list[StoredChunk]:
        """All chunks of a source in reading order (none for an unknown source)."""
        rows = self._db.query(
            "SELECT c.id, c.page, c.char_start, c.char_end, c.text, c.token_count, c.start_s,"
            " c.end_s, s.title, s.path, s.url FROM chunks c JOIN sources s ON s.id = c.source_id"
            " WHERE c.source_id = ? ORDER BY c.ord",
            (source_id,),
        )
        return [
            StoredChunk(
                id=r["id"],
                location=Location(
                    source_id=source_id, title=r["title"], path=r["path"], page=r["page"],
                    start=r["char_start"], end=r["char_end"], start_s=r["start_s"],
                    end_s=r["end_s"], url=r["url"],
                ),
                text=r["text"],
                token_count=r["token_count"],
            )
            for r in rows
        ]

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
