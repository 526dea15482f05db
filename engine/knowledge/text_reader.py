"""Read plain text and Markdown files into numbered sections that stand in for pages.

A text file has no pages, so a "page" here is a section of about 3,000 characters cut at a
paragraph boundary (or, for a Markdown file, preferably before a heading); sections are numbered
from 1 like PDF pages, and a citation "page 3" means the third such section. Files are read
in-process (decoding text is not the kind of work that hangs), with a size limit, decoded as
UTF-8 with fallbacks, and rejected when they look binary.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from engine.cancel import CancelToken
from engine.errors import DocumentError
from engine.knowledge.cleaning import clean_plain_text
from engine.knowledge.documents import Document, DocumentInfo, ExtractionReport, Segment

logger = logging.getLogger(__name__)

PAGE_CHARS = 3000
MAX_BYTES = 64 * 1024 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_HEADING = re.compile(r"^#{1,6} +(\S.*)$", re.MULTILINE)
_SENTENCE_END = re.compile(r"[.!?。！？](?=\s)|[。！？]")


def _binary(name: str) -> DocumentError:
    return DocumentError(
        f"{name} does not look like a text file (it holds binary data).",
        hint="Check that it really is a text file; its name may end in the wrong suffix.",
    )


def _decode(data: bytes, name: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data[:8192]:
        raise _binary(name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        wide = [char for char in text if ord(char) > 127]
        if wide and len(_CJK.findall(text)) * 2 > len(wide):
            return text
    except UnicodeDecodeError:
        pass
    logger.info("%s is not UTF-8; reading it as Windows-1252", name)
    return data.decode("cp1252", errors="replace")


def decode_text(data: bytes, name: str) -> str:
    """Decode untrusted bytes: BOM, else UTF-8, else GB18030 (Chinese), else Windows-1252.

    Raises:
        DocumentError: the data is binary (NUL bytes, or many control characters).
    """
    text = _decode(data, name)
    sample = text[:65536]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\n\r\f")
    if controls * 20 > len(sample):
        raise _binary(name)
    return text


def read_limited(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, refused when it is larger than `max_bytes`.

    Raises:
        DocumentError: the file cannot be read or is too large.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(
                f"{path.name} is too large to read as text ({size // (1024 * 1024)} MB; "
                f"the limit is {max_bytes // (1024 * 1024)} MB).",
                hint="Split it into smaller files.",
            )
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path.name} cannot be read ({exc.strerror or exc}).") from exc


def _cut_point(text: str, limit: int) -> int:
    """Where to cut an over-long paragraph: a line end, a sentence end, a space, or `limit`."""
    window = text[:limit]
    newline = window.rfind("\n")
    if newline >= limit // 2:
        return newline + 1
    ends = [match.end() for match in _SENTENCE_END.finditer(window)]
    if ends and ends[-1] >= limit // 2:
        return ends[-1]
    space = window.rfind(" ")
    return space + 1 if space >= limit // 2 else limit


def split_sections(text: str, page_chars: int = PAGE_CHARS) -> list[str]:
    """Cut text into sections of at most about `page_chars` characters at paragraph ends."""
    sections: list[str] = []
    current = ""
    for paragraph in re.split(r"\n{2,}", text):
        starts_heading = paragraph.startswith("#") and len(current) >= page_chars // 2
        if current and (starts_heading or len(current) + 2 + len(paragraph) > page_chars):
            sections.append(current)
            current = ""
        while len(paragraph) > page_chars:
            cut = _cut_point(paragraph, page_chars)
            sections.append(paragraph[:cut].strip())
            paragraph = paragraph[cut:].strip()
        current = f"{current}\n\n{paragraph}" if current else paragraph
    if current or not sections:
        sections.append(current)
    return sections


def _title(text: str, path: Path) -> str:
    if path.suffix.lower() in (".md", ".markdown"):
        heading = _HEADING.search(text[:5000])
        if heading:
            return heading.group(1).strip().strip("#").strip()[:200]
    return path.stem


class TextDocument(Document):
    """A text or Markdown file, decoded, cleaned and cut into sections when it is opened."""

    def __init__(
        self,
        path: Path,
        *,
        cancel: CancelToken | None = None,
        page_chars: int = PAGE_CHARS,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        text = clean_plain_text(decode_text(read_limited(path, max_bytes), path.name))
        self._sections = split_sections(text, page_chars)
        self._cancel = cancel
        self.info = DocumentInfo(page_count=len(self._sections), title=_title(text, path))

    def segments(self) -> Iterator[Segment]:
        """Each section as a numbered page."""
        for number, section in enumerate(self._sections, start=1):
            if self._cancel is not None:
                self._cancel.raise_if_cancelled()
            yield Segment(number=number, text=section)

    def report(self) -> ExtractionReport:
        """Sections with no text count as blank pages."""
        blank = tuple(n for n, section in enumerate(self._sections, start=1) if not section.strip())
        return ExtractionReport(
            page_count=len(self._sections), scanned_pages=(), failed_pages=(), blank_pages=blank
        )
