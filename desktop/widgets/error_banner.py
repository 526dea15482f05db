"""The one place errors are shown: a dismissible bar above the question box."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from desktop.errors import describe


class ErrorBanner(QFrame):
    """A dismissible bar above the question box: the message, a Details button, a close button.

    Signals:
        shown(str): a message was shown (tests wait for it).
    """

    shown = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setAccessibleName(self.tr("Error"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_button = QPushButton(self.tr("Details"))
        self.details_button.setAccessibleName(self.tr("Error details"))
        self.details_button.clicked.connect(self.show_details)
        self.close_button = QPushButton(self.tr("Dismiss"))
        self.close_button.setAccessibleName(self.tr("Dismiss the error"))
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.details_button)
        layout.addWidget(self.close_button)
        self._details = ""
        self.hide()

    def show_error(self, exc: BaseException) -> None:
        """Show `exc` (replacing any earlier error)."""
        self.show_message(*describe(exc))

    def show_message(self, message: str, details: str = "") -> None:
        """Show a sentence written for a person (replacing any earlier error)."""
        self._details = details
        self.message.setText(message)
        self.details_button.setVisible(bool(details))
        self.show()
        self.shown.emit(message)

    def show_details(self) -> None:
        """The hint and kind of the error, in a message box that does not block the app."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Details"),
            self.message.text(),
            QMessageBox.StandardButton.Close,
            self,
        )
        box.setInformativeText(self._details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
