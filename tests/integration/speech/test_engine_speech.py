"""`engine.speech` on a real Engine: status for the mic button, and a recorded question as text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from engine.api import Engine, Settings
from engine.config import SpeechSettings
from engine.speech.audio import decode_file
from tests.integration.speech.conftest import reference
from tests.integration.speech.scoring import wer

pytestmark = pytest.mark.slow


@pytest.fixture
def engine() -> Engine:
    with Engine(Settings(speech=SpeechSettings(language="en"))) as opened:
        yield opened


def test_status_before_and_after_loading(engine: Engine) -> None:
    status = engine.speech.status()
    assert status.ok and status.language == "en" and not status.loaded
    assert status.model is not None and status.model.name == "tiny.en"
    assert engine.speech.load().name == "tiny.en"
    assert engine.speech.status().loaded
    detect = engine.speech.status(language="")
    assert detect.ok and detect.model is not None and detect.model.name == "base"
    assert not detect.loaded
    assert [m.name for m in engine.speech.models()] == ["tiny.en", "base"]


def test_status_explains_why_speech_cannot_work(tmp_path: Path) -> None:
    missing = tmp_path / "whisper-large"
    settings = Settings(speech=SpeechSettings(model=str(missing)))
    with Engine(settings) as engine:
        status = engine.speech.status()
        assert not status.ok and status.model is None
        assert str(missing) in status.problem and "\n" not in status.problem
        assert not engine.speech.status(language="klingon").ok


def test_a_recorded_question_as_float_samples_int16_and_bytes(
    engine: Engine, audio: Path
) -> None:
    samples = decode_file(audio / "LDC93S1.wav")
    expected = reference(audio, "LDC93S1.wav")
    at_48k = np.repeat((samples * 32767).astype(np.int16), 3)  # a 48 kHz int16 microphone
    for recorded, rate in ((samples, 16_000), (samples.tobytes(), 16_000), (at_48k, 48_000)):
        transcript = engine.speech.transcribe_pcm(recorded, rate)
        assert transcript.model == "tiny.en" and transcript.duration_s == pytest.approx(2.92, 0.01)
        assert wer(expected, transcript.text) <= 0.3, transcript.text


def test_an_update_of_the_speech_settings_applies_to_the_next_question(engine: Engine) -> None:
    assert engine.speech.status().model is not None
    assert engine.speech.status().model.name == "tiny.en"
    settings = engine.settings()
    engine.update_settings(
        dataclasses.replace(settings, speech=dataclasses.replace(settings.speech, language="fr"))
    )
    assert engine.speech.status().model is not None
    assert engine.speech.status().model.name == "base"  # French needs the multilingual model
