"""Runs engine work off the GUI thread and hops results back to it (after anki's taskman).

Lanes: a single-worker *model lane* for generation (one llama.cpp context is not thread-safe),
a single-worker *index lane* for ingestion (so a long PDF never blocks the chat: "answers use
what is ready"), and a small *I/O lane* for quick reads and writes (lists, search, settings).
The engine serializes what it must internally; the lanes keep the GUI honest.

Results and exceptions come back through a queued signal; nothing is dropped, not even work
cancelled while still queued: it reports `Cancelled`, so a view showing it as waiting hears that
it never ran. A callback bound to a widget that has since been deleted is skipped instead of
crashing. Streams go through a channel: the worker appends items and wakes the GUI only when the
channel was empty; the GUI takes everything waiting, at most once per `coalesce_ms`. So the view
repaints ~30 times a second however fast tokens come, and no item is held back when the producer
pauses.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from engine.api import CancelToken
from engine.errors import Cancelled
from engine.types import Progress, ProgressCallback

T = TypeVar("T")
log = logging.getLogger(__name__)

MODEL, INDEX, IO = "model", "index", "io"


class Task:
    """A handle on submitted work: its lane, its cancel token and whether it has ended."""

    def __init__(self, lane: str, cancel: CancelToken) -> None:
        self.lane = lane
        self.cancel_token = cancel
        self.future: Future[None] | None = None

    def cancel(self) -> None:
        """Ask the work to stop (it polls the token); a task still queued never starts."""
        self.cancel_token.cancel()
        if self.future is not None:
            self.future.cancel()

    @property
    def done(self) -> bool:
        """Whether the work has ended (finished, failed, cancelled or never started)."""
        return self.future is not None and self.future.done()


class _Channel(Generic[T]):
    """Carries a stream's items from a worker to the GUI thread, coalesced in time."""

    def __init__(
        self, runner: TaskRunner, on_batch: Callable[[list[T]], None], latest_only: bool = False
    ) -> None:
        self._runner = runner
        self._latest_only = latest_only
        self._on_batch = on_batch
        self._lock = threading.Lock()
        self._items: list[T] = []
        self._end: Callable[[], None] | None = None
        self._woken = False
        self._last_flush = 0.0

    def put(self, item: T) -> None:
        """Worker side: queue an item; wake the GUI only when nothing was waiting."""
        with self._lock:
            if self._latest_only:
                self._items.clear()
            self._items.append(item)
            wake, self._woken = not self._woken, True
        if wake:
            self._runner.deliver(self._flush_soon)

    def close(self, end: Callable[[], None]) -> None:
        """Worker side: after the last item, run `end` on the GUI (after every batch)."""
        with self._lock:
            self._end = end
            wake, self._woken = not self._woken, True
        if wake:
            self._runner.deliver(self._flush_soon)

    def _flush_soon(self) -> None:
        wait_ms = self._runner.coalesce_ms - (time.monotonic() - self._last_flush) * 1000
        with self._lock:
            ending = self._end is not None
        if wait_ms > 1 and not ending:
            # A lambda, not a bound method: PySide keeps only a weak hold on a method's owner.
            QTimer.singleShot(int(wait_ms), self._runner, lambda: self._flush())
        else:
            self._flush()

    def _flush(self) -> None:
        with self._lock:
            items, self._items = self._items, []
            end, self._end = self._end, None
            self._woken = False
        self._last_flush = time.monotonic()
        if items:
            self._on_batch(items)
        if end is not None:
            end()


class TaskRunner(QObject):
    """Submit work to a lane; callbacks run on the GUI thread.

    Signals:
        busy_changed(bool): True when the first task starts, False when the last one ends.
        _delivered(object): internal; carries a zero-argument callable to the GUI thread.
    """

    busy_changed = Signal(bool)
    _delivered = Signal(object)

    def __init__(self, parent: QObject | None = None, coalesce_ms: int = 30) -> None:
        super().__init__(parent)
        self.coalesce_ms = coalesce_ms
        self._lanes = {
            MODEL: ThreadPoolExecutor(1, thread_name_prefix="lanthorn-model"),
            INDEX: ThreadPoolExecutor(1, thread_name_prefix="lanthorn-index"),
            IO: ThreadPoolExecutor(3, thread_name_prefix="lanthorn-io"),
        }
        self._tasks: set[Task] = set()
        self._tasks_lock = threading.Lock()
        self._closed = False
        self._delivered.connect(self._on_delivered)

    # ------------------------------------------------------------------ submitting
    def run(
        self,
        work: Callable[[CancelToken], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None],
        *,
        lane: str = IO,
        context: QObject | None = None,
    ) -> Task:
        """Run `work(cancel)` on a lane; then `on_success(result)` or `on_failure(exc)` on the GUI.

        With a `context`, the callbacks are skipped once that object has been deleted.
        """
        task = Task(lane, CancelToken())

        def job() -> None:
            try:
                result = work(task.cancel_token)
            except BaseException as exc:  # delivered, never dropped
                self.deliver(functools.partial(on_failure, exc), context)
            else:
                self.deliver(functools.partial(on_success, result), context)

        return self._submit(task, job, self._never_ran(on_failure, context))

    def stream(
        self,
        items: Callable[[CancelToken], Iterator[T]],
        on_batch: Callable[[list[T]], None],
        on_finished: Callable[[], None],
        on_failure: Callable[[BaseException], None],
        *,
        lane: str = MODEL,
        context: QObject | None = None,
    ) -> Task:
        """Iterate `items(cancel)` on a lane; batches reach `on_batch` on the GUI, in order."""
        task = Task(lane, CancelToken())
        channel: _Channel[T] = _Channel(self, self._guarded(on_batch, context))

        def job() -> None:
            try:
                for item in items(task.cancel_token):
                    channel.put(item)
            except BaseException as exc:
                channel.close(self._guarded_call(functools.partial(on_failure, exc), context))
            else:
                channel.close(self._guarded_call(on_finished, context))

        return self._submit(task, job, self._never_ran(on_failure, context))

    def progress_relay(
        self, on_progress: Callable[[Progress], None], *, context: QObject | None = None
    ) -> ProgressCallback:
        """A thread-safe callable for `progress=`: the latest value reaches the GUI, coalesced."""
        guarded = self._guarded(on_progress, context)
        channel: _Channel[Progress] = _Channel(self, lambda values: guarded(values[-1]), True)
        return channel.put

    def deliver(self, callback: Callable[[], None], context: QObject | None = None) -> None:
        """Run `callback` on the GUI thread (from any thread)."""
        if not shiboken6.isValid(self):
            return
        self._delivered.emit(self._guarded_call(callback, context))

    # ------------------------------------------------------------------ lifecycle
    @property
    def busy(self) -> bool:
        """Whether any task is queued or running."""
        with self._tasks_lock:
            return bool(self._tasks)

    def cancel_all(self) -> None:
        """Set every task's cancel token; queued tasks never start."""
        with self._tasks_lock:
            tasks = list(self._tasks)
        for task in tasks:
            task.cancel()

    def shutdown(self, wait: bool = True) -> None:
        """Cancel everything, stop accepting work and (optionally) wait for running jobs."""
        self._closed = True
        self.cancel_all()
        for executor in self._lanes.values():
            executor.shutdown(wait=wait, cancel_futures=True)

    # ------------------------------------------------------------------ internals
    def _submit(self, task: Task, job: Callable[[], None], never_ran: Callable[[], None]) -> Task:
        if self._closed:  # a late callback asking for more work while the app quits: drop it
            log.debug("Task refused: the runner is shut down.")
            task.cancel_token.cancel()
            task.future = Future()
            task.future.cancel()
            return task
        with self._tasks_lock:
            first = not self._tasks
            self._tasks.add(task)
        task.future = self._lanes[task.lane].submit(job)
        task.future.add_done_callback(lambda future: self._finish(task, future, never_ran))
        if first:
            self.busy_changed.emit(True)
        return task

    def _finish(self, task: Task, future: Future[None], never_ran: Callable[[], None]) -> None:
        with self._tasks_lock:
            self._tasks.discard(task)
            idle = not self._tasks
        if future.cancelled():  # cancelled while queued: `job` never ran to say so
            self.deliver(never_ran)
        if idle:
            self.deliver(self._emit_idle)

    def _emit_idle(self) -> None:
        if not self.busy:
            self.busy_changed.emit(False)

    @classmethod
    def _never_ran(
        cls, on_failure: Callable[[BaseException], None], context: QObject | None
    ) -> Callable[[], None]:
        cancelled = Cancelled("Cancelled before it started.")
        return cls._guarded_call(functools.partial(on_failure, cancelled), context)

    @staticmethod
    def _guarded(callback: Callable[[T], None], context: QObject | None) -> Callable[[T], None]:
        if context is None:
            return callback

        def call(value: T) -> None:
            if shiboken6.isValid(context):
                callback(value)

        return call

    @staticmethod
    def _guarded_call(callback: Callable[[], None], context: QObject | None) -> Callable[[], None]:
        if context is None:
            return callback

        def call() -> None:
            if shiboken6.isValid(context):
                callback()

        return call

    def _on_delivered(self, callback: Callable[[], None]) -> None:
        try:
            callback()
        except Exception:
            log.exception("A GUI callback failed")
            raise
