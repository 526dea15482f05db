"""The real window over the real engine: a dropped subtitle file is cited to the second.

A real SubRip talk (tests/talk.py) is dropped on the window, indexed by the real engine
(webvtt-py, MiniLM, FAISS, SQLite), asked about with SmolLM2 (fixed seed), and the answer's
citation chip reads `talk.srt m:ss` with the time the quoted words are said. The chip is the
same after a restart, from what the engine stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from engine.api import Engine
from engine.types import clock
from tests.gui.test_knowledge_behaviour import drop
from tests.talk import FACT, QUESTION, TRANSCRIPT, span, write_srt

pytestmark = pytest.mark.slow
ANSWER_MS = 420_000


@pytest.fixture
def engines(lanthorn_home: Path, onnx_cache: Path) -> Iterator[Callable[[], Engine]]:
    """Make real engines (closed after the windows over them are), sharing the session's int8
    embedder export instead of exporting it again."""
    link = lanthorn_home / "models" / "onnx"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(onnx_cache, target_is_directory=True)
    made: list[Engine] = []

    def make() -> Engine:
        made.append(Engine())
        return made[-1]

    yield make
    for engine in made:
        engine.close()


def _chip_checks(window) -> int:  # type: ignore[no-untyped-def]
    """Check the last answer's chips read `[n] talk.srt m:ss`; return its conversation id."""
    answer = window.chat.view.messages()[-1]
    chips = answer.chip_buttons()
    assert chips, f"no citation in {answer.entry.text!r}"
    for chip, citation in zip(chips, answer.entry.citations, strict=True):
        at = citation.location
        assert at.start_s is not None and at.end_s is not None and at.page is None
        assert chip.text() == f"[{citation.n}] talk.srt {clock(at.start_s)}"
        assert re.fullmatch(r"\[\d+\] talk\.srt \d+:\d\d", chip.text())
        said_from, said_to = span(at.start, at.end)
        assert TRANSCRIPT[at.start : at.end] == citation.quote
        assert at.start_s <= said_from and said_to <= at.end_s <= at.start_s + 30
    cited = next(c for c in answer.entry.citations if "Agnes Pettigrew" in c.quote)
    assert cited.location.start_s <= FACT.start_s < cited.location.end_s
    return int(window.chat.conversation_id)


@pytest.mark.timeout(900)  # two answers' worth of model loading on a busy 2-core machine
def test_a_dropped_subtitle_file_is_cited_to_the_second(
    engines, qtbot, make_window, tmp_path: Path, screenshot
) -> None:
    talk = write_srt(tmp_path / "talk.srt")
    first = engines()
    defaults = first.settings()
    first.update_settings(replace(  # a fixed seed, as the grounding tests use: answers repeat
        defaults, sampling=replace(defaults.sampling, seed=11, max_tokens=120)
    ))
    window = make_window(first)
    drop(window, [QUrl.fromLocalFile(str(talk))])
    panel = window.knowledge
    qtbot.waitUntil(lambda: any(s.status == "ready" for s in panel.states()), timeout=ANSWER_MS)
    (source,) = first.knowledge.list_sources()
    assert (source.kind, source.path) == ("subtitles", str(talk))
    with qtbot.waitSignal(window.chat.answer_finished, timeout=ANSWER_MS):
        window.chat.send(QUESTION)
    assert "Agnes Pettigrew" in window.chat.view.messages()[-1].entry.text
    conversation_id = _chip_checks(window)
    labels = [chip.text() for chip in window.chat.view.messages()[-1].chip_buttons()]
    screenshot(window, "7-timed-citation")
    with qtbot.waitSignal(window.closed, timeout=30_000):
        window.close()
    first.close()

    again = make_window(engines())
    again.chat.open_conversation(conversation_id)  # a no-op when the start reopened it already
    qtbot.waitUntil(lambda: again.chat.conversation_id == conversation_id
                    and len(again.chat.view.messages()) == 2, timeout=10_000)
    assert [c.text() for c in again.chat.view.messages()[-1].chip_buttons()] == labels
    _chip_checks(again)
