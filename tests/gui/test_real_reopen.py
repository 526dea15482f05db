"""A conversation reopened after a restart, over the real engine and SmolLM2: the app opens on it
again; an answer the documents did not cover keeps its text, mark and general-knowledge button;
a stopped summary still says "Stopped"; regenerating a summary summarizes the source again:
states a fake keeps in memory but a restart must restore."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from engine.api import Engine
from tests.gui.test_real_settings import LIGHTHOUSE

pytestmark = pytest.mark.slow
ANSWER_MS = 240_000


def test_a_reopened_summary_and_uncovered_answer_keep_their_meaning(
    qtbot, make_window, engine: Engine, restart, tmp_path: Path
) -> None:
    text = tmp_path / "lighthouse.md"
    text.write_text(LIGHTHOUSE, encoding="utf-8")
    (added,) = engine.knowledge.add_sources([text]).results
    window = make_window(engine)
    qtbot.waitUntil(lambda: [s.status for s in window.knowledge.states()] == ["ready"])
    with qtbot.waitSignal(window.chat.answer_finished, timeout=ANSWER_MS):
        window.chat.send("What is the capital of France?")
    uncovered = window.chat.view.messages()[-1]
    assert uncovered.entry.covered is False and uncovered.general_button.isVisible()
    uncovered_text = uncovered.body.toPlainText().strip()
    asked = window.chat.conversation_id
    row = next(iter(window.knowledge._rows.values()))
    # A summary writes for minutes on a busy two-core machine: each is stopped once it has
    # begun (its heading is written first), as a person may; what was written is kept.
    with qtbot.waitSignal(window.chat.answer_finished, timeout=ANSWER_MS):
        qtbot.mouseClick(row.buttons["summarize"], Qt.MouseButton.LeftButton)
        _stop_once_begun(qtbot, window)
    cid = window.chat.conversation_id
    assert cid is not None and cid != asked  # a summary from the panel opens its own chat

    engine, window = restart(window, engine)
    # The app reopens on the chat open at the quit, as it showed it.
    qtbot.waitUntil(lambda: len(window.chat.view.messages()) == 2, timeout=10_000)
    assert window.chat.conversation_id == cid
    summary = window.chat.view.messages()[-1]
    assert summary.entry.summary_of == added.source_id
    assert summary.badge.text() == "Summary of lighthouse.md"  # named as when it was written
    assert summary.regenerate_button.isVisible()
    assert summary.status_line.text() == "Stopped"  # stopped before the restart, still so
    progress: list[str] = []
    window.chat.progress_changed.connect(progress.append)
    with qtbot.waitSignal(window.chat.answer_finished, timeout=ANSWER_MS):
        qtbot.mouseClick(summary.regenerate_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(p.startswith("Summarizing: ") for p in progress))
        _stop_once_begun(qtbot, window)
    stored = engine.conversations.list_messages(cid)
    assert len(stored) == 2 and stored[-1].summary_of == added.source_id
    assert stored[-1].text.startswith("**Summary of")  # summarized again, not answered
    assert window.chat.view.messages()[-1].badge.text() == "Summary of lighthouse.md"
    with qtbot.waitSignal(window.chat.conversation_opened, timeout=10_000):
        window.chat.open_conversation(asked)
    first_answer = window.chat.view.messages()[-1]
    assert first_answer.badge.text() == "Not covered by your documents"
    assert first_answer.general_button.isVisible()
    assert first_answer.body.toPlainText().strip() == uncovered_text


def _stop_once_begun(qtbot, window) -> None:
    qtbot.waitUntil(
        lambda: "Summary of" in window.chat.view.messages()[-1].entry.text, timeout=ANSWER_MS
    )
    window.chat.stop()
