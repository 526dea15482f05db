"""Catalog downloads as long jobs: one at a time on the I/O lane, with pause, resume and cancel.

The window owns one `Downloads`, so a download keeps running (and reporting) after the settings
dialog that started it is closed, and the chat's demo-model notice shows the same job. Downloads
run one after another: each holds an I/O worker for minutes, and the lane has three, which the
lists and searches of the window need too. Pause cancels the engine's job, which keeps the
partial file (`engine.models.download` resumes it with an HTTP Range request); Cancel also
deletes it (`discard_download`). Closing the window cancels every task, which pauses a download:
the catalog then reports its `partial_bytes`, and the next Download resumes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from desktop.errors import describe
from desktop.task_runner import IO, Task, TaskRunner
from engine.api import EngineAPI
from engine.errors import Cancelled
from engine.types import Changes, DownloadResult, Progress


class DownloadStatus(StrEnum):
    """Where a download started in this session stands."""

    IDLE = "idle"  # never started here, or cancelled (the catalog says whether a part exists)
    QUEUED = "queued"  # waits for the running download to end
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    FAILED = "failed"


@dataclass
class DownloadState:
    """One catalog entry's download: status, latest progress, the error or the result."""

    name: str
    status: DownloadStatus = DownloadStatus.IDLE
    progress: Progress | None = None
    error: str = ""
    result: DownloadResult | None = None
    task: Task | None = None
    discard: bool = False  # cancelled: delete the partial files once the job has stopped


class Downloads(QObject):
    """Starts, pauses, resumes and cancels catalog downloads; callbacks on the GUI thread.

    Signals:
        changed(str): the named download's state or progress changed.
        finished(object): a download completed and was verified (its `DownloadResult`).
        failed(object): a download failed for another reason than a pause or cancel.
    """

    changed = Signal(str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(
        self, engine: EngineAPI, runner: TaskRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._runner = runner
        self._states: dict[str, DownloadState] = {}
        self._queue: list[str] = []

    def state(self, name: str) -> DownloadState:
        """The download of catalog entry `name` (IDLE when none was started here)."""
        return self._states.setdefault(name, DownloadState(name=name))

    @property
    def running(self) -> str | None:
        """The entry downloading now, if any."""
        return next(
            (n for n, s in self._states.items() if s.status is DownloadStatus.RUNNING), None
        )

    def start(self, name: str) -> None:
        """Download `name` (resuming a paused one); queued while another one runs."""
        state = self.state(name)
        if state.status in (DownloadStatus.RUNNING, DownloadStatus.QUEUED):
            return
        state.error, state.discard = "", False
        if self.running is not None:
            state.status = DownloadStatus.QUEUED
            self._queue.append(name)
            self.changed.emit(name)
            return
        self._run(state)

    def pause(self, name: str) -> None:
        """Stop downloading `name`, keeping what arrived (a queued one just leaves the queue)."""
        state = self.state(name)
        if state.status is DownloadStatus.QUEUED:
            self._queue.remove(name)
            state.status = DownloadStatus.IDLE
            self.changed.emit(name)
        elif state.task is not None:
            state.task.cancel()

    def cancel(self, name: str) -> None:
        """Stop downloading `name` for good: its partial files are deleted."""
        state = self.state(name)
        if state.task is not None:
            state.discard = True
            state.task.cancel()
            return
        if state.status is DownloadStatus.QUEUED:
            self._queue.remove(name)
        self._discard(state)

    # ------------------------------------------------------------------ internals
    def _run(self, state: DownloadState) -> None:
        name, engine = state.name, self._engine
        state.status, state.progress = DownloadStatus.RUNNING, None
        relay = self._runner.progress_relay(lambda p: self._on_progress(name, p), context=self)
        state.task = self._runner.run(
            lambda cancel: engine.models.download(name, relay, cancel),
            lambda result: self._on_done(name, result),
            lambda exc: self._on_failed(name, exc),
            lane=IO,
            context=self,
        )
        self.changed.emit(name)

    def _on_progress(self, name: str, progress: Progress) -> None:
        state = self.state(name)
        if state.status is DownloadStatus.RUNNING:
            state.progress = progress
            self.changed.emit(name)

    def _on_done(self, name: str, result: DownloadResult) -> None:
        state = self.state(name)
        state.task, state.status, state.result = None, DownloadStatus.DONE, result
        self.changed.emit(name)
        self.finished.emit(result)
        self._next()

    def _on_failed(self, name: str, exc: BaseException) -> None:
        state = self.state(name)
        state.task = None
        if isinstance(exc, Cancelled):
            if state.discard:
                self._discard(state)
            else:
                state.status = DownloadStatus.PAUSED
                self.changed.emit(name)
        else:
            state.status, state.error = DownloadStatus.FAILED, describe(exc)[0]
            self.changed.emit(name)
            self.failed.emit(exc)
        self._next()

    def _discard(self, state: DownloadState) -> None:
        name, engine = state.name, self._engine
        state.status, state.progress, state.discard = DownloadStatus.IDLE, None, False

        def done(_changes: Changes) -> None:
            self.changed.emit(name)

        def failed(exc: BaseException) -> None:
            state.status, state.error = DownloadStatus.FAILED, describe(exc)[0]
            self.changed.emit(name)

        self._runner.run(
            lambda _c: engine.models.discard_download(name), done, failed, lane=IO, context=self
        )

    def _next(self) -> None:
        if self._queue and self.running is None:
            self._run(self.state(self._queue.pop(0)))
