"""Which Whisper model transcribes what: the bundled pair, or a folder the person chose.

With no folder chosen, English (`language = "en"`) goes to the bundled tiny.en and everything
else, language detection included, to the bundled multilingual base. tiny.en loads in 0.3 s
and ran at a real-time factor of 0.11-0.16 on 2 cores; base took three times as long on
jfk.wav here (9.2 s against 3.2 s on a busy machine, detection included) but understands 99
languages. An English-only model is never handed another language: faster-whisper
would quietly transcribe it as English, so that is refused with a hint instead.

Whether a folder is multilingual is read from its vocabulary (51,864 tokens for the English-only
models, 51,865 or more for the others, as CTranslate2 decides it), without loading the model.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from engine import bundled
from engine.errors import ModelError
from engine.speech import assembly
from engine.types import SpeechModel

TINY_EN = "tiny.en"
BASE = "base"
MULTILINGUAL_VOCABULARY = 51_865
_REQUIRED = ("model.bin", "config.json", "tokenizer.json")
_VOCABULARIES = ("vocabulary.txt", "vocabulary.json")
_CHOOSE_HINT = (
    "Choose a CTranslate2 Whisper folder (with model.bin, config.json, tokenizer.json and "
    "vocabulary.txt) in Settings, or clear the choice to use the bundled models."
)


def choose(folder: str, language: str) -> SpeechModel:
    """The model for speech in `language` ("" to detect) given the chosen `folder` ("": none).

    Raises:
        ModelError: the folder is not a usable Whisper model, the bundled one is not installed,
            or an English-only model is asked for another language.
    """
    model = custom(Path(folder)) if folder else bundled_for(language)
    if not model.multilingual and language not in ("", "en"):
        raise ModelError(
            f"The speech model {model.name} understands English only, not '{language}'.",
            hint="Choose a multilingual Whisper model in Settings, or set the language to "
            "automatic or English.",
        )
    return model


def bundled_for(language: str) -> SpeechModel:
    """tiny.en for English, the multilingual base for everything else."""
    return tiny_en() if language == "en" else base()


def tiny_en() -> SpeechModel:
    """The bundled English model. Raises ModelError when its package is not installed."""
    folder = bundled.starter_whisper_model()
    return SpeechModel(name=TINY_EN, folder=str(folder), multilingual=False, bundled=True)


def base() -> SpeechModel:
    """The bundled multilingual model (joined into the data folder on first load).

    Raises ModelError when it is not joined yet and its packages are not installed.
    """
    folder = assembly.base_folder()
    if not assembly.is_assembled(folder):
        assembly.base_blueprint()
    return SpeechModel(name=BASE, folder=str(folder), multilingual=True, bundled=True)


def custom(folder: Path) -> SpeechModel:
    """A model folder the person chose. Raises ModelError when it is not a Whisper model."""
    check_folder(folder)
    return SpeechModel(
        name=folder.name,
        folder=str(folder),
        multilingual=vocabulary_size(folder) >= MULTILINGUAL_VOCABULARY,
        bundled=False,
    )


def available(folder: str) -> list[SpeechModel]:
    """The bundled models that are installed, then the chosen folder when it is usable."""
    models = []
    for make in (tiny_en, base):
        try:
            models.append(make())
        except ModelError:
            continue
    if folder:
        with contextlib.suppress(ModelError):
            models.append(custom(Path(folder)))
    return models


def check_folder(folder: Path) -> None:
    """Raise ModelError unless `folder` holds the files faster-whisper loads offline.

    Without tokenizer.json faster-whisper would fetch a tokenizer from the Hugging Face hub,
    and a missing folder would be taken for a model name to download: both are refused here.
    """
    if not folder.is_dir():
        raise ModelError(f"There is no speech model folder {folder}.", hint=_CHOOSE_HINT)
    missing = [name for name in _REQUIRED if not (folder / name).is_file()]
    if not any((folder / name).is_file() for name in _VOCABULARIES):
        missing.append(_VOCABULARIES[0])
    if missing:
        raise ModelError(
            f"{folder} is not a Whisper model folder: {', '.join(missing)} missing.",
            hint=_CHOOSE_HINT,
        )


def vocabulary_size(folder: Path) -> int:
    """How many tokens the model's vocabulary holds. Raises ModelError when unreadable."""
    try:
        text_file = folder / _VOCABULARIES[0]
        if text_file.is_file():
            with text_file.open(encoding="utf-8") as lines:
                return sum(1 for _ in lines)
        tokens = json.loads((folder / _VOCABULARIES[1]).read_text(encoding="utf-8"))
        return len(tokens)
    except (OSError, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise ModelError(
            f"The vocabulary of the speech model in {folder} cannot be read ({exc}).",
            hint=_CHOOSE_HINT,
        ) from exc
