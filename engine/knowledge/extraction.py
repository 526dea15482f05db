"""One entry point that reads any supported document page by page: PDF, text or Markdown.

`iter_pages` is a generator: it yields a DocumentInfo, then a PageText for every page in order
as soon as the page is read (PDF pages arrive while later ones are still being parsed in the
reader process), and returns an ExtractionReport as the generator's return value:

    report = yield from iter_pages(path)          # inside another generator, or:
    gen = iter_pages(path)
    for item in gen: ...                          # StopIteration.value holds the report

Closing the generator early (or a cancel) stops the reader process at once.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path

from engine.cancel import CancelToken
from engine.errors import DocumentError
from engine.knowledge import pdf_reader, text_reader
from engine.knowledge.documents import DocumentInfo, ExtractionReport, PageText

SUPPORTED_SUFFIXES = frozenset({".pdf"}) | text_reader.TEXT_SUFFIXES


def iter_pages(
    path: Path,
    *,
    password: str | None = None,
    cancel: CancelToken | None = None,
    timeout_s: float = pdf_reader.DEFAULT_TIMEOUT_S,
    memory_mb: int = pdf_reader.DEFAULT_MEMORY_MB,
    page_timeout_s: float = pdf_reader.DEFAULT_PAGE_TIMEOUT_S,
) -> Generator[DocumentInfo | PageText, None, ExtractionReport]:
    """Read a document's pages lazily; blocks while waiting for each page.

    Args:
        path: a .pdf, .txt, .text, .md or .markdown file.
        password: for encrypted PDFs that the empty password does not open.
        cancel: checked between pages and while waiting for the PDF reader process.
        timeout_s: PDF only: the most time the reader may spend on the whole file.
        memory_mb: PDF only: the most memory (address space) the reader process may use.
        page_timeout_s: PDF only: the most time the reader may spend opening the file or
            reading any one page.

    Raises:
        DocumentError: unsupported, unreadable or broken file, or a limit was hit.
        PasswordRequired: an encrypted PDF needs a password (or the one given is wrong).
        Cancelled: `cancel` was set.
    """
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return (
            yield from pdf_reader.read_pdf(
                path,
                password=password,
                cancel=cancel,
                timeout_s=timeout_s,
                memory_mb=memory_mb,
                page_timeout_s=page_timeout_s,
            )
        )
    if suffix in text_reader.TEXT_SUFFIXES:
        return (yield from text_reader.read_text(path, cancel=cancel))
    raise DocumentError(
        f"{path.name} is not a PDF, text or Markdown file.",
        hint="Add .pdf, .txt or .md files.",
    )


def read_document(
    path: Path, **options: object
) -> tuple[DocumentInfo, list[PageText], ExtractionReport]:
    """Read a whole document at once (tests, small files); same options as `iter_pages`."""
    pages: list[PageText] = []
    info: DocumentInfo | None = None
    generator = iter_pages(path, **options)  # type: ignore[arg-type]
    while True:
        try:
            item = next(generator)
        except StopIteration as stop:
            assert info is not None
            return info, pages, stop.value
        if isinstance(item, DocumentInfo):
            info = item
        else:
            pages.append(item)
