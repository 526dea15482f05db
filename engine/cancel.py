"""A cancel token shared between the caller and a long job; checking it is cheap."""

from __future__ import annotations

import threading

from engine.errors import Cancelled


class CancelToken:
    """Set once by any thread; long jobs poll `cancelled` or call `raise_if_cancelled`.

    Thread-safe. A token is never reset: make a new one per job.
    """

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop as soon as it can."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """Whether `cancel()` has been called."""
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        """Raise `Cancelled` when the token is set."""
        if self._event.is_set():
            raise Cancelled()

    def wait(self, timeout: float) -> bool:
        """Sleep up to `timeout` seconds; return True at once when cancelled."""
        return self._event.wait(timeout)
