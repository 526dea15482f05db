"""Catalog downloads of the real starter GGUF from a loopback server: progress, resume after a
cut connection, pause and resume, tampering and unverifiable files refused with nothing left,
the disk checked first, proxies used, and the downloaded model answering a question."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from engine import paths
from engine.api import CancelToken, Engine
from engine.bundled import starter_chat_model
from engine.config import SamplingSettings, Settings
from engine.errors import Cancelled, ModelError
from engine.models.download import Downloader
from engine.types import CatalogKind, ModelKind, Progress

from .conftest import STARTER_NAME, chat_entry, folder_entry, write_catalog
from .model_server import ModelServer

GREEDY = SamplingSettings(temperature=0.0, max_tokens=24, seed=1)


def leftovers() -> list[str]:
    """Everything in the models folder (a failed download must leave nothing)."""
    return sorted(str(p.relative_to(paths.models_dir())) for p in paths.models_dir().rglob("*"))


def test_download_reports_progress_verifies_and_then_answers(
    server: ModelServer, catalog: Path, starter_sha256: str
) -> None:
    seen: list[Progress] = []
    settings = Settings(sampling=GREEDY)
    with Engine(settings) as engine:
        assert engine.models.recommendation().starter_only
        result = engine.models.download("starter-copy", progress=seen.append)
        size = starter_chat_model().stat().st_size
        assert result.kind is CatalogKind.CHAT
        assert result.sha256 == (starter_sha256,)
        assert Path(result.path).read_bytes() == starter_chat_model().read_bytes()
        assert seen[-1].done == seen[-1].total == size
        assert [p.done for p in seen] == sorted(p.done for p in seen)
        assert any(p.rate and p.eta_s is not None for p in seen)
        model = result.model
        assert model is not None and model.owned and model.kind is ModelKind.LOCAL
        assert model.fit is not None and model.fit.fits
        assert not engine.models.recommendation().starter_only
        assert engine.models.catalog()[0].installed == str(Path(result.path).parent)
        engine.models.set_default(model.id)
        answer = "".join(d.text for d in engine.chat.stream_answer(
            "What is the capital of France?", use_knowledge=False))
        assert engine.models.current().path == result.path
    assert "Paris" in answer
    assert not [name for name in leftovers() if "partial" in name]


def test_a_cut_connection_resumes_with_a_range_request(
    server: ModelServer, catalog: Path, starter_sha256: str
) -> None:
    server.knobs.cut_after = 30_000_000
    with Engine() as engine:
        result = engine.models.download("starter-copy")
    assert result.sha256 == (starter_sha256,)
    ranges = [r[2] for r in server.gets()]
    assert ranges[0] == "" and ranges[-1].startswith("bytes=")
    assert int(ranges[-1].removeprefix("bytes=").rstrip("-")) >= 30_000_000 - 1_048_576


def test_pause_keeps_the_part_and_resume_continues_it(
    server: ModelServer, catalog: Path, starter_sha256: str
) -> None:
    cancel = CancelToken()
    with Engine() as engine:
        with pytest.raises(Cancelled, match="paused"):
            engine.models.download("starter-copy", progress=lambda _p: cancel.cancel(),
                                   cancel=cancel)
        paused = engine.models.catalog()[0].partial_bytes
        assert 0 < paused < starter_chat_model().stat().st_size
        result = engine.models.download("starter-copy")
    assert result.sha256 == (starter_sha256,)
    assert server.gets()[-1][2] == f"bytes={paused}-"


def test_a_tampered_download_is_refused_and_nothing_stays(
    server: ModelServer, catalog: Path
) -> None:
    server.knobs.tamper = True
    with Engine() as engine, pytest.raises(ModelError, match="checksum does not match"):
        engine.models.download("starter-copy")
    assert leftovers() == []


def test_a_wrong_catalog_hash_is_refused_and_nothing_stays(
    server: ModelServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.knobs.advertise = False
    wrong = hashlib.sha256(b"another file").hexdigest()
    url = f"{server.url}/resolve/{STARTER_NAME}"
    path = write_catalog(tmp_path / "c.toml", [chat_entry("pinned", url, 98_362_432, wrong)])
    monkeypatch.setenv("LANTHORN_CATALOG", str(path))
    with Engine() as engine, pytest.raises(ModelError, match="checksum does not match"):
        engine.models.download("pinned")
    assert leftovers() == []


def test_a_file_nobody_can_verify_is_never_fetched(server: ModelServer, catalog: Path) -> None:
    server.knobs.advertise = False
    with Engine() as engine, pytest.raises(ModelError, match="cannot be verified"):
        engine.models.download("starter-copy")
    assert server.gets() == []
    assert not [name for name in leftovers() if name.endswith(".part")]


def test_not_enough_disk_is_said_before_starting(server: ModelServer, catalog: Path) -> None:
    downloader = Downloader(paths.models_dir(), space=lambda _folder: 50_000_000)
    with Engine(downloader=downloader) as engine, pytest.raises(
        ModelError, match=r"Not enough disk space.*0\.10 GB more.*0\.05 GB is free"
    ):
        engine.models.download("starter-copy")
    assert server.gets() == []


def test_the_environment_proxy_carries_the_download(
    server: ModelServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, starter_sha256: str
) -> None:
    url = f"http://models.lanthorn.invalid/resolve/{STARTER_NAME}"
    path = write_catalog(tmp_path / "c.toml", [chat_entry("via-proxy", url, 98_362_432)])
    monkeypatch.setenv("LANTHORN_CATALOG", str(path))
    monkeypatch.setenv("HTTP_PROXY", server.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with Engine() as engine:
        result = engine.models.download("via-proxy")
    assert result.sha256 == (starter_sha256,)
    assert server.requests and all(proxied for *_rest, proxied in server.requests)


def test_folder_models_are_verified_by_git_blob_id_and_only_offered(
    server: ModelServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = []
    for name, text in (("config.json", '{"a": 1}'), ("README.md", "---\nlanguage: multilingual\n")):
        local = tmp_path / name
        local.write_text(text, encoding="utf-8")
        url = server.add(f"small-{name}", local, lfs=False)
        files.append((name, url, local.stat().st_size))
    files.append(("model.bin", f"{server.url}/resolve/{STARTER_NAME}", 98_362_432))
    entries = [folder_entry("speech-small", "whisper", files),
               folder_entry("multi-embed", "embedding", files)]
    monkeypatch.setenv("LANTHORN_CATALOG", str(write_catalog(tmp_path / "c.toml", entries)))
    with Engine() as engine:
        whisper = engine.models.download("speech-small")
        embedding = engine.models.download("multi-embed")
        assert engine.settings().knowledge.embedding_model == ""  # offered, never switched
    folder = Path(whisper.whisper_folder)
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "config.json", "model.bin"]
    assert (folder / "config.json").read_text(encoding="utf-8") == '{"a": 1}'
    assert embedding.embedding_folder.endswith("multi-embed")
    assert not [name for name in leftovers() if "partial" in name]


def test_a_small_file_with_a_wrong_blob_id_is_refused(
    server: ModelServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = tmp_path / "config.json"
    local.write_text('{"a": 1}', encoding="utf-8")
    url = server.add("cfg", local, lfs=False)
    local.write_text('{"a": 2}', encoding="utf-8")  # the bytes change after the id was taken
    entry = folder_entry("broken", "whisper", [("config.json", url, 8)])
    monkeypatch.setenv("LANTHORN_CATALOG", str(write_catalog(tmp_path / "c.toml", [entry])))
    with Engine() as engine, pytest.raises(ModelError, match="checksum does not match"):
        engine.models.download("broken")
    assert leftovers() == []


def test_busy_answers_are_retried(server: ModelServer, catalog: Path, starter_sha256: str) -> None:
    server.knobs.statuses.extend([429, 503])
    downloader = Downloader(paths.models_dir(), backoff_s=0.01)
    with Engine(downloader=downloader) as engine:
        assert engine.models.download("starter-copy").sha256 == (starter_sha256,)
