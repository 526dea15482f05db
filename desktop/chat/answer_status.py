"""What an answer is doing while the person waits, as one line that ticks every second.

The engine announces each phase in the stream (`AnswerDelta.phase`: searching the documents,
loading the model, reading N passages, writing, summarizing) and measures the writing speed
(`tokens_per_s`); this turns them into "Reading 6 passages · 12 s" and "Writing · 40 s ·
7.5 tokens/s". The issue measured minutes of a bare "…" on a loaded machine: the elapsed time
moves even when nothing else does. An engine that announces no phase still shows "Waiting for
the model" and then "Writing".
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from desktop.formatting import eta_text
from engine.types import AnswerDelta, AnswerPhase, Progress


def elapsed_text(seconds: float) -> str:
    """`12 s`, `3 min 05 s`."""
    whole = int(seconds)
    if whole < 60:
        return QCoreApplication.translate("AnswerStatus", "{seconds} s").format(seconds=whole)
    return QCoreApplication.translate("AnswerStatus", "{minutes} min {seconds:02d} s").format(
        minutes=whole // 60, seconds=whole % 60
    )


class AnswerStatus(QObject):
    """Tracks the streaming answer's phase, elapsed time and speed.

    Signals:
        changed(str): the status line (each second while an answer streams, and at each phase).
        speed_changed(float): tokens per second of the answer being written.
    """

    changed = Signal(str)
    speed_changed = Signal(float)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._tick)
        self.phase: AnswerPhase | None = None
        self._passages = 0
        self._started = 0.0
        self._speed: float | None = None
        self._engine_speed = False
        self._first_text_at: float | None = None
        self._progress: Progress | None = None

    def start(self) -> None:
        """An answer began: the clock starts."""
        self.phase, self._passages, self._speed, self._engine_speed = None, 0, None, False
        self._first_text_at, self._progress = None, None
        self._started = time.monotonic()
        self._timer.start()
        self._tick()

    def finish(self, final: AnswerDelta | None) -> None:
        """The answer ended: the clock stops.

        An engine that measured no speed still gives the tokens it wrote (`usage`): the rate
        over the time since the first text is shown then, never a count of stream pieces.
        """
        self._timer.stop()
        usage = final.usage if final is not None else None
        if self._engine_speed or self._first_text_at is None or usage is None:
            return
        elapsed = time.monotonic() - self._first_text_at
        if usage.completion_tokens and elapsed > 0:
            self.speed_changed.emit(max(0, usage.completion_tokens - 1) / elapsed)

    def feed(self, delta: AnswerDelta) -> None:
        """Take what a delta says about the answer's progress."""
        changed = False
        if delta.phase is not None and delta.phase != self.phase:
            self.phase, self._passages, changed = delta.phase, delta.passages, True
        if delta.tokens_per_s is not None:
            changed = changed or delta.tokens_per_s != self._speed
            self._speed, self._engine_speed = delta.tokens_per_s, True
            self.speed_changed.emit(delta.tokens_per_s)
        if delta.text:
            changed = self._wrote() or changed
        if changed:
            self._tick()

    def _wrote(self) -> bool:
        """Text came: writing has begun (an engine without phases says nothing else)."""
        if self._first_text_at is None:
            self._first_text_at = time.monotonic()
        if self.phase in (
            None,
            AnswerPhase.READING,
            AnswerPhase.SEARCHING,
            AnswerPhase.LOADING_MODEL,
        ):
            self.phase = AnswerPhase.WRITING
            return True
        return False

    def summary_progress(self, progress: Progress) -> None:
        """Where a summary's map and reduce steps stand."""
        self._progress = progress
        self.phase = AnswerPhase.SUMMARIZING
        self._tick()

    def text(self) -> str:
        """The status line now."""
        parts = [self._phase_text(), elapsed_text(time.monotonic() - self._started)]
        if self.phase is AnswerPhase.WRITING and self._speed is not None:
            parts.append(
                QCoreApplication.translate("AnswerStatus", "{speed:.1f} tokens/s").format(
                    speed=self._speed
                )
            )
        return " · ".join(parts)

    def _phase_text(self) -> str:
        phase = self.phase
        if phase is AnswerPhase.SEARCHING:
            return QCoreApplication.translate("AnswerStatus", "Searching your documents")
        if phase is AnswerPhase.LOADING_MODEL:
            return QCoreApplication.translate("AnswerStatus", "Loading the model")
        if phase is AnswerPhase.READING:
            if self._passages:
                return QCoreApplication.translate(
                    "AnswerStatus", "Reading {count} passages"
                ).format(count=self._passages)
            return QCoreApplication.translate("AnswerStatus", "Reading your question")
        if phase is AnswerPhase.WRITING:
            return QCoreApplication.translate("AnswerStatus", "Writing")
        if phase is AnswerPhase.SUMMARIZING:
            return self._summary_text()
        return QCoreApplication.translate("AnswerStatus", "Waiting for the model")

    def _summary_text(self) -> str:
        progress = self._progress
        if progress is None:
            return QCoreApplication.translate("AnswerStatus", "Summarizing")
        text = QCoreApplication.translate("AnswerStatus", "Summarizing: {done}/{total}").format(
            done=progress.done, total=progress.total or "?"
        )
        eta = eta_text(progress.eta_s)
        return f"{text} · {eta}" if eta else text

    def _tick(self) -> None:
        self.changed.emit(self.text())
