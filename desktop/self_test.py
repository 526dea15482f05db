"""The app's `--self-test`: its Qt parts, tried with no window, then the engine's checks.

The packaging collects Qt's plugins and libraries by what the code imports, and a missing one
shows only at run time: an icon that does not draw, a PDF view that stays blank, a player with
no backend. So each is tried for real: the platform plugin (offscreen under
QT_QPA_PLATFORM=offscreen), the app's stylesheet and SVG icon, the Chinese translation, QtPdf
drawing the sample PDF's page, QtMultimedia's decoding backend. Then `engine.api`'s self-test
runs the models, the document and the speech clip. Lines go to stdout; no data is written
outside a temporary folder (no log, no window state).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtMultimedia import QMediaFormat
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication

from desktop.i18n import Translations
from desktop.locations import resource
from engine.api import SAMPLE_PDF, SelfTestCheck, run_self_test
from engine.errors import EngineError

EXIT_FAILED = 1
_PAGE = 2  # the sample's page with words on it worth drawing


class QtCheckFailed(EngineError):
    """A Qt part of the app does not work in this copy."""


def run(setup: Callable[[], QApplication]) -> int:
    """Run every check; the exit code is 0 when all passed, 1 otherwise."""
    checks = [
        SelfTestCheck("app window set-up", lambda: _setup(setup)),
        SelfTestCheck("translations", _translations),
        SelfTestCheck("PDF view", _pdf_view),
        SelfTestCheck("media", _media),
    ]
    report = run_self_test(extra=checks, out=_print)
    return 0 if report.passed else EXIT_FAILED


def _print(line: str) -> None:
    if sys.stdout is not None:  # a windowed app started without a console has no stdout
        print(line, flush=True)


def _setup(setup: Callable[[], QApplication]) -> str:
    """The app's names, icon and stylesheet, as a start of the app sets them."""
    app = setup()
    icon = app.windowIcon().pixmap(QSize(64, 64))
    if icon.isNull() or _ink(icon.toImage()) == 0:
        raise QtCheckFailed("The app's SVG icon does not draw (Qt's SVG plugin is missing).")
    if not app.styleSheet().strip():
        raise QtCheckFailed("The app's stylesheet is empty.")
    return f"Qt {QGuiApplication.platformName()} platform, SVG icon, stylesheet"


def _translations() -> str:
    translations = Translations()
    try:
        language = translations.install("zh_CN")
    finally:
        translations.remove()
    if language != "zh_CN":
        raise QtCheckFailed(f"The Chinese translation is missing from {resource('translations')}.")
    return "Chinese (zh_CN) loads"


def _pdf_view() -> str:
    document = QPdfDocument()
    document.load(str(SAMPLE_PDF))
    if document.status() != QPdfDocument.Status.Ready:
        raise QtCheckFailed(f"QtPdf cannot open {SAMPLE_PDF.name} ({document.error().name}).")
    image = document.render(_PAGE - 1, QSize(298, 421))
    if image.isNull() or _ink(image) == 0:
        raise QtCheckFailed(f"QtPdf draws page {_PAGE} of {SAMPLE_PDF.name} blank.")
    return f"QtPdf draws page {_PAGE} of {SAMPLE_PDF.name}"


def _media() -> str:
    formats = QMediaFormat().supportedFileFormats(QMediaFormat.ConversionMode.Decode)
    if not formats:
        raise QtCheckFailed("QtMultimedia has no backend: audio and video files cannot play.")
    return f"QtMultimedia decodes {len(formats)} file formats"


def _ink(image: QImage) -> int:
    """How many pixels on a coarse grid are darker than light grey (0: blank)."""
    step = max(1, min(image.width(), image.height()) // 48)
    return sum(
        QColor(image.pixel(x, y)).lightness() < 160 and QColor(image.pixel(x, y)).alpha() > 0
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    )
