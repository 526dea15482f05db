"""Who wants to hear of changes: the engine tells its listeners after every mutation.

Views refresh from these notices instead of polling. A listener runs on the thread that made
the change (a worker); the desktop hops it to the GUI thread. A failing listener is logged and
never breaks the engine's work.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from engine.types import ChangeListener, Changes

log = logging.getLogger(__name__)


class ChangeHub:
    """Listeners of `Changes`. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[ChangeListener] = []

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        """Add a listener; returns the function that removes it again."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, changes: Changes) -> Changes:
        """Tell every listener; returns `changes`, so a mutation can return what it published."""
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(changes)
            except Exception:
                log.exception("A change listener failed")
        return changes
