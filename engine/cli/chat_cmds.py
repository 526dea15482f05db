"""`lanthorn ask` and `lanthorn chat`: answers streamed to the terminal, then their sources.

Both use the knowledge base when it has ready sources (`--no-kb` skips it). When the documents
do not cover a question, `chat` offers `/general` to answer from the model's own knowledge.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from engine.api import Engine, with_model_path
from engine.cli.output import print_json, warn, write
from engine.config import load as load_settings
from engine.types import AnswerDelta, Citation

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


def open_engine(model: str | None) -> Engine:
    """An Engine using `model` for this run only (the saved settings are not changed)."""
    settings = load_settings()
    if model:
        settings = with_model_path(settings, model)
    return Engine(settings)


def citation_json(c: Citation) -> dict[str, Any]:
    """A citation as the CLI's JSON prints it."""
    return {
        "n": c.n,
        "source_id": c.source_id,
        "title": c.title,
        "path": c.path,
        "page": c.page,
        "quote": c.quote,
        "start": c.start,
        "end": c.end,
        **({"start_s": c.start_s, "end_s": c.end_s} if c.start_s is not None else {}),
        **({"url": c.url} if c.url else {}),
    }


def where(c: Citation) -> str:
    """`good.pdf p. 3` (or the time span of a timed source)."""
    name = Path(c.path).name if c.path else c.title
    if c.start_s is not None:
        return f"{name} {_clock(c.start_s)}"
    return f"{name} p. {c.page}" if c.page is not None else name


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


def print_sources(citations: Sequence[Citation]) -> None:
    """The sources under an answer: `[1] good.pdf p. 3` and the quoted passage."""
    if not citations:
        return
    write("\nSources:\n")
    for c in citations:
        write(f"[{c.n}] {where(c)}\n    \"{' '.join(c.quote.split())}\"\n")


def stream_to_terminal(deltas: Iterable[AnswerDelta], *, echo: bool) -> tuple[str, AnswerDelta]:
    """Write the text as it comes (when `echo`); return the whole text and the final delta."""
    pieces: list[str] = []
    final = AnswerDelta(done=True)
    for delta in deltas:
        if delta.done:
            final = delta
            continue
        pieces.append(delta.text)
        if echo:
            write(delta.text)
    if echo:
        write("\n")
    return "".join(pieces), final


def run_ask(args: argparse.Namespace) -> int:
    """Stream one answer and its sources; with --json print one object instead."""
    with open_engine(args.model) as engine:
        deltas = engine.stream_answer(args.question, use_knowledge=not args.no_kb)
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
    loaded = engine.current_model() if final.usage is not None else None
    return {
        "answer": text.strip(),
        "citations": [citation_json(c) for c in final.citations],
        "covered": final.covered,
        "model": loaded.name if loaded else None,
        "finish_reason": final.finish_reason,
        "usage": dataclasses.asdict(final.usage) if final.usage else None,
    }


def run_chat(args: argparse.Namespace) -> int:
    """Read a line, stream the reply and its sources, repeat; an empty line or EOF ends it."""
    with open_engine(args.model) as engine:
        conversation = (
            engine.get_conversation(args.conversation)
            if args.conversation
            else engine.create_conversation()
        )
        warn(f"Conversation {conversation.id}. Empty line or Ctrl+D to quit.")
        for line in _lines():
            if line == GENERAL_COMMAND:
                deltas = engine.answer_from_general_knowledge(conversation.id)
            else:
                deltas = engine.stream_reply(conversation.id, line, use_knowledge=not args.no_kb)
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
