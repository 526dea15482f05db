"""A process killed (SIGKILL) while indexing, or while switching the embedding model, leaves a
consistent database that resumes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.knowledge.embedder import Embedder
from engine.knowledge.service import KnowledgeBase
from engine.knowledge.vector_index import VectorIndex, index_file
from engine.storage.db import Database
from engine.types import SourceStatus
from tests.integration.knowledge.kb_helpers import make_home, open_kb, two_models

pytestmark = pytest.mark.slow

CHILD = """
import sys
from pathlib import Path

from engine.knowledge.embedder import load_embedder
from engine.knowledge.service import KnowledgeBase
from engine.storage.db import Database


def main() -> None:
    home, cache, pdf = (Path(arg) for arg in sys.argv[1:4])
    embedder = load_embedder(cache_dir=cache)
    kb = KnowledgeBase(Database(home / "lanthorn.db"), index_folder=home / "index",
                       owns_db=True, embedder_loader=lambda folder: embedder)
    kb.add([pdf])


if __name__ == "__main__":
    main()
"""


def _pages_done(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        row = conn.execute(
            "SELECT pages_done FROM sources WHERE path LIKE '%freeculture.pdf'"
        ).fetchone()
    return int(row[0]) if row else 0


def _kill_half_way(home: Path, onnx_cache: Path, pdf: Path, script: Path) -> None:
    script.write_text(CHILD, encoding="utf-8")
    child = subprocess.Popen([sys.executable, str(script), str(home), str(onnx_cache), str(pdf)])
    deadline = time.monotonic() + 300
    try:
        while _pages_done(home / "lanthorn.db") < 60:
            assert child.poll() is None, "the child ended before it could be killed"
            assert time.monotonic() < deadline, "the child never got to page 60"
            time.sleep(0.1)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)


def test_a_killed_ingestion_resumes_and_earlier_sources_stay_intact(
    tmp_path: Path, onnx_cache: Path, embedder: Embedder, shared_data: Path
) -> None:
    home = make_home(tmp_path / "home", onnx_cache)
    with open_kb(home, embedder) as kb:
        earlier = kb.add([shared_data / "pdf" / "wiki_en" / "Prime_number.pdf"]).ok[0].source_id
        assert earlier is not None
        earlier_chunks = kb.get_source(earlier).chunks

    book = shared_data / "pdf" / "big" / "freeculture.pdf"
    _kill_half_way(home, onnx_cache, book, tmp_path / "child.py")

    db = sqlite3.connect(home / "lanthorn.db")
    before = {r[0] for r in db.execute("SELECT c.id FROM chunks c JOIN sources s "
                                        "ON s.id = c.source_id WHERE s.path LIKE '%freeculture%'")}
    assert before

    with open_kb(home, embedder) as kb:
        interrupted = next(s for s in kb.list_sources() if s.path == str(book))
        assert interrupted.status is SourceStatus.INDEXING
        assert 60 <= interrupted.pages_done < interrupted.pages == 352
        assert kb.search("prime numbers greater than one", 3)[0].location.source_id == earlier

        report = kb.resume_pending()
        assert [r.source_id for r in report.ok] == [interrupted.id]
        finished = kb.get_source(interrupted.id)
        assert finished.status is SourceStatus.READY
        assert finished.pages_done == finished.pages == 352
        assert kb.get_source(earlier).chunks == earlier_chunks
        hits = kb.search("Free Culture Lessig copyright", 5)
        assert any(h.location.source_id == interrupted.id for h in hits)

    rows = db.execute(
        "SELECT id, ord, page, char_start, char_end FROM chunks WHERE source_id = ? ORDER BY ord",
        (interrupted.id,),
    ).fetchall()
    assert [r[1] for r in rows] == list(range(len(rows)))
    assert len({(r[2], r[3], r[4]) for r in rows}) == len(rows)  # no chunk twice
    assert before <= {r[0] for r in rows}  # the pages written before the kill were kept
    assert max(r[2] for r in rows) >= 340
    counts = db.execute(
        "SELECT (SELECT COUNT(*) FROM chunk_vectors v JOIN chunks c ON c.id = v.chunk_id "
        "WHERE c.source_id = ?), (SELECT COUNT(*) FROM chunk_terms t JOIN chunks c "
        "ON c.id = t.rowid WHERE c.source_id = ?)",
        (interrupted.id, interrupted.id),
    ).fetchone()
    assert counts == (len(rows), len(rows))
    db.close()


SWITCH_CHILD = """
import sys
from pathlib import Path

from engine.knowledge import embeddings
from engine.knowledge.embedder import load_embedder
from engine.knowledge.service import KnowledgeBase
from engine.storage.db import Database


def main() -> None:
    home, cache, other = (Path(arg) for arg in sys.argv[1:4])
    embeddings.REEMBED_BATCH = 8
    kb = KnowledgeBase(Database(home / "lanthorn.db"), index_folder=home / "index",
                       owns_db=True, embedder_loader=lambda f: load_embedder(f, cache_dir=cache))
    kb.switch_embedding_model(other)


if __name__ == "__main__":
    main()
"""


def _vectors_of(db: Path, model_id: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        row = conn.execute(
            "SELECT count(*) FROM chunk_vectors WHERE model_id = ?", (model_id,)
        ).fetchone()
    return int(row[0])


def test_a_switch_killed_half_way_keeps_search_on_the_old_model_and_resumes(
    tmp_path: Path, onnx_cache: Path, embedder: Embedder, shared_data: Path,
    other_model: Path, other_embedder: Embedder,
) -> None:
    home = make_home(tmp_path / "home", onnx_cache)
    wiki = shared_data / "pdf" / "wiki_en"
    with open_kb(home, embedder) as kb:
        assert len(kb.add([wiki / "Prime_number.pdf", wiki / "Amazon_rainforest.pdf"]).ok) == 2
        chunks = sum(s.chunks for s in kb.list_sources())
    script = tmp_path / "switch.py"
    script.write_text(SWITCH_CHILD, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(script), str(home), str(onnx_cache), str(other_model)]
    )
    deadline = time.monotonic() + 300
    try:
        while _vectors_of(home / "lanthorn.db", other_embedder.model_id) < 16:
            assert child.poll() is None, "the child ended before it could be killed"
            assert time.monotonic() < deadline, "the child never re-embedded 16 chunks"
            time.sleep(0.05)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)

    load = two_models(embedder, other_model, other_embedder)
    kb = KnowledgeBase(Database(home / "lanthorn.db"), index_folder=home / "index",
                       owns_db=True, embedder_loader=load)
    with kb:
        status = kb.embedding_status()
        assert (status.active, status.pending) == (embedder.model_id, other_embedder.model_id)
        assert 16 <= status.done < status.total == chunks
        assert Path(kb.search("What is a prime number?", 3)[0].location.path).name == (
            "Prime_number.pdf"
        )
        kb.switch_embedding_model(other_model)
        assert kb.embedding_status().pending is None
        assert Path(kb.search("What is a prime number?", 3)[0].location.path).name == (
            "Prime_number.pdf"
        )

    db = sqlite3.connect(home / "lanthorn.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = db.execute("SELECT model_id, count(*), count(DISTINCT chunk_id) FROM chunk_vectors"
                      " GROUP BY model_id").fetchall()
    assert rows == [(other_embedder.model_id, chunks, chunks)]
    chunk_ids = [r[0] for r in db.execute("SELECT id FROM chunks ORDER BY id")]
    db.close()
    index = VectorIndex(index_file(home / "index", other_embedder.model_id), 384)
    assert not index.repaired_from_scratch
    assert sorted(index.ids().tolist()) == chunk_ids
