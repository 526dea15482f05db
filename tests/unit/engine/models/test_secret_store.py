"""The keyring choice: only the OS's own stores; file, placeholder and failing ones refused."""

from __future__ import annotations

from typing import Any

from engine.secrets import NO_KEYRING, SecretStore, os_backend


def backend(module: str, priority: float, *, fails: bool = False) -> Any:
    store: dict[tuple[str, str], str] = {}

    class Backend:
        def set_password(self, service: str, name: str, value: str) -> None:
            if fails:
                raise RuntimeError("locked")
            store[service, name] = value

        def get_password(self, service: str, name: str) -> str | None:
            return store.get((service, name))

        def delete_password(self, service: str, name: str) -> None:
            store.pop((service, name), None)

    Backend.__module__ = module
    Backend.priority = priority  # type: ignore[attr-defined]
    return Backend()


def test_plaintext_encrypted_file_fail_and_null_backends_are_refused() -> None:
    refused = [
        backend("keyrings.alt.file", 1.0),  # plaintext / encrypted file (prompts on stdin)
        backend("keyrings.cryptfile.cryptfile", 1.0),
        backend("keyring.backends.fail", 0.0),
        backend("keyring.backends.null", -1.0),
    ]
    store = SecretStore(backends=lambda: refused)
    status = store.set("k", "sk-1")
    assert (status.persistent, status.backend, status.problem) == (False, "memory", NO_KEYRING)
    assert store.get("k") == "sk-1" and store.where("k") == "memory"
    assert all(not b.get_password("Lanthorn", "k") for b in refused)


def test_the_os_store_inside_a_chainer_is_used() -> None:
    secret_service = backend("keyring.backends.SecretService", 5.0)

    class Chainer:
        def __init__(self) -> None:
            self.backends = [backend("keyrings.alt.file", 9.0), secret_service]

    assert os_backend([Chainer()]) is secret_service
    store = SecretStore(backends=lambda: [Chainer()])
    assert store.set("k", "sk-2").persistent
    assert store.where("k") == "keyring" and secret_service.get_password("Lanthorn", "k") == "sk-2"
    store.delete("k")
    assert store.get("k") is None


def test_a_keyring_that_fails_falls_back_to_memory_and_says_why() -> None:
    store = SecretStore(backends=lambda: [backend("keyring.backends.SecretService", 5.0,
                                                  fails=True)])
    status = store.set("k", "sk-3")
    assert not status.persistent and "locked" in status.problem
    assert store.get("k") == "sk-3"
