"""The first window: ask a question, watch the answer stream in, stop it.

The full product window (sidebar, knowledge panel, citations, settings) grows from here.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.task_runner import TaskRunner
from engine.api import CancelToken, Engine
from engine.errors import EngineError
from engine.types import AnswerDelta


class ChatWindow(QMainWindow):
    """A transcript, a question box, Send and Stop.

    Signals:
        answer_finished(str): the whole answer, once streaming ended (stopped or complete).
        answer_failed(str): a message fit to show, when the engine raised.
    """

    answer_finished = Signal(str)
    answer_failed = Signal(str)

    def __init__(self, engine: Engine, runner: TaskRunner) -> None:
        super().__init__()
        self._engine = engine
        self._runner = runner
        self._cancel: CancelToken | None = None
        self._answer: list[str] = []
        self._conversation_id: int | None = None
        self.setWindowTitle(self.tr("Lanthorn"))
        self.resize(820, 640)
        self._build()

    def _build(self) -> None:
        self.transcript = QTextBrowser()
        self.transcript.setOpenLinks(False)  # never follow a link a document planted
        self.transcript.setAccessibleName(self.tr("Conversation"))
        self.question = QLineEdit()
        self.question.setPlaceholderText(self.tr("Ask a question and press Enter"))
        self.question.setAccessibleName(self.tr("Question"))
        self.send_button = QPushButton(self.tr("Send"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.question, 1)
        row.addWidget(self.send_button)
        row.addWidget(self.stop_button)
        body = QVBoxLayout()
        body.addWidget(self.transcript, 1)
        body.addLayout(row)
        central = QWidget()
        central.setLayout(body)
        self.setCentralWidget(central)
        self.question.returnPressed.connect(self.send)
        self.send_button.clicked.connect(self.send)
        self.stop_button.clicked.connect(self.stop)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Cancel), self, self.stop)

    @property
    def busy(self) -> bool:
        """Whether an answer is streaming."""
        return self._cancel is not None

    def send(self) -> None:
        """Send the typed question; the answer streams in off the GUI thread."""
        text = self.question.text().strip()
        if not text or self.busy:
            return
        self.question.clear()
        self._append(f"\n\n{self.tr('You')}: {text}\n\n{self.tr('Lanthorn')}: ")
        self._answer = []
        cancel = self._cancel = CancelToken()
        self._set_busy(True)
        engine = self._engine

        def deltas() -> object:
            if self._conversation_id is None:
                self._conversation_id = engine.create_conversation().id
            return engine.stream_reply(self._conversation_id, text, cancel)

        self._runner.stream(
            deltas,  # type: ignore[arg-type]
            self._on_deltas,
            self._on_stream_finished,
            self._on_stream_failed,
        )

    def stop(self) -> None:
        """Stop the answer being generated; what came so far is kept."""
        if self._cancel is not None:
            self._cancel.cancel()

    def _on_deltas(self, deltas: list[AnswerDelta]) -> None:
        text = "".join(d.text for d in deltas)
        self._answer.append(text)
        self._append(text)

    def _on_stream_finished(self) -> None:
        self._set_busy(False)
        self.answer_finished.emit("".join(self._answer))

    def _on_stream_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        message = str(exc) if isinstance(exc, EngineError) else self.tr("Unexpected error: ") + repr(exc)
        self._append(f"\n[{message}]")
        self.answer_failed.emit(message)

    def _set_busy(self, busy: bool) -> None:
        if not busy:
            self._cancel = None
        self.send_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)

    def _append(self, text: str) -> None:
        cursor = self.transcript.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        self.transcript.setTextCursor(cursor)
        self.transcript.ensureCursorVisible()

    def closeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        """Cancel running work so the app closes promptly and nothing half-written is lost."""
        self.stop()
        super().closeEvent(event)  # type: ignore[arg-type]
