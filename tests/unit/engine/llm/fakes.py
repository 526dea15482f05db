"""A chat model that counts one token per word: enough to test context fitting exactly."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from engine.cancel import CancelToken
from engine.config import SamplingSettings
from engine.llm.base import ChatModel, ChatTurn
from engine.types import AnswerDelta, ModelInfo, Usage

TURN_OVERHEAD = 3  # role marker, start and end of turn
PROMPT_OVERHEAD = 2  # the assistant header the prompt ends with


class WordModel(ChatModel):
    def __init__(self, context_size: int, turn_overhead: int = TURN_OVERHEAD) -> None:
        self.info = ModelInfo("fake.gguf", "fake", "llama", None, "F16", context_size, None, 0)
        self._context_size = context_size
        self._turn_overhead = turn_overhead
        self.prompt_counts = 0

    @property
    def context_size(self) -> int:
        return self._context_size

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def count_prompt_tokens(self, turns: Sequence[ChatTurn]) -> int:
        self.prompt_counts += 1
        body = sum(self.count_tokens(t.content) + self._turn_overhead for t in turns)
        return body + PROMPT_OVERHEAD

    def stream(
        self,
        turns: Sequence[ChatTurn],
        sampling: SamplingSettings,
        cancel: CancelToken | None = None,
    ) -> Iterator[AnswerDelta]:
        yield AnswerDelta(text="ok")
        yield AnswerDelta(done=True, finish_reason="stop", usage=Usage(0, 1, 0))
