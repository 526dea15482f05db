"""The reader registry: every kind of source Lanthorn can read, and which reader takes a target.

Each reader is one module (`pdf`, `text`, `subtitles`) declaring its `SourceKind` (kind, label,
suffixes, URL patterns, timed) and opening a target as a `Document` of located segments. The
default registry lists them in the order a file dialog shows them; the pipeline, the CLI and
(through `engine.knowledge.kinds()`) the desktop's file dialog and drop filter all read it.
"""

from __future__ import annotations

from functools import cache

from engine.knowledge.readers.base import Identity, Reader, display_name, is_link
from engine.knowledge.readers.pdf import PdfReader
from engine.knowledge.readers.registry import Registry
from engine.knowledge.readers.subtitles import SubtitleReader
from engine.knowledge.readers.text import TextReader
from engine.types import SourceKind

__all__ = ["Identity", "Reader", "Registry", "default_registry", "display_name", "is_link", "kinds"]


@cache
def default_registry() -> Registry:
    """The readers of the app: PDF documents, text and Markdown files, subtitles."""
    return Registry([PdfReader(), TextReader(), SubtitleReader()])


def kinds() -> tuple[SourceKind, ...]:
    """Every kind of source that can be added, in the order a file dialog lists them."""
    return default_registry().kinds()
