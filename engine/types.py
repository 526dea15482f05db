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
    # Grounded answers (final delta): what the answer cites; whether the documents cover the
    # question (None: no knowledge base was used); an answer from the model's own knowledge.
    citations: tuple[Citation, ...] = ()
    covered: bool | None = None
    general_knowledge: bool = False


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
    citations: tuple[Citation, ...] = ()


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


class SourceStatus(StrEnum):
    """Where a source stands; only `ready` sources are visible to search."""

    QUEUED = "queued"
    INDEXING = "indexing"
    READY = "ready"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Source:
    """One document of the knowledge base (a PDF, a text or Markdown file).

    `pages_done` counts pages already indexed (for progress and resume); `notice` is a sentence
    for the user about a partly readable document (scanned or broken pages).
    """

    id: int
    title: str
    path: str
    kind: str
    status: SourceStatus
    pages: int
    chunks: int
    added_at: float
    content_hash: str
    pages_done: int = 0
    scanned_pages: tuple[int, ...] = ()
    failed_pages: tuple[tuple[int, str], ...] = ()
    error: str = ""
    notice: str = ""
    embedding_model: str = ""


@dataclass(frozen=True)
class Hit:
    """One passage found by search. `page` is 1-based, as a PDF viewer numbers pages."""

    source_id: int
    title: str
    path: str
    page: int | None
    score: float
    text: str
    chunk_id: int
    start: int
    end: int
    start_s: float | None = None
    end_s: float | None = None
    url: str | None = None


@dataclass(frozen=True)
class AddResult:
    """What became of one file given to `add`: a source id, or the reason it failed."""

    path: str
    source_id: int | None = None
    error: str = ""
    notice: str = ""
    already_present: bool = False

    @property
    def ok(self) -> bool:
        """Whether the file is in the knowledge base and searchable."""
        return self.source_id is not None and not self.error


@dataclass(frozen=True)
class AddReport:
    """The outcome of one `add` call, one result per file found, in order."""

    results: tuple[AddResult, ...] = ()

    @property
    def ok(self) -> list[AddResult]:
        """Files now searchable (including ones that were already there)."""
        return [r for r in self.results if r.ok]

    @property
    def failed(self) -> list[AddResult]:
        """Files that could not be indexed, each with its reason."""
        return [r for r in self.results if not r.ok]


@dataclass(frozen=True)
class Citation:
    """A numbered reference `[n]` of an answer: the page (or seconds) and the quoted span.

    `quote` is text of the cited page exactly as stored (`start`/`end` are its character
    offsets within the page's cleaned text), so a viewer can highlight it.
    """

    n: int
    source_id: int
    title: str
    path: str
    page: int | None
    quote: str
    start: int
    end: int
    start_s: float | None = None
    end_s: float | None = None
    url: str | None = None
