"""Every file location the engine uses. `LANTHORN_HOME` relocates all of them (tests set it).

Read-only files that ship with the app (`resources/`: the model catalog, icons, stylesheet,
translations, the self-test's sample files) are found by `resource()`, from a source checkout
(the folder beside the `engine` package) and from the installed app (PyInstaller's one-folder
build unpacks them to `sys._MEIPASS/resources`) alike.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Lanthorn"


def packaged() -> bool:
    """Whether this runs as the installed app (PyInstaller's build), not from a checkout."""
    return bool(getattr(sys, "frozen", False))


def app_root() -> Path:
    """The folder holding the `engine` package: the checkout, or the installed app's files."""
    if packaged():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parents[1]


def resource(*parts: str) -> Path:
    """A file or folder under `resources/` (it may not exist: callers report that)."""
    return app_root().joinpath("resources", *parts)


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
