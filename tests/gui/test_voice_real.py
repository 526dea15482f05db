"""Voice questions through the real engine: recorded speech played through the capture pipeline
the microphone feeds (`FeedInput`: level meter, VAD, recorder), transcribed by the bundled
Whisper (tiny.en for an English UI, base for a Chinese one), the words landing in the box.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from desktop.i18n import Translations
from desktop.main_window import MainWindow
from desktop.speech.feed import FeedInput
from desktop.speech.recorder import TRAILING_SILENCE_S
from engine.api import Engine
from engine.speech import script
from tests.gui.voice_clips import clip, reference
from tests.integration.speech.scoring import cer, wer

# Not serial: the sound is fed in real time and the window's freeze check holds on one core of
# its own (each parallel worker has one) while the other core is kept busy.
pytestmark = pytest.mark.slow

WHISPER_S = 120_000  # ms: a cold model on a busy 2-core machine
# Where the real VAD hears Kennedy stop in jfk_then_3s_silence.wav (engine/speech/vad.py).
SPEECH_ENDS_S = 10.5
Stops = list[tuple[str, float]]


def _speech(engine: Engine, **changes: object) -> None:
    settings = engine.settings()
    speech = dataclasses.replace(settings.speech, **changes)
    engine.update_settings(dataclasses.replace(settings, speech=speech))


def _listening(qtbot, make_window, engine: Engine, source: FeedInput) -> tuple[MainWindow, Stops]:
    window: MainWindow = make_window(engine)
    window.chat.voice.set_audio_input(source)
    qtbot.waitUntil(window.chat.composer.mic_button.isEnabled, timeout=10_000)
    stops: Stops = []
    window.chat.voice.recording_stopped.connect(lambda r, s: stops.append((r, s)))
    return window, stops


def _fed(source: FeedInput) -> Callable[[], float]:
    return lambda: source.feeds[-1].seconds_sent if source.feeds else 0.0


class EventLoopWatch:
    """The longest the GUI thread went without running a 10 ms timer: how frozen it was."""

    def __init__(self) -> None:
        self.longest_s = 0.0
        self._last = time.monotonic()
        self._timer = QTimer(interval=10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest_s = max(self.longest_s, now - self._last)
        self._last = now

    def stop(self) -> None:
        self._timer.stop()


def test_a_spoken_question_lands_in_the_box(
    qtbot, make_window, engine: Engine, shared_data: Path, screenshot
) -> None:
    source = FeedInput(clip(shared_data, "jfk.wav"), speed=2.0)
    window, stops = _listening(qtbot, make_window, engine, source)
    mic, voice = window.chat.composer.mic_button, window.chat.voice
    levels: list[float] = []
    watch = EventLoopWatch()
    qtbot.mousePress(mic, Qt.MouseButton.LeftButton)  # held while Kennedy speaks
    qtbot.waitUntil(lambda: levels.append(mic.level) or _fed(source)() >= 5.0, timeout=20_000)
    screenshot(window, "voice-listening")
    qtbot.waitUntil(lambda: _fed(source)() >= SPEECH_ENDS_S + 0.1, timeout=20_000)
    with qtbot.waitSignal(voice.transcribed, timeout=WHISPER_S):
        qtbot.mouseRelease(mic, Qt.MouseButton.LeftButton)
    watch.stop()
    text = window.chat.composer.question.toPlainText()
    assert wer(reference(shared_data, "jfk.wav"), text) <= 0.1, text
    assert stops[0][0] == "released" and SPEECH_ENDS_S <= stops[0][1] < 11.0
    assert max(levels) > 0.5  # the meter followed the voice
    assert engine.speech.status("en").loaded  # warmed up by the first press
    assert engine.conversations.list_recent() == []  # in the box for editing, not sent
    assert watch.longest_s < 0.5, f"the window froze for {watch.longest_s:.2f} s"
    screenshot(window, "voice-transcribed")


def test_click_to_talk_stops_by_itself_after_the_speech(
    qtbot, make_window, engine: Engine, shared_data: Path
) -> None:
    source = FeedInput(clip(shared_data, "jfk_then_3s_silence.wav"), speed=1.0)  # real time
    window, stops = _listening(qtbot, make_window, engine, source)
    with qtbot.waitSignal(window.chat.voice.transcribed, timeout=WHISPER_S):
        qtbot.mouseClick(window.chat.composer.mic_button, Qt.MouseButton.LeftButton)
    reason, seconds = stops[0]
    assert reason == "silence"
    # It stops once 1.5 s have passed without speech: after Kennedy's last word, before the
    # recording's 14 s are over (checks come every 0.25 s of audio, on the I/O lane).
    assert SPEECH_ENDS_S + TRAILING_SILENCE_S <= seconds <= 13.0, seconds
    text = window.chat.composer.question.toPlainText()
    assert wer(reference(shared_data, "jfk_then_3s_silence.wav"), text) <= 0.1, text


def test_silence_is_not_caught_and_nothing_is_sent(
    qtbot, make_window, engine: Engine, shared_data: Path
) -> None:
    _speech(engine, send_at_once=True)
    source = FeedInput(clip(shared_data, "silence_2s.wav"), speed=1.0)
    window, stops = _listening(qtbot, make_window, engine, source)
    with qtbot.waitSignal(window.chat.voice.not_heard, timeout=WHISPER_S):
        qtbot.mouseClick(window.chat.composer.mic_button, Qt.MouseButton.LeftButton)
    note = window.chat.composer.voice_note
    assert note.isVisible() and note.text() == "Didn't catch that — try again."
    assert stops == [("ended", 2.0)]
    assert window.chat.composer.question.toPlainText() == ""
    assert engine.conversations.list_recent() == [] and not window.chat.busy
    assert not window.error_banner.isVisible()


def test_a_missing_model_folder_disables_the_mic(
    qtbot, make_window, engine: Engine, shared_data: Path, tmp_path: Path
) -> None:
    _speech(engine, model=str(tmp_path / "no-such-model"))
    window: MainWindow = make_window(engine)
    window.chat.voice.set_audio_input(FeedInput(clip(shared_data, "jfk.wav")))
    mic = window.chat.composer.mic_button
    qtbot.waitUntil(lambda: "There is no speech model folder" in mic.toolTip())
    assert not mic.isEnabled()


def test_a_damaged_model_is_told_and_disables_the_mic(
    qtbot, make_window, engine: Engine, shared_data: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "whisper-broken"
    broken.mkdir()
    (broken / "model.bin").write_bytes(b"\x00not a CTranslate2 model" * 100)
    (broken / "config.json").write_text("{}", encoding="utf-8")
    (broken / "tokenizer.json").write_text("{}", encoding="utf-8")
    (broken / "vocabulary.txt").write_text("a\n" * 51_864, encoding="utf-8")
    _speech(engine, model=str(broken))
    source = FeedInput(clip(shared_data, "jfk.wav"), speed=1.0)
    window, stops = _listening(qtbot, make_window, engine, source)
    mic = window.chat.composer.mic_button
    with qtbot.waitSignal(window.error_banner.shown, timeout=WHISPER_S) as shown:
        qtbot.mouseClick(mic, Qt.MouseButton.LeftButton)
    assert "cannot be loaded: its files look damaged" in shown.args[0]
    assert stops[0][0] == "cancelled"
    assert not mic.isEnabled() and "files look damaged" in mic.toolTip()
    assert window.chat.composer.question.toPlainText() == ""


@pytest.fixture
def chinese_ui(engine: Engine):
    """The UI in Simplified Chinese, in the settings too (Chinese is written in its script)."""
    translations = Translations()
    translations.install("zh_CN")
    settings = engine.settings()
    ui = dataclasses.replace(settings.ui, language="zh_CN")
    engine.update_settings(dataclasses.replace(settings, ui=ui))
    yield translations
    translations.remove()


def test_a_chinese_question_in_a_chinese_ui(
    qtbot, make_window, engine: Engine, shared_data: Path, chinese_ui: Translations
) -> None:
    name = "aishell-BAC009S0724W0121.wav"
    source = FeedInput(clip(shared_data, name), speed=2.0)
    window, stops = _listening(qtbot, make_window, engine, source)
    voice, mic = window.chat.voice, window.chat.composer.mic_button
    assert voice.language() == "zh"  # a Chinese UI asks the multilingual model for Mandarin
    assert "按住" in mic.toolTip()
    qtbot.mousePress(mic, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _fed(source)() >= 4.0, timeout=20_000)
    with qtbot.waitSignal(voice.transcribed, timeout=WHISPER_S * 2):
        qtbot.mouseRelease(mic, Qt.MouseButton.LeftButton)
    text = window.chat.composer.question.toPlainText()
    assert cer(reference(shared_data, name), text) <= 0.25, text
    assert text.startswith("广州") and script.convert(text, script.SIMPLIFIED) == text
    assert engine.speech.status("zh").model is not None
    assert engine.speech.status("zh").model.name == "base"
    assert stops[0][0] == "released"
