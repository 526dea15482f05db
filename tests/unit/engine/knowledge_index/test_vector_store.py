"""Chunk vectors, one per chunk and model, and the active/pending model records (real SQLite)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from engine.knowledge.store import KnowledgeStore, NewChunk
from engine.knowledge.vector_store import ModelRecord, VectorStore
from engine.storage.db import Database
from engine.types import SourceStatus

OLD = ModelRecord(model_id="old", folder="", dimension=4, languages=frozenset({"en"}))
NEW = ModelRecord(model_id="new", folder="/models/new", dimension=3,
                  languages=frozenset({"multilingual"}))


def _chunk(text: str, page: int = 1) -> NewChunk:
    return NewChunk(page=page, start=0, end=len(text), text=text, token_count=len(text.split()),
                    terms=text, vector=np.full(4, 0.5, dtype=np.float32))


def _source(store: KnowledgeStore, name: str, count: int, *, ready: bool = True) -> list[int]:
    sid = store.create_source(name, f"/{name}.txt", name, "text")
    store.add_chunks(sid, [_chunk(f"{name} {i}") for i in range(count)], "old", 1)
    if ready:
        store.finish(sid, SourceStatus.READY, model_id="old")
    return [int(i) for i in store.chunk_ids(sid)]


def test_only_ready_sources_with_the_models_vectors_are_searchable(db: Database) -> None:
    store, vectors = KnowledgeStore(db), VectorStore(db)
    ready = _source(store, "ready", 2)
    _source(store, "busy", 1, ready=False)
    assert vectors.searchable_ids("old").tolist() == ready
    assert vectors.searchable_ids("new").size == 0
    vectors.add(ready[:1], np.ones((1, 3), dtype=np.float32), "new")
    assert vectors.searchable_ids("new").tolist() == ready[:1]
    assert vectors.searchable_ids("old").tolist() == ready  # both models' vectors side by side


def test_vectors_come_back_in_order_for_one_model_and_gone_chunks_are_left_out(
    db: Database,
) -> None:
    store, vectors = KnowledgeStore(db), VectorStore(db)
    ids = _source(store, "a", 3)
    new = np.arange(9, dtype=np.float32).reshape(3, 3)
    vectors.add(ids, new, "new")
    found, rows = vectors.vectors([ids[2], ids[0], 999], "new", 3)
    assert found.tolist() == [ids[2], ids[0]]
    assert rows.tolist() == [new[2].tolist(), new[0].tolist()]
    _, old_rows = vectors.vectors(ids, "old", 4)
    assert old_rows.shape == (3, 4) and np.allclose(old_rows, 0.5)


def test_missing_walks_forward_in_batches_and_adding_skips_removed_chunks(db: Database) -> None:
    store, vectors = KnowledgeStore(db), VectorStore(db)
    ids = _source(store, "a", 5)
    first = vectors.missing("new", 0, 2)
    assert [i for i, _ in first] == ids[:2] and first[0][1] == "a 0"
    assert [i for i, _ in vectors.missing("new", first[-1][0], 10)] == ids[2:]
    gone = _source(store, "gone", 1)
    store.remove_source(store.list_sources()[-1].id)
    vectors.add([ids[0], gone[0]], np.ones((2, 3), dtype=np.float32), "new")
    assert vectors.count("new") == 1
    assert vectors.chunk_total() == 5
    assert [i for i, _ in vectors.missing("new", 0, 10)] == ids[1:]


def test_model_records_round_trip_and_a_pending_one_clears_when_it_becomes_active(
    db: Database,
) -> None:
    vectors = VectorStore(db)
    assert vectors.active() is None and vectors.pending() is None
    vectors.set_active(OLD)
    vectors.set_pending(NEW)
    assert (vectors.active(), vectors.pending()) == (OLD, NEW)
    vectors.set_pending(None)
    assert vectors.pending() is None
    vectors.set_pending(NEW)
    vectors.set_active(NEW)
    assert (vectors.active(), vectors.pending()) == (NEW, None)


def test_a_switch_completes_only_when_every_chunk_has_the_new_vector(db: Database) -> None:
    store, vectors = KnowledgeStore(db), VectorStore(db)
    vectors.set_active(OLD)
    vectors.set_pending(NEW)
    ids = _source(store, "a", 3)
    vectors.add(ids[:2], np.ones((2, 3), dtype=np.float32), "new")
    assert not vectors.complete_switch(NEW)
    assert vectors.active() == OLD and vectors.count("old") == 3
    vectors.add(ids[2:], np.ones((1, 3), dtype=np.float32), "new")
    assert vectors.complete_switch(NEW)
    assert (vectors.active(), vectors.pending()) == (NEW, None)
    assert (vectors.count("old"), vectors.count("new")) == (0, 3)
    assert store.list_sources()[0].embedding_model == "new"


def test_drop_keeps_only_the_named_models(db: Database) -> None:
    store, vectors = KnowledgeStore(db), VectorStore(db)
    ids = _source(store, "a", 2)
    vectors.add(ids, np.ones((2, 3), dtype=np.float32), "new")
    vectors.add(ids, np.ones((2, 3), dtype=np.float32), "stray")
    assert vectors.drop(keep=["old", "new"]) == 2
    assert (vectors.count("old"), vectors.count("new"), vectors.count("stray")) == (2, 2, 0)


def test_upgrading_to_0005_keeps_every_vector_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    old = Database(path, upgrade_to=4)
    store = KnowledgeStore(old)
    sid = store.create_source("h", "/a.txt", "A", "text")
    rng = np.random.default_rng(7)
    chunks = [
        NewChunk(page=1, start=0, end=5, text=f"chunk {i}", token_count=2, terms=f"chunk {i}",
                 vector=rng.standard_normal(8).astype(np.float32))
        for i in range(20)
    ]
    store.add_chunks(sid, chunks, "legacy-model", 1)
    store.finish(sid, SourceStatus.READY, model_id="legacy-model")
    with old.transaction() as conn:
        conn.execute("INSERT INTO knowledge_meta (key, value) VALUES ('model_id', 'legacy-model'),"
                     " ('dimension', '8'), ('languages', '[\"en\"]')")
    before = old.query("SELECT chunk_id, model_id, vector FROM chunk_vectors ORDER BY chunk_id")
    old.close()

    upgraded = Database(path)
    try:
        after = upgraded.query(
            "SELECT chunk_id, model_id, vector FROM chunk_vectors ORDER BY chunk_id"
        )
        assert [tuple(r) for r in after] == [tuple(r) for r in before]
        assert upgraded.query("PRAGMA integrity_check")[0][0] == "ok"
        assert upgraded.query("PRAGMA foreign_key_check") == []
        vectors = VectorStore(upgraded)
        assert vectors.active() == ModelRecord(model_id="legacy-model", folder=None,
                                               dimension=8, languages=frozenset({"en"}))
        ids = [r[0] for r in before]
        vectors.add(ids, np.zeros((20, 3), dtype=np.float32), "second-model")
        assert vectors.count("second-model") == vectors.count("legacy-model") == 20
        with pytest.raises(sqlite3.IntegrityError), upgraded.transaction() as conn:
            conn.execute("INSERT INTO chunk_vectors (chunk_id, model_id, vector) VALUES (?, ?, ?)",
                         (ids[0], "second-model", b""))
        store = KnowledgeStore(upgraded)
        store.remove_source(sid)
        assert upgraded.query("SELECT count(*) FROM chunk_vectors")[0][0] == 0
    finally:
        upgraded.close()
