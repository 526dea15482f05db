"""The download's small parts: which failures are retried, the hash, the background flush."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from engine.errors import ModelError
from engine.models import fetch
from tests.integration.models.llama_server import free_port


def test_a_refused_connection_is_retried_and_a_malformed_url_is_not() -> None:
    with fetch.open_client(timeout_s=2.0) as client:
        with pytest.raises(fetch.Interrupted):
            fetch.probe(client, f"http://127.0.0.1:{free_port()}/resolve/model.gguf")
        with pytest.raises(ModelError, match=r"download of http://\[oops/model.gguf failed"):
            fetch.probe(client, "http://[oops/model.gguf")


def test_the_hash_covers_what_was_there_and_starts_over_on_restart(tmp_path: Path) -> None:
    part = tmp_path / "model.gguf.part"
    part.write_bytes(b"first half, ")
    with fetch.FileHash() as hasher:
        assert hasher.seed(part) == 12
        hasher.update(b"second half")
        assert hasher.sha256() == hashlib.sha256(b"first half, second half").hexdigest()
        hasher.restart()
        hasher.update(b"again")
        assert hasher.sha256() == hashlib.sha256(b"again").hexdigest()
    assert not any(t.name == "download-hash" for t in threading.enumerate())  # the thread ended


def test_the_flusher_syncs_behind_the_writes_and_is_done_before_the_file_closes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_sync = os.fdatasync

    def recording_sync(fd: int) -> None:
        real_sync(fd)
        synced.append(fd)

    monkeypatch.setattr(fetch, "FLUSH_BYTES", 8)
    monkeypatch.setattr(os, "fdatasync", recording_sync)
    target = tmp_path / "growing.part"
    with target.open("wb") as out, fetch.Flusher(out.fileno()) as flusher:
        for _ in range(4):
            out.write(b"12345678")
            out.flush()
            flusher.wrote(8)
        fd = out.fileno()
    assert synced and set(synced) == {fd}  # at least one ran, every one finished in the `with`
    assert target.read_bytes() == b"12345678" * 4
