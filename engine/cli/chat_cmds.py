"""`lanthorn ask` and `lanthorn chat`: answers streamed to the terminal."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from typing import Any

from engine.api import Engine, with_model_path
from engine.cli.output import print_json, warn, write
from engine.config import load as load_settings
from engine.types import AnswerDelta


def register(sub: Any) -> None:
    """Add `ask` and `chat` to the subcommand parser."""
    ask = sub.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--model", metavar="PATH", help="a GGUF file to use instead of the default")
    ask.add_argument("--json", action="store_true", help="print one JSON object at the end")
    ask.set_defaults(func=run_ask)

    chat = sub.add_parser("chat", help="an interactive conversation, kept in history")
    chat.add_argument("--model", metavar="PATH", help="a GGUF file to use instead of the default")
    chat.add_argument("--conversation", type=int, metavar="ID", help="continue this one")
    chat.set_defaults(func=run_chat)


def open_engine(model: str | None) -> Engine:
    """An Engine using `model` for this run only (the saved settings are not changed)."""
    settings = load_settings()
    if model:
        settings = with_model_path(settings, model)
    return Engine(settings)


def run_ask(args: argparse.Namespace) -> int:
    """Stream one answer; with --json print {"answer", "model", "usage"} instead."""
    with open_engine(args.model) as engine:
        engine.load_model()
        pieces: list[str] = []
        final: AnswerDelta | None = None
        for delta in engine.stream_answer(args.question):
            if delta.done:
                final = delta
            elif args.json:
                pieces.append(delta.text)
            else:
                write(delta.text)
        if args.json:
            print_json(
                {
                    "answer": "".join(pieces).strip(),
                    "model": engine.current_model().name,
                    "finish_reason": final.finish_reason if final else None,
                    "usage": dataclasses.asdict(final.usage) if final and final.usage else None,
                }
            )
        else:
            write("\n")
    return 0


def run_chat(args: argparse.Namespace) -> int:
    """Read a line, stream the reply, repeat; an empty line or EOF ends the session."""
    with open_engine(args.model) as engine:
        engine.load_model()
        conversation = (
            engine.get_conversation(args.conversation)
            if args.conversation
            else engine.create_conversation()
        )
        warn(f"Conversation {conversation.id}. Empty line or Ctrl+D to quit.")
        interactive = sys.stdin.isatty()
        while True:
            if interactive:
                write("> ")
            line = sys.stdin.readline()
            if not line or not line.strip():
                break
            for delta in engine.stream_reply(conversation.id, line.strip()):
                write(delta.text)
            write("\n")
    return 0
