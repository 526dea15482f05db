"""What every timed reader shares: cues of speech cut into segments that keep their times.

A timed reader (subtitles today; video transcripts and recordings next) turns its source into
`TimedText` cues in time order, and `TimedDocument` does the rest: the cues are joined with one
space into a transcript and cut at cue boundaries into segments of at most ~3,000 characters
(the text reader's section size; one longer cue is a segment of its own). Each segment keeps
every cue's character span and seconds, so the chunker can give each chunk the time span of
the cues its characters overlap.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from engine.cancel import CancelToken
from engine.knowledge.documents import Cue, Document, DocumentInfo, ExtractionReport, Segment
from engine.knowledge.text_reader import PAGE_CHARS


@dataclass(frozen=True)
class TimedText:
    """Words said from `start_s` to `end_s` (seconds), as one line of text."""

    text: str
    start_s: float
    end_s: float


def _segment(number: int, cues: list[TimedText], offset: int) -> Segment:
    spans: list[Cue] = []
    position = 0
    for cue in cues:
        spans.append(Cue(start=position, end=position + len(cue.text), start_s=cue.start_s,
                         end_s=cue.end_s))
        position += len(cue.text) + 1
    text = " ".join(cue.text for cue in cues)
    return Segment(number=number, text=text, cues=tuple(spans), offset=offset)


def segment_cues(cues: Sequence[TimedText], page_chars: int = PAGE_CHARS) -> list[Segment]:
    """Cut the transcript into segments of whole cues, each at most about `page_chars` long."""
    segments: list[Segment] = []
    current: list[TimedText] = []
    length = offset = 0
    for cue in cues:
        added = len(cue.text) + (1 if current else 0)
        if current and length + added > page_chars:
            segments.append(_segment(len(segments) + 1, current, offset))
            offset += length + 1
            current, length, added = [], 0, len(cue.text)
        current.append(cue)
        length += added
    if current:
        segments.append(_segment(len(segments) + 1, current, offset))
    return segments


class TimedDocument(Document):
    """A transcript in memory, handed out as timed segments (checking `cancel` between them).

    Args:
        title: what the source is called.
        cues: the words in time order; none may be empty.
        cancel: checked before each segment.
        page_chars: the most characters of a segment (unless one cue is longer).
    """

    def __init__(
        self,
        title: str,
        cues: Sequence[TimedText],
        *,
        cancel: CancelToken | None = None,
        page_chars: int = PAGE_CHARS,
    ) -> None:
        self._segments = segment_cues(cues, page_chars)
        self._cancel = cancel
        self.info = DocumentInfo(page_count=len(self._segments), title=title)

    def segments(self) -> Iterator[Segment]:
        """Each timed segment in order."""
        for segment in self._segments:
            if self._cancel is not None:
                self._cancel.raise_if_cancelled()
            yield segment

    def report(self) -> ExtractionReport:
        """Every segment has words: cues are never empty."""
        return ExtractionReport(page_count=len(self._segments), scanned_pages=(), failed_pages=())
