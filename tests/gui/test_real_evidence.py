"""Evidence first in the real window, over the real engine (SmolLM2, MiniLM, good.pdf): the
sentence that answers is shown above the answer before its first word, its chip opens the
viewer on the quote, and a restart shows it again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from engine.api import Engine

pytestmark = pytest.mark.slow
ANSWER_MS = 240_000
QUESTION = "How many passages does the Wikipedia corpus contain after splitting?"


def test_evidence_comes_first_opens_the_viewer_and_survives_a_restart(
    qtbot, make_window, engine: Engine, restart, shared_data: Path
) -> None:
    engine.knowledge.add_sources([shared_data / "pdf" / "qa" / "good.pdf"])
    window = make_window(engine)
    qtbot.waitUntil(lambda: [s.status for s in window.knowledge.states()] == ["ready"],
                    timeout=ANSWER_MS)
    at_first_word: list[int] = []
    window.chat.answer_grew.connect(
        lambda _: at_first_word.append(len(window.chat.view.messages()[-1].evidence_chips()))
    )
    with qtbot.waitSignal(window.chat.answer_finished, timeout=ANSWER_MS):
        window.chat.send(QUESTION)
    assert at_first_word and at_first_word[0] >= 1  # shown before the answer's first word
    answer = window.chat.view.messages()[-1]
    quotes = [q.text() for q in answer.evidence_box.findChildren(type(answer.who))
              if q.objectName() == "evidenceQuote"]
    holding = next(i for i, q in enumerate(quotes) if "21,015,324" in q)
    chip, shown = answer.evidence_chips()[holding], answer.entry.evidence[holding]
    assert chip.text() == f"good.pdf p.{shown.location.page}"
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    viewer = window.viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.current_page == shown.location.page == 4
    assert viewer.highlighted_text()  # the evidence sentence is lit on its page

    engine, window = restart(window, engine)
    qtbot.waitUntil(lambda: len(window.chat.view.messages()) == 2, timeout=10_000)
    reopened = window.chat.view.messages()[-1]
    assert reopened.entry.evidence == answer.entry.evidence
    assert reopened.evidence_box.isVisible() and len(reopened.evidence_chips()) >= 1
