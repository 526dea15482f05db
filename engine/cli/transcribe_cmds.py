"""`lanthorn transcribe FILE`: what is said in an audio or video file, offline.

The text goes to stdout (with `--json`: one object with the language, the duration and each
segment's start and end in seconds); progress with an estimate of the time left goes to
stderr. A file in which nobody speaks is not an error but has no text: one line on stderr says
so and the exit code is 1 (the JSON, if asked for, is printed all the same).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from typing import Any

from engine.cli import session
from engine.cli.output import print_json, warn, write
from engine.cli.summarize_cmds import duration
from engine.types import Progress, Transcript

EXIT_NO_SPEECH = 1
_REDRAW_S = 0.5


def register(sub: Any) -> None:
    """Add `transcribe` to the subcommand parser."""
    cmd = sub.add_parser("transcribe", help="write down what is said in an audio or video file")
    cmd.add_argument("file", metavar="FILE", help="wav, mp3, m4a, ogg, flac, mp4, webm, mkv, ...")
    cmd.add_argument(
        "--model", metavar="PATH", help="a CTranslate2 Whisper folder instead of the default"
    )
    cmd.add_argument(
        "--language",
        metavar="CODE",
        help="the spoken language (en, zh, ...; 'auto' to detect); default: the setting",
    )
    cmd.add_argument("--json", action="store_true", help="print the segments with their times")
    cmd.set_defaults(func=run_transcribe)


def describe(progress: Progress) -> str:
    """One line of progress: `transcribing talk.mp3: 40 of 95 s, about 12 s left`."""
    if progress.total is None:
        return f"{progress.stage} {progress.item}"
    line = f"{progress.stage} {progress.item}: {progress.done} of {progress.total} s"
    if progress.eta_s is not None and progress.done != progress.total:
        line += f", about {duration(progress.eta_s)} left"
    return line


class _ProgressLine:
    """Progress on stderr: redrawn in place on a terminal, a line per segment otherwise."""

    def __init__(self) -> None:
        self._tty = sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        final = progress.done == progress.total
        if self._tty and now - self._last < _REDRAW_S and not final:
            return
        self._last = now
        if self._tty:
            sys.stderr.write(f"\r\x1b[K{describe(progress)}" + ("\n" if final else ""))
        else:
            sys.stderr.write(describe(progress) + "\n")
        sys.stderr.flush()


def transcript_json(path: str, transcript: Transcript) -> dict[str, Any]:
    """The transcript as plain JSON values."""
    return {
        "file": path,
        "language": transcript.language,
        "language_probability": round(transcript.language_probability, 3),
        "duration_s": round(transcript.duration_s, 3),
        "model": transcript.model,
        "heard_speech": transcript.heard_speech,
        "text": transcript.text,
        "segments": [dataclasses.asdict(s) for s in transcript.segments],
    }


def run_transcribe(args: argparse.Namespace) -> int:
    """Transcribe one file; exit 1 when nobody speaks in it, 2 (EngineError) when it fails."""
    language = "" if args.language == "auto" else args.language
    with session.open_engine() as engine:
        transcript = engine.speech.transcribe_file(
            args.file, language=language, model=args.model, progress=_ProgressLine()
        )
    if args.json:
        print_json(transcript_json(args.file, transcript))
    elif transcript.heard_speech:
        write(transcript.text + "\n")
    if not transcript.heard_speech:
        warn(f"lanthorn: no speech was heard in {args.file}.")
        return EXIT_NO_SPEECH
    return 0
