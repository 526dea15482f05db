"""Shared, expensive parts of the grounding tests: real knowledge bases and the real chat model.

A knowledge base is built once per session in its own data folder (real pypdf, MiniLM, FAISS,
SQLite); CLI tests point `LANTHORN_HOME` at that folder. In-process parts share the
session's embedder (tests/conftest.py); its int8 ONNX export in pytest's cache is linked into
each folder's models directory so `lanthorn` subprocesses reuse it instead of exporting again.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from engine import config
from engine.cancel import CancelToken
from engine.chat.session import ChatSession
from engine.chat.store import ConversationStore
from engine.config import ModelSettings, SamplingSettings, Settings, SummarySettings
from engine.knowledge.embedder import Embedder
from engine.knowledge.service import KnowledgeBase
from engine.llm import load_chat_model
from engine.llm.base import ChatModel, ChatTurn
from engine.storage.db import Database
from engine.types import AnswerDelta

LANTHORN = str(Path(sys.executable).with_name("lanthorn"))


def open_kb(home: Path, embedder: Embedder) -> KnowledgeBase:
    """The real knowledge base of a data folder, with the session's embedder."""
    return KnowledgeBase(
        Database(home / "lanthorn.db"),
        embedder_loader=lambda folder: embedder,  # type: ignore[arg-type,return-value]
        index_folder=home / "index",
        owns_db=True,
    )


def build_home(home: Path, files: Sequence[Path], embedder: Embedder, onnx: Path) -> Path:
    """Index `files` into a fresh data folder at `home` and link the ONNX cache into it."""
    home.mkdir(parents=True, exist_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LANTHORN_HOME", str(home))
        with open_kb(home, embedder) as kb:
            report = kb.add(files)
    assert not report.failed, report.failed
    config.save(settings(), home / "settings.toml")  # a fixed seed: `lanthorn` answers repeat
    (home / "models").mkdir(exist_ok=True)
    link = home / "models" / "onnx"
    if not link.exists():
        link.symlink_to(onnx, target_is_directory=True)
    return home


@pytest.fixture(scope="session")
def good_home(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, onnx_cache: Path,
    shared_data: Path,
) -> Path:
    """A data folder whose knowledge base holds qa/good.pdf (source id 1)."""
    home = tmp_path_factory.mktemp("grounding-good") / "home"
    return build_home(home, [shared_data / "pdf" / "qa" / "good.pdf"], embedder, onnx_cache)


@pytest.fixture(scope="session")
def chat_model() -> Iterator[ChatModel]:
    """The real SmolLM2 starter model, loaded once."""
    model = load_chat_model(ModelSettings())
    yield model
    model.close()


class RecordingModel(ChatModel):
    """The real model, remembering every prompt it was given (to inspect prompt assembly)."""

    def __init__(self, inner: ChatModel) -> None:
        self.inner = inner
        self.info = inner.info
        self.prompts: list[list[ChatTurn]] = []

    @property
    def context_size(self) -> int:
        return self.inner.context_size

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def count_prompt_tokens(self, turns: Sequence[ChatTurn]) -> int:
        return self.inner.count_prompt_tokens(turns)

    def stream(
        self,
        turns: Sequence[ChatTurn],
        sampling: SamplingSettings,
        cancel: CancelToken | None = None,
    ) -> Iterator[AnswerDelta]:
        self.prompts.append(list(turns))
        return self.inner.stream(turns, sampling, cancel)


class Slot:
    """Stands in for ModelSlot: always the one shared, already loaded model."""

    def __init__(self, model: ChatModel) -> None:
        self.model = model

    def get(self, settings: object) -> ChatModel:
        return self.model

    def check(self, settings: object) -> None:
        """The model is loaded already: nothing to check."""

    def is_loaded(self, settings: object) -> bool:
        """Always: the session's model is loaded once."""
        return True


@dataclass
class Grounded:
    """A ChatSession over a real knowledge base and the real model."""

    session: ChatSession
    store: ConversationStore
    kb: KnowledgeBase
    db: Database
    model: RecordingModel


def settings() -> Settings:
    """Defaults, with a fixed seed (answers repeat), short answers and short summaries.

    A summary reading 1,500 tokens still reads the beginning, middle and end of a source in
    three map steps (of 500 tokens each), at a quarter of the default's time.
    """
    return Settings(
        sampling=replace(Settings().sampling, seed=11, max_tokens=120),
        summary=SummarySettings(read_tokens=1500),
    )


@pytest.fixture
def grounded(good_home: Path, embedder: Embedder, chat_model: ChatModel) -> Iterator[Grounded]:
    """A session over the good.pdf knowledge base (conversations land in that folder too)."""
    kb = open_kb(good_home, embedder)
    db = Database(good_home / "lanthorn.db")
    store = ConversationStore(db)
    model = RecordingModel(chat_model)
    session = ChatSession(store, Slot(model), settings, db=db, knowledge=lambda: kb)  # type: ignore[arg-type]
    yield Grounded(session, store, kb, db, model)
    kb.close()
    db.close()


def run_cli(*args: str, home: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `lanthorn` in a data folder."""
    env = {**os.environ, "LANTHORN_HOME": str(home)}
    return subprocess.run(
        [LANTHORN, *args], input=stdin, capture_output=True, text=True, env=env, timeout=600
    )
