"""File dialogs that never block the app and start in the folder used last time.

Each dialog is opened window-modal (`open()`, not `exec()`), so streams and progress keep
flowing while it is up, and its answer arrives through a callback. The last folder of each kind
(documents added, conversations exported) is kept in the window state, not the settings: losing
it only costs a click.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.locations import window_state

DOCUMENTS, EXPORTS = "documents", "exports"


def last_folder(kind: str) -> str:
    """The folder a dialog of this kind opened in last (the home folder at first)."""
    folder = window_state().value(f"dialogs/{kind}")
    if isinstance(folder, str) and os.path.isdir(folder):
        return folder
    return str(Path.home())


def remember_folder(kind: str, path: str) -> None:
    """Keep the folder of `path` (or `path` itself, a folder) for the next dialog of `kind`."""
    folder = path if os.path.isdir(path) else os.path.dirname(path)
    state = window_state()
    state.setValue(f"dialogs/{kind}", folder)
    state.sync()


def _dialog(parent: QWidget, title: str, kind: str, name_filter: str = "") -> QFileDialog:
    dialog = QFileDialog(parent, title, last_folder(kind), name_filter)
    dialog.setObjectName(f"{kind}FileDialog")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog


def choose_files(
    parent: QWidget, title: str, name_filter: str, chosen: Callable[[list[str]], None]
) -> QFileDialog:
    """Pick existing files to add; `chosen` gets their paths."""
    dialog = _dialog(parent, title, DOCUMENTS, name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)

    def picked(paths: list[str]) -> None:
        if paths:
            remember_folder(DOCUMENTS, paths[0])
            chosen(paths)

    dialog.filesSelected.connect(picked)
    dialog.open()
    return dialog


def choose_folder(parent: QWidget, title: str, chosen: Callable[[str], None]) -> QFileDialog:
    """Pick a folder to add; `chosen` gets its path."""
    dialog = _dialog(parent, title, DOCUMENTS)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)

    def picked(path: str) -> None:
        if path:
            remember_folder(DOCUMENTS, path)
            chosen(path)

    dialog.fileSelected.connect(picked)
    dialog.open()
    return dialog


def choose_save_file(
    parent: QWidget, title: str, name: str, name_filter: str, chosen: Callable[[str], None]
) -> QFileDialog:
    """Pick where to save `name`; only files matching `name_filter` are offered.

    The filter's suffix is added when the person types a name without one.
    """
    dialog = _dialog(parent, title, EXPORTS, name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    suffix = Path(name).suffix.lstrip(".")
    if suffix:
        dialog.setDefaultSuffix(suffix)
    dialog.selectFile(name)

    def picked(path: str) -> None:
        if path:
            remember_folder(EXPORTS, path)
            chosen(path)

    dialog.fileSelected.connect(picked)
    dialog.open()
    return dialog


def confirm_saved(parent: QWidget, title: str, path: str) -> QMessageBox:
    """Say where a file was saved, with "Open folder" (shows the folder in the file manager)."""
    folder = os.path.dirname(path)
    box = QMessageBox(
        QMessageBox.Icon.Information,
        title,
        QCoreApplication.translate("FileDialogs", "Saved {name} in {folder}.").format(
            name=os.path.basename(path), folder=folder
        ),
        QMessageBox.StandardButton.Close,
        parent,
    )
    box.setObjectName("savedNote")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    open_button = box.addButton(
        QCoreApplication.translate("FileDialogs", "Open folder"), QMessageBox.ButtonRole.ActionRole
    )
    open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(folder)))
    box.open()
    return box
