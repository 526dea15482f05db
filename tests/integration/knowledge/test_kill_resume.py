"""A process killed (SIGKILL) while indexing leaves a consistent database that resumes."""

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
from engine.types import SourceStatus
from tests.integration.knowledge.kb_helpers import make_home, open_kb

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
