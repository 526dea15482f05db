"""Every file location the engine uses. `LANTHORN_HOME` relocates all of them (tests set it)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Lanthorn"


def home() -> Path:
    """The data folder: `$LANTHORN_HOME` when set, otherwise the platform's user data folder."""
    override = os.environ.get("LANTHORN_HOME")
    root = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    root.mkdir(parents=True, exist_ok=True)
    return root


def database_file() -> Path:
    """SQLite database: the source of truth for conversations, sources and chunks."""
    return home() / "lanthorn.db"


def config_file() -> Path:
    """User settings (TOML, with a schema version)."""
    return home() / "settings.toml"


def index_dir() -> Path:
    """Derived search indexes (FAISS); rebuilt from the database when missing or corrupt."""
    return _subdir("index")


def models_dir() -> Path:
    """Models the user added through the app, and local conversions of bundled ones."""
    return _subdir("models")


def cache_dir() -> Path:
    """Disposable files: probe results, temporary downloads."""
    return _subdir("cache")


def logs_dir() -> Path:
    """Log files, including crash reports from the desktop app."""
    return _subdir("logs")


def _subdir(name: str) -> Path:
    path = home() / name
    path.mkdir(parents=True, exist_ok=True)
    return path
