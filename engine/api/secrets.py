"""`engine.secrets`: API keys in the OS keyring (see `engine.secrets` for what is refused)."""

from __future__ import annotations

from collections.abc import Callable

from engine.api.changes import ChangeHub
from engine.api.shown import in_language
from engine.config import Settings
from engine.models.choice import api_key_name
from engine.secrets import SecretStore
from engine.types import Changes, KeyringStatus


class Secrets:
    """Where API keys are kept, and the keys of remote servers.

    Thread-safe; blocks briefly (D-Bus), never prompts on stdin. Keys are write-only through
    here: none is ever returned.
    """

    def __init__(
        self, store: SecretStore, hub: ChangeHub, settings: Callable[[], Settings]
    ) -> None:
        self._store = store
        self._hub = hub
        self._settings = settings

    def status(self) -> KeyringStatus:
        """The keyring in use, or why keys are kept only in memory until the app quits."""
        return in_language(self._store.status(), self._settings().ui.language)

    def set_api_key(self, base_url: str, key: str) -> KeyringStatus:
        """Keep the API key of the server at `base_url`; says where it went."""
        status = self._store.set(api_key_name(base_url), key)
        self._hub.publish(Changes(models=True))
        return in_language(status, self._settings().ui.language)

    def has_api_key(self, base_url: str) -> bool:
        """Whether a key is kept for the server at `base_url`."""
        return bool(self._store.where(api_key_name(base_url)))

    def forget_api_key(self, base_url: str) -> Changes:
        """Delete the key kept for `base_url`, from the keyring and from memory."""
        self._store.delete(api_key_name(base_url))
        return self._hub.publish(Changes(models=True))
