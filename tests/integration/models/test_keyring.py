"""API keys in a real Secret Service (gnome-keyring on a private D-Bus session, as
tests/with_session_bus.sh and `make test` set up), the no-keyring path, and a search of the data
folder, the logs and the exports for the key after real use through the CLI."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import config, paths
from engine.api import Engine
from engine.bundled import starter_chat_model
from engine.config import SamplingSettings, Settings
from engine.models.choice import api_key_name
from engine.secrets import NO_KEYRING, SecretStore

from .llama_server import KEY, start_server

LANTHORN = str(Path(sys.executable).with_name("lanthorn"))
needs_bus = pytest.mark.skipif(
    not os.environ.get("DBUS_SESSION_BUS_ADDRESS"),
    reason="needs a D-Bus session with gnome-keyring: run under tests/with_session_bus.sh",
)


@pytest.fixture(scope="module")
def remote_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    process, url = start_server(starter_chat_model(), log)
    yield url
    process.terminate()
    process.wait(timeout=20)


def lanthorn(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> (
    subprocess.CompletedProcess[str]
):
    return subprocess.run(
        [LANTHORN, *args], input=stdin, capture_output=True, text=True, timeout=180,
        env={**os.environ, **(env or {})},
    )


@needs_bus
def test_the_secret_service_keeps_the_key_across_processes() -> None:
    store = SecretStore()
    status = store.set("api-key http://test.invalid/v1", "sk-one")
    assert status.persistent and status.problem == "" and status.backend != "memory"
    assert SecretStore().get("api-key http://test.invalid/v1") == "sk-one"  # a new process view
    store.delete("api-key http://test.invalid/v1")
    assert SecretStore().get("api-key http://test.invalid/v1") is None


def test_without_a_keyring_the_key_stays_in_memory_and_it_is_said() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    code = (
        "from engine.secrets import SecretStore\n"
        "s = SecretStore(); st = s.set('k', 'sk-mem')\n"
        "print(st.persistent, st.backend, s.get('k'), s.where('k'))\n"
        "print(st.problem)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=60)
    first, problem = done.stdout.splitlines()[:2]
    assert first == "False memory sk-mem memory"
    assert problem == NO_KEYRING


@needs_bus
def test_the_key_is_nowhere_in_the_data_folder_logs_or_exports(
    remote_url: str, lanthorn_home: Path, tmp_path: Path
) -> None:
    env = {"LANTHORN_HOME": str(lanthorn_home)}
    config.save(Settings(sampling=SamplingSettings(max_tokens=12, seed=3)))
    set_ = lanthorn("remote", "set", remote_url, "--model", "smollm2", "--key-from-stdin",
                    "--default", stdin=KEY + "\n", env=env)
    assert set_.returncode == 0, set_.stderr
    assert "sent to" in set_.stdout and KEY not in set_.stdout + set_.stderr
    test = lanthorn("remote", "test", env=env)
    assert test.returncode == 0, test.stderr
    assert test.stdout.startswith("OK: smollm2")
    ask = lanthorn("ask", "Hello?", "--no-kb", env=env)
    assert ask.returncode == 0 and ask.stdout.strip(), ask.stderr

    log_file = paths.logs_dir() / "engine.log"
    handler = logging.FileHandler(log_file)
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        with Engine() as engine:
            conversation = engine.conversations.create("Key check")
            for _delta in engine.chat.stream_reply(conversation.id, "Name a colour.",
                                                   use_knowledge=False):
                pass
            exports = [engine.conversations.export(conversation.id, fmt) for fmt in ("md", "json")]
            assert engine.models.remote().key_storage == "keyring"
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(old_level)
    assert log_file.stat().st_size > 0  # the client's debug lines were written
    (lanthorn_home / "export.md").write_text(exports[0], encoding="utf-8")
    (lanthorn_home / "export.json").write_text(exports[1], encoding="utf-8")
    files = [p for p in lanthorn_home.rglob("*") if p.is_file()]
    holding = [p for p in files if KEY.encode() in p.read_bytes()]
    assert holding == []
    SecretStore().delete(api_key_name(remote_url))
