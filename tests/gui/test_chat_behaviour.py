"""The chat side of the main window over the fake engine: keys, streaming, stop, edit, errors."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from engine.errors import ModelError
from engine.types import Citation, Location, Role
from tests.gui.fakes import FakeEngine, Reply


def _ask(qtbot, window, text: str) -> str:
    qtbot.keyClicks(window.chat.composer.question, text)
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000) as finished:
        qtbot.keyClick(window.chat.composer.question, Qt.Key.Key_Return)
    return finished.args[0]


def test_enter_sends_and_shift_enter_makes_a_new_line(qtbot, make_window, fake_engine) -> None:
    window = make_window(fake_engine)
    question = window.chat.composer.question
    qtbot.keyClicks(question, "first line")
    qtbot.keyClick(question, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(question, "second line")
    assert question.toPlainText() == "first line\nsecond line"
    fake_engine.replies.append(Reply("A **bold** answer."))
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000) as finished:
        qtbot.keyClick(question, Qt.Key.Key_Return)
    assert finished.args[0] == "A **bold** answer."
    assert question.toPlainText() == ""
    sent = [c for c in fake_engine.calls if c[0] == "stream_reply"]
    assert sent[0][1][1] == "first line\nsecond line"
    messages = window.chat.view.messages()
    assert [m.entry.role for m in messages] == ["user", "assistant"]
    assert "bold answer" in messages[1].body.toPlainText()  # rendered, not raw Markdown
    assert "**" not in messages[1].body.toPlainText()
    qtbot.waitUntil(lambda: window.sidebar.list.count() == 1)
    assert window.sidebar.list.item(0).text() == "first line"


def test_esc_stops_mid_answer_and_keeps_the_part_shown(qtbot, make_window) -> None:
    engine = FakeEngine(token_delay=0.02)
    engine.replies.append(Reply(" ".join(f"word{i}" for i in range(400))))
    window = make_window(engine)
    window.chat.composer.question.setPlainText("Tell me a long story")
    with qtbot.waitSignal(window.chat.answer_finished, timeout=20_000) as finished:
        window.chat.composer.submit()
        assert window.stop_action.isEnabled()
        assert window.chat.composer.stop_button.isVisible()
        qtbot.waitUntil(lambda: "word5" in window.chat.view.messages()[-1].entry.text)
        qtbot.keyClick(window.chat.composer.question, Qt.Key.Key_Escape)
    partial = finished.args[0]
    assert partial.startswith("word0") and "word399" not in partial
    assert not window.chat.busy and window.chat.composer.send_button.isVisible()
    stored = engine.conversations.list_messages(window.chat.conversation_id)
    assert stored[-1].role == Role.ASSISTANT and stored[-1].text == partial
    assert stored[-1].stopped
    last = window.chat.view.messages()[-1]
    assert last.entry.text == partial and last.status_line.text() == "Stopped"
    assert last.status_line.isVisible() and last.regenerate_button.isVisible()


def test_an_answer_says_its_phase_time_and_real_speed(qtbot, make_window) -> None:
    engine = FakeEngine(token_delay=0.01)
    hold = threading.Event()
    engine.replies.append(Reply(" ".join(f"w{i}" for i in range(30)), hold=hold))
    window = make_window(engine)
    lines: list[str] = []
    window.chat.status.changed.connect(lines.append)
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000):
        window.chat.send("what?")
        qtbot.waitUntil(lambda: bool(lines) and lines[-1].startswith("Reading 3 passages · "))
        streaming = window.chat.view.messages()[-1]
        assert streaming.status_line.isVisible()
        assert streaming.status_line.text().startswith("Reading 3 passages · ")
        assert "Searching your documents · 0 s" in lines
        hold.set()
    writing = [line for line in lines if line.startswith("Writing · ")]
    assert writing and writing[-1].endswith(" · 7.5 tokens/s")
    assert window.speed_label.text() == "7.5 tokens/s"  # the engine's figure, not a count
    assert not window.chat.view.messages()[-1].status_line.isVisible()


def test_not_covered_while_indexing_names_the_document_and_asks_again(
    qtbot, make_window, tmp_path
) -> None:
    engine = FakeEngine(page_delay=0.001)
    engine.pages_for = lambda _p: 40
    engine.gate = threading.Event()
    window = make_window(engine)
    book = tmp_path / "book.pdf"
    book.write_bytes(b"%PDF")
    window.knowledge.add_paths([str(book)])
    qtbot.waitUntil(lambda: [s.status for s in window.knowledge.states()] == ["indexing"])
    (source,) = engine.knowledge.list_sources()
    engine.replies.append(Reply("Not in your documents.", covered=False, indexing=(source,)))
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000):
        window.chat.send("What does the book say about rivers?")
    reply = window.chat.view.messages()[-1]
    assert reply.indexing_note.isVisible()
    assert reply.indexing_note.text().startswith("Still being indexed: book.pdf (page ")
    assert reply.ask_again_button.text() == "Ask again when ready"
    qtbot.mouseClick(reply.ask_again_button, Qt.MouseButton.LeftButton)
    assert not reply.ask_again_button.isEnabled()
    engine.replies.append(Reply("Rivers run to the sea [1].", covered=True))
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000) as finished:
        engine.gate.set()
    assert finished.args[0] == "Rivers run to the sea [1]."
    assert [c[0] for c in engine.calls].count("regenerate_reply") == 1
    assert len(window.chat.view.messages()) == 2  # the reply was replaced, not added


def test_stream_is_coalesced_not_rendered_per_token(qtbot, make_window) -> None:
    engine = FakeEngine(token_delay=0.001)
    engine.replies.append(Reply(" ".join(["tok"] * 600)))
    window = make_window(engine)
    renders = []
    original = window.chat._on_deltas
    window.chat._on_deltas = lambda batch: (renders.append(len(batch)), original(batch))
    with qtbot.waitSignal(window.chat.answer_finished, timeout=20_000) as finished:
        window.chat.send("go")
    assert finished.args[0].count("tok") == 600
    assert sum(renders) == 604  # every delta arrives: 3 phases, 600 words, the final one
    assert len(renders) < 601 / 3  # but in batches


def test_regenerate_replaces_the_last_answer(qtbot, make_window, fake_engine) -> None:
    window = make_window(fake_engine)
    fake_engine.replies.extend([Reply("First try."), Reply("Second try.")])
    _ask(qtbot, window, "Question")
    last = window.chat.view.messages()[-1]
    qtbot.waitUntil(lambda: last.regenerate_button.isVisible())
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000) as finished:
        qtbot.mouseClick(last.regenerate_button, Qt.MouseButton.LeftButton)
    assert finished.args[0] == "Second try."
    texts = [m.entry.text for m in window.chat.view.messages()]
    assert texts == ["Question", "Second try."]


def test_edit_and_resend_replaces_later_messages(qtbot, make_window, fake_engine) -> None:
    window = make_window(fake_engine)
    fake_engine.replies.extend([Reply("One."), Reply("Two."), Reply("Edited answer.")])
    _ask(qtbot, window, "first question")
    _ask(qtbot, window, "second question")
    first = window.chat.view.messages()[0]
    qtbot.waitUntil(lambda: first.entry.message_id is not None and first.edit_button.isEnabled())
    qtbot.mouseClick(first.edit_button, Qt.MouseButton.LeftButton)
    editor = first._editor
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "better question")
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000):
        qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    texts = [m.entry.text for m in window.chat.view.messages()]
    assert texts == ["better question", "Edited answer."]
    assert (
        "edit_and_resend",
        (window.chat.conversation_id, first.entry.message_id, "better question"),
    ) in fake_engine.calls


def test_copy_message_and_code_block(qtbot, make_window, fake_engine) -> None:
    window = make_window(fake_engine)
    fake_engine.replies.append(Reply("Run this:\n\n```python\nprint('hi')\n```"))
    _ask(qtbot, window, "code please")
    answer = window.chat.view.messages()[-1]
    qtbot.mouseClick(answer.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == answer.entry.text
    QGuiApplication.clipboard().clear()
    answer.body.anchorClicked.emit(QUrl("lanthorn-copy:0"))
    assert QGuiApplication.clipboard().text() == "print('hi')"


def test_uncovered_answer_offers_general_knowledge(qtbot, make_window, fake_engine) -> None:
    window = make_window(fake_engine)
    fake_engine.replies.extend(
        [
            Reply("Your documents do not cover this.", covered=False),
            Reply("From general knowledge: Paris."),
        ]
    )
    _ask(qtbot, window, "capital of France?")
    answer = window.chat.view.messages()[-1]
    assert answer.general_button.isVisible()
    assert answer.badge.text() == "Not covered by your documents"
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000):
        qtbot.mouseClick(answer.general_button, Qt.MouseButton.LeftButton)
    last = window.chat.view.messages()[-1]
    assert last.entry.general_knowledge and "General knowledge" in last.badge.text()


def test_citation_chips_and_markers(qtbot, make_window, fake_engine, shared_data) -> None:
    pdf = str(shared_data / "pdf" / "qa" / "good.pdf")
    cite = Citation(
        n=1, location=Location(7, "good.pdf", pdf, page=3, start=0, end=20),
        quote="dense passage retriever",
    )
    fake_engine.replies.append(Reply("It is dense [1]. Not [2].", citations=(cite,)))
    window = make_window(fake_engine)
    _ask(qtbot, window, "what?")
    answer = window.chat.view.messages()[-1]
    chips = answer.chip_buttons()
    assert [c.text() for c in chips] == ["[1] good.pdf p.3"]
    html = answer.body.toHtml()
    assert "lanthorn-cite:1" in html and "lanthorn-cite:2" not in html  # no dead links
    with qtbot.waitSignal(answer.citation_clicked) as clicked:
        chips[0].setFocus()
        qtbot.keyClick(chips[0], Qt.Key.Key_Return)  # Enter opens a focused chip, not only Space
    assert clicked.args[0] == cite
    qtbot.waitUntil(lambda: window.viewer is not None and window.viewer.isVisible())
    assert window.viewer.current_page == 3


def test_engine_error_is_shown_once_without_traceback(qtbot, make_window, fake_engine) -> None:
    fake_engine.replies.append(
        Reply("", error=ModelError("The model file is broken.", hint="Pick another model."))
    )
    window = make_window(fake_engine)
    window.chat.composer.question.setPlainText("hello")
    with qtbot.waitSignal(window.error_banner.shown, timeout=10_000) as shown:
        window.chat.composer.submit()
    assert shown.args[0] == "The model file is broken."
    assert window.error_banner.isVisible()
    assert "Traceback" not in window.error_banner.message.text()
    qtbot.waitUntil(lambda: window.chat.composer.question.toPlainText() == "hello")


def test_unexpected_error_names_the_log_not_the_traceback(
    qtbot, make_window, fake_engine, lanthorn_home
) -> None:
    fake_engine.replies.append(Reply("", error=RuntimeError("boom")))
    window = make_window(fake_engine)
    with qtbot.waitSignal(window.error_banner.shown, timeout=10_000) as shown:
        window.chat.send("hello")
    assert "RuntimeError" in shown.args[0]
    assert str(lanthorn_home) in window.error_banner._details
    assert "Traceback" not in window.error_banner._details


def test_keyboard_shortcuts(qtbot, make_window, fake_engine) -> None:
    window = make_window(fake_engine)
    _ask(qtbot, window, "about lighthouses")
    assert window.chat.view.messages()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.chat.view.messages() == [] and window.chat.view.welcome.isVisible()
    assert window.chat.conversation_id is None
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.sidebar.search
    qtbot.keyClicks(window.sidebar.search, "lighthouse")
    qtbot.waitUntil(lambda: window.sidebar.list.count() == 1)
    qtbot.mouseClick(
        window.sidebar.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.sidebar.list.visualItemRect(window.sidebar.list.item(0)).center(),
    )
    qtbot.waitUntil(lambda: len(window.chat.view.messages()) == 2)
    assert window.chat.view.messages()[0].entry.text == "about lighthouses"


def test_rename_and_delete_conversation(qtbot, make_window, fake_engine) -> None:
    window = make_window(fake_engine)
    _ask(qtbot, window, "old title")
    sidebar = window.sidebar
    qtbot.waitUntil(lambda: sidebar.list.count() == 1)
    sidebar.list.setCurrentRow(0)
    sidebar.list.setFocus()
    qtbot.keyClick(sidebar.list, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "New title")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: fake_engine.conversations.list_recent()[0].title == "New title")
    qtbot.waitUntil(lambda: sidebar.list.item(0).text() == "New title")
    sidebar.list.setCurrentRow(0)
    sidebar.list.setFocus()
    qtbot.keyClick(sidebar.list, Qt.Key.Key_Delete)
    box = sidebar.findChild(QMessageBox, "confirmDelete")
    assert box is not None and box.isVisible()
    with qtbot.waitSignal(sidebar.conversation_deleted, timeout=5_000):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert fake_engine.conversations.list_recent() == []
    qtbot.waitUntil(lambda: window.chat.view.messages() == [])


def test_export_offers_the_format_and_says_where_it_saved(
    qtbot, make_window, fake_engine, tmp_path, monkeypatch
) -> None:
    window = make_window(fake_engine)
    _ask(qtbot, window, "export me")
    sidebar = window.sidebar
    qtbot.waitUntil(lambda: sidebar.list.count() == 1)
    sidebar.list.setCurrentRow(0)
    sidebar.export_json_action.trigger()
    dialog = sidebar.findChild(QFileDialog, "exportsFileDialog")
    assert dialog.nameFilters() == ["JSON (*.json)"] and dialog.defaultSuffix() == "json"
    dialog.close()
    sidebar.export_md_action.trigger()
    dialog = next(d for d in sidebar.findChildren(QFileDialog, "exportsFileDialog")
                  if d.isVisible())
    assert dialog.nameFilters() == ["Markdown (*.md)"] and dialog.defaultSuffix() == "md"
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    target = tmp_path / "out" / "export me.md"
    target.parent.mkdir()
    dialog.fileSelected.emit(str(target))
    dialog.close()
    qtbot.waitUntil(lambda: sidebar.findChild(QMessageBox, "savedNote") is not None)
    note = sidebar.findChild(QMessageBox, "savedNote")
    assert note.isVisible() and note.text() == f"Saved export me.md in {target.parent}."
    assert "export me" in target.read_text(encoding="utf-8")
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", opened.append)
    open_folder = next(b for b in note.buttons() if b.text() == "Open folder")
    open_folder.click()
    assert opened == [QUrl.fromLocalFile(str(target.parent))]
    note.close()


def test_long_conversation_opens_with_its_newest_page(qtbot, make_window, fake_engine) -> None:
    cid = fake_engine.conversations.create("long").id
    for i in range(150):
        fake_engine.add_message(cid, Role.USER if i % 2 == 0 else Role.ASSISTANT, f"message {i}")
    window = make_window(fake_engine)
    with qtbot.waitSignal(window.chat.conversation_opened, timeout=5_000):
        window.chat.open_conversation(cid)
    view = window.chat.view
    assert len(view.messages()) == 60 and view.messages()[-1].entry.text == "message 149"
    qtbot.waitUntil(lambda: view.verticalScrollBar().value() == view.verticalScrollBar().maximum())
    view.more_button.click()
    assert len(view.messages()) == 120 and view.messages()[0].entry.text == "message 30"


def test_a_reopened_conversation_keeps_its_summary_and_uncovered_marks(
    qtbot, make_window, fake_engine
) -> None:
    cid = fake_engine.conversations.create("stored").id
    fake_engine.add_message(cid, Role.USER, "who wrote it?")
    fake_engine.add_message(cid, Role.ASSISTANT, "From general knowledge: someone.",
                            covered=False, general_knowledge=True)
    fake_engine.add_message(cid, Role.USER, "and then?")
    fake_engine.add_message(cid, Role.ASSISTANT, "It went", stopped=True)
    fake_engine.add_message(cid, Role.USER, "capital of France?")
    fake_engine.add_message(cid, Role.ASSISTANT, "Not in your documents.", covered=False)
    fake_engine.add_message(cid, Role.USER, "Summarize good.pdf")
    fake_engine.add_message(cid, Role.ASSISTANT, "A paper on retrieval.", summary_of=7)
    window = make_window(fake_engine)
    with qtbot.waitSignal(window.chat.conversation_opened, timeout=5_000):
        window.chat.open_conversation(cid)
    general, stopped, uncovered, summary = window.chat.view.messages()[1::2]
    assert general.badge.text() == "General knowledge, not from your documents"
    assert not general.general_button.isVisible()  # never under a general-knowledge answer
    assert stopped.status_line.text() == "Stopped" and stopped.entry.text == "It went"
    assert uncovered.badge.text() == "Not covered by your documents"
    assert uncovered.body.toPlainText().strip() == "Not in your documents."
    assert uncovered.general_button.isVisible() and not uncovered.regenerate_button.isVisible()
    assert summary.badge.text() == "Summary" and summary.regenerate_button.isVisible()
    progress: list[str] = []
    window.chat.progress_changed.connect(progress.append)
    fake_engine.replies.append(Reply("A shorter summary."))
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000):
        qtbot.mouseClick(summary.regenerate_button, Qt.MouseButton.LeftButton)
    assert "Summarizing: 3/3" in progress[-2]
    again = window.chat.view.messages()[-1]
    assert again.entry.text == "A shorter summary." and again.badge.text() == "Summary"
    assert fake_engine.conversations.list_messages(cid)[-1].summary_of == 7
