"""Read a whole document through the reader registry, as tests need it: info, segments, report."""

from __future__ import annotations

from pathlib import Path

from engine.knowledge.documents import DocumentInfo, ExtractionReport, Segment
from engine.knowledge.readers import Reader, default_registry


def read_document(
    path: Path, *, password: str | None = None, reader: Reader | None = None
) -> tuple[DocumentInfo, list[Segment], ExtractionReport]:
    """Open `path` with `reader` (default: the app's reader for it) and read every segment."""
    chosen = reader or default_registry().reader_for(str(path))
    with chosen.open(str(path), password=password) as document:
        segments = list(document.segments())
        return document.info, segments, document.report()
