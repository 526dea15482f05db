"""How errors are told to a person, the log file, and the crash handler for the unexpected.

An `EngineError` is shown as its message; its hint and kind go under "Details". Any other
exception is logged with its traceback to the log file, and the person sees a short sentence
and where the log is, never the traceback itself. The banner that shows them lives in
`desktop.widgets.error_banner`.

A fatal error (a crash inside a C extension, which no Python hook sees) is written by
`faulthandler` to `fatal.log` in the log folder, with every thread's stack: the issue saw
`Fatal Python error: none_dealloc` on a quit once, printed to a terminal nobody had open.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.locations import logs_dir
from engine.errors import EngineError

log = logging.getLogger("lanthorn.desktop")
LOG_NAME = "lanthorn-desktop.log"
FATAL_LOG_NAME = "fatal.log"
_crash_dialogs: list[QMessageBox] = []
_FULL_STOPS = ("。", "！", "？")  # Chinese puts no space after them


def describe(exc: BaseException) -> tuple[str, str]:
    """A (message, details) pair fit to show a person for any exception.

    An engine error's message and hint are in the interface language (the default locale,
    which `desktop.i18n.Translations.install` sets).
    """
    if isinstance(exc, EngineError):
        message, hint = exc.localized(QLocale().name())
        return message, f"{hint}\n\n({type(exc).__name__})".strip()
    log.error("Unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    message = QCoreApplication.translate("Errors", "Something went wrong: {kind}.").format(
        kind=type(exc).__name__
    )
    details = QCoreApplication.translate("Errors", "{text}\n\nThe full report is in {log}.").format(
        text=str(exc)[:500], log=log_file()
    )
    return message, details


def shown(exc: BaseException) -> str:
    """What went wrong and what to do, in one line (the message and the hint of `describe`)."""
    if isinstance(exc, EngineError):
        message, hint = exc.localized(QLocale().name())
        space = "" if message.endswith(_FULL_STOPS) or not hint else " "
        return f"{message}{space}{hint}"
    return describe(exc)[0]


# ---------------------------------------------------------------------- logging and crashes
def log_file() -> Path:
    """The desktop app's log file (in the data folder's logs/)."""
    return logs_dir() / LOG_NAME


def setup_logging() -> logging.Handler:
    """Log to a rotating file under the data folder; returns the handler (to remove at exit)."""
    handler = RotatingFileHandler(log_file(), maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    return handler


def write_crash_report(
    kind: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> Path:
    """Write the traceback to its own file in logs/ and to the log; returns the file."""
    now = time.time()
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    path = logs_dir() / f"crash-{stamp}-{int(now * 1000) % 1000:03d}.txt"
    text = "".join(traceback.format_exception(kind, exc, tb))
    path.write_text(text, encoding="utf-8")
    log.critical("Uncaught exception (report in %s)\n%s", path, text)
    return path


def show_crash_dialog(kind: type[BaseException], exc: BaseException, report: Path) -> QMessageBox:
    """Tell the person something broke and where the report is; the app keeps running."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("Errors", "Lanthorn hit a problem"),
        QCoreApplication.translate(
            "Errors",
            "Something unexpected went wrong ({kind}). Your conversations and "
            "documents are safe. If it happens again, please send the report file.",
        ).format(kind=kind.__name__),
        QMessageBox.StandardButton.Ok,
    )
    box.setObjectName("crashDialog")
    box.setInformativeText(
        QCoreApplication.translate("Errors", "Report: {path}").format(path=report)
    )
    _crash_dialogs.append(box)  # no parent: this list keeps it alive until it is closed
    box.finished.connect(lambda _r: _crash_dialogs.remove(box))
    box.open()
    return box


def handle_uncaught(
    kind: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """`sys.excepthook`: log the traceback, then show the crash dialog (from the GUI thread)."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    report = write_crash_report(kind, exc, tb)
    app = QApplication.instance()
    if app is not None and threading.current_thread() is threading.main_thread():
        show_crash_dialog(kind, exc, report)


def install_crash_handler() -> Callable[[], None]:
    """Route uncaught exceptions to `handle_uncaught` and fatal errors to `fatal.log`.

    Uncaught exceptions of the GUI and of worker threads get a report and a dialog; a fatal
    error (a crash in C) gets every thread's stack from faulthandler.

    Returns a function that puts the previous hooks back.
    """
    fatal = (logs_dir() / FATAL_LOG_NAME).open("a", encoding="utf-8")
    was_enabled = faulthandler.is_enabled()
    faulthandler.enable(file=fatal, all_threads=True)
    previous = (sys.excepthook, threading.excepthook)
    sys.excepthook = handle_uncaught

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            handle_uncaught(args.exc_type, args.exc_value, args.exc_traceback)

    threading.excepthook = thread_hook

    def restore() -> None:
        sys.excepthook, threading.excepthook = previous
        faulthandler.disable()
        if was_enabled:  # pytest's own, for instance
            faulthandler.enable(file=sys.__stderr__ or sys.stderr, all_threads=True)
        fatal.close()

    return restore
