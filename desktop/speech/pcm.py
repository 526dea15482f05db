"""Audio as the recorder takes it: chunks of 16 kHz mono float32 samples, from any source.

Whisper listens at 16 kHz mono, so every source hands over that and nothing else: the
microphone converts what its device gives (see `Converter`), and a test or the benchmark feeds
recorded speech through `desktop.speech.feed.SampleFeed`. Everything after the source (level
meter, automatic stop, transcription) is the same code for both.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QObject, Signal

SAMPLE_RATE = 16_000
Chunk = npt.NDArray[np.float32]
# The meter shows -60 dBFS (a quiet room) to 0 dBFS (full scale) as 0..1.
METER_FLOOR_DB = -60.0


class PcmSource(QObject):
    """Where a recording's audio comes from: a microphone, or recorded samples.

    Subclasses deliver on the GUI thread, from `start()` until `stop()`.

    Signals:
        samples_arrived(object): a `Chunk` of 16 kHz mono float32 samples in [-1, 1].
        ended(): the source has nothing more to give (a recording that ran out).
        failed(object): the source broke mid-way (an `EngineError` to show: unplugged, ...).
    """

    samples_arrived = Signal(object)
    ended = Signal()
    failed = Signal(object)

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
    seamless. `kind` is a numpy type: uint8, int16, int32 or float32.
    """

    def __init__(self, sample_rate: int, channels: int, kind: npt.DTypeLike) -> None:
        self.sample_rate = sample_rate
        self.channels = max(1, channels)
        self.kind = np.dtype(kind)
        self._resampler: Any = None
        if sample_rate != SAMPLE_RATE:
            import av

            self._resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)

    def convert(self, data: bytes) -> Chunk:
        """The 16 kHz mono samples of `data` (whole frames; a partial frame is dropped)."""
        frame_bytes = self.kind.itemsize * self.channels
        usable = len(data) - len(data) % frame_bytes
        raw = np.frombuffer(data[:usable], dtype=self.kind.newbyteorder("<"))
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
