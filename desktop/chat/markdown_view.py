"""A read-only rich-text view for one message: sized to its content, never loads anything.

`loadResource` is refused for every URL and links never open by themselves: a click is
reported through `link_clicked` and the window decides (copy a code block, open a citation, or
open a web link in the browser because the person asked for it).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QWidget

_STYLE = """
pre { font-family: monospace; white-space: pre-wrap; }
code { font-family: monospace; background-color: #eeeef2; }
h1 { font-size: x-large; } h2 { font-size: large; } h3 { font-size: medium; }
"""


class MarkdownView(QTextBrowser):
    """Shows one message's HTML at its full height inside the chat's scroll area.

    Signals:
        link_clicked(QUrl): the person activated a link (mouse or keyboard).
    """

    link_clicked = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.viewport().setAutoFillBackground(False)
        self.setAcceptDrops(False)  # dropped files go to the window, which indexes them
        self.viewport().setAcceptDrops(False)
        self.document().setDefaultStyleSheet(_STYLE)
        self.document().setDocumentMargin(2)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self.anchorClicked.connect(self.link_clicked)
        self._fit_height()

    def loadResource(self, kind: int, url: QUrl | str) -> object:  # noqa: N802 (Qt's name)
        """Refuse every resource: answers may carry links planted to leak data."""
        return None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """As tall as the text."""
        return QSize(super().sizeHint().width(), self.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        """Reflow the text to the new width, then fit the height to it."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.document().setTextWidth(self.viewport().width())
            self._fit_height()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt's name)
        """Let the chat's scroll area scroll: this view never scrolls itself."""
        event.ignore()

    def _fit_height(self, *_: object) -> None:
        margins = self.contentsMargins()
        height = math.ceil(self.document().size().height()) + margins.top() + margins.bottom()
        if height != self.height():
            self.setFixedHeight(max(height, 8))
