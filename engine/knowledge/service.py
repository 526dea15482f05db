"""The knowledge base facade: add documents, list and remove them, search them.

SQLite (through `KnowledgeStore`) is the truth; the FAISS file is derived and is reconciled
with SQLite whenever what is searchable changed (a `generation` number in the database grows
on every change, including changes made by another process). The embedding model loads lazily:
listing and removing sources never import sentence-transformers.

Threading: mutations (`add`, `remove`, `resume_pending`, `set_embedding_model`) are serialized
by one lock and belong on the model lane; `search`, `list_sources` and `get_source` may run on
any thread at the same time and see only sources that are completely indexed.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import TracebackType

import numpy as np

from engine import paths
from engine.cancel import CancelToken
from engine.errors import Cancelled, UserInputError
from engine.knowledge import hybrid, ingest, language
from engine.knowledge.chunk_reader import ChunkReader, StoredChunk
from engine.knowledge.ingest import EmbedderLike, Pipeline
from engine.knowledge.keyword_index import KeywordIndex
from engine.knowledge.readers import Registry
from engine.knowledge.store import KnowledgeStore
from engine.knowledge.vector_index import VectorIndex, index_file
from engine.storage.db import Database
from engine.types import (
    AddReport,
    AddResult,
    ChangeListener,
    Changes,
    EmbeddingStatus,
    Hit,
    Progress,
    ProgressCallback,
    Source,
    SourceStatus,
)

log = logging.getLogger(__name__)

EmbedderLoader = Callable[[Path | None], EmbedderLike]
REEMBED_BATCH = 64


def _load_real_embedder(folder: Path | None) -> EmbedderLike:
    from engine.knowledge.embedder import load_embedder

    return load_embedder(folder)


class KnowledgeBase:
    """Sources, their chunks and the indexes over them, in one data folder.

    Args:
        db: the app's database (migration 0002 holds the knowledge tables).
        embedding_model: a sentence-transformers folder; None for the bundled MiniLM.
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
        self._model_folder = embedding_model
        self._loader = embedder_loader or _load_real_embedder
        self._index_folder = index_folder or paths.index_dir()
        self._write_lock = threading.RLock()
        self._model_lock = threading.RLock()
        self._embedder: EmbedderLike | None = None
        self._vectors: VectorIndex | None = None
        self._synced = -1
        self._dirty = False
        self._on_change = on_change or (lambda _changes: None)
        self._pipeline = Pipeline(
            self._store, self._ready_embedder, self._publish,
            readers=readers, chunker=chunker, chunk_tokens=chunk_tokens, embed_batch=embed_batch,
            on_change=self._on_change,
        )

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

    def ready_source(self, source_id: int) -> Source:
        """A completely indexed source. Raises NotFoundError, or UserInputError (not ready)."""
        return self._chunks.ready_source(source_id)

    def chunks(self, source_id: int) -> list[StoredChunk]:
        """A source's chunks in reading order. Thread-safe."""
        return self._chunks.chunks(source_id)

    def chunk_vectors(self, chunk_ids: Sequence[int]) -> np.ndarray | None:
        """The stored embeddings of these chunks in order; None when any is missing."""
        return self._chunks.vectors(chunk_ids)

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
        embedder = self._ready_embedder()
        reads = language.reads(embedder.languages, language.detect(query))
        candidates = max(hybrid.CANDIDATES, 2 * k)
        keyword = self._keywords.search(query, candidates)
        dense: hybrid.Ranked = []
        if reads or len(keyword) < k:
            dense = self._dense(query, candidates)
        return self.hits(hybrid.combine(dense, keyword, reads), k)

    def rankings(self, query: str, candidates: int) -> tuple[hybrid.Ranked, hybrid.Ranked, bool]:
        """Both retrievers' candidates (dense, keyword) and whether the model reads the query.

        For benchmarks and tuning; `search` is `hybrid.combine` over these. Thread-safe, blocks.
        """
        embedder = self._ready_embedder()
        reads = language.reads(embedder.languages, language.detect(query))
        return self._dense(query, candidates), self._keywords.search(query, candidates), reads

    def _dense(self, query: str, candidates: int) -> hybrid.Ranked:
        vector = self._ready_embedder().embed_query(query)
        return self._synced_index().search(vector, candidates)

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

        A file that fails gets a one-line reason and the others are still indexed; a file
        already present is not indexed twice. After a cancel, the current and remaining files
        report "cancelled" (a later `add` continues where it stopped). Blocks for as long as
        the indexing takes. Serialized with other writes; searches may run meanwhile.
        """
        files = self._pipeline.expand(paths_)
        results: list[AddResult] = []
        with self._write_lock:
            for path in files:
                if cancel is not None and cancel.cancelled:
                    results.append(AddResult(str(path), error="Cancelled before it started.",
                                             cancelled=True))
                    continue
                results.append(
                    self._pipeline.ingest(path, password=password, progress=progress,
                                          cancel=cancel)
                )
            self._save_vectors()
        return AddReport(tuple(results))

    def remove(self, source_id: int) -> Changes:
        """Delete a source with its chunks, vectors and keyword rows.

        Serialized with other writes. Raises NotFoundError for an unknown id.
        """
        with self._write_lock:
            self._store.remove_source(source_id)
            if self._vectors is not None or self._meta_model() is not None:
                self._synced_index()
                self._save_vectors()
        return Changes(sources=True)

    def embedding_status(self) -> EmbeddingStatus:
        """The model whose vectors serve search (and a switch under way). Cheap: no model loads."""
        meta = self._store.meta()
        folder = str(self._model_folder or "")
        return EmbeddingStatus(active=meta.get("model_id", ""), active_folder=folder)

    def switch_embedding_model(
        self,
        folder: Path | None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> Changes:
        """Re-embed everything with the model in `folder` (None: bundled), then use it."""
        return self.set_embedding_model(folder, progress, cancel)

    def resume_pending(
        self, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> AddReport:
        """Finish sources a killed or crashed process left half-indexed (not cancelled ones).

        Call once at start-up, on the model lane; blocks while indexing and is serialized with
        other writes. Sources another live process is indexing are left alone. Encrypted PDFs
        that needed a password fail and must be added again.
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
            self._save_vectors()
        return AddReport(tuple(results))

    def set_embedding_model(
        self,
        folder: Path | None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> Changes:
        """Switch to another sentence-transformers model folder (None: the bundled one).

        Every chunk is re-embedded with the new model (with progress) and the vector index is
        rebuilt, so vectors of two models are never mixed. Blocks for the whole re-embedding.
        Raises ModelError when the folder is not a usable model; Cancelled when cancelled (the
        next call that needs the model finishes the switch). The caller saves the setting.
        Serialized with other writes; searches wait for the switch to finish.
        """
        with self._write_lock, self._model_lock:
            embedder = self._loader(folder)
            self._model_folder = folder
            self._embedder = embedder
            self._adopt(embedder, progress, cancel)
        return Changes(sources=True, settings=True)

    def close(self) -> None:
        """Save the vector index and release the database (when this object opened it).

        Waits for a running write to finish. Safe to call twice.
        """
        with self._write_lock:
            self._save_vectors()
            if self._owns_db:
                self._db.close()

    # ------------------------------------------------------------------ model and index
    def _ready_embedder(self) -> EmbedderLike:
        """The embedder, loaded once, with every stored vector made by it.

        Lock order is always write lock, then model lock (never the reverse).
        """
        with self._model_lock:
            if self._embedder is None:
                self._embedder = self._loader(self._model_folder)
            embedder = self._embedder
            current = self._meta_model() == embedder.model_id
        if not current:
            with self._write_lock, self._model_lock:
                if self._meta_model() != embedder.model_id:
                    self._adopt(embedder, None, None)
        return embedder

    def _adopt(
        self, embedder: EmbedderLike, progress: ProgressCallback | None, cancel: CancelToken | None
    ) -> None:
        """Re-embed chunks made by another model, then make `embedder` the index's model."""
        stale = self._store.count_stale(embedder.model_id)
        done = 0
        for batch in self._store.stale_chunks(embedder.model_id, REEMBED_BATCH):
            if cancel is not None and cancel.cancelled:
                raise Cancelled("Switching the embedding model was cancelled.")
            vectors = embedder.embed([text for _, text in batch])
            self._store.replace_vectors([i for i, _ in batch], vectors, embedder.model_id)
            done += len(batch)
            if progress is not None:
                progress(Progress(done, stale, stage="re-embedding", item=embedder.model_id))
        old = self._meta_model()
        self._store.set_meta({
            "model_id": embedder.model_id,
            "dimension": str(embedder.dimension),
            "languages": json.dumps(sorted(embedder.languages)),
        })
        self._vectors, self._synced = None, -1
        if old is not None and old != embedder.model_id:
            index_file(self._index_folder, old).unlink(missing_ok=True)
            self._synced_index()
            self._save_vectors()

    def _meta_model(self) -> str | None:
        return self._store.meta().get("model_id")

    def _synced_index(self) -> VectorIndex:
        """The vector index, loaded once and reconciled with SQLite whenever it changed."""
        with self._model_lock:
            meta = self._store.meta()
            model_id, dimension = meta.get("model_id", ""), int(meta.get("dimension", "0"))
            if self._vectors is None:
                self._vectors = VectorIndex(index_file(self._index_folder, model_id), dimension)
                self._synced = -1
            generation = self._store.generation()
            if generation != self._synced:
                expected = self._store.searchable_ids(model_id)
                added, dropped = self._vectors.reconcile(
                    expected, lambda ids: self._store.vectors(ids, dimension)
                )
                self._synced = generation
                self._dirty = self._dirty or bool(added or dropped)
            return self._vectors

    def _publish(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Put a just-finished source's vectors into the index (before it turns ready)."""
        self._synced_index().add(ids, vectors)
        self._dirty = True

    def _save_vectors(self) -> None:
        if self._vectors is not None and self._dirty:
            self._vectors.save()
            self._dirty = False

