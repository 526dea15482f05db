"""The mic button: hold to talk or click to toggle, its level meter, and the note beside it.

It is a push button so the keyboard works as the mouse does: Space on the focused button goes
down and up like a press and a release (auto-repeat is ignored by Qt's buttons). Its look
follows the `VoiceState` through the `state` property (see resources/style.qss); while
listening, a bar along its bottom edge shows the level of the latest 20 ms or so of sound, read
`METER_FPS` times a second by a timer (no signal per chunk: see `desktop.speech.pcm`).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from desktop.locations import resource
from desktop.speech.voice_input import VoiceInput, VoiceState

SHORTCUT = "Ctrl+Space"
METER_COLOUR = QColor("#e8833a")
METER_HEIGHT = 4
METER_FPS = 25


class MicButton(QPushButton):
    """Drives a `VoiceInput`; disabled, with the reason as its tooltip, when it cannot work."""

    def __init__(self, voice: VoiceInput, note: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("micButton")
        self.setIcon(QIcon(str(resource("icons", "mic.svg"))))
        self.setIconSize(QSize(20, 20))
        self.setAccessibleName(self.tr("Ask by voice"))
        self.level = 0.0
        self._meter = QTimer(self, interval=1000 // METER_FPS)
        self._meter.timeout.connect(self._read_level)
        self._voice = voice
        self._note = note
        self.pressed.connect(voice.press)
        self.released.connect(voice.release)
        voice.state_changed.connect(lambda _state: self._show_state())
        voice.availability_changed.connect(lambda _problem: self._show_state())
        voice.notice.connect(self._show_notice)
        self._show_state()

    def _read_level(self) -> None:
        self.level = self._voice.level
        self.update()

    def _tip(self) -> str:
        """What the button says it does now (its tooltip, and the note while it works)."""
        voice, state = self._voice, self._voice.state
        if voice.problem and state is VoiceState.IDLE:
            return voice.problem
        if state is VoiceState.LISTENING and voice.hands_free:
            return self.tr("Listening… click to stop, or just pause: it stops by itself.")
        if state is VoiceState.LISTENING:
            return self.tr("Listening… let go to stop.")
        if state is VoiceState.TRANSCRIBING:
            return self.tr("Turning your question into text…")
        return self.tr(
            "Ask by voice: hold to talk, or click to start and click again to stop ({shortcut})."
        ).format(shortcut=SHORTCUT)

    def _show_state(self) -> None:
        voice, state = self._voice, self._voice.state
        self.setEnabled(not voice.problem or state is not VoiceState.IDLE)
        tip = self._tip()
        self.setToolTip(tip)
        self.setAccessibleDescription(tip)
        self.setProperty("state", str(state))
        self.style().unpolish(self)
        self.style().polish(self)
        if state is VoiceState.LISTENING:
            self._meter.start()
        else:
            self._meter.stop()
            self.level = 0.0
        if state is VoiceState.IDLE:
            self._note.clear()
            self._note.hide()
        else:
            self._note.setText(tip)
            self._note.show()
        self.update()

    def _show_notice(self, text: str) -> None:
        self._note.setText(text)
        self._note.setVisible(bool(text))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        """The button, then the level meter along its bottom edge while listening."""
        super().paintEvent(event)
        if self._voice.state is not VoiceState.LISTENING or self.level <= 0:
            return
        painter = QPainter(self)
        width = round((self.width() - 8) * self.level)
        painter.fillRect(4, self.height() - METER_HEIGHT - 2, width, METER_HEIGHT, METER_COLOUR)
        painter.end()
