"""Opening the engine is cheap: the window paints from SQLite before any heavy library loads.

Measured in issue 14: `import desktop.errors` pulled the engine facade with llama_cpp, gguf and
numpy (0.22 s). A fresh interpreter imports the facade, opens an Engine, lists conversations and
reads one, and none of the heavy libraries may be loaded by then, nor the chat session with its
retrieval and prompts (~50 ms on a loaded machine; made on the first answer).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("numpy", "gguf", "httpx", "llama_cpp", "faiss", "torch", "onnxruntime", "pypdf",
         "sentence_transformers", "faster_whisper", "keyring", "engine.chat.session",
         "engine.chat.retrieval")

SCRIPT = f"""
import sys
import desktop.errors
from engine.api import Engine
with Engine() as engine:
    conversation = engine.conversations.create()
    engine.conversations.list_recent()
    engine.conversations.list_messages(conversation.id)
    engine.settings()
print(" ".join(sorted(m for m in {HEAVY!r} if m in sys.modules)))
"""


def test_opening_the_engine_and_reading_history_loads_no_heavy_library(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[4]
    env = {**os.environ, "LANTHORN_HOME": str(tmp_path / "home"), "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"loaded at start-up: {done.stdout.strip()}"
