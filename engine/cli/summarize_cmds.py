"""`lanthorn summarize SOURCE_ID`: a whole source summarized with page citations.

The summary streams to stdout (or prints as one JSON object with `--json`); progress with an
estimate of the time left goes to stderr either way.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from engine.cli import session
from engine.cli.chat_cmds import citation_json, print_sources, stream_to_terminal
from engine.cli.output import print_json
from engine.types import Progress

_REDRAW_S = 0.5


def register(sub: Any) -> None:
    """Add `summarize` to the subcommand parser."""
    cmd = sub.add_parser("summarize", help="summarize a whole source, citing its pages")
    cmd.add_argument("source_id", type=int, metavar="SOURCE_ID", help="see `lanthorn sources`")
    cmd.add_argument("--model", metavar="PATH", help="a GGUF file to use instead of the default")
    cmd.add_argument("--json", action="store_true", help='print {"summary", "citations"}')
    cmd.set_defaults(func=run_summarize)


def describe(progress: Progress) -> str:
    """One line of progress: `summarizing: step 3 of 12, about 1 min 20 s left`."""
    line = f"{progress.stage or 'working'}: step {progress.done} of {progress.total or '?'}"
    if progress.eta_s is not None:
        line += f", about {duration(progress.eta_s)} left"
    return line


def duration(seconds: float) -> str:
    """Seconds for people: `45 s`, `3 min 05 s`."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    return f"{whole // 60} min {whole % 60:02d} s"


class _ProgressLine:
    """Progress on stderr: redrawn in place on a terminal, one line per step otherwise."""

    def __init__(self) -> None:
        self._tty = sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        final = progress.total is not None and progress.done >= progress.total
        if self._tty and now - self._last < _REDRAW_S and not final:
            return
        self._last = now
        end = "\r" if self._tty and not final else "\n"
        line = describe(progress).ljust(60 if self._tty else 0)
        print(line, end=end, file=sys.stderr, flush=True)


def run_summarize(args: argparse.Namespace) -> int:
    """Summarize one source; exit 2 (via EngineError) for an unknown or unready source."""
    with session.open_engine(args.model) as engine:
        deltas = engine.chat.stream_summary(args.source_id, progress=_ProgressLine())
        text, final = stream_to_terminal(deltas, echo=not args.json)
        if args.json:
            print_json(
                {
                    "summary": text.strip(),
                    "citations": [citation_json(c) for c in final.citations],
                    "finish_reason": final.finish_reason,
                }
            )
        else:
            print_sources(final.citations)
    return 0
