"""Recorded speech for the voice tests: the shared clips as 16 kHz mono float32 samples."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from desktop.speech.pcm import SAMPLE_RATE, Chunk


def clip(shared_data: Path, name: str) -> Chunk:
    """A shared clip's samples (the WAVs are 16 kHz, mono, 16-bit: see their README)."""
    with wave.open(str(shared_data / "audio" / name), "rb") as file:
        shape = (file.getframerate(), file.getnchannels(), file.getsampwidth())
        assert shape == (SAMPLE_RATE, 1, 2)
        raw = np.frombuffer(file.readframes(file.getnframes()), dtype="<i2")
    return (raw.astype(np.float32) / 32768.0).astype(np.float32)


def reference(shared_data: Path, name: str) -> str:
    """The reference transcript beside a clip."""
    return (shared_data / "audio" / name).with_suffix(".txt").read_text(encoding="utf-8").strip()
