"""The embedding models of a knowledge base: the active one serving search, and a switch.

Search always uses the active model: its embedder for the query and its FAISS index (derived
from its vectors in SQLite), taken together (`Serving`), so a query is never compared with
another model's vectors. Switching to another model is a long job: the pending model's vectors
are written beside the active ones in batches, with progress, an ETA and a cancel check between
batches; what was written is kept, so a cancelled or killed switch resumes where it stopped.
Documents added meanwhile get the active model's vectors and the switch embeds them too before
it ends. It ends when every chunk has the new model's vector: the new FAISS index is built and
saved (atomically) while search still runs on the old one, then one transaction makes the new
model active and deletes the old vectors, and the embedder and index are swapped under the lock.

Where each model loads from is recorded in the database, so after a restart queries are embedded
by the model that made the vectors, whatever the settings say, and nothing is ever re-embedded
inside a search. A database from before migration 0005 does not record the active model's
folder: it is the configured folder or the bundled one, whichever makes the recorded model. If
neither does (or a model folder changed on disk), the model found there becomes active and
`repair` (run by `resume_pending` at start-up) embeds the chunks that lack its vectors; until
then keyword search still finds them.

Measured on this 2-core machine, int8 MiniLM, batches of 64: the ten wiki_en articles (388
chunks) switch in 6.2 s when it is otherwise idle (about 62 chunks/s) and in 23-28 s while other
jobs keep it busy (load average 4-5, 14-17 chunks/s). The batch is the unit of cancel and of
progress: 1-4 s of work, short enough for Cancel to feel immediate.

Threading: every method is thread-safe. The lock order is the knowledge base's write lock, then
this object's lock, never the reverse. The switch takes the write lock only to begin and to end,
so documents can be added (and searched) while it embeds.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.cancel import CancelToken
from engine.errors import Cancelled, DiskFull
from engine.knowledge.ingest import EmbedderLike
from engine.knowledge.vector_index import VectorIndex, index_file, remove_others
from engine.knowledge.vector_store import ModelRecord, VectorStore
from engine.types import Changes, EmbeddingStatus, Progress, ProgressCallback

log = logging.getLogger(__name__)

EmbedderLoader = Callable[[Path | None], EmbedderLike]
REEMBED_BATCH = 64


def load_real_embedder(folder: Path | None) -> EmbedderLike:
    """The sentence-transformers model in `folder` (None: the bundled one); blocks for seconds."""
    from engine.knowledge.embedder import load_embedder

    return load_embedder(folder)


def folder_text(folder: Path | None) -> str:
    """A model folder as settings and the database record it ("" for the bundled model)."""
    return "" if folder is None else str(folder)


def _folder_path(text: str) -> Path | None:
    return Path(text) if text else None


def _record(embedder: EmbedderLike, folder: Path | None) -> ModelRecord:
    return ModelRecord(
        model_id=embedder.model_id, folder=folder_text(folder), dimension=embedder.dimension,
        languages=embedder.languages,
    )


@dataclass(frozen=True)
class Serving:
    """The active model's embedder and vector index, as one search must use them."""

    embedder: EmbedderLike
    index: VectorIndex


@dataclass
class _Pace:
    """Progress of a re-embedding, with an ETA from the pace measured in this run."""

    progress: ProgressCallback | None
    vectors: VectorStore
    model_id: str
    started: float = field(default_factory=time.monotonic)
    embedded: int = 0

    def report(self, count: int = 0) -> None:
        """Count `count` more chunks embedded and tell the caller where the job stands."""
        self.embedded += count
        if self.progress is None:
            return
        done, total = self.vectors.count(self.model_id), self.vectors.chunk_total()
        eta = None
        if self.embedded:
            rate = self.embedded / max(1e-6, time.monotonic() - self.started)
            eta = max(0.0, (total - done) / rate)
        self.progress(Progress(done=done, total=total, stage="re-embedding",
                               item=self.model_id, eta_s=eta))


class EmbeddingModels:
    """The active embedding model with its vector index, and switching to another model.

    Args:
        vectors: the chunk vectors and model records.
        generation: the knowledge base's generation (grows when what search sees changes).
        loader: loads the model in a folder (None: the bundled one).
        configured: the model a new knowledge base starts with (the settings' folder).
        index_folder: where the FAISS files live.
        write_lock: the knowledge base's lock that serializes its writes.
    """

    def __init__(
        self,
        vectors: VectorStore,
        generation: Callable[[], int],
        loader: EmbedderLoader,
        configured: Path | None,
        index_folder: Path,
        write_lock: threading.RLock,
    ) -> None:
        self._vectors = vectors
        self._generation = generation
        self._loader = loader
        self._configured = configured
        self._index_folder = index_folder
        self._write_lock = write_lock
        self._lock = threading.RLock()
        self._embedder: EmbedderLike | None = None
        self._index: VectorIndex | None = None
        self._synced = -1
        self._dirty = False

    # ------------------------------------------------------------------ serving
    def serving(self) -> Serving:
        """The active model and its index, in step with SQLite. The first call loads the model."""
        with self._lock:
            embedder, record = self._active()
            return Serving(embedder=embedder, index=self._synced_index(record))

    def embedder(self) -> EmbedderLike:
        """The active model (new documents get its vectors). Loads it on first use."""
        with self._lock:
            return self._active()[0]

    def publish(self, ids: np.ndarray) -> None:
        """Put the active model's stored vectors of these chunks into the index."""
        with self._lock:
            _, record = self._active()
            index = self._synced_index(record)
            found, vectors = self._vectors.vectors(ids, record.model_id, record.dimension)
            index.add(found, vectors)
            self._dirty = True

    def stored_vectors(self, ids: Sequence[int]) -> np.ndarray | None:
        """The active model's vectors of these chunks, in order; None when any is missing."""
        record = self._vectors.active()
        if record is None or len(ids) == 0:
            return None
        found, vectors = self._vectors.vectors(ids, record.model_id, record.dimension)
        return vectors if len(found) == len(ids) else None

    def sync_index(self) -> None:
        """Bring the index in step with SQLite (after a removal) and save it. Loads no model."""
        with self._lock:
            record = self._vectors.active()
            if record is not None:
                self._synced_index(record)
            self.save()

    def save(self) -> None:
        """Write the index file if it changed (atomically).

        A full disk is not an error here: the index is derived data, rebuilt from the database
        on the next open, and what the search needs is already in memory.
        """
        with self._lock:
            if self._index is not None and self._dirty:
                try:
                    self._index.save()
                except DiskFull as exc:
                    log.warning("The vector index was not saved: %s", exc)
                    return
                self._dirty = False

    def status(self) -> EmbeddingStatus:
        """The active model and a switch under way, from the database. Cheap: loads no model."""
        active, pending = self._vectors.active(), self._vectors.pending()
        model_id = active.model_id if active is not None else ""
        folder = folder_text(self._configured)
        if active is not None and active.folder is not None:
            folder = active.folder
        if pending is None:
            return EmbeddingStatus(active=model_id, active_folder=folder)
        return EmbeddingStatus(
            active=model_id, active_folder=folder,
            pending=pending.model_id, pending_folder=pending.folder or "",
            done=self._vectors.count(pending.model_id), total=self._vectors.chunk_total(),
        )

    # ------------------------------------------------------------------ switching
    def switch(
        self, folder: Path | None, progress: ProgressCallback | None, cancel: CancelToken | None
    ) -> Changes:
        """Re-embed every chunk with the model in `folder`, then make it the active model.

        Blocks for the whole re-embedding. Raises ModelError (the folder holds no usable
        model) and Cancelled (what was re-embedded is kept; call again to continue).
        """
        target = self._loader(folder)
        record = _record(target, folder)
        if not self._begin(target, record):
            return Changes(embeddings=True)  # already active (a pending switch is dropped)
        pace = _Pace(progress=progress, vectors=self._vectors, model_id=record.model_id)
        pace.report()
        last = 0
        while True:
            batch = self._vectors.missing(record.model_id, last, REEMBED_BATCH)
            if not batch:
                if self._complete(target, record):
                    return Changes(sources=True, embeddings=True)
                last = 0  # chunks added while it was finishing: embed those too
                continue
            self._check(record, cancel)
            self._vectors.add([i for i, _ in batch], target.embed([t for _, t in batch]),
                              record.model_id)
            last = batch[-1][0]
            pace.report(len(batch))

    def _begin(self, target: EmbedderLike, record: ModelRecord) -> bool:
        """Record the switch; False when there is nothing to re-embed (`record` is active now)."""
        with self._write_lock, self._lock:
            active = self._vectors.active()
            if active is None or active.model_id == record.model_id:
                self._vectors.set_active(record)  # also where it loads from, if that moved
                self._vectors.set_pending(None)
                self._vectors.drop(keep=[record.model_id])  # an abandoned switch's vectors
                self._embedder = target
                return False
            pending = self._vectors.pending()
            if pending is None or pending.model_id != record.model_id:
                self._vectors.drop(keep=[active.model_id, record.model_id])
            self._vectors.set_pending(record)
            return True

    def _check(self, record: ModelRecord, cancel: CancelToken | None) -> None:
        if cancel is not None and cancel.cancelled:
            raise Cancelled(
                "Switching the embedding model was cancelled; what was re-embedded is kept "
                "and the switch continues from there when started again."
            )
        pending = self._vectors.pending()
        if pending is None or pending.model_id != record.model_id:
            raise Cancelled("Another Lanthorn window changed the embedding model meanwhile.")

    def _complete(self, target: EmbedderLike, record: ModelRecord) -> bool:
        """Make the new model active if every chunk has its vector; False if one lacks it."""
        index = self._build_index(record)  # search keeps the old index meanwhile
        with self._write_lock, self._lock:
            if not self._vectors.complete_switch(record):
                return False
            self._embedder, self._index = target, index
            self._synced, self._dirty = -1, False
        remove_others(self._index_folder, index.path)
        log.info("Embedding model switched to %s", record.model_id)
        return True

    def _build_index(self, record: ModelRecord) -> VectorIndex:
        index = VectorIndex(index_file(self._index_folder, record.model_id), record.dimension)
        index.reconcile(
            self._vectors.searchable_ids(record.model_id),
            lambda ids: self._vectors.vectors(ids, record.model_id, record.dimension),
        )
        index.save()
        return index

    # ------------------------------------------------------------------ repair
    def repair(self, progress: ProgressCallback | None, cancel: CancelToken | None) -> int:
        """Embed the chunks that lack the active model's vector; return how many there were.

        They exist only after the active model changed under the vectors (see the module
        docstring) or another process finished a switch while it was adding a document. Cheap
        when there are none (one query); blocks while embedding. A cancel stops it between
        batches, keeping what was embedded (the next start continues).
        """
        record = self._vectors.active()
        if record is None:
            return 0
        if record.folder is not None and not self._vectors.missing(record.model_id, 0, 1):
            return 0
        with self._lock:
            embedder, record = self._active()
        pace = _Pace(progress=progress, vectors=self._vectors, model_id=record.model_id)
        last = 0
        while batch := self._vectors.missing(record.model_id, last, REEMBED_BATCH):
            if cancel is not None and cancel.cancelled:
                break
            self._vectors.add([i for i, _ in batch], embedder.embed([t for _, t in batch]),
                              record.model_id)
            last = batch[-1][0]
            pace.report(len(batch))
        if pace.embedded:
            pending = self._vectors.pending()
            self._vectors.drop(keep=[record.model_id, *([pending.model_id] if pending else [])])
            with self._lock:
                self._synced = -1  # the new vectors become searchable at the next sync
        return pace.embedded

    # ------------------------------------------------------------------ internals
    def _active(self) -> tuple[EmbedderLike, ModelRecord]:
        """The active model, loaded, and its record (adopting one when none fits). Hold the lock."""
        record = self._vectors.active()
        loaded = self._embedder
        if record is not None and loaded is not None and loaded.model_id == record.model_id:
            return loaded, record
        if record is None:
            return self._adopt(self._loader(self._configured), self._configured)
        if record.folder is None:
            return self._adopt_legacy(record)
        folder = _folder_path(record.folder)
        embedder = self._loader(folder)
        if embedder.model_id != record.model_id:
            log.warning("The embedding model in %s changed since it made the stored vectors; "
                        "its chunks will be embedded again", record.folder or "the bundle")
            return self._adopt(embedder, folder)
        self._embedder = embedder
        return embedder, record

    def _adopt(
        self, embedder: EmbedderLike, folder: Path | None
    ) -> tuple[EmbedderLike, ModelRecord]:
        """Make `embedder` the active model; chunks lacking its vectors wait for `repair`."""
        record = _record(embedder, folder)
        self._vectors.set_active(record)
        self._embedder = embedder
        return embedder, record

    def _adopt_legacy(self, record: ModelRecord) -> tuple[EmbedderLike, ModelRecord]:
        """Find the folder of a model recorded before migration 0005 (configured, or bundled)."""
        folders = [self._configured] if self._configured is None else [self._configured, None]
        tried: list[tuple[EmbedderLike, Path | None]] = []
        for folder in folders:
            embedder = self._loader(folder)
            if embedder.model_id == record.model_id:
                return self._adopt(embedder, folder)
            tried.append((embedder, folder))
        log.warning("No model folder makes the stored vectors (%s); using %s and embedding "
                    "the chunks again", record.model_id, tried[0][0].model_id)
        return self._adopt(*tried[0])

    def _synced_index(self, record: ModelRecord) -> VectorIndex:
        """The active model's index, reconciled with SQLite whenever it changed. Hold the lock."""
        path = index_file(self._index_folder, record.model_id)
        if self._index is None or self._index.path != path:
            self._index = VectorIndex(path, record.dimension)
            self._synced, self._dirty = -1, False
        generation = self._generation()
        if generation != self._synced:
            added, dropped = self._index.reconcile(
                self._vectors.searchable_ids(record.model_id),
                lambda ids: self._vectors.vectors(ids, record.model_id, record.dimension),
            )
            self._synced = generation
            self._dirty = self._dirty or bool(added or dropped)
        return self._index
