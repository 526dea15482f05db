"""Switching the embedding model re-embeds every chunk; vectors of two models never mix."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from engine.bundled import starter_embedding_model
from engine.knowledge.embedder import load_embedder
from engine.knowledge.service import KnowledgeBase
from engine.storage.db import Database
from engine.types import Progress
from tests.integration.knowledge.kb_helpers import make_home

pytestmark = pytest.mark.slow


def _other_model(folder: Path) -> Path:
    """A second real model: the bundled MiniLM with CLS pooling (other vectors, same size)."""
    source = starter_embedding_model()
    folder.mkdir()
    for item in sorted(source.rglob("*")):
        target = folder / item.relative_to(source)
        if item.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif item.suffix in (".json", ".txt", ".md"):
            target.write_bytes(item.read_bytes())
        else:
            target.symlink_to(item)
    pooling = folder / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    config.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
    pooling.write_text(json.dumps(config))
    readme = folder / "README.md"
    readme.write_text(readme.read_text().replace("# all-MiniLM-L6-v2", "# MiniLM-CLS-test"))
    return folder


def _kb(home: Path, onnx_cache: Path, folder: Path | None) -> KnowledgeBase:
    return KnowledgeBase(
        Database(home / "lanthorn.db"), index_folder=home / "index", owns_db=True,
        embedding_model=folder,
        embedder_loader=lambda f: load_embedder(f, cache_dir=onnx_cache),
    )


def _vector_models(home: Path) -> set[str]:
    with sqlite3.connect(home / "lanthorn.db") as db:
        return {r[0] for r in db.execute("SELECT DISTINCT model_id FROM chunk_vectors")}


def test_switching_models_reembeds_with_progress_and_rebuilds_the_index(
    tmp_path: Path, onnx_cache: Path, shared_data: Path
) -> None:
    home = make_home(tmp_path / "home", onnx_cache)
    other = _other_model(tmp_path / "other-model")
    with _kb(home, onnx_cache, None) as kb:
        kb.add([shared_data / "pdf" / "wiki_en" / "Prime_number.pdf"])
        chunks = kb.list_sources()[0].chunks
        (old_file,) = (home / "index").glob("*.faiss")
        (bundled_id,) = _vector_models(home)

        seen: list[Progress] = []
        changes = kb.set_embedding_model(other, progress=seen.append)
        assert changes.sources
        assert seen[-1].done == seen[-1].total == chunks
        (other_id,) = _vector_models(home)
        assert other_id != bundled_id
        assert kb.list_sources()[0].status == "ready"
        assert "Prime_number" in kb.search("What is a prime number?", 3)[0].location.path
    assert not old_file.exists()
    assert len(list((home / "index").glob("*.faiss"))) == 1

    # Opened again with the bundled model (the setting was not saved): it re-embeds back.
    with _kb(home, onnx_cache, None) as kb:
        assert "Prime_number" in kb.search("What is a prime number?", 3)[0].location.path
    assert _vector_models(home) == {bundled_id}
