"""The microphone's conversion to what Whisper hears (16 kHz mono float32), on real recordings:
whatever the device gives (rate, channels, sample type, reads cut mid-frame), the samples
that come out are the recording's.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from PySide6.QtCore import QObject, Signal

from desktop.speech.feed import SampleFeed
from desktop.speech.pcm import Converter, meter_level
from desktop.speech.recorder import Recorder
from tests.gui.fakes import FakeEngine
from tests.gui.voice_clips import clip


def _convert(converter: Converter, data: bytes, step: int) -> np.ndarray:
    pieces = [converter.convert(data[i : i + step]) for i in range(0, len(data), step)]
    return np.concatenate([*pieces, converter.flush()])


@pytest.mark.parametrize(
    ("kind", "scale", "offset"),
    [(np.int16, 32767, 0), (np.int32, 2**31 - 1, 0), (np.float32, 1.0, 0), (np.uint8, 127, 128)],
)
def test_stereo_of_any_sample_type_becomes_the_mono_recording(
    shared_data: Path, kind: type, scale: float, offset: int
) -> None:
    speech = clip(shared_data, "jfk.wav")
    samples = (speech * scale + offset).astype(kind)
    stereo = np.repeat(samples, 2)  # interleaved left, right
    out = _convert(Converter(16_000, 2, kind), stereo.tobytes(), 1001)  # cut mid-frame
    assert len(out) == len(speech)
    tolerance = 1 / 64 if kind is np.uint8 else 1e-4
    assert np.max(np.abs(out - speech)) < tolerance


def test_a_48_khz_recording_is_resampled_to_16_khz(shared_data: Path) -> None:
    """The Mandarin FLAC as recorded (48 kHz) against the 16 kHz copy sox made of it."""
    with av.open(str(shared_data / "audio" / "zh-zazijidejiao.flac")) as container:
        stream = container.streams.audio[0]
        assert stream.rate == 48_000
        frames = [frame.to_ndarray().reshape(-1) for frame in container.decode(stream)]
    recorded = np.concatenate(frames).astype(np.int16)
    out = _convert(Converter(48_000, 1, np.int16), recorded.tobytes(), 4_800)
    reference = clip(shared_data, "zh-zazijidejiao.wav")
    assert abs(len(out) - len(reference)) <= 16  # 1 ms
    n = min(len(out), len(reference))
    correlation = np.corrcoef(out[:n], reference[:n])[0, 1]
    assert correlation > 0.99


def test_the_meter_follows_loudness(shared_data: Path) -> None:
    speech = clip(shared_data, "jfk.wav")
    loudest = max(meter_level(speech[i : i + 320]) for i in range(0, len(speech), 320))
    assert 0.6 < loudest <= 1.0
    assert meter_level(clip(shared_data, "silence_2s.wav")) == 0.0
    word = speech[16_000:16_320]  # 20 ms of "so", a second in
    assert 0.0 < meter_level(word * 0.1) < meter_level(word)


class _Emitter(QObject):
    said = Signal(object)


def test_recording_costs_true_no_reference_per_chunk(qtbot, runner, shared_data: Path) -> None:
    """PySide 6.12's `emit()` from Python takes a reference from `True` for good (a missing
    Py_INCREF); once `True` has none left the interpreter aborts. A microphone delivers 50
    chunks a second, so the capture path must not emit per chunk (see `PcmSource`)."""
    emitter = _Emitter()
    before = sys.getrefcount(True)
    for _ in range(50):
        emitter.said.emit(None)
    lost_per_emit = (before - sys.getrefcount(True)) / 50  # 1.0 on PySide 6.12.0
    speech = clip(shared_data, "jfk.wav")[: 3 * 16_000]  # 150 chunks of 20 ms, in real time
    recorder = Recorder(SampleFeed(speech), FakeEngine(), runner, max_seconds=60)
    gc.collect()  # garbage of earlier tests freed now would lower the count too
    gc.disable()
    try:
        before = sys.getrefcount(True)
        with qtbot.waitSignal(recorder.stopped, timeout=10_000):
            recorder.start()
        lost = before - sys.getrefcount(True)
    finally:
        gc.enable()
    assert recorder.seconds == pytest.approx(3.0) and recorder.reason == "ended"
    # A signal per chunk would cost 150 (one emit per chunk) or 300 (two, with the meter).
    assert lost <= 20 * max(1.0, lost_per_emit), f"{lost} references for 150 chunks"
