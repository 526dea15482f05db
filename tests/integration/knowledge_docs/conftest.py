"""Shared, expensive fixtures of the document tests: the real embedder, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.knowledge.embedder import Embedder, load_embedder


@pytest.fixture(scope="session")
def onnx_cache(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the int8 export is kept: pytest's cache, so a machine exports once, not per run."""
    cache = getattr(request.config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir("lanthorn-onnx-models"))
    return tmp_path_factory.mktemp("onnx-models")


@pytest.fixture(scope="session")
def embedder(onnx_cache: Path) -> Embedder:
    """The bundled MiniLM on the int8 ONNX backend."""
    return load_embedder(cache_dir=onnx_cache)
