"""Plain text and Markdown files, cut into ~3,000-character sections that stand in for pages.

The decoding and sectioning live in `engine.knowledge.text_reader`; this plug-in declares the
kind. A password means nothing to a text file and is ignored.
"""

from __future__ import annotations

from pathlib import Path

from engine.cancel import CancelToken
from engine.knowledge.documents import Document
from engine.knowledge.readers.base import Reader
from engine.knowledge.text_reader import TextDocument
from engine.types import SourceKind


class TextReader(Reader):
    """Reads `.txt`, `.text`, `.md` and `.markdown` files."""

    kind = SourceKind(
        kind="text",
        label="Text and Markdown files",
        suffixes=(".txt", ".text", ".md", ".markdown"),
    )

    def open(
        self, target: str, *, password: str | None = None, cancel: CancelToken | None = None
    ) -> Document:
        """Read, decode and section the whole file (in this process: decoding does not hang)."""
        return TextDocument(Path(target), cancel=cancel)
