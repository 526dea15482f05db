"""The transcription loop through the real seam with a fake model: progress, cancel, errors."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from engine.cancel import CancelToken
from engine.errors import Cancelled, GenerationError
from engine.speech import transcriber
from engine.speech.audio import decode_file
from engine.speech.transcriber import Job
from engine.types import Progress, SpeechModel
from tests.unit.engine.speech.fakes import FakeWhisper

MODEL = SpeechModel(name="fake", folder="/models/fake", multilingual=True, bundled=False)
TEN_S = np.zeros(160_000, dtype=np.float32)
SCRIPT = [(0.0, 3.5, " Ask not"), (3.5, 7.25, " what your country"), (7.25, 10.0, " can do.")]


def _job(language: str = "en", conversion: str = "t2s") -> Job:
    return Job(audio=TEN_S, language=language, conversion=conversion, item="speech.wav")


@pytest.fixture(scope="module")
def spoken(shared_data: Path) -> np.ndarray:
    """Real speech: language detection only runs where the VAD hears some."""
    return decode_file(shared_data / "audio" / "aishell-BAC009S0724W0121.wav")


def test_segments_text_and_options() -> None:
    whisper = FakeWhisper(SCRIPT)
    transcript = transcriber.transcribe(lambda: whisper, MODEL, _job())
    assert [s.text for s in transcript.segments] == ["Ask not", "what your country", "can do."]
    assert transcript.segments[1].start_s == 3.5 and transcript.segments[1].end_s == 7.25
    assert transcript.text == "Ask not what your country can do."
    assert (transcript.duration_s, transcript.model, transcript.language) == (10.0, "fake", "en")
    assert whisper.calls == [
        {"samples": 160_000, "language": "en", "beam_size": 5, "vad_filter": True}
    ]


def test_progress_counts_seconds_of_audio_with_an_estimate() -> None:
    seen: list[Progress] = []
    whisper = FakeWhisper(SCRIPT, window_s=0.01)
    transcriber.transcribe(lambda: whisper, MODEL, _job(), progress=seen.append)
    assert [(p.done, p.total) for p in seen] == [(0, 10), (3, 10), (7, 10), (10, 10)]
    assert {p.stage for p in seen} == {"transcribing"} and {p.item for p in seen} == {"speech.wav"}
    assert seen[0].eta_s is None
    assert all(p.eta_s is not None and p.eta_s >= 0 for p in seen[1:])
    assert seen[-1].eta_s == 0


@pytest.mark.serial
def test_a_cancel_returns_at_once_and_decoding_stops_after_the_window() -> None:
    whisper = FakeWhisper(SCRIPT, window_s=1.0)
    token = CancelToken()
    asked: list[float] = []

    def cancel() -> None:
        asked.append(time.monotonic())
        token.cancel()

    threading.Timer(0.2, cancel).start()
    with pytest.raises(Cancelled):
        transcriber.transcribe(lambda: whisper, MODEL, _job(), cancel=token)
    assert time.monotonic() - asked[0] < 2 * transcriber.POLL_S + 0.1
    assert whisper.finished.wait(5.0), "the helper thread kept decoding"
    assert whisper.windows_started == 1


def test_a_cancel_before_the_start_runs_nothing() -> None:
    whisper = FakeWhisper(SCRIPT)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        transcriber.transcribe(lambda: whisper, MODEL, _job(), cancel=token)
    assert whisper.calls == []


def test_a_model_failure_is_a_generation_error_fit_to_show() -> None:
    whisper = FakeWhisper(SCRIPT, fail_after=(1, RuntimeError("out of memory in the decoder")))
    with pytest.raises(GenerationError) as caught:
        transcriber.transcribe(lambda: whisper, MODEL, _job())
    assert "out of memory in the decoder" in str(caught.value)
    assert "RuntimeError" not in str(caught.value)


def test_a_bug_on_the_helper_thread_reaches_the_caller() -> None:
    whisper = FakeWhisper(SCRIPT, fail_after=(0, KeyError("segment")))
    with pytest.raises(KeyError):
        transcriber.transcribe(lambda: whisper, MODEL, _job())


@pytest.mark.parametrize(
    ("conversion", "heard", "written"),
    [("t2s", "廣州市房地產", "广州市房地产"), ("s2tw", "广州市房地产", "廣州市房地產")],
)
def test_chinese_comes_out_in_the_wanted_script(
    conversion: str, heard: str, written: str, spoken: np.ndarray
) -> None:
    whisper = FakeWhisper([(0.0, 2.0, heard), (2.0, 4.0, "，中介協會")], language="zh")
    job = Job(audio=spoken, language="", conversion=conversion)
    transcript = transcriber.transcribe(lambda: whisper, MODEL, job)
    assert transcript.language == "zh" and transcript.language_probability == 0.875
    assert transcript.segments[0].text == written
    assert transcript.text.startswith(written + "，中介")  # no space between Chinese segments


def test_other_languages_are_left_as_written(spoken: np.ndarray) -> None:
    whisper = FakeWhisper([(0.0, 2.0, " 広い部屋")], language="ja")
    transcript = transcriber.transcribe(lambda: whisper, MODEL, Job(audio=spoken, language=""))
    assert transcript.text == "広い部屋"


def test_nothing_heard_is_a_result_without_a_language_guess(spoken: np.ndarray) -> None:
    whisper = FakeWhisper([(0.0, 1.0, "   ")], language="en")
    transcript = transcriber.transcribe(lambda: whisper, MODEL, Job(audio=spoken, language=""))
    assert not transcript.heard_speech and transcript.text == ""
    assert (transcript.language, transcript.language_probability) == ("", 0.0)
    assert transcript.duration_s == pytest.approx(4.28, abs=0.01)


def test_silence_skips_language_detection_and_never_loads_the_model() -> None:
    loads: list[str] = []
    seen: list[Progress] = []

    def load() -> FakeWhisper:
        loads.append("loaded")
        return FakeWhisper(SCRIPT)

    transcript = transcriber.transcribe(load, MODEL, _job(language=""), progress=seen.append)
    assert not transcript.heard_speech and loads == []
    assert [(p.done, p.total) for p in seen] == [(10, 10)]


def test_silence_in_a_given_language_is_left_to_whispers_own_vad() -> None:
    whisper = FakeWhisper([])
    transcript = transcriber.transcribe(lambda: whisper, MODEL, _job(language="en"))
    assert not transcript.heard_speech and transcript.language == "en"
    assert whisper.calls[0]["vad_filter"] is True


def test_no_samples_at_all_never_reach_the_model() -> None:
    whisper = FakeWhisper(SCRIPT)
    empty = Job(audio=np.zeros(0, np.float32), language="en")
    transcript = transcriber.transcribe(lambda: whisper, MODEL, empty)
    assert not transcript.heard_speech and whisper.calls == []


def test_long_audio_goes_straight_to_whisper_and_silence_still_has_no_language() -> None:
    whisper = FakeWhisper([], language="en")
    long_silence = np.zeros((transcriber.PRECHECK_S + 1) * 16_000, dtype=np.float32)
    transcript = transcriber.transcribe(lambda: whisper, MODEL, Job(audio=long_silence,
                                                                    language=""))
    assert len(whisper.calls) == 1 and whisper.calls[0]["language"] is None
    assert not transcript.heard_speech and transcript.language == ""
