"""Audio as the recorder takes it: chunks of 16 kHz mono float32 samples, from any source.

Whisper listens at 16 kHz mono, so every source hands over that and nothing else: the
microphone converts what its device gives (see `Converter`), and a test or the benchmark feeds
recorded speech through `desktop.speech.feed.SampleFeed`. Everything after the source (level
meter, automatic stop, transcription) is the same code for both.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QObject, Signal

SAMPLE_RATE = 16_000
Chunk = npt.NDArray[np.float32]
# The meter shows -60 dBFS (a quiet room) to 0 dBFS (full scale) as 0..1.
METER_FLOOR_DB = -60.0


def _nowhere(_chunk: Chunk) -> None:
    """Where samples go while nobody listens."""


class PcmSource(QObject):
    """Where a recording's audio comes from: a microphone, or recorded samples.

    Subclasses hand each `Chunk` of 16 kHz mono float32 samples in [-1, 1] to `sink`, on the
    GUI thread, from `start()` until `stop()`. A plain callable, not a signal: in PySide 6.12
    every `SignalInstance.emit()` made from Python returns a `True` it holds no reference to, so
    each one takes a reference from `True` for good, and the interpreter aborts once `True` has
    none left (a few thousand emits; tests/gui/test_voice_capture.py shows it). A microphone
    delivers 50 or more chunks a second, so the capture path emits nothing per chunk.

    Signals:
        ended(): the source has nothing more to give (a recording that ran out).
        failed(object): the source broke mid-way (an `EngineError` to show: unplugged, ...).
    """

    ended = Signal()
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sink: Callable[[Chunk], None] = _nowhere

    def start(self) -> None:
        """Begin delivering samples."""
        raise NotImplementedError

    def stop(self) -> None:
        """Stop delivering (what is still buffered is delivered first); safe to call twice."""
        raise NotImplementedError


def meter_level(chunk: Chunk) -> float:
    """How loud `chunk` is for the level meter: its RMS in dBFS mapped onto 0..1."""
    if not len(chunk):
        return 0.0
    rms = math.sqrt(float(np.mean(np.square(chunk, dtype=np.float64))))
    if rms <= 0.0:
        return 0.0
    decibels = 20.0 * math.log10(rms)
    return min(1.0, max(0.0, 1.0 - decibels / METER_FLOOR_DB))


class Converter:
    """Interleaved device samples (any rate, channel count and sample type) to 16 kHz mono.

    Channels are averaged and integers scaled with numpy; other rates go through PyAV's
    resampler (FFmpeg's, the one faster-whisper uses), kept across chunks so their joins stay
    seamless, as are the bytes of a frame split between two reads. `kind` is a numpy type:
    uint8, int16, int32 or float32.
    """

    def __init__(self, sample_rate: int, channels: int, kind: npt.DTypeLike) -> None:
        self.sample_rate = sample_rate
        self.channels = max(1, channels)
        self.kind = np.dtype(kind).newbyteorder("<")
        self._pending = b""
        self._resampler: Any = None
        if sample_rate != SAMPLE_RATE:
            import av

            self._resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)

    def convert(self, data: bytes) -> Chunk:
        """The 16 kHz mono samples of `data` (a partial frame at its end waits for the next)."""
        data = self._pending + data
        usable = len(data) - len(data) % (self.kind.itemsize * self.channels)
        self._pending = data[usable:]
        raw = np.frombuffer(data[:usable], dtype=self.kind)
        mono = _as_float(raw).reshape(-1, self.channels).mean(axis=1, dtype=np.float32)
        return self._resample(mono)

    def flush(self) -> Chunk:
        """What the resampler still holds, at the end of a recording."""
        if self._resampler is None:
            return np.zeros(0, dtype=np.float32)
        return _joined(self._resampler.resample(None))

    def _resample(self, mono: Chunk) -> Chunk:
        if self._resampler is None or not len(mono):
            return mono
        import av

        frame = av.AudioFrame.from_ndarray(mono.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = self.sample_rate
        return _joined(self._resampler.resample(frame))


def _as_float(raw: npt.NDArray[Any]) -> Chunk:
    """Samples of any supported type as floats in [-1, 1]."""
    if raw.dtype == np.uint8:
        return ((raw.astype(np.float32) - 128.0) / 128.0).astype(np.float32)
    if raw.dtype.kind == "i":
        scale = float(2 ** (8 * raw.dtype.itemsize - 1))
        return (raw.astype(np.float64) / scale).astype(np.float32)
    return raw.astype(np.float32)


def _joined(frames: list[Any]) -> Chunk:
    pieces = [frame.to_ndarray().reshape(-1) for frame in frames]
    if not pieces:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(pieces).astype(np.float32, copy=False)
