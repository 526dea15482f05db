"""Voice questions in the window over the fake engine: the recorded jfk clip is played through
the same capture pipeline the microphone feeds (`FeedInput`), faster than real time.

Push-to-talk (button and Ctrl+Space), click-to-toggle with the automatic stop, send-at-once,
the longest recording, and every failure: no microphone, access denied, a microphone unplugged
mid-recording, a missing or damaged model, silence.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtMultimedia import QAudioDevice
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow
from desktop.settings.settings_dialog import SettingsDialog
from desktop.speech.feed import FeedInput, SampleFeed
from desktop.speech.mic_button import MicButton
from desktop.speech.microphone import Microphones
from desktop.speech.recorder import TRAILING_SILENCE_S
from desktop.speech.voice_input import VoiceInput
from engine.api import Settings
from engine.errors import ModelError
from tests.gui.fakes import FakeEngine, Reply
from tests.gui.voice_clips import clip

QUESTION = "What do my notes say about rivers?"
Stops = list[tuple[str, float]]


@pytest.fixture
def voice_window(qtbot, make_window, fake_engine: FakeEngine, shared_data):
    """A window whose microphone plays a shared clip; returns (window, input, mic, stops)."""

    def make(name: str = "jfk.wav", speed: float = 8.0, **feed: float):
        window: MainWindow = make_window(fake_engine)
        source = FeedInput(clip(shared_data, name), speed=speed, **feed)
        window.chat.voice.set_audio_input(source)
        mic = window.chat.composer.mic_button
        qtbot.waitUntil(mic.isEnabled)
        stops: Stops = []
        window.chat.voice.recording_stopped.connect(lambda r, s: stops.append((r, s)))
        return window, source, mic, stops

    return make


def _set_speech(engine: FakeEngine, **changes: object) -> None:
    settings = engine.settings()
    engine.update_settings(
        dataclasses.replace(settings, speech=dataclasses.replace(settings.speech, **changes))
    )


def _fed(source: FeedInput) -> Callable[[], float]:
    return lambda: source.feeds[-1].seconds_sent if source.feeds else 0.0


def _sent(engine: FakeEngine) -> list[str]:
    return [str(args[1]) for name, args in engine.calls if name == "stream_reply"]


def test_hold_the_mic_button_to_talk(qtbot, voice_window, fake_engine: FakeEngine) -> None:
    fake_engine.speech.transcripts.append(QUESTION)
    window, source, mic, stops = voice_window(speed=4.0)
    voice: VoiceInput = window.chat.voice
    qtbot.mousePress(mic, Qt.MouseButton.LeftButton)
    assert voice.state == "listening" and not voice.hands_free
    assert "let go" in mic.toolTip() and window.chat.composer.voice_note.isVisible()
    qtbot.waitUntil(lambda: _fed(source)() >= 3.0)
    assert mic.level > 0.3  # the meter moves with Kennedy's voice
    with qtbot.waitSignal(voice.transcribed, timeout=5_000) as spoken:
        qtbot.mouseRelease(mic, Qt.MouseButton.LeftButton)
    assert spoken.args == [QUESTION]
    assert stops[0][0] == "released" and 3.0 <= stops[0][1] < 6.0
    assert fake_engine.speech.recorded_s == [pytest.approx(stops[0][1])]
    assert window.chat.composer.question.toPlainText() == QUESTION  # for editing, not sent
    assert _sent(fake_engine) == []
    assert fake_engine.speech.loads == ["en"]  # warmed while listening; an English UI: tiny.en
    assert ("transcribe_pcm", (16_000, "en")) in fake_engine.calls
    assert mic.level == 0.0
    assert voice.state == "idle" and "hold to talk" in mic.toolTip()


def test_hold_ctrl_space_to_talk(qtbot, voice_window, fake_engine: FakeEngine) -> None:
    fake_engine.speech.transcripts.append(QUESTION)
    window, source, _mic, stops = voice_window(speed=4.0)
    question = window.chat.composer.question
    question.setFocus()
    qtbot.keyPress(question, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert window.chat.voice.state == "listening"
    repeat = QKeyEvent(
        QEvent.Type.KeyPress, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier, " ", True
    )
    QApplication.sendEvent(question, repeat)  # the key held down repeats: ignored
    qtbot.waitUntil(lambda: _fed(source)() >= 2.5)
    with qtbot.waitSignal(window.chat.voice.transcribed, timeout=5_000):
        qtbot.keyRelease(question, Qt.Key.Key_Space)  # Ctrl may come up first
    assert [reason for reason, _s in stops] == ["released"]
    assert question.toPlainText() == QUESTION  # no space typed by the shortcut
    assert len(source.feeds) == 1


def test_click_to_talk_stops_after_trailing_silence(
    qtbot, voice_window, fake_engine: FakeEngine
) -> None:
    fake_engine.speech.transcripts.append(QUESTION)
    window, _source, mic, stops = voice_window("jfk_then_3s_silence.wav", speed=8.0)
    with qtbot.waitSignal(window.chat.voice.transcribed, timeout=10_000):
        qtbot.mouseClick(mic, Qt.MouseButton.LeftButton)
        assert window.chat.voice.hands_free and "click to stop" in mic.toolTip()
    # The fake's VAD hears every nonzero sample: Kennedy's recording ends at 11.0 s.
    reason, seconds = stops[0]
    assert reason == "silence" and 11.0 + TRAILING_SILENCE_S <= seconds < 13.5
    assert window.chat.composer.question.toPlainText() == QUESTION


def test_a_second_click_or_tap_ends_a_hands_free_recording(
    qtbot, voice_window, fake_engine: FakeEngine
) -> None:
    fake_engine.speech.transcripts.extend(["first", "second"])
    window, source, mic, stops = voice_window(speed=2.0)
    qtbot.mouseClick(mic, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _fed(source)() >= 1.5)
    with qtbot.waitSignal(window.chat.voice.transcribed, timeout=5_000):
        qtbot.mouseClick(mic, Qt.MouseButton.LeftButton)
    question = window.chat.composer.question
    question.setFocus()
    qtbot.keyClick(question, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert window.chat.voice.hands_free
    qtbot.waitUntil(lambda: _fed(source)() >= 1.0)
    with qtbot.waitSignal(window.chat.voice.transcribed, timeout=5_000):
        qtbot.keyClick(question, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert [reason for reason, _s in stops] == ["released", "released"]
    assert all(1.0 <= seconds < 5.0 for _r, seconds in stops)
    assert question.toPlainText() == "first second"  # the second adds to what is there


def test_send_at_once(qtbot, voice_window, fake_engine: FakeEngine) -> None:
    _set_speech(fake_engine, send_at_once=True)
    fake_engine.speech.transcripts.append(QUESTION)
    fake_engine.replies.append(Reply("Rivers run to the sea."))
    window, source, mic, _stops = voice_window(speed=4.0)
    qtbot.mousePress(mic, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _fed(source)() >= 2.0)
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000) as answered:
        qtbot.mouseRelease(mic, Qt.MouseButton.LeftButton)
    assert answered.args == ["Rivers run to the sea."]
    assert _sent(fake_engine) == [QUESTION]
    assert window.chat.composer.question.toPlainText() == ""


def test_the_longest_recording_stops_it(qtbot, voice_window, fake_engine: FakeEngine) -> None:
    _set_speech(fake_engine, max_recording_s=5)
    fake_engine.speech.transcripts.append(QUESTION)
    window, _source, mic, stops = voice_window(speed=8.0)
    qtbot.mousePress(mic, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.chat.voice.transcribed, timeout=5_000):
        pass  # still held: the limit ends it
    qtbot.mouseRelease(mic, Qt.MouseButton.LeftButton)
    assert stops == [("limit", 5.0)]
    assert fake_engine.speech.recorded_s == [5.0]
    note = window.chat.composer.voice_note
    assert note.isVisible() and "longest recording" in note.text() and "5 s" in note.text()
    assert window.chat.composer.question.toPlainText() == QUESTION


def test_silence_is_not_sent(qtbot, voice_window, fake_engine: FakeEngine) -> None:
    _set_speech(fake_engine, send_at_once=True)
    window, _source, mic, _stops = voice_window("silence_2s.wav", speed=4.0)
    with qtbot.waitSignal(window.chat.voice.not_heard, timeout=10_000):
        qtbot.mouseClick(mic, Qt.MouseButton.LeftButton)
    note = window.chat.composer.voice_note
    assert note.isVisible() and note.text() == "Didn't catch that — try again."
    assert _sent(fake_engine) == [] and window.chat.composer.question.toPlainText() == ""
    assert not window.error_banner.isVisible()


def test_no_microphone_disables_the_button(qtbot, make_window, fake_engine) -> None:
    window = make_window(fake_engine)
    window.chat.voice.set_audio_input(Microphones(devices=lambda: []))
    mic: MicButton = window.chat.composer.mic_button
    qtbot.waitUntil(lambda: not mic.isEnabled())
    assert mic.toolTip() == (
        "No microphone found. Connect a microphone (or a headset), then try again."
    )
    question = window.chat.composer.question
    qtbot.keyClick(question, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert window.chat.voice.state == "idle" and not window.error_banner.isVisible()


def test_access_denied_disables_the_button(qtbot, make_window, fake_engine) -> None:
    window = make_window(fake_engine)
    denied = Microphones(
        devices=lambda: [QAudioDevice()], permission=lambda: Qt.PermissionStatus.Denied
    )
    window.chat.voice.set_audio_input(denied)
    mic = window.chat.composer.mic_button
    qtbot.waitUntil(lambda: not mic.isEnabled())
    assert mic.toolTip().startswith("Lanthorn is not allowed to use the microphone.")
    assert "privacy settings" in mic.toolTip()


def test_unplugged_mid_recording_keeps_what_was_said(
    qtbot, voice_window, fake_engine: FakeEngine
) -> None:
    fake_engine.speech.transcripts.append("And so my fellow Americans")
    window, source, mic, stops = voice_window(speed=4.0, unplug_after_s=3.0)
    with qtbot.waitSignal(window.error_banner.shown, timeout=5_000) as shown:
        qtbot.mousePress(mic, Qt.MouseButton.LeftButton)
    assert "was disconnected while recording" in shown.args[0]
    qtbot.waitUntil(lambda: window.chat.voice.state == "idle")
    qtbot.mouseRelease(mic, Qt.MouseButton.LeftButton)
    assert stops == [("lost", 3.0)]
    assert fake_engine.speech.recorded_s == [3.0]  # what came before is transcribed
    assert window.chat.composer.question.toPlainText() == "And so my fellow Americans"
    assert isinstance(source.feeds[0], SampleFeed) and mic.isEnabled()


def test_a_missing_model_disables_the_button(
    qtbot, make_window, fake_engine, shared_data
) -> None:
    fake_engine.speech.problem = "There is no speech model folder /nowhere."
    window = make_window(fake_engine)
    window.chat.voice.set_audio_input(FeedInput(clip(shared_data, "jfk.wav")))
    mic = window.chat.composer.mic_button
    qtbot.waitUntil(lambda: mic.toolTip() == "There is no speech model folder /nowhere.")
    assert not mic.isEnabled()
    fake_engine.speech.problem = ""
    _set_speech(fake_engine, model="")  # a settings change checks again
    qtbot.waitUntil(mic.isEnabled)


def test_a_damaged_model_is_told_and_disables_the_button(
    qtbot, voice_window, fake_engine: FakeEngine
) -> None:
    fake_engine.speech.load_error = ModelError(
        "The speech model in /m cannot be loaded: its files look damaged.",
        hint="Choose another Whisper model folder in Settings.",
    )
    window, _source, mic, stops = voice_window(speed=1.0)
    with qtbot.waitSignal(window.error_banner.shown, timeout=5_000) as shown:
        qtbot.mousePress(mic, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(mic, Qt.MouseButton.LeftButton)
    assert shown.args[0] == "The speech model in /m cannot be loaded: its files look damaged."
    assert stops[0][0] == "cancelled"  # no recording goes on for a model that cannot load
    assert not mic.isEnabled() and "files look damaged" in mic.toolTip()
    assert "Choose another Whisper model folder" in mic.toolTip()
    assert window.chat.composer.question.toPlainText() == "" and _sent(fake_engine) == []


def test_the_voice_settings(qtbot, runner, fake_engine: FakeEngine) -> None:
    microphones = [("alsa_input.usb-desk", "Desk microphone"), ("alsa_input.pci", "Built-in")]
    dialog = SettingsDialog(fake_engine, runner, Settings(), microphones=microphones)
    qtbot.addWidget(dialog)
    assert dialog.input_device.currentText() == "System default"
    assert [dialog.input_device.itemText(i) for i in range(3)] == [
        "System default", "Desk microphone", "Built-in"
    ]
    dialog.input_device.setCurrentIndex(1)
    dialog.spoken_language.setCurrentIndex(dialog.spoken_language.findData("zh"))
    dialog.send_at_once.setChecked(True)
    dialog.max_recording.setValue(30)
    speech = dialog.values().speech
    assert (speech.input_device, speech.language, speech.send_at_once, speech.max_recording_s) == (
        "alsa_input.usb-desk", "zh", True, 30
    )
    gone = dataclasses.replace(Settings().speech, input_device="alsa_input.unplugged")
    dialog.load(dataclasses.replace(Settings(), speech=gone))
    assert dialog.input_device.currentText() == "alsa_input.unplugged (not connected)"
    assert dialog.values().speech.input_device == "alsa_input.unplugged"
    assert dialog.input_device.accessibleName() == "Microphone"
    assert dialog.max_recording.minimum() == 5 and dialog.max_recording.maximum() == 600
