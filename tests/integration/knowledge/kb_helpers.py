"""Helpers of the knowledge base integration tests: the CLI in a subprocess, the question sets,
a second real embedding model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from engine.bundled import starter_embedding_model
from engine.knowledge.embedder import Embedder
from engine.knowledge.service import KnowledgeBase
from engine.storage.db import Database

CLI_TIMEOUT_S = 600


def make_home(home: Path, onnx_cache: Path) -> Path:
    """A data folder whose ONNX model cache is the session's, so no test exports it again."""
    (home / "models").mkdir(parents=True, exist_ok=True)
    link = home / "models" / "onnx"
    if not link.exists():
        link.symlink_to(onnx_cache, target_is_directory=True)
    return home


def open_kb(home: Path, embedder: object, **options: object) -> KnowledgeBase:
    """A knowledge base in `home` laid out as the app lays it out, with a shared embedder."""
    return KnowledgeBase(
        Database(home / "lanthorn.db"),
        index_folder=home / "index",
        owns_db=True,
        embedder_loader=lambda folder: embedder,  # type: ignore[arg-type,return-value]
        **options,  # type: ignore[arg-type]
    )


def make_other_model(folder: Path) -> Path:
    """A second real model: the bundled MiniLM with CLS pooling (other vectors, same size).

    Its config differs, so its model id does too; the weights are linked, not copied.
    """
    source = starter_embedding_model()
    folder.mkdir()
    for item in sorted(source.rglob("*")):
        target = folder / item.relative_to(source)
        if item.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif item.suffix in (".json", ".txt", ".md"):
            target.write_bytes(item.read_bytes())
        else:
            target.symlink_to(item)
    pooling = folder / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    config.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
    pooling.write_text(json.dumps(config))
    readme = folder / "README.md"
    readme.write_text(readme.read_text().replace("# all-MiniLM-L6-v2", "# MiniLM-CLS-test"))
    return folder


def two_models(
    bundled: Embedder, other_folder: Path, other: Embedder, loads: list[Path | None] | None = None
) -> Callable[[Path | None], Embedder]:
    """A loader that knows the bundled model (None) and one other folder; records each load."""

    def load(folder: Path | None) -> Embedder:
        if loads is not None:
            loads.append(folder)
        if folder is None:
            return bundled
        assert folder == other_folder, folder
        return other

    return load


def run_cli(
    home: Path, *args: str, stdin: str | None = None, timeout: float = CLI_TIMEOUT_S
) -> subprocess.CompletedProcess[str]:
    """Run `lanthorn ARGS` in a fresh process with `home` as its data folder."""
    env = {**os.environ, "LANTHORN_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "engine.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=timeout,
        check=False,
    )
