"""One grounded answer: stream it through the citation filter, then cite, or say it is unsupported.

The sentences the engine writes into answers are in `answer_texts`; what a stored answer rested
on is saved by `answer_records`.

Decision: a marker that points at no source is removed from the text that is shown, stored and
exported (see `engine.chat.citations`); the text never holds a marker without a citation.

Phases: the run announces READING (with the number of quoted passages) before the model reads
the prompt, and WRITING at the first token; from the second token on, every text delta carries
the writing speed measured since the first token (tokens are the model's deltas: one per token
for a local model), so the prompt-reading time never drags the figure down to "0.0 tokens/s".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from engine.cancel import CancelToken
from engine.chat import citations as cite
from engine.chat.answer_texts import unsupported_text, without_notes
from engine.chat.prompt import Prompt
from engine.config import SamplingSettings
from engine.llm.base import ChatModel
from engine.types import AnswerDelta, AnswerPhase, Citation, Usage


class Speedometer:
    """Tokens per second since the first token: honest from the second token on."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self._clock = clock
        self._first: float | None = None
        self._after_first = 0

    def tick(self) -> float | None:
        """Count one token; return the speed so far (None for the first token)."""
        now = self._clock()
        if self._first is None:
            self._first = now
            return None
        self._after_first += 1
        elapsed = now - self._first
        return self._after_first / elapsed if elapsed > 0 else None

    @property
    def started(self) -> bool:
        """Whether the first token has come."""
        return self._first is not None


@dataclass
class GroundedRun:
    """Streams one answer for a prompt and collects what the stored message needs.

    After the stream ends, `text`, `citations`, `usage` and `finish_reason` hold the result.
    """

    model: ChatModel
    prompt: Prompt
    question: str
    covered: bool | None
    text: str = ""
    citations: tuple[Citation, ...] = ()
    usage: Usage | None = None
    finish_reason: str | None = None
    _filter: cite.AnswerFilter = field(init=False)

    def __post_init__(self) -> None:
        self._filter = cite.AnswerFilter(len(self.prompt.passages))

    def stream(
        self, sampling: SamplingSettings, cancel: CancelToken | None
    ) -> Iterator[AnswerDelta]:
        """Yield the cleaned answer text; citations are settled when the model stops.

        Raises:
            GenerationError: the model failed part-way (what was written is kept in `text`).
        """
        finished = False
        speed = Speedometer()
        yield AnswerDelta(phase=AnswerPhase.READING, passages=len(self.prompt.passages))
        try:
            for delta in self.model.stream(self.prompt.turns, sampling, cancel):
                if delta.done:
                    self.usage, self.finish_reason = delta.usage, delta.finish_reason
                    break
                if not speed.started:
                    yield AnswerDelta(phase=AnswerPhase.WRITING)
                rate = speed.tick()
                shown = self._filter.feed(delta.text)
                if shown:
                    yield AnswerDelta(text=shown, tokens_per_s=rate)
            rest, finished = self._filter.finish(), True
            if rest:
                yield AnswerDelta(text=rest)
        finally:
            if not finished:
                self._filter.finish()
            self.text = self._filter.text
        tail = self._settle()
        if tail:
            yield AnswerDelta(text=tail)

    def _settle(self) -> str:
        """Work out the citations; return text to append (attributed markers or a note)."""
        passages = self.prompt.passages
        if not passages:
            return self._append("")
        self.text = without_notes(self.text)  # a note the model copied is not its answer
        if self._filter.cited:
            found = cite.from_markers(self.text, self._filter.cited, passages, self.question)
            self.citations = tuple(found)
            return self._append("")
        found = cite.attribute(self.text, passages, self.question)
        self.citations = tuple(found)
        if found:
            return self._append(cite.markers_text(found))
        if self.finish_reason == "cancelled" or not self.text.strip():
            return self._append("")
        return self._append("\n\n" + unsupported_text(self.question))

    def _append(self, extra: str) -> str:
        self.text += extra
        return extra
