"""What every timed reader shares: cues of speech cut into segments that keep their times.

A timed reader (subtitles, recordings, videos) turns its source into `TimedText` cues in time
order, and `TimedDocument` does the rest: the cues are joined with one space into a transcript
and cut at cue boundaries into segments of at most ~3,000 characters (the text reader's
section size; one longer cue is a segment of its own). Each segment keeps every cue's
character span and seconds, so the chunker can give each chunk the time span of the cues its
characters overlap.

Recordings and videos are costly to hear: Whisper takes about a tenth of a recording's length
with tiny.en on two cores (base three times that), and a video's captions or sound come over
the network. Their readers are `RecordingReader`s: `record()` makes a `Recording` (the cues
and what the source says about itself) and the pipeline keeps it in the database, so a resume
after a kill, or indexing again, builds the document from the kept recording instead.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from engine.cancel import CancelToken
from engine.knowledge.documents import Cue, Document, DocumentInfo, ExtractionReport, Segment
from engine.knowledge.readers.base import Reader
from engine.knowledge.text_reader import PAGE_CHARS
from engine.types import ProgressCallback


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
        author: who made it (a video's channel), when known.
        duration_s: how long the recording lasts, when known.
    """

    def __init__(
        self,
        title: str,
        cues: Sequence[TimedText],
        *,
        cancel: CancelToken | None = None,
        page_chars: int = PAGE_CHARS,
        author: str = "",
        duration_s: float | None = None,
    ) -> None:
        self._segments = segment_cues(cues, page_chars)
        self._cancel = cancel
        self.info = DocumentInfo(page_count=len(self._segments), title=title, author=author,
                                 duration_s=duration_s)

    def segments(self) -> Iterator[Segment]:
        """Each timed segment in order."""
        for segment in self._segments:
            if self._cancel is not None:
                self._cancel.raise_if_cancelled()
            yield segment

    def report(self) -> ExtractionReport:
        """Every segment has words: cues are never empty."""
        return ExtractionReport(page_count=len(self._segments), scanned_pages=(), failed_pages=())


@dataclass(frozen=True)
class Recording:
    """What was said in a recording or video, and what the source says about itself.

    `origin` says how the words were found ("whisper tiny.en", "captions en" ...), `language`
    is their language code when known. `cues` are in time order and never empty.
    """

    title: str
    cues: tuple[TimedText, ...]
    author: str = ""
    duration_s: float | None = None
    language: str = ""
    origin: str = ""

    def document(self, cancel: CancelToken | None = None) -> TimedDocument:
        """The recording as a document of timed segments."""
        return TimedDocument(self.title, self.cues, cancel=cancel, author=self.author,
                             duration_s=self.duration_s)


class RecordingReader(Reader):
    """A timed reader whose words are costly to get: the pipeline keeps what `record` made."""

    @abstractmethod
    def record(
        self,
        target: str,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> Recording:
        """Hear (or fetch) what the target says; blocks for as long as that takes.

        `progress` is told each step (`Progress.stage`, with seconds or bytes as `unit`).

        Raises:
            DocumentError: the target cannot be heard, or nothing is said in it.
            Cancelled: `cancel` was set.
        """

    def open(
        self, target: str, *, password: str | None = None, cancel: CancelToken | None = None
    ) -> Document:
        """Record the target now and open what was heard (the pipeline keeps it instead)."""
        return self.record(target, cancel=cancel).document(cancel)
