"""Switching the embedding model with real models, FAISS and SQLite: progress, cancel, resume,
search that keeps answering from the old vectors until the new ones are complete, and a restart
that searches with the model that made the vectors."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from engine.cancel import CancelToken
from engine.errors import Cancelled
from engine.knowledge import embeddings
from engine.knowledge.embedder import Embedder
from engine.knowledge.service import KnowledgeBase
from engine.knowledge.vector_index import VectorIndex, index_file
from engine.storage.db import Database
from engine.types import Progress
from tests.integration.knowledge.kb_helpers import make_home, two_models

pytestmark = pytest.mark.slow

QUESTIONS = {  # question -> the PDF that answers it
    "What is a prime number?": "Prime_number.pdf",
    "How much of the Amazon rainforest is in Brazil?": "Amazon_rainforest.pdf",
    "How many people died of the plague in Europe?": "Black_Death.pdf",
}


def _kb(home: Path, load: object, folder: Path | None = None) -> KnowledgeBase:
    return KnowledgeBase(Database(home / "lanthorn.db"), index_folder=home / "index",
                         owns_db=True, embedding_model=folder,
                         embedder_loader=load)  # type: ignore[arg-type]


def _vector_models(home: Path) -> dict[str, int]:
    with sqlite3.connect(home / "lanthorn.db") as db:
        rows = db.execute("SELECT model_id, count(*) FROM chunk_vectors GROUP BY model_id")
        return dict(rows.fetchall())


def _answers(kb: KnowledgeBase, questions: dict[str, str]) -> None:
    for question, pdf in questions.items():
        top = kb.search(question, 3)[0]
        assert Path(top.location.path).name == pdf, (question, top.location.path)


def test_a_switch_with_progress_and_cancel_keeps_search_working_during_and_after(
    tmp_path: Path, onnx_cache: Path, shared_data: Path, embedder: Embedder, other_model: Path,
    other_embedder: Embedder, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(embeddings, "REEMBED_BATCH", 16)
    wiki = shared_data / "pdf" / "wiki_en"
    home = make_home(tmp_path / "home", onnx_cache)
    loads: list[Path | None] = []
    load = two_models(embedder, other_model, other_embedder, loads)
    first_two = {q: pdf for q, pdf in QUESTIONS.items() if "plague" not in q}
    with _kb(home, load) as kb:
        assert len(kb.add([wiki / "Prime_number.pdf", wiki / "Amazon_rainforest.pdf"]).ok) == 2
        chunks = sum(s.chunks for s in kb.list_sources())
        (old_file,) = (home / "index").glob("*.faiss")

        cancel, seen = CancelToken(), []

        def cancel_half_way(progress: Progress) -> None:
            seen.append(progress)
            if progress.done >= chunks // 2:
                _answers(kb, first_two)  # search during the switch, from the old vectors
                cancel.cancel()

        with pytest.raises(Cancelled):
            kb.switch_embedding_model(other_model, progress=cancel_half_way, cancel=cancel)
        assert [p.done for p in seen] == sorted(p.done for p in seen)
        assert seen[-1].eta_s is not None and seen[-1].total == chunks
        status = kb.embedding_status()
        assert (status.active, status.pending) == (embedder.model_id, other_embedder.model_id)
        assert chunks // 2 <= status.done < status.total == chunks
        _answers(kb, first_two)  # cancelled: still the old model, with all its vectors
        assert _vector_models(home)[embedder.model_id] == chunks

        # A document added while the switch is pending gets the active model's vectors.
        assert kb.add([wiki / "Black_Death.pdf"]).ok
        _answers(kb, QUESTIONS)
        total = sum(s.chunks for s in kb.list_sources())

        # Resume in another thread; search from this one while it runs.
        paused, resume = threading.Event(), threading.Event()
        resumed: list[Progress] = []

        def pause_once(progress: Progress) -> None:
            resumed.append(progress)
            if progress.done > status.done and not paused.is_set():
                paused.set()
                assert resume.wait(120)

        switcher = threading.Thread(target=kb.switch_embedding_model,
                                    args=(other_model, pause_once))
        switcher.start()
        assert paused.wait(300)
        _answers(kb, QUESTIONS)
        resume.set()
        switcher.join(600)
        assert not switcher.is_alive()
        assert resumed[0].done == status.done  # it continued where the cancel left it
        assert resumed[-1].done == resumed[-1].total == total
        assert kb.embedding_status().active == other_embedder.model_id
        _answers(kb, QUESTIONS)  # after: the new model's vectors and index

    assert _vector_models(home) == {other_embedder.model_id: total}
    assert not old_file.exists()
    (new_file,) = (home / "index").glob("*.faiss")
    assert new_file == index_file(home / "index", other_embedder.model_id)
    with sqlite3.connect(home / "lanthorn.db") as db:
        chunk_ids = [r[0] for r in db.execute("SELECT id FROM chunks ORDER BY id")]
    assert sorted(VectorIndex(new_file, other_embedder.dimension).ids().tolist()) == chunk_ids

    # A restart: the setting was never saved (it still names the bundled model), yet the model
    # that made the vectors serves search, and nothing is embedded again.
    loads.clear()
    with _kb(home, load, folder=None) as kb:
        status = kb.embedding_status()
        assert (status.active, status.active_folder) == (other_embedder.model_id,
                                                         str(other_model))
        _answers(kb, QUESTIONS)
    assert loads == [other_model]
    assert _vector_models(home) == {other_embedder.model_id: total}

