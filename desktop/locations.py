"""Where the desktop app keeps its own files: window state and logs, beside the engine's data.

The desktop may not import `engine.paths`, so it follows the same rule itself: `LANTHORN_HOME`
when set (tests set it, so window state never leaks between them), else the platform's data
folder. Window state lives apart from the user's settings (qutebrowser's split): losing it only
costs a window size.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from PySide6.QtCore import QSettings

APP_NAME = "Lanthorn"
RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def data_home() -> Path:
    """The data folder the engine uses too."""
    override = os.environ.get("LANTHORN_HOME")
    root = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    root.mkdir(parents=True, exist_ok=True)
    return root


def logs_dir() -> Path:
    """Log files and crash reports."""
    folder = data_home() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def window_state() -> QSettings:
    """Geometry, splitter sizes and similar window state, as an INI file in the data folder."""
    return QSettings(str(data_home() / "window-state.ini"), QSettings.Format.IniFormat)


def resource(*parts: str) -> Path:
    """A file under the project's `resources/` folder (icons, stylesheet, translations)."""
    return RESOURCES.joinpath(*parts)
