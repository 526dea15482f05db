"""The reader registry: every kind of source Lanthorn can read, and which reader takes a target.

(Placeholder while the registry is built: the kinds of today's readers.)
"""

from __future__ import annotations

from engine.types import SourceKind

_KINDS = (
    SourceKind("pdf", "PDF documents", (".pdf",)),
    SourceKind("text", "Text and Markdown files", (".txt", ".text", ".md", ".markdown")),
)


def kinds() -> tuple[SourceKind, ...]:
    """Every kind of source that can be added, in the order a file dialog lists them."""
    return _KINDS
