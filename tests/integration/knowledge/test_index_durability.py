"""The FAISS file is derived: deleted, corrupted or stale, it is repaired from SQLite on open."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import numpy as np
import pytest

from engine.knowledge.embedder import Embedder
from engine.knowledge.vector_index import VectorIndex
from engine.types import Hit, Progress
from tests.integration.knowledge.kb_helpers import make_home, open_kb

pytestmark = pytest.mark.slow


@pytest.fixture
def home(tmp_path: Path, onnx_cache: Path, embedder: Embedder, shared_data: Path) -> Path:
    """A data folder with two small wiki_en PDFs indexed."""
    home = make_home(tmp_path / "home", onnx_cache)
    with open_kb(home, embedder) as kb:
        report = kb.add([shared_data / "pdf" / "wiki_en" / name
                         for name in ("Prime_number.pdf", "Amazon_rainforest.pdf")])
        assert len(report.ok) == 2
    return home


def _chunk_ids(home: Path) -> list[int]:
    with sqlite3.connect(home / "lanthorn.db") as db:
        return [r[0] for r in db.execute("SELECT id FROM chunks ORDER BY id")]


def _faiss_ids(home: Path) -> list[int]:
    (path,) = (home / "index").glob("*.faiss")
    index = VectorIndex(path, 384)
    assert not index.repaired_from_scratch
    return sorted(index.ids().tolist())


def _dense_finds_prime(home: Path, embedder: Embedder) -> None:
    with open_kb(home, embedder) as kb:
        dense, _, _ = kb.rankings("What is a prime number?", 5)
        hits = kb.hits(dense, 5)
    assert hits and all(isinstance(h, Hit) for h in hits)
    assert Path(hits[0].location.path).name == "Prime_number.pdf"


def test_the_index_holds_every_chunk(home: Path) -> None:
    assert _faiss_ids(home) == _chunk_ids(home)


def test_a_deleted_index_file_is_rebuilt_on_open(home: Path, embedder: Embedder) -> None:
    for path in (home / "index").glob("*.faiss"):
        path.unlink()
    _dense_finds_prime(home, embedder)
    assert _faiss_ids(home) == _chunk_ids(home)


def test_a_corrupted_index_file_is_rebuilt_on_open(home: Path, embedder: Embedder) -> None:
    (path,) = (home / "index").glob("*.faiss")
    data = bytearray(path.read_bytes())
    data[200:4000] = np.random.default_rng(0).integers(0, 256, 3800, dtype=np.uint8).tobytes()
    path.write_bytes(bytes(data))
    _dense_finds_prime(home, embedder)
    assert _faiss_ids(home) == _chunk_ids(home)


def test_vectors_of_chunks_gone_from_sqlite_are_dropped_on_open(
    home: Path, embedder: Embedder
) -> None:
    with sqlite3.connect(home / "lanthorn.db") as db:  # as another process's remove would
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("DELETE FROM sources WHERE path LIKE '%Amazon%'")
        db.execute("UPDATE knowledge_meta SET value = value + 1 WHERE key = 'generation'")
    _dense_finds_prime(home, embedder)
    assert _faiss_ids(home) == _chunk_ids(home)


def test_remove_deletes_chunks_vectors_and_keyword_rows(home: Path, embedder: Embedder) -> None:
    with open_kb(home, embedder) as kb:
        amazon = next(s for s in kb.list_sources() if "Amazon" in s.path)
        assert kb.search("Amazon rainforest Brazil", 3)[0].location.source_id == amazon.id
        changes = kb.remove(amazon.id)
        assert changes.sources
        found = kb.search("Amazon rainforest Brazil", 5)
        assert all(h.location.source_id != amazon.id for h in found)
    with sqlite3.connect(home / "lanthorn.db") as db:
        left = db.execute(
            "SELECT (SELECT COUNT(*) FROM chunks WHERE source_id = ?),"
            " (SELECT COUNT(*) FROM chunk_vectors), (SELECT COUNT(*) FROM chunk_terms),"
            " (SELECT COUNT(*) FROM chunks)", (amazon.id,)
        ).fetchone()
    assert left[0] == 0 and left[1] == left[2] == left[3] > 0
    assert _faiss_ids(home) == _chunk_ids(home)


def test_the_same_file_added_twice_is_one_source(
    home: Path, embedder: Embedder, shared_data: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "renamed copy.pdf"
    shutil.copy(shared_data / "pdf" / "wiki_en" / "Prime_number.pdf", copy)
    with open_kb(home, embedder) as kb:
        before = kb.list_sources()
        result = kb.add([copy]).results[0]
        assert result.ok and result.already_present
        assert kb.list_sources() == before
    assert len(_chunk_ids(home)) == sum(s.chunks for s in before)


def test_search_sees_ready_sources_while_another_one_indexes(
    home: Path, embedder: Embedder, shared_data: Path
) -> None:
    reached, searched = threading.Event(), threading.Event()
    seen: list[list[Hit]] = []

    def pause_half_way(progress: Progress) -> None:
        if progress.done == 5:
            reached.set()
            assert searched.wait(120)

    with open_kb(home, embedder, embed_batch=8) as kb:
        steam = shared_data / "pdf" / "wiki_en" / "Steam_engine.pdf"
        adder = threading.Thread(target=kb.add, args=([steam],),
                                 kwargs={"progress": pause_half_way})
        adder.start()
        assert reached.wait(120)
        seen.append(kb.search("steam engine James Watt", 5))
        seen.append(kb.search("prime number", 5))
        searched.set()
        adder.join(120)
        after = kb.search("steam engine James Watt", 5)
    assert all("Steam_engine" not in h.location.path for h in seen[0])  # not ready: invisible
    assert "Prime_number" in seen[1][0].location.path
    assert "Steam_engine" in after[0].location.path
