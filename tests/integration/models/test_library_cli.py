"""The library through `lanthorn models ...` and the engine: add (copied or referenced), list
with fit labels, default, per-conversation choice, remove (a referenced file stays), catalog and
download with JSON."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine import paths
from engine.api import Engine
from engine.bundled import starter_chat_model
from engine.config import SamplingSettings, Settings
from engine.errors import NotFoundError, UserInputError

from .conftest import STARTER_NAME
from .model_server import ModelServer

LANTHORN = str(Path(sys.executable).with_name("lanthorn"))


def lanthorn(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LANTHORN, *args], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ))


def run_json(*args: str) -> object:
    done = lanthorn(*args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def gguf_copy(tmp_path: Path) -> Path:
    target = tmp_path / "elsewhere" / "mine.gguf"
    target.parent.mkdir()
    shutil.copyfile(starter_chat_model(), target)
    return target


def test_add_list_default_and_remove_through_the_cli(gguf_copy: Path) -> None:
    listed = run_json("models", "list")
    assert [m["id"] for m in listed] == ["starter"] and listed[0]["default"]
    assert listed[0]["license"] == "apache-2.0" and listed[0]["fit"]["verdict"] == "fits"
    referenced = run_json("models", "add", str(gguf_copy))
    copied = run_json("models", "add", str(gguf_copy), "--copy")
    assert referenced["id"] == "1" and not referenced["owned"]
    assert copied["id"] == "2" and copied["owned"]
    assert Path(copied["path"]).parent == paths.models_dir() / "added"
    assert copied["parameters"] == 134_515_008 and copied["context_length"] == 8192
    assert run_json("models", "default", "2")["default"] is True
    text = lanthorn("models", "list").stdout
    assert "* 2 " in text and "fits (" in text
    run_json("models", "remove", "1")
    run_json("models", "remove", "2")
    assert gguf_copy.exists()  # referenced: only forgotten
    assert not Path(copied["path"]).exists()  # copied: deleted
    after = run_json("models", "list")
    assert [(m["id"], m["default"]) for m in after] == [("starter", True)]
    bad = lanthorn("models", "remove", "starter")
    assert bad.returncode == 2 and "cannot be removed" in bad.stderr
    missing = lanthorn("models", "add", str(gguf_copy.with_name("none.gguf")))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    assert "Traceback" not in bad.stderr + missing.stderr


def test_each_conversation_answers_with_its_own_model(gguf_copy: Path) -> None:
    with Engine(Settings(sampling=SamplingSettings(max_tokens=8, seed=1))) as engine:
        added = engine.models.add(gguf_copy)
        first = engine.conversations.create("first")
        second = engine.conversations.create("second")
        engine.models.use_in_conversation(second.id, added.id)
        for conversation in (first, second):
            for _delta in engine.chat.stream_reply(conversation.id, "Hi", use_knowledge=False):
                pass
        assert engine.models.for_conversation(first.id).id == "starter"
        assert engine.models.for_conversation(second.id).id == added.id
        assert engine.conversations.list_messages(second.id)[-1].model == added.name
        assert engine.models.current().path == str(gguf_copy)  # the last one loaded
        engine.models.remove(added.id)
        assert engine.models.for_conversation(second.id).id == "starter"
        with pytest.raises(NotFoundError):
            engine.models.use_in_conversation(first.id, "7")
        with pytest.raises(UserInputError, match="cannot be removed"):
            engine.models.remove("starter")


def test_catalog_and_download_through_the_cli(
    server: ModelServer, catalog: Path, starter_sha256: str
) -> None:
    entries = run_json("models", "catalog")
    assert entries[0]["name"] == "starter-copy" and entries[0]["installed"] == ""
    assert entries[0]["fit"]["verdict"] == "fits"
    done = lanthorn("models", "download", "starter-copy", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["sha256"] == [starter_sha256] and result["model"]["owned"]
    assert "Starter copy: 0.10 of 0.10 GB" in done.stderr  # the progress line's last state
    assert Path(result["path"]).name == STARTER_NAME
    assert run_json("models", "catalog")[0]["installed"] == str(Path(result["path"]).parent)
    unknown = lanthorn("models", "download", "nope")
    assert unknown.returncode == 2 and "no model named 'nope'" in unknown.stderr
