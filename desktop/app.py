"""Entry point of `lanthorn-desktop`: the Qt application, the engine and the main window."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from PySide6.QtCore import QLoggingCategory
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.errors import install_crash_handler, setup_logging
from desktop.i18n import Translations
from desktop.locations import resource
from desktop.main_window import MainWindow
from desktop.task_runner import TaskRunner
from engine.api import Engine
from engine.errors import EngineError

# Broken link annotations in a user's PDF are not worth a warning on every open.
QUIET_CATEGORIES = "qt.pdf.links.warning=false"


def application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication with Lanthorn's names, icon and stylesheet (made once)."""
    app = QApplication.instance() or QApplication(list(argv or sys.argv))
    assert isinstance(app, QApplication)
    app.setApplicationName("Lanthorn")
    app.setOrganizationName("Lanthorn")
    app.setApplicationDisplayName("Lanthorn")
    app.setWindowIcon(QIcon(str(resource("icons", "lanthorn.svg"))))
    app.setStyleSheet(resource("style.qss").read_text(encoding="utf-8"))
    QLoggingCategory.setFilterRules(QUIET_CATEGORIES)
    return app


def main(argv: Sequence[str] | None = None) -> int:
    """Start the app; returns the exit code of the event loop."""
    app = application(argv)
    log_handler = setup_logging()
    restore_hooks = install_crash_handler()
    translations = Translations()
    try:
        return _run(app, translations)
    finally:
        translations.remove()
        restore_hooks()
        logging.getLogger().removeHandler(log_handler)
        log_handler.close()


def _run(app: QApplication, translations: Translations) -> int:
    try:
        engine = Engine()
    except EngineError as exc:
        translations.install()
        QMessageBox.critical(None, app.translate("App", "Lanthorn cannot start"), str(exc))
        return 2
    translations.install(engine.settings().ui.language)
    runner = TaskRunner()
    window = MainWindow(engine, runner)
    window.closed.connect(app.quit)
    window.show()
    try:
        return app.exec()
    finally:
        runner.shutdown(wait=True)  # the window already cancelled and drained its work
        engine.close()


if __name__ == "__main__":
    sys.exit(main())
