"""A test hook: start work, then quit in the middle of it as Ctrl+Q does.

`LANTHORN_TEST_QUIT=answer` asks a question (without the documents, so the model writes at
once) and quits when the first words stream; `LANTHORN_TEST_QUIT=index:PATH` adds PATH and
quits once it is being indexed (or ready). The quit test runs `lanthorn-desktop` so, 20 times
each, and wants a clean exit every time: the issue saw `Fatal Python error: none_dealloc` on a
Ctrl+Q during work. Unset (always, outside that test), it does nothing.
"""

from __future__ import annotations

import os

from desktop.main_window import MainWindow
from engine.types import SourceStatus

ENV = "LANTHORN_TEST_QUIT"
QUESTION = "Tell me a long story about a lighthouse keeper and the sea."


def arm(window: MainWindow) -> None:
    """Start what `LANTHORN_TEST_QUIT` names and quit once it is under way."""
    spec = os.environ.get(ENV, "")
    if spec == "answer":
        window.chat.answer_grew.connect(lambda _chars: window.quit_action.trigger())
        window.chat.send(QUESTION, use_knowledge=False)
    elif spec.startswith("index:"):
        knowledge = window.knowledge

        def quit_once_indexing(states: object) -> None:
            del states
            if any(s.status is SourceStatus.READY or (
                s.status is SourceStatus.INDEXING and s.progress is not None
            ) for s in knowledge.states()):
                window.quit_action.trigger()

        knowledge.rows_changed.connect(quit_once_indexing)
        knowledge.add_paths([spec.removeprefix("index:")])
