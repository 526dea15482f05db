"""Entry point of `lanthorn-desktop`: the Qt application, the engine and the main window."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import QLoggingCategory, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import quit_hook, self_test
from desktop.errors import install_crash_handler, setup_logging, shown
from desktop.i18n import Translations
from desktop.locations import resource
from desktop.main_window import MainWindow
from desktop.task_runner import TaskRunner
from engine.api import Engine
from engine.errors import EngineError

# Broken link annotations in a user's PDF are not worth a warning on every open, nor is each
# optional library (VA-API, PipeWire) that QtMultimedia probes for and does without.
log = logging.getLogger("lanthorn.desktop")

QUIET_CATEGORIES = "qt.pdf.links.warning=false\nqt.multimedia.symbolsresolver.warning=false"


def application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication with Lanthorn's names, icon and stylesheet (made once)."""
    app = QApplication.instance() or QApplication(list(argv or sys.argv))
    assert isinstance(app, QApplication)
    app.setApplicationName("Lanthorn")
    app.setOrganizationName("Lanthorn")
    app.setApplicationDisplayName("Lanthorn")
    app.setDesktopFileName("lanthorn")  # Wayland matches the window to lanthorn.desktop's icon
    app.setWindowIcon(QIcon(str(resource("icons", "lanthorn.svg"))))
    app.setStyleSheet(resource("style.qss").read_text(encoding="utf-8"))
    QLoggingCategory.setFilterRules(QUIET_CATEGORIES)
    return app


def _arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="lanthorn-desktop", description=__doc__)
    parser.add_argument(
        "--snapshot",
        type=Path,
        metavar="PNG",
        help="start, save a picture of the window (and its texts as JSON beside it), then quit",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="with no window, check the models, a sample document, an answer, speech and the "
        "Qt parts in a temporary data folder, then quit (exit code 0 when all passed)",
    )
    known, _qt_arguments = parser.parse_known_args(list(argv)[1:])
    return known


def main(argv: Sequence[str] | None = None) -> int:
    """Start the app; returns the exit code of the event loop."""
    argv = list(argv if argv is not None else sys.argv)
    options = _arguments(argv)
    if options.self_test:  # before the log and crash handler, which write to the data folder
        return self_test.run(lambda: application(argv))
    app = application(argv)
    log_handler = setup_logging()
    restore_hooks = install_crash_handler()
    translations = Translations()
    try:
        return _run(app, translations, options.snapshot)
    finally:
        translations.remove()
        restore_hooks()
        logging.getLogger().removeHandler(log_handler)
        log_handler.close()


def _run(app: QApplication, translations: Translations, snapshot: Path | None) -> int:
    """Run the window until it closes, then shut down in a fixed order.

    The window cancels its work (the answer being written, the indexing, a recording) and
    waits for it; the worker lanes stop; the engine frees the model and saves the index; the
    widgets go while the modules they use are alive (widgets freed by the interpreter's exit,
    after the engine's C objects, are how a refcount crash on quit comes about).
    """
    try:
        engine = Engine()
    except EngineError as exc:
        translations.install()
        QMessageBox.critical(None, app.translate("App", "Lanthorn cannot start"), shown(exc))
        return 2
    translations.install(engine.settings().ui.language)
    runner = TaskRunner()
    window = MainWindow(engine, runner)
    window.closed.connect(app.quit)
    window.show()
    if snapshot is not None:
        _snapshot_when_ready(window, snapshot, translations.language)
    quit_hook.arm(window)
    try:
        return app.exec()
    finally:
        if window.isVisible():  # the event loop ended otherwise (a signal, a logout)
            window.close()
        runner.shutdown(wait=True)  # the window already cancelled and drained its work
        engine.close()
        log.info("Closed")
        shiboken6.delete(window)
        app.processEvents()  # deferred deletions, while the modules they need are alive


def _snapshot_when_ready(window: MainWindow, path: Path, language: str, tries: int = 300) -> None:
    """Once the model is known (or after ~30 s), save the window's picture and texts, then close."""
    if not window.model_known and tries > 0:
        QTimer.singleShot(
            100, window, lambda: _snapshot_when_ready(window, path, language, tries - 1)
        )
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(path))
    texts = {
        "language": language,
        "title": window.windowTitle(),
        "menus": [action.text() for action in window.menuBar().actions()],
        "send": window.chat.composer.send_button.text(),
        "model": window.model_label.text(),
    }
    path.with_suffix(".json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    window.close()


if __name__ == "__main__":
    sys.exit(main())
