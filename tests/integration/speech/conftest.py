"""Real Whisper on the shared speech clips. Each model loads once per session, and the bundled
multilingual model is joined from its packages once, then linked into every test's data folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.config import Settings
from engine.speech import assembly
from engine.speech.loader import WhisperModels
from engine.speech.service import SpeechService


@pytest.fixture(scope="session")
def joined_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real join of the two halves of Whisper base (verified against the published hash)."""
    folder = tmp_path_factory.mktemp("models") / assembly.FOLDER_NAME
    assembly.assemble(assembly.base_blueprint(), folder)
    return folder


@pytest.fixture(autouse=True)
def bundled_base(lanthorn_home: Path, joined_base: Path) -> Path:
    """This test's data folder holds the joined model, as after the app's first transcription."""
    link = lanthorn_home / "models" / assembly.FOLDER_NAME
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(joined_base, target_is_directory=True)
    return link


@pytest.fixture(scope="session")
def whisper_models() -> Iterator[WhisperModels]:
    models = WhisperModels()
    yield models
    models.close()


def service(whisper_models: WhisperModels, settings: Settings | None = None) -> SpeechService:
    """A speech service on the session's loaded models."""
    fixed = settings or Settings()
    return SpeechService(lambda: fixed, whisper_models)


@pytest.fixture
def speech(whisper_models: WhisperModels) -> SpeechService:
    return service(whisper_models)


@pytest.fixture(scope="session")
def audio(shared_data: Path) -> Path:
    return shared_data / "audio"


def reference(audio_folder: Path, clip: str) -> str:
    """The reference transcript beside a clip."""
    return (audio_folder / clip).with_suffix(".txt").read_text(encoding="utf-8").strip()
