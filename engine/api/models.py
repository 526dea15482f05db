"""`engine.models`: chat model files, the loaded model, and whether a model fits this machine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from engine.chat.model_slot import ModelSlot
from engine.config import Settings
from engine.llm import defaults, inspect_model
from engine.types import ModelFit, ModelInfo


class Models:
    """Inspect, load and size chat models. Thread-safe; `load` blocks for seconds."""

    def __init__(self, settings: Callable[[], Settings], slot: ModelSlot) -> None:
        self._settings = settings
        self._slot = slot

    def inspect(self, path: str | Path) -> ModelInfo:
        """Read a GGUF file's metadata without loading its weights.

        Raises ModelError: missing file, not a GGUF, truncated or unsupported.
        """
        return inspect_model(path)

    def current(self) -> ModelInfo:
        """Metadata of the chat model the settings point at (loaded or not)."""
        loaded = self._slot.loaded
        if loaded is not None:
            return loaded.info
        return inspect_model(self.current_path())

    def load(self) -> ModelInfo:
        """Load the configured chat model now, e.g. to warm up before the first answer.

        Raises ModelError: the model cannot be loaded (missing, broken, does not fit).
        """
        return self._slot.get(self._settings().model).info

    def fit(self, info: ModelInfo, context_size: int = 0) -> ModelFit:
        """Memory `info`'s model needs at `context_size` (0: automatic) against what is free.

        The engine's one estimate: the loader refuses exactly the models this calls
        `WONT_FIT`. Cheap (reads free memory).
        """
        return defaults.fit(info, context_size)

    def current_path(self) -> str:
        """The GGUF file the settings point at (the bundled starter model when unset)."""
        from engine.bundled import starter_chat_model

        return self._settings().model.path or str(starter_chat_model())
