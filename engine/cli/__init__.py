"""The `lanthorn` command line. One module per group of subcommands; this one wires them up.

Expected failures print one line on stderr and exit 2 (user error) — never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from engine.errors import EngineError

EXIT_USER_ERROR = 2
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every subcommand registered."""
    from engine.cli import (
        chat_cmds,
        conversations_cmds,
        embeddings_cmds,
        knowledge_cmds,
        models_cmds,
        remote_cmds,
        summarize_cmds,
        transcribe_cmds,
    )

    parser = argparse.ArgumentParser(
        prog="lanthorn", description="Private, offline chat with your own documents."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chat_cmds.register(sub)
    models_cmds.register(sub)
    remote_cmds.register(sub)
    conversations_cmds.register(sub)
    knowledge_cmds.register(sub)
    embeddings_cmds.register(sub)
    summarize_cmds.register(sub)
    transcribe_cmds.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except EngineError as exc:
        print(f"lanthorn: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("lanthorn: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    return code
