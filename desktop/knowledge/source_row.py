"""One document in the knowledge panel: its state, progress, notices and actions."""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Signal
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
from desktop.knowledge.media_progress import media_text
from engine.types import Progress, Source, SourceStatus


@dataclass
class RowState:
    """What a row shows: a stored source, a file still waiting, or a file that failed unstored.

    `progress` is the latest progress of this file while it is being indexed; `needs_password`
    marks an encrypted PDF the engine could not open without (another) password.
    """

    key: str
    title: str
    path: str
    status: SourceStatus
    source_id: int | None = None
    pages: int = 0
    chunks: int = 0
    pages_done: int = 0
    error: str = ""
    notice: str = ""
    progress: Progress | None = None
    running: bool = False
    needs_password: bool = False


def _display_title(title: str, path: str) -> str:
    """The engine's title, or the file's name when the title is only its stem."""
    name = os.path.basename(path)
    return name if not title or title == os.path.splitext(name)[0] else title


def state_from_source(source: Source, *, running: bool, needs_password: bool = False) -> RowState:
    """A row for a stored source."""
    return RowState(
        key=f"source:{source.id}",
        title=_display_title(source.title, source.path),
        path=source.path,
        status=source.status,
        source_id=source.id,
        pages=source.pages,
        chunks=source.chunks,
        pages_done=source.pages_done,
        error=source.error,
        notice=source.notice,
        running=running,
        needs_password=needs_password and source.status is SourceStatus.FAILED,
    )


def status_text(state: RowState) -> str:
    """The one line under a document's title that says where it stands."""
    if state.status == SourceStatus.READY:
        return QCoreApplication.translate(
            "SourceRow", "Ready · {pages} pages · {chunks} passages"
        ).format(pages=state.pages, chunks=state.chunks)
    if state.status == SourceStatus.INDEXING:
        progress = state.progress
        done = progress.done if progress is not None else state.pages_done
        total = progress.total if progress is not None and progress.total else state.pages
        text = media_text(progress) or QCoreApplication.translate(
            "SourceRow", "Indexing · {done} of {total} pages"
        ).format(done=done, total=total or "?")
        eta = eta_text(progress.eta_s if progress is not None else None)
        return f"{text} · {eta}" if eta else text
    if state.status == SourceStatus.FAILED:
        return QCoreApplication.translate("SourceRow", "Failed: {reason}").format(
            reason=state.error or QCoreApplication.translate("SourceRow", "unknown reason")
        )
    if state.status == SourceStatus.CANCELLED:
        return QCoreApplication.translate("SourceRow", "Cancelled · {done} pages indexed").format(
            done=state.pages_done
        )
    return QCoreApplication.translate("SourceRow", "Waiting to be indexed")


_ENDED = (SourceStatus.FAILED, SourceStatus.CANCELLED)


class SourceRow(QFrame):
    """Shows a `RowState`; buttons report what the person asked for.

    Signals:
        cancel_requested(str), retry_requested(str), remove_requested(str),
        open_requested(str), summarize_requested(str), password_requested(str): the row's key.
    """

    password_requested = Signal(str)
    cancel_requested = Signal(str)
    retry_requested = Signal(str)
    remove_requested = Signal(str)
    open_requested = Signal(str)
    summarize_requested = Signal(str)

    def __init__(self, state: RowState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.state = state
        self.title = QLabel()
        self.title.setObjectName("sourceTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.status = QLabel()
        self.status.setObjectName("sourceStatus")
        self.status.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setObjectName("sourceNotice")
        self.notice.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        actions.setSpacing(4)
        for name, label, signal in (
            ("open", self.tr("Open"), self.open_requested),
            ("summarize", self.tr("Summarize"), self.summarize_requested),
            ("cancel", self.tr("Cancel"), self.cancel_requested),
            ("retry", self.tr("Retry"), self.retry_requested),
            ("password", self.tr("Password…"), self.password_requested),
            ("remove", self.tr("Remove"), self.remove_requested),
        ):
            button = QPushButton(label)
            button.setObjectName("sourceAction")
            button.setFlat(True)
            button.clicked.connect(lambda _=False, s=signal: s.emit(self.state.key))
            self.buttons[name] = button
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.notice)
        layout.addLayout(actions)
        self.update_state(state)

    def update_state(self, state: RowState) -> None:
        """Show a new state (progress comes often; this is cheap)."""
        self.state = state
        self.title.setText(state.title)
        self.title.setToolTip(state.path)
        self.status.setText(status_text(state))
        self.status.setProperty("failed", state.status is SourceStatus.FAILED)
        self.notice.setText(state.notice)
        self.notice.setVisible(bool(state.notice))
        self._update_progress(state)
        ready, ended = state.status is SourceStatus.READY, state.status in _ENDED
        active = state.status in (SourceStatus.QUEUED, SourceStatus.INDEXING)
        visible = {
            "open": ready,
            "summarize": ready,
            "cancel": active and state.running,
            "retry": ended or (active and not state.running),
            "remove": state.source_id is not None or ended,
            "password": state.needs_password,
        }
        for name, button in self.buttons.items():
            button.setVisible(visible[name])
            button.setAccessibleName(f"{button.text()} {state.title}")
        self.setAccessibleName(f"{state.title}: {self.status.text()}")

    def _update_progress(self, state: RowState) -> None:
        indexing = state.status is SourceStatus.INDEXING
        if not indexing and not (state.status is SourceStatus.QUEUED and state.running):
            self.progress.hide()
            return
        progress = state.progress
        total = progress.total if progress is not None else state.pages
        done = progress.done if progress is not None else state.pages_done
        self.progress.setRange(0, total or 0)  # 0..0: a busy indicator until pages are known
        if total:
            self.progress.setValue(min(done, total))
        self.progress.show()
