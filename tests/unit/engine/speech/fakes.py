"""A stand-in for faster-whisper's `WhisperModel`, driven through the same `transcribe` seam."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class FakeSegment:
    start: float
    end: float
    text: str


@dataclass
class FakeInfo:
    language: str
    language_probability: float


@dataclass
class FakeWhisper:
    """Yields `segments` one 'window' at a time, each window taking `window_s` to decode.

    `windows_started` counts windows begun, so a test can see decoding stopped after a cancel;
    `fail_after` raises that exception instead of the segment at its index.
    """

    segments: Sequence[tuple[float, float, str]]
    language: str = "en"
    window_s: float = 0.0
    fail_after: tuple[int, BaseException] | None = None
    windows_started: int = 0
    calls: list[dict[str, Any]] = field(default_factory=list)
    finished: threading.Event = field(default_factory=threading.Event)

    def transcribe(self, audio: np.ndarray, **options: Any) -> tuple[Iterator[FakeSegment], Any]:
        self.calls.append({"samples": len(audio), **options})
        info = FakeInfo(language=options.get("language") or self.language,
                        language_probability=0.875)
        return self._segments(), info

    def _segments(self) -> Iterator[FakeSegment]:
        try:
            for index, (start, end, text) in enumerate(self.segments):
                self.windows_started += 1
                time.sleep(self.window_s)
                if self.fail_after is not None and self.fail_after[0] == index:
                    raise self.fail_after[1]
                yield FakeSegment(start, end, text)
        finally:
            self.finished.set()
