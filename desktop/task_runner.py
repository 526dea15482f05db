"""Runs engine work off the GUI thread and hops results back to it (after anki's taskman).

Two lanes: a single-worker *model lane* for everything that touches the stateful engine
(llama.cpp, embeddings, index writes) and a small *I/O lane* for independent work. Results and
exceptions come back through a queued signal; nothing is dropped. Streams are coalesced so the
view repaints at most every `coalesce_ms`, not once per token.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

T = TypeVar("T")
log = logging.getLogger(__name__)


class TaskRunner(QObject):
    """Submit work to a lane; callbacks run on the GUI thread.

    Signals:
        _deliver(object): internal; carries a zero-argument callable to the GUI thread.
    """

    _deliver = Signal(object)

    def __init__(self, parent: QObject | None = None, coalesce_ms: int = 30) -> None:
        super().__init__(parent)
        self._model_lane = ThreadPoolExecutor(1, thread_name_prefix="lanthorn-model")
        self._io_lane = ThreadPoolExecutor(3, thread_name_prefix="lanthorn-io")
        self._coalesce_s = coalesce_ms / 1000
        self._pending: set[Future[Any]] = set()
        self._deliver.connect(self._on_deliver)

    def run(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None],
        *,
        lane: str = "model",
    ) -> Future[None]:
        """Run `work()` on a lane; then `on_success(result)` or `on_failure(exc)` on the GUI."""

        def job() -> None:
            try:
                result = work()
            except BaseException as exc:  # delivered, never dropped
                self._deliver.emit(lambda: on_failure(exc))
            else:
                self._deliver.emit(lambda: on_success(result))

        return self._submit(job, lane)

    def stream(
        self,
        items: Callable[[], Iterator[T]],
        on_batch: Callable[[list[T]], None],
        on_finished: Callable[[], None],
        on_failure: Callable[[BaseException], None],
        *,
        lane: str = "model",
    ) -> Future[None]:
        """Iterate `items()` on a lane; hand batches of items to `on_batch` on the GUI thread."""

        def job() -> None:
            batch: list[T] = []
            last = time.monotonic()
            try:
                for item in items():
                    batch.append(item)
                    if time.monotonic() - last >= self._coalesce_s:
                        self._emit_batch(on_batch, batch)
                        batch, last = [], time.monotonic()
            except BaseException as exc:
                self._emit_batch(on_batch, batch)
                self._deliver.emit(lambda: on_failure(exc))
                return
            self._emit_batch(on_batch, batch)
            self._deliver.emit(on_finished)

        return self._submit(job, lane)

    def shutdown(self, wait: bool = True) -> None:
        """Stop accepting work; wait for running jobs (callers cancel them first)."""
        self._model_lane.shutdown(wait=wait, cancel_futures=True)
        self._io_lane.shutdown(wait=wait, cancel_futures=True)

    def _emit_batch(self, on_batch: Callable[[list[T]], None], batch: list[T]) -> None:
        if batch:
            items = list(batch)
            self._deliver.emit(lambda: on_batch(items))

    def _submit(self, job: Callable[[], None], lane: str) -> Future[None]:
        executor = self._model_lane if lane == "model" else self._io_lane
        future = executor.submit(job)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        return future

    def _on_deliver(self, callback: Callable[[], None]) -> None:
        try:
            callback()
        except Exception:
            log.exception("A GUI callback failed")
            raise
