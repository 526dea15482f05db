"""The built-in PDF viewer (QtPdf): opens at a cited page with the cited passage highlighted.

The passage is found in the page's own text (`desktop.viewer.passage`), then handed to QPdfView
as its search string: QtPdf draws the match over the page, and jumping to the match scrolls it
into view. The viewer is a separate window that stays open beside the chat.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPointF, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.viewer.passage import locate


class PdfViewer(QWidget):
    """A window showing one PDF at a time.

    Signals:
        passage_shown(int, bool): the 1-based page now shown, and whether a passage is lit.
        failed(str): the file could not be opened (a message fit to show).
    """

    passage_shown = Signal(int, bool)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("pdfViewer")
        self.resize(760, 900)
        self.path = ""
        self.document = QPdfDocument(self)
        self.search_model = QPdfSearchModel(self)
        self.search_model.setDocument(self.document)
        self.search_model.countChanged.connect(self._mark_current)
        self._lit_page: int | None = None
        self.view = QPdfView(self)
        self.view.setAccessibleName(self.tr("Document page"))
        self.view.setDocument(self.document)
        self.view.setSearchModel(self.search_model)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.pageNavigator().currentPageChanged.connect(self._on_page_changed)
        self._build_toolbar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.find_box.setFocus)

    def _build_toolbar(self) -> None:
        self.toolbar = QWidget(self)
        self.toolbar.setObjectName("pdfToolbar")
        self.previous_button = QPushButton(self.tr("Previous"))
        self.previous_button.setAccessibleName(self.tr("Previous page"))
        self.previous_button.clicked.connect(lambda: self.go_to(self.current_page - 1))
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setAccessibleName(self.tr("Next page"))
        self.next_button.clicked.connect(lambda: self.go_to(self.current_page + 1))
        self.page_box = QSpinBox()
        self.page_box.setAccessibleName(self.tr("Page number"))
        self.page_box.setMinimum(1)
        self.page_box.editingFinished.connect(lambda: self.go_to(self.page_box.value()))
        self.page_count = QLabel()
        self.zoom_out = QPushButton("−")
        self.zoom_out.setAccessibleName(self.tr("Zoom out"))
        self.zoom_out.clicked.connect(lambda: self._zoom(1 / 1.2))
        self.zoom_in = QPushButton("+")
        self.zoom_in.setAccessibleName(self.tr("Zoom in"))
        self.zoom_in.clicked.connect(lambda: self._zoom(1.2))
        self.fit_button = QPushButton(self.tr("Fit width"))
        self.fit_button.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText(self.tr("Find in document"))
        self.find_box.setAccessibleName(self.tr("Find in document"))
        self.find_box.setClearButtonEnabled(True)
        self.find_box.returnPressed.connect(
            lambda: self.search_model.setSearchString(self.find_box.text())
        )
        for button in (self.zoom_out, self.zoom_in):
            button.setFixedWidth(36)
        row = QHBoxLayout(self.toolbar)
        row.setContentsMargins(8, 4, 8, 4)
        for widget in (self.previous_button, self.next_button, self.page_box, self.page_count):
            row.addWidget(widget)
        row.addStretch(1)
        for tool in (self.zoom_out, self.zoom_in, self.fit_button, self.find_box):
            row.addWidget(tool)

    # ------------------------------------------------------------------ navigation
    @property
    def current_page(self) -> int:
        """The 1-based page at the top of the view."""
        return self.view.pageNavigator().currentPage() + 1

    def open(self, path: str, page: int = 1) -> bool:
        """Show `path` at a 1-based page; False (and `failed`) when it cannot be read."""
        if not self._load(path):
            return False
        self.show_and_raise()
        self._lit_page = None
        self.search_model.setSearchString("")
        self.go_to(page)
        self.passage_shown.emit(self.current_page, False)
        return True

    def show_passage(self, path: str, page: int, quote: str) -> bool:
        """Open at `page` and highlight `quote` there; True when the passage was found."""
        if not self._load(path):
            return False
        self.show_and_raise()  # QPdfView lays pages out when shown; jump after that
        index = max(0, min(page, self.document.pageCount()) - 1)
        page_text = self.document.getAllText(index).text()
        span = locate(page_text, quote) if quote else None
        found = False
        if span is not None:
            self.search_model.setSearchString(page_text[span[0] : span[1]])
            results = self.search_model.resultsOnPage(index)
            if results:
                self.view.pageNavigator().jump(index, results[0].location(), 0)
                self._lit_page = index
                self._mark_current()
                found = True
        if not found:
            self.search_model.setSearchString("")
            self.go_to(index + 1)
        self.passage_shown.emit(self.current_page, found)
        return found

    def go_to(self, page: int) -> None:
        """Scroll to the top of a 1-based page."""
        count = self.document.pageCount()
        if count:
            index = max(0, min(page, count) - 1)
            self.view.pageNavigator().jump(index, QPointF(), 0)

    def highlighted_text(self) -> str:
        """The text QtPdf is highlighting (the cited passage), or an empty string."""
        return self.search_model.searchString()

    def show_and_raise(self) -> None:
        """Bring the viewer to the front."""
        self.show()
        self.raise_()
        self.activateWindow()

    def _load(self, path: str) -> bool:
        if path == self.path and self.document.status() == QPdfDocument.Status.Ready:
            return True
        self.document.close()
        error = self.document.load(path)
        if error != QPdfDocument.Error.None_:
            self.path = ""
            self.failed.emit(
                self.tr("The PDF {path} cannot be opened ({reason}).").format(
                    path=path, reason=error.name
                )
            )
            return False
        self.path = path
        self.setWindowTitle(self.tr("{name} – Lanthorn").format(name=path.rsplit("/", 1)[-1]))
        self.page_box.setMaximum(max(1, self.document.pageCount()))
        self.page_count.setText(self.tr("of {count}").format(count=self.document.pageCount()))
        return True

    def _mark_current(self) -> None:
        """Draw the cited match as the current one (stronger) once the model has listed it."""
        if self._lit_page is None:
            return
        for row in range(self.search_model.rowCount(QModelIndex())):
            if self.search_model.resultAtIndex(row).page() == self._lit_page:
                self._lit_page = None
                self.view.setCurrentSearchResultIndex(row)
                return

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(6.0, self.view.zoomFactor() * factor)))

    def _on_page_changed(self, index: int) -> None:
        self.page_box.setValue(index + 1)
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index + 1 < self.document.pageCount())
