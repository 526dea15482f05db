"""A cancel token shared between the caller and a long job; checking it is cheap."""

from __future__ import annotations

import threading

from engine.errors import Cancelled


class CancelToken:
    """Set once by any thread; long jobs poll `cancelled` or call `raise_if_cancelled`.

    Thread-safe. A token is never reset: make a new one per job. `child()` gives a token for
    one part of the job (one file of a folder): cancelling it stops that part only, cancelling
    this one stops every part.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._children: list[CancelToken] = []

    def cancel(self) -> None:
        """Ask the job (and every part of it) to stop as soon as it can."""
        with self._lock:
            self._event.set()
            children, self._children = self._children, []
        for child in children:
            child.cancel()

    def child(self) -> CancelToken:
        """A token cancelled with this one, that can also be cancelled on its own."""
        token = CancelToken()
        with self._lock:
            if not self._event.is_set():
                self._children.append(token)
                return token
        token.cancel()
        return token

    def release(self, child: CancelToken) -> None:
        """Forget a child whose part is over (a long job makes one per file)."""
        with self._lock:
            if child in self._children:
                self._children.remove(child)

    @property
    def cancelled(self) -> bool:
        """Whether `cancel()` has been called (on this token or its parent)."""
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        """Raise `Cancelled` when the token is set."""
        if self._event.is_set():
            raise Cancelled()

    def wait(self, timeout: float) -> bool:
        """Sleep up to `timeout` seconds; return True at once when cancelled."""
        return self._event.wait(timeout)
