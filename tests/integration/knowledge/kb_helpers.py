"""Helpers of the knowledge base integration tests: the CLI in a subprocess, the question sets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
