"""The real window over the real engine: a dropped recording is transcribed (Whisper tiny.en),
and its citation opens the built-in player at the second the words are said.

The recording is a real spoken LibriSpeech clip after 20 s of silence, so the cited second is
not zero. The citation is the one the engine's search gives for the clip's words, clicked as a
chip is (the chat view's `citation_clicked`); answering with the chat model is the CLI test's
(tests/integration/grounding/test_recording_answers.py).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from engine.api import Engine
from engine.types import Citation, SourceStatus
from tests.gui.test_knowledge_behaviour import drop
from tests.media import joined_talk

pytestmark = pytest.mark.slow
INDEX_MS = 300_000


def test_a_cited_recording_plays_from_its_second(
    qtbot, make_window, engine: Engine, shared_data: Path, tmp_path: Path
) -> None:
    settings = engine.settings()
    engine.update_settings(replace(settings, speech=replace(settings.speech, language="en")))
    talk = tmp_path / "talk.wav"
    (said_from,) = joined_talk([shared_data / "audio" / "librispeech-1995-1837-0001.wav"], talk,
                               pause_s=20.0)
    window = make_window(engine)
    drop(window, [QUrl.fromLocalFile(str(talk))])
    panel = window.knowledge
    qtbot.waitUntil(lambda: [s.status for s in panel.states()] == [SourceStatus.READY],
                    timeout=INDEX_MS)
    hit, *_ = engine.knowledge.search("the loss of the cotton")
    at = hit.location
    assert at.path == str(talk) and at.start_s is not None and at.end_s is not None
    assert said_from - 1.5 <= at.start_s < at.end_s <= said_from + 10.5
    window.chat.view.citation_clicked.emit(Citation(n=1, location=at, quote=hit.text))
    qtbot.waitUntil(lambda: window.player is not None and window.player.isVisible())
    player = window.player
    assert player is not None
    qtbot.waitUntil(lambda: player.position_s() >= at.start_s, timeout=10_000)
    assert player.position_s() < at.end_s
    assert player.slider.span == (round(at.start_s * 1000), round(at.end_s * 1000))
    assert player.path == str(talk)
