"""The player's position slider, with the cited span drawn as a band under the groove.

A citation names a stretch of a recording (a chunk's first and last second, at most ~30 s),
not a point: the band shows where that stretch ends, so a person hears the whole cited passage
and knows when what follows is no longer what was cited.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider, QWidget

BAND_ALPHA = 110


class SpanSlider(QSlider):
    """A horizontal slider over milliseconds that marks one span (`set_span`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("positionSlider")
        self._span: tuple[int, int] | None = None

    @property
    def span(self) -> tuple[int, int] | None:
        """The marked (start, end) in milliseconds, or None."""
        return self._span

    def set_span(self, start_ms: int | None, end_ms: int | None) -> None:
        """Mark [start_ms, end_ms]; None (or an empty span) clears the mark."""
        if start_ms is None or end_ms is None or end_ms <= start_ms:
            self._span = None
        else:
            self._span = (start_ms, end_ms)
        self.update()

    def band(self) -> QRect | None:
        """Where the span is drawn, in the slider's coordinates (None when nothing shows)."""
        if self._span is None or self.maximum() <= self.minimum():
            return None
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        groove = self.style().subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self
        )
        left, right = (self._x(groove, value) for value in self._span)
        return QRect(left, groove.top(), max(2, right - left), groove.height())

    def _x(self, groove: QRect, value: int) -> int:
        low, high = self.minimum(), self.maximum()
        clamped = max(low, min(high, value))
        return groove.left() + round((clamped - low) / (high - low) * groove.width())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        """The band first, then the slider over it."""
        band = self.band()
        if band is not None:
            painter = QPainter(self)
            color = QColor(self.palette().highlight().color())
            color.setAlpha(BAND_ALPHA)
            painter.fillRect(band.adjusted(0, -3, 0, 3), color)
            painter.end()
        super().paintEvent(event)
