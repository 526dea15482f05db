"""Everything is reachable without the mouse and says what it is; video citations open a browser."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)

from engine.types import Citation, Location
from tests.gui.fakes import Reply

INTERACTIVE = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QSpinBox)


def _named(widget) -> bool:
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return bool(widget.accessibleName() or text)


def test_controls_are_named_and_take_keyboard_focus(qtbot, make_window, fake_engine) -> None:
    fake_engine.replies.append(Reply("An answer."))
    window = make_window(fake_engine)
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000):
        window.chat.send("hello")
    window.open_settings()
    for root in (window, window.settings_dialog):
        controls = [
            w
            for w in root.findChildren(QAbstractButton)
            + root.findChildren(QLineEdit)
            + root.findChildren(QPlainTextEdit)
            if w.isVisibleTo(root)
        ]
        assert len(controls) > 5
        for control in controls:
            if isinstance(control.parent(), QAbstractSpinBox):
                assert control.parent().accessibleName(), control.parent()
                continue
            assert _named(control), f"{type(control).__name__} {control.objectName()} has no name"
            assert control.focusPolicy() & Qt.FocusPolicy.TabFocus, control
    window.settings_dialog.reject()


def test_tab_walks_from_the_question_to_the_send_button(qtbot, make_window, fake_engine) -> None:
    window = make_window(fake_engine)
    window.chat.composer.question.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.chat.composer.question)
    seen = []
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert window.chat.composer.use_documents in seen
    assert window.knowledge.add_button in seen
    assert window.sidebar.search in seen
    assert not any(isinstance(w, QAbstractScrollArea) and w is window.chat.view for w in seen[:1])


def test_tab_order_follows_the_columns(qtbot, make_window, fake_engine, tmp_path) -> None:
    fake_engine.replies.append(Reply("An answer."))
    window = make_window(fake_engine)
    book = tmp_path / "book.pdf"
    book.write_bytes(b"%PDF")
    window.knowledge.add_paths([str(book)])  # rows and messages made after the window
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000):
        window.chat.send("hello")
    qtbot.waitUntil(lambda: [s.status for s in window.knowledge.states()] == ["ready"])
    answer = window.chat.view.messages()[-1]
    window.sidebar.new_button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.sidebar.new_button)
    seen = [window.sidebar.new_button]
    for _ in range(30):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    places = [window.sidebar.search, answer.copy_button, window.chat.composer.question,
              window.knowledge.add_button, window.knowledge.rows()[0].buttons["open"]]
    order = [seen.index(w) for w in places]
    assert order == sorted(order), order  # sidebar -> messages -> question -> documents


def test_the_welcome_card_knows_documents_are_ready(
    qtbot, make_window, fake_engine, tmp_path
) -> None:
    window = make_window(fake_engine)
    welcome = window.chat.view.welcome
    assert "Drop a PDF" in welcome.steps.text()
    book = tmp_path / "book.pdf"
    book.write_bytes(b"%PDF")
    window.knowledge.add_paths([str(book)])
    qtbot.waitUntil(lambda: "1 document is ready" in welcome.steps.text())
    assert "Drop a PDF" not in welcome.steps.text()
    assert welcome.add_button.text() == "Add more documents…"


def test_a_video_citation_opens_the_browser_at_its_second(
    qtbot, make_window, fake_engine, monkeypatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    where = Location(
        3, "A talk", "", start=0, end=5, start_s=125.0, end_s=140.0,
        url="https://www.youtube.com/watch?v=abc",
    )
    cite = Citation(n=1, location=where, quote="words")
    fake_engine.replies.append(Reply("Said in the talk [1].", citations=(cite,)))
    window = make_window(fake_engine)
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000):
        window.chat.send("what was said?")
    chip = window.chat.view.messages()[-1].chip_buttons()[0]
    assert chip.text() == "[1] A talk 2:05"
    assert opened == []  # nothing opens by itself
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert opened == ["https://www.youtube.com/watch?v=abc&t=125s"]
