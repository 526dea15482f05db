"""One grounded answer: stream it through the citation filter, then cite, or say it is unsupported.

Also the sentences Lanthorn itself writes into answers (the documents do not cover the question;
the answer is unsupported; this is general knowledge), in the language of the question, and the
record of what each stored answer rested on (migration 0003).

Decision: a marker that points at no source is removed from the text that is shown, stored and
exported (see `engine.chat.citations`); the text never holds a marker without a citation.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.cancel import CancelToken
from engine.chat import citations as cite
from engine.chat.prompt import Prompt
from engine.chat.retrieval import Passage
from engine.config import SamplingSettings
from engine.knowledge import language
from engine.llm.base import ChatModel
from engine.storage.db import Database
from engine.types import AnswerDelta, Citation, Location, Usage

_NOT_COVERED = {
    "en": (
        "Your documents do not cover this question: nothing in the knowledge base is relevant "
        "enough to answer it. I can answer from the model's general knowledge instead; that "
        "answer will be marked as not coming from your documents."
    ),
    "zh": (
        "你的文档没有涉及这个问题：知识库中没有足够相关的内容可以回答它。"
        "我可以改用模型的通用知识来回答，该回答会标明并非来自你的文档。"
    ),
}
_UNSUPPORTED = {
    "en": (
        "Unsupported: this answer cites none of the passages found in your documents. "
        "Check it against the sources before relying on it."
    ),
    "zh": "无依据：这个回答没有引用在你的文档中找到的任何段落，请先对照原文核实。",
}
_GENERAL = {
    "en": "From the model's general knowledge, not from your documents: ",
    "zh": "以下来自模型的通用知识，并非来自你的文档：",
}


def _language(text: str) -> str:
    return "zh" if language.detect(text) == "zh" else "en"


def not_covered_text(question: str) -> str:
    """The reply when nothing in the documents is relevant, in the question's language."""
    return _NOT_COVERED[_language(question)]


def unsupported_text(question: str) -> str:
    """The note under an answer that cites nothing although sources were given."""
    return _UNSUPPORTED[_language(question)]


def general_label(question: str) -> str:
    """The label that opens an answer from general knowledge."""
    return _GENERAL[_language(question)]


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


# ------------------------------------------------------------------ records (migration 0003)
@dataclass(frozen=True)
class Grounding:
    """What a stored answer rested on; `summary_of` is the source a summary summarizes."""

    covered: bool | None
    general_knowledge: bool = False
    query: str = ""
    summary_of: int | None = None


class AnswerRecords:
    """Saves and loads the grounding, sources and citations of stored answers. Thread-safe."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def save(
        self,
        message_id: int,
        grounding: Grounding,
        passages: Sequence[Passage] = (),
        citations: Sequence[Citation] = (),
    ) -> None:
        """Record one answer's grounding in one transaction (the message already exists)."""
        covered = None if grounding.covered is None else int(grounding.covered)
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO answer_grounding (message_id, covered,"
                " general_knowledge, search_query, summary_of) VALUES (?, ?, ?, ?, ?)",
                (message_id, covered, int(grounding.general_knowledge), grounding.query,
                 grounding.summary_of),
            )
            conn.executemany(
                "INSERT OR REPLACE INTO answer_sources (message_id, n, source_id, title, path,"
                " page, char_start, char_end, start_s, end_s, url)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(message_id, n, *_location_row(p.location))
                 for n, p in enumerate(passages, start=1)],
            )
            conn.executemany(
                "INSERT OR REPLACE INTO answer_citations (message_id, n, source_id, title, path,"
                " page, char_start, char_end, start_s, end_s, url, quote)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(message_id, c.n, *_location_row(c.location), c.quote) for c in citations],
            )

    def citations(self, conversation_id: int) -> dict[int, tuple[Citation, ...]]:
        """Citations of every answer of a conversation, by message id, in [n] order."""
        rows = self._db.query(
            f"SELECT a.message_id, a.n, a.quote, {_LOCATION_COLUMNS} FROM answer_citations a"
            " JOIN messages m ON m.id = a.message_id WHERE m.conversation_id = ?"
            " ORDER BY a.message_id, a.n",
            (conversation_id,),
        )
        found: dict[int, list[Citation]] = {}
        for r in rows:
            citation = Citation(n=r["n"], location=_location(r), quote=r["quote"])
            found.setdefault(r["message_id"], []).append(citation)
        return {k: tuple(v) for k, v in found.items()}

    def groundings(self, conversation_id: int) -> dict[int, Grounding]:
        """How each answer of a conversation was grounded, by message id."""
        rows = self._db.query(
            "SELECT g.message_id, g.covered, g.general_knowledge, g.search_query, g.summary_of"
            " FROM answer_grounding g JOIN messages m ON m.id = g.message_id"
            " WHERE m.conversation_id = ?",
            (conversation_id,),
        )
        return {
            r["message_id"]: Grounding(
                covered=None if r["covered"] is None else bool(r["covered"]),
                general_knowledge=bool(r["general_knowledge"]),
                query=r["search_query"],
                summary_of=r["summary_of"],
            )
            for r in rows
        }

    def sources(self, message_id: int) -> list[Citation]:
        """The numbered passages an answer's prompt quoted (as citations without a quote)."""
        rows = self._db.query(
            f"SELECT a.n, {_LOCATION_COLUMNS} FROM answer_sources a WHERE a.message_id = ?"
            " ORDER BY a.n",
            (message_id,),
        )
        return [Citation(n=r["n"], location=_location(r), quote="") for r in rows]


_LOCATION_COLUMNS = (
    "a.source_id, a.title, a.path, a.page, a.char_start, a.char_end, a.start_s, a.end_s, a.url"
)


def _location_row(at: Location) -> tuple[object, ...]:
    """A location in the column order of `_LOCATION_COLUMNS`."""
    return (at.source_id, at.title, at.path, at.page, at.start, at.end, at.start_s, at.end_s,
            at.url)


def _location(row: Any) -> Location:
    return Location(
        source_id=row["source_id"], title=row["title"], path=row["path"], page=row["page"],
        start=row["char_start"], end=row["char_end"], start_s=row["start_s"],
        end_s=row["end_s"], url=row["url"],
    )
