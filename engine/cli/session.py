"""How every command opens the engine: one Engine per process, through the facade only."""

from __future__ import annotations

from engine.api import Engine
from engine.config import load as load_settings


def open_engine(model: str | None = None, *, video_audio: bool = False) -> Engine:
    """An Engine with this run's choices; the saved settings stay as they are.

    `model` is a GGUF file to answer with; `video_audio` transcribes the sound of videos
    without captions (downloading it).

    Commands call it through this module, so tests can give them an Engine with fake parts.
    """
    settings = load_settings()
    if model:
        settings = settings.with_model_path(model)
    if video_audio:
        settings = settings.with_video_audio(True)
    return Engine(settings)
