"""Which files and citations the built-in player plays.

Apart from `player` so the main window can ask without importing QtMultimedia, which it
imports only when the player first opens (start-up: QtMultimedia and QtMultimediaWidgets
cost ~20 ms and initialise the sound back-end before the first paint).
"""

from __future__ import annotations

from engine.types import MEDIA_SUFFIXES, Location


def is_media_file(path: str) -> bool:
    """Whether `path` is a sound or video file of a kind Lanthorn transcribes (and plays)."""
    return path.lower().endswith(MEDIA_SUFFIXES)


def is_recording(location: Location) -> bool:
    """Whether a timed location is in a local sound or video file the player can play."""
    return location.start_s is not None and not location.url and is_media_file(location.path)
