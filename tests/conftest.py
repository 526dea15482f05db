"""Fixtures every test gets: a private data folder, no network, and paths to shared test data."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.knowledge.embedder import Embedder

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

# Offline for every library that might otherwise reach for a hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def lanthorn_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder, so none can touch a real user's files."""
    home = tmp_path / "lanthorn-home"
    home.mkdir()
    monkeypatch.setenv("LANTHORN_HOME", str(home))
    return home


_real_connect = socket.socket.connect


def _is_loopback(host: str) -> bool:
    return host.startswith("127.") or host in ("::1", "localhost")


def _loopback_only_connect(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else None
    inet = self.family in (socket.AF_INET, socket.AF_INET6)
    if inet and host is not None and not _is_loopback(str(host)):
        raise OSError(f"Tests never use the network (tried to reach {host}).")
    return _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail loudly if a test tries to reach anything but this machine."""
    monkeypatch.setattr(socket.socket, "connect", _loopback_only_connect)
    yield


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The read-only test data folder beside the project (`../shared/data`)."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"Shared test data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def onnx_cache(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the int8 embedder export is kept: pytest's cache, so a machine exports it once.

    The export is made here, under a file lock, so parallel workers (`make test` runs two) and
    the `lanthorn` processes they start find it ready instead of each exporting it again.
    """
    from filelock import FileLock

    from engine.knowledge.embedder import load_embedder

    cache = getattr(request.config, "cache", None)
    if cache is None:
        folder = tmp_path_factory.mktemp("onnx-models")
    else:
        folder = Path(cache.mkdir("lanthorn-onnx-models"))
    with FileLock(folder.with_name(folder.name + ".lock")):
        if not any(folder.glob("*/model.onnx")):
            load_embedder(cache_dir=folder)
    return folder


@pytest.fixture(scope="session")
def embedder(onnx_cache: Path) -> Embedder:
    """The bundled MiniLM on the int8 ONNX backend, loaded once per test session."""
    from engine.knowledge.embedder import load_embedder

    return load_embedder(cache_dir=onnx_cache)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with the most slow tests first, each file's tests in their own order.

    Parallel workers (`make test`, which steal work from each other) run them in this order:
    the longest, started first, finish together instead of one running alone at the end.
    """
    files = list(dict.fromkeys(item.path for item in items))
    slow = dict.fromkeys(files, 0)
    for item in items:
        slow[item.path] += item.get_closest_marker("slow") is not None
    rank = {path: (-slow[path], index) for index, path in enumerate(files)}
    items.sort(key=lambda item: rank[item.path])


def pytest_configure(config: pytest.Config) -> None:
    """Give each parallel worker its own cores (`make test`), and the programs it starts too.

    llama.cpp's, ONNX Runtime's and CTranslate2's threads wait for each other at every step:
    two workers each starting a thread per core of the machine wrote replies 5x slower than one
    alone. The engine sizes its threads to the cores it may run on (engine/cores.py).
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if not worker.startswith("gw") or workers < 2 or not hasattr(os, "sched_setaffinity"):
        return
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) >= workers:
        os.sched_setaffinity(0, cpus[int(worker[2:]) % workers :: workers])
