"""Which model transcribes what, and which folders are refused before anything loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.bundled import starter_whisper_model
from engine.errors import ModelError
from engine.speech import assembly, catalog


def _model_folder(path: Path, vocabulary: int, *, skip: str = "", as_json: bool = False) -> Path:
    path.mkdir()
    for name in ("model.bin", "config.json", "tokenizer.json"):
        if name != skip:
            (path / name).write_text("{}")
    tokens = [f"t{i}" for i in range(vocabulary)]
    if as_json:
        (path / "vocabulary.json").write_text(json.dumps(tokens))
    elif skip != "vocabulary.txt":
        (path / "vocabulary.txt").write_text("\n".join(tokens) + "\n")
    return path


def test_english_goes_to_tiny_en_everything_else_to_base(lanthorn_home: Path) -> None:
    english = catalog.choose("", "en")
    assert (english.name, english.multilingual, english.bundled) == ("tiny.en", False, True)
    assert english.folder == str(starter_whisper_model())
    for language in ("", "zh", "fr"):
        model = catalog.choose("", language)
        assert (model.name, model.multilingual, model.bundled) == ("base", True, True)
        assert model.folder == str(lanthorn_home / "models" / assembly.FOLDER_NAME)


def test_a_chosen_folder_serves_every_language(tmp_path: Path) -> None:
    folder = _model_folder(tmp_path / "whisper-small", vocabulary=51_865)
    for language in ("", "en", "zh"):
        model = catalog.choose(str(folder), language)
        assert (model.name, model.folder, model.multilingual, model.bundled) == (
            "whisper-small", str(folder), True, False,
        )


def test_a_json_vocabulary_counts_too(tmp_path: Path) -> None:
    folder = _model_folder(tmp_path / "old-conversion", vocabulary=51_866, as_json=True)
    assert catalog.choose(str(folder), "zh").multilingual


def test_an_english_only_folder_refuses_chinese(tmp_path: Path) -> None:
    folder = _model_folder(tmp_path / "small.en", vocabulary=51_864)
    assert catalog.choose(str(folder), "en").multilingual is False
    assert catalog.choose(str(folder), "").name == "small.en"  # detection: English it is
    with pytest.raises(ModelError, match="English only") as caught:
        catalog.choose(str(folder), "zh")
    assert "multilingual" in caught.value.hint


def test_a_missing_folder_is_refused_before_anything_is_fetched(tmp_path: Path) -> None:
    # faster-whisper would take a missing path for a model name to download.
    with pytest.raises(ModelError, match="no speech model folder") as caught:
        catalog.choose(str(tmp_path / "tiny"), "en")
    assert "Settings" in caught.value.hint


@pytest.mark.parametrize("missing", ["model.bin", "tokenizer.json", "vocabulary.txt"])
def test_an_incomplete_folder_names_what_is_missing(tmp_path: Path, missing: str) -> None:
    folder = _model_folder(tmp_path / "partial", vocabulary=10, skip=missing)
    with pytest.raises(ModelError, match=missing.replace(".", r"\.")):
        catalog.choose(str(folder), "")


def test_available_lists_the_bundled_pair_and_a_usable_choice(tmp_path: Path) -> None:
    assert [m.name for m in catalog.available("")] == ["tiny.en", "base"]
    folder = _model_folder(tmp_path / "medium", vocabulary=51_865)
    assert [m.name for m in catalog.available(str(folder))] == ["tiny.en", "base", "medium"]
    assert [m.name for m in catalog.available(str(tmp_path / "gone"))] == ["tiny.en", "base"]
