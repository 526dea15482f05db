"""The main window: conversations | chat | documents, a status bar, menus and shortcuts.

It wires the panels together and owns what spans them: drag and drop anywhere on the window,
the one error banner, the PDF viewer, the settings dialog, the push-to-talk key (Ctrl+Space),
window state (geometry and the conversation open last, which the next start reopens), the tab
order (sidebar -> messages -> question -> documents, as the columns are laid out: widgets made
later would otherwise join the end of the chain), and a close that cancels running work (a
recording too) and waits for it (without blocking the GUI) so nothing is lost.

It also listens to the engine once (`subscribe`): every mutation, whoever made it, reports
what it touched, and the notice is hopped to the GUI thread where the conversation list, the
documents panel and the model label re-read what changed. Nothing polls.

Start-up paints first (issue 14): the window reads only the conversation list and the chat open
at the last quit (SQLite, a few ms on the I/O lane; `content_loaded` tells `app` to show it),
with the model label and the documents panel saying "loading…". The rest (`load_rest`: the
documents, the voice check, the model file and the model's warm-up) starts after the first
paint, as their imports (numpy, FAISS, gguf, llama.cpp) on the worker lanes compete for the GIL
the GUI thread needs to build and paint the window.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QVBoxLayout, QWidget

from desktop.chat import entries
from desktop.chat.chat_panel import ChatPanel
from desktop.chat.model_header import ModelHeader
from desktop.conversations.conversation_list import ConversationList
from desktop.formatting import model_name
from desktop.knowledge.knowledge_panel import KnowledgePanel
from desktop.knowledge.link_paste import LinkPaste, pasted_targets
from desktop.locations import resource, window_state
from desktop.models.downloads import Downloads
from desktop.speech.push_to_talk import PushToTalkKey
from desktop.speech.voice_input import import_audio
from desktop.startup_clock import watch
from desktop.task_runner import IO, MODEL, TaskRunner
from desktop.viewer.media_files import is_media_file, is_recording
from desktop.widgets.error_banner import ErrorBanner
from engine.api import EngineAPI
from engine.types import Changes, Citation, ModelInfo

if TYPE_CHECKING:  # made on first use; importing them costs ~40 ms before the first paint
    from desktop.settings.settings_dialog import SettingsDialog
    from desktop.viewer.pdf_viewer import PdfViewer
    from desktop.viewer.player import MediaPlayer

CLOSE_GRACE_MS = 15_000
# A window not shown (tests, the self-test) loads the rest after this instead of its first paint.
UNSHOWN_LOAD_MS = 2000  # well after `app.SHOW_ANYWAY_MS`
SAFE_SCHEMES = {"http", "https", "mailto"}


def dropped_paths(mime: QMimeData) -> list[str]:
    """Local files and folders as paths, web links as text, from a drop's mime data."""
    return pasted_targets(mime, ())


class MainWindow(QMainWindow):
    """The window people live in.

    Signals:
        closed(): the window finished closing (work cancelled and drained, state saved).
        content_loaded(): the conversation list and the reopened chat are in (show it now).
        model_shown(): the model label names the model (the window is fully ready).
    """

    closed = Signal()
    content_loaded = Signal()
    model_shown = Signal()

    def __init__(
        self,
        engine: EngineAPI,
        runner: TaskRunner,
        *,
        warm_up: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Lanthorn"))
        self.setWindowIcon(QIcon(str(resource("icons", "lanthorn.svg"))))
        self._engine = engine
        self._runner = runner
        self._closing = False
        self._closed_once = False
        self._close_deadline = 0.0
        self._close_poll = QTimer(self, interval=50, singleShot=True)
        self._close_poll.timeout.connect(self.close)
        self.viewer: PdfViewer | None = None
        self.player: MediaPlayer | None = None
        self.model_known = False
        self.settings_dialog: SettingsDialog | None = None
        self._build()
        self._build_actions()
        self._connect()
        self.setAcceptDrops(True)
        self._tab_timer = QTimer(self, interval=0, singleShot=True)
        self._tab_timer.timeout.connect(self.order_tabs)
        self.restore_state()
        self._unsubscribe = engine.subscribe(self._on_engine_changed)
        self._loading = {"list", "chat"}
        self.sidebar.refreshed.connect(lambda: self._loaded("list"))
        self.sidebar.failed.connect(lambda _exc: self._loaded("list"))
        self.sidebar.refresh()
        self._reopen_last_conversation()
        self._warm_up, self._rest_started = warm_up, False
        watch(self, self.load_rest)
        QTimer.singleShot(UNSHOWN_LOAD_MS, self, self._load_rest_unshown)
        self.order_tabs()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.sidebar = ConversationList(self._engine, self._runner)
        self.chat = ChatPanel(self._engine, self._runner)
        self.knowledge = KnowledgePanel(self._engine, self._runner)
        self.link_paste = LinkPaste(self._engine, self._runner, self.knowledge)
        self.error_banner = ErrorBanner()
        self.downloads = Downloads(self._engine, self._runner, self)
        self.model_header = ModelHeader(self._engine, self._runner, self.downloads)
        center = QWidget()
        center.setObjectName("center")
        column = QVBoxLayout(center)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.chat, 1)
        column.insertWidget(1, self.error_banner)
        column.insertWidget(0, self.model_header)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        for widget, stretch in ((self.sidebar, 0), (center, 1), (self.knowledge, 0)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setSizes([230, 640, 320])
        self.setCentralWidget(self.splitter)
        self.model_label = QLabel(self.tr("Model: loading…"))
        self.model_label.setObjectName("modelLabel")
        self.speed_label = QLabel()
        self.activity_label = QLabel()
        self.progress_label = QLabel()
        bar = self.statusBar()
        bar.addWidget(self.activity_label, 1)
        bar.addPermanentWidget(self.progress_label)
        bar.addPermanentWidget(self.speed_label)
        bar.addPermanentWidget(self.model_label)
        self.chat.composer.question.viewport().installEventFilter(self)
        self.resize(1200, 780)

    def _action(self, text: str, keys: str | None, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.add_action = self._action(
            self.tr("&Add documents…"), "Ctrl+O", self.knowledge.choose_files
        )
        self.add_folder_action = self._action(
            self.tr("Add &folder…"), None, self.knowledge.choose_folder
        )
        self.paste_action = self._action(  # text fields keep Ctrl+V for pasting text
            self.tr("&Paste links"), "Ctrl+V", self.link_paste.paste
        )
        self.settings_action = self._action(self.tr("&Settings…"), "Ctrl+,", self.open_settings)
        self.quit_action = self._action(self.tr("&Quit"), "Ctrl+Q", self.close)
        self.new_action = self._action(self.tr("&New chat"), "Ctrl+N", self.chat.new_conversation)
        self.search_action = self._action(
            self.tr("&Search conversations"), "Ctrl+K", self.focus_search
        )
        self.stop_action = self._action(self.tr("S&top answer"), "Esc", self.chat.stop)
        self.stop_action.setEnabled(False)
        self.focus_question_action = self._action(
            self.tr("Ask a &question"), "Ctrl+L", self.chat.composer.question.setFocus
        )
        self.documents_action = self._action(
            self.tr("Show &documents"), "Ctrl+D", self.focus_documents
        )
        self.about_action = self._action(self.tr("&About Lanthorn"), None, self.show_about)
        menus = self.menuBar()
        file_menu = menus.addMenu(self.tr("&File"))
        for action in (
            self.add_action, self.add_folder_action, self.paste_action, self.settings_action
        ):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        chat_menu = menus.addMenu(self.tr("&Chat"))
        for action in (
            self.new_action,
            self.search_action,
            self.focus_question_action,
            self.stop_action,
            self.sidebar.rename_action,
            self.sidebar.delete_action,
            self.sidebar.export_md_action,
            self.sidebar.export_json_action,
        ):
            chat_menu.addAction(action)
        view_menu = menus.addMenu(self.tr("&View"))
        view_menu.addAction(self.documents_action)
        help_menu = menus.addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

    def _connect(self) -> None:
        chat, sidebar, knowledge = self.chat, self.sidebar, self.knowledge
        sidebar.conversation_selected.connect(chat.open_conversation)
        sidebar.new_requested.connect(chat.new_conversation)
        sidebar.conversation_deleted.connect(chat.forget_conversation)
        sidebar.failed.connect(self.show_error)
        chat.conversation_opened.connect(lambda cid: sidebar.set_current(None if cid < 0 else cid))
        chat.answer_failed.connect(self.show_error)
        chat.answer_started.connect(self.error_banner.hide)
        chat.busy_changed.connect(self.stop_action.setEnabled)
        chat.speed_changed.connect(
            lambda speed: self.speed_label.setText(
                self.tr("{speed:.1f} tokens/s").format(speed=speed)
            )
        )
        chat.progress_changed.connect(self.progress_label.setText)
        chat.voice.failed.connect(self.show_error)
        self.push_to_talk = PushToTalkKey(self, chat.voice)
        chat.view.citation_clicked.connect(self.open_citation)
        chat.view.link_clicked.connect(self.open_link)
        chat.view.add_requested.connect(knowledge.choose_files)
        knowledge.failed.connect(self.show_error)
        knowledge.refused.connect(self.error_banner.show_message)
        knowledge.open_requested.connect(self.open_document)
        knowledge.summarize_requested.connect(chat.summarize)
        knowledge.activity_changed.connect(self.activity_label.setText)
        chat.conversation_opened.connect(self.model_header.show_conversation)
        chat.busy_changed.connect(self.model_header.set_busy)
        self.model_header.conversation_created.connect(chat.open_conversation)
        self.model_header.failed.connect(self.show_error)
        self.downloads.failed.connect(self.show_error)
        knowledge.rows_changed.connect(chat.set_documents)
        for changed in (chat.view.content_changed, chat.answer_finished, knowledge.rows_changed,
                        chat.busy_changed):
            changed.connect(lambda *_: self._tab_timer.start())

    # ------------------------------------------------------------------ engine changes
    def _on_engine_changed(self, changes: Changes) -> None:
        """Engine listener: runs on the thread that made the change; hop to the GUI thread."""
        self._runner.deliver(lambda: self._apply_changes(changes), self)

    def _apply_changes(self, changes: Changes) -> None:
        """Each view re-reads what the engine says changed (reads coalesce inside the views)."""
        if self._closing:
            return
        if changes.conversations:
            self.sidebar.refresh()
        if changes.sources or changes.embeddings:
            self.knowledge.refresh()
        if changes.settings:
            self._show_model(False)
            self.chat.voice.refresh()
        if changes.models or changes.settings:
            self.model_header.refresh()
        if self.settings_dialog is not None and (changes.models or changes.settings
                                                 or changes.embeddings):
            self.settings_dialog.models_page.refresh()

    # ------------------------------------------------------------------ actions
    def show_error(self, exc: BaseException) -> None:
        """Show an error in the one place errors appear."""
        self.error_banner.show_error(exc)

    def focus_search(self) -> None:
        """Ctrl+K: type to search every conversation."""
        self.sidebar.search.setFocus()
        self.sidebar.search.selectAll()

    def focus_documents(self) -> None:
        """Move the keyboard focus to the documents panel."""
        self.knowledge.add_button.setFocus()

    def open_settings(self) -> None:
        """Ctrl+,: the settings dialog (window-modal, never blocks the event loop)."""
        from desktop.settings.settings_dialog import SettingsDialog

        if self.settings_dialog is not None:
            self.settings_dialog.raise_()
            return
        dialog = self.settings_dialog = SettingsDialog(
            self._engine, self._runner, self._engine.settings(), self, downloads=self.downloads
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.embedding_model_changed.connect(self.knowledge.switch.start)
        dialog.finished.connect(self._on_settings_closed)
        dialog.open()

    def _on_settings_closed(self, _result: int) -> None:
        self.settings_dialog = None

    def show_about(self) -> None:
        """A short note on what Lanthorn is."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("About Lanthorn"),
            self.tr("Lanthorn: private, offline chat with a local model about your own documents."),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def open_citation(self, citation: Citation) -> None:
        """A chip was clicked: open the PDF at the passage, or the recording at its second.

        A local recording or video plays in the built-in player; a web video opens in the browser.
        """
        url = entries.video_url(citation)
        at = citation.location
        if url is not None:
            QDesktopServices.openUrl(url)
        elif is_recording(at) and at.start_s is not None:
            self.media_player().play_span(at.path, at.start_s, at.end_s)
        elif entries.is_pdf(citation):
            self.pdf_viewer().show_passage(at.path, at.page or 1, citation.quote)
        else:
            QDesktopServices.openUrl(QUrl.fromLocalFile(citation.location.path))

    def open_document(self, path: str, page: int) -> None:
        """Open a document from the knowledge panel."""
        if path.lower().endswith(".pdf"):
            self.pdf_viewer().open(path, page)
        elif is_media_file(path):
            self.media_player().play_span(path, 0.0)
        elif path.startswith(("https://", "http://")):  # a video: its page on the web
            QDesktopServices.openUrl(QUrl(path))
        else:
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def open_link(self, url: QUrl) -> None:
        """A web link in an answer opens in the browser only because the person clicked it."""
        if url.scheme() in SAFE_SCHEMES:
            QDesktopServices.openUrl(url)

    def pdf_viewer(self) -> PdfViewer:
        """The viewer window (made on first use, QtPdf imported then)."""
        from desktop.viewer.pdf_viewer import PdfViewer

        if self.viewer is None:
            self.viewer = PdfViewer(self)
            self.viewer.failed.connect(lambda text: self.show_error(RuntimeError(text)))
        return self.viewer

    def media_player(self) -> MediaPlayer:
        """The player window (made on first use, QtMultimedia imported then)."""
        from desktop.viewer.player import MediaPlayer

        if self.player is None:
            self.player = MediaPlayer(self)
            self.player.failed.connect(lambda text: self.show_error(RuntimeError(text)))
        return self.player

    def _show_model(self, warm_up: bool) -> None:
        engine = self._engine
        self._runner.run(
            lambda _c: engine.models.current(),
            self._on_model_known,
            self.show_error,
            lane=IO,
            context=self,
        )
        if warm_up:  # the first answer should not wait for the model to load
            self._runner.run(
                lambda _c: engine.models.load(),
                lambda _i: None,
                self.show_error,
                lane=MODEL,
                context=self,
            )

    def _on_model_known(self, info: ModelInfo) -> None:
        self.model_label.setText(self.tr("Model: {name}").format(name=model_name(info)))
        self.model_label.setToolTip(f"{info.name}\n{info.path}")
        if not self.model_known:
            self.model_known = True
            self.model_shown.emit()

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        """Accept files, folders and links dragged anywhere onto the window."""
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 (Qt's name)
        """Keep accepting while the drag moves over the window."""
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt's name)
        """Index what was dropped."""
        paths = dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.knowledge.add_paths(paths)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Files dropped on the question box are indexed, not pasted as text."""
        if not isinstance(event, QDropEvent):  # drag enter and move events are drop events too
            return False
        if not dropped_paths(event.mimeData()):
            return False
        if event.type() == QEvent.Type.Drop:
            self.dropEvent(event)
        else:
            event.acceptProposedAction()
        return True

    # ------------------------------------------------------------------ tab order
    def order_tabs(self) -> None:
        """Tab follows the columns: sidebar, messages, question box, documents panel.

        Qt chains widgets in the order they were made, so messages and document rows made
        later ended the chain (the issue found question -> documents -> messages -> sidebar);
        the chain is set again whenever messages or rows come and go.
        """
        sidebar, chat, knowledge = self.sidebar, self.chat, self.knowledge
        composer = chat.composer
        order: list[QWidget] = [sidebar.new_button, sidebar.search, sidebar.list]
        order += chat.view.focus_order()
        order += [composer.question, composer.use_documents]
        if composer.mic_button is not None:
            order.append(composer.mic_button)
        order += [composer.stop_button, composer.send_button]
        order += [knowledge.add_button, knowledge.add_folder_button, knowledge.retry_all_button,
                  knowledge.clear_button, *knowledge.switch.focus_order()]
        for row in knowledge.rows():
            order += row.focus_order()
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ state and closing
    def restore_state(self) -> None:
        """Geometry and splitter sizes from the last session (kept apart from settings)."""
        state = window_state()
        geometry, sizes = state.value("window/geometry"), state.value("window/splitter")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(sizes, QByteArray):
            self.splitter.restoreState(sizes)

    def _reopen_last_conversation(self) -> None:
        """Open the conversation that was open at the last close, if it still exists."""
        saved = window_state().value("window/conversation")
        if not isinstance(saved, str) or not saved.isdigit():
            self._loaded("chat")
            return
        cid, conversations = int(saved), self._engine.conversations
        self.chat.view.hold_older()  # a screenful first; `load_rest` builds the others
        self._runner.run(
            lambda _c: conversations.get(cid),
            lambda _conversation: self._open_if_still_new(cid),
            lambda _exc: self._loaded("chat"),  # deleted meanwhile (by the CLI): the welcome card
            lane=IO,
            context=self,
        )

    def _open_if_still_new(self, conversation_id: int) -> None:
        """Open it unless the person started something else meanwhile."""
        if self.chat.conversation_id is None and not self.chat.busy:
            self.chat.conversation_opened.connect(lambda _cid: self._loaded("chat"))
            self.chat.answer_failed.connect(lambda _exc: self._loaded("chat"))
            self.chat.open_conversation(conversation_id)
        else:
            self._loaded("chat")

    # ------------------------------------------------------------------ start-up order
    def _loaded(self, part: str) -> None:
        """`part` ("list", "chat") is read from SQLite; once both are, the window may paint."""
        if part in self._loading:
            self._loading.discard(part)
            if not self._loading:
                self.content_loaded.emit()

    def load_rest(self) -> None:
        """After the first paint: older messages, documents, the voice check, models (once).

        These read the knowledge base (numpy, FAISS: ~0.3 s) and the model file (gguf: ~0.1 s)
        and warm the model (llama.cpp); begun before the first paint, their imports on the
        worker lanes held the GIL the GUI thread needed to build and paint the window.
        """
        if self._rest_started or self._closing:
            return
        self._rest_started = True
        self.chat.view.release_older()
        self.knowledge.start()
        self._runner.run(
            lambda _c: import_audio(),
            lambda _none: self.chat.voice.refresh(),
            self.show_error,
            lane=IO,
            context=self,
        )
        self.model_header.refresh()
        self._show_model(self._warm_up)

    def _load_rest_unshown(self) -> None:
        if not self.isVisible():
            self.load_rest()

    def save_state(self) -> None:
        """Remember geometry, splitter sizes and the open conversation."""
        state = window_state()
        state.setValue("window/geometry", self.saveGeometry())
        state.setValue("window/splitter", self.splitter.saveState())
        cid = self.chat.conversation_id
        state.setValue("window/conversation", "" if cid is None else str(cid))
        state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Cancel running work; close once it has stopped (the engine keeps what was done).

        The event loop keeps running meanwhile (a timer checks again every 50 ms), so streams
        deliver their last words and the engine stores them before the window goes.
        """
        if not self._closing:
            self._closing = True
            self._close_deadline = time.monotonic() + CLOSE_GRACE_MS / 1000
            self.save_state()
            self.chat.stop()
            self.chat.voice.cancel()
            self.knowledge.cancel_all()
            self._runner.cancel_all()
            for viewer in (self.viewer, self.player):
                if viewer is not None:
                    viewer.close()
        if self._runner.busy and time.monotonic() < self._close_deadline:
            event.ignore()
            self.activity_label.setText(self.tr("Stopping…"))
            self._close_poll.start()
            return
        self._close_poll.stop()
        super().closeEvent(event)
        if not self._closed_once:
            self._closed_once = True
            self._unsubscribe()
            self.closed.emit()
