"""`lanthorn embeddings` through the real Engine, with fake models behind the loader seam."""

from __future__ import annotations

import argparse
import json
import signal
from pathlib import Path

import pytest

from engine import config
from engine.api import Engine
from engine.cli import EXIT_INTERRUPTED, embeddings_cmds, knowledge_cmds, session
from engine.knowledge.service import KnowledgeBase
from engine.storage.db import Database
from engine.types import ChangeListener, Changes
from tests.unit.engine.knowledge_index.fakes import WordEmbedder, chunk_pages, fake_readers


class Loader:
    """The bundled fake model (None) and one in `other`; can press Ctrl+C while loading it."""

    def __init__(self, other: Path) -> None:
        self.other = other
        self.models = {None: WordEmbedder("fake-bundled"), other: WordEmbedder("fake-other")}
        self.interrupt = False

    def __call__(self, folder: Path | None) -> WordEmbedder:
        if folder == self.other and self.interrupt:
            self.interrupt = False
            signal.raise_signal(signal.SIGINT)
        return self.models[folder]


@pytest.fixture
def other(tmp_path: Path) -> Path:
    folder = tmp_path / "other-model"
    folder.mkdir()
    return folder


@pytest.fixture
def loader(other: Path) -> Loader:
    return Loader(other)


@pytest.fixture
def changes(monkeypatch: pytest.MonkeyPatch, loader: Loader) -> list[Changes]:
    heard: list[Changes] = []

    def fake_knowledge(db: Database, folder: Path | None, changed: ChangeListener) -> KnowledgeBase:
        return KnowledgeBase(db, embedding_model=folder, embedder_loader=loader,
                             readers=fake_readers(), chunker=chunk_pages, chunk_tokens=12,
                             on_change=changed)

    def fake_open(model: str | None = None) -> Engine:
        engine = Engine(knowledge_factory=fake_knowledge)
        engine.subscribe(heard.append)
        return engine

    monkeypatch.setattr(session, "open_engine", fake_open)
    return heard


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="lanthorn")
    sub = parser.add_subparsers(dest="command", required=True)
    knowledge_cmds.register(sub)
    embeddings_cmds.register(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_switch_and_back_to_the_bundled_model_saves_the_setting(
    changes: list[Changes], docs: Path, other: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run("add", str(docs)) == 0
    assert _run("embeddings", "switch", str(other)) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == f"Search now uses fake-other ({other})."
    assert "re-embedding with fake-other:" in err
    assert config.load().knowledge.embedding_model == str(other)
    assert any(c.embeddings and c.settings for c in changes)

    assert _run("embeddings", "switch") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Search now uses fake-bundled (bundled)."
    assert config.load().knowledge.embedding_model == ""
    assert _run("embeddings", "status") == 0
    assert capsys.readouterr().out == "active: fake-bundled (bundled)\n"


def test_ctrl_c_cancels_keeps_the_switch_pending_and_exits_130(
    changes: list[Changes], docs: Path, other: Path, loader: Loader,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _run("add", str(docs)) == 0
    changes.clear()
    loader.interrupt = True
    assert _run("embeddings", "switch", str(other)) == EXIT_INTERRUPTED
    err = capsys.readouterr().err
    assert "stopping after this batch" in err and "switch cancelled" in err
    assert changes == [Changes(embeddings=True)]
    assert config.load().knowledge.embedding_model == ""  # saved only once it is complete
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler

    assert _run("embeddings", "status", "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["active"], status["pending"], status["pending_folder"]) == (
        "fake-bundled", "fake-other", str(other))
    assert status["done"] < status["total"]
    assert _run("embeddings", "status") == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"switching to: fake-other ({other}), {status['done']} of {status['total']} passages"
        " re-embedded"
    )
