"""Plain values that flow from a document reader to the chunker and the index.

A "page" is a PDF page (1-based, as a PDF viewer numbers them). A text or Markdown file has no
pages: its reader cuts it into sections of about 3,000 characters at paragraph boundaries and
numbers them like pages, so that every chunk still points at an exact, citable place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageText:
    """The cleaned text of one page; "" when the page has no readable text."""

    number: int
    text: str


@dataclass(frozen=True)
class DocumentInfo:
    """What a reader knows before the first page: how many pages and a title to show."""

    page_count: int
    title: str


@dataclass(frozen=True)
class ExtractionReport:
    """How reading went, page by page; returned once every page has been read.

    `scanned_pages` have no text but hold images (a scan that needs OCR); `blank_pages` have
    neither; `failed_pages` could not be parsed, each with a one-line reason. A document with
    no `searchable_pages` should be reported to the user, not indexed as if it were empty.
    """

    page_count: int
    scanned_pages: tuple[int, ...]
    failed_pages: tuple[tuple[int, str], ...]
    blank_pages: tuple[int, ...] = ()

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


def _failed_sentence(failed: tuple[tuple[int, str], ...], total: int) -> str:
    if not failed:
        return ""
    first_page, first_reason = failed[0]
    subject = "The only page" if total == 1 else f"{len(failed)} of {total} pages"
    verb = "" if total == 1 else (" (e.g. page " + str(first_page) + ")")
    return f"{subject} could not be read{verb}: {first_reason.rstrip('.')}."


@dataclass(frozen=True)
class ChunkDraft:
    """A piece of one page to embed and index; `text == page_text[start:end]` exactly."""

    page: int
    start: int
    end: int
    text: str
    token_count: int
