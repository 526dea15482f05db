r"""Subtitle files (`.srt`, `.vtt`): what is said, with the seconds each part is said at.

Parsing is webvtt-py's (it reads WebVTT and SubRip, and strips cue tags such as `<i>`,
`<c.colorE5E5E5>` or inline word timestamps). A file whose content is the other format than
its suffix says is read as that format. On top of the library's text, this reader:

- decodes like the text reader (BOM, UTF-8, GB18030, Windows-1252), with the same size limit;
- unescapes HTML entities (`&amp;`), drops SubStation override tags (`{\an8}`) and folds each
  cue's lines and spaces into one line;
- merges rolling captions: YouTube's automatic captions repeat the previous cue's last lines
  at the top of the next one, so a cue's leading lines that repeat the end of the previous cue
  are dropped, and a cue that only repeats extends the previous cue's end time;
- hands the cues to `TimedDocument` (readers/timed.py), which cuts them into segments that
  keep every cue's character span and times, so a chunk is cited to the second its words
  are spoken.

A file with no cue, or one the library cannot parse, is a `DocumentError` naming the file.
"""

from __future__ import annotations

import html
import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from engine.cancel import CancelToken
from engine.errors import DocumentError
from engine.knowledge.documents import Document
from engine.knowledge.readers.base import Reader
from engine.knowledge.readers.timed import TimedDocument, TimedText
from engine.knowledge.text_reader import MAX_BYTES, decode_text, read_limited
from engine.types import SourceKind

if TYPE_CHECKING:
    import webvtt

logger = logging.getLogger(__name__)

_OVERRIDE_TAG = re.compile(r"\{\\[^{}]*\}")
_FORMATS = {".srt": ("srt", "vtt"), ".vtt": ("vtt", "srt")}


@dataclass(frozen=True)
class Caption:
    """One cue as read: its cleaned lines and its times in seconds."""

    lines: tuple[str, ...]
    start_s: float
    end_s: float


def _clean_line(line: str) -> str:
    return " ".join(_OVERRIDE_TAG.sub("", html.unescape(line)).split())


def _cleaned(parsed: Sequence[webvtt.Caption]) -> list[Caption]:
    captions = [
        Caption(
            lines=tuple(line for line in map(_clean_line, c.text.split("\n")) if line),
            start_s=c.start_time.in_milliseconds() / 1000,
            end_s=max(c.start_time.in_milliseconds(), c.end_time.in_milliseconds()) / 1000,
        )
        for c in parsed
    ]
    return sorted((c for c in captions if c.lines), key=lambda c: c.start_s)


def _no_subtitles(name: str) -> DocumentError:
    return DocumentError(
        f"{name} holds no subtitles.",
        hint="It may be empty or damaged; export the subtitles again.",
    )


def parse_captions(text: str, name: str, formats: Sequence[str] = ("srt", "vtt")) -> list[Caption]:
    """The cues of subtitle text in time order, cleaned; cues without words are left out.

    Raises:
        DocumentError: the text is in none of `formats`, or holds no cue with words.
    """
    import webvtt

    if not text.strip():
        raise _no_subtitles(name)
    reason = ""
    for fmt in formats:
        try:
            parsed = webvtt.from_buffer(io.StringIO(text), format=fmt).captions
        except Exception as exc:  # untrusted input: any parser failure means "not this format"
            reason = reason or (" ".join(str(exc).split()) or type(exc).__name__)
            continue
        captions = _cleaned(parsed)
        if not captions:
            raise _no_subtitles(name)
        return captions
    logger.info("%s is not a subtitle file: %s", name, reason)
    raise DocumentError(
        f"{name} is not a valid subtitle file ({reason[:1].lower()}{reason[1:].rstrip('.')}).",
        hint="It may be damaged, or not SubRip (.srt) or WebVTT (.vtt) at all.",
    )


def _repeated(lines: tuple[str, ...], before: tuple[str, ...]) -> int:
    """How many leading `lines` repeat the last lines of the cue `before` (rolling captions)."""
    for count in range(min(len(lines), len(before)), 0, -1):
        if lines[:count] == before[-count:]:
            return count
    return 0


def spoken(captions: Sequence[Caption]) -> list[TimedText]:
    """Each cue's new words, rolling repeats merged away."""
    said: list[TimedText] = []
    before: tuple[str, ...] = ()
    for caption in captions:
        fresh = caption.lines[_repeated(caption.lines, before) :]
        before = caption.lines
        if fresh:
            said.append(TimedText(text=" ".join(fresh), start_s=caption.start_s,
                                  end_s=caption.end_s))
        elif said:
            said[-1] = replace(said[-1], end_s=max(said[-1].end_s, caption.end_s))
    return said


def open_subtitles(path: Path, *, cancel: CancelToken | None = None) -> TimedDocument:
    """Read, parse and segment a whole subtitle file (small; in this process).

    Raises:
        DocumentError: the file cannot be read, is too large or binary, is not a subtitle
            file, or holds no subtitles.
    """
    text = decode_text(read_limited(path, MAX_BYTES), path.name)
    formats = _FORMATS.get(path.suffix.lower(), ("srt", "vtt"))
    return TimedDocument(path.stem, spoken(parse_captions(text, path.name, formats)),
                         cancel=cancel)


class SubtitleReader(Reader):
    """Reads SubRip (`.srt`) and WebVTT (`.vtt`) subtitle files into timed segments."""

    kind = SourceKind(kind="subtitles", label="Subtitles", suffixes=(".srt", ".vtt"), timed=True)

    def open(
        self, target: str, *, password: str | None = None, cancel: CancelToken | None = None
    ) -> Document:
        """Read the whole file now (subtitle files are small)."""
        return open_subtitles(Path(target), cancel=cancel)
