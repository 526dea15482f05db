"""Hand-written fakes for grounding tests: a chat model with queued replies, a knowledge base."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from engine.cancel import CancelToken
from engine.config import SamplingSettings
from engine.knowledge.chunk_reader import ChunkReader, StoredChunk
from engine.knowledge.hybrid import Ranked
from engine.knowledge.keyword_index import segment
from engine.knowledge.store import KnowledgeStore, NewChunk
from engine.knowledge.vector_store import VectorStore
from engine.llm.base import ChatTurn
from engine.storage.db import Database
from engine.types import AnswerDelta, Hit, Location, ModelInfo, Source, SourceStatus, Usage
from tests.unit.engine.llm.fakes import WordModel

SEEDED_MODEL = "fake-model"  # the embedding model id `seed_chunks` stores its vectors under
INFO = ModelInfo("fake.gguf", "fake", "llama", 1, "Q4", 4096, None, 1)


class FakeModel(WordModel):
    """Counts a token per word (+4 per turn) and replies with queued texts, word by word."""

    def __init__(self, replies: Sequence[str] = (), context: int = 4096) -> None:
        super().__init__(context, turn_overhead=4)
        self.info = INFO
        self.replies = list(replies)
        self.prompts: list[list[ChatTurn]] = []

    def stream(
        self,
        turns: Sequence[ChatTurn],
        sampling: SamplingSettings,
        cancel: CancelToken | None = None,
    ) -> Iterator[AnswerDelta]:
        assert self.count_prompt_tokens(turns) <= self.context_size, "prompt overflows the window"
        self.prompts.append(list(turns))
        reply = self.replies.pop(0) if self.replies else "ok"
        words = reply.split(" ")
        produced = 0
        for i, word in enumerate(words):
            if cancel is not None and cancel.cancelled:
                yield AnswerDelta(done=True, finish_reason="cancelled", usage=Usage(1, produced))
                return
            produced += 1
            yield AnswerDelta(text=word if i == 0 else " " + word)
        yield AnswerDelta(done=True, finish_reason="stop", usage=Usage(10, produced))


class FakeSlot:
    """Stands in for ModelSlot: hands out one fake model and counts how often it was asked."""

    def __init__(self, model: FakeModel) -> None:
        self.model = model
        self.loads = 0

    def get(self, settings: object) -> FakeModel:
        self.loads += 1
        return self.model

    def check(self, settings: object) -> None:
        """The fake model is always usable."""

    def is_loaded(self, settings: object) -> bool:
        """"Loaded" once it has been asked for."""
        return self.loads > 0


def hit(
    chunk_id: int,
    text: str,
    *,
    page: int = 1,
    start: int = 0,
    source_id: int = 1,
    score: float = 1.0,
) -> Hit:
    where = Location(source_id, "doc.pdf", "/docs/doc.pdf", page, start, start + len(text))
    return Hit(location=where, text=text, score=score, chunk_id=chunk_id)


class FakeKnowledge:
    """Returns fixed hits for any query and records the queries; real term statistics.

    Stored chunks, vectors and keyword statistics are read from `db` (as the knowledge base
    does); dense rankings are empty, as for an embedding model that cannot read the query.
    """

    def __init__(self, hits: Sequence[Hit], db: Database, ready: bool = True) -> None:
        self.hits = list(hits)
        self.queries: list[str] = []
        self.ready = ready
        self._reader = ChunkReader(db)
        self._vectors = VectorStore(db)

    def search(self, query: str, k: int = 5) -> list[Hit]:
        self.queries.append(query)
        return self.hits[:k]

    def list_sources(self) -> list[Source]:
        status = SourceStatus.READY if self.ready else SourceStatus.INDEXING
        return [Source(1, "doc.pdf", "/docs/doc.pdf", "pdf", status, 3, 3, 0.0, "h")]

    def rankings(self, query: str, candidates: int) -> tuple[Ranked, Ranked, bool]:
        return [], [], False

    def ready_source(self, source_id: int) -> Source:
        return self._reader.ready_source(source_id)

    def chunks(self, source_id: int) -> list[StoredChunk]:
        return self._reader.chunks(source_id)

    def chunk_vectors(self, chunk_ids: Sequence[int]) -> np.ndarray | None:
        found, vectors = self._vectors.vectors(chunk_ids, SEEDED_MODEL, 4)
        return vectors if len(found) == len(chunk_ids) else None

    def chunk_count(self) -> int:
        return self._reader.chunk_count()

    def document_frequency(self, terms: Sequence[str]) -> dict[str, int]:
        return self._reader.document_frequency(terms)

    def chunks_holding(self, terms: Sequence[str], chunk_ids: Sequence[int]) -> dict[str, set[int]]:
        return self._reader.chunks_holding(terms, chunk_ids)


def seed_chunks(db: Database, pages: dict[int, str], title: str = "doc.pdf") -> list[Hit]:
    """Write one ready source whose pages are one chunk each; return them as hits, page order.

    Real SQLite rows (so keyword statistics are real); the vectors are placeholders.
    """
    store = KnowledgeStore(db)
    source_id = store.create_source(f"hash-{title}", f"/docs/{title}", title, "pdf")
    chunks = [
        NewChunk(page, 0, len(text), text, len(text.split()), segment(text),
                 np.full(4, 0.5, dtype=np.float32))
        for page, text in sorted(pages.items())
    ]
    store.add_chunks(source_id, chunks, SEEDED_MODEL, max(pages))
    store.finish(source_id, SourceStatus.READY)
    records = store.records(store.chunk_ids(source_id).tolist())
    return [
        Hit(location=r.location, text=r.text, score=1.0, chunk_id=r.id)
        for r in sorted(records.values(), key=lambda r: r.id)
    ]
