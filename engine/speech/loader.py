"""Loaded Whisper models, kept for the life of the engine: each folder loads once.

Loading is the slow part of a short voice question (tiny.en: 0.3 s on an idle machine, 4 s
on this busy 2-core one; base: 4-7 s here), while the loaded models are small (measured
resident memory in int8: tiny.en 95 MB, base 190 MB), so both stay loaded once used. int8 is
what the shared test clips were measured with (tiny.en: the reference words of jfk and
LibriSpeech exactly) and is CTranslate2's fastest CPU type; a CPU without int8 support gets
CTranslate2's default type instead.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from engine.cores import usable_cores
from engine.errors import ModelError
from engine.speech import assembly, catalog
from engine.types import SpeechModel


class WhisperModels:
    """Whisper models by folder, loaded on first use. Thread-safe.

    A loaded model may run several transcriptions at once (CTranslate2 queues them).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded: dict[str, Any] = {}

    def get(self, model: SpeechModel) -> Any:
        """The faster-whisper model for `model`, loading it (blocking) the first time.

        The bundled multilingual model is joined into the data folder first if needed.

        Raises:
            ModelError: the folder is missing, incomplete, damaged or not a Whisper model.
            StorageError: the bundled model cannot be written to the data folder.
        """
        key = _key(model)
        with self._lock:
            whisper = self._loaded.get(key)
            if whisper is None:
                bundled_base = model.bundled and model.name == catalog.BASE
                whisper = _load_base() if bundled_base else load(Path(model.folder))
                self._loaded[key] = whisper
            return whisper

    def is_loaded(self, model: SpeechModel) -> bool:
        """Whether `model` is in memory now (never loads)."""
        with self._lock:
            return _key(model) in self._loaded

    def close(self) -> None:
        """Forget every model; their memory is freed once no transcription still uses them."""
        with self._lock:
            self._loaded.clear()


def load(folder: Path) -> Any:
    """Load the CTranslate2 Whisper model in `folder` on the CPU, never downloading anything.

    Raises:
        ModelError: not a Whisper model folder, or its files are damaged.
    """
    catalog.check_folder(folder)
    from faster_whisper import WhisperModel

    try:
        return WhisperModel(
            str(folder),
            device="cpu",
            compute_type=_compute_type(),
            cpu_threads=usable_cores(),
            local_files_only=True,
        )
    except Exception as exc:  # CTranslate2, tokenizers and json all raise their own kinds
        raise ModelError(
            f"The speech model in {folder} cannot be loaded: its files look damaged ({exc}).",
            hint="Choose another Whisper model folder in Settings; for the bundled ones, "
            "reinstall Lanthorn.",
        ) from exc


def _key(model: SpeechModel) -> str:
    """One key per folder on disk, however it is spelled (a link, a relative path)."""
    return os.path.realpath(model.folder)


def _load_base() -> Any:
    """The bundled multilingual model; a joined copy damaged since is joined again once."""
    folder = assembly.ensure_base()
    try:
        return load(folder)
    except ModelError:
        assembly.discard(folder)
        return load(assembly.ensure_base())


def _compute_type() -> str:
    import ctranslate2

    supported = ctranslate2.get_supported_compute_types("cpu")
    return "int8" if "int8" in supported else "default"
