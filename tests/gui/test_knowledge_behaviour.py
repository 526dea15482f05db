"""The knowledge panel over the fake engine: real drop events, states, actions, chat meanwhile."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QLineEdit

from tests.gui.fakes import FAKE_PASSWORD, FakeEngine, Reply


def drop(window, urls: list[QUrl], over=None) -> None:
    """Drag `urls` over a point of the window and drop them, as the window system does."""
    mime = QMimeData()
    mime.setUrls(urls)
    target = over if over is not None else window.chat.view.viewport()
    point = target.mapTo(window, QPoint(target.width() // 2, target.height() // 2))
    actions = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    handle = window.windowHandle()
    enter = QDragEnterEvent(point, actions, mime, buttons, mods)
    QApplication.sendEvent(handle, enter)
    move = QDragMoveEvent(point, actions, mime, buttons, mods)
    QApplication.sendEvent(handle, move)
    assert move.isAccepted()
    QApplication.sendEvent(handle, QDropEvent(QPointF(point), actions, mime, buttons, mods))


def _files(tmp_path: Path, *names: str) -> list[Path]:
    paths = []
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4 fake")
        paths.append(path)
    return paths


def _wait_status(qtbot, panel, key_title: str, status: str) -> None:
    qtbot.waitUntil(
        lambda: any(s.name == key_title and s.status == status for s in panel.states()),
        timeout=10_000,
    )


def test_dropped_files_folders_and_links_are_indexed(
    qtbot, make_window, fake_engine, tmp_path
) -> None:
    window = make_window(fake_engine)
    report, bad = _files(tmp_path, "report.pdf", "bad.pdf")
    folder = tmp_path / "folder"
    _files(folder, "a.pdf", "scan.pdf")
    drop(window, [QUrl.fromLocalFile(str(report)), QUrl.fromLocalFile(str(bad))])
    drop(window, [QUrl.fromLocalFile(str(folder))], over=window.chat.composer.question.viewport())
    drop(window, [QUrl("https://example.org/talk")], over=window.sidebar.search)
    panel = window.knowledge
    for title in ("report.pdf", "a.pdf", "scan.pdf"):
        _wait_status(qtbot, panel, title, "ready")
    _wait_status(qtbot, panel, "bad.pdf", "failed")
    _wait_status(qtbot, panel, "talk", "failed")
    qtbot.waitUntil(lambda: not panel.running)
    assert window.chat.composer.question.toPlainText() == ""  # a drop is not pasted as text
    assert window.sidebar.search.text() == ""
    rows = {r.state.name: r for r in panel._rows.values()}
    assert rows["report.pdf"].status.text() == "Ready · 5 pages · 15 passages"
    assert "not a readable PDF" in rows["bad.pdf"].status.text()
    assert rows["bad.pdf"].buttons["retry"].isVisible()
    assert rows["scan.pdf"].notice.isVisible()
    assert "scanned" in rows["scan.pdf"].notice.text()
    assert rows["talk"].status.text() == "Failed: Links are not supported yet."
    assert window.activity_label.text() == "3 documents ready"


def test_progress_cancel_retry_and_remove(qtbot, make_window, tmp_path, screenshot) -> None:
    engine = FakeEngine(page_delay=0.05)
    engine.pages_for = lambda _p: 40
    window = make_window(engine)
    (book,) = _files(tmp_path, "book.pdf")
    panel = window.knowledge
    panel.add_paths([str(book)])
    qtbot.waitUntil(lambda: any(s.progress is not None for s in panel.states()), timeout=10_000)
    row = next(r for r in panel._rows.values() if r.state.name == "book.pdf")
    assert row.progress.isVisible() and row.buttons["cancel"].isVisible()
    assert "of 40 pages" in row.status.text()
    assert window.activity_label.text().startswith("Indexing book.pdf")
    screenshot(window, "3a-indexing")
    qtbot.mouseClick(row.buttons["cancel"], Qt.MouseButton.LeftButton)
    _wait_status(qtbot, panel, "book.pdf", "cancelled")
    qtbot.waitUntil(lambda: not panel.running)
    assert [s.status for s in panel.states()] == ["cancelled"]  # one row, not a failure too
    row = next(r for r in panel._rows.values() if r.state.name == "book.pdf")
    assert row.buttons["retry"].isVisible() and not row.progress.isVisible()
    engine.page_delay = 0.001
    qtbot.mouseClick(row.buttons["retry"], Qt.MouseButton.LeftButton)
    _wait_status(qtbot, panel, "book.pdf", "ready")
    row = next(r for r in panel._rows.values() if r.state.name == "book.pdf")
    qtbot.mouseClick(row.buttons["remove"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: engine.knowledge.list_sources() == [] and panel.states() == [])
    assert panel.empty.isVisible()


def test_chat_answers_while_a_document_indexes(qtbot, make_window, fake_engine, tmp_path) -> None:
    fake_engine.gate = threading.Event()  # indexing waits until the answer is in
    window = make_window(fake_engine)
    (book,) = _files(tmp_path, "book.pdf")
    window.knowledge.add_paths([str(book)])
    _wait_status(qtbot, window.knowledge, "book.pdf", "indexing")
    fake_engine.replies.append(Reply("Answers use what is ready."))
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000) as finished:
        window.chat.send("anything?")
    assert finished.args[0] == "Answers use what is ready."
    assert window.knowledge.running
    fake_engine.gate.set()
    _wait_status(qtbot, window.knowledge, "book.pdf", "ready")


def test_summarize_and_open_from_the_panel(qtbot, make_window, fake_engine, shared_data) -> None:
    pdf = shared_data / "pdf" / "qa" / "good.pdf"
    window = make_window(fake_engine)
    window.knowledge.add_paths([str(pdf)])
    _wait_status(qtbot, window.knowledge, "good.pdf", "ready")
    row = next(iter(window.knowledge._rows.values()))
    fake_engine.replies.append(Reply("The paper proposes dense retrieval."))
    progress: list[str] = []
    window.chat.progress_changed.connect(progress.append)
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000):
        qtbot.mouseClick(row.buttons["summarize"], Qt.MouseButton.LeftButton)
    assert "Summarizing good.pdf: 3/3" in progress[-2] and progress[-1] == ""
    request, summary = window.chat.view.messages()[-2:]
    assert request.entry.text == "Summarize good.pdf"
    assert summary.badge.text() == "Summary of good.pdf"
    assert summary.entry.text == "The paper proposes dense retrieval."
    cid = window.chat.conversation_id
    assert cid is not None  # the summary opened a conversation and is kept in it
    stored = [m.text for m in fake_engine.conversations.list_messages(cid)]
    assert stored == ["Summarize good.pdf", "The paper proposes dense retrieval."]
    assert summary.regenerate_button.isVisible()  # regenerating summarizes again
    fake_engine.replies.append(Reply("A shorter summary."))
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000):
        qtbot.mouseClick(summary.regenerate_button, Qt.MouseButton.LeftButton)
    assert "Summarizing: 3/3" in progress[-2] and progress[-1] == ""
    again = window.chat.view.messages()[-1]
    assert again.entry.text == "A shorter summary." and again.badge.text() == "Summary of good.pdf"
    (last,) = fake_engine.conversations.list_messages(cid)[-1:]
    assert last.summary_of == row.state.source_id
    qtbot.mouseClick(row.buttons["open"], Qt.MouseButton.LeftButton)
    assert window.viewer is not None and window.viewer.isVisible()
    assert window.viewer.document.pageCount() == 13 and window.viewer.current_page == 1


def test_half_indexed_sources_resume_at_start(qtbot, make_window, fake_engine, tmp_path) -> None:
    (book,) = _files(tmp_path, "book.pdf")
    fake_engine.put_stale_source(str(book))
    window = make_window(fake_engine)
    _wait_status(qtbot, window.knowledge, "book.pdf", "ready")
    assert ("resume_indexing", ()) in fake_engine.calls


def test_an_unreadable_file_is_refused_with_a_clear_message(
    qtbot, make_window, fake_engine, tmp_path
) -> None:
    window = make_window(fake_engine)
    qtbot.waitUntil(lambda: bool(window.knowledge._kinds))
    (report,) = _files(tmp_path, "report.pdf")
    notes = tmp_path / "notes.docx"
    notes.write_bytes(b"PK")
    with qtbot.waitSignal(window.error_banner.shown, timeout=5_000) as shown:
        drop(window, [QUrl.fromLocalFile(str(notes)), QUrl.fromLocalFile(str(report))])
    assert shown.args == [
        "Lanthorn cannot read notes.docx. It reads .pdf, .txt, .md files, and folders of them."
    ]
    _wait_status(qtbot, window.knowledge, "report.pdf", "ready")
    added = [c for c in fake_engine.calls if c[0] == "queue_sources"]
    assert added == [("queue_sources", ((str(report),), None))]
    assert [s.name for s in window.knowledge.states()] == ["report.pdf"]


def test_the_file_dialog_offers_what_the_engine_reads_and_remembers_the_folder(
    qtbot, make_window, fake_engine, tmp_path
) -> None:
    window = make_window(fake_engine)
    qtbot.waitUntil(lambda: bool(window.knowledge._kinds))
    (paper,) = _files(tmp_path / "papers", "paper.pdf")
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(QFileDialog, "documentsFileDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.nameFilters() == [
        "Everything Lanthorn reads (*.pdf *.txt *.md)", "PDF documents (*.pdf)",
        "Text and Markdown files (*.txt *.md)", "All files (*)",
    ]
    assert dialog.directory().absolutePath() == str(Path.home())
    dialog.filesSelected.emit([str(paper)])
    dialog.close()
    _wait_status(qtbot, window.knowledge, "paper.pdf", "ready")
    window.knowledge.choose_files()
    again = next(d for d in window.findChildren(QFileDialog, "documentsFileDialog")
                 if d.isVisible())
    assert again.directory().absolutePath() == str(paper.parent)  # the folder used last
    again.close()


def test_an_encrypted_pdf_asks_for_its_password(
    qtbot, make_window, fake_engine, tmp_path
) -> None:
    window = make_window(fake_engine)
    (locked,) = _files(tmp_path, "locked.pdf")
    panel = window.knowledge
    panel.add_paths([str(locked)])
    _wait_status(qtbot, panel, "locked.pdf", "failed")
    qtbot.waitUntil(lambda: not panel.running)
    row = next(r for r in panel._rows.values() if r.state.name == "locked.pdf")
    assert row.buttons["password"].isVisible()
    assert not row.buttons["retry"].isVisible()  # a retry without the password cannot help
    assert "again" not in row.status.text()  # no "add it again" next to Enter password
    qtbot.mouseClick(row.buttons["password"], Qt.MouseButton.LeftButton)
    dialog = panel.findChild(QInputDialog, "passwordDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.textEchoMode() == QLineEdit.EchoMode.Password
    dialog.setTextValue(FAKE_PASSWORD)
    dialog.accept()
    _wait_status(qtbot, panel, "locked.pdf", "ready")
    assert ("queue_sources", ((str(locked),), FAKE_PASSWORD)) in fake_engine.calls
    row = next(r for r in panel._rows.values() if r.state.name == "locked.pdf")
    assert not row.buttons["password"].isVisible()


def test_a_folder_queues_at_once_and_cancel_stops_that_file_only(
    qtbot, make_window, fake_engine, tmp_path
) -> None:
    fake_engine.gate = threading.Event()
    window = make_window(fake_engine)
    folder = tmp_path / "folder"
    _files(folder, "a.pdf", "b.pdf", "c.pdf", "d.pdf")
    panel = window.knowledge
    panel.add_paths([str(folder)])
    _wait_status(qtbot, panel, "a.pdf", "indexing")
    rows = {r.state.name: r for r in panel.rows()}
    assert [rows[n].status.text() for n in ("b.pdf", "c.pdf", "d.pdf")] == ["Queued"] * 3
    assert window.activity_label.text().endswith("3 queued")
    qtbot.mouseClick(rows["c.pdf"].buttons["cancel"], Qt.MouseButton.LeftButton)  # a queued one
    _wait_status(qtbot, panel, "c.pdf", "cancelled")
    qtbot.mouseClick(rows["a.pdf"].buttons["cancel"], Qt.MouseButton.LeftButton)  # the current
    assert QApplication.focusWidget() is rows["a.pdf"].buttons["cancel"]
    fake_engine.gate.set()
    for name in ("b.pdf", "d.pdf"):
        _wait_status(qtbot, panel, name, "ready")  # the others went on
    qtbot.waitUntil(lambda: not panel.running)
    states = {s.name: s.status for s in panel.states()}
    assert states == {"a.pdf": "cancelled", "b.pdf": "ready", "c.pdf": "cancelled",
                      "d.pdf": "ready"}
    rows = {r.state.name: r for r in panel.rows()}
    assert QApplication.focusWidget() is rows["a.pdf"].buttons["retry"]  # not on Remove
    assert rows["a.pdf"].status.text().startswith("Cancelled")
    assert rows["a.pdf"].buttons["retry"].isVisible()
    assert rows["a.pdf"].status.property("failed") is False  # cancelled, not failed
    assert panel.retry_all_button.isVisible() and panel.clear_button.isVisible()
    qtbot.mouseClick(panel.retry_all_button, Qt.MouseButton.LeftButton)
    for name in ("a.pdf", "c.pdf"):
        _wait_status(qtbot, panel, name, "ready")
    assert not panel.retry_all_button.isVisible()


def test_clear_finished_takes_failed_and_cancelled_rows_away(
    qtbot, make_window, fake_engine, tmp_path
) -> None:
    window = make_window(fake_engine)
    panel = window.knowledge
    _files(tmp_path / "docs", "good.pdf", "bad.pdf")
    panel.add_paths([str(tmp_path / "docs")])
    _wait_status(qtbot, panel, "bad.pdf", "failed")
    _wait_status(qtbot, panel, "good.pdf", "ready")
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [s.name for s in panel.states()] == ["good.pdf"])
    assert not panel.clear_button.isVisible()
