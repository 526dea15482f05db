"""Whisper transcription: segments as they come, with progress, and a cancel that lands at once.

faster-whisper decodes audio in 30-second windows, and CTranslate2 cannot be interrupted inside
one: a window of tiny.en took 1-3 s here on two busy cores, of base longer. So the decoding
runs on a helper thread while the caller waits for its segments in 50 ms steps. A cancel
returns to the caller within that; the helper checks it between segments and stops after the
window in hand, so the cores are free again one window later at most.

Options: beam 5 (faster-whisper's default, which the shared clips were measured with) and
Silero VAD (`vad_filter`), which cuts silence out before decoding and puts the timestamps back:
the 2 s silent clip took 0.03 s instead of a 1.5 s decoder pass, and silence yields no segments
rather than the "Thank you." Whisper tends to invent for it. When the language is to be
detected, silence is recognised before Whisper is called (see `engine.speech.vad`).
"""

from __future__ import annotations

import math
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from engine.cancel import CancelToken
from engine.errors import Cancelled, GenerationError
from engine.speech import script, vad
from engine.speech.audio import SAMPLE_RATE, Samples
from engine.types import (
    SECONDS,
    Progress,
    ProgressCallback,
    SpeechModel,
    Transcript,
    TranscriptSegment,
)

POLL_S = 0.05
# Up to one Whisper window, silence is found before language detection costs an encoder pass.
# Longer audio skips that check: it cannot be cancelled, and detection is a small part there.
PRECHECK_S = 30
BEAM_SIZE = 5
STAGE = "transcribing"


@dataclass(frozen=True)
class Job:
    """One piece of audio to transcribe.

    `language` is a Whisper code, or "" to detect it; `conversion` is the OpenCC conversion
    that Chinese text gets (see `engine.speech.script`); `item` names the audio in progress.
    """

    audio: Samples
    language: str
    conversion: str = script.SIMPLIFIED
    item: str = ""


def transcribe(
    whisper: Callable[[], Any],
    model: SpeechModel,
    job: Job,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Transcript:
    """Transcribe `job.audio` with `model`; `whisper()` returns it loaded. Blocking.

    The model is not asked for (nor loaded) when there is nothing to transcribe. Progress
    counts seconds of audio (done of total) with an estimate of the time left.

    Raises:
        Cancelled: `cancel` was set (returns within 50 ms of it).
        GenerationError: the model failed part-way.
    """
    reporter = _Reporter(len(job.audio) / SAMPLE_RATE, job.item, progress)
    if cancel is not None:
        cancel.raise_if_cancelled()
    short = len(job.audio) <= PRECHECK_S * SAMPLE_RATE
    detect = not job.language and model.multilingual and short
    if not len(job.audio) or (detect and not vad.has_speech(job.audio)):
        reporter.report(reporter.duration)
        return _silent(job, reporter.duration, model)  # no language to detect from silence
    worker = _Worker(whisper(), job)
    worker.start()
    try:
        return _collect(worker, model, job, reporter, cancel)
    finally:
        worker.stop.set()


def _collect(
    worker: _Worker,
    model: SpeechModel,
    job: Job,
    reporter: _Reporter,
    cancel: CancelToken | None,
) -> Transcript:
    info: Any = None
    segments: list[TranscriptSegment] = []
    for kind, value in _events(worker, cancel):
        if kind == "info":
            info = value
            reporter.report(0.0)
        elif kind == "segment":
            segment = _segment(value, info.language, job.conversion)
            if segment.text:
                segments.append(segment)
            reporter.report(segment.end_s)
    reporter.report(reporter.duration)
    if not segments and not job.language:  # nothing said: no language to detect
        return _silent(job, reporter.duration, model)
    return Transcript(
        language=info.language,
        segments=tuple(segments),
        duration_s=reporter.duration,
        model=model.name,
        language_probability=float(info.language_probability),
    )


def _silent(job: Job, duration: float, model: SpeechModel) -> Transcript:
    """The transcript of audio in which nobody spoke: no segments, and no language guessed."""
    return Transcript(
        language=job.language,
        segments=(),
        duration_s=duration,
        model=model.name,
        language_probability=1.0 if job.language else 0.0,
    )


def _events(worker: _Worker, cancel: CancelToken | None) -> Iterator[tuple[str, Any]]:
    """The helper's info and segments, in order, until it is done; its errors are raised."""
    while True:
        try:
            kind, value = worker.events.get(timeout=POLL_S)
        except queue.Empty:
            kind, value = "", None
        if cancel is not None and cancel.cancelled:
            worker.stop.set()
            raise Cancelled()
        if kind == "error":
            raise _engine_error(value)
        if kind == "done":
            return
        if kind:
            yield kind, value


def _segment(segment: Any, language: str, conversion: str) -> TranscriptSegment:
    text = str(segment.text).strip()
    if language in script.CHINESE:
        text = script.convert(text, conversion)
    return TranscriptSegment(start_s=float(segment.start), end_s=float(segment.end), text=text)


def _engine_error(exc: BaseException) -> BaseException:
    if isinstance(exc, RuntimeError | MemoryError):
        return GenerationError(
            f"Transcription failed part-way ({exc}).",
            hint="Try again; if it keeps failing, choose another speech model in Settings.",
        )
    return exc


class _Worker(threading.Thread):
    """Runs faster-whisper and posts ("info" | "segment" | "done" | "error", value) events."""

    def __init__(self, whisper: Any, job: Job) -> None:
        super().__init__(name="whisper-transcribe", daemon=True)
        self.events: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self.stop = threading.Event()
        self._whisper = whisper
        self._job = job

    def run(self) -> None:
        try:
            segments, info = self._whisper.transcribe(
                self._job.audio,
                language=self._job.language or None,
                beam_size=BEAM_SIZE,
                vad_filter=True,
            )
            self.events.put(("info", info))
            for segment in segments:
                if self.stop.is_set():
                    return
                self.events.put(("segment", segment))
            self.events.put(("done", None))
        except BaseException as exc:  # delivered to the caller, never lost on this thread
            self.events.put(("error", exc))


class _Reporter:
    """Turns seconds of audio done into `Progress` with an estimate of the time left."""

    def __init__(self, duration: float, item: str, callback: ProgressCallback | None) -> None:
        self.duration = duration
        self._item = item
        self._callback = callback
        self._start = time.monotonic()
        self._total = math.ceil(duration)
        self._finished = False

    def report(self, done_s: float) -> None:
        """Tell the callback; the end is told once."""
        done_s = min(done_s, self.duration)
        if self._callback is None or self._finished:
            return
        self._finished = done_s >= self.duration
        eta = None
        if done_s > 0:
            elapsed = time.monotonic() - self._start
            eta = elapsed / done_s * (self.duration - done_s)
        done = self._total if self._finished else math.floor(done_s)
        self._callback(
            Progress(done=done, total=self._total, stage=STAGE, item=self._item, eta_s=eta,
                     unit=SECONDS)
        )
