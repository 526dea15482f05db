"""Frozen values that cross the engine boundary. No rows, arrays or model objects leak out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class ModelInfo:
    """What a GGUF file says about itself (read from its header, without loading weights)."""

    path: str
    name: str
    architecture: str
    parameter_count: int | None
    quantization: str
    context_length: int | None
    chat_template: str | None
    file_size: int
    metadata: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Usage:
    """Token counts of one generation."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0


@dataclass(frozen=True)
class AnswerDelta:
    """One piece of a streamed answer: text as it comes, then a final piece with `done=True`."""

    text: str = ""
    done: bool = False
    finish_reason: str | None = None
    usage: Usage | None = None
    message_id: int | None = None


class Role(StrEnum):
    """Who said a message."""

    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"


@dataclass(frozen=True)
class Message:
    """One stored message of a conversation."""

    id: int
    conversation_id: int
    role: Role
    text: str
    created_at: float
    model: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


@dataclass(frozen=True)
class Conversation:
    """A conversation's header (its messages are fetched separately)."""

    id: int
    title: str
    created_at: float
    updated_at: float
    message_count: int = 0


@dataclass(frozen=True)
class SearchMatch:
    """A message that matched a full-text search, with a highlighted snippet."""

    conversation_id: int
    conversation_title: str
    message_id: int
    role: Role
    snippet: str


@dataclass(frozen=True)
class Progress:
    """Where a long job stands. `total` is None while unknown; `eta_s` None until estimable."""

    done: int
    total: int | None
    stage: str = ""
    item: str = ""
    eta_s: float | None = None

    @property
    def fraction(self) -> float | None:
        """Share done in [0, 1], or None when the total is unknown."""
        if not self.total:
            return None
        return min(1.0, self.done / self.total)


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class Changes:
    """What a mutation touched, so each view decides whether to refresh."""

    conversations: bool = False
    messages: bool = False
    sources: bool = False
    settings: bool = False
