"""Settings that take effect, over the fake engine: the engine's fit verdict in the dialog, and
a new embedding model re-embedding as a long job with progress, Cancel, Continue and resume."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from desktop.formatting import human_bytes
from engine.errors import ModelError
from engine.llm import defaults
from engine.types import FitVerdict, SourceStatus
from tests.gui.fakes import FakeEngine, Reply

OTHER_MODEL = "/models/other-embedder"


def _dialog_with_model(qtbot, window, tmp_path):
    model = tmp_path / "other.gguf"
    model.write_bytes(b"GGUF" + b"\0" * 4096)
    window.open_settings()
    dialog = window.settings_dialog
    dialog.context_size.setValue(4096)
    with qtbot.waitSignal(dialog.fit_checked, timeout=5_000):
        dialog.model_path.setText(str(model))
        dialog.check_model()
    return dialog


def test_fit_label_shows_the_engines_verdict(qtbot, make_window, fake_engine, tmp_path) -> None:
    window = make_window(fake_engine)
    dialog = _dialog_with_model(qtbot, window, tmp_path)
    info = fake_engine.models.inspect(dialog.model_path.text())
    needed = defaults.memory_needed(info, 4096)
    expected = {
        FitVerdict.FITS: ("Fits in memory", needed * 2),
        FitVerdict.TIGHT: ("Fits, but only just", int(needed / 0.9)),
        FitVerdict.WONT_FIT: ("Won't fit in the memory available now", needed // 2),
    }
    for verdict, (opening, free) in expected.items():
        fake_engine.models.free_memory = free
        with qtbot.waitSignal(dialog.fit_checked, timeout=5_000) as checked:
            dialog.context_size.setValue(2048)
            dialog.context_size.setValue(4096)
        fit = checked.args[0]
        assert fit == defaults.fit(info, 4096, free_bytes=free) and fit.verdict is verdict
        text = dialog.model_fit.text()
        assert text.startswith(opening), text
        assert human_bytes(fit.needed) in text and human_bytes(free) in text
        assert dialog.model_fit.property("verdict") == verdict.name.lower()
    with qtbot.waitSignal(dialog.fit_checked, timeout=5_000) as checked:
        dialog.context_size.setValue(1024)
    assert checked.args[0].context_size == 1024 and "1024 tokens" in dialog.model_fit.text()
    dialog.reject()


def _ready_source(engine: FakeEngine, tmp_path, pages: int) -> None:
    book = tmp_path / "book.pdf"
    book.write_bytes(b"%PDF")
    engine.pages_for = lambda _p: pages
    engine.knowledge.add_sources([book])


def test_a_new_embedding_folder_reembeds_with_progress_cancel_and_continue(
    qtbot, make_window, tmp_path, screenshot
) -> None:
    engine = FakeEngine(page_delay=0.02)
    _ready_source(engine, tmp_path, pages=40)  # 120 passages to re-embed
    window = make_window(engine)
    bar = window.knowledge.switch
    assert not bar.isVisible()
    window.open_settings()
    dialog = window.settings_dialog
    dialog.embedding_model.setText(OTHER_MODEL)
    with qtbot.waitSignal(dialog.embedding_model_changed, timeout=5_000) as changed:
        dialog.save()
    assert changed.args == [OTHER_MODEL]
    assert engine.settings().knowledge.embedding_model == ""  # saved only once re-embedded
    qtbot.waitUntil(lambda: "of 120 passages" in bar.message.text(), timeout=5_000)
    assert bar.isVisible() and bar.progress.isVisible() and bar.cancel_button.isVisible()
    screenshot(window, "7-embedding-switch")
    engine.replies.append(Reply("Answers keep coming."))
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000) as answered:
        window.chat.send("still there?")
    assert answered.args[0] == "Answers keep coming." and bar.running
    with qtbot.waitSignal(bar.state_changed, timeout=5_000) as paused:
        qtbot.mouseClick(bar.cancel_button, Qt.MouseButton.LeftButton)
    assert paused.args == ["paused"]
    assert bar.continue_button.isVisible() and not bar.cancel_button.isVisible()
    assert "paused" in bar.message.text()
    status = engine.knowledge.embedding_status()
    assert status.pending_folder == OTHER_MODEL and 0 < status.done < status.total
    assert engine.settings().knowledge.embedding_model == ""
    engine.page_delay = 0.001
    with qtbot.waitSignal(bar.finished, timeout=10_000):
        qtbot.mouseClick(bar.continue_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    assert engine.settings().knowledge.embedding_model == OTHER_MODEL
    assert engine.knowledge.embedding_status().active_folder == OTHER_MODEL
    switches = [c for c in engine.calls if c[0] == "switch_embedding_model"]
    assert switches == [("switch_embedding_model", (OTHER_MODEL,))] * 2


def test_a_switch_left_unfinished_resumes_at_start(qtbot, make_window, tmp_path) -> None:
    engine = FakeEngine()
    _ready_source(engine, tmp_path, pages=3)
    engine.knowledge.pending_folder, engine.knowledge.reembedded = OTHER_MODEL, 4
    engine.gate = threading.Event()
    window = make_window(engine)
    bar = window.knowledge.switch
    qtbot.waitUntil(lambda: bar.running and bar.isVisible(), timeout=5_000)
    with qtbot.waitSignal(bar.finished, timeout=10_000):
        engine.gate.set()
    assert engine.knowledge.embedding_status().pending_folder is None
    assert engine.settings().knowledge.embedding_model == OTHER_MODEL
    assert [s.status for s in engine.knowledge.list_sources()] == [SourceStatus.READY]


def test_a_failed_switch_is_shown_and_clears_the_bar(qtbot, make_window, tmp_path) -> None:
    engine = FakeEngine()
    _ready_source(engine, tmp_path, pages=2)
    window = make_window(engine)
    bar = window.knowledge.switch

    def refuse(folder: str, progress=None, cancel=None):
        raise ModelError(f"{folder} is not an embedding model folder.", hint="Pick another.")

    engine.knowledge.switch_embedding_model = refuse  # type: ignore[method-assign]
    with qtbot.waitSignal(window.error_banner.shown, timeout=5_000) as shown:
        bar.start("/not/a/model")
    assert shown.args == ["/not/a/model is not an embedding model folder."]
    assert not bar.isVisible() and not bar.running
