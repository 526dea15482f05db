"""Settings: typed, versioned, stored atomically in the data folder."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from engine import config, paths
from engine.errors import ConfigError


def test_missing_file_gives_defaults_that_suit_small_models() -> None:
    settings = config.load()
    assert settings == config.Settings()
    assert settings.sampling.repeat_penalty >= 1.1
    assert settings.sampling.temperature <= 0.3
    assert settings.model.threads == 0 and settings.model.context_size == 0


def test_round_trip_through_the_data_folder(lanthorn_home: Path) -> None:
    changed = dataclasses.replace(
        config.Settings(),
        sampling=dataclasses.replace(config.SamplingSettings(), temperature=0.7, seed=42),
        system_prompt="Be brief.",
    )
    config.save(changed)
    assert paths.config_file().parent == lanthorn_home
    text = paths.config_file().read_text()
    assert "schema_version = 1" in text
    assert config.load() == changed


def test_unknown_keys_are_ignored_and_ints_become_floats() -> None:
    paths.config_file().write_text(
        "schema_version = 1\nfuture_thing = 3\n[sampling]\ntemperature = 1\n"
    )
    assert config.load().sampling.temperature == 1.0


@pytest.mark.parametrize(
    "text",
    [
        "not = [toml",
        "schema_version = 999\n",
        "[sampling]\ntemperature = 'hot'\n",
        "[sampling]\ntemperature = 9.0\n",
        "sampling = 3\n",
    ],
)
def test_bad_files_raise_a_config_error(text: str) -> None:
    paths.config_file().write_text(text)
    with pytest.raises(ConfigError):
        config.load()


def test_invalid_settings_are_not_saved() -> None:
    bad = dataclasses.replace(
        config.Settings(), sampling=dataclasses.replace(config.SamplingSettings(), top_p=0.0)
    )
    with pytest.raises(ConfigError):
        config.save(bad)
    assert not paths.config_file().exists()
