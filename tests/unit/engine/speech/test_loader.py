"""Models load once per folder on disk; a joined model found damaged is joined again once."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from engine.errors import ModelError
from engine.speech import assembly, loader
from engine.speech.assembly import Blueprint
from engine.speech.loader import WhisperModels
from engine.types import SpeechModel


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every folder `loader.load` is asked for; each load returns a new object."""
    seen: list[Path] = []

    def fake_load(folder: Path) -> object:
        seen.append(folder)
        return object()

    monkeypatch.setattr(loader, "load", fake_load)
    return seen


def test_a_folder_loads_once_however_it_is_spelled(tmp_path: Path, loads: list[Path]) -> None:
    real = tmp_path / "whisper-small"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    models = WhisperModels()
    spelled = [str(real), str(tmp_path / "link"), str(real) + "/"]
    found = [
        models.get(SpeechModel(name="small", folder=f, multilingual=True, bundled=False))
        for f in spelled
    ]
    assert len(loads) == 1 and found[0] is found[1] is found[2]
    assert models.is_loaded(SpeechModel(name="x", folder=spelled[1], multilingual=True,
                                        bundled=False))
    models.close()
    assert not models.is_loaded(SpeechModel(name="x", folder=spelled[0], multilingual=True,
                                            bundled=False))


def test_a_damaged_joined_model_is_joined_again_once(
    tmp_path: Path, lanthorn_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    part = tmp_path / "model.bin.part1"
    part.write_bytes(b"weights" * 100)
    for name in assembly.SIDE_FILES:
        (tmp_path / name).write_text("{}")
    blueprint = Blueprint(
        parts=(part,),
        side_files=tuple(tmp_path / name for name in assembly.SIDE_FILES),
        size=700,
        sha256=hashlib.sha256(part.read_bytes()).hexdigest(),
    )
    monkeypatch.setattr(assembly, "BASE_SIZE", blueprint.size)
    monkeypatch.setattr(assembly, "base_blueprint", lambda: blueprint)
    folder = assembly.ensure_base()
    (folder / "model.bin").write_bytes(b"X" * 700)  # damaged in place, same size
    attempts: list[bytes] = []

    def load(path: Path) -> object:
        attempts.append((path / "model.bin").read_bytes())
        if attempts[-1] != part.read_bytes():
            raise ModelError("damaged")
        return "loaded"

    monkeypatch.setattr(loader, "load", load)
    base = SpeechModel(name="base", folder=str(folder), multilingual=True, bundled=True)
    assert WhisperModels().get(base) == "loaded"
    assert len(attempts) == 2


def test_a_model_that_stays_damaged_is_a_model_error(
    lanthorn_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(assembly, "ensure_base", lambda: lanthorn_home)
    monkeypatch.setattr(assembly, "discard", lambda folder: None)

    def broken(path: Path) -> object:
        raise ModelError("The speech model cannot be loaded.")

    monkeypatch.setattr(loader, "load", broken)
    base = SpeechModel(name="base", folder=str(lanthorn_home), multilingual=True, bundled=True)
    with pytest.raises(ModelError):
        WhisperModels().get(base)
