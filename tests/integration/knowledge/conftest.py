"""Expensive fixtures shared by the knowledge base tests: the real embedder, the question-set
knowledge bases (one per set, built once per session with every PDF of the set)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from engine.knowledge.embedder import Embedder, load_embedder
from tests.integration.knowledge.kb_helpers import make_home, make_other_model, open_kb


def _build_set(
    name: str, shared_data: Path, factory: pytest.TempPathFactory, onnx_cache: Path,
    embedder: Embedder,
) -> Path:
    home = make_home(factory.mktemp(f"kb-{name}"), onnx_cache)
    pdfs = sorted((shared_data / "pdf" / name).glob("*.pdf"))
    started = time.perf_counter()
    with open_kb(home, embedder) as kb:
        report = kb.add(pdfs)
    elapsed = time.perf_counter() - started
    assert not report.failed, report.failed
    print(f"\n{name}: {len(pdfs)} PDFs indexed in {elapsed:.1f} s")
    return home


@pytest.fixture(scope="session")
def wiki_en_home(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, onnx_cache: Path,
    embedder: Embedder,
) -> Path:
    """A data folder holding all ten wiki_en PDFs (135 pages; ~25 s to index on 2 cores)."""
    return _build_set("wiki_en", shared_data, tmp_path_factory, onnx_cache, embedder)


@pytest.fixture(scope="session")
def wiki_zh_home(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, onnx_cache: Path,
    embedder: Embedder,
) -> Path:
    """A data folder holding all five wiki_zh PDFs (92 pages; ~25 s to index on 2 cores)."""
    return _build_set("wiki_zh", shared_data, tmp_path_factory, onnx_cache, embedder)


@pytest.fixture(scope="session")
def other_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second real embedding model folder (MiniLM with CLS pooling; see make_other_model)."""
    return make_other_model(tmp_path_factory.mktemp("models") / "minilm-cls")


@pytest.fixture(scope="session")
def other_embedder(other_model: Path, onnx_cache: Path) -> Embedder:
    """The second model, loaded once per session (its int8 export is cached per machine)."""
    return load_embedder(other_model, cache_dir=onnx_cache)
