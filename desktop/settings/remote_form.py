"""The Models page's remote server: address, model name, API key, and "Test connection".

What leaves the machine is said above the form, always, so it is read before the first use:
the question, recent turns and the cited passages go to the server; the documents, their index
and the search stay here. The API key goes only to `engine.models.set_remote`, which keeps it in
the OS keyring (or in memory until Lanthorn quits when there is no usable keyring, which the
form then says plainly). The key field is emptied once saved and a kept key is never shown
again: "a key is kept" is all the form knows. Test connection saves what was typed first, then
asks the server (`engine.models.test_remote`) and shows its answer or the engine's one-line
reason (wrong key, unknown model, server down).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import describe
from desktop.task_runner import IO, TaskRunner
from engine.api import EngineAPI
from engine.types import KeyringStatus, RemoteCheck, RemoteStatus


@dataclass(frozen=True)
class RemoteView:
    """What the form shows: the endpoint as stored, where keys go, and a check's outcome."""

    remote: RemoteStatus
    keyring: KeyringStatus
    check: RemoteCheck | None = None


class RemoteSection(QGroupBox):
    """The remote endpoint form.

    Signals:
        changed(): the endpoint or its key was saved (the dialog re-reads the settings).
        checked(object): the `RemoteCheck` of a connection test, or the exception (tests wait).
    """

    changed = Signal()
    checked = Signal(object)

    def __init__(
        self, engine: EngineAPI, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Remote server (OpenAI-compatible)"))
        self._engine = engine
        self._runner = runner
        self._edited = False  # typed but not saved: a refresh must not overwrite it
        self.status: RemoteStatus | None = None
        self.privacy = QLabel(
            self.tr(
                "With a remote model, your question, the recent turns of the conversation and "
                "the passages cited from your documents are sent to the server to be answered. "
                "Only those leave this computer: your documents, their index and the search "
                "stay here."
            )
        )
        self.privacy.setObjectName("privacyNotice")
        self.privacy.setWordWrap(True)
        self.url = self._field(self.tr("Server address"), "http://gpu-box:8080/v1")
        self.model = self._field(self.tr("Model name"), "qwen2.5-7b-instruct")
        self.key = self._field(self.tr("API key (optional)"), "")
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_note = QLabel()
        self.key_note.setObjectName("keyNote")
        self.key_note.setWordWrap(True)
        self.result = QLabel()
        self.result.setObjectName("remoteResult")
        self.result.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save server"))
        self.save_button.setAccessibleName(self.tr("Save the remote server"))
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setAccessibleName(self.tr("Test the connection to the remote server"))
        self.test_button.clicked.connect(self.test_connection)
        self.forget_button = QPushButton(self.tr("Forget the key"))
        self.forget_button.setAccessibleName(self.tr("Forget the server's API key"))
        self.forget_button.clicked.connect(self.forget_key)
        self._build()

    def _field(self, name: str, example: str) -> QLineEdit:
        field = QLineEdit()
        field.setAccessibleName(name)
        if example:
            field.setPlaceholderText(example)
        field.textEdited.connect(self._on_edited)
        return field

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.url)
        form.addRow(self.tr("Model name"), self.model)
        form.addRow(self.tr("API key (optional)"), self.key)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.forget_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.privacy)
        layout.addLayout(form)
        layout.addWidget(self.key_note)
        layout.addLayout(buttons)
        layout.addWidget(self.result)

    def _on_edited(self, _text: str) -> None:
        self._edited = True

    # ------------------------------------------------------------------ showing
    def show_view(self, view: RemoteView) -> None:
        """Show the endpoint as stored (fields being edited are left alone)."""
        self.status = view.remote
        if not self._edited:
            self.url.setText(view.remote.base_url)
            self.model.setText(view.remote.model)
        self.key.setPlaceholderText(
            self.tr("A key is kept; type a new one to replace it") if view.remote.has_key
            else self.tr("Only if the server asks for one")
        )
        self.forget_button.setVisible(view.remote.has_key)
        self.key_note.setText(self._key_text(view.remote, view.keyring))
        self.key_note.setVisible(bool(self.key_note.text()))
        if view.check is not None:
            self._show_check(view.check)

    def _key_text(self, remote: RemoteStatus, keyring: KeyringStatus) -> str:
        if remote.key_storage == "keyring":
            return self.tr("The API key is kept in the system keyring ({backend}).").format(
                backend=keyring.backend)
        if remote.key_storage == "memory":
            return self.tr(
                "The API key is kept in memory only, until Lanthorn quits: {reason}"
            ).format(reason=keyring.problem)
        return keyring.problem  # no key kept: say before one is typed that it would not last

    def _show_check(self, check: RemoteCheck) -> None:
        if check.ok:
            text = self.tr("Connected: {model} answered at {url} ({context} tokens of context).")
            text = text.format(model=check.model, url=check.base_url, context=check.context_size)
        else:
            text = check.problem
        self._set_result(text, failed=not check.ok)
        if check.models:
            self.model.setCompleter(QCompleter(list(check.models), self.model))

    def _set_result(self, text: str, *, failed: bool = False) -> None:
        self.result.setText(text)
        self.result.setProperty("failed", failed)
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)

    # ------------------------------------------------------------------ actions
    def save(self) -> None:
        """Store the address and model name; a typed key goes to the keyring."""
        save = self._save_work()
        self._set_result(self.tr("Saving…"))

        def work() -> RemoteView:
            save()
            return self._view()

        self._run(work, self._on_saved)

    def test_connection(self) -> None:
        """Save what was typed, then ask the server; show its answer or why it failed."""
        save = self._save_work() if self._edited or self.key.text() else None
        engine = self._engine
        self._set_result(self.tr("Asking the server…"))

        def work() -> RemoteView:
            if save is not None:
                save()
            return self._view(engine.models.test_remote())

        def done(view: RemoteView) -> None:
            if save is not None:
                self._on_saved(view)
            else:
                self.show_view(view)
            self.checked.emit(view.check)

        self._run(work, done, on_error=self.checked.emit)

    def forget_key(self) -> None:
        """Delete the server's key wherever it is kept."""
        engine, url = self._engine, self.status.base_url if self.status is not None else ""

        def work() -> RemoteView:
            engine.secrets.forget_api_key(url)
            return self._view()

        self._run(work, self._on_saved)

    def _save_work(self) -> Callable[[], None]:
        engine = self._engine
        url, model, key = self.url.text().strip(), self.model.text().strip(), self.key.text()
        self.key.clear()  # the key lives on only in the keyring (or memory, said so)

        def save() -> None:
            engine.models.set_remote(url, model, key.strip() or None)

        return save

    def _view(self, check: RemoteCheck | None = None) -> RemoteView:
        """Worker side: the endpoint and the keyring as stored now."""
        return RemoteView(
            remote=self._engine.models.remote(), keyring=self._engine.secrets.status(),
            check=check,
        )

    def _on_saved(self, view: RemoteView) -> None:
        self._edited = False
        if view.check is None:
            self._set_result(self.tr("Saved."))
        self.show_view(view)
        self.changed.emit()

    def _run(
        self,
        work: Callable[[], RemoteView],
        done: Callable[[RemoteView], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        def failed(exc: BaseException) -> None:
            self._set_result(describe(exc)[0], failed=True)
            if on_error is not None:
                on_error(exc)

        self._runner.run(lambda _c: work(), done, failed, lane=IO, context=self)
