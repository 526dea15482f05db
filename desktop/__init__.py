"""Lanthorn's PySide6 desktop app. Reaches the engine only through engine.api/types/errors."""
