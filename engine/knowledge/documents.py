"""Plain values that flow from a reader to the chunker and the index.

A reader yields located segments, numbered from 1 in reading order (resume counts them: a
source's `pages_done`). A segment is either a page or a time-coded stretch of speech:

- A page is a PDF page (1-based, as a PDF viewer numbers them) or, for a text or Markdown file
  (which has no pages), a section of about 3,000 characters cut at a paragraph boundary, so
  every chunk still points at an exact, citable place. Character offsets are within the page.
- A timed segment (subtitles, transcripts of recordings and videos) is a run of cues:
  each `Cue` maps a span of the segment's text to the seconds it is spoken. Its chunks have no
  page; their character offsets are within the whole transcript (the segments joined by one
  space), which `offset` places the segment in. That keeps every chunk's span unique within
  its source, so passages that touch can be merged and quoted exactly across segments.

A reader does not return its report through `StopIteration.value`: it opens a `Document`
whose `info` is known once it is open, whose `segments()` come in reading order, and whose
`report()` is complete when they are exhausted. Leaving its `with` block early (a cancel, an
error) closes it, which stops whatever the reader still runs (the PDF reader's child process).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Self


@dataclass(frozen=True)
class Cue:
    """Characters `start`..`end` of a timed segment's text are spoken from `start_s` to `end_s`."""

    start: int
    end: int
    start_s: float
    end_s: float


@dataclass(frozen=True)
class Segment:
    """The cleaned text of one page or timed segment; "" when it has no readable text.

    `cues` are in text order and their character spans never overlap (none for a page);
    `offset` is where a timed segment's text starts within its transcript (0 for a page).
    """

    number: int
    text: str
    cues: tuple[Cue, ...] = ()
    offset: int = 0

    @property
    def timed(self) -> bool:
        """Whether this is a time-coded segment (its chunks cite seconds, not a page)."""
        return bool(self.cues)


@dataclass(frozen=True)
class DocumentInfo:
    """What a reader knows before the first segment: how many there are and a title to show.

    Recordings and videos also know who made them (`author`, e.g. a video's channel) and how
    long they last (`duration_s`).
    """

    page_count: int
    title: str
    author: str = ""
    duration_s: float | None = None


@dataclass(frozen=True)
class ExtractionReport:
    """How reading went, page by page; returned once every page has been read.

    `scanned_pages` have no text but hold images (a scan that needs OCR); `blank_pages` have
    neither; `failed_pages` could not be parsed, each with a one-line reason. A document with
    no `searchable_pages` should be reported to the user, not indexed as if it were empty.
    `fallback_pages` were read by the second PDF parser (PDFium) because the first could not
    read them, and `repaired` says the file's missing end was rebuilt before reading: both are
    worth a notice, since their text may differ from what the user's viewer shows.
    """

    page_count: int
    scanned_pages: tuple[int, ...]
    failed_pages: tuple[tuple[int, str], ...]
    blank_pages: tuple[int, ...] = ()
    fallback_pages: tuple[int, ...] = ()
    repaired: bool = False

    @property
    def searchable_pages(self) -> int:
        """Pages whose text made it into the index."""
        unreadable = len(self.scanned_pages) + len(self.failed_pages) + len(self.blank_pages)
        return max(0, self.page_count - unreadable)

    @property
    def searchable(self) -> bool:
        """Whether at least one page has searchable text."""
        return self.searchable_pages > 0

    @property
    def notice(self) -> str:
        """The summary when something about the pages is worth telling the user, else ""."""
        noteworthy = self.scanned_pages or self.failed_pages or self.fallback_pages
        return self.summary if noteworthy or self.repaired else ""

    @property
    def summary(self) -> str:
        """One or two sentences for the user, e.g. "12 of 40 pages are scanned images; ..."."""
        if self.page_count == 0:
            return "The document has no pages."
        parts = [
            _count_sentence(
                len(self.scanned_pages),
                self.page_count,
                "is a scanned image",
                "are scanned images",
                "; {its} text is not searchable (it needs OCR).",
            ),
            _failed_sentence(self.failed_pages, self.page_count),
            _count_sentence(
                len(self.blank_pages), self.page_count, "has no text", "have no text", "."
            ),
            _repaired_sentence(self.repaired),
            _fallback_sentence(self.fallback_pages, self.page_count),
        ]
        text = " ".join(part for part in parts if part)
        if not text:
            if self.page_count == 1:
                return "The only page has searchable text."
            return f"All {self.page_count} pages have searchable text."
        if not self.searchable:
            text += " Nothing in this document is searchable."
        return text


def _count_sentence(count: int, total: int, one: str, many: str, tail: str) -> str:
    if count == 0:
        return ""
    its = "its" if count == 1 else "their"
    if total == 1:
        return f"The only page {one}{tail.format(its=its)}"
    if count == 1:
        return f"1 of {total} pages {one}{tail.format(its=its)}"
    return f"{count} of {total} pages {many}{tail.format(its=its)}"


def _repaired_sentence(repaired: bool) -> str:
    if not repaired:
        return ""
    return "The file's end was missing; it was repaired before reading, as PDF viewers do."


def _fallback_sentence(pages: tuple[int, ...], total: int) -> str:
    if not pages:
        return ""
    reader = "the second PDF reader (PDFium), as the first could not read"
    if total == 1:
        return f"The only page was read with {reader} it."
    if len(pages) == total:
        return f"All {total} pages were read with {reader} the file."
    if len(pages) == 1:
        return f"Page {pages[0]} was read with {reader} it."
    return f"Pages {page_list(pages)} were read with {reader} them."


def page_list(pages: tuple[int, ...], most: int = 8) -> str:
    """Page numbers for a sentence, runs as ranges: "2–4, 7 and 9" (at most `most` parts)."""
    runs: list[str] = []
    start = previous = pages[0]
    for number in (*pages[1:], None):
        if number is not None and number == previous + 1:
            previous = number
            continue
        runs.append(str(start) if start == previous else f"{start}–{previous}")
        if number is not None:
            start = previous = number
    if len(runs) > most:
        runs = [*runs[:most], f"{len(runs) - most} more"]
    return runs[0] if len(runs) == 1 else f"{', '.join(runs[:-1])} and {runs[-1]}"


def _failed_sentence(failed: tuple[tuple[int, str], ...], total: int) -> str:
    if not failed:
        return ""
    first_page, first_reason = failed[0]
    subject = "The only page" if total == 1 else f"{len(failed)} of {total} pages"
    verb = "" if total == 1 else (" (e.g. page " + str(first_page) + ")")
    return f"{subject} could not be read{verb}: {first_reason.rstrip('.')}."


@dataclass(frozen=True)
class ChunkDraft:
    """A piece of one segment to embed and index.

    For a page: `text == page_text[start:end]` exactly. For a timed segment, `page` is None,
    `start`/`end` are offsets within the transcript and `start_s`/`end_s` span the cues the
    chunk's characters overlap. `label` names what a landmark chunk is ("title", "link",
    "footnote"; engine/knowledge/structure.py): it is indexed with the text but never quoted;
    so is `context`, the caption of the table a chunk of table rows belongs to.
    """

    page: int | None
    start: int
    end: int
    text: str
    token_count: int
    start_s: float | None = None
    end_s: float | None = None
    label: str = ""
    context: str = ""


class Document(ABC):
    """An open source: what it says about itself (`info`), then its segments in reading order.

    Not thread-safe: one consumer reads it, from one thread.
    """

    info: DocumentInfo

    @abstractmethod
    def segments(self) -> Iterator[Segment]:
        """Yield every segment in order, numbered from 1; blocks while each is read.

        Raises:
            DocumentError: the source turned out unreadable, or a limit was hit.
            Cancelled: the reader's cancel token was set.
        """

    @abstractmethod
    def report(self) -> ExtractionReport:
        """How reading went; complete once `segments()` is exhausted."""

    def close(self) -> None:  # noqa: B027 (a deliberate no-op: most readers hold nothing)
        """Stop any work still running for this document (nothing by default)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
