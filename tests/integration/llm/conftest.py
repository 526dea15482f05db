"""One real SmolLM2 model for the whole session (loading it per test would cost seconds)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import gguf
import pytest

from engine.bundled import starter_chat_model
from engine.config import ModelSettings
from engine.llm import load_chat_model
from engine.llm.local import LlamaChatModel

CONTEXT = 2048


@pytest.fixture(scope="session")
def chat_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaChatModel]:
    # Session fixtures run before the per-test data folder exists: give the probe its own.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LANTHORN_HOME", str(tmp_path_factory.mktemp("llm-home")))
        model = load_chat_model(ModelSettings(context_size=CONTEXT))  # threads: the usable cores
    assert isinstance(model, LlamaChatModel)
    yield model
    model.close()


@pytest.fixture(scope="session")
def starter_path() -> Path:
    return starter_chat_model()


@pytest.fixture(scope="session")
def starter_reader(starter_path: Path) -> gguf.GGUFReader:
    return gguf.GGUFReader(starter_path)
