from __future__ import annotations

import numpy as np
import pytest

from engine.errors import NotFoundError
from engine.knowledge.store import KnowledgeStore, NewChunk
from engine.storage.db import Database
from engine.types import SourceStatus


def _chunk(text: str, page: int = 1) -> NewChunk:
    return NewChunk(page, 0, len(text), text, len(text.split()), text,
                    np.ones(4, dtype=np.float32) / 2)


def _count(db: Database, table: str) -> int:
    return int(db.query(f"SELECT COUNT(*) FROM {table}")[0][0])


def test_the_content_hash_is_unique(db: Database) -> None:
    store = KnowledgeStore(db)
    store.create_source("abc", "/a.pdf", "A", "pdf")
    with pytest.raises(Exception, match="UNIQUE"):
        store.create_source("abc", "/b.pdf", "B", "pdf")
    assert store.find_by_hash("abc") is not None
    assert store.find_by_hash("zzz") is None


def test_removing_a_source_removes_chunks_vectors_and_keyword_rows(db: Database) -> None:
    store = KnowledgeStore(db)
    keep = store.create_source("h1", "/keep.txt", "Keep", "text")
    gone = store.create_source("h2", "/gone.txt", "Gone", "text")
    store.add_chunks(keep, [_chunk("alpha beta")], "m", 1)
    store.add_chunks(gone, [_chunk("gamma delta"), _chunk("epsilon", 2)], "m", 2)
    before = store.generation()
    removed, generation = store.remove_source(gone)
    assert len(removed) == 2 and generation == before + 1
    assert _count(db, "chunks") == 1
    assert _count(db, "chunk_vectors") == 1
    assert _count(db, "chunk_terms") == 1
    assert db.query("SELECT rowid FROM chunk_terms WHERE chunk_terms MATCH 'gamma'") == []
    with pytest.raises(NotFoundError):
        store.remove_source(gone)


def test_chunks_continue_their_order_and_move_pages_done(db: Database) -> None:
    store = KnowledgeStore(db)
    sid = store.create_source("h", "/x.txt", "X", "text")
    store.add_chunks(sid, [_chunk("one"), _chunk("two")], "m", 1)
    store.add_chunks(sid, [_chunk("three", 2)], "m", 2)
    ords = [r[0] for r in db.query("SELECT ord FROM chunks ORDER BY id")]
    assert ords == [0, 1, 2]
    source = store.get_source(sid)
    assert (source.pages_done, source.chunks, source.status) == (2, 3, SourceStatus.QUEUED)


def test_a_live_worker_keeps_its_claim_and_a_dead_one_loses_it(db: Database) -> None:
    store = KnowledgeStore(db)
    sid = store.create_source("h", "/x.txt", "X", "text")
    assert store.claim(sid, (111, 1.0), "/x.txt", lambda pid, started: True)
    assert not store.claim(sid, (222, 2.0), "/x.txt", lambda pid, started: True)
    assert store.claim(sid, (222, 2.0), "/x.txt", lambda pid, started: False)
    assert store.workers([SourceStatus.INDEXING]) == [(sid, 222, 2.0)]


def test_only_a_queued_source_is_cancelled_from_the_queue(db: Database) -> None:
    store = KnowledgeStore(db)
    sid = store.create_source("h", "/x.txt", "X", "text")
    assert store.claim(sid, (111, 1.0), "/x.txt", lambda pid, started: True,
                       SourceStatus.QUEUED)
    assert store.get_source(sid).status is SourceStatus.QUEUED
    assert store.cancel_queued(sid)
    assert store.get_source(sid).status is SourceStatus.CANCELLED
    assert store.claim(sid, (111, 1.0), "/x.txt", lambda pid, started: True)
    assert not store.cancel_queued(sid)  # being indexed: only its own token stops it


def test_urls_and_times_are_written_and_read_back(db: Database) -> None:
    store = KnowledgeStore(db)
    sid = store.create_source("yt:1", "https://v.example/1", "Talk", "talks",
                              url="https://v.example/1")
    timed = NewChunk(page=None, start=0, end=5, text="hello", token_count=1, terms="hello",
                     vector=np.ones(4, dtype=np.float32) / 2, start_s=65.5, end_s=70.0)
    store.add_chunks(sid, [timed], "m", 1)
    store.finish(sid, SourceStatus.READY)
    assert store.get_source(sid).url == "https://v.example/1"
    assert store.list_sources()[0].url == "https://v.example/1"
    (record,) = store.records([int(store.chunk_ids(sid)[0])]).values()
    at = record.location
    assert (at.page, at.start_s, at.end_s, at.url) == (None, 65.5, 70.0, "https://v.example/1")
    document = store.create_source("h", "/x.pdf", "X", "pdf")
    assert store.get_source(document).url is None
