"""`lanthorn ask` and `lanthorn chat`: answers streamed to the terminal, then their sources.

Both use the knowledge base when it has ready sources (`--no-kb` skips it). When the documents
do not cover a question, `chat` offers `/general` to answer from the model's own knowledge.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from engine.api import Engine
from engine.cli import session
from engine.cli.output import print_json, warn, write
from engine.types import AnswerDelta, AnswerPhase, Citation, Coverage, Location, clock

GENERAL_COMMAND = "/general"


def register(sub: Any) -> None:
    """Add `ask` and `chat` to the subcommand parser."""
    ask = sub.add_parser("ask", help="answer one question (from your documents when you have some)")
    ask.add_argument("question")
    _common(ask)
    ask.add_argument("--json", action="store_true", help="print one JSON object at the end")
    ask.set_defaults(func=run_ask)

    chat = sub.add_parser("chat", help="an interactive conversation, kept in history")
    _common(chat)
    chat.add_argument("--conversation", type=int, metavar="ID", help="continue this one")
    chat.set_defaults(func=run_chat)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", metavar="PATH", help="a GGUF file to use instead of the default")
    parser.add_argument(
        "--no-kb", action="store_true", help="answer without searching the knowledge base"
    )


def location_json(at: Location) -> dict[str, Any]:
    """Where a hit or citation points, as the CLI's JSON prints it (null where unknown)."""
    return dataclasses.asdict(at)


def citation_json(c: Citation) -> dict[str, Any]:
    """A citation as the CLI's JSON prints it."""
    return {"n": c.n, **location_json(c.location), "quote": c.quote}


def where(at: Location) -> str:
    """`good.pdf p. 3` (or the time of a timed source: `talk.srt 1:05`)."""
    if at.start_s is not None:
        return f"{at.name} {clock(at.start_s)}"
    return f"{at.name} p. {at.page}" if at.page is not None else at.name


def evidence_text(evidence: Sequence[Citation]) -> str:
    """The evidence shown before an answer: one quoted sentence and its page per line."""
    if not evidence:
        return ""
    lines = [f"  \"{' '.join(c.quote.split())}\" ({where(c.location)})" for c in evidence]
    return "Evidence:\n" + "\n".join(lines) + "\n\n"


def print_sources(citations: Sequence[Citation]) -> None:
    """The sources under an answer: `[1] good.pdf p. 3` and the quoted passage."""
    if not citations:
        return
    write("\nSources:\n")
    for c in citations:
        write(f"[{c.n}] {where(c.location)}\n    \"{' '.join(c.quote.split())}\"\n")


PHASE_LINES = {
    AnswerPhase.SEARCHING: "Searching your documents…",
    AnswerPhase.LOADING_MODEL: "Loading the model…",
    AnswerPhase.SUMMARIZING: "Summarizing…",
}


def phase_line(delta: AnswerDelta) -> str:
    """What the terminal shows while an answer waits ("" once the model writes)."""
    if delta.phase is AnswerPhase.READING:
        return f"Reading {delta.passages} passages…" if delta.passages else "Reading…"
    return PHASE_LINES.get(delta.phase, "") if delta.phase is not None else ""


def stream_to_terminal(deltas: Iterable[AnswerDelta], *, echo: bool) -> tuple[str, AnswerDelta]:
    """Write the text as it comes (when `echo`); return the whole text and the final delta.

    On a terminal, the phases before the first word (searching, loading, reading) are shown
    on stderr, so a wait is never silent; piped output stays the evidence and the answer. The
    evidence (the sentences most likely to answer) comes first, as soon as the search ends.
    """
    pieces: list[str] = []
    final = AnswerDelta(done=True)
    phases = echo and sys.stderr.isatty()
    for delta in deltas:
        if delta.done:
            final = delta
            continue
        if phases and phase_line(delta):
            warn(phase_line(delta))
        if echo and delta.evidence:
            write(evidence_text(delta.evidence))
        pieces.append(delta.text)
        if echo:
            write(delta.text)
    if echo:
        write("\n")
    return "".join(pieces), final


def run_ask(args: argparse.Namespace) -> int:
    """Stream one answer and its sources; with --json print one object instead."""
    with session.open_engine(args.model) as engine:
        deltas = engine.chat.stream_answer(args.question, use_knowledge=not args.no_kb)
        text, final = stream_to_terminal(deltas, echo=not args.json)
        if args.json:
            print_json(_answer_json(engine, text, final))
        else:
            print_sources(final.citations)
        if final.covered is False:
            warn(
                "To answer from the model's general knowledge instead, run: "
                f'lanthorn ask --no-kb "{args.question}"'
            )
    return 0


def _answer_json(engine: Engine, text: str, final: AnswerDelta) -> dict[str, Any]:
    loaded = engine.models.current() if final.usage is not None else None
    return {
        "answer": text.strip(),
        "citations": [citation_json(c) for c in final.citations],
        "evidence": [citation_json(c) for c in final.evidence],
        "covered": final.covered,
        "coverage": _coverage_json(final.coverage),
        "model": loaded.name if loaded else None,
        "finish_reason": final.finish_reason,
        "usage": dataclasses.asdict(final.usage) if final.usage else None,
        "indexing": [
            {"source_id": s.id, "name": Location(source_id=s.id, title=s.title, path=s.path).name,
             "pages_done": s.pages_done, "pages": s.pages}
            for s in final.indexing
        ],
    }


def _coverage_json(coverage: Coverage | None) -> dict[str, Any] | None:
    """Why the question was refused: every signal, and the passages that were looked at."""
    if coverage is None:
        return None
    return {
        **{k: v for k, v in dataclasses.asdict(coverage).items() if k != "considered"},
        "evidence": [
            {**location_json(c.location), "relevance": round(c.relevance, 3), "text": c.text}
            for c in coverage.considered
        ],
    }


def run_chat(args: argparse.Namespace) -> int:
    """Read a line, stream the reply and its sources, repeat; an empty line or EOF ends it."""
    with session.open_engine(args.model) as engine:
        conversation = (
            engine.conversations.get(args.conversation)
            if args.conversation
            else engine.conversations.create()
        )
        warn(f"Conversation {conversation.id}. Empty line or Ctrl+D to quit.")
        for line in _lines():
            if line == GENERAL_COMMAND:
                deltas = engine.chat.answer_from_general_knowledge(conversation.id)
            else:
                deltas = engine.chat.stream_reply(
                    conversation.id, line, use_knowledge=not args.no_kb
                )
            _, final = stream_to_terminal(deltas, echo=True)
            print_sources(final.citations)
            if final.covered is False and not final.general_knowledge:
                warn(f"Type {GENERAL_COMMAND} to answer from the model's general knowledge.")
    return 0


def _lines() -> Iterator[str]:
    interactive = sys.stdin.isatty()
    while True:
        if interactive:
            write("> ")
        line = sys.stdin.readline()
        if not line or not line.strip():
            return
        yield line.strip()
