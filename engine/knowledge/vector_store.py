"""SQL for chunk vectors (one per chunk and model, migration 0005) and the embedding models.

`knowledge_meta` records the active model (its vectors serve search) and, while a switch is
under way, the pending one, each with the folder it loads from, so a restart knows both without
loading anything. Vectors are float32 little-endian bytes, never pickles. Each method is one
read or one transaction; the switch's end (`complete_switch`) is a single transaction, so a
killed process leaves either the old model active with its vectors or the new one with its.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from engine.knowledge.store import vector_bytes
from engine.storage.db import Database

_BATCH = 500  # ids per IN (...) list, well under SQLite's variable limit
_ACTIVE = {"model_id": "model_id", "folder": "model_folder", "dimension": "dimension",
           "languages": "languages"}
_PENDING = {key: f"pending_{key}" for key in _ACTIVE}


@dataclass(frozen=True)
class ModelRecord:
    """An embedding model as the knowledge base records it.

    `folder` is "" for the bundled model and None when a database written before migration 0005
    never said (the engine then works it out once).
    """

    model_id: str
    folder: str | None
    dimension: int
    languages: frozenset[str]


class VectorStore:
    """Reads and writes chunk vectors and the model records. Thread-safe (one lock, the DB's)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # ------------------------------------------------------------------ vectors
    def searchable_ids(self, model_id: str) -> np.ndarray:
        """Ids of chunks of ready sources that have a vector from `model_id` (sorted)."""
        rows = self._db.query(
            """SELECT c.id FROM chunks c JOIN sources s ON s.id = c.source_id
               JOIN chunk_vectors v ON v.chunk_id = c.id AND v.model_id = ?
               WHERE s.status = 'ready' ORDER BY c.id""",
            (model_id,),
        )
        return np.array([r[0] for r in rows], dtype=np.int64)

    def vectors(
        self, ids: Iterable[int], model_id: str, dimension: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """`model_id`'s vectors of these chunks: (the ids that have one, their vectors), in order.

        A chunk removed meanwhile (or never embedded by that model) is simply left out.
        """
        wanted = [int(i) for i in ids]
        found: dict[int, bytes] = {}
        for first in range(0, len(wanted), _BATCH):
            part = wanted[first : first + _BATCH]
            marks = ",".join("?" * len(part))
            rows = self._db.query(
                f"SELECT chunk_id, vector FROM chunk_vectors"
                f" WHERE model_id = ? AND chunk_id IN ({marks})",
                (model_id, *part),
            )
            found.update((int(r[0]), bytes(r[1])) for r in rows)
        kept = [i for i in wanted if i in found]
        out = np.zeros((len(kept), dimension), dtype=np.float32)
        for row, chunk_id in enumerate(kept):
            out[row] = np.frombuffer(found[chunk_id], dtype="<f4")
        return np.array(kept, dtype=np.int64), out

    def missing(self, model_id: str, after: int, limit: int) -> list[tuple[int, str]]:
        """Up to `limit` chunks (id, text) past id `after` that have no vector from `model_id`."""
        rows = self._db.query(
            """SELECT c.id, c.text FROM chunks c WHERE c.id > ? AND NOT EXISTS
               (SELECT 1 FROM chunk_vectors v WHERE v.chunk_id = c.id AND v.model_id = ?)
               ORDER BY c.id LIMIT ?""",
            (after, model_id, limit),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    def count(self, model_id: str) -> int:
        """How many chunks have a vector from `model_id`."""
        rows = self._db.query("SELECT count(*) FROM chunk_vectors WHERE model_id = ?", (model_id,))
        return int(rows[0][0])

    def chunk_total(self) -> int:
        """How many chunks there are (of every source, whatever its state)."""
        return int(self._db.query("SELECT count(*) FROM chunks")[0][0])

    def add(self, ids: Sequence[int], vectors: np.ndarray, model_id: str) -> None:
        """Store `model_id`'s vectors of existing chunks; chunks removed meanwhile are skipped."""
        with self._db.transaction() as conn:
            conn.executemany(
                """INSERT INTO chunk_vectors (chunk_id, model_id, vector)
                   SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM chunks WHERE id = ?)
                   ON CONFLICT (chunk_id, model_id) DO UPDATE SET vector = excluded.vector""",
                [(int(i), model_id, vector_bytes(v), int(i))
                 for i, v in zip(ids, vectors, strict=True)],
            )

    def drop(self, keep: Iterable[str]) -> int:
        """Delete the vectors of every model not in `keep`; return how many went."""
        models = sorted(set(keep))
        marks = ",".join("?" * len(models))
        with self._db.transaction() as conn:
            cursor = conn.execute(
                f"DELETE FROM chunk_vectors WHERE model_id NOT IN ({marks})", tuple(models)
            )
            return int(cursor.rowcount)

    # ------------------------------------------------------------------ models
    def active(self) -> ModelRecord | None:
        """The model whose vectors serve search; None before anything was embedded."""
        return _record(self._meta(), _ACTIVE)

    def pending(self) -> ModelRecord | None:
        """The model a switch is re-embedding with; None when no switch is under way."""
        return _record(self._meta(), _PENDING)

    def set_active(self, record: ModelRecord) -> None:
        """Make `record` the active model (and no longer a pending one)."""
        with self._db.transaction() as conn:
            _write(conn, _ACTIVE, record)
            pending = _record(_meta_of(conn), _PENDING)
            if pending is not None and pending.model_id == record.model_id:
                _clear(conn, _PENDING)

    def set_pending(self, record: ModelRecord | None) -> None:
        """Record the switch under way (None: there is none)."""
        with self._db.transaction() as conn:
            _clear(conn, _PENDING)
            if record is not None:
                _write(conn, _PENDING, record)

    def complete_switch(self, record: ModelRecord) -> bool:
        """Make the pending `record` active if every chunk has its vector; False if one lacks it.

        One transaction: the other models' vectors are deleted, the sources are marked as
        embedded by it, and the pending switch is cleared, all together or not at all.
        """
        with self._db.transaction() as conn:
            lacking = conn.execute(
                """SELECT EXISTS (SELECT 1 FROM chunks c WHERE NOT EXISTS
                   (SELECT 1 FROM chunk_vectors v WHERE v.chunk_id = c.id AND v.model_id = ?))""",
                (record.model_id,),
            ).fetchone()[0]
            if lacking:
                return False
            conn.execute("DELETE FROM chunk_vectors WHERE model_id != ?", (record.model_id,))
            conn.execute(
                "UPDATE sources SET embedding_model = ? WHERE chunk_count > 0", (record.model_id,)
            )
            _write(conn, _ACTIVE, record)
            _clear(conn, _PENDING)
            return True

    def _meta(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._db.query("SELECT key, value FROM knowledge_meta")}


def _meta_of(conn: sqlite3.Connection) -> dict[str, str]:
    rows = conn.execute("SELECT key, value FROM knowledge_meta").fetchall()
    return {r[0]: r[1] for r in rows}


def _record(meta: dict[str, str], keys: dict[str, str]) -> ModelRecord | None:
    model_id = meta.get(keys["model_id"])
    if not model_id:
        return None
    return ModelRecord(
        model_id=model_id,
        folder=meta.get(keys["folder"]),
        dimension=int(meta.get(keys["dimension"], "0")),
        languages=frozenset(json.loads(meta.get(keys["languages"], "[]"))),
    )


def _write(conn: sqlite3.Connection, keys: dict[str, str], record: ModelRecord) -> None:
    values = {
        keys["model_id"]: record.model_id,
        keys["dimension"]: str(record.dimension),
        keys["languages"]: json.dumps(sorted(record.languages)),
    }
    if record.folder is not None:
        values[keys["folder"]] = record.folder
    conn.executemany(
        """INSERT INTO knowledge_meta (key, value) VALUES (?, ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
        list(values.items()),
    )


def _clear(conn: sqlite3.Connection, keys: dict[str, str]) -> None:
    marks = ",".join("?" * len(keys))
    conn.execute(f"DELETE FROM knowledge_meta WHERE key IN ({marks})", tuple(keys.values()))

