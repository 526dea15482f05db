"""`lanthorn embeddings status|switch` in fresh processes with real models: progress on stderr,
Ctrl+C cancels (exit 130) keeping the switch pending, running it again finishes it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from engine.knowledge.embedder import Embedder
from tests.integration.knowledge.kb_helpers import CLI_TIMEOUT_S, make_home, open_kb, run_cli

pytestmark = pytest.mark.slow

PDFS = ("Prime_number.pdf", "Amazon_rainforest.pdf", "Black_Death.pdf", "Rhine.pdf")


def _status(home: Path) -> dict[str, object]:
    result = run_cli(home, "embeddings", "status", "--json")
    assert result.returncode == 0, result.stderr
    status: dict[str, object] = json.loads(result.stdout)
    return status


def _interrupt_switch(home: Path, folder: Path) -> tuple[int, str]:
    """Start `embeddings switch FOLDER`, press Ctrl+C once its progress shows; (code, stderr)."""
    env = {**os.environ, "LANTHORN_HOME": str(home)}
    child = subprocess.Popen(
        [sys.executable, "-m", "engine.cli", "embeddings", "switch", str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env,
    )
    assert child.stderr is not None
    seen = []
    try:
        for line in child.stderr:
            seen.append(line)
            if line.startswith("re-embedding with"):
                child.send_signal(signal.SIGINT)
                break
        _, rest = child.communicate(timeout=CLI_TIMEOUT_S)
    finally:
        child.kill()
    return child.returncode, "".join(seen) + rest


def test_switch_shows_progress_cancels_on_ctrl_c_and_continues(
    tmp_path: Path, onnx_cache: Path, shared_data: Path, embedder: Embedder,
    other_model: Path, other_embedder: Embedder,
) -> None:
    home = make_home(tmp_path / "home", onnx_cache)
    with open_kb(home, embedder) as kb:
        report = kb.add([shared_data / "pdf" / "wiki_en" / name for name in PDFS])
        assert len(report.ok) == len(PDFS)
        chunks = sum(s.chunks for s in kb.list_sources())
    assert chunks > 64  # more than one batch, so a Ctrl+C lands before the end
    assert _status(home) == {"active": embedder.model_id, "active_folder": "", "pending": None,
                             "pending_folder": None, "done": 0, "total": 0}

    code, stderr = _interrupt_switch(home, other_model)
    assert code == 130, stderr
    assert "Traceback" not in stderr
    assert "switch cancelled" in stderr and "Run the same command again" in stderr
    pending = _status(home)
    assert pending["active"] == embedder.model_id
    assert pending["pending"] == other_embedder.model_id
    assert pending["pending_folder"] == str(other_model.resolve())
    assert isinstance(pending["done"], int) and pending["done"] < chunks == pending["total"]

    finished = run_cli(home, "embeddings", "switch", str(other_model))
    assert finished.returncode == 0, finished.stderr
    assert finished.stderr.splitlines()[-1].startswith(
        f"re-embedding with {other_embedder.model_id}: {chunks} of {chunks} passages"
    )
    assert finished.stdout.strip() == (
        f"Search now uses {other_embedder.model_id} ({other_model.resolve()})."
    )
    assert _status(home)["pending"] is None

    found = run_cli(home, "search", "--json", "What is a prime number?")
    assert found.returncode == 0, found.stderr
    assert Path(json.loads(found.stdout)[0]["path"]).name == "Prime_number.pdf"
    shown = run_cli(home, "embeddings", "status")
    assert shown.stdout.strip() == f"active: {other_embedder.model_id} ({other_model.resolve()})"
