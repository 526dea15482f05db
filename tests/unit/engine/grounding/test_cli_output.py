from __future__ import annotations

import pytest

from engine.cli.chat_cmds import citation_json, phase_line, stream_to_terminal, where
from engine.cli.summarize_cmds import describe, duration
from engine.types import AnswerDelta, AnswerPhase, Citation, Location, Progress


def test_sources_are_named_by_file_and_page() -> None:
    at = Location(3, "Dense Passage Retrieval", "/docs/good.pdf", page=3, start=10, end=17)
    c = Citation(n=1, location=at, quote="d = 768")
    assert where(c.location) == "good.pdf p. 3"
    assert citation_json(c) == {
        "n": 1, "source_id": 3, "title": "Dense Passage Retrieval", "path": "/docs/good.pdf",
        "page": 3, "quote": "d = 768", "start": 10, "end": 17, "start_s": None, "end_s": None,
        "url": None,
    }


def test_timed_sources_are_named_by_time() -> None:
    at = Location(4, "talk", "/v/talk.vtt", start=0, end=5, start_s=75.0, end_s=80.0)
    c = Citation(n=2, location=at, quote="hello")
    assert where(c.location) == "talk.vtt 1:15"
    assert citation_json(c)["start_s"] == 75.0


def test_progress_line_says_the_time_left() -> None:
    assert describe(Progress(3, 12, "summarizing", eta_s=80)) == (
        "summarizing: step 3 of 12, about 1 min 20 s left"
    )
    assert duration(44.6) == "45 s"
    assert describe(Progress(0, None)) == "working: step 0 of ?"


def test_phases_read_as_what_the_answer_waits_for() -> None:
    assert phase_line(AnswerDelta(phase=AnswerPhase.SEARCHING)) == "Searching your documents…"
    assert phase_line(AnswerDelta(phase=AnswerPhase.READING, passages=6)) == (
        "Reading 6 passages…"
    )
    assert phase_line(AnswerDelta(phase=AnswerPhase.WRITING)) == ""
    assert phase_line(AnswerDelta(text="Hi")) == ""


def test_piped_output_is_only_the_answer(capsys: pytest.CaptureFixture[str]) -> None:
    deltas = [AnswerDelta(phase=AnswerPhase.SEARCHING), AnswerDelta(text="Hi."),
              AnswerDelta(done=True, finish_reason="stop")]
    text, final = stream_to_terminal(deltas, echo=True)
    assert text == "Hi." and final.finish_reason == "stop"
    assert capsys.readouterr() == ("Hi.\n", "")
