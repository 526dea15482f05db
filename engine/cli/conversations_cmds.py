"""`lanthorn conversations list|show|search|export`: the stored history."""

from __future__ import annotations

import argparse
import dataclasses
import time
from typing import Any

from engine.cli import session
from engine.cli.output import print_json, write


def register(sub: Any) -> None:
    """Add `conversations` and its actions to the subcommand parser."""
    conv = sub.add_parser("conversations", help="list, show, search and export conversations")
    actions = conv.add_subparsers(dest="conversations_command", required=True, metavar="ACTION")

    listing = actions.add_parser("list", help="conversations, most recent first")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=run_list)

    show = actions.add_parser("show", help="every message of one conversation")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_show)

    search = actions.add_parser("search", help="full-text search across all messages")
    search.add_argument("text")
    search.add_argument("--json", action="store_true")
    search.set_defaults(func=run_search)

    exp = actions.add_parser("export", help="one conversation as Markdown or JSON")
    exp.add_argument("id", type=int)
    exp.add_argument("--format", choices=["md", "json"], default="md")
    exp.set_defaults(func=run_export)


def _when(timestamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(timestamp))


def run_list(args: argparse.Namespace) -> int:
    """One line per conversation: id, last activity, message count, title."""
    with session.open_engine() as engine:
        conversations = engine.conversations.list_recent()
    if args.json:
        print_json([dataclasses.asdict(c) for c in conversations])
        return 0
    for c in conversations:
        write(f"{c.id:>5}  {_when(c.updated_at)}  {c.message_count:>4} msgs  {c.title}\n")
    return 0


def run_show(args: argparse.Namespace) -> int:
    """The conversation's messages, oldest first."""
    with session.open_engine() as engine:
        conversation = engine.conversations.get(args.id)
        messages = engine.conversations.list_messages(args.id)
    if args.json:
        print_json(
            {
                "conversation": dataclasses.asdict(conversation),
                "messages": [dataclasses.asdict(m) for m in messages],
            }
        )
        return 0
    write(f"# {conversation.title}\n")
    for m in messages:
        write(f"\n[{m.role.value} · {_when(m.created_at)}]\n{m.text}\n")
    return 0


def run_search(args: argparse.Namespace) -> int:
    """Matching messages with their conversation and a snippet."""
    with session.open_engine() as engine:
        matches = engine.conversations.search(args.text)
    if args.json:
        print_json([dataclasses.asdict(m) for m in matches])
        return 0
    for m in matches:
        write(
            f"{m.conversation_id:>5}  {m.conversation_title}\n       {m.role.value}: {m.snippet}\n"
        )
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Print the export on stdout (redirect it to a file)."""
    with session.open_engine() as engine:
        write(engine.conversations.export(args.id, args.format))
    return 0
