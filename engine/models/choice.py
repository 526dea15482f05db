"""Which model answers: a model id ("starter", "remote", a library number) to what to load.

A conversation's own choice wins; without one (or once its model was removed) the default from
the settings answers: the remote endpoint when `model.remote` is set, else `model.path` (the
starter when empty). Local choices keep the machine-fit settings (context, threads, GPU layers).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from engine.config import ModelSettings, Settings
from engine.errors import ModelError, NotFoundError
from engine.llm.remote import RemoteEndpoint
from engine.models.library import LibraryStore
from engine.secrets import SecretStore
from engine.types import REMOTE_MODEL_ID, STARTER_MODEL_ID

ModelTarget = ModelSettings | RemoteEndpoint


def api_key_name(base_url: str) -> str:
    """The keyring entry of a server's API key."""
    return f"api-key {base_url.rstrip('/')}"


class ModelChooser:
    """Resolves model ids against the settings, the library and the keyring. Thread-safe."""

    def __init__(
        self, settings: Callable[[], Settings], library: LibraryStore, secrets: SecretStore
    ) -> None:
        self._settings = settings
        self._library = library
        self._secrets = secrets

    def default_id(self) -> str:
        """The id of the default model ("" when the settings name a file not in the library)."""
        model = self._settings().model
        if model.remote:
            return REMOTE_MODEL_ID
        if not model.path:
            return STARTER_MODEL_ID
        row = self._library.by_path(model.path)
        return str(row.id) if row is not None else ""

    def target(self, model_id: str | None) -> ModelTarget:
        """What to load for `model_id` (None: the default).

        Raises:
            NotFoundError: no such library model. ModelError: no remote endpoint is set up.
        """
        settings = self._settings()
        if model_id is None:
            return self.remote() if settings.model.remote else settings.model
        if model_id == REMOTE_MODEL_ID:
            return self.remote()
        if model_id == STARTER_MODEL_ID:
            return dataclasses.replace(settings.model, path="", remote=False)
        return dataclasses.replace(
            settings.model, path=self._library.get(_number(model_id)).path, remote=False
        )

    def for_conversation(self, conversation_id: int | None) -> ModelTarget:
        """The model a conversation's turns use (the default for one-shot answers)."""
        choice = self._library.choice(conversation_id) if conversation_id is not None else None
        if choice is None:
            return self.target(None)
        try:
            return self.target(choice)
        except (NotFoundError, ModelError):
            return self.target(None)  # its model was removed or the endpoint cleared

    def remote(self) -> RemoteEndpoint:
        """The configured remote endpoint, with its key from the keyring.

        Raises:
            ModelError: no endpoint is set up.
        """
        remote = self._settings().remote
        if not remote.base_url or not remote.model:
            raise ModelError(
                "No remote model is set up.",
                hint="Enter the server's address and model name in Settings.",
            )
        key = self._secrets.get(api_key_name(remote.base_url))
        return RemoteEndpoint.from_settings(remote, key)


def _number(model_id: str) -> int:
    if not model_id.isdigit():
        raise NotFoundError(
            f"'{model_id}' is not a model id.",
            hint="Use starter, remote or a number that `models list` shows.",
        )
    return int(model_id)
