"""Entry point of `lanthorn-desktop`: the Qt application, the engine and the main window.

Start-up paints first (issue 14): the window is shown once its conversation list and last chat
are read and loads the rest after its first paint (see `main_window`). Measured per step on a
2-core machine at load 10-15 (3 runs, in one process): importing this module 0.4-0.5 s after
PySide6 (it was 0.55-0.65 s: markdown-it now loads after the first paint and the engine's chat
session on the first answer), `application()` with the stylesheet and icon 10-30 ms, log, crash
handler and translations < 5 ms, `Engine()` 10-20 ms, `MainWindow()` 0.27-0.33 s (PySide6
creates every Qt enum type on first use, ~50 ms for `Qt` alone), the last chat read and its
newest screenful of messages built 0.10-0.12 s (was 0.15-0.24 s), then the first paint
0.25-0.35 s. `bench.startup` compares the whole process with a minimal PySide6 window.
"""

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

from desktop import quit_hook, startup_clock
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

SHOW_ANYWAY_MS = 1000  # the list and last chat take 5-65 ms; a held database must not hide it

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
        from desktop import self_test  # QtPdf and QtMultimedia: only the self-test needs them

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
    show_when_loaded(window)
    window.model_shown.connect(lambda: startup_clock.mark("ready"))
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


def show_when_loaded(window: MainWindow) -> None:
    """Show the window once its list and last chat are read, so its first paint has them.

    The reads take a few milliseconds on the I/O lane; a database held by another process
    must not keep the window hidden, so it shows after `SHOW_ANYWAY_MS` regardless.
    """
    shown = False

    def show() -> None:
        nonlocal shown
        if not shown:
            shown = True
            window.show()

    window.content_loaded.connect(show)
    QTimer.singleShot(SHOW_ANYWAY_MS, window, show)


def _snapshot_when_ready(window: MainWindow, path: Path, language: str) -> None:
    """Once the model is known (or after 30 s), save the window's picture and texts, then close."""
    if window.model_known:
        _snapshot(window, path, language)
        return
    taken = False

    def take() -> None:
        nonlocal taken
        if not taken:
            taken = True
            _snapshot(window, path, language)

    window.model_shown.connect(take)
    QTimer.singleShot(30_000, window, take)


def _snapshot(window: MainWindow, path: Path, language: str) -> None:
    """Save the window's picture and texts beside it, then close the window."""
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
