"""The chat-model seam: one small interface that local and remote backends implement."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from engine.cancel import CancelToken
from engine.config import SamplingSettings
from engine.types import AnswerDelta, ModelInfo


@dataclass(frozen=True)
class ChatTurn:
    """One turn of a conversation as the model sees it."""

    role: str  # "system" | "user" | "assistant"
    content: str


class ChatModel(ABC):
    """A loaded chat model. Not thread-safe: the engine drives it from one worker thread.

    Attributes:
        info: what the model file says about itself.
    """

    info: ModelInfo

    @property
    @abstractmethod
    def context_size(self) -> int:
        """Tokens the model can attend to: prompt and answer together."""

    @abstractmethod
    def count_tokens(self, text: str) -> int:
        """Tokens `text` takes as plain message content."""

    @abstractmethod
    def count_prompt_tokens(self, turns: Sequence[ChatTurn]) -> int:
        """Tokens of the whole prompt for `turns`, after the chat template is applied."""

    @abstractmethod
    def stream(
        self,
        turns: Sequence[ChatTurn],
        sampling: SamplingSettings,
        cancel: CancelToken | None = None,
    ) -> Iterator[AnswerDelta]:
        """Generate the assistant's next turn: text deltas, then one delta with `done=True`.

        The final delta's `finish_reason` is "stop", "length" or "cancelled" and its `usage`
        counts the tokens. The prompt never overflows the context: the oldest turns are
        dropped first and the answer is capped to the room left.

        Raises:
            GenerationError: the model failed part-way.
        """

    def share_cores(self, shared: bool) -> None:  # noqa: B027 - only CPU backends have threads
        """Use half the threads while other heavy work (indexing) runs in-process, or all again.

        Two busy thread pools on the same cores slow each other down far more than either
        gains: measured on 2 cores while a book was indexed, llama.cpp wrote 53-61 tokens/s
        with 2 threads and 78 with 1.
        """

    def close(self) -> None:  # noqa: B027 - most backends hold nothing to free
        """Free the model's memory; the object is unusable afterwards. Idempotent."""
