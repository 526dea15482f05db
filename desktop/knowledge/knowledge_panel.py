"""The knowledge panel: documents with their state, and adding, cancelling, retrying, removing.

Each add (a drop, or the Add button) is one `add_sources` job on the index lane with its own
cancel token, so the chat keeps answering from what is ready while a long PDF indexes. Progress
arrives through a coalescing relay; the list is re-read from the engine (a cheap read on the I/O
lane) when the engine reports that sources changed (`refresh`, called by the window), never on a
timer. The embedding-model switch shows here too (`desktop.knowledge.embedding_switch`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
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
from desktop.knowledge.index_jobs import IndexJob, job_for, row_states
from desktop.knowledge.playlist_groups import PlaylistGroups
from desktop.knowledge.source_row import RowState, SourceRow
from desktop.task_runner import INDEX, IO, TaskRunner
from engine.api import CancelToken, EngineAPI
from engine.errors import Cancelled
from engine.types import AddReport, Progress, ProgressCallback, Source, SourceKind, SourceStatus

AddWork = Callable[[ProgressCallback, CancelToken], AddReport]


class KnowledgePanel(QWidget):
    """Lists sources and runs the knowledge actions.

    Signals:
        open_requested(str, int): open a PDF in the viewer at a 1-based page.
        summarize_requested(int, str): summarize a source (id, title) into the chat.
        failed(object): an engine call failed (the window shows it).
        refused(str): files of no kind the engine reads were given (a sentence to show).
        activity_changed(str): a one-line indexing state for the status bar.
        sources_changed(): the list was re-read (tests wait for it).
    """

    open_requested = Signal(str, int)
    summarize_requested = Signal(int, str)
    failed = Signal(object)
    refused = Signal(str)
    activity_changed = Signal(str)
    sources_changed = Signal()

    def __init__(
        self, engine: EngineAPI, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("knowledgePanel")
        self._engine = engine
        self._runner = runner
        self._jobs: list[IndexJob] = []
        self._sources: list[Source] = []
        self._kinds: tuple[SourceKind, ...] = ()
        self._locked: set[int] = set()  # stored sources that failed for want of a password
        self._dismissed: set[str] = set()
        self._rows: dict[str, SourceRow] = {}
        self._reading = False
        self._read_again = False  # the engine changed sources while a read was under way
        self._resumed = False  # half-indexed sources are resumed once, at start
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
        self.empty = QLabel(self.tr("Drop PDFs, text files or folders here to ask about them."))
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 8, 8)
        layout.addLayout(header)
        layout.addWidget(self.switch)
        layout.addWidget(self.scroll_area, 1)

    def start(self) -> None:
        """Read what the engine holds; finish indexing and a model switch left unfinished."""
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
        """Pick documents with the system's file dialog."""
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add documents"), str(Path.home()), kinds.dialog_filter(self._kinds)
        )
        if paths:
            self.add_paths(paths)

    def choose_folder(self) -> None:
        """Pick a folder; every document inside is added."""
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder"), str(Path.home()))
        if folder:
            self.add_paths([folder])

    def add_paths(self, paths: list[str], password: str | None = None) -> None:
        """Index `paths` (files, folders or links) on the index lane.

        Files of no kind the engine reads are refused with a sentence saying what it reads.
        """
        wanted = [p for p in paths if kinds.is_readable(p, self._kinds)]
        refused = [p for p in paths if p not in wanted]
        if refused:
            self.refused.emit(kinds.refusal(refused, self._kinds))
        if not wanted:
            return
        engine = self._engine
        self._start_job(
            IndexJob(wanted),
            lambda relay, cancel: engine.knowledge.add_sources(
                wanted, password=password, progress=relay, cancel=cancel
            ),
        )

    def resume(self, paths: list[str]) -> None:
        """Finish what an earlier run left half-indexed (the app was closed or killed)."""
        engine = self._engine
        self._start_job(
            IndexJob(list(paths)),
            lambda relay, cancel: engine.knowledge.resume_indexing(progress=relay, cancel=cancel),
        )

    def _start_job(self, job: IndexJob, work: AddWork) -> None:
        relay = self._runner.progress_relay(lambda p: self._on_progress(job, p), context=self)
        job.task = self._runner.run(
            lambda cancel: work(relay, cancel),
            lambda report: self._on_job_done(job, report),
            lambda exc: self._on_job_failed(job, exc),
            lane=INDEX,
            context=self,
        )
        self._jobs.append(job)
        self._dismissed.difference_update(f"path:{p}" for p in job.paths)
        self._render()

    def _on_progress(self, job: IndexJob, progress: Progress) -> None:
        job.progress = progress
        self._render()

    def _on_job_done(self, job: IndexJob, report: AddReport) -> None:
        job.unstored = [r for r in report.results if r.source_id is None]
        self._locked.update(
            r.source_id for r in report.results if r.needs_password and r.source_id is not None
        )
        self._finish(job)

    def _on_job_failed(self, job: IndexJob, exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            self.failed.emit(exc)
        self._finish(job)

    def _finish(self, job: IndexJob) -> None:
        job.task = None
        job.progress = None
        if not job.unstored:
            self._jobs.remove(job)
        self._render()

    @property
    def running(self) -> bool:
        """Whether any add job is queued or running."""
        return any(job.task is not None for job in self._jobs)

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
        self._sources = sources
        if self._read_again:
            self._read_again = False
            self.refresh()
        if not self._resumed:
            self._resumed = True
            unfinished = (SourceStatus.QUEUED, SourceStatus.INDEXING)
            stale = [s.path for s in sources if s.status in unfinished]
            if stale and not self.running:
                self.resume(stale)
        self._render()
        self.sources_changed.emit()

    def _on_read_failed(self, exc: BaseException) -> None:
        self._reading = self._read_again = False
        self.failed.emit(exc)

    def states(self) -> list[RowState]:
        """What the panel shows, in order: stored sources, then files not yet stored."""
        shown = row_states(self._sources, self._jobs, self._locked)
        return [s for s in shown if s.key not in self._dismissed]

    def _job_for(self, path: str) -> IndexJob | None:
        return job_for(self._jobs, path)

    def _render(self) -> None:
        states = self.states()
        keys = [s.key for s in states]
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
        self.activity_changed.emit(self._activity(states))

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
        indexing = [s for s in states if s.status is SourceStatus.INDEXING and s.running]
        waiting = [s for s in states if s.status is SourceStatus.QUEUED]
        if indexing:
            current = indexing[0]
            progress = current.progress
            if progress is not None and progress.total:
                return self.tr("Indexing {title}: {done}/{total} pages").format(
                    title=current.title, done=progress.done, total=progress.total
                )
            return self.tr("Indexing {title}…").format(title=current.title)
        if waiting and self.running:
            return self.tr("{count} documents waiting").format(count=len(waiting))
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
        """Stop indexing that document (its job); pages already indexed are kept."""
        state = self._state(key)
        job = self._job_for(state.path) if state is not None else None
        if job is not None and job.task is not None:
            job.task.cancel()

    def retry(self, key: str) -> None:
        """Index the document again (resumes where it stopped)."""
        state = self._state(key)
        if state is not None:
            self._index_again(state, None)

    def retry_with_password(self, key: str) -> None:
        """Ask for the PDF's password (never blocking the app), then index it again."""
        state = self._state(key)
        if state is None:
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("passwordDialog")
        dialog.setWindowTitle(self.tr("Password"))
        dialog.setLabelText(self.tr("Password for {title}:").format(title=state.title))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda password: self._index_again(state, password))
        dialog.open()

    def _index_again(self, state: RowState, password: str | None) -> None:
        self._forget_failure(state.path)
        if state.source_id is not None:
            self._locked.discard(state.source_id)
        self.add_paths([state.path], password=password)

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
        self.cancel(key)
        source_id = state.source_id
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
        """Summarize a ready document into the chat."""
        state = self._state(key)
        if state is not None and state.source_id is not None:
            self.summarize_requested.emit(state.source_id, state.title)

    def _forget_failure(self, path: str) -> None:
        for job in list(self._jobs):
            job.unstored = [r for r in job.unstored if r.path != path]
            if job.task is None and not job.unstored:
                self._jobs.remove(job)

    def cancel_all(self) -> None:
        """Stop every add job and a model switch (the window is closing)."""
        for job in self._jobs:
            if job.task is not None:
                job.task.cancel()
        self.switch.cancel()
