"""Recorded speech played into the recorder as if a microphone were hearing it.

The stand-in for the microphone in tests and the benchmark: it delivers 16 kHz mono samples in
20 ms chunks on the GUI thread, at the pace of the clock (`speed` 1.0 is real time, 4.0 four
times faster), so the level meter, the automatic stop, the transcription and the question box
see what they would see with a person speaking. When the samples run out it says `ended`, as a
microphone never does; `unplug_after_s` makes it fail there instead, as an unplugged one does.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QObject, QTimer

from desktop.speech.microphone import unplugged
from desktop.speech.pcm import SAMPLE_RATE, Chunk, PcmSource

TICK_MS = 20


class SampleFeed(PcmSource):
    """Plays `samples` (16 kHz mono float32) in real time, or `speed` times faster."""

    NAME = "(played recording)"

    def __init__(
        self,
        samples: Chunk,
        *,
        speed: float = 1.0,
        unplug_after_s: float | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._samples = np.asarray(samples, dtype=np.float32)
        self._speed = speed
        self._stop_at = len(self._samples)
        self._unplugs = unplug_after_s is not None
        if unplug_after_s is not None:
            self._stop_at = min(self._stop_at, int(unplug_after_s * SAMPLE_RATE))
        self._sent = 0
        self._started = 0.0
        self._timer = QTimer(self, interval=TICK_MS)
        self._timer.timeout.connect(self._tick)

    @property
    def seconds_sent(self) -> float:
        """How much of the recording has been delivered."""
        return self._sent / SAMPLE_RATE

    def start(self) -> None:
        """Start playing from the beginning."""
        self._sent = 0
        self._started = time.monotonic()
        self._timer.start()

    def stop(self) -> None:
        """Stop playing (no more samples arrive)."""
        self._timer.stop()

    def _tick(self) -> None:
        due = int((time.monotonic() - self._started) * self._speed * SAMPLE_RATE)
        end = min(due, self._stop_at)
        if end > self._sent:
            chunk, self._sent = self._samples[self._sent : end], end
            self.sink(chunk)
        if self._sent >= self._stop_at and self._timer.isActive():
            self._timer.stop()
            if self._unplugs:
                self.failed.emit(unplugged(self.NAME))
            else:
                self.ended.emit()


class FeedInput:
    """An `AudioInput` whose every recording plays `samples` (see `SampleFeed`)."""

    def __init__(
        self, samples: Chunk, *, speed: float = 1.0, unplug_after_s: float | None = None
    ) -> None:
        self.samples = samples
        self.speed = speed
        self.unplug_after_s = unplug_after_s
        self.feeds: list[SampleFeed] = []

    def problem(self) -> str:
        """Recorded speech is always there."""
        return ""

    def open(self, device: str) -> PcmSource:
        """A new feed of the samples (`device` does not matter)."""
        feed = SampleFeed(self.samples, speed=self.speed, unplug_after_s=self.unplug_after_s)
        self.feeds.append(feed)
        return feed
