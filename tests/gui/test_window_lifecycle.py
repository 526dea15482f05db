"""Settings, window state, crashes and closing during work, over the fake engine."""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import errors
from desktop.settings.settings_dialog import SettingsDialog
from tests.gui.fakes import FakeEngine, Reply


def test_settings_dialog_edits_and_saves_through_the_engine(
    qtbot, make_window, fake_engine, tmp_path
) -> None:
    window = make_window(fake_engine)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    model = tmp_path / "other.gguf"
    model.write_bytes(b"GGUF" + b"\0" * 4096)
    with qtbot.waitSignal(dialog.fit_checked, timeout=5_000):
        dialog.model_path.setText(str(model))
        dialog.check_model()
    assert "Fake 1B" in dialog.model_info.text()
    assert dialog.model_fit.text().startswith("Fits in memory")
    dialog.temperature.setValue(0.7)
    dialog.retrieval_k.setValue(9)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )
    saved = fake_engine.settings()
    assert saved.sampling.temperature == 0.7 and saved.knowledge.top_k == 9
    assert saved.model.path == str(model) and saved.ui.language == "zh_CN"
    qtbot.waitUntil(lambda: window.settings_dialog is None)


def test_a_bad_model_file_is_reported_in_the_dialog(qtbot, make_window, fake_engine) -> None:
    window = make_window(fake_engine)
    window.open_settings()
    dialog = window.settings_dialog
    with qtbot.waitSignal(dialog.model_checked, timeout=5_000):
        dialog.model_path.setText("/nowhere/model.gguf")
        dialog.check_model()
    assert "does not exist" in dialog.model_info.text()
    dialog.reject()


def test_window_geometry_and_splitter_persist_apart_from_settings(
    qtbot, make_window, fake_engine, lanthorn_home
) -> None:
    window = make_window(fake_engine)
    window.resize(760, 560)  # within the offscreen screen (800 x 600)
    window.splitter.setSizes([300, 400, 300])
    sizes = window.splitter.sizes()
    with qtbot.waitSignal(window.closed, timeout=5_000):
        window.close()
    assert (lanthorn_home / "window-state.ini").exists()
    again = make_window(FakeEngine())
    assert again.size().width() == 760 and again.splitter.sizes() == sizes


def test_closing_during_work_cancels_and_keeps_what_was_said(qtbot, make_window, tmp_path) -> None:
    engine = FakeEngine(token_delay=0.02, page_delay=0.05)
    engine.pages_for = lambda _p: 500
    engine.replies.append(Reply(" ".join(f"w{i}" for i in range(1000))))
    window = make_window(engine)
    book = tmp_path / "book.pdf"
    book.write_bytes(b"%PDF")
    window.knowledge.add_paths([str(book)])
    window.chat.send("long please")
    qtbot.waitUntil(lambda: "w3" in window.chat.view.messages()[-1].entry.text)
    with qtbot.waitSignal(window.closed, timeout=10_000):
        window.close()
    assert not window.isVisible()
    stored = engine.conversations.list_messages(engine.conversations.list_recent()[0].id)
    assert stored[-1].text.startswith("w0 w1 w2 w3")
    assert engine.knowledge.list_sources()[0].status.value == "queued"  # to go on next start
    engine.page_delay = 0.0
    again = make_window(engine)
    qtbot.waitUntil(lambda: [s.status for s in again.knowledge.states()] == ["ready"],
                    timeout=10_000)


def test_uncaught_exception_logs_a_report_and_shows_the_crash_dialog(qtbot, lanthorn_home) -> None:
    try:
        raise KeyError("surprise")
    except KeyError:
        kind, exc, tb = sys.exc_info()
    errors.handle_uncaught(kind, exc, tb)
    reports = list((lanthorn_home / "logs").glob("crash-*.txt"))
    assert len(reports) == 1 and "KeyError: 'surprise'" in reports[0].read_text()
    box = next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "crashDialog"
    )
    assert box.isVisible() and "KeyError" in box.text() and "Traceback" not in box.text()
    assert str(reports[0]) in box.informativeText()
    box.close()


def test_worker_thread_exceptions_reach_the_log(lanthorn_home, monkeypatch) -> None:
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    restore = errors.install_crash_handler()
    thread = threading.Thread(target=lambda: 1 / 0)
    thread.start()
    thread.join()
    restore()
    reports = list((lanthorn_home / "logs").glob("crash-*.txt"))
    assert reports and "ZeroDivisionError" in reports[0].read_text()
