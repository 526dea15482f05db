"""PDF documents, read page by page in a child process with time and memory limits.

The parsing lives in `engine.knowledge.pdf_reader`; this plug-in declares the kind and carries
the limits, so a test (or a cautious caller) can build a reader with tighter ones.
"""

from __future__ import annotations

from pathlib import Path

from engine.cancel import CancelToken
from engine.knowledge import pdf_reader
from engine.knowledge.documents import Document
from engine.knowledge.readers.base import Reader
from engine.types import SourceKind


class PdfReader(Reader):
    """Reads `.pdf` files (pages are numbered as a PDF viewer numbers them).

    Args:
        timeout_s: the most time the child process may spend on the whole file.
        memory_mb: the most memory (address space) the child process may use.
        page_timeout_s: the most time it may spend opening the file or reading any one page.
    """

    kind = SourceKind(kind="pdf", label="PDF documents", suffixes=(".pdf",))

    def __init__(
        self,
        *,
        timeout_s: float = pdf_reader.DEFAULT_TIMEOUT_S,
        memory_mb: int = pdf_reader.DEFAULT_MEMORY_MB,
        page_timeout_s: float = pdf_reader.DEFAULT_PAGE_TIMEOUT_S,
    ) -> None:
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self.page_timeout_s = page_timeout_s

    def open(
        self, target: str, *, password: str | None = None, cancel: CancelToken | None = None
    ) -> Document:
        """Start the reader process and wait until it has opened the file."""
        return pdf_reader.PdfDocument(
            Path(target),
            password=password,
            cancel=cancel,
            timeout_s=self.timeout_s,
            memory_mb=self.memory_mb,
            page_timeout_s=self.page_timeout_s,
        )
