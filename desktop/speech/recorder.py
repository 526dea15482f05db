"""One recording: samples gathered from a source, a level for the meter, and when to stop.

A recording stops when the person lets go (or clicks again), at the longest length the settings
allow, when its source ends or breaks (what came until then is kept), and, in click-to-toggle
mode (`auto_stop`), once the speaker has fallen silent. Silence is judged by the engine's
Silero VAD (`engine.speech.voice_activity`), never by a loudness threshold of our own: a fan or
a quiet voice fools a threshold, not the VAD.

The VAD runs on the I/O lane, not the model lane: a streaming answer holds the model lane for
seconds, and a recording must stop on time. It runs once per `CHECK_EVERY_S` of new audio,
never twice at once, on the last `WINDOW_S` seconds only (about 3 ms per second of audio, so a
60 s recording would cost 0.2 s per check; the window keeps it near 25 ms). Speech heard once
stays heard. The stop comes `TRAILING_SILENCE_S` after the last word: measured with the same
VAD, Kennedy pauses 1.09 s between phrases in jfk.wav and the LibriSpeech reader 0.35 s, so
1.5 s does not cut a speaker off mid-thought, and on jfk_then_3s_silence.wav the recording
stops at about 12 s, 1.5 s after the speech ends at 10.5 s. Nothing said for `NO_SPEECH_S`
stops it too (the "didn't catch that" case).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal

from desktop.speech.pcm import SAMPLE_RATE, Chunk, PcmSource, meter_level
from desktop.speech.stop_reason import StopReason
from desktop.task_runner import IO, TaskRunner
from engine.api import EngineAPI
from engine.errors import Cancelled, EngineError
from engine.types import VoiceActivity

CHECK_EVERY_S = 0.25
WINDOW_S = 8.0
TRAILING_SILENCE_S = 1.5
NO_SPEECH_S = 6.0


def _ignore(_chunk: Chunk) -> None:
    """Samples that come after the stop."""


class Recorder(QObject):
    """Gathers a source's samples until a stop; `start` it once.

    `level` is the meter's level (0..1) of the latest chunk, read by the mic button's timer
    (a signal per chunk would cost too much: see `PcmSource`).

    Signals:
        stopped(str): the `StopReason`; `samples()` then holds the whole recording.
        voice_check_failed(object): the VAD failed; the recording no longer stops by itself.
    """

    stopped = Signal(str)
    voice_check_failed = Signal(object)

    def __init__(
        self,
        source: PcmSource,
        engine: EngineAPI,
        runner: TaskRunner,
        *,
        max_seconds: float,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.auto_stop = False
        self.error: EngineError | None = None
        self.reason: StopReason | None = None
        self.heard_speech = False
        self.level = 0.0
        self._source = source
        self._engine = engine
        self._runner = runner
        self._limit = int(max_seconds * SAMPLE_RATE)
        self._chunks: list[Chunk] = []
        self._count = 0
        self._checked_at = 0
        self._checking = False
        source.setParent(self)

    @property
    def seconds(self) -> float:
        """How long the recording is so far."""
        return self._count / SAMPLE_RATE

    @property
    def recording(self) -> bool:
        """Whether samples are still being gathered."""
        return self.reason is None

    def samples(self) -> Chunk:
        """The whole recording so far, as one array."""
        if not self._chunks:
            return np.zeros(0, dtype=np.float32)
        if len(self._chunks) > 1:
            self._chunks = [np.concatenate(self._chunks)]
        return self._chunks[0]

    def start(self) -> None:
        """Start the source. Raises MicrophoneError when it will not start."""
        self._source.sink = self._on_samples
        self._source.ended.connect(lambda: self.stop(StopReason.ENDED))
        self._source.failed.connect(self._on_failed)
        self._source.start()

    def stop(self, reason: StopReason) -> None:
        """End the recording (the source's buffered samples are kept); the first reason wins."""
        if self.reason is not None:
            return
        self.reason = reason
        self._source.stop()
        self._source.sink = _ignore
        self.level = 0.0
        self.stopped.emit(str(reason))

    def _on_samples(self, chunk: Chunk) -> None:
        room = self._limit - self._count
        if room <= 0:
            return
        chunk = chunk[:room]
        self._chunks.append(chunk)
        self._count += len(chunk)
        self.level = meter_level(chunk)
        if self._count >= self._limit and self.reason is None:
            self.stop(StopReason.LIMIT)
        elif self.auto_stop and self.reason is None:
            self._check_voice()

    def _on_failed(self, error: EngineError) -> None:
        self.error = error
        self.stop(StopReason.LOST)

    def _check_voice(self) -> None:
        if self._checking or self._count - self._checked_at < CHECK_EVERY_S * SAMPLE_RATE:
            return
        self._checking, self._checked_at = True, self._count
        tail = self.samples()[-int(WINDOW_S * SAMPLE_RATE) :]
        speech = self._engine.speech
        self._runner.run(
            lambda _c: speech.voice_activity(tail, SAMPLE_RATE),
            self._on_voice_activity,
            self._on_voice_check_failed,
            lane=IO,
            context=self,
        )

    def _on_voice_activity(self, activity: VoiceActivity) -> None:
        self._checking = False
        self.heard_speech = self.heard_speech or activity.heard_speech
        if self.reason is not None or not self.auto_stop:
            return
        if self.heard_speech:
            done = activity.trailing_silence_s >= TRAILING_SILENCE_S
        else:
            done = self.seconds >= NO_SPEECH_S
        if done:
            self.stop(StopReason.SILENCE)

    def _on_voice_check_failed(self, error: BaseException) -> None:
        """Without the VAD the recording goes on until a click or the longest length."""
        self._checking = False
        if self.reason is None and not isinstance(error, Cancelled):
            self.auto_stop = False
            self.voice_check_failed.emit(error)
