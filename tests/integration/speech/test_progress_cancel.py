"""Progress in seconds of audio, and a cancel that returns within a second on the real model."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from engine.cancel import CancelToken
from engine.errors import Cancelled
from engine.speech.audio import decode_file
from engine.speech.service import SpeechService
from engine.types import Progress

pytestmark = pytest.mark.slow


def test_progress_is_reported_up_to_the_whole_length(speech: SpeechService, audio: Path) -> None:
    seen: list[Progress] = []
    speech.transcribe_file(audio / "jfk.wav", language="en", progress=seen.append)
    reading, seen = seen[0], seen[1:]
    assert (reading.stage, reading.total, reading.item) == ("reading", None, "jfk.wav")
    assert (seen[0].done, seen[0].total, seen[0].stage) == (0, 11, "transcribing")
    assert (seen[-1].done, seen[-1].total) == (11, 11)
    assert [p.done for p in seen] == sorted(p.done for p in seen) and len(seen) >= 3
    assert all(p.item == "jfk.wav" and p.eta_s is not None for p in seen[1:])


def _whisper_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "whisper-transcribe"]


@pytest.mark.serial
def test_a_cancel_lands_within_a_second(speech: SpeechService, audio: Path) -> None:
    clips = [decode_file(audio / name) for name in ("jfk.wav", "librispeech-1995-1837-0001.wav")]
    minute = np.concatenate(clips * 3)  # about 59 s: two 30-second windows
    speech.load("en")  # the app warms the model up; loading itself is not interruptible
    token = CancelToken()
    outcome: list[BaseException] = []
    returned = threading.Event()

    def run() -> None:
        try:
            speech.transcribe_pcm(minute, language="en", cancel=token)
        except BaseException as exc:
            outcome.append(exc)
        returned.set()

    threading.Thread(target=run).start()
    time.sleep(0.5)  # well inside the first window's decoding
    assert not returned.is_set()
    asked = time.monotonic()
    token.cancel()
    assert returned.wait(5.0)
    assert time.monotonic() - asked < 1.0
    assert len(outcome) == 1 and isinstance(outcome[0], Cancelled)
    for thread in _whisper_threads():  # the window in hand finishes, then decoding stops
        thread.join(30.0)
        assert not thread.is_alive()
