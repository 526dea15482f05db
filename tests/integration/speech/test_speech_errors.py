"""Each way transcription can fail gives one clear line: bad files and bad models."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.bundled import starter_whisper_model
from engine.errors import AudioError, EngineError, ModelError, NotFoundError
from engine.speech.service import SpeechService
from tests.unit.engine.speech.media import cut

pytestmark = pytest.mark.slow


def _one_line_for_a_person(error: EngineError) -> None:
    text = str(error)
    assert text and "\n" not in text
    assert "Traceback" not in text and type(error).__name__ not in text


def _refused(speech: SpeechService, path: Path, kind: type[EngineError], **options: str) -> str:
    with pytest.raises(kind) as caught:
        speech.transcribe_file(path, language="en", **options)
    _one_line_for_a_person(caught.value)
    return str(caught.value)


def test_a_truncated_recording(speech: SpeechService, audio: Path, tmp_path: Path) -> None:
    copy = tmp_path / "lecture.wav"
    shutil.copy(audio / "jfk.wav", copy)
    assert "cut off" in _refused(speech, cut(copy), AudioError)


def test_an_unreadable_file(speech: SpeechService, tmp_path: Path) -> None:
    noise = tmp_path / "voice-memo.m4a"
    noise.write_bytes(bytes(range(256)) * 64)
    assert "cannot be read" in _refused(speech, noise, AudioError)


def test_an_empty_file(speech: SpeechService, tmp_path: Path) -> None:
    empty = tmp_path / "question.ogg"
    empty.touch()
    assert "empty" in _refused(speech, empty, AudioError)


def test_a_missing_file(speech: SpeechService, tmp_path: Path) -> None:
    _refused(speech, tmp_path / "gone.mp3", NotFoundError)


def test_a_missing_model_folder(speech: SpeechService, audio: Path, tmp_path: Path) -> None:
    message = _refused(speech, audio / "jfk.wav", ModelError, model=str(tmp_path / "tiny"))
    assert "no speech model folder" in message


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_corrupt_model(speech: SpeechService, audio: Path, tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "tiny-broken"
    shutil.copytree(starter_whisper_model(), folder)
    weights = folder / "model.bin"
    data = weights.read_bytes()
    weights.write_bytes(data[: len(data) // 3] if damage == "truncated" else b"\x07" * 4096)
    message = _refused(speech, audio / "jfk.wav", ModelError, model=str(folder))
    assert "cannot be loaded" in message and "damaged" in message
