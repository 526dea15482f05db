"""Mandarin through the bundled multilingual base: detected, close to the reference, and in the
script of the person's UI language. Each clip is transcribed once (base needs seconds per run).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.config import Settings, UiSettings
from engine.speech import script
from engine.speech.loader import WhisperModels
from engine.types import Transcript
from tests.integration.speech.conftest import reference, service
from tests.integration.speech.scoring import cer, wer

pytestmark = pytest.mark.slow

# Measured: 广州市佛地产中间协会分析 (2 of 12 characters wrong), 扎自己的脚 (1 of 5).
CER_BOUND = 0.25
AISHELL, SHORT_FLAC = "aishell-BAC009S0724W0121.wav", "zh-zazijidejiao.flac"


@pytest.fixture(scope="module")
def for_simplified_ui(whisper_models: WhisperModels, shared_data: Path) -> Transcript:
    """The AISHELL question, language detected, for a person with a zh_CN UI."""
    speech = service(whisper_models, Settings(ui=UiSettings(language="zh_CN")))
    return speech.transcribe_file(shared_data / "audio" / AISHELL, language="")


@pytest.fixture(scope="module")
def for_traditional_ui(whisper_models: WhisperModels, shared_data: Path) -> Transcript:
    """The one-second 48 kHz FLAC (resampled), language detected, for a zh_TW UI."""
    speech = service(whisper_models, Settings(ui=UiSettings(language="zh_TW")))
    return speech.transcribe_file(shared_data / "audio" / SHORT_FLAC, language="")


def test_mandarin_is_detected_and_transcribed(
    for_simplified_ui: Transcript, for_traditional_ui: Transcript, audio: Path
) -> None:
    for clip, transcript in ((AISHELL, for_simplified_ui), (SHORT_FLAC, for_traditional_ui)):
        assert transcript.model == "base"
        assert transcript.language == "zh" and transcript.language_probability > 0.8
        assert cer(reference(audio, clip), transcript.text) <= CER_BOUND, transcript.text


def test_simplified_for_a_simplified_chinese_ui(for_simplified_ui: Transcript) -> None:
    text = for_simplified_ui.text  # Whisper base itself wrote 廣州市佛地產中間協會分析
    assert text.startswith("广州") and "產" not in text
    assert script.convert(text, "t2s") == text  # nothing left to simplify


def test_traditional_for_a_taiwanese_ui(for_traditional_ui: Transcript) -> None:
    text = for_traditional_ui.text  # Whisper base itself wrote 扎自己的脚
    assert text.endswith("腳") and script.convert(text, "s2tw") == text


def test_english_is_detected_by_the_multilingual_model(
    whisper_models: WhisperModels, audio: Path
) -> None:
    transcript = service(whisper_models).transcribe_file(audio / "jfk.wav", language="")
    assert (transcript.model, transcript.language) == ("base", "en")
    assert transcript.language_probability > 0.5
    assert wer(reference(audio, "jfk.wav"), transcript.text) <= 0.1, transcript.text
