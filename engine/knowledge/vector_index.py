"""FAISS index of chunk vectors, keyed by chunk id; derived data, repaired from SQLite.

Exact search (IndexFlatIP: vectors are L2-normalized, so inner product is cosine) while the
index is small, HNSW past `APPROXIMATE_FROM` vectors. Measured with `bench/search.py` on this
2-core machine (384 dimensions, one query, top 50, single-threaded search): exact search costs
about 0.06 ms per 1,000 vectors: p50 0.2 ms at 10k, 6.5 ms at 100k, 58 ms at 1M. It stays
under the 20 ms goal up to about 300k vectors; the threshold is 250k to leave room for slower
laptops and a busy CPU. HNSW (M=32, efConstruction 40, efSearch 256) answers in p50 2.2 ms at
1M with recall@10 0.92 against exact search, but it is slow to build (8-18k vectors/s idle,
about 2k/s on a loaded machine: switching a 250k index over blocks writes for a while, once)
and cannot delete, so it is not worth it earlier. Deleted ids are kept as tombstones (filtered
at search) until they are a fifth of the index, then the graph is rebuilt from its own vectors.

The file is written atomically (temporary file, fsync, `os.replace`) as a magic header, FAISS's
own serialization and a SHA-256 of it: FAISS can crash on damaged bytes, so nothing is handed to
it unless the digest matches. The file name carries a hash of the embedding model id, so a file
made by another model is never read as this one's. On open the caller reconciles ids against
SQLite (`reconcile`), which repairs whatever a crash, another process or a damaged file left.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from engine.storage import space

log = logging.getLogger(__name__)

APPROXIMATE_FROM = 250_000
HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 40
HNSW_EF_SEARCH = 256
TOMBSTONE_SHARE = 0.2
_MAGIC = b"LNTHVEC1"
_DIGEST_SIZE = 32

VectorLoader = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


def index_file(folder: Path, model_id: str) -> Path:
    """Where the index made by `model_id` lives in `folder`."""
    digest = hashlib.sha256(model_id.encode("utf-8")).hexdigest()[:16]
    return folder / f"vectors-{digest}.faiss"


def remove_others(folder: Path, keep: Path) -> None:
    """Delete the index files of models other than `keep`'s (left by an embedding switch)."""
    for path in folder.glob("vectors-*.faiss"):
        if path != keep:
            path.unlink(missing_ok=True)


def _faiss() -> Any:
    import faiss

    return faiss


class VectorIndex:
    """An id-keyed vector index with atomic saves.

    Thread-safe: every method holds one lock, so searches never see a half-applied write.
    """

    def __init__(
        self, path: Path, dimension: int, *, approximate_from: int = APPROXIMATE_FROM
    ) -> None:
        self.path = path
        self.dimension = dimension
        self.approximate_from = approximate_from
        self.repaired_from_scratch = False
        self._lock = threading.RLock()
        self._tombstones: set[int] = set()
        self._index = self._read() or self._new_index(approximate=False)

    @property
    def approximate(self) -> bool:
        """Whether searches go through the HNSW graph rather than exact search."""
        with self._lock:
            return hasattr(self._inner(), "hnsw")

    def __len__(self) -> int:
        with self._lock:
            return int(self._index.ntotal) - len(self._tombstones)

    def ids(self) -> np.ndarray:
        """Every live chunk id in the index (int64)."""
        with self._lock:
            stored: np.ndarray = _faiss().vector_to_array(self._index.id_map).astype(np.int64)
            if self._tombstones:
                stored = stored[~np.isin(stored, np.fromiter(self._tombstones, np.int64))]
            return stored

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors under chunk ids (ids already present are replaced)."""
        if len(ids) == 0:
            return
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(ids), -1)
        with self._lock:
            self._drop(ids)
            self._tombstones.difference_update(ids.tolist())
            self._index.add_with_ids(vectors, ids)
            if not self.approximate and self._index.ntotal >= self.approximate_from:
                self._rebuild()

    def remove(self, ids: np.ndarray) -> None:
        """Remove chunk ids (ids not present are ignored)."""
        if len(ids) == 0:
            return
        with self._lock:
            self._drop(np.ascontiguousarray(ids, dtype=np.int64))
            if len(self._tombstones) > TOMBSTONE_SHARE * max(1, self._index.ntotal):
                self._rebuild()

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Return up to `k` (chunk id, cosine similarity) pairs, best first."""
        query = np.ascontiguousarray(vector, dtype=np.float32).reshape(1, self.dimension)
        with self._lock:
            wanted = min(k + len(self._tombstones), int(self._index.ntotal))
            if wanted <= 0:
                return []
            scores, ids = self._search_one_thread(query, wanted)
            found = [
                (int(i), float(s))
                for i, s in zip(ids[0], scores[0], strict=True)
                if i >= 0 and int(i) not in self._tombstones
            ]
        return found[:k]

    def _search_one_thread(self, query: np.ndarray, wanted: int) -> tuple[np.ndarray, np.ndarray]:
        """Search on one thread: one query gains nothing from OpenMP.

        On a busy machine OpenMP's spinning threads made p99 latency 2-3x worse (measured).
        """
        faiss = _faiss()
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            scores, ids = self._index.search(query, wanted)
        finally:
            faiss.omp_set_num_threads(threads)
        return scores, ids

    def reconcile(self, expected: np.ndarray, load: VectorLoader) -> tuple[int, int]:
        """Make the index hold `expected` ids; `load(ids)` gives (ids found, their vectors).

        An id `load` cannot find (removed meanwhile) stays out. Returns (added, dropped) counts.
        """
        added = 0
        with self._lock:
            present = self.ids()
            missing = np.setdiff1d(expected, present, assume_unique=True)
            orphans = np.setdiff1d(present, expected, assume_unique=True)
            self.remove(orphans)
            for start in range(0, len(missing), 4096):
                found, vectors = load(missing[start : start + 4096])
                self.add(found, vectors)
                added += len(found)
        if added or len(orphans):
            log.info("Vector index repaired: %d added, %d dropped", added, len(orphans))
        return added, len(orphans)

    def save(self) -> None:
        """Write the index atomically: a crash leaves the old file or the new one, never half."""
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            payload = _faiss().serialize_index(self._index).tobytes()
            try:
                with open(tmp, "wb") as out:
                    out.write(_MAGIC)
                    out.write(payload)
                    out.write(hashlib.sha256(payload).digest())
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, self.path)
            except OSError as exc:
                if space.is_full(exc):  # the old file stays; SQLite rebuilds it if it is stale
                    raise space.full(self.path.parent, len(payload)) from exc
                raise
            finally:
                tmp.unlink(missing_ok=True)
            _fsync_folder(self.path.parent)

    def _drop(self, ids: np.ndarray) -> None:
        """Remove ids now (exact index) or mark them deleted (HNSW cannot delete)."""
        if self.approximate:
            present = _faiss().vector_to_array(self._index.id_map)
            self._tombstones.update(np.intersect1d(ids, present).tolist())
        else:
            self._index.remove_ids(ids)

    def _rebuild(self) -> None:
        """Rebuild without tombstones, choosing exact or HNSW by size."""
        ids = self.ids()
        vectors = self._vectors(ids)
        self._index = self._new_index(approximate=len(ids) >= self.approximate_from)
        self._tombstones.clear()
        if len(ids):
            self._index.add_with_ids(vectors, ids)

    def _vectors(self, ids: np.ndarray) -> np.ndarray:
        stored = _faiss().vector_to_array(self._index.id_map).astype(np.int64)
        inner = self._inner()
        storage = _faiss().downcast_index(inner.storage) if hasattr(inner, "hnsw") else inner
        everything = storage.reconstruct_n(0, int(storage.ntotal))
        return np.ascontiguousarray(everything[np.isin(stored, ids)], dtype=np.float32)

    def _new_index(self, *, approximate: bool) -> Any:
        faiss = _faiss()
        if approximate:
            inner = faiss.IndexHNSWFlat(self.dimension, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            inner.hnsw.efSearch = HNSW_EF_SEARCH
        else:
            inner = faiss.IndexFlatIP(self.dimension)
        return faiss.IndexIDMap2(inner)

    def _inner(self) -> Any:
        return _faiss().downcast_index(self._index.index)

    def _read(self) -> Any | None:
        """Load the file, or None (and mark for repair) when missing, damaged or mismatched."""
        payload = _verified_payload(self.path)
        if payload is None:
            self.repaired_from_scratch = True
            return None
        faiss = _faiss()
        try:
            index = faiss.deserialize_index(np.frombuffer(payload, dtype=np.uint8))
        except (RuntimeError, MemoryError) as exc:
            log.warning("Vector index %s cannot be read (%s); rebuilding it", self.path, exc)
            index = None
        if not isinstance(index, faiss.IndexIDMap2) or index.d != self.dimension:
            log.warning("Vector index %s does not fit this model; rebuilding it", self.path)
            self.repaired_from_scratch = True
            return None
        inner = faiss.downcast_index(index.index)
        if hasattr(inner, "hnsw"):
            inner.hnsw.efSearch = HNSW_EF_SEARCH
        return index


def _verified_payload(path: Path) -> bytes | None:
    """Return the FAISS bytes of an index file, or None when missing or failing its digest."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("Vector index %s cannot be read (%s); rebuilding it", path, exc)
        return None
    payload = data[len(_MAGIC) : -_DIGEST_SIZE]
    if (
        len(data) < len(_MAGIC) + _DIGEST_SIZE
        or not data.startswith(_MAGIC)
        or hashlib.sha256(payload).digest() != data[-_DIGEST_SIZE:]
    ):
        log.warning("Vector index %s is damaged; rebuilding it", path)
        return None
    return payload


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable where the platform allows syncing a directory."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
