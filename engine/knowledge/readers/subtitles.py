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
- joins the cues with one space into a transcript and cuts it at cue boundaries into segments
  of at most ~3,000 characters (the text reader's section size; a longer cue is a segment of
  its own). Each segment keeps every cue's character span and times, so a chunk can be cited
  to the second its words are spoken.

A file with no cue, or one the library cannot parse, is a `DocumentError` naming the file.
"""

from __future__ import annotations

import html
import io
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.cancel import CancelToken
from engine.errors import DocumentError
from engine.knowledge.documents import Cue, Document, DocumentInfo, ExtractionReport, Segment
from engine.knowledge.readers.base import Reader
from engine.knowledge.text_reader import MAX_BYTES, PAGE_CHARS, decode_text, read_limited
from engine.types import SourceKind

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


def parse_captions(text: str, name: str, formats: Sequence[str] = ("srt", "vtt")) -> list[Caption]:
    """The cues of subtitle text in time order, cleaned; cues without words are left out.

    Raises:
        DocumentError: the text is in none of `formats`, or holds no cue with words.
    """
    import webvtt

    reason = ""
    for fmt in formats:
        try:
            parsed = webvtt.from_buffer(io.StringIO(text), format=fmt).captions
        except Exception as exc:  # untrusted input: any parser failure means "not this format"
            reason = reason or (" ".join(str(exc).split()) or type(exc).__name__)
            continue
        captions = [
            Caption(
                lines=tuple(line for line in map(_clean_line, c.text.split("\n")) if line),
                start_s=c.start_time.in_milliseconds() / 1000,
                end_s=max(c.start_time.in_milliseconds(), c.end_time.in_milliseconds()) / 1000,
            )
            for c in parsed
        ]
        captions = sorted((c for c in captions if c.lines), key=lambda c: c.start_s)
        if not captions:
            raise DocumentError(
                f"{name} holds no subtitles.",
                hint="It may be empty or damaged; export the subtitles again.",
            )
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


def spoken(captions: Sequence[Caption]) -> list[tuple[str, float, float]]:
    """Each cue's new words as (text, start_s, end_s), rolling repeats merged away."""
    said: list[tuple[str, float, float]] = []
    before: tuple[str, ...] = ()
    for caption in captions:
        fresh = caption.lines[_repeated(caption.lines, before) :]
        before = caption.lines
        if fresh:
            said.append((" ".join(fresh), caption.start_s, caption.end_s))
        elif said:
            text, start_s, end_s = said[-1]
            said[-1] = (text, start_s, max(end_s, caption.end_s))
    return said


def _segment(number: int, cues: list[tuple[str, float, float]], offset: int) -> Segment:
    spans: list[Cue] = []
    position = 0
    for text, start_s, end_s in cues:
        spans.append(Cue(start=position, end=position + len(text), start_s=start_s, end_s=end_s))
        position += len(text) + 1
    text = " ".join(text for text, _, _ in cues)
    return Segment(number=number, text=text, cues=tuple(spans), offset=offset)


def segment_cues(
    cues: Sequence[tuple[str, float, float]], page_chars: int = PAGE_CHARS
) -> list[Segment]:
    """Cut the transcript into segments of whole cues, each at most about `page_chars` long."""
    segments: list[Segment] = []
    current: list[tuple[str, float, float]] = []
    length = offset = 0
    for cue in cues:
        added = len(cue[0]) + (1 if current else 0)
        if current and length + added > page_chars:
            segments.append(_segment(len(segments) + 1, current, offset))
            offset += length + 1
            current, length, added = [], 0, len(cue[0])
        current.append(cue)
        length += added
    if current:
        segments.append(_segment(len(segments) + 1, current, offset))
    return segments


class SubtitleDocument(Document):
    """A subtitle file, parsed and cut into timed segments when it is opened."""

    def __init__(
        self, path: Path, *, cancel: CancelToken | None = None, page_chars: int = PAGE_CHARS
    ) -> None:
        text = decode_text(read_limited(path, MAX_BYTES), path.name)
        formats = _FORMATS.get(path.suffix.lower(), ("srt", "vtt"))
        self._segments = segment_cues(spoken(parse_captions(text, path.name, formats)), page_chars)
        self._cancel = cancel
        self.info = DocumentInfo(page_count=len(self._segments), title=path.stem)

    def segments(self) -> Iterator[Segment]:
        """Each timed segment in order."""
        for segment in self._segments:
            if self._cancel is not None:
                self._cancel.raise_if_cancelled()
            yield segment

    def report(self) -> ExtractionReport:
        """Every segment has words (cues without any are left out when parsing)."""
        return ExtractionReport(page_count=len(self._segments), scanned_pages=(), failed_pages=())


class SubtitleReader(Reader):
    """Reads SubRip (`.srt`) and WebVTT (`.vtt`) subtitle files into timed segments."""

    kind = SourceKind(kind="subtitles", label="Subtitles", suffixes=(".srt", ".vtt"), timed=True)

    def open(
        self, target: str, *, password: str | None = None, cancel: CancelToken | None = None
    ) -> Document:
        """Read, parse and segment the whole file (small; in this process)."""
        return SubtitleDocument(Path(target), cancel=cancel)
