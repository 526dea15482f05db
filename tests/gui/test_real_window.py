"""The real window over the real engine and tiny models (SmolLM2, MiniLM, real PDFs).

These are the issue's "Done means": a streamed answer, stop, a dropped PDF going to ready, a
citation chip opening the viewer at the cited page, settings surviving a restart, and a Chinese
system getting a Chinese UI. Each test saves screenshots of the states it reaches.
"""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication

from desktop import app as desktop_app
from desktop.main_window import MainWindow
from engine.api import Engine
from engine.types import Role
from tests.gui.test_knowledge_behaviour import drop

pytestmark = pytest.mark.slow
ANSWER_MS = 180_000


def test_typed_question_streams_an_answer(qtbot, make_window, engine: Engine, screenshot) -> None:
    window = make_window(engine, warm_up=True)
    screenshot(window, "1-empty")
    question = window.chat.composer.question
    qtbot.keyClicks(question, "What is the capital of France?")
    batches: list[int] = []
    window.chat.speed_changed.connect(lambda _s: batches.append(1))
    with qtbot.waitSignal(window.chat.answer_finished, timeout=ANSWER_MS) as finished:
        qtbot.keyClick(question, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(window.chat.view.messages()[-1].entry.text) > 10, timeout=ANSWER_MS)
        screenshot(window, "2-answering")
    answer = finished.args[0]
    assert "Paris" in answer
    assert len(batches) >= 2  # it streamed: several renders, not one
    assert "Paris" in window.chat.view.messages()[-1].body.toPlainText()
    assert "tokens/s" in window.speed_label.text()
    stored = engine.list_messages(engine.list_conversations()[0].id)
    assert [m.role for m in stored] == [Role.USER, Role.ASSISTANT]


def test_stop_mid_answer_keeps_what_came(qtbot, make_window, engine: Engine) -> None:
    window = make_window(engine)
    question = window.chat.composer.question
    question.setPlainText("Write a long story about a lighthouse keeper, in many paragraphs.")
    with qtbot.waitSignal(window.chat.answer_finished, timeout=ANSWER_MS) as finished:
        window.chat.composer.submit()
        qtbot.waitUntil(lambda: len(window.chat.view.messages()[-1].entry.text) > 120,
                        timeout=ANSWER_MS)
        qtbot.keyClick(question, Qt.Key.Key_Escape)
    partial = finished.args[0]
    assert partial.strip()
    stored = engine.list_messages(engine.list_conversations()[0].id)
    assert stored[-1].role == Role.ASSISTANT and stored[-1].text.strip() == partial.strip()
    assert stored[-1].completion_tokens < engine.settings().sampling.max_tokens


def test_dropped_pdf_is_indexed_cited_and_opened(qtbot, make_window, engine: Engine,
                                                 shared_data, screenshot) -> None:
    pdf = shared_data / "pdf" / "qa" / "good.pdf"
    window = make_window(engine)
    drop(window, [QUrl.fromLocalFile(str(pdf))])
    panel = window.knowledge
    qtbot.waitUntil(lambda: any(s.status == "ready" for s in panel.states()), timeout=ANSWER_MS)
    row = next(iter(panel._rows.values()))
    assert row.state.pages == 13 and row.state.chunks > 0
    assert row.buttons["summarize"].isVisible() and row.buttons["open"].isVisible()
    screenshot(window, "3-with-sources")
    with qtbot.waitSignal(window.chat.answer_finished, timeout=ANSWER_MS):
        window.chat.send("What is the dimension of the passage vectors in dense passage retrieval?")
    answer = window.chat.view.messages()[-1]
    chips = answer.chip_buttons()
    assert chips, f"no citation in {answer.entry.text!r}"
    citation = answer.entry.citations[0]
    assert chips[0].text().startswith(f"[{citation.n}] good.pdf p.{citation.page}")
    screenshot(window, "3b-cited-answer")
    qtbot.mouseClick(chips[0], Qt.MouseButton.LeftButton)
    viewer = window.viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.current_page == citation.page
    assert viewer.highlighted_text()  # the quoted passage is lit on that page
    screenshot(viewer, "5-pdf-viewer")


def test_a_changed_setting_survives_a_restart(qtbot, make_window, lanthorn_home,
                                              screenshot) -> None:
    first = Engine()
    window = make_window(first)
    window.open_settings()
    dialog = window.settings_dialog
    qtbot.waitUntil(lambda: "Smollm2" in dialog.model_info.text() or "SmolLM2" in
                    dialog.model_info.text(), timeout=10_000)
    dialog.tabs.setCurrentIndex(0)
    screenshot(dialog, "4-settings")
    dialog.temperature.setValue(0.55)
    dialog.retrieval_k.setValue(4)
    dialog.system_prompt.setPlainText("Answer like a lighthouse keeper.")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    with qtbot.waitSignal(window.closed, timeout=10_000):
        window.close()
    first.close()
    second = Engine()
    try:
        again = make_window(second)
        again.open_settings()
        restored = again.settings_dialog
        assert restored.temperature.value() == pytest.approx(0.55)
        assert restored.retrieval_k.value() == 4
        assert restored.system_prompt.toPlainText() == "Answer like a lighthouse keeper."
        assert dataclasses.asdict(second.settings()) != dataclasses.asdict(type(second.settings())())
        restored.reject()
        with qtbot.waitSignal(again.closed, timeout=10_000):
            again.close()
    finally:
        second.close()


def test_a_chinese_system_starts_a_chinese_ui(qtbot, monkeypatch, lanthorn_home,
                                              screenshot) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    seen: dict[str, object] = {}

    def inspect_then_close() -> None:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        if not window.isVisible() or "模型：…" == window.model_label.text():
            QTimer.singleShot(100, inspect_then_close)
            return
        seen["menus"] = [a.text() for a in window.menuBar().actions()]
        seen["send"] = window.chat.composer.send_button.text()
        seen["model"] = window.model_label.text()
        screenshot(window, "6-chinese-ui")
        window.close()

    QTimer.singleShot(200, inspect_then_close)
    assert desktop_app.main(["lanthorn-desktop"]) == 0  # the real entry point, real engine
    assert seen["menus"] == ["文件(&F)", "对话(&C)", "视图(&V)", "帮助(&H)"]
    assert seen["send"] == "发送"
    assert str(seen["model"]).startswith("模型：")
    assert (lanthorn_home / "logs" / "lanthorn-desktop.log").exists()
