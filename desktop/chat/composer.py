"""Where a question is typed: Enter sends, Shift+Enter starts a new line; Send, Stop, the mic."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.speech.mic_button import MicButton
from desktop.speech.voice_input import VoiceInput


class QuestionEdit(QPlainTextEdit):
    """A plain-text box that grows with its text (up to a few lines).

    Signals:
        submitted(): Enter was pressed without Shift.
    """

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Enter sends; Shift+Enter (or Ctrl+Enter) inserts a new line."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if enter and modifiers == Qt.KeyboardModifier.NoModifier:
            self.submitted.emit()
            return
        if enter:
            self.insertPlainText("\n")
            return
        super().keyPressEvent(event)

    def _fit(self, *_: object) -> None:
        lines = max(2, min(8, int(self.document().size().height())))
        chrome = 2 * int(self.document().documentMargin()) + 2 * self.frameWidth() + 10
        self.setFixedHeight(lines * self.fontMetrics().lineSpacing() + chrome)


class Composer(QWidget):
    """The question box with Send, Stop, "Use my documents" and (once attached) the mic.

    Signals:
        send_requested(str, bool): the question and whether to use the knowledge base.
        stop_requested(): stop the answer being written.
    """

    send_requested = Signal(str, bool)
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.question = QuestionEdit(self)
        self.question.setObjectName("question")
        self.question.setPlaceholderText(
            self.tr("Ask a question (Enter sends, Shift+Enter for a new line)")
        )
        self.question.setAccessibleName(self.tr("Question"))
        self.question.submitted.connect(self.submit)
        self.use_documents = QCheckBox(self.tr("Use my documents"))
        self.use_documents.setChecked(True)
        self.use_documents.setToolTip(self.tr("Answer from your documents and cite them"))
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setObjectName("sendButton")
        self.send_button.setAccessibleName(self.tr("Send question"))
        self.send_button.clicked.connect(self.submit)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setAccessibleName(self.tr("Stop the answer (Esc)"))
        self.stop_button.setToolTip(self.tr("Stop the answer (Esc)"))
        self.stop_button.clicked.connect(self.stop_requested)
        self.stop_button.hide()
        self.voice_note = QLabel()
        self.voice_note.setObjectName("voiceNote")
        self.voice_note.setAccessibleName(self.tr("Voice input"))
        self.voice_note.hide()
        self.mic_button: MicButton | None = None
        self._buttons = QHBoxLayout()
        self._buttons.addWidget(self.use_documents)
        self._buttons.addWidget(self.voice_note)
        self._buttons.addStretch(1)
        self._buttons.addWidget(self.stop_button)
        self._buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 10)
        layout.addWidget(self.question)
        layout.addLayout(self._buttons)
        self._busy = False

    def attach_voice(self, voice: VoiceInput) -> MicButton:
        """Add the mic button before Send; what it hears lands in the question box."""
        self.mic_button = MicButton(voice, self.voice_note, self)
        self._buttons.insertWidget(self._buttons.indexOf(self.stop_button), self.mic_button)
        return self.mic_button

    def add_spoken(self, text: str) -> None:
        """Put a transcript at the end of the question box, ready to edit."""
        typed = self.question.toPlainText().rstrip()
        self.question.setPlainText(f"{typed} {text}" if typed else text)
        self.question.moveCursor(QTextCursor.MoveOperation.End)
        self.question.setFocus()

    def submit(self) -> None:
        """Send the typed question unless an answer is still being written."""
        text = self.question.toPlainText().strip()
        if not text or self._busy:
            return
        self.question.clear()
        self.send_requested.emit(text, self.use_documents.isChecked())

    def set_busy(self, busy: bool) -> None:
        """Swap Send for Stop while an answer streams; typing the next question stays possible."""
        self._busy = busy
        self.send_button.setVisible(not busy)
        self.stop_button.setVisible(busy)
