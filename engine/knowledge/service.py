"""The knowledge base facade: add documents, list and remove them, search them.

SQLite (through `KnowledgeStore`) is the truth; the FAISS file is derived and is reconciled
with SQLite whenever what is searchable changed (a `generation` number in the database grows
on every change, including changes made by another process). The embedding model loads lazily:
listing and removing sources never import sentence-transformers. Which model serves search, and
switching to another, is `embeddings.EmbeddingModels`' job.

Threading: mutations (`add`, `remove`, `resume_pending`) are serialized by one lock and belong
on the model lane; `switch_embedding_model` takes that lock only to begin and to end, so sources
can be added while it re-embeds. `search`, `list_sources` and `get_source` may run on any thread
at the same time and see only sources that are completely indexed.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

import numpy as np

from engine import paths
from engine.cancel import CancelToken
from engine.errors import UserInputError
from engine.knowledge import hybrid, ingest, keyword_index, language, proximity
from engine.knowledge.chunk_reader import ChunkReader, StoredChunk
from engine.knowledge.embeddings import (
    EmbedderLoader,
    EmbeddingModels,
    Serving,
    load_real_embedder,
)
from engine.knowledge.group_ingest import Adder
from engine.knowledge.group_store import GroupStore
from engine.knowledge.ingest import Pipeline
from engine.knowledge.keyword_index import KeywordIndex
from engine.knowledge.readers import Registry
from engine.knowledge.store import KnowledgeStore
from engine.knowledge.vector_store import VectorStore
from engine.storage.db import Database
from engine.types import (
    AddReport,
    AddResult,
    ChangeListener,
    Changes,
    EmbeddingStatus,
    Hit,
    ProgressCallback,
    Source,
    SourceGroup,
    SourceStatus,
)

log = logging.getLogger(__name__)


class KnowledgeBase:
    """Sources, their chunks and the indexes over them, in one data folder.

    Args:
        db: the app's database (migration 0002 holds the knowledge tables).
        embedding_model: the sentence-transformers folder a new knowledge base starts with
            (None: the bundled MiniLM). Once vectors exist, the model that made them serves
            search, wherever this points; `switch_embedding_model` changes it.
        embedder_loader: loads the model from a folder (tests pass a shared or fake one).
        index_folder: where the FAISS file lives (default `paths.index_dir()`).
        owns_db: close `db` in `close()`.
        on_change: told (on the working thread) whenever a source appears, changes state or goes.
        readers, chunker, chunk_tokens, embed_batch: the ingestion pipeline's parts and sizes
            (`readers`: the reader registry; None for the app's readers).
    """

    def __init__(
        self,
        db: Database,
        *,
        embedding_model: Path | None = None,
        embedder_loader: EmbedderLoader | None = None,
        index_folder: Path | None = None,
        owns_db: bool = False,
        on_change: ChangeListener | None = None,
        readers: Registry | None = None,
        chunker: ingest.Chunker | None = None,
        chunk_tokens: int = ingest.CHUNK_TOKENS,
        embed_batch: int = ingest.EMBED_BATCH,
    ) -> None:
        self._db = db
        self._owns_db = owns_db
        self._store = KnowledgeStore(db)
        self._chunks = ChunkReader(db)
        self._keywords = KeywordIndex(db)
        self._write_lock = threading.RLock()
        self._models = EmbeddingModels(
            VectorStore(db), self._store.generation, embedder_loader or load_real_embedder,
            embedding_model, index_folder or paths.index_dir(), self._write_lock,
        )
        self._on_change = on_change or (lambda _changes: None)
        self._pipeline = Pipeline(
            self._store, self._models.embedder, self._models.publish,
            readers=readers, chunker=chunker, chunk_tokens=chunk_tokens, embed_batch=embed_batch,
            on_change=self._on_change,
        )
        self._groups = GroupStore(db)
        self._adder = Adder(self._pipeline, self._store, self._groups, self._on_change)

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ reads
    def list_sources(self) -> list[Source]:
        """Every source with its status, oldest first. Thread-safe; does not block on writes."""
        return self._store.list_sources()

    def get_source(self, source_id: int) -> Source:
        """One source. Thread-safe. Raises NotFoundError for an unknown id."""
        return self._store.get_source(source_id)

    def list_groups(self) -> list[SourceGroup]:
        """Every group of sources (playlists), oldest first. Thread-safe."""
        return self._groups.list_groups()

    def get_group(self, group_id: int) -> tuple[SourceGroup, list[Source]]:
        """A group and its sources in the order they were added. Raises NotFoundError."""
        return self._groups.get_group(group_id), self._store.group_sources(group_id)

    def ready_source(self, source_id: int) -> Source:
        """A completely indexed source. Raises NotFoundError, or UserInputError (not ready)."""
        return self._chunks.ready_source(source_id)

    def chunks(self, source_id: int) -> list[StoredChunk]:
        """A source's chunks in reading order. Thread-safe."""
        return self._chunks.chunks(source_id)

    def chunk_vectors(self, chunk_ids: Sequence[int]) -> np.ndarray | None:
        """The active model's embeddings of these chunks in order; None when any is missing."""
        return self._models.stored_vectors(chunk_ids)

    def chunk_count(self) -> int:
        """Chunks of ready sources (the N of inverse document frequency)."""
        return self._chunks.chunk_count()

    def document_frequency(self, terms: Sequence[str]) -> dict[str, int]:
        """How many chunks hold each keyword term, as the keyword index sees it."""
        return self._chunks.document_frequency(terms)

    def chunks_holding(self, terms: Sequence[str], chunk_ids: Sequence[int]) -> dict[str, set[int]]:
        """For each keyword term, which of `chunk_ids` hold it."""
        return self._chunks.chunks_holding(terms, chunk_ids)

    def search(self, query: str, k: int = 5) -> list[Hit]:
        """The `k` passages that best match `query`, from completely indexed sources only.

        Blocks (the first call loads the embedding model, seconds). Thread-safe: may run while
        another thread adds documents. Raises UserInputError when k < 1, ModelError when the
        embedding model cannot be loaded.
        """
        if k < 1:
            raise UserInputError("The number of results must be at least 1.")
        if not query.strip():
            return []
        serving = self._models.serving()
        reads = language.reads(serving.embedder.languages, language.detect(query))
        candidates = max(hybrid.CANDIDATES, 2 * k)
        keyword = self._keywords.search(query, candidates)
        dense: hybrid.Ranked = []
        if reads or len(keyword) < k:
            dense = _dense(serving, query, candidates)
        return self.hits(self.rerank(query, hybrid.combine(dense, keyword, reads)), k)

    def rerank(self, query: str, ranked: hybrid.Ranked) -> hybrid.Ranked:
        """Re-score the head of a ranking by how close the query's rare words sit in each chunk.

        See engine/knowledge/proximity.py. A few FTS lookups and the head's texts: measured in
        bench/retrieval.py. Thread-safe.
        """
        terms = keyword_index.query_terms(query)
        head = [chunk_id for chunk_id, _ in ranked[: proximity.HEAD]]
        if len(head) < 2 or not terms:
            return ranked
        texts = {i: r.text for i, r in self._store.records(head).items()}
        weight = proximity.rarity(self._chunks.document_frequency(terms),
                                  max(1, self._chunks.chunk_count()))
        holding = self._chunks.chunks_holding(terms, head)
        return proximity.rerank(query, ranked, texts, weight, holding)

    def rankings(self, query: str, candidates: int) -> tuple[hybrid.Ranked, hybrid.Ranked, bool]:
        """Both retrievers' candidates (dense, keyword) and whether the model reads the query.

        For benchmarks and tuning; `search` is `hybrid.combine` over these. Thread-safe, blocks.
        """
        serving = self._models.serving()
        reads = language.reads(serving.embedder.languages, language.detect(query))
        dense = _dense(serving, query, candidates)
        return dense, self._keywords.search(query, candidates), reads

    def hits(self, ranked: hybrid.Ranked, k: int) -> list[Hit]:
        """The first `k` chunks of a ranking that belong to ready sources, as hits."""
        top = ranked[: k * 2 + 10]
        records = self._store.records([chunk_id for chunk_id, _ in top])
        hits = []
        for chunk_id, score in top:
            r = records.get(chunk_id)
            if r is not None:
                hits.append(Hit(location=r.location, text=r.text, score=score, chunk_id=r.id))
        return hits[:k]

    # ------------------------------------------------------------------ writes
    def add(
        self,
        paths_: Iterable[Path | str],
        *,
        password: str | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> AddReport:
        """Index files, links and folders (recursively, files of known kinds); one result each.

        A playlist link gives one result per video, its videos grouped. A file that fails gets
        a one-line reason and the others are still indexed; a file already present is not
        indexed twice. After a cancel, the current and remaining files report "cancelled" (a
        later `add` continues where it stopped). Blocks for as long as the indexing takes.
        Serialized with other writes; searches may run meanwhile.
        """
        files = self._pipeline.expand(paths_)
        results: list[AddResult] = []
        with self._write_lock:
            for path in files:
                if cancel is not None and cancel.cancelled:
                    results.append(AddResult(str(path), error="Cancelled before it started.",
                                             cancelled=True))
                    continue
                results.extend(
                    self._adder.add(path, password=password, progress=progress, cancel=cancel)
                )
            self._models.save()
        return AddReport(tuple(results))

    def remove(self, source_id: int) -> Changes:
        """Delete a source with its chunks, vectors and keyword rows.

        Serialized with other writes. Raises NotFoundError for an unknown id.
        """
        with self._write_lock:
            self._store.remove_source(source_id)
            self._models.sync_index()
        return Changes(sources=True)

    def remove_group(self, group_id: int) -> Changes:
        """Delete a group (a playlist) with all its sources.

        Serialized with other writes. Raises NotFoundError for an unknown id.
        """
        with self._write_lock:
            self._groups.remove_group(group_id)
            self._models.sync_index()
        return Changes(sources=True)

    def embedding_status(self) -> EmbeddingStatus:
        """The model whose vectors serve search, and a switch under way. Cheap: no model loads."""
        return self._models.status()

    def switch_embedding_model(
        self,
        folder: Path | None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> Changes:
        """Re-embed every chunk with the model in `folder` (None: the bundled one), then use it.

        Search keeps answering from the active model until the new vectors are complete; a
        switch to the active model cancels a pending one. Blocks for the whole re-embedding;
        documents may be added and searched meanwhile. Raises ModelError (not a usable model
        folder) and Cancelled (what was re-embedded is kept; calling again continues). The
        caller saves the setting.
        """
        return self._models.switch(folder, progress, cancel)

    def resume_pending(
        self, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> AddReport:
        """Finish sources a killed or crashed process left half-indexed (not cancelled ones).

        Also embeds chunks that lack the active model's vector (`EmbeddingModels.repair`; there
        are none unless the model changed under them). Call once at start-up, on the model lane;
        blocks while indexing and is serialized with other writes. Sources another live process
        is indexing are left alone. Encrypted PDFs that needed a password fail and must be
        added again.
        """
        results: list[AddResult] = []
        with self._write_lock:
            for source_id, pid, started in self._store.workers(
                [SourceStatus.INDEXING, SourceStatus.QUEUED]
            ):
                if pid != os.getpid() and ingest.worker_alive(pid, started):
                    continue
                results.append(
                    self._pipeline.resume(source_id, progress=progress, cancel=cancel)
                )
            self._models.repair(progress, cancel)
            self._models.save()
        return AddReport(tuple(results))

    def close(self) -> None:
        """Save the vector index and release the database (when this object opened it).

        Waits for a running write to finish. Safe to call twice.
        """
        with self._write_lock:
            self._models.save()
            if self._owns_db:
                self._db.close()


def _dense(serving: Serving, query: str, candidates: int) -> hybrid.Ranked:
    """Nearest chunks by the active model: its query vector searched in its own index."""
    return serving.index.search(serving.embedder.embed_query(query), candidates)
