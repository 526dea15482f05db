"""Where the desktop app keeps its own files: window state and logs, beside the engine's data.

The folder is the engine's (`LANTHORN_HOME` when set, so tests never share window state).
Window state lives apart from the user's settings (qutebrowser's split): losing it only costs a
window size. Icons, the stylesheet and translations come from the engine's one locator of the
files that ship with the app (`resource`), so a checkout and the installed app find them alike.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from engine.api import data_dir, resource

__all__ = ["logs_dir", "resource", "window_state"]


def logs_dir() -> Path:
    """Log files and crash reports."""
    folder = data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def window_state() -> QSettings:
    """Geometry, splitter sizes and similar window state, as an INI file in the data folder."""
    return QSettings(str(data_dir() / "window-state.ini"), QSettings.Format.IniFormat)
