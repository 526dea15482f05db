"""Recordings added to the knowledge base with the real Whisper tiny.en, MiniLM, FAISS and SQLite:
a video file is heard and cited to the second; a cut-off file, a file that is not sound, one
that holds only silence, and a missing Whisper model each fail in one line, sparing the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine import paths
from engine.config import Settings, SpeechSettings
from engine.knowledge.embedder import Embedder
from engine.knowledge.readers import registry
from engine.knowledge.service import KnowledgeBase
from engine.speech.loader import WhisperModels
from engine.storage.db import Database
from tests.integration.speech.conftest import service
from tests.media import spoken_video
from tests.unit.engine.speech.media import cut

pytestmark = pytest.mark.slow
ENGLISH = Settings(speech=SpeechSettings(language="en"))


def _kb(embedder: Embedder, whisper_models: WhisperModels, settings: Settings) -> KnowledgeBase:
    speech = service(whisper_models, settings)
    return KnowledgeBase(Database(paths.database_file()), embedder_loader=lambda _f: embedder,
                         readers=registry(transcribe=speech.transcribe_file), owns_db=True)


def test_a_batch_of_recordings_where_each_bad_file_fails_alone(
    lanthorn_home: Path, embedder: Embedder, whisper_models: WhisperModels, audio: Path,
    tmp_path: Path,
) -> None:
    talk = spoken_video(audio / "jfk.wav", tmp_path / "address.mp4")
    shutil.copy(audio / "jfk.wav", tmp_path / "lecture.wav")
    broken = cut(tmp_path / "lecture.wav")
    noise = tmp_path / "memo.m4a"
    noise.write_bytes(bytes(range(256)) * 64)
    quiet = shutil.copy(audio / "silence_2s.wav", tmp_path / "room.wav")
    with _kb(embedder, whisper_models, ENGLISH) as kb:
        results = kb.add([broken, noise, quiet, talk]).results
        reasons = [r.error for r in results[:3]]
        assert all(r and "\n" not in r and "Traceback" not in r for r in reasons), reasons
        assert "cut off" in reasons[0] and "cannot be read" in reasons[1]
        assert "No speech was heard in room.wav" in reasons[2]
        assert results[3].ok, results[3].error
        hit, *_ = kb.search("ask what you can do for your country")
    at = hit.location
    assert at.path == str(talk) and at.start_s is not None and at.end_s is not None
    assert 0.0 <= at.start_s < at.end_s <= 11.5 and "country" in hit.text.lower()


def test_a_missing_whisper_model_fails_in_one_line(
    lanthorn_home: Path, embedder: Embedder, whisper_models: WhisperModels, audio: Path,
    tmp_path: Path,
) -> None:
    missing = Settings(speech=SpeechSettings(language="en", model=str(tmp_path / "gone")))
    with _kb(embedder, whisper_models, missing) as kb:
        (result,) = kb.add([audio / "jfk.wav"]).results
    assert not result.ok and "\n" not in result.error and "model" in result.error.lower()
