"""`lanthorn summarize SOURCE_ID | --playlist ID`: a whole source (or playlist) summarized.

A document's summary streams to stdout as it is written, its points citing `[n]` with the
pages listed below. A recording's or video's points cite the moment instead (`[1:05]`): the
citation numbers only map to seconds once the summary is complete, so that text is printed
then. A playlist gets a summary per indexed video, one for the whole playlist, and the list
of videos that could not be summarized and why. `--json` prints one object (with `[n]`
markers and every citation's `start_s`). Progress with an estimate of the time left goes to
stderr either way.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterable
from typing import Any

from engine.cli import session
from engine.cli.chat_cmds import citation_json, print_sources, stream_to_terminal
from engine.cli.output import print_json, write
from engine.types import AnswerDelta, Citation, Progress, clock

_REDRAW_S = 0.5
_MARKS = re.compile(r"(?:\[\d+\])+")


def register(sub: Any) -> None:
    """Add `summarize` to the subcommand parser."""
    cmd = sub.add_parser("summarize", help="summarize a whole source or playlist, with citations")
    which = cmd.add_mutually_exclusive_group(required=True)
    which.add_argument("source_id", type=int, nargs="?", metavar="SOURCE_ID",
                       help="see `lanthorn sources`")
    which.add_argument("--playlist", type=int, metavar="ID",
                       help="a playlist: each video, then the whole (see `lanthorn sources`)")
    cmd.add_argument("--model", metavar="PATH", help="a GGUF file to use instead of the default")
    cmd.add_argument("--json", action="store_true", help='print {"summary", "citations"}')
    cmd.set_defaults(func=run_summarize)


def describe(progress: Progress) -> str:
    """One line of progress: `summarizing: step 3 of 12, about 1 min 20 s left`."""
    line = f"{progress.stage or 'working'}: step {progress.done} of {progress.total or '?'}"
    if progress.eta_s is not None:
        line += f", about {duration(progress.eta_s)} left"
    return f"{progress.item}: {line}" if progress.item else line


def duration(seconds: float) -> str:
    """Seconds for people: `45 s`, `3 min 05 s`."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    return f"{whole // 60} min {whole % 60:02d} s"


def timed_marks(text: str, citations: Iterable[Citation]) -> str:
    """`text` with each run of markers of timed citations as their moments: `[1:05, 2:10]`.

    Markers of citations without seconds (a page) stay as they are.
    """
    moments = {c.n: c.location.start_s for c in citations}

    def moment(match: re.Match[str]) -> str:
        numbers = [int(n) for n in re.findall(r"\d+", match.group(0))]
        if any(moments.get(n) is None for n in numbers):
            return match.group(0)
        shown = dict.fromkeys(clock(moments[n] or 0.0) for n in numbers)
        return f"[{', '.join(shown)}]"

    return _MARKS.sub(moment, text)


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
    """Summarize one source or playlist; exit 2 (via EngineError) for an unknown or unready one."""
    with session.open_engine(args.model) as engine:
        progress = _ProgressLine()
        if args.playlist is not None:
            deltas = engine.chat.stream_playlist_summary(args.playlist, progress=progress)
            timed = True
        else:
            source = engine.knowledge.get_source(args.source_id)
            timed = any(k.kind == source.kind and k.timed for k in engine.knowledge.kinds())
            deltas = engine.chat.stream_summary(args.source_id, progress=progress)
        _print(deltas, as_json=args.json, timed=timed)
    return 0


def _print(deltas: Iterable[AnswerDelta], *, as_json: bool, timed: bool) -> None:
    text, final = stream_to_terminal(deltas, echo=not (as_json or timed))
    if as_json:
        print_json(
            {
                "summary": text.strip(),
                "citations": [citation_json(c) for c in final.citations],
                "finish_reason": final.finish_reason,
            }
        )
        return
    if timed:
        write(timed_marks(text, final.citations).rstrip() + "\n")
    print_sources(final.citations)
