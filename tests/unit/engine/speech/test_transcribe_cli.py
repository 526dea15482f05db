"""`lanthorn transcribe`'s progress lines and JSON, from engine values."""

from __future__ import annotations

import json

from engine.cli.transcribe_cmds import describe, transcript_json
from engine.types import Progress, Transcript, TranscriptSegment


def test_progress_lines() -> None:
    assert describe(Progress(done=0, total=None, stage="reading", item="talk.mp3")) == (
        "reading talk.mp3"
    )
    assert describe(
        Progress(done=40, total=95, stage="transcribing", item="talk.mp3", eta_s=72.4)
    ) == "transcribing talk.mp3: 40 of 95 s, about 1 min 12 s left"
    assert describe(
        Progress(done=95, total=95, stage="transcribing", item="talk.mp3", eta_s=0.0)
    ) == "transcribing talk.mp3: 95 of 95 s"


def test_json_of_a_chinese_transcript() -> None:
    transcript = Transcript(
        language="zh",
        segments=(
            TranscriptSegment(start_s=0.11, end_s=2.0, text="广州市"),
            TranscriptSegment(start_s=2.0, end_s=3.91, text="房地产"),
        ),
        duration_s=4.28125,
        model="base",
        language_probability=0.99693,
    )
    out = json.loads(json.dumps(transcript_json("q.wav", transcript), ensure_ascii=False))
    assert out == {
        "file": "q.wav",
        "language": "zh",
        "language_probability": 0.997,
        "duration_s": 4.281,
        "model": "base",
        "heard_speech": True,
        "text": "广州市房地产",
        "segments": [
            {"start_s": 0.11, "end_s": 2.0, "text": "广州市"},
            {"start_s": 2.0, "end_s": 3.91, "text": "房地产"},
        ],
    }
