"""What each stored answer rested on (migrations 0003, 0004, 0007, 0009), saved and read back.

A reopened conversation (or an export) shows the same sources and citations the answer had when
it was written, whether the documents covered the question, whether it came from the model's
general knowledge, which source a summary summarizes, whether it was stopped part-way, and
the evidence shown above it (answers stored before 0009 have none).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.storage.db import Database
from engine.types import Citation, Location, Message

if TYPE_CHECKING:  # retrieval pulls the knowledge base's modules; reading records needs none
    from engine.chat.retrieval import Passage


@dataclass(frozen=True)
class Grounding:
    """What a stored answer rested on; `summary_of` is the source a summary summarizes.

    `stopped`: the person stopped it before it was complete.
    """

    covered: bool | None
    general_knowledge: bool = False
    query: str = ""
    summary_of: int | None = None
    stopped: bool = False


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
        evidence: Sequence[Citation] = (),
    ) -> None:
        """Record one answer's grounding in one transaction (the message already exists)."""
        covered = None if grounding.covered is None else int(grounding.covered)
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO answer_grounding (message_id, covered,"
                " general_knowledge, search_query, summary_of, stopped)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (message_id, covered, int(grounding.general_knowledge), grounding.query,
                 grounding.summary_of, int(grounding.stopped)),
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
            conn.executemany(
                "INSERT OR REPLACE INTO answer_evidence (message_id, n, source_id, title, path,"
                " page, char_start, char_end, start_s, end_s, url, quote)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(message_id, c.n, *_location_row(c.location), c.quote) for c in evidence],
            )

    def citations(
        self, conversation_id: int, table: str = "answer_citations"
    ) -> dict[int, tuple[Citation, ...]]:
        """Citations (or, with `table="answer_evidence"`, evidence) of every answer, by message."""
        if table not in ("answer_citations", "answer_evidence"):
            raise ValueError(table)
        rows = self._db.query(
            f"SELECT a.message_id, a.n, a.quote, {_LOCATION_COLUMNS} FROM {table} a"
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
            "SELECT g.message_id, g.covered, g.general_knowledge, g.search_query, g.summary_of,"
            " g.stopped FROM answer_grounding g JOIN messages m ON m.id = g.message_id"
            " WHERE m.conversation_id = ?",
            (conversation_id,),
        )
        return {
            r["message_id"]: Grounding(
                covered=None if r["covered"] is None else bool(r["covered"]),
                general_knowledge=bool(r["general_knowledge"]),
                query=r["search_query"],
                summary_of=r["summary_of"],
                stopped=bool(r["stopped"]),
            )
            for r in rows
        }

    def restore(self, conversation_id: int, messages: Sequence[Message]) -> list[Message]:
        """`messages` of a conversation, each answer with what it rested on when written."""
        found = self.citations(conversation_id)
        shown = self.citations(conversation_id, "answer_evidence")
        groundings = self.groundings(conversation_id)
        return [
            _restored(m, found.get(m.id, ()), groundings.get(m.id), shown.get(m.id, ()))
            for m in messages
        ]

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


def _location(row: sqlite3.Row) -> Location:
    return Location(
        source_id=row["source_id"], title=row["title"], path=row["path"], page=row["page"],
        start=row["char_start"], end=row["char_end"], start_s=row["start_s"],
        end_s=row["end_s"], url=row["url"],
    )


def _restored(
    message: Message,
    citations: tuple[Citation, ...],
    grounding: Grounding | None,
    shown: tuple[Citation, ...],
) -> Message:
    """A stored message with what its answer rested on, as it was shown when written."""
    if grounding is None:
        return dataclasses.replace(message, citations=citations, evidence=shown)
    return dataclasses.replace(
        message,
        citations=citations,
        evidence=shown,
        covered=grounding.covered,
        general_knowledge=grounding.general_knowledge,
        summary_of=grounding.summary_of,
        stopped=grounding.stopped,
    )
