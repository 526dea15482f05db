"""The `speech` section of the settings: defaults, validation, and old files still load."""

from __future__ import annotations

import dataclasses

import pytest

from engine import config, paths
from engine.errors import ConfigError


def test_defaults_detect_the_language_and_use_the_bundled_models() -> None:
    speech = config.Settings().speech
    assert speech.model == "" and speech.language == ""
    assert speech.send_at_once is False and speech.input_device == ""
    low, high = config.MAX_RECORDING_RANGE_S
    assert low <= speech.max_recording_s <= high


def test_a_file_from_before_speech_loads_with_speech_defaults() -> None:
    paths.config_file().write_text(
        "schema_version = 1\nsystem_prompt = 'Be brief.'\n[sampling]\ntemperature = 0.5\n"
        "[ui]\nlanguage = 'zh_CN'\n"
    )
    settings = config.load()
    assert settings.speech == config.SpeechSettings()
    assert settings.ui.language == "zh_CN" and settings.system_prompt == "Be brief."


def test_round_trip() -> None:
    speech = config.SpeechSettings(
        model="/models/whisper-small", language="zh", send_at_once=True,
        input_device="USB Microphone", max_recording_s=120,
    )
    settings = dataclasses.replace(config.Settings(), speech=speech)
    config.save(settings)
    assert "[speech]" in paths.config_file().read_text()
    assert config.load() == settings


@pytest.mark.parametrize(
    "text",
    [
        "[speech]\nlanguage = 'klingon'\n",
        "[speech]\nlanguage = 'zh_CN'\n",
        "[speech]\nmax_recording_s = 0\n",
        "[speech]\nmax_recording_s = 100000\n",
        "[speech]\nsend_at_once = 'yes'\n",
        "speech = 'on'\n",
    ],
)
def test_bad_speech_settings_are_refused(text: str) -> None:
    paths.config_file().write_text(text)
    with pytest.raises(ConfigError) as caught:
        config.load()
    assert "\n" not in str(caught.value)
