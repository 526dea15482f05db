"""The EngineError tree. Every message is written for a person: what happened, what to do."""

from __future__ import annotations

from engine.texts import localize


class EngineError(Exception):
    """Base of every error the engine raises on purpose; its text is fit to show a user."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()

    def localized(self, language: str) -> tuple[str, str]:
        """The message and the hint in the interface `language` ("zh_CN", "en", ...)."""
        return localize(self.message, language), localize(self.hint, language)


class UserInputError(EngineError):
    """The request itself is wrong (unknown id, bad argument); retrying unchanged will not help."""


class NotFoundError(UserInputError):
    """A conversation, source or file that was asked for does not exist."""


class ModelError(EngineError):
    """A model file cannot be used: missing, not GGUF, truncated, unsupported or too large."""


class ModelLoadCrashed(ModelError):
    """llama.cpp died while loading the file in the probe process."""


class GenerationError(EngineError):
    """Generation failed part-way (the model returned an error)."""


class StorageError(EngineError):
    """The data folder cannot be read or written (permissions, disk full, corrupt database)."""


class DiskFull(StorageError):
    """The disk holding the data folder has no room left for what was being written."""


class NotEnoughSpace(DiskFull):
    """Large work was not started: the free space is less than it needs (checked first)."""


class ConfigError(EngineError):
    """The settings file is unreadable or holds a value out of range."""


class DocumentError(EngineError):
    """A document cannot be indexed: broken, encrypted, scanned, too large or too slow."""


class PasswordRequired(DocumentError):
    """The PDF is encrypted and opens only with a password the user has to give."""


class AudioError(DocumentError):
    """An audio or video file cannot be transcribed: missing, empty, not audio, or truncated."""


class Cancelled(EngineError):
    """A long job stopped because its cancel token was set."""

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)
