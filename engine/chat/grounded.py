"""One grounded answer: stream it through the citation filter, then cite, or say it is unsupported.

The sentences the engine writes into answers are in `answer_texts`; what a stored answer rested
on is saved by `answer_records`.

Decision: a marker that points at no source is removed from the text that is shown, stored and
exported (see `engine.chat.citations`); the text never holds a marker without a citation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from engine.cancel import CancelToken
from engine.chat import citations as cite
from engine.chat.answer_texts import unsupported_text
from engine.chat.prompt import Prompt
from engine.config import SamplingSettings
from engine.llm.base import ChatModel
from engine.types import AnswerDelta, Citation, Usage


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
        try:
            for delta in self.model.stream(self.prompt.turns, sampling, cancel):
                if delta.done:
                    self.usage, self.finish_reason = delta.usage, delta.finish_reason
                    break
                shown = self._filter.feed(delta.text)
                if shown:
                    yield AnswerDelta(text=shown)
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
