"""While only the starter model is installed: say it is a tiny demo and offer a real one.

The offer is the engine's `recommendation()`: the catalog's best chat model for this machine by
the one fit estimate. It is downloaded only when the person clicks Download, never on its own.
The Models page shows the notice for as long as it applies; the chat shows it once, until the
person dismisses it (remembered with the window state) or a real model is installed.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.formatting import human_bytes
from desktop.models.download_controls import DownloadControls
from desktop.models.downloads import Downloads
from engine.types import CatalogEntry, Recommendation


class DemoNotice(QFrame):
    """Says the starter is a demo and offers the best catalog model, with its download.

    Signals:
        dismissed(): the person closed the notice (only when it was made dismissible).
    """

    dismissed = Signal()

    def __init__(
        self, downloads: Downloads, *, dismissible: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("demoNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Demo model notice"))
        self._downloads = downloads
        self.controls: DownloadControls | None = None
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        self.dismiss_button.setAccessibleName(self.tr("Dismiss the demo model notice"))
        self.dismiss_button.clicked.connect(self._on_dismiss_clicked)
        self.dismiss_button.setVisible(dismissible)
        top = QHBoxLayout()
        top.addWidget(self.message, 1)
        top.addWidget(self.dismiss_button)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(10, 6, 10, 6)
        self._layout.addLayout(top)
        self.hide()

    def show_recommendation(self, recommendation: Recommendation) -> None:
        """Show the notice while only the starter is installed; hide it otherwise."""
        entry = recommendation.entry
        if entry is None:
            text = self.tr(
                "Only the tiny demo model (135 million parameters) is installed: it can chat, but "
                "it often misses or invents when answering from your documents. No recommended "
                "model fits in the memory free now: close other programs, or use a model on a "
                "server (Settings, Models)."
            )
        else:
            text = self.tr(
                "Only the tiny demo model (135 million parameters) is installed: it can chat, but "
                "it often misses or invents when answering from your documents. For real use, "
                "download {title} ({size}), the best fit for this computer."
            ).format(title=entry.title, size=human_bytes(entry.size))
            self._show_controls(entry)
        if self.controls is not None:
            self.controls.setVisible(entry is not None)
        self.message.setText(text)
        self.setVisible(recommendation.starter_only)

    def _show_controls(self, entry: CatalogEntry) -> None:
        if self.controls is None:
            self.controls = DownloadControls(self._downloads, entry, self)
            self._layout.addWidget(self.controls)
        else:
            self.controls.set_entry(entry)

    def _on_dismiss_clicked(self) -> None:
        self.hide()
        self.dismissed.emit()
