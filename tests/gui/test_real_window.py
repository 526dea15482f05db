"""The real window over the real engine and tiny models (SmolLM2, MiniLM, real PDFs).

These are the issue's "Done means": a streamed answer, stop, a dropped PDF going to ready, a
citation chip opening the viewer at the cited page, settings surviving a restart, and a Chinese
system getting a Chinese UI. Each test saves screenshots of the states it reaches.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt, QUrl

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
    window.chat.answer_grew.connect(batches.append)
    with qtbot.waitSignal(window.chat.answer_finished, timeout=ANSWER_MS) as finished:
        qtbot.keyClick(question, Qt.Key.Key_Return)
        qtbot.waitUntil(
            lambda: len(window.chat.view.messages()[-1].entry.text) > 10, timeout=ANSWER_MS
        )
        screenshot(window, "2-answering")
    answer = finished.args[0]
    assert "Paris" in answer
    assert len(batches) >= 2 and batches == sorted(batches)  # it streamed: several renders
    assert "Paris" in window.chat.view.messages()[-1].body.toPlainText()
    assert "tokens/s" in window.speed_label.text()
    stored = engine.conversations.list_messages(engine.conversations.list_recent()[0].id)
    assert [m.role for m in stored] == [Role.USER, Role.ASSISTANT]


def test_stop_mid_answer_keeps_what_came(qtbot, make_window, engine: Engine) -> None:
    window = make_window(engine)
    question = window.chat.composer.question
    question.setPlainText("Write a long story about a lighthouse keeper, in many paragraphs.")
    with qtbot.waitSignal(window.chat.answer_finished, timeout=ANSWER_MS) as finished:
        window.chat.composer.submit()
        qtbot.waitUntil(
            lambda: len(window.chat.view.messages()[-1].entry.text) > 120, timeout=ANSWER_MS
        )
        qtbot.keyClick(question, Qt.Key.Key_Escape)
    partial = finished.args[0]
    assert partial.strip()
    stored = engine.conversations.list_messages(engine.conversations.list_recent()[0].id)
    assert stored[-1].role == Role.ASSISTANT and stored[-1].text.strip() == partial.strip()
    assert stored[-1].completion_tokens < engine.settings().sampling.max_tokens


def test_dropped_pdf_is_indexed_cited_and_opened(
    qtbot, make_window, engine: Engine, shared_data, screenshot
) -> None:
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
    assert chips[0].text().startswith(f"[{citation.n}] good.pdf p.{citation.location.page}")
    screenshot(window, "3b-cited-answer")
    qtbot.mouseClick(chips[0], Qt.MouseButton.LeftButton)
    viewer = window.viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.current_page == citation.location.page
    assert viewer.highlighted_text()  # the quoted passage is lit on that page
    screenshot(viewer, "5-pdf-viewer")


def test_a_changed_setting_survives_a_restart(
    qtbot, make_window, lanthorn_home, screenshot
) -> None:
    first = Engine()
    window = make_window(first)
    window.open_settings()
    dialog = window.settings_dialog
    qtbot.waitUntil(
        lambda: "Smollm2" in dialog.model_info.text() or "SmolLM2" in dialog.model_info.text(),
        timeout=10_000,
    )
    dialog.tabs.setCurrentIndex(0)
    screenshot(dialog, "4-settings")
    dialog.temperature.setValue(0.55)
    dialog.retrieval_k.setValue(4)
    assert dialog.relevance_floor.text() == "Automatic"  # 0 is the tuned floor, not "none"
    dialog.relevance_floor.setValue(0.5)
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
        assert restored.relevance_floor.value() == pytest.approx(0.5)
        assert restored.system_prompt.toPlainText() == "Answer like a lighthouse keeper."
        assert dataclasses.asdict(second.settings()) != dataclasses.asdict(
            type(second.settings())()
        )
        restored.reject()
        with qtbot.waitSignal(again.closed, timeout=10_000):
            again.close()
    finally:
        second.close()


def test_a_chinese_system_starts_a_chinese_ui(lanthorn_home, screenshot_dir) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update(LANG="zh_CN.UTF-8", QT_QPA_PLATFORM="offscreen", LANTHORN_HOME=str(lanthorn_home))
    picture = screenshot_dir / "6-chinese-ui.png"
    done = subprocess.run(
        [sys.executable, "-m", "desktop.app", "--snapshot", str(picture)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    texts = json.loads(picture.with_suffix(".json").read_text(encoding="utf-8"))
    assert texts["language"] == "zh_CN"
    assert texts["menus"] == ["文件(&F)", "对话(&C)", "视图(&V)", "帮助(&H)"]
    assert texts["send"] == "发送"
    assert texts["model"].startswith("模型：") and texts["model"] != "模型：…"
    assert (lanthorn_home / "logs" / "lanthorn-desktop.log").exists()
    assert "Traceback" not in done.stderr
