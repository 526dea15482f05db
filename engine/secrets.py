"""API keys in the OS keyring, never in a file: the one place the engine keeps secrets.

Only the operating system's own stores are used: the Secret Service (GNOME Keyring, KeePassXC),
KWallet, the macOS Keychain and the Windows Credential Manager. Everything else that `keyring`
can load is refused, whatever the user's keyring configuration names: plaintext and
"encrypted file" backends (`keyrings.alt`, `keyrings.cryptfile`) write the key to a file, and
the latter ask for a password on stdin, which behind a GUI would hang the app; `fail` and `null`
store nothing. With no usable backend, or when the keyring refuses (locked, gone from the
bus), the key is kept in this process's memory until it quits, and `status` says so plainly.

Keys are never logged, never part of an exception's text and never put in settings, exports or
crash reports; `RemoteEndpoint` (engine.llm.remote) keeps it out of its repr too.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from engine.types import KeyringStatus

SERVICE = "Lanthorn"
_OS_BACKENDS = (
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
    "keyring.backends.macOS",
    "keyring.backends.Windows",
)
NO_KEYRING = (
    "No system keyring is available, so API keys are kept in memory only until Lanthorn quits. "
    "Unlock or install your desktop's keyring (GNOME Keyring, KWallet, the macOS Keychain or "
    "the Windows Credential Manager) to keep them."
)

_log = logging.getLogger(__name__)


def usable(backend: Any) -> bool:
    """Whether `backend` is one of the operating system's own secret stores and is available."""
    module = type(backend).__module__
    if not any(module == name or module.startswith(name + ".") for name in _OS_BACKENDS):
        return False
    try:
        return float(backend.priority) > 0
    except Exception:  # a backend whose priority check fails is not available here
        return False


def os_backend(candidates: list[Any]) -> Any | None:
    """The best OS keyring among `candidates` (a chainer is unwrapped), or None."""
    found: list[Any] = []
    for backend in candidates:
        inner = getattr(backend, "backends", None)  # keyring's ChainerBackend
        found.extend(inner if isinstance(inner, list | tuple) else [backend])
    allowed = [backend for backend in found if usable(backend)]
    return max(allowed, key=lambda backend: float(backend.priority), default=None)


def _all_backends() -> list[Any]:
    import keyring.backend

    return list(keyring.backend.get_all_keyring())


class SecretStore:
    """API keys by name in the OS keyring, else in memory.

    Thread-safe; calls may block briefly (D-Bus) and never prompt on stdin.
    """

    def __init__(self, backends: Callable[[], list[Any]] = _all_backends) -> None:
        """`backends` lists the candidate keyring backends (tests give their own)."""
        self._find = backends
        self._lock = threading.Lock()
        self._backend: Any | None = None
        self._searched = False
        self._problem = ""
        self._memory: dict[str, str] = {}

    def status(self) -> KeyringStatus:
        """Where keys are kept now."""
        with self._lock:
            backend = self._keyring()
            if backend is None:
                return KeyringStatus(backend="memory", persistent=False, problem=self._problem)
            return KeyringStatus(backend=_describe(backend), persistent=True)

    def set(self, name: str, value: str) -> KeyringStatus:
        """Keep `value` under `name`: in the keyring, else in memory (the status says which)."""
        with self._lock:
            backend = self._keyring()
            if backend is not None:
                try:
                    backend.set_password(SERVICE, name, value)
                    self._memory.pop(name, None)
                    return KeyringStatus(backend=_describe(backend), persistent=True)
                except Exception as exc:
                    self._give_up(exc)
            self._memory[name] = value
            return KeyringStatus(backend="memory", persistent=False, problem=self._problem)

    def get(self, name: str) -> str | None:
        """The value kept under `name`, or None."""
        with self._lock:
            if name in self._memory:
                return self._memory[name]
            backend = self._keyring()
            if backend is None:
                return None
            try:
                value = backend.get_password(SERVICE, name)
            except Exception as exc:
                self._give_up(exc)
                return None
            return str(value) if value is not None else None

    def where(self, name: str) -> str:
        """"keyring" or "memory" when a value is kept under `name`, else ""."""
        with self._lock:
            in_memory = name in self._memory
        if in_memory:
            return "memory"
        return "keyring" if self.get(name) is not None else ""

    def delete(self, name: str) -> None:
        """Forget the value under `name` wherever it is kept; nothing kept is not an error."""
        with self._lock:
            self._memory.pop(name, None)
            backend = self._keyring()
            if backend is None:
                return
            try:
                if backend.get_password(SERVICE, name) is not None:
                    backend.delete_password(SERVICE, name)
            except Exception as exc:
                self._give_up(exc)

    def _keyring(self) -> Any | None:
        if not self._searched:
            self._searched = True
            try:
                self._backend = os_backend(self._find())
            except Exception as exc:
                _log.warning("The keyring could not be searched: %s", type(exc).__name__)
                self._backend = None
            if self._backend is None:
                self._problem = NO_KEYRING
        return self._backend

    def _give_up(self, exc: Exception) -> None:
        """The keyring failed (locked, gone): keep keys in memory from now on."""
        _log.warning("The system keyring failed (%s); keeping API keys in memory.",
                     type(exc).__name__)
        self._backend = None
        self._problem = (
            "The system keyring refused to keep the API key (it may be locked), so it is kept "
            "in memory only until Lanthorn quits. Unlock the keyring and enter the key again "
            "to keep it."
        )


def _describe(backend: Any) -> str:
    name = getattr(backend, "name", "")
    return str(name) if name else type(backend).__module__.rsplit(".", 1)[-1]
