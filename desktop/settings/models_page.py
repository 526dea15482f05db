"""The settings dialog's Models page: the demo notice, the library, the catalog, the remote server.

Everything on it takes effect at once through the engine (add, default, remove, downloads, the
server), unlike the dialog's other fields, which wait for Save; the dialog re-reads the model
settings after each such change (`settings_changed`), so a later Save does not undo them. The
page reads everything it shows in one job on the I/O lane, and again whenever the engine
reports that models or settings changed (the window calls `refresh`); a refresh asked for while
one runs is done once after it, so a burst of changes costs two reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.errors import describe
from desktop.models.demo_notice import DemoNotice
from desktop.models.downloads import Downloads
from desktop.settings.model_catalog import CatalogSection
from desktop.settings.model_library import LibrarySection
from desktop.settings.remote_form import RemoteSection, RemoteView
from desktop.task_runner import IO, TaskRunner
from engine.api import EngineAPI
from engine.types import CatalogEntry, EmbeddingStatus, LibraryModel, Recommendation


@dataclass(frozen=True)
class PageData:
    """Everything the page shows, read in one go."""

    library: list[LibraryModel]
    catalog: list[CatalogEntry]
    recommendation: Recommendation
    embedding: EmbeddingStatus
    remote: RemoteView


class ModelsPage(QScrollArea):
    """The Models tab.

    Signals:
        settings_changed(): the default model or the remote server changed through the page.
        use_for_search(str): switch search to this downloaded embedding model's folder.
    """

    settings_changed = Signal()
    use_for_search = Signal(str)

    def __init__(
        self,
        engine: EngineAPI,
        runner: TaskRunner,
        downloads: Downloads,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("modelsPage")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._engine = engine
        self._runner = runner
        self._reading = False
        self._read_again = False
        self.notice = DemoNotice(downloads, dismissible=False)
        self.message = QLabel()
        self.message.setObjectName("pageMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.library = LibrarySection(engine, runner)
        self.catalog = CatalogSection(downloads)
        self.remote = RemoteSection(engine, runner)
        self.library.message.connect(self.show_message)
        for section in (self.library, self.remote):
            section.changed.connect(self._on_section_changed)
        self.catalog.use_for_search.connect(self.use_for_search)
        downloads.finished.connect(lambda _result: self.refresh())
        inner = QWidget()
        layout = QVBoxLayout(inner)
        for widget in (self.notice, self.message, self.library, self.catalog, self.remote):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setWidget(inner)

    def show_message(self, text: str) -> None:
        """A sentence about the last action (done, or the engine's reason it failed)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _on_section_changed(self) -> None:
        self.settings_changed.emit()
        self.refresh()

    def refresh(self) -> None:
        """Read the library, catalog, recommendation and server again (off the GUI thread)."""
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        engine = self._engine

        def read(_cancel: object) -> PageData:
            return PageData(
                library=engine.models.library(),
                catalog=engine.models.catalog(),
                recommendation=engine.models.recommendation(),
                embedding=engine.knowledge.embedding_status(),
                remote=RemoteView(remote=engine.models.remote(), keyring=engine.secrets.status()),
            )

        self._runner.run(read, self._on_read, self._on_read_failed, lane=IO, context=self)

    def _on_read(self, data: PageData) -> None:
        self.notice.show_recommendation(data.recommendation)
        self.library.show_models(data.library)
        status = data.embedding
        current = status.active_folder if status.pending_folder is None else status.pending_folder
        self.catalog.show_entries(data.catalog, current)
        self.remote.show_view(data.remote)
        self._read_done()

    def _on_read_failed(self, exc: BaseException) -> None:
        self.show_message(describe(exc)[0])
        self._read_done()

    def _read_done(self) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self.refresh()
