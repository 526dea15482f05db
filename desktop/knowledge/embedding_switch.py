"""Switching the embedding model: a long job on the index lane, with progress and Cancel.

Saving another embedding model folder in the settings starts `switch_embedding_model`, which
re-embeds every passage; search keeps answering from the old vectors until the new ones are
complete. A cancelled switch keeps what it re-embedded and continues from there (Continue, or at
the next start, when `embedding_status()` still names a pending model): like indexing, it is
resumed rather than restarted. The job shares the index lane with indexing, so the two never
compete for the cores.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.formatting import eta_text
from desktop.task_runner import INDEX, IO, Task, TaskRunner
from engine.api import EngineAPI
from engine.errors import Cancelled
from engine.types import Changes, EmbeddingStatus, Progress

RUNNING, PAUSED, IDLE = "running", "paused", ""


class EmbeddingSwitchBar(QFrame):
    """Shows a switch of the embedding model while it runs or is paused; hidden otherwise.

    Signals:
        state_changed(str): "running", "paused" or "" (done or never started).
        finished(): the new model serves search now.
        failed(object): the switch failed for another reason than a cancel (the window shows it).
    """

    state_changed = Signal(str)
    finished = Signal()
    failed = Signal(object)

    def __init__(self, engine: EngineAPI, runner: TaskRunner) -> None:
        super().__init__()
        self.setObjectName("embeddingSwitch")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._engine = engine
        self._runner = runner
        self._task: Task | None = None
        self._run = 0  # callbacks of a switch replaced by a newer choice are ignored
        self.folder: str | None = None
        self.state = IDLE
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel switching the embedding model"))
        self.cancel_button.clicked.connect(self.cancel)
        self.continue_button = QPushButton(self.tr("Continue"))
        self.continue_button.setAccessibleName(self.tr("Continue switching the embedding model"))
        self.continue_button.clicked.connect(self._on_continue_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.hide()

    def focus_order(self) -> list[QWidget]:
        """The bar's controls in the order Tab visits them."""
        return [self.cancel_button, self.continue_button]

    @property
    def running(self) -> bool:
        """Whether a switch is queued or re-embedding now."""
        return self._task is not None

    def start(self, folder: str) -> None:
        """Re-embed everything with the model in `folder` ("" for the bundled one), then use it."""
        if self._task is not None:
            if folder == self.folder:
                return
            self._task.cancel()  # the newer choice wins; the engine keeps what was re-embedded
        self.folder = folder
        self._run += 1
        engine, run = self._engine, self._run
        relay = self._runner.progress_relay(
            lambda p: self._on_progress(p) if run == self._run else None, context=self
        )
        self._task = self._runner.run(
            lambda cancel: engine.knowledge.switch_embedding_model(folder, relay, cancel),
            lambda changes: self._on_done(changes) if run == self._run else None,
            lambda exc: self._on_failed(exc) if run == self._run else None,
            lane=INDEX,
            context=self,
        )
        self.message.setText(self.tr("Waiting to re-read your documents with the new model…"))
        self.progress.setRange(0, 0)
        self._show(RUNNING)

    def resume_pending(self) -> None:
        """Continue a switch an earlier run left unfinished (read off the GUI thread)."""
        self._runner.run(
            lambda _c: self._engine.knowledge.embedding_status(),
            self._on_status,
            self.failed.emit,
            lane=IO,
            context=self,
        )

    def cancel(self) -> None:
        """Stop re-embedding; what was done is kept and search keeps using the old model."""
        if self._task is not None:
            self._task.cancel()

    def _on_status(self, status: EmbeddingStatus) -> None:
        if status.pending_folder is not None and self._task is None:
            self.start(status.pending_folder)

    def _on_continue_clicked(self) -> None:
        if self.folder is not None:
            self.start(self.folder)

    def _on_progress(self, progress: Progress) -> None:
        if self._task is None:
            return
        total = progress.total or 0
        self.progress.setRange(0, total)
        self.progress.setValue(min(progress.done, total))
        text = self.tr("Re-reading your documents with the new model: {done} of {total} passages")
        text = text.format(done=progress.done, total=total or "?")
        eta = eta_text(progress.eta_s)
        self.message.setText(f"{text} · {eta}" if eta else text)

    def _on_done(self, _changes: Changes) -> None:
        self._task = None
        if self.progress.maximum() > 0:  # the last progress may still be in the relay: it is done
            self.progress.setValue(self.progress.maximum())
        self._show(IDLE)
        self.finished.emit()

    def _on_failed(self, exc: BaseException) -> None:
        self._task = None
        if isinstance(exc, Cancelled):
            self.message.setText(
                self.tr(
                    "Switching the embedding model is paused. Search uses the previous model "
                    "until it is done."
                )
            )
            self._show(PAUSED)
            return
        self._show(IDLE)
        self.failed.emit(exc)

    def _show(self, state: str) -> None:
        self.state = state
        self.setVisible(state != IDLE)
        self.progress.setVisible(state == RUNNING)
        self.cancel_button.setVisible(state == RUNNING)
        self.continue_button.setVisible(state == PAUSED)
        self.state_changed.emit(state)
