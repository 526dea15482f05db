"""Voice activity: speech ends where the speaker stops, and silence is "didn't catch that"."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.speech.audio import decode_file
from engine.speech.service import SpeechService
from tests.integration.speech.conftest import reference
from tests.integration.speech.scoring import wer

pytestmark = pytest.mark.slow


def test_segments_end_where_the_speech_ends(speech: SpeechService, audio: Path) -> None:
    transcript = speech.transcribe_file(audio / "jfk_then_3s_silence.wav", language="en")
    assert transcript.duration_s == pytest.approx(14.0)
    assert 10.0 <= transcript.segments[-1].end_s <= 11.5
    assert wer(reference(audio, "jfk_then_3s_silence.wav"), transcript.text) <= 0.05


def test_voice_activity_sees_the_trailing_silence(speech: SpeechService, audio: Path) -> None:
    samples = decode_file(audio / "jfk_then_3s_silence.wav")
    activity = speech.voice_activity(samples)
    assert activity.heard_speech and activity.duration_s == pytest.approx(14.0)
    assert activity.spans[0][0] < 1.0 and 10.0 <= activity.spans[-1][1] <= 11.5
    assert activity.trailing_silence_s >= 2.5
    # Cut after the last word, the same recording has (almost) no silence left at its end.
    assert speech.voice_activity(samples[: 11 * 16_000]).trailing_silence_s < 1.0


@pytest.mark.parametrize("language", ["en", ""])
def test_silence_is_no_speech_not_an_error(
    speech: SpeechService, audio: Path, language: str
) -> None:
    transcript = speech.transcribe_file(audio / "silence_2s.wav", language=language)
    assert not transcript.heard_speech and transcript.text == "" and transcript.segments == ()
    assert transcript.duration_s == pytest.approx(2.0)
    assert transcript.language == language  # nothing to detect a language from


def test_a_silent_recording(speech: SpeechService) -> None:
    silent = np.zeros(3 * 16_000, dtype=np.float32)
    assert not speech.transcribe_pcm(silent, language="en").heard_speech
    assert not speech.voice_activity(silent).heard_speech
    assert speech.voice_activity(silent).trailing_silence_s == pytest.approx(3.0)
