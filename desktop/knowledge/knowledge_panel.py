"""The knowledge panel: documents with their state, and the indexing queue's actions.

Adding (a drop, Add…, Retry) records every file as queued at once (`queue_sources`, a quick
call on the I/O lane), so a folder's files all show "Queued" while another book indexes; one
drain (`resume_indexing`) on the index lane then indexes the queue in order, and is started
again when files were queued while it was finishing. The chat keeps answering from what is
ready meanwhile. Cancel acts on one file (`cancel_indexing`): the file being indexed stops and
is kept as cancelled (Retry continues it), a queued one leaves the queue, and the others go on.
Closing the window stops the drain instead: what it leaves is still queued in the engine and
the drain at the next start continues it.

Progress arrives through a coalescing relay; the list is re-read from the engine (a cheap read
on the I/O lane) when the engine reports that sources changed (`refresh`, called by the window),
never on a timer. The embedding-model switch shows here too (`embedding_switch`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.knowledge import kinds
from desktop.knowledge.embedding_switch import EmbeddingSwitchBar
from desktop.knowledge.playlist_groups import PlaylistGroups
from desktop.knowledge.queue_rows import Queue, row_states
from desktop.knowledge.source_row import RowState, SourceRow
from desktop.task_runner import INDEX, IO, Task, TaskRunner
from desktop.widgets import file_dialogs
from engine.api import EngineAPI
from engine.errors import Cancelled
from engine.types import AddReport, AddResult, Progress, Source, SourceKind, SourceStatus

log = logging.getLogger(__name__)


class KnowledgePanel(QWidget):
    """Lists sources and runs the knowledge actions.

    Signals:
        open_requested(str, int): open a PDF in the viewer at a 1-based page.
        summarize_requested(int, str): summarize a source (id, name) into the chat.
        failed(object): an engine call failed (the window shows it).
        refused(str): files of no kind the engine reads were given (a sentence to show).
        activity_changed(str): a one-line indexing state for the status bar.
        rows_changed(object): the rows shown (a list of `RowState`), after every change.
        sources_changed(): the list was re-read (tests wait for it).
    """

    open_requested = Signal(str, int)
    summarize_requested = Signal(int, str)
    failed = Signal(object)
    refused = Signal(str)
    activity_changed = Signal(str)
    rows_changed = Signal(object)
    sources_changed = Signal()

    def __init__(
        self, engine: EngineAPI, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("knowledgePanel")
        self._engine = engine
        self._runner = runner
        self._queue = Queue()
        self._answered: list[str] = []  # queued by the engine, not yet in a list read
        self._drain: Task | None = None
        self._drain_again = False  # files were queued while the drain was finishing
        self._sources: list[Source] = []
        self._kinds: tuple[SourceKind, ...] = ()
        self._dismissed: set[str] = set()
        self._rows: dict[str, SourceRow] = {}
        self._reading = False
        self._read_again = False  # the engine changed sources while a read was under way
        self._resumed = False  # the queue an earlier run left is resumed once, at start
        self._stopped = False  # the window is closing: no new drain
        self.switch = EmbeddingSwitchBar(engine, runner)
        self.switch.failed.connect(self.failed)
        self._build()
        self.playlists = PlaylistGroups(engine, runner, self._list, self._render, self.failed.emit)

    def _build(self) -> None:
        title = QLabel(self.tr("Documents"))
        title.setObjectName("panelTitle")
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.setObjectName("addButton")
        self.add_button.setAccessibleName(self.tr("Add documents"))
        self.add_button.setToolTip(self.tr("Add PDF, text or Markdown files"))
        self.add_button.clicked.connect(self.choose_files)
        self.add_folder_button = QPushButton(self.tr("Add folder…"))
        self.add_folder_button.setAccessibleName(self.tr("Add a folder of documents"))
        self.add_folder_button.clicked.connect(self.choose_folder)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.add_button)
        header.addWidget(self.add_folder_button)
        self.retry_all_button = QPushButton(self.tr("Retry all"))
        self.retry_all_button.setObjectName("sourceAction")
        self.retry_all_button.setToolTip(self.tr("Index every failed or cancelled document again"))
        self.retry_all_button.clicked.connect(self.retry_all)
        self.clear_button = QPushButton(self.tr("Clear finished"))
        self.clear_button.setObjectName("sourceAction")
        self.clear_button.setToolTip(
            self.tr("Remove the documents that failed or were cancelled from the list")
        )
        self.clear_button.clicked.connect(self.clear_finished)
        queue_actions = QHBoxLayout()
        queue_actions.addStretch(1)
        queue_actions.addWidget(self.retry_all_button)
        queue_actions.addWidget(self.clear_button)
        self.empty = QLabel(self.tr("Loading documents…"))  # until the first list is read
        self.empty.setObjectName("panelHint")
        self.empty.setWordWrap(True)
        inner = QWidget()
        self._list = QVBoxLayout(inner)
        self._list.setContentsMargins(0, 0, 0, 0)
        self._list.setSpacing(6)
        self._list.addWidget(self.empty)
        self._list.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(inner)
        self.scroll_area.setAccessibleName(self.tr("Documents"))
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 8, 8)
        layout.addLayout(header)
        layout.addLayout(queue_actions)
        layout.addWidget(self.switch)
        layout.addWidget(self.scroll_area, 1)
        self.retry_all_button.hide()
        self.clear_button.hide()

    def start(self) -> None:
        """Read what the engine holds; continue the queue and a model switch left unfinished."""
        self._runner.run(
            lambda _c: self._engine.knowledge.kinds(),
            self._on_kinds,
            self.failed.emit,
            lane=IO,
            context=self,
        )
        self.refresh()
        self.switch.resume_pending()

    def _on_kinds(self, known: tuple[SourceKind, ...]) -> None:
        self._kinds = known

    # ------------------------------------------------------------------ adding
    def choose_files(self) -> None:
        """Pick documents with the file dialog (it starts in the folder used last)."""
        file_dialogs.choose_files(
            self, self.tr("Add documents"), kinds.dialog_filter(self._kinds), self.add_paths
        )

    def choose_folder(self) -> None:
        """Pick a folder; every document inside is added."""
        file_dialogs.choose_folder(self, self.tr("Add a folder"), lambda f: self.add_paths([f]))

    def add_paths(self, paths: list[str], password: str | None = None) -> None:
        """Queue `paths` (files, folders or links) at once; the drain indexes them in order.

        Files of no kind the engine reads are refused with a sentence saying what it reads.
        """
        wanted = [p for p in paths if kinds.is_readable(p, self._kinds)]
        refused = [p for p in paths if p not in wanted]
        if refused:
            self.refused.emit(kinds.refusal(refused, self._kinds))
        if not wanted:
            return
        self._queue.asked.extend(wanted)
        self._dismissed.difference_update(f"path:{p}" for p in wanted)
        engine = self._engine
        self._runner.run(
            lambda _c: engine.knowledge.queue_sources(wanted, password=password),
            lambda report: self._on_queued(wanted, report),
            lambda exc: self._on_queue_failed(wanted, exc),
            lane=IO,
            context=self,
        )
        self._render()

    def _on_queued(self, asked: list[str], report: AddReport) -> None:
        # Files the engine stored stay shown as asked until the list re-read shows them (no
        # empty flash between the two); those it could not store are shown from the report.
        unstored = {r.path for r in report.results if r.source_id is None}
        self._done_asking([p for p in asked if p in unstored])
        self._answered.extend(p for p in asked if p not in unstored)
        for result in report.results:
            if result.source_id is None:
                self._queue.unstored = [r for r in self._queue.unstored if r.path != result.path]
                self._queue.unstored.append(result)
                log.info("Not added: %s: %s", result.path, result.error)
        self._start_drain()
        self.refresh()

    def _on_queue_failed(self, asked: list[str], exc: BaseException) -> None:
        self._done_asking(asked)
        self.failed.emit(exc)
        self._render()

    def _done_asking(self, asked: list[str]) -> None:
        for path in asked:
            if path in self._queue.asked:
                self._queue.asked.remove(path)

    # ------------------------------------------------------------------ the drain
    def _start_drain(self) -> None:
        """Index the queue (one drain at a time; a busy one is started again after it ends)."""
        if self._stopped:
            return
        if self._drain is not None:
            self._drain_again = True
            return
        engine = self._engine
        relay = self._runner.progress_relay(self._on_progress, context=self)
        self._drain = self._runner.run(
            lambda cancel: engine.knowledge.resume_indexing(progress=relay, cancel=cancel),
            self._on_drained,
            self._on_drain_failed,
            lane=INDEX,
            context=self,
        )
        self._queue.draining = True
        self._render()

    def _on_progress(self, progress: Progress) -> None:
        if self._drain is not None:
            self._queue.progress = progress
            self._render()

    def _on_drained(self, report: AddReport) -> None:
        for result in report.results:
            self._note(result)
        self._drain_ended()

    def _note(self, result: AddResult) -> None:
        """Remember an encrypted file's need for a password; log what did not work."""
        if result.needs_password and result.source_id is not None:
            tried = self._queue.locked.get(result.source_id, False)
            self._queue.locked[result.source_id] = tried
        if result.cancelled:
            log.info("Indexing %s stopped: %s", result.path, result.error)
        elif result.error:
            log.warning("Indexing %s failed: %s", result.path, result.error)

    def _on_drain_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            self.failed.emit(exc)
        self._drain_ended()

    def _drain_ended(self) -> None:
        self._drain = None
        self._queue.draining = False
        self._queue.progress = None
        if self._drain_again:
            self._drain_again = False
            self._start_drain()
        self._render()

    @property
    def running(self) -> bool:
        """Whether files are being queued or indexed."""
        return self._drain is not None or bool(self._queue.asked)

    # ------------------------------------------------------------------ reading
    def refresh(self) -> None:
        """Re-read the sources from the engine (off the GUI thread): the engine changed them."""
        self.playlists.refresh()
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        self._runner.run(
            lambda _c: self._engine.knowledge.list_sources(),
            self._on_sources,
            self._on_read_failed,
            lane=IO,
            context=self,
        )

    def _on_sources(self, sources: list[Source]) -> None:
        self._reading = False
        self.empty.setText(self.tr("Drop PDFs, text files or folders here to ask about them."))
        self._sources = sources
        self._done_asking(self._answered)
        self._answered = []
        if self._read_again:
            self._read_again = False
            self.refresh()
        if not self._resumed:
            self._resumed = True
            waiting = (SourceStatus.QUEUED, SourceStatus.INDEXING)
            if any(s.status in waiting for s in sources):
                self._start_drain()
        self._render()
        self.sources_changed.emit()

    def _on_read_failed(self, exc: BaseException) -> None:
        self._reading = self._read_again = False
        self.failed.emit(exc)

    def states(self) -> list[RowState]:
        """What the panel shows, in order: stored sources, then files not yet stored."""
        shown = row_states(self._sources, self._queue)
        return [s for s in shown if s.key not in self._dismissed]

    def rows(self) -> list[SourceRow]:
        """The rows shown, in order (tests and the tab order use them)."""
        return [self._rows[s.key] for s in self.states() if s.key in self._rows]

    def _render(self) -> None:
        states = self.states()
        keys = {s.key for s in states}
        for key in list(self._rows):
            if key not in keys:
                row = self._rows.pop(key)
                self._list.removeWidget(row)
                row.deleteLater()
        for state in states:
            known = self._rows.get(state.key)
            if known is None:
                self._rows[state.key] = self._make_row(state)
            else:
                known.update_state(state)
        self.playlists.arrange(states, self._rows, self._sources)
        self.empty.setVisible(not states)
        ended = any(s.ended for s in states)
        self.retry_all_button.setVisible(any(s.retryable for s in states))
        self.clear_button.setVisible(ended)
        self.activity_changed.emit(self._activity(states))
        self.rows_changed.emit(states)

    def _make_row(self, state: RowState) -> SourceRow:
        row = SourceRow(state, self.scroll_area.widget())
        row.cancel_requested.connect(self.cancel)
        row.retry_requested.connect(self.retry)
        row.remove_requested.connect(self.remove)
        row.open_requested.connect(self.open)
        row.summarize_requested.connect(self.summarize)
        row.password_requested.connect(self.retry_with_password)
        return row

    def _activity(self, states: list[RowState]) -> str:
        indexing = next((s for s in states if s.running), None)
        waiting = sum(1 for s in states if s.status is SourceStatus.QUEUED)
        queued = self.tr("{count} queued").format(count=waiting)
        if indexing is not None:
            progress = indexing.progress
            if progress is not None and progress.total:
                text = self.tr("Indexing {name}: {done}/{total} pages").format(
                    name=indexing.name, done=progress.done, total=progress.total
                )
            else:
                text = self.tr("Indexing {name}…").format(name=indexing.name)
            return f"{text} · {queued}" if waiting else text
        if waiting:
            return queued
        ready = sum(1 for s in states if s.status is SourceStatus.READY)
        if not states:
            return ""
        if ready == 1:
            return self.tr("1 document ready")
        return self.tr("{count} documents ready").format(count=ready)

    # ------------------------------------------------------------------ row actions
    def row(self, key: str) -> SourceRow | None:
        """The row shown for `key` (tests use it)."""
        return self._rows.get(key)

    def _state(self, key: str) -> RowState | None:
        row = self._rows.get(key)
        return row.state if row is not None else None

    def cancel(self, key: str) -> None:
        """Stop indexing that document, or take it out of the queue; the others go on."""
        state = self._state(key)
        if state is None or state.source_id is None:
            return
        source_id = state.source_id
        self._runner.run(
            lambda _c: self._engine.knowledge.cancel_indexing(source_id),
            lambda _changes: None,  # the engine reports the change; the list follows it
            self.failed.emit,
            lane=IO,
            context=self,
        )

    def retry(self, key: str) -> None:
        """Queue the document again (indexing continues where it stopped)."""
        state = self._state(key)
        if state is not None:
            self._index_again([state], None)

    def retry_all(self) -> None:
        """Queue every failed or cancelled document again (not the encrypted ones)."""
        self._index_again([s for s in self.states() if s.retryable], None)

    def clear_finished(self) -> None:
        """Take every failed or cancelled document off the list (and out of the engine)."""
        for state in self.states():
            if state.ended:
                self.remove(state.key)

    def retry_with_password(self, key: str) -> None:
        """Ask for the PDF's password (never blocking the app), then index it again."""
        state = self._state(key)
        if state is None:
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("passwordDialog")
        dialog.setWindowTitle(self.tr("Password"))
        dialog.setLabelText(self.tr("Password for {name}:").format(name=state.name))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda password: self._index_again([state], password))
        dialog.open()

    def _index_again(self, states: list[RowState], password: str | None) -> None:
        if not states:
            return
        for state in states:
            self._forget_failure(state.path)
            if state.source_id is not None and state.source_id in self._queue.locked:
                self._queue.locked[state.source_id] = password is not None
        self.add_paths([s.path for s in states], password=password)

    def remove(self, key: str) -> None:
        """Remove a document from the knowledge base (or dismiss a failed file)."""
        state = self._state(key)
        if state is None:
            return
        if state.source_id is None:
            self._forget_failure(state.path)
            self._dismissed.add(key)
            self._render()
            return
        source_id = state.source_id
        self._queue.locked.pop(source_id, None)
        self._runner.run(
            lambda _c: self._engine.knowledge.remove_source(source_id),
            lambda _changes: None,  # the engine reports the change; the list follows it
            self.failed.emit,
            lane=IO,
            context=self,
        )

    def open(self, key: str) -> None:
        """Open a ready document at its first page."""
        state = self._state(key)
        if state is not None:
            self.open_requested.emit(state.path, 1)

    def summarize(self, key: str) -> None:
        """Summarize a ready document into a new conversation."""
        state = self._state(key)
        if state is not None and state.source_id is not None:
            self.summarize_requested.emit(state.source_id, state.name)

    def _forget_failure(self, path: str) -> None:
        self._queue.unstored = [r for r in self._queue.unstored if r.path != path]

    def cancel_all(self) -> None:
        """Stop the drain and a model switch (the window is closing): the queue stays stored."""
        self._stopped = True
        if self._drain is not None:
            self._drain.cancel()
        self.switch.cancel()
