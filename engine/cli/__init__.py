"""The `lanthorn` command line. One module per group of subcommands; this one wires them up.

Exit codes: 0 everything was done; 1 some inputs failed, each with its one-line reason on
stderr (a file that cannot be indexed, no speech heard); 2 a usage or configuration error (a
bad argument, an unusable model, an unknown id); 130 interrupted (Ctrl+C). Failures never
print a traceback: an unexpected one goes to the log folder, and stderr gets one line.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

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
        selftest_cmds,
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
    selftest_cmds.register(sub)
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
    except Exception as exc:  # a bug: one line for the person, the traceback for the log
        report = _log_crash(exc)
        print(f"lanthorn: something went wrong ({exc}). The details are in {report}.",
              file=sys.stderr)
        return EXIT_USER_ERROR
    return code


def _log_crash(exc: BaseException) -> Path:
    """Write the traceback of an unexpected failure to the log folder; return the file."""
    from engine import paths

    report = paths.logs_dir() / "lanthorn-cli.log"
    text = "".join(traceback.format_exception(exc))
    with report.open("a", encoding="utf-8") as out:
        out.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {text}\n")
    return report
