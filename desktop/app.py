"""Entry point of `lanthorn-desktop`: the Qt application, the engine and the first window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.chat_window import ChatWindow
from desktop.task_runner import TaskRunner
from engine.api import Engine
from engine.errors import EngineError


def main() -> int:
    """Start the app; returns the exit code of the event loop."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Lanthorn")
    app.setOrganizationName("Lanthorn")
    try:
        engine = Engine()
    except EngineError as exc:
        QMessageBox.critical(None, "Lanthorn", str(exc))
        return 2
    runner = TaskRunner()
    window = ChatWindow(engine, runner)
    window.show()
    code = app.exec()
    runner.shutdown(wait=True)
    engine.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
