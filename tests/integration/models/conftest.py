"""A loopback file server holding the real starter GGUF, and catalogs that point at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.bundled import starter_chat_model

from .model_server import Knobs, ModelServer, sha256_of

STARTER_NAME = "starter-copy.gguf"


@pytest.fixture(scope="session")
def starter_sha256() -> str:
    return sha256_of(starter_chat_model())


@pytest.fixture(scope="session")
def shared_server() -> Iterator[ModelServer]:
    with ModelServer() as running:
        running.add(STARTER_NAME, starter_chat_model())
        yield running


@pytest.fixture
def server(shared_server: ModelServer) -> ModelServer:
    """The loopback file server, its knobs and request log fresh for each test."""
    shared_server.knobs = Knobs()
    shared_server.requests.clear()
    for name in [n for n in shared_server.files if n != STARTER_NAME]:
        del shared_server.files[name]
    return shared_server


def write_catalog(path: Path, entries: list[str]) -> Path:
    path.write_text("schema_version = 1\n\n" + "\n".join(entries), encoding="utf-8")
    return path


def chat_entry(name: str, url: str, size: int, sha256: str = "") -> str:
    sha = f'sha256 = "{sha256}"\n' if sha256 else ""
    return f'''[[model]]
name = "{name}"
kind = "chat"
title = "Starter copy"
license = "Apache-2.0"
languages = ["en"]
parameters = 134_515_008
context_length = 8192
layers = 30
kv_heads = 3
head_dim = 64
[[model.file]]
path = "{STARTER_NAME}"
url = "{url}"
size = {size}
{sha}'''


def folder_entry(name: str, kind: str, files: list[tuple[str, str, int]]) -> str:
    text = f'''[[model]]
name = "{name}"
kind = "{kind}"
title = "{name} folder"
license = "MIT"
languages = ["multilingual"]
'''
    for path, url, size in files:
        text += f'[[model.file]]\npath = "{path}"\nurl = "{url}"\nsize = {size}\n'
    return text


@pytest.fixture
def catalog(tmp_path: Path, server: ModelServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A catalog with the starter copy (hash from the server) as `starter-copy`."""
    size = starter_chat_model().stat().st_size
    url = f"{server.url}/resolve/{STARTER_NAME}"
    path = write_catalog(tmp_path / "catalog.toml", [chat_entry("starter-copy", url, size)])
    monkeypatch.setenv("LANTHORN_CATALOG", str(path))
    return path
