"""Switching the embedding model, with word-hashing fake models through the real loader seam.

Real SQLite and FAISS; the fakes make vectors that differ per model id, so a query embedded by
the wrong model would find nothing (and a dimension mismatch would fail loudly).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from engine.cancel import CancelToken
from engine.errors import Cancelled, ModelError
from engine.knowledge import embeddings, sentence_rerank
from engine.knowledge.service import KnowledgeBase
from engine.knowledge.vector_index import index_file
from engine.storage.db import Database
from engine.types import Progress
from tests.unit.engine.knowledge_index.fakes import WordEmbedder, chunk_pages, fake_readers

OTHER = Path("/models/other")


class Models:
    """The model folders a test knows: the bundled one (None) and `OTHER`; counts the loads."""

    def __init__(self) -> None:
        self.by_folder: dict[Path | None, WordEmbedder] = {
            None: WordEmbedder("fake-bundled", dimension=64),
            OTHER: WordEmbedder("fake-other", dimension=48),
        }
        self.loads: list[Path | None] = []

    def __call__(self, folder: Path | None) -> WordEmbedder:
        self.loads.append(folder)
        if folder not in self.by_folder:
            raise ModelError(f"No embedding model folder at {folder}.")
        return self.by_folder[folder]


@pytest.fixture
def models() -> Models:
    return Models()


@pytest.fixture
def open_kb(db: Database, models: Models) -> Iterator[Callable[..., KnowledgeBase]]:
    opened: list[KnowledgeBase] = []

    def make(folder: Path | None = None) -> KnowledgeBase:
        kb = KnowledgeBase(db, embedding_model=folder, embedder_loader=models,
                           readers=fake_readers(), chunker=chunk_pages, chunk_tokens=6,
                           index_folder=db.path.parent / "index")
        opened.append(kb)
        return kb

    yield make
    for kb in opened:
        kb.close()


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "REEMBED_BATCH", 2)


def _models_of_vectors(db: Database) -> dict[str, int]:
    rows = db.query("SELECT model_id, count(*) FROM chunk_vectors GROUP BY model_id")
    return {r[0]: r[1] for r in rows}


def _top(kb: KnowledgeBase, query: str) -> str:
    return Path(kb.search(query, 1)[0].location.path).name


def test_a_switch_reports_progress_cancels_resumes_and_search_works_throughout(
    open_kb: Callable[..., KnowledgeBase], docs: Path, db: Database, tmp_path: Path
) -> None:
    kb = open_kb()
    kb.add([docs])
    chunks = db.query("SELECT count(*) FROM chunks")[0][0]
    cancel, seen = CancelToken(), []

    def half_way(progress: Progress) -> None:
        seen.append(progress)
        if progress.done >= chunks // 2:
            cancel.cancel()

    with pytest.raises(Cancelled, match="kept"):
        kb.switch_embedding_model(OTHER, progress=half_way, cancel=cancel)
    assert seen[0].done == 0 and seen[0].eta_s is None
    assert all(p.stage == "re-embedding" and p.total == chunks for p in seen)
    assert seen[-1].eta_s is not None and seen[-1].eta_s > 0
    status = kb.embedding_status()
    assert (status.active, status.pending, status.pending_folder) == (
        "fake-bundled", "fake-other", str(OTHER))
    assert 0 < status.done < status.total == chunks
    assert _top(kb, "Danube Black Sea") == "rivers.txt"  # still the bundled model's vectors

    extra = tmp_path / "comets.txt"
    extra.write_text("A comet has an icy nucleus and a tail that points away from the Sun.")
    assert kb.add([extra]).ok
    assert _top(kb, "icy nucleus comet tail") == "comets.txt"

    seen.clear()
    changes = kb.switch_embedding_model(OTHER, progress=seen.append)
    assert changes.embeddings and changes.sources
    assert seen[0].done == status.done  # it continued where it stopped
    now = db.query("SELECT count(*) FROM chunks")[0][0]
    assert now > chunks and seen[-1].done == seen[-1].total == now
    assert _models_of_vectors(db) == {"fake-other": now}
    status = kb.embedding_status()
    assert (status.active, status.active_folder, status.pending) == (
        "fake-other", str(OTHER), None)
    assert _top(kb, "Danube Black Sea") == "rivers.txt"
    assert _top(kb, "icy nucleus comet tail") == "comets.txt"
    assert {s.embedding_model for s in kb.list_sources()} == {"fake-other"}
    index_files = list((db.path.parent / "index").glob("*.faiss"))
    assert index_files == [index_file(db.path.parent / "index", "fake-other")]


def test_after_a_restart_the_active_model_serves_search_whatever_the_setting_says(
    open_kb: Callable[..., KnowledgeBase], docs: Path, models: Models
) -> None:
    kb = open_kb()
    kb.add([docs])
    kb.switch_embedding_model(OTHER)
    kb.close()
    models.loads.clear()
    switched = models.by_folder[OTHER].embedded
    again = open_kb(None)  # the setting still names the bundled model
    assert switched == sum(s.chunks for s in again.list_sources())
    hits = again.search("pulsar neutron star", sentence_rerank.HEAD)
    assert Path(hits[0].location.path).name == "stars.md"
    assert models.loads == [OTHER]
    # No chunk was embedded again: only the sentences of the head, which search re-ranks.
    read = sum(len(sentence_rerank.sentences(h.text)) for h in hits)
    assert models.by_folder[OTHER].embedded == switched + read


def test_a_pending_switch_survives_a_restart_and_continues(
    open_kb: Callable[..., KnowledgeBase], docs: Path, models: Models
) -> None:
    kb = open_kb()
    kb.add([docs])
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        kb.switch_embedding_model(OTHER, cancel=cancel)
    kb.close()
    models.loads.clear()
    again = open_kb()
    status = again.embedding_status()
    assert (status.active, status.pending, status.done) == ("fake-bundled", "fake-other", 0)
    assert models.loads == []  # reading the status loads no model
    assert _top(again, "Danube Black Sea") == "rivers.txt"
    assert models.loads == [None]
    again.switch_embedding_model(OTHER)
    assert again.embedding_status().pending is None


def test_switching_to_the_active_model_abandons_a_pending_switch(
    open_kb: Callable[..., KnowledgeBase], docs: Path, db: Database
) -> None:
    kb = open_kb()
    kb.add([docs])
    cancel = CancelToken()
    with pytest.raises(Cancelled):
        kb.switch_embedding_model(OTHER, progress=lambda p: p.done and cancel.cancel(),
                                  cancel=cancel)
    assert set(_models_of_vectors(db)) == {"fake-bundled", "fake-other"}
    kb.switch_embedding_model(None)
    assert kb.embedding_status().pending is None
    assert set(_models_of_vectors(db)) == {"fake-bundled"}
    assert _top(kb, "Danube Black Sea") == "rivers.txt"


def test_a_folder_without_a_model_fails_before_anything_changes(
    open_kb: Callable[..., KnowledgeBase], docs: Path
) -> None:
    kb = open_kb()
    kb.add([docs])
    with pytest.raises(ModelError):
        kb.switch_embedding_model(Path("/nowhere"))
    assert kb.embedding_status().pending is None


def test_a_document_added_during_the_switch_is_embedded_by_it_before_it_ends(
    open_kb: Callable[..., KnowledgeBase], docs: Path, db: Database, tmp_path: Path
) -> None:
    kb = open_kb()
    kb.add([docs / "rivers.txt"])
    reached, added = threading.Event(), threading.Event()

    def pause_once(progress: Progress) -> None:
        if progress.done and not reached.is_set():
            reached.set()
            assert added.wait(30)

    switcher = threading.Thread(target=kb.switch_embedding_model, args=(OTHER, pause_once))
    switcher.start()
    assert reached.wait(30)
    report = kb.add([docs / "sub" / "stars.md"])  # the switch holds no lock while it embeds
    assert report.ok and _top(kb, "pulsar neutron star") == "stars.md"
    added.set()
    switcher.join(30)
    assert not switcher.is_alive()
    assert _models_of_vectors(db) == {"fake-other": db.query("SELECT count(*) FROM chunks")[0][0]}
    assert _top(kb, "pulsar neutron star") == "stars.md"


def test_a_database_from_before_0005_finds_its_model_or_embeds_again_at_start(
    open_kb: Callable[..., KnowledgeBase], docs: Path, db: Database, models: Models
) -> None:
    kb = open_kb()
    kb.add([docs])
    kb.close()
    with db.transaction() as conn:  # as 0004 left it: no folder recorded
        conn.execute("DELETE FROM knowledge_meta WHERE key = 'model_folder'")
    found = open_kb(OTHER)  # the setting changed since; the bundled model made the vectors
    assert _top(found, "Danube Black Sea") == "rivers.txt"
    assert found.embedding_status().active_folder == ""
    found.close()

    with db.transaction() as conn:  # now one that neither folder makes
        conn.execute("UPDATE chunk_vectors SET model_id = 'lost-model'")
        conn.execute("UPDATE knowledge_meta SET value = 'lost-model' WHERE key = 'model_id'")
        conn.execute("DELETE FROM knowledge_meta WHERE key = 'model_folder'")
    lost = open_kb(OTHER)
    stop = CancelToken()
    stop.cancel()
    assert lost.resume_pending(cancel=stop).results == ()  # a cancel stops it quietly
    assert set(_models_of_vectors(db)) == {"lost-model"}
    seen: list[Progress] = []
    lost.resume_pending(progress=seen.append)
    assert seen and seen[-1].done == seen[-1].total
    assert _models_of_vectors(db) == {"fake-other": seen[-1].total}
    assert lost.embedding_status().active == "fake-other"
    assert _top(lost, "Danube Black Sea") == "rivers.txt"
