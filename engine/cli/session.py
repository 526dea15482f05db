"""How every command opens the engine: one Engine per process, through the facade only."""

from __future__ import annotations

from engine.api import Engine
from engine.config import load as load_settings


def open_engine(model: str | None = None) -> Engine:
    """An Engine, using the GGUF `model` for this run only (the saved settings stay as they are).

    Commands call it through this module, so tests can give them an Engine with fake parts.
    """
    settings = load_settings()
    if model:
        settings = settings.with_model_path(model)
    return Engine(settings)
