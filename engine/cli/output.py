"""Small printing helpers shared by the subcommands."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any

from engine.types import Progress


def print_json(value: Any) -> None:
    """Print one JSON document on stdout (UTF-8, not ASCII-escaped)."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def write(text: str) -> None:
    """Write streamed text to stdout at once."""
    sys.stdout.write(text)
    sys.stdout.flush()


def warn(text: str) -> None:
    """One line on stderr."""
    print(text, file=sys.stderr, flush=True)


class ProgressLine:
    """A long job's progress on stderr, one line of `describe(progress)` at a time.

    On a terminal the line is redrawn in place (at most five times a second); otherwise a line
    is written every few seconds, so a log stays short. The last step, and the first of each
    new item or stage (the next file of an add), are always shown.
    """

    def __init__(self, describe: Callable[[Progress], str]) -> None:
        self._describe = describe
        self._tty = sys.stderr.isatty()
        self._last = 0.0
        self._stage: tuple[str, str] = ("", "")
        self._shown = False

    def __call__(self, progress: Progress) -> None:
        """Show `progress`, unless the last line of the same item and stage was a moment ago."""
        now = time.monotonic()
        final = progress.total is not None and progress.done >= progress.total
        new_stage = (progress.item, progress.stage) != self._stage
        if not (final or new_stage) and now - self._last < (0.2 if self._tty else 5.0):
            return
        self._last, self._stage = now, (progress.item, progress.stage)
        line = self._describe(progress)
        sys.stderr.write(f"\r\x1b[K{line}" if self._tty else f"{line}\n")
        sys.stderr.flush()
        self._shown = True

    def end(self) -> None:
        """Finish the redrawn line, so what follows starts on a line of its own."""
        if self._tty and self._shown:
            sys.stderr.write("\n")
            sys.stderr.flush()
        self._shown = False
