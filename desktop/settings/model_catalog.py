"""The Models page's catalog: recommended models with size, licence and fit, and their downloads.

Each row shows what `engine.models.catalog()` says (chat models with the engine's fit label for
this machine) and the download controls of the one job in `Downloads`. A downloaded embedding
model is only offered: "Use for search" asks the window to start the re-embedding (the switch
bar in the documents panel shows it), one click and never on its own, because re-reading every
document takes a while and search keeps the old model until it is done.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop.formatting import human_bytes
from desktop.models import facts
from desktop.models.download_controls import DownloadControls
from desktop.models.downloads import Downloads
from engine.types import CatalogEntry, CatalogKind


class CatalogRow(QFrame):
    """One recommended model: what it is, whether it fits, and its download.

    Signals:
        use_for_search(str): the person chose this downloaded embedding model (its folder).
    """

    use_for_search = Signal(str)

    def __init__(self, downloads: Downloads, entry: CatalogEntry) -> None:
        super().__init__()
        self.setObjectName("catalogRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._active_folder = ""
        self.title = QLabel()
        self.title.setObjectName("catalogTitle")
        self.facts = QLabel()
        self.facts.setObjectName("catalogFacts")
        self.facts.setWordWrap(True)
        self.fit = QLabel()
        self.fit.setObjectName("modelFit")
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.controls = DownloadControls(downloads, entry, self)
        self.search_button = QPushButton(self.tr("Use for search"))
        self.search_button.setToolTip(
            self.tr("Re-read every document with this model; search keeps the current one "
                    "until that is done")
        )
        self.search_button.clicked.connect(self._on_search_clicked)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.fit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.facts)
        layout.addWidget(self.description)
        layout.addWidget(self.controls)
        layout.addWidget(self.search_button)
        downloads.changed.connect(lambda _name: self._show_search_offer())
        self.set_entry(entry, "")

    @property
    def entry(self) -> CatalogEntry:
        """The catalog entry shown."""
        return self.controls.entry

    def set_entry(self, entry: CatalogEntry, active_embedding_folder: str) -> None:
        """Show `entry` as the engine describes it now.

        `active_embedding_folder` is the embedding model search uses (or is switching to).
        """
        self._active_folder = active_embedding_folder
        self.title.setText(entry.title)
        languages = ", ".join(entry.languages)
        self.facts.setText(
            self.tr("{kind} · {size} · licence: {licence} · languages: {languages}").format(
                kind=facts.kind_text(entry.kind), size=human_bytes(entry.size),
                licence=entry.license, languages=languages,
            )
        )
        self.fit.setText(facts.fit_text(entry.fit))
        self.fit.setVisible(entry.fit is not None)
        self.fit.setProperty("verdict", facts.verdict_key(entry.fit))
        self.fit.style().unpolish(self.fit)
        self.fit.style().polish(self.fit)
        self.description.setText(entry.description)
        self.description.setVisible(bool(entry.description))
        self.search_button.setAccessibleName(
            self.tr("Use {title} for search").format(title=entry.title))
        self.controls.set_entry(entry)
        self.search_button.setEnabled(True)
        self._show_search_offer()

    def _show_search_offer(self) -> None:
        folder = self.controls.installed_path()
        offer = self.entry.kind is CatalogKind.EMBEDDING and bool(folder)
        self.search_button.setVisible(offer and folder != self._active_folder)

    def _on_search_clicked(self) -> None:
        folder = self.controls.installed_path()
        if folder:
            self.search_button.setEnabled(False)
            self.use_for_search.emit(folder)


class CatalogSection(QGroupBox):
    """Every catalog entry as a row, in the catalog's order.

    Signals:
        use_for_search(str): a downloaded embedding model's folder, to switch search to.
    """

    use_for_search = Signal(str)

    def __init__(self, downloads: Downloads) -> None:
        super().__init__()
        self.setTitle(self.tr("Recommended models to download"))
        self._downloads = downloads
        self.rows: dict[str, CatalogRow] = {}
        note = QLabel(
            self.tr("Downloads are checked (SHA-256) before they are used; a paused download "
                    "resumes where it stopped.")
        )
        note.setObjectName("panelNote")
        note.setWordWrap(True)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(note)

    def show_entries(self, entries: list[CatalogEntry], active_embedding_folder: str) -> None:
        """Show the catalog as the engine describes it now."""
        for entry in entries:
            row = self.rows.get(entry.name)
            if row is None:
                row = self.rows[entry.name] = CatalogRow(self._downloads, entry)
                row.use_for_search.connect(self.use_for_search)
                self._layout.addWidget(row)
            row.set_entry(entry, active_embedding_folder)
        for name in [n for n in self.rows if n not in {e.name for e in entries}]:
            self.rows.pop(name).deleteLater()
