"""The second PDF parser: PDFium (through pypdfium2) for files and pages that pypdf gives up on.

PDFium is the parser of Chrome's PDF viewer and repairs what viewers repair. Of the bad files
in the shared test data, pypdf cannot open PDFBOX-3148-2-fuzzed (an unreadable trailer) and
fails 14 of the 16 pages of poppler-90-0-fuzzed; PDFium opens the first and reads text on
three of those pages. It runs in the same child process as pypdf, so the same address-space
cap and time limits hold: PDFium is C++, and when an allocation fails under the cap it aborts
the process, which the parent reports as it reports any crash of the reader.

Only the child process imports this module (pypdfium2 loads a native library).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

from engine.knowledge.pdf_forms import HIDDEN_FLAGS, Mark

_TEXT_FIELD_TYPES = (6, 4, 5)  # FPDF_FORMFIELD_TEXTFIELD, _COMBOBOX, _LISTBOX
_MAX_VALUE_BYTES = 1 << 20


class PdfiumDocument:
    """An open document: page count, title, and each page's text, images and marks."""

    def __init__(self, source: str | bytes, password: str | None) -> None:
        import pypdfium2 as pdfium

        self._pdf = pdfium.PdfDocument(source, password=password)
        self._pdf.init_forms()  # must come before the first page is loaded

    @property
    def page_count(self) -> int:
        """Pages in the document."""
        return len(self._pdf)

    def title(self) -> str:
        """The document information's title, or ""."""
        return str(self._pdf.get_metadata_value("Title"))

    def page(self, index: int) -> tuple[str, bool, list[Mark]]:
        """One page (0-based): its text, whether it draws an image, its field values."""
        import pypdfium2.raw as raw

        page = self._pdf[index]
        try:
            textpage = page.get_textpage()
            try:
                text = str(textpage.get_text_range())
            finally:
                textpage.close()
            images = not text.strip() and any(
                True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=4)
            )
            return text, images, self._marks(page)
        finally:
            page.close()

    def close(self) -> None:
        """Free PDFium's copy of the document."""
        self._pdf.close()

    def _marks(self, page: Any) -> list[Mark]:
        import pypdfium2.raw as raw

        found: list[Mark] = []
        for index in range(raw.FPDFPage_GetAnnotCount(page)):
            annot = raw.FPDFPage_GetAnnot(page, index)
            if not annot:
                continue
            try:
                mark = self._mark(annot)
            finally:
                raw.FPDFPage_CloseAnnot(annot)
            if mark is not None and mark not in found:
                found.append(mark)
        return found

    def _mark(self, annot: Any) -> Mark | None:
        import pypdfium2.raw as raw

        if raw.FPDFAnnot_GetFlags(annot) & HIDDEN_FLAGS:
            return None
        subtype = raw.FPDFAnnot_GetSubtype(annot)
        if subtype == raw.FPDF_ANNOT_FREETEXT:
            text = _wide(
                lambda buf, size: raw.FPDFAnnot_GetStringValue(annot, b"Contents", buf, size)
            )
            return ("note", "", text) if text.strip() else None
        form = self._pdf.formenv
        if subtype != raw.FPDF_ANNOT_WIDGET or form is None:
            return None
        if raw.FPDFAnnot_GetFormFieldType(form, annot) not in _TEXT_FIELD_TYPES:
            return None
        text = _wide(lambda buf, size: raw.FPDFAnnot_GetFormFieldValue(form, annot, buf, size))
        if not text.strip():
            return None
        name = _wide(
            lambda buf, size: raw.FPDFAnnot_GetFormFieldAlternateName(form, annot, buf, size)
        ) or _wide(lambda buf, size: raw.FPDFAnnot_GetFormFieldName(form, annot, buf, size))
        return ("field", name, text)


def _wide(get: Callable[[Any, int], int]) -> str:
    """Call a PDFium getter that fills a UTF-16 buffer: once for the size, once for the text."""
    size = int(get(None, 0))
    if size <= 2 or size > _MAX_VALUE_BYTES:
        return ""
    buffer = (ctypes.c_ushort * (size // 2))()
    get(buffer, size)
    return bytes(buffer)[: size - 2].decode("utf-16-le", errors="replace")
