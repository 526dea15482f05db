"""The knowledge base facade: add documents, list and remove them, search them.

SQLite (through `KnowledgeStore`) is the truth; the FAISS file is derived and is reconciled
with SQLite whenever what is searchable changed (a `generation` number in the database grows
on every change, including changes made by another process). The embedding model loads lazily:
listing and removing sources never import sentence-transformers. Which model serves search, and
switching to another, is `embeddings.EmbeddingModels`' job.

Threading: indexing (`add`, `resume_pending`) is serialized with other writes by one lock, taken
for one source at a time, and belongs on the model lane; `switch_embedding_model` takes that lock
only to begin and to end, so sources can be added while it re-embeds. `queue` and
`cancel_indexing` never wait for indexing: a folder's files are all recorded as queued before
the first is indexed (so the queue survives a quit), and a cancel stops one source, not the
queue. `search`, `list_sources` and `get_source` may run on any thread at the same time and see
only sources that are completely indexed.
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
from engine.errors import NotFoundError, UserInputError
from engine.knowledge import (
    hybrid,
    ingest,
    keyword_index,
    language,
    proximity,
    sentence_rerank,
)
from engine.knowledge.chunk_reader import ChunkReader, StoredChunk
from engine.knowledge.embeddings import (
    EmbedderLoader,
    EmbeddingModels,
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
        # The queue: the source being indexed now with its own cancel token, and passwords
        # given with queued files (kept in memory only).
        self._queue_lock = threading.Lock()
        self._current: tuple[int, CancelToken] | None = None
        self._passwords: dict[int, str] = {}
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
        vector = None
        if reads or len(keyword) < k:
            vector = serving.embedder.embed_query(query)
            dense = serving.index.search(vector, candidates)
        ranked = hybrid.combine(dense, keyword, reads)
        return self.hits(self.rerank(query, ranked, query_vector=vector if reads else None), k)

    def rerank(
        self,
        query: str,
        ranked: hybrid.Ranked,
        *,
        by_sentence: bool = True,
        query_vector: np.ndarray | None = None,
    ) -> hybrid.Ranked:
        """Re-score the head of a ranking: its rare words close together, then its best sentence.

        See engine/knowledge/proximity.py and sentence_rerank.py. A few FTS lookups, the head's
        texts and the embedder on its sentences (~0.15 s): measured in bench/retrieval.py, which
        also prints the figures without the sentences (`by_sentence=False`). `query_vector`:
        the embedder's vector of `query`, when the caller has it and the embedder reads the
        query's language (search embeds the query once). Thread-safe.
        """
        terms = keyword_index.query_terms(query)
        # One read of texts serves both steps: each looks at its own head of the ranking.
        head = [chunk_id for chunk_id, _ in ranked[: max(proximity.HEAD, sentence_rerank.HEAD)]]
        if len(head) < 2:
            return ranked
        texts = {i: r.text for i, r in self._store.records(head).items()}
        if terms:
            weight = proximity.rarity(self._chunks.document_frequency(terms),
                                      max(1, self._chunks.chunk_count()))
            holding = self._chunks.chunks_holding(terms, head)
            ranked = proximity.rerank(query, ranked, texts, weight, holding)
        if not by_sentence:
            return ranked
        return self._by_sentences(query, ranked, texts, query_vector)

    def _by_sentences(self, query: str, ranked: hybrid.Ranked, texts: dict[int, str],
                      query_vector: np.ndarray | None) -> hybrid.Ranked:
        """The head re-scored by its best sentence's cosine, when the embedder reads `query`."""
        embedder = self._models.serving().embedder
        if query_vector is None:
            if not language.reads(embedder.languages, language.detect(query)):
                return ranked
            query_vector = embedder.embed_query(query)
        head = {i: texts[i] for i, _ in ranked[: sentence_rerank.HEAD] if i in texts}
        best = sentence_rerank.best_cosines(query_vector, head, embedder.embed)
        return sentence_rerank.rerank(ranked, best)

    def rankings(self, query: str, candidates: int) -> tuple[hybrid.Ranked, hybrid.Ranked, bool]:
        """Both retrievers' candidates (dense, keyword) and whether the model reads the query.

        For benchmarks and tuning; `search` is `hybrid.combine` over these. Thread-safe, blocks.
        """
        serving = self._models.serving()
        reads = language.reads(serving.embedder.languages, language.detect(query))
        dense = serving.index.search(serving.embedder.embed_query(query), candidates)
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
    def queue(self, paths_: Iterable[Path | str], *, password: str | None = None) -> AddReport:
        """Record files, links and folders (recursively) as waiting to be indexed; one result each.

        Cheap next to indexing (each file is read once to identify it; no model loads; a
        playlist link is listed, a request or two) and not serialized with it: call it while
        `add` or `resume_pending` runs; `resume_pending` indexes whatever is queued, in order.
        A playlist gives one result per video, its videos grouped. A file already indexed is
        reported as present. A `password` is kept in memory only, for the files it came with.
        Thread-safe.
        """
        results: list[AddResult] = []
        for target in self._pipeline.expand(paths_):
            plan = self._adder.plan(target)
            if plan is None:
                results.append(self._pipeline.queue(target))
            elif isinstance(plan, AddResult):
                results.append(plan)
            else:
                results.extend(plan.queue())
        self._keep_password(results, password)
        return AddReport(tuple(results))

    def add(
        self,
        paths_: Iterable[Path | str],
        *,
        password: str | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> AddReport:
        """Index files, links and folders (recursively, files of known kinds); one result each.

        Every file is queued first (`queue`), then indexed in order; a playlist link gives one
        result per video, its videos grouped and indexed in the playlist's order. A file that
        fails gets a one-line reason and the others are still indexed; a file already present
        is not indexed twice; `cancel_indexing` stops one file and the others go on. After
        `cancel` (the whole add), the current and remaining files stay queued (`resume_pending`
        or a later `add` continues them) and a playlist's remaining videos report "cancelled".
        Blocks for as long as the indexing takes; each source is serialized with other writes;
        searches may run meanwhile.
        """
        plans = [(target, self._adder.plan(target)) for target in self._pipeline.expand(paths_)]
        queued = {target: self._pipeline.queue(target) for target, plan in plans if plan is None}
        self._keep_password(list(queued.values()), password)
        self._on_change(Changes(sources=True))
        results: list[AddResult] = []
        for target, plan in plans:
            if plan is None:
                results.append(self._index_added(queued[target], progress, cancel))
            elif isinstance(plan, AddResult):
                results.append(plan)
            else:
                with self._write_lock:
                    results.extend(plan.run(progress, cancel))
        with self._write_lock:
            self._models.save()
        return AddReport(tuple(results))

    def _index_added(
        self, queued: AddResult, progress: ProgressCallback | None, cancel: CancelToken | None
    ) -> AddResult:
        """Index a file `add` queued, unless queueing it already said what became of it."""
        if queued.source_id is None or queued.error or queued.already_present:
            return queued
        return self._index_queued(queued.source_id, progress, cancel)

    def _keep_password(self, results: list[AddResult], password: str | None) -> None:
        """Keep the password given with these queued files, in memory, until their turn."""
        if password is None:
            return
        with self._queue_lock:
            for result in results:
                if result.source_id is not None and not result.already_present:
                    self._passwords[result.source_id] = password

    def cancel_indexing(self, source_id: int) -> Changes:
        """Stop indexing one source, or take it out of the queue; the other sources go on.

        It is kept as cancelled with the pages already indexed: adding it again continues.
        Returns at once (a source being indexed stops within a page). Thread-safe. Raises
        NotFoundError.
        """
        with self._queue_lock:
            if self._current is not None and self._current[0] == source_id:
                self._current[1].cancel()
                return Changes()
            self._store.get_source(source_id)
            self._passwords.pop(source_id, None)
            return Changes(sources=self._store.cancel_queued(source_id))

    def remove(self, source_id: int) -> Changes:
        """Delete a source with its chunks, vectors and keyword rows.

        A source still waiting goes at once (none of it is searchable); one being indexed is
        stopped first. Otherwise serialized with other writes. Raises NotFoundError.
        """
        with self._queue_lock:
            if self._current is not None and self._current[0] == source_id:
                self._current[1].cancel()
            elif self._store.get_source(source_id).status is not SourceStatus.READY:
                self._passwords.pop(source_id, None)
                self._store.remove_source(source_id)
                return Changes(sources=True)
        with self._write_lock:
            self._store.remove_source(source_id)
            self._models.sync_index()
        return Changes(sources=True)

    def remove_group(self, group_id: int) -> Changes:
        """Delete a group (a playlist) with all its sources.

        A video being indexed is stopped first. Serialized with other writes. Raises
        NotFoundError for an unknown id.
        """
        with self._queue_lock:
            if self._current is not None and self._store.get_source(
                self._current[0]
            ).group_id == group_id:
                self._current[1].cancel()
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
        """Index what is queued, in order, and finish what a killed process left half-indexed.

        Sources queued meanwhile (`queue`) are taken too, so one call drains the queue; cancelled
        ones are not resumed. After `cancel` the rest stay queued. Also embeds chunks that lack
        the active model's vector (`EmbeddingModels.repair`; there are none unless the model
        changed under them). Call it at start-up and after `queue`, on the model lane; blocks
        while indexing. Sources another live process is indexing are left alone.
        """
        results: list[AddResult] = []
        tried: set[int] = set()
        while (cancel is None or not cancel.cancelled) and (
            (source_id := self._next_pending(tried)) is not None
        ):
            tried.add(source_id)
            results.append(self._index_queued(source_id, progress, cancel))
        with self._write_lock:
            self._models.repair(progress, cancel)
            self._models.save()
        return AddReport(tuple(results))

    def _next_pending(self, tried: set[int]) -> int | None:
        """The oldest queued or half-indexed source that is this process's or nobody's."""
        for source_id, pid, started in self._store.workers(
            [SourceStatus.INDEXING, SourceStatus.QUEUED]
        ):
            mine = pid == os.getpid()
            if source_id not in tried and (mine or not ingest.worker_alive(pid, started)):
                return source_id
        return None

    def _index_queued(
        self, source_id: int, progress: ProgressCallback | None, cancel: CancelToken | None
    ) -> AddResult:
        """Index one queued source with its own cancel token (a child of the run's).

        Its state is read once the write lock is held: an `add` and a drain running at once
        (the CLI's add while the window drains) take each source once, not twice.
        """
        with self._write_lock:
            with self._queue_lock:
                waiting = self._waiting(source_id, cancel)
                if isinstance(waiting, AddResult):
                    return waiting
                token = cancel.child() if cancel is not None else CancelToken()
                self._current = (source_id, token)
                password = self._passwords.pop(source_id, None)
            try:
                return self._pipeline.index(source_id, password=password, progress=progress,
                                            cancel=token, stop=cancel)
            finally:
                with self._queue_lock:
                    self._current = None
                if cancel is not None:
                    cancel.release(token)

    def _waiting(self, source_id: int, cancel: CancelToken | None) -> Source | AddResult:
        """The source if it still waits its turn, else what became of it. Hold the queue lock."""
        try:
            source = self._store.get_source(source_id)
        except NotFoundError:
            return AddResult(path="", source_id=source_id, cancelled=True,
                             error="It was removed before it was indexed.")
        if source.status is SourceStatus.READY:
            return AddResult(path=source.path, source_id=source_id, already_present=True)
        if source.status not in (SourceStatus.QUEUED, SourceStatus.INDEXING):
            return AddResult(path=source.path, source_id=source_id,
                             cancelled=source.status is SourceStatus.CANCELLED,
                             error=source.error or "Indexing was cancelled.")
        if cancel is not None and cancel.cancelled:
            return AddResult(path=source.path, source_id=source_id, cancelled=True,
                             error="Indexing stopped; it continues the next time Lanthorn starts.")
        return source

    def close(self) -> None:
        """Save the vector index and release the database (when this object opened it).

        Waits for a running write to finish. Safe to call twice.
        """
        with self._write_lock:
            self._models.save()
            if self._owns_db:
                self._db.close()
