"""One locator for the files that ship with the app, in a checkout and in the installed app.

The installed app is PyInstaller's one-folder build: `sys.frozen` is set and its files are
unpacked under `sys._MEIPASS`. The same calls must then find `resources/` and the models
prepared at packaging time there, and nothing of the checkout.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from engine import bundled, paths
from engine.models.catalog import catalog_path
from engine.speech import assembly


def test_a_checkout_finds_resources_beside_the_engine_and_ships_nothing_prepared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """From the source tree: resources/ of the checkout, models made in the data folder."""
    monkeypatch.delenv("LANTHORN_CATALOG", raising=False)
    checkout = Path(paths.__file__).resolve().parents[1]
    assert not paths.packaged()
    assert catalog_path() == checkout / "resources" / "models" / "catalog.toml"
    assert catalog_path().is_file()
    assert bundled.prepared_model(assembly.FOLDER_NAME) is None
    assert assembly.base_folder() == paths.models_dir() / assembly.FOLDER_NAME


def test_the_installed_app_finds_its_own_resources_and_prepared_models(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Frozen: everything comes from the app's folder, the joined Whisper base included."""
    monkeypatch.delenv("LANTHORN_CATALOG", raising=False)
    app = tmp_path / "_internal"
    (app / "resources" / "models").mkdir(parents=True)
    (app / "resources" / "models" / "catalog.toml").write_text("", encoding="utf-8")
    whisper = app / bundled.PREPARED_FOLDER / assembly.FOLDER_NAME
    whisper.mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(app), raising=False)

    assert paths.packaged()
    assert paths.resource("icons", "lanthorn.svg") == app / "resources" / "icons" / "lanthorn.svg"
    assert catalog_path() == app / "resources" / "models" / "catalog.toml"
    assert bundled.prepared_model(assembly.FOLDER_NAME) == whisper
    assert assembly.base_folder() == whisper
    assert bundled.prepared_model("onnx", "not-shipped-int8") is None
