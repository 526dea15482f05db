"""One document in the knowledge panel: its state, progress, notices and actions.

A document has one name everywhere (the panel, citation chips, summaries, the status bar): its
file name, as `engine.types.Location.name` gives it (a link's title when it has no file name);
the title the document gives itself is in the tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
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
from engine.types import Location, Progress, Source, SourceStatus


@dataclass
class RowState:
    """What a row shows: a stored source, a file not yet queued, or a file that failed unstored.

    `progress` is the latest progress of this file while it is being indexed; `running` marks
    the one being indexed now; `needs_password` an encrypted PDF the engine could not open
    without (another) password, `password_tried` whether one was given and was wrong.
    """

    key: str
    name: str
    path: str
    status: SourceStatus
    source_id: int | None = None
    title: str = ""
    pages: int = 0
    chunks: int = 0
    pages_done: int = 0
    error: str = ""
    notice: str = ""
    progress: Progress | None = None
    running: bool = False
    needs_password: bool = False
    password_tried: bool = False

    @property
    def ended(self) -> bool:
        """Whether indexing ended without making it searchable (failed or cancelled)."""
        return self.status in (SourceStatus.FAILED, SourceStatus.CANCELLED)

    @property
    def retryable(self) -> bool:
        """Whether Retry can help (an encrypted file needs its password instead)."""
        return self.ended and not self.needs_password


def document_name(title: str, path: str) -> str:
    """The one name a document goes by: its file name, else (a link) its title."""
    return Location(source_id=0, title=title, path=path).name


def state_from_source(source: Source, *, running: bool = False) -> RowState:
    """A row for a stored source."""
    return RowState(
        key=f"source:{source.id}",
        name=document_name(source.title, source.path),
        title=source.title,
        path=source.path,
        status=source.status,
        source_id=source.id,
        pages=source.pages,
        chunks=source.chunks,
        pages_done=source.pages_done,
        error=source.error,
        notice=source.notice,
        running=running,
    )


def status_text(state: RowState) -> str:
    """The one line under a document's name that says where it stands."""
    status = state.status
    if status is SourceStatus.READY:
        return QCoreApplication.translate(
            "SourceRow", "Ready · {pages} pages · {chunks} passages"
        ).format(pages=state.pages, chunks=state.chunks)
    if status is SourceStatus.INDEXING:
        return _indexing_text(state)
    if state.needs_password:
        if state.password_tried:
            return QCoreApplication.translate(
                "SourceRow", "Encrypted · the password was wrong; try another"
            )
        return QCoreApplication.translate("SourceRow", "Encrypted · it opens with its password")
    if status is SourceStatus.FAILED:
        return QCoreApplication.translate("SourceRow", "Failed: {reason}").format(
            reason=state.error or QCoreApplication.translate("SourceRow", "unknown reason")
        )
    if status is SourceStatus.CANCELLED:
        if state.pages:
            return QCoreApplication.translate(
                "SourceRow", "Cancelled · {done} of {total} pages indexed"
            ).format(done=state.pages_done, total=state.pages)
        return QCoreApplication.translate("SourceRow", "Cancelled")
    return QCoreApplication.translate("SourceRow", "Queued")


def _indexing_text(state: RowState) -> str:
    progress = state.progress
    done = progress.done if progress is not None else state.pages_done
    total = progress.total if progress is not None and progress.total else state.pages
    text = media_text(progress) or QCoreApplication.translate(
        "SourceRow", "Indexing · {done} of {total} pages"
    ).format(done=done, total=total or "?")
    eta = eta_text(progress.eta_s if progress is not None else None)
    return f"{text} · {eta}" if eta else text


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
        self.name = QLabel()
        self.name.setObjectName("sourceTitle")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
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
        layout.addWidget(self.name)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.notice)
        layout.addLayout(actions)
        self.update_state(state)

    def focus_order(self) -> list[QWidget]:
        """The row's controls in the order Tab visits them."""
        return list(self.buttons.values())

    def update_state(self, state: RowState) -> None:
        """Show a new state (progress comes often; this is cheap)."""
        self.state = state
        self.name.setText(state.name)
        tip = state.path if state.title in ("", state.name) else f"{state.title}\n{state.path}"
        self.name.setToolTip(tip)
        self.status.setText(status_text(state))
        self.status.setProperty("failed", state.status is SourceStatus.FAILED)
        self.notice.setText(state.notice)
        self.notice.setVisible(bool(state.notice))
        self._update_progress(state)
        self._update_buttons(state)
        self.setAccessibleName(f"{state.name}: {self.status.text()}")

    def _update_buttons(self, state: RowState) -> None:
        """Show the actions that fit; a focused button that goes hands focus to a neighbour.

        Buttons that appear are shown before others hide, so Qt never moves the focus of a
        hidden button onto one further along (after Cancel, it went to Remove).
        """
        ready = state.status is SourceStatus.READY
        waiting = state.status in (SourceStatus.QUEUED, SourceStatus.INDEXING)
        visible = {
            "open": ready,
            "summarize": ready,
            "cancel": waiting and state.source_id is not None,
            "retry": state.retryable,
            "password": state.needs_password,
            "remove": state.source_id is not None or state.ended,
        }
        focused = QApplication.focusWidget()
        leaving = next(
            (n for n, b in self.buttons.items() if b is focused and not visible[n]), None
        )
        for name, button in self.buttons.items():
            button.setAccessibleName(f"{button.text()} {state.name}")
            if visible[name]:
                button.setVisible(True)
        if leaving is not None:
            self._hand_focus_on(visible)
        for name, button in self.buttons.items():
            if not visible[name]:
                button.setVisible(False)

    def _hand_focus_on(self, visible: dict[str, bool]) -> None:
        for name in ("retry", "password", "open", "cancel"):
            if visible[name]:
                self.buttons[name].setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_progress(self, state: RowState) -> None:
        if state.status is not SourceStatus.INDEXING:
            self.progress.hide()
            return
        progress = state.progress
        total = progress.total if progress is not None else state.pages
        done = progress.done if progress is not None else state.pages_done
        self.progress.setRange(0, total or 0)  # 0..0: a busy indicator until pages are known
        if total:
            self.progress.setValue(min(done, total))
        self.progress.show()
