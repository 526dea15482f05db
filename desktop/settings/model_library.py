"""The Models page's library: every chat model with its facts and fit; add, make default, remove.

Facts come from each GGUF's header and the fit label from the engine's one estimate, as
`engine.models.library()` returns them. A file is added from the file dialog or dropped on the
list, copied into the data folder or referenced where it is (the check box decides). Removing
asks first and says what happens to the file: one Lanthorn copied or downloaded is deleted, a
referenced one is only forgotten (Delete on the list asks the same). Every call runs on the
I/O lane (a copy can take a minute).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import describe
from desktop.formatting import human_bytes
from desktop.models import facts
from desktop.task_runner import IO, TaskRunner
from engine.api import EngineAPI
from engine.types import FitVerdict, LibraryModel, ModelKind

ID_ROLE = Qt.ItemDataRole.UserRole
VERDICT_COLOURS = {
    FitVerdict.FITS: "#1d6b33",
    FitVerdict.TIGHT: "#8a5a00",
    FitVerdict.WONT_FIT: "#a3261a",
}


def gguf_paths(urls: list[str]) -> list[str]:
    """The `.gguf` files among dropped local paths."""
    return [path for path in urls if path.lower().endswith(".gguf")]


class LibrarySection(QGroupBox):
    """The library as a list, with Add, Set as default and Remove.

    Signals:
        changed(): the library or the default changed through this section.
        message(str): a sentence about what happened or went wrong, for the page to show.
    """

    changed = Signal()
    message = Signal(str)

    COLUMNS = 8
    FIT_COLUMN = 1

    def __init__(
        self, engine: EngineAPI, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Your models"))
        self.setAcceptDrops(True)
        self._engine = engine
        self._runner = runner
        self.models: list[LibraryModel] = []
        self.confirm_box: QMessageBox | None = None
        self.tree = QTreeWidget()
        self.tree.setObjectName("modelLibrary")
        self.tree.setAccessibleName(self.tr("Your models"))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels([
            self.tr("Name"), self.tr("Fit for this computer"), self.tr("Parameters"),
            self.tr("Quantization"), self.tr("Trained context"), self.tr("File size"),
            self.tr("Licence"), self.tr("Architecture"),
        ])
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setMinimumHeight(130)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        remove_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.tree)
        remove_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_key.activated.connect(self.confirm_remove)
        self.add_button = QPushButton(self.tr("Add a GGUF file…"))
        self.add_button.setAccessibleName(self.tr("Add a GGUF model file to the library"))
        self.add_button.clicked.connect(self.choose_file)
        self.copy_box = QCheckBox(self.tr("Copy added files into Lanthorn's data folder"))
        self.copy_box.setToolTip(
            self.tr("Otherwise Lanthorn uses the file where it is and never deletes it")
        )
        self.default_button = QPushButton(self.tr("Set as default"))
        self.default_button.setAccessibleName(self.tr("Make the selected model the default"))
        self.default_button.clicked.connect(self.set_default)
        self.remove_button = QPushButton(self.tr("Remove…"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected model"))
        self.remove_button.clicked.connect(self.confirm_remove)
        hint = QLabel(self.tr("Drop .gguf files here to add them."))
        hint.setObjectName("panelNote")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.default_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addLayout(buttons)
        layout.addWidget(self.copy_box)
        layout.addWidget(hint)
        self._update_buttons()

    # ------------------------------------------------------------------ showing
    def show_models(self, models: list[LibraryModel]) -> None:
        """Fill the list, keeping the selection."""
        selected = self.selected()
        keep = selected.id if selected is not None else None
        self.models = models
        self.tree.clear()
        for model in models:
            item = QTreeWidgetItem(self._cells(model))
            item.setData(0, ID_ROLE, model.id)
            self._decorate(item, model)
            self.tree.addTopLevelItem(item)
            if model.id == keep:
                self.tree.setCurrentItem(item)
        self._update_buttons()

    def _cells(self, model: LibraryModel) -> list[str]:
        name = facts.display_name(model)
        if model.default:
            name = self.tr("{name} · default").format(name=name)
        info = model.info
        if model.kind is ModelKind.REMOTE:
            where = self.tr("runs on {url}").format(url=model.endpoint)
            return [name, where, "", "", "", "", "", self.tr("server")]
        if info is None:
            return [name, model.problem, "", "", "", "", "", ""]
        return [
            name, facts.fit_text(model.fit), facts.parameters_text(info.parameter_count),
            info.quantization, facts.context_text(info.context_length),
            human_bytes(info.file_size), info.license or "?", info.architecture,
        ]

    def _decorate(self, item: QTreeWidgetItem, model: LibraryModel) -> None:
        fit = self.FIT_COLUMN
        where = model.info.path if model.info is not None else model.endpoint
        stored = self.tr("copied into Lanthorn's data folder") if model.owned else (
            self.tr("used where it is"))
        tip = f"{where}\n{stored}" if model.kind is ModelKind.LOCAL else where
        for column in range(self.COLUMNS):
            item.setToolTip(column, tip)
        if model.default:
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
        if model.problem:
            item.setToolTip(fit, model.problem)
            item.setForeground(fit, QBrush(QColor(VERDICT_COLOURS[FitVerdict.WONT_FIT])))
        elif model.fit is not None:
            item.setForeground(fit, QBrush(QColor(VERDICT_COLOURS[model.fit.verdict])))

    def selected(self) -> LibraryModel | None:
        """The model selected in the list."""
        item = self.tree.currentItem()
        chosen = item.data(0, ID_ROLE) if item is not None else None
        return next((m for m in self.models if m.id == chosen), None)

    def select(self, model_id: str) -> None:
        """Select the row of `model_id`."""
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is not None and item.data(0, ID_ROLE) == model_id:
                self.tree.setCurrentItem(item)

    def _update_buttons(self) -> None:
        model = self.selected()
        self.default_button.setEnabled(
            model is not None and not model.problem and not model.default
        )
        self.remove_button.setEnabled(model is not None and model.kind is not ModelKind.STARTER)

    # ------------------------------------------------------------------ adding
    def choose_file(self) -> None:
        """Pick a GGUF file with the system's file dialog."""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Add a model"), str(Path.home()),
            self.tr("GGUF models (*.gguf);;All files (*)"),
        )
        if path:
            self.add_file(path)

    def add_file(self, path: str) -> None:
        """Add `path` to the library: copied or referenced, as the check box says."""
        copy, engine = self.copy_box.isChecked(), self._engine
        name = Path(path).name
        self.message.emit(
            self.tr("Copying {name}…").format(name=name) if copy
            else self.tr("Reading {name}…").format(name=name)
        )

        def added(model: LibraryModel) -> None:
            self.message.emit(self.tr("{name} is in the library.").format(name=model.name))
            self.changed.emit()

        self._call(lambda: engine.models.add(path, copy=copy), added)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        """Accept GGUF files dragged onto the library."""
        if gguf_paths(self._local_paths(event)):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 (Qt's name)
        """Keep accepting GGUF files while the drag moves over the library."""
        if gguf_paths(self._local_paths(event)):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt's name)
        """Add the GGUF files dropped on the library."""
        paths = gguf_paths(self._local_paths(event))
        if paths:
            event.acceptProposedAction()
            for path in paths:
                self.add_file(path)

    @staticmethod
    def _local_paths(event: QDropEvent) -> list[str]:
        mime = event.mimeData()
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []

    # ------------------------------------------------------------------ default and removal
    def set_default(self) -> None:
        """Make the selected model the default for new conversations."""
        model = self.selected()
        if model is None:
            return
        engine, model_id = self._engine, model.id

        def done(_changes: object) -> None:
            self.message.emit(self.tr("{name} is now the default model.").format(name=model.name))
            self.changed.emit()

        self._call(lambda: engine.models.set_default(model_id), done)

    def confirm_remove(self) -> None:
        """Ask before removing the selected model, saying what happens to its file."""
        model = self.selected()
        if model is None or model.kind is ModelKind.STARTER:
            return
        box = self.confirm_box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove model"),
            self.tr("Remove {name} from the library?").format(name=model.name),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setInformativeText(self._removal_note(model))
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda b: self.remove(model) if b is remove else None)
        box.finished.connect(self._on_confirm_closed)
        box.open()

    def _on_confirm_closed(self, _result: int) -> None:
        self.confirm_box = None

    def _removal_note(self, model: LibraryModel) -> str:
        if model.kind is ModelKind.REMOTE:
            return self.tr("The server's address is forgotten, and so is its API key.")
        path = model.info.path if model.info is not None else ""
        if model.owned:
            return self.tr("Lanthorn's copy is deleted from its data folder: {path}").format(
                path=path)
        return self.tr(
            "The file is not deleted: it stays where it is ({path}); Lanthorn only forgets it."
        ).format(path=path)

    def remove(self, model: LibraryModel) -> None:
        """Remove `model` (conversations that used it go back to the default)."""
        engine, model_id = self._engine, model.id

        def done(_changes: object) -> None:
            self.message.emit(self.tr("{name} was removed.").format(name=model.name))
            self.changed.emit()

        self._call(lambda: engine.models.remove(model_id), done)

    def _call(self, work: Callable[[], object], done: Callable[..., None]) -> None:
        self._runner.run(
            lambda _c: work(),
            done,
            lambda exc: self.message.emit(describe(exc)[0]),
            lane=IO,
            context=self,
        )
