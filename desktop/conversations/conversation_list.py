"""The sidebar: conversations (newest first), full-text search, new, rename, delete, export.

The list is re-read when the engine reports that conversations changed (the window calls
`refresh`), whoever changed them; reads asked for while one runs are folded into one more.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.task_runner import IO, TaskRunner
from desktop.widgets import file_dialogs
from engine.api import CancelToken, EngineAPI

ID_ROLE = Qt.ItemDataRole.UserRole
Row = tuple[int, str, str]  # conversation id, title, matching snippet


class ConversationList(QWidget):
    """Lists conversations and runs the sidebar's actions through the task runner.

    Signals:
        conversation_selected(int): the person opened a conversation.
        new_requested(): the "New chat" button.
        conversation_deleted(int): a conversation is gone.
        failed(object): an engine call failed (the window shows it).
        refreshed(): the list was reloaded (tests wait for it).
    """

    conversation_selected = Signal(int)
    new_requested = Signal()
    conversation_deleted = Signal(int)
    failed = Signal(object)
    refreshed = Signal()

    def __init__(
        self, engine: EngineAPI, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self._engine = engine
        self._runner = runner
        self._current: int | None = None
        self._filling = False
        self._reading = False
        self._read_again = False
        self.new_button = QPushButton(self.tr("New chat"))
        self.new_button.setObjectName("newChatButton")
        self.new_button.setAccessibleName(self.tr("New chat (Ctrl+N)"))
        self.new_button.setToolTip(self.tr("New chat (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search conversations (Ctrl+K)"))
        self.search.setAccessibleName(self.tr("Search conversations"))
        self.search.setClearButtonEnabled(True)
        self.search.setAcceptDrops(False)  # dropped files go to the window, which indexes them
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.list = QListWidget()
        self.list.setObjectName("conversationList")
        self.list.setAccessibleName(self.tr("Conversations"))
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._on_list_menu)
        self.list.itemActivated.connect(self._on_item_activated)
        self.list.itemClicked.connect(self._on_item_activated)
        self.list.itemChanged.connect(self._on_item_changed)
        self._add_list_actions()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addWidget(self.new_button)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)

    def _add_list_actions(self) -> None:
        self.rename_action = QAction(self.tr("Rename"), self.list)
        self.rename_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.rename_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.rename_action.triggered.connect(self.rename_selected)
        self.delete_action = QAction(self.tr("Delete…"), self.list)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.export_md_action = QAction(self.tr("Export as Markdown…"), self.list)
        self.export_md_action.triggered.connect(lambda: self.export_selected("md"))
        self.export_json_action = QAction(self.tr("Export as JSON…"), self.list)
        self.export_json_action.triggered.connect(lambda: self.export_selected("json"))
        for action in (self.rename_action, self.delete_action):
            self.list.addAction(action)

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """Reload the list, or the search results while a search is typed."""
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        text = self.search.text().strip()
        conversations = self._engine.conversations

        def rows(_cancel: CancelToken) -> list[Row]:
            if text:
                found = conversations.search(text)
                return [(m.conversation_id, m.conversation_title, m.snippet) for m in found]
            return [(c.id, c.title, "") for c in conversations.list_recent()]

        self._runner.run(rows, self._on_rows, self._on_read_failed, lane=IO, context=self)

    def _on_rows(self, rows: list[Row]) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self.refresh()
            return
        self._fill(rows)

    def _on_read_failed(self, exc: BaseException) -> None:
        self._reading = self._read_again = False
        self.failed.emit(exc)

    def set_current(self, conversation_id: int | None) -> None:
        """Mark the open conversation (None: a new, unsaved one)."""
        self._current = conversation_id
        self._select_current()

    def _fill(self, rows: list[Row]) -> None:
        if self.list.state() == QAbstractItemView.State.EditingState:
            QTimer.singleShot(300, self, self.refresh)  # never pull a title out from under typing
            return
        self._filling = True
        self.list.clear()
        seen: set[int] = set()
        for cid, title, snippet in rows:
            if cid in seen:
                continue
            seen.add(cid)
            item = QListWidgetItem(title or self.tr("Untitled conversation"))
            item.setData(ID_ROLE, cid)
            item.setToolTip(title)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            if snippet:
                item.setToolTip(f"{title}\n{snippet.replace('[', '').replace(']', '')}")
            self.list.addItem(item)
        self._select_current()
        self._filling = False
        self.refreshed.emit()

    def _select_current(self) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ID_ROLE) == self._current:
                self.list.setCurrentItem(item)
                return
        self.list.clearSelection()

    # ------------------------------------------------------------------ actions
    def _selected_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(ID_ROLE))

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self.conversation_selected.emit(int(item.data(ID_ROLE)))

    def rename_selected(self) -> None:
        """Edit the selected title in place (F2); Enter stores it."""
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        cid, title = int(item.data(ID_ROLE)), item.text().strip()
        if not title:
            self.refresh()
            return
        self._runner.run(
            lambda _c: self._engine.conversations.rename(cid, title),
            lambda _changes: None,  # the engine reports the change; the list follows it
            self._on_rename_failed,
            lane=IO,
            context=self,
        )

    def _on_rename_failed(self, exc: BaseException) -> None:
        self.failed.emit(exc)
        self.refresh()  # the old title goes back

    def delete_selected(self) -> None:
        """Ask, then delete the selected conversation (the question never blocks the app)."""
        item: QListWidgetItem | None = self.list.currentItem()
        if item is None:
            return
        cid = int(item.data(ID_ROLE))
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete conversation"),
            self.tr("Delete “{title}” and all its messages?").format(title=item.text()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("confirmDelete")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda result: self._on_delete_answered(cid, result))
        box.open()

    def _on_delete_answered(self, cid: int, result: int) -> None:
        if result != QMessageBox.StandardButton.Yes:
            return
        self._runner.run(
            lambda _c: self._engine.conversations.delete(cid),
            lambda _changes: self.conversation_deleted.emit(cid),
            self.failed.emit,
            lane=IO,
            context=self,
        )

    def export_selected(self, fmt: str) -> None:
        """Save the selected conversation as Markdown or JSON where the person chooses.

        The save dialog offers only the chosen format; once written, a note says where, with
        "Open folder".
        """
        cid, item = self._selected_id(), self.list.currentItem()
        if cid is None or item is None:
            return
        suffix = ".md" if fmt == "md" else ".json"
        name = "".join(ch for ch in item.text() if ch.isalnum() or ch in " -_").strip() or "chat"
        name_filter = self.tr("Markdown (*.md)") if fmt == "md" else self.tr("JSON (*.json)")
        file_dialogs.choose_save_file(
            self, self.tr("Export conversation"), f"{name}{suffix}", name_filter,
            lambda path: self._export(cid, fmt, path),
        )

    def _export(self, cid: int, fmt: str, path: str) -> None:
        engine = self._engine

        def work(_c: object) -> None:
            Path(path).write_text(engine.conversations.export(cid, fmt), encoding="utf-8")

        def saved(_r: None) -> None:
            file_dialogs.confirm_saved(self, self.tr("Conversation exported"), path)

        self._runner.run(work, saved, self.failed.emit, lane=IO, context=self)

    def _on_list_menu(self, position: QPoint) -> None:
        if self.list.itemAt(position) is None:
            return
        menu = QMenu(self)
        for action in (
            self.rename_action,
            self.delete_action,
            self.export_md_action,
            self.export_json_action,
        ):
            menu.addAction(action)
        menu.popup(self.list.viewport().mapToGlobal(position))
