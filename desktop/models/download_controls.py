"""Download, Pause, Resume and Cancel for one catalog entry, with its progress, speed and time left.

The same controls sit in a catalog row, in the Models page's demo-model notice and in the
chat's: all show the one job in `Downloads`. What the engine knows from earlier runs comes
with the entry (`installed`, and `partial_bytes` of a download paused before a restart).
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop.formatting import eta_text, human_bytes
from desktop.models.downloads import Downloads, DownloadState, DownloadStatus
from engine.types import CatalogEntry, Progress


class DownloadControls(QWidget):
    """A status line, a progress bar and the buttons for one entry's download."""

    def __init__(
        self, downloads: Downloads, entry: CatalogEntry, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._downloads = downloads
        self.entry = entry
        self.status = QLabel()
        self.status.setObjectName("downloadStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.download_button = QPushButton()
        self.download_button.clicked.connect(lambda: downloads.start(self.entry.name))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.clicked.connect(lambda: downloads.pause(self.entry.name))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(lambda: downloads.cancel(self.entry.name))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.status, 1)
        for button in (self.download_button, self.pause_button, self.cancel_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        downloads.changed.connect(self._on_downloads_changed)
        self.set_entry(entry)

    def set_entry(self, entry: CatalogEntry) -> None:
        """Show `entry` as the engine now describes it."""
        self.entry = entry
        title = entry.title
        self.pause_button.setAccessibleName(self.tr("Pause the download of {title}").format(
            title=title))
        self.cancel_button.setAccessibleName(
            self.tr("Cancel the download of {title} and delete what arrived").format(title=title)
        )
        self.update_view()

    def _on_downloads_changed(self, name: str) -> None:
        if name == self.entry.name:
            self.update_view()

    @property
    def installed(self) -> bool:
        """Whether the entry is downloaded and verified."""
        state = self._downloads.state(self.entry.name)
        return bool(self.entry.installed) or state.status is DownloadStatus.DONE

    def installed_path(self) -> str:
        """The downloaded file or folder ("" until the entry is installed)."""
        result = self._downloads.state(self.entry.name).result
        return result.path if result is not None else self.entry.installed

    def update_view(self) -> None:
        """Bring the texts and buttons up to date with the download's state."""
        state = self._downloads.state(self.entry.name)
        status = state.status
        paused = status is DownloadStatus.PAUSED or (
            status is DownloadStatus.IDLE and self.entry.partial_bytes > 0
        )
        active = status in (DownloadStatus.RUNNING, DownloadStatus.QUEUED)
        self.download_button.setVisible(not active and not self.installed)
        action = self._start_text(status, paused)
        self.download_button.setText(action)
        self.download_button.setAccessibleName(
            self.tr("{action}: {title}").format(action=action, title=self.entry.title))
        self.pause_button.setVisible(active)
        self.cancel_button.setVisible(active or paused or status is DownloadStatus.FAILED)
        self.progress.setVisible(status is DownloadStatus.RUNNING or paused)
        self._show_progress(state, paused)
        self.status.setProperty("failed", status is DownloadStatus.FAILED)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def _start_text(self, status: DownloadStatus, paused: bool) -> str:
        if status is DownloadStatus.FAILED:
            return self.tr("Try again")
        return self.tr("Resume") if paused else self.tr("Download")

    def _show_progress(self, state: DownloadState, paused: bool) -> None:
        size = self.entry.size
        progress = state.progress or Progress(done=self.entry.partial_bytes, total=size)
        total = progress.total or size
        self.progress.setRange(0, 1000)
        self.progress.setValue(int(1000 * progress.done / total) if total else 0)
        args = {"done": human_bytes(progress.done), "total": human_bytes(total)}
        if self.installed:
            text = self.tr("Downloaded and verified")
        elif state.status is DownloadStatus.FAILED:
            text = state.error
        elif state.status is DownloadStatus.QUEUED:
            text = self.tr("Waits for the other download to finish")
        elif state.status is DownloadStatus.RUNNING:
            text = self._running_text(state.progress, args)
        elif paused:
            text = self.tr("Paused at {done} of {total}").format(**args)
        else:
            text = self.tr("{total} to download").format(total=human_bytes(size))
        self.status.setText(text)

    def _running_text(self, progress: Progress | None, args: dict[str, str]) -> str:
        if progress is None:
            return self.tr("Starting the download…")
        text = self.tr("{done} of {total}").format(**args)
        if progress.rate:
            text += " · " + self.tr("{speed}/s").format(speed=human_bytes(progress.rate))
        eta = eta_text(progress.eta_s)
        return f"{text} · {eta}" if eta else text
