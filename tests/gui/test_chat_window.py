"""The first window, driven with pytest-qt against the real engine and model."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.chat_window import ChatWindow
from desktop.task_runner import TaskRunner
from engine.api import Engine


def test_typed_question_streams_an_answer(qtbot, engine: Engine, runner: TaskRunner) -> None:
    window = ChatWindow(engine, runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.keyClicks(window.question, "What is the capital of France?")
    with qtbot.waitSignal(window.answer_finished, timeout=120_000) as finished:
        qtbot.keyClick(window.question, Qt.Key.Key_Return)
    answer = finished.args[0]
    assert "Paris" in answer
    assert "Paris" in window.transcript.toPlainText()
    assert not window.busy and window.send_button.isEnabled()
    conversations = engine.list_conversations()
    assert len(conversations) == 1 and conversations[0].message_count == 2


def test_stop_mid_answer_keeps_what_came(qtbot, engine: Engine, runner: TaskRunner) -> None:
    window = ChatWindow(engine, runner)
    qtbot.addWidget(window)
    window.question.setText("Write a long story about a lighthouse keeper, in many paragraphs.")
    with qtbot.waitSignal(window.answer_finished, timeout=120_000) as finished:
        window.send()
        qtbot.waitUntil(lambda: len(window.transcript.toPlainText()) > 120, timeout=60_000)
        qtbot.keyClick(window.question, Qt.Key.Key_Escape)
    partial = finished.args[0]
    assert partial.strip()
    stored = engine.list_messages(engine.list_conversations()[0].id)
    assert stored[-1].role.value == "assistant"
    assert stored[-1].completion_tokens is not None
    assert stored[-1].completion_tokens < engine.settings().sampling.max_tokens
