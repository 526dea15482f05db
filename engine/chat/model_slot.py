"""Holds the one loaded chat model and swaps it when the model settings change.

Loading a GGUF takes seconds and memory, so the model is loaded on first use and kept until a
different file, machine-fit setting or remote endpoint is asked for; the old one is closed
first so two models never sit in memory at once. While indexing runs in-process the model
shares the cores with the embedder (`sharing_cores`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from engine import bundled
from engine.config import ModelSettings
from engine.llm.base import ChatModel
from engine.llm.remote import RemoteEndpoint, connect_remote


def load_chat_model(settings: ModelSettings) -> ChatModel:
    """Load a local model; llama.cpp and gguf are imported here, when a model first loads."""
    from engine.llm.loader import load_chat_model as load

    return load(settings)


class ModelSlot:
    """Lazily loads the chat model for the current settings. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._model: ChatModel | None = None
        self._loaded_for: ModelSettings | RemoteEndpoint | None = None
        self._sharers = 0  # heavy jobs running now that the model should leave cores to

    def get(self, settings: ModelSettings | RemoteEndpoint) -> ChatModel:
        """Return the model for `settings` (a local file or a remote endpoint), loading it.

        Blocks: seconds for a local file, one request for a remote endpoint.

        Raises:
            ModelError: the file is missing, not a GGUF, unsupported or too large; the server
                is unreachable, refuses the key or lacks the model.
        """
        with self._lock:
            if self._model is not None and self._loaded_for == settings:
                return self._model
            self._release()
            if isinstance(settings, RemoteEndpoint):
                self._model = connect_remote(settings)
            else:
                self._model = load_chat_model(settings)
            self._loaded_for = settings
            if self._sharers:
                self._model.share_cores(True)
            return self._model

    def check(self, settings: ModelSettings | RemoteEndpoint) -> None:
        """Fail fast when a local model file cannot be used, without loading it (a header read).

        Every answer checks first, so a wrong `--model` is reported even when the documents do
        not cover the question and the model would not have been loaded. Remote endpoints are
        checked when they answer.

        Raises:
            ModelError: missing file, a folder, not a GGUF, truncated or unsupported.
        """
        if isinstance(settings, RemoteEndpoint):
            return
        with self._lock:
            if self._model is not None and self._loaded_for == settings:
                return
        from engine.llm import inspect_model  # gguf and numpy: only once an answer is asked for

        path = Path(settings.path).expanduser() if settings.path else bundled.starter_chat_model()
        inspect_model(path)

    def is_loaded(self, settings: ModelSettings | RemoteEndpoint) -> bool:
        """Whether `get(settings)` would return at once (the model is in memory already)."""
        with self._lock:
            return self._model is not None and self._loaded_for == settings

    @contextmanager
    def sharing_cores(self) -> Iterator[None]:
        """While the block runs, the model (loaded now or later) runs on half its threads."""
        with self._lock:
            self._sharers += 1
            if self._sharers == 1 and self._model is not None:
                self._model.share_cores(True)
        try:
            yield
        finally:
            with self._lock:
                self._sharers -= 1
                if self._sharers == 0 and self._model is not None:
                    self._model.share_cores(False)

    @property
    def loaded(self) -> ChatModel | None:
        """The model in memory, if any (never loads)."""
        return self._model

    def close(self) -> None:
        """Free the model's memory."""
        with self._lock:
            self._release()

    def _release(self) -> None:
        if self._model is not None:
            self._model.close()
        self._model = None
        self._loaded_for = None
