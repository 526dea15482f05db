"""Start-up timing for `bench.startup`: when the first frame was painted, when all was ready.

With `LANTHORN_STARTUP_TIMES=FILE` set, `watch(window)` appends `first_paint <t>` to FILE once
the window's first paint event has been handled, and `mark("ready")` appends `ready <t>`; `t` is
`time.monotonic()`, the system-wide clock the benchmark also reads just before it starts the
process, so the difference is the time from launch. The minimal PySide6 window the benchmark
compares with calls the same `watch`, so both are measured the same way. Unset (always, outside
the benchmark), nothing is written; the paint watch itself is always there, as the window starts
its slow reads (models, knowledge base) after its first paint.

Only PySide6.QtCore is imported here: the minimal window imports this module too.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

ENV = "LANTHORN_STARTUP_TIMES"


def mark(label: str) -> None:
    """Append `label <monotonic time>` to the file `LANTHORN_STARTUP_TIMES` names (if set)."""
    path = os.environ.get(ENV)
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{label} {time.monotonic():.6f}\n")


class _FirstPaint(QObject):
    """Calls back once, just after the watched widget's first paint event was handled."""

    def __init__(self, widget: QObject, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """On the first paint, call back once the paint is done (a zero timer runs after it)."""
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, then)
        return False


def watch(widget: QObject, then: Callable[[], None] | None = None) -> None:
    """After `widget`'s first paint: mark `first_paint`, then call `then`."""

    def painted() -> None:
        mark("first_paint")
        if then is not None:
            then()

    _FirstPaint(widget, painted)
